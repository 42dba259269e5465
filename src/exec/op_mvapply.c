/*
 * op_mvapply.c - mv-apply (KQL_SUBSET.md 4.10): for each input row, the listed dynamic values
 * are expanded (as mv-expand does, in lockstep) into a small table that feeds the subquery;
 * the subquery runs again from the start for every row, and each of its rows comes out after
 * the input row's columns that were not expanded.
 */
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "value.h"

typedef struct {
    kq_op base;
    kq_op *child;
    int nexp;
    kq_expr **exprs;
    kq_type *to_type;
    bool bag_as_array, with_index;
    int64_t limit;
    kq_op *feeder, *sub;
    int nkeep;
    const int *keep_cols; /* input columns copied in front of every output row */
    kq_value *in;
    bool running;         /* the subquery is producing rows for the current input row */
    kq_value *vals, *table, *out;
    int64_t *lens;
    size_t table_cap;
    kq_arena scratch;
} mvapply_op;

/* builds the current row's expanded table and restarts the subquery on it */
static void feed(mvapply_op *m, kq_ctx *c)
{
    int64_t total = 0;
    for (int e = 0; e < m->nexp; e++) {
        kq_eval(m->exprs[e], m->in, c, &m->vals[e]);
        m->lens[e] = kq_expand_length(&m->vals[e]);
        if (m->lens[e] > total) total = m->lens[e];
    }
    if (total > m->limit) total = m->limit;
    int width = m->nexp + (m->with_index ? 1 : 0);
    size_t need = (size_t)total * (size_t)(width ? width : 1);
    if (need > m->table_cap) {
        m->table_cap = need;
        m->table = kq_xrealloc(m->table, sizeof(kq_value) * need);
    }
    for (int64_t k = 0; k < total; k++) {
        kq_value *r = m->table + (size_t)k * (size_t)width;
        for (int e = 0; e < m->nexp; e++)
            r[e] = kq_expand_element(&m->vals[e], m->lens[e], k, m->to_type[e], m->bag_as_array, c);
        if (m->with_index) r[m->nexp] = kq_long(k);
    }
    kq_op_rows_set(m->feeder, (int)total, m->table);
    kq_op_reset(m->sub);
}

static int mvapply_next(kq_op *op, kq_ctx *c, kq_value **row)
{
    mvapply_op *m = (mvapply_op *)op;
    kq_arena *saved = c->scratch;
    for (;;) {
        if (m->running) {
            kq_value *sr;
            int r = kq_op_next(m->sub, c, &sr);
            if (r < 0) return -1;
            if (r == 1) {
                for (int i = 0; i < m->nkeep; i++) m->out[i] = m->in[m->keep_cols[i]];
                memcpy(m->out + m->nkeep, sr, sizeof(kq_value) * (size_t)m->sub->schema.n);
                *row = m->out;
                return 1;
            }
            m->running = false;
        }
        int r = kq_op_next(m->child, c, &m->in);
        if (r <= 0) return r;
        kq_arena_reset(&m->scratch);
        c->scratch = &m->scratch;
        feed(m, c);
        c->scratch = saved;
        if (c->failed) return -1;
        m->running = true;
    }
}

static void mvapply_reset(kq_op *op)
{
    mvapply_op *m = (mvapply_op *)op;
    kq_op_reset(m->child);
    m->running = false;
    m->in = NULL;
}

static void mvapply_destroy(kq_op *op)
{
    mvapply_op *m = (mvapply_op *)op;
    free(m->vals);
    free(m->lens);
    free(m->table);
    free(m->out);
    kq_arena_free(&m->scratch);
    free(m);
}

kq_op *kq_op_mvapply_new(kq_op *child, int nexp, kq_expr **exprs, kq_type *to_type, bool bag_as_array,
                         bool with_index, int64_t limit, kq_op *feeder, kq_op *sub, int nkeep, const int *keep_cols)
{
    mvapply_op *m = kq_xcalloc(1, sizeof *m);
    m->base.next = mvapply_next;
    m->base.destroy = mvapply_destroy;
    m->base.reset = mvapply_reset;
    m->child = child;
    m->nexp = nexp;
    m->exprs = exprs;
    m->to_type = to_type;
    m->bag_as_array = bag_as_array;
    m->with_index = with_index;
    m->limit = limit;
    m->feeder = feeder;
    m->sub = sub;
    m->nkeep = nkeep;
    m->keep_cols = keep_cols;
    m->vals = kq_xcalloc((size_t)(nexp ? nexp : 1), sizeof(kq_value));
    m->lens = kq_xcalloc((size_t)(nexp ? nexp : 1), sizeof(int64_t));
    m->out = kq_xcalloc((size_t)(nkeep + sub->schema.n + 1), sizeof(kq_value));
    kq_arena_init(&m->scratch, 16 * 1024);
    return &m->base;
}
