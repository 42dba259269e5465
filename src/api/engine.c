/*
 * engine.c - the public API of libkq (include/kq.h): engines, binding files to tables, views,
 * preparing queries and stepping through their results.
 */
#include "engine.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "../base/datetime.h"
#include "../base/error.h"
#include "../kql/parse.h"
#include "catalog.h"

const char *kq_version(void)
{
    return "0.1.0";
}

kq_engine *kq_engine_new(void)
{
    kq_engine *e = kq_xcalloc(1, sizeof *e);
    return e;
}

/* The inputs changed (files, views, the reference time): no kept materialize(T) is handed out
 * again. Their memory stays, since an op of a query being bound may still read one. */
static void forget_materialized(kq_engine *e)
{
    for (int i = 0; i < e->nshared; i++) e->shared[i].stale = true;
}

void kq_engine_set_shared_materialize(kq_engine *e, bool on)
{
    e->share_materialize = on;
}

const kq_shared_mat *kq_engine_find_materialized(const kq_engine *e, const char *key, size_t len)
{
    for (int i = 0; i < e->nshared; i++) {
        const kq_shared_mat *m = &e->shared[i];
        if (!m->stale && m->key_len == len && memcmp(m->key, key, len) == 0) return m;
    }
    return NULL;
}

void kq_engine_keep_materialized(kq_engine *e, const char *key, size_t len, kq_mat_cache *cache,
                                 const kq_schema *schema)
{
    e->shared = kq_xrealloc(e->shared, sizeof *e->shared * (size_t)(e->nshared + 1));
    kq_shared_mat *m = &e->shared[e->nshared++];
    m->key = kq_xmalloc(len + 1);
    memcpy(m->key, key, len);
    m->key[len] = 0;
    m->key_len = len;
    m->cache = cache;
    m->ncols = schema->n;
    m->names = kq_xcalloc((size_t)(schema->n ? schema->n : 1), sizeof *m->names);
    m->types = kq_xcalloc((size_t)(schema->n ? schema->n : 1), sizeof *m->types);
    for (int i = 0; i < schema->n; i++) {
        m->names[i] = kq_xstrdup(schema->cols[i].name);
        m->types[i] = schema->cols[i].type;
    }
    m->stale = false;
}

void kq_engine_free(kq_engine *e)
{
    if (!e) return;
    for (int i = 0; i < e->nshared; i++) {
        kq_shared_mat *m = &e->shared[i];
        kq_mat_cache_free(m->cache);
        for (int j = 0; j < m->ncols; j++) free(m->names[j]);
        free(m->names);
        free(m->types);
        free(m->key);
    }
    free(e->shared);
    kq_u64_set_free(&e->reported);
    for (int i = 0; i < e->ntables; i++) {
        kq_file_table *t = &e->tables[i];
        free(t->name);
        for (int j = 0; j < t->files.n; j++) free(t->files.paths[j]);
        free(t->files.paths);
        for (int j = 0; j < t->ncols; j++) free(t->col_names[j]);
        free(t->col_names);
        free(t->col_types);
    }
    free(e->tables);
    for (int i = 0; i < e->nviews; i++) {
        free(e->views[i].name);
        free(e->views[i].kql);
    }
    free(e->views);
    free(e->bound_dev);
    free(e->bound_ino);
    free(e);
}

void kq_engine_set_now(kq_engine *e, int64_t ticks)
{
    forget_materialized(e);
    e->now = ticks;
    e->now_set = true;
}

void kq_engine_set_strict(kq_engine *e, bool strict)
{
    forget_materialized(e);
    e->strict = strict;
}

void kq_engine_set_source_columns(kq_engine *e, bool on)
{
    forget_materialized(e);
    e->source_columns = on;
}

void kq_engine_set_diag(kq_engine *e, kq_diag_fn fn, void *user)
{
    e->diag = fn;
    e->diag_user = user;
}

void kq_engine_set_input_provider(kq_engine *e, kq_input_fn fn, void *user)
{
    e->input_provider = fn;
    e->input_user = user;
}

void kq_engine_set_progress(kq_engine *e, kq_progress_fn fn, void *user)
{
    e->progress = fn;
    e->progress_user = user;
}

int64_t kq_engine_skipped(const kq_engine *e)
{
    return e->skipped;
}

