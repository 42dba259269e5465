/*
 * expr.c - evaluation of the core expression nodes: columns, arithmetic, comparison, logic,
 * string operators, in / has_any / has_all / between, dynamic member and index access, and the
 * to*() conversions. Null rules follow KQL_SUBSET.md 2.4 exactly.
 */
#include "expr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/datetime.h"
#include "../base/error.h"
#include "../base/json.h"
#include "../base/numconv.h"
#include "../kql/lex.h"
#include "../match/match.h"
#include "value.h"

void kq_regex_limit_error(kq_ctx *c)
{
    if (c->failed) return;
    c->failed = true;
    if (c->err)
        kq_error_set(c->err, KQ_ERR_RUNTIME,
                     "a regular expression reached its backtracking limit on a value; the result would be "
                     "unreliable, so the query stops (simplify the pattern, e.g. avoid nested repetition)");
}

void kq_eval_column(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    *out = row[e->col];
}

void kq_value_text(const kq_value *v, kq_ctx *c, const char **s, size_t *n, bool *is_null)
{
    *is_null = false;
    if (v->type == KQ_T_STRING) {
        *s = v->u.s;
        *n = v->len;
        return;
    }
    if (v->null) {
        *is_null = true;
        *s = "";
        *n = 0;
        return;
    }
    if (v->type == KQ_T_DYNAMIC && v->u.d->kind == KQ_D_STRING) {
        *s = v->u.d->u.s;
        *n = v->u.d->n;
        return;
    }
    kq_value t = kq_value_tostring_value(v, c->scratch);
    *s = t.u.s;
    *n = t.len;
}

/* ---- arithmetic ---- */

static kq_value scalar_of(const kq_value *v)
{
    if (v->type == KQ_T_DYNAMIC && !v->null) return kq_dyn_to_scalar(v->u.d);
    return *v;
}

kq_type kq_arith_type(int op, kq_type a, kq_type b)
{
    if (a == KQ_T_DYNAMIC || b == KQ_T_DYNAMIC) return KQ_T_DYNAMIC;
    bool an = kq_is_numeric(a), bn = kq_is_numeric(b);
    if (an && bn) return (a == KQ_T_REAL || b == KQ_T_REAL) ? KQ_T_REAL : KQ_T_LONG;
    switch (op) {
    case T_PLUS:
        if (a == KQ_T_DATETIME && b == KQ_T_TIMESPAN) return KQ_T_DATETIME;
        if (a == KQ_T_TIMESPAN && b == KQ_T_DATETIME) return KQ_T_DATETIME;
        if (a == KQ_T_TIMESPAN && b == KQ_T_TIMESPAN) return KQ_T_TIMESPAN;
        break;
    case T_MINUS:
        if (a == KQ_T_DATETIME && b == KQ_T_DATETIME) return KQ_T_TIMESPAN;
        if (a == KQ_T_DATETIME && b == KQ_T_TIMESPAN) return KQ_T_DATETIME;
        if (a == KQ_T_TIMESPAN && b == KQ_T_TIMESPAN) return KQ_T_TIMESPAN;
        break;
    case T_STAR:
        if ((a == KQ_T_TIMESPAN && bn) || (an && b == KQ_T_TIMESPAN)) return KQ_T_TIMESPAN;
        break;
    case T_SLASH:
        if (a == KQ_T_TIMESPAN && b == KQ_T_TIMESPAN) return KQ_T_REAL;
        if (a == KQ_T_TIMESPAN && bn) return KQ_T_TIMESPAN;
        break;
    case T_PERCENT:
        if (a == KQ_T_TIMESPAN && b == KQ_T_TIMESPAN) return KQ_T_TIMESPAN;
        break;
    }
    return KQ_T_UNKNOWN;
}

