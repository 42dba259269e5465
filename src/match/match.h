/*
 * match.h - Kusto's string matching operators over UTF-8 byte strings (KQL_SUBSET.md 5.5, 5.6):
 * term matching (has, hasprefix, hassuffix), substring, prefix/suffix and equality, each
 * case-sensitive (cs = true) or case-insensitive. Case folding: ASCII always; non-ASCII letters
 * fold by simple Unicode case mapping of the code point when both sides are valid UTF-8.
 * A term character is a letter or a digit (ASCII alnum, and any non-ASCII letter/digit code point).
 */
#ifndef KQ_MATCH_H
#define KQ_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool kq_has(const char *h, size_t hn, const char *n, size_t nn, bool cs);
bool kq_hasprefix(const char *h, size_t hn, const char *n, size_t nn, bool cs);
bool kq_hassuffix(const char *h, size_t hn, const char *n, size_t nn, bool cs);
bool kq_contains(const char *h, size_t hn, const char *n, size_t nn, bool cs);
bool kq_startswith(const char *h, size_t hn, const char *n, size_t nn, bool cs);
bool kq_endswith(const char *h, size_t hn, const char *n, size_t nn, bool cs);
bool kq_equals(const char *a, size_t an, const char *b, size_t bn, bool cs);
/* Ordinal comparison (memcmp order, shorter first on a common prefix): <0, 0, >0 */
int kq_compare_strings(const char *a, size_t an, const char *b, size_t bn);

/* has_any over many needles (up to millions): built once per query, then each test costs about
 * the same whatever the number of needles. Needles are copied. */
typedef struct kq_needle_set kq_needle_set;
kq_needle_set *kq_needle_set_new(int n, const char *const *needles, const size_t *lens);
void kq_needle_set_free(kq_needle_set *s);
bool kq_needle_set_has_any(const kq_needle_set *s, const char *h, size_t hn);
/* in~ / =~ over many values: case-insensitive exact membership. */
bool kq_needle_set_contains_ci(const kq_needle_set *s, const char *h, size_t hn);

/* Raw-bytes prefilter: finds, in [p, end), the first position of any needle compared
 * ASCII-case-insensitively, or of a backslash when also_backslash. Returns NULL when none.
 * Built for 1..millions of needles; fast (SIMD) for a few. */
typedef struct kq_scanner kq_scanner;
kq_scanner *kq_scanner_new(int n, const char *const *needles, const size_t *lens, bool also_backslash);
/* The same for needles that only matter where a term starts (has, ==, in, startswith,
 * hasprefix): a needle beginning with an ASCII letter or digit is not reported right after an
 * ASCII letter or digit of [p, end) (p itself always may start one; bytes >= 0x80 are not letters).
 * Then many needles cost about as little as a few. */
kq_scanner *kq_scanner_new_start_bounded(int n, const char *const *needles, const size_t *lens,
                                         bool also_backslash);
void kq_scanner_free(kq_scanner *s);
const char *kq_scanner_find(const kq_scanner *s, const char *p, const char *end);
/* Whether the scanner takes the many-needle path (more needles than its SIMD search handles). */
bool kq_scanner_is_many(const kq_scanner *s);

/* UTF-8 helpers: code point counts and offsets (invalid bytes count as one character each). */
size_t kq_utf8_length(const char *s, size_t n);
/* Byte offset of character index ci (clamped to n). */
size_t kq_utf8_offset(const char *s, size_t n, size_t ci);
/* Lower/upper-cases into out (n bytes of capacity suffice: the mapping never lengthens the text);
 * returns the length. */
size_t kq_utf8_tolower(const char *s, size_t n, char *out);
size_t kq_utf8_toupper(const char *s, size_t n, char *out);
/* true when the bytes are valid UTF-8 */
bool kq_utf8_valid(const char *s, size_t n);

#endif