/* Whether this report is new to the engine (and remember it). */
static bool first_report(kq_engine *e, const char *file, int64_t line, const char *message)
{
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *p = (const unsigned char *)(file ? file : ""); *p; p++) h = (h ^ *p) * 1099511628211ull;
    h = (h ^ (uint64_t)line) * 1099511628211ull;
    for (const unsigned char *p = (const unsigned char *)message; *p; p++) h = (h ^ *p) * 1099511628211ull;
    /* past a million reports the rest are not remembered, and told every time */
    if (e->reported.count >= (size_t)1 << 20) return true;
    return kq_u64_set_add(&e->reported, h);
}

/* The readers' reports of skipped records: told and counted once per engine (a hunt reads a
 * table once per kind of indicator, a query may read a table twice). */
static void report_skipped_record(void *user, const char *file, int64_t line, const char *message)
{
    kq_engine *e = user;
    if (!first_report(e, file, line, message)) return;
    e->skipped++;
    if (e->diag) e->diag(e->diag_user, file, line, message);
}

void kq_engine_read_opts(kq_engine *e, kq_read_opts *o)
{
    o->diag = report_skipped_record;
    o->diag_user = e;
    o->strict = e->strict;
    o->skipped = NULL; /* counted by report_skipped_record */
    o->progress = e->progress;
    o->progress_user = e->progress_user;
}

kq_file_table *kq_engine_find_table(kq_engine *e, const char *name)
{
    for (int i = 0; i < e->ntables; i++)
        if (strcmp(e->tables[i].name, name) == 0) return &e->tables[i];
    return NULL;
}

const char *kq_engine_view_text(kq_engine *e, const char *name)
{
    for (int i = 0; i < e->nviews; i++)
        if (strcmp(e->views[i].name, name) == 0) return e->views[i].kql;
    const kq_builtin_view *v = kq_builtin_view_find(name);
    return v ? v->kql : NULL;
}

int kq_engine_define_view(kq_engine *e, const char *name, const char *kql, kq_error *err)
{
    forget_materialized(e);
    kq_arena a;
    kq_arena_init(&a, 16 * 1024);
    kq_error perr;
    kq_error_clear(&perr);
    kq_ast *root = kq_parse(kql, strlen(kql), &a, &perr);
    kq_arena_free(&a);
    if (!root) {
        if (err) *err = perr;
        return perr.code ? perr.code : KQ_ERR_QUERY;
    }
    for (int i = 0; i < e->nviews; i++)
        if (strcmp(e->views[i].name, name) == 0) {
            free(e->views[i].kql);
            e->views[i].kql = kq_xstrdup(kql);
            return 0;
        }
    e->views = kq_xrealloc(e->views, sizeof(kq_user_view) * (size_t)(e->nviews + 1));
    e->views[e->nviews].name = kq_xstrdup(name);
    e->views[e->nviews].kql = kq_xstrdup(kql);
    e->nviews++;
    return 0;
}

int kq_engine_table_count(const kq_engine *e)
{
    return e->ntables;
}

const char *kq_engine_table_name(const kq_engine *e, int i)
{
    return i >= 0 && i < e->ntables ? e->tables[i].name : NULL;
}

int kq_engine_table_column_count(const kq_engine *e, int i)
{
    return i >= 0 && i < e->ntables ? e->tables[i].ncols : 0;
}

const char *kq_engine_table_column(const kq_engine *e, int i, int j, kq_type *type)
{
    if (i < 0 || i >= e->ntables || j < 0 || j >= e->tables[i].ncols) return NULL;
    if (type) *type = e->tables[i].col_types[j];
    return e->tables[i].col_names[j];
}

int kq_engine_table_file_count(const kq_engine *e, int i)
{
    return i >= 0 && i < e->ntables ? e->tables[i].files.n : 0;
}

/* ---- binding files ---- */

static char *table_for_zeek_path(const char *path)
{
    char buf[256] = "Zeek";
    size_t n = 4;
    bool up = true;
    for (const char *p = path; *p && n < sizeof buf - 1; p++) {
        if (!isalnum((unsigned char)*p)) {
            up = true;
            continue;
        }
        buf[n++] = up ? (char)toupper((unsigned char)*p) : *p;
        up = false;
    }
    buf[n] = 0;
    return kq_xstrdup(buf);
}

