/*
 * hunt_cmd.c - `kq hunt` and `kq pack`: arguments, loading feeds, exclusions and warninglists,
 * binding the logs, and writing the report or the packs. The work itself is the hunt layer's
 * (src/hunt); this file only wires it to the command line.
 */
#include "hunt_cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../hunt/exclude.h"
#include "../hunt/feed.h"
#include "../hunt/hunt.h"
#include "../base/arena.h"
#include "../hunt/report.h"
#include "../hunt/report_common.h"
#include "stdin_file.h"

#define EXIT_HITS 1
#define EXIT_QUERY 2
#define EXIT_INPUT 3
#define EXIT_USAGE 64
#define MAX_SHOWN_DIAGS 5
#define DEFAULT_MAX_HITS 10000

static const char hunt_usage[] =
    "usage: kq hunt --iocs FEED [--iocs FEED...] [OPTIONS] [LOGS...]\n"
    "\n"
    "Hunts the indicators of threat-intelligence feeds in log files: every indicator becomes a\n"
    "ThreatIntelligenceIndicator row, and for each kind of indicator (domain, URL, IP, CIDR, hash,\n"
    "e-mail, file name) a KQL hunt runs over every table of the logs whose columns can hold it.\n"
    "Hits are checked against exclusion rules and MISP warninglists, then reported.\n"
    "\n"
    "Feeds: ThreatFox (JSON export, API JSON, CSV export), Feodo Tracker and URLhaus (CSV/JSON,\n"
    "host lists), MISP events and feed directories (to_ids attributes), STIX 2.1 bundles, CSV\n"
    "lists with a header (IoC/Indicator/value + type), plain lists (one value a line).\n"
    "\n"
    "Options:\n"
    "      --iocs FEED         a feed file (or MISP feed directory); repeatable\n"
    "      --feed-format FMT   force the format of the feeds: threatfox-json, threatfox-csv,\n"
    "                          feodo-csv, feodo-json, urlhaus-json, misp, stix, csv,\n"
    "                          json-records, list, tii\n"
    "      --exclude FILE      exclusion rules (YAML, see docs/exclusions.md); repeatable\n"
    "      --warninglist PATH  a MISP warninglist (list.json, or a directory of them); repeatable\n"
    "      --no-exclusions     apply no rule and no warninglist: show every hit\n"
    "      --misp-context      hunt MISP attributes whose to_ids is false too (tagged\n"
    "                          misp-context); by default they are context, not hunted\n"
    "      --min-confidence N  leave out indicators whose confidence is below N (0-100)\n"
    "      --now DATETIME      reference time: expiry of indicators and rules, now() in hunts\n"
    "      --ioc-validity TIME how long an indicator stays valid when its feed gives no expiry,\n"
    "                          from its latest sighting (default 365d; 0: forever)\n"
    "      --max-hits N        hits kept with all their event's fields (default 10000); every\n"
    "                          hit is listed and counted whatever N\n"
    "  -o, --format FMT        md (default), html or jsonl\n"
    "      --emit WHAT         kql: print the hunts' KQL (valid in Sentinel) and run nothing;\n"
    "                          tii: print the indicators as ThreatIntelligenceIndicator rows\n"
    "  -t, --table NAME=PATH   bind PATH to table NAME; repeatable\n"
    "      --strict            a malformed log record is an error (exit 3), not skipped\n"
    "  -q, --quiet             do not report skipped records\n"
    "  -h, --help              this help\n"
    "\n"
    "Exit status: 0 no hits, 1 hits, 2 query error (e.g. in an exclusion), 3 input error or\n"
    "nothing hunted (no indicator left to hunt, or no column of the logs for them),\n"
    "64 usage error.\n";

static const char pack_usage[] =
    "usage: kq pack FEED... [--out DIR] [--family NAME] [--exclude FILE...]\n"
    "\n"
    "Writes a hunting pack per malware family of the feeds: the IOC summary, KQL hunts for\n"
    "Sentinel (self-contained: the indicators are in the query), the tables and data connectors\n"
    "they need, and the false-positive scenarios with their exclusions. One Markdown file per\n"
    "family in DIR (default: packs); with --family NAME and no --out, that pack goes to stdout.\n"
    "\n"
    "Options:\n"
    "      --out DIR           where the packs are written (created if needed)\n"
    "      --family NAME       only this malware family (case-insensitive)\n"
    "      --exclude FILE      exclusion rules for the false-positive section (default: the\n"
    "                          standard scenarios shipped with kq, seed-scenarios.yaml)\n"
    "      --feed-format FMT   force the format of the feeds\n"
    "      --min-confidence N  leave out indicators whose confidence is below N\n"
    "      --misp-context      take MISP attributes whose to_ids is false too\n"
    "      --now DATETIME      reference time for expiry\n"
    "      --ioc-validity TIME validity of indicators whose feed gives no expiry (default 365d)\n"
    "  -h, --help              this help\n";

static int usage(const char *text, const char *fmt, const char *arg)
{
    fputs("kq: ", stderr);
    fprintf(stderr, fmt, arg);
    /* the first line of the help, then where the rest is */
    const char *end = strchr(text, '\n');
    fprintf(stderr, "\n%.*s\n(--help for the options)\n", (int)(end ? end - text : (long)strlen(text)), text);
    return EXIT_USAGE;
}

static void print_escaped(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f) fprintf(f, "\\x%02x", c);
        else fputc(c, f);
    }
}

static void print_error(const kq_error *err)
{
    fputs("kq: ", stderr);
    if (err->file[0]) {
        print_escaped(stderr, stdin_display_name(err->file));
        if (err->file_line > 0) fprintf(stderr, ":%lld", (long long)err->file_line);
        fputs(": ", stderr);
    }
    print_escaped(stderr, err->message);
    fputc('\n', stderr);
}

