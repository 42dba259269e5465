/*
 * match_internal.h - pieces shared by the files of src/match (not part of the library API):
 * UTF-8 decoding, the per-code-point case tables and the term-character class (unicode.c), and
 * the substring searches that has/contains/needle sets build on (find.c).
 */
#ifndef KQ_MATCH_INTERNAL_H
#define KQ_MATCH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An invalid byte b decodes as KQ_CP_INVALID + b: never a term character, never folded. */
#define KQ_CP_INVALID 0x110000u
#define KQ_NOT_FOUND ((size_t)-1)

/* Code point starting at s[i] (i < n); *len gets its byte length (1 for an invalid byte). */
uint32_t kq_cp_decode(const char *s, size_t n, size_t i, size_t *len);
/* Code point ending just before s[i] (0 < i); *len gets its byte length. */
uint32_t kq_cp_decode_before(const char *s, size_t i, size_t *len);
/* Writes cp (a valid code point) as UTF-8 into out; returns the byte count (1..4). */
size_t kq_cp_encode(uint32_t cp, char *out);
size_t kq_cp_utf8_len(uint32_t cp);

/* Simple lower/upper case mappings (as tolower()/toupper() use them). */
uint32_t kq_cp_lower(uint32_t cp);
uint32_t kq_cp_upper(uint32_t cp);
/* Case folding for comparisons: maps both cases of a letter to one code point, and always to a
 * code point of the same UTF-8 length, so that folded text keeps every byte offset. */
uint32_t kq_cp_fold(uint32_t cp);
/* Letter or digit (see unicode.c for the approximation used above ASCII). */
bool kq_cp_is_term(uint32_t cp);

/* Whether the scanner's few-needle search uses AVX2: -1 until its first use asks the processor;
 * the tests set it to test both loops. */
extern int kq_scanner_avx2;

extern const unsigned char kq_ascii_lower[256];
extern const unsigned char kq_ascii_is_term[256]; /* 1 for [A-Za-z0-9]; 0 for every other byte */

/* Term class of the character starting at / ending before a byte offset. */
bool kq_term_at(const char *s, size_t n, size_t i);
bool kq_term_before(const char *s, size_t i);

/* Folds s into out (n bytes, same offsets); returns true when s had a non-ASCII byte. */
bool kq_fold_text(const char *s, size_t n, char *out);

/* First offset >= from where needle n (nn >= 1) occurs in h, or KQ_NOT_FOUND.
 * cs: exact bytes; otherwise ASCII letters compare case-insensitively and, when the needle is
 * not pure ASCII, every code point is compared folded. */
size_t kq_find(const char *h, size_t hn, size_t from, const char *n, size_t nn, bool cs);
/* true when h[0..nn) equals n[0..nn) under the same rules (both at least nn bytes long). */
bool kq_same_at(const char *h, const char *n, size_t nn, bool cs);

#endif
