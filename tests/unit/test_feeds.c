/*
 * test_feeds.c - unit tests of the feed dispatcher and the ThreatFox, abuse.ch, CSV, JSON-records
 * and list importers (src/hunt/feed*.c): format names, sniffing, record counts and the exact
 * fields of hand-checked records, over the hand-written samples in tests/data/ioc (always), small
 * files written here (list and CSV shapes, ';' and tab delimiters, hostile input: truncated JSON,
 * unterminated quote, NUL bytes, an empty file) and the real feeds under ../shared/data/ioc
 * (skipped with a note when that directory is absent). The expected counts of the real feeds were computed by a separate
 * Python reading of each file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "../../src/base/datetime.h"
#include "../../src/hunt/feed.h"
#include "check.h"

#define SAMPLES "tests/data/ioc/"
#define SHARED_IOC "../shared/data/ioc/"

/* One kq_feed_load of a file. */
typedef struct loaded {
    kq_ioc_set set;
    kq_feed_stats st;
    kq_error err;
    int rc;
} loaded;

static void load_as(loaded *l, const char *path, kq_feed_format fmt)
{
    kq_ioc_set_init(&l->set);
    memset(&l->st, 0, sizeof l->st);
    memset(&l->err, 0, sizeof l->err);
    l->rc = kq_feed_load(&l->set, path, fmt, &l->st, &l->err);
}

static void load(loaded *l, const char *path)
{
    load_as(l, path, KQ_FEED_AUTO);
}

static void unload(loaded *l)
{
    kq_ioc_set_free(&l->set);
}

/* The sniffed format and the counts; every reject is counted once, as rejected or skipped. */
#define CHECK_COUNTS(l, format_, records_, indicators_, rejected_, skipped_) \
    do {                                                                     \
        CHECK_EQ_INT((l)->rc, 0);                                            \
        if ((l)->rc) fprintf(stderr, "  %s\n", (l)->err.message);           \
        CHECK_EQ_STR(kq_feed_format_name((l)->st.format), format_);          \
        CHECK_EQ_INT((l)->st.records, records_);                             \
        CHECK_EQ_INT((l)->st.indicators, indicators_);                       \
        CHECK_EQ_INT((l)->st.rejected, rejected_);                           \
        CHECK_EQ_INT((l)->st.skipped, skipped_);                             \
        CHECK_EQ_INT((l)->set.n, indicators_);                               \
        CHECK_EQ_INT((l)->set.nrejects, (rejected_) + (skipped_));           \
    } while (0)

/* What one indicator must hold. NULL strings are not checked; first_seen "" means unknown. */
typedef struct expected_ioc {
    const char *value, *type;
    int port;
    const char *threat_type, *malware, *tags, *description, *tlp;
    int confidence;
    const char *first_seen, *last_seen, *expires;
    int64_t line;
    const char *provider, *reference, *external_id;
} expected_ioc;

static const kq_indicator *find_ioc(const kq_ioc_set *s, const char *value)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->items[i].value, value) == 0) return &s->items[i];
    return NULL;
}

static const char *time_text(int64_t ticks, char buf[32])
{
    if (!ticks) return "";
    kq_dt_format(ticks, buf);
    return buf;
}

static int64_t ticks_of(const char *text)
{
    int64_t ticks = 0;
    CHECK(kq_dt_parse(text, strlen(text), &ticks));
    return ticks;
}

static void check_ioc(int at_line, const kq_ioc_set *s, expected_ioc want)
{
    int failed_before = check_failed;
    const kq_indicator *got = find_ioc(s, want.value);
    CHECK(got != NULL);
    if (got) {
        char buf[32];
        const kq_ioc_source *src = &got->sources[0];
        CHECK_EQ_STR(kq_ioc_type_name(got->type), want.type);
        CHECK_EQ_INT(got->port, want.port);
        CHECK_EQ_INT(got->confidence, want.confidence);
        CHECK_EQ_INT(src->feed_line, want.line);
        if (want.threat_type) CHECK_EQ_STR(got->threat_type, want.threat_type);
        if (want.malware) CHECK_EQ_STR(got->malware, want.malware);
        if (want.tags) CHECK_EQ_STR(got->tags, want.tags);
        if (want.description) CHECK_EQ_STR(got->description, want.description);
        if (want.tlp) CHECK_EQ_STR(got->tlp, want.tlp);
        if (want.first_seen) CHECK_EQ_STR(time_text(got->first_seen, buf), want.first_seen);
        if (want.last_seen) CHECK_EQ_STR(time_text(got->last_seen, buf), want.last_seen);
        if (want.expires) CHECK_EQ_STR(time_text(got->expires, buf), want.expires);
        if (want.provider) CHECK_EQ_STR(src->provider, want.provider);
        if (want.reference) CHECK_EQ_STR(src->reference, want.reference);
        if (want.external_id) CHECK_EQ_STR(src->external_id, want.external_id);
    }
    if (check_failed != failed_before) fprintf(stderr, "  (indicator '%s' checked at line %d)\n", want.value, at_line);
}
#define CHECK_IOC(set, ...) check_ioc(__LINE__, set, (expected_ioc){__VA_ARGS__})

/* The first reject of a value, NULL if none. */
static const kq_ioc_reject *find_reject(const kq_ioc_set *s, const char *value)
{
    for (size_t i = 0; i < s->nrejects; i++)
        if (strcmp(s->rejects[i].value, value) == 0) return &s->rejects[i];
    return NULL;
}

#define CHECK_REJECT(set, value, line_, reason_)              \
    do {                                                      \
        const kq_ioc_reject *r_ = find_reject(set, value);    \
        CHECK(r_ != NULL);                                    \
        if (r_) {                                             \
            CHECK_EQ_INT(r_->feed_line, line_);               \
            CHECK_EQ_STR(r_->reason, reason_);                \
        }                                                     \
    } while (0)

#define CHECK_ERROR(l, text)                                  \
    do {                                                      \
        CHECK_EQ_INT((l)->rc, KQ_ERR_INPUT);                  \
        CHECK(strstr((l)->err.message, text) != NULL);        \
    } while (0)

/* ---- scratch files ---- */

enum { MAX_SCRATCH = 32 };
static char scratch_dir[] = "/tmp/kq_test_feeds.XXXXXX";
static char scratch_paths[MAX_SCRATCH][256]; /* removed at the end */
static int nscratch;

static const char *scratch_path(const char *name)
{
    char *p = scratch_paths[nscratch < MAX_SCRATCH - 1 ? nscratch++ : MAX_SCRATCH - 1];
    snprintf(p, sizeof scratch_paths[0], "%s/%s", scratch_dir, name);
    return p;
}

static void remove_scratch(void)
{
    for (int i = 0; i < nscratch; i++) unlink(scratch_paths[i]);
    rmdir(scratch_dir);
}

static const char *scratch_file(const char *name, const void *data, size_t n)
{
    const char *p = scratch_path(name);
    FILE *f = fopen(p, "wb");
    if (!f || fwrite(data, 1, n, f) != n) fprintf(stderr, "feeds: cannot write %s\n", p);
    if (f) fclose(f);
    return p;
}

static const char *scratch_text(const char *name, const char *text)
{
    return scratch_file(name, text, strlen(text));
}

static char *read_whole(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    *n = 0;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long size = ftell(f);
        rewind(f);
        buf = malloc((size_t)size + 1);
        *n = fread(buf, 1, (size_t)size, f);
    }
    fclose(f);
    return buf;
}

static const char *base_name_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* ---- format names ---- */

static void test_format_names(void)
{
    for (int f = KQ_FEED_AUTO; f < KQ_FEED__COUNT; f++)
        CHECK_EQ_INT(kq_feed_format_parse(kq_feed_format_name((kq_feed_format)f)), f);
    CHECK_EQ_STR(kq_feed_format_name(KQ_FEED_THREATFOX_CSV), "threatfox-csv");
    CHECK_EQ_STR(kq_feed_format_name(KQ_FEED_LIST), "list");
    CHECK_EQ_INT(kq_feed_format_parse("CSV"), KQ_FEED_CSV);
    CHECK_EQ_STR(kq_feed_format_name(KQ_FEED_JSON_RECORDS), "json-records");
    CHECK_EQ_STR(kq_feed_format_name(KQ_FEED_TII), "tii");
    CHECK_EQ_INT(kq_feed_format_parse("stix1"), KQ_FEED__COUNT);
}

/* ---- the hand-written samples ---- */

static void test_threatfox_csv_sample(void)
{
    loaded l;
    load(&l, SAMPLES "threatfox_recent.csv");
    CHECK_COUNTS(&l, "threatfox-csv", 9, 9, 0, 0);
    CHECK_IOC(&l.set, .value = "mythicsu.biz", .type = "domain", .threat_type = "botnet_cc",
              .malware = "Remus", .tags = "Remus", .confidence = 100, .first_seen = "2026-05-12T08:41:17.0000000Z",
              .last_seen = "", .line = 17, .provider = "ThreatFox", .reference = "", .external_id = "1790012");
    CHECK_IOC(&l.set, .value = "cheapoca.biz", .type = "domain", .threat_type = "botnet_cc", .malware = "Remus",
              .confidence = 100, .line = 16, .external_id = "1790013");
    /* malware_alias "RemcosRAT,Remvio,Socmer" keeps its commas inside the quotes */
    CHECK_IOC(&l.set, .value = "185.244.29.17", .type = "ipv4", .port = 2404, .malware = "Remcos",
              .tags = "RAT,RemcosRAT", .confidence = 100, .line = 10, .external_id = "1790031");
    /* is_compromised "True": a hijacked site, tagged as such */
    CHECK_IOC(&l.set, .value = "shop.bakery-lindenhof.de", .type = "domain", .threat_type = "payload_delivery",
              .malware = "ClearFake", .tags = "ClearFake,compromised", .confidence = 90,
              .last_seen = "2026-05-12T08:47:13.0000000Z", .line = 15);
    CHECK_IOC(&l.set, .value = "https://pastebin-cdn.shop/raw/9xKq2", .type = "url", .confidence = 75,
              .malware = "Lumma Stealer", .tags = "LummaStealer,exe", .line = 11,
              .reference = "https://bazaar.abuse.ch/sample/65756376b948f9c4c31e72fbad46cc27ff92275d/");
    CHECK_IOC(&l.set, .value = "af48788ab81a963460070621282fc8cf", .type = "md5", .threat_type = "payload",
              .malware = "Stealc", .confidence = 50, .line = 13);
    unload(&l);

    /* the importer itself, forced */
    load_as(&l, SAMPLES "threatfox_recent.csv", KQ_FEED_THREATFOX_CSV);
    CHECK_COUNTS(&l, "threatfox-csv", 9, 9, 0, 0);
    unload(&l);
}

