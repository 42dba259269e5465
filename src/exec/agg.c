/*
 * agg.c - the aggregation functions of summarize: per-group state, accumulation, results and
 * empty-input defaults (KQL_SUBSET.md 7). Distinct counting is exact (hashes of canonical keys).
 */
#include "agg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/u64_set.h"
#include "../kql/lex.h"
#include "value.h"

static const struct {
    const char *name;
    kq_agg_kind kind;
} agg_names[] = {
    {"count", AGG_COUNT}, {"countif", AGG_COUNTIF}, {"dcount", AGG_DCOUNT}, {"dcountif", AGG_DCOUNTIF},
    {"count_distinct", AGG_COUNT_DISTINCT}, {"sum", AGG_SUM}, {"sumif", AGG_SUMIF}, {"avg", AGG_AVG},
    {"avgif", AGG_AVGIF}, {"min", AGG_MIN}, {"max", AGG_MAX}, {"minif", AGG_MINIF}, {"maxif", AGG_MAXIF},
    {"make_list", AGG_MAKE_LIST}, {"makelist", AGG_MAKE_LIST}, {"make_list_if", AGG_MAKE_LIST_IF},
    {"make_list_with_nulls", AGG_MAKE_LIST_WITH_NULLS}, {"make_set", AGG_MAKE_SET},
    {"makeset", AGG_MAKE_SET}, {"make_set_if", AGG_MAKE_SET_IF}, {"arg_max", AGG_ARG_MAX},
    {"arg_min", AGG_ARG_MIN}, {"take_any", AGG_TAKE_ANY}, {"any", AGG_ANY}, {"stdev", AGG_STDEV},
    {"stdevp", AGG_STDEVP}, {"variance", AGG_VARIANCE}, {"variancep", AGG_VARIANCEP},
    {"percentile", AGG_PERCENTILES}, {"percentiles", AGG_PERCENTILES}, {"make_bag", AGG_MAKE_BAG},
    {"make_bag_if", AGG_MAKE_BAG_IF},
};

bool kq_agg_lookup(const char *name, kq_agg_kind *kind)
{
    for (size_t i = 0; i < sizeof agg_names / sizeof agg_names[0]; i++)
        if (strcmp(agg_names[i].name, name) == 0) {
            *kind = agg_names[i].kind;
            return true;
        }
    return false;
}

typedef struct dyn_list {
    kq_dyn *items;
    uint32_t n, cap;
} dyn_list;

struct kq_agg_state {
    int64_t count;
    int64_t isum;
    double rsum, rsum2;
    bool any_real, seen;
    kq_value best;     /* min/max/arg_* key, take_any value */
    kq_value *extra;   /* arg_max/arg_min/take_any extra values */
    kq_u64_set set; /* hashes of canonical value keys */
    dyn_list list;
    kq_value *values; /* percentiles: every non-null value */
    size_t nvalues, cap_values;
    kq_dyn_member *members; /* make_bag */
    uint32_t nmembers, cap_members;
};

size_t kq_agg_state_size(const kq_agg *a)
{
    return sizeof(kq_agg_state);
}

void kq_agg_init(const kq_agg *a, kq_agg_state *s)
{
    memset(s, 0, sizeof *s);
    s->best = kq_null(a->arg ? a->arg->type : KQ_T_LONG);
}

static uint64_t value_hash(const kq_value *v)
{
    kq_buf b;
    kq_buf_init(&b);
    kq_value_key(&b, v);
    uint64_t h = kq_hash_bytes(b.p, b.len);
    kq_buf_free(&b);
    return h;
}

static void list_push(dyn_list *l, kq_dyn d)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->items = kq_xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->n++] = d;
}

static bool pred_true(const kq_agg *a, const kq_value *row, kq_ctx *c)
{
    if (!a->pred) return true;
    kq_value p;
    kq_eval(a->pred, row, c, &p);
    if (p.type == KQ_T_DYNAMIC && !p.null && p.u.d->kind == KQ_D_BOOL) return p.u.d->u.b;
    return !p.null && p.type == KQ_T_BOOL && p.u.b;
}

