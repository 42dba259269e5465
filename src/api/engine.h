/*
 * engine.h - the insides of kq_engine and kq_query shared by the API and the binder: the
 * tables bound to files (with their column schemas), user views, options and counters.
 */
#ifndef KQ_ENGINE_H
#define KQ_ENGINE_H

#include "../../include/kq.h"
#include "../base/arena.h"
#include "../base/u64_set.h"
#include "../exec/ops.h"
#include "../io/reader.h"

typedef struct kq_file_table {
    char *name;
    kq_table_files files;
    int ncols;
    char **col_names;
    kq_type *col_types;
} kq_file_table;

typedef struct kq_user_view {
    char *name;
    char *kql;
} kq_user_view;

/* A materialize(T) kept across queries (kq_engine_set_shared_materialize): the text of the call,
 * the rows and their schema. */
typedef struct kq_shared_mat {
    char *key;
    size_t key_len;
    kq_mat_cache *cache;
    int ncols;
    char **names;
    kq_type *types;
    bool stale; /* the inputs changed since: not handed out, kept until the engine goes */
} kq_shared_mat;

struct kq_engine {
    int64_t now;
    bool now_set;
    bool strict;
    bool source_columns; /* file-bound tables get _kq_file and _kq_line */
    kq_diag_fn diag;
    void *diag_user;
    kq_progress_fn progress;
    void *progress_user;
    kq_input_fn input_provider; /* deferred input, asked for once */
    void *input_user;
    bool checking;              /* inside kq_check: catalog tables without input are empty */
    int nbound;                 /* files bound so far, by device and inode (never twice) */
    unsigned long long *bound_dev, *bound_ino;
    int64_t skipped;
    int64_t skipped_files; /* files of walked directories kq could not read */
    /* the reports of skipped records made so far (hashes of file, line and message): each is
     * told and counted once, however many scans read the record */
    kq_u64_set reported; /* hashes of the skipped-record reports told */
    int ntables;
    kq_file_table *tables;
    int nviews;
    kq_user_view *views;
    bool share_materialize;
    int nshared;
    kq_shared_mat *shared;
};

/* The kept materialize(T) whose call text is key, or NULL. */
const kq_shared_mat *kq_engine_find_materialized(const kq_engine *e, const char *key, size_t len);
/* Keeps a filled cache (the engine owns it from now on) with its schema. */
void kq_engine_keep_materialized(kq_engine *e, const char *key, size_t len, kq_mat_cache *cache,
                                 const kq_schema *schema);

kq_file_table *kq_engine_find_table(kq_engine *e, const char *name);
/* the view text for a name (a user override first, then the built-in), or NULL */
const char *kq_engine_view_text(kq_engine *e, const char *name);
void kq_engine_read_opts(kq_engine *e, kq_read_opts *o);

/* one result table of a query */
typedef struct kq_result {
    kq_op *root;
} kq_result;

struct kq_query {
    kq_engine *engine;
    kq_arena arena; /* syntax tree, expressions, constants */
    char *text;
    size_t len;
    int nresults, at;
    kq_result *results;
    kq_ctx ctx;
    kq_arena scratch;
    kq_error err;
    kq_value *row;
    bool done;
    /* things to free with the query */
    int nowned;
    void **owned;
    void (**owned_free)(void *);
};

void kq_query_own(kq_query *q, void *p, void (*fn)(void *));

/* bind.c: compiles the statements of the parsed query into result operator trees */
struct kq_ast;
int kq_bind_query(kq_query *q, struct kq_ast *root, kq_error *err);

#endif