static int exit_code(int status)
{
    switch (status) {
    case KQ_ERR_QUERY: return EXIT_QUERY;
    case KQ_ERR_INPUT: return EXIT_INPUT;
    case KQ_ERR_MEMORY: return 4;
    case KQ_ERR_RUNTIME: return 5;
    default: return status ? EXIT_INPUT : 0;
    }
}

/* skipped log records and files: the first few printed, all counted; files, and the first
 * MAX_LISTED_RECORDS records, kept for the report */
#define MAX_LISTED_RECORDS 20
typedef struct diag_state {
    long long count;
    bool quiet;
    char **files;     /* pairs: a skipped file and why, or "FILE:LINE" of a skipped record and why */
    size_t nfiles;
    size_t nrecords;  /* records among them */
} diag_state;

static void on_diag(void *user, const char *file, int64_t line, const char *message)
{
    diag_state *d = user;
    if (file && (line <= 0 || d->nrecords < MAX_LISTED_RECORDS)) {
        const char *name = stdin_display_name(file);
        char *what;
        if (line <= 0) what = strdup(name);
        else {
            size_t n = strlen(name) + 40;
            what = malloc(n);
            snprintf(what, n, "log record %s:%lld", name, (long long)line);
            d->nrecords++;
        }
        d->files = realloc(d->files, (d->nfiles + 1) * 2 * sizeof(char *));
        d->files[2 * d->nfiles] = what;
        d->files[2 * d->nfiles + 1] = strdup(message);
        d->nfiles++;
    }
    /* what concerns a whole file (line 0) is always told; records, the first few */
    if (line > 0 && ++d->count > MAX_SHOWN_DIAGS) return;
    if (d->quiet) return;
    fputs("kq: ", stderr);
    print_escaped(stderr, file ? stdin_display_name(file) : "-");
    if (line > 0) fprintf(stderr, ":%lld", (long long)line);
    fputs(": ", stderr);
    print_escaped(stderr, message);
    fputc('\n', stderr);
}

static bool parse_now(const char *arg, int64_t *now)
{
    if (arg) return kq_parse_datetime(arg, strlen(arg), now);
    /* the wall clock, in ticks */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    *now = 621355968000000000LL + (int64_t)ts.tv_sec * 10000000LL + ts.tv_nsec / 100;
    return true;
}

#define DEFAULT_VALIDITY "365d"

/* a timespan such as 365d, 12h or 0 (forever) */
static bool parse_validity(const char *arg, int64_t *ticks)
{
    if (strcmp(arg, "0") == 0) {
        *ticks = 0;
        return true;
    }
    char *end;
    double amount = strtod(arg, &end);
    static const struct {
        const char *unit;
        int64_t ticks;
    } units[] = {{"d", 864000000000LL}, {"h", 36000000000LL}, {"m", 600000000LL}, {"s", 10000000LL}};
    if (end == arg || amount <= 0) return false;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(end, units[i].unit) == 0) {
            *ticks = (int64_t)(amount * (double)units[i].ticks);
            return true;
        }
    return false;
}

/* Whether feeds[i] is the same file (the same real path) as an earlier feed; says so on stderr. */
static bool repeats_earlier_feed(const char *const *feeds, int i)
{
    char *real = realpath(feeds[i], NULL);
    if (!real) return false; /* loading it reports why it cannot be read */
    bool repeated = false;
    for (int j = 0; j < i && !repeated; j++) {
        char *earlier = realpath(feeds[j], NULL);
        if (earlier && strcmp(earlier, real) == 0) {
            repeated = true;
            fprintf(stderr, "kq: ");
            print_escaped(stderr, feeds[i]);
            fprintf(stderr, ": the same file as --iocs ");
            print_escaped(stderr, feeds[j]);
            fprintf(stderr, "; read once\n");
        }
        free(earlier);
    }
    free(real);
    return repeated;
}

/* Loads every feed once (a file given twice is read once); out[0 .. *nloaded) describe them. */
/* A feed read from standard input is "<stdin>" in the indicators' sources and the rejects, not
 * kq's temporary copy of it. */
static void name_stdin_feed(kq_ioc_set *set, const char *copy)
{
    for (size_t i = 0; i < set->n; i++)
        for (int k = 0; k < set->items[i].nsources; k++) {
            kq_ioc_source *src = &set->items[i].sources[k];
            if (strcmp(src->feed_file, copy) == 0) src->feed_file = "<stdin>";
        }
    for (size_t i = 0; i < set->nrejects; i++)
        if (strcmp(set->rejects[i].feed_file, copy) == 0) set->rejects[i].feed_file = "<stdin>";
}

static int load_feeds(kq_ioc_set *set, const char *const *feeds, int nfeeds, kq_feed_format fmt,
                      kq_hunt_feed *out, int *nloaded)
{
    *nloaded = 0;
    for (int i = 0; i < nfeeds; i++) {
        if (repeats_earlier_feed(feeds, i)) continue;
        kq_error err;
        kq_feed_stats st;
        memset(&st, 0, sizeof st);
        if (kq_feed_load(set, feeds[i], fmt, &st, &err) != 0) {
            if (!err.file[0]) snprintf(err.file, sizeof err.file, "%s", feeds[i]);
            print_error(&err);
            return EXIT_INPUT;
        }
        if (st.missing_files) {
            fprintf(stderr, "kq: warning: ");
            print_escaped(stderr, stdin_display_name(feeds[i]));
            fprintf(stderr, ": %zu event file%s listed in manifest.json %s missing (the first: ",
                    st.missing_files, st.missing_files == 1 ? "" : "s", st.missing_files == 1 ? "is" : "are");
            print_escaped(stderr, st.first_missing);
            fprintf(stderr, "); %s not read\n", st.missing_files == 1 ? "it is" : "they are");
        }
        if (strcmp(stdin_display_name(feeds[i]), feeds[i]) != 0) name_stdin_feed(set, feeds[i]);
        if (out) out[*nloaded] = (kq_hunt_feed){stdin_display_name(feeds[i]), st};
        ++*nloaded;
    }
    return 0;
}

