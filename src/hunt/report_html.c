/*
 * report_html.c - the hunt report as one self-contained HTML page: the sections of the Markdown
 * report, inline CSS, no script and no external asset (a Content-Security-Policy forbids them),
 * and a timeline of the hits as inline SVG (reported and suppressed hits stacked per minute, hour
 * or day, each bar with a <title> tooltip). All text from outside is HTML-escaped after the
 * characters that must not appear raw are made visible (kq_report_visible).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/datetime.h"
#include "report.h"
#include "report_common.h"

typedef struct html_writer {
    FILE *f;
    kq_buf tmp; /* scratch for escaping */
} html_writer;

/* Text from outside, escaped for an element or a quoted attribute; with soft_breaks, a line may
 * break after '/', '\\', '.', ':' and '_' (<wbr>), and every 16 characters of a run without
 * one (a hash), so paths, URLs and names wrap where they read well instead of anywhere. */
static void html_text_n(html_writer *w, const char *s, size_t n, bool keep_lines, bool soft_breaks)
{
    if (!s) return;
    kq_buf_clear(&w->tmp);
    kq_report_visible(&w->tmp, s, n, keep_lines);
    int run = 0; /* characters since the last break opportunity */
    for (size_t i = 0; i < w->tmp.len; i++) {
        char c = w->tmp.p[i];
        switch (c) {
        case '&': fputs("&amp;", w->f); break;
        case '<': fputs("&lt;", w->f); break;
        case '>': fputs("&gt;", w->f); break;
        case '"': fputs("&quot;", w->f); break;
        case '\'': fputs("&#39;", w->f); break;
        default: fputc(c, w->f);
        }
        if (!soft_breaks || i + 1 >= w->tmp.len) continue;
        if (c == '/' || c == '\\' || c == '.' || c == ':' || c == '_' || c == '-' || c == ',' || c == ' ')
            run = 0;
        if (c == '/' || c == '\\' || c == '.' || c == ':' || c == '_' || ++run == 16) {
            fputs("<wbr>", w->f); /* long runs (hashes) break every 16 characters */
            run = 0;
        }
    }
}

static void html_text(html_writer *w, const char *s)
{
    html_text_n(w, s, s ? strlen(s) : 0, false, false);
}

/* <td> cells: prose, a value in <code>, a clipped value, and text kq wrote itself. */
static void td_text(html_writer *w, const char *s)
{
    fputs("<td>", w->f);
    html_text(w, s);
    fputs("</td>", w->f);
}

static void td_code(html_writer *w, const char *s)
{
    fputs("<td>", w->f);
    if (s && *s) {
        fputs("<code>", w->f);
        html_text_n(w, s, strlen(s), false, true);
        fputs("</code>", w->f);
    }
    fputs("</td>", w->f);
}

/* A point in time, kept on one line */
static void td_time(html_writer *w, int64_t t)
{
    char text[KQ_REPORT_TIME_SIZE];
    fprintf(w->f, "<td class=\"t\">%s</td>", kq_report_time(t, text));
}

/* A value (an indicator, a matched text) in a cell that breaks it at its dots and slashes, or
 * anywhere when a part is wider than the cell, shown up to max bytes with its length when longer. */
static void td_value(html_writer *w, const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0, shown = kq_report_clip(s, n, max);
    fputs("<td class=\"v\">", w->f);
    if (n) {
        fputs("<code>", w->f);
        html_text_n(w, s, shown, false, true);
        fputs("</code>", w->f);
        if (shown < n) fprintf(w->f, " <span class=\"muted\">... (%zu bytes)</span>", n);
    }
    fputs("</td>", w->f);
}

__attribute__((format(printf, 2, 3))) static void td_plain(html_writer *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("<td>", w->f);
    vfprintf(w->f, fmt, ap);
    fputs("</td>", w->f);
    va_end(ap);
}

static void td_count(html_writer *w, size_t n)
{
    fprintf(w->f, "<td class=\"n\">%zu</td>", n);
}

/* "<table><tr><th>A</th>...</tr>" from "A|B|C". */
static void table_begin(html_writer *w, const char *columns)
{
    fputs("<table>\n<tr><th>", w->f);
    for (const char *p = columns; *p; p++) {
        if (*p == '|') fputs("</th><th>", w->f);
        else fputc(*p, w->f);
    }
    fputs("</th></tr>\n", w->f);
}

