/*
 * report_markdown.c - the Markdown writers: the hunt report (kq_report_markdown), in the layout of
 * an analysts' hunting report, and the hunting pack of one malware family (kq_report_pack).
 * Text from feeds, logs and rule files is escaped: values go into code spans, prose has its
 * Markdown punctuation escaped, a table cell cannot break its table, and no control or bidi
 * character is written raw (see kq_report_visible).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_common.h"

typedef struct md_writer {
    FILE *f;
    kq_buf tmp; /* scratch for escaping */
} md_writer;

static int finish(md_writer *w)
{
    kq_buf_free(&w->tmp);
    return fflush(w->f) != 0 || ferror(w->f) ? -1 : 0;
}

static bool is_ascii_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether the ASCII character s[i] needs a backslash to stay literal in Markdown prose. An
 * underscore inside a word never starts emphasis, so "botnet_cc" stays as it is. */
static bool needs_backslash(const char *s, size_t n, size_t i)
{
    switch (s[i]) {
    case '\\': case '`': case '*': case '[': case ']': case '<': case '>': case '#': case '|':
        return true;
    case '_':
        return !(i > 0 && is_ascii_alnum(s[i - 1]) && i + 1 < n && is_ascii_alnum(s[i + 1]));
    default:
        return false;
    }
}

/* Prose from outside (a reason, a scenario, a title): literal when rendered, safe in a cell. */
static void md_prose(md_writer *w, const char *s)
{
    if (!s) return;
    size_t n = strlen(s), run_start = 0;
    kq_buf_clear(&w->tmp);
    for (size_t i = 0; i < n; i++) {
        if (!needs_backslash(s, n, i)) continue;
        kq_report_visible(&w->tmp, s + run_start, i - run_start, false);
        kq_buf_putc(&w->tmp, '\\');
        kq_buf_putc(&w->tmp, s[i]);
        run_start = i + 1;
    }
    kq_report_visible(&w->tmp, s + run_start, n - run_start, false);
    fwrite(w->tmp.p, 1, w->tmp.len, w->f);
}

/* A value as a code span (rendered literally); in a table, its pipes are escaped the GFM way.
 * Nothing is written for an empty value. */
static void md_code_n(md_writer *w, const char *s, size_t n, bool in_table)
{
    if (!s || !n) return;
    kq_buf_clear(&w->tmp);
    kq_report_visible(&w->tmp, s, n, false);
    const char *text = kq_buf_cstr(&w->tmp);
    size_t fence = kq_report_backtick_run(text) + 1, len = w->tmp.len;
    bool pad = text[0] == '`' || text[0] == ' ' || text[len - 1] == '`' || text[len - 1] == ' ';
    for (size_t i = 0; i < fence; i++) fputc('`', w->f);
    if (pad) fputc(' ', w->f);
    for (size_t i = 0; i < len; i++) {
        if (in_table && text[i] == '|') fputc('\\', w->f);
        fputc(text[i], w->f);
    }
    if (pad) fputc(' ', w->f);
    for (size_t i = 0; i < fence; i++) fputc('`', w->f);
}

static void md_code(md_writer *w, const char *s, bool in_table)
{
    md_code_n(w, s, s ? strlen(s) : 0, in_table);
}

/* A fenced code block, its fence longer than any backtick run of the text. */
static void md_fenced(md_writer *w, const char *lang, const char *text)
{
    kq_buf_clear(&w->tmp);
    if (text) kq_report_visible(&w->tmp, text, strlen(text), true);
    size_t fence = kq_report_backtick_run(kq_buf_cstr(&w->tmp)) + 1;
    if (fence < 3) fence = 3;
    for (size_t i = 0; i < fence; i++) fputc('`', w->f);
    fprintf(w->f, "%s\n", lang);
    fwrite(w->tmp.p, 1, w->tmp.len, w->f);
    if (!w->tmp.len || w->tmp.p[w->tmp.len - 1] != '\n') fputc('\n', w->f);
    for (size_t i = 0; i < fence; i++) fputc('`', w->f);
    fputs("\n\n", w->f);
}

/* A table's header line ("| A | B |") and its delimiter row. */
static void md_table_header(md_writer *w, const char *header)
{
    fprintf(w->f, "%s\n|", header);
    for (const char *p = header + 1; *p; p++)
        if (*p == '|') fputs("---|", w->f);
    fputc('\n', w->f);
}

