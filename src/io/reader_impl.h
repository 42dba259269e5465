/*
 * reader_impl.h - private pieces shared by the files of the reader (the .c files of src/io): the byte stream
 * under a reader (mmap or chunked gzip), the reader object itself, and the per-format hooks.
 * Nothing outside src/io includes this header; the public contract is reader.h.
 */
#ifndef KQ_READER_IMPL_H
#define KQ_READER_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#include "../base/buf.h"
#include "../match/match.h"
#include "keyed_prefilter.h"
#include "reader.h"

/* ---- byte stream: a window over the (decompressed) file ---- */

#define KQ_STREAM_CHUNK (4u << 20) /* gzip: decompressed bytes added per refill */

typedef struct kq_stream {
    int fd;
    const unsigned char *map; /* the whole file, mapped (plain text or gzip bytes) */
    size_t map_len;
    bool gzip;
    z_stream z;
    bool z_ready;
    char *buf;       /* gzip: decompressed window */
    size_t buf_cap;
    const char *data; /* current window */
    size_t len;
    uint64_t offset; /* position of data[0] in the decompressed stream */
    bool eof;        /* nothing follows the window */
    bool damaged;    /* gzip stream truncated or corrupt; problem says how */
    size_t released; /* bytes of the mapping already given back (kq_stream_release) */
    char problem[160];
} kq_stream;

int kq_stream_open(kq_stream *s, const char *path, kq_error *err);
void kq_stream_close(kq_stream *s);
/* Back to the first byte of the file. */
void kq_stream_rewind(kq_stream *s);
/* Drops the window's bytes before keep_from and appends more. Returns the number of new bytes
 * (0 at the end). The window moves: recompute pointers from offsets. */
size_t kq_stream_refill(kq_stream *s, size_t keep_from);
/* Tells the stream that the window's bytes before 'upto' will not be read again soon: the
 * mapped pages behind them are dropped from this process's memory (they stay in the page
 * cache), so that reading a file of any size keeps the resident memory flat. */
void kq_stream_release(kq_stream *s, size_t upto);

/* ---- schema ---- */

typedef struct kq_schema_field {
    kq_field pub;     /* name as exposed, and the type */
    char *raw_key;    /* JSON key / CSV header text as in the file (NUL-terminated) */
    size_t raw_len;
    char *zeek_type;  /* Zeek TSV: the #types entry ("vector[string]") */
} kq_schema_field;

/* Kinds a sampled value can have, as bits, for type voting. */
enum {
    KQ_KIND_NULL = 1, KQ_KIND_BOOL = 2, KQ_KIND_INT = 4, KQ_KIND_REAL = 8, KQ_KIND_DATETIME = 16,
    KQ_KIND_STRING = 32, KQ_KIND_CONTAINER = 64
};

/* Types a CSV cell text can still have, as bits, for type voting. */
enum { KQ_CAND_LONG = 1, KQ_CAND_REAL = 2, KQ_CAND_BOOL = 4, KQ_CAND_DATETIME = 8, KQ_CAND_ALL = 15 };

/* ---- the reader ---- */

typedef struct kq_projected {
    int field;          /* schema index or -1 */
    kq_type type;       /* wanted type */
    char *key;          /* JSON key to look for (as in the file; owned copy) */
    size_t key_len;
} kq_projected;

typedef struct kq_line_count {
    size_t base;       /* window offset up to which newlines are counted */
    int64_t base_line; /* line number at base */
} kq_line_count;

struct kq_reader {
    char *path;
    kq_read_opts opts;
    kq_stream s;
    kq_format fmt;
    bool json_concat;      /* JSON values not one per line (pretty-printed objects, arrays) */
    size_t leading_nuls;     /* NUL bytes before the first record, passed over */
    bool leading_nuls_told;
    /* where the reader is among JSON values: outside any array, or inside one, after its '[',
     * after a value or after a ',' */
    enum { KQ_JSON_OUTSIDE, KQ_JSON_ARRAY_START, KQ_JSON_AFTER_VALUE, KQ_JSON_AFTER_COMMA } json_array;
    bool zeek_json;        /* JSON with _path or @stream */
    int nfields;
    kq_schema_field *fields;
    char *type_hint;
    char *other_type;       /* the first sampled record's Type that differs from type_hint, or NULL */
    int other_type_records; /* how many sampled records carry another Type */
    int sampled_records;    /* how many records the schema sample read */
    char *zeek_path;
    /* Zeek TSV header */
    char zeek_sep, zeek_set_sep;
    char *zeek_empty, *zeek_unset;
    /* where records start (after a header) */
    uint64_t data_offset;
    int64_t data_line;
    /* position */
    size_t pos;            /* window offset of the next unread byte */
    size_t rec_start;      /* window offset of the last record */
    kq_line_count *lines;  /* lazily counted line numbers (mutable behind the const accessor) */
    bool damage_reported;
    bool finished;         /* no more records (end, or a JSON document that cannot be resynced) */
    /* projection */
    int nproj;
    kq_projected *proj;
    uint64_t proj_key_lens; /* bit k set when a projected JSON key is k bytes long (k < 63), bit 63: longer */
    const char **spans;    /* per projected: raw value text of the current record */
    size_t *span_lens;
    /* CSV / Zeek: cells of the current record */
    int cells_cap;
    const char **cells;
    size_t *cell_lens;
    bool *cell_quoted;
    struct kq_capture *capture; /* KQ_FMT_PCAP: the capture being read */
    const kq_scanner *scanner; /* the prefilter, or NULL */
    kq_scanner *own_scanner;   /* the one kq_reader_set_prefilter built, or NULL */
    kq_keyed_prefilter keyed;  /* JSON: the prefilter narrowed to its column's key (key_finder set) */
    kq_buf scratch;
    char message[400];
};

