/*
 * reader.h - reading log files as streams of records with typed fields.
 *
 * A kq_reader opens one file (plain, or gzip: sniffed by magic bytes), detects its format
 * (JSON Lines, JSON array, CSV with header, Zeek TSV, packet capture), and knows its schema (field names and
 * types: from the header, or sampled from the first records). The caller then asks for a subset
 * of fields (a projection, in the order and with the types it wants) and pulls records one at a
 * time; only the asked fields are converted. A prefilter lets the reader skip records whose raw
 * bytes cannot satisfy the query, before they are parsed.
 *
 * Malformed records are skipped and reported through the diagnostic callback with the file and
 * line (or, in strict mode, end the read with KQ_ERR_INPUT). Files never crash the reader:
 * truncated files, NUL bytes, invalid UTF-8 (replaced by U+FFFD), huge records (over
 * KQ_MAX_RECORD_BYTES: skipped and reported).
 */
#ifndef KQ_READER_H
#define KQ_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../include/kq.h"
#include "../base/arena.h"
#include "../match/match.h"

#define KQ_MAX_RECORD_BYTES (64u << 20)
#define KQ_SCHEMA_SAMPLE_RECORDS 1000

typedef enum kq_format {
    KQ_FMT_UNKNOWN = 0,
    KQ_FMT_JSONL,      /* one JSON object per line */
    KQ_FMT_JSON_ARRAY, /* [ {...}, {...} ] (also a single top-level object) */
    KQ_FMT_CSV,        /* header line, RFC 4180 quoting, optional UTF-8 BOM */
    KQ_FMT_ZEEK_TSV,   /* #separator/#fields/#types header */
    KQ_FMT_PCAP        /* a packet capture (pcap or pcapng): its DNS transactions as dns.log rows */
} kq_format;

const char *kq_format_name(kq_format f);

typedef struct kq_field {
    char *name; /* NUL-terminated, as the file names it (CSV "TimeGenerated [UTC]" -> "TimeGenerated") */
    kq_type type;
} kq_field;

/* Options shared by every reader of an engine. */
typedef struct kq_read_opts {
    kq_diag_fn diag;       /* may be NULL */
    void *diag_user;
    bool strict;           /* malformed record -> error instead of skip */
    int64_t *skipped;      /* counter of skipped records, may be NULL */
    kq_progress_fn progress; /* may be NULL; called by scans, not by the reader */
    void *progress_user;
} kq_read_opts;

/* Which records may be skipped unparsed: a record is kept only if its raw bytes contain at least
 * one of the needles, compared ASCII-case-insensitively (needles are given lower-case), or if
 * it contains a backslash (an escape could hide a needle). n_needles == 0: no prefilter. */
typedef struct kq_prefilter {
    int n_needles;
    const char **needles;
    const size_t *needle_lens;
} kq_prefilter;

typedef struct kq_reader kq_reader;

/* Opens the file, sniffs compression and format, reads the header or samples the schema. */
int kq_reader_open(const char *path, const kq_read_opts *opts, kq_reader **out, kq_error *err);
void kq_reader_close(kq_reader *r);

kq_format kq_reader_format(const kq_reader *r);
const char *kq_reader_path(const kq_reader *r);
int kq_reader_field_count(const kq_reader *r);
const kq_field *kq_reader_field(const kq_reader *r, int i);
/* The value of a "Type" field in the first record (Sentinel exports), or NULL. */
const char *kq_reader_type_hint(const kq_reader *r);
/* When records of the schema sample carry another Type than the first: the first such Type, and
 * how many of how many sampled records (NULL when all agree). */
const char *kq_reader_other_type(const kq_reader *r, int *records, int *sampled);
/* Zeek: the log's path ("dns", "conn", ...), from #path or _path/@stream, or NULL. */
const char *kq_reader_zeek_path(const kq_reader *r);

/* Chooses the fields that kq_reader_next fills, by name, with the wanted types. A name the file
 * does not have gives null (or "" for strings). Resets the reader to the first record. */
int kq_reader_project(kq_reader *r, int n, const char *const *names, const kq_type *types,
                      kq_error *err);
/* Sets (or clears, with NULL) the prefilter; the needles are copied. */
void kq_reader_set_prefilter(kq_reader *r, const kq_prefilter *pf);
/* The test behind a prefilter: a scanner for the needles and for backslashes. start_bounded: the
 * needles only matter where a term starts (has, ==, in, startswith, hasprefix), which makes many
 * needles cheap (see kq_scanner_new_start_bounded). Built once, it serves any number of readers
 * through kq_reader_use_prefilter; free it with kq_scanner_free after them. */
kq_scanner *kq_prefilter_scanner_new(int n, const char *const *needles, const size_t *lens,
                                     bool start_bounded);
/* Sets (or clears, with NULL) the prefilter as a scanner of kq_prefilter_scanner_new, which the
 * caller keeps. column: the projected column whose values the needles are for, or NULL; in JSON
 * input the needles are then looked for only inside that column's key's string values. */
void kq_reader_use_prefilter(kq_reader *r, const kq_scanner *scanner, const char *column);

/* Fills vals[0..n) for the next record. Strings point into the file's buffer or the arena
 * (valid until the arena is reset or the reader moves to its next chunk: copy what you keep).
 * Returns 1 for a record, 0 at the end, or -KQ_ERR_INPUT with err filled. */
int kq_reader_next(kq_reader *r, kq_value *vals, kq_arena *a, kq_error *err);
/* How far the reader is in its file, in bytes of the file as stored (compressed for gzip),
 * and the file's size. */
uint64_t kq_reader_file_done(const kq_reader *r);
uint64_t kq_reader_file_size(const kq_reader *r);

/* Line number (1-based) where the last returned record starts; for a capture, the number of the
 * packet that holds the record's query (its response's when no query was seen). */
int64_t kq_reader_line(const kq_reader *r);

/* Converts field text to a value of type t with the file-reading rules: long/int from integer
 * text (or a real text, truncated), real, bool (true/false/True/False/T/F/1/0), datetime
 * (kq_dt_parse, or epoch seconds "1521911720.865716"), timespan (a plain number is seconds, as
 * Zeek intervals are, and is tried before kq_ts_parse),
 * dynamic (parsed as JSON when it looks like JSON, else a dynamic string), string (as is).
 * Empty text -> null (or "" for strings). Returns false when the text does not convert (the
 * value is then null), which is not a malformed record. */
bool kq_value_from_text(kq_type t, const char *s, size_t n, kq_arena *a, kq_value *out);

/* Walks a directory recursively; calls fn for each regular file, sorted by name at each level.
 * Hidden files (starting with '.') are skipped. Returns 0 or -KQ_ERR_INPUT. */
typedef int (*kq_walk_fn)(void *user, const char *path);
int kq_walk(const char *path, kq_walk_fn fn, void *user, kq_error *err);

#endif