/* ---- --iocs for queries ---- */

static char tii_path[4096];

static void remove_tii(void)
{
    if (tii_path[0]) unlink(tii_path);
}

int cli_bind_feeds(kq_engine *e, const char *const *feeds, int nfeeds, int64_t now)
{
    static kq_ioc_set set; /* lives as long as the process: the engine reads the file it makes */
    kq_ioc_set_init(&set);
    int loaded;
    int rc = load_feeds(&set, feeds, nfeeds, KQ_FEED_AUTO, NULL, &loaded);
    if (rc) return rc;
    kq_ioc_set_dedupe(&set);
    int64_t validity;
    parse_validity(DEFAULT_VALIDITY, &validity);
    kq_ioc_set_default_expiry(&set, now, validity);
    kq_error err;
    atexit(remove_tii);
    if (kq_tii_bind(e, &set, now, tii_path, sizeof tii_path, &err) != 0) {
        print_error(&err);
        return exit_code(err.code);
    }
    return 0;
}

/* ---- kq hunt ---- */

/* the values of a repeatable option or the paths: pointers into argv, in one block of argc
 * entries released at exit (so that every return path, usage errors included, frees it) */
typedef struct arg_list {
    const char **v;
    int n;
} arg_list;

static const char **arg_blocks[8];
static int narg_blocks;

static void free_arg_blocks(void)
{
    for (int i = 0; i < narg_blocks; i++) free(arg_blocks[i]);
    narg_blocks = 0;
}

static arg_list new_arg_list(int argc)
{
    if (narg_blocks == 0) atexit(free_arg_blocks);
    arg_list l = {kq_xcalloc((size_t)argc + 1, sizeof(char *)), 0};
    if (narg_blocks < (int)(sizeof arg_blocks / sizeof arg_blocks[0])) arg_blocks[narg_blocks++] = l.v;
    return l;
}

static void push(arg_list *l, const char *s)
{
    l->v[l->n++] = s;
}

/* "--name VALUE" or "--name=VALUE" (short: "-x VALUE"); advances *i */
static const char *option_value(int argc, char **argv, int *i, const char *shortname, const char *longname, bool *missing)
{
    const char *a = argv[*i];
    size_t ln = strlen(longname);
    if ((shortname && strcmp(a, shortname) == 0) || strcmp(a, longname) == 0) {
        if (*i + 1 >= argc) {
            *missing = true;
            return NULL;
        }
        return argv[++*i];
    }
    if (strncmp(a, longname, ln) == 0 && a[ln] == '=') return a + ln + 1;
    if (shortname && strncmp(a, shortname, 2) == 0 && a[2]) return a + 2; /* -ojsonl */
    return NULL;
}

static int write_report(const kq_hunt_report *r, const char *format)
{
    int rc;
    if (strcmp(format, "md") == 0 || strcmp(format, "markdown") == 0) rc = kq_report_markdown(stdout, r);
    else if (strcmp(format, "html") == 0) rc = kq_report_html(stdout, r);
    else rc = kq_report_jsonl(stdout, r);
    if (fflush(stdout) != 0) rc = -1;
    if (rc != 0) {
        fprintf(stderr, "kq: writing the report: %s\n", strerror(errno));
        return EXIT_INPUT;
    }
    return 0;
}