static void cell_prose(md_writer *w, const char *s)
{
    fputs("| ", w->f);
    md_prose(w, s);
    fputc(' ', w->f);
}

static void cell_code(md_writer *w, const char *s)
{
    fputs("| ", w->f);
    md_code(w, s, true);
    fputc(' ', w->f);
}

/* A code cell of at most KQ_REPORT_MAX_CELL bytes, saying how long the value was when clipped. */
static void cell_code_clipped(md_writer *w, const char *s)
{
    size_t n = s ? strlen(s) : 0, shown = kq_report_clip(s, n, KQ_REPORT_MAX_CELL);
    fputs("| ", w->f);
    md_code_n(w, s, shown, true);
    if (shown < n) fprintf(w->f, " ... (%zu bytes)", n);
    fputc(' ', w->f);
}

/* A cell of text kq wrote itself (numbers, times, fixed words): nothing to escape. */
__attribute__((format(printf, 2, 3))) static void cell_plain(md_writer *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("| ", w->f);
    vfprintf(w->f, fmt, ap);
    fputc(' ', w->f);
    va_end(ap);
}

static void row_end(md_writer *w)
{
    fputs("|\n", w->f);
}

/* The five cells every IOC table starts with: Type | Value | Threat Type | First Seen | Confidence. */
static void ioc_cells(md_writer *w, const kq_indicator *ioc)
{
    char seen[KQ_REPORT_TIME_SIZE];
    cell_plain(w, "%s", kq_ioc_type_name(ioc->type));
    fputs("| ", w->f);
    md_code(w, ioc->value, true);
    kq_buf ports;
    kq_buf_init(&ports);
    kq_report_ports(&ports, ioc);
    if (ports.len) fprintf(w->f, " %s", kq_buf_cstr(&ports));
    kq_buf_free(&ports);
    fputc(' ', w->f);
    cell_prose(w, ioc->threat_type);
    cell_plain(w, "%s", kq_report_time(ioc->first_seen, seen));
    if (ioc->confidence >= 0) cell_plain(w, "%d", ioc->confidence);
    else cell_plain(w, "-");
}

static void providers_cell(md_writer *w, const kq_indicator *ioc)
{
    kq_buf names;
    kq_buf_init(&names);
    kq_report_providers(&names, ioc);
    cell_prose(w, kq_buf_cstr(&names));
    kq_buf_free(&names);
}

static const char *state_words(unsigned state)
{
    switch (state) {
    case KQ_IOC_EXPIRED: return "expired";
    case KQ_IOC_LOW_CONFIDENCE: return "below minimum confidence";
    case KQ_IOC_REVOKED: return "revoked";
    case KQ_IOC_NOT_YET_VALID: return "not yet valid";
    case KQ_IOC_NO_TABLE: return "not hunted: no column for it";
    default: return "hunted";
    }
}

static void write_feeds(md_writer *w, const kq_hunt_report *r)
{
    if (!r->nfeeds) return;
    md_table_header(w, "| Feed | Format | Records | Indicators | Rejected | Skipped |");
    for (size_t i = 0; i < r->nfeeds; i++) {
        const kq_feed_stats *st = &r->feeds[i].stats;
        cell_code(w, r->feeds[i].path);
        cell_plain(w, "%s", kq_feed_format_name(st->format));
        cell_plain(w, "%zu", st->records);
        cell_plain(w, "%zu", st->indicators);
        cell_plain(w, "%zu", st->rejected);
        cell_plain(w, "%zu", st->skipped);
        row_end(w);
    }
    fputc('\n', w->f);
    for (size_t i = 0; i < r->nfeeds; i++) {
        const kq_feed_stats *st = &r->feeds[i].stats;
        if (!st->missing_files) continue;
        md_code(w, r->feeds[i].path, false);
        fprintf(w->f, ": %zu event file%s listed in manifest.json %s missing, not read (the first: ",
                st->missing_files, kq_report_plural(st->missing_files), st->missing_files == 1 ? "is" : "are");
        md_code(w, st->first_missing, false);
        fputs(").\n\n", w->f);
    }
}

