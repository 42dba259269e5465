/*
 * fn_array.c - dynamic array and property-bag helpers (KQL_SUBSET.md 6.5): array_sort_asc/desc,
 * array_index_of (full form with start, length, occurrence), array_slice, array_reverse,
 * array_sum, set_union, set_intersect, set_difference, bag_has_key, bag_merge, zip, range.
 * Results are built in c->scratch; items of the inputs are shared, not copied.
 */
#include <math.h>
#include <string.h>

#include "fn.h"
#include "value.h"

static const kq_dyn *array_of(const kq_value *v)
{
    if (v->type != KQ_T_DYNAMIC || v->null || v->u.d->kind != KQ_D_ARRAY) return NULL;
    return v->u.d;
}

static const kq_dyn *bag_of(const kq_value *v)
{
    if (v->type != KQ_T_DYNAMIC || v->null || v->u.d->kind != KQ_D_OBJECT) return NULL;
    return v->u.d;
}

/* a new array of n items (items zeroed = JSON nulls) */
static kq_dyn *new_array(kq_ctx *c, uint32_t n, kq_dyn **items)
{
    kq_dyn *d = kq_arena_zalloc(c->scratch, sizeof *d);
    *items = kq_arena_zalloc(c->scratch, sizeof(kq_dyn) * (n ? n : 1));
    d->kind = KQ_D_ARRAY;
    d->n = n;
    d->u.items = *items;
    return d;
}

static bool int_arg(const kq_value *v0, int64_t *out)
{
    kq_value v = *v0;
    if (v.type == KQ_T_DYNAMIC && !v.null) v = kq_dyn_to_scalar(v.u.d);
    if (v.null) return false;
    if (v.type == KQ_T_LONG || v.type == KQ_T_INT) *out = v.u.i;
    else if (v.type == KQ_T_REAL && isfinite(v.u.r) && fabs(v.u.r) < 9e18) *out = (int64_t)v.u.r;
    else return false;
    return true;
}

/* ---- structural equality of dynamic values (sets) ---- */

static bool dyn_equal(const kq_dyn *a, const kq_dyn *b)
{
    if (a->kind != b->kind) {
        /* long and real holding the same number are the same set element */
        if ((a->kind == KQ_D_LONG && b->kind == KQ_D_REAL) || (a->kind == KQ_D_REAL && b->kind == KQ_D_LONG)) {
            double x = a->kind == KQ_D_REAL ? a->u.r : (double)a->u.i;
            double y = b->kind == KQ_D_REAL ? b->u.r : (double)b->u.i;
            return x == y;
        }
        return false;
    }
    switch (a->kind) {
    case KQ_D_NULL: return true;
    case KQ_D_BOOL: return a->u.b == b->u.b;
    case KQ_D_LONG:
    case KQ_D_DATETIME:
    case KQ_D_TIMESPAN: return a->u.i == b->u.i;
    case KQ_D_REAL: return a->u.r == b->u.r || (isnan(a->u.r) && isnan(b->u.r));
    case KQ_D_STRING: return a->n == b->n && (a->n == 0 || memcmp(a->u.s, b->u.s, a->n) == 0);
    case KQ_D_ARRAY:
        if (a->n != b->n) return false;
        for (uint32_t i = 0; i < a->n; i++)
            if (!dyn_equal(&a->u.items[i], &b->u.items[i])) return false;
        return true;
    case KQ_D_OBJECT:
        if (a->n != b->n) return false;
        for (uint32_t i = 0; i < a->n; i++) {
            const kq_dyn_member *m = &a->u.members[i];
            bool found = false;
            for (uint32_t j = 0; j < b->n && !found; j++) {
                const kq_dyn_member *o = &b->u.members[j];
                if (o->key_len == m->key_len && memcmp(o->key, m->key, m->key_len) == 0) {
                    if (!dyn_equal(&m->value, &o->value)) return false;
                    found = true;
                }
            }
            if (!found) return false;
        }
        return true;
    default: return false;
    }
}