static int64_t wrap_add(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
static int64_t wrap_sub(int64_t a, int64_t b) { return (int64_t)((uint64_t)a - (uint64_t)b); }
static int64_t wrap_mul(int64_t a, int64_t b) { return (int64_t)((uint64_t)a * (uint64_t)b); }

static bool long_div(int64_t a, int64_t b, int64_t *q)
{
    if (b == 0) return false;
    if (b == -1) {
        *q = wrap_sub(0, a);
        return true;
    }
    *q = a / b;
    return true;
}

static bool long_mod(int64_t a, int64_t b, int64_t *r)
{
    if (b == 0) return false;
    if (b == -1) {
        *r = 0;
        return true;
    }
    int64_t m = a % b;
    if (m < 0) m = b < 0 ? m - b : m + b;
    *r = m;
    return true;
}

static double real_mod(double a, double b)
{
    double m = fmod(a, b);
    if (m < 0) m += fabs(b);
    return m;
}

static double as_real(const kq_value *v)
{
    return v->type == KQ_T_REAL ? v->u.r : (double)v->u.i;
}

void kq_arith(int op, const kq_value *a0, const kq_value *b0, kq_value *out)
{
    kq_value a = scalar_of(a0), b = scalar_of(b0);
    kq_type t = kq_arith_type(op, a.type, b.type);
    if (t == KQ_T_UNKNOWN || t == KQ_T_DYNAMIC) {
        *out = kq_null(KQ_T_DYNAMIC);
        return;
    }
    if (a.null || b.null) {
        *out = kq_null(t);
        return;
    }
    int64_t r;
    if (t == KQ_T_LONG) {
        int64_t x = a.u.i, y = b.u.i;
        switch (op) {
        case T_PLUS: *out = kq_long(wrap_add(x, y)); return;
        case T_MINUS: *out = kq_long(wrap_sub(x, y)); return;
        case T_STAR: *out = kq_long(wrap_mul(x, y)); return;
        case T_SLASH: *out = long_div(x, y, &r) ? kq_long(r) : kq_null(KQ_T_LONG); return;
        case T_PERCENT: *out = long_mod(x, y, &r) ? kq_long(r) : kq_null(KQ_T_LONG); return;
        }
    }
    if (t == KQ_T_REAL) {
        if (a.type == KQ_T_TIMESPAN && b.type == KQ_T_TIMESPAN) { /* ts / ts */
            *out = kq_real((double)a.u.i / (double)b.u.i);
            return;
        }
        double x = as_real(&a), y = as_real(&b);
        switch (op) {
        case T_PLUS: *out = kq_real(x + y); return;
        case T_MINUS: *out = kq_real(x - y); return;
        case T_STAR: *out = kq_real(x * y); return;
        case T_SLASH: *out = kq_real(x / y); return;
        case T_PERCENT: *out = kq_real(real_mod(x, y)); return;
        }
    }
    if (t == KQ_T_DATETIME) {
        int64_t v = op == T_MINUS ? wrap_sub(a.u.i, b.u.i) : wrap_add(a.u.i, b.u.i);
        *out = (v < 0 || v > KQ_DATETIME_MAX_TICKS) ? kq_null(KQ_T_DATETIME) : kq_typed_i(KQ_T_DATETIME, v);
        return;
    }
    if (t == KQ_T_TIMESPAN) {
        switch (op) {
        case T_PLUS: *out = kq_typed_i(t, wrap_add(a.u.i, b.u.i)); return;
        case T_MINUS: *out = kq_typed_i(t, wrap_sub(a.u.i, b.u.i)); return;
        case T_PERCENT: *out = long_mod(a.u.i, b.u.i, &r) ? kq_typed_i(t, r) : kq_null(t); return;
        case T_STAR: {
            const kq_value *ts = a.type == KQ_T_TIMESPAN ? &a : &b, *n = a.type == KQ_T_TIMESPAN ? &b : &a;
            double v = n->type == KQ_T_REAL ? (double)ts->u.i * n->u.r : 0;
            *out = n->type == KQ_T_REAL ? kq_typed_i(t, (int64_t)v) : kq_typed_i(t, wrap_mul(ts->u.i, n->u.i));
            return;
        }
        case T_SLASH:
            if (b.type == KQ_T_REAL) *out = b.u.r == 0 ? kq_null(t) : kq_typed_i(t, (int64_t)((double)a.u.i / b.u.r));
            else *out = long_div(a.u.i, b.u.i, &r) ? kq_typed_i(t, r) : kq_null(t);
            return;
        }
    }
    *out = kq_null(t);
}

void kq_eval_binary(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    kq_value a, b;
    kq_eval(e->args[0], row, c, &a);
    kq_eval(e->args[1], row, c, &b);
    switch (e->op) {
    case T_PLUS:
    case T_MINUS:
    case T_STAR:
    case T_SLASH:
    case T_PERCENT: kq_arith(e->op, &a, &b, out); return;
    default: kq_compare(e->op, &a, &b, c, out); return;
    }
}

void kq_eval_negate(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    kq_value a;
    kq_eval(e->args[0], row, c, &a);
    a = scalar_of(&a);
    if (a.null) {
        *out = a;
        return;
    }
    switch (a.type) {
    case KQ_T_REAL: *out = kq_real(-a.u.r); return;
    case KQ_T_INT:
    case KQ_T_LONG:
    case KQ_T_TIMESPAN: *out = a; out->u.i = wrap_sub(0, a.u.i); return;
    default: *out = kq_null(e->type); return;
    }
}

/* ---- comparison ---- */

static int compare_same_kind(const kq_value *a, const kq_value *b, bool *ok)
{
    *ok = true;
    if (kq_is_numeric(a->type) && kq_is_numeric(b->type)) {
        if (a->type == KQ_T_REAL || b->type == KQ_T_REAL) {
            double x = as_real(a), y = as_real(b);
            if (isnan(x) || isnan(y)) {
                *ok = false;
                return 0;
            }
            return x < y ? -1 : x > y;
        }
        return a->u.i < b->u.i ? -1 : a->u.i > b->u.i;
    }
    if (a->type == b->type) return kq_value_order(a, b);
    *ok = false;
    return 0;
}

void kq_compare(int op, const kq_value *a0, const kq_value *b0, kq_ctx *c, kq_value *out)
{
    kq_value a = *a0, b = *b0;
    bool eqop = op == T_EQ || op == T_NE;
    if (a.null || b.null) {
        if (a.null && b.null) *out = kq_null(KQ_T_BOOL);
        else if (eqop) *out = kq_bool(op == T_NE);
        else *out = kq_null(KQ_T_BOOL);
        return;
    }
    /* dynamic against a scalar: compare the dynamic's scalar (strings by text) */
    if (a.type == KQ_T_DYNAMIC || b.type == KQ_T_DYNAMIC) {
        if (a.type == KQ_T_STRING || b.type == KQ_T_STRING) {
            const char *s1, *s2;
            size_t n1, n2;
            bool z1, z2;
            kq_value_text(&a, c, &s1, &n1, &z1);
            kq_value_text(&b, c, &s2, &n2, &z2);
            a = kq_str(s1, n1);
            b = kq_str(s2, n2);
        } else {
            a = scalar_of(&a);
            b = scalar_of(&b);
            if (a.null || b.null) {
                kq_compare(op, &a, &b, c, out);
                return;
            }
        }
    }
    bool ok;
    int r = compare_same_kind(&a, &b, &ok);
    if (!ok) {
        /* NaN or incomparable kinds: only != is true */
        *out = kq_bool(op == T_NE);
        return;
    }
    switch (op) {
    case T_EQ: *out = kq_bool(r == 0); break;
    case T_NE: *out = kq_bool(r != 0); break;
    case T_LT: *out = kq_bool(r < 0); break;
    case T_LE: *out = kq_bool(r <= 0); break;
    case T_GT: *out = kq_bool(r > 0); break;
    case T_GE: *out = kq_bool(r >= 0); break;
    default: *out = kq_null(KQ_T_BOOL); break;
    }
}

/* ---- logic ---- */

static int truth(const kq_value *v)
{
    /* 1 true, 0 false, -1 null */
    kq_value s = scalar_of(v);
    if (s.null || s.type != KQ_T_BOOL) return -1;
    return s.u.b ? 1 : 0;
}

/* n-ary and: false if any operand is false, else null if any is null, else true */
void kq_eval_and(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    bool saw_null = false;
    for (int i = 0; i < e->nargs; i++) {
        kq_value a;
        kq_eval(e->args[i], row, c, &a);
        int x = truth(&a);
        if (x == 0) {
            *out = kq_bool(false);
            return;
        }
        if (x < 0) saw_null = true;
    }
    *out = saw_null ? kq_null(KQ_T_BOOL) : kq_bool(true);
}

/* n-ary or: true if any operand is true, else null if any is null, else false */
void kq_eval_or(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    bool saw_null = false;
    for (int i = 0; i < e->nargs; i++) {
        kq_value a;
        kq_eval(e->args[i], row, c, &a);
        int x = truth(&a);
        if (x == 1) {
            *out = kq_bool(true);
            return;
        }
        if (x < 0) saw_null = true;
    }
    *out = saw_null ? kq_null(KQ_T_BOOL) : kq_bool(false);
}

/* ---- string operators ---- */

static bool is_negated(int op)
{
    switch (op) {
    case T_NE_CI: case T_NOT_HAS: case T_NOT_HAS_CS: case T_NOT_HASPREFIX: case T_NOT_HASPREFIX_CS:
    case T_NOT_HASSUFFIX: case T_NOT_HASSUFFIX_CS: case T_NOT_CONTAINS: case T_NOT_CONTAINS_CS:
    case T_NOT_STARTSWITH: case T_NOT_STARTSWITH_CS: case T_NOT_ENDSWITH: case T_NOT_ENDSWITH_CS:
    case T_NOT_IN: case T_NOT_IN_CI:
        return true;
    default: return false;
    }
}

static bool string_match(int op, const char *h, size_t hn, const char *n, size_t nn)
{
    switch (op) {
    case T_EQ_CI: case T_NE_CI: return kq_equals(h, hn, n, nn, false);
    case T_HAS: case T_NOT_HAS: return kq_has(h, hn, n, nn, false);
    case T_HAS_CS: case T_NOT_HAS_CS: return kq_has(h, hn, n, nn, true);
    case T_HASPREFIX: case T_NOT_HASPREFIX: return kq_hasprefix(h, hn, n, nn, false);
    case T_HASPREFIX_CS: case T_NOT_HASPREFIX_CS: return kq_hasprefix(h, hn, n, nn, true);
    case T_HASSUFFIX: case T_NOT_HASSUFFIX: return kq_hassuffix(h, hn, n, nn, false);
    case T_HASSUFFIX_CS: case T_NOT_HASSUFFIX_CS: return kq_hassuffix(h, hn, n, nn, true);
    case T_CONTAINS: case T_NOT_CONTAINS: return kq_contains(h, hn, n, nn, false);
    case T_CONTAINS_CS: case T_NOT_CONTAINS_CS: return kq_contains(h, hn, n, nn, true);
    case T_STARTSWITH: case T_NOT_STARTSWITH: return kq_startswith(h, hn, n, nn, false);
    case T_STARTSWITH_CS: case T_NOT_STARTSWITH_CS: return kq_startswith(h, hn, n, nn, true);
    case T_ENDSWITH: case T_NOT_ENDSWITH: return kq_endswith(h, hn, n, nn, false);
    case T_ENDSWITH_CS: case T_NOT_ENDSWITH_CS: return kq_endswith(h, hn, n, nn, true);
    default: return false;
    }
}

void kq_eval_string_op(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    kq_value a, b;
    kq_eval(e->args[0], row, c, &a);
    kq_eval(e->args[1], row, c, &b);
    const char *h, *n;
    size_t hn, nn;
    bool hnull, nnull;
    kq_value_text(&a, c, &h, &hn, &hnull);
    kq_value_text(&b, c, &n, &nn, &nnull);
    bool neg = is_negated(e->op);
    if (hnull || nnull) {
        if (hnull && nnull) *out = kq_null(KQ_T_BOOL);
        else *out = kq_bool(neg);
        return;
    }
    bool m = string_match(e->op, h, hn, n, nn);
    *out = kq_bool(neg ? !m : m);
}

/* ---- in / in~ ---- */

struct kq_value_set {
    bool ci;
    size_t nslots;
    size_t count;
    char **keys; /* owned key bytes, length-prefixed */
    size_t *key_lens;
};

static void set_key(kq_buf *b, const kq_value *v0, bool ci)
{
    kq_value v = scalar_of(v0);
    kq_buf_clear(b);
    if (ci && v.type == KQ_T_STRING) {
        char *low = kq_xmalloc(v.len * 3 + 1);
        size_t n = kq_utf8_tolower(v.u.s, v.len, low);
        kq_value t = kq_str(low, n);
        kq_value_key(b, &t);
        free(low);
        return;
    }
    kq_value_key(b, &v);
}

static bool set_insert(kq_value_set *s, const char *k, size_t n)
{
    size_t mask = s->nslots - 1;
    size_t i = kq_hash_bytes(k, n) & mask;
    while (s->keys[i]) {
        if (s->key_lens[i] == n && memcmp(s->keys[i], k, n) == 0) return false;
        i = (i + 1) & mask;
    }
    s->keys[i] = kq_xmalloc(n ? n : 1);
    memcpy(s->keys[i], k, n);
    s->key_lens[i] = n;
    s->count++;
    return true;
}

static bool set_lookup(const kq_value_set *s, const char *k, size_t n)
{
    size_t mask = s->nslots - 1;
    size_t i = kq_hash_bytes(k, n) & mask;
    while (s->keys[i]) {
        if (s->key_lens[i] == n && memcmp(s->keys[i], k, n) == 0) return true;
        i = (i + 1) & mask;
    }
    return false;
}

kq_value_set *kq_value_set_new(const kq_value *vals, int n, bool ci)
{
    kq_value_set *s = kq_xcalloc(1, sizeof *s);
    s->ci = ci;
    s->nslots = 16;
    while (s->nslots < (size_t)n * 2 + 2) s->nslots *= 2;
    s->keys = kq_xcalloc(s->nslots, sizeof(char *));
    s->key_lens = kq_xcalloc(s->nslots, sizeof(size_t));
    kq_buf b;
    kq_buf_init(&b);
    for (int i = 0; i < n; i++) {
        set_key(&b, &vals[i], ci);
        set_insert(s, b.p, b.len);
    }
    kq_buf_free(&b);
    return s;
}

void kq_value_set_free(kq_value_set *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->nslots; i++) free(s->keys[i]);
    free(s->keys);
    free(s->key_lens);
    free(s);
}

