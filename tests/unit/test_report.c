/*
 * test_report.c - unit tests of the hunt report writers (src/hunt/report_*.c): the Markdown
 * report and hunting pack, the HTML page with its SVG timeline, and the JSON Lines, over a
 * report built by hand with a suppressed hit, an expired rule, a skip, a reject and an indicator
 * carrying "|", an ANSI escape and U+202E; plus the caps of a large report and write errors.
 * When KQ_REPORT_HTML_OUT is set, the HTML report is also written there (for
 * tests/hunt/browser-check.sh).
 */
#include "base/arena.h"
#include "base/datetime.h"
#include "base/json.h"
#include "check.h"
#include "hunt/report.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* An indicator value no writer may print raw: a pipe, a terminal colour escape and a
 * right-to-left override. */
#define NASTY_VALUE "inv|oice\x1b[31m\xe2\x80\xae" "exe.pdf"
#define NASTY_SHOWN "inv|oice\\x1b[31m\\u202eexe.pdf"
#define SHARED_KQL "ThreatIntelligenceIndicator\n| where Active\n| join DnsEvents on $left.DomainName == $right.Name"

static int64_t at(int year, int month, int day, int hour, int minute, int second)
{
    int64_t t = 0;
    kq_dt_from_civil(year, month, day, hour, minute, second, 0, &t);
    return t;
}

/* ---- text helpers ---- */

typedef struct text {
    char *p;
    size_t len;
} text;

typedef int (*writer_fn)(FILE *, const kq_hunt_report *);

static text render(writer_fn write, const kq_hunt_report *r)
{
    text t = {0};
    FILE *f = open_memstream(&t.p, &t.len);
    CHECK_EQ_INT(write(f, r), 0);
    fclose(f);
    return t;
}

static text render_pack(const kq_hunt_report *r, const char *family, const kq_exclusions *x)
{
    text t = {0};
    FILE *f = open_memstream(&t.p, &t.len);
    CHECK_EQ_INT(kq_report_pack(f, r, family, x), 0);
    fclose(f);
    return t;
}

/* The text of an HTML report without its <wbr> line-break opportunities (in place). */
static char *without_wbr(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        if (strncmp(r, "<wbr>", 5) == 0) r += 5;
        else *w++ = *r++;
    }
    *w = 0;
    return s;
}

static size_t count_of(const char *haystack, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + len, needle)) n++;
    return n;
}

/* Line number (1-based) of the first line that equals `line`, 0 when none. */
static int line_number(const char *s, const char *line)
{
    size_t len = strlen(line);
    int number = 1;
    for (const char *p = s; *p; number++) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && memcmp(p, line, len) == 0) return number;
        if (!end) break;
        p = end + 1;
    }
    return 0;
}

static bool has_line(const char *s, const char *line)
{
    return line_number(s, line) > 0;
}

/* The line `number` (1-based) copied into buf. */
static const char *nth_line(const char *s, int number, char *buf, size_t cap)
{
    for (int i = 1; i < number && s; i++) {
        s = strchr(s, '\n');
        if (s) s++;
    }
    if (!s) return "";
    size_t n = strcspn(s, "\n");
    if (n >= cap) n = cap - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

/* No byte that may drive a terminal or reorder text reaches the output: C0 controls other than
 * newline, DEL, and the UTF-8 of U+202A..U+202E and U+2066..U+2069. */
static bool free_of_controls(const text *t)
{
    for (size_t i = 0; i < t->len; i++) {
        unsigned char c = (unsigned char)t->p[i];
        if ((c < 0x20 && c != '\n') || c == 0x7f) return false;
        if (c == 0xe2 && i + 2 < t->len) {
            unsigned char c1 = (unsigned char)t->p[i + 1], c2 = (unsigned char)t->p[i + 2];
            if (c1 == 0x80 && c2 >= 0xaa && c2 <= 0xae) return false;
            if (c1 == 0x81 && c2 >= 0xa6 && c2 <= 0xa9) return false;
        }
    }
    return true;
}

/* Unescaped pipes of a Markdown table row (the GFM cell separators). */
static int row_pipes(const char *line, size_t n)
{
    int pipes = 0;
    for (size_t i = 0; i < n; i++) {
        if (line[i] == '\\') i++;
        else if (line[i] == '|') pipes++;
    }
    return pipes;
}

/* Every row of every Markdown table (outside code blocks) has the cells of its header: no cell
 * text broke a row. Returns the number of tables. */
static int check_tables_intact(const char *s)
{
    int tables = 0, header_pipes = -1;
    bool in_code = false;
    for (const char *p = s; *p;) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n >= 3 && memcmp(p, "```", 3) == 0) in_code = !in_code;
        if (n && p[0] == '|' && !in_code) {
            int pipes = row_pipes(p, n);
            if (header_pipes < 0) {
                header_pipes = pipes;
                tables++;
            } else if (pipes != header_pipes) {
                fprintf(stderr, "table row with %d cell separators, header has %d: %.*s\n", pipes,
                        header_pipes, (int)n, p);
                return -1;
            }
        } else {
            header_pipes = -1;
        }
        if (!end) break;
        p = end + 1;
    }
    return tables;
}

/* ---- the report under test ---- */

typedef struct fixture {
    kq_ioc_set iocs;
    kq_indicator items[5];
    kq_ioc_source sources[4];
    kq_ioc_reject rejects[1];
    unsigned char states[5];
    const kq_warninglist *lists[5];
    kq_warninglists warninglists;
    kq_hunt_feed feeds[2];
    kq_hunt_query hunts[3];
    kq_hunt_skip skips[1];
    kq_hunt_table tables[2];
    kq_hit_field fields[2];
    kq_hit hits[6];
    kq_rule_count rules[3];
    kq_exclusion_rule xrules[2];
    const char *xtables[2];
    kq_exclusions x;
    kq_hunt_report r;
} fixture;

