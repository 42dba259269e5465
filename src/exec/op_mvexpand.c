/*
 * op_mvexpand.c - mv-expand (KQL_SUBSET.md 4.9): each input row becomes one row per element of
 * its dynamic arrays (or per member of its property bags), several expressions expanding in
 * lockstep, shorter ones padded with null; an empty array removes the row, a null or scalar
 * keeps one row. Elements can be converted with 'to typeof(T)'.
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
    int *target;      /* output column of each expression */
    kq_type *to_type; /* KQ_T_UNKNOWN: keep dynamic */
    bool bag_as_array;
    int index_col;    /* -1: none */
    int64_t limit;
    kq_value *in, *vals, *out;
    int64_t *lens;
    int64_t k, total;
    kq_arena scratch;
} mvexpand_op;

int64_t kq_expand_length(const kq_value *v)
{
    if (v->type != KQ_T_DYNAMIC || v->null) return 1;
    if (v->u.d->kind == KQ_D_ARRAY || v->u.d->kind == KQ_D_OBJECT) return v->u.d->n;
    return 1;
}

/* strict element conversion of 'to typeof()' */
static kq_value convert_element(const kq_dyn *d, kq_type t, kq_ctx *c)
{
    kq_value v = kq_dyn_to_scalar(d);
    if (d->kind == KQ_D_NULL) return kq_null(t);
    switch (t) {
    case KQ_T_LONG:
    case KQ_T_INT:
        if (d->kind == KQ_D_LONG || d->kind == KQ_D_REAL) return kq_convert(&v, t, c);
        return kq_null(t);
    case KQ_T_REAL:
        if (d->kind == KQ_D_LONG || d->kind == KQ_D_REAL) return kq_convert(&v, t, c);
        return kq_null(t);
    case KQ_T_BOOL:
        if (d->kind == KQ_D_BOOL) return v;
        if (d->kind == KQ_D_LONG && d->u.i == 1) return kq_bool(true);
        return kq_null(t);
    case KQ_T_STRING: {
        kq_value dv = kq_dynv(d);
        return kq_value_tostring_value(&dv, c->scratch);
    }
    default: return kq_convert(&v, t, c);
    }
}

kq_value kq_expand_element(const kq_value *v, int64_t len, int64_t k, kq_type t, bool bag_as_array, kq_ctx *c)
{
    if (k >= len) return kq_null(t == KQ_T_UNKNOWN ? KQ_T_DYNAMIC : t);
    const kq_dyn *item = NULL;
    kq_dyn *made = NULL;
    if (v->type == KQ_T_DYNAMIC && !v->null && v->u.d->kind == KQ_D_ARRAY) item = &v->u.d->u.items[k];
    else if (v->type == KQ_T_DYNAMIC && !v->null && v->u.d->kind == KQ_D_OBJECT) {
        const kq_dyn_member *mem = &v->u.d->u.members[k];
        made = kq_arena_zalloc(c->scratch, sizeof *made);
        if (bag_as_array) {
            kq_dyn *pair = kq_arena_zalloc(c->scratch, sizeof(kq_dyn) * 2);
            pair[0].kind = KQ_D_STRING;
            pair[0].u.s = mem->key;
            pair[0].n = mem->key_len;
            pair[1] = mem->value;
            made->kind = KQ_D_ARRAY;
            made->n = 2;
            made->u.items = pair;
        } else {
            kq_dyn_member *one = kq_arena_alloc(c->scratch, sizeof *one);
            *one = *mem;
            made->kind = KQ_D_OBJECT;
            made->n = 1;
            made->u.members = one;
        }
        item = made;
    } else {
        /* null or a scalar: the value itself, once */
        if (t == KQ_T_UNKNOWN) return *v;
        if (v->type == KQ_T_DYNAMIC && !v->null) return convert_element(v->u.d, t, c);
        return kq_convert(v, t, c);
    }
    if (t == KQ_T_UNKNOWN) return kq_dynv(item);
    return convert_element(item, t, c);
}

static int mvexpand_next(kq_op *op, kq_ctx *c, kq_value **row)
{
    mvexpand_op *m = (mvexpand_op *)op;
    kq_arena *saved = c->scratch;
    for (;;) {
        if (m->in && m->k < m->total) {
            c->scratch = &m->scratch;
            int nin = m->child->schema.n;
            memcpy(m->out, m->in, sizeof(kq_value) * (size_t)nin);
            for (int e = 0; e < m->nexp; e++)
                m->out[m->target[e]] = kq_expand_element(&m->vals[e], m->lens[e], m->k, m->to_type[e], m->bag_as_array, c);
            if (m->index_col >= 0) m->out[m->index_col] = kq_long(m->k);
            m->k++;
            c->scratch = saved;
            *row = m->out;
            return 1;
        }
        int r = kq_op_next(m->child, c, &m->in);
        if (r <= 0) {
            m->in = NULL;
            return r;
        }
        kq_arena_reset(&m->scratch);
        c->scratch = &m->scratch;
        m->total = 0;
        for (int e = 0; e < m->nexp; e++) {
            kq_eval(m->exprs[e], m->in, c, &m->vals[e]);
            m->lens[e] = kq_expand_length(&m->vals[e]);
            if (m->lens[e] > m->total) m->total = m->lens[e];
        }
        c->scratch = saved;
        if (m->total > m->limit) m->total = m->limit;
        m->k = 0;
    }
}

static void mvexpand_reset(kq_op *op)
{
    mvexpand_op *m = (mvexpand_op *)op;
    kq_op_reset(m->child);
    m->in = NULL;
    m->k = m->total = 0;
}

static void mvexpand_destroy(kq_op *op)
{
    mvexpand_op *m = (mvexpand_op *)op;
    free(m->vals);
    free(m->lens);
    free(m->out);
    kq_arena_free(&m->scratch);
    free(m);
}

kq_op *kq_op_mvexpand_new(kq_op *child, int nexp, kq_expr **exprs, int *target, kq_type *to_type, bool bag_as_array,
                          int index_col, int64_t limit, int width)
{
    mvexpand_op *m = kq_xcalloc(1, sizeof *m);
    m->base.next = mvexpand_next;
    m->base.destroy = mvexpand_destroy;
    m->base.reset = mvexpand_reset;
    m->child = child;
    m->nexp = nexp;
    m->exprs = exprs;
    m->target = target;
    m->to_type = to_type;
    m->bag_as_array = bag_as_array;
    m->index_col = index_col;
    m->limit = limit;
    m->vals = kq_xcalloc((size_t)(nexp ? nexp : 1), sizeof(kq_value));
    m->lens = kq_xcalloc((size_t)(nexp ? nexp : 1), sizeof(int64_t));
    m->out = kq_xcalloc((size_t)(width ? width : 1), sizeof(kq_value));
    kq_arena_init(&m->scratch, 16 * 1024);
    return &m->base;
}
