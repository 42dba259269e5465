/*
 * fn_ip.c - IPv4 functions (KQL_SUBSET.md 6.6): ipv4_compare, ipv4_is_match,
 * ipv4_is_in_any_range, has_ipv4, has_ipv4_prefix, has_any_ipv4, has_any_ipv4_prefix,
 * format_ipv4, format_ipv4_mask, ipv4_netmask_suffix, parse_ipv4, ipv4_is_private, ipv4_is_in_range.
 * Addresses parse as parse_ipv4 does
 * (a.b.c.d[/n], no leading zeros, surrounding blanks tolerated).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "fn.h"
#include "value.h"

static uint32_t mask_of(int p)
{
    return p <= 0 ? 0 : p >= 32 ? 0xFFFFFFFFu : ~((1u << (32 - p)) - 1);
}

/* parses exactly four dotted octets at s[i..]; advances i */
static bool octets(const char *s, size_t n, size_t *pi, uint32_t *addr)
{
    size_t i = *pi;
    uint32_t a = 0;
    for (int part = 0; part < 4; part++) {
        if (part) {
            if (i >= n || s[i] != '.') return false;
            i++;
        }
        size_t st = i;
        unsigned v = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && i - st < 4) v = v * 10 + (unsigned)(s[i++] - '0');
        if (i == st || v > 255 || (i - st > 1 && s[st] == '0')) return false;
        a = (a << 8) | v;
    }
    *pi = i;
    *addr = a;
    return true;
}

/* a.b.c.d[/n] with blanks around; the address is masked with /n */
static bool parse_ip(const char *s, size_t n, uint32_t *addr, int *prefix)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    uint32_t a;
    if (!octets(s, n, &i, &a)) return false;
    int p = 32;
    if (i < n && s[i] == '/') {
        i++;
        size_t st = i;
        p = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && i - st < 3) p = p * 10 + (s[i++] - '0');
        if (i == st || p > 32) return false;
    }
    if (i != n) return false;
    *addr = a & mask_of(p);
    *prefix = p;
    return true;
}

static bool ip_arg(const kq_value *v, kq_ctx *c, uint32_t *a, int *p)
{
    const char *s;
    size_t n;
    bool z;
    kq_value_text(v, c, &s, &n, &z);
    return !z && parse_ip(s, n, a, p);
}

/* an optional prefix argument in 0..32 */
static bool prefix_arg(const kq_expr *e, int i, const kq_value *row, kq_ctx *c, int *p)
{
    *p = 32;
    if (e->nargs <= i) return true;
    KQ_ARG(i, v);
    if (v.type == KQ_T_DYNAMIC && !v.null) v = kq_dyn_to_scalar(v.u.d);
    if (v.null) return false;
    int64_t x;
    if (v.type == KQ_T_LONG || v.type == KQ_T_INT) x = v.u.i;
    else if (v.type == KQ_T_REAL && isfinite(v.u.r)) x = (int64_t)v.u.r;
    else return false;
    if (x < 0 || x > 32) return false;
    *p = (int)x;
    return true;
}

/* -2 when an argument is invalid, else -1/0/1 */
static int compare_impl(const kq_expr *e, const kq_value *row, kq_ctx *c)
{
    KQ_ARG(0, x);
    KQ_ARG(1, y);
    uint32_t a, b;
    int pa, pb, p;
    if (!ip_arg(&x, c, &a, &pa) || !ip_arg(&y, c, &b, &pb) || !prefix_arg(e, 2, row, c, &p)) return -2;
    if (pa < p) p = pa;
    if (pb < p) p = pb;
    uint32_t m = mask_of(p);
    a &= m;
    b &= m;
    return a < b ? -1 : a > b;
}

static void fn_ipv4_compare(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    int r = compare_impl(e, row, c);
    *out = r == -2 ? kq_null(KQ_T_LONG) : kq_long(r);
}

static void fn_ipv4_is_match(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    int r = compare_impl(e, row, c);
    *out = r == -2 ? kq_null(KQ_T_BOOL) : kq_bool(r == 0);
}

static bool in_range(uint32_t a, uint32_t ra, int rp)
{
    uint32_t m = mask_of(rp);
    return (a & m) == (ra & m);
}

/* Constant ranges of ipv4_is_in_any_range, prepared once: sorted, merged address intervals, so
 * that a lookup costs a binary search whatever the number of ranges (threat feeds list
 * thousands). `invalid`: some range is not an address, so every answer is null. */
typedef struct range_table {
    bool invalid;
    size_t n;
    uint32_t *lo, *hi;
} range_table;

