/*
 * op_sort.c - sort / order by and top: rows are copied (with their evaluated keys) into the
 * operator's arena and sorted; top N keeps at most about 2N rows at any time, so its memory does
 * not grow with the input. Defaults follow Kusto: descending, nulls last when descending and
 * first when ascending; NaN sorts next to null. Ties keep input order.
 */
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "value.h"

typedef struct {
    kq_value *vals; /* nkeys key values, then the row's columns */
    int64_t seq;
} sort_row;

typedef struct {
    kq_op base;
    kq_op *child;
    int nkeys;
    kq_sort_key *keys;
    int64_t limit;
    bool loaded;
    sort_row *rows;
    size_t n, cap, at;
    kq_arena arena;
    kq_arena scratch;
    int64_t seq;
} sort_op;

static const sort_op *sorting; /* comparator context (qsort has none); sorting is single-threaded */

static int compare_rows(const void *pa, const void *pb)
{
    const sort_row *a = pa, *b = pb;
    for (int i = 0; i < sorting->nkeys; i++) {
        const kq_sort_key *k = &sorting->keys[i];
        const kq_value *x = &a->vals[i], *y = &b->vals[i];
        int r;
        if (x->null || y->null) {
            if (x->null && y->null) r = 0;
            else r = (x->null ? -1 : 1) * (k->nulls_first ? 1 : -1);
        } else {
            r = kq_value_order(x, y);
            if (k->desc) r = -r;
        }
        if (r) return r;
    }
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void sort_all(sort_op *s)
{
    if (s->n < 2) return;
    sorting = s;
    qsort(s->rows, s->n, sizeof *s->rows, compare_rows);
    sorting = NULL;
}

/* top N: keep the best N rows, moving them into a fresh arena */
static void compact(sort_op *s)
{
    sort_all(s);
    if ((int64_t)s->n <= s->limit) return;
    s->n = (size_t)s->limit;
    kq_arena fresh;
    kq_arena_init(&fresh, 256 * 1024);
    int width = s->nkeys + s->child->schema.n;
    for (size_t i = 0; i < s->n; i++) {
        kq_value *v = kq_arena_alloc(&fresh, sizeof(kq_value) * (size_t)(width ? width : 1));
        for (int j = 0; j < width; j++) v[j] = kq_value_copy(&s->rows[i].vals[j], &fresh);
        s->rows[i].vals = v;
    }
    kq_arena_free(&s->arena);
    s->arena = fresh;
}

static int load(sort_op *s, kq_ctx *c)
{
    int ncols = s->child->schema.n;
    int width = s->nkeys + ncols;
    kq_arena *saved = c->scratch;
    for (;;) {
        kq_value *in;
        c->scratch = saved;
        int r = kq_op_next(s->child, c, &in);
        if (r < 0) return r;
        if (r == 0) break;
        if (s->limit == 0) continue;
        if (s->n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 1024;
            s->rows = kq_xrealloc(s->rows, s->cap * sizeof *s->rows);
        }
        kq_value *v = kq_arena_alloc(&s->arena, sizeof(kq_value) * (size_t)(width ? width : 1));
        kq_arena_reset(&s->scratch);
        c->scratch = &s->scratch;
        for (int i = 0; i < s->nkeys; i++) {
            kq_value k;
            kq_eval(s->keys[i].expr, in, c, &k);
            v[i] = kq_value_copy(&k, &s->arena);
        }
        for (int j = 0; j < ncols; j++) v[s->nkeys + j] = kq_value_copy(&in[j], &s->arena);
        s->rows[s->n].vals = v;
        s->rows[s->n].seq = s->seq++;
        s->n++;
        if (s->limit > 0 && (int64_t)s->n >= 2 * s->limit + 1024) compact(s);
    }
    c->scratch = saved;
    if (c->failed) return -1;
    sort_all(s);
    if (s->limit >= 0 && (int64_t)s->n > s->limit) s->n = (size_t)s->limit;
    return 0;
}

static int sort_next(kq_op *op, kq_ctx *c, kq_value **row)
{
    sort_op *s = (sort_op *)op;
    if (!s->loaded) {
        s->loaded = true;
        if (load(s, c) < 0) return -1;
    }
    if (s->at >= s->n) return 0;
    *row = s->rows[s->at++].vals + s->nkeys;
    return 1;
}

static void sort_destroy(kq_op *op)
{
    sort_op *s = (sort_op *)op;
    kq_arena_free(&s->arena);
    kq_arena_free(&s->scratch);
    free(s->rows);
    free(s);
}

static void sort_reset(kq_op *op)
{
    sort_op *s = (sort_op *)op;
    kq_op_reset(s->child);
    s->loaded = false;
    s->n = s->at = 0;
    s->seq = 0;
    kq_arena_reset(&s->arena);
}

kq_op *kq_op_sort_new(kq_op *child, int nkeys, kq_sort_key *keys, int64_t limit)
{
    sort_op *s = kq_xcalloc(1, sizeof *s);
    s->base.next = sort_next;
    s->base.destroy = sort_destroy;
    s->base.reset = sort_reset;
    s->child = child;
    s->nkeys = nkeys;
    s->keys = keys;
    s->limit = limit < 0 ? -1 : limit;
    kq_arena_init(&s->arena, 256 * 1024);
    kq_arena_init(&s->scratch, 16 * 1024);
    return &s->base;
}
