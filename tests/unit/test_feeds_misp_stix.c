/*
 * test_feeds_misp_stix.c - unit tests of the MISP and STIX 2.1 importers (src/hunt/feed_misp.c,
 * src/hunt/feed_stix.c): the hand-made samples tests/data/ioc/misp_event_small.json and
 * stix_small.json, a MISP feed directory built on the fly, hostile input (truncated JSON, NUL
 * bytes, wrong field types, huge and deeply nested patterns), and the real samples under
 * ../shared/data/ioc/ when that directory exists. The expected counts and fields of the real
 * samples were computed independently from the JSON files.
 */
#include "base/buf.h"
#include "base/datetime.h"
#include "hunt/feed.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHARED_IOC "../shared/data/ioc/"

static char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, len = 0, got;
    char *text = malloc(cap + 1);
    while ((got = fread(text + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) text = realloc(text, (cap *= 2) + 1);
    }
    fclose(f);
    text[len] = 0;
    *n = len;
    return text;
}

/* One importer run: the set it filled, its stats and its error. */
typedef struct run {
    kq_ioc_set set;
    kq_feed_stats st;
    kq_error err;
    int rc;
} run;

typedef int (*importer)(kq_ioc_set *, const char *, const char *, size_t, kq_feed_stats *, kq_error *);

static void run_text(run *r, importer fn, const char *path, const char *text, size_t n)
{
    kq_ioc_set_init(&r->set);
    memset(&r->st, 0, sizeof r->st);
    memset(&r->err, 0, sizeof r->err);
    r->rc = fn(&r->set, path, text, n, &r->st, &r->err);
}

static bool run_file(run *r, importer fn, const char *path)
{
    size_t n;
    char *text = read_file(path, &n);
    if (!text) {
        fprintf(stderr, "cannot read %s\n", path);
        check_failed++;
        return false;
    }
    run_text(r, fn, path, text, n);
    free(text);
    return true;
}

static void run_free(run *r)
{
    kq_ioc_set_free(&r->set);
}

static int64_t ticks(const char *iso)
{
    int64_t t = 0;
    if (!kq_dt_parse(iso, strlen(iso), &t)) fprintf(stderr, "bad test datetime %s\n", iso);
    return t;
}

static const kq_indicator *find_ioc(const kq_ioc_set *s, kq_ioc_type type, const char *value)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->items[i].type == type && strcmp(s->items[i].value, value) == 0) return &s->items[i];
    return NULL;
}

static size_t count_type(const kq_ioc_set *s, kq_ioc_type type)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) n += s->items[i].type == type;
    return n;
}

static const kq_ioc_reject *find_reject(const kq_ioc_set *s, const char *value)
{
    for (size_t i = 0; i < s->nrejects; i++)
        if (strcmp(s->rejects[i].value, value) == 0) return &s->rejects[i];
    return NULL;
}

static size_t count_reason(const kq_ioc_set *s, const char *reason)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nrejects; i++) n += strcmp(s->rejects[i].reason, reason) == 0;
    return n;
}

/* records, indicators, rejected, skipped; every reject is counted once as rejected or skipped */
#define CHECK_STATS(r, records_, indicators_, rejected_, skipped_)       \
    do {                                                                 \
        CHECK_EQ_INT((r)->rc, 0);                                        \
        CHECK_EQ_INT((r)->st.records, records_);                         \
        CHECK_EQ_INT((r)->st.indicators, indicators_);                   \
        CHECK_EQ_INT((r)->st.rejected, rejected_);                       \
        CHECK_EQ_INT((r)->st.skipped, skipped_);                         \
        CHECK_EQ_INT((r)->set.n, indicators_);                           \
        CHECK_EQ_INT((r)->set.nrejects, (rejected_) + (skipped_));       \
    } while (0)

/* The source fields of an indicator's only report. */
#define CHECK_SOURCE(ioc, file_, line_, provider_, reference_, id_)    \
    do {                                                               \
        CHECK_EQ_INT((ioc)->nsources, 1);                              \
        CHECK_EQ_STR((ioc)->sources[0].feed_file, file_);              \
        CHECK_EQ_INT((ioc)->sources[0].feed_line, line_);              \
        CHECK_EQ_STR((ioc)->sources[0].provider, provider_);           \
        CHECK_EQ_STR((ioc)->sources[0].reference, reference_);         \
        CHECK_EQ_STR((ioc)->sources[0].external_id, id_);              \
    } while (0)

#define CHECK_REJECT(set_, value_, line_, reason_)                     \
    do {                                                               \
        const kq_ioc_reject *rj_ = find_reject(set_, value_);          \
        CHECK(rj_ != NULL);                                            \
        if (rj_) {                                                     \
            CHECK_EQ_INT(rj_->feed_line, line_);                       \
            CHECK_EQ_STR(rj_->reason, reason_);                        \
        }                                                              \
    } while (0)

/* ---- hand-made samples ---- */

#define MISP_SMALL "tests/data/ioc/misp_event_small.json"
#define STIX_SMALL "tests/data/ioc/stix_small.json"