/* The prefilter's test, as kq_scanner_find: the first position of a record that may match. */
const char *kq_reader_prefilter_find(const kq_reader *r, const char *p, const char *end);

/* Line number where window offset off starts. */
int64_t kq_reader_line_at(const kq_reader *r, size_t off);
/* Reports a skipped record starting at a line (diag + counter), or fills err in strict mode.
 * Returns 0 to go on, -KQ_ERR_INPUT to stop. */
int kq_reader_report(kq_reader *r, int64_t line, kq_error *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Copies at most max bytes of s into out as one printable line (control bytes as \xHH). */
void kq_escape_snippet(const char *s, size_t n, size_t max, char *out, size_t cap);

/* Splitting: find the next record's bytes at or after r->pos. Returns 1 with [*start, *end) as
 * window offsets, 0 at the end, or -KQ_ERR_INPUT. The record is consumed (r->pos moves past it). */
int kq_next_line_record(kq_reader *r, bool use_prefilter, size_t *start, size_t *end, kq_error *err);
int kq_next_csv_record(kq_reader *r, size_t *start, size_t *end, kq_error *err);
int kq_next_json_value(kq_reader *r, size_t *start, size_t *end, kq_error *err);

/* Formats: header reading (at open) and conversion of a record into the projected values.
 * Conversion returns 1 ok, 0 malformed (r->message says why). */
int kq_zeek_read_header(kq_reader *r, kq_error *err);
int kq_zeek_convert(kq_reader *r, const char *rec, size_t n, kq_value *vals, kq_arena *a);
int kq_csv_read_header(kq_reader *r, kq_error *err);
int kq_csv_convert(kq_reader *r, const char *rec, size_t n, kq_value *vals, kq_arena *a);
int kq_json_sample_schema(kq_reader *r, kq_error *err);
int kq_json_convert(kq_reader *r, const char *rec, size_t n, kq_value *vals, kq_arena *a);

/* Packet captures (pcap_reader.c): the records are the capture's DNS transactions. The magic
 * test looks at the file's first (decompressed) bytes; open sets the format and the schema and
 * starts libpcap; rewind starts it again (after the stream was rewound); line is the packet number
 * of the last record. The prefilter does not apply to captures. */
typedef struct kq_capture kq_capture;
bool kq_capture_magic(const char *data, size_t len);
int kq_capture_open(kq_reader *r, kq_error *err);
void kq_capture_rewind(kq_reader *r);
int kq_capture_next(kq_reader *r, kq_value *vals, kq_arena *a, kq_error *err);
int64_t kq_capture_line(const kq_reader *r);
void kq_capture_close(kq_reader *r);

/* Converts one raw JSON value text to the wanted type (strings unescaped, UTF-8 repaired).
 * A value that does not convert gives null. */
void kq_json_value_to(kq_type t, const char *v, size_t n, kq_arena *a, kq_buf *scratch,
                      kq_value *out);

/* Schema helpers */
/* Adds a field (name cleaned: " [UTC]" suffix dropped, duplicates suffixed). Returns its index. */
int kq_schema_add(kq_reader *r, const char *raw, size_t raw_len, const char *name, size_t name_len);
/* Type from the kinds seen in a JSON sample. */
kq_type kq_schema_type_of_kinds(unsigned kinds);
/* Type votes for CSV text cells: bit set of candidate types still possible. */
unsigned kq_text_candidates(const char *s, size_t n);
kq_type kq_schema_type_of_candidates(unsigned candidates);
/* Strictly "yyyy-mm-ddThh:mm..." */
bool kq_looks_like_iso_datetime(const char *s, size_t n);
/* Makes room for need cells in r->cells and its parallel arrays. */
void kq_cell_grow(kq_reader *r, int need);

/* UTF-8: returns s itself when valid, else a copy in the arena with bad bytes as U+FFFD. */
const char *kq_utf8_repair(const char *s, size_t n, kq_arena *a, size_t *out_n);

/* Counts '\n' in [p, p+n). */
size_t kq_count_newlines(const char *p, size_t n);

#endif