static void write_iocs(md_writer *w, const kq_hunt_report *r)
{
    const kq_ioc_set *s = r->iocs;
    fputs("## IOC summary\n\n", w->f);
    write_feeds(w, r);
    size_t n = s ? s->n : 0;
    fprintf(w->f, "%zu indicator%s", n, kq_report_plural(n));
    if (s && s->duplicates)
        fprintf(w->f, " (%zu duplicate report%s merged)", s->duplicates, kq_report_plural(s->duplicates));
    fprintf(w->f, ": %zu hunted, %zu expired, ", r->hunted, r->expired);
    if (r->min_confidence >= 0) fprintf(w->f, "%zu below confidence %d, ", r->low_confidence, r->min_confidence);
    fprintf(w->f, "%zu revoked", r->revoked);
    if (r->not_yet_valid) fprintf(w->f, ", %zu not yet valid", r->not_yet_valid);
    if (r->no_table) fprintf(w->f, ", %zu with no column to hunt in", r->no_table);
    fputs(".\n\n", w->f);
    if (!n) return;
    md_table_header(w, "| Type | Value | Threat Type | First Seen | Confidence | Malware | Source | Status |");
    size_t shown = n < KQ_REPORT_MAX_IOCS ? n : KQ_REPORT_MAX_IOCS;
    size_t *order = kq_report_ioc_order(r); /* the indicators that hit first */
    for (size_t k = 0; k < shown; k++) {
        size_t i = order[k];
        const kq_indicator *ioc = &s->items[i];
        ioc_cells(w, ioc);
        cell_prose(w, ioc->malware);
        providers_cell(w, ioc);
        fprintf(w->f, "| %s", state_words(kq_report_ioc_state(r, i)));
        const kq_warninglist *list = kq_report_ioc_warninglist(r, i);
        if (list) {
            fputs(", on warninglist ", w->f);
            md_code(w, kq_warninglist_id(list), true);
        }
        fputc(' ', w->f);
        row_end(w);
    }
    if (shown < n) {
        kq_buf types;
        kq_buf_init(&types);
        kq_report_types_in_order(&types, s, order, shown);
        fprintf(w->f, "\n... and %zu more indicator%s (%s): the JSONL report lists them all.\n", n - shown,
                kq_report_plural(n - shown), kq_buf_cstr(&types));
        kq_buf_free(&types);
    }
    free(order);
    fputc('\n', w->f);
}

static void write_hunts(md_writer *w, const kq_hunt_report *r)
{
    fputs("## Hunting queries\n\n", w->f);
    if (!r->nhunts) {
        fputs("No hunts were run.\n\n", w->f);
        return;
    }
    size_t *first = kq_report_kql_groups(r->hunts, r->nhunts);
    size_t number = 0;
    for (size_t i = 0; i < r->nhunts; i++) {
        if (first[i] != i) continue;
        size_t members = 0;
        for (size_t j = i; j < r->nhunts; j++) members += first[j] == i;
        fprintf(w->f, "### %zu. ", ++number);
        md_prose(w, r->hunts[i].name);
        if (members > 1) fprintf(w->f, " (and %zu more with the same query)", members - 1);
        fputs("\n\n", w->f);
        md_table_header(w, "| Hunt | IOC type | Table | Columns | Connector | Indicators | Hits | Suppressed |");
        for (size_t j = i; j < r->nhunts; j++) {
            if (first[j] != i) continue;
            const kq_hunt_query *q = &r->hunts[j];
            cell_prose(w, q->name);
            cell_plain(w, "%s", kq_ioc_type_name(q->ioc_type));
            cell_code(w, q->table);
            cell_code(w, q->columns);
            if (q->connector && *q->connector) cell_prose(w, q->connector);
            else cell_plain(w, "-");
            cell_plain(w, "%zu", q->indicators);
            cell_plain(w, "%zu", q->hits);
            cell_plain(w, "%zu", q->suppressed);
            row_end(w);
        }
        fputc('\n', w->f);
        md_fenced(w, "kql", r->hunts[i].kql);
    }
    free(first);
}

static void write_tables(md_writer *w, const kq_hunt_report *r)
{
    fputs("## Tables and data connectors\n\n", w->f);
    if (!r->ntables) {
        fputs("No log table was hunted.\n\n", w->f);
        return;
    }
    md_table_header(w, "| Table | Connector | Files |");
    for (size_t i = 0; i < r->ntables; i++) {
        const kq_hunt_table *t = &r->tables[i];
        cell_code(w, t->name);
        if (t->connector && *t->connector) cell_prose(w, t->connector);
        else cell_plain(w, "- (not a Sentinel table)");
        cell_plain(w, "%d", t->files);
        row_end(w);
    }
    fputc('\n', w->f);
}