static bool value_set_has(const kq_value_set *s, const kq_value *v)
{
    kq_buf b;
    kq_buf_init(&b);
    set_key(&b, v, s->ci);
    bool r = set_lookup(s, b.p, b.len);
    kq_buf_free(&b);
    return r;
}

/* e->aux: constant value set; e->args[1..]: non-constant items checked one by one */
void kq_eval_in(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    kq_value x;
    kq_eval(e->args[0], row, c, &x);
    x = scalar_of(&x);
    bool neg = e->op == T_NOT_IN || e->op == T_NOT_IN_CI;
    bool ci = e->op == T_IN_CI || e->op == T_NOT_IN_CI;
    if (x.null) {
        *out = kq_bool(neg);
        return;
    }
    bool found = e->aux && value_set_has(e->aux, &x);
    for (int i = 1; !found && i < e->nargs; i++) {
        kq_value y;
        kq_eval(e->args[i], row, c, &y);
        if (y.type == KQ_T_DYNAMIC && !y.null && y.u.d->kind == KQ_D_ARRAY) {
            for (uint32_t j = 0; !found && j < y.u.d->n; j++) {
                kq_value z = kq_dyn_to_scalar(&y.u.d->u.items[j]);
                if (ci && z.type == KQ_T_STRING && x.type == KQ_T_STRING)
                    found = kq_equals(x.u.s, x.len, z.u.s, z.len, false);
                else found = kq_value_same(&x, &z);
            }
            continue;
        }
        y = scalar_of(&y);
        if (ci && y.type == KQ_T_STRING && x.type == KQ_T_STRING)
            found = kq_equals(x.u.s, x.len, y.u.s, y.len, false);
        else found = kq_value_same(&x, &y);
    }
    *out = kq_bool(neg ? !found : found);
}

