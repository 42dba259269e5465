/*
 * reader.c - the kq_reader object: opening a file, sniffing its format from its content,
 * choosing the projected fields, pulling records (split, prefiltered, converted by the format's
 * code; packet captures are read by pcap_reader.c) and reporting skipped records with their file
 * and line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/error.h"
#include "../base/json.h"
#include "reader_impl.h"

const char *kq_format_name(kq_format f)
{
    switch (f) {
    case KQ_FMT_JSONL: return "jsonl";
    case KQ_FMT_JSON_ARRAY: return "json-array";
    case KQ_FMT_CSV: return "csv";
    case KQ_FMT_ZEEK_TSV: return "zeek-tsv";
    case KQ_FMT_PCAP: return "pcap";
    default: return "unknown";
    }
}

int64_t kq_reader_line_at(const kq_reader *r, size_t off)
{
    kq_line_count *lc = r->lines;
    if (off > r->s.len) off = r->s.len;
    if (off >= lc->base)
        lc->base_line += (int64_t)kq_count_newlines(r->s.data + lc->base, off - lc->base);
    else
        lc->base_line -= (int64_t)kq_count_newlines(r->s.data + off, lc->base - off);
    lc->base = off;
    return lc->base_line;
}

void kq_escape_snippet(const char *s, size_t n, size_t max, char *out, size_t cap)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < n && i < max && o + 5 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        } else {
            out[o++] = (char)c;
        }
    }
    if (n > max && o + 4 < cap) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    if (cap) out[o < cap ? o : cap - 1] = 0;
}

int kq_reader_report(kq_reader *r, int64_t line, kq_error *err, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (char *p = msg; *p; p++)
        if ((unsigned char)*p < 0x20) *p = ' ';
    if (r->opts.strict) {
        kq_error_input(err, KQ_ERR_INPUT, r->path, line, "%s", msg);
        return -KQ_ERR_INPUT;
    }
    if (r->opts.skipped) (*r->opts.skipped)++;
    if (r->opts.diag) r->opts.diag(r->opts.diag_user, r->path, line, msg);
    return 0;
}

/* Puts the window at the first record (after any header), line numbers counted from there. */
static void rewind_to_data(kq_reader *r)
{
    kq_stream_rewind(&r->s);
    while (r->s.offset + r->s.len < r->data_offset && !r->s.eof) kq_stream_refill(&r->s, r->s.len);
    uint64_t want = r->data_offset - r->s.offset;
    r->pos = want <= r->s.len ? (size_t)want : r->s.len;
    r->rec_start = r->pos;
    r->lines->base = r->pos;
    r->lines->base_line = r->data_line;
    r->finished = false;
    r->damage_reported = false;
    r->leading_nuls_told = false;
    r->json_array = r->fmt == KQ_FMT_JSON_ARRAY ? KQ_JSON_ARRAY_START : KQ_JSON_OUTSIDE;
    if (r->fmt == KQ_FMT_PCAP) kq_capture_rewind(r);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* First line a complete JSON value? Else the file is a sequence of multi-line JSON values. */
static bool first_line_is_complete(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *line_end = nl ? nl : end;
    const char *e = kq_json_skip_value(p, line_end);
    if (!e) return false;
    while (e < line_end && is_space(*e)) e++;
    return e == line_end;
}

static int sniff(kq_reader *r, kq_error *err)
{
    const char *d = r->s.data;
    size_t len = r->s.len, p = 0;
    if (kq_capture_magic(d, len)) return kq_capture_open(r, err);
    if (len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) p = 3;
    /* NUL bytes before the first record (a log truncated in place while it was written) are
     * passed over and told when the file is read */
    size_t nul_run = 0;
    while (p + nul_run < len && d[p + nul_run] == 0) nul_run++;
    if (p + nul_run < len) p += nul_run;
    else nul_run = 0;
    r->leading_nuls = nul_run;
    r->data_offset = p;
    r->data_line = 1;
    /* binary data: NUL bytes in several places of the first KiB (runs of them count once) */
    size_t probe = len - p < 1024 ? len - p : 1024, nul_runs = 0;
    for (size_t i = 0; i < probe; i++) nul_runs += d[p + i] == 0 && (i == 0 || d[p + i - 1] != 0);
    if (nul_runs >= 4 || (p < len && d[p] == 0)) { /* or nothing but NUL bytes */
        kq_error_input(err, KQ_ERR_INPUT, r->path, 0, "unknown format (binary data)");
        return -KQ_ERR_INPUT;
    }
    size_t q = p;
    while (q < len && is_space(d[q])) q++;
    if (q >= len) { /* empty: no fields, no records */
        r->fmt = KQ_FMT_JSONL;
        return 0;
    }
    if (len - q >= 10 && memcmp(d + q, "#separator", 10) == 0) {
        r->fmt = KQ_FMT_ZEEK_TSV;
        return kq_zeek_read_header(r, err);
    }
    if (d[q] == '{') {
        r->fmt = KQ_FMT_JSONL;
        if (!first_line_is_complete(d + q, d + len)) {
            const char *e = kq_json_skip_value(d + q, d + len);
            r->json_concat = e != NULL || !r->s.eof;
        }
        return kq_json_sample_schema(r, err);
    }
    if (d[q] == '[') {
        r->fmt = KQ_FMT_JSON_ARRAY;
        r->data_offset = q + 1;
        r->data_line = 1 + (int64_t)kq_count_newlines(d, q);
        return kq_json_sample_schema(r, err);
    }
    r->fmt = KQ_FMT_CSV;
    return kq_csv_read_header(r, err);
}

int kq_reader_open(const char *path, const kq_read_opts *opts, kq_reader **out, kq_error *err)
{
    *out = NULL;
    kq_reader *r = kq_xcalloc(1, sizeof *r);
    r->path = kq_xstrdup(path);
    if (opts) r->opts = *opts;
    r->lines = kq_xcalloc(1, sizeof *r->lines);
    kq_buf_init(&r->scratch);
    int rc = kq_stream_open(&r->s, path, err);
    if (rc == 0 && r->s.damaged && r->s.len == 0) {
        /* a gzip file broken in its header or first block: nothing to read, and no empty table */
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "%s: nothing could be read", r->s.problem);
        rc = KQ_ERR_INPUT;
    }
    if (rc == 0) {
        r->lines->base_line = 1;
        rc = sniff(r, err);
    }
    if (rc) {
        kq_reader_close(r);
        return rc;
    }
    rewind_to_data(r);
    *out = r;
    return 0;
}