static void test_threatfox_json_sample(void)
{
    loaded l;
    load(&l, SAMPLES "threatfox_remus.json");
    CHECK_COUNTS(&l, "threatfox-json", 4, 4, 0, 0);
    /* pretty-printed: each record's line is the line of its '{' */
    CHECK_IOC(&l.set, .value = "mythicsu.biz", .type = "domain", .threat_type = "botnet_cc", .malware = "Remus",
              .tags = "Remus", .confidence = 100, .first_seen = "2026-05-12T08:41:17.0000000Z", .line = 57,
              .provider = "ThreatFox", .reference = "", .external_id = "1790012");
    CHECK_IOC(&l.set, .value = "cheapoca.biz", .type = "domain", .confidence = 100, .line = 39, .external_id = "1790013");
    CHECK_IOC(&l.set, .value = "https://mythicsu.biz/api/v2/gate.php", .type = "url", .confidence = 100, .line = 21,
              .external_id = "1790014");
    CHECK_IOC(&l.set, .value = "0b8220e041504782e284d39e2a4ad73312683fd0f4dd623581e2728489aa38d1", .type = "sha256",
              .threat_type = "payload", .confidence = 100, .line = 3, .external_id = "1790015");
    unload(&l);
}

/* ---- the default expiry runs from the latest sighting ---- */

static void test_default_expiry(void)
{
    kq_ioc_set s;
    kq_ioc_set_init(&s);
    int64_t day = 864000000000LL, now = ticks_of("2026-08-23T00:00:00Z");
    kq_indicator meta = {.threat_type = "", .malware = "", .tags = "", .description = "", .tlp = "", .confidence = -1};
    meta.first_seen = ticks_of("2025-01-01T00:00:00Z");
    meta.last_seen = ticks_of("2026-08-01T00:00:00Z");
    kq_ioc_set_add(&s, KQ_IOC_NONE, "still-seen.com", 14, &meta, NULL);
    meta.last_seen = 0;
    kq_ioc_set_add(&s, KQ_IOC_NONE, "first-only.com", 14, &meta, NULL);
    meta.first_seen = 0;
    kq_ioc_set_add(&s, KQ_IOC_NONE, "unseen.com", 10, &meta, NULL);
    meta.first_seen = ticks_of("2025-01-01T00:00:00Z");
    meta.last_seen = ticks_of("2026-08-01T00:00:00Z");
    meta.expires = ticks_of("2025-06-01T00:00:00Z"); /* the feed's own expiry is kept */
    kq_ioc_set_add(&s, KQ_IOC_NONE, "explicit.com", 12, &meta, NULL);
    kq_ioc_set_default_expiry(&s, now, 365 * day);
    char buf[32];
    CHECK_EQ_STR(time_text(find_ioc(&s, "still-seen.com")->expires, buf), "2027-08-01T00:00:00.0000000Z");
    CHECK_EQ_STR(time_text(find_ioc(&s, "first-only.com")->expires, buf), "2026-01-01T00:00:00.0000000Z");
    CHECK_EQ_STR(time_text(find_ioc(&s, "unseen.com")->expires, buf), "2027-08-23T00:00:00.0000000Z");
    CHECK_EQ_STR(time_text(find_ioc(&s, "explicit.com")->expires, buf), "2025-06-01T00:00:00.0000000Z");
    kq_ioc_set_free(&s);
}

static void test_gzip(void)
{
    size_t n;
    char *text = read_whole(SAMPLES "threatfox_remus.json", &n);
    CHECK(text != NULL);
    if (!text) return;
    const char *path = scratch_path("threatfox_remus.json.gz");
    gzFile gz = gzopen(path, "wb");
    CHECK(gz != NULL && gzwrite(gz, text, (unsigned)n) == (int)n);
    if (gz) gzclose(gz);
    free(text);
    loaded l;
    load(&l, path);
    CHECK_COUNTS(&l, "threatfox-json", 4, 4, 0, 0);
    CHECK_IOC(&l.set, .value = "mythicsu.biz", .type = "domain", .confidence = 100, .line = 57);
    unload(&l);
}

/* The records of json_records_small.json, bare and wrapped: first_line is the line of the first
 * record's '{'; the others follow it at the same distances. */
static void check_json_records_small(const char *path, int64_t first_line)
{
    loaded l;
    load(&l, path);
    CHECK_COUNTS(&l, "json-records", 8, 3, 4, 1);
    /* a number is a field, an array of tags is joined, a nested object is no field */
    CHECK_IOC(&l.set, .value = "records-one.biz", .type = "domain", .threat_type = "Phishing", .tags = "phishing,kit",
              .description = "", .tlp = "", .confidence = 80, .first_seen = "2024-03-01T10:20:30.0000000Z",
              .line = first_line, .provider = base_name_of(path), .reference = "", .external_id = "");
    /* TLP first appears in the second record: the columns are the keys of all records */
    CHECK_IOC(&l.set, .value = "https://records-two.biz/gate.php", .type = "url", .description = "defanged by the feed",
              .tlp = "amber", .confidence = -1, .first_seen = "", .line = first_line + 9);
    /* escaped keys, and keys spelled differently (indicator_type, first_seen) for the same columns */
    CHECK_IOC(&l.set, .value = "4408fe2f5e127ce097f55ef64bff409278c0abe6aa8fe3b6454d2ca7a2fd05c1", .type = "sha256",
              .confidence = -1, .first_seen = "2024-03-02T00:00:00.0000000Z", .line = first_line + 21,
              .reference = "https://blog.records-four.biz/post");
    CHECK_REJECT(&l.set, "C:\\Windows\\Temp\\records.dll", first_line + 16, "type 'filepath' is not hunted");
    CHECK_REJECT(&l.set, "{\"Indicator\": null, \"IndicatorType\": \"sha256\"}", first_line + 17,
                 "record has no indicator value");
    CHECK_REJECT(&l.set, "10.20.30.40", first_line + 18, "private address (RFC 1918): would match internal traffic");
    CHECK_REJECT(&l.set, "{\"Indicator\": \"records-three.biz\", \"IndicatorType\": \"domain\",}", first_line + 19,
                 "malformed JSON record");
    CHECK_REJECT(&l.set, "\"not a record\"", first_line + 20, "record is not a JSON object");
    unload(&l);
}

static void test_json_records_samples(void)
{
    check_json_records_small(SAMPLES "json_records_small.json", 2);
    /* {"Metadata": {...}, "Count": 8, "Indicators": [...]}: the one member that is an array of objects */
    check_json_records_small(SAMPLES "json_records_small_wrapped.json", 5);

    /* the importer forced on the wrapped file, and on an object whose only member is an empty array */
    loaded l;
    load_as(&l, SAMPLES "json_records_small_wrapped.json", KQ_FEED_JSON_RECORDS);
    CHECK_COUNTS(&l, "json-records", 8, 3, 4, 1);
    unload(&l);
    load_as(&l, scratch_text("empty-records.json", "{\"Covid19Indicators\": []}"), KQ_FEED_JSON_RECORDS);
    CHECK_COUNTS(&l, "json-records", 0, 0, 0, 0);
    unload(&l);
    /* "data" holds the records: the one array member, though its first value is not a known column */
    load(&l, scratch_text("data-records.json", "{\"count\": 1, \"data\": [{\"ioc\": \"records-five.biz\", \"type\": \"domain\"}]}"));
    CHECK_COUNTS(&l, "json-records", 1, 1, 0, 0);
    CHECK_IOC(&l.set, .value = "records-five.biz", .type = "domain", .confidence = -1, .line = 1);
    unload(&l);

    /* not records: two arrays of objects, or keys that are mostly not column names */
    load(&l, scratch_text("two-arrays.json", "{\"a\": [{\"ioc\": \"records-six.biz\"}], \"b\": [{\"ioc\": \"x.biz\"}]}"));
    CHECK_ERROR(&l, "JSON with keys a, b is not a known feed format");
    unload(&l);
    load_as(&l, scratch_text("two-arrays.json", "{\"a\": [{\"ioc\": \"records-six.biz\"}], \"b\": [{\"ioc\": \"x.biz\"}]}"),
            KQ_FEED_JSON_RECORDS);
    CHECK_ERROR(&l, "expected a JSON array of records, or an object with one member that is an array of objects");
    unload(&l);
    load(&l, scratch_text("dns-log.json", "[{\"Domain\": \"records-seven.biz\", \"QTYPE\": \"1\", \"RCODE\": \"0\", "
                                          "\"Computer\": \"dc01\"}]"));
    CHECK_ERROR(&l, "JSON with keys Domain, QTYPE, RCODE, Computer is not a known feed format");
    unload(&l);
    load_as(&l, scratch_text("agents.json", "[{\"UserAgent\": \"curl/8.0\"}]"), KQ_FEED_JSON_RECORDS);
    CHECK_ERROR(&l, "the JSON records have no key naming an indicator column");
    unload(&l);
    load_as(&l, scratch_text("feeds.json", "[{\"Vendor\": \"Abuse.ch\", \"Url\": \"https://sslbl.abuse.ch/blacklist/x.txt\"}]"),
            KQ_FEED_JSON_RECORDS);
    CHECK_ERROR(&l, "the JSON records describe a list of feeds");
    unload(&l);
}