/* A MISP warninglist naming cheapoca.biz, in a directory "corp-allowlist" under a temporary
 * directory (its id is the directory name). */
static void load_warninglist(fixture *fx)
{
    char dir[] = "/tmp/kq-test-report-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char sub[64], path[96];
    snprintf(sub, sizeof sub, "%s/corp-allowlist", dir);
    snprintf(path, sizeof path, "%s/list.json", sub);
    mkdir(sub, 0700);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs("{\"name\": \"Corporate allow list\", \"version\": 1, \"description\": \"Domains the "
              "company owns\", \"matching_attributes\": [\"domain\", \"hostname\"], \"type\": \"hostname\", "
              "\"list\": [\"cheapoca.biz\"]}\n",
              f);
        fclose(f);
    }
    kq_warninglists_init(&fx->warninglists);
    kq_error err = {0};
    CHECK_EQ_INT(kq_warninglists_load(&fx->warninglists, path, &err), 0);
    if (err.code) fprintf(stderr, "warninglist: %s\n", err.message);
    fx->lists[1] = kq_warninglists_match(&fx->warninglists, &fx->items[1]);
    CHECK(fx->lists[1] != NULL);
    remove(path);
    rmdir(sub);
    rmdir(dir);
}

static void fixture_build(fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    fx->sources[0] = (kq_ioc_source){"feeds/threatfox.json", 12, "ThreatFox",
                                     "https://threatfox.abuse.ch/ioc/1501/", "1501"};
    fx->sources[1] = (kq_ioc_source){"feeds/threatfox.json", 20, "ThreatFox",
                                     "https://threatfox.abuse.ch/ioc/1502/", "1502"};
    fx->sources[2] = (kq_ioc_source){"feeds/list.txt", 2, "list.txt", "", ""};
    fx->sources[3] = (kq_ioc_source){"feeds/threatfox.json", 31, "ThreatFox", "", "1503"};
    static const char *const remus[] = {"Remus"}, *const vidar[] = {"Vidar"};
    static const int https[] = {443};
    kq_indicator *it = fx->items;
    it[0] = (kq_indicator){.type = KQ_IOC_DOMAIN, .value = "mythicsu.biz", .raw = "mythicsu[.]biz",
                           .threat_type = "botnet_cc", .malware = "Remus", .families = remus, .nfamilies = 1, .tags = "remus,stealer",
                           .description = "", .tlp = "white", .confidence = 75,
                           .first_seen = at(2026, 5, 1, 8, 30, 0), .sources = &fx->sources[0], .nsources = 1};
    it[1] = (kq_indicator){.type = KQ_IOC_DOMAIN, .value = "cheapoca.biz", .raw = "cheapoca.biz",
                           .threat_type = "botnet_cc", .malware = "Remus", .families = remus, .nfamilies = 1,
                           .tags = "", .description = "", .tlp = "", .confidence = 50, .first_seen = at(2026, 5, 2, 0, 0, 0),
                           .sources = &fx->sources[1], .nsources = 2};
    it[2] = (kq_indicator){.type = KQ_IOC_FILENAME, .value = NASTY_VALUE, .raw = NASTY_VALUE,
                           .threat_type = "payload", .malware = "", .tags = "", .description = "",
                           .tlp = "", .confidence = -1, .sources = &fx->sources[2], .nsources = 1};
    it[3] = (kq_indicator){.type = KQ_IOC_URL, .value = "http://mythicsu.biz/gate.php", .raw = "hxxp://mythicsu[.]biz/gate.php",
                           .threat_type = "payload_delivery", .malware = "Remus", .families = remus,
                           .nfamilies = 1, .tags = "", .description = "",
                           .tlp = "", .confidence = 90, .expires = at(2026, 4, 1, 0, 0, 0),
                           .sources = &fx->sources[3], .nsources = 1};
    it[4] = (kq_indicator){.type = KQ_IOC_IPV4, .value = "203.0.113.7", .raw = "203.0.113.7:443", .port = 443,
                           .ports = https, .nports = 1, .threat_type = "botnet_cc", .malware = "Vidar",
                           .families = vidar, .nfamilies = 1, .tags = "", .description = "",
                           .tlp = "", .confidence = 25, .sources = &fx->sources[3], .nsources = 1};
    fx->rejects[0] = (kq_ioc_reject){"feeds/list.txt", 3, "not an ioc\x1b]0;owned\x07", "not a domain, URL, IP or hash"};
    fx->iocs.items = it;
    fx->iocs.n = fx->iocs.cap = 5;
    fx->iocs.rejects = fx->rejects;
    fx->iocs.nrejects = fx->iocs.caprejects = 1;
    fx->iocs.duplicates = 1;
    fx->states[3] = KQ_IOC_EXPIRED;
    fx->states[4] = KQ_IOC_LOW_CONFIDENCE;
    load_warninglist(fx);

    fx->feeds[0] = (kq_hunt_feed){"feeds/threatfox.json", {.format = KQ_FEED_THREATFOX_JSON, .records = 5, .indicators = 4}};
    fx->feeds[1] = (kq_hunt_feed){"feeds/list.txt", {.format = KQ_FEED_LIST, .records = 2, .indicators = 1, .rejected = 1}};
    fx->hunts[0] = (kq_hunt_query){"domain in DnsEvents.Name", KQ_IOC_DOMAIN, "DnsEvents", "Name", "DNS",
                                   SHARED_KQL, 2, 4, 1};
    fx->hunts[1] = (kq_hunt_query){"url host in DnsEvents.Name", KQ_IOC_URL, "DnsEvents", "Name", "DNS",
                                   SHARED_KQL, 0, 0, 0};
    fx->hunts[2] = (kq_hunt_query){"filename in DeviceFileEvents.FileName", KQ_IOC_FILENAME, "DeviceFileEvents",
                                   "FileName,InitiatingProcessFileName", "Microsoft Defender XDR",
                                   "DeviceFileEvents\n| where FileName in (\"a```b\")", 1, 1, 0};
    fx->skips[0] = (kq_hunt_skip){"table Corelight_CL", "no column for any indicator type <script>alert(1)</script>"};
    fx->tables[0] = (kq_hunt_table){"DnsEvents", "DNS", 2};
    fx->tables[1] = (kq_hunt_table){"DeviceFileEvents", "Microsoft Defender XDR", 1};
    fx->fields[0] = (kq_hit_field){"Computer", "WS-01"};
    fx->fields[1] = (kq_hit_field){"Name", "mythicsu.biz"};

    kq_hit *h = fx->hits;
    h[0] = (kq_hit){&it[0], 0, "DnsEvents", "Name", "mythicsu.biz", at(2026, 5, 12, 10, 0, 5), "WS-01",
                    "logs/dns.jsonl", 3, fx->fields, 2, NULL, NULL};
    h[1] = (kq_hit){&it[0], 0, "DnsEvents", "Name", "wpad.mythicsu.biz", at(2026, 5, 12, 10, 0, 40), "WS-01",
                    "logs/dns.jsonl", 4, NULL, 0, NULL, NULL};
    h[2] = (kq_hit){&it[0], 0, "DnsEvents", "Name", "MYTHICSU.BIZ", at(2026, 5, 12, 10, 20, 0), "WS-02",
                    "logs/dns.jsonl", 9, NULL, 0, NULL, NULL};
    h[3] = (kq_hit){&it[1], 0, "DnsEvents", "Name", "cheapoca.biz", at(2026, 5, 12, 11, 5, 0), "WS-01",
                    "logs/dns.jsonl", 11, NULL, 0, "scheduled-admin-tasks", "Task Scheduler runs the patch script nightly"};
    h[4] = (kq_hit){&it[2], 2, "DeviceFileEvents", "FileName", NASTY_VALUE, at(2026, 5, 12, 12, 40, 0), "WS-01",
                    "logs/files.csv", 7, NULL, 0, NULL, NULL};
    h[5] = (kq_hit){&it[0], 0, "DnsEvents", "Name", "mythicsu.biz", 0, "", "logs/zeek/dns.log", 601, NULL, 0,
                    NULL, NULL};

    fx->rules[0] = (kq_rule_count){"scheduled-admin-tasks", "exclusion", "Scheduled administrative tasks",
                                   "Task Scheduler runs the patch script nightly", 0, false, 0, 1};
    fx->rules[1] = (kq_rule_count){"old-scanner", "exclusion", "Vulnerability scanner", "retired | scanner",
                                   at(2026, 1, 1, 0, 0, 0), true, 0, 0};
    fx->rules[2] = (kq_rule_count){"corp-allowlist", "warninglist", "Scheduled administrative tasks",
                                   "Domains the company owns", 0, false, 1, 0};

    fx->xtables[0] = "DnsEvents";
    fx->xrules[0] = (kq_exclusion_rule){"corp-resolvers", "Internal resolvers", "the resolvers forward everything",
                                        fx->xtables, "Name endswith \".corp.example\"", at(2027, 1, 31, 0, 0, 0),
                                        "exclusions.yaml", 2, 6};
    fx->xrules[1] = (kq_exclusion_rule){"old-scanner", "", "retired", NULL, "Computer == \"SCAN-01\"",
                                        at(2026, 1, 1, 0, 0, 0), "exclusions.yaml", 9, 12};
    fx->x.rules = fx->xrules;
    fx->x.n = fx->x.cap = 2;

    kq_hunt_report *r = &fx->r;
    r->now = at(2026, 5, 12, 13, 0, 0);
    r->title = "Remus";
    r->feeds = fx->feeds;
    r->nfeeds = 2;
    r->iocs = &fx->iocs;
    r->ioc_state = fx->states;
    r->ioc_warninglist = fx->lists;
    r->min_confidence = 50;
    r->hunted = 3;
    r->expired = 1;
    r->low_confidence = 1;
    r->hunts = fx->hunts;
    r->nhunts = 3;
    r->skips = fx->skips;
    r->nskips = 1;
    r->tables = fx->tables;
    r->ntables = 2;
    r->hits = fx->hits;
    r->nhits = 6;
    r->reported = 5;
    r->rules = fx->rules;
    r->nrules = 3;
    r->log_records_skipped = 2;
}

