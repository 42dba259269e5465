/*
 * json.h - JSON text <-> kq_dyn trees, and the building blocks the JSON readers use to pull
 * selected fields out of a record without building the whole tree.
 * The parser is strict RFC 8259 (it passes the y_/n_ cases of JSONTestSuite's test_parsing);
 * dynamic(...) literals, which allow more, are read by the KQL parser itself.
 */
#ifndef KQ_JSON_H
#define KQ_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "../../include/kq.h"
#include "arena.h"
#include "buf.h"

/* JSON's whitespace: space, tab, CR, LF. */
static inline bool kq_json_is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static inline const char *kq_json_skip_space(const char *p, const char *end)
{
    while (p < end && kq_json_is_space(*p)) p++;
    return p;
}

/* Parses one JSON value spanning all of [s, s+n) (surrounding whitespace allowed).
 * Strings are unescaped into the arena (invalid UTF-8 and lone surrogates become U+FFFD).
 * Returns true on success; on failure *err_off is the byte offset of the problem. */
bool kq_json_parse(const char *s, size_t n, kq_arena *a, kq_dyn *out, size_t *err_off);

/* Serialises as compact JSON, the way Kusto prints dynamic values: no spaces, strings escaped
 * (", \, control chars as \uXXXX or \n \t ...), reals in canonical form (kq_real_format;
 * NaN/Infinity as strings "NaN"/"Infinity"/"-Infinity"), datetimes as "yyyy-MM-ddTHH:mm:ss.fffffffZ",
 * timespans as their tick count. */
void kq_json_write(kq_buf *b, const kq_dyn *d);
/* Writes a JSON string literal with quotes and escapes. */
void kq_json_write_string(kq_buf *b, const char *s, size_t n);
/* Length of the start of s that JSON writes as it is: no byte below 0x20, quote or backslash
 * (and, with high, no byte of 0x7f or more). */
size_t kq_json_plain_prefix(const char *s, size_t n, bool high);

/* ---- record scanning (hot path of the JSON readers) ----
 * A cursor over one JSON object text. kq_json_obj_next yields each member's key (raw, still
 * escaped, without quotes) and the raw span of its value; the caller decides which values to
 * convert. Returns 1 per member, 0 at the end of the object, -1 on malformed input. */
typedef struct kq_json_cursor {
    const char *p, *end;
    int state; /* internal */
} kq_json_cursor;

bool kq_json_obj_begin(kq_json_cursor *c, const char *s, size_t n);
int kq_json_obj_next(kq_json_cursor *c, const char **key, size_t *key_len, bool *key_has_escape,
                     const char **val, size_t *val_len);
/* Skips one JSON value starting at p (after whitespace); returns the end or NULL if malformed. */
const char *kq_json_skip_value(const char *p, const char *end);
/* Unescapes the body of a JSON string (without quotes) into the arena. */
bool kq_json_unescape(const char *s, size_t n, kq_arena *a, const char **out, size_t *out_len);

#endif
