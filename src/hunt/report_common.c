/*
 * report_common.c - helpers shared by the Markdown, HTML and JSONL report writers: times, the
 * escaping of untrusted text, the summary tallies and the groupings by host, day and query.
 */
#include "report_common.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/datetime.h"
#include "../base/json.h"

const char *kq_report_time(int64_t ticks, char buf[KQ_REPORT_TIME_SIZE])
{
    if (ticks <= 0) return strcpy(buf, "-");
    if (ticks > KQ_DATETIME_MAX_TICKS) ticks = KQ_DATETIME_MAX_TICKS;
    kq_dt_format(ticks, buf); /* 2026-05-12T10:00:00.0000000Z */
    buf[10] = ' ';
    strcpy(buf + 19, " UTC");
    return buf;
}

const char *kq_report_date(int64_t ticks, char buf[KQ_REPORT_TIME_SIZE])
{
    kq_report_time(ticks, buf);
    if (ticks > 0) buf[10] = '\0';
    return buf;
}

/* Length of the well-formed UTF-8 sequence at s (1..4 bytes) with its code point in *cp, or 0
 * when s does not start one (overlong forms, surrogates and values past U+10FFFF included). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xc2 && c <= 0xdf) len = 2, v = c & 0x1f, min = 0x80;
    else if (c >= 0xe0 && c <= 0xef) len = 3, v = c & 0x0f, min = 0x800;
    else if (c >= 0xf0 && c <= 0xf4) len = 4, v = c & 0x07, min = 0x10000;
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) return 0;
        v = v << 6 | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return 0;
    *cp = v;
    return len;
}

/* Characters written escaped: controls, bidi controls and the Unicode line breaks. */
static bool must_escape(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
           cp == 0x200f || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

void kq_report_visible(kq_buf *out, const char *s, size_t n, bool keep_lines)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run_start = 0, i = 0;
    while (i < n) {
        uint32_t cp = 0;
        size_t len = utf8_decode(u + i, n - i, &cp);
        bool raw_line = keep_lines && (cp == '\n' || cp == '\t');
        if (len && (!must_escape(cp) || raw_line)) {
            i += len;
            continue;
        }
        kq_buf_put(out, s + run_start, i - run_start);
        if (!len) kq_buf_printf(out, "\\x%02x", u[i]);
        else if (cp == '\n') kq_buf_puts(out, "\\n");
        else if (cp == '\r') kq_buf_puts(out, "\\r");
        else if (cp == '\t') kq_buf_puts(out, "\\t");
        else if (cp < 0x80) kq_buf_printf(out, "\\x%02x", (unsigned)cp);
        else kq_buf_printf(out, "\\u%04x", (unsigned)cp);
        i += len ? len : 1;
        run_start = i;
    }
    kq_buf_put(out, s + run_start, n - run_start);
}

void kq_report_json_string(kq_buf *out, const char *s)
{
    if (!s) {
        kq_buf_puts(out, "null");
        return;
    }
    size_t n = strlen(s);
    /* below 0x7f, kq_json_write_string's escapes are all there is to do */
    bool ascii = true;
    for (size_t i = kq_json_plain_prefix(s, n, true); i < n && ascii; i++) ascii = (unsigned char)s[i] < 0x7f;
    if (ascii) {
        kq_json_write_string(out, s, n);
        return;
    }
    /* kq_json_write_string escapes the C0 controls, quotes and backslashes only: the rest of the
     * characters to escape are still raw in its output, and only inside the string. */
    kq_buf json;
    kq_buf_init(&json);
    kq_json_write_string(&json, s, n);
    const unsigned char *u = (const unsigned char *)json.p;
    size_t run_start = 0, i = 0;
    while (i < json.len) {
        uint32_t cp = 0;
        size_t len = utf8_decode(u + i, json.len - i, &cp);
        if (len && !must_escape(cp)) {
            i += len;
            continue;
        }
        kq_buf_put(out, json.p + run_start, i - run_start);
        if (len) kq_buf_printf(out, "\\u%04x", (unsigned)cp);
        else kq_buf_puts(out, "\\ufffd");
        i += len ? len : 1;
        run_start = i;
    }
    kq_buf_put(out, json.p + run_start, json.len - run_start);
    kq_buf_free(&json);
}