static void fixture_free(fixture *fx)
{
    kq_warninglists_free(&fx->warninglists);
}

/* ---- Markdown ---- */

static void test_markdown(const kq_hunt_report *r)
{
    text md = render(kq_report_markdown, r);
    const char *s = md.p;
    char line[512];
    CHECK_EQ_STR(nth_line(s, 1, line, sizeof line), "# Hunt report: Remus");
    CHECK_EQ_STR(nth_line(s, 3, line, sizeof line),
                 "5 hits on 2 indicators in 2 tables (1 suppressed by exclusions); 3 indicators hunted "
                 "in 3 hunts over 2 tables from 2 feeds at 2026-05-12 13:00:00 UTC");
    CHECK(free_of_controls(&md));
    CHECK_EQ_INT(check_tables_intact(s), 11);
    CHECK(strstr(s, "| ipv4 | `203.0.113.7` port 443 | botnet_cc |"));

    /* the sections, in the layout of the report */
    const char *sections[] = {"## IOC summary", "## Hunting queries", "## Tables and data connectors", "## Hits",
                              "## Exclusions applied", "## False-positive scenarios considered", "## Not hunted"};
    int previous = 0;
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        int at_line = line_number(s, sections[i]);
        CHECK(at_line > previous);
        previous = at_line;
    }

    /* IOC summary */
    CHECK(has_line(s, "| Feed | Format | Records | Indicators | Rejected | Skipped |"));
    CHECK(has_line(s, "| `feeds/threatfox.json` | threatfox-json | 5 | 4 | 0 | 0 |"));
    CHECK(has_line(s, "5 indicators (1 duplicate report merged): 3 hunted, 1 expired, 1 below confidence 50, 0 revoked."));
    int header = line_number(s, "| Type | Value | Threat Type | First Seen | Confidence | Malware | Source | Status |");
    CHECK(header > 0);
    CHECK_EQ_STR(nth_line(s, header + 1, line, sizeof line), "|---|---|---|---|---|---|---|---|");
    CHECK_EQ_STR(nth_line(s, header + 2, line, sizeof line),
                 "| domain | `mythicsu.biz` | botnet_cc | 2026-05-01 08:30:00 UTC | 75 | Remus | ThreatFox | hunted |");
    CHECK_EQ_STR(nth_line(s, header + 3, line, sizeof line),
                 "| domain | `cheapoca.biz` | botnet_cc | 2026-05-02 00:00:00 UTC | 50 | Remus | ThreatFox, list.txt "
                 "| hunted, on warninglist `corp-allowlist` |");
    CHECK_EQ_STR(nth_line(s, header + 4, line, sizeof line),
                 "| filename | `inv\\|oice\\x1b[31m\\u202eexe.pdf` | payload | - | - |  | list.txt | hunted |");
    CHECK(strstr(s, "| `http://mythicsu.biz/gate.php` | payload\\_delivery |") == NULL);
    CHECK(strstr(s, "| url | `http://mythicsu.biz/gate.php` | payload_delivery | - | 90 | Remus | ThreatFox | expired |"));
    CHECK(strstr(s, "| 25 | Vidar | ThreatFox | below minimum confidence |"));

    /* hunting queries: the shared query once, under its first hunt, with both hunts listed */
    CHECK_EQ_INT(count_of(s, SHARED_KQL), 1);
    CHECK(has_line(s, "### 1. domain in DnsEvents.Name (and 1 more with the same query)"));
    CHECK(has_line(s, "### 2. filename in DeviceFileEvents.FileName"));
    CHECK(has_line(s, "| url host in DnsEvents.Name | url | `DnsEvents` | `Name` | DNS | 0 | 0 | 0 |"));
    CHECK_EQ_INT(count_of(s, "\n```kql\n"), 1);
    CHECK_EQ_INT(count_of(s, "\n````kql\n"), 1); /* the query holding ``` gets a longer fence */
    CHECK(strstr(s, "````kql\nDeviceFileEvents\n| where FileName in (\"a```b\")\n````\n"));

    /* tables */
    CHECK(has_line(s, "| Table | Connector | Files |"));
    CHECK(has_line(s, "| `DnsEvents` | DNS | 2 |"));

    /* hits */
    CHECK(has_line(s, "| Host | Hits | Indicators | First | Last |"));
    CHECK(has_line(s, "| `WS-01` | 3 | 2 | 2026-05-12 10:00:05 UTC | 2026-05-12 12:40:00 UTC |"));
    CHECK(has_line(s, "| `WS-02` | 1 | 1 | 2026-05-12 10:20:00 UTC | 2026-05-12 10:20:00 UTC |"));
    CHECK(has_line(s, "| - | 1 | 1 | - | - |"));
    CHECK(has_line(s, "| Day (UTC) | Hits | Suppressed |"));
    CHECK(has_line(s, "| 2026-05-12 | 4 | 1 |"));
    CHECK(has_line(s, "| no time | 1 | 0 |"));
    int list = line_number(s, "| Time | Host | Indicator | Type | Table.Column | Matched | Malware | Source file:line |");
    CHECK(list > 0);
    CHECK_EQ_STR(nth_line(s, list + 2, line, sizeof line),
                 "| 2026-05-12 10:00:05 UTC | `WS-01` | `mythicsu.biz` | domain | `DnsEvents.Name` | `mythicsu.biz` "
                 "| Remus | `logs/dns.jsonl:3` |");
    CHECK_EQ_STR(nth_line(s, list + 5, line, sizeof line),
                 "| 2026-05-12 12:40:00 UTC | `WS-01` | `" "inv\\|oice\\x1b[31m\\u202eexe.pdf" "` | filename "
                 "| `DeviceFileEvents.FileName` | `inv\\|oice\\x1b[31m\\u202eexe.pdf` |  | `logs/files.csv:7` |");
    CHECK_EQ_STR(nth_line(s, list + 7, line, sizeof line), "");
    CHECK(strstr(s, "`cheapoca.biz` | domain") == NULL); /* the suppressed hit is not listed */
    CHECK(has_line(s, "1 suppressed hit not listed: see Exclusions applied (the JSONL report has it)."));

    /* exclusions and scenarios */
    CHECK(has_line(s, "| Rule | Kind | Scenario | Reason | Suppressed | Expires/Status |"));
    CHECK(has_line(s, "| `scheduled-admin-tasks` | exclusion | Scheduled administrative tasks | Task Scheduler runs "
                      "the patch script nightly | 1 | never expires |"));
    CHECK(has_line(s, "| `old-scanner` | exclusion | Vulnerability scanner | retired \\| scanner | 0 "
                      "| expired 2026-01-01 00:00:00 UTC, not applied |"));
    CHECK(has_line(s, "| `corp-allowlist` | warninglist (1 indicator) | Scheduled administrative tasks "
                      "| Domains the company owns | 0 | never expires |"));
    CHECK(has_line(s, "- Scheduled administrative tasks: `scheduled-admin-tasks`, `corp-allowlist`"));
    CHECK(has_line(s, "- Vulnerability scanner: `old-scanner` (expired)"));

    /* not hunted */
    CHECK(has_line(s, "| table Corelight_CL | no column for any indicator type \\<script\\>alert(1)\\</script\\> |"));
    CHECK(has_line(s, "- Expired: 1"));
    CHECK(has_line(s, "- Below the minimum confidence (50): 1"));
    CHECK(has_line(s, "- Revoked: 0"));
    CHECK(has_line(s, "- Malformed log records skipped: 2 (the first are listed under \"Not hunted\" with their file and line)"));
    CHECK(has_line(s, "| Value | Reason | Feed |"));
    CHECK(has_line(s, "| `not an ioc\\x1b]0;owned\\x07` | not a domain, URL, IP or hash | `feeds/list.txt:3` |"));
    free(md.p);
}

