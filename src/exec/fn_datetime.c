/*
 * fn_datetime.c - date and time functions (KQL_SUBSET.md 6.1): now, ago, datetime_add,
 * datetime_diff, datetime_part and its shorthands, startof... and endof..., dayofweek, make_datetime,
 * unixtime conversions, format_datetime, format_timespan.
 */
#include <math.h>
#include <string.h>

#include "../base/datetime.h"
#include "fn.h"
#include "value.h"

static void fn_now(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    int64_t t = c->now;
    if (e->nargs) {
        KQ_ARG(0, off);
        if (off.null || off.type != KQ_T_TIMESPAN) {
            *out = kq_null(KQ_T_DATETIME);
            return;
        }
        t += off.u.i;
    }
    *out = kq_typed_i(KQ_T_DATETIME, t);
}

static void fn_ago(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, span);
    if (span.null || span.type != KQ_T_TIMESPAN) {
        *out = kq_null(KQ_T_DATETIME);
        return;
    }
    *out = kq_typed_i(KQ_T_DATETIME, c->now - span.u.i);
}

static kq_dt_part part_arg(const kq_value *v)
{
    if (v->type != KQ_T_STRING) return KQ_PART_INVALID;
    return kq_dt_part_parse(v->u.s, v->len);
}

static bool long_of(const kq_value *v, int64_t *out)
{
    if (v->null) return false;
    if (v->type == KQ_T_LONG || v->type == KQ_T_INT) *out = v->u.i;
    else if (v->type == KQ_T_REAL) *out = (int64_t)v->u.r;
    else return false;
    return true;
}

static void fn_datetime_add(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, p);
    KQ_ARG(1, n);
    KQ_ARG(2, dt);
    int64_t amount, r;
    kq_dt_part part = part_arg(&p);
    if (part == KQ_PART_INVALID || !long_of(&n, &amount) || dt.null || dt.type != KQ_T_DATETIME ||
        !kq_dt_add(part, amount, dt.u.i, &r)) {
        *out = kq_null(KQ_T_DATETIME);
        return;
    }
    *out = kq_typed_i(KQ_T_DATETIME, r);
}

static void fn_datetime_diff(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, p);
    KQ_ARG(1, a);
    KQ_ARG(2, b);
    kq_dt_part part = part_arg(&p);
    if (part == KQ_PART_INVALID || a.null || b.null || a.type != KQ_T_DATETIME || b.type != KQ_T_DATETIME) {
        *out = kq_null(KQ_T_LONG);
        return;
    }
    *out = kq_long(kq_dt_diff(part, a.u.i, b.u.i));
}

static void fn_datetime_part(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, p);
    KQ_ARG(1, a);
    kq_dt_part part = part_arg(&p);
    if (part == KQ_PART_INVALID || a.null || a.type != KQ_T_DATETIME) {
        *out = kq_null(KQ_T_INT);
        return;
    }
    *out = kq_int((int32_t)kq_dt_get_part(part, a.u.i));
}

static void get_part(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out, kq_dt_part part)
{
    KQ_ARG(0, a);
    if (a.null || a.type != KQ_T_DATETIME) {
        *out = kq_null(KQ_T_INT);
        return;
    }
    *out = kq_int((int32_t)kq_dt_get_part(part, a.u.i));
}