static void test_misp_small(void)
{
    run r;
    if (!run_file(&r, kq_feed_misp_event, MISP_SMALL)) return;
    CHECK_STATS(&r, 23, 12, 4, 10);
    CHECK_EQ_INT(r.st.format, KQ_FEED_MISP);
    const char *event_tags = "Example CERT,misp-galaxy:threat-actor=\"Cobalt Example\","
                             "misp-galaxy:malpedia=\"Win.EvilLoader\",campaign-2023";
    const char *link = "https://cert.example.org/reports/evil-campaign";

    const kq_indicator *d = find_ioc(&r.set, KQ_IOC_DOMAIN, "bad-updates.top");
    CHECK(d != NULL);
    if (d) {
        CHECK_EQ_STR(d->malware, "Win.EvilLoader"); /* malware galaxy beats the threat actor */
        CHECK_EQ_STR(d->tlp, "amber");
        CHECK_EQ_STR(d->tags, event_tags);
        CHECK_EQ_STR(d->description, "Evil campaign against example targets");
        CHECK_EQ_INT(d->confidence, -1);
        CHECK_EQ_INT(d->first_seen, ticks("2023-11-14T22:13:20Z")); /* timestamp 1700000000 */
        CHECK_EQ_INT(d->port, 0);
        CHECK(!d->revoked);
        CHECK_SOURCE(d, MISP_SMALL, 34, "MISP: Example CERT", link, "a0000000-0000-4000-8000-000000000001");
    }
    /* to_ids "1", defanged */
    const kq_indicator *u = find_ioc(&r.set, KQ_IOC_URL, "http://bad-updates.top/gate.php");
    CHECK(u != NULL);
    if (u) CHECK_EQ_INT(u->sources[0].feed_line, 44);
    const kq_indicator *ip = find_ioc(&r.set, KQ_IOC_IPV4, "185.220.101.4");
    CHECK(ip != NULL);
    if (ip) {
        CHECK_EQ_INT(ip->port, 8443);
        CHECK_EQ_INT(ip->sources[0].feed_line, 54);
    }
    /* domain|ip and filename|sha256: two indicators, one record */
    const kq_indicator *dom = find_ioc(&r.set, KQ_IOC_DOMAIN, "cdn-bad-updates.top");
    const kq_indicator *dip = find_ioc(&r.set, KQ_IOC_IPV4, "45.142.212.61");
    CHECK(dom != NULL && dip != NULL);
    if (dom && dip) {
        CHECK_EQ_INT(dom->sources[0].feed_line, 64);
        CHECK_EQ_INT(dip->sources[0].feed_line, 64);
        CHECK_EQ_STR(dip->sources[0].external_id, "a0000000-0000-4000-8000-000000000004");
    }
    const kq_indicator *fname = find_ioc(&r.set, KQ_IOC_FILENAME, "loader.dll");
    const kq_indicator *fhash =
        find_ioc(&r.set, KQ_IOC_SHA256, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    CHECK(fname != NULL && fhash != NULL);
    if (fname && fhash) CHECK_EQ_INT(fhash->sources[0].feed_line, 74);
    CHECK(fname < fhash); /* in the order of the value */
    const kq_indicator *host = find_ioc(&r.set, KQ_IOC_DOMAIN, "c2.bad-updates.top");
    CHECK(host != NULL);
    if (host) CHECK_EQ_INT(host->port, 443);
    CHECK(find_ioc(&r.set, KQ_IOC_EMAIL, "Phisher@bad-updates.top") != NULL);
    /* the attribute's own tags: tlp:green and a malware galaxy override the event's */
    const kq_indicator *md5 = find_ioc(&r.set, KQ_IOC_MD5, "5d41402abc4b2a76b9719d911017c592");
    CHECK(md5 != NULL);
    if (md5) {
        CHECK_EQ_STR(md5->malware, "Win.OtherRAT");
        CHECK_EQ_STR(md5->tlp, "green");
        CHECK_EQ_STR(md5->tags, "Example CERT,misp-galaxy:threat-actor=\"Cobalt Example\","
                                "misp-galaxy:malpedia=\"Win.EvilLoader\",campaign-2023,"
                                "misp-galaxy:malpedia=\"Win.OtherRAT\",dropper");
        CHECK_EQ_INT(md5->first_seen, ticks("2023-10-01T08:00:00Z")); /* first_seen beats timestamp */
        CHECK_EQ_INT(md5->sources[0].feed_line, 185);
    }
    /* attributes of an object */
    const kq_indicator *obj =
        find_ioc(&r.set, KQ_IOC_SHA256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(obj != NULL);
    if (obj) CHECK_SOURCE(obj, MISP_SMALL, 256, "MISP: Example CERT", link, "c0000000-0000-4000-8000-000000000001");
    const kq_indicator *objname = find_ioc(&r.set, KQ_IOC_FILENAME, "invoice.pdf.exe");
    CHECK(objname != NULL);
    if (objname) CHECK_EQ_INT(objname->sources[0].feed_line, 266);

    CHECK_REJECT(&r.set, link, 84, "to_ids is false (context, not for detection; --misp-context hunts it)");
    CHECK_REJECT(&r.set, "Global\\EvilLoaderMutex", 94, "MISP type 'mutex' is not hunted");
    CHECK_REJECT(&r.set, "deleted-bad.top", 114, "MISP attribute is deleted");
    CHECK_REJECT(&r.set, "context-only.top", 125, "to_ids is false (context, not for detection; --misp-context hunts it)");
    CHECK_REJECT(&r.set, "no-flag.top", 135, "to_ids is missing (context, not for detection; --misp-context hunts it)");
    CHECK_REJECT(&r.set, "d41d8cd98f00b204e9800998ecf8427", 164, "hash of unknown length 31");
    CHECK_REJECT(&r.set, "185.220.101.5|http", 218, "invalid port in MISP value");
    CHECK_REJECT(&r.set, "CVE-2023-4966", 228, "MISP type 'vulnerability' is not hunted");
    CHECK_REJECT(&r.set, "odd-flag.top", 238, "to_ids is not a boolean (context, not for detection)");
    CHECK_REJECT(&r.set, "withdrawn.top", 294, "MISP object is deleted");
    CHECK_EQ_INT(count_reason(&r.set, "to_ids is false (context, not for detection; --misp-context hunts it)"), 4);
    CHECK_EQ_INT(count_reason(&r.set, "MISP attribute is not a JSON object"), 1);
    CHECK_EQ_INT(count_reason(&r.set, "MISP attribute has no text value"), 1);
    run_free(&r);
}

static void test_stix_small(void)
{
    run r;
    if (!run_file(&r, kq_feed_stix, STIX_SMALL)) return;
    CHECK_STATS(&r, 19, 13, 3, 10);
    CHECK_EQ_INT(r.st.format, KQ_FEED_STIX);

    const kq_indicator *d = find_ioc(&r.set, KQ_IOC_DOMAIN, "evil-rat.top");
    CHECK(d != NULL);
    if (d) {
        CHECK_EQ_STR(d->malware, "EvilRAT");
        CHECK_EQ_STR(d->tlp, "green"); /* the TLP 1.0 id, no marking object in the bundle */
        CHECK_EQ_STR(d->tags, "c2,evilrat");
        CHECK_EQ_STR(d->description, "EvilRAT command and control");
        CHECK_EQ_INT(d->confidence, 80);
        CHECK_EQ_INT(d->first_seen, ticks("2024-03-01T10:00:00Z"));
        CHECK_EQ_INT(d->expires, ticks("2024-06-01T00:00:00Z"));
        CHECK(!d->revoked);
        CHECK_SOURCE(d, STIX_SMALL, 36, "STIX: Example Intel", "https://intel.example.org/evilrat",
                     "indicator--00000000-0000-4000-8000-000000000001");
    }
    /* OR inside one bracket; a CIDR; the escaped quote; TLP 2.0 marking; "related-to" is no malware */
    const kq_indicator *cidr = find_ioc(&r.set, KQ_IOC_CIDR, "45.142.212.0/24");
    const kq_indicator *url = find_ioc(&r.set, KQ_IOC_URL, "http://evil-rat.top/it's");
    CHECK(cidr != NULL && url != NULL);
    if (cidr && url) {
        CHECK_EQ_STR(cidr->tlp, "amber");
        CHECK_EQ_STR(cidr->malware, "");
        CHECK_EQ_INT(url->sources[0].feed_line, 68);
        CHECK_EQ_STR(url->sources[0].provider, "STIX: Example Intel");
    }
    /* OR-ed observations in parentheses, hash names in every spelling */
    const kq_indicator *sha256 =
        find_ioc(&r.set, KQ_IOC_SHA256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256 != NULL);
    if (sha256) {
        CHECK_EQ_STR(sha256->malware, "EvilRAT");
        CHECK_SOURCE(sha256, STIX_SMALL, 86, "STIX: stix_small.json", "",
                     "indicator--00000000-0000-4000-8000-000000000003");
    }
    CHECK(find_ioc(&r.set, KQ_IOC_MD5, "d41d8cd98f00b204e9800998ecf8427e") != NULL);
    CHECK(find_ioc(&r.set, KQ_IOC_SHA1, "da39a3ee5e6b4b0d3255bfef95601890afd80709") != NULL);
    /* revoked: still added; the name stands in for a missing description */
    const kq_indicator *revoked = find_ioc(&r.set, KQ_IOC_EMAIL, "ops@evil-rat.top");
    CHECK(revoked != NULL);
    if (revoked) {
        CHECK(revoked->revoked);
        CHECK_EQ_STR(revoked->description, "old sender");
        CHECK_EQ_INT(revoked->sources[0].feed_line, 114);
    }
    CHECK(find_ioc(&r.set, KQ_IOC_DOMAIN, "ok.evil-rat.top") != NULL);
    CHECK(find_ioc(&r.set, KQ_IOC_FILENAME, "evilrat.exe") != NULL);
    CHECK(find_ioc(&r.set, KQ_IOC_FILENAME, "invoice.pdf.exe") != NULL);
    CHECK(find_ioc(&r.set, KQ_IOC_EMAIL, "boss@evil-rat.top") != NULL);
    CHECK(find_ioc(&r.set, KQ_IOC_IPV6, "2a03:2880:f10c:83:face:b00c:0:25de") != NULL);
    const kq_indicator *untyped = find_ioc(&r.set, KQ_IOC_DOMAIN, "no-type.evil-rat.top");
    CHECK(untyped != NULL);
    if (untyped) CHECK_EQ_INT(untyped->sources[0].feed_line, 307);

    CHECK_REJECT(&r.set, "[domain-name:value = 'a.evil-rat.top' AND url:value = 'http://a.evil-rat.top/']", 100,
                 "STIX pattern uses AND: kq hunts only equality and OR");
    CHECK_REJECT(&r.set, "com.evil.rat", 130, "object path 'app:id' is not hunted");
    CHECK_REJECT(&r.set, "HKLM\\Software\\Evil", 144, "object path 'windows-registry-key:key' is not hunted");
    CHECK_REJECT(&r.set, "rule evil { condition: true }", 158, "STIX pattern_type 'yara' is not hunted");
    CHECK_REJECT(&r.set, "[domain-name:value = 'x.top'] FOLLOWEDBY [url:value = 'http://x.top/']", 172,
                 "STIX pattern uses FOLLOWEDBY: kq hunts only equality and OR");
    CHECK_REJECT(&r.set, "[url:value MATCHES '^http://evil']", 186,
                 "STIX pattern uses MATCHES: kq hunts only equality and OR");
    CHECK_REJECT(&r.set, "[ipv4-addr:value != '10.0.0.1']", 200, "STIX pattern uses !=: kq hunts only equality and OR");
    CHECK_REJECT(&r.set, "[domain-name:value = 'slow.top'] WITHIN 300 SECONDS", 214,
                 "STIX pattern uses WITHIN: kq hunts only equality and OR");
    CHECK_REJECT(&r.set, "[domain-name:value = 'unterminated.top]", 228,
                 "STIX pattern is malformed: expected a quoted value after '='");
    CHECK_REJECT(&r.set, "[domain-name:value NOT = 'x.top']", 279, "STIX pattern uses NOT: kq hunts only equality and OR");
    CHECK_REJECT(&r.set, "[network-traffic:dst_port = 443]", 293,
                 "STIX pattern compares with 443: kq hunts only text values");
    CHECK_EQ_INT(count_reason(&r.set, "STIX indicator has no pattern"), 1);
    CHECK_EQ_INT(count_reason(&r.set, "STIX object is not a JSON object"), 1);
    run_free(&r);
}

/* ---- a MISP feed directory ---- */

static bool write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    fputs(text, f);
    return fclose(f) == 0;
}

static void test_misp_dir(void)
{
    char dir[] = "/tmp/kq-misp-feed-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp failed");
        return;
    }
    char manifest[64], present[96];
    snprintf(manifest, sizeof manifest, "%s/manifest.json", dir);
    snprintf(present, sizeof present, "%s/0b1e7d2c-1111-4222-8333-944455556666.json", dir);
    CHECK(write_text(manifest, "{\n"
                               "  \"0b1e7d2c-1111-4222-8333-944455556666\": {\"info\": \"present\"},\n"
                               "  \"9f000000-0000-4000-8000-000000000000\": {\"info\": \"missing\"},\n"
                               "  \"../escape\": {\"info\": \"not a uuid\"}\n"
                               "}\n"));
    CHECK(write_text(present, "{\"Event\":{\"info\":\"Feed event\",\"date\":\"2024-05-01\",\"Orgc\":{\"name\":\"Feed Org\"},\n"
                              "\"Attribute\":[\n"
                              "{\"uuid\":\"u1\",\"type\":\"domain\",\"to_ids\":true,\"value\":\"feed-evil.top\"},\n"
                              "{\"uuid\":\"u2\",\"type\":\"domain\",\"to_ids\":false,\"value\":\"feed-context.top\"}]}}\n"));
    kq_ioc_set s;
    kq_ioc_set_init(&s);
    kq_feed_stats st = {0};
    kq_error err = {0};
    CHECK_EQ_INT(kq_feed_misp_dir(&s, dir, &st, &err), 0);
    CHECK_EQ_INT(st.records, 2);
    CHECK_EQ_INT(st.indicators, 1);
    CHECK_EQ_INT(st.skipped, 1);
    CHECK_EQ_INT(st.rejected, 1); /* the key that is no uuid; a missing file is no rejected value */
    const kq_indicator *d = find_ioc(&s, KQ_IOC_DOMAIN, "feed-evil.top");
    CHECK(d != NULL);
    if (d) {
        CHECK_EQ_STR(d->sources[0].feed_file, present);
        CHECK_EQ_INT(d->sources[0].feed_line, 3);
        CHECK_EQ_STR(d->sources[0].provider, "MISP: Feed Org");
        CHECK_EQ_STR(d->malware, ""); /* no galaxy, no tag: no family (the event's info is not one) */
        CHECK_EQ_STR(d->description, "Feed event");
        CHECK_EQ_INT(d->first_seen, ticks("2024-05-01T00:00:00Z")); /* no timestamp: Event.date */
    }
    /* an event file the manifest lists but the directory lacks is counted apart, and named */
    char absent[96];
    snprintf(absent, sizeof absent, "%s/9f000000-0000-4000-8000-000000000000.json", dir);
    CHECK(find_reject(&s, "9f000000-0000-4000-8000-000000000000") == NULL);
    CHECK_EQ_INT(st.missing_files, 1);
    CHECK_EQ_STR(st.first_missing ? st.first_missing : "(null)", absent);
    CHECK_EQ_INT(s.nrejects, 2);
    CHECK_REJECT(&s, "../escape", 4, "manifest key is not an event uuid");
    kq_ioc_set_free(&s);

    /* a broken event file is an error naming that file */
    CHECK(write_text(present, "{\"Event\":{\n\"Attribute\":[\n"));
    kq_ioc_set_init(&s);
    CHECK_EQ_INT(kq_feed_misp_dir(&s, dir, &st, &err), KQ_ERR_INPUT);
    CHECK_EQ_STR(err.file, present);
    CHECK_EQ_INT(err.file_line, 3);
    kq_ioc_set_free(&s);

    unlink(present);
    unlink(manifest);
    /* no manifest */
    kq_ioc_set_init(&s);
    CHECK_EQ_INT(kq_feed_misp_dir(&s, dir, NULL, &err), KQ_ERR_INPUT);
    CHECK_EQ_STR(err.file, manifest);
    kq_ioc_set_free(&s);
    rmdir(dir);
}