static void table_end(html_writer *w)
{
    fputs("</table>\n", w->f);
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

static const char style_sheet[] =
    "body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:#1f2328;"
    "max-width:1280px;margin:1.5em auto;padding:0 1.2em}\n"
    "h1{font-size:1.7em;margin-bottom:.3em}\n"
    "h2{font-size:1.3em;border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.8em}\n"
    "h3{font-size:1.05em;margin-top:1.3em}\n"
    ".summary{background:#fff8c5;border:1px solid #eac54f;border-radius:6px;padding:.6em .9em}\n"
    "nav a{margin-right:1em}\n"
    "table{border-collapse:collapse;margin:.5em 0 1em;font-size:13px}\n"
    "th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}\n"
    "th{background:#f6f8fa}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "td.t{white-space:nowrap}\n"
    "code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}\n"
    "td code{overflow-wrap:break-word}\n"
    ".scroll{overflow-x:auto}\n"
    "pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.8em;overflow:auto}\n"
    ".muted{color:#59636e}\n"
    ".chart{max-width:100%;height:auto}\n"
    ".chart text{font:11px system-ui,sans-serif;fill:#424a53}\n";

static void write_head(html_writer *w, const kq_hunt_report *r)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>Hunt report: ",
          w->f);
    html_text(w, r->title);
    fprintf(w->f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>Hunt report: ", style_sheet);
    html_text(w, r->title);
    kq_buf summary;
    kq_buf_init(&summary);
    kq_report_summary_line(&summary, r);
    fprintf(w->f,
            "</h1>\n<p class=\"summary\">%s</p>\n"
            "<nav><a href=\"#iocs\">IOC summary</a><a href=\"#queries\">Hunting queries</a>"
            "<a href=\"#tables\">Tables</a><a href=\"#hits\">Hits</a>"
            "<a href=\"#exclusions\">Exclusions</a><a href=\"#scenarios\">False-positive scenarios</a>"
            "<a href=\"#not-hunted\">Not hunted</a></nav>\n",
            kq_buf_cstr(&summary));
    kq_buf_free(&summary);
}

static void write_iocs(html_writer *w, const kq_hunt_report *r)
{
    const kq_ioc_set *s = r->iocs;
    fputs("<h2 id=\"iocs\">IOC summary</h2>\n", w->f);
    if (r->nfeeds) {
        table_begin(w, "Feed|Format|Records|Indicators|Rejected|Skipped");
        for (size_t i = 0; i < r->nfeeds; i++) {
            const kq_feed_stats *st = &r->feeds[i].stats;
            fputs("<tr>", w->f);
            td_code(w, r->feeds[i].path);
            td_plain(w, "%s", kq_feed_format_name(st->format));
            td_count(w, st->records);
            td_count(w, st->indicators);
            td_count(w, st->rejected);
            td_count(w, st->skipped);
            fputs("</tr>\n", w->f);
        }
        table_end(w);
        for (size_t i = 0; i < r->nfeeds; i++) {
            const kq_feed_stats *st = &r->feeds[i].stats;
            if (!st->missing_files) continue;
            fputs("<p><code>", w->f);
            html_text(w, r->feeds[i].path);
            fprintf(w->f, "</code>: %zu event file%s listed in manifest.json %s missing, not read (the first: <code>",
                    st->missing_files, kq_report_plural(st->missing_files), st->missing_files == 1 ? "is" : "are");
            html_text(w, st->first_missing);
            fputs("</code>).</p>\n", w->f);
        }
    }
    size_t n = s ? s->n : 0;
    fprintf(w->f, "<p>%zu indicator%s", n, kq_report_plural(n));
    if (s && s->duplicates)
        fprintf(w->f, " (%zu duplicate report%s merged)", s->duplicates, kq_report_plural(s->duplicates));
    fprintf(w->f, ": %zu hunted, %zu expired, ", r->hunted, r->expired);
    if (r->min_confidence >= 0) fprintf(w->f, "%zu below confidence %d, ", r->low_confidence, r->min_confidence);
    fprintf(w->f, "%zu revoked", r->revoked);
    if (r->not_yet_valid) fprintf(w->f, ", %zu not yet valid", r->not_yet_valid);
    if (r->no_table) fprintf(w->f, ", %zu with no column to hunt in", r->no_table);
    fputs(".</p>\n", w->f);
    if (!n) return;
    table_begin(w, "Type|Value|Threat Type|First Seen|Confidence|Malware|Source|Status");
    size_t shown = n < KQ_REPORT_MAX_IOCS ? n : KQ_REPORT_MAX_IOCS;
    kq_buf providers;
    kq_buf_init(&providers);
    size_t *order = kq_report_ioc_order(r); /* the indicators that hit first */
    for (size_t k = 0; k < shown; k++) {
        size_t i = order[k];
        const kq_indicator *ioc = &s->items[i];
        fputs("<tr>", w->f);
        td_plain(w, "%s", kq_ioc_type_name(ioc->type));
        fputs("<td class=\"v\"><code>", w->f);
        html_text_n(w, ioc->value, strlen(ioc->value), false, true);
        fputs("</code>", w->f);
        kq_buf_clear(&providers);
        kq_report_ports(&providers, ioc);
        if (providers.len) fprintf(w->f, " %s", kq_buf_cstr(&providers));
        fputs("</td>", w->f);
        td_text(w, ioc->threat_type);
        td_time(w, ioc->first_seen);
        if (ioc->confidence >= 0) fprintf(w->f, "<td class=\"n\">%d</td>", ioc->confidence);
        else td_plain(w, "-");
        td_text(w, ioc->malware);
        kq_buf_clear(&providers);
        kq_report_providers(&providers, ioc);
        td_text(w, kq_buf_cstr(&providers));
        fprintf(w->f, "<td>%s", state_words(kq_report_ioc_state(r, i)));
        const kq_warninglist *list = kq_report_ioc_warninglist(r, i);
        if (list) {
            fputs(", on warninglist <code>", w->f);
            html_text(w, kq_warninglist_id(list));
            fputs("</code>", w->f);
        }
        fputs("</td></tr>\n", w->f);
    }
    kq_buf_free(&providers);
    table_end(w);
    if (shown < n) {
        kq_buf types;
        kq_buf_init(&types);
        kq_report_types_in_order(&types, s, order, shown);
        fprintf(w->f, "<p>... and %zu more indicator%s (%s): the JSONL report lists them all.</p>\n",
                n - shown, kq_report_plural(n - shown), kq_buf_cstr(&types));
        kq_buf_free(&types);
    }
    free(order);
}

