/*
 * op_materialize.c - materialize(T): the rows of T computed once and kept, then replayed to every
 * reference. A hunt reads its indicators twice (for the list of values and for the join); with
 * the cache the indicator table is scanned and summarized once.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "ops.h"
#include "value.h"

struct kq_mat_cache {
    kq_op *source;
    int width;
    kq_arena arena;   /* the copied values */
    kq_value *values; /* row-major, width values a row */
    size_t nrows, cap;
    bool filled, failed;
};

kq_mat_cache *kq_mat_cache_new(kq_op *source)
{
    kq_mat_cache *m = kq_xcalloc(1, sizeof *m);
    m->source = source;
    m->width = source->schema.n;
    kq_arena_init(&m->arena, 64 * 1024);
    return m;
}

void kq_mat_cache_free(void *p)
{
    kq_mat_cache *m = p;
    kq_arena_free(&m->arena);
    free(m->values);
    free(m);
}

/* reads every row of the source; 0, or -1 on an error (c->err filled by the source) */
static int fill(kq_mat_cache *m, kq_ctx *c)
{
    kq_value *row;
    int r;
    while ((r = kq_op_next(m->source, c, &row)) == 1) {
        if (m->nrows == m->cap) {
            m->cap = m->cap ? m->cap * 2 : 64;
            m->values = kq_xrealloc(m->values, m->cap * (size_t)(m->width ? m->width : 1) * sizeof *m->values);
        }
        kq_value *dst = &m->values[m->nrows * (size_t)m->width];
        for (int i = 0; i < m->width; i++) dst[i] = kq_value_copy(&row[i], &m->arena);
        m->nrows++;
    }
    if (r < 0) {
        m->failed = true;
        return -1;
    }
    m->filled = true;
    return 0;
}

int kq_mat_cache_fill(kq_mat_cache *m, kq_ctx *c)
{
    if (m->filled) return 0;
    if (m->failed || fill(m, c) != 0) return -1;
    m->source = NULL; /* every row is copied: the cache no longer needs the query that made it */
    return 0;
}

typedef struct {
    kq_op base;
    kq_mat_cache *cache;
    size_t at;
} replay_op;

static int replay_next(kq_op *op, kq_ctx *c, kq_value **row)
{
    replay_op *r = (replay_op *)op;
    kq_mat_cache *m = r->cache;
    if (m->failed) return -1;
    if (!m->filled && fill(m, c) != 0) return -1;
    if (r->at >= m->nrows) return 0;
    *row = &m->values[r->at++ * (size_t)m->width];
    return 1;
}

static void replay_reset(kq_op *op)
{
    ((replay_op *)op)->at = 0;
}

static void replay_destroy(kq_op *op)
{
    free(op);
}

kq_op *kq_op_materialized_new(kq_mat_cache *cache)
{
    replay_op *r = kq_xcalloc(1, sizeof *r);
    r->base.next = replay_next;
    r->base.reset = replay_reset;
    r->base.destroy = replay_destroy;
    r->cache = cache;
    return &r->base;
}