/* ---- list and CSV shapes ---- */

static void test_list_shapes(void)
{
    const char *path = scratch_text("hunt-list.txt",
                                    "# Title: a list of every shape\n"       /* 1 */
                                    "! uBlock comment\n"                     /* 2 */
                                    "; ini comment\n"                        /* 3 */
                                    "// slash comment\n"                     /* 4 */
                                    "\n"                                     /* 5 */
                                    "0.0.0.0 hosts-entry.com\n"              /* 6 */
                                    "||filter-host.net^\n"                   /* 7 */
                                    "||filter-host.org/path/x.exe$all\n"     /* 8 */
                                    "93.184.216.34\t7\n"                     /* 9 */
                                    "found-domain.com, IOC FOUND\n"          /* 10 */
                                    "8.8.4.4,Possible C2\n"                  /* 11 */
                                    "hxxp://defanged[.]site/a  # note\r\n"   /* 12 */
                                    "192.168.1.1\n"                          /* 13 */
                                    "not a value\n"                          /* 14 */
                                    "@@||allowed-host.com^\n"                /* 15 */
                                    "|https://anchored-host.info/x\n");      /* 16 */
    loaded l;
    load(&l, path);
    CHECK_COUNTS(&l, "list", 11, 8, 2, 1);
    CHECK_IOC(&l.set, .value = "hosts-entry.com", .type = "domain", .confidence = -1, .line = 6,
              .provider = "hunt-list.txt", .description = "");
    CHECK_IOC(&l.set, .value = "filter-host.net", .type = "domain", .confidence = -1, .line = 7);
    CHECK_IOC(&l.set, .value = "http://filter-host.org/path/x.exe", .type = "url", .confidence = -1, .line = 8);
    CHECK_IOC(&l.set, .value = "93.184.216.34", .type = "ipv4", .confidence = -1, .line = 9);
    CHECK_IOC(&l.set, .value = "found-domain.com", .type = "domain", .confidence = -1, .line = 10, .description = "");
    CHECK_IOC(&l.set, .value = "8.8.4.4", .type = "ipv4", .confidence = -1, .line = 11, .description = "Possible C2");
    CHECK_IOC(&l.set, .value = "http://defanged.site/a", .type = "url", .confidence = -1, .line = 12);
    CHECK_REJECT(&l.set, "192.168.1.1", 13, "private address (RFC 1918): would match internal traffic");
    CHECK_REJECT(&l.set, "not a value", 14, "not a domain, URL, IP address, CIDR, hash or e-mail address");
    CHECK_REJECT(&l.set, "@@||allowed-host.com^", 15, "exception filter (@@) names a host not to block");
    CHECK_IOC(&l.set, .value = "https://anchored-host.info/x", .type = "url", .confidence = -1, .line = 16);
    unload(&l);

    /* "Address,url" then "<domain>, IOC FOUND": a header naming the value column */
    path = scratch_text("hostfile.csv", "Address,url\nfirst.example-host.com, IOC FOUND\nsecond-host.net, IOC FOUND\n"
                                        "# Number of entries: 2, IOC FOUND\n");
    load(&l, path);
    CHECK_COUNTS(&l, "csv", 2, 2, 0, 0);
    CHECK_IOC(&l.set, .value = "second-host.net", .type = "domain", .confidence = -1, .line = 3);
    unload(&l);
    /* and the same text read as a list skips the header */
    size_t n;
    char *text = read_whole(path, &n);
    kq_ioc_set s;
    kq_ioc_set_init(&s);
    kq_feed_stats st = {0};
    CHECK_EQ_INT(kq_feed_list(&s, "hostfile.csv", text, n, &st, NULL), 0);
    CHECK_EQ_INT(st.indicators, 2);
    CHECK_EQ_INT(s.nrejects, 0);
    kq_ioc_set_free(&s);
    free(text);

    /* prose read as a list (its format sniffed) is not a feed: most of its lines give no indicator */
    const char *prose = scratch_text("notes.md", "Links about the campaign\n"
                                                 "\n"
                                                 "See the vendor's write-up at:\n"
                                                 "https://vendor.example.com/blog/campaign\n"
                                                 "and the follow-up, with more detail:\n"
                                                 "https://vendor.example.com/blog/follow-up\n");
    load(&l, prose);
    CHECK_ERROR(&l, "not a feed: 3 of its 5 lines give no indicator");
    unload(&l);
    load(&l, scratch_text("notes2.md", "A title\nsome words here\nhttps://vendor.example.com/x\n"));
    CHECK_ERROR(&l, "not a feed: 2 of its 3 lines give no indicator");
    CHECK_EQ_INT(l.err.file_line, 1);
    unload(&l);
    /* forced as a list, it is read as one */
    load_as(&l, prose, KQ_FEED_LIST);
    CHECK_COUNTS(&l, "list", 4, 2, 2, 0);
    unload(&l);
    /* a header and one value, or as many rejects as indicators, is still a list */
    load(&l, scratch_text("one.txt", "one-value.com\nsome title\n"));
    CHECK_COUNTS(&l, "list", 2, 1, 1, 0);
    unload(&l);
    load(&l, scratch_text("half.txt", "half-good.com\n10.0.0.1\n"));
    CHECK_COUNTS(&l, "list", 2, 1, 1, 0);
    unload(&l);
}

static void test_csv_shapes(void)
{
    const char *md5 = "0f343b0931126a20f133d67c2b018a3b";
    const char *sha1 = "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12";
    char text[2048];
    snprintf(text, sizeof text,
             "\xEF\xBB\xBFIndicator,Type,Description,TLP,FirstSeen\r\n"                       /* 1 */
             "evil-one.com \xC2\xA0,domainname,\"Phish kit, \"\"v2\"\"\",TLP:Amber,2024-03-01\r\n" /* 2 */
             "10.1.2.3,ip,internal,White,\r\n"                                                /* 3 */
             "\"unterminated.com,domain,oops,White,\r\n"                                      /* 4 */
             "HKLM\\Software\\Evil,regkey,persistence,White,\r\n"                             /* 5 */
             "\"%s,%s\",file,two hashes of one file,White,\r\n"                               /* 6 */
             "evil-two.net/dl/payload.bin,url,,,\r\n"                                         /* 7 */
             ",,,,\r\n"                                                                       /* 8 */
             "ftp.evil-three.org,domain_name,\"quoted \"stray\" quote\",White,\r\n",          /* 9 */
             md5, sha1);
    loaded l;
    load(&l, scratch_text("shapes.csv", text));
    CHECK_COUNTS(&l, "csv", 7, 5, 2, 1);
    CHECK_IOC(&l.set, .value = "evil-one.com", .type = "domain", .confidence = -1, .line = 2,
              .description = "Phish kit, \"v2\"", .tlp = "amber", .first_seen = "2024-03-01T00:00:00.0000000Z",
              .provider = "shapes.csv");
    CHECK_IOC(&l.set, .value = md5, .type = "md5", .confidence = -1, .line = 6, .description = "two hashes of one file");
    CHECK_IOC(&l.set, .value = sha1, .type = "sha1", .confidence = -1, .line = 6);
    CHECK_IOC(&l.set, .value = "http://evil-two.net/dl/payload.bin", .type = "url", .confidence = -1, .line = 7);
    CHECK_IOC(&l.set, .value = "ftp.evil-three.org", .type = "domain", .confidence = -1, .line = 9,
              .description = "quoted \"stray\" quote", .tlp = "white");
    CHECK_REJECT(&l.set, "10.1.2.3", 3, "private address (RFC 1918): would match internal traffic");
    CHECK_REJECT(&l.set, "\"unterminated.com,domain,oops,White,", 4, "malformed CSV record: unterminated quote");
    CHECK_REJECT(&l.set, "HKLM\\Software\\Evil", 5, "type 'regkey' is not hunted");
    unload(&l);

    /* RFC 4180: a quoted field may hold line breaks; the record is one, on its first line, and no
     * fragment of it is hunted */
    load(&l, scratch_text("multiline.csv", "IoC,Type,Description\n"
                                           "\"multi\nline.com\",domain,\n"
                                           "after-one.com,domain,\"two\r\nlines, \"\"quoted\"\"\"\r\n"
                                           "after-two.com,domain,\n"
                                           "\"open.com,domain,\"x\" y\nlast.com,domain,\n"));
    CHECK_COUNTS(&l, "csv", 5, 3, 2, 0);
    CHECK_REJECT(&l.set, "multi\nline.com", 2, "control character in value");
    CHECK(find_ioc(&l.set, "line.com") == NULL);
    CHECK_IOC(&l.set, .value = "after-one.com", .type = "domain", .confidence = -1, .line = 4,
              .description = "two\r\nlines, \"quoted\"");
    CHECK_IOC(&l.set, .value = "after-two.com", .type = "domain", .confidence = -1, .line = 6);
    /* a quote that does not close as RFC 4180 has it rejects its own line only */
    CHECK_REJECT(&l.set, "\"open.com,domain,\"x\" y", 7, "malformed CSV record: unterminated quote");
    CHECK_IOC(&l.set, .value = "last.com", .type = "domain", .confidence = -1, .line = 8);
    unload(&l);

    /* a value shaped like a domain whose last label is a file extension is a file name, in a
     * type-less CSV as in a list */
    load(&l, scratch_text("names.csv", "IoC,Comment\nremus.exe,dropper\nremus-c2.biz,c2\n"));
    CHECK_COUNTS(&l, "csv", 2, 2, 0, 0);
    CHECK_IOC(&l.set, .value = "remus.exe", .type = "filename", .confidence = -1, .line = 2);
    unload(&l);
    load(&l, scratch_text("names.txt", "Remus.EXE\nstage2.ps1\nremus-c2.biz\nremus.exe:80\n"));
    CHECK_COUNTS(&l, "list", 4, 3, 1, 0);
    CHECK_IOC(&l.set, .value = "Remus.EXE", .type = "filename", .confidence = -1, .line = 1);
    CHECK_IOC(&l.set, .value = "stage2.ps1", .type = "filename", .confidence = -1, .line = 2);
    CHECK_REJECT(&l.set, "remus.exe:80", 4, "top-level domain is a file extension: looks like a file name");
    unload(&l);

    /* a header that names no indicator column is an error, not a feed of rejects */
    load(&l, scratch_text("lolbas.csv", "Process\nAt.exe\nBash.exe\n"));
    CHECK_ERROR(&l, "names no indicator column");
    CHECK_EQ_INT(l.set.n + l.set.nrejects, 0);
    unload(&l);

    /* ';' as the delimiter: commas inside fields are text, quoted fields may hold ';' */
    load(&l, SAMPLES "semicolon_feed.csv");
    CHECK_COUNTS(&l, "csv", 5, 4, 1, 0);
    CHECK_IOC(&l.set, .value = "records-semi.biz", .type = "domain", .description = "C2, per the report", .tlp = "white",
              .confidence = -1, .first_seen = "2024-04-01T00:00:00.0000000Z", .line = 2, .provider = "semicolon_feed.csv");
    CHECK_IOC(&l.set, .value = "https://records-semi.biz/a;b", .type = "url", .description = "quoted; \"with\" delimiter",
              .tlp = "amber", .confidence = -1, .first_seen = "2024-04-02T00:00:00.0000000Z", .line = 3);
    CHECK_IOC(&l.set, .value = "91.92.240.17", .type = "ipv4", .tlp = "", .confidence = -1, .first_seen = "", .line = 4);
    CHECK_IOC(&l.set, .value = "7cb92512deadd04d6e8c6ef1648abefb", .type = "md5", .confidence = -1, .line = 8);
    CHECK_REJECT(&l.set, "\"records-open.biz;domain;;;", 7, "malformed CSV record: unterminated quote");
    unload(&l);

    /* tabs as the delimiter, with empty fields between them */
    load(&l, scratch_text("tabs.tsv", "IoC\tType\tTLP\tDateAdded\nrecords-tab.biz\tdomain\t\t2024-05-01\n"
                                      "\t\t\t\n91.92.240.18\t\tGreen\t\n"));
    CHECK_COUNTS(&l, "csv", 2, 2, 0, 0);
    CHECK_IOC(&l.set, .value = "records-tab.biz", .type = "domain", .tlp = "", .confidence = -1,
              .first_seen = "2024-05-01T00:00:00.0000000Z", .line = 2);
    CHECK_IOC(&l.set, .value = "91.92.240.18", .type = "ipv4", .tlp = "green", .confidence = -1, .first_seen = "", .line = 4);
    unload(&l);

    /* a list of feeds to download is not a feed of indicators */
    load(&l, scratch_text("feeds.csv", "Vendor;Description;Category;Url\n"
                                       "Abuse.ch;Botnet C2 IP Blacklist;IP;https://sslbl.abuse.ch/blacklist/sslipblacklist.txt\n"));
    CHECK_ERROR(&l, "the CSV header 'Vendor;Description;Category;Url' describes a list of feeds");
    CHECK_EQ_INT(l.set.n + l.set.nrejects, 0);
    unload(&l);

    /* TweetFeed has no header: recognised by its shape */
    load(&l, scratch_text("week.csv", "2026-08-16 01:04:58,someone,domain,tweeted-domain.com,#phishing #Emotet,"
                                      "https://x.com/someone/status/1\n"));
    CHECK_COUNTS(&l, "csv", 1, 1, 0, 0);
    CHECK_IOC(&l.set, .value = "tweeted-domain.com", .type = "domain", .confidence = -1, .line = 1,
              .tags = "phishing,Emotet", .reference = "https://x.com/someone/status/1",
              .first_seen = "2026-08-16T01:04:58.0000000Z");
    unload(&l);
}

