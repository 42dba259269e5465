/*
 * value.h - operations on kq_value shared by the evaluator, the operators and the outputs:
 * constructors, Kusto's text form (tostring), deep copies into an arena, ordering for sort,
 * equality and hashing for grouping, joins and distinct.
 */
#ifndef KQ_VALUE_H
#define KQ_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#include "../../include/kq.h"
#include "../base/arena.h"
#include "../base/buf.h"

static inline kq_value kq_null(kq_type t)
{
    kq_value v = {0};
    v.type = (uint8_t)t;
    v.null = t == KQ_T_STRING ? 0 : 1;
    if (t == KQ_T_STRING) v.u.s = "";
    return v;
}
static inline kq_value kq_bool(bool b)
{
    kq_value v = {0};
    v.type = KQ_T_BOOL;
    v.u.b = b;
    return v;
}
static inline kq_value kq_long(int64_t i)
{
    kq_value v = {0};
    v.type = KQ_T_LONG;
    v.u.i = i;
    return v;
}
static inline kq_value kq_int(int32_t i)
{
    kq_value v = {0};
    v.type = KQ_T_INT;
    v.u.i = i;
    return v;
}
static inline kq_value kq_real(double r)
{
    kq_value v = {0};
    v.type = KQ_T_REAL;
    v.u.r = r;
    return v;
}
static inline kq_value kq_typed_i(kq_type t, int64_t i)
{
    kq_value v = {0};
    v.type = (uint8_t)t;
    v.u.i = i;
    return v;
}
static inline kq_value kq_str(const char *s, size_t n)
{
    kq_value v = {0};
    v.type = KQ_T_STRING;
    v.u.s = s;
    v.len = (uint32_t)n;
    return v;
}
static inline kq_value kq_dynv(const kq_dyn *d)
{
    kq_value v = {0};
    v.type = KQ_T_DYNAMIC;
    if (!d || d->kind == KQ_D_NULL) v.null = 1;
    else v.u.d = d;
    return v;
}

static inline bool kq_is_numeric(kq_type t)
{
    return t == KQ_T_INT || t == KQ_T_LONG || t == KQ_T_REAL;
}

/* Appends the tostring() form of v (null -> nothing; bool True/False; dynamic string unquoted). */
void kq_value_tostring(kq_buf *b, const kq_value *v);
/* Appends the display form of v (as kq_value_format: bool true/false). */
void kq_value_display(kq_buf *b, const kq_value *v);
/* tostring() into the arena */
kq_value kq_value_tostring_value(const kq_value *v, kq_arena *a);

/* Deep copy of strings and dynamic trees into the arena. */
kq_value kq_value_copy(const kq_value *v, kq_arena *a);
kq_dyn kq_dyn_copy(const kq_dyn *d, kq_arena *a);

/* Ordering for sort: nulls first, NaN next to them; strings ordinal; mixed numeric types by
 * value. Returns <0, 0, >0. */
int kq_value_order(const kq_value *a, const kq_value *b);
/* Group/join equality: like == but null equals null, and values of different numeric types
 * compare by value. */
bool kq_value_same(const kq_value *a, const kq_value *b);
/* Appends a canonical byte key of v (consistent with kq_value_same) for hashing. */
void kq_value_key(kq_buf *b, const kq_value *v);
uint64_t kq_hash_bytes(const void *p, size_t n);

/* Dynamic value -> scalar value of the dynamic's own kind (used for comparisons):
 * string -> string, long -> long, ... containers and null stay dynamic. */
kq_value kq_dyn_to_scalar(const kq_dyn *d);
/* The dynamic form of a scalar value, built in the arena. */
const kq_dyn *kq_value_to_dyn(const kq_value *v, kq_arena *a);

#endif
