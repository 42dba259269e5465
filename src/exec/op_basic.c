/*
 * op_basic.c - the streaming row operators: constant rows (datatable, print), range, filter
 * (where), compute (project, extend and the other project-* forms) and take.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/datetime.h"
#include "../kql/lex.h"
#include "ops.h"
#include "value.h"

void kq_op_free(kq_op *op)
{
    if (op && op->destroy) op->destroy(op);
}

/* ---- starting over (mv-apply) ---- */

/* ---- constant rows ---- */

typedef struct {
    kq_op base;
    int ncols, nrows, at;
    kq_value *values;
} rows_op;

static int rows_next(kq_op *op, kq_ctx *c, kq_value **row)
{
    rows_op *r = (rows_op *)op;
    if (r->at >= r->nrows) return 0;
    *row = r->values + (size_t)r->at * (size_t)r->ncols;
    r->at++;
    return 1;
}

static void plain_destroy(kq_op *op)
{
    free(op);
}

static void rows_reset(kq_op *op)
{
    ((rows_op *)op)->at = 0;
}

void kq_op_rows_set(kq_op *op, int nrows, kq_value *values)
{
    rows_op *r = (rows_op *)op;
    r->nrows = nrows;
    r->values = values;
    r->at = 0;
}

kq_op *kq_op_rows_new(int ncols, int nrows, kq_value *values)
{
    rows_op *r = kq_xcalloc(1, sizeof *r);
    r->base.next = rows_next;
    r->base.destroy = plain_destroy;
    r->base.reset = rows_reset;
    r->ncols = ncols;
    r->nrows = nrows;
    r->values = values;
    return &r->base;
}

/* ---- range ---- */

typedef struct {
    kq_op base;
    kq_value from, cur, to, step;
    bool done, empty;
    kq_value out;
} range_op;

static int range_next(kq_op *op, kq_ctx *c, kq_value **row)
{
    range_op *r = (range_op *)op;
    if (r->done) return 0;
    kq_value cmp;
    bool up = r->step.type == KQ_T_REAL ? r->step.u.r > 0 : r->step.u.i > 0;
    kq_compare(up ? T_LE : T_GE, &r->cur, &r->to, c, &cmp);
    if (cmp.null || !cmp.u.b) {
        r->done = true;
        return 0;
    }
    r->out = r->cur;
    kq_value nxt;
    kq_arith(T_PLUS, &r->cur, &r->step, &nxt);
    if (nxt.null) r->done = true;
    else r->cur = nxt;
    *row = &r->out;
    return 1;
}

static void range_reset(kq_op *op)
{
    range_op *r = (range_op *)op;
    r->cur = r->from;
    r->done = r->empty;
}

kq_op *kq_op_range_new(kq_value from, kq_value to, kq_value step)
{
    range_op *r = kq_xcalloc(1, sizeof *r);
    r->base.next = range_next;
    r->base.destroy = plain_destroy;
    r->base.reset = range_reset;
    r->from = from;
    r->cur = from;
    r->to = to;
    r->step = step;
    bool zero = step.null || (step.type == KQ_T_REAL ? step.u.r == 0 : step.u.i == 0);
    r->done = r->empty = from.null || to.null || zero;
    return &r->base;
}

/* ---- filter ---- */

typedef struct {
    kq_op base;
    kq_op *child;
    kq_expr *pred;
    kq_arena scratch;
} filter_op;

static int filter_next(kq_op *op, kq_ctx *c, kq_value **row)
{
    filter_op *f = (filter_op *)op;
    kq_arena *saved = c->scratch;
    c->scratch = &f->scratch;
    for (;;) {
        kq_value *in;
        int r = kq_op_next(f->child, c, &in);
        if (r <= 0) {
            c->scratch = saved;
            return r;
        }
        kq_arena_reset(&f->scratch);
        kq_value v;
        kq_eval(f->pred, in, c, &v);
        if (c->failed) {
            c->scratch = saved;
            return -1;
        }
        if (v.type == KQ_T_DYNAMIC && !v.null && v.u.d->kind == KQ_D_BOOL) v = kq_bool(v.u.d->u.b);
        if (!v.null && v.type == KQ_T_BOOL && v.u.b) {
            *row = in;
            c->scratch = saved;
            return 1;
        }
    }
}

static void filter_destroy(kq_op *op)
{
    filter_op *f = (filter_op *)op;
    kq_arena_free(&f->scratch);
    free(f);
}

static void filter_reset(kq_op *op)
{
    kq_op_reset(((filter_op *)op)->child);
}

kq_op *kq_op_filter_new(kq_op *child, kq_expr *pred)
{
    filter_op *f = kq_xcalloc(1, sizeof *f);
    f->base.next = filter_next;
    f->base.destroy = filter_destroy;
    f->base.reset = filter_reset;
    f->child = child;
    f->pred = pred;
    kq_arena_init(&f->scratch, 16 * 1024);
    return &f->base;
}