static void test_markdown_exclusions_off(kq_hunt_report *r)
{
    r->exclusions_off = true;
    text md = render(kq_report_markdown, r);
    CHECK(strstr(md.p, "Exclusions were turned off: none of the rules or warninglists below was applied."));
    CHECK(has_line(md.p, "| `scheduled-admin-tasks` | exclusion | Scheduled administrative tasks | Task Scheduler "
                         "runs the patch script nightly | 1 | not applied (exclusions off) |"));
    CHECK(strstr(md.p, "| expired 2026-01-01 00:00:00 UTC, not applied |"));
    free(md.p);
    r->exclusions_off = false;
}

static void test_markdown_empty(void)
{
    kq_ioc_set none = {0};
    kq_hunt_report r = {.now = at(2026, 5, 12, 0, 0, 0), .title = "nothing", .iocs = &none};
    text md = render(kq_report_markdown, &r);
    CHECK(has_line(md.p, "No hits (0 suppressed by exclusions); 0 indicators hunted in 0 hunts over 0 tables "
                         "from 0 feeds at 2026-05-12 00:00:00 UTC"));
    CHECK(has_line(md.p, "No hits."));
    CHECK(has_line(md.p, "No hunts were run."));
    CHECK(has_line(md.p, "No exclusion rules or warninglists were loaded."));
    CHECK(has_line(md.p, "No value was rejected."));
    text html = render(kq_report_html, &r);
    CHECK(strstr(html.p, "<p>No hits.</p>"));
    CHECK(strstr(html.p, "<svg") == NULL);
    text jsonl = render(kq_report_jsonl, &r);
    CHECK_EQ_INT(count_of(jsonl.p, "\n"), 1);
    free(md.p);
    free(html.p);
    free(jsonl.p);
}