static char *table_for_file_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", base);
    /* drop known extensions, repeatedly */
    static const char *const exts[] = {".gz", ".jsonl", ".json", ".ndjson", ".csv", ".tsv", ".log", ".txt", NULL};
    for (bool again = true; again;) {
        again = false;
        for (int i = 0; exts[i]; i++) {
            size_t l = strlen(buf), el = strlen(exts[i]);
            if (l > el && strcmp(buf + l - el, exts[i]) == 0) {
                buf[l - el] = 0;
                again = true;
            }
        }
    }
    /* a catalog table name at the start (DnsEvents_2026-05.json) */
    for (int i = 0; i < kq_catalog_count(); i++) {
        const char *t = kq_catalog_at(i)->name;
        size_t tl = strlen(t);
        if (strncmp(buf, t, tl) == 0 && (buf[tl] == 0 || buf[tl] == '_' || buf[tl] == '-' || buf[tl] == '.'))
            return kq_xstrdup(t);
    }
    for (char *p = buf; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_') *p = '_';
    if (!buf[0] || isdigit((unsigned char)buf[0])) {
        char tmp[260];
        snprintf(tmp, sizeof tmp, "T_%s", buf);
        return kq_xstrdup(tmp);
    }
    return kq_xstrdup(buf);
}

static kq_file_table *get_table(kq_engine *e, const char *name)
{
    kq_file_table *t = kq_engine_find_table(e, name);
    if (t) return t;
    e->tables = kq_xrealloc(e->tables, sizeof(kq_file_table) * (size_t)(e->ntables + 1));
    t = &e->tables[e->ntables++];
    memset(t, 0, sizeof *t);
    t->name = kq_xstrdup(name);
    const kq_catalog_table *ct = kq_catalog_find(name);
    if (ct) {
        t->ncols = ct->ncols;
        t->col_names = kq_xcalloc((size_t)ct->ncols, sizeof(char *));
        t->col_types = kq_xcalloc((size_t)ct->ncols, sizeof(kq_type));
        for (int i = 0; i < ct->ncols; i++) {
            t->col_names[i] = kq_xstrdup(ct->cols[i].name);
            t->col_types[i] = ct->cols[i].type;
        }
    }
    return t;
}

static void add_file_to_table(kq_engine *e, kq_file_table *t, const char *path, kq_reader *r)
{
    t->files.paths = kq_xrealloc(t->files.paths, sizeof(char *) * (size_t)(t->files.n + 1));
    t->files.paths[t->files.n++] = kq_xstrdup(path);
    /* a Sentinel table keeps its documented columns and types; columns a file has beyond them
     * (newer than the schema kq knows) are added, so that no data is lost */
    bool catalog = kq_catalog_find(t->name) != NULL;
    for (int i = 0; i < kq_reader_field_count(r); i++) {
        const kq_field *f = kq_reader_field(r, i);
        int at = -1;
        for (int j = 0; j < t->ncols; j++)
            if (strcmp(t->col_names[j], f->name) == 0) at = j;
        if (at >= 0 && catalog) continue;
        if (at >= 0) {
            if (t->col_types[at] != f->type) {
                /* conflicting kinds across files: numbers widen, anything else becomes string */
                bool nums = (t->col_types[at] == KQ_T_LONG || t->col_types[at] == KQ_T_REAL) &&
                            (f->type == KQ_T_LONG || f->type == KQ_T_REAL);
                t->col_types[at] = nums ? KQ_T_REAL : (t->col_types[at] == KQ_T_DYNAMIC || f->type == KQ_T_DYNAMIC) ? KQ_T_DYNAMIC : KQ_T_STRING;
            }
            continue;
        }
        t->col_names = kq_xrealloc(t->col_names, sizeof(char *) * (size_t)(t->ncols + 1));
        t->col_types = kq_xrealloc(t->col_types, sizeof(kq_type) * (size_t)(t->ncols + 1));
        t->col_names[t->ncols] = kq_xstrdup(f->name);
        t->col_types[t->ncols] = f->type;
        t->ncols++;
    }
}

/* a Type column names the record's table in Sentinel exports; in other files it is data
 * (an indicator type, a DNS record type): only a known table or a table-like name counts */
static bool looks_like_table_type(const char *t)
{
    if (kq_catalog_find(t) || kq_builtin_view_find(t)) return true;
    size_t n = strlen(t);
    if (n < 3 || n > 128 || !isupper((unsigned char)t[0])) return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)t[i]) && t[i] != '_') return false;
    return true;
}

/* files that are never logs, passed over (and said so) when walking a directory */
static bool is_document_file(const char *path)
{
    static const char *const exts[] = {".md", ".markdown", ".yaml", ".yml", ".kql", ".py", ".sh", ".c", ".h",
                                       ".js", ".html", ".htm", ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".svg",
                                       ".zip", ".exe", ".dll", ".evtx", ".rst", ".toml", NULL};
    size_t n = strlen(path);
    for (int i = 0; exts[i]; i++) {
        size_t l = strlen(exts[i]);
        if (n > l && strcasecmp(path + n - l, exts[i]) == 0) return true;
    }
    return false;
}

