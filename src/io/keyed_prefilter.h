/*
 * keyed_prefilter.h - the prefilter of JSON records narrowed to one key: the needles are looked
 * for only inside the string values of that key, not in the rest of the record (its other keys
 * and values). A threat-intel hunt's thousands of domains then cost about what a couple do, since
 * the record is searched for one key and only that key's short value for the needles.
 */
#ifndef KQ_KEYED_PREFILTER_H
#define KQ_KEYED_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "../match/match.h"

typedef struct kq_keyed_prefilter {
    kq_scanner *key_finder;     /* the key in quotes, any case, or a backslash */
    const kq_scanner *needles;  /* the prefilter's own scanner, run inside the key's values */
    char *quoted_key;           /* "key" with its quotes, exact case */
    size_t quoted_len;
} kq_keyed_prefilter;

/* Narrows needles (a prefilter scanner) to the values of key; false when the key cannot be
 * found as raw bytes (it needs escaping in JSON), and then the whole record must be searched. */
bool kq_keyed_prefilter_init(kq_keyed_prefilter *k, const char *key, size_t key_len, const kq_scanner *needles);
void kq_keyed_prefilter_free(kq_keyed_prefilter *k);

/* The first position in [p, end) of a record that may match, as kq_scanner_find gives it: a
 * needle inside a string value of the key, a backslash (an escape could hide the key or a
 * needle), or the key itself when its value is not a plain string or runs past a line end or the
 * range (the record is then parsed and judged whole). NULL: no record in the range can match. */
const char *kq_keyed_prefilter_find(const kq_keyed_prefilter *k, const char *p, const char *end);

#endif