/* ---- the hunting pack ---- */

static void test_pack(const fixture *fx)
{
    text pack = render_pack(&fx->r, "Remus", &fx->x);
    const char *s = pack.p;
    char line[512];
    CHECK_EQ_STR(nth_line(s, 1, line, sizeof line), "# Hunting pack: Remus");
    CHECK_EQ_STR(nth_line(s, 3, line, sizeof line),
                 "2 indicators (2 domain), 3 hunts over 2 tables, 2 exclusion rules; written at 2026-05-12 13:00:00 UTC");
    CHECK(free_of_controls(&pack));
    CHECK(check_tables_intact(s) == 2);
    int header = line_number(s, "| Type | Value | Threat Type | First Seen | Confidence | Source |");
    CHECK(header == line_number(s, "## IOC summary") + 2);
    CHECK_EQ_STR(nth_line(s, header + 2, line, sizeof line),
                 "| domain | `mythicsu.biz` | botnet_cc | 2026-05-01 08:30:00 UTC | 75 | ThreatFox |");
    CHECK_EQ_STR(nth_line(s, header + 4, line, sizeof line), "");
    CHECK(has_line(s, "Left out of the queries: 1 expired, 0 below confidence 50, 0 revoked."));
    CHECK(strstr(s, "203.0.113.7") == NULL); /* Vidar */
    CHECK(strstr(s, "oice") == NULL);        /* no family */

    CHECK(line_number(s, "## Hunting queries") > header);
    CHECK(has_line(s, "- Table: `DnsEvents`, data connector: DNS"));
    CHECK(has_line(s, "- Columns: `Name`"));
    CHECK(has_line(s, "- Same query for: url host in DnsEvents.Name"));
    CHECK_EQ_INT(count_of(s, SHARED_KQL), 1);
    CHECK(has_line(s, "## Tables and data connectors needed"));
    CHECK(has_line(s, "| Table | Data connector | Hunts |"));
    CHECK(has_line(s, "| `DnsEvents` | DNS | 2 |"));
    CHECK(has_line(s, "| `DeviceFileEvents` | Microsoft Defender XDR | 1 |"));
    CHECK(has_line(s, "## False-positive scenarios and exclusions"));
    CHECK(has_line(s, "### `corp-resolvers`"));
    CHECK(has_line(s, "- Scenario: Internal resolvers"));
    CHECK(has_line(s, "- Tables: `DnsEvents`"));
    CHECK(has_line(s, "- Expires: 2027-01-31 00:00:00 UTC"));
    CHECK(strstr(s, "```kql\n| where not(Name endswith \".corp.example\")\n```\n"));
    CHECK(has_line(s, "- Tables: all"));
    CHECK(has_line(s, "- Expires: 2026-01-01 00:00:00 UTC (expired: not applied)"));
    CHECK(has_line(s, "- `corp-allowlist`: Domains the company owns"));
    free(pack.p);

    /* no --min-confidence: nothing said of confidence */
    kq_hunt_report unset = fx->r;
    unset.min_confidence = -1;
    text any_confidence = render_pack(&unset, "Remus", &fx->x);
    CHECK(has_line(any_confidence.p, "Left out of the queries: 1 expired, 0 revoked."));
    CHECK(strstr(any_confidence.p, "below confidence") == NULL);
    free(any_confidence.p);

    text nameless = render_pack(&fx->r, "", NULL);
    CHECK(has_line(nameless.p, "# Hunting pack: indicators of no known family"));
    CHECK(strstr(nameless.p, "| filename | `inv\\|oice\\x1b[31m\\u202eexe.pdf` | payload | - | - | list.txt |"));
    CHECK(has_line(nameless.p, "No exclusion rules were given."));
    CHECK(free_of_controls(&nameless));
    free(nameless.p);
}

/* ---- HTML ---- */

