/*
 * main.c - the kq command: run a KQL query over log files (kq QUERY PATH...), check a query
 * (kq check), list tables (kq tables). Exit codes: 0 success, 1 no rows with -e, 2 query error,
 * 3 input error, 4 out of memory, 5 runtime error, 64 usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hunt_cmd.h"
#include "stdin_file.h"
#include "text.h"
#include "yaml_query.h"
#include "kq.h"
#include "output.h"

#define EXIT_NO_ROWS 1
#define EXIT_USAGE 64
#define MAX_SHOWN_DIAGS 5

/* kq check --help, kq tables --help, kq run --help */
static const char check_usage_text[] =
    "usage: kq check [OPTIONS] QUERY [PATH...]\n"
    "       kq check [OPTIONS] -f QUERYFILE [PATH...]\n"
    "\n"
    "Compiles the query without running it: tables, columns, functions and types are checked\n"
    "against the Sentinel schemas kq knows and the files given, so no data is needed. Exit 0\n"
    "when it is valid; otherwise 2, with FILE:LINE:COL: error: message, the line and a caret.\n"
    "The options of queries apply (-t NAME=PATH, --view NAME=FILE, ...): see kq --help.\n";
static const char tables_usage_text[] =
    "usage: kq tables [PATH...]\n"
    "\n"
    "Lists the tables kq knows (the built-in Sentinel and Defender schemas) and the built-in\n"
    "views with their columns and types; with paths, also the table each file binds to and the\n"
    "columns it brings.\n";
static const char run_usage_text[] =
    "usage: kq run [OPTIONS] RULE.yaml [PATH...]\n"
    "\n"
    "Runs the query: of a Sentinel analytics rule or hunting query (YAML) as it is, over the\n"
    "logs given. The options and exit codes of queries apply (-o, -t NAME=PATH, --now, --strict,\n"
    "...): see kq --help.\n";

static const char usage_text[] =
    "usage: kq [OPTIONS] QUERY [PATH...]\n"
    "       kq [OPTIONS] -f QUERYFILE [PATH...]\n"
    "       kq run RULE.yaml [PATH...]     (a Sentinel rule or hunting query: its query:)\n"
    "       kq check [-f QUERYFILE | QUERY]\n"
    "       kq tables [PATH...]\n"
    "       kq hunt --iocs FEED [OPTIONS] [PATH...]   (IOC feeds -> hunts -> report; kq hunt -h)\n"
    "       kq pack FEED...                  (hunting packs per malware family; kq pack -h)\n"
    "\n"
    "Runs a KQL (Kusto) query over log files: JSON Lines/arrays (Sentinel exports), CSV\n"
    "(Log Analytics exports), Zeek dns.log (TSV or JSON), packet captures (pcap, pcapng: their\n"
    "DNS), gzip-compressed or not.\n"
    "Directories are walked; PATH '-' (or no PATH with data on stdin) reads standard input.\n"
    "\n"
    "Options:\n"
    "  -f, --file FILE        read the query from FILE ('-' for standard input)\n"
    "  -o, --format FMT       table, csv, jsonl or json (default: table on a terminal, else csv)\n"
    "  -t, --table NAME=PATH  bind PATH (file or directory) to table NAME; repeatable\n"
    "      --view NAME=FILE   define (or override) the view NAME with the KQL in FILE\n"
    "      --iocs FEED        bind the indicators of a threat-intelligence feed (ThreatFox, MISP,\n"
    "                         STIX, CSV, lists; see kq hunt -h) as ThreatIntelligenceIndicator\n"
    "      --now DATETIME     reference time of now() and ago() (default: the clock)\n"
    "      --strict           a malformed input record is an error (exit 3), not skipped\n"
    "      --no-header        csv without the header line\n"
    "  -e, --exit-status      exit 1 when the result has no rows\n"
    "  -q, --quiet            do not report skipped records\n"
    "      --color WHEN       auto, always or never (NO_COLOR is respected)\n"
    "  -h, --help             this help\n"
    "  -V, --version          the version\n"
    "\n"
    "Files bind to tables by their Type column, their name (DnsEvents*.json -> DnsEvents),\n"
    "or their format (Zeek dns.log and captures -> ZeekDns, which the built-in view DnsEvents\n"
    "reads).\n"
    "Exit status: 0 ok, 1 no rows (with -e), 2 query error, 3 input error, 4 out of memory,\n"
    "5 runtime error, 64 usage error. Several result tables: csv separates them with an empty line.\n";