static void free_projection(kq_reader *r)
{
    for (int i = 0; i < r->nproj; i++) free(r->proj[i].key);
    free(r->proj);
    free(r->spans);
    free(r->span_lens);
    r->proj = NULL;
    r->proj_key_lens = 0;
    r->spans = NULL;
    r->span_lens = NULL;
    r->nproj = 0;
}

void kq_reader_close(kq_reader *r)
{
    if (!r) return;
    kq_capture_close(r);
    kq_stream_close(&r->s);
    for (int i = 0; i < r->nfields; i++) {
        free(r->fields[i].pub.name);
        free(r->fields[i].raw_key);
        free(r->fields[i].zeek_type);
    }
    free(r->fields);
    free(r->type_hint);
    free(r->other_type);
    free(r->zeek_path);
    free(r->zeek_empty);
    free(r->zeek_unset);
    free_projection(r);
    free(r->cells);
    free(r->cell_lens);
    free(r->cell_quoted);
    kq_scanner_free(r->own_scanner);
    kq_keyed_prefilter_free(&r->keyed);
    kq_buf_free(&r->scratch);
    free(r->lines);
    free(r->path);
    free(r);
}

kq_format kq_reader_format(const kq_reader *r) { return r->fmt; }
const char *kq_reader_path(const kq_reader *r) { return r->path; }
int kq_reader_field_count(const kq_reader *r) { return r->nfields; }
const char *kq_reader_type_hint(const kq_reader *r) { return r->type_hint; }