static void write_hunts(html_writer *w, const kq_hunt_report *r)
{
    fputs("<h2 id=\"queries\">Hunting queries</h2>\n", w->f);
    if (!r->nhunts) {
        fputs("<p>No hunts were run.</p>\n", w->f);
        return;
    }
    size_t *first = kq_report_kql_groups(r->hunts, r->nhunts);
    size_t number = 0;
    for (size_t i = 0; i < r->nhunts; i++) {
        if (first[i] != i) continue;
        size_t members = 0;
        for (size_t j = i; j < r->nhunts; j++) members += first[j] == i;
        fprintf(w->f, "<h3>%zu. ", ++number);
        html_text(w, r->hunts[i].name);
        if (members > 1) fprintf(w->f, " (and %zu more with the same query)", members - 1);
        fputs("</h3>\n", w->f);
        table_begin(w, "Hunt|IOC type|Table|Columns|Connector|Indicators|Hits|Suppressed");
        for (size_t j = i; j < r->nhunts; j++) {
            if (first[j] != i) continue;
            const kq_hunt_query *q = &r->hunts[j];
            fputs("<tr>", w->f);
            td_text(w, q->name);
            td_plain(w, "%s", kq_ioc_type_name(q->ioc_type));
            td_code(w, q->table);
            td_code(w, q->columns);
            if (q->connector && *q->connector) td_text(w, q->connector);
            else td_plain(w, "-");
            td_count(w, q->indicators);
            td_count(w, q->hits);
            td_count(w, q->suppressed);
            fputs("</tr>\n", w->f);
        }
        table_end(w);
        fputs("<pre><code class=\"language-kql\">", w->f);
        const char *kql = r->hunts[i].kql;
        html_text_n(w, kql, kql ? strlen(kql) : 0, true, false);
        fputs("</code></pre>\n", w->f);
    }
    free(first);
}

static void write_tables(html_writer *w, const kq_hunt_report *r)
{
    fputs("<h2 id=\"tables\">Tables and data connectors</h2>\n", w->f);
    if (!r->ntables) {
        fputs("<p>No log table was hunted.</p>\n", w->f);
        return;
    }
    table_begin(w, "Table|Connector|Files");
    for (size_t i = 0; i < r->ntables; i++) {
        const kq_hunt_table *t = &r->tables[i];
        fputs("<tr>", w->f);
        td_code(w, t->name);
        if (t->connector && *t->connector) td_text(w, t->connector);
        else td_plain(w, "- (not a Sentinel table)");
        fprintf(w->f, "<td class=\"n\">%d</td></tr>\n", t->files);
    }
    table_end(w);
}

/* ---- the timeline ---- */

enum { MAX_BARS = 200 };

