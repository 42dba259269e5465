/*
 * value.c - text forms, copies, ordering, equality and hashing of kq_value (see value.h).
 */
#include "value.h"

#include <math.h>
#include <string.h>

#include "../base/datetime.h"
#include "../base/json.h"
#include "../base/numconv.h"

const char *kq_type_name(kq_type t)
{
    switch (t) {
    case KQ_T_BOOL: return "bool";
    case KQ_T_INT: return "int";
    case KQ_T_LONG: return "long";
    case KQ_T_REAL: return "real";
    case KQ_T_STRING: return "string";
    case KQ_T_DATETIME: return "datetime";
    case KQ_T_TIMESPAN: return "timespan";
    case KQ_T_DYNAMIC: return "dynamic";
    case KQ_T_TABLE: return "table";
    default: return "unknown";
    }
}

static void put_real(kq_buf *b, double r)
{
    char tmp[40];
    size_t n = kq_real_format(r, tmp);
    kq_buf_put(b, tmp, n);
}

static void put_scalar(kq_buf *b, const kq_value *v, bool dotnet_bool)
{
    char tmp[40];
    if (v->null) return;
    switch (v->type) {
    case KQ_T_BOOL:
        if (dotnet_bool) kq_buf_puts(b, v->u.b ? "True" : "False");
        else kq_buf_puts(b, v->u.b ? "true" : "false");
        break;
    case KQ_T_INT:
    case KQ_T_LONG: kq_buf_printf(b, "%lld", (long long)v->u.i); break;
    case KQ_T_REAL: put_real(b, v->u.r); break;
    case KQ_T_STRING: kq_buf_put(b, v->u.s, v->len); break;
    case KQ_T_DATETIME: kq_buf_put(b, tmp, kq_dt_format(v->u.i, tmp)); break;
    case KQ_T_TIMESPAN: kq_buf_put(b, tmp, kq_ts_format(v->u.i, tmp)); break;
    case KQ_T_DYNAMIC:
        if (v->u.d->kind == KQ_D_STRING) kq_buf_put(b, v->u.d->u.s, v->u.d->n);
        else kq_json_write(b, v->u.d);
        break;
    default: break;
    }
}

void kq_value_tostring(kq_buf *b, const kq_value *v)
{
    put_scalar(b, v, true);
}

void kq_value_display(kq_buf *b, const kq_value *v)
{
    put_scalar(b, v, false);
}

kq_value kq_value_tostring_value(const kq_value *v, kq_arena *a)
{
    if (v->type == KQ_T_STRING) return *v;
    if (v->type == KQ_T_DYNAMIC && !v->null && v->u.d->kind == KQ_D_STRING)
        return kq_str(v->u.d->u.s, v->u.d->n);
    kq_buf b;
    kq_buf_init(&b);
    kq_value_tostring(&b, v);
    kq_value out = kq_str(kq_arena_strdup(a, b.p ? b.p : "", b.len), b.len);
    kq_buf_free(&b);
    return out;
}

size_t kq_value_format(const kq_value *v, char *out, size_t cap)
{
    kq_buf b;
    kq_buf_init(&b);
    kq_value_display(&b, v);
    size_t n = b.len;
    if (cap) {
        size_t m = n < cap - 1 ? n : cap - 1;
        if (m) memcpy(out, b.p, m);
        out[m] = 0;
    }
    kq_buf_free(&b);
    return n;
}

kq_dyn kq_dyn_copy(const kq_dyn *d, kq_arena *a)
{
    kq_dyn c = *d;
    switch (d->kind) {
    case KQ_D_STRING: c.u.s = kq_arena_strdup(a, d->u.s, d->n); break;
    case KQ_D_ARRAY: {
        kq_dyn *items = kq_arena_alloc(a, sizeof(kq_dyn) * (d->n ? d->n : 1));
        for (uint32_t i = 0; i < d->n; i++) items[i] = kq_dyn_copy(&d->u.items[i], a);
        c.u.items = items;
        break;
    }
    case KQ_D_OBJECT: {
        kq_dyn_member *m = kq_arena_alloc(a, sizeof(kq_dyn_member) * (d->n ? d->n : 1));
        for (uint32_t i = 0; i < d->n; i++) {
            m[i].key = kq_arena_strdup(a, d->u.members[i].key, d->u.members[i].key_len);
            m[i].key_len = d->u.members[i].key_len;
            m[i].value = kq_dyn_copy(&d->u.members[i].value, a);
        }
        c.u.members = m;
        break;
    }
    default: break;
    }
    return c;
}