static void test_html(const kq_hunt_report *r)
{
    text html = render(kq_report_html, r);
    const char *s = html.p;
    CHECK(strncmp(s, "<!DOCTYPE html>\n", 16) == 0);
    CHECK(strstr(s, "<title>Hunt report: Remus</title>"));
    CHECK(strstr(s, "<p class=\"summary\">5 hits on 2 indicators in 2 tables (1 suppressed by exclusions); 3 "
                    "indicators hunted in 3 hunts over 2 tables from 2 feeds at 2026-05-12 13:00:00 UTC</p>"));
    CHECK(free_of_controls(&html));
    CHECK(strstr(s, "</html>\n"));
    /* self-contained: no script, no external resource */
    CHECK(strstr(s, "<script") == NULL);
    CHECK(strstr(s, "<link") == NULL);
    CHECK(strstr(s, " src=") == NULL);
    CHECK(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;"));

    const char *sections[] = {">IOC summary</h2>", ">Hunting queries</h2>", ">Tables and data connectors</h2>",
                              ">Hits</h2>", ">Exclusions applied</h2>", ">False-positive scenarios considered</h2>",
                              ">Not hunted</h2>"};
    const char *previous = s;
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        const char *found = strstr(s, sections[i]);
        CHECK(found && found > previous);
        if (found) previous = found;
    }
    CHECK(strstr(s, "<tr><th>Type</th><th>Value</th><th>Threat Type</th><th>First Seen</th><th>Confidence</th>"));
    /* paths and values break at their separators and every 16 characters of a long run */
    CHECK(strstr(s, "<td><code>feeds/<wbr>threatfox.<wbr>json</code></td>"));
    s = without_wbr(html.p);
    CHECK(strstr(s, "<td class=\"v\"><code>" NASTY_SHOWN "</code></td>"));
    CHECK_EQ_INT(count_of(s, "ThreatIntelligenceIndicator\n| where Active"), 1);
    CHECK(strstr(s, "| where FileName in (&quot;a```b&quot;)"));
    CHECK(strstr(s, "<td>expired 2026-01-01 00:00:00 UTC, not applied</td>"));
    CHECK(strstr(s, "<td class=\"v\"><code>not an ioc\\x1b]0;owned\\x07</code></td>"));

    /* the timeline: minute buckets from 10:00 to 12:40, bars in the 4 buckets that have hits */
    CHECK_EQ_INT(count_of(s, "<svg"), 1);
    CHECK(strstr(s, "aria-label=\"Hits per minute\""));
    CHECK_EQ_INT(count_of(s, "<rect class=\"bar "), 4);
    CHECK_EQ_INT(count_of(s, "<rect class=\"bar reported\""), 3);
    CHECK_EQ_INT(count_of(s, "<rect class=\"bar suppressed\""), 1);
    CHECK_EQ_INT(count_of(s, "<g><title>"), 4);
    CHECK(strstr(s, "<g><title>2026-05-12 10:00:00 UTC to 2026-05-12 10:01:00 UTC: 2 reported, 0 suppressed</title>"));
    CHECK(strstr(s, "<g><title>2026-05-12 11:05:00 UTC to 2026-05-12 11:06:00 UTC: 0 reported, 1 suppressed</title>"));
    CHECK(strstr(s, "one bar per minute, 2026-05-12 10:00:00 UTC to 2026-05-12 12:41:00 UTC"));
    CHECK(strstr(s, ">10:00</text>"));
    CHECK(strstr(s, "1 hit without a time is not charted."));

    const char *out = getenv("KQ_REPORT_HTML_OUT");
    if (out && *out) {
        FILE *f = fopen(out, "w");
        CHECK(f != NULL);
        if (f) {
            CHECK_EQ_INT(kq_report_html(f, r), 0);
            CHECK_EQ_INT(fclose(f), 0);
        }
    }
    free(html.p);
}

/* ---- JSONL ---- */

static const kq_dyn *member_of(const kq_dyn *object, const char *key)
{
    if (object->kind != KQ_D_OBJECT) return NULL;
    for (uint32_t i = 0; i < object->n; i++)
        if (object->u.members[i].key_len == strlen(key) && memcmp(object->u.members[i].key, key, strlen(key)) == 0)
            return &object->u.members[i].value;
    return NULL;
}

static bool string_is(const kq_dyn *d, const char *want)
{
    return d && d->kind == KQ_D_STRING && d->n == strlen(want) && memcmp(d->u.s, want, d->n) == 0;
}

static bool is_null(const kq_dyn *d)
{
    return d && d->kind == KQ_D_NULL;
}

static bool long_is(const kq_dyn *d, int64_t want)
{
    return d && d->kind == KQ_D_LONG && d->u.i == want;
}