/* the report's title: the malware families of the feeds when there are a few, else the feed */
static void hunt_title(const kq_ioc_set *set, const char *fallback, char *out, size_t cap)
{
    const char *families[4];
    size_t n = 0;
    for (size_t i = 0; i < set->n && n < 4; i++)
        for (int f = 0; f < set->items[i].nfamilies && n < 4; f++) {
            const char *m = set->items[i].families[f];
            bool seen = false;
            for (size_t k = 0; k < n && !seen; k++) seen = kq_family_equals(families[k], m);
            if (!seen) families[n++] = m;
        }
    if (n == 0 || n == 4) {
        snprintf(out, cap, "%s", fallback);
        return;
    }
    size_t len = 0;
    out[0] = 0;
    for (size_t k = 0; k < n && len < cap; k++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s", k ? ", " : "", families[k]);
}

static void emit_kql(const kq_hunt_report *r)
{
    for (size_t i = 0; i < r->nhunts; i++) {
        const kq_hunt_query *h = &r->hunts[i];
        if (i) fputs("\n", stdout);
        printf("// ==== hunt %zu of %zu: %s", i + 1, r->nhunts, h->name);
        if (h->connector[0]) printf(" (data connector: %s)", h->connector);
        fputs("\n", stdout);
        fputs(h->kql, stdout);
    }
}

int cli_hunt(int argc, char **argv)
{
    arg_list feeds = new_arg_list(argc), excludes = new_arg_list(argc), warninglists = new_arg_list(argc),
             logs = new_arg_list(argc), tables = new_arg_list(argc);
    const char *format = "md", *emit = NULL, *now_arg = NULL, *feed_format = NULL, *validity_arg = DEFAULT_VALIDITY;
    bool no_exclusions = false, strict = false, quiet = false, only_paths = false, misp_context = false;
    long min_confidence = -1, max_hits = DEFAULT_MAX_HITS;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        bool missing = false;
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            push(&logs, a);
            continue;
        }
        if (strcmp(a, "--") == 0) only_paths = true;
        else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(hunt_usage, stdout);
            return 0;
        } else if ((v = option_value(argc, argv, &i, NULL, "--iocs", &missing))) push(&feeds, v);
        else if ((v = option_value(argc, argv, &i, NULL, "--exclude", &missing))) push(&excludes, v);
        else if ((v = option_value(argc, argv, &i, NULL, "--warninglist", &missing))) push(&warninglists, v);
        else if ((v = option_value(argc, argv, &i, NULL, "--feed-format", &missing))) feed_format = v;
        else if ((v = option_value(argc, argv, &i, NULL, "--now", &missing))) now_arg = v;
        else if ((v = option_value(argc, argv, &i, NULL, "--ioc-validity", &missing))) validity_arg = v;
        else if ((v = option_value(argc, argv, &i, "-o", "--format", &missing))) format = v;
        else if ((v = option_value(argc, argv, &i, NULL, "--emit", &missing))) {
            if (emit && strcmp(emit, v) != 0) return usage(hunt_usage, "--emit takes one of kql and tii, not both (got '%s' too)", v);
            emit = v;
        }
        else if ((v = option_value(argc, argv, &i, "-t", "--table", &missing))) push(&tables, v);
        else if ((v = option_value(argc, argv, &i, NULL, "--min-confidence", &missing))) {
            char *end;
            min_confidence = strtol(v, &end, 10);
            if (end == v || *end || min_confidence < 0 || min_confidence > 100)
                return usage(hunt_usage, "--min-confidence takes a number from 0 to 100, got '%s'", v);
        } else if ((v = option_value(argc, argv, &i, NULL, "--max-hits", &missing))) {
            char *end;
            max_hits = strtol(v, &end, 10);
            if (end == v || *end || max_hits < 0) return usage(hunt_usage, "--max-hits takes a count, got '%s'", v);
        } else if (strcmp(a, "--no-exclusions") == 0) no_exclusions = true;
        else if (strcmp(a, "--misp-context") == 0) misp_context = true;
        else if (strcmp(a, "--strict") == 0) strict = true;
        else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) quiet = true;
        else if (missing) return usage(hunt_usage, "option %s needs a value", a);
        else return usage(hunt_usage, "unknown option '%s'", a);
        if (missing) return usage(hunt_usage, "option %s needs a value", a);
    }
    if (feeds.n == 0) return usage(hunt_usage, "%s", "no feed given (--iocs FEED)");
    /* standard input: '-' as a feed or a log, or the logs when no PATH is given */
    int stdin_uses = 0;
    for (int i = 0; i < feeds.n; i++) stdin_uses += strcmp(feeds.v[i], "-") == 0;
    for (int i = 0; i < logs.n; i++) stdin_uses += strcmp(logs.v[i], "-") == 0;
    if (logs.n == 0 && tables.n == 0 && !(emit && strcmp(emit, "tii") == 0)) {
        if (!stdin_has_data()) return usage(hunt_usage, "%s", "no logs given (PATH..., or - for standard input)");
        push(&logs, "-");
        stdin_uses++;
    }
    if (stdin_uses > 1) return usage(hunt_usage, "%s", "standard input can be read once: as one feed or as the logs");
    for (int i = 0; i < feeds.n + logs.n; i++) {
        const char **at = i < feeds.n ? &feeds.v[i] : &logs.v[i - feeds.n];
        if (strcmp(*at, "-") != 0) continue;
        if (!(*at = stdin_as_file())) {
            fprintf(stderr, "kq: cannot store standard input: %s\n", strerror(errno));
            return EXIT_INPUT;
        }
    }
    if (strcmp(format, "md") != 0 && strcmp(format, "markdown") != 0 && strcmp(format, "html") != 0 &&
        strcmp(format, "jsonl") != 0)
        return usage(hunt_usage, "unknown report format '%s' (md, html, jsonl)", format);
    if (emit && strcmp(emit, "kql") != 0 && strcmp(emit, "tii") != 0)
        return usage(hunt_usage, "--emit takes kql or tii, got '%s'", emit);
    kq_feed_format fmt = KQ_FEED_AUTO;
    if (feed_format && (fmt = kq_feed_format_parse(feed_format)) == KQ_FEED__COUNT)
        return usage(hunt_usage, "unknown feed format '%s'", feed_format);
    int64_t now, validity;
    if (!parse_now(now_arg, &now)) return usage(hunt_usage, "--now: '%s' is not a datetime", now_arg);
    if (!parse_validity(validity_arg, &validity))
        return usage(hunt_usage, "--ioc-validity takes a timespan like 365d, 12h or 0, got '%s'", validity_arg);

    int status = 0;
    kq_ioc_set set;
    kq_ioc_set_init(&set);
    set.misp_context = misp_context;
    kq_exclusions x;
    kq_exclusions_init(&x);
    kq_warninglists w;
    kq_warninglists_init(&w);
    kq_hunt_report report;
    memset(&report, 0, sizeof report);
    kq_hunt_feed *feed_info = calloc((size_t)feeds.n, sizeof *feed_info);
    diag_state ds = {0, quiet, NULL, 0, 0};
    kq_engine *e = kq_engine_new();
    kq_error err;

    int nloaded = 0;
    if ((status = load_feeds(&set, feeds.v, feeds.n, fmt, feed_info, &nloaded))) goto done;
    kq_ioc_set_dedupe(&set);
    kq_ioc_set_default_expiry(&set, now, validity);
    for (int i = 0; i < excludes.n; i++)
        if (kq_exclusions_load(&x, excludes.v[i], &err) != 0) {
            print_error(&err);
            status = exit_code(err.code);
            goto done;
        }
    for (int i = 0; i < warninglists.n; i++)
        if (kq_warninglists_load(&w, warninglists.v[i], &err) != 0) {
            print_error(&err);
            status = exit_code(err.code);
            goto done;
        }
    if (emit && strcmp(emit, "tii") == 0) {
        kq_ioc_set_dedupe(&set);
        if (kq_tii_write(stdout, &set, now) != 0 || fflush(stdout) != 0) status = EXIT_INPUT;
        goto done;
    }
    for (size_t i = 0; i < x.n; i++)
        if (x.rules[i].expires && x.rules[i].expires <= now && !quiet) {
            fprintf(stderr, "kq: %s:%d: exclusion '%s' has expired; it is ignored\n", x.rules[i].file, x.rules[i].line,
                    x.rules[i].name);
        }

    kq_engine_set_now(e, now);
    kq_engine_set_shared_materialize(e, true); /* every hunt of a kind reads the same indicators */
    kq_engine_set_strict(e, strict);
    kq_engine_set_diag(e, on_diag, &ds);
    kq_engine_set_source_columns(e, true);
    for (int i = 0; i < tables.n; i++) {
        const char *eq = strchr(tables.v[i], '=');
        if (!eq) {
            status = usage(hunt_usage, "--table takes NAME=PATH, got '%s'", tables.v[i]);
            goto done;
        }
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(eq - tables.v[i]), tables.v[i]);
        const char *path = eq + 1;
        if (strcmp(path, "-") == 0 && !(path = stdin_as_file())) {
            fprintf(stderr, "kq: cannot store standard input: %s\n", strerror(errno));
            status = EXIT_INPUT;
            goto done;
        }
        if (!name[0]) {
            status = usage(hunt_usage, "--table takes NAME=PATH with a table name, got '%s'", tables.v[i]);
            goto done;
        }
        if (kq_engine_add_path(e, name, path, &err) != 0) {
            print_error(&err);
            status = exit_code(err.code);
            goto done;
        }
    }
    for (int i = 0; i < logs.n; i++) {
        /* data on standard input has no file name to name its table by: unless it names one
         * itself (a Type column), it is the table "stdin" */
        bool from_stdin = strcmp(stdin_display_name(logs.v[i]), logs.v[i]) != 0;
        int bound = from_stdin ? kq_engine_add_path_default(e, "stdin", logs.v[i], &err)
                               : kq_engine_add_path(e, NULL, logs.v[i], &err);
        if (bound != 0) {
            print_error(&err);
            status = exit_code(err.code);
            goto done;
        }
        for (int t = 0; from_stdin && !quiet && t < kq_engine_table_count(e); t++)
            if (strcmp(kq_engine_table_name(e, t), "stdin") == 0)
                fputs("kq: <stdin>: the data names no table (no Type column); it is hunted as the table 'stdin' "
                      "(name it with -t TABLE=-, e.g. -t DnsEvents=-)\n", stderr);
    }

    kq_hunt_options o = {now, (int)min_confidence, no_exclusions, (size_t)max_hits, emit != NULL, NULL, NULL};
    report.feeds = feed_info;
    report.nfeeds = (size_t)nloaded;
    char title[512];
    hunt_title(&set, nloaded == 1 ? stdin_display_name(feeds.v[0]) : "several feeds", title, sizeof title);
    report.title = title;
    int rc = kq_hunt_run(e, &set, &x, &w, &o, &report, &err);
    if (rc != 0) {
        print_error(&err);
        status = exit_code(rc);
        goto done;
    }
    if (emit) {
        emit_kql(&report);
        if (fflush(stdout) != 0) status = EXIT_INPUT;
        goto done;
    }
    /* a rule that suppressed nothing because it applied nowhere is worth a warning */
    for (size_t i = 0; !quiet && i < x.n; i++) {
        char what[300];
        snprintf(what, sizeof what, "exclusion %s", x.rules[i].name);
        for (size_t k = 0; k < report.nskips; k++)
            if (strcmp(report.skips[k].what, what) == 0 && strncmp(report.skips[k].reason, "applied to no hunt", 18) == 0)
                fprintf(stderr, "kq: %s:%d: exclusion '%s' %s\n", x.rules[i].file, x.rules[i].line, x.rules[i].name,
                        report.skips[k].reason);
    }
    /* events read from standard input come from "<stdin>", not from kq's copy of it */
    for (size_t i = 0; i < report.nhits; i++)
        report.hits[i].source_file = stdin_display_name(report.hits[i].source_file);
    /* whole files of the logs that kq could not read are part of what was not hunted */
    for (size_t i = 0; i < ds.nfiles; i++) {
        report.skips = realloc(report.skips, (report.nskips + 1) * sizeof *report.skips);
        report.skips[report.nskips++] = (kq_hunt_skip){ds.files[2 * i], ds.files[2 * i + 1]};
    }
    if ((status = write_report(&report, format))) goto done;
    if (ds.count > MAX_SHOWN_DIAGS && !quiet) fprintf(stderr, "kq: ... and %lld more\n", ds.count - MAX_SHOWN_DIAGS);
    if (!quiet) {
        size_t suppressed = 0;
        for (size_t i = 0; i < report.nhunts; i++) suppressed += report.hunts[i].suppressed;
        fprintf(stderr, "kq: %zu indicator%s hunted in %zu hunt%s: %zu hit%s, %zu suppressed\n", report.hunted,
                kq_report_plural(report.hunted), report.nhunts, kq_report_plural(report.nhunts), report.reported,
                kq_report_plural(report.reported), suppressed);
        if (report.log_records_skipped > 0)
            fprintf(stderr, "kq: %lld malformed log record%s skipped\n", (long long)report.log_records_skipped,
                    report.log_records_skipped == 1 ? "" : "s");
        size_t warnings = 0;
        for (int i = 0; i < nloaded; i++) warnings += feed_info[i].stats.warnings;
        if (warnings)
            fprintf(stderr, "kq: %zu warning%s from the feeds (values kq could not read, such as dates; see the "
                            "report)\n", warnings, kq_report_plural(warnings));
    }
    status = report.reported ? EXIT_HITS : 0;
    if (report.hunted == 0) {
        /* nothing was looked for: an empty or expired feed, or logs with no column for its
         * indicators, is no clean result; the report says why, and so does the exit status */
        size_t rejected = 0, skipped = 0;
        for (int i = 0; i < feeds.n; i++) {
            rejected += feed_info[i].stats.rejected;
            skipped += feed_info[i].stats.skipped;
        }
        fprintf(stderr, "kq: nothing was hunted: of %zu indicator%s, %zu expired, %zu below --min-confidence, %zu "
                        "revoked, %zu not yet valid, %zu with no column of the logs to hunt in; the feeds "
                        "rejected %zu value%s and skipped %zu record%s (see the report)\n",
                report.iocs ? report.iocs->n : 0, kq_report_plural(report.iocs ? report.iocs->n : 0), report.expired,
                report.low_confidence, report.revoked, report.not_yet_valid, report.no_table, rejected,
                kq_report_plural(rejected), skipped, kq_report_plural(skipped));
        status = EXIT_INPUT;
    }