typedef struct progress_state progress_state;
static void clear_progress(progress_state *p);

typedef struct diag_state {
    long long count;
    bool quiet;
    progress_state *progress; /* cleared before a diagnostic is printed */
} diag_state;

/* prints a file diagnostic with control characters escaped */
static void print_escaped(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f) fprintf(f, "\\x%02x", c);
        else fputc(c, f);
    }
}

static void on_diag(void *user, const char *file, int64_t line, const char *message)
{
    diag_state *d = user;
    /* what concerns a whole file (line 0) is always told; records, the first few */
    if (line > 0 && ++d->count > MAX_SHOWN_DIAGS) return;
    if (d->quiet) return;
    if (d->progress) clear_progress(d->progress);
    fputs("kq: ", stderr);
    print_escaped(stderr, file ? stdin_display_name(file) : "-");
    if (line > 0) fprintf(stderr, ":%lld", (long long)line);
    fputs(": ", stderr);
    print_escaped(stderr, message);
    fputc('\n', stderr);
}

/* a one-line progress display on stderr (only when it is a terminal), at most a few times a second */
typedef struct progress_state {
    struct timespec last;
    bool shown;
    bool stopped; /* results are being written to the same terminal */
} progress_state;

static void on_progress(void *user, const char *file, uint64_t done, uint64_t total)
{
    progress_state *p = user;
    if (p->stopped) return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double since = (double)(now.tv_sec - p->last.tv_sec) + (double)(now.tv_nsec - p->last.tv_nsec) / 1e9;
    if (p->shown && since < 0.25) return;
    p->last = now;
    p->shown = true;
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    char name[48];
    size_t n = 0;
    for (const char *c = base; *c && n + 1 < sizeof name; c++) /* no control character reaches the terminal */
        name[n++] = ((unsigned char)*c < 0x20 || *c == 0x7f) ? '?' : *c;
    name[n] = 0;
    fprintf(stderr, "\r\033[Kkq: scanning %s  %llu / %llu MB  (%d%%)", name, (unsigned long long)(done >> 20),
            (unsigned long long)(total >> 20), total ? (int)(done * 100 / total) : 100);
}

static void clear_progress(progress_state *p)
{
    if (p->shown) fputs("\r\033[K", stderr);
    p->shown = false;
}

/* before results go to the terminal the progress line is on: clear it, and show no more */
static void stop_progress_for_output(void *user)
{
    progress_state *p = user;
    clear_progress(p);
    if (isatty(STDOUT_FILENO)) p->stopped = true;
}

static char *read_all(FILE *f, size_t *len)
{
    cli_text b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) text_put(&b, tmp, n);
    *len = b.len;
    text_cstr(&b);
    return b.p;
}

static char *read_file_or_stdin(const char *path, size_t *len)
{
    if (strcmp(path, "-") == 0) return read_all(stdin, len);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *s = read_all(f, len);
    fclose(f);
    return s;
}

static int bind_stdin(void *user, kq_engine *e, const char *table, kq_error *err)
{
    const char *copy = stdin_as_file();
    if (!copy) {
        memset(err, 0, sizeof *err);
        err->code = KQ_ERR_INPUT;
        snprintf(err->message, sizeof err->message, "cannot store standard input: %s", strerror(errno));
        return KQ_ERR_INPUT;
    }
    /* data that does not name its table is the table the query asks for */
    return kq_engine_add_path_default(e, table, copy, err);
}

static void print_query_error(const kq_error *err, const char *where, const char *text)
{
    if (err->line > 0) {
        fprintf(stderr, "%s:%d:%d: error: %s\n", where, err->line, err->col, err->message);
        char caret[2048];
        if (kq_error_caret(err, text, caret, sizeof caret)) fprintf(stderr, "%s\n", caret);
    } else if (err->file[0]) {
        fputs("kq: ", stderr);
        print_escaped(stderr, stdin_display_name(err->file));
        if (err->file_line > 0) fprintf(stderr, ":%lld", (long long)err->file_line);
        fputs(": ", stderr);
        print_escaped(stderr, err->message);
        fputc('\n', stderr);
    } else fprintf(stderr, "kq: error: %s\n", err->message);
}