/* ---- hostile input ---- */

/* ---- ThreatIntelligenceIndicator rows: kq's own --emit tii, and Sentinel's exports ---- */

static void test_tii_rows(void)
{
    loaded l;
    load(&l, scratch_text("tii.jsonl",
        "{\"Type\":\"ThreatIntelligenceIndicator\",\"TimeGenerated\":\"2026-05-12T08:41:17.0000000Z\","
        "\"IndicatorId\":\"kq-1\",\"ExternalIndicatorId\":\"1790012\",\"Active\":true,"
        "\"ExpirationDateTime\":\"2027-05-12T08:41:17.0000000Z\",\"ThreatType\":\"botnet_cc\",\"ConfidenceScore\":100,"
        "\"Tags\":\"Remus\",\"MalwareNames\":\"Remus\",\"IndicatorProvider\":\"ThreatFox\",\"DomainName\":\"tii-one.biz\"}\n"
        "{\"IndicatorId\":\"a1b2\",\"Active\":false,\"ThreatType\":\"C2\",\"ConfidenceScore\":80.0,"
        "\"TrafficLightProtocolLevel\":\"Amber\",\"MalwareNames\":[\"Vidar\",\"Stealc\"],\"Tags\":[\"a\",\"b\"],"
        "\"Description\":\"from Sentinel\",\"AdditionalInformation\":\"https://ref.example/1\","
        "\"NetworkIP\":\"91.92.240.20\",\"NetworkPort\":8443}\n"
        "\n"
        "{\"IndicatorId\":\"c3\",\"ThreatType\":\"Malware\",\"FileHashType\":\"MD5\","
        "\"FileHashValue\":\"0F343B0931126A20F133D67C2B018A3B\",\"Url\":\"hxxp://tii-two[.]biz/x\"}\n"
        "{\"IndicatorId\":\"d4\",\"ThreatType\":\"WatchList\",\"Active\":true}\n"
        "not json\n"
        "{\"IndicatorId\": \"e5\", \"DomainName\": \n"
        "{\"IndicatorId\":\"f6\",\"ThreatType\":\"Phishing\",\"EmailSenderAddress\":\"bad@tii-three.biz\",\"FileName\":\"tii.exe\"}\n"));
    CHECK_COUNTS(&l, "tii", 7, 6, 3, 0);
    CHECK_IOC(&l.set, .value = "tii-one.biz", .type = "domain", .threat_type = "botnet_cc", .malware = "Remus",
              .tags = "Remus", .confidence = 100, .first_seen = "2026-05-12T08:41:17.0000000Z",
              .expires = "2027-05-12T08:41:17.0000000Z", .line = 1, .provider = "ThreatFox", .external_id = "1790012");
    CHECK_IOC(&l.set, .value = "91.92.240.20", .type = "ipv4", .port = 8443, .threat_type = "C2",
              .malware = "Vidar, Stealc", .tags = "a,b", .tlp = "amber", .confidence = 80, .description = "from Sentinel",
              .line = 2, .provider = "tii.jsonl", .reference = "https://ref.example/1", .external_id = "a1b2");
    CHECK(find_ioc(&l.set, "91.92.240.20") && find_ioc(&l.set, "91.92.240.20")->revoked); /* Active false */
    CHECK_EQ_INT(find_ioc(&l.set, "91.92.240.20")->nfamilies, 2);
    CHECK(!find_ioc(&l.set, "tii-one.biz")->revoked);
    CHECK_IOC(&l.set, .value = "0f343b0931126a20f133d67c2b018a3b", .type = "md5", .line = 4, .confidence = -1);
    CHECK_IOC(&l.set, .value = "http://tii-two.biz/x", .type = "url", .line = 4, .confidence = -1);
    CHECK_IOC(&l.set, .value = "bad@tii-three.biz", .type = "email", .line = 8, .confidence = -1);
    CHECK_IOC(&l.set, .value = "tii.exe", .type = "filename", .line = 8, .confidence = -1);
    CHECK_REJECT(&l.set, "{\"IndicatorId\":\"d4\",\"ThreatType\":\"WatchList\",\"Active\":true}", 5,
                 "row has no indicator column (DomainName, Url, NetworkIP, NetworkCidrBlock, FileHashValue, "
                 "EmailSenderAddress, FileName)");
    CHECK_REJECT(&l.set, "not json", 6, "row is not a JSON object");
    CHECK_REJECT(&l.set, "{\"IndicatorId\": \"e5\", \"DomainName\": ", 7, "malformed JSON row");
    unload(&l);

    /* a JSON array of rows, pretty-printed: a row's line is the line of its '{' */
    load(&l, scratch_text("tii.json", "[\n  {\"IndicatorId\": \"x\", \"ThreatType\": \"C2\",\n"
                                      "   \"ExpirationDateTime\": \"2027-01-01T00:00:00Z\",\n"
                                      "   \"NetworkCidrBlock\": \"91.92.240.0/24\"},\n"
                                      "  {\"IndicatorId\": \"y\", \"ThreatType\": \"C2\", \"DomainName\": \"tii-four.biz\"}\n]\n"));
    CHECK_COUNTS(&l, "tii", 2, 2, 0, 0);
    CHECK_IOC(&l.set, .value = "91.92.240.0/24", .type = "cidr", .line = 2, .confidence = -1,
              .expires = "2027-01-01T00:00:00.0000000Z", .external_id = "x");
    CHECK_IOC(&l.set, .value = "tii-four.biz", .type = "domain", .line = 5, .confidence = -1);
    unload(&l);

    /* rows recognised by their own marks, whatever columns they leave out: kq's --emit tii of a
     * plain list (no ThreatType), and an export of IndicatorId and a value column */
    load(&l, scratch_text("tii-plain.jsonl",
        "{\"Type\":\"ThreatIntelligenceIndicator\",\"SourceSystem\":\"kq\",\"IndicatorId\":\"kq-1\","
        "\"Active\":true,\"IndicatorProvider\":\"one.txt\",\"DomainName\":\"tii-six.biz\"}\n"));
    CHECK_COUNTS(&l, "tii", 1, 1, 0, 0);
    CHECK_IOC(&l.set, .value = "tii-six.biz", .type = "domain", .line = 1, .confidence = -1, .provider = "one.txt");
    unload(&l);
    load(&l, scratch_text("tii-bare.json", "[{\"IndicatorId\": \"z\", \"Url\": \"http://tii-seven.biz/a\"}]\n"));
    CHECK_COUNTS(&l, "tii", 1, 1, 0, 0);
    unload(&l);

    /* forced on other JSON, and cut short */
    load_as(&l, SAMPLES "stix_small.json", KQ_FEED_TII);
    CHECK_ERROR(&l, "not in the tii format: the first row has neither \"Type\": \"ThreatIntelligenceIndicator\" nor "
                    "an IndicatorId with a value column");
    CHECK_EQ_INT(l.set.n + l.set.nrejects, 0);
    unload(&l);
    load(&l, scratch_text("tii-cut.json", "[{\"IndicatorId\": \"x\", \"ThreatType\": \"C2\", \"Active\": true,"
                                          " \"DomainName\": \"tii-five.biz\"}, {\"IndicatorId\""));
    CHECK_ERROR(&l, "malformed JSON (cut short?) in the array of rows");
    unload(&l);
}