done:
    kq_hunt_report_free(&report);
    kq_engine_free(e);
    kq_warninglists_free(&w);
    kq_exclusions_free(&x);
    kq_ioc_set_free(&set);
    for (size_t i = 0; i < ds.nfiles; i++) free(ds.files[2 * i]), free(ds.files[2 * i + 1]);
    free(ds.files);
    free(feed_info);
    return status;
}

/* ---- kq pack ---- */

/* the tables a pack hunts in, per kind: the Sentinel tables analysts have for them */
static const kq_hunt_target pack_targets[] = { /* .renamed: from the table's schema (pack_target) */
    {KQ_HUNT_DOMAIN, "DnsEvents", "Name", 's', 0},
    {KQ_HUNT_DOMAIN, "DeviceNetworkEvents", "RemoteUrl", 'h', 0},
    {KQ_HUNT_DOMAIN, "CommonSecurityLog", "DestinationHostName", 's', 0},
    {KQ_HUNT_URL, "DeviceNetworkEvents", "RemoteUrl", 's', 0},
    {KQ_HUNT_URL, "CommonSecurityLog", "RequestURL", 's', 0},
    {KQ_HUNT_IP, "DeviceNetworkEvents", "RemoteIP", 's', 0},
    {KQ_HUNT_IP, "CommonSecurityLog", "DestinationIP", 's', 0},
    {KQ_HUNT_IP, "DnsEvents", "IPAddresses", 'l', 0},
    {KQ_HUNT_CIDR, "DeviceNetworkEvents", "RemoteIP", 's', 0},
    {KQ_HUNT_HASH, "DeviceFileEvents", "SHA256", 's', 0},
    {KQ_HUNT_HASH, "DeviceFileEvents", "SHA1", 's', 0},
    {KQ_HUNT_HASH, "DeviceFileEvents", "MD5", 's', 0},
    {KQ_HUNT_HASH, "DeviceProcessEvents", "SHA256", 's', 0},
    {KQ_HUNT_EMAIL, "EmailEvents", "SenderFromAddress", 's', 0},
    {KQ_HUNT_FILENAME, "DeviceProcessEvents", "FileName", 's', 0},
    {KQ_HUNT_FILENAME, "DeviceFileEvents", "FileName", 's', 0},
    {KQ_HUNT_FILENAME, "SecurityEvent", "NewProcessName", 'p', 0},
};