static bool array_contains(const kq_dyn *items, uint32_t n, const kq_dyn *x)
{
    for (uint32_t i = 0; i < n; i++)
        if (dyn_equal(&items[i], x)) return true;
    return false;
}

/* ---- sorting ---- */

/* group of an element in the sort order: numbers/datetimes/timespans, strings, other, null */
static int sort_group(const kq_dyn *d)
{
    switch (d->kind) {
    case KQ_D_NULL: return 9;
    case KQ_D_LONG:
    case KQ_D_REAL:
    case KQ_D_DATETIME:
    case KQ_D_TIMESPAN: return 0;
    case KQ_D_STRING: return 1;
    default: return 2;
    }
}

static double num_of(const kq_dyn *d)
{
    return d->kind == KQ_D_REAL ? d->u.r : (double)d->u.i;
}

/* order of two non-null elements (ascending) */
static int elem_cmp(const kq_dyn *a, const kq_dyn *b)
{
    int ga = sort_group(a), gb = sort_group(b);
    if (ga != gb) return ga < gb ? -1 : 1;
    if (ga == 0) {
        if (a->kind != KQ_D_REAL && b->kind != KQ_D_REAL && a->kind == b->kind)
            return a->u.i < b->u.i ? -1 : a->u.i > b->u.i;
        if (a->kind != KQ_D_REAL && b->kind != KQ_D_REAL) {
            if (a->u.i != b->u.i) return a->u.i < b->u.i ? -1 : 1;
            return (int)a->kind - (int)b->kind;
        }
        double x = num_of(a), y = num_of(b);
        bool nx = isnan(x), ny = isnan(y);
        if (nx || ny) return nx && ny ? 0 : nx ? -1 : 1;
        return x < y ? -1 : x > y;
    }
    if (ga == 1) {
        uint32_t n = a->n < b->n ? a->n : b->n;
        int r = n ? memcmp(a->u.s, b->u.s, n) : 0;
        if (r) return r < 0 ? -1 : 1;
        return a->n < b->n ? -1 : a->n > b->n;
    }
    kq_value x = kq_dynv(a), y = kq_dynv(b);
    return kq_value_order(&x, &y);
}

typedef struct sort_spec {
    const kq_dyn *items;
    bool desc, nulls_last;
} sort_spec;

static int idx_cmp(const sort_spec *s, uint32_t i, uint32_t j)
{
    const kq_dyn *a = &s->items[i], *b = &s->items[j];
    bool na = a->kind == KQ_D_NULL, nb = b->kind == KQ_D_NULL;
    if (na || nb) {
        if (na && nb) return 0;
        return (na ? 1 : -1) * (s->nulls_last ? 1 : -1);
    }
    int r = elem_cmp(a, b);
    return s->desc ? -r : r;
}

/* stable merge sort of an index permutation */
static void merge_sort(const sort_spec *s, uint32_t *idx, uint32_t *tmp, uint32_t n)
{
    if (n < 2) return;
    uint32_t h = n / 2;
    merge_sort(s, idx, tmp, h);
    merge_sort(s, idx + h, tmp, n - h);
    uint32_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = idx_cmp(s, idx[j], idx[i]) < 0 ? idx[j++] : idx[i++];
    while (i < h) tmp[k++] = idx[i++];
    while (j < n) tmp[k++] = idx[j++];
    memcpy(idx, tmp, sizeof(uint32_t) * n);
}

/* array_sort_asc(arr1[, arr2 ...][, nulls_last]): the sorted first array (the other arrays are
 * accepted and checked but only the first is returned: tuple assignment is not available) */