static void add_to_set(const kq_agg *a, kq_agg_state *s, const kq_value *v, kq_arena *keep)
{
    if (v->null) return;
    if (v->type == KQ_T_DYNAMIC && v->u.d->kind == KQ_D_ARRAY) { /* arrays are flattened */
        for (uint32_t i = 0; i < v->u.d->n; i++) {
            kq_value x = kq_dynv(&v->u.d->u.items[i]);
            if (x.null) continue;
            kq_value sx = kq_dyn_to_scalar(x.u.d);
            add_to_set(a, s, &sx, keep);
        }
        return;
    }
    if (a->max_size > 0 && (int64_t)s->list.n >= a->max_size) return;
    if (!kq_u64_set_add(&s->set, value_hash(v))) return;
    kq_value copy = kq_value_copy(v, keep);
    list_push(&s->list, *kq_value_to_dyn(&copy, keep));
}

/* arg_max, arg_min, take_any: keeps v and the row's other requested values */
static void keep_row(const kq_agg *a, kq_agg_state *s, const kq_value *v, const kq_value *row, kq_ctx *c,
                     kq_arena *keep)
{
    s->best = kq_value_copy(v, keep);
    if (!s->extra && a->nextra) s->extra = kq_arena_alloc(keep, sizeof(kq_value) * (size_t)a->nextra);
    for (int i = 0; i < a->nextra; i++) {
        kq_value x;
        kq_eval(a->extra[i], row, c, &x);
        s->extra[i] = kq_value_copy(&x, keep);
    }
    s->seen = true;
}

