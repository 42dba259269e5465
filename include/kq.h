/*
 * kq.h - the public API of libkq: run KQL (Kusto Query Language) over local log files.
 *
 * Shape, in the spirit of sqlite3.h:
 *   kq_engine_new()            an engine: reference time, bound tables, options
 *   kq_engine_add_path()       bind a file or directory to a table (or let kq pick the table)
 *   kq_prepare()               compile a query (errors carry line:column)
 *   kq_query_next_result()     move to the next result table (a query may have several)
 *   kq_query_step()            pull the next row of the current result table
 *   kq_query_value()           read a typed cell of the current row
 *   kq_value_format()          render a value exactly as Kusto prints it
 * The library never prints and never exits: every problem comes back as a kq_error,
 * and skipped input records are reported through the diagnostic callback.
 */
#ifndef KQ_H
#define KQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- types and values ------------------------------------------------------------- */

typedef enum kq_type {
    KQ_T_UNKNOWN = 0, /* not yet typed (binder internal) */
    KQ_T_BOOL,
    KQ_T_INT,
    KQ_T_LONG,
    KQ_T_REAL,
    KQ_T_STRING,
    KQ_T_DATETIME, /* int64 ticks (100 ns) since 0001-01-01T00:00:00Z */
    KQ_T_TIMESPAN, /* int64 ticks (100 ns), signed */
    KQ_T_DYNAMIC,
    KQ_T_TABLE, /* binder internal: a tabular expression used as an argument */
    KQ_T__COUNT
} kq_type;

/* What a dynamic value holds. */
typedef enum kq_dyn_kind {
    KQ_D_NULL = 0,
    KQ_D_BOOL,
    KQ_D_LONG,
    KQ_D_REAL,
    KQ_D_STRING,
    KQ_D_ARRAY,
    KQ_D_OBJECT,
    KQ_D_DATETIME, /* kept as ticks; serialised as the 7-digit ISO string */
    KQ_D_TIMESPAN  /* kept as ticks; serialised as a number of ticks      */
} kq_dyn_kind;

typedef struct kq_dyn kq_dyn;
typedef struct kq_dyn_member kq_dyn_member;

/* A dynamic (JSON-like) value. Immutable once built; lives in an arena. */
struct kq_dyn {
    uint8_t kind; /* kq_dyn_kind */
    uint32_t n;   /* string length in bytes, array length, or member count */
    union {
        bool b;
        int64_t i; /* LONG, DATETIME, TIMESPAN */
        double r;
        const char *s;               /* STRING (UTF-8, not NUL-terminated) */
        const kq_dyn *items;         /* ARRAY: n items */
        const kq_dyn_member *members; /* OBJECT: n members, in input order */
    } u;
};

struct kq_dyn_member {
    const char *key;
    uint32_t key_len;
    kq_dyn value;
};

/* A scalar value. Strings are never null (a missing string is ""). */
typedef struct kq_value {
    uint8_t type; /* kq_type */
    uint8_t null; /* 1 when null (never for KQ_T_STRING) */
    uint32_t len; /* KQ_T_STRING: length in bytes */
    union {
        bool b;
        int64_t i; /* INT (sign-extended), LONG, DATETIME, TIMESPAN */
        double r;
        const char *s;     /* STRING: UTF-8 bytes, not NUL-terminated */
        const kq_dyn *d;   /* DYNAMIC (non-null values) */
    } u;
} kq_value;

/* Name of a type as Kusto spells it: "long", "string", "datetime", ... */
const char *kq_type_name(kq_type t);

/* ---- errors --------------------------------------------------------------------- */

typedef enum kq_status {
    KQ_OK = 0,
    KQ_ROW = 100,   /* kq_query_step: a row is ready */
    KQ_DONE = 101,  /* kq_query_step / next_result: nothing more */
    KQ_ERR_QUERY = 2,       /* syntax, unknown name, type mismatch, unsupported construct */
    KQ_ERR_INPUT = 3,       /* unreadable file, strict-mode bad record, unknown format */
    KQ_ERR_MEMORY = 4,      /* out of memory or over the memory limit */
    KQ_ERR_RUNTIME = 5,     /* a failure while running (e.g. regex match limit) */
    KQ_ERR_USAGE = 64       /* API misuse (bad argument) */
} kq_status;