static void write_hosts(md_writer *w, const kq_hunt_report *r)
{
    fputs("### By host\n\n", w->f);
    kq_report_host *hosts;
    size_t n = kq_report_hosts(r, &hosts);
    if (!n) fputs("No reported hits.\n\n", w->f);
    else md_table_header(w, "| Host | Hits | Indicators | First | Last |");
    char first[KQ_REPORT_TIME_SIZE], last[KQ_REPORT_TIME_SIZE];
    for (size_t i = 0; i < n; i++) {
        if (*hosts[i].host) cell_code(w, hosts[i].host);
        else cell_plain(w, "-");
        cell_plain(w, "%zu", hosts[i].hits);
        cell_plain(w, "%zu", hosts[i].indicators);
        cell_plain(w, "%s", kq_report_time(hosts[i].first, first));
        cell_plain(w, "%s", kq_report_time(hosts[i].last, last));
        row_end(w);
    }
    if (n) fputc('\n', w->f);
    free(hosts);
}

static void write_days(md_writer *w, const kq_hunt_report *r)
{
    fputs("### Over time\n\n", w->f);
    kq_report_day *days;
    size_t n = kq_report_days(r, &days);
    md_table_header(w, "| Day (UTC) | Hits | Suppressed |");
    char day[KQ_REPORT_TIME_SIZE];
    for (size_t i = 0; i < n; i++) {
        cell_plain(w, "%s", days[i].day ? kq_report_date(days[i].day, day) : "no time");
        cell_plain(w, "%zu", days[i].reported);
        cell_plain(w, "%zu", days[i].suppressed);
        row_end(w);
    }
    fputc('\n', w->f);
    free(days);
}

static void write_hit_list(md_writer *w, const kq_hunt_report *r, size_t reported)
{
    fputs("### List\n\n", w->f);
    if (!reported) {
        fputs("No reported hits.\n\n", w->f);
        return;
    }
    md_table_header(w, "| Time | Host | Indicator | Type | Table.Column | Matched | Malware | Source file:line |");
    kq_buf where;
    kq_buf_init(&where);
    size_t listed = 0;
    char when[KQ_REPORT_TIME_SIZE];
    for (size_t i = 0; i < r->nhits && listed < KQ_REPORT_MAX_HITS; i++) {
        const kq_hit *h = &r->hits[i];
        if (h->suppressed_by) continue;
        listed++;
        cell_plain(w, "%s", kq_report_time(h->time, when));
        if (h->host && *h->host) cell_code(w, h->host);
        else cell_plain(w, "-");
        cell_code(w, h->ioc ? h->ioc->value : NULL);
        cell_plain(w, "%s", kq_ioc_type_name(h->ioc ? h->ioc->type : KQ_IOC_NONE));
        kq_buf_clear(&where);
        kq_buf_printf(&where, "%s.%s", h->table ? h->table : "", h->column ? h->column : "");
        cell_code(w, kq_buf_cstr(&where));
        cell_code_clipped(w, h->matched);
        cell_prose(w, h->ioc ? h->ioc->malware : NULL);
        kq_report_place(&where, h->source_file, h->source_line);
        cell_code(w, kq_buf_cstr(&where));
        row_end(w);
    }
    kq_buf_free(&where);
    if (listed < reported)
        fprintf(w->f, "\n... and %zu more hit%s: the JSONL report lists them all.\n", reported - listed,
                kq_report_plural(reported - listed));
    fputc('\n', w->f);
}

static void write_suppressed_note(md_writer *w, size_t suppressed)
{
    if (suppressed)
        fprintf(w->f, "%zu suppressed hit%s not listed: see Exclusions applied (the JSONL report has %s).\n\n",
                suppressed, kq_report_plural(suppressed), suppressed == 1 ? "it" : "them");
}

static void write_hits(md_writer *w, const kq_hunt_report *r)
{
    fputs("## Hits\n\n", w->f);
    if (!r->nhits) {
        fputs("No hits.\n\n", w->f);
        return;
    }
    kq_report_tally t;
    kq_report_tally_hits(r, &t);
    write_hosts(w, r);
    write_days(w, r);
    write_hit_list(w, r, t.reported);
    write_suppressed_note(w, t.suppressed);
}