static void range_table_free(void *p)
{
    range_table *t = p;
    free(t->lo);
    free(t->hi);
    free(t);
}

/* adds one constant range (a string, or a dynamic string); false when it is not a constant kq
 * can read here (then the ranges are evaluated row by row) */
static bool add_constant_range(range_table *t, size_t *cap, const kq_value *v)
{
    const char *text;
    size_t len;
    if (v->type == KQ_T_STRING) text = v->u.s, len = v->len;
    else if (v->type == KQ_T_DYNAMIC && !v->null && v->u.d->kind == KQ_D_STRING) text = v->u.d->u.s, len = v->u.d->n;
    else return false;
    uint32_t a;
    int p;
    if (!parse_ip(text, len, &a, &p)) {
        t->invalid = true;
        return true;
    }
    if (t->n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        t->lo = kq_xrealloc(t->lo, *cap * sizeof *t->lo);
        t->hi = kq_xrealloc(t->hi, *cap * sizeof *t->hi);
    }
    uint32_t m = mask_of(p);
    t->lo[t->n] = a & m;
    t->hi[t->n] = (a & m) | ~m;
    t->n++;
    return true;
}

static int by_low(const void *x, const void *y)
{
    const uint64_t *a = x, *b = y;
    return *a < *b ? -1 : *a > *b;
}

static bool prepare_any_range(kq_expr *e, char *err, size_t cap_err)
{
    for (int i = 1; i < e->nargs; i++)
        if (!e->args[i]->is_const) return true; /* ranges that vary by row: evaluated as they come */
    range_table *t = kq_xcalloc(1, sizeof *t);
    size_t cap = 0;
    for (int i = 1; i < e->nargs; i++) {
        const kq_value *v = &e->args[i]->k;
        bool ok = true;
        if (v->type == KQ_T_DYNAMIC && !v->null && v->u.d->kind == KQ_D_ARRAY) {
            for (uint32_t j = 0; ok && j < v->u.d->n; j++) {
                kq_value item = kq_dynv(&v->u.d->u.items[j]);
                ok = add_constant_range(t, &cap, &item);
            }
        } else ok = add_constant_range(t, &cap, v);
        if (!ok) {
            range_table_free(t);
            return true;
        }
    }
    /* sort by low end (packed with the high end) and merge overlapping or adjacent intervals */
    uint64_t *packed = kq_xmalloc((t->n ? t->n : 1) * sizeof *packed);
    for (size_t i = 0; i < t->n; i++) packed[i] = (uint64_t)t->lo[i] << 32 | t->hi[i];
    qsort(packed, t->n, sizeof *packed, by_low);
    size_t merged = 0;
    for (size_t i = 0; i < t->n; i++) {
        uint32_t lo = (uint32_t)(packed[i] >> 32), hi = (uint32_t)packed[i];
        if (merged && (uint64_t)lo <= (uint64_t)t->hi[merged - 1] + 1) {
            if (hi > t->hi[merged - 1]) t->hi[merged - 1] = hi;
            continue;
        }
        t->lo[merged] = lo;
        t->hi[merged] = hi;
        merged++;
    }
    t->n = merged;
    free(packed);
    e->aux = t;
    e->aux_free = range_table_free;
    return true;
}

static bool range_table_has(const range_table *t, uint32_t a)
{
    size_t lo = 0, hi = t->n; /* the last interval whose low end is <= a */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->lo[mid] <= a) lo = mid + 1;
        else hi = mid;
    }
    return lo > 0 && a <= t->hi[lo - 1];
}

/* ipv4_is_in_any_range(ip, r1, r2, ...) or (ip, dynamic([r1, ...])); any invalid input -> null */
static void fn_ipv4_is_in_any_range(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, v);
    uint32_t a, ra;
    int p, rp;
    if (!ip_arg(&v, c, &a, &p)) {
        *out = kq_null(KQ_T_BOOL);
        return;
    }
    if (e->aux) {
        const range_table *t = e->aux;
        *out = t->invalid ? kq_null(KQ_T_BOOL) : kq_bool(range_table_has(t, a));
        return;
    }
    bool found = false;
    for (int i = 1; i < e->nargs; i++) {
        KQ_ARG(i, r);
        if (r.type == KQ_T_DYNAMIC && !r.null && r.u.d->kind == KQ_D_ARRAY) {
            for (uint32_t j = 0; j < r.u.d->n; j++) {
                kq_value x = kq_dynv(&r.u.d->u.items[j]);
                if (!ip_arg(&x, c, &ra, &rp)) {
                    *out = kq_null(KQ_T_BOOL);
                    return;
                }
                found = found || in_range(a, ra, rp);
            }
            continue;
        }
        if (!ip_arg(&r, c, &ra, &rp)) {
            *out = kq_null(KQ_T_BOOL);
            return;
        }
        found = found || in_range(a, ra, rp);
    }
    *out = kq_bool(found);
}