size_t kq_report_clip(const char *s, size_t n, size_t max)
{
    if (n <= max) return n;
    size_t len = max;
    /* back off continuation bytes, at most the 3 of one sequence */
    while (len > 0 && max - len < 3 && ((unsigned char)s[len] & 0xc0) == 0x80) len--;
    return len;
}

size_t kq_report_backtick_run(const char *s)
{
    size_t longest = 0, run = 0;
    for (; *s; s++) {
        run = *s == '`' ? run + 1 : 0;
        if (run > longest) longest = run;
    }
    return longest;
}

const char *kq_report_plural(size_t n)
{
    return n == 1 ? "" : "s";
}

unsigned kq_report_ioc_state(const kq_hunt_report *r, size_t i)
{
    return r->ioc_state ? r->ioc_state[i] : KQ_IOC_HUNTED;
}

const char *kq_report_state_name(unsigned state)
{
    switch (state) {
    case KQ_IOC_EXPIRED: return "expired";
    case KQ_IOC_LOW_CONFIDENCE: return "low_confidence";
    case KQ_IOC_REVOKED: return "revoked";
    case KQ_IOC_NOT_YET_VALID: return "not_yet_valid";
    case KQ_IOC_NO_TABLE: return "no_table";
    default: return "hunted";
    }
}

const kq_warninglist *kq_report_ioc_warninglist(const kq_hunt_report *r, size_t i)
{
    return r->ioc_warninglist ? r->ioc_warninglist[i] : NULL;
}

static int compare_pointers(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)*(const void *const *)a, y = (uintptr_t)*(const void *const *)b;
    return x < y ? -1 : x > y;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Distinct elements of a sorted array of n pointers. */
static size_t count_distinct(const void **sorted, size_t n, bool as_strings)
{
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++) {
        bool same = i > 0 && (as_strings ? strcmp(sorted[i], sorted[i - 1]) == 0
                                          : sorted[i] == sorted[i - 1]);
        if (!same) distinct++;
    }
    return distinct;
}

void kq_report_tally_hits(const kq_hunt_report *r, kq_report_tally *t)
{
    memset(t, 0, sizeof *t);
    const void **iocs = kq_xmalloc((r->nhits + 1) * sizeof *iocs);
    const void **tables = kq_xmalloc((r->nhits + 1) * sizeof *tables);
    for (size_t i = 0; i < r->nhits; i++) {
        const kq_hit *h = &r->hits[i];
        if (h->suppressed_by) {
            t->suppressed++;
            continue;
        }
        iocs[t->reported] = h->ioc;
        tables[t->reported] = h->table ? h->table : "";
        t->reported++;
    }
    qsort(iocs, t->reported, sizeof *iocs, compare_pointers);
    qsort(tables, t->reported, sizeof *tables, compare_strings);
    t->indicators_hit = count_distinct(iocs, t->reported, false);
    t->tables_hit = count_distinct(tables, t->reported, true);
    free(iocs);
    free(tables);
}

void kq_report_place(kq_buf *out, const char *file, int64_t line)
{
    kq_buf_clear(out);
    kq_buf_puts(out, file ? file : "");
    if (line > 0) {
        kq_buf_putc(out, ':');
        kq_buf_put_long(out, line);
    }
}

void kq_report_summary_line(kq_buf *out, const kq_hunt_report *r)
{
    kq_report_tally t;
    kq_report_tally_hits(r, &t);
    char now[KQ_REPORT_TIME_SIZE];
    if (t.reported)
        kq_buf_printf(out, "%zu hit%s on %zu indicator%s in %zu table%s", t.reported, kq_report_plural(t.reported),
                      t.indicators_hit, kq_report_plural(t.indicators_hit), t.tables_hit,
                      kq_report_plural(t.tables_hit));
    else
        kq_buf_puts(out, "No hits");
    kq_buf_printf(out,
                  " (%zu suppressed by exclusions); %zu indicator%s hunted in %zu hunt%s over %zu table%s from "
                  "%zu feed%s at %s",
                  t.suppressed, r->hunted, kq_report_plural(r->hunted), r->nhunts, kq_report_plural(r->nhunts),
                  r->ntables, kq_report_plural(r->ntables), r->nfeeds, kq_report_plural(r->nfeeds),
                  kq_report_time(r->now, now));
}

