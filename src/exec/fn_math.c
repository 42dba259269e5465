/*
 * fn_math.c - numeric functions (KQL_SUBSET.md 6.4) and bin/floor over numbers, timespans and
 * datetimes (datetime bins align to 0001-01-01).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fn.h"
#include "value.h"

static bool as_double(const kq_value *v0, double *out)
{
    kq_value v = *v0;
    if (v.type == KQ_T_DYNAMIC && !v.null) v = kq_dyn_to_scalar(v.u.d);
    if (v.null) return false;
    if (v.type == KQ_T_REAL) *out = v.u.r;
    else if (v.type == KQ_T_LONG || v.type == KQ_T_INT) *out = (double)v.u.i;
    else return false;
    return true;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}

static void fn_bin(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, v);
    KQ_ARG(1, size);
    if (v.type == KQ_T_DYNAMIC && !v.null) v = kq_dyn_to_scalar(v.u.d);
    kq_type t = (kq_type)v.type;
    if (v.null || size.null) {
        *out = kq_null(e->type);
        return;
    }
    if (t == KQ_T_DATETIME || t == KQ_T_TIMESPAN) {
        int64_t s;
        if (size.type == KQ_T_TIMESPAN) s = size.u.i;
        else if (size.type == KQ_T_LONG || size.type == KQ_T_INT) s = size.u.i;
        else if (size.type == KQ_T_REAL) s = (int64_t)size.u.r;
        else s = 0;
        if (s <= 0) {
            *out = kq_null(t);
            return;
        }
        *out = kq_typed_i(t, floor_div(v.u.i, s) * s);
        return;
    }
    if (t == KQ_T_LONG || t == KQ_T_INT) {
        if (size.type == KQ_T_REAL) {
            if (!(size.u.r > 0)) { *out = kq_null(KQ_T_REAL); return; }
            *out = kq_real(floor((double)v.u.i / size.u.r) * size.u.r);
            return;
        }
        if (size.type != KQ_T_LONG && size.type != KQ_T_INT) { *out = kq_null(t); return; }
        if (size.u.i <= 0) { *out = kq_null(KQ_T_LONG); return; }
        *out = kq_long(floor_div(v.u.i, size.u.i) * size.u.i);
        return;
    }
    double x, s;
    if (!as_double(&v, &x) || !as_double(&size, &s) || !(s > 0)) {
        *out = kq_null(KQ_T_REAL);
        return;
    }
    *out = kq_real(floor(x / s) * s);
}

static bool prepare_bin(kq_expr *e, char *err, size_t cap)
{
    kq_type t = e->args[0]->type, s = e->args[1]->type;
    if (t == KQ_T_INT) e->type = (s == KQ_T_REAL) ? KQ_T_REAL : KQ_T_LONG;
    if (t == KQ_T_LONG && s == KQ_T_REAL) e->type = KQ_T_REAL;
    return true;
}

static void fn_floor1(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    if (e->nargs == 2) {
        fn_bin(e, row, c, out);
        return;
    }
    KQ_ARG(0, v);
    double x;
    if (v.type == KQ_T_LONG || v.type == KQ_T_INT) *out = v.null ? kq_null(KQ_T_LONG) : kq_long(v.u.i);
    else *out = as_double(&v, &x) ? kq_real(floor(x)) : kq_null(KQ_T_REAL);
}

typedef double (*unary_fn)(double);

static void real_unary(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out, unary_fn f)
{
    KQ_ARG(0, v);
    double x;
    if (!as_double(&v, &x)) {
        *out = kq_null(KQ_T_REAL);
        return;
    }
    double r = f(x);
    *out = isnan(r) && !isnan(x) ? kq_null(KQ_T_REAL) : kq_real(r);
}

static void fn_sqrt(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { real_unary(e, row, c, out, sqrt); }
static void fn_exp(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { real_unary(e, row, c, out, exp); }
static void fn_exp2(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { real_unary(e, row, c, out, exp2); }

static void log_impl(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out, unary_fn f)
{
    KQ_ARG(0, v);
    double x;
    if (!as_double(&v, &x) || x < 0) {
        *out = kq_null(KQ_T_REAL);
        return;
    }
    *out = kq_real(f(x));
}

static void fn_log(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { log_impl(e, row, c, out, log); }
static void fn_log2(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { log_impl(e, row, c, out, log2); }
static void fn_log10(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { log_impl(e, row, c, out, log10); }

static void fn_pow(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    KQ_ARG(1, b);
    double x, y;
    *out = as_double(&a, &x) && as_double(&b, &y) ? kq_real(pow(x, y)) : kq_null(KQ_T_REAL);
}

static void fn_abs(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, v);
    if (v.null) *out = v;
    else if (v.type == KQ_T_REAL) *out = kq_real(fabs(v.u.r));
    else if (v.type == KQ_T_LONG || v.type == KQ_T_INT || v.type == KQ_T_TIMESPAN) {
        *out = v;
        if (v.u.i < 0) out->u.i = (int64_t)(0 - (uint64_t)v.u.i);
    } else *out = kq_null(e->type);
}

static void fn_sign(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, v);
    if (v.null) *out = kq_null(e->type);
    else if (v.type == KQ_T_REAL) *out = kq_real(v.u.r > 0 ? 1 : v.u.r < 0 ? -1 : 0);
    else *out = kq_long(v.u.i > 0 ? 1 : v.u.i < 0 ? -1 : 0);
}

static void fn_ceiling(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, v);
    double x;
    if (v.type == KQ_T_LONG || v.type == KQ_T_INT) *out = v;
    else *out = as_double(&v, &x) ? kq_real(ceil(x)) : kq_null(KQ_T_REAL);
}

static double round_half_away(double x)
{
    return x < 0 ? -floor(-x + 0.5) : floor(x + 0.5);
}

static void fn_round(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, v);
    int64_t digits = 0;
    if (e->nargs > 1) {
        KQ_ARG(1, d);
        if (d.null) {
            *out = kq_null(e->type);
            return;
        }
        digits = d.type == KQ_T_REAL ? (int64_t)d.u.r : d.u.i;
    }
    double x;
    if (!as_double(&v, &x)) {
        *out = kq_null(e->type);
        return;
    }
    double p = pow(10.0, (double)digits);
    double r;
    if (digits >= 0) {
        /* decide on the decimal text so that 2.15 rounds to 2.2 as Kusto does */
        char buf[64];
        snprintf(buf, sizeof buf, "%.*f", (int)(digits > 15 ? 15 : digits), x);
        double t = x * p;
        r = round_half_away(t) / p;
        double alt = round_half_away(t + (t >= 0 ? 1e-9 : -1e-9)) / p;
        (void)buf;
        r = alt;
    } else r = round_half_away(x / (1.0 / p)) * (1.0 / p) * 1.0;
    if (digits < 0) r = round_half_away(x * p) / p;
    if (v.type == KQ_T_LONG || v.type == KQ_T_INT) *out = kq_long((int64_t)r);
    else *out = kq_real(r);
}