/* ---- searching addresses in text ---- */

static bool is_alnum(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* calls visit(addr text) for each valid, delimited IPv4 address in s; stops when it returns
 * true. An address is a maximal run of digits and dots not touching letters or digits; a
 * sentence-ending dot after it is allowed. */
typedef bool (*ip_visit)(const char *ip, size_t n, const void *arg);

static bool scan_ips(const char *s, size_t n, ip_visit visit, const void *arg)
{
    size_t i = 0;
    while (i < n) {
        if (!(s[i] >= '0' && s[i] <= '9') || (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '.'))) {
            i++;
            continue;
        }
        size_t st = i;
        while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) i++;
        size_t en = i;
        if (i < n && is_alnum(s[i])) continue;
        if (en > st && s[en - 1] == '.') en--; /* "... 10.1.1.1." */
        size_t k = st;
        uint32_t a;
        if (octets(s, en, &k, &a) && k == en && visit(s + st, en - st, arg)) return true;
    }
    return false;
}

typedef struct needle {
    const char *s;
    size_t n;
    bool prefix;
} needle;

static bool visit_one(const char *ip, size_t n, const void *arg)
{
    const needle *nd = arg;
    if (nd->prefix) return n >= nd->n && memcmp(ip, nd->s, nd->n) == 0;
    return n == nd->n && memcmp(ip, nd->s, n) == 0;
}