/* whether any needle of y (a value, or the items of a dynamic array) has kq_has(h, needle) == want */
static bool some_needle_has(const char *h, size_t hn, const kq_value *y, kq_ctx *c, bool want)
{
    bool array = y->type == KQ_T_DYNAMIC && !y->null && y->u.d->kind == KQ_D_ARRAY;
    uint32_t count = array ? y->u.d->n : 1;
    for (uint32_t j = 0; j < count; j++) {
        kq_value z = array ? kq_dyn_to_scalar(&y->u.d->u.items[j]) : *y;
        const char *n;
        size_t nn;
        bool nnull;
        kq_value_text(&z, c, &n, &nn, &nnull);
        if (kq_has(h, hn, n, nn, false) == want) return true;
    }
    return false;
}

/* e->aux: kq_needle_set of the constant needles (NULL when none); e->op == 1: a constant needle
 * was "" (matches everything); e->args[1..]: needles only known per row */
void kq_eval_has_any(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    kq_value a;
    kq_eval(e->args[0], row, c, &a);
    const char *h;
    size_t hn;
    bool hnull;
    kq_value_text(&a, c, &h, &hn, &hnull);
    if (hnull) {
        *out = kq_bool(false);
        return;
    }
    if (e->op == 1 || (e->aux && kq_needle_set_has_any(e->aux, h, hn))) {
        *out = kq_bool(true);
        return;
    }
    for (int i = 1; i < e->nargs; i++) {
        kq_value y;
        kq_eval(e->args[i], row, c, &y);
        if (some_needle_has(h, hn, &y, c, true)) {
            *out = kq_bool(true);
            return;
        }
    }
    *out = kq_bool(false);
}