typedef struct bind_walk {
    kq_engine *e;
    const char *table;
    const char *fallback; /* table of files that do not name theirs */
    bool explicit_file;
    kq_error *err;
    size_t files; /* files the walk came to, read or not */
} bind_walk;

static int bind_one_file(void *user, const char *path)
{
    bind_walk *w = user;
    kq_engine *e = w->e;
    w->files++;
    kq_read_opts opts;
    kq_engine_read_opts(e, &opts);
    kq_reader *r;
    kq_error err;
    kq_error_clear(&err);
    struct stat st;
    if (stat(path, &st) == 0) {
        for (int i = 0; i < e->nbound; i++)
            if (e->bound_dev[i] == (unsigned long long)st.st_dev && e->bound_ino[i] == (unsigned long long)st.st_ino) {
                if (e->diag) e->diag(e->diag_user, path, 0, "given more than once; read once");
                return 0;
            }
        e->bound_dev = kq_xrealloc(e->bound_dev, sizeof(unsigned long long) * (size_t)(e->nbound + 1));
        e->bound_ino = kq_xrealloc(e->bound_ino, sizeof(unsigned long long) * (size_t)(e->nbound + 1));
        e->bound_dev[e->nbound] = (unsigned long long)st.st_dev;
        e->bound_ino[e->nbound] = (unsigned long long)st.st_ino;
        e->nbound++;
    }
    if (!w->explicit_file && is_document_file(path)) {
        if (e->diag) e->diag(e->diag_user, path, 0, "not a log format kq reads; skipped");
        e->skipped_files++;
        return 0;
    }
    if (kq_reader_open(path, &opts, &r, &err) != 0) {
        if (w->explicit_file || e->strict) {
            *w->err = err;
            if (!w->err->code) w->err->code = KQ_ERR_INPUT;
            return -1;
        }
        /* a file of a directory that kq cannot read: said, counted, and passed over */
        if (e->diag) e->diag(e->diag_user, path, 0, err.message[0] ? err.message : "not a log format kq reads; skipped");
        e->skipped_files++;
        return 0;
    }
    if (!w->explicit_file && !w->table && kq_reader_format(r) == KQ_FMT_CSV && kq_reader_field_count(r) < 2) {
        /* text that is not a table (notes, READMEs): said and passed over in directory walks */
        if (e->diag) e->diag(e->diag_user, path, 0, "not a log format kq reads (a CSV file needs at least two columns); skipped");
        e->skipped_files++;
        kq_reader_close(r);
        return 0;
    }
    char *name;
    const char *hint = kq_reader_type_hint(r);
    if (w->table) name = kq_xstrdup(w->table);
    else if (hint && looks_like_table_type(hint)) {
        name = kq_xstrdup(hint);
        int others, sampled;
        const char *other = kq_reader_other_type(r, &others, &sampled);
        if (other && e->diag) {
            /* one file, one table: said, so that counts over a mixed export are not taken for
             * counts of one table */
            char msg[400];
            snprintf(msg, sizeof msg,
                     "%d of its first %d records have another Type than the first ('%.60s', not '%.60s'); the "
                     "whole file is read as the table '%.60s' (filter on Type, or split the file)",
                     others, sampled, other, hint, hint);
            e->diag(e->diag_user, path, 0, msg);
        }
    }
    else if (kq_reader_zeek_path(r)) name = table_for_zeek_path(kq_reader_zeek_path(r));
    else if (w->fallback) name = kq_xstrdup(w->fallback);
    else name = table_for_file_name(path);
    kq_file_table *t = get_table(e, name);
    add_file_to_table(e, t, path, r);
    free(name);
    kq_reader_close(r);
    return 0;
}

static int add_path(kq_engine *e, const char *table, const char *fallback, const char *path, kq_error *err);

int kq_engine_add_path(kq_engine *e, const char *table, const char *path, kq_error *err)
{
    return add_path(e, table, NULL, path, err);
}

int kq_engine_add_path_default(kq_engine *e, const char *fallback_table, const char *path, kq_error *err)
{
    return add_path(e, NULL, fallback_table, path, err);
}

static int add_path(kq_engine *e, const char *table, const char *fallback, const char *path, kq_error *err)
{
    forget_materialized(e);
    kq_error local;
    if (!err) err = &local;
    kq_error_clear(err);
    struct stat st;
    if (strcmp(path, "-") != 0 && stat(path, &st) != 0) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0, "cannot open: no such file or directory");
        return KQ_ERR_INPUT;
    }
    bind_walk w = {e, table, fallback, true, err, 0};
    if (strcmp(path, "-") != 0 && S_ISDIR(st.st_mode)) {
        w.explicit_file = false;
        int r = kq_walk(path, bind_one_file, &w, err);
        if (r >= 0 && w.files == 0 && e->diag) e->diag(e->diag_user, path, 0, "the directory holds no files; nothing read");
        return r < 0 ? (err->code ? err->code : KQ_ERR_INPUT) : 0;
    }
    return bind_one_file(&w, path) < 0 ? err->code : 0;
}