static void test_jsonl(const kq_hunt_report *r)
{
    text jsonl = render(kq_report_jsonl, r);
    CHECK(free_of_controls(&jsonl));
    CHECK(strstr(jsonl.p, "\\u202e"));
    const char *kinds[] = {"summary", "indicator", "hunt", "hit", "rule", "skip", "reject"};
    const size_t want[] = {1, 5, 3, 6, 3, 1, 1};
    size_t got[7] = {0}, lines = 0;
    kq_arena a;
    kq_arena_init(&a, 1 << 14);
    for (const char *p = jsonl.p; *p;) {
        const char *end = strchr(p, '\n');
        CHECK(end != NULL);
        if (!end) break;
        lines++;
        kq_dyn d;
        size_t err_off = 0;
        bool parsed = kq_json_parse(p, (size_t)(end - p), &a, &d, &err_off);
        CHECK(parsed);
        if (!parsed) fprintf(stderr, "line %zu does not parse at %zu: %.*s\n", lines, err_off, (int)(end - p), p);
        const kq_dyn *kind = parsed ? member_of(&d, "kind") : NULL;
        for (size_t k = 0; k < 7; k++) got[k] += string_is(kind, kinds[k]);
        if (lines == 1) {
            CHECK(string_is(kind, "summary"));
            CHECK(string_is(member_of(&d, "now"), "2026-05-12T13:00:00.0000000Z"));
            CHECK(long_is(member_of(&d, "hits"), 5));
            CHECK(long_is(member_of(&d, "suppressed"), 1));
            CHECK(long_is(member_of(&d, "indicators_hit"), 2));
            const kq_dyn *feeds = member_of(&d, "feeds");
            CHECK(feeds && feeds->kind == KQ_D_ARRAY && feeds->n == 2);
            if (feeds && feeds->n == 2) CHECK(string_is(member_of(&feeds->u.items[1], "format"), "list"));
        }
        if (string_is(kind, "indicator") && string_is(member_of(&d, "type"), "filename")) {
            CHECK(string_is(member_of(&d, "value"), NASTY_VALUE)); /* escaped, not altered */
            CHECK(is_null(member_of(&d, "confidence")));
            CHECK(is_null(member_of(&d, "first_seen")));
            CHECK(string_is(member_of(&d, "state"), "hunted"));
        }
        if (string_is(kind, "indicator") && string_is(member_of(&d, "value"), "cheapoca.biz")) {
            CHECK(string_is(member_of(&d, "warninglist"), "corp-allowlist"));
            const kq_dyn *sources = member_of(&d, "sources");
            CHECK(sources && sources->kind == KQ_D_ARRAY && sources->n == 2);
            if (sources && sources->n == 2) {
                CHECK(string_is(member_of(&sources->u.items[0], "external_id"), "1502"));
                CHECK(long_is(member_of(&sources->u.items[1], "feed_line"), 2));
            }
        }
        if (string_is(kind, "indicator") && string_is(member_of(&d, "value"), "203.0.113.7")) {
            CHECK(string_is(member_of(&d, "state"), "low_confidence"));
            CHECK(memmem(p, (size_t)(end - p), "\"ports\":[443]", 12) != NULL);
            CHECK(is_null(member_of(&d, "warninglist")));
        }
        if (string_is(kind, "hit") && long_is(member_of(member_of(&d, "source"), "line"), 3)) {
            CHECK(string_is(member_of(&d, "time"), "2026-05-12T10:00:05.0000000Z"));
            CHECK(string_is(member_of(member_of(&d, "indicator"), "feed"), "feeds/threatfox.json"));
            CHECK(string_is(member_of(member_of(&d, "indicator"), "reference"), "https://threatfox.abuse.ch/ioc/1501/"));
            CHECK(string_is(member_of(member_of(&d, "fields"), "Computer"), "WS-01"));
            CHECK(is_null(member_of(&d, "suppressed_by")));
            CHECK(is_null(member_of(&d, "suppressed_reason")));
        }
        if (string_is(kind, "hit") && long_is(member_of(member_of(&d, "source"), "line"), 11)) {
            CHECK(string_is(member_of(&d, "suppressed_by"), "scheduled-admin-tasks"));
            CHECK(string_is(member_of(&d, "suppressed_reason"), "Task Scheduler runs the patch script nightly"));
        }
        if (string_is(kind, "hit") && long_is(member_of(member_of(&d, "source"), "line"), 601))
            CHECK(is_null(member_of(&d, "time")));
        if (string_is(kind, "rule") && string_is(member_of(&d, "name"), "old-scanner")) {
            CHECK(string_is(member_of(&d, "expires"), "2026-01-01T00:00:00.0000000Z"));
            const kq_dyn *expired = member_of(&d, "expired");
            CHECK(expired && expired->kind == KQ_D_BOOL && expired->u.b);
        }
        if (string_is(kind, "hunt") && string_is(member_of(&d, "name"), "domain in DnsEvents.Name"))
            CHECK(string_is(member_of(&d, "kql"), SHARED_KQL));
        if (string_is(kind, "reject")) {
            CHECK(string_is(member_of(&d, "value"), "not an ioc\x1b]0;owned\x07"));
            CHECK(long_is(member_of(&d, "feed_line"), 3));
        }
        p = end + 1;
    }
    CHECK_EQ_INT(lines, 20);
    for (size_t k = 0; k < 7; k++) {
        if (got[k] != want[k]) fprintf(stderr, "kind %s: %zu lines, want %zu\n", kinds[k], got[k], want[k]);
        CHECK_EQ_INT(got[k], want[k]);
    }
    kq_arena_free(&a);
    free(jsonl.p);
}

/* Escaping odds and ends: invalid UTF-8, C1 controls, DEL. */
/* A hash has no separator: its cell may break every 16 characters, not anywhere. */
static void test_html_long_runs(void)
{
    kq_indicator ioc = {.type = KQ_IOC_SHA256, .value = "0b8220e041504782e284d39e2a4ad73312683fd0f4dd623581e2728489aa38d1",
                        .raw = "", .threat_type = "", .malware = "", .tags = "", .description = "", .tlp = "",
                        .confidence = -1};
    kq_ioc_set set = {.items = &ioc, .n = 1, .cap = 1};
    kq_hunt_report r = {.title = "t", .iocs = &set, .hunted = 1};
    text html = render(kq_report_html, &r);
    CHECK(strstr(html.p, "<code>0b8220e041504782<wbr>e284d39e2a4ad733<wbr>12683fd0f4dd6235<wbr>81e2728489aa38d1</code>"));
    free(html.p);
}