/* The Expires/Status cell of a rule. */
static void rule_status_cell(md_writer *w, const kq_hunt_report *r, const kq_rule_count *rule)
{
    char when[KQ_REPORT_TIME_SIZE];
    kq_report_time(rule->expires, when);
    if (rule->expired) cell_plain(w, "expired %s, not applied", when);
    else if (r->exclusions_off) cell_plain(w, "not applied (exclusions off)");
    else if (rule->expires) cell_plain(w, "expires %s", when);
    else cell_plain(w, "never expires");
}

static void write_exclusions(md_writer *w, const kq_hunt_report *r)
{
    fputs("## Exclusions applied\n\n", w->f);
    if (r->exclusions_off)
        fputs("Exclusions were turned off: none of the rules or warninglists below was applied.\n\n",
              w->f);
    if (!r->nrules) {
        fputs("No exclusion rules or warninglists were loaded.\n\n", w->f);
        return;
    }
    md_table_header(w, "| Rule | Kind | Scenario | Reason | Suppressed | Expires/Status |");
    for (size_t i = 0; i < r->nrules; i++) {
        const kq_rule_count *rule = &r->rules[i];
        cell_code(w, rule->name);
        if (rule->kind && strcmp(rule->kind, "warninglist") == 0)
            cell_plain(w, "warninglist (%zu indicator%s)", rule->indicators,
                       kq_report_plural(rule->indicators));
        else cell_prose(w, rule->kind);
        cell_prose(w, rule->scenario);
        cell_prose(w, rule->reason);
        cell_plain(w, "%zu", rule->suppressed);
        rule_status_cell(w, r, rule);
        row_end(w);
    }
    fputc('\n', w->f);
}

static const char *scenario_of(const kq_rule_count *rule)
{
    return rule->scenario ? rule->scenario : "";
}

static void write_scenarios(md_writer *w, const kq_hunt_report *r)
{
    fputs("## False-positive scenarios considered\n\n", w->f);
    if (!r->nrules) {
        fputs("None: no exclusion rules were loaded.\n\n", w->f);
        return;
    }
    for (size_t i = 0; i < r->nrules; i++) {
        const char *scenario = scenario_of(&r->rules[i]);
        bool listed = false;
        for (size_t j = 0; j < i && !listed; j++) listed = strcmp(scenario_of(&r->rules[j]), scenario) == 0;
        if (listed) continue;
        fputs("- ", w->f);
        if (*scenario) md_prose(w, scenario);
        else fputs("(no scenario given)", w->f);
        fputs(": ", w->f);
        const char *separator = "";
        for (size_t j = i; j < r->nrules; j++) {
            if (strcmp(scenario_of(&r->rules[j]), scenario) != 0) continue;
            fputs(separator, w->f);
            md_code(w, r->rules[j].name, false);
            if (r->rules[j].expired) fputs(" (expired)", w->f);
            separator = ", ";
        }
        fputc('\n', w->f);
    }
    fputc('\n', w->f);
}

/* A table of values the feeds gave, each with what was wrong and its feed file:line (rejects,
 * warnings). */
static void value_rows(md_writer *w, const char *header, const kq_ioc_reject *items, size_t n)
{
    md_table_header(w, header);
    kq_buf where;
    kq_buf_init(&where);
    for (size_t i = 0; i < n; i++) {
        cell_code_clipped(w, items[i].value);
        cell_prose(w, items[i].reason);
        kq_report_place(&where, items[i].feed_file, items[i].feed_line);
        cell_code(w, kq_buf_cstr(&where));
        row_end(w);
    }
    kq_buf_free(&where);
    fputc('\n', w->f);
}

static void write_rejects(md_writer *w, const kq_ioc_set *s)
{
    fputs("### Rejected by the feeds\n\n", w->f);
    size_t n = s ? s->nrejects : 0;
    if (!n) {
        fputs("No value was rejected.\n\n", w->f);
        return;
    }
    size_t shown = n < KQ_REPORT_MAX_REJECTS ? n : KQ_REPORT_MAX_REJECTS;
    value_rows(w, "| Value | Reason | Feed |", s->rejects, shown);
    if (shown == n) return;
    fprintf(w->f, "... and %zu more reject%s (the JSONL report lists them all), by reason:\n\n", n - shown,
            kq_report_plural(n - shown));
    kq_report_reason_count *reasons;
    size_t nreasons = kq_report_reject_reasons_from(s, shown, &reasons);
    md_table_header(w, "| Reason | Rejects |");
    for (size_t i = 0; i < nreasons; i++) {
        cell_prose(w, reasons[i].reason);
        cell_plain(w, "%zu", reasons[i].count);
        row_end(w);
    }
    free(reasons);
    fputc('\n', w->f);
}