/* ---- queries ---- */

void kq_query_own(kq_query *q, void *p, void (*fn)(void *))
{
    q->owned = kq_xrealloc(q->owned, sizeof(void *) * (size_t)(q->nowned + 1));
    q->owned_free = kq_xrealloc(q->owned_free, sizeof(void (*)(void *)) * (size_t)(q->nowned + 1));
    q->owned[q->nowned] = p;
    q->owned_free[q->nowned] = fn;
    q->nowned++;
}

static int64_t wall_clock_ticks(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return KQ_UNIX_EPOCH_TICKS + (int64_t)ts.tv_sec * KQ_TICKS_PER_SECOND + ts.tv_nsec / 100;
}

int kq_prepare(kq_engine *e, const char *text, size_t len, kq_query **out, kq_error *err)
{
    kq_error local;
    if (!err) err = &local;
    kq_error_clear(err);
    *out = NULL;
    kq_query *q = kq_xcalloc(1, sizeof *q);
    q->engine = e;
    kq_arena_init(&q->arena, 64 * 1024);
    kq_arena_init(&q->scratch, 16 * 1024);
    q->text = kq_xmalloc(len + 1);
    memcpy(q->text, text, len);
    q->text[len] = 0;
    q->len = len;
    q->ctx.now = e->now_set ? e->now : wall_clock_ticks();
    q->ctx.scratch = &q->scratch;
    q->ctx.err = &q->err;
    q->at = -1;
    kq_ast *root = kq_parse(q->text, len, &q->arena, err);
    if (!root || kq_bind_query(q, root, err) != 0) {
        if (!err->code) err->code = KQ_ERR_QUERY;
        kq_query_free(q);
        return err->code;
    }
    *out = q;
    return 0;
}

int kq_check(kq_engine *e, const char *text, size_t len, kq_error *err)
{
    kq_query *q;
    e->checking = true;
    int rc = kq_prepare(e, text, len, &q, err);
    e->checking = false;
    if (rc == 0) kq_query_free(q);
    return rc;
}

void kq_query_free(kq_query *q)
{
    if (!q) return;
    free(q->results); /* the operators are among the owned objects */
    for (int i = 0; i < q->nowned; i++) q->owned_free[i](q->owned[i]);
    free(q->owned);
    free(q->owned_free);
    kq_arena_free(&q->arena);
    kq_arena_free(&q->scratch);
    free(q->text);
    free(q);
}

int kq_query_next_result(kq_query *q, kq_error *err)
{
    if (q->at + 1 >= q->nresults) return KQ_DONE;
    q->at++;
    q->done = false;
    q->row = NULL;
    return KQ_OK;
}

static kq_op *current(const kq_query *q)
{
    return q->at >= 0 && q->at < q->nresults ? q->results[q->at].root : NULL;
}

int kq_query_column_count(const kq_query *q)
{
    kq_op *op = current(q);
    return op ? op->schema.n : 0;
}

const char *kq_query_column_name(const kq_query *q, int col)
{
    kq_op *op = current(q);
    return op && col >= 0 && col < op->schema.n ? op->schema.cols[col].name : NULL;
}

kq_type kq_query_column_type(const kq_query *q, int col)
{
    kq_op *op = current(q);
    return op && col >= 0 && col < op->schema.n ? op->schema.cols[col].type : KQ_T_UNKNOWN;
}

int kq_query_step(kq_query *q, kq_error *err)
{
    kq_op *op = current(q);
    if (!op || q->done) return KQ_DONE;
    kq_arena_reset(&q->scratch);
    kq_error_clear(&q->err);
    q->ctx.failed = false;
    int r = kq_op_next(op, &q->ctx, &q->row);
    if (r == 1) return KQ_ROW;
    q->done = true;
    if (r < 0) {
        if (err) *err = q->err;
        if (err && !err->code) err->code = KQ_ERR_RUNTIME;
        return err ? err->code : KQ_ERR_RUNTIME;
    }
    return KQ_DONE;
}

const kq_value *kq_query_value(const kq_query *q, int col)
{
    if (!q->row || col < 0 || col >= kq_query_column_count(q)) return NULL;
    return &q->row[col];
}