const char *kq_reader_other_type(const kq_reader *r, int *records, int *sampled)
{
    *records = r->other_type_records;
    *sampled = r->sampled_records;
    return r->other_type;
}
const char *kq_reader_zeek_path(const kq_reader *r) { return r->zeek_path; }

const kq_field *kq_reader_field(const kq_reader *r, int i)
{
    return i >= 0 && i < r->nfields ? &r->fields[i].pub : NULL;
}

uint64_t kq_reader_file_done(const kq_reader *r)
{
    if (r->s.gzip) return r->s.map ? (uint64_t)(r->s.z.next_in - r->s.map) : 0;
    return r->s.offset + r->pos;
}

uint64_t kq_reader_file_size(const kq_reader *r)
{
    return r->s.map_len;
}

int64_t kq_reader_line(const kq_reader *r)
{
    if (r->fmt == KQ_FMT_PCAP) return kq_capture_line(r);
    return kq_reader_line_at(r, r->rec_start);
}

/* The field of the file named name, or -1. */
static int field_named(const kq_reader *r, const char *name)
{
    for (int f = 0; f < r->nfields; f++)
        if (strcmp(r->fields[f].pub.name, name) == 0) return f;
    return -1;
}

/* The key text of field f (named name) as the file writes it: the name itself when the file
 * lacks the field (f = -1). */
static const char *field_key(const kq_reader *r, int f, const char *name, size_t *len)
{
    *len = f >= 0 ? r->fields[f].raw_len : strlen(name);
    return f >= 0 ? r->fields[f].raw_key : name;
}

int kq_reader_project(kq_reader *r, int n, const char *const *names, const kq_type *types,
                      kq_error *err)
{
    if (n < 0 || (n > 0 && (!names || !types))) {
        kq_error_set(err, KQ_ERR_USAGE, "kq_reader_project: bad arguments");
        return -KQ_ERR_USAGE;
    }
    free_projection(r);
    r->nproj = n;
    r->proj = kq_xcalloc((size_t)n, sizeof *r->proj);
    r->spans = kq_xcalloc((size_t)n, sizeof *r->spans);
    r->span_lens = kq_xcalloc((size_t)n, sizeof *r->span_lens);
    for (int i = 0; i < n; i++) {
        kq_projected *pj = &r->proj[i];
        pj->type = types[i];
        pj->field = field_named(r, names[i]);
        size_t key_len;
        const char *key = field_key(r, pj->field, names[i], &key_len);
        pj->key = kq_xmalloc(key_len + 1);
        memcpy(pj->key, key, key_len + 1);
        pj->key_len = key_len;
        r->proj_key_lens |= 1ull << (key_len < 63 ? key_len : 63);
    }
    rewind_to_data(r);
    return 0;
}

kq_scanner *kq_prefilter_scanner_new(int n, const char *const *needles, const size_t *lens,
                                     bool start_bounded)
{
    return start_bounded ? kq_scanner_new_start_bounded(n, needles, lens, true)
                         : kq_scanner_new(n, needles, lens, true);
}

void kq_reader_set_prefilter(kq_reader *r, const kq_prefilter *pf)
{
    kq_scanner_free(r->own_scanner);
    r->own_scanner = pf && pf->n_needles > 0
                         ? kq_prefilter_scanner_new(pf->n_needles, pf->needles, pf->needle_lens, false)
                         : NULL;
    r->scanner = r->own_scanner;
    kq_keyed_prefilter_free(&r->keyed);
}

void kq_reader_use_prefilter(kq_reader *r, const kq_scanner *scanner, const char *column)
{
    kq_scanner_free(r->own_scanner);
    r->own_scanner = NULL;
    r->scanner = scanner;
    kq_keyed_prefilter_free(&r->keyed);
    /* a few needles are found faster in the whole record by the SIMD search */
    if (!scanner || !column || !kq_scanner_is_many(scanner) || (r->fmt != KQ_FMT_JSONL && r->fmt != KQ_FMT_JSON_ARRAY))
        return;
    size_t key_len;
    const char *key = field_key(r, field_named(r, column), column, &key_len);
    kq_keyed_prefilter_init(&r->keyed, key, key_len, scanner);
}

