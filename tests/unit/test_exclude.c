/*
 * test_exclude.c - unit tests of src/hunt/exclude.c and src/hunt/warninglist.c: the example
 * exclusion file, errors (with their lines) of broken ones under tests/data/exclusions, the
 * matching rules of each warninglist kind under tests/data/warninglists, and, when the data
 * directory is there, the real MISP warninglists.
 */
#include "hunt/exclude.h"
#include "check.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#define SEED_FILE "examples/exclusions/seed-scenarios.yaml"
#define BAD_DIR "tests/data/exclusions/"
#define LISTS_DIR "tests/data/warninglists"
#define MISP_DIR "../shared/data/ioc/misp-warninglists"

static int64_t ticks_of(const char *text)
{
    int64_t t = 0;
    CHECK(kq_parse_datetime(text, strlen(text), &t));
    return t;
}

static const kq_exclusion_rule *rule_named(const kq_exclusions *x, const char *name)
{
    for (size_t i = 0; i < x->n; i++)
        if (strcmp(x->rules[i].name, name) == 0) return &x->rules[i];
    return NULL;
}

static bool tables_are(const kq_exclusion_rule *r, const char *const *want, size_t n)
{
    if (!r || !r->tables) return false;
    for (size_t i = 0; i < n; i++)
        if (!r->tables[i] || strcmp(r->tables[i], want[i]) != 0) return false;
    return r->tables[n] == NULL;
}

static void test_seed_file(void)
{
    kq_exclusions x;
    kq_exclusions_init(&x);
    kq_error err = {0};
    CHECK_EQ_INT(kq_exclusions_load(&x, SEED_FILE, &err), 0);
    if (err.code) fprintf(stderr, "%s:%lld: %s\n", err.file, (long long)err.file_line, err.message);
    CHECK_EQ_INT(x.n, 6);
    static const char *const names[] = {"security-monitoring-agents", "security-monitoring-dns-hosts",
                                        "scheduled-admin-tasks-security-log", "scheduled-admin-tasks-defender",
                                        "patch-deployment", "network-capture-tools"};
    for (size_t i = 0; i < x.n && i < 6; i++) {
        const kq_exclusion_rule *r = &x.rules[i];
        CHECK_EQ_STR(r->name, names[i]);
        CHECK(r->scenario[0] && r->reason[0] && r->where[0]);
        CHECK_EQ_STR(r->file, SEED_FILE);
        CHECK(r->line > 0);
        CHECK_EQ_INT(r->expires, i == 5 ? ticks_of("2027-06-30T23:59:59.9999999") : 0);
    }

    const kq_exclusion_rule *agents = rule_named(&x, "security-monitoring-agents");
    CHECK(tables_are(agents, (const char *const[]){"DeviceNetworkEvents", "DeviceProcessEvents"}, 2));
    CHECK_EQ_STR(agents->scenario, "Security monitoring tools touching the same data");
    CHECK(strstr(agents->where, "\"splunkd.exe\"") != NULL);
    CHECK_EQ_INT(agents->line, 12);
    const kq_exclusion_rule *dns = rule_named(&x, "security-monitoring-dns-hosts");
    CHECK(tables_are(dns, (const char *const[]){"DnsEvents"}, 1));
    CHECK(strncmp(dns->where, "Computer in~", 12) == 0);
    CHECK(tables_are(rule_named(&x, "scheduled-admin-tasks-security-log"), (const char *const[]){"SecurityEvent"}, 1));
    CHECK(tables_are(rule_named(&x, "scheduled-admin-tasks-defender"), (const char *const[]){"DeviceProcessEvents"}, 1));
    CHECK(tables_are(rule_named(&x, "patch-deployment"),
                     (const char *const[]){"DeviceFileEvents", "DeviceProcessEvents"}, 2));
    const kq_exclusion_rule *capture = rule_named(&x, "network-capture-tools");
    CHECK(tables_are(capture, (const char *const[]){"DeviceNetworkEvents"}, 1));
    CHECK_EQ_STR(capture->scenario, "Network monitoring tools");
    /* block scalars lose their final newline */
    CHECK(capture->where[strlen(capture->where) - 1] == ')');

    CHECK(kq_exclusion_applies(agents, "DeviceNetworkEvents"));
    CHECK(kq_exclusion_applies(agents, "DeviceProcessEvents"));
    CHECK(!kq_exclusion_applies(agents, "DnsEvents"));
    CHECK(!kq_exclusion_applies(agents, "devicenetworkevents"));
    kq_exclusion_rule everywhere = {.name = "any", .tables = NULL};
    CHECK(kq_exclusion_applies(&everywhere, "DnsEvents"));
    const char *no_tables[] = {NULL};
    everywhere.tables = no_tables;
    CHECK(kq_exclusion_applies(&everywhere, "SecurityEvent"));

    /* a BOM is accepted; a second file adds to the first; a clash of names is refused whole */
    CHECK_EQ_INT(kq_exclusions_load(&x, BAD_DIR "bom.yaml", &err), 0);
    CHECK_EQ_INT(x.n, 7);
    const kq_exclusion_rule *bom = rule_named(&x, "bom-rule");
    CHECK(tables_are(bom, (const char *const[]){"DnsEvents"}, 1));
    CHECK_EQ_INT(bom ? bom->expires : 0, ticks_of("2026-01-15T08:30:00Z"));
    CHECK_EQ_STR(bom ? bom->where : NULL, "Name endswith \".example.com\"");
    CHECK_EQ_STR(bom ? bom->scenario : NULL, "");
    CHECK_EQ_INT(bom ? bom->line : 0, 3);
    CHECK_EQ_INT(kq_exclusions_load(&x, BAD_DIR "bom.yaml", &err), KQ_ERR_INPUT);
    CHECK_EQ_INT(err.file_line, 3);
    CHECK_EQ_STR(err.message, "duplicate exclusion rule name 'bom-rule' (first defined at " BAD_DIR "bom.yaml:3)");
    CHECK_EQ_INT(x.n, 7);
    kq_exclusions_free(&x);
}