/* ---- broken ThreatFox records: rejected with their line and reason, and counted ---- */

static void test_threatfox_malformed(void)
{
    loaded l;
    /* the export writes {"<ioc_id>": [{...}]}: an entry that is an object is not read as one */
    load(&l, scratch_text("tf-object.json",
                          "{\n"
                          "  \"5\": [{\"ioc_value\": \"tf-array.biz\", \"ioc_type\": \"domain\"}],\n"
                          "  \"6\": {\"ioc_value\": \"tf-object.biz\", \"ioc_type\": \"domain\"},\n"
                          "  \"7\": \"tf-string.biz\"\n"
                          "}\n"));
    CHECK_COUNTS(&l, "threatfox-json", 3, 1, 2, 0);
    CHECK_IOC(&l.set, .value = "tf-array.biz", .type = "domain", .confidence = -1, .line = 2, .external_id = "5");
    CHECK_REJECT(&l.set, "{\"ioc_value\": \"tf-object.biz\", \"ioc_type\": \"domain\"}", 3,
                 "export entry is an object, not an array of records");
    CHECK_REJECT(&l.set, "\"tf-string.biz\"", 4, "export entry is not an array of records");
    unload(&l);

    /* a CSV export row with fewer cells than the header names */
    load(&l, scratch_text("tf-short.csv",
                          "# ThreatFox IOCs\n"
                          "# \"first_seen_utc\",\"ioc_id\",\"ioc_value\",\"ioc_type\",\"threat_type\",\"fk_malware\","
                          "\"malware_alias\",\"malware_printable\",\"last_seen_utc\",\"confidence_level\",\"is_compromised\","
                          "\"reference\",\"tags\",\"anonymous\",\"reporter\"\n"
                          "\"2026-05-12 09:05:11\", \"1\", \"tf-whole.biz\", \"domain\", \"botnet_cc\", \"None\", \"None\", "
                          "\"Remus\", \"None\", \"100\", \"False\", \"None\", \"Remus\", \"0\", \"abuse_ch\"\n"
                          "\"2026-05-12 09:05:12\", \"2\", \"tf-short.biz\", \"domain\"\n"));
    CHECK_COUNTS(&l, "threatfox-csv", 2, 1, 1, 0);
    CHECK_IOC(&l.set, .value = "tf-whole.biz", .type = "domain", .malware = "Remus", .confidence = 100, .line = 3);
    CHECK_REJECT(&l.set, "\"2026-05-12 09:05:12\", \"2\", \"tf-short.biz\", \"domain\"", 4,
                 "malformed threatfox-csv record: 4 cells where the header names 15");
    CHECK(find_ioc(&l.set, "tf-short.biz") == NULL);
    unload(&l);
}

/* ---- dates kq cannot read: the indicator is kept, the date left out, and a warning says so ---- */

static void test_unreadable_dates(void)
{
    loaded l;
    load(&l, scratch_text("tf-dates.json",
                          "{\"1\": [{\"ioc_value\": \"tf-dates.biz\", \"ioc_type\": \"domain\",\n"
                          "        \"first_seen_utc\": \"2026-01-02 03:04:05\", \"last_seen_utc\": \"garbage\"}],\n"
                          " \"2\": [{\"ioc_value\": \"tf-null.biz\", \"ioc_type\": \"domain\", \"last_seen_utc\": null}]}\n"));
    CHECK_COUNTS(&l, "threatfox-json", 2, 2, 0, 0);
    CHECK_EQ_INT(l.st.warnings, 1);
    CHECK_EQ_INT(l.set.nwarnings, 1);
    CHECK_IOC(&l.set, .value = "tf-dates.biz", .type = "domain", .confidence = -1, .line = 1,
              .first_seen = "2026-01-02T03:04:05.0000000Z");
    CHECK_EQ_INT(find_ioc(&l.set, "tf-dates.biz")->last_seen, 0);
    if (l.set.nwarnings == 1) {
        CHECK_EQ_STR(l.set.warnings[0].value, "garbage");
        CHECK_EQ_STR(l.set.warnings[0].reason, "unreadable date 'garbage' in last_seen_utc: left out");
        CHECK_EQ_INT(l.set.warnings[0].feed_line, 1);
        CHECK(strstr(l.set.warnings[0].feed_file, "tf-dates.json") != NULL);
    }
    unload(&l);

    load(&l, scratch_text("dates.csv", "IoC,first_seen,LastSeen,ExpirationDateTime\n"
                                       "csv-dates.biz,notadate,2026-02-01,\n"
                                       "csv-dates2.biz,2026-01-01,notadate,notadate\n"
                                       "csv-dates3.biz,2026-01-01,None,2027-01-01\n"));
    CHECK_COUNTS(&l, "csv", 3, 3, 0, 0);
    CHECK_EQ_INT(l.st.warnings, 3);
    CHECK_EQ_INT(l.set.nwarnings, 3);
    if (l.set.nwarnings == 3) {
        CHECK_EQ_STR(l.set.warnings[0].reason, "unreadable date 'notadate' in the first seen column: left out");
        CHECK_EQ_INT(l.set.warnings[0].feed_line, 2);
        CHECK_EQ_STR(l.set.warnings[1].reason, "unreadable date 'notadate' in the last seen column: left out");
        CHECK_EQ_STR(l.set.warnings[2].reason, "unreadable date 'notadate' in the expiry column: left out");
        CHECK_EQ_INT(l.set.warnings[2].feed_line, 3);
    }
    CHECK_IOC(&l.set, .value = "csv-dates.biz", .type = "domain", .confidence = -1, .line = 2, .first_seen = "");
    CHECK_IOC(&l.set, .value = "csv-dates2.biz", .type = "domain", .confidence = -1, .line = 3,
              .first_seen = "2026-01-01T00:00:00.0000000Z");
    unload(&l);
}

/* ---- a forced format is used, or the file is refused as not in it ---- */