/* e->args[1..]: needles (constants folded by the binder into string constants) */
void kq_eval_has_all(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    kq_value a;
    kq_eval(e->args[0], row, c, &a);
    const char *h;
    size_t hn;
    bool hnull;
    kq_value_text(&a, c, &h, &hn, &hnull);
    if (hnull) {
        *out = kq_bool(false);
        return;
    }
    for (int i = 1; i < e->nargs; i++) {
        kq_value y;
        kq_eval(e->args[i], row, c, &y);
        if (some_needle_has(h, hn, &y, c, false)) {
            *out = kq_bool(false);
            return;
        }
    }
    *out = kq_bool(true);
}

void kq_eval_between(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    kq_value x, lo, hi;
    kq_eval(e->args[0], row, c, &x);
    kq_eval(e->args[1], row, c, &lo);
    kq_eval(e->args[2], row, c, &hi);
    x = scalar_of(&x);
    lo = scalar_of(&lo);
    hi = scalar_of(&hi);
    if (x.null || lo.null || hi.null) {
        *out = kq_null(KQ_T_BOOL);
        return;
    }
    if (lo.type == KQ_T_DATETIME && hi.type == KQ_T_TIMESPAN) {
        kq_value end;
        kq_arith(T_PLUS, &lo, &hi, &end);
        hi = end;
    }
    bool ok1, ok2;
    int r1 = compare_same_kind(&x, &lo, &ok1);
    int r2 = compare_same_kind(&x, &hi, &ok2);
    if (!ok1 || !ok2) {
        *out = kq_bool(e->op == T_NOT_BETWEEN);
        return;
    }
    bool in = r1 >= 0 && r2 <= 0;
    *out = kq_bool(e->op == T_NOT_BETWEEN ? !in : in);
}