const char *kq_reader_prefilter_find(const kq_reader *r, const char *p, const char *end)
{
    return r->keyed.key_finder ? kq_keyed_prefilter_find(&r->keyed, p, end) : kq_scanner_find(r->scanner, p, end);
}

/* The next record's window span, by format. Line formats use the prefilter to jump. */
static int next_span(kq_reader *r, size_t *s, size_t *e, kq_error *err)
{
    switch (r->fmt) {
    case KQ_FMT_ZEEK_TSV: return kq_next_line_record(r, true, s, e, err);
    case KQ_FMT_JSONL:
        return r->json_concat ? kq_next_json_value(r, s, e, err)
                              : kq_next_line_record(r, true, s, e, err);
    case KQ_FMT_JSON_ARRAY: return kq_next_json_value(r, s, e, err);
    case KQ_FMT_CSV: return kq_next_csv_record(r, s, e, err);
    default: return 0;
    }
}

static bool split_by_lines(const kq_reader *r)
{
    return r->fmt == KQ_FMT_ZEEK_TSV || (r->fmt == KQ_FMT_JSONL && !r->json_concat);
}

static int report_damage(kq_reader *r, kq_error *err)
{
    if (!r->s.damaged || r->damage_reported) return 0;
    r->damage_reported = true;
    /* about the file, not one record: told whatever the number of records reported before it */
    return kq_reader_report(r, 0, err, "%s (line %lld); the records before it were read", r->s.problem,
                            (long long)kq_reader_line_at(r, r->s.len));
}

int kq_reader_next(kq_reader *r, kq_value *vals, kq_arena *a, kq_error *err)
{
    if (r->fmt == KQ_FMT_PCAP) return kq_capture_next(r, vals, a, err);
    if (r->leading_nuls && !r->leading_nuls_told) {
        r->leading_nuls_told = true;
        int rc = kq_reader_report(r, 1, err, "%zu NUL bytes before the first record passed over (a log truncated in place?)",
                                  r->leading_nuls);
        if (rc) return rc;
    }
    for (;;) {
        size_t s, e;
        int rc = next_span(r, &s, &e, err);
        if (rc < 0) return rc;
        if (rc == 0) return report_damage(r, err);
        const char *rec = r->s.data + s;
        size_t n = e - s;
        kq_stream_release(&r->s, s);
        size_t k = 0;
        while (k < n && is_space(rec[k])) k++;
        if (k == n) continue;
        if (r->fmt == KQ_FMT_ZEEK_TSV && rec[0] == '#') continue;
        if (r->scanner && !split_by_lines(r) && !kq_reader_prefilter_find(r, rec, rec + n)) continue;
        r->rec_start = s;
        int ok;
        switch (r->fmt) {
        case KQ_FMT_ZEEK_TSV: ok = kq_zeek_convert(r, rec, n, vals, a); break;
        case KQ_FMT_CSV: ok = kq_csv_convert(r, rec, n, vals, a); break;
        default: ok = kq_json_convert(r, rec, n, vals, a); break;
        }
        if (ok) return 1;
        rc = kq_reader_report(r, kq_reader_line_at(r, s), err, "%s", r->message);
        if (rc) return rc;
    }
}

void kq_cell_grow(kq_reader *r, int need)
{
    if (need <= r->cells_cap) return;
    int cap = r->cells_cap ? r->cells_cap : 16;
    while (cap < need) cap *= 2;
    r->cells = kq_xrealloc(r->cells, (size_t)cap * sizeof *r->cells);
    r->cell_lens = kq_xrealloc(r->cell_lens, (size_t)cap * sizeof *r->cell_lens);
    r->cell_quoted = kq_xrealloc(r->cell_quoted, (size_t)cap * sizeof *r->cell_quoted);
    r->cells_cap = cap;
}