static void test_forced_format(void)
{
    loaded l;
    const char *list = scratch_text("forced.txt", "forced-one.com\n91.92.240.19\n");
    static const struct {
        kq_feed_format fmt;
        const char *message;
    } refused[] = {
        {KQ_FEED_THREATFOX_CSV, "not in the threatfox-csv format: it has no ThreatFox CSV header"},
        {KQ_FEED_FEODO_CSV, "not in the feodo-csv format: it has no Feodo Tracker CSV header"},
        {KQ_FEED_CSV, "not in the csv format: it has no CSV header naming an indicator column"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        load_as(&l, list, refused[i].fmt);
        CHECK_ERROR(&l, refused[i].message);
        CHECK_EQ_STR(kq_feed_format_name(l.st.format), kq_feed_format_name(refused[i].fmt));
        CHECK_EQ_INT(l.set.n + l.set.nrejects, 0);
        unload(&l);
    }
    /* sniffed, the same file is a list; forced as a list, too */
    load(&l, list);
    CHECK_COUNTS(&l, "list", 2, 2, 0, 0);
    unload(&l);
    load_as(&l, list, KQ_FEED_LIST);
    CHECK_COUNTS(&l, "list", 2, 2, 0, 0);
    unload(&l);

    /* a JSON object that holds no array of this format's records */
    const char *other = scratch_text("forced.json", "{\"urls\": [{\"url\": \"http://forced-two.com/\", \"urlhaus_link\": \"x\"}]}");
    load_as(&l, other, KQ_FEED_THREATFOX_JSON);
    CHECK_ERROR(&l, "not in the threatfox-json format: a JSON object without an \"<ioc_id>\", \"data\" or \"iocs\" array");
    unload(&l);
    load_as(&l, other, KQ_FEED_FEODO_JSON);
    CHECK_ERROR(&l, "not in the feodo-json format: a JSON object without a \"data\" array of records");
    unload(&l);
    load_as(&l, SAMPLES "threatfox_remus.json", KQ_FEED_URLHAUS_JSON);
    CHECK_ERROR(&l, "not in the urlhaus-json format: a JSON object without a \"urls\" array of records");
    unload(&l);
    load_as(&l, other, KQ_FEED_URLHAUS_JSON);
    CHECK_COUNTS(&l, "urlhaus-json", 1, 1, 0, 0);
    unload(&l);
    load_as(&l, SAMPLES "threatfox_remus.json", KQ_FEED_TII);
    CHECK_ERROR(&l, "not in the tii format: the first row has neither");
    CHECK_EQ_INT(l.err.file_line, 1);
    CHECK_EQ_INT(l.set.n + l.set.nrejects, 0);
    unload(&l);
    load_as(&l, list, KQ_FEED_TII);
    CHECK_ERROR(&l, "not in the tii format");
    unload(&l);
}

static void test_hostile_input(void)
{
    loaded l;

    /* a ThreatFox export cut inside its third record: the file is not whole JSON */
    size_t n;
    char *text = read_whole(SAMPLES "threatfox_remus.json", &n);
    CHECK(text != NULL && n > 1500);
    if (text) {
        load(&l, scratch_file("truncated.json", text, 1500));
        CHECK_ERROR(&l, "malformed JSON");
        CHECK(strstr(l.err.file, "truncated.json") != NULL);
        CHECK_EQ_INT(l.err.file_line, 38); /* the record list that is cut short */
        CHECK_EQ_INT(l.set.n, 2);          /* the whole records before it */
        unload(&l);
        free(text);
    }

    /* JSON records cut inside their second record, bare and wrapped: the first one loads */
    text = read_whole(SAMPLES "json_records_small.json", &n);
    CHECK(text != NULL && n > 400);
    if (text) {
        load(&l, scratch_file("cut-records.json", text, 400));
        CHECK_ERROR(&l, "malformed JSON (cut short?) in the record list");
        CHECK_EQ_INT(l.err.file_line, 11); /* the record that is cut */
        CHECK_EQ_INT(l.set.n, 1);
        unload(&l);
        free(text);
    }
    text = read_whole(SAMPLES "json_records_small_wrapped.json", &n);
    CHECK(text != NULL && n > 600);
    if (text) {
        load(&l, scratch_file("cut-wrapped.json", text, 600));
        CHECK_ERROR(&l, "malformed JSON (cut short?) in the record list");
        CHECK_EQ_INT(l.err.file_line, 14);
        CHECK_EQ_INT(l.set.n, 1);
        unload(&l);
        free(text);
    }
    load(&l, scratch_text("after-records.json", "[{\"ioc\": \"records-eight.biz\"}] []"));
    CHECK_ERROR(&l, "text after the JSON array");
    unload(&l);

    /* a record that is not valid JSON inside a whole array is a reject; the next one loads */
    load(&l, scratch_text("ipblocklist.json",
                          "[\n  {\"ip_address\": \"203.0.113.9\", \"port\": 80,},\n"
                          "  {\"ip_address\": \"198.51.100.7\", \"port\": 443, \"malware\": \"QakBot\"}\n]\n"));
    CHECK_COUNTS(&l, "feodo-json", 2, 1, 1, 0);
    CHECK_REJECT(&l.set, "{\"ip_address\": \"203.0.113.9\", \"port\": 80,}", 2, "malformed JSON record");
    CHECK_IOC(&l.set, .value = "198.51.100.7", .type = "ipv4", .port = 443, .threat_type = "botnet_cc",
              .malware = "QakBot", .confidence = -1, .line = 3, .provider = "Feodo Tracker");
    unload(&l);

    /* a file of NUL bytes is binary */
    char zeros[4096] = {0};
    load(&l, scratch_file("zeros.bin", zeros, sizeof zeros));
    CHECK_ERROR(&l, "binary file");
    unload(&l);

    /* an empty file is an empty list */
    load(&l, scratch_file("empty.txt", "", 0));
    CHECK_COUNTS(&l, "list", 0, 0, 0, 0);
    unload(&l);

    /* formats kq does not read */
    load(&l, scratch_text("feed.xml", "<?xml version=\"1.0\"?>\n<stix:STIX_Package xmlns:stix=\"http://stix.mitre.org/stix-1\">\n"));
    CHECK_ERROR(&l, "STIX 1.x XML is not supported; convert to STIX 2.1");
    unload(&l);
    load(&l, scratch_text("covid.json", "{\"Metadata\":{\"Source\":\"Microsoft\"},\"Covid19Indicators\":[]}"));
    CHECK_ERROR(&l, "JSON with keys Metadata, Covid19Indicators is not a known feed format");
    unload(&l);
    load(&l, scratch_dir);
    CHECK_ERROR(&l, "without manifest.json");
    unload(&l);
    load(&l, SAMPLES "no-such-feed.csv");
    CHECK_ERROR(&l, "cannot open");
    unload(&l);
}

/* ---- the real feeds ---- */

static void test_real_threatfox(void)
{
    loaded l;
    load(&l, SHARED_IOC "threatfox/threatfox_export_recent.json");
    CHECK_COUNTS(&l, "threatfox-json", 4488, 4488, 0, 0);
    CHECK_IOC(&l.set, .value = "efqveeuagmohjnnmvv.fidipodiatry.com", .type = "domain",
              .threat_type = "payload_delivery", .malware = "ClearFake", .tags = "ClearFake,win-0x0cd5,windows",
              .confidence = 100, .first_seen = "2026-07-24T13:39:49.0000000Z", .line = 39,
              .provider = "ThreatFox", .external_id = "1856789");
    CHECK_IOC(&l.set, .value = "217.60.241.34", .type = "ipv4", .port = 7707, .threat_type = "botnet_cc",
              .malware = "AsyncRAT", .tags = "asyncrat", .confidence = 75, .first_seen = "2026-07-22T08:55:56.0000000Z",
              .last_seen = "2026-07-24T13:45:23.0000000Z", .line = 26697, .external_id = "1855226",
              .reference = "https://bazaar.abuse.ch/sample/40b95ef52169126b3732d14479f1497715ec0f5bf1bc6fd0104188f7911f5fef/");
    CHECK_IOC(&l.set, .value = "https://sup.merahsm188.top/", .type = "url", .malware = "Vidar",
              .tags = "vidar,compromised", .confidence = 100, .line = 3, .external_id = "1856791");
    CHECK_IOC(&l.set, .value = "a20052c78501ce91feba8ce56a3aa665", .type = "md5", .malware = "Kuiper", .tags = "",
              .confidence = 95, .line = 3441, .external_id = "1856606");
    unload(&l);

    load(&l, SHARED_IOC "threatfox/threatfox_api_recent_hasamba.json");
    CHECK_COUNTS(&l, "threatfox-json", 15, 15, 0, 0);
    CHECK_IOC(&l.set, .value = "193.161.193.99", .type = "ipv4", .port = 36102, .malware = "Vjw0rm",
              .confidence = 100, .first_seen = "2026-02-02T16:40:06.0000000Z", .line = 1, .external_id = "");
    CHECK_IOC(&l.set, .value = "r.ciberseguridad-eia.xyz", .type = "domain", .malware = "Unknown malware",
              .tags = "AKAMAI-LINODE-AP,AS63949,censys,EvilGinx,panel,Phishing", .confidence = 100, .line = 1,
              .reference = "https://search.censys.io/hosts/45.33.88.161+r.ciberseguridad-eia.xyz");
    unload(&l);

    load(&l, SHARED_IOC "threatfox/threatfox_defanged_ashiroodi.json");
    CHECK_COUNTS(&l, "threatfox-json", 40, 37, 3, 0);
    CHECK_IOC(&l.set, .value = "41.234.45.136", .type = "ipv4", .port = 8808, .malware = "AsyncRAT",
              .confidence = 100, .first_seen = "2026-08-22T21:05:05.0000000Z", .line = 1);
    CHECK_IOC(&l.set, .value = "biqeketo.workers.dev", .type = "domain", .malware = "php.shin_webshell",
              .confidence = 50, .line = 1);
    CHECK_REJECT(&l.set, "32f85cbf0fcd...d4c2", 1, "not a hexadecimal hash");
    unload(&l);

    load(&l, SHARED_IOC "threatfox/threatfox_hostfile_domains_BertJanP.csv");
    CHECK_COUNTS(&l, "csv", 24961, 24949, 12, 0);
    CHECK_IOC(&l.set, .value = "tpowe2.com", .type = "domain", .confidence = -1, .line = 3,
              .provider = "threatfox_hostfile_domains_BertJanP.csv");
    CHECK_IOC(&l.set, .value = "gay.energy", .type = "domain", .confidence = -1, .line = 24962);
    CHECK_REJECT(&l.set, "57.5034.214.1", 17400, "invalid IPv4 address (octet above 255)");
    CHECK_REJECT(&l.set, "ms-punisher.no.-ip.org", 11129, "domain label starts or ends with '-'");
    unload(&l);

    load(&l, SHARED_IOC "threatfox/threatfox_ips_elliotwutingfeng.txt");
    CHECK_COUNTS(&l, "list", 19863, 19863, 0, 0);
    CHECK_IOC(&l.set, .value = "1.7.147.211", .type = "ipv4", .confidence = -1, .line = 1,
              .provider = "threatfox_ips_elliotwutingfeng.txt");
    unload(&l);
}

static void test_real_abusech(void)
{
    loaded l;
    load(&l, SHARED_IOC "feodo/ipblocklist.csv");
    CHECK_COUNTS(&l, "feodo-csv", 28, 28, 0, 0);
    CHECK_IOC(&l.set, .value = "192.9.135.73", .type = "ipv4", .port = 1194, .threat_type = "botnet_cc",
              .malware = "Pikabot", .confidence = -1, .first_seen = "2023-05-23T17:51:44.0000000Z",
              .last_seen = "2024-04-01T00:00:00.0000000Z", .line = 10, .provider = "Feodo Tracker");
    unload(&l);

    load(&l, SHARED_IOC "feodo/ipblocklist.json");
    CHECK_COUNTS(&l, "feodo-json", 5, 5, 0, 0);
    CHECK_IOC(&l.set, .value = "50.16.16.211", .type = "ipv4", .port = 443, .threat_type = "botnet_cc",
              .malware = "QakBot", .confidence = -1, .first_seen = "2025-12-30T13:56:31.0000000Z", .line = 14,
              .provider = "Feodo Tracker");
    unload(&l);

    load(&l, SHARED_IOC "urlhaus/urlhaus_api_recent_hasamba.json");
    CHECK_COUNTS(&l, "urlhaus-json", 15, 15, 0, 0);
    /* url_status "offline" is still hunted */
    CHECK_IOC(&l.set, .value = "http://natalstatus.org/ep9TS2/ndt.sh", .type = "url", .threat_type = "malware_download",
              .tags = "sh,ua-wget", .confidence = -1, .first_seen = "2026-02-02T17:15:06.0000000Z", .line = 1,
              .provider = "URLhaus", .reference = "https://urlhaus.abuse.ch/url/3770704/");
    unload(&l);

    load(&l, SHARED_IOC "urlhaus/urlhaus-filter-domains.txt");
    CHECK_COUNTS(&l, "list", 134220, 134210, 10, 0);
    CHECK_IOC(&l.set, .value = "0-24bpautomentes.hu", .type = "domain", .confidence = -1, .line = 7,
              .provider = "urlhaus-filter-domains.txt");
    CHECK_REJECT(&l.set, "0056.0151.0121.0114", 8, "IPv4 octet with a leading zero: ambiguous (octal or decimal)");
    unload(&l);

    load(&l, SHARED_IOC "urlhaus/urlhaus-filter-domains-online.txt");
    CHECK_COUNTS(&l, "list", 6415, 6415, 0, 0);
    CHECK_IOC(&l.set, .value = "0-24bpautomentes.hu", .type = "domain", .confidence = -1, .line = 7);
    unload(&l);

    load(&l, SHARED_IOC "urlhaus/urlhaus-filter-hosts.txt");
    CHECK_COUNTS(&l, "list", 6097, 6091, 6, 0);
    CHECK_IOC(&l.set, .value = "zyber-i.com", .type = "domain", .confidence = -1, .line = 6102);
    unload(&l);

    load(&l, SHARED_IOC "urlhaus/urlhaus-filter-online.txt");
    CHECK_COUNTS(&l, "list", 6817, 6817, 0, 0);
    CHECK_IOC(&l.set, .value = "http://bitbucket.org/labesoftware/update/downloads/vpn_free.exe", .type = "url",
              .confidence = -1, .line = 6431, .provider = "urlhaus-filter-online.txt");
    unload(&l);
}

static void test_real_sentinel(void)
{
    /* counts, and the first indicator of each file */
    static const struct {
        const char *file;
        int records, indicators, rejected, skipped;
        const char *value, *type, *first_seen, *tlp;
        int64_t line;
    } feeds[] = {
        {"ActiniumIOC.csv", 152, 141, 0, 11, "acetica.online", "domain", "2022-02-04T00:00:00.0000000Z", "", 2},
        {"ChiaCryptoIOC.csv", 25, 19, 0, 6, "203.107.53.48", "ipv4", "2021-06-28T00:00:00.0000000Z", "white", 2},
        {"DEV-0322_SolarWinds_Serv-U_IoC.csv", 10, 5, 0, 5, "144.34.179.162", "ipv4", "2021-07-13T00:00:00.0000000Z",
         "white", 2},
        {"DEV-0586.csv", 6, 2, 0, 4, "a196c6b8ffcb97ffb276d04f354696e2391311db3841ae16c8c9f56f36a38e92", "sha256",
         "2022-01-14T00:00:00.0000000Z", "", 2},
        {"Dev-0530_July2022.csv", 7, 5, 0, 2, "99fc54786a72f32fd44c7391c2171ca31e72ca52725c68e2dde94d04c286fccd",
         "sha256", "2022-07-14T00:00:00.0000000Z", "", 2},
        {"FoggyWebIOC.csv", 9, 3, 0, 6, "231b5517b583de102cde59630c3bf938155d17037162f663874e4662af2481b1", "sha256",
         "2021-10-22T00:00:00.0000000Z", "white", 2},
        /* values followed by a no-break space and a space */
        {"HiveRansomwareJuly2022.csv", 9, 9, 0, 0, "f4a39820dbff47fa1b68f83f575bc98ed33858b02341c5c0464a49be4e6c76d3",
         "sha256", "2022-07-05T00:00:00.0000000Z", "", 2},
        {"IP_IOC_V1.csv", 423, 423, 0, 0, "103.99.209.78", "ipv4", "2020-09-16T00:00:00.0000000Z", "", 2},
        {"SOURGUM.csv", 28, 18, 0, 10, "noc-service-streamer.com", "domain", "2021-07-16T00:00:00.0000000Z", "white", 2},
        {"Tarrask.csv", 3, 3, 0, 0, "54660bd327c9b9d60a5b45cc59477c75b4a8e2266d988da8ed9956bcc95e6795", "sha256",
         "2022-04-12T00:00:00.0000000Z", "", 2},
        {"Log4j_IOC_List.csv", 323, 323, 0, 0, "1.34.18.93", "ipv4", "", "", 2},
        {"MSTICIoCs-ExchangeServerVulnerabilitiesDisclosedMarch2021.csv", 152, 48, 0, 104,
         "8e90ed33c7ee82c0b64078ea36ec95f7420ba435c693b3b3dd728b494abf7dfc", "sha256", "2021-03-05T10:07:29.0421232Z",
         "white", 2},
        /* no header: time,value,type,tlp,source,threat,description */
        {"Microsoft.Covid19.Indicators.csv", 36, 36, 0, 0,
         "56ff731ac45bd95082663da70fc6cdb4560e5f84fc2ba36317cb7836a1534b3a", "sha256", "2020-09-29T08:01:39.0000000Z",
         "white", 1},
    };
    char path[512];
    loaded l;
    for (size_t i = 0; i < sizeof feeds / sizeof feeds[0]; i++) {
        snprintf(path, sizeof path, SHARED_IOC "azure-sentinel-feeds/%s", feeds[i].file);
        int failed_before = check_failed;
        load(&l, path);
        CHECK_COUNTS(&l, "csv", feeds[i].records, feeds[i].indicators, feeds[i].rejected, feeds[i].skipped);
        CHECK(l.set.n > 0 && strcmp(l.set.items[0].value, feeds[i].value) == 0);
        CHECK_IOC(&l.set, .value = feeds[i].value, .type = feeds[i].type, .first_seen = feeds[i].first_seen,
                  .tlp = feeds[i].tlp, .confidence = -1, .line = feeds[i].line, .provider = feeds[i].file);
        if (check_failed != failed_before) fprintf(stderr, "  (in %s)\n", feeds[i].file);
        unload(&l);
    }

    load(&l, SHARED_IOC "azure-sentinel-feeds/IP_IOC_V1.csv");
    CHECK_IOC(&l.set, .value = "103.99.209.78", .type = "ipv4", .malware = "Barium", .tags = "Barium,APT41",
              .confidence = -1, .first_seen = "2020-09-16T00:00:00.0000000Z", .expires = "2021-01-21T13:34:00.0000000Z",
              .line = 2, .provider = "IP_IOC_V1.csv",
              .reference = "https://techcommunity.microsoft.com/t5/microsoft-sentinel-blog/hunting-for-barium-using-azure-sentinel/ba-p/1875913");
    unload(&l);

    load(&l, SHARED_IOC "azure-sentinel-feeds/DEV-0586.csv");
    CHECK_REJECT(&l.set, "cmd.exe /Q /c start C:\\\\stage1.exe 1>", 4, "type 'CommandLine' is not hunted");
    unload(&l);

    load(&l, SHARED_IOC "azure-sentinel-feeds/Microsoft.Covid19.Indicators.csv");
    CHECK_IOC(&l.set, .value = "56ff731ac45bd95082663da70fc6cdb4560e5f84fc2ba36317cb7836a1534b3a", .type = "sha256",
              .threat_type = "Malware", .tlp = "white", .description = "Microsoft COVID-19 Threat Indicators",
              .confidence = -1, .first_seen = "2020-09-29T08:01:39.0000000Z", .line = 1);
    unload(&l);

    load(&l, SHARED_IOC "azure-sentinel-feeds/VPS_Networks.csv");
    CHECK_COUNTS(&l, "list", 9750, 9746, 4, 0);
    CHECK_IOC(&l.set, .value = "68.232.171.0/24", .type = "cidr", .confidence = -1, .line = 1);
    unload(&l);

    /* not indicator feeds: a header naming no indicator column is an error; the header-less
     * OAuth application list and the folder's README, read as lists, are mostly lines that are not
     * indicators: refused as not feeds, unless forced as lists */
    load(&l, SHARED_IOC "azure-sentinel-feeds/Microsoft_Lolbas_Execution_Binaries.csv");
    CHECK_ERROR(&l, "the CSV header 'Process' names no indicator column");
    unload(&l);
    load(&l, SHARED_IOC "azure-sentinel-feeds/UnusualUserAgents.csv");
    CHECK_ERROR(&l, "the CSV header 'UserAgent,UserAgentCategory' names no indicator column");
    unload(&l);
    load(&l, SHARED_IOC "azure-sentinel-feeds/Microsoft.OAuth.KnownApplications.csv");
    CHECK_ERROR(&l, "not a feed: 8 of its 8 lines give no indicator");
    CHECK_EQ_INT(l.err.file_line, 1);
    unload(&l);
    load(&l, SHARED_IOC "azure-sentinel-feeds/ReadMe.md");
    CHECK_ERROR(&l, "not a feed: 5 of its 9 lines give no indicator, so it looks like prose");
    CHECK(strstr(l.err.message, "(line 1: 'Folder to store threat intel indicator and feed data')") != NULL);
    unload(&l);
    load_as(&l, SHARED_IOC "azure-sentinel-feeds/Microsoft.OAuth.KnownApplications.csv", KQ_FEED_LIST);
    CHECK_COUNTS(&l, "list", 8, 0, 8, 0);
    CHECK_REJECT(&l.set, "5523c0ac-586d-491e-bc73-fc18f9ed2c28", 1,
                 "not a domain, URL, IP address, CIDR, hash or e-mail address");
    unload(&l);
    /* the JSON editions of two CSV feeds: the same indicators as the CSV (all records are on line
     * 1). The JSON adds ThreatType (MSTIC) and ExternalId (COVID-19); the COVID-19 JSON has no TLP
     * and keeps its description in the envelope's Metadata, where the CSV has them in each row. */
    load(&l, SHARED_IOC "azure-sentinel-feeds/MSTICIoCs-ExchangeServerVulnerabilitiesDisclosedMarch2021.json");
    CHECK_COUNTS(&l, "json-records", 152, 48, 0, 104);
    CHECK_IOC(&l.set, .value = "8e90ed33c7ee82c0b64078ea36ec95f7420ba435c693b3b3dd728b494abf7dfc", .type = "sha256",
              .threat_type = "Malware", .tlp = "white", .confidence = -1, .first_seen = "2021-03-05T10:07:29.0421232Z",
              .line = 1, .provider = "MSTICIoCs-ExchangeServerVulnerabilitiesDisclosedMarch2021.json", .external_id = "");
    CHECK_IOC(&l.set, .value = "jennifer.krebsonsecurity.top", .type = "domain", .tlp = "white", .confidence = -1,
              .first_seen = "", .line = 1);
    CHECK_REJECT(&l.set, "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\8Lw7tAhF9i1pJnRo.aspx", 1,
                 "type 'filepath' is not hunted");
    unload(&l);
    load(&l, SHARED_IOC "azure-sentinel-feeds/Microsoft.Covid19.Indicators.json");
    CHECK_COUNTS(&l, "json-records", 36, 36, 0, 0);
    CHECK_IOC(&l.set, .value = "56ff731ac45bd95082663da70fc6cdb4560e5f84fc2ba36317cb7836a1534b3a", .type = "sha256",
              .threat_type = "Malware", .tlp = "", .description = "", .confidence = -1,
              .first_seen = "2020-09-29T08:01:39.0000000Z", .line = 1, .provider = "Microsoft.Covid19.Indicators.json",
              .external_id = "32d16b15-441a-44bb-967f-07fdd213ca86");
    CHECK_IOC(&l.set, .value = "8ac691925560c06137c8c6916ef91f528e9aab0ba5b9d13a76871da353a807b2", .type = "sha256",
              .threat_type = "Phish", .confidence = -1, .first_seen = "2020-10-13T01:46:38.0000000Z", .line = 1,
              .external_id = "3e55c3c0-f50c-eb11-b0b9-98f2b3c406d2");
    unload(&l);
}

static void test_real_lists(void)
{
    loaded l;
    load(&l, SHARED_IOC "lists/volexity-threat-intel/2020/2020-12-14 - DarkHalo Leverages SolarWinds Compromise "
                        "to Breach Organizations/indicators/indicators.csv");
    CHECK_COUNTS(&l, "csv", 23, 23, 0, 0);
    CHECK_IOC(&l.set, .value = "avsvmcloud.com", .type = "domain", .confidence = -1, .description = "", .line = 13,
              .provider = "indicators.csv");
    unload(&l);

    /* "sha256,sha1,md5" in one cell of type "file": one indicator per hash */
    load(&l, SHARED_IOC "lists/volexity-threat-intel/2023/2023-03-30 3CX/indicators/iocs.csv");
    CHECK_COUNTS(&l, "csv", 34, 41, 0, 5);
    CHECK_IOC(&l.set, .value = "59e1edf4d82fae4978e97512b0331b7eb21dd4b838b850ba46794d9c7a2c0983", .type = "sha256",
              .confidence = -1, .line = 30, .description = "MSI installer for 3CX containing backdoored ffmpeg.dll");
    CHECK_IOC(&l.set, .value = "0eeb1c0133eb4d571178b2d9d14ce3e9", .type = "md5", .confidence = -1, .line = 30);
    CHECK_REJECT(&l.set, "philip.je@proton.me", 4, "type 'emailwhois' is not hunted");
    unload(&l);

    /* no header: value,type,notes */
    load(&l, SHARED_IOC "lists/volexity-threat-intel/2025/2025-02-13 Device Code Phishing/iocs.csv");
    CHECK_COUNTS(&l, "csv", 12, 12, 0, 0);
    CHECK_IOC(&l.set, .value = "107.189.27.41", .type = "ipv4", .confidence = -1, .line = 1,
              .description = "Resolution for known UTA0304 indicator");
    unload(&l);

    load(&l, SHARED_IOC "lists/facebook-threat-research/csv_2021_12_taking_action_against_surveillance_for_hire.csv");
    CHECK_COUNTS(&l, "csv", 313, 312, 1, 0);
    CHECK_IOC(&l.set, .value = "2y4nothing.xyz", .type = "domain", .description = "Cytrox Domain", .confidence = -1,
              .first_seen = "2021-12-16T00:00:00.0000000Z", .line = 2);
    unload(&l);
    load(&l, SHARED_IOC "lists/facebook-threat-research/csv_2023_05_malware_iocs.csv");
    CHECK_COUNTS(&l, "csv", 1062, 1062, 0, 0);
    CHECK_IOC(&l.set, .value = "http://bit.ly/3KJwgoH", .type = "url", .description = "Malware hosting or redirect",
              .confidence = -1, .first_seen = "2023-05-03T00:00:00.0000000Z", .line = 2);
    unload(&l);
    /* the JSON edition of the same data: pretty-printed, each record's line is that of its '{' */
    load(&l, SHARED_IOC "lists/facebook-threat-research/json_2023_05_malware_iocs.json");
    CHECK_COUNTS(&l, "json-records", 1062, 1062, 0, 0);
    CHECK_IOC(&l.set, .value = "http://bit.ly/3KJwgoH", .type = "url", .description = "Malware hosting or redirect",
              .tlp = "", .confidence = -1, .first_seen = "2023-05-03T00:00:00.0000000Z", .line = 2,
              .provider = "json_2023_05_malware_iocs.json");
    CHECK_IOC(&l.set, .value = "d188115cbf404d96a8ee9c4df6a38787428f5ba31525b42ac0074ccda63913f4", .type = "sha256",
              .description = "NodeStealer Sample", .confidence = -1, .first_seen = "2023-05-03T00:00:00.0000000Z",
              .line = 6368);
    unload(&l);
    load(&l, SHARED_IOC "lists/facebook-threat-research/stix1_2023_05_malware_iocs.xml");
    CHECK_ERROR(&l, "STIX 1.x XML is not supported; convert to STIX 2.1");
    unload(&l);

    /* a MISP feed's manifest.json given as a file loads the feed directory beside it */
    load(&l, SHARED_IOC "tweetfeed/misp-feed/manifest.json");
    CHECK_EQ_INT(l.rc, 0);
    CHECK_EQ_STR(kq_feed_format_name(l.st.format), "misp");
    size_t from_manifest = l.set.n;
    unload(&l);
    load(&l, SHARED_IOC "tweetfeed/misp-feed");
    CHECK_EQ_STR(kq_feed_format_name(l.st.format), "misp");
    CHECK(from_manifest > 0 && l.set.n == from_manifest);
    unload(&l);

    load(&l, SHARED_IOC "lists/stamparm-ipsum/ipsum.txt");
    CHECK_COUNTS(&l, "list", 120430, 120430, 0, 0);
    CHECK_IOC(&l.set, .value = "77.90.185.20", .type = "ipv4", .confidence = -1, .line = 8, .provider = "ipsum.txt");
    unload(&l);

    load(&l, SHARED_IOC "lists/C2-Tracker_all.txt");
    CHECK_COUNTS(&l, "list", 2347, 2347, 0, 0);
    CHECK_IOC(&l.set, .value = "39.98.48.153", .type = "ipv4", .confidence = -1, .line = 1);
    unload(&l);

    /* "#ip,ioc": the header is a comment */
    load(&l, SHARED_IOC "lists/IPC2s-30day_BertJanP.csv");
    CHECK_COUNTS(&l, "csv", 1318, 1317, 1, 0);
    CHECK_REJECT(&l.set, "172.21.25.140", 2, "private address (RFC 1918): would match internal traffic");
    unload(&l);

    /* ';'-separated, and not a feed of indicators: each row names a vendor's feed and its URL */
    load(&l, SHARED_IOC "lists/ThreatIntelFeeds_BertJanP.csv");
    CHECK_ERROR(&l, "the CSV header 'Vendor;Description;Category;Url' describes a list of feeds (who publishes each "
                    "and its URL), not indicators");
    CHECK_EQ_INT(l.err.file_line, 1);
    CHECK_EQ_INT(l.set.n + l.set.nrejects, 0);
    unload(&l);

    /* no header: date,user,type,value,tags,tweet_url */
    load(&l, SHARED_IOC "tweetfeed/week.csv");
    CHECK_COUNTS(&l, "csv", 1574, 1574, 0, 0);
    CHECK_IOC(&l.set, .value = "hndjsy.com", .type = "domain", .tags = "phishing", .confidence = -1,
              .first_seen = "2026-08-16T01:04:58.0000000Z", .line = 1, .provider = "week.csv",
              .reference = "https://x.com/masaomi346/status/2088794108454465822");
    CHECK_IOC(&l.set, .value = "84.247.187.67", .type = "ipv4", .tags = "C2,RAT", .confidence = -1, .line = 1574);
    unload(&l);
}

int main(void)
{
    test_format_names();
    test_threatfox_csv_sample();
    test_threatfox_json_sample();
    test_default_expiry();
    if (!mkdtemp(scratch_dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_gzip();
    test_list_shapes();
    test_json_records_samples();
    test_csv_shapes();
    test_forced_format();
    test_unreadable_dates();
    test_threatfox_malformed();
    test_tii_rows();
    test_hostile_input();
    remove_scratch();

    struct stat sb;
    if (stat(SHARED_IOC, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        test_real_threatfox();
        test_real_abusech();
        test_real_sentinel();
        test_real_lists();
    } else {
        printf("feeds: %s not found, real feeds skipped\n", SHARED_IOC);
    }
    return check_report("feeds");
}