/* ---- hostile input ---- */

static void test_misp_hostile(void)
{
    run r;
    /* truncated: the error names the file and the line where the text ends */
    const char *truncated = "{\n  \"Event\": {\n    \"info\": \"x\",\n    \"Attribute\": [\n      {\"type\": \"dom";
    run_text(&r, kq_feed_misp_event, "cut.json", truncated, strlen(truncated));
    CHECK_EQ_INT(r.rc, KQ_ERR_INPUT);
    CHECK_EQ_INT(r.err.code, KQ_ERR_INPUT);
    CHECK_EQ_STR(r.err.file, "cut.json");
    CHECK_EQ_INT(r.err.file_line, 5);
    run_free(&r);

    /* a raw NUL byte is not JSON */
    const char nul[] = "{\"Event\":{\"info\":\"a\0b\",\"Attribute\":[]}}";
    run_text(&r, kq_feed_misp_event, "nul.json", nul, sizeof nul - 1);
    CHECK_EQ_INT(r.rc, KQ_ERR_INPUT);
    CHECK_EQ_INT(r.err.file_line, 1);
    run_free(&r);

    /* an escaped NUL inside a value reaches the normaliser, which rejects it */
    const char *escaped_nul = "{\"Event\":{\"Attribute\":[{\"type\":\"domain\",\"to_ids\":true,\"value\":\"evil\\u0000.top\"}]}}";
    run_text(&r, kq_feed_misp_event, "nul2.json", escaped_nul, strlen(escaped_nul));
    CHECK_STATS(&r, 1, 0, 1, 0);
    run_free(&r);

    /* wrong types everywhere: nothing crashes, every record is accounted for */
    const char *wrong = "{\"Event\":{\"info\":5,\"Orgc\":\"ESET\",\"Tag\":\"tlp:red\",\"Galaxy\":{},\"date\":7,"
                        "\"Attribute\":{\"a\":1},"
                        "\"Object\":[5,{\"Attribute\":\"x\"},"
                        "{\"deleted\":\"1\",\"Attribute\":[{\"type\":\"domain\",\"to_ids\":\"1\",\"value\":\"a.top\"}]},"
                        "{\"Attribute\":[{\"type\":[\"domain\"],\"to_ids\":1,\"value\":\"b.top\"},"
                        "{\"type\":\"domain\",\"to_ids\":1,\"value\":42},"
                        "{\"type\":\"domain\",\"to_ids\":1,\"value\":\"c.top\",\"timestamp\":\"soon\",\"Tag\":{\"name\":1}},"
                        "{\"type\":\"ip-dst|port\",\"to_ids\":1,\"value\":\"1.2.3.4\"},"
                        "{\"type\":\"domain|ip\",\"to_ids\":1,\"value\":\"|\"}]}]}}";
    run_text(&r, kq_feed_misp_event, "wrong.json", wrong, strlen(wrong));
    /* records: a.top, b.top, 42, c.top, 1.2.3.4, "|"; rejects: Attribute not an array, object 5, no type,
     * no text value, no '|', two empty halves of "|"; skipped: the deleted object */
    CHECK_STATS(&r, 6, 1, 7, 1);
    const kq_indicator *c = find_ioc(&r.set, KQ_IOC_DOMAIN, "c.top");
    CHECK(c != NULL);
    if (c) {
        CHECK_EQ_STR(c->sources[0].provider, "MISP");
        CHECK_EQ_STR(c->malware, "");
        CHECK_EQ_STR(c->description, "");
        CHECK_EQ_INT(c->first_seen, 0);
    }
    CHECK_EQ_INT(count_reason(&r.set, "MISP Event.Attribute is not an array"), 1);
    CHECK_EQ_INT(count_reason(&r.set, "MISP object is not a JSON object"), 1);
    CHECK_EQ_INT(count_reason(&r.set, "MISP attribute has no type"), 1);
    CHECK_EQ_INT(count_reason(&r.set, "composite MISP value without '|'"), 1);
    run_free(&r);

    /* the REST shape with a bad item, and a bare event */
    const char *response = "{\"response\":[1,{\"Event\":{\"Attribute\":[{\"type\":\"sha1\",\"to_ids\":true,"
                           "\"value\":\"da39a3ee5e6b4b0d3255bfef95601890afd80709\"}]}}]}";
    run_text(&r, kq_feed_misp_event, "resp.json", response, strlen(response));
    CHECK_STATS(&r, 1, 1, 1, 0);
    CHECK_EQ_INT(count_reason(&r.set, "MISP response item has no Event object"), 1);
    run_free(&r);
    const char *bare = "{\"info\":\"bare\",\"Attribute\":[{\"type\":\"domain\",\"to_ids\":1,\"value\":\"bare.top\"},"
                       "{\"type\":\"domain\",\"to_ids\":0,\"value\":\"context.top\"}]}";
    run_text(&r, kq_feed_misp_event, "bare.json", bare, strlen(bare));
    CHECK_STATS(&r, 2, 1, 0, 1);
    if (r.set.n == 1) CHECK_EQ_STR(r.set.items[0].description, "bare");
    run_free(&r);

    /* a UTF-8 byte order mark before the JSON; a deleted link is no reference */
    const char *bom = "\xEF\xBB\xBF{\"Event\":{\"Attribute\":[\n"
                      "{\"type\":\"link\",\"to_ids\":false,\"deleted\":true,\"value\":\"https://old.example.org/\"},\n"
                      "{\"type\":\"domain\",\"to_ids\":true,\"value\":\"bom.top\"}]}}";
    run_text(&r, kq_feed_misp_event, "bom.json", bom, strlen(bom));
    CHECK_STATS(&r, 2, 1, 0, 1);
    if (r.set.n == 1) {
        CHECK_EQ_INT(r.set.items[0].sources[0].feed_line, 3);
        CHECK_EQ_STR(r.set.items[0].sources[0].reference, "");
    }
    run_free(&r);

    /* valid JSON that is no MISP event */
    run_text(&r, kq_feed_misp_event, "array.json", "[1,2]", 5);
    CHECK_EQ_INT(r.rc, KQ_ERR_INPUT);
    run_free(&r);
    run_text(&r, kq_feed_misp_event, "other.json", "{\"foo\":1}", 9);
    CHECK_EQ_INT(r.rc, KQ_ERR_INPUT);
    run_free(&r);
    run_text(&r, kq_feed_misp_event, "empty.json", "", 0);
    CHECK_EQ_INT(r.rc, KQ_ERR_INPUT);
    run_free(&r);
}