/* ---- compute (project / extend / rename / away / reorder) ---- */

typedef struct {
    kq_op base;
    kq_op *child;
    int n;
    kq_expr **exprs;
    kq_value *out;
    kq_arena scratch;
} compute_op;

static int compute_next(kq_op *op, kq_ctx *c, kq_value **row)
{
    compute_op *p = (compute_op *)op;
    kq_value *in;
    int r = kq_op_next(p->child, c, &in);
    if (r <= 0) return r;
    kq_arena_reset(&p->scratch);
    kq_arena *saved = c->scratch;
    c->scratch = &p->scratch;
    for (int i = 0; i < p->n; i++) kq_eval(p->exprs[i], in, c, &p->out[i]);
    c->scratch = saved;
    if (c->failed) return -1;
    *row = p->out;
    return 1;
}

static void compute_destroy(kq_op *op)
{
    compute_op *p = (compute_op *)op;
    kq_arena_free(&p->scratch);
    free(p->out);
    free(p);
}

static void compute_reset(kq_op *op)
{
    kq_op_reset(((compute_op *)op)->child);
}

kq_op *kq_op_compute_new(kq_op *child, int n, kq_expr **exprs)
{
    compute_op *p = kq_xcalloc(1, sizeof *p);
    p->base.next = compute_next;
    p->base.destroy = compute_destroy;
    p->base.reset = compute_reset;
    p->child = child;
    p->n = n;
    p->exprs = exprs;
    p->out = kq_xcalloc((size_t)(n ? n : 1), sizeof(kq_value));
    kq_arena_init(&p->scratch, 16 * 1024);
    return &p->base;
}

/* ---- take ---- */

typedef struct {
    kq_op base;
    kq_op *child;
    int64_t left, count;
} take_op;

static int take_next(kq_op *op, kq_ctx *c, kq_value **row)
{
    take_op *t = (take_op *)op;
    if (t->left <= 0) return 0;
    int r = kq_op_next(t->child, c, row);
    if (r == 1) t->left--;
    return r;
}

static void take_destroy(kq_op *op)
{
    free(op);
}

static void take_reset(kq_op *op)
{
    take_op *t = (take_op *)op;
    kq_op_reset(t->child);
    t->left = t->count;
}

kq_op *kq_op_take_new(kq_op *child, int64_t n)
{
    take_op *t = kq_xcalloc(1, sizeof *t);
    t->base.next = take_next;
    t->base.destroy = take_destroy;
    t->base.reset = take_reset;
    t->child = child;
    t->left = t->count = n;
    return &t->base;
}

/* ---- union ---- */

typedef struct {
    kq_op base;
    int n, at;
    kq_op **children;
    int **maps;
    kq_value *out;
    int source_col;
    const char *const *names;
} union_op;

static int union_next(kq_op *op, kq_ctx *c, kq_value **row)
{
    union_op *u = (union_op *)op;
    while (u->at < u->n) {
        kq_value *in;
        int r = kq_op_next(u->children[u->at], c, &in);
        if (r < 0) return r;
        if (r == 0) {
            u->at++;
            continue;
        }
        for (int j = 0; j < u->base.schema.n; j++) u->out[j] = kq_null(u->base.schema.cols[j].type);
        kq_schema *cs = &u->children[u->at]->schema;
        for (int j = 0; j < cs->n; j++)
            if (u->maps[u->at][j] >= 0) u->out[u->maps[u->at][j]] = in[j];
        if (u->source_col >= 0) u->out[u->source_col] = kq_str(u->names[u->at], strlen(u->names[u->at]));
        *row = u->out;
        return 1;
    }
    return 0;
}

static void union_destroy(kq_op *op)
{
    union_op *u = (union_op *)op;
    free(u->children);
    free(u->out);
    free(u);
}

static void union_reset(kq_op *op)
{
    union_op *u = (union_op *)op;
    for (int i = 0; i < u->n; i++) kq_op_reset(u->children[i]);
    u->at = 0;
}

kq_op *kq_op_union_new(int n, kq_op **children, int **maps)
{
    union_op *u = kq_xcalloc(1, sizeof *u);
    u->base.next = union_next;
    u->base.destroy = union_destroy;
    u->base.reset = union_reset;
    u->n = n;
    u->children = children;
    u->maps = maps;
    u->out = NULL;
    return &u->base;
}

void kq_op_union_ready(kq_op *op, int source_col, const char *const *names)
{
    union_op *u = (union_op *)op;
    u->source_col = source_col;
    u->names = names;
    u->out = kq_xcalloc((size_t)(op->schema.n ? op->schema.n : 1), sizeof(kq_value));
}