static const char *host_of(const kq_hit *h)
{
    return h->host ? h->host : "";
}

/* Orders hit pointers by host. */
static int compare_hits_by_host(const void *a, const void *b)
{
    return strcmp(host_of(*(const kq_hit *const *)a), host_of(*(const kq_hit *const *)b));
}

static int compare_hosts(const void *a, const void *b)
{
    const kq_report_host *x = a, *y = b;
    if (x->hits != y->hits) return x->hits > y->hits ? -1 : 1;
    return strcmp(x->host, y->host);
}

size_t kq_report_hosts(const kq_hunt_report *r, kq_report_host **out)
{
    *out = NULL;
    const kq_hit **hits = kq_xmalloc((r->nhits + 1) * sizeof *hits);
    size_t n = 0;
    for (size_t i = 0; i < r->nhits; i++)
        if (!r->hits[i].suppressed_by) hits[n++] = &r->hits[i];
    qsort(hits, n, sizeof *hits, compare_hits_by_host);
    kq_report_host *hosts = kq_xmalloc((n + 1) * sizeof *hosts);
    const void **iocs = kq_xmalloc((n + 1) * sizeof *iocs);
    size_t nhosts = 0;
    for (size_t start = 0; start < n;) {
        size_t end = start;
        kq_report_host *h = &hosts[nhosts++];
        *h = (kq_report_host){.host = host_of(hits[start])};
        while (end < n && strcmp(host_of(hits[end]), h->host) == 0) {
            int64_t t = hits[end]->time;
            if (t > 0 && (h->first == 0 || t < h->first)) h->first = t;
            if (t > h->last) h->last = t;
            iocs[end - start] = hits[end]->ioc;
            end++;
        }
        h->hits = end - start;
        qsort(iocs, h->hits, sizeof *iocs, compare_pointers);
        h->indicators = count_distinct(iocs, h->hits, false);
        start = end;
    }
    free(iocs);
    free(hits);
    qsort(hosts, nhosts, sizeof *hosts, compare_hosts);
    if (nhosts) *out = hosts;
    else free(hosts);
    return nhosts;
}

/* Day order, with 0 (no time) after every day. */
static int compare_days(const void *a, const void *b)
{
    uint64_t x = (uint64_t)((const kq_report_day *)a)->day - 1;
    uint64_t y = (uint64_t)((const kq_report_day *)b)->day - 1;
    return x < y ? -1 : x > y;
}

size_t kq_report_days(const kq_hunt_report *r, kq_report_day **out)
{
    *out = NULL;
    if (!r->nhits) return 0;
    kq_report_day *days = kq_xmalloc(r->nhits * sizeof *days);
    for (size_t i = 0; i < r->nhits; i++) {
        int64_t t = r->hits[i].time;
        bool suppressed = r->hits[i].suppressed_by != NULL;
        days[i] = (kq_report_day){.day = t > 0 ? t - t % KQ_TICKS_PER_DAY : 0,
                                  .reported = !suppressed, .suppressed = suppressed};
    }
    qsort(days, r->nhits, sizeof *days, compare_days);
    size_t ndays = 0;
    for (size_t i = 0; i < r->nhits; i++) {
        if (ndays && days[ndays - 1].day == days[i].day) {
            days[ndays - 1].reported += days[i].reported;
            days[ndays - 1].suppressed += days[i].suppressed;
        } else {
            days[ndays++] = days[i];
        }
    }
    *out = days;
    return ndays;
}