/* Hits counted per time bucket. */
typedef struct timeline {
    int64_t start;  /* start of the first bucket (ticks) */
    int64_t bucket; /* width of a bucket (ticks) */
    size_t n;       /* buckets; 0 when no hit has a time */
    size_t *reported, *suppressed;
    size_t untimed; /* hits without a time, not charted */
} timeline;

/* Buckets of a minute, an hour or a day, whichever is the finest for the span of the hits to fit
 * in MAX_BARS; a span of more than MAX_BARS days gets buckets of several days, from the day of
 * the first hit. */
static void timeline_build(timeline *tl, const kq_hunt_report *r)
{
    memset(tl, 0, sizeof *tl);
    int64_t first = 0, last = 0;
    for (size_t i = 0; i < r->nhits; i++) {
        int64_t t = r->hits[i].time;
        if (t <= 0) {
            tl->untimed++;
            continue;
        }
        if (!first || t < first) first = t;
        if (t > last) last = t;
    }
    if (!first) return;
    int64_t span = last - first;
    if (span < (MAX_BARS - 1) * KQ_TICKS_PER_MINUTE) tl->bucket = KQ_TICKS_PER_MINUTE;
    else if (span < (MAX_BARS - 1) * KQ_TICKS_PER_HOUR) tl->bucket = KQ_TICKS_PER_HOUR;
    else tl->bucket = (span / KQ_TICKS_PER_DAY / (MAX_BARS - 1) + 1) * KQ_TICKS_PER_DAY;
    int64_t align = tl->bucket > KQ_TICKS_PER_DAY ? KQ_TICKS_PER_DAY : tl->bucket;
    tl->start = first - first % align;
    tl->n = (size_t)((last - tl->start) / tl->bucket) + 1;
    tl->reported = kq_xcalloc(tl->n, sizeof *tl->reported);
    tl->suppressed = kq_xcalloc(tl->n, sizeof *tl->suppressed);
    for (size_t i = 0; i < r->nhits; i++) {
        int64_t t = r->hits[i].time;
        if (t <= 0) continue;
        size_t b = (size_t)((t - tl->start) / tl->bucket);
        if (r->hits[i].suppressed_by) tl->suppressed[b]++;
        else tl->reported[b]++;
    }
}

static void timeline_free(timeline *tl)
{
    free(tl->reported);
    free(tl->suppressed);
}

/* "minute", "hour", "day" or "3 days". */
static void bucket_words(int64_t bucket, char *buf, size_t cap)
{
    if (bucket == KQ_TICKS_PER_MINUTE) snprintf(buf, cap, "minute");
    else if (bucket == KQ_TICKS_PER_HOUR) snprintf(buf, cap, "hour");
    else if (bucket == KQ_TICKS_PER_DAY) snprintf(buf, cap, "day");
    else snprintf(buf, cap, "%lld days", (long long)(bucket / KQ_TICKS_PER_DAY));
}

/* An x-axis label: the time of day for minute buckets, date and hour for hours, date for days. */
static void axis_label(int64_t t, int64_t bucket, char buf[KQ_REPORT_TIME_SIZE])
{
    kq_report_time(t, buf); /* 2026-05-12 10:00:00 UTC */
    if (bucket == KQ_TICKS_PER_MINUTE) {
        memmove(buf, buf + 11, 5);
        buf[5] = '\0';
    } else if (bucket == KQ_TICKS_PER_HOUR) {
        memmove(buf, buf + 5, 11); /* 05-12 10:00 */
        buf[11] = '\0';
    } else {
        buf[10] = '\0';
    }
}

/* Buckets from one x-axis label to the next: a round number of minutes, hours or days, so that
 * labels fall on round times, and at most 8 of them. */
static size_t label_step(const timeline *tl)
{
    static const size_t minute_steps[] = {1, 2, 5, 10, 15, 30, 60, 120, 180, 240};
    static const size_t hour_steps[] = {1, 2, 3, 6, 12, 24, 48, 72, 168};
    static const size_t day_steps[] = {1, 2, 7, 14, 28};
    const size_t *steps = day_steps;
    size_t nsteps = sizeof day_steps / sizeof day_steps[0];
    if (tl->bucket == KQ_TICKS_PER_MINUTE) {
        steps = minute_steps;
        nsteps = sizeof minute_steps / sizeof minute_steps[0];
    } else if (tl->bucket == KQ_TICKS_PER_HOUR) {
        steps = hour_steps;
        nsteps = sizeof hour_steps / sizeof hour_steps[0];
    }
    for (size_t i = 0; tl->bucket <= KQ_TICKS_PER_DAY && i < nsteps; i++)
        if (tl->n <= 8 * steps[i]) return steps[i];
    return (tl->n + 7) / 8;
}

