/*
 * record_split.c - finding where records start and end in the stream window: lines (JSON Lines,
 * Zeek TSV; with the literal prefilter that jumps straight to the lines holding a needle), CSV
 * records (a quoted cell may hold newlines) and JSON values (pretty-printed objects, arrays).
 * A record cut by the end of a gzip chunk is carried over into the next window; a record longer
 * than KQ_MAX_RECORD_BYTES is skipped and reported.
 */
#include <string.h>

#include "../base/json.h"
#include "reader_impl.h"

typedef unsigned char kq_bytes16 __attribute__((vector_size(16)));

size_t kq_count_newlines(const char *p, size_t n)
{
    size_t count = 0, i = 0;
    const kq_bytes16 newline = {'\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n',
                                '\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n'};
    while (i + 16 <= n) {
        /* per-lane counters: at most 255 blocks before they are summed */
        kq_bytes16 lanes = {0};
        size_t stop = i + 255 * 16 <= n ? i + 255 * 16 : n - (n - i) % 16;
        for (; i < stop; i += 16) {
            kq_bytes16 block;
            memcpy(&block, p + i, 16);
            lanes -= (kq_bytes16)(block == newline); /* a match is all ones, i.e. -1 */
        }
        for (int k = 0; k < 16; k++) count += lanes[k];
    }
    for (; i < n; i++) count += p[i] == '\n';
    return count;
}

/* Window offset of the start of the line holding offset off (not before floor). */
static size_t line_start_before(const kq_reader *r, size_t floor, size_t off)
{
    if (off <= floor) return floor;
    const char *nl = memrchr(r->s.data + floor, '\n', off - floor);
    return nl ? (size_t)(nl - r->s.data) + 1 : floor;
}

/* Moves the window forward keeping bytes from keep_from; keeps r->pos and the line count. */
static void refill_keeping(kq_reader *r, size_t keep_from)
{
    kq_line_count *lc = r->lines;
    if (lc->base < keep_from) {
        lc->base_line += (int64_t)kq_count_newlines(r->s.data + lc->base, keep_from - lc->base);
        lc->base = keep_from;
    }
    kq_stream_refill(&r->s, keep_from);
    lc->base -= keep_from;
    r->pos = r->pos >= keep_from ? r->pos - keep_from : 0;
}

/* A record that grew past the limit without its end in sight: drop bytes up to the next
 * newline, then report it. */
static int skip_oversized(kq_reader *r, size_t start, kq_error *err)
{
    int64_t line = kq_reader_line_at(r, start);
    uint64_t dropped = 0;
    r->pos = start;
    for (;;) {
        const char *nl = memchr(r->s.data + r->pos, '\n', r->s.len - r->pos);
        if (nl) {
            size_t stop = (size_t)(nl - r->s.data) + 1;
            dropped += stop - r->pos;
            r->pos = stop;
            break;
        }
        dropped += r->s.len - r->pos;
        r->pos = r->s.len;
        if (r->s.eof) break;
        refill_keeping(r, r->pos);
    }
    return kq_reader_report(r, line, err, "record longer than %u bytes skipped (%llu bytes)",
                            KQ_MAX_RECORD_BYTES, (unsigned long long)dropped);
}

static int report_long_record(kq_reader *r, size_t start, size_t end, kq_error *err)
{
    return kq_reader_report(r, kq_reader_line_at(r, start), err,
                            "record longer than %u bytes skipped (%zu bytes)", KQ_MAX_RECORD_BYTES,
                            end - start);
}

int kq_next_line_record(kq_reader *r, bool use_prefilter, size_t *start, size_t *end, kq_error *err)
{
    while (!r->finished) {
        const char *d = r->s.data;
        size_t len = r->s.len, from = r->pos;
        if (from >= len) {
            if (r->s.eof) break;
            refill_keeping(r, from);
            continue;
        }
        size_t s0 = from;
        if (use_prefilter && r->scanner) {
            const char *hit = kq_reader_prefilter_find(r, d + from, d + len);
            if (!hit) {
                if (r->s.eof) {
                    r->pos = len;
                    break;
                }
                size_t keep = line_start_before(r, from, len);
                if (len - keep > KQ_MAX_RECORD_BYTES) {
                    int rc = skip_oversized(r, keep, err);
                    if (rc) return rc;
                    continue;
                }
                r->pos = keep;
                refill_keeping(r, keep);
                continue;
            }
            s0 = line_start_before(r, from, (size_t)(hit - d));
        }
        const char *nl = memchr(d + s0, '\n', len - s0);
        if (!nl && !r->s.eof) {
            if (len - s0 > KQ_MAX_RECORD_BYTES) {
                int rc = skip_oversized(r, s0, err);
                if (rc) return rc;
                continue;
            }
            r->pos = s0;
            refill_keeping(r, s0);
            continue;
        }
        size_t e = nl ? (size_t)(nl - d) : len;
        r->pos = nl ? e + 1 : e;
        if (e - s0 > KQ_MAX_RECORD_BYTES) {
            int rc = report_long_record(r, s0, e, err);
            if (rc) return rc;
            continue;
        }
        if (e > s0 && d[e - 1] == '\r') e--;
        *start = s0;
        *end = e;
        return 1;
    }
    r->finished = true;
    return 0;
}