size_t *kq_report_kql_groups(const kq_hunt_query *hunts, size_t n)
{
    size_t *first = kq_xmalloc((n + 1) * sizeof *first);
    for (size_t i = 0; i < n; i++) {
        first[i] = i;
        const char *kql = hunts[i].kql ? hunts[i].kql : "";
        for (size_t j = 0; j < i; j++) {
            if (first[j] == j && strcmp(hunts[j].kql ? hunts[j].kql : "", kql) == 0) {
                first[i] = j;
                break;
            }
        }
    }
    return first;
}

size_t *kq_report_ioc_order(const kq_hunt_report *r)
{
    const kq_ioc_set *s = r->iocs;
    size_t n = s ? s->n : 0;
    size_t *order = kq_xmalloc(sizeof *order * (n ? n : 1));
    unsigned char *hit = kq_xcalloc(n ? n : 1, 1);
    for (size_t i = 0; i < r->nhits; i++) {
        const kq_indicator *ioc = r->hits[i].ioc;
        if (ioc && n && ioc >= s->items && ioc < s->items + n) hit[ioc - s->items] = 1;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (hit[i]) order[k++] = i;
    for (size_t i = 0; i < n; i++)
        if (!hit[i]) order[k++] = i;
    free(hit);
    return order;
}

void kq_report_types_in_order(kq_buf *out, const kq_ioc_set *s, const size_t *order, size_t from)
{
    size_t counts[KQ_IOC__COUNT] = {0};
    for (size_t i = from; i < s->n; i++)
        if ((unsigned)s->items[order[i]].type < KQ_IOC__COUNT) counts[s->items[order[i]].type]++;
    const char *sep = "";
    for (int t = 0; t < KQ_IOC__COUNT; t++) {
        if (!counts[t]) continue;
        kq_buf_printf(out, "%s%zu %s", sep, counts[t], kq_ioc_type_name((kq_ioc_type)t));
        sep = ", ";
    }
}

static int compare_reason_counts(const void *a, const void *b)
{
    const kq_report_reason_count *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->reason, y->reason);
}

size_t kq_report_reject_reasons_from(const kq_ioc_set *s, size_t from, kq_report_reason_count **out)
{
    size_t n = from < s->nrejects ? s->nrejects - from : 0;
    const char **reasons = kq_xmalloc((n + 1) * sizeof *reasons);
    for (size_t i = 0; i < n; i++) {
        const char *reason = s->rejects[from + i].reason;
        reasons[i] = reason ? reason : "";
    }
    qsort(reasons, n, sizeof *reasons, compare_strings);
    kq_report_reason_count *counts = kq_xmalloc((n + 1) * sizeof *counts);
    size_t ncounts = 0;
    for (size_t i = 0; i < n; i++) {
        if (ncounts && strcmp(counts[ncounts - 1].reason, reasons[i]) == 0) counts[ncounts - 1].count++;
        else counts[ncounts++] = (kq_report_reason_count){reasons[i], 1};
    }
    free(reasons);
    qsort(counts, ncounts, sizeof *counts, compare_reason_counts);
    *out = counts;
    return ncounts;
}

void kq_report_providers(kq_buf *out, const kq_indicator *ioc)
{
    const char *separator = "";
    for (int i = 0; i < ioc->nsources; i++) {
        const kq_ioc_source *src = &ioc->sources[i];
        const char *name = src->provider && *src->provider ? src->provider : src->feed_file;
        if (!name || !*name) continue;
        bool seen = false;
        for (int j = 0; j < i && !seen; j++) {
            const kq_ioc_source *prev = &ioc->sources[j];
            const char *prev_name =
                prev->provider && *prev->provider ? prev->provider : prev->feed_file;
            seen = prev_name && strcmp(prev_name, name) == 0;
        }
        if (seen) continue;
        kq_buf_puts(out, separator);
        kq_buf_puts(out, name);
        separator = ", ";
    }
}

void kq_report_ports(kq_buf *out, const kq_indicator *ioc)
{
    for (int i = 0; i < ioc->nports; i++)
        kq_buf_printf(out, "%s%d", i ? ", " : ioc->nports > 1 ? "ports " : "port ", ioc->ports[i]);
}