static int exit_code_of(int code)
{
    return code == KQ_ERR_QUERY ? 2 : code == KQ_ERR_INPUT ? 3 : code == KQ_ERR_MEMORY ? 4 : code == KQ_ERR_USAGE ? EXIT_USAGE : 5;
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs("kq: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'kq --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

/* A result that could not be written in full (disk full, closed pipe) is an error, not success:
 * exit 3 with the reason, unless an earlier error already set the status. */
static int stdout_status(int status)
{
    if (fflush(stdout) == 0 && !ferror(stdout)) return status;
    if (status == 0) {
        fprintf(stderr, "kq: writing the output: %s\n", strerror(errno ? errno : EIO));
        return 3;
    }
    return status;
}

static int list_tables(kq_engine *e)
{
    printf("Tables bound to files:\n");
    if (kq_engine_table_count(e) == 0) printf("  (none: give log files or directories)\n");
    for (int i = 0; i < kq_engine_table_count(e); i++) {
        int files = kq_engine_table_file_count(e, i);
        fputs("  ", stdout);
        print_escaped(stdout, kq_engine_table_name(e, i));
        printf("  (%d file%s)\n   ", files, files == 1 ? "" : "s");
        for (int j = 0; j < kq_engine_table_column_count(e, i); j++) {
            kq_type t;
            const char *name = kq_engine_table_column(e, i, j, &t);
            putchar(' ');
            print_escaped(stdout, name); /* column names come from the files: no raw control characters */
            printf(":%s", kq_type_name(t));
        }
        printf("\n");
    }
    printf("Views (KQL over other tables; --view NAME=FILE overrides):\n");
    for (int i = 0; i < kq_engine_view_count(e); i++) {
        const char *kql = kq_engine_view_kql(e, i);
        printf("  %s\n", kq_engine_view_name(e, i));
        for (const char *p = kql; *p; p++) {
            if (p == kql || p[-1] == '\n') fputs("    ", stdout);
            putchar(*p);
        }
        if (*kql && kql[strlen(kql) - 1] != '\n') putchar('\n');
    }
    printf("Sentinel table schemas known:\n");
    for (int i = 0; i < kq_catalog_table_count(); i++)
        printf("  %s (%d columns; %s)\n", kq_catalog_table_name(i), kq_catalog_table_column_count(i),
               kq_catalog_table_connector(i));
    return 0;
}

/* everything main allocates, released at exit whatever the exit path */
static struct {
    char **paths, **table_names, **view_specs, **feed_paths;
    int argc;
    kq_engine *engine;
    kq_query *query;
    char *text;
} held;

static void release_held(void)
{
    if (held.query) kq_query_free(held.query);
    if (held.engine) kq_engine_free(held.engine);
    if (held.table_names)
        for (int i = 0; i <= held.argc; i++) free(held.table_names[i]);
    free(held.paths);
    free(held.table_names);
    free(held.view_specs);
    free(held.feed_paths);
    free(held.text);
    memset(&held, 0, sizeof held);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "hunt") == 0) return cli_hunt(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "pack") == 0) return cli_pack(argc - 1, argv + 1);
    atexit(release_held);
    const char *query_file = NULL, *query_arg = NULL, *now_arg = NULL, *color_arg = "auto";
    const char *format_arg = NULL;
    bool strict = false, header = true, exit_status = false, quiet = false;
    const char *mode = "query"; /* query (default), run (a Sentinel YAML file), check, tables */
    int first = 1;
    if (argc > 1 && (strcmp(argv[1], "check") == 0 || strcmp(argv[1], "tables") == 0 || strcmp(argv[1], "run") == 0)) {
        mode = argv[1];
        first = 2;
    }
    char **paths = held.paths = calloc((size_t)argc + 1, sizeof(char *));
    char **table_names = held.table_names = calloc((size_t)argc + 1, sizeof(char *));
    char **view_specs = held.view_specs = calloc((size_t)argc + 1, sizeof(char *));
    char **feed_paths = held.feed_paths = calloc((size_t)argc + 1, sizeof(char *));
    held.argc = argc;
    int npaths = 0, nviews = 0, nfeeds = 0;
    bool only_paths = false, seen_positional = first > 1;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