/* ---- dynamic access ---- */

static const kq_dyn *dyn_member(const kq_dyn *d, const char *k, size_t kn)
{
    if (d->kind != KQ_D_OBJECT) return NULL;
    for (uint32_t i = 0; i < d->n; i++)
        if (d->u.members[i].key_len == kn && memcmp(d->u.members[i].key, k, kn) == 0)
            return &d->u.members[i].value;
    return NULL;
}

static const kq_dyn *as_dyn_container(const kq_value *v, kq_ctx *c)
{
    if (v->null) return NULL;
    if (v->type == KQ_T_DYNAMIC) {
        const kq_dyn *d = v->u.d;
        return d;
    }
    return NULL;
}

/* e->k: the member name as a string constant */
void kq_eval_member(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    kq_value o;
    kq_eval(e->args[0], row, c, &o);
    const kq_dyn *d = as_dyn_container(&o, c);
    const kq_dyn *m = d ? dyn_member(d, e->k.u.s, e->k.len) : NULL;
    *out = kq_dynv(m);
}

void kq_eval_index(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    kq_value o, k;
    kq_eval(e->args[0], row, c, &o);
    kq_eval(e->args[1], row, c, &k);
    const kq_dyn *d = as_dyn_container(&o, c);
    k = scalar_of(&k);
    const kq_dyn *m = NULL;
    if (d && !k.null) {
        if (k.type == KQ_T_STRING) m = dyn_member(d, k.u.s, k.len);
        else if ((k.type == KQ_T_LONG || k.type == KQ_T_INT) && d->kind == KQ_D_ARRAY) {
            int64_t i = k.u.i < 0 ? (int64_t)d->n + k.u.i : k.u.i;
            if (i >= 0 && i < (int64_t)d->n) m = &d->u.items[i];
        }
    }
    *out = kq_dynv(m);
}