/* Loads a broken file into a fresh set: the error must be `code` at file:line with the message,
 * and no rule of the file may stay. */
static void check_error(int code, const char *file, int64_t line, const char *message)
{
    kq_exclusions x;
    kq_exclusions_init(&x);
    kq_error err = {0};
    char path[256];
    snprintf(path, sizeof path, BAD_DIR "%s", file);
    CHECK_EQ_INT(kq_exclusions_load(&x, path, &err), code);
    CHECK_EQ_INT(err.code, code);
    CHECK_EQ_STR(err.file, path);
    CHECK_EQ_INT(err.file_line, line);
    CHECK_EQ_STR(err.message, message);
    CHECK_EQ_INT(x.n, 0);
    kq_exclusions_free(&x);
}

/* A file that cannot be read as exclusion rules: an input error. */
static void check_load_error(const char *file, int64_t line, const char *message)
{
    check_error(KQ_ERR_INPUT, file, line, message);
}

/* A predicate that would not stay inside "where not(...)", or is no valid KQL: a query error at
 * the where: line. */
static void check_predicate_error(const char *file, int64_t line, const char *message)
{
    check_error(KQ_ERR_QUERY, file, line, message);
}

static void test_bad_predicates(void)
{
    check_predicate_error("breakout.yaml", 5,
                          "exclusion 'closes-the-wrapper': its where: is not one KQL predicate: ')' closes a bracket "
                          "that the predicate did not open (at 1:17 of the predicate)");
    check_predicate_error("piped.yaml", 5,
                          "exclusion 'piped': its where: is not one KQL predicate: '|' ends the predicate: a "
                          "predicate is one expression, not operators or statements (at 2:1 of the predicate)");
    check_predicate_error("dangling.yaml", 5,
                          "exclusion 'dangling': its where: is not one KQL predicate: expected an expression but "
                          "found the end of the query (at 1:19 of the predicate)");
    check_predicate_error("unclosed.yaml", 5,
                          "exclusion 'unclosed': its where: is not one KQL predicate: '(' is never closed (at 1:1 of "
                          "the predicate)");
}