/* Offset of the '\n' ending the CSV record at s0 (len when there is none in the window).
 * *complete is false when the window ends inside the record (or right after a quote, where the
 * next byte decides whether the quote is doubled). */
static size_t csv_record_end(const char *d, size_t s0, size_t len, bool *complete)
{
    *complete = true;
    const char *nl = memchr(d + s0, '\n', len - s0);
    size_t lim = nl ? (size_t)(nl - d) : len;
    if (!memchr(d + s0, '"', lim - s0)) {
        if (!nl) *complete = false;
        return lim;
    }
    size_t i = s0;
    bool cell_start = true;
    while (i < len) {
        char c = d[i];
        if (cell_start && c == '"') {
            i++;
            for (;;) {
                const char *q = memchr(d + i, '"', len - i);
                if (!q || (size_t)(q - d) + 1 >= len) {
                    *complete = false;
                    return len;
                }
                i = (size_t)(q - d) + 1;
                if (d[i] != '"') break;
                i++;
            }
            cell_start = false;
            continue;
        }
        if (c == '\n') return i;
        cell_start = c == ',';
        i++;
    }
    *complete = false;
    return len;
}

int kq_next_csv_record(kq_reader *r, size_t *start, size_t *end, kq_error *err)
{
    while (!r->finished) {
        const char *d = r->s.data;
        size_t len = r->s.len, s0 = r->pos;
        if (s0 >= len) {
            if (r->s.eof) break;
            refill_keeping(r, s0);
            continue;
        }
        bool complete;
        size_t e = csv_record_end(d, s0, len, &complete);
        if (!complete && !r->s.eof) {
            if (len - s0 > KQ_MAX_RECORD_BYTES) {
                int rc = skip_oversized(r, s0, err);
                if (rc) return rc;
                continue;
            }
            refill_keeping(r, s0);
            continue;
        }
        r->pos = e < len ? e + 1 : len;
        if (e - s0 > KQ_MAX_RECORD_BYTES) {
            int rc = report_long_record(r, s0, e, err);
            if (rc) return rc;
            continue;
        }
        if (e > s0 && d[e - 1] == '\r') e--;
        *start = s0;
        *end = e;
        return 1;
    }
    r->finished = true;
    return 0;
}


/* A problem between the values of a JSON array: reported at its line, counted, and read past. */
static int report_array_problem(kq_reader *r, size_t at, kq_error *err, const char *what)
{
    return kq_reader_report(r, kq_reader_line_at(r, at), err, "malformed JSON array: %s", what);
}

int kq_next_json_value(kq_reader *r, size_t *start, size_t *end, kq_error *err)
{
    while (!r->finished) {
        const char *d = r->s.data;
        size_t len = r->s.len, p = r->pos;
        p = (size_t)(kq_json_skip_space(d + p, d + len) - d);
        r->pos = p;
        if (p >= len) {
            if (!r->s.eof) {
                refill_keeping(r, p);
                continue;
            }
            if (r->json_array != KQ_JSON_OUTSIDE) {
                r->finished = true;
                return report_array_problem(r, p, err, "the file ends before its closing ']' (truncated?)");
            }
            break;
        }
        int rc = 0;
        if (r->json_array != KQ_JSON_OUTSIDE) {
            if (d[p] == ']') {
                r->pos = p + 1;
                if (r->json_array == KQ_JSON_AFTER_COMMA) rc = report_array_problem(r, p, err, "',' before ']'");
                r->json_array = KQ_JSON_OUTSIDE;
                if (rc) return rc;
                continue;
            }
            if (d[p] == ',') {
                r->pos = p + 1;
                if (r->json_array != KQ_JSON_AFTER_VALUE)
                    rc = report_array_problem(r, p, err, "',' where a value should be");
                r->json_array = KQ_JSON_AFTER_COMMA;
                if (rc) return rc;
                continue;
            }
            if (r->json_array == KQ_JSON_AFTER_VALUE) rc = report_array_problem(r, p, err, "',' missing between values");
            if (rc) return rc;
        } else if (d[p] == '[') { /* another array after the first (exports joined with cat) */
            r->pos = p + 1;
            r->json_array = KQ_JSON_ARRAY_START;
            continue;
        }
        const char *e = kq_json_skip_value(d + p, d + len);
        if (!e) {
            if (!r->s.eof && len - p <= KQ_MAX_RECORD_BYTES) {
                refill_keeping(r, p);
                continue;
            }
            /* a JSON document has no record boundary to resync on: the rest is lost */
            r->finished = true;
            int64_t line = kq_reader_line_at(r, p);
            if (len - p > KQ_MAX_RECORD_BYTES)
                return kq_reader_report(r, line, err, "JSON value longer than %u bytes; rest of file skipped",
                                        KQ_MAX_RECORD_BYTES);
            char snippet[80];
            kq_escape_snippet(d + p, len - p, 40, snippet, sizeof snippet);
            return kq_reader_report(r, line, err, "malformed JSON value; rest of file skipped: %s", snippet);
        }
        *start = p;
        *end = (size_t)(e - d);
        r->pos = *end;
        if (r->json_array != KQ_JSON_OUTSIDE) r->json_array = KQ_JSON_AFTER_VALUE;
        return 1;
    }
    r->finished = true;
    return 0;
}
