/*
 * agg.h - aggregation functions of summarize (KQL_SUBSET.md 7): their kinds, how the binder
 * describes one, and the per-group state the summarize operator keeps.
 */
#ifndef KQ_AGG_H
#define KQ_AGG_H

#include "expr.h"
#include "ops.h"

typedef enum kq_agg_kind {
    AGG_COUNT, AGG_COUNTIF, AGG_DCOUNT, AGG_DCOUNTIF, AGG_COUNT_DISTINCT,
    AGG_SUM, AGG_SUMIF, AGG_AVG, AGG_AVGIF, AGG_MIN, AGG_MAX, AGG_MINIF, AGG_MAXIF,
    AGG_MAKE_LIST, AGG_MAKE_LIST_IF, AGG_MAKE_LIST_WITH_NULLS, AGG_MAKE_SET, AGG_MAKE_SET_IF,
    AGG_ARG_MAX, AGG_ARG_MIN, AGG_TAKE_ANY, AGG_ANY,
    AGG_STDEV, AGG_STDEVP, AGG_VARIANCE, AGG_VARIANCEP,
    AGG_PERCENTILES, AGG_MAKE_BAG, AGG_MAKE_BAG_IF
} kq_agg_kind;

struct kq_agg {
    kq_agg_kind kind;
    kq_expr *arg;      /* the value (NULL for count()) */
    kq_expr *pred;     /* *if forms */
    int64_t max_size;  /* make_list / make_set limit */
    int nextra;        /* arg_max/arg_min/take_any: further returned expressions */
    kq_expr **extra;
    int noutputs;      /* columns this aggregate produces (1 + nextra for arg_max, one per
                          percentile for percentiles) */
    double *percents;  /* percentile / percentiles: the requested percentages */
    kq_type type;      /* result type of the first output */
};

/* Looks an aggregate up by function name; false when it is not one. */
bool kq_agg_lookup(const char *name, kq_agg_kind *kind);

typedef struct kq_agg_state kq_agg_state;
size_t kq_agg_state_size(const kq_agg *a);
void kq_agg_init(const kq_agg *a, kq_agg_state *s);
void kq_agg_add(const kq_agg *a, kq_agg_state *s, const kq_value *row, kq_ctx *c, kq_arena *keep);
/* writes noutputs values */
void kq_agg_result(const kq_agg *a, kq_agg_state *s, kq_value *out, kq_arena *a_out);
void kq_agg_release(const kq_agg *a, kq_agg_state *s);

#endif
