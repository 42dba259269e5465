/*
 * csv_reader.c - CSV with a header line (RFC 4180 quoting, cells may hold newlines, optional
 * UTF-8 BOM): header names cleaned ("TimeGenerated [UTC]" -> "TimeGenerated"), column types
 * voted from a sample of rows, and rows split into cells and converted. A row whose number of
 * cells differs from the header is malformed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "reader_impl.h"

/* Splits a CSV record into r->cells; returns the number of cells. */
static int csv_split(kq_reader *r, const char *rec, size_t n)
{
    int count = 0;
    size_t i = 0;
    for (;;) {
        if (count >= r->cells_cap) kq_cell_grow(r, count + 1);
        if (i < n && rec[i] == '"') {
            size_t body = i + 1, j = body;
            bool doubled = false;
            while (j < n) {
                if (rec[j] == '"') {
                    if (j + 1 < n && rec[j + 1] == '"') {
                        doubled = true;
                        j += 2;
                        continue;
                    }
                    break;
                }
                j++;
            }
            r->cells[count] = rec + body;
            r->cell_lens[count] = (j < n ? j : n) - body;
            r->cell_quoted[count] = doubled;
            i = j < n ? j + 1 : n;
            /* text between the closing quote and the separator belongs to nothing: skip it */
            const char *sep = i < n ? memchr(rec + i, ',', n - i) : NULL;
            count++;
            if (!sep) return count;
            i = (size_t)(sep - rec) + 1;
            continue;
        }
        const char *sep = memchr(rec + i, ',', n - i);
        size_t stop = sep ? (size_t)(sep - rec) : n;
        r->cells[count] = rec + i;
        r->cell_lens[count] = stop - i;
        r->cell_quoted[count] = false;
        count++;
        if (!sep) return count;
        i = stop + 1;
    }
}

/* The text of cell i, with doubled quotes undone (into the arena). */
static void cell_text(const kq_reader *r, int i, kq_arena *a, const char **s, size_t *n)
{
    *s = r->cells[i];
    *n = r->cell_lens[i];
    if (!r->cell_quoted[i]) return;
    char *out = kq_arena_alloc(a, *n + 1);
    size_t o = 0;
    for (size_t k = 0; k < *n; k++) {
        out[o++] = (*s)[k];
        if ((*s)[k] == '"' && k + 1 < *n && (*s)[k + 1] == '"') k++;
    }
    *s = out;
    *n = o;
}

static void sample_types(kq_reader *r, kq_error *err)
{
    kq_read_opts saved = r->opts;
    r->opts.diag = NULL; /* reported when read, not twice */
    r->opts.skipped = NULL;
    r->opts.strict = false;
    unsigned *cand = kq_xmalloc((size_t)r->nfields * sizeof *cand);
    for (int i = 0; i < r->nfields; i++) cand[i] = KQ_CAND_ALL;
    int type_col = -1;
    for (int i = 0; i < r->nfields; i++)
        if (strcmp(r->fields[i].pub.name, "Type") == 0) type_col = i;
    kq_arena a;
    kq_arena_init(&a, 0);
    int rows = 0;
    while (rows < KQ_SCHEMA_SAMPLE_RECORDS) {
        size_t s, e;
        if (kq_next_csv_record(r, &s, &e, err) <= 0) break;
        if (e == s) continue;
        int nc = csv_split(r, r->s.data + s, e - s);
        if (nc != r->nfields) continue;
        for (int i = 0; i < nc; i++) {
            const char *t;
            size_t tn;
            cell_text(r, i, &a, &t, &tn);
            if (tn) cand[i] &= kq_text_candidates(t, tn);
            if (rows == 0 && i == type_col && tn && !r->type_hint) {
                r->type_hint = kq_xmalloc(tn + 1);
                memcpy(r->type_hint, t, tn);
                r->type_hint[tn] = 0;
            } else if (rows > 0 && i == type_col && tn && r->type_hint &&
                       (strlen(r->type_hint) != tn || memcmp(r->type_hint, t, tn) != 0)) {
                r->other_type_records++;
                if (!r->other_type) {
                    r->other_type = kq_xmalloc(tn + 1);
                    memcpy(r->other_type, t, tn);
                    r->other_type[tn] = 0;
                }
            }
        }
        kq_arena_reset(&a);
        rows++;
    }
    r->sampled_records = rows;
    for (int i = 0; i < r->nfields; i++) r->fields[i].pub.type = kq_schema_type_of_candidates(cand[i]);
    kq_arena_free(&a);
    free(cand);
    r->opts = saved;
}

int kq_csv_read_header(kq_reader *r, kq_error *err)
{
    r->pos = (size_t)r->data_offset; /* after a BOM */
    size_t s, e;
    int rc = kq_next_csv_record(r, &s, &e, err);
    if (rc < 0) return rc;
    if (rc == 0 || e == s) return 0;
    int nc = csv_split(r, r->s.data + s, e - s);
    kq_arena a;
    kq_arena_init(&a, 0);
    for (int i = 0; i < nc; i++) {
        const char *t;
        size_t tn;
        cell_text(r, i, &a, &t, &tn);
        kq_schema_add(r, t, tn, t, tn);
    }
    kq_arena_free(&a);
    r->data_offset = r->s.offset + r->pos;
    r->data_line = kq_reader_line_at(r, r->pos);
    sample_types(r, err);
    return 0;
}

int kq_csv_convert(kq_reader *r, const char *rec, size_t n, kq_value *vals, kq_arena *a)
{
    int nc = csv_split(r, rec, n);
    if (nc != r->nfields) {
        snprintf(r->message, sizeof r->message, "CSV row has %d cells, the header has %d", nc,
                 r->nfields);
        return 0;
    }
    for (int i = 0; i < r->nproj; i++) {
        const kq_projected *pj = &r->proj[i];
        const char *t = "";
        size_t tn = 0;
        if (pj->field >= 0) cell_text(r, pj->field, a, &t, &tn);
        kq_value_from_text(pj->type, t, tn, a, &vals[i]);
    }
    return 1;
}