static void test_escaping(void)
{
    kq_indicator ioc = {.type = KQ_IOC_DOMAIN, .value = "bad\xff\xc2\x9b" "31m\x7f" "end", .raw = "", .threat_type = "",
                        .malware = "", .tags = "", .description = "", .tlp = "", .confidence = -1};
    kq_ioc_set set = {.items = &ioc, .n = 1, .cap = 1};
    kq_hunt_report r = {.title = "a\x1b]8;;http://x\x07 title", .iocs = &set, .hunted = 1};
    text md = render(kq_report_markdown, &r);
    CHECK(free_of_controls(&md));
    CHECK(has_line(md.p, "# Hunt report: a\\x1b\\]8;;http://x\\x07 title"));
    CHECK(strstr(md.p, "`bad\\xff\\u009b31m\\x7fend`"));
    text html = render(kq_report_html, &r);
    CHECK(free_of_controls(&html));
    CHECK(strstr(without_wbr(html.p), "<code>bad\\xff\\u009b31m\\x7fend</code>"));
    text jsonl = render(kq_report_jsonl, &r);
    CHECK(free_of_controls(&jsonl));
    CHECK(strstr(jsonl.p, "\"value\":\"bad\\ufffd\\u009b31m\\u007fend\""));
    CHECK(strstr(jsonl.p, "\"title\":\"a\\u001b]8;;http://x\\u0007 title\""));
    free(md.p);
    free(html.p);
    free(jsonl.p);
}

/* ---- a large report: the caps, and hour buckets ---- */

static void test_caps(void)
{
    enum { NIOCS = 250, NHITS = 600, NREJECTS = 130 };
    kq_arena a;
    kq_arena_init(&a, 1 << 16);
    kq_indicator *items = calloc(NIOCS, sizeof *items);
    kq_hit *hits = calloc(NHITS, sizeof *hits);
    kq_ioc_reject *rejects = calloc(NREJECTS, sizeof *rejects);
    char buf[64];
    for (int i = 0; i < NIOCS; i++) {
        bool url = i >= 240;
        int n = snprintf(buf, sizeof buf, url ? "http://host%d.example/x" : "host%d.example", i);
        items[i] = (kq_indicator){.type = url ? KQ_IOC_URL : KQ_IOC_DOMAIN,
                                  .value = kq_arena_strdup(&a, buf, (size_t)n), .raw = "", .threat_type = "",
                                  .malware = "Mirai", .tags = "", .description = "", .tlp = "", .confidence = 60};
    }
    int64_t start = at(2026, 5, 1, 0, 0, 0);
    for (int i = 0; i < NHITS; i++) /* one hit every 10 minutes: 100 hours, 6 hits an hour */
        hits[i] = (kq_hit){&items[i % NIOCS], 0, "DnsEvents", "Name", items[i % NIOCS].value,
                           start + (int64_t)i * 10 * KQ_TICKS_PER_MINUTE, "WS-01", "dns.log", i + 1, NULL, 0,
                           NULL, NULL};
    for (int i = 0; i < NREJECTS; i++)
        rejects[i] = (kq_ioc_reject){"list.txt", i + 1, "x", i % 3 ? "empty value" : "private IP address"};
    kq_ioc_set set = {.items = items, .n = NIOCS, .cap = NIOCS, .rejects = rejects, .nrejects = NREJECTS};
    kq_hunt_report r = {.now = start, .title = "Mirai", .iocs = &set, .hunted = NIOCS, .hits = hits,
                        .nhits = NHITS, .reported = NHITS};

    text md = render(kq_report_markdown, &r);
    CHECK(has_line(md.p, "... and 50 more indicators (40 domain, 10 url): the JSONL report lists them all."));
    CHECK(has_line(md.p, "... and 100 more hits: the JSONL report lists them all."));
    CHECK(has_line(md.p, "... and 30 more rejects (the JSONL report lists them all), by reason:"));
    CHECK(has_line(md.p, "| empty value | 20 |"));
    CHECK(has_line(md.p, "| private IP address | 10 |"));
    CHECK_EQ_INT(count_of(md.p, "| Mirai |"), 200 + 500);
    CHECK_EQ_INT(count_of(md.p, "| `x` |"), 100);
    CHECK(check_tables_intact(md.p) > 0);

    text html = render(kq_report_html, &r);
    CHECK(strstr(html.p, "aria-label=\"Hits per hour\""));
    CHECK_EQ_INT(count_of(html.p, "<rect class=\"bar reported\""), 100);
    CHECK(strstr(html.p, "<g><title>2026-05-01 00:00:00 UTC to 2026-05-01 01:00:00 UTC: 6 reported, 0 suppressed</title>"));
    CHECK(strstr(html.p, ">05-01 00:00</text>"));

    /* over more than 200 days the bars cover several days each */
    hits[NHITS - 1].time = start + 450 * KQ_TICKS_PER_DAY;
    text wide = render(kq_report_html, &r);
    CHECK(strstr(wide.p, "aria-label=\"Hits per 3 days\""));
    CHECK_EQ_INT(count_of(wide.p, "<rect class=\"bar reported\""), 3);

    text jsonl = render(kq_report_jsonl, &r);
    CHECK_EQ_INT(count_of(jsonl.p, "\n"), 1 + NIOCS + NHITS + NREJECTS);

    free(md.p);
    free(html.p);
    free(wide.p);
    free(jsonl.p);
    free(items);
    free(hits);
    free(rejects);
    kq_arena_free(&a);
}

/* A failed write is reported as -1. */
static void test_write_error(const fixture *fx)
{
    FILE *f = fopen("/dev/full", "w");
    if (!f) return;
    setvbuf(f, NULL, _IONBF, 0);
    CHECK_EQ_INT(kq_report_markdown(f, &fx->r), -1);
    clearerr(f);
    CHECK_EQ_INT(kq_report_html(f, &fx->r), -1);
    clearerr(f);
    CHECK_EQ_INT(kq_report_jsonl(f, &fx->r), -1);
    clearerr(f);
    CHECK_EQ_INT(kq_report_pack(f, &fx->r, "Remus", &fx->x), -1);
    fclose(f);
}

int main(void)
{
    fixture *fx = malloc(sizeof *fx);
    fixture_build(fx);
    test_markdown(&fx->r);
    test_markdown_exclusions_off(&fx->r);
    test_markdown_empty();
    test_pack(fx);
    test_html(&fx->r);
    test_jsonl(&fx->r);
    test_escaping();
    test_html_long_runs();
    test_caps();
    test_write_error(fx);
    fixture_free(fx);
    free(fx);
    return check_report("report");
}