typedef struct kq_error {
    int code;          /* kq_status */
    char message[512]; /* one line, no trailing newline */
    int line, col;     /* 1-based position in the query text; 0 when not about the query */
    int end_col;       /* last column of the span on that line (>= col), 0 if unknown */
    char file[512];    /* input file for input errors, "" otherwise */
    int64_t file_line; /* line (or record) number in that file, 0 if unknown */
} kq_error;

/* Renders "LINE | source\n     ^^^" under the error position, for a query text (NUL-terminated:
 * the text given to kq_prepare, with a terminating zero). Writes at most
 * cap bytes (NUL-terminated); returns the length it wanted. Empty when the error has no position. */
size_t kq_error_caret(const kq_error *e, const char *query_text, char *out, size_t cap);

/* ---- engine ---------------------------------------------------------------------- */

typedef struct kq_engine kq_engine;

/* Called for each input record that was skipped (malformed, too long, ...).
 * The engine also counts them; see kq_engine_skipped(). */
typedef void (*kq_diag_fn)(void *user, const char *file, int64_t line, const char *message);

kq_engine *kq_engine_new(void);
void kq_engine_free(kq_engine *e);

/* Reference time of now()/ago() for every query (ticks); default: the wall clock at prepare. */
void kq_engine_set_now(kq_engine *e, int64_t ticks);
/* Strict mode: a malformed record is an error instead of a skipped, counted record. */
void kq_engine_set_strict(kq_engine *e, bool strict);
void kq_engine_set_diag(kq_engine *e, kq_diag_fn fn, void *user);

/* Called now and then while files are scanned: bytes of the current file read so far (on disk,
 * so compressed bytes for gzip) and its size. For progress displays. */
typedef void (*kq_progress_fn)(void *user, const char *file, uint64_t done, uint64_t total);
void kq_engine_set_progress(kq_engine *e, kq_progress_fn fn, void *user);

/* Binds a file or a directory (walked recursively) to a table. table == NULL: kq picks the
 * table from the file (a Type column, the file name, or the format). */
int kq_engine_add_path(kq_engine *e, const char *table, const char *path, kq_error *err);

/* Like kq_engine_add_path(e, NULL, path), but a file that does not say which table it holds
 * (no Type column, no Zeek path) is bound to fallback_table instead of a name made from its
 * file name. The same file (same device and inode) is never bound twice. */
int kq_engine_add_path_default(kq_engine *e, const char *fallback_table, const char *path, kq_error *err);

/* Registers (or overrides) a view: a KQL function body that defines a table, e.g.
 * kq_engine_define_view(e, "DnsEvents", "ZeekDns | project ..."). */
int kq_engine_define_view(kq_engine *e, const char *name, const char *kql, kq_error *err);

/* Called at most once, when a query names a table that nothing provides yet: a chance to bind a
 * deferred input (the CLI binds standard input this way, so that it is read only when needed).
 * Returns 0, or an error code with err filled. */
typedef int (*kq_input_fn)(void *user, kq_engine *e, const char *table, kq_error *err);
void kq_engine_set_input_provider(kq_engine *e, kq_input_fn fn, void *user);

/* Source columns: every table bound to files gets two more columns, KQ_SOURCE_FILE_COLUMN (string:
 * the file of the record) and KQ_SOURCE_LINE_COLUMN (long: its line, or record number), and
 * `project` carries them along unless they are projected explicitly, so that rows that went
 * through views and joins still say where they came from (the right side of a join names them
 * with the suffix 1, as for any duplicate column). Off by default; for tools built on the
 * engine (kq hunt), not for query results users compare with Kusto. */
