/*
 * fn_dynamic.c - dynamic (JSON) functions (KQL_SUBSET.md 6.5): parse_json/todynamic,
 * array_length, set_has_element, pack_array, bag_pack/pack, bag_keys,
 * array_concat.
 */
#include <stdio.h>
#include <string.h>

#include "../base/json.h"
#include "fn.h"
#include "value.h"

static void fn_parse_json(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    if (a.type == KQ_T_DYNAMIC) {
        /* a dynamic string holding JSON is parsed too */
        if (a.null || a.u.d->kind != KQ_D_STRING) {
            *out = a;
            return;
        }
        a = kq_str(a.u.d->u.s, a.u.d->n);
    }
    if (a.type != KQ_T_STRING) {
        *out = kq_convert(&a, KQ_T_DYNAMIC, c);
        return;
    }
    if (a.len == 0) {
        *out = kq_null(KQ_T_DYNAMIC);
        return;
    }
    kq_dyn *d = kq_arena_alloc(c->scratch, sizeof *d);
    size_t off;
    if (!kq_json_parse(a.u.s, a.len, c->scratch, d, &off)) {
        /* invalid JSON: a dynamic string holding the input */
        d->kind = KQ_D_STRING;
        d->u.s = a.u.s;
        d->n = a.len;
    }
    *out = kq_dynv(d);
}

static const kq_dyn *array_of(const kq_value *v)
{
    if (v->type != KQ_T_DYNAMIC || v->null || v->u.d->kind != KQ_D_ARRAY) return NULL;
    return v->u.d;
}

static void fn_array_length(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    const kq_dyn *arr = array_of(&a);
    *out = arr ? kq_long(arr->n) : kq_null(KQ_T_LONG);
}

static int64_t index_in(const kq_dyn *arr, const kq_value *v)
{
    kq_value x = *v;
    if (x.type == KQ_T_DYNAMIC && !x.null) x = kq_dyn_to_scalar(x.u.d);
    for (uint32_t i = 0; i < arr->n; i++) {
        kq_value y = kq_dyn_to_scalar(&arr->u.items[i]);
        if (arr->u.items[i].kind == KQ_D_NULL) continue;
        if (kq_value_same(&x, &y)) return i;
    }
    return -1;
}

static void fn_set_has_element(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    KQ_ARG(1, v);
    const kq_dyn *arr = array_of(&a);
    *out = arr ? kq_bool(index_in(arr, &v) >= 0) : kq_null(KQ_T_BOOL);
}

static void fn_pack_array(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    kq_dyn *d = kq_arena_zalloc(c->scratch, sizeof *d);
    kq_dyn *items = kq_arena_alloc(c->scratch, sizeof(kq_dyn) * (size_t)(e->nargs ? e->nargs : 1));
    for (int i = 0; i < e->nargs; i++) {
        KQ_ARG(i, a);
        items[i] = *kq_value_to_dyn(&a, c->scratch);
    }
    d->kind = KQ_D_ARRAY;
    d->n = (uint32_t)e->nargs;
    d->u.items = items;
    *out = kq_dynv(d);
}

static void fn_bag_pack(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    int n = e->nargs / 2;
    kq_dyn *d = kq_arena_zalloc(c->scratch, sizeof *d);
    kq_dyn_member *m = kq_arena_alloc(c->scratch, sizeof(kq_dyn_member) * (size_t)(n ? n : 1));
    int k = 0;
    for (int i = 0; i < n; i++) {
        KQ_ARG(2 * i, key);
        KQ_ARG(2 * i + 1, val);
        kq_value ks = kq_value_tostring_value(&key, c->scratch);
        /* a repeated key keeps its first position with the last value */
        int at = -1;
        for (int j = 0; j < k; j++)
            if (m[j].key_len == ks.len && memcmp(m[j].key, ks.u.s, ks.len) == 0) at = j;
        if (at < 0) at = k++;
        m[at].key = ks.u.s;
        m[at].key_len = ks.len;
        m[at].value = *kq_value_to_dyn(&val, c->scratch);
    }
    d->kind = KQ_D_OBJECT;
    d->n = (uint32_t)k;
    d->u.members = m;
    *out = kq_dynv(d);
}