/* The smallest 1, 2 or 5 times a power of ten that is >= v. */
static size_t nice_step(size_t v)
{
    size_t power = 1;
    for (;;) {
        if (v <= power) return power;
        if (v <= 2 * power) return 2 * power;
        if (v <= 5 * power) return 5 * power;
        power *= 10;
    }
}

enum { CHART_W = 960, CHART_H = 300, MARGIN_L = 56, MARGIN_R = 16, MARGIN_T = 30, MARGIN_B = 62 };
#define COLOUR_REPORTED "#cf222e"
#define COLOUR_SUPPRESSED "#8c959f"

static void write_bar(html_writer *w, const timeline *tl, size_t b, double x, double width, double scale)
{
    const double base = CHART_H - MARGIN_B;
    char from[KQ_REPORT_TIME_SIZE], to[KQ_REPORT_TIME_SIZE];
    int64_t t = tl->start + (int64_t)b * tl->bucket;
    fprintf(w->f, "<g><title>%s to %s: %zu reported, %zu suppressed</title>", kq_report_time(t, from),
            kq_report_time(t + tl->bucket, to), tl->reported[b], tl->suppressed[b]);
    double reported_h = (double)tl->reported[b] * scale, suppressed_h = (double)tl->suppressed[b] * scale;
    if (tl->reported[b])
        fprintf(w->f,
                "<rect class=\"bar reported\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                "fill=\"" COLOUR_REPORTED "\"/>",
                x, base - reported_h, width, reported_h);
    if (tl->suppressed[b])
        fprintf(w->f,
                "<rect class=\"bar suppressed\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                "fill=\"" COLOUR_SUPPRESSED "\"/>",
                x, base - reported_h - suppressed_h, width, suppressed_h);
    fputs("</g>\n", w->f);
}

static void write_timeline(html_writer *w, const kq_hunt_report *r)
{
    timeline tl;
    timeline_build(&tl, r);
    fputs("<h3>Timeline</h3>\n", w->f);
    if (!tl.n) {
        fputs("<p>No hit has a time to chart.</p>\n", w->f);
        timeline_free(&tl);
        return;
    }
    size_t highest = 1;
    for (size_t b = 0; b < tl.n; b++)
        if (tl.reported[b] + tl.suppressed[b] > highest) highest = tl.reported[b] + tl.suppressed[b];
    size_t y_step = nice_step((highest + 3) / 4), top = (highest + y_step - 1) / y_step * y_step;
    const double plot_w = CHART_W - MARGIN_L - MARGIN_R, plot_h = CHART_H - MARGIN_T - MARGIN_B;
    const double base = CHART_H - MARGIN_B, scale = plot_h / (double)top;
    const double slot = plot_w / (double)tl.n, width = slot > 3 ? slot * 0.8 : slot;
    char unit[32], from[KQ_REPORT_TIME_SIZE], to[KQ_REPORT_TIME_SIZE], label[KQ_REPORT_TIME_SIZE];
    bucket_words(tl.bucket, unit, sizeof unit);

    fprintf(w->f,
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Hits per %s\">\n",
            CHART_W, CHART_H, CHART_W, CHART_H, unit);
    for (size_t v = 0; v <= top; v += y_step) { /* grid lines and y labels */
        double y = base - (double)v * scale;
        fprintf(w->f,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>"
                "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%zu</text>\n",
                MARGIN_L, y, CHART_W - MARGIN_R, y, v ? "#eaeef2" : "#59636e", MARGIN_L - 6, y + 4, v);
    }
    fprintf(w->f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"#59636e\"/>\n", MARGIN_L,
            MARGIN_T, MARGIN_L, base);
    fprintf(w->f,
            "<text transform=\"translate(14 %.1f) rotate(-90)\" text-anchor=\"middle\">hits</text>\n",
            MARGIN_T + plot_h / 2);
    /* labels on round times: counted from 0001-01-01, except for buckets of several days */
    size_t label_every = label_step(&tl);
    size_t first_bucket = tl.bucket > KQ_TICKS_PER_DAY ? 0 : (size_t)(tl.start / tl.bucket);
    for (size_t b = 0; b < tl.n; b++) {
        if ((first_bucket + b) % label_every) continue;
        double x = MARGIN_L + slot * ((double)b + 0.5);
        axis_label(tl.start + (int64_t)b * tl.bucket, tl.bucket, label);
        fprintf(w->f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#59636e\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
                x, base, x, base + 4, x, base + 17, label);
    }
    fprintf(w->f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">time (UTC), one bar per %s, %s to %s</text>\n",
            MARGIN_L + plot_w / 2, CHART_H - 12, unit, kq_report_time(tl.start, from),
            kq_report_time(tl.start + (int64_t)tl.n * tl.bucket, to));
    for (size_t b = 0; b < tl.n; b++)
        if (tl.reported[b] || tl.suppressed[b])
            write_bar(w, &tl, b, MARGIN_L + slot * (double)b + (slot - width) / 2, width, scale);
    fprintf(w->f,
            "<rect class=\"legend\" x=\"%d\" y=\"8\" width=\"12\" height=\"12\" fill=\"" COLOUR_REPORTED "\"/>"
            "<text x=\"%d\" y=\"18\">reported</text>"
            "<rect class=\"legend\" x=\"%d\" y=\"8\" width=\"12\" height=\"12\" fill=\"" COLOUR_SUPPRESSED "\"/>"
            "<text x=\"%d\" y=\"18\">suppressed</text>\n</svg>\n",
            CHART_W - MARGIN_R - 170, CHART_W - MARGIN_R - 154, CHART_W - MARGIN_R - 88,
            CHART_W - MARGIN_R - 72);
    if (tl.untimed)
        fprintf(w->f, "<p class=\"muted\">%zu hit%s without a time %s not charted.</p>\n", tl.untimed,
                kq_report_plural(tl.untimed), tl.untimed == 1 ? "is" : "are");
    timeline_free(&tl);
}

