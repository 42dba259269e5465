/*
 * op_parse.c - parse and parse-where (KQL_SUBSET.md 4.11): the pattern, compiled by the binder
 * into one anchored regular expression, is matched against the source text of each row; the
 * captures are converted to their declared types and appended (or replace columns of the same
 * name). On no match every capture is null ("" for strings) - parse-where drops the row instead.
 * In kind=relaxed a capture that does not convert is null and the others are kept; in the
 * default kind=simple it makes the whole row unmatched.
 */
#include <stdlib.h>
#include <string.h>

#include "../match/regex.h"
#include "ops.h"
#include "value.h"

typedef struct {
    kq_op base;
    kq_op *child;
    kq_expr *source;
    kq_regex *re;
    int ncaps;
    int *target;  /* output column of capture i (capture i is regex group i + 1) */
    kq_type *types;
    bool relaxed, drop_unmatched;
    long *ov;
    kq_value *out;
    kq_arena scratch;
} parse_op;

static int parse_next(kq_op *op, kq_ctx *c, kq_value **row)
{
    parse_op *p = (parse_op *)op;
    kq_arena *saved = c->scratch;
    for (;;) {
        kq_value *in;
        c->scratch = saved;
        int r = kq_op_next(p->child, c, &in);
        if (r <= 0) return r;
        kq_arena_reset(&p->scratch);
        c->scratch = &p->scratch;
        int nin = p->child->schema.n;
        memcpy(p->out, in, sizeof(kq_value) * (size_t)nin);
        kq_value src;
        kq_eval(p->source, in, c, &src);
        const char *s;
        size_t n;
        bool isnull;
        kq_value_text(&src, c, &s, &n, &isnull);
        int m = kq_regex_search(p->re, s, n, 0, p->ov);
        if (m < 0) kq_regex_limit_error(c);
        bool matched = m > 0;
        for (int i = 0; matched && i < p->ncaps; i++) {
            long g0 = p->ov[2 * (i + 1)], g1 = p->ov[2 * (i + 1) + 1];
            kq_value text = g0 >= 0 ? kq_str(s + g0, (size_t)(g1 - g0)) : kq_str("", 0);
            kq_value v = p->types[i] == KQ_T_STRING ? text : kq_convert(&text, p->types[i], c);
            if (v.null && p->types[i] != KQ_T_STRING && !p->relaxed) matched = false;
            p->out[p->target[i]] = v;
        }
        if (!matched) {
            if (p->drop_unmatched) continue;
            for (int i = 0; i < p->ncaps; i++) p->out[p->target[i]] = kq_null(p->types[i]);
        }
        c->scratch = saved;
        *row = p->out;
        return 1;
    }
}

static void parse_destroy(kq_op *op)
{
    parse_op *p = (parse_op *)op;
    free(p->ov);
    free(p->out);
    kq_arena_free(&p->scratch);
    free(p);
}

static void parse_reset(kq_op *op)
{
    kq_op_reset(((parse_op *)op)->child);
}

kq_op *kq_op_parse_new(kq_op *child, kq_expr *source, kq_regex *re, int ncaps, int *target, kq_type *types,
                       bool relaxed, bool drop_unmatched, int width)
{
    parse_op *p = kq_xcalloc(1, sizeof *p);
    p->base.next = parse_next;
    p->base.destroy = parse_destroy;
    p->base.reset = parse_reset;
    p->child = child;
    p->source = source;
    p->re = re;
    p->ncaps = ncaps;
    p->target = target;
    p->types = types;
    p->relaxed = relaxed;
    p->drop_unmatched = drop_unmatched;
    p->ov = kq_xcalloc((size_t)(2 * (kq_regex_groups(re) + 1)), sizeof(long));
    p->out = kq_xcalloc((size_t)(width ? width : 1), sizeof(kq_value));
    kq_arena_init(&p->scratch, 16 * 1024);
    return &p->base;
}