void kq_agg_add(const kq_agg *a, kq_agg_state *s, const kq_value *row, kq_ctx *c, kq_arena *keep)
{
    kq_value v = kq_null(KQ_T_LONG);
    if (a->kind == AGG_COUNT) {
        s->count++;
        return;
    }
    if (!pred_true(a, row, c)) return;
    if (a->kind == AGG_COUNTIF) {
        s->count++;
        return;
    }
    if (a->arg) kq_eval(a->arg, row, c, &v);
    switch (a->kind) {
    case AGG_DCOUNT:
    case AGG_DCOUNTIF:
    case AGG_COUNT_DISTINCT:
        if (!v.null) kq_u64_set_add(&s->set, value_hash(&v));
        break;
    case AGG_SUM:
    case AGG_SUMIF:
    case AGG_AVG:
    case AGG_AVGIF:
    case AGG_STDEV:
    case AGG_STDEVP:
    case AGG_VARIANCE:
    case AGG_VARIANCEP: {
        if (v.type == KQ_T_DYNAMIC && !v.null) v = kq_dyn_to_scalar(v.u.d);
        if (v.null) break;
        double r;
        if (v.type == KQ_T_REAL) {
            s->any_real = true;
            r = v.u.r;
        } else if (v.type == KQ_T_INT || v.type == KQ_T_LONG || v.type == KQ_T_TIMESPAN) {
            s->isum = (int64_t)((uint64_t)s->isum + (uint64_t)v.u.i);
            r = (double)v.u.i;
        } else if (v.type == KQ_T_BOOL) {
            s->isum += v.u.b;
            r = v.u.b;
        } else break;
        s->rsum += r;
        s->rsum2 += r * r;
        s->count++;
        break;
    }
    case AGG_MIN:
    case AGG_MAX:
    case AGG_MINIF:
    case AGG_MAXIF: {
        if (v.null) break;
        bool want_max = a->kind == AGG_MAX || a->kind == AGG_MAXIF;
        int r = s->seen ? kq_value_order(&v, &s->best) : 0;
        if (!s->seen || (want_max ? r > 0 : r < 0)) {
            s->best = kq_value_copy(&v, keep);
            s->seen = true;
        }
        break;
    }
    case AGG_ARG_MAX:
    case AGG_ARG_MIN: {
        bool want_max = a->kind == AGG_ARG_MAX;
        bool better;
        if (!s->seen) better = true;
        else if (v.null) better = false;
        else if (s->best.null) better = true;
        else {
            int r = kq_value_order(&v, &s->best);
            better = want_max ? r > 0 : r < 0;
        }
        if (better) keep_row(a, s, &v, row, c, keep);
        break;
    }
    case AGG_TAKE_ANY:
    case AGG_ANY:
        if (!s->seen || (s->best.null && !v.null)) keep_row(a, s, &v, row, c, keep);
        break;
    case AGG_MAKE_LIST:
    case AGG_MAKE_LIST_IF:
    case AGG_MAKE_LIST_WITH_NULLS: {
        if (v.null && a->kind != AGG_MAKE_LIST_WITH_NULLS) break;
        if (a->max_size > 0 && (int64_t)s->list.n >= a->max_size) break;
        kq_value copy = kq_value_copy(&v, keep);
        list_push(&s->list, *kq_value_to_dyn(&copy, keep));
        break;
    }
    case AGG_MAKE_SET:
    case AGG_MAKE_SET_IF: add_to_set(a, s, &v, keep); break;
    case AGG_PERCENTILES:
        if (v.type == KQ_T_DYNAMIC && !v.null) v = kq_dyn_to_scalar(v.u.d);
        if (v.null || v.type == KQ_T_DYNAMIC || v.type == KQ_T_STRING) break;
        if (s->nvalues == s->cap_values) {
            s->cap_values = s->cap_values ? s->cap_values * 2 : 64;
            s->values = kq_xrealloc(s->values, sizeof(kq_value) * s->cap_values);
        }
        s->values[s->nvalues++] = v;
        break;
    case AGG_MAKE_BAG:
    case AGG_MAKE_BAG_IF: {
        if (v.type != KQ_T_DYNAMIC || v.null || v.u.d->kind != KQ_D_OBJECT) break; /* non-bags are skipped */
        const kq_dyn *bag = v.u.d;
        for (uint32_t i = 0; i < bag->n; i++) {
            const kq_dyn_member *m = &bag->u.members[i];
            bool dup = false;
            for (uint32_t k = 0; k < s->nmembers; k++)
                if (s->members[k].key_len == m->key_len && memcmp(s->members[k].key, m->key, m->key_len) == 0) dup = true;
            if (dup) continue; /* a repeated key keeps one value (Kusto: an arbitrary one) */
            if (a->max_size > 0 && (int64_t)s->nmembers >= a->max_size) break;
            if (s->nmembers == s->cap_members) {
                s->cap_members = s->cap_members ? s->cap_members * 2 : 8;
                s->members = kq_xrealloc(s->members, sizeof(kq_dyn_member) * s->cap_members);
            }
            kq_dyn_member *dst = &s->members[s->nmembers++];
            dst->key = kq_arena_strdup(keep, m->key, m->key_len);
            dst->key_len = m->key_len;
            dst->value = kq_dyn_copy(&m->value, keep);
        }
        break;
    }
    default: break;
    }
}

static int order_values(const void *x, const void *y)
{
    return kq_value_order(x, y);
}

static kq_value dyn_array_value(dyn_list *l, kq_arena *out)
{
    kq_dyn *d = kq_arena_zalloc(out, sizeof *d);
    d->kind = KQ_D_ARRAY;
    d->n = l->n;
    kq_dyn *items = kq_arena_alloc(out, sizeof(kq_dyn) * (l->n ? l->n : 1));
    if (l->n) memcpy(items, l->items, sizeof(kq_dyn) * l->n);
    d->u.items = items;
    kq_value v = {0};
    v.type = KQ_T_DYNAMIC;
    v.u.d = d;
    return v;
}