/* Problems with records whose indicators were kept (an unreadable date); nothing when none. */
static void write_warnings(md_writer *w, const kq_ioc_set *s)
{
    size_t n = s ? s->nwarnings : 0;
    if (!n) return;
    fputs("### Warnings from the feeds\n\nThe indicators of these records are kept; what is named here is left out.\n\n",
          w->f);
    size_t shown = n < KQ_REPORT_MAX_REJECTS ? n : KQ_REPORT_MAX_REJECTS;
    value_rows(w, "| Value | Problem | Feed |", s->warnings, shown);
    if (shown < n)
        fprintf(w->f, "... and %zu more warning%s (the JSONL report lists them all).\n\n", n - shown,
                kq_report_plural(n - shown));
}

static void write_not_hunted(md_writer *w, const kq_hunt_report *r)
{
    fputs("## Not hunted\n\n### Skipped\n\n", w->f);
    if (!r->nskips) {
        fputs("Nothing was skipped.\n\n", w->f);
    } else {
        md_table_header(w, "| What | Reason |");
        for (size_t i = 0; i < r->nskips; i++) {
            cell_prose(w, r->skips[i].what);
            cell_prose(w, r->skips[i].reason);
            row_end(w);
        }
        fputc('\n', w->f);
    }
    fprintf(w->f, "### Indicators not hunted\n\n- Expired: %zu\n", r->expired);
    if (r->min_confidence >= 0)
        fprintf(w->f, "- Below the minimum confidence (%d): %zu\n", r->min_confidence, r->low_confidence);
    else fputs("- Below a minimum confidence: none set (--min-confidence)\n", w->f);
    fprintf(w->f, "- Revoked: %zu\n", r->revoked);
    if (r->not_yet_valid) fprintf(w->f, "- Not yet valid (valid from a date after --now): %zu\n", r->not_yet_valid);
    if (r->no_table) fprintf(w->f, "- No column of the logs to hunt them in: %zu (listed above)\n", r->no_table);
    if (r->log_records_skipped > 0)
        fprintf(w->f, "- Malformed log records skipped: %lld (the first are listed under \"Not hunted\" with their file and line)\n",
                (long long)r->log_records_skipped);
    fputc('\n', w->f);
    write_rejects(w, r->iocs);
    write_warnings(w, r->iocs);
}

int kq_report_markdown(FILE *f, const kq_hunt_report *r)
{
    md_writer w = {.f = f};
    kq_buf_init(&w.tmp);
    fputs("# Hunt report: ", f);
    md_prose(&w, r->title);
    fputs("\n\n", f);
    kq_buf summary;
    kq_buf_init(&summary);
    kq_report_summary_line(&summary, r);
    fprintf(f, "%s\n\n", kq_buf_cstr(&summary));
    kq_buf_free(&summary);
    write_iocs(&w, r);
    write_hunts(&w, r);
    write_tables(&w, r);
    write_hits(&w, r);
    write_exclusions(&w, r);
    write_scenarios(&w, r);
    write_not_hunted(&w, r);
    return finish(&w);
}

/* ---- the hunting pack ---- */

static bool of_family(const kq_indicator *ioc, const char *family)
{
    return kq_ioc_has_family(ioc, family);
}

static void write_pack_iocs(md_writer *w, const kq_hunt_report *r, const char *family)
{
    fputs("## IOC summary\n\n", w->f);
    size_t not_hunted[KQ_IOC_NOT_YET_VALID + 1] = {0}, listed = 0;
    const kq_ioc_set *s = r->iocs;
    for (size_t i = 0; s && i < s->n; i++) {
        if (!of_family(&s->items[i], family)) continue;
        unsigned state = kq_report_ioc_state(r, i);
        if (state != KQ_IOC_HUNTED) {
            if (state <= KQ_IOC_NOT_YET_VALID) not_hunted[state]++;
            continue;
        }
        if (!listed++)
            md_table_header(w, "| Type | Value | Threat Type | First Seen | Confidence | Source |");
        ioc_cells(w, &s->items[i]);
        providers_cell(w, &s->items[i]);
        row_end(w);
    }
    if (!listed) fputs("No indicator of this family is hunted.\n", w->f);
    if (not_hunted[KQ_IOC_EXPIRED] + not_hunted[KQ_IOC_LOW_CONFIDENCE] + not_hunted[KQ_IOC_REVOKED] +
        not_hunted[KQ_IOC_NOT_YET_VALID]) {
        fprintf(w->f, "\nLeft out of the queries: %zu expired, ", not_hunted[KQ_IOC_EXPIRED]);
        if (r->min_confidence >= 0)
            fprintf(w->f, "%zu below confidence %d, ", not_hunted[KQ_IOC_LOW_CONFIDENCE], r->min_confidence);
        fprintf(w->f, "%zu revoked", not_hunted[KQ_IOC_REVOKED]);
        if (not_hunted[KQ_IOC_NOT_YET_VALID]) fprintf(w->f, ", %zu not yet valid", not_hunted[KQ_IOC_NOT_YET_VALID]);
        fputs(".\n", w->f);
    }
    fputc('\n', w->f);
}

