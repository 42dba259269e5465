/*
 * expr.h - compiled scalar expressions. The binder turns syntax into a tree of kq_expr whose
 * nodes carry their static type and an evaluation function; evaluating reads the current row
 * (an array of kq_value) and writes one kq_value. Computed strings and dynamic trees go into the
 * context's scratch arena, which the operator running the expression resets per row batch.
 */
#ifndef KQ_EXPR_H
#define KQ_EXPR_H

#include <stdbool.h>
#include <stdint.h>

#include "../../include/kq.h"
#include "../base/arena.h"
#include "../base/buf.h"

typedef struct kq_ctx {
    kq_arena *scratch; /* per-row allocations */
    int64_t now;       /* ticks of now() for the whole query */
    kq_error *err;     /* a runtime error stops the query */
    bool failed;
} kq_ctx;

/* A regular expression gave up at its match limit: the query stops with a runtime error rather
 * than silently treating the row as not matching. */
void kq_regex_limit_error(kq_ctx *c);

typedef struct kq_expr kq_expr;
typedef void (*kq_eval_fn)(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out);

struct kq_expr {
    kq_eval_fn eval;
    kq_type type;      /* static result type (KQ_T_DYNAMIC when only known at run time) */
    int col;           /* column index for column references */
    int op;            /* operator token (kq_tok) for binary / string operators */
    bool is_const;     /* folds to k */
    kq_value k;        /* constant value */
    kq_expr **args;
    int nargs;
    void *aux;         /* precomputed state: regex, needle set, value set, ... */
    void (*aux_free)(void *); /* how to release aux (set by prepare steps), NULL if not owned */
    kq_value *consts;  /* in / has_any: the constant list items (for prefilters) */
    int nconsts;
    int start, end;    /* source span */
};

static inline void kq_eval(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    if (e->is_const) *out = e->k;
    else e->eval(e, row, c, out);
}

/* A view of a value as text for the string operators: strings as is, dynamic strings unquoted,
 * other values in their tostring() form (in scratch). *is_null is set for null non-strings. */
void kq_value_text(const kq_value *v, kq_ctx *c, const char **s, size_t *n, bool *is_null);

/* Evaluation functions of the core node kinds (used by the binder). */
void kq_eval_column(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out);
void kq_eval_binary(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out);
void kq_eval_and(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out);
void kq_eval_or(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out);
void kq_eval_negate(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out);
void kq_eval_string_op(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out);
void kq_eval_in(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out);
void kq_eval_has_any(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out);
void kq_eval_has_all(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out);
void kq_eval_between(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out);
void kq_eval_member(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out);
void kq_eval_index(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out);

/* Arithmetic and comparison on two values (also used by functions and aggregates). */
void kq_arith(int op, const kq_value *a, const kq_value *b, kq_value *out);
/* Comparison: op is T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE; result bool or null. */
void kq_compare(int op, const kq_value *a, const kq_value *b, kq_ctx *c, kq_value *out);
/* Static result type of an arithmetic operator, or KQ_T_UNKNOWN when not allowed. */
kq_type kq_arith_type(int op, kq_type a, kq_type b);

/* Membership set for in / in~ / has_any built from constant values. */
typedef struct kq_value_set kq_value_set;
kq_value_set *kq_value_set_new(const kq_value *vals, int n, bool case_insensitive);
void kq_value_set_free(kq_value_set *s);

/* Converts a value to a given scalar type as the to*() functions do (null on failure). */
kq_value kq_convert(const kq_value *v, kq_type t, kq_ctx *c);

#endif