/* a needle: a full address (canonical text) or, for prefixes, 1-3 octets followed by '.' */
static bool make_needle(const kq_value *v, kq_ctx *c, bool prefix, needle *nd)
{
    const char *s;
    size_t n;
    bool z;
    kq_value_text(v, c, &s, &n, &z);
    if (z) return false;
    while (n && (s[0] == ' ' || s[0] == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    size_t i = 0;
    uint32_t a;
    nd->s = s;
    nd->n = n;
    nd->prefix = false;
    if (octets(s, n, &i, &a) && i == n) return true;
    if (!prefix || n < 2 || s[n - 1] != '.') return false;
    /* 1 to 3 octets each followed by '.' */
    int parts = 0;
    i = 0;
    while (i < n) {
        size_t st = i;
        unsigned x = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && i - st < 4) x = x * 10 + (unsigned)(s[i++] - '0');
        if (i == st || x > 255 || (i - st > 1 && s[st] == '0') || i >= n || s[i] != '.') return false;
        i++;
        parts++;
    }
    if (parts > 3) return false;
    nd->prefix = true;
    return true;
}

static void has_impl(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out, bool prefix)
{
    KQ_ARG(0, t);
    const char *s;
    size_t n;
    bool z;
    kq_value_text(&t, c, &s, &n, &z);
    for (int i = 1; i < e->nargs && !z; i++) {
        KQ_ARG(i, v);
        if (v.type == KQ_T_DYNAMIC && !v.null && v.u.d->kind == KQ_D_ARRAY) {
            for (uint32_t j = 0; j < v.u.d->n; j++) {
                kq_value x = kq_dynv(&v.u.d->u.items[j]);
                needle nd;
                if (make_needle(&x, c, prefix, &nd) && scan_ips(s, n, visit_one, &nd)) {
                    *out = kq_bool(true);
                    return;
                }
            }
            continue;
        }
        needle nd;
        if (make_needle(&v, c, prefix, &nd) && scan_ips(s, n, visit_one, &nd)) {
            *out = kq_bool(true);
            return;
        }
    }
    *out = kq_bool(false);
}

static void fn_has_ipv4(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { has_impl(e, row, c, out, false); }
static void fn_has_ipv4_prefix(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { has_impl(e, row, c, out, true); }

/* ---- formatting ---- */

/* the address of a string (a.b.c.d[/n]) or a number in 0..2^32-1 */
static bool ip_or_number(const kq_value *v0, kq_ctx *c, uint32_t *a, int *p)
{
    kq_value v = *v0;
    if (v.type == KQ_T_DYNAMIC && !v.null) v = kq_dyn_to_scalar(v.u.d);
    if (v.null) return false;
    if (v.type == KQ_T_LONG || v.type == KQ_T_INT) {
        if (v.u.i < 0 || v.u.i > 0xFFFFFFFFLL) return false;
        *a = (uint32_t)v.u.i;
        *p = 32;
        return true;
    }
    if (v.type == KQ_T_REAL) {
        if (!(v.u.r >= 0 && v.u.r <= 4294967295.0) || v.u.r != floor(v.u.r)) return false;
        *a = (uint32_t)v.u.r;
        *p = 32;
        return true;
    }
    return ip_arg(&v, c, a, p);
}

static void format_impl(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out, bool with_mask)
{
    KQ_ARG(0, v);
    uint32_t a;
    int p, q;
    if (!ip_or_number(&v, c, &a, &p) || !prefix_arg(e, 1, row, c, &q)) {
        *out = kq_str("", 0);
        return;
    }
    if (q < p) p = q;
    a &= mask_of(p);
    char *o = kq_arena_alloc(c->scratch, 24);
    int len = with_mask ? snprintf(o, 24, "%u.%u.%u.%u/%d", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255, p)
                        : snprintf(o, 24, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
    *out = kq_str(o, len > 0 && len < 24 ? (size_t)len : 0);
}

static void fn_format_ipv4(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { format_impl(e, row, c, out, false); }
static void fn_format_ipv4_mask(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { format_impl(e, row, c, out, true); }

static void fn_ipv4_netmask_suffix(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, v);
    uint32_t a;
    int p;
    *out = ip_arg(&v, c, &a, &p) ? kq_int(p) : kq_null(KQ_T_INT);
}

static void fn_parse_ipv4(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, v);
    uint32_t a;
    int p;
    *out = ip_arg(&v, c, &a, &p) ? kq_long(a) : kq_null(KQ_T_LONG);
}

static void fn_ipv4_is_private(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, v);
    uint32_t a;
    int p;
    if (!ip_arg(&v, c, &a, &p)) {
        *out = kq_null(KQ_T_BOOL);
        return;
    }
    bool priv = (a >> 24) == 10 || (a >> 20) == ((172u << 4) | 1) || (a >> 16) == ((192u << 8) | 168);
    *out = kq_bool(priv);
}

static void fn_ipv4_is_in_range(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, v);
    KQ_ARG(1, r);
    uint32_t a, ra;
    int p, rp;
    if (!ip_arg(&v, c, &a, &p) || !ip_arg(&r, c, &ra, &rp)) {
        *out = kq_null(KQ_T_BOOL);
        return;
    }
    uint32_t mask = rp == 0 ? 0 : ~((rp == 32) ? 0u : ((1u << (32 - rp)) - 1));
    *out = kq_bool((a & mask) == (ra & mask));
}


const kq_fn kq_fns_ip[] = {
    {"parse_ipv4", 1, 1, RT_FIXED, KQ_T_LONG, fn_parse_ipv4, NULL},
    {"ipv4_is_private", 1, 1, RT_FIXED, KQ_T_BOOL, fn_ipv4_is_private, NULL},
    {"ipv4_is_in_range", 2, 2, RT_FIXED, KQ_T_BOOL, fn_ipv4_is_in_range, NULL},
    {"ipv4_compare", 2, 3, RT_FIXED, KQ_T_LONG, fn_ipv4_compare, NULL},
    {"ipv4_is_match", 2, 3, RT_FIXED, KQ_T_BOOL, fn_ipv4_is_match, NULL},
    {"ipv4_is_in_any_range", 2, 64, RT_FIXED, KQ_T_BOOL, fn_ipv4_is_in_any_range, prepare_any_range},
    {"has_ipv4", 2, 2, RT_FIXED, KQ_T_BOOL, fn_has_ipv4, NULL},
    {"has_ipv4_prefix", 2, 2, RT_FIXED, KQ_T_BOOL, fn_has_ipv4_prefix, NULL},
    {"has_any_ipv4", 2, 64, RT_FIXED, KQ_T_BOOL, fn_has_ipv4, NULL},
    {"has_any_ipv4_prefix", 2, 64, RT_FIXED, KQ_T_BOOL, fn_has_ipv4_prefix, NULL},
    {"format_ipv4", 1, 2, RT_FIXED, KQ_T_STRING, fn_format_ipv4, NULL},
    {"format_ipv4_mask", 1, 2, RT_FIXED, KQ_T_STRING, fn_format_ipv4_mask, NULL},
    {"ipv4_netmask_suffix", 1, 1, RT_FIXED, KQ_T_INT, fn_ipv4_netmask_suffix, NULL},
    {NULL, 0, 0, RT_FIXED, KQ_T_UNKNOWN, NULL, NULL},
};