kq_value kq_value_copy(const kq_value *v, kq_arena *a)
{
    kq_value c = *v;
    if (v->type == KQ_T_STRING) {
        c.u.s = v->len ? kq_arena_strdup(a, v->u.s, v->len) : "";
    } else if (v->type == KQ_T_DYNAMIC && !v->null) {
        kq_dyn *d = kq_arena_alloc(a, sizeof *d);
        *d = kq_dyn_copy(v->u.d, a);
        c.u.d = d;
    }
    return c;
}

kq_value kq_dyn_to_scalar(const kq_dyn *d)
{
    switch (d->kind) {
    case KQ_D_BOOL: return kq_bool(d->u.b);
    case KQ_D_LONG: return kq_long(d->u.i);
    case KQ_D_REAL: return kq_real(d->u.r);
    case KQ_D_STRING: return kq_str(d->u.s, d->n);
    case KQ_D_DATETIME: return kq_typed_i(KQ_T_DATETIME, d->u.i);
    case KQ_D_TIMESPAN: return kq_typed_i(KQ_T_TIMESPAN, d->u.i);
    default: return kq_dynv(d);
    }
}

const kq_dyn *kq_value_to_dyn(const kq_value *v, kq_arena *a)
{
    if (v->type == KQ_T_DYNAMIC) {
        if (v->null) {
            kq_dyn *d = kq_arena_zalloc(a, sizeof *d);
            return d;
        }
        return v->u.d;
    }
    kq_dyn *d = kq_arena_zalloc(a, sizeof *d);
    if (v->null) return d;
    switch (v->type) {
    case KQ_T_BOOL: d->kind = KQ_D_BOOL; d->u.b = v->u.b; break;
    case KQ_T_INT:
    case KQ_T_LONG: d->kind = KQ_D_LONG; d->u.i = v->u.i; break;
    case KQ_T_REAL: d->kind = KQ_D_REAL; d->u.r = v->u.r; break;
    case KQ_T_STRING: d->kind = KQ_D_STRING; d->u.s = v->u.s; d->n = v->len; break;
    case KQ_T_DATETIME: d->kind = KQ_D_DATETIME; d->u.i = v->u.i; break;
    case KQ_T_TIMESPAN: {
        /* timespans inside bag_pack/pack_array are kept as their text */
        char tmp[40];
        size_t n = kq_ts_format(v->u.i, tmp);
        d->kind = KQ_D_STRING;
        d->u.s = kq_arena_strdup(a, tmp, n);
        d->n = (uint32_t)n;
        break;
    }
    default: break;
    }
    return d;
}

static int cmp_num(double x, double y)
{
    return x < y ? -1 : x > y ? 1 : 0;
}

static int order_rank(const kq_value *v)
{
    /* nulls first, then NaN, then every other value */
    if (v->null) return 0;
    if (v->type == KQ_T_REAL && isnan(v->u.r)) return 1;
    return 2;
}

static int cmp_dyn(const kq_dyn *a, const kq_dyn *b);

int kq_value_order(const kq_value *a, const kq_value *b)
{
    int ra = order_rank(a), rb = order_rank(b);
    if (ra != 2 || rb != 2) return ra - rb;
    if (a->type == KQ_T_STRING && b->type == KQ_T_STRING) {
        size_t n = a->len < b->len ? a->len : b->len;
        int c = n ? memcmp(a->u.s, b->u.s, n) : 0;
        if (c) return c;
        return a->len < b->len ? -1 : a->len > b->len;
    }
    if (kq_is_numeric(a->type) && kq_is_numeric(b->type)) {
        if (a->type != KQ_T_REAL && b->type != KQ_T_REAL)
            return a->u.i < b->u.i ? -1 : a->u.i > b->u.i;
        double x = a->type == KQ_T_REAL ? a->u.r : (double)a->u.i;
        double y = b->type == KQ_T_REAL ? b->u.r : (double)b->u.i;
        return cmp_num(x, y);
    }
    if (a->type == b->type) {
        switch (a->type) {
        case KQ_T_BOOL: return (int)a->u.b - (int)b->u.b;
        case KQ_T_DATETIME:
        case KQ_T_TIMESPAN: return a->u.i < b->u.i ? -1 : a->u.i > b->u.i;
        case KQ_T_DYNAMIC: return cmp_dyn(a->u.d, b->u.d);
        default: return 0;
        }
    }
    return (int)a->type - (int)b->type;
}

