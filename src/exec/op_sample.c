/*
 * op_sample.c - sample N: N rows chosen uniformly at random from the input (reservoir
 * sampling; the pseudo-random sequence is fixed, so a query gives the same rows every run).
 * Rows come out in input order.
 */
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "value.h"

typedef struct {
    kq_op base;
    kq_op *child;
    int64_t want;
    bool loaded;
    kq_value **rows;  /* the reservoir */
    int64_t *seq;     /* input position of each kept row */
    int64_t n, at;
    uint64_t rng;
    kq_arena arena;
} sample_op;

static uint64_t next_random(uint64_t *s)
{
    /* xorshift64* */
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static int load(sample_op *s, kq_ctx *c)
{
    int width = s->child->schema.n;
    int64_t seen = 0;
    for (;;) {
        kq_value *in;
        int r = kq_op_next(s->child, c, &in);
        if (r < 0) return -1;
        if (r == 0) break;
        int64_t slot = -1;
        if (seen < s->want) slot = seen;
        else {
            uint64_t j = next_random(&s->rng) % (uint64_t)(seen + 1);
            if ((int64_t)j < s->want) slot = (int64_t)j;
        }
        if (slot >= 0) {
            /* a replaced row's copy stays in the arena until the end: at most as many copies as rows kept over time */
            kq_value *v = kq_arena_alloc(&s->arena, sizeof(kq_value) * (size_t)(width ? width : 1));
            for (int i = 0; i < width; i++) v[i] = kq_value_copy(&in[i], &s->arena);
            s->rows[slot] = v;
            s->seq[slot] = seen;
            if (slot >= s->n) s->n = slot + 1;
        }
        seen++;
    }
    /* input order */
    for (int64_t i = 1; i < s->n; i++)
        for (int64_t k = i; k > 0 && s->seq[k - 1] > s->seq[k]; k--) {
            int64_t t = s->seq[k];
            s->seq[k] = s->seq[k - 1];
            s->seq[k - 1] = t;
            kq_value *tv = s->rows[k];
            s->rows[k] = s->rows[k - 1];
            s->rows[k - 1] = tv;
        }
    return 0;
}

static int sample_next(kq_op *op, kq_ctx *c, kq_value **row)
{
    sample_op *s = (sample_op *)op;
    if (!s->loaded) {
        s->loaded = true;
        if (load(s, c) < 0) return -1;
    }
    if (s->at >= s->n) return 0;
    *row = s->rows[s->at++];
    return 1;
}

static void sample_reset(kq_op *op)
{
    sample_op *s = (sample_op *)op;
    kq_op_reset(s->child);
    s->loaded = false;
    s->n = s->at = 0;
    s->rng = 0x9E3779B97F4A7C15ULL;
    kq_arena_reset(&s->arena);
}

static void sample_destroy(kq_op *op)
{
    sample_op *s = (sample_op *)op;
    free(s->rows);
    free(s->seq);
    kq_arena_free(&s->arena);
    free(s);
}

kq_op *kq_op_sample_new(kq_op *child, int64_t n)
{
    sample_op *s = kq_xcalloc(1, sizeof *s);
    s->base.next = sample_next;
    s->base.destroy = sample_destroy;
    s->base.reset = sample_reset;
    s->child = child;
    s->want = n < 0 ? 0 : n;
    s->rows = kq_xcalloc((size_t)(s->want ? s->want : 1), sizeof(kq_value *));
    s->seq = kq_xcalloc((size_t)(s->want ? s->want : 1), sizeof(int64_t));
    s->rng = 0x9E3779B97F4A7C15ULL;
    kq_arena_init(&s->arena, 64 * 1024);
    return &s->base;
}
