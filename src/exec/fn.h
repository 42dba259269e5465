/*
 * fn.h - the registry of built-in scalar functions: name, arity, result type rule, evaluation,
 * and an optional prepare step run once at bind time (compiling a constant regex, ...).
 */
#ifndef KQ_FN_H
#define KQ_FN_H

#include "expr.h"

typedef enum kq_rtype_rule {
    RT_FIXED,  /* fn->type */
    RT_ARG0,   /* type of argument 0 */
    RT_ARG1,   /* type of argument 1 */
    RT_COMMON  /* common type of the value arguments (iff, case, coalesce, min_of ...) */
} kq_rtype_rule;

typedef struct kq_fn {
    const char *name;
    int min_args, max_args;
    kq_rtype_rule rule;
    kq_type type;
    kq_eval_fn eval;
    /* run at bind time; returns false with a message in err (position = the call) */
    bool (*prepare)(kq_expr *e, char *err, size_t cap);
} kq_fn;

const kq_fn *kq_fn_lookup(const char *name);

/* the tables of each family, terminated by a NULL name */
extern const kq_fn kq_fns_string[];
extern const kq_fn kq_fns_datetime[];
extern const kq_fn kq_fns_convert[];
extern const kq_fn kq_fns_dynamic[];
extern const kq_fn kq_fns_math[];
extern const kq_fn kq_fns_array[];
extern const kq_fn kq_fns_ip[];
extern const kq_fn kq_fns_url[];
extern const kq_fn kq_fns_text[];
extern const kq_fn kq_fns_hash[];

#define KQ_ARG(i, v) \
    kq_value v;      \
    kq_eval(e->args[i], row, c, &v)

#endif
