/*
 * feed_columns.h - what the importers of feeds whose fields are known by name share (private to
 * src/hunt): the column names indicator feeds use and the role each plays (value, type, first
 * seen, TLP, ...), and the reading of one record - the text of each of its named fields - into an
 * indicator or a reject. A CSV header's cells and a JSON record's keys are column names alike.
 * Defined in feed_csv.c (names, roles, records, delimiters) and feed_json_records.c (sniffing).
 */
#ifndef KQ_HUNT_FEED_COLUMNS_H
#define KQ_HUNT_FEED_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "feed.h"

typedef enum kq_column_role {
    KQ_ROLE_VALUE,
    KQ_ROLE_TYPE,
    KQ_ROLE_FIRST_SEEN,
    KQ_ROLE_LAST_SEEN,
    KQ_ROLE_EXPIRES,
    KQ_ROLE_TAGS,
    KQ_ROLE_TLP,
    KQ_ROLE_DESCRIPTION,
    KQ_ROLE_REFERENCE,
    KQ_ROLE_MALWARE,
    KQ_ROLE_ACTOR, /* the malware when there is no malware column */
    KQ_ROLE_THREAT_TYPE,
    KQ_ROLE_CONFIDENCE,
    KQ_ROLE_PORT,
    KQ_ROLE_EXTERNAL_ID,
    KQ_ROLE_COMPROMISED,
    KQ_ROLE_FEED_PUBLISHER, /* who publishes a feed ("Vendor"): with a URL column and no type
                               column, each row is a feed to download, not an indicator */
    KQ_ROLE__COUNT
} kq_column_role;

enum { KQ_MAX_VALUE_CANDIDATES = 8 };

/* The columns playing each role, as indexes into the list of names the map was made from. */
typedef struct kq_column_map {
    int column[KQ_ROLE__COUNT]; /* -1 when absent */
    int candidates[KQ_MAX_VALUE_CANDIDATES]; /* columns that may hold the value, most telling first */
    kq_ioc_type candidate_hint[KQ_MAX_VALUE_CANDIDATES]; /* the type a candidate's name implies */
    int ncandidates;
    kq_ioc_type value_hint; /* from the value column's name, when there is no type column */
    bool value_chosen;      /* set by kq_record_choose_value */
} kq_column_map;

/* A column name as written (not NUL-terminated). */
typedef struct kq_column_name {
    const char *p;
    size_t n;
} kq_column_name;

typedef enum kq_columns_found {
    KQ_COLUMNS_INDICATORS, /* a column holds indicator values */
    KQ_COLUMNS_NO_VALUE,   /* no column does */
    KQ_COLUMNS_FEED_LIST,  /* a feed publisher and a URL column, no type column: a list of feeds
                              ("Vendor;Description;Category;Url"), not of indicators */
} kq_columns_found;

/* Maps names to roles. Names are compared in lower case, letters and digits only
 * ("indicator_value" is "IndicatorValue"); of two names for one role the more telling wins, and
 * of two equal names the first. */
kq_columns_found kq_columns_map(const kq_column_name *names, int n, kq_column_map *map);

/* Which known column name [p, p+n) spells (equal spellings give equal ids), -1 when unknown. */
int kq_columns_known_id(const char *p, size_t n);

/* The type a feed names ("domainname", "FileHash-SHA256", "email-sender"); KQ_IOC_NONE when kq
 * does not hunt it. */
kq_ioc_type kq_columns_parse_type(const char *type);

/* Trims spaces, tabs and no-break spaces (U+00A0) from both ends of [*p, *p + *n). */
void kq_columns_trim(const char **p, size_t *n);

/* Reads records into a set. Texts of one record live in scratch: the caller saves a mark before
 * making a record's fields and rewinds to it after kq_record_read. */
typedef struct kq_record_reader {
    kq_ioc_set *set;
    const char *path;
    const char *provider; /* the file's base name */
    kq_feed_stats *st;
    kq_arena scratch;
    kq_buf tags, refanged;
} kq_record_reader;

void kq_record_reader_init(kq_record_reader *r, kq_ioc_set *s, const char *path, kq_feed_stats *st);
void kq_record_reader_free(kq_record_reader *r);

/* A field's text in scratch: trimmed, "" for a missing value ("", "None", "null"). */
char *kq_record_field(kq_record_reader *r, const char *p, size_t n);

/* Of the columns that may hold the value, takes the first whose field is an indicator once
 * refanged; the most telling name when none is. Called with the first record. */
void kq_record_choose_value(kq_record_reader *r, kq_column_map *map, const char *const *fields, int nfields);

/* Reads one record: fields[i] is the text of column i ("" when missing; columns past nfields are
 * missing). Adds its indicators, or rejects it with the reason; raw is the record as written,
 * shown when it has no value. */
void kq_record_read(kq_record_reader *r, const kq_column_map *map, const char *const *fields, int nfields,
                    int64_t line, const char *raw, size_t raw_len);

/* Counts a record that cannot be read (malformed), rejected with the reason. */
void kq_record_reject(kq_record_reader *r, int64_t line, const char *raw, size_t raw_len, const char *reason);

/* Reads a CSV feed as `as` (KQ_FEED_CSV, KQ_FEED_THREATFOX_CSV or KQ_FEED_FEODO_CSV): kq_feed_csv
 * with a choice. A file with no header kq knows and no known header-less layout is read as a plain
 * list, unless header_required (a format the user forced, or an abuse.ch export): then it is
 * refused (KQ_ERR_INPUT) as not in that format. */
int kq_csv_read_feed(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_format as,
                     bool header_required, kq_feed_stats *st, kq_error *err);

/* The delimiter (',', ';' or tab) that splits a CSV header line into the most known column
 * names; ',' wins ties. 0 when no delimiter gives a known name. */
char kq_csv_header_delimiter(const char *line, size_t n);

/* Whether a JSON text is records kq_feed_json_records reads: it finds the array of records, and
 * the first record's keys name an indicator column and are at least half known column names (so
 * a JSON log with a "Domain" among fifty fields is not taken for a feed). */
bool kq_json_records_sniff(const char *text, size_t n);

#endif