static void fn_getyear(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { get_part(e, row, c, out, KQ_PART_YEAR); }
static void fn_getmonth(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { get_part(e, row, c, out, KQ_PART_MONTH); }
static void fn_dayofmonth(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { get_part(e, row, c, out, KQ_PART_DAY); }
static void fn_dayofyear(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { get_part(e, row, c, out, KQ_PART_DAYOFYEAR); }
static void fn_hourofday(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { get_part(e, row, c, out, KQ_PART_HOUR); }
static void fn_week_of_year(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { get_part(e, row, c, out, KQ_PART_WEEK_OF_YEAR); }

static void period_fn(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out, kq_dt_period p, bool end)
{
    KQ_ARG(0, a);
    int64_t offset = 0, r;
    if (e->nargs > 1) {
        KQ_ARG(1, o);
        if (!long_of(&o, &offset)) {
            *out = kq_null(KQ_T_DATETIME);
            return;
        }
    }
    if (a.null || a.type != KQ_T_DATETIME ||
        !(end ? kq_dt_end_of(p, a.u.i, offset, &r) : kq_dt_start_of(p, a.u.i, offset, &r))) {
        *out = kq_null(KQ_T_DATETIME);
        return;
    }
    *out = kq_typed_i(KQ_T_DATETIME, r);
}

static void fn_startofday(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { period_fn(e, row, c, out, KQ_PERIOD_DAY, false); }
static void fn_startofweek(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { period_fn(e, row, c, out, KQ_PERIOD_WEEK, false); }
static void fn_startofmonth(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { period_fn(e, row, c, out, KQ_PERIOD_MONTH, false); }
static void fn_startofyear(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { period_fn(e, row, c, out, KQ_PERIOD_YEAR, false); }
static void fn_endofday(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { period_fn(e, row, c, out, KQ_PERIOD_DAY, true); }
static void fn_endofweek(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { period_fn(e, row, c, out, KQ_PERIOD_WEEK, true); }
static void fn_endofmonth(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { period_fn(e, row, c, out, KQ_PERIOD_MONTH, true); }
static void fn_endofyear(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { period_fn(e, row, c, out, KQ_PERIOD_YEAR, true); }

static void fn_dayofweek(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    if (a.null || a.type != KQ_T_DATETIME) {
        *out = kq_null(KQ_T_TIMESPAN);
        return;
    }
    *out = kq_typed_i(KQ_T_TIMESPAN, kq_dt_dayofweek(a.u.i));
}

static void fn_make_datetime(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    int64_t f[5] = {0, 1, 1, 0, 0};
    for (int i = 0; i < e->nargs && i < 5; i++) {
        KQ_ARG(i, a);
        if (!long_of(&a, &f[i])) {
            *out = kq_null(KQ_T_DATETIME);
            return;
        }
    }
    double sec = 0;
    if (e->nargs > 5) {
        KQ_ARG(5, s);
        if (s.null) {
            *out = kq_null(KQ_T_DATETIME);
            return;
        }
        sec = s.type == KQ_T_REAL ? s.u.r : (double)s.u.i;
    }
    int64_t whole = (int64_t)floor(sec), r;
    int64_t frac = (int64_t)llround((sec - (double)whole) * 1e7);
    if (whole < 0 || whole > 59 ||
        !kq_dt_from_civil((int)f[0], (int)f[1], (int)f[2], (int)f[3], (int)f[4], (int)whole, frac, &r)) {
        *out = kq_null(KQ_T_DATETIME);
        return;
    }
    *out = kq_typed_i(KQ_T_DATETIME, r);
}

static void unix_to_dt(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out, double ticks_per_unit)
{
    KQ_ARG(0, a);
    if (a.type == KQ_T_DYNAMIC && !a.null) a = kq_dyn_to_scalar(a.u.d);
    if (a.null || !kq_is_numeric(a.type)) {
        *out = kq_null(KQ_T_DATETIME);
        return;
    }
    double t = a.type == KQ_T_REAL ? a.u.r * ticks_per_unit : (double)a.u.i * ticks_per_unit;
    double r = (double)KQ_UNIX_EPOCH_TICKS + t;
    if (!(r >= 0 && r <= (double)KQ_DATETIME_MAX_TICKS)) {
        *out = kq_null(KQ_T_DATETIME);
        return;
    }
    if (a.type != KQ_T_REAL && ticks_per_unit >= 1)
        *out = kq_typed_i(KQ_T_DATETIME, KQ_UNIX_EPOCH_TICKS + a.u.i * (int64_t)ticks_per_unit);
    else *out = kq_typed_i(KQ_T_DATETIME, (int64_t)r);
}

static void fn_unix_s(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { unix_to_dt(e, row, c, out, 1e7); }
static void fn_unix_ms(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { unix_to_dt(e, row, c, out, 1e4); }
static void fn_unix_us(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { unix_to_dt(e, row, c, out, 10); }
static void fn_unix_ns(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { unix_to_dt(e, row, c, out, 0.01); }

static void fn_format_datetime(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    KQ_ARG(1, f);
    if (a.null || a.type != KQ_T_DATETIME || f.type != KQ_T_STRING) {
        *out = kq_str("", 0);
        return;
    }
    char buf[512];
    long n = kq_dt_format_custom(a.u.i, f.u.s, f.len, buf, sizeof buf);
    *out = n < 0 ? kq_str("", 0) : kq_str(kq_arena_strdup(c->scratch, buf, (size_t)n), (size_t)n);
}

static void fn_format_timespan(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    KQ_ARG(1, f);
    if (a.null || a.type != KQ_T_TIMESPAN || f.type != KQ_T_STRING) {
        *out = kq_str("", 0);
        return;
    }
    char buf[512];
    long n = kq_ts_format_custom(a.u.i, f.u.s, f.len, buf, sizeof buf);
    *out = n < 0 ? kq_str("", 0) : kq_str(kq_arena_strdup(c->scratch, buf, (size_t)n), (size_t)n);
}

const kq_fn kq_fns_datetime[] = {
    {"now", 0, 1, RT_FIXED, KQ_T_DATETIME, fn_now, NULL},
    {"ago", 1, 1, RT_FIXED, KQ_T_DATETIME, fn_ago, NULL},
    {"datetime_add", 3, 3, RT_FIXED, KQ_T_DATETIME, fn_datetime_add, NULL},
    {"datetime_diff", 3, 3, RT_FIXED, KQ_T_LONG, fn_datetime_diff, NULL},
    {"datetime_part", 2, 2, RT_FIXED, KQ_T_INT, fn_datetime_part, NULL},
    {"getyear", 1, 1, RT_FIXED, KQ_T_INT, fn_getyear, NULL},
    {"getmonth", 1, 1, RT_FIXED, KQ_T_INT, fn_getmonth, NULL},
    {"monthofyear", 1, 1, RT_FIXED, KQ_T_INT, fn_getmonth, NULL},
    {"dayofmonth", 1, 1, RT_FIXED, KQ_T_INT, fn_dayofmonth, NULL},
    {"dayofyear", 1, 1, RT_FIXED, KQ_T_INT, fn_dayofyear, NULL},
    {"hourofday", 1, 1, RT_FIXED, KQ_T_INT, fn_hourofday, NULL},
    {"week_of_year", 1, 1, RT_FIXED, KQ_T_INT, fn_week_of_year, NULL},
    {"startofday", 1, 2, RT_FIXED, KQ_T_DATETIME, fn_startofday, NULL},
    {"startofweek", 1, 2, RT_FIXED, KQ_T_DATETIME, fn_startofweek, NULL},
    {"startofmonth", 1, 2, RT_FIXED, KQ_T_DATETIME, fn_startofmonth, NULL},
    {"startofyear", 1, 2, RT_FIXED, KQ_T_DATETIME, fn_startofyear, NULL},
    {"endofday", 1, 2, RT_FIXED, KQ_T_DATETIME, fn_endofday, NULL},
    {"endofweek", 1, 2, RT_FIXED, KQ_T_DATETIME, fn_endofweek, NULL},
    {"endofmonth", 1, 2, RT_FIXED, KQ_T_DATETIME, fn_endofmonth, NULL},
    {"endofyear", 1, 2, RT_FIXED, KQ_T_DATETIME, fn_endofyear, NULL},
    {"dayofweek", 1, 1, RT_FIXED, KQ_T_TIMESPAN, fn_dayofweek, NULL},
    {"make_datetime", 3, 6, RT_FIXED, KQ_T_DATETIME, fn_make_datetime, NULL},
    {"unixtime_seconds_todatetime", 1, 1, RT_FIXED, KQ_T_DATETIME, fn_unix_s, NULL},
    {"unixtime_milliseconds_todatetime", 1, 1, RT_FIXED, KQ_T_DATETIME, fn_unix_ms, NULL},
    {"unixtime_microseconds_todatetime", 1, 1, RT_FIXED, KQ_T_DATETIME, fn_unix_us, NULL},
    {"unixtime_nanoseconds_todatetime", 1, 1, RT_FIXED, KQ_T_DATETIME, fn_unix_ns, NULL},
    {"format_datetime", 2, 2, RT_FIXED, KQ_T_STRING, fn_format_datetime, NULL},
    {"format_timespan", 2, 2, RT_FIXED, KQ_T_STRING, fn_format_timespan, NULL},
    {NULL, 0, 0, RT_FIXED, KQ_T_UNKNOWN, NULL, NULL},
};