static void write_hosts(html_writer *w, const kq_hunt_report *r)
{
    fputs("<h3>By host</h3>\n", w->f);
    kq_report_host *hosts;
    size_t n = kq_report_hosts(r, &hosts);
    if (!n) {
        fputs("<p>No reported hits.</p>\n", w->f);
        return;
    }
    table_begin(w, "Host|Hits|Indicators|First|Last");
    for (size_t i = 0; i < n; i++) {
        fputs("<tr>", w->f);
        if (*hosts[i].host) td_code(w, hosts[i].host);
        else td_plain(w, "-");
        td_count(w, hosts[i].hits);
        td_count(w, hosts[i].indicators);
        td_time(w, hosts[i].first);
        td_time(w, hosts[i].last);
        fputs("</tr>\n", w->f);
    }
    table_end(w);
    free(hosts);
}

static void write_days(html_writer *w, const kq_hunt_report *r)
{
    fputs("<h3>Over time</h3>\n", w->f);
    kq_report_day *days;
    size_t n = kq_report_days(r, &days);
    table_begin(w, "Day (UTC)|Hits|Suppressed");
    char day[KQ_REPORT_TIME_SIZE];
    for (size_t i = 0; i < n; i++) {
        fputs("<tr>", w->f);
        td_plain(w, "%s", days[i].day ? kq_report_date(days[i].day, day) : "no time");
        td_count(w, days[i].reported);
        td_count(w, days[i].suppressed);
        fputs("</tr>\n", w->f);
    }
    table_end(w);
    free(days);
}

static void write_hit_list(html_writer *w, const kq_hunt_report *r, size_t reported)
{
    fputs("<h3>List</h3>\n", w->f);
    if (!reported) {
        fputs("<p>No reported hits.</p>\n", w->f);
        return;
    }
    fputs("<div class=\"scroll\">\n", w->f);
    table_begin(w, "Time|Host|Indicator|Type|Table.Column|Matched|Malware|Source file:line");
    kq_buf where;
    kq_buf_init(&where);
    size_t listed = 0;
    for (size_t i = 0; i < r->nhits && listed < KQ_REPORT_MAX_HITS; i++) {
        const kq_hit *h = &r->hits[i];
        if (h->suppressed_by) continue;
        listed++;
        fputs("<tr>", w->f);
        td_time(w, h->time);
        if (h->host && *h->host) td_code(w, h->host);
        else td_plain(w, "-");
        td_value(w, h->ioc ? h->ioc->value : NULL, SIZE_MAX);
        td_plain(w, "%s", kq_ioc_type_name(h->ioc ? h->ioc->type : KQ_IOC_NONE));
        kq_buf_clear(&where);
        kq_buf_printf(&where, "%s.%s", h->table ? h->table : "", h->column ? h->column : "");
        td_code(w, kq_buf_cstr(&where));
        td_value(w, h->matched, KQ_REPORT_MAX_CELL);
        td_text(w, h->ioc ? h->ioc->malware : NULL);
        kq_report_place(&where, h->source_file, h->source_line);
        td_code(w, kq_buf_cstr(&where));
        fputs("</tr>\n", w->f);
    }
    kq_buf_free(&where);
    table_end(w);
    fputs("</div>\n", w->f);
    if (listed < reported)
        fprintf(w->f, "<p>... and %zu more hit%s: the JSONL report lists them all.</p>\n", reported - listed,
                kq_report_plural(reported - listed));
}