static int cmp_dyn(const kq_dyn *a, const kq_dyn *b)
{
    kq_value x = kq_dyn_to_scalar(a), y = kq_dyn_to_scalar(b);
    if (x.type != KQ_T_DYNAMIC && y.type != KQ_T_DYNAMIC) return kq_value_order(&x, &y);
    if (a->kind != b->kind) return (int)a->kind - (int)b->kind;
    kq_buf ba, bb;
    kq_buf_init(&ba);
    kq_buf_init(&bb);
    kq_json_write(&ba, a);
    kq_json_write(&bb, b);
    size_t n = ba.len < bb.len ? ba.len : bb.len;
    int c = n ? memcmp(ba.p, bb.p, n) : 0;
    if (!c) c = ba.len < bb.len ? -1 : ba.len > bb.len;
    kq_buf_free(&ba);
    kq_buf_free(&bb);
    return c;
}

bool kq_value_same(const kq_value *a, const kq_value *b)
{
    if (a->null || b->null) return a->null && b->null;
    if (a->type == KQ_T_STRING || b->type == KQ_T_STRING) {
        if (a->type != b->type) return false;
        return a->len == b->len && (a->len == 0 || memcmp(a->u.s, b->u.s, a->len) == 0);
    }
    if (kq_is_numeric(a->type) && kq_is_numeric(b->type)) return kq_value_order(a, b) == 0;
    if (a->type != b->type) return false;
    if (a->type == KQ_T_REAL) return a->u.r == b->u.r || (isnan(a->u.r) && isnan(b->u.r));
    return kq_value_order(a, b) == 0;
}

void kq_value_key(kq_buf *b, const kq_value *v)
{
    char tag = (char)v->type;
    if (v->null) {
        kq_buf_putc(b, 0);
        return;
    }
    if (kq_is_numeric(v->type)) {
        /* numbers that are equal by value must give the same key */
        double r = v->type == KQ_T_REAL ? v->u.r : (double)v->u.i;
        if (v->type != KQ_T_REAL || (r == (double)(int64_t)r && fabs(r) < 9e18)) {
            int64_t i = v->type == KQ_T_REAL ? (int64_t)r : v->u.i;
            kq_buf_putc(b, 'i');
            kq_buf_put(b, &i, sizeof i);
        } else {
            kq_buf_putc(b, 'r');
            if (isnan(r)) r = NAN;
            kq_buf_put(b, &r, sizeof r);
        }
        return;
    }
    kq_buf_putc(b, tag);
    switch (v->type) {
    case KQ_T_BOOL: kq_buf_putc(b, v->u.b ? 1 : 0); break;
    case KQ_T_STRING: {
        uint32_t n = v->len;
        kq_buf_put(b, &n, sizeof n);
        kq_buf_put(b, v->u.s, n);
        break;
    }
    case KQ_T_DATETIME:
    case KQ_T_TIMESPAN: kq_buf_put(b, &v->u.i, sizeof v->u.i); break;
    case KQ_T_DYNAMIC: {
        kq_buf tmp;
        kq_buf_init(&tmp);
        kq_json_write(&tmp, v->u.d);
        uint32_t n = (uint32_t)tmp.len;
        kq_buf_put(b, &n, sizeof n);
        kq_buf_put(b, tmp.p, tmp.len);
        kq_buf_free(&tmp);
        break;
    }
    default: break;
    }
}

uint64_t kq_hash_bytes(const void *p, size_t n)
{
    /* FNV-1a over 8-byte words, then a final avalanche */
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    for (; i < n; i++) h = (h ^ s[i]) * 0x100000001b3ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}