static void write_pack_hunts(md_writer *w, const kq_hunt_report *r)
{
    fputs("## Hunting queries\n\n", w->f);
    if (!r->nhunts) {
        fputs("No table can be hunted for these indicators.\n\n", w->f);
        return;
    }
    size_t *first = kq_report_kql_groups(r->hunts, r->nhunts);
    size_t number = 0;
    for (size_t i = 0; i < r->nhunts; i++) {
        if (first[i] != i) continue;
        const kq_hunt_query *q = &r->hunts[i];
        fprintf(w->f, "### %zu. ", ++number);
        md_prose(w, q->name);
        fputs("\n\n- Table: ", w->f);
        md_code(w, q->table, false);
        fputs(", data connector: ", w->f);
        if (q->connector && *q->connector) md_prose(w, q->connector);
        else fputs("none known", w->f);
        fputs("\n- Columns: ", w->f);
        md_code(w, q->columns, false);
        const char *separator = "\n- Same query for: ";
        for (size_t j = i + 1; j < r->nhunts; j++) {
            if (first[j] != i) continue;
            fputs(separator, w->f);
            md_prose(w, r->hunts[j].name);
            separator = "; ";
        }
        fputs("\n\n", w->f);
        md_fenced(w, "kql", r->hunts[i].kql);
    }
    free(first);
}

static void write_pack_tables(md_writer *w, const kq_hunt_report *r)
{
    fputs("## Tables and data connectors needed\n\n", w->f);
    if (!r->nhunts) {
        fputs("None.\n\n", w->f);
        return;
    }
    md_table_header(w, "| Table | Data connector | Hunts |");
    for (size_t i = 0; i < r->nhunts; i++) {
        const char *table = r->hunts[i].table ? r->hunts[i].table : "";
        bool listed = false;
        for (size_t j = 0; j < i && !listed; j++)
            listed = strcmp(r->hunts[j].table ? r->hunts[j].table : "", table) == 0;
        if (listed) continue;
        size_t hunts = 0;
        const char *connector = "";
        for (size_t j = i; j < r->nhunts; j++) {
            if (strcmp(r->hunts[j].table ? r->hunts[j].table : "", table) != 0) continue;
            hunts++;
            if (!*connector && r->hunts[j].connector) connector = r->hunts[j].connector;
        }
        cell_code(w, table);
        if (*connector) cell_prose(w, connector);
        else cell_plain(w, "-");
        cell_plain(w, "%zu", hunts);
        row_end(w);
    }
    fputc('\n', w->f);
}

/* A rule for all tables, or for a table one of the pack's hunts reads. */
static bool rule_fits_pack(const kq_exclusion_rule *rule, const kq_hunt_report *r)
{
    if (!rule->tables || !rule->tables[0]) return true;
    for (size_t t = 0; rule->tables[t]; t++)
        for (size_t h = 0; h < r->nhunts; h++)
            if (r->hunts[h].table && strcmp(r->hunts[h].table, rule->tables[t]) == 0) return true;
    return false;
}

static size_t pack_rule_count(const kq_hunt_report *r, const kq_exclusions *x)
{
    size_t n = 0;
    for (size_t i = 0; x && i < x->n; i++) n += rule_fits_pack(&x->rules[i], r);
    return n;
}