static void test_bad_files(void)
{
    check_load_error("missing-reason.yaml", 6, "exclusion rule 'no-reason' has no 'reason:'");
    check_load_error("unknown-key.yaml", 4,
                     "unknown key 'tabels' in an exclusion rule (known: name, scenario, reason, tables, where, expires)");
    check_load_error("duplicate-name.yaml", 10,
                     "duplicate exclusion rule name 'same-name' (first defined at " BAD_DIR "duplicate-name.yaml:2)");
    check_load_error("bad-date.yaml", 6,
                     "'expires: 2027-02-30' is not a date (YYYY-MM-DD or an ISO 8601 date and time)");
    check_load_error("syntax-error.yaml", 5, "invalid YAML: mapping values are not allowed in this context");
    check_load_error("wrong-kind.yaml", 5, "'tables:' must be a table name or a list of them, not a mapping");
    check_load_error("no-such-file.yaml", 0, "cannot open: No such file or directory");
    check_load_error("", 0, "cannot open: Is a directory");
}

static kq_indicator ioc_of(kq_ioc_type type, const char *value)
{
    kq_indicator ioc = {.type = type, .value = value, .raw = value};
    return ioc;
}

/* The id of the list that names the indicator, "" when none does. */
static const char *match_id(const kq_warninglists *w, kq_ioc_type type, const char *value)
{
    kq_indicator ioc = ioc_of(type, value);
    const kq_warninglist *l = kq_warninglists_match(w, &ioc);
    return l ? kq_warninglist_id(l) : "";
}

static bool load_lists(kq_warninglists *w, const char *path)
{
    kq_error err = {0};
    int rc = kq_warninglists_load(w, path, &err);
    if (rc) fprintf(stderr, "%s:%lld: %s\n", err.file, (long long)err.file_line, err.message);
    return rc == 0;
}