static void stix_one(run *r, const char *pattern_json)
{
    kq_buf b;
    kq_buf_init(&b);
    kq_buf_puts(&b, "{\"type\":\"bundle\",\"objects\":[{\"type\":\"indicator\",\"id\":\"indicator--1\",\"pattern\":");
    kq_buf_puts(&b, pattern_json);
    kq_buf_puts(&b, "}]}");
    run_text(r, kq_feed_stix, "one.json", b.p, b.len);
    kq_buf_free(&b);
}

static void test_stix_hostile(void)
{
    run r;
    const char *truncated = "{\n\"type\": \"bundle\",\n\"objects\": [\n{\"type\": \"indicator\", \"pattern\": \"[domain";
    run_text(&r, kq_feed_stix, "cut.stix2", truncated, strlen(truncated));
    CHECK_EQ_INT(r.rc, KQ_ERR_INPUT);
    CHECK_EQ_STR(r.err.file, "cut.stix2");
    CHECK_EQ_INT(r.err.file_line, 4);
    run_free(&r);
    run_text(&r, kq_feed_stix, "nobundle.json", "{\"type\":\"bundle\"}", 17);
    CHECK_EQ_INT(r.rc, KQ_ERR_INPUT);
    run_free(&r);
    run_text(&r, kq_feed_stix, "array.json", "[]", 2);
    CHECK_EQ_INT(r.rc, KQ_ERR_INPUT);
    run_free(&r);
    run_text(&r, kq_feed_stix, "objects.json", "{\"objects\":{}}", 14);
    CHECK_EQ_INT(r.rc, KQ_ERR_INPUT);
    run_free(&r);

    const char *bom = "\xEF\xBB\xBF{\"objects\":[\n{\"type\":\"indicator\",\"pattern\":\"[url:value='http://bom.top/']\"}]}";
    run_text(&r, kq_feed_stix, "bom.stix2", bom, strlen(bom));
    CHECK_STATS(&r, 1, 1, 0, 0);
    if (r.set.n == 1) CHECK_EQ_INT(r.set.items[0].sources[0].feed_line, 2);
    run_free(&r);

    /* wrong field types are ignored, not fatal */
    const char *wrong = "{\"objects\":[{\"type\":\"indicator\",\"pattern\":\"[domain-name:value='w.top']\","
                        "\"confidence\":\"high\",\"revoked\":\"true\",\"valid_from\":5,\"labels\":\"x\","
                        "\"created_by_ref\":5,\"external_references\":{},\"object_marking_refs\":\"x\","
                        "\"description\":[1]},"
                        "{\"type\":\"indicator\",\"pattern\":5},{\"type\":\"indicator\",\"pattern\":\"[domain-name:value='p.top']\","
                        "\"pattern_type\":7},"
                        "{\"type\":\"relationship\",\"relationship_type\":\"indicates\",\"source_ref\":3,\"target_ref\":[]}]}";
    run_text(&r, kq_feed_stix, "wrong.json", wrong, strlen(wrong));
    CHECK_STATS(&r, 3, 1, 1, 1);
    if (r.set.n == 1) {
        const kq_indicator *w = &r.set.items[0];
        CHECK_EQ_STR(w->value, "w.top");
        CHECK_EQ_INT(w->confidence, -1);
        CHECK(!w->revoked);
        CHECK_EQ_INT(w->first_seen, 0);
        CHECK_EQ_STR(w->tags, "");
        CHECK_EQ_STR(w->description, "");
        CHECK_EQ_STR(w->sources[0].provider, "STIX: wrong.json");
        CHECK_EQ_STR(w->sources[0].external_id, "");
    }
    CHECK_EQ_INT(count_reason(&r.set, "STIX pattern_type is not a string"), 1);
    /* the confidence, valid_from and revoked kq cannot read are warnings, not silence */
    CHECK_EQ_INT((long long)r.st.warnings, 3);
    CHECK_EQ_INT((long long)r.set.nwarnings, 3);
    if (r.set.nwarnings == 3) {
        CHECK_EQ_STR(r.set.warnings[0].reason, "unreadable confidence 'high': left out");
        CHECK_EQ_STR(r.set.warnings[1].reason, "unreadable valid_from '5': left out");
        CHECK_EQ_STR(r.set.warnings[2].reason, "unreadable revoked 'true': not true or false, taken as false");
    }
    run_free(&r);

    /* malformed patterns */
    static const struct {
        const char *pattern_json, *reason;
    } bad[] = {
        {"\"[domain-name:value = 'a.top'\"", "STIX pattern is malformed: expected ']'"},
        {"\"domain-name:value = 'a.top'\"", "STIX pattern is malformed: expected '['"},
        {"\"[domain-name:value = 'a\\\\\"", "STIX pattern is malformed: expected a quoted value after '='"},
        {"\"[domain-name:value = 'a\\\\x']\"", "STIX pattern is malformed: expected a quoted value after '='"},
        {"\"[domain-name:value = 'a\\u0000b'] \\u0000\"", "STIX pattern is malformed: unexpected text after the pattern"},
        {"\"[domain-name:value 'a.top']\"", "STIX pattern is malformed: expected '=' after the object path"},
        {"\"[]\"", "STIX pattern is malformed: expected an object path"},
        {"\"\"", "STIX pattern is malformed: expected '['"},
        {"\"[domain-name:value = 'a.top'] OR\"", "STIX pattern is malformed: expected '['"},
        {"\"[domain-name:value = 'a.top'] [url:value = 'b']\"", "STIX pattern is malformed: unexpected text after the pattern"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        stix_one(&r, bad[i].pattern_json);
        CHECK_STATS(&r, 1, 0, 1, 0);
        if (r.set.nrejects == 1) CHECK_EQ_STR(r.set.rejects[0].reason, bad[i].reason);
        run_free(&r);
    }
    /* constructs kq does not hunt, named */
    static const struct {
        const char *pattern_json, *reason;
    } unsupported[] = {
        {"\"([domain-name:value = 'a.top'] AND [url:value = 'b'])\"", "STIX pattern uses AND: kq hunts only equality and OR"},
        {"\"[file:size > 10]\"", "STIX pattern uses >: kq hunts only equality and OR"},
        {"\"[file:name LIKE 'a%']\"", "STIX pattern uses LIKE: kq hunts only equality and OR"},
        {"\"[ipv4-addr:value ISSUBSET '10.0.0.0/8']\"", "STIX pattern uses ISSUBSET: kq hunts only equality and OR"},
        {"\"[file:name IN ('a.exe', 'b.exe')]\"", "STIX pattern uses IN: kq hunts only equality and OR"},
        {"\"[EXISTS file:name]\"", "STIX pattern uses EXISTS: kq hunts only equality and OR"},
        {"\"[file:name = 'a.exe'] REPEATS 5 TIMES\"", "STIX pattern uses REPEATS: kq hunts only equality and OR"},
        {"\"[file:name = 'a.exe'] START t'2024-01-01T00:00:00Z' STOP t'2024-02-01T00:00:00Z'\"",
         "STIX pattern uses START: kq hunts only equality and OR"},
        {"\"[file:created = t'2024-01-01T00:00:00Z']\"",
         "STIX pattern compares with t'2024-01-01T00:00:00Z': kq hunts only text values"},
    };
    for (size_t i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++) {
        stix_one(&r, unsupported[i].pattern_json);
        CHECK_STATS(&r, 1, 0, 0, 1);
        if (r.set.nrejects == 1) CHECK_EQ_STR(r.set.rejects[0].reason, unsupported[i].reason);
        run_free(&r);
    }

    /* lower-case keywords, no spaces, nested parentheses, list index in an unhunted path */
    stix_one(&r, "\"(([domain-name:value='a.top' or (url:value='http://b.top/')])) or [file:extensions.'x'.sections[*].name='c']\"");
    CHECK_STATS(&r, 1, 2, 0, 1);
    if (r.set.nrejects == 1)
        CHECK_EQ_STR(r.set.rejects[0].reason, "object path 'file:extensions.'x'.sections[*].name' is not hunted");
    run_free(&r);

    /* 20000 OR-ed comparisons */
    kq_buf p;
    kq_buf_init(&p);
    kq_buf_puts(&p, "\"[");
    for (int i = 0; i < 20000; i++) kq_buf_printf(&p, "%sdomain-name:value = 'host%d.evil.top'", i ? " OR " : "", i);
    kq_buf_puts(&p, "]\"");
    stix_one(&r, kq_buf_cstr(&p));
    CHECK_STATS(&r, 1, 20000, 0, 0);
    CHECK(find_ioc(&r.set, KQ_IOC_DOMAIN, "host19999.evil.top") != NULL);
    run_free(&r);

    /* a one-megabyte value: rejected by the normaliser, the reject keeps it whole */
    kq_buf_clear(&p);
    kq_buf_puts(&p, "\"[domain-name:value = '");
    for (int i = 0; i < 1 << 20; i++) kq_buf_putc(&p, 'a');
    kq_buf_puts(&p, ".top']\"");
    stix_one(&r, kq_buf_cstr(&p));
    CHECK_STATS(&r, 1, 0, 1, 0);
    if (r.set.nrejects == 1) CHECK_EQ_INT(strlen(r.set.rejects[0].value), (1 << 20) + 4);
    run_free(&r);

    /* deep nesting never exhausts the stack */
    kq_buf_clear(&p);
    kq_buf_putc(&p, '"');
    for (int i = 0; i < 100000; i++) kq_buf_putc(&p, '(');
    kq_buf_puts(&p, "[domain-name:value = 'a.top']\"");
    stix_one(&r, kq_buf_cstr(&p));
    CHECK_STATS(&r, 1, 0, 1, 0);
    if (r.set.nrejects == 1) CHECK_EQ_STR(r.set.rejects[0].reason, "STIX pattern is malformed: nested too deeply");
    run_free(&r);
    kq_buf_free(&p);
}

/* ---- the real samples ---- */

static bool have_shared_data(void)
{
    struct stat st;
    return stat(SHARED_IOC, &st) == 0 && S_ISDIR(st.st_mode);
}

static void test_real_misp(void)
{
    run r;
    const char *glupteba = SHARED_IOC "misp-events-eset/glupteba/glupteba.misp-event.json";
    if (run_file(&r, kq_feed_misp_event, glupteba)) {
        /* {"response":[{"Event":...}]}: 321 attributes, 9 composites (6 filename|sha1, 3 domain|ip) */
        CHECK_STATS(&r, 321, 330, 0, 1);
        CHECK_EQ_INT(count_type(&r.set, KQ_IOC_FILENAME), 6);
        CHECK_REJECT(&r.set, "HKCU\\Software\\EpicNet Inc.\\CloudNet\\", 5720, "MISP type 'regkey' is not hunted");
        const kq_indicator *ip = find_ioc(&r.set, KQ_IOC_IPV4, "5.101.6.132");
        CHECK(ip != NULL);
        if (ip) {
            CHECK_EQ_STR(ip->malware, "Glupteba"); /* the plain event tag */
            CHECK_EQ_STR(ip->tags, "Glupteba");
            CHECK_EQ_STR(ip->description, "Glupteba.AY research related IoCs");
            CHECK_EQ_INT(ip->first_seen, ticks("2018-03-09T19:37:06Z"));
            CHECK_SOURCE(ip, glupteba, 32, "MISP: ESET", "", "5aa2e262-8c78-484b-8d0a-2f490a016219");
        }
        const kq_indicator *f = find_ioc(&r.set, KQ_IOC_FILENAME, "csrss.exe");
        const kq_indicator *h = find_ioc(&r.set, KQ_IOC_SHA1, "1645ad8468a2fb54763c0ebeb766dfd8c643f3db");
        CHECK(f != NULL && h != NULL);
        if (f && h) {
            CHECK_EQ_INT(f->sources[0].feed_line, 5612);
            CHECK_EQ_INT(h->sources[0].feed_line, 5612);
            CHECK_EQ_STR(h->sources[0].external_id, "5aa2e342-7d98-43cb-b397-2f490a016219");
            CHECK_EQ_INT(h->first_seen, ticks("2018-03-09T19:40:50Z"));
        }
        const kq_indicator *dom = find_ioc(&r.set, KQ_IOC_DOMAIN, "burnandfire5.com");
        const kq_indicator *dip = find_ioc(&r.set, KQ_IOC_IPV4, "104.31.89.75");
        CHECK(dom != NULL && dip != NULL);
        if (dom && dip) CHECK_EQ_INT(dip->sources[0].feed_line, 5738);
        run_free(&r);
    }

    const char *moustached = SHARED_IOC "misp-events-eset/moustachedbouncer/misp-moustachedbouncer.event.json";
    if (run_file(&r, kq_feed_misp_event, moustached)) {
        /* 4 top-level attributes and 336 in 105 objects; 229 with to_ids false, 16 "text" */
        CHECK_STATS(&r, 340, 95, 0, 245);
        CHECK_EQ_INT(count_reason(&r.set, "to_ids is false (context, not for detection; --misp-context hunts it)"), 229);
        CHECK_EQ_INT(count_reason(&r.set, "MISP type 'text' is not hunted"), 16);
        CHECK_EQ_INT(count_type(&r.set, KQ_IOC_URL), 11);
        const kq_indicator *u = find_ioc(&r.set, KQ_IOC_URL, "http://updates.microsoft.com/");
        CHECK(u != NULL);
        if (u) {
            /* no galaxy and no tag: no family; the event info is the description */
            CHECK_EQ_STR(u->malware, "");
            CHECK_EQ_STR(u->description, "MoustachedBouncer: Espionage against foreign diplomats in Belarus");
            CHECK_EQ_STR(u->tags, "");
            CHECK_EQ_INT(u->first_seen, ticks("2023-07-21T13:34:28Z"));
            CHECK_SOURCE(u, moustached, 354, "MISP: ESET", "", "6ac7b12a-3a21-42ab-9573-0cb880ae0f65");
        }
        const kq_indicator *h =
            find_ioc(&r.set, KQ_IOC_SHA256, "b654f03e7e9125169088a8b4ee5cd04e3f96982ff1148eef2781d9f2613b08bb");
        CHECK(h != NULL);
        if (h) CHECK_EQ_INT(h->sources[0].feed_line, 524);
        run_free(&r);
    }

    const char *telebots = SHARED_IOC "misp-events-eset/telebots/misp-telebots.json";
    if (run_file(&r, kq_feed_misp_event, telebots)) {
        CHECK_STATS(&r, 95, 69, 0, 26);
        const kq_indicator *ip = find_ioc(&r.set, KQ_IOC_IPV4, "93.190.137.212");
        CHECK(ip != NULL);
        if (ip) {
            CHECK_EQ_STR(ip->malware, "TeleBots"); /* misp-galaxy:threat-actor */
            CHECK_EQ_STR(ip->tlp, "white");
            CHECK_EQ_STR(ip->tags, "Type:OSINT,misp-galaxy:threat-actor=\"TeleBots\"");
            CHECK_EQ_STR(ip->description, "OSINT - The rise of TeleBots: Analyzing disruptive KillDisk attacks");
            CHECK_EQ_INT(ip->first_seen, ticks("2016-12-13T18:34:34Z"));
            CHECK_SOURCE(ip, telebots, 446, "MISP: CIRCL",
                         "http://www.welivesecurity.com/2016/12/13/rise-telebots-analyzing-disruptive-killdisk-attacks/",
                         "58503f3a-4414-4e2c-9562-424302de0b81");
        }
        run_free(&r);
    }

    const char *candiru = SHARED_IOC "misp-events-eset/swc-candiru/swc-candiru_misp.json";
    if (run_file(&r, kq_feed_misp_event, candiru)) {
        /* objects only; attribute first_seen "2021-01-24T15:43:30.000000+00:00" */
        CHECK_STATS(&r, 100, 12, 0, 88);
        const kq_indicator *md5 = find_ioc(&r.set, KQ_IOC_MD5, "8bc450e392f25407d931caaf212bf562");
        CHECK(md5 != NULL);
        if (md5) {
            CHECK_EQ_INT(md5->first_seen, ticks("2021-01-24T15:43:30Z"));
            CHECK_EQ_STR(md5->tags, "ESET,osint:source-type=\"blog-post\"");
            CHECK_EQ_INT(md5->sources[0].feed_line, 4436);
        }
        run_free(&r);
    }

    const char *stantinko = SHARED_IOC "misp-events-eset/stantinko/stantinko.misp-event.json";
    if (run_file(&r, kq_feed_misp_event, stantinko)) {
        CHECK_STATS(&r, 263, 415, 0, 46);
        CHECK_EQ_INT(count_type(&r.set, KQ_IOC_FILENAME), 121);
        const kq_indicator *f = find_ioc(&r.set, KQ_IOC_FILENAME, "md_Films-174131.exe");
        CHECK(f != NULL);
        if (f) CHECK_EQ_INT(f->sources[0].feed_line, 1584);
        run_free(&r);
    }

    /* the TweetFeed MISP feed: 365 events in the manifest, the last 7 on disk */
    const char *feed = SHARED_IOC "tweetfeed/misp-feed";
    kq_ioc_set s;
    kq_ioc_set_init(&s);
    kq_feed_stats st = {0};
    kq_error err = {0};
    CHECK_EQ_INT(kq_feed_misp_dir(&s, feed, &st, &err), 0);
    CHECK_EQ_INT(st.format, KQ_FEED_MISP);
    CHECK_EQ_INT(st.records, 1574);
    CHECK_EQ_INT(st.indicators, 1574);
    CHECK_EQ_INT(st.rejected, 0);
    CHECK_EQ_INT(st.skipped, 0);
    CHECK_EQ_INT(s.nrejects, 0);
    CHECK_EQ_INT(st.missing_files, 358); /* listed in the manifest, not on disk */
    CHECK_EQ_STR(st.first_missing ? st.first_missing : "(null)",
                 SHARED_IOC "tweetfeed/misp-feed/2e035642-c558-5019-89f2-bc7bdf8b34ce.json");
    if (s.n > 0) {
        const kq_indicator *first = &s.items[0];
        CHECK_EQ_INT(first->type, KQ_IOC_DOMAIN);
        CHECK_EQ_STR(first->value, "hndjsy.com");
        CHECK_EQ_STR(first->malware, "");
        CHECK_EQ_STR(first->description, "TweetFeed IOCs 2026-08-16");
        CHECK_EQ_STR(first->tlp, "white"); /* tlp:clear */
        CHECK_EQ_STR(first->tags, "TweetFeed,type:OSINT,phishing");
        CHECK_EQ_INT(first->first_seen, ticks("2026-08-16T01:04:58Z"));
        CHECK_SOURCE(first, SHARED_IOC "tweetfeed/misp-feed/c4a04a92-3722-5f53-8c25-9b3742fc79c4.json", 1,
                     "MISP: TweetFeed", "", "45144067-db00-5a9c-bbf9-6b287c157454");
    }
    kq_ioc_set_free(&s);
}

static void test_real_stix(void)
{
    run r;
    const char *week = SHARED_IOC "stix/tweetfeed/week.json";
    if (run_file(&r, kq_feed_stix, week)) {
        /* one line; identity "TweetFeed"; the TLP:CLEAR marking definition */
        CHECK_STATS(&r, 1536, 1536, 0, 0);
        CHECK_EQ_INT(count_type(&r.set, KQ_IOC_URL), 683);
        CHECK_EQ_INT(count_type(&r.set, KQ_IOC_SHA256), 88);
        CHECK_EQ_INT(count_type(&r.set, KQ_IOC_MD5), 28);
        const kq_indicator *d = find_ioc(&r.set, KQ_IOC_DOMAIN, "hndjsy.com");
        CHECK(d != NULL);
        if (d) {
            CHECK_EQ_STR(d->tags, "phishing");
            CHECK_EQ_STR(d->tlp, "white");
            CHECK_EQ_STR(d->malware, "");
            CHECK_EQ_STR(d->description, "IOC reported by @masaomi346 on Twitter/X.");
            CHECK_EQ_INT(d->first_seen, ticks("2026-08-16T01:04:58Z"));
            CHECK_EQ_INT(d->expires, 0);
            CHECK_SOURCE(d, week, 1, "STIX: TweetFeed", "https://x.com/masaomi346/status/2088794108454465822",
                         "indicator--19dbf62a-d916-56f7-8d00-f8737075f7d1");
        }
        const kq_indicator *h =
            find_ioc(&r.set, KQ_IOC_SHA256, "7a9f8afbe39560ea52daada8700749371f189345aa7ec213dbdb537387c01d79");
        CHECK(h != NULL);
        if (h) CHECK_EQ_STR(h->sources[0].external_id, "indicator--e7b60ef4-ddd0-56fa-8c77-75e53491b76a");
        run_free(&r);
    }

    const char *novispy = SHARED_IOC "stix/AmnestyTech-investigations/2024-12-16_serbia_novispy/novispy.stix2";
    if (run_file(&r, kq_feed_stix, novispy)) {
        /* 4 app:id and 3 app:cert.sha256 indicators are skipped */
        CHECK_STATS(&r, 18, 11, 0, 7);
        CHECK_EQ_INT(count_reason(&r.set, "object path 'app:id' is not hunted"), 4);
        CHECK_EQ_INT(count_reason(&r.set, "object path 'app:cert.sha256' is not hunted"), 3);
        /* a domain-name pattern that holds an IP address */
        const kq_indicator *ip = find_ioc(&r.set, KQ_IOC_IPV4, "176.223.111.131");
        CHECK(ip != NULL);
        if (ip) {
            CHECK_EQ_STR(ip->malware, "NoviSpy");
            CHECK_EQ_INT(ip->first_seen, ticks("2024-12-13T21:15:49.153129Z"));
            CHECK_SOURCE(ip, novispy, 15, "STIX: novispy.stix2", "", "indicator--f2784a32-7e47-4aab-a222-08d07d708db9");
        }
        const kq_indicator *h =
            find_ioc(&r.set, KQ_IOC_SHA256, "087fc1217c897033425fe7f1f12b913cd48918c875e99c25bdb9e1ffcf80f57e");
        CHECK(h != NULL);
        if (h) CHECK_EQ_INT(h->sources[0].feed_line, 423);
        run_free(&r);
    }

    const char *coruna = SHARED_IOC "stix/mvt-indicators/2026-03-03_coruna_cryptowaters/coruna.stix2";
    if (run_file(&r, kq_feed_stix, coruna)) {
        /* file:hashes.'SHA-256'; 12 file:path skipped; one domain value with a path */
        CHECK_STATS(&r, 216, 203, 1, 12);
        CHECK_EQ_INT(count_type(&r.set, KQ_IOC_SHA256), 20);
        CHECK_EQ_INT(count_reason(&r.set, "object path 'file:path' is not hunted"), 12);
        CHECK_REJECT(&r.set, "fgr1w2gnsdvsb.xyz/x", 2727, "invalid character in domain name");
        const kq_indicator *h =
            find_ioc(&r.set, KQ_IOC_SHA256, "05b5e4070b3b8a130b12ea96c5526b4615fcae121bb802b1a10c3a7a70f39901");
        CHECK(h != NULL);
        if (h) {
            CHECK_EQ_STR(h->malware, "Coruna");
            CHECK_EQ_INT(h->sources[0].feed_line, 4263);
        }
        const kq_indicator *f = find_ioc(&r.set, KQ_IOC_FILENAME, "pl.sp.exec.guard.lock");
        CHECK(f != NULL);
        if (f) CHECK_EQ_INT(f->sources[0].feed_line, 5031);
        const kq_indicator *d = find_ioc(&r.set, KQ_IOC_DOMAIN, "abw3wzr59io82se.xyz");
        CHECK(d != NULL);
        if (d) {
            CHECK_EQ_INT(d->sources[0].feed_line, 15);
            CHECK_EQ_INT(d->first_seen, ticks("2026-03-15T13:01:20.335242Z"));
        }
        run_free(&r);
    }

    const char *wyrmspy = SHARED_IOC "stix/mvt-indicators/2023-07-25_wyrmspy_dragonegg/wyrmspy_dragonegg.stix2";
    if (run_file(&r, kq_feed_stix, wyrmspy)) {
        CHECK_STATS(&r, 53, 46, 0, 7);
        const kq_indicator *ip = find_ioc(&r.set, KQ_IOC_IPV4, "121.201.109.98");
        CHECK(ip != NULL);
        if (ip) {
            CHECK_EQ_STR(ip->malware, "WyrmSpy_DragonEgg");
            CHECK_EQ_INT(ip->sources[0].feed_line, 183);
        }
        run_free(&r);
    }

    const char *pegasus = SHARED_IOC "stix/AmnestyTech-investigations/2021-07-18_nso/pegasus.stix2";
    if (run_file(&r, kq_feed_stix, pegasus)) {
        /* 1549 indicators on one line: 1438 domains, 82 process/file names, 29 e-mail addresses */
        CHECK_STATS(&r, 1549, 1549, 0, 0);
        CHECK_EQ_INT(count_type(&r.set, KQ_IOC_FILENAME), 82);
        CHECK_EQ_INT(count_type(&r.set, KQ_IOC_EMAIL), 29);
        const kq_indicator *p = find_ioc(&r.set, KQ_IOC_FILENAME, "fservernetd");
        CHECK(p != NULL);
        if (p) {
            CHECK_EQ_STR(p->malware, "Pegasus");
            CHECK_SOURCE(p, pegasus, 1, "STIX: pegasus.stix2", "", "indicator--7dfdf005-892c-4b11-b5e7-f826111e8443");
        }
        run_free(&r);
    }
}

int main(void)
{
    test_misp_small();
    test_stix_small();
    test_misp_dir();
    test_misp_hostile();
    test_stix_hostile();
    if (have_shared_data()) {
        test_real_misp();
        test_real_stix();
    } else {
        printf("feeds-misp-stix: %s not found, real samples skipped\n", SHARED_IOC);
    }
    return check_report("feeds-misp-stix");
}
