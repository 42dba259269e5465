/*
 * test_dedupe.c - unit tests of the merging of indicators (kq_ioc_set_dedupe in
 * src/hunt/indicator.c): one IP that three feed records name with two malware families, three
 * ports, two threat types and overlapping tags keeps all of them, the earliest first sighting
 * with that record's id, reference and port, and is written so in ThreatIntelligenceIndicator;
 * the expiry of a merged indicator runs from its latest sighting.
 */
#include "base/datetime.h"
#include "check.h"
#include "hunt/hunt.h"

#include <stdlib.h>

static int64_t day(int d)
{
    int64_t t = 0;
    kq_dt_from_civil(2026, 4, d, 0, 0, 0, 0, &t);
    return t;
}

static void add(kq_ioc_set *s, const char *value, const char *family, const char *threat, const char *tags,
                int64_t first_seen, const char *id)
{
    kq_indicator meta = {.threat_type = threat, .malware = family, .tags = tags, .description = "", .tlp = "",
                         .confidence = 75, .first_seen = first_seen};
    char reference[64];
    snprintf(reference, sizeof reference, "https://threatfox.abuse.ch/ioc/%s/", id);
    kq_ioc_source src = {"threatfox.json", 1, "ThreatFox", reference, id};
    CHECK(kq_ioc_set_add(s, KQ_IOC_NONE, value, strlen(value), &meta, &src));
}

static void test_merge(void)
{
    kq_ioc_set s;
    kq_ioc_set_init(&s);
    add(&s, "43.139.108.161:40010", "VShell", "botnet_cc", "vshell", day(23), "1855978");
    add(&s, "43.139.108.161:22", "Cobalt Strike", "botnet_cc", "cobaltstrike", day(20), "1855903");
    add(&s, "43.139.108.161:8192", "cobalt strike", "payload_delivery", "BEACON,CobaltStrike", day(6), "1781907");
    add(&s, "43.139.108.161:22", "VShell", "botnet_cc", "", day(25), "1855999");
    kq_ioc_set_dedupe(&s);
    CHECK_EQ_INT(s.n, 1);
    CHECK_EQ_INT(s.duplicates, 3);
    const kq_indicator *ioc = &s.items[0];
    CHECK_EQ_INT(ioc->nfamilies, 2);
    CHECK_EQ_STR(ioc->malware, "VShell, Cobalt Strike");
    CHECK(kq_ioc_has_family(ioc, "VShell"));
    CHECK(kq_ioc_has_family(ioc, "COBALT STRIKE"));
    CHECK(!kq_ioc_has_family(ioc, "Vidar"));
    CHECK(!kq_ioc_has_family(ioc, ""));
    CHECK_EQ_INT(ioc->nports, 3);
    CHECK_EQ_INT(ioc->ports[0], 40010);
    CHECK_EQ_INT(ioc->ports[1], 22);
    CHECK_EQ_INT(ioc->ports[2], 8192);
    CHECK_EQ_STR(ioc->threat_type, "botnet_cc, payload_delivery");
    CHECK_EQ_STR(ioc->tags, "vshell,cobaltstrike,BEACON");
    /* the earliest record gives the first sighting, the id, the reference and the port */
    CHECK_EQ_INT(ioc->first_seen, day(6));
    CHECK_EQ_INT(ioc->nsources, 4);
    CHECK_EQ_STR(ioc->sources[ioc->primary].external_id, "1781907");
    CHECK_EQ_INT(ioc->port, 8192);

    char *row = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&row, &len);
    CHECK_EQ_INT(kq_tii_write(f, &s, day(30)), 0);
    fclose(f);
    CHECK(strstr(row, "\"MalwareNames\":\"[\\\"VShell\\\",\\\"Cobalt Strike\\\"]\""));
    CHECK(strstr(row, "\"ExternalIndicatorId\":\"1781907\""));
    CHECK(strstr(row, "\"AdditionalInformation\":\"https://threatfox.abuse.ch/ioc/1781907/\""));
    CHECK(strstr(row, "\"TimeGenerated\":\"2026-04-06T00:00:00.0000000Z\""));
    CHECK(strstr(row, "\"NetworkPort\":8192"));
    free(row);
    kq_ioc_set_free(&s);
}

/* without dates the first record stays primary; an indicator of no family is of the family "" */
static void test_undated(void)
{
    kq_ioc_set s;
    kq_ioc_set_init(&s);
    add(&s, "evil.example.com", "", "", "", 0, "1");
    add(&s, "evil.example.com", "", "", "", 0, "2");
    kq_ioc_set_dedupe(&s);
    CHECK_EQ_INT(s.n, 1);
    CHECK_EQ_STR(s.items[0].sources[s.items[0].primary].external_id, "1");
    CHECK_EQ_INT(s.items[0].nfamilies, 0);
    CHECK_EQ_STR(s.items[0].malware, "");
    CHECK(kq_ioc_has_family(&s.items[0], ""));
    kq_ioc_set_free(&s);
}

/* the default expiry runs from the latest sighting of any merged record, even when the later
 * record only gives a first sighting; of explicit expiries the latest is kept */
static void test_expiry(void)
{
    kq_ioc_set s;
    kq_ioc_set_init(&s);
    add(&s, "m1.example-bad.com", "", "", "", day(1), "1");
    add(&s, "m1.example-bad.com", "", "", "", day(20), "2");
    kq_indicator meta = {.threat_type = "", .malware = "", .tags = "", .description = "", .tlp = "",
                         .confidence = -1, .first_seen = day(2), .expires = day(10)};
    CHECK(kq_ioc_set_add(&s, KQ_IOC_NONE, "x.example-bad.com", 17, &meta, NULL));
    meta.expires = day(28);
    CHECK(kq_ioc_set_add(&s, KQ_IOC_NONE, "x.example-bad.com", 17, &meta, NULL));
    meta.expires = 0;
    CHECK(kq_ioc_set_add(&s, KQ_IOC_NONE, "x.example-bad.com", 17, &meta, NULL));
    kq_ioc_set_dedupe(&s);
    CHECK_EQ_INT(s.n, 2);
    CHECK_EQ_INT(s.items[0].first_seen, day(1));
    CHECK_EQ_INT(s.items[0].last_seen, day(20));
    CHECK_EQ_INT(s.items[1].expires, day(28));
    kq_ioc_set_default_expiry(&s, day(30), day(5) - day(1));
    CHECK_EQ_INT(s.items[0].expires, day(24));
    CHECK_EQ_INT(s.items[1].expires, day(28));
    kq_ioc_set_free(&s);
}

int main(void)
{
    test_merge();
    test_undated();
    test_expiry();
    return check_report("dedupe");
}