/* a pack target with the renames its table's schema calls for */
static kq_hunt_target pack_target(const kq_hunt_target *t)
{
    kq_hunt_target out = *t;
    for (int i = 0; i < kq_catalog_table_count(); i++) {
        if (strcmp(kq_catalog_table_name(i), t->table) != 0) continue;
        int ncols = kq_catalog_table_column_count(i);
        const char **names = calloc((size_t)ncols + 1, sizeof *names);
        for (int c = 0; c < ncols; c++) names[c] = kq_catalog_table_column_name(i, c);
        out.renamed = kq_hunt_renamed_columns(ncols, names);
        free(names);
    }
    return out;
}

static const char *connector_of(const char *table)
{
    for (int i = 0; i < kq_catalog_table_count(); i++)
        if (strcmp(kq_catalog_table_name(i), table) == 0) return kq_catalog_table_connector(i);
    return "";
}

/* a file name for a family: ASCII letters, digits, '-' and '_' (any other character, one byte or
 * a UTF-8 sequence, is one '_') */
static void family_slug(const char *family, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = family; *p && n + 1 < cap; p++) {
        char c = *p;
        if (((unsigned char)c & 0xC0) == 0x80) continue; /* the rest of a UTF-8 sequence */
        out[n++] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') ? c : '_';
    }
    if (n == 0) n = (size_t)snprintf(out, cap, "unattributed");
    out[n] = 0;
}

/* "the families are 'A', 'B' and 'C'" (those of no family are left out), or that there is none */
static void print_families(FILE *f, const char *const *families, size_t n)
{
    size_t named = 0;
    for (size_t k = 0; k < n; k++) named += families[k][0] != 0;
    if (!named) {
        fputs("the feeds name no malware family\n", f);
        return;
    }
    fputs(named == 1 ? "the family is " : "the families are ", f);
    size_t shown = 0;
    for (size_t k = 0; k < n; k++) {
        if (!families[k][0]) continue;
        shown++;
        fputs(shown == 1 ? "'" : shown == named ? " and '" : ", '", f);
        print_escaped(f, families[k]);
        fputc('\'', f);
    }
    fputc('\n', f);
}

#define SLUG_SIZE 200

/* The file name of family k's pack in slugs[k]: its slug, with "-2", "-3", ... when an earlier
 * family of the run (slugs[0..k-1]) has that name, compared case-insensitively as some file
 * systems do, so that no pack of the run overwrites another. */