static void write_hits(html_writer *w, const kq_hunt_report *r)
{
    fputs("<h2 id=\"hits\">Hits</h2>\n", w->f);
    if (!r->nhits) {
        fputs("<p>No hits.</p>\n", w->f);
        return;
    }
    kq_report_tally t;
    kq_report_tally_hits(r, &t);
    write_timeline(w, r);
    write_hosts(w, r);
    write_days(w, r);
    write_hit_list(w, r, t.reported);
    if (t.suppressed)
        fprintf(w->f, "<p>%zu suppressed hit%s not listed: see Exclusions applied (the JSONL report has %s).</p>\n",
                t.suppressed, kq_report_plural(t.suppressed), t.suppressed == 1 ? "it" : "them");
}

static void write_exclusions(html_writer *w, const kq_hunt_report *r)
{
    fputs("<h2 id=\"exclusions\">Exclusions applied</h2>\n", w->f);
    if (r->exclusions_off)
        fputs("<p>Exclusions were turned off: none of the rules or warninglists below was applied.</p>\n",
              w->f);
    if (!r->nrules) {
        fputs("<p>No exclusion rules or warninglists were loaded.</p>\n", w->f);
        return;
    }
    table_begin(w, "Rule|Kind|Scenario|Reason|Suppressed|Expires/Status");
    char when[KQ_REPORT_TIME_SIZE];
    for (size_t i = 0; i < r->nrules; i++) {
        const kq_rule_count *rule = &r->rules[i];
        fputs("<tr>", w->f);
        td_code(w, rule->name);
        if (rule->kind && strcmp(rule->kind, "warninglist") == 0)
            td_plain(w, "warninglist (%zu indicator%s)", rule->indicators, kq_report_plural(rule->indicators));
        else td_text(w, rule->kind);
        td_text(w, rule->scenario);
        td_text(w, rule->reason);
        td_count(w, rule->suppressed);
        kq_report_time(rule->expires, when);
        if (rule->expired) td_plain(w, "expired %s, not applied", when);
        else if (r->exclusions_off) td_plain(w, "not applied (exclusions off)");
        else if (rule->expires) td_plain(w, "expires %s", when);
        else td_plain(w, "never expires");
        fputs("</tr>\n", w->f);
    }
    table_end(w);
}

static const char *scenario_of(const kq_rule_count *rule)
{
    return rule->scenario ? rule->scenario : "";
}

static void write_scenarios(html_writer *w, const kq_hunt_report *r)
{
    fputs("<h2 id=\"scenarios\">False-positive scenarios considered</h2>\n", w->f);
    if (!r->nrules) {
        fputs("<p>None: no exclusion rules were loaded.</p>\n", w->f);
        return;
    }
    fputs("<ul>\n", w->f);
    for (size_t i = 0; i < r->nrules; i++) {
        const char *scenario = scenario_of(&r->rules[i]);
        bool listed = false;
        for (size_t j = 0; j < i && !listed; j++) listed = strcmp(scenario_of(&r->rules[j]), scenario) == 0;
        if (listed) continue;
        fputs("<li>", w->f);
        if (*scenario) html_text(w, scenario);
        else fputs("(no scenario given)", w->f);
        fputs(": ", w->f);
        const char *separator = "";
        for (size_t j = i; j < r->nrules; j++) {
            if (strcmp(scenario_of(&r->rules[j]), scenario) != 0) continue;
            fprintf(w->f, "%s<code>", separator);
            html_text(w, r->rules[j].name);
            fputs("</code>", w->f);
            if (r->rules[j].expired) fputs(" (expired)", w->f);
            separator = ", ";
        }
        fputs("</li>\n", w->f);
    }
    fputs("</ul>\n", w->f);
}

/* A table of values the feeds gave, each with what was wrong and its feed file:line (rejects,
 * warnings). */
static void value_rows(html_writer *w, const char *header, const kq_ioc_reject *items, size_t n)
{
    table_begin(w, header);
    kq_buf where;
    kq_buf_init(&where);
    for (size_t i = 0; i < n; i++) {
        fputs("<tr>", w->f);
        td_value(w, items[i].value, KQ_REPORT_MAX_CELL);
        td_text(w, items[i].reason);
        kq_report_place(&where, items[i].feed_file, items[i].feed_line);
        td_code(w, kq_buf_cstr(&where));
        fputs("</tr>\n", w->f);
    }
    kq_buf_free(&where);
    table_end(w);
}

