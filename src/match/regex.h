/*
 * regex.h - regular expressions for matches regex, extract, extract_all, replace_regex, countof,
 * trim, parse kind=regex. Kusto uses RE2 syntax: this wraps PCRE2 (UTF and UCP mode) and rejects
 * what RE2 does not have (look-around, back-references, possessive/atomic groups, recursion),
 * with match and depth limits so that a hostile pattern cannot hang a scan.
 */
#ifndef KQ_REGEX_H
#define KQ_REGEX_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kq_regex kq_regex;

/* Compiles pattern; on failure returns NULL and writes a one-line reason into err (cap bytes)
 * and the byte offset of the problem into *err_off. */
kq_regex *kq_regex_compile(const char *pattern, size_t n, char *err, size_t cap, size_t *err_off);
void kq_regex_free(kq_regex *re);
/* Number of capture groups (not counting group 0). */
int kq_regex_groups(const kq_regex *re);
/* Index of a named group, or -1. */
int kq_regex_group_index(const kq_regex *re, const char *name);

/* Searches s[start..n). On a match returns 1 and fills ov[2*i], ov[2*i+1] with the byte
 * offsets of group i (i <= groups; -1/-1 for an unset group); ov must hold 2*(groups+1).
 * Returns 0 for no match, -1 when a match limit was hit (treated as no match by callers,
 * and counted). */
int kq_regex_search(const kq_regex *re, const char *s, size_t n, size_t start, long *ov);

/* Whether the regex matches anywhere in s: 1 or 0, -1 when it cannot tell. When backtracking
 * reaches its limit, the answer comes from PCRE2's DFA matcher, which does not backtrack, so
 * that - as with RE2 - a pathological pattern still gets a yes/no answer. */
int kq_regex_test(const kq_regex *re, const char *s, size_t n);

#endif