void kq_agg_result(const kq_agg *a, kq_agg_state *s, kq_value *out, kq_arena *a_out)
{
    switch (a->kind) {
    case AGG_COUNT:
    case AGG_COUNTIF: out[0] = kq_long(s->count); return;
    case AGG_DCOUNT:
    case AGG_DCOUNTIF:
    case AGG_COUNT_DISTINCT: out[0] = kq_long((int64_t)s->set.count); return;
    case AGG_SUM:
    case AGG_SUMIF:
        if (a->type == KQ_T_REAL) out[0] = kq_real(s->rsum);
        else if (a->type == KQ_T_TIMESPAN) out[0] = kq_typed_i(KQ_T_TIMESPAN, s->isum);
        else if (a->type == KQ_T_DYNAMIC) out[0] = s->any_real ? kq_real(s->rsum) : kq_long(s->isum);
        else out[0] = kq_long(s->isum);
        return;
    case AGG_AVG:
    case AGG_AVGIF: out[0] = kq_real(s->count ? s->rsum / (double)s->count : NAN); return;
    case AGG_STDEV:
    case AGG_VARIANCE:
    case AGG_STDEVP:
    case AGG_VARIANCEP: {
        double n = (double)s->count, var = 0;
        bool sample = a->kind == AGG_STDEV || a->kind == AGG_VARIANCE;
        if (s->count > 1 || (!sample && s->count > 0)) {
            double mean = s->rsum / n;
            double ss = s->rsum2 - n * mean * mean;
            if (ss < 0) ss = 0;
            var = ss / (sample ? n - 1 : n);
        }
        bool root = a->kind == AGG_STDEV || a->kind == AGG_STDEVP;
        out[0] = kq_real(root ? sqrt(var) : var);
        return;
    }
    case AGG_MIN:
    case AGG_MAX:
    case AGG_MINIF:
    case AGG_MAXIF: out[0] = s->seen ? s->best : kq_null(a->type); return;
    case AGG_ARG_MAX:
    case AGG_ARG_MIN:
    case AGG_TAKE_ANY:
    case AGG_ANY:
        out[0] = s->seen ? s->best : kq_null(a->type);
        for (int i = 0; i < a->nextra; i++)
            out[1 + i] = (s->seen && s->extra) ? s->extra[i] : kq_null(a->extra[i]->type);
        return;
    case AGG_MAKE_LIST:
    case AGG_MAKE_LIST_IF:
    case AGG_MAKE_LIST_WITH_NULLS:
    case AGG_MAKE_SET:
    case AGG_MAKE_SET_IF: out[0] = dyn_array_value(&s->list, a_out); return;
    case AGG_PERCENTILES:
        /* nearest rank over the sorted values: exact (Kusto estimates with T-Digest, which is
         * exact on small inputs and at 0 and 100) */
        if (s->nvalues > 1) qsort(s->values, s->nvalues, sizeof(kq_value), order_values);
        for (int i = 0; i < a->noutputs; i++) {
            if (!s->nvalues) {
                out[i] = kq_null(a->type);
                continue;
            }
            double p = a->percents[i];
            double rank = p / 100.0 * (double)s->nvalues;
            size_t r = (size_t)rank;
            if ((double)r < rank) r++; /* ceiling */
            size_t at = r ? r - 1 : 0;
            if (at >= s->nvalues) at = s->nvalues - 1;
            out[i] = s->values[at];
        }
        return;
    case AGG_MAKE_BAG:
    case AGG_MAKE_BAG_IF: {
        kq_dyn *d = kq_arena_zalloc(a_out, sizeof *d);
        kq_dyn_member *m = kq_arena_alloc(a_out, sizeof(kq_dyn_member) * (s->nmembers ? s->nmembers : 1));
        if (s->nmembers) memcpy(m, s->members, sizeof(kq_dyn_member) * s->nmembers);
        d->kind = KQ_D_OBJECT;
        d->n = s->nmembers;
        d->u.members = m;
        out[0].type = KQ_T_DYNAMIC;
        out[0].null = 0;
        out[0].u.d = d;
        return;
    }
    }
}

void kq_agg_release(const kq_agg *a, kq_agg_state *s)
{
    kq_u64_set_free(&s->set);
    free(s->list.items);
    free(s->values);
    free(s->members);
    s->values = NULL;
    s->members = NULL;
    s->list.items = NULL;
}