#define TAKES_VALUE(shortopt, longopt)                                                        \
    ((strcmp(a, shortopt) == 0 || strcmp(a, longopt) == 0)                                    \
         ? (i + 1 < argc ? (val = argv[++i], true) : (usage_error("option %s needs a value", a), exit(EXIT_USAGE), false)) \
         : (strncmp(a, longopt "=", strlen(longopt) + 1) == 0 ? (val = a + strlen(longopt) + 1, true) : false))
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            /* the subcommand may follow options: kq -q tables DIR */
            if (!only_paths && !seen_positional && strcmp(mode, "query") == 0 &&
                (strcmp(a, "check") == 0 || strcmp(a, "tables") == 0 || strcmp(a, "run") == 0)) {
                mode = a;
                seen_positional = true;
                continue;
            }
            seen_positional = true;
            if (!query_arg && !query_file && strcmp(mode, "tables") != 0) query_arg = a;
            else {
                paths[npaths] = (char *)a;
                table_names[npaths] = NULL;
                npaths++;
            }
            continue;
        }
        if (strcmp(a, "--") == 0) only_paths = true;
        else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(strcmp(mode, "check") == 0    ? check_usage_text
                  : strcmp(mode, "tables") == 0 ? tables_usage_text
                  : strcmp(mode, "run") == 0    ? run_usage_text
                                                : usage_text,
                  stdout);
            return 0;
        } else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
            printf("kq %s\n", kq_version());
            return 0;
        } else if (TAKES_VALUE("-f", "--file")) query_file = val;
        else if (TAKES_VALUE("-o", "--format")) format_arg = val;
        else if (TAKES_VALUE("-t", "--table")) {
            const char *eq = strchr(val, '=');
            if (!eq || eq == val || !eq[1]) return usage_error("--table takes NAME=PATH, got '%s'", val);
            table_names[npaths] = strndup(val, (size_t)(eq - val));
            paths[npaths] = (char *)eq + 1;
            npaths++;
        } else if (TAKES_VALUE("--view", "--view")) view_specs[nviews++] = (char *)val;
        else if (TAKES_VALUE("--iocs", "--iocs")) feed_paths[nfeeds++] = (char *)val;
        else if (TAKES_VALUE("--now", "--now")) now_arg = val;
        else if (TAKES_VALUE("--color", "--color")) color_arg = val;
        else if (strcmp(a, "--strict") == 0) strict = true;
        else if (strcmp(a, "--no-header") == 0) header = false;
        else if (strcmp(a, "-e") == 0 || strcmp(a, "--exit-status") == 0) exit_status = true;
        else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) quiet = true;
        else return usage_error("unknown option '%s'", a);
    }
    out_opts oo = {.format = OUT_CSV, .header = header, .color = false};
    bool tty = isatty(STDOUT_FILENO);
    oo.terminal_safe = tty;
    if (!format_arg) oo.format = tty ? OUT_TABLE : OUT_CSV;
    else if (strcmp(format_arg, "table") == 0) oo.format = OUT_TABLE;
    else if (strcmp(format_arg, "csv") == 0) oo.format = OUT_CSV;
    else if (strcmp(format_arg, "jsonl") == 0) oo.format = OUT_JSONL;
    else if (strcmp(format_arg, "json") == 0) oo.format = OUT_JSON;
    else return usage_error("unknown format '%s' (table, csv, jsonl, json)", format_arg);
    const char *no_color = getenv("NO_COLOR");
    if (strcmp(color_arg, "always") == 0) oo.color = true;
    else if (strcmp(color_arg, "never") == 0) oo.color = false;
    else if (strcmp(color_arg, "auto") == 0) oo.color = tty && !(no_color && no_color[0]);
    else return usage_error("--color takes auto, always or never, got '%s'", color_arg);
    if (oo.color && no_color && no_color[0] && strcmp(color_arg, "always") != 0) oo.color = false;

    diag_state ds = {0, quiet, NULL};
    static progress_state ps;
    kq_engine *e = held.engine = kq_engine_new();
    kq_engine_set_strict(e, strict);
    kq_engine_set_diag(e, on_diag, &ds);
    if (!quiet && isatty(STDERR_FILENO)) {
        kq_engine_set_progress(e, on_progress, &ps);
        ds.progress = &ps;
        oo.before_write = stop_progress_for_output;
        oo.before_write_user = &ps;
    }
    if (now_arg) {
        int64_t t;
        if (!kq_parse_datetime(now_arg, strlen(now_arg), &t)) return usage_error("--now: '%s' is not a datetime", now_arg);
        kq_engine_set_now(e, t);
    }
    kq_error err;
    for (int i = 0; i < nviews; i++) {
        const char *eq = strchr(view_specs[i], '=');
        if (!eq) return usage_error("--view takes NAME=FILE, got '%s'", view_specs[i]);
        char *name = strndup(view_specs[i], (size_t)(eq - view_specs[i]));
        size_t vl;
        char *text = read_file_or_stdin(eq + 1, &vl);
        if (!text) {
            fprintf(stderr, "kq: %s: %s\n", eq + 1, strerror(errno));
            free(name);
            return 3;
        }
        if (kq_engine_define_view(e, name, text, &err) != 0) {
            print_query_error(&err, eq + 1, text);
            free(name);
            free(text);
            return 2;
        }
        free(name);
        free(text);
    }
    /* with no PATH, data on standard input is bound only if the query needs a table */
    if ((strcmp(mode, "query") == 0 || strcmp(mode, "run") == 0) && npaths == 0 && stdin_has_data() &&
        !(query_file && strcmp(query_file, "-") == 0))
        kq_engine_set_input_provider(e, bind_stdin, NULL);
    for (int i = 0; i < npaths; i++)
        if (strcmp(paths[i], "-") == 0 && query_file && strcmp(query_file, "-") == 0)
            return usage_error("%s", "standard input cannot hold both the query (-f -) and the data (-)");
    for (int i = 0; i < npaths; i++) {
        if (strcmp(paths[i], "-") == 0) {
            const char *copy = stdin_as_file();
            if (!copy) {
                fprintf(stderr, "kq: cannot store standard input: %s\n", strerror(errno));
                return 3;
            }
            paths[i] = (char *)copy;
        }
        if (kq_engine_add_path(e, table_names[i], paths[i], &err) != 0) {
            print_query_error(&err, paths[i], NULL);
            return exit_code_of(err.code);
        }
    }
    if (nfeeds > 0) {
        int64_t feed_now;
        if (now_arg) kq_parse_datetime(now_arg, strlen(now_arg), &feed_now);
        else {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            feed_now = 621355968000000000LL + (int64_t)ts.tv_sec * 10000000LL + ts.tv_nsec / 100;
        }
        int rc = cli_bind_feeds(e, (const char *const *)feed_paths, nfeeds, feed_now);
        if (rc) return rc;
    }
    if (strcmp(mode, "tables") == 0) {
        list_tables(e);
        return stdout_status(0);
    }
    size_t qlen;
    char *text;
    const char *where = "query";
    if (query_file) {
        text = held.text = read_file_or_stdin(query_file, &qlen);
        if (!text) {
            fprintf(stderr, "kq: %s: %s\n", query_file, strerror(errno));
            return 3;
        }
        where = query_file;
        if (query_arg) {
            /* with -f, the first positional argument is a path */
            if (kq_engine_add_path(e, NULL, query_arg, &err) != 0) {
                print_query_error(&err, query_arg, NULL);
                return exit_code_of(err.code);
            }
        }
    } else if (query_arg && strcmp(mode, "run") == 0) {
        /* kq run RULE.yaml: the rule's query */
        char why[256] = "";
        text = held.text = yaml_read_query(query_arg, &qlen, why, sizeof why);
        if (!text) {
            fprintf(stderr, "kq: %s: %s\n", query_arg, why);
            return 3;
        }
        where = query_arg;
    } else if (query_arg) {
        qlen = strlen(query_arg);
        text = held.text = strdup(query_arg);
    } else {
        return usage_error("%s", "no query given");
    }
    if (strcmp(mode, "check") == 0) {
        int rc = kq_check(e, text, qlen, &err);
        if (rc) print_query_error(&err, where, text);
        return rc ? exit_code_of(rc) : 0;
    }
    kq_query *q;
    int prc = kq_prepare(e, text, qlen, &q, &err);
    held.query = q;
    if (prc != 0) {
        print_query_error(&err, where, text);
        return exit_code_of(err.code);
    }
    int status = 0;
    long long total_rows = 0;
    bool first_result = true;
    while (kq_query_next_result(q, &err) == KQ_OK) {
        if (!first_result && (oo.format == OUT_TABLE || oo.format == OUT_CSV)) fputc('\n', stdout);
        first_result = false;
        long long rows = write_result(stdout, q, &oo, &err);
        if (rows < 0) {
            fflush(stdout);
            print_query_error(&err, where, text);
            status = exit_code_of(err.code);
            break;
        }
        total_rows += rows;
    }
    status = stdout_status(status);
    clear_progress(&ps);
    if (ds.count > MAX_SHOWN_DIAGS && !quiet)
        fprintf(stderr, "kq: ... and %lld more\n", ds.count - MAX_SHOWN_DIAGS);
    if (kq_engine_skipped(e) > 0 && !quiet)
        fprintf(stderr, "kq: %lld malformed record%s skipped\n", (long long)kq_engine_skipped(e), kq_engine_skipped(e) == 1 ? "" : "s");
    if (status == 0 && exit_status && total_rows == 0) status = EXIT_NO_ROWS;
    return status;
}