static void unique_slug(const char *family, char (*slugs)[SLUG_SIZE], size_t k)
{
    char base[SLUG_SIZE - 12];
    family_slug(family, base, sizeof base);
    snprintf(slugs[k], SLUG_SIZE, "%s", base);
    for (int n = 2;; n++) {
        bool taken = false;
        for (size_t j = 0; j < k && !taken; j++) taken = strcasecmp(slugs[j], slugs[k]) == 0;
        if (!taken) return;
        snprintf(slugs[k], SLUG_SIZE, "%s-%d", base, n);
    }
}

static int write_pack(FILE *f, kq_ioc_set *set, const char *family, const kq_exclusions *x, int64_t now, int min_confidence,
                      unsigned char *state)
{
    kq_hunt_options o = {now, min_confidence, false, 0, true, set, family};
    bool kinds[KQ_HUNT__COUNT] = {false}, types[KQ_IOC__COUNT] = {false};
    for (size_t i = 0; i < set->n; i++)
        if (kq_ioc_has_family(&set->items[i], family) && state[i] == KQ_IOC_HUNTED &&
            !(set->items[i].type == KQ_IOC_CIDR && strchr(set->items[i].value, ':'))) {
            kinds[kq_hunt_kind_of(set->items[i].type)] = true;
            if ((unsigned)set->items[i].type < KQ_IOC__COUNT) types[set->items[i].type] = true;
        }
    size_t ntargets = sizeof pack_targets / sizeof pack_targets[0];
    kq_hunt_query *hunts = calloc(ntargets, sizeof *hunts);
    kq_hunt_table *tables = calloc(ntargets, sizeof *tables);
    char **texts = calloc(ntargets * 2, sizeof *texts);
    size_t nhunts = 0, ntables = 0;
    for (size_t i = 0; i < ntargets; i++) {
        const kq_hunt_target *t = &pack_targets[i];
        if (!kinds[t->kind]) continue;
        kq_ioc_type hash_type = kq_hunt_target_hash_type(t);
        if (hash_type != KQ_IOC_NONE && !types[hash_type]) continue; /* no hash of this column's length */
        kq_hunt_target target = pack_target(t);
        char *kql = kq_hunt_kql(&target, &o, NULL, 0, NULL, 0);
        char name[256];
        snprintf(name, sizeof name, "%s in %s.%s", kq_hunt_kind_name(t->kind), t->table, t->column);
        texts[2 * nhunts] = kql;
        texts[2 * nhunts + 1] = strdup(name);
        hunts[nhunts] = (kq_hunt_query){texts[2 * nhunts + 1], KQ_IOC_NONE, t->table, t->column, connector_of(t->table), kql, 0, 0, 0};
        nhunts++;
        bool seen = false;
        for (size_t k = 0; k < ntables; k++) seen |= strcmp(tables[k].name, t->table) == 0;
        if (!seen) tables[ntables++] = (kq_hunt_table){t->table, connector_of(t->table), 0};
    }
    kq_rule_count *rules = calloc(x->n + 1, sizeof *rules);
    for (size_t i = 0; i < x->n; i++)
        rules[i] = (kq_rule_count){x->rules[i].name, "exclusion", x->rules[i].scenario, x->rules[i].reason,
                                   x->rules[i].expires, x->rules[i].expires && x->rules[i].expires <= now, 0, 0};
    kq_hunt_report r;
    memset(&r, 0, sizeof r);
    r.now = now;
    r.title = family;
    r.iocs = set;
    r.ioc_state = state;
    const kq_warninglist **no_lists = calloc(set->n + 1, sizeof *no_lists);
    r.ioc_warninglist = no_lists;
    r.min_confidence = min_confidence;
    r.hunts = hunts;
    r.nhunts = nhunts;
    r.tables = tables;
    r.ntables = ntables;
    r.rules = rules;
    r.nrules = x->n;
    int rc = kq_report_pack(f, &r, family, x);
    for (size_t i = 0; i < nhunts * 2; i++) free(texts[i]);
    free(texts);
    free(hunts);
    free(tables);
    free(rules);
    free(no_lists);
    return rc;
}

/* the standard false-positive scenarios shipped with kq: beside the binary in the source tree
 * (kq, build/kq) or installed under PREFIX/share/kq */
static bool find_seed_scenarios(char *out, size_t cap)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return false;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash) return false;
    *slash = 0;
    static const char *const candidates[] = {"/examples/exclusions/seed-scenarios.yaml",
                                             "/../examples/exclusions/seed-scenarios.yaml",
                                             "/../share/kq/seed-scenarios.yaml"};
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        snprintf(out, cap, "%s%s", exe, candidates[i]);
        if (access(out, R_OK) == 0) return true;
    }
    return false;
}

