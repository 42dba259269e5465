/*
 * ops.h - the tabular operators: a pull-based tree. Each operator's next() yields one row (an
 * array of kq_value, one per schema column) that stays valid until its next call; blocking
 * operators (sort, top, summarize, distinct) copy what they keep into their own arenas.
 * An operator does not own its inputs: the query that built the tree frees every operator
 * (kq_op_free frees one operator's own state only).
 */
#ifndef KQ_OPS_H
#define KQ_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "../../include/kq.h"
#include "../base/arena.h"
#include "../io/reader.h"
#include "expr.h"

/* Where a column comes straight from (a field of a scan, unchanged): lets the binder push
 * literal prefilters down to the readers. */
typedef struct kq_scan_origin {
    struct kq_op *scan;
    int field;
} kq_scan_origin;

typedef struct kq_col {
    const char *name;
    kq_type type;
    bool *used;                  /* set when anything reads this column (shared down to scans) */
    const kq_scan_origin *origin; /* non-NULL when the column is a scan field, rows unreordered */
} kq_col;

typedef struct kq_schema {
    int n;
    kq_col *cols;
} kq_schema;

typedef struct kq_op kq_op;
struct kq_op {
    /* 1: *row set; 0: no more rows; -1: error (c->err filled, c->failed set) */
    int (*next)(kq_op *op, kq_ctx *c, kq_value **row);
    void (*destroy)(kq_op *op);
    /* starts over, reading its input again; mv-apply reruns its subquery this way for every
     * input row */
    void (*reset)(kq_op *op);
    kq_schema schema;
};

static inline int kq_op_next(kq_op *op, kq_ctx *c, kq_value **row) { return op->next(op, c, row); }
static inline void kq_op_reset(kq_op *op) { if (op->reset) op->reset(op); }
void kq_op_free(kq_op *op);

/* A sort key */
typedef struct kq_sort_key {
    kq_expr *expr;
    bool desc;
    bool nulls_first;
} kq_sort_key;

/* materialize(T): the rows of source, computed once on first use and kept; every replay op reads
 * them from the start (freed with kq_mat_cache_free, after the ops that use it). */
typedef struct kq_mat_cache kq_mat_cache;
kq_mat_cache *kq_mat_cache_new(kq_op *source);
void kq_mat_cache_free(void *cache);
kq_op *kq_op_materialized_new(kq_mat_cache *cache);
/* Reads every row of the source now: 0, or -1 with c->err filled. After it the cache holds its
 * own copies and does not use the source (it may outlive the query that bound the source). */
int kq_mat_cache_fill(kq_mat_cache *cache, kq_ctx *c);

/* constructors (the schema is filled by the binder before or after, as documented) */
kq_op *kq_op_rows_new(int ncols, int nrows, kq_value *values); /* values: row-major, owned by caller's arena */
kq_op *kq_op_range_new(kq_value from, kq_value to, kq_value step);
kq_op *kq_op_filter_new(kq_op *child, kq_expr *pred);
/* out column i = exprs[i] evaluated on the input row */
kq_op *kq_op_compute_new(kq_op *child, int n, kq_expr **exprs);
kq_op *kq_op_take_new(kq_op *child, int64_t n);
kq_op *kq_op_sample_new(kq_op *child, int64_t n);
kq_op *kq_op_sort_new(kq_op *child, int nkeys, kq_sort_key *keys, int64_t limit /* -1: all */);
/* union: child i's column j goes to output column map[i][j] (-1: dropped) */
kq_op *kq_op_union_new(int n, kq_op **children, int **maps);
/* called once the union's schema is set; source_col >= 0: that column holds names[leg] */
void kq_op_union_ready(kq_op *op, int source_col, const char *const *names);

/* join and lookup: output = left columns (when nleft_out), then right column i at right_out[i]
 * (-1: not in the output); width = output columns */
typedef enum kq_join_kind {
    KQ_JOIN_INNERUNIQUE, KQ_JOIN_INNER, KQ_JOIN_LEFTOUTER, KQ_JOIN_RIGHTOUTER, KQ_JOIN_FULLOUTER,
    KQ_JOIN_LEFTSEMI, KQ_JOIN_RIGHTSEMI, KQ_JOIN_LEFTANTI, KQ_JOIN_RIGHTANTI
} kq_join_kind;
kq_op *kq_op_join_new(kq_op *left, kq_op *right, kq_join_kind kind, int nkeys, kq_expr **lkeys, kq_expr **rkeys,
                      int nleft_out, int *right_out, int width);

/* mv-expand: expression i's elements go to output column target[i]; output columns beyond the
 * input's are the new ones (and the item index, at index_col, or -1) */
kq_op *kq_op_mvexpand_new(kq_op *child, int nexp, kq_expr **exprs, int *target, kq_type *to_type, bool bag_as_array,
                          int index_col, int64_t limit, int width);

/* parse: capture i (regex group i + 1) of the pattern goes to output column target[i] */
struct kq_regex;
kq_op *kq_op_parse_new(kq_op *child, kq_expr *source, struct kq_regex *re, int ncaps, int *target, kq_type *types,
                       bool relaxed, bool drop_unmatched, int width);

/* expanding one value of mv-expand / mv-apply: its element count (arrays, bags; 1 for null or
 * a scalar) and its k-th element, converted to t (KQ_T_UNKNOWN: kept dynamic) */
int64_t kq_expand_length(const kq_value *v);
kq_value kq_expand_element(const kq_value *v, int64_t len, int64_t k, kq_type t, bool bag_as_array, kq_ctx *c);

/* mv-apply: per input row, the expanded values fill the feeder (a rows operator at the leaf of
 * the subquery), the subquery reruns, and its rows come out after the input's other columns */
kq_op *kq_op_mvapply_new(kq_op *child, int nexp, kq_expr **exprs, kq_type *to_type, bool bag_as_array,
                         bool with_index, int64_t limit, kq_op *feeder, kq_op *sub, int nkeep, const int *keep_cols);
/* the values a rows operator serves, replaced (row-major, ncols wide) */
void kq_op_rows_set(kq_op *op, int nrows, kq_value *values);

/* summarize */
typedef struct kq_agg kq_agg;
kq_op *kq_op_summarize_new(kq_op *child, int nkeys, kq_expr **keys, int naggs, kq_agg **aggs);

/* scan over files bound to a table */
typedef struct kq_table_files {
    int n;
    char **paths;
} kq_table_files;
kq_op *kq_op_scan_new(const kq_table_files *files, const kq_read_opts *opts);
/* adds the scan's output columns (names and types) - called by the binder */
void kq_op_scan_set_schema(kq_op *scan, kq_schema s);
/* Columns file_col and line_col (or -1) of the schema are filled with each record's file and line
 * instead of being read from the record. */
void kq_op_scan_set_source_columns(kq_op *scan, int file_col, int line_col);
/* restricts the records the scan needs to read (lower-case ASCII needles; start_bounded: they only
 * matter where a term starts, see kq_prefilter_scanner_new) */
void kq_op_scan_add_prefilter(kq_op *scan, int field, int n, const char *const *needles, const size_t *lens,
                              bool start_bounded);

#endif