static void fn_isnan(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, v);
    double x;
    *out = as_double(&v, &x) ? kq_bool(isnan(x)) : kq_null(KQ_T_BOOL);
}

static void fn_isinf(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, v);
    double x;
    *out = as_double(&v, &x) ? kq_bool(isinf(x)) : kq_null(KQ_T_BOOL);
}

static void fn_isfinite(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, v);
    double x;
    *out = as_double(&v, &x) ? kq_bool(isfinite(x)) : kq_null(KQ_T_BOOL);
}

const kq_fn kq_fns_math[] = {
    {"bin", 2, 2, RT_ARG0, KQ_T_UNKNOWN, fn_bin, prepare_bin},
    {"floor", 1, 2, RT_ARG0, KQ_T_UNKNOWN, fn_floor1, prepare_bin},
    {"sqrt", 1, 1, RT_FIXED, KQ_T_REAL, fn_sqrt, NULL},
    {"exp", 1, 1, RT_FIXED, KQ_T_REAL, fn_exp, NULL},
    {"exp2", 1, 1, RT_FIXED, KQ_T_REAL, fn_exp2, NULL},
    {"log", 1, 1, RT_FIXED, KQ_T_REAL, fn_log, NULL},
    {"log2", 1, 1, RT_FIXED, KQ_T_REAL, fn_log2, NULL},
    {"log10", 1, 1, RT_FIXED, KQ_T_REAL, fn_log10, NULL},
    {"pow", 2, 2, RT_FIXED, KQ_T_REAL, fn_pow, NULL},
    {"abs", 1, 1, RT_ARG0, KQ_T_UNKNOWN, fn_abs, NULL},
    {"sign", 1, 1, RT_ARG0, KQ_T_UNKNOWN, fn_sign, NULL},
    {"ceiling", 1, 1, RT_ARG0, KQ_T_UNKNOWN, fn_ceiling, NULL},
    {"round", 1, 2, RT_ARG0, KQ_T_UNKNOWN, fn_round, NULL},
    {"isnan", 1, 1, RT_FIXED, KQ_T_BOOL, fn_isnan, NULL},
    {"isinf", 1, 1, RT_FIXED, KQ_T_BOOL, fn_isinf, NULL},
    {"isfinite", 1, 1, RT_FIXED, KQ_T_BOOL, fn_isfinite, NULL},
    {NULL, 0, 0, RT_FIXED, KQ_T_UNKNOWN, NULL, NULL},
};