int cli_pack(int argc, char **argv)
{
    arg_list feeds = new_arg_list(argc), excludes = new_arg_list(argc);
    const char *out_dir = NULL, *family = NULL, *now_arg = NULL, *feed_format = NULL, *validity_arg = DEFAULT_VALIDITY;
    long min_confidence = -1;
    bool misp_context = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        bool missing = false;
        if (a[0] != '-') {
            push(&feeds, a);
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(pack_usage, stdout);
            return 0;
        } else if ((v = option_value(argc, argv, &i, NULL, "--out", &missing))) out_dir = v;
        else if ((v = option_value(argc, argv, &i, NULL, "--family", &missing))) family = v;
        else if ((v = option_value(argc, argv, &i, NULL, "--exclude", &missing))) push(&excludes, v);
        else if ((v = option_value(argc, argv, &i, NULL, "--now", &missing))) now_arg = v;
        else if ((v = option_value(argc, argv, &i, NULL, "--ioc-validity", &missing))) validity_arg = v;
        else if ((v = option_value(argc, argv, &i, NULL, "--feed-format", &missing))) feed_format = v;
        else if (strcmp(a, "--misp-context") == 0) misp_context = true;
        else if ((v = option_value(argc, argv, &i, NULL, "--min-confidence", &missing))) {
            char *end;
            min_confidence = strtol(v, &end, 10);
            if (end == v || *end || min_confidence < 0 || min_confidence > 100)
                return usage(pack_usage, "--min-confidence takes a number from 0 to 100, got '%s'", v);
        } else if (missing) return usage(pack_usage, "option %s needs a value", a);
        else return usage(pack_usage, "unknown option '%s'", a);
        if (missing) return usage(pack_usage, "option %s needs a value", a);
    }
    if (feeds.n == 0) return usage(pack_usage, "%s", "no feed given");
    kq_feed_format fmt = KQ_FEED_AUTO;
    if (feed_format && (fmt = kq_feed_format_parse(feed_format)) == KQ_FEED__COUNT)
        return usage(pack_usage, "unknown feed format '%s'", feed_format);
    int64_t now, validity;
    if (!parse_now(now_arg, &now)) return usage(pack_usage, "--now: '%s' is not a datetime", now_arg);
    if (!parse_validity(validity_arg, &validity))
        return usage(pack_usage, "--ioc-validity takes a timespan like 365d, 12h or 0, got '%s'", validity_arg);

    int status = 0;
    kq_ioc_set set;
    kq_ioc_set_init(&set);
    set.misp_context = misp_context;
    kq_exclusions x;
    kq_exclusions_init(&x);
    kq_error err;
    unsigned char *state = NULL;
    int nloaded;
    if ((status = load_feeds(&set, feeds.v, feeds.n, fmt, NULL, &nloaded))) goto done;
    kq_ioc_set_dedupe(&set);
    kq_ioc_set_default_expiry(&set, now, validity);
    char scenarios[4096];
    if (excludes.n == 0 && find_seed_scenarios(scenarios, sizeof scenarios)) {
        push(&excludes, scenarios);
        fprintf(stderr, "kq: false-positive scenarios from %s (--exclude FILE for others)\n", scenarios);
    } else if (excludes.n == 0)
        fprintf(stderr, "kq: no false-positive scenarios found beside kq; give them with --exclude FILE\n");
    for (int i = 0; i < excludes.n; i++)
        if (kq_exclusions_load(&x, excludes.v[i], &err) != 0) {
            print_error(&err);
            status = exit_code(err.code);
            goto done;
        }
    state = calloc(set.n + 1, 1);
    for (size_t i = 0; i < set.n; i++) {
        const kq_indicator *ioc = &set.items[i];
        state[i] = ioc->revoked ? KQ_IOC_REVOKED
                   : (ioc->expires && ioc->expires <= now) ? KQ_IOC_EXPIRED
                   : ioc->valid_from > now ? KQ_IOC_NOT_YET_VALID
                   : (min_confidence >= 0 && ioc->confidence >= 0 && ioc->confidence < min_confidence) ? KQ_IOC_LOW_CONFIDENCE
                   : KQ_IOC_HUNTED;
    }
    /* the families (an indicator may name several; "" for those naming none), in order of first
     * appearance, distinct case-insensitively */
    size_t most = 0;
    for (size_t i = 0; i < set.n; i++) most += set.items[i].nfamilies ? (size_t)set.items[i].nfamilies : 1;
    const char **families = calloc(most + 1, sizeof *families);
    size_t nfamilies = 0;
    for (size_t i = 0; i < set.n; i++) {
        const kq_indicator *ioc = &set.items[i];
        for (int f = 0; f < (ioc->nfamilies ? ioc->nfamilies : 1); f++) {
            const char *m = ioc->nfamilies ? ioc->families[f] : "";
            bool seen = false;
            for (size_t k = 0; k < nfamilies && !seen; k++) seen = kq_family_equals(families[k], m);
            if (!seen) families[nfamilies++] = m;
        }
    }
    if (family) { /* --family compares as Kusto's =~ does; the pack takes the feed's spelling */
        const char *chosen = NULL;
        for (size_t k = 0; k < nfamilies && !chosen; k++)
            if (kq_family_equals(families[k], family)) chosen = families[k];
        if (chosen) {
            families[0] = chosen;
            nfamilies = 1;
        } else {
            fprintf(stderr, "kq: no indicator of the feeds names the malware family '%s'; ", family);
            print_families(stderr, families, nfamilies);
            status = EXIT_INPUT;
        }
    }
    if (status) {
        /* nothing to write */
    } else if (family && !out_dir) {
        if (write_pack(stdout, &set, families[0], &x, now, (int)min_confidence, state) != 0 || fflush(stdout) != 0) status = EXIT_INPUT;
    } else {
        const char *dir = out_dir ? out_dir : "packs";
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "kq: %s: %s\n", dir, strerror(errno));
            status = EXIT_INPUT;
        }
        char(*slugs)[SLUG_SIZE] = calloc(nfamilies + 1, sizeof *slugs); /* the names written so far */
        for (size_t k = 0; k < nfamilies && status == 0; k++) {
            char path[4096];
            unique_slug(families[k], slugs, k);
            snprintf(path, sizeof path, "%s/%s.md", dir, slugs[k]);
            bool replaced = access(path, F_OK) == 0;
            FILE *f = fopen(path, "w");
            if (!f || write_pack(f, &set, families[k], &x, now, (int)min_confidence, state) != 0 || fclose(f) != 0) {
                fprintf(stderr, "kq: %s: %s\n", path, strerror(errno));
                status = EXIT_INPUT;
                break;
            }
            fprintf(stderr, "kq: wrote %s%s\n", path, replaced ? " (replacing the pack that was there)" : "");
        }
        free(slugs);
    }
    free(families);
done:
    free(state);
    kq_exclusions_free(&x);
    kq_ioc_set_free(&set);
    return status;
}