static bool prepare_bag_pack(kq_expr *e, char *err, size_t cap)
{
    if (e->nargs % 2) {
        snprintf(err, cap, "bag_pack needs an even number of arguments (key, value, ...)");
        return false;
    }
    return true;
}

static void fn_bag_keys(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    if (a.type != KQ_T_DYNAMIC || a.null || a.u.d->kind != KQ_D_OBJECT) {
        *out = kq_null(KQ_T_DYNAMIC);
        return;
    }
    kq_dyn *d = kq_arena_zalloc(c->scratch, sizeof *d);
    kq_dyn *items = kq_arena_zalloc(c->scratch, sizeof(kq_dyn) * (a.u.d->n ? a.u.d->n : 1));
    for (uint32_t i = 0; i < a.u.d->n; i++) {
        items[i].kind = KQ_D_STRING;
        items[i].u.s = a.u.d->u.members[i].key;
        items[i].n = a.u.d->u.members[i].key_len;
    }
    d->kind = KQ_D_ARRAY;
    d->n = a.u.d->n;
    d->u.items = items;
    *out = kq_dynv(d);
}

static void fn_array_concat(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    uint32_t total = 0;
    kq_value *vals = kq_arena_alloc(c->scratch, sizeof(kq_value) * (size_t)e->nargs);
    for (int i = 0; i < e->nargs; i++) {
        kq_eval(e->args[i], row, c, &vals[i]);
        const kq_dyn *arr = array_of(&vals[i]);
        if (!arr) {
            *out = kq_null(KQ_T_DYNAMIC);
            return;
        }
        total += arr->n;
    }
    kq_dyn *d = kq_arena_zalloc(c->scratch, sizeof *d);
    kq_dyn *items = kq_arena_alloc(c->scratch, sizeof(kq_dyn) * (total ? total : 1));
    uint32_t k = 0;
    for (int i = 0; i < e->nargs; i++) {
        const kq_dyn *arr = array_of(&vals[i]);
        for (uint32_t j = 0; j < arr->n; j++) items[k++] = arr->u.items[j];
    }
    d->kind = KQ_D_ARRAY;
    d->n = total;
    d->u.items = items;
    *out = kq_dynv(d);
}

const kq_fn kq_fns_dynamic[] = {
    {"parse_json", 1, 1, RT_FIXED, KQ_T_DYNAMIC, fn_parse_json, NULL},
    {"todynamic", 1, 1, RT_FIXED, KQ_T_DYNAMIC, fn_parse_json, NULL},
    {"toobject", 1, 1, RT_FIXED, KQ_T_DYNAMIC, fn_parse_json, NULL},
    {"array_length", 1, 1, RT_FIXED, KQ_T_LONG, fn_array_length, NULL},
    {"set_has_element", 2, 2, RT_FIXED, KQ_T_BOOL, fn_set_has_element, NULL},
    {"pack_array", 1, 64, RT_FIXED, KQ_T_DYNAMIC, fn_pack_array, NULL},
    {"bag_pack", 0, 128, RT_FIXED, KQ_T_DYNAMIC, fn_bag_pack, prepare_bag_pack},
    {"pack", 0, 128, RT_FIXED, KQ_T_DYNAMIC, fn_bag_pack, prepare_bag_pack},
    {"bag_keys", 1, 1, RT_FIXED, KQ_T_DYNAMIC, fn_bag_keys, NULL},
    {"array_concat", 1, 64, RT_FIXED, KQ_T_DYNAMIC, fn_array_concat, NULL},
    {NULL, 0, 0, RT_FIXED, KQ_T_UNKNOWN, NULL, NULL},
};
