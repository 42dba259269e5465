/*
 * op_scan.c - the leaf operator over the files bound to a table: opens each file's reader in
 * turn, asks it only for the columns the query uses (the binder marks them), hands it the
 * literal prefilter pushed down from where-clauses, and yields the records as rows.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/error.h"
#include "ops.h"
#include "value.h"

typedef struct {
    kq_op base;
    kq_table_files files;
    kq_read_opts opts;
    int file_at;
    kq_reader *reader;
    bool started;
    int nproj;
    const char **proj_names;
    kq_type *proj_types;
    int *proj_cols;
    kq_value *vals, *out;
    kq_arena arena;
    kq_scanner *prefilter; /* built once for all the files, or NULL */
    int prefilter_field;   /* the column whose values the prefilter's needles are for */
    uint32_t since_progress;
    int source_file_col, source_line_col; /* -1: none */
} scan_op;

#define PROGRESS_EVERY 65536 /* records between progress reports */

static void report_progress(scan_op *s)
{
    if (s->opts.progress && s->reader)
        s->opts.progress(s->opts.progress_user, kq_reader_path(s->reader), kq_reader_file_done(s->reader),
                         kq_reader_file_size(s->reader));
}

void kq_op_scan_set_schema(kq_op *op, kq_schema s)
{
    op->schema = s;
}

void kq_op_scan_set_source_columns(kq_op *op, int file_col, int line_col)
{
    scan_op *s = (scan_op *)op;
    s->source_file_col = file_col;
    s->source_line_col = line_col;
}

void kq_op_scan_add_prefilter(kq_op *op, int field, int n, const char *const *needles, const size_t *lens,
                              bool start_bounded)
{
    scan_op *s = (scan_op *)op;
    if (s->prefilter || n <= 0) return; /* one prefilter is enough: any one is a sound filter */
    s->prefilter = kq_prefilter_scanner_new(n, needles, lens, start_bounded);
    s->prefilter_field = field;
}

static void start(scan_op *s)
{
    kq_schema *sc = &s->base.schema;
    s->out = kq_xcalloc((size_t)(sc->n ? sc->n : 1), sizeof(kq_value));
    s->vals = kq_xcalloc((size_t)(sc->n ? sc->n : 1), sizeof(kq_value));
    s->proj_names = kq_xcalloc((size_t)(sc->n ? sc->n : 1), sizeof(char *));
    s->proj_types = kq_xcalloc((size_t)(sc->n ? sc->n : 1), sizeof(kq_type));
    s->proj_cols = kq_xcalloc((size_t)(sc->n ? sc->n : 1), sizeof(int));
    for (int i = 0; i < sc->n; i++) {
        s->out[i] = kq_null(sc->cols[i].type);
        if (i == s->source_file_col || i == s->source_line_col) continue;
        if (sc->cols[i].used && *sc->cols[i].used) {
            s->proj_names[s->nproj] = sc->cols[i].name;
            s->proj_types[s->nproj] = sc->cols[i].type;
            s->proj_cols[s->nproj] = i;
            s->nproj++;
        }
    }
}

static int open_next_file(scan_op *s, kq_ctx *c)
{
    while (s->file_at < s->files.n) {
        const char *path = s->files.paths[s->file_at++];
        kq_reader *r;
        if (kq_reader_open(path, &s->opts, &r, c->err) != 0) {
            c->failed = true;
            return -1;
        }
        if (kq_reader_project(r, s->nproj, s->proj_names, s->proj_types, c->err) != 0) {
            kq_reader_close(r);
            c->failed = true;
            return -1;
        }
        kq_reader_use_prefilter(r, s->prefilter, s->prefilter ? s->base.schema.cols[s->prefilter_field].name : NULL);
        s->reader = r;
        return 1;
    }
    return 0;
}

static int scan_next(kq_op *op, kq_ctx *c, kq_value **row)
{
    scan_op *s = (scan_op *)op;
    if (!s->started) {
        s->started = true;
        start(s);
    }
    for (;;) {
        if (!s->reader) {
            int r = open_next_file(s, c);
            if (r <= 0) return r;
        }
        kq_arena_reset(&s->arena);
        int r = kq_reader_next(s->reader, s->vals, &s->arena, c->err);
        if (r < 0) {
            c->failed = true;
            return -1;
        }
        if (r == 0) {
            report_progress(s);
            kq_reader_close(s->reader);
            s->reader = NULL;
            continue;
        }
        if (++s->since_progress >= PROGRESS_EVERY) {
            s->since_progress = 0;
            report_progress(s);
        }
        for (int i = 0; i < s->nproj; i++) s->out[s->proj_cols[i]] = s->vals[i];
        if (s->source_file_col >= 0) {
            const char *path = kq_reader_path(s->reader);
            s->out[s->source_file_col] = kq_str(path, strlen(path));
        }
        if (s->source_line_col >= 0) s->out[s->source_line_col] = kq_long(kq_reader_line(s->reader));
        *row = s->out;
        return 1;
    }
}

static void scan_reset(kq_op *op)
{
    scan_op *s = (scan_op *)op;
    if (s->reader) kq_reader_close(s->reader);
    s->reader = NULL;
    s->file_at = 0;
}

static void scan_destroy(kq_op *op)
{
    scan_op *s = (scan_op *)op;
    if (s->reader) kq_reader_close(s->reader);
    for (int i = 0; i < s->files.n; i++) free(s->files.paths[i]);
    free(s->files.paths);
    kq_scanner_free(s->prefilter);
    free(s->out);
    free(s->vals);
    free(s->proj_names);
    free(s->proj_types);
    free(s->proj_cols);
    kq_arena_free(&s->arena);
    free(s);
}

kq_op *kq_op_scan_new(const kq_table_files *files, const kq_read_opts *opts)
{
    scan_op *s = kq_xcalloc(1, sizeof *s);
    s->base.next = scan_next;
    s->base.destroy = scan_destroy;
    s->base.reset = scan_reset;
    s->files.n = files->n;
    s->files.paths = kq_xcalloc((size_t)(files->n ? files->n : 1), sizeof(char *));
    for (int i = 0; i < files->n; i++) s->files.paths[i] = kq_xstrdup(files->paths[i]);
    s->opts = *opts;
    s->source_file_col = s->source_line_col = -1;
    kq_arena_init(&s->arena, 64 * 1024);
    return &s->base;
}