static void sort_impl(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out, bool desc)
{
    int narrays = e->nargs;
    bool nulls_last = true;
    if (e->nargs > 1 && e->args[e->nargs - 1]->type == KQ_T_BOOL) {
        narrays--;
        KQ_ARG(e->nargs - 1, nl);
        if (!nl.null) nulls_last = nl.u.b;
    }
    KQ_ARG(0, a);
    const kq_dyn *arr = array_of(&a);
    if (!arr) {
        *out = kq_null(KQ_T_DYNAMIC);
        return;
    }
    (void)narrays;
    uint32_t n = arr->n;
    uint32_t *idx = kq_arena_alloc(c->scratch, sizeof(uint32_t) * (n ? n : 1));
    uint32_t *tmp = kq_arena_alloc(c->scratch, sizeof(uint32_t) * (n ? n : 1));
    for (uint32_t i = 0; i < n; i++) idx[i] = i;
    sort_spec s = {arr->u.items, desc, nulls_last};
    merge_sort(&s, idx, tmp, n);
    kq_dyn *items;
    kq_dyn *d = new_array(c, n, &items);
    for (uint32_t i = 0; i < n; i++) items[i] = arr->u.items[idx[i]];
    *out = kq_dynv(d);
}

static void fn_array_sort_asc(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { sort_impl(e, row, c, out, false); }
static void fn_array_sort_desc(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { sort_impl(e, row, c, out, true); }

/* ---- array_index_of ---- */

static bool elem_matches(const kq_dyn *item, const kq_value *x)
{
    if (item->kind == KQ_D_NULL) return false;
    kq_value y = kq_dyn_to_scalar(item);
    if (y.type == KQ_T_DYNAMIC) {
        if (x->type != KQ_T_DYNAMIC || x->null) return false;
        return dyn_equal(item, x->u.d);
    }
    return kq_value_same(x, &y);
}

static void fn_array_index_of(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    KQ_ARG(1, v);
    const kq_dyn *arr = array_of(&a);
    if (!arr) {
        *out = kq_null(KQ_T_LONG);
        return;
    }
    int64_t n = arr->n, start = 0, length = -1, occurrence = 1;
    if (e->nargs > 2) {
        KQ_ARG(2, x);
        if (!int_arg(&x, &start)) { *out = kq_null(KQ_T_LONG); return; }
    }
    if (e->nargs > 3) {
        KQ_ARG(3, x);
        if (!int_arg(&x, &length)) { *out = kq_null(KQ_T_LONG); return; }
    }
    if (e->nargs > 4) {
        KQ_ARG(4, x);
        if (!int_arg(&x, &occurrence)) { *out = kq_null(KQ_T_LONG); return; }
    }
    if (length < -1 || occurrence < 1) {
        *out = kq_null(KQ_T_LONG);
        return;
    }
    if (start < 0) {
        start += n;
        if (start < 0) start = 0;
    }
    kq_value x = v;
    if (x.type == KQ_T_DYNAMIC && !x.null) x = kq_dyn_to_scalar(x.u.d);
    if (x.null) {
        *out = kq_long(-1);
        return;
    }
    int64_t end = length == -1 || length > n - start ? n : start + length;
    int64_t seen = 0;
    for (int64_t i = start; i < end; i++)
        if (elem_matches(&arr->u.items[i], &x) && ++seen == occurrence) {
            *out = kq_long(i);
            return;
        }
    *out = kq_long(-1);
}

/* ---- slicing, reversing, summing ---- */

static void fn_array_slice(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    KQ_ARG(1, s);
    KQ_ARG(2, t);
    const kq_dyn *arr = array_of(&a);
    int64_t from, to;
    if (!arr || !int_arg(&s, &from) || !int_arg(&t, &to)) {
        *out = kq_null(KQ_T_DYNAMIC);
        return;
    }
    int64_t n = arr->n;
    if (from < 0) from += n;
    if (to < 0) to += n;
    if (from < 0) from = 0;
    if (to >= n) to = n - 1;
    uint32_t cnt = from <= to ? (uint32_t)(to - from + 1) : 0;
    kq_dyn *items;
    kq_dyn *d = new_array(c, cnt, &items);
    for (uint32_t i = 0; i < cnt; i++) items[i] = arr->u.items[from + i];
    *out = kq_dynv(d);
}

/* range(start, stop [, step]): the arithmetic series from start while <= stop (>= for a negative
 * step). longs stay longs, any real makes reals, datetime/timespan starts step by a timespan.
 * Kusto caps the series at 1,048,576 items. */
enum { RANGE_MAX_ITEMS = 1048576 };

static void fn_range(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    KQ_ARG(1, b);
    kq_value step = kq_long(1);
    if (e->nargs > 2) kq_eval(e->args[2], row, c, &step);
    *out = kq_null(KQ_T_DYNAMIC);
    if (a.null || b.null || step.null) return;
    bool ticks = a.type == KQ_T_DATETIME || a.type == KQ_T_TIMESPAN;
    bool real = !ticks && (a.type == KQ_T_REAL || b.type == KQ_T_REAL || step.type == KQ_T_REAL);
    uint64_t count;
    if (real) {
        double from = a.type == KQ_T_REAL ? a.u.r : (double)a.u.i, to = b.type == KQ_T_REAL ? b.u.r : (double)b.u.i;
        double by = step.type == KQ_T_REAL ? step.u.r : (double)step.u.i;
        if (!isfinite(from) || !isfinite(to) || !isfinite(by) || by == 0) return;
        double span = (to - from) / by;
        count = span < 0 ? 0 : (span >= RANGE_MAX_ITEMS ? RANGE_MAX_ITEMS : (uint64_t)floor(span + 1e-9) + 1);
        kq_dyn *items;
        kq_dyn *d = new_array(c, (uint32_t)count, &items);
        for (uint64_t i = 0; i < count; i++) {
            items[i].kind = KQ_D_REAL;
            items[i].u.r = from + (double)i * by;
        }
        *out = kq_dynv(d);
        return;
    }
    if (ticks ? (b.type != a.type || step.type != KQ_T_TIMESPAN)
              : (b.type == KQ_T_DATETIME || b.type == KQ_T_TIMESPAN || step.type == KQ_T_TIMESPAN))
        return;
    int64_t from = a.u.i, to = b.u.i, by = step.u.i;
    if (by == 0) return;
    if ((by > 0 && to < from) || (by < 0 && to > from)) count = 0;
    else {
        uint64_t distance = by > 0 ? (uint64_t)to - (uint64_t)from : (uint64_t)from - (uint64_t)to;
        uint64_t stride = by > 0 ? (uint64_t)by : -(uint64_t)by;
        count = distance / stride + 1;
        if (count > RANGE_MAX_ITEMS) count = RANGE_MAX_ITEMS;
    }
    kq_dyn *items;
    kq_dyn *d = new_array(c, (uint32_t)count, &items);
    uint8_t kind = a.type == KQ_T_DATETIME ? KQ_D_DATETIME : a.type == KQ_T_TIMESPAN ? KQ_D_TIMESPAN : KQ_D_LONG;
    for (uint64_t i = 0; i < count; i++) {
        items[i].kind = kind;
        items[i].u.i = from + (int64_t)i * by;
    }
    *out = kq_dynv(d);
}

static void fn_array_reverse(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    const kq_dyn *arr = array_of(&a);
    if (!arr) {
        *out = kq_null(KQ_T_DYNAMIC);
        return;
    }
    kq_dyn *items;
    kq_dyn *d = new_array(c, arr->n, &items);
    for (uint32_t i = 0; i < arr->n; i++) items[i] = arr->u.items[arr->n - 1 - i];
    *out = kq_dynv(d);
}

static void fn_array_sum(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    const kq_dyn *arr = array_of(&a);
    if (!arr) {
        *out = kq_null(KQ_T_REAL);
        return;
    }
    double sum = 0;
    for (uint32_t i = 0; i < arr->n; i++) {
        const kq_dyn *x = &arr->u.items[i];
        if (x->kind == KQ_D_LONG) sum += (double)x->u.i;
        else if (x->kind == KQ_D_REAL) sum += x->u.r;
        else {
            *out = kq_null(KQ_T_REAL);
            return;
        }
    }
    *out = kq_real(sum);
}

/* ---- sets ---- */

enum { SET_UNION, SET_INTERSECT, SET_DIFFERENCE };

static void set_impl(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out, int op)
{
    const kq_dyn **arrs = kq_arena_alloc(c->scratch, sizeof(kq_dyn *) * (size_t)e->nargs);
    uint32_t total = 0;
    for (int i = 0; i < e->nargs; i++) {
        KQ_ARG(i, a);
        arrs[i] = array_of(&a);
        if (!arrs[i]) {
            *out = kq_null(KQ_T_DYNAMIC);
            return;
        }
        if (op == SET_UNION || i == 0) total += arrs[i]->n;
    }
    kq_dyn *items;
    kq_dyn *d = new_array(c, total, &items);
    uint32_t k = 0;
    for (int i = 0; i < (op == SET_UNION ? e->nargs : 1); i++)
        for (uint32_t j = 0; j < arrs[i]->n; j++) {
            const kq_dyn *x = &arrs[i]->u.items[j];
            if (array_contains(items, k, x)) continue;
            bool keep = true;
            for (int o = 1; o < e->nargs && op != SET_UNION; o++) {
                bool in = array_contains(arrs[o]->u.items, arrs[o]->n, x);
                if (op == SET_INTERSECT ? !in : in) {
                    keep = false;
                    break;
                }
            }
            if (keep) items[k++] = *x;
        }
    d->n = k;
    *out = kq_dynv(d);
}

static void fn_set_union(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { set_impl(e, row, c, out, SET_UNION); }
static void fn_set_intersect(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { set_impl(e, row, c, out, SET_INTERSECT); }
static void fn_set_difference(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { set_impl(e, row, c, out, SET_DIFFERENCE); }

/* ---- bags ---- */

static const kq_dyn *member_of(const kq_dyn *bag, const char *k, size_t kn)
{
    if (!bag || bag->kind != KQ_D_OBJECT) return NULL;
    for (uint32_t i = 0; i < bag->n; i++)
        if (bag->u.members[i].key_len == kn && (kn == 0 || memcmp(bag->u.members[i].key, k, kn) == 0))
            return &bag->u.members[i].value;
    return NULL;
}

/* bag_has_key(bag, key): key is a plain key or a JSONPath ($.a.b, $['a'], $.a[0]) */
static void fn_bag_has_key(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    KQ_ARG(1, k);
    const kq_dyn *bag = bag_of(&a);
    const char *s;
    size_t n;
    bool z;
    kq_value_text(&k, c, &s, &n, &z);
    if (!bag) {
        *out = kq_bool(false);
        return;
    }
    if (n == 0 || s[0] != '$') {
        *out = kq_bool(member_of(bag, s, n) != NULL);
        return;
    }
    const kq_dyn *cur = bag;
    size_t i = 1;
    bool any = false;
    while (i < n) {
        if (s[i] == '.') {
            size_t st = ++i;
            while (i < n && s[i] != '.' && s[i] != '[') i++;
            cur = member_of(cur, s + st, i - st);
        } else if (s[i] == '[' && i + 1 < n && (s[i + 1] == '\'' || s[i + 1] == '"')) {
            char q = s[i + 1];
            size_t st = i + 2, j = st;
            while (j < n && s[j] != q) j++;
            if (j + 1 >= n || s[j + 1] != ']') {
                *out = kq_bool(false);
                return;
            }
            cur = member_of(cur, s + st, j - st);
            i = j + 2;
        } else if (s[i] == '[') {
            size_t j = i + 1;
            int64_t ix = 0;
            bool neg = j < n && s[j] == '-';
            if (neg) j++;
            size_t ds = j;
            while (j < n && s[j] >= '0' && s[j] <= '9' && ix < 1000000000) ix = ix * 10 + (s[j++] - '0');
            if (j == ds || j >= n || s[j] != ']' || !cur || cur->kind != KQ_D_ARRAY) {
                *out = kq_bool(false);
                return;
            }
            if (neg) ix += cur->n;
            cur = ix >= 0 && ix < (int64_t)cur->n ? &cur->u.items[ix] : NULL;
            i = j + 1;
        } else {
            *out = kq_bool(false);
            return;
        }
        any = true;
        if (!cur) {
            *out = kq_bool(false);
            return;
        }
    }
    *out = kq_bool(any);
}

/* bag_merge(b1, b2, ...): keys in first-seen order; the first bag holding a key wins */
static void fn_bag_merge(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    const kq_dyn **bags = kq_arena_alloc(c->scratch, sizeof(kq_dyn *) * (size_t)e->nargs);
    uint32_t total = 0;
    for (int i = 0; i < e->nargs; i++) {
        KQ_ARG(i, a);
        bags[i] = bag_of(&a);
        if (bags[i]) total += bags[i]->n;
    }
    kq_dyn_member *m = kq_arena_zalloc(c->scratch, sizeof(kq_dyn_member) * (total ? total : 1));
    uint32_t k = 0;
    for (int i = 0; i < e->nargs; i++) {
        if (!bags[i]) continue;
        for (uint32_t j = 0; j < bags[i]->n; j++) {
            const kq_dyn_member *x = &bags[i]->u.members[j];
            bool dup = false;
            for (uint32_t o = 0; o < k && !dup; o++)
                dup = m[o].key_len == x->key_len && (x->key_len == 0 || memcmp(m[o].key, x->key, x->key_len) == 0);
            if (!dup) m[k++] = *x;
        }
    }
    kq_dyn *d = kq_arena_zalloc(c->scratch, sizeof *d);
    d->kind = KQ_D_OBJECT;
    d->n = k;
    d->u.members = m;
    *out = kq_dynv(d);
}

/* zip(a1, a2, ...): array of arrays; shorter inputs are padded with null */
static void fn_zip(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    const kq_dyn **arrs = kq_arena_alloc(c->scratch, sizeof(kq_dyn *) * (size_t)e->nargs);
    uint32_t len = 0;
    for (int i = 0; i < e->nargs; i++) {
        KQ_ARG(i, a);
        arrs[i] = array_of(&a);
        if (!arrs[i]) {
            *out = kq_null(KQ_T_DYNAMIC);
            return;
        }
        if (arrs[i]->n > len) len = arrs[i]->n;
    }
    kq_dyn *items;
    kq_dyn *d = new_array(c, len, &items);
    for (uint32_t j = 0; j < len; j++) {
        kq_dyn *sub;
        kq_dyn *t = new_array(c, (uint32_t)e->nargs, &sub);
        for (int i = 0; i < e->nargs; i++)
            if (j < arrs[i]->n) sub[i] = arrs[i]->u.items[j];
        items[j] = *t;
    }
    *out = kq_dynv(d);
}

const kq_fn kq_fns_array[] = {
    {"array_sort_asc", 1, 64, RT_FIXED, KQ_T_DYNAMIC, fn_array_sort_asc, NULL},
    {"array_sort_desc", 1, 64, RT_FIXED, KQ_T_DYNAMIC, fn_array_sort_desc, NULL},
    {"array_index_of", 2, 5, RT_FIXED, KQ_T_LONG, fn_array_index_of, NULL},
    {"array_slice", 3, 3, RT_FIXED, KQ_T_DYNAMIC, fn_array_slice, NULL},
    {"range", 2, 3, RT_FIXED, KQ_T_DYNAMIC, fn_range, NULL},
    {"array_reverse", 1, 1, RT_FIXED, KQ_T_DYNAMIC, fn_array_reverse, NULL},
    {"array_sum", 1, 1, RT_FIXED, KQ_T_REAL, fn_array_sum, NULL},
    {"set_union", 2, 64, RT_FIXED, KQ_T_DYNAMIC, fn_set_union, NULL},
    {"set_intersect", 2, 64, RT_FIXED, KQ_T_DYNAMIC, fn_set_intersect, NULL},
    {"set_difference", 2, 64, RT_FIXED, KQ_T_DYNAMIC, fn_set_difference, NULL},
    {"bag_has_key", 2, 2, RT_FIXED, KQ_T_BOOL, fn_bag_has_key, NULL},
    {"bag_merge", 2, 64, RT_FIXED, KQ_T_DYNAMIC, fn_bag_merge, NULL},
    {"zip", 2, 16, RT_FIXED, KQ_T_DYNAMIC, fn_zip, NULL},
    {NULL, 0, 0, RT_FIXED, KQ_T_UNKNOWN, NULL, NULL},
};