static void test_list_kinds(void)
{
    kq_warninglists w;
    kq_warninglists_init(&w);
    CHECK(load_lists(&w, LISTS_DIR "/test-string/list.json"));
    CHECK_EQ_INT(w.n, 1);
    const kq_warninglist *l = w.lists[0];
    CHECK_EQ_STR(kq_warninglist_id(l), "test-string");
    CHECK_EQ_STR(kq_warninglist_name(l), "Test list of exact names");
    CHECK(strncmp(kq_warninglist_description(l), "string: exact", 13) == 0);
    CHECK_EQ_INT(kq_warninglist_kind_of(l), KQ_WL_STRING);
    CHECK_EQ_INT(kq_warninglist_size(l), 4);
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "example.com"), "test-string");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "EXAMPLE.com"), "test-string");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "www.example.com"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "spaced.example"), "test-string");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "mail.google.ad"), "test-string");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "google.ad"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_URL, "http://evil.example.net/a"), "test-string");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_URL, "http://example.com/"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_EMAIL, "user@example.com"), "");
    kq_warninglists_free(&w);

    kq_warninglists_init(&w);
    CHECK(load_lists(&w, LISTS_DIR "/test-hostname"));
    CHECK_EQ_INT(w.n, 1);
    CHECK_EQ_INT(kq_warninglist_kind_of(w.lists[0]), KQ_WL_HOSTNAME);
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "corp.example"), "test-hostname");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "a.b.corp.example"), "test-hostname");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "xcorp.example"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "example"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "dyn.example"), "test-hostname");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "home.dyn.example"), "test-hostname");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "www.upper.example"), "test-hostname");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_URL, "https://user@files.corp.example:8443/x?y=1"), "test-hostname");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_URL, "https://evil.test/corp.example"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_EMAIL, "someone@mail.corp.example"), "test-hostname");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_EMAIL, "corp.example@evil.test"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "10.0.0.1"), "");
    kq_warninglists_free(&w);

    kq_warninglists_init(&w);
    CHECK(load_lists(&w, LISTS_DIR "/test-substring"));
    CHECK_EQ_INT(kq_warninglist_kind_of(w.lists[0]), KQ_WL_SUBSTRING);
    CHECK_EQ_INT(kq_warninglist_size(w.lists[0]), 3);
    CHECK_EQ_STR(match_id(&w, KQ_IOC_EMAIL, "bob@mailinator.com"), "test-substring");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_EMAIL, "bob@tempmail.net"), "test-substring");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "x.tempmail.org"), "test-substring");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "tempmail"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_EMAIL, "bob@example.com"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_URL, "http://mailinator.com/"), ""); /* url is not an attribute */
    kq_warninglists_free(&w);

    kq_warninglists_init(&w);
    CHECK(load_lists(&w, LISTS_DIR "/test-cidr"));
    CHECK_EQ_INT(kq_warninglist_kind_of(w.lists[0]), KQ_WL_CIDR);
    CHECK_EQ_INT(kq_warninglist_size(w.lists[0]), 10);
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "10.1.2.3"), "test-cidr");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "10.255.255.255"), "test-cidr");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "11.0.0.0"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "9.255.255.255"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "192.168.1.5"), "test-cidr");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "192.168.1.6"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "198.51.7.7"), "test-cidr"); /* host bits of a /16 */
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "203.0.113.200"), "test-cidr"); /* ::ffff:203.0.113.0/120 */
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "203.0.114.1"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV6, "2001:db8::1"), "test-cidr");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV6, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"), "test-cidr");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV6, "2001:db9::1"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV6, "fe80::1"), "test-cidr");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV6, "fe80::2"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV6, "::a00:1"), ""); /* 10.0.1.0 in IPv6 is not IPv4 */
    CHECK_EQ_STR(match_id(&w, KQ_IOC_CIDR, "10.20.0.0/16"), "test-cidr");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_CIDR, "172.16.0.0/12"), "test-cidr"); /* two adjacent /13s */
    CHECK_EQ_STR(match_id(&w, KQ_IOC_CIDR, "172.0.0.0/8"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_CIDR, "2001:db8:1::/48"), "test-cidr");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "10.0.0.1.example"), "");
    kq_warninglists_free(&w);

    kq_warninglists_init(&w);
    CHECK(load_lists(&w, LISTS_DIR "/test-regex"));
    CHECK_EQ_INT(kq_warninglist_kind_of(w.lists[0]), KQ_WL_REGEX);
    CHECK_EQ_STR(match_id(&w, KQ_IOC_EMAIL, "security@corp.example"), "test-regex");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_EMAIL, "ABUSE@corp.example"), "test-regex");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_EMAIL, "insecurity@corp.example"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_URL, "http://files.example/download/setup.exe"), "test-regex");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_URL, "http://files.example/download/Setup.exe"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "security.example"), "");
    /* catastrophic backtracking in (a+)+$ stops at the match limit: no match, and quickly */
    CHECK_EQ_STR(match_id(&w, KQ_IOC_URL, "http://x.example/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"), "");
    kq_warninglists_free(&w);

    kq_warninglists_init(&w);
    CHECK(load_lists(&w, LISTS_DIR "/test-ip-only"));
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "192.0.2.20"), "test-ip-only");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "ip-only.example"), "");
    kq_warninglists_free(&w);

    kq_warninglists_init(&w);
    CHECK(load_lists(&w, LISTS_DIR "/test-any-type"));
    CHECK_EQ_STR(match_id(&w, KQ_IOC_FILENAME, "remus.exe"), "test-any-type");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_FILENAME, "REMUS.EXE"), "test-any-type");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_MD5, "d41d8cd98f00b204e9800998ecf8427e"), "test-any-type");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_FILENAME, "remus.dll"), "");
    kq_indicator untyped = ioc_of(KQ_IOC_NONE, "remus.exe");
    CHECK(kq_warninglists_match(&w, &untyped) == NULL);
    kq_warninglists_free(&w);
}

static void check_list_error(const char *file, int64_t line, const char *message)
{
    kq_warninglists w;
    kq_warninglists_init(&w);
    CHECK(load_lists(&w, LISTS_DIR "/test-string"));
    kq_error err = {0};
    char path[256];
    snprintf(path, sizeof path, LISTS_DIR "/%s", file);
    CHECK_EQ_INT(kq_warninglists_load(&w, path, &err), KQ_ERR_INPUT);
    CHECK_EQ_STR(err.file, path);
    CHECK_EQ_INT(err.file_line, line);
    CHECK_EQ_STR(err.message, message);
    CHECK_EQ_INT(w.n, 1);
    kq_warninglists_free(&w);
}