#define KQ_SOURCE_FILE_COLUMN "_kq_file"
#define KQ_SOURCE_LINE_COLUMN "_kq_line"
void kq_engine_set_source_columns(kq_engine *e, bool on);

/* Shared materialize: a materialize(T) at a query's top level whose T reads only tables (no let,
 * no function of the query) is computed once per engine and replayed to later queries that write
 * the same T, as long as the inputs, the views and the reference time (which must be set with
 * kq_engine_set_now) stay as they are. Off by default; for tools that run many queries over the
 * same inputs (kq hunt: every hunt reads the same indicators). */
void kq_engine_set_shared_materialize(kq_engine *e, bool on);

/* Number of input records skipped as malformed so far. */
int64_t kq_engine_skipped(const kq_engine *e);

/* Names and schemas of the tables the engine knows (bound files, views, catalog). */
int kq_engine_table_count(const kq_engine *e);
const char *kq_engine_table_name(const kq_engine *e, int i);
/* Columns of bound table i: count, and the name and type of column j. */
int kq_engine_table_column_count(const kq_engine *e, int i);
const char *kq_engine_table_column(const kq_engine *e, int i, int j, kq_type *type);
/* Files bound to table i. */
int kq_engine_table_file_count(const kq_engine *e, int i);

/* ---- queries --------------------------------------------------------------------- */

typedef struct kq_query kq_query;

/* Compiles the query text. On error returns non-zero and fills err (with line:col). */
int kq_prepare(kq_engine *e, const char *text, size_t len, kq_query **out, kq_error *err);
/* Checks the query without running it (kq check): Sentinel tables and views with no input bound
 * are taken as empty tables of their documented schema, so a query can be checked without data. */
int kq_check(kq_engine *e, const char *text, size_t len, kq_error *err);
void kq_query_free(kq_query *q);

/* Advances to the next result table: KQ_OK when there is one, KQ_DONE when none is left. */
int kq_query_next_result(kq_query *q, kq_error *err);
int kq_query_column_count(const kq_query *q);
const char *kq_query_column_name(const kq_query *q, int col);
kq_type kq_query_column_type(const kq_query *q, int col);
/* KQ_ROW when a row is ready, KQ_DONE at the end, an error code otherwise (err filled). */
int kq_query_step(kq_query *q, kq_error *err);
/* The cell of the current row; valid until the next kq_query_step. */
const kq_value *kq_query_value(const kq_query *q, int col);

/* ---- formatting ------------------------------------------------------------------- */

/* Renders v as Kusto prints it (datetime with 7 fraction digits and Z, timespans d.hh:mm:ss,
 * bools true/false, dynamic as compact JSON, null as ""). Returns the length it wanted;
 * writes at most cap bytes, NUL-terminated when cap > 0. */
size_t kq_value_format(const kq_value *v, char *out, size_t cap);

/* Renders v as a JSON value: null, true/false, numbers (NaN and infinities as strings), dynamic
 * values as compact JSON, strings/datetimes/timespans as JSON strings of their Kusto text.
 * Same conventions as kq_value_format. */
size_t kq_value_to_json(const kq_value *v, char *out, size_t cap);

/* Parses a datetime as todatetime() does (ISO 8601 and the other Kusto forms); false if not one. */
bool kq_parse_datetime(const char *s, size_t n, int64_t *ticks);

/* ---- what kq knows without data ---- */

/* Views: the built-in ones (Sentinel tables over raw tables) and those defined on the engine. */
int kq_engine_view_count(const kq_engine *e);
const char *kq_engine_view_name(const kq_engine *e, int i);
const char *kq_engine_view_kql(const kq_engine *e, int i);

/* The Sentinel table schemas built in. */
int kq_catalog_table_count(void);
const char *kq_catalog_table_name(int i);
int kq_catalog_table_column_count(int i);
const char *kq_catalog_table_column_name(int i, int column); /* NULL when out of range */
const char *kq_catalog_table_connector(int i);

/* The library version, "MAJOR.MINOR.PATCH". */
const char *kq_version(void);

#ifdef __cplusplus
}
#endif
#endif