/* ---- conversions ---- */

static kq_value parse_text_as(kq_type t, const char *s, size_t n)
{
    int64_t i;
    int32_t i32;
    double r;
    bool b;
    switch (t) {
    case KQ_T_LONG: return kq_parse_long(s, n, &i) ? kq_long(i) : kq_null(t);
    case KQ_T_INT: return kq_parse_int(s, n, &i32) ? kq_int(i32) : kq_null(t);
    case KQ_T_REAL: return kq_parse_real(s, n, &r) ? kq_real(r) : kq_null(t);
    case KQ_T_BOOL: return kq_parse_bool(s, n, &b) ? kq_bool(b) : kq_null(t);
    case KQ_T_DATETIME: return kq_dt_parse(s, n, &i) ? kq_typed_i(t, i) : kq_null(t);
    case KQ_T_TIMESPAN: return kq_ts_parse(s, n, &i) ? kq_typed_i(t, i) : kq_null(t);
    default: return kq_null(t);
    }
}

static int32_t saturate_int(double r)
{
    if (r >= 2147483647.0) return 2147483647;
    if (r <= -2147483648.0) return (int32_t)-2147483647 - 1;
    return (int32_t)r;
}

kq_value kq_convert(const kq_value *v0, kq_type t, kq_ctx *c)
{
    kq_value v = scalar_of(v0);
    if (t == KQ_T_STRING) return kq_value_tostring_value(v0, c->scratch);
    if (t == KQ_T_DYNAMIC) {
        if (v0->type == KQ_T_DYNAMIC) return *v0;
        return kq_dynv(kq_value_to_dyn(v0, c->scratch));
    }
    if (v.null) return kq_null(t);
    if (v.type == KQ_T_STRING) return parse_text_as(t, v.u.s, v.len);
    if (v.type == KQ_T_DYNAMIC) return kq_null(t); /* containers do not convert */
    switch (t) {
    case KQ_T_LONG:
        if (v.type == KQ_T_REAL) {
            if (isnan(v.u.r) || fabs(v.u.r) >= 9.2233720368547758e18) return kq_null(t);
            return kq_long((int64_t)v.u.r);
        }
        if (v.type == KQ_T_BOOL) return kq_long(v.u.b);
        return kq_long(v.u.i);
    case KQ_T_INT:
        if (v.type == KQ_T_REAL) return isnan(v.u.r) ? kq_null(t) : kq_int(saturate_int(v.u.r));
        if (v.type == KQ_T_BOOL) return kq_int(v.u.b);
        return kq_int((int32_t)(uint32_t)(uint64_t)v.u.i);
    case KQ_T_REAL:
        if (v.type == KQ_T_REAL) return v;
        if (v.type == KQ_T_BOOL) return kq_real(v.u.b);
        return kq_real((double)v.u.i);
    case KQ_T_BOOL:
        if (v.type == KQ_T_BOOL) return v;
        if (v.type == KQ_T_REAL) return isnan(v.u.r) ? kq_null(t) : kq_bool(v.u.r != 0);
        if (v.type == KQ_T_INT || v.type == KQ_T_LONG) return kq_bool(v.u.i != 0);
        return kq_null(t);
    case KQ_T_DATETIME:
        if (v.type == KQ_T_DATETIME) return v;
        return kq_null(t);
    case KQ_T_TIMESPAN:
        if (v.type == KQ_T_TIMESPAN) return v;
        if (v.type == KQ_T_LONG || v.type == KQ_T_INT) return kq_typed_i(t, v.u.i);
        return kq_null(t);
    default: return kq_null(t);
    }
}