static void write_rejects(html_writer *w, const kq_ioc_set *s)
{
    fputs("<h3>Rejected by the feeds</h3>\n", w->f);
    size_t n = s ? s->nrejects : 0;
    if (!n) {
        fputs("<p>No value was rejected.</p>\n", w->f);
        return;
    }
    size_t shown = n < KQ_REPORT_MAX_REJECTS ? n : KQ_REPORT_MAX_REJECTS;
    value_rows(w, "Value|Reason|Feed", s->rejects, shown);
    if (shown == n) return;
    fprintf(w->f, "<p>... and %zu more reject%s (the JSONL report lists them all), by reason:</p>\n", n - shown,
            kq_report_plural(n - shown));
    kq_report_reason_count *reasons;
    size_t nreasons = kq_report_reject_reasons_from(s, shown, &reasons);
    table_begin(w, "Reason|Rejects");
    for (size_t i = 0; i < nreasons; i++) {
        fputs("<tr>", w->f);
        td_text(w, reasons[i].reason);
        td_count(w, reasons[i].count);
        fputs("</tr>\n", w->f);
    }
    table_end(w);
    free(reasons);
}

/* Problems with records whose indicators were kept (an unreadable date); nothing when none. */
static void write_warnings(html_writer *w, const kq_ioc_set *s)
{
    size_t n = s ? s->nwarnings : 0;
    if (!n) return;
    fputs("<h3>Warnings from the feeds</h3>\n<p>The indicators of these records are kept; what is named here is "
          "left out.</p>\n", w->f);
    size_t shown = n < KQ_REPORT_MAX_REJECTS ? n : KQ_REPORT_MAX_REJECTS;
    value_rows(w, "Value|Problem|Feed", s->warnings, shown);
    if (shown < n)
        fprintf(w->f, "<p>... and %zu more warning%s (the JSONL report lists them all).</p>\n", n - shown,
                kq_report_plural(n - shown));
}

static void write_not_hunted(html_writer *w, const kq_hunt_report *r)
{
    fputs("<h2 id=\"not-hunted\">Not hunted</h2>\n<h3>Skipped</h3>\n", w->f);
    if (!r->nskips) {
        fputs("<p>Nothing was skipped.</p>\n", w->f);
    } else {
        table_begin(w, "What|Reason");
        for (size_t i = 0; i < r->nskips; i++) {
            fputs("<tr>", w->f);
            td_text(w, r->skips[i].what);
            td_text(w, r->skips[i].reason);
            fputs("</tr>\n", w->f);
        }
        table_end(w);
    }
    fprintf(w->f, "<h3>Indicators not hunted</h3>\n<ul>\n<li>Expired: %zu</li>\n", r->expired);
    if (r->min_confidence >= 0)
        fprintf(w->f, "<li>Below the minimum confidence (%d): %zu</li>\n", r->min_confidence, r->low_confidence);
    else fputs("<li>Below a minimum confidence: none set (--min-confidence)</li>\n", w->f);
    fprintf(w->f, "<li>Revoked: %zu</li>\n", r->revoked);
    if (r->not_yet_valid) fprintf(w->f, "<li>Not yet valid (valid from a date after --now): %zu</li>\n", r->not_yet_valid);
    if (r->no_table) fprintf(w->f, "<li>No column of the logs to hunt them in: %zu (listed above)</li>\n", r->no_table);
    if (r->log_records_skipped > 0)
        fprintf(w->f, "<li>Malformed log records skipped: %lld (the first are listed under &ldquo;Not hunted&rdquo; with their file and line)</li>\n",
                (long long)r->log_records_skipped);
    fputs("</ul>\n", w->f);
    write_rejects(w, r->iocs);
    write_warnings(w, r->iocs);
}

int kq_report_html(FILE *f, const kq_hunt_report *r)
{
    html_writer w = {.f = f};
    kq_buf_init(&w.tmp);
    write_head(&w, r);
    write_iocs(&w, r);
    write_hunts(&w, r);
    write_tables(&w, r);
    write_hits(&w, r);
    write_exclusions(&w, r);
    write_scenarios(&w, r);
    write_not_hunted(&w, r);
    fputs("</body>\n</html>\n", f);
    kq_buf_free(&w.tmp);
    return fflush(f) != 0 || ferror(f) ? -1 : 0;
}