static void write_pack_exclusions(md_writer *w, const kq_hunt_report *r, const kq_exclusions *x)
{
    fputs("## False-positive scenarios and exclusions\n\n", w->f);
    if (!x || !x->n) fputs("No exclusion rules were given.\n\n", w->f);
    char when[KQ_REPORT_TIME_SIZE];
    kq_buf predicate;
    kq_buf_init(&predicate);
    size_t left_out = 0;
    for (size_t i = 0; x && i < x->n; i++) {
        const kq_exclusion_rule *rule = &x->rules[i];
        if (!rule_fits_pack(rule, r)) {
            left_out++;
            continue;
        }
        fputs("### ", w->f);
        md_code(w, rule->name, false);
        fputs("\n\n- Scenario: ", w->f);
        if (rule->scenario && *rule->scenario) md_prose(w, rule->scenario);
        else fputs("not given", w->f);
        fputs("\n- Reason: ", w->f);
        md_prose(w, rule->reason);
        fputs("\n- Tables: ", w->f);
        if (!rule->tables || !rule->tables[0]) fputs("all", w->f);
        for (size_t t = 0; rule->tables && rule->tables[t]; t++) {
            if (t) fputs(", ", w->f);
            md_code(w, rule->tables[t], false);
        }
        fprintf(w->f, "\n- Expires: %s", rule->expires ? kq_report_time(rule->expires, when) : "never");
        if (rule->expires && rule->expires <= r->now) fputs(" (expired: not applied)", w->f);
        fputs("\n\nAppended to a hunt, this removes the events the rule excludes:\n\n", w->f);
        kq_buf_clear(&predicate);
        kq_buf_printf(&predicate, "| where not(%s)", rule->where ? rule->where : "");
        md_fenced(w, "kql", kq_buf_cstr(&predicate));
    }
    kq_buf_free(&predicate);
    if (left_out)
        fprintf(w->f, "%zu rule%s for tables that no hunt of this pack reads %s left out.\n\n", left_out,
                kq_report_plural(left_out), left_out == 1 ? "is" : "are");
    bool any_list = false;
    for (size_t i = 0; i < r->nrules; i++) {
        const kq_rule_count *rule = &r->rules[i];
        if (!rule->kind || strcmp(rule->kind, "warninglist") != 0) continue;
        if (!any_list) fputs("### Warninglists\n\nHits on indicators these lists name are suppressed:\n\n", w->f);
        any_list = true;
        fputs("- ", w->f);
        md_code(w, rule->name, false);
        fputs(": ", w->f);
        md_prose(w, rule->reason);
        fputc('\n', w->f);
    }
    if (any_list) fputc('\n', w->f);
}

int kq_report_pack(FILE *f, const kq_hunt_report *r, const char *family, const kq_exclusions *x)
{
    md_writer w = {.f = f};
    kq_buf_init(&w.tmp);
    if (!family) family = "";
    fputs("# Hunting pack: ", f);
    if (*family) md_prose(&w, family);
    else fputs("indicators of no known family", f);
    fputs("\n\n", f);

    size_t by_type[KQ_IOC__COUNT] = {0}, indicators = 0, tables = 0;
    for (size_t i = 0; r->iocs && i < r->iocs->n; i++) {
        const kq_indicator *ioc = &r->iocs->items[i];
        if (!of_family(ioc, family) || kq_report_ioc_state(r, i) != KQ_IOC_HUNTED) continue;
        indicators++;
        if ((unsigned)ioc->type < KQ_IOC__COUNT) by_type[ioc->type]++;
    }
    for (size_t i = 0; i < r->nhunts; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(r->hunts[j].table ? r->hunts[j].table : "",
                          r->hunts[i].table ? r->hunts[i].table : "") == 0;
        tables += !seen;
    }
    fprintf(f, "%zu indicator%s", indicators, kq_report_plural(indicators));
    const char *separator = " (";
    for (int t = 0; t < KQ_IOC__COUNT; t++) {
        if (!by_type[t]) continue;
        fprintf(f, "%s%zu %s", separator, by_type[t], kq_ioc_type_name((kq_ioc_type)t));
        separator = ", ";
    }
    char now[KQ_REPORT_TIME_SIZE];
    size_t rules = pack_rule_count(r, x);
    fprintf(f, "%s, %zu hunt%s over %zu table%s, %zu exclusion rule%s; written at %s\n\n",
            indicators ? ")" : "", r->nhunts, kq_report_plural(r->nhunts), tables,
            kq_report_plural(tables), rules, kq_report_plural(rules), kq_report_time(r->now, now));

    write_pack_iocs(&w, r, family);
    write_pack_hunts(&w, r);
    write_pack_tables(&w, r);
    write_pack_exclusions(&w, r, x);
    return finish(&w);
}