static void test_list_directory(void)
{
    kq_warninglists w;
    kq_warninglists_init(&w);
    CHECK(load_lists(&w, LISTS_DIR));
    CHECK_EQ_INT(w.n, 7); /* the list.json files; the broken *.json beside them are not walked */
    static const char *const ids[] = {"test-any-type", "test-cidr",      "test-hostname", "test-ip-only",
                                      "test-regex",    "test-string",    "test-substring"};
    for (size_t i = 0; i < w.n && i < 7; i++) CHECK_EQ_STR(kq_warninglist_id(w.lists[i]), ids[i]);
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "host.corp.example"), "test-hostname");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "192.0.2.20"), "test-ip-only");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "not-listed.test"), "");
    kq_warninglists_free(&w);

    check_list_error("invalid-json.json", 2, "invalid JSON at byte 56");
    check_list_error("unknown-type.json", 0, "\"type\" must be one of string, hostname, substring, cidr, regex");
    check_list_error("bad-regex.json", 0,
                     "entry 2 of \"list\" is not a valid regex: missing closing parenthesis at offset 9");
    check_list_error("no-list.json", 0, "not a MISP warninglist: no \"list\" array");
    check_list_error("no-such-dir", 0, "cannot open: No such file or directory");
    check_list_error("../exclusions", 0, "no MISP warninglist (list.json) in this directory");
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static const kq_warninglist *list_with_id(const kq_warninglists *w, const char *id)
{
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(kq_warninglist_id(w->lists[i]), id) == 0) return w->lists[i];
    return NULL;
}

static void test_misp_lists(void)
{
    struct stat st;
    if (stat(MISP_DIR, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("exclude: %s not found, real warninglists skipped\n", MISP_DIR);
        return;
    }
    kq_warninglists w;
    kq_warninglists_init(&w);
    CHECK(load_lists(&w, MISP_DIR "/cloudflare-top100k/list.json"));
    const kq_warninglist *top = w.n ? w.lists[0] : NULL;
    CHECK(top != NULL);
    if (top) {
        CHECK_EQ_STR(kq_warninglist_id(top), "cloudflare-top100k");
        CHECK_EQ_INT(kq_warninglist_kind_of(top), KQ_WL_STRING);
        CHECK_EQ_INT(kq_warninglist_size(top), 100001);
    }
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "avsvmcloud.com"), "cloudflare-top100k");
    /* a string list names exact values: a sub-domain is not listed */
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "a.avsvmcloud.com"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "qzv7-remus-not-listed.biz"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "1.1.1.1"), "");
    kq_warninglists_free(&w);

    kq_warninglists_init(&w);
    CHECK(load_lists(&w, MISP_DIR "/rfc1918"));
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "10.1.2.3"), "rfc1918");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "172.31.255.255"), "rfc1918");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "172.32.0.0"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "10.1.2.3.example"), "");
    kq_warninglists_free(&w);

    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    kq_warninglists_init(&w);
    CHECK(load_lists(&w, MISP_DIR));
    double load_seconds = seconds_since(&start);
    CHECK_EQ_INT(w.n, 136);
    size_t entries = 0;
    for (size_t i = 0; i < w.n; i++) entries += kq_warninglist_size(w.lists[i]);
    printf("exclude: loaded %zu MISP warninglists (%zu entries) in %.3f s\n", w.n, entries, load_seconds);
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "avsvmcloud.com"), "cloudflare-top100k");
    CHECK(match_id(&w, KQ_IOC_IPV4, "10.1.2.3")[0] != 0);
    CHECK_EQ_STR(match_id(&w, KQ_IOC_IPV4, "8.8.8.8"), "public-dns-v4");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_DOMAIN, "qzv7-remus-not-listed.biz"), "");
    CHECK_EQ_STR(match_id(&w, KQ_IOC_EMAIL, "abuse@qzv7-remus-not-listed.biz"), "common-contact-emails");
    const kq_warninglist *dyn = list_with_id(&w, "dynamic-dns");
    CHECK(dyn && kq_warninglist_kind_of(dyn) == KQ_WL_HOSTNAME);

    /* matching stays cheap with every list loaded */
    clock_gettime(CLOCK_MONOTONIC, &start);
    enum { PROBES = 20000 };
    size_t matched = 0;
    char value[64];
    for (int i = 0; i < PROBES; i++) {
        snprintf(value, sizeof value, "host%d.qzv7-remus-not-listed.biz", i);
        matched += match_id(&w, KQ_IOC_DOMAIN, value)[0] != 0;
    }
    double match_seconds = seconds_since(&start);
    CHECK_EQ_INT(matched, 0);
    printf("exclude: %d domain indicators checked against all lists in %.3f s\n", PROBES, match_seconds);
    kq_warninglists_free(&w);
}

int main(void)
{
    test_seed_file();
    test_bad_files();
    test_bad_predicates();
    test_list_kinds();
    test_list_directory();
    test_misp_lists();
    return check_report("exclude");
}
