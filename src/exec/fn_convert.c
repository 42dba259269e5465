/*
 * fn_convert.c - conversions, null/empty tests and conditionals (KQL_SUBSET.md 2.4, 2.5, 6.3):
 * to*(), isnull/isempty and their negations, iff/iif, case, coalesce, gettype, not,
 * min_of/max_of.
 */
#include <string.h>

#include "../kql/lex.h"
#include "fn.h"
#include "value.h"

static void convert_to(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out, kq_type t)
{
    KQ_ARG(0, a);
    *out = kq_convert(&a, t, c);
}

static void fn_tostring(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { convert_to(e, row, c, out, KQ_T_STRING); }
static void fn_toint(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { convert_to(e, row, c, out, KQ_T_INT); }
static void fn_tolong(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { convert_to(e, row, c, out, KQ_T_LONG); }
static void fn_toreal(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { convert_to(e, row, c, out, KQ_T_REAL); }
static void fn_tobool(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { convert_to(e, row, c, out, KQ_T_BOOL); }
static void fn_todatetime(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { convert_to(e, row, c, out, KQ_T_DATETIME); }
static void fn_totimespan(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { convert_to(e, row, c, out, KQ_T_TIMESPAN); }

static bool is_empty(const kq_value *v)
{
    if (v->type == KQ_T_STRING) return v->len == 0;
    if (v->null) return true;
    if (v->type == KQ_T_DYNAMIC && v->u.d->kind == KQ_D_STRING) return v->u.d->n == 0;
    return false;
}

static void fn_isnull(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    *out = kq_bool(a.type != KQ_T_STRING && a.null);
}

static void fn_isnotnull(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    *out = kq_bool(!(a.type != KQ_T_STRING && a.null));
}

static void fn_isempty(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    *out = kq_bool(is_empty(&a));
}

static void fn_isnotempty(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    *out = kq_bool(!is_empty(&a));
}

static bool is_true(const kq_value *v)
{
    if (v->null) return false;
    if (v->type == KQ_T_BOOL) return v->u.b;
    if (v->type == KQ_T_DYNAMIC && v->u.d->kind == KQ_D_BOOL) return v->u.d->u.b;
    return false;
}

/* coerce a branch value to the expression's static type (int -> long, ...) */
static void as_type(const kq_expr *e, kq_value *v, kq_ctx *c)
{
    if (v->type == e->type || e->type == KQ_T_DYNAMIC || e->type == KQ_T_UNKNOWN) {
        if (e->type == KQ_T_DYNAMIC && v->type != KQ_T_DYNAMIC) *v = kq_convert(v, KQ_T_DYNAMIC, c);
        return;
    }
    if (v->null) {
        *v = kq_null(e->type);
        return;
    }
    if (kq_is_numeric(v->type) && kq_is_numeric(e->type)) *v = kq_convert(v, e->type, c);
}

static void fn_iff(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, p);
    kq_eval(e->args[is_true(&p) ? 1 : 2], row, c, out);
    as_type(e, out, c);
}

static void fn_case(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    for (int i = 0; i + 1 < e->nargs; i += 2) {
        KQ_ARG(i, p);
        if (is_true(&p)) {
            kq_eval(e->args[i + 1], row, c, out);
            as_type(e, out, c);
            return;
        }
    }
    kq_eval(e->args[e->nargs - 1], row, c, out);
    as_type(e, out, c);
}

static void fn_coalesce(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    for (int i = 0; i < e->nargs; i++) {
        kq_eval(e->args[i], row, c, out);
        if (!is_empty(out) || (out->type == KQ_T_DYNAMIC && !out->null)) {
            as_type(e, out, c);
            return;
        }
    }
    *out = kq_null(e->type);
}

static void fn_gettype(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    const char *name = kq_type_name((kq_type)a.type);
    if (a.type == KQ_T_DYNAMIC) {
        if (a.null) name = "null";
        else switch (a.u.d->kind) {
            case KQ_D_BOOL: name = "bool"; break;
            case KQ_D_LONG: name = "long"; break;
            case KQ_D_REAL: name = "double"; break;
            case KQ_D_STRING: name = "string"; break;
            case KQ_D_ARRAY: name = "array"; break;
            case KQ_D_OBJECT: name = "dictionary"; break;
            case KQ_D_DATETIME: name = "datetime"; break;
            case KQ_D_TIMESPAN: name = "timespan"; break;
            default: name = "null"; break;
            }
    }
    *out = kq_str(name, strlen(name));
}

static void fn_not(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    if (a.type == KQ_T_DYNAMIC && !a.null) a = kq_dyn_to_scalar(a.u.d);
    if (a.null || a.type != KQ_T_BOOL) *out = kq_null(KQ_T_BOOL);
    else *out = kq_bool(!a.u.b);
}

static void min_max_of(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out, bool want_max)
{
    bool seen = false;
    kq_value best = kq_null(e->type);
    for (int i = 0; i < e->nargs; i++) {
        KQ_ARG(i, a);
        if (a.null) continue;
        if (!seen) {
            best = a;
            seen = true;
            continue;
        }
        kq_value gt;
        kq_compare(want_max ? T_GT : T_LT, &a, &best, c, &gt);
        if (!gt.null && gt.u.b) best = a;
    }
    *out = best;
    as_type(e, out, c);
}

static void fn_max_of(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { min_max_of(e, row, c, out, true); }
static void fn_min_of(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { min_max_of(e, row, c, out, false); }

const kq_fn kq_fns_convert[] = {
    {"tostring", 1, 1, RT_FIXED, KQ_T_STRING, fn_tostring, NULL},
    {"toint", 1, 1, RT_FIXED, KQ_T_INT, fn_toint, NULL},
    {"tolong", 1, 1, RT_FIXED, KQ_T_LONG, fn_tolong, NULL},
    {"toreal", 1, 1, RT_FIXED, KQ_T_REAL, fn_toreal, NULL},
    {"todouble", 1, 1, RT_FIXED, KQ_T_REAL, fn_toreal, NULL},
    {"tobool", 1, 1, RT_FIXED, KQ_T_BOOL, fn_tobool, NULL},
    {"toboolean", 1, 1, RT_FIXED, KQ_T_BOOL, fn_tobool, NULL},
    {"todatetime", 1, 1, RT_FIXED, KQ_T_DATETIME, fn_todatetime, NULL},
    {"totimespan", 1, 1, RT_FIXED, KQ_T_TIMESPAN, fn_totimespan, NULL},
    {"isnull", 1, 1, RT_FIXED, KQ_T_BOOL, fn_isnull, NULL},
    {"isnotnull", 1, 1, RT_FIXED, KQ_T_BOOL, fn_isnotnull, NULL},
    {"isempty", 1, 1, RT_FIXED, KQ_T_BOOL, fn_isempty, NULL},
    {"isnotempty", 1, 1, RT_FIXED, KQ_T_BOOL, fn_isnotempty, NULL},
    {"iff", 3, 3, RT_COMMON, KQ_T_UNKNOWN, fn_iff, NULL},
    {"iif", 3, 3, RT_COMMON, KQ_T_UNKNOWN, fn_iff, NULL},
    {"case", 3, 255, RT_COMMON, KQ_T_UNKNOWN, fn_case, NULL},
    {"coalesce", 2, 64, RT_COMMON, KQ_T_UNKNOWN, fn_coalesce, NULL},
    {"gettype", 1, 1, RT_FIXED, KQ_T_STRING, fn_gettype, NULL},
    {"not", 1, 1, RT_FIXED, KQ_T_BOOL, fn_not, NULL},
    {"max_of", 1, 64, RT_COMMON, KQ_T_UNKNOWN, fn_max_of, NULL},
    {"min_of", 1, 64, RT_COMMON, KQ_T_UNKNOWN, fn_min_of, NULL},
    {NULL, 0, 0, RT_FIXED, KQ_T_UNKNOWN, NULL, NULL},
};
