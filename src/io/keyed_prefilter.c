/*
 * keyed_prefilter.c - the JSON prefilter narrowed to one key's values.
 *
 * Sound on records without a backslash (every record with one is a candidate): there a quote
 * always opens or closes a string, so "key" followed by a colon is a key, at whatever depth, and
 * its string value runs to the next quote. A record whose top-level value of the key holds a
 * needle is therefore always found; a nested key of the same name, or a repeated one, only adds
 * candidates. A record without the key has an empty column, which no needle matches.
 */
#include "keyed_prefilter.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/json.h"

bool kq_keyed_prefilter_init(kq_keyed_prefilter *k, const char *key, size_t key_len, const kq_scanner *needles)
{
    memset(k, 0, sizeof *k);
    if (key_len == 0) return false;
    for (size_t i = 0; i < key_len; i++) {
        unsigned char c = (unsigned char)key[i];
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return false;
    }
    k->quoted_len = key_len + 2;
    k->quoted_key = kq_xmalloc(k->quoted_len + 1);
    k->quoted_key[0] = '"';
    memcpy(k->quoted_key + 1, key, key_len);
    k->quoted_key[key_len + 1] = '"';
    k->quoted_key[key_len + 2] = 0;
    char *lower = kq_xmalloc(k->quoted_len);
    for (size_t i = 0; i < k->quoted_len; i++) {
        char c = k->quoted_key[i];
        lower[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    const char *needle = lower;
    k->key_finder = kq_scanner_new(1, &needle, &k->quoted_len, true);
    free(lower);
    k->needles = needles;
    return true;
}

void kq_keyed_prefilter_free(kq_keyed_prefilter *k)
{
    kq_scanner_free(k->key_finder);
    free(k->quoted_key);
    memset(k, 0, sizeof *k);
}

const char *kq_keyed_prefilter_find(const kq_keyed_prefilter *k, const char *p, const char *end)
{
    while ((p = kq_scanner_find(k->key_finder, p, end)) != NULL) {
        if (*p == '\\') return p;
        const char *at = p;
        p++;
        if ((size_t)(end - at) < k->quoted_len || memcmp(at, k->quoted_key, k->quoted_len) != 0) continue;
        const char *v = at + k->quoted_len;
        v = kq_json_skip_space(v, end);
        if (v == end) return at;
        if (*v != ':') continue; /* "key" as a value, not a key */
        v = kq_json_skip_space(v + 1, end);
        if (v == end || *v != '"') return at;
        v++;
        const char *close = memchr(v, '"', (size_t)(end - v));
        if (!close || memchr(v, '\n', (size_t)(close - v))) return at;
        const char *hit = kq_scanner_find(k->needles, v, close);
        if (hit) return hit;
        p = close + 1;
    }
    return NULL;
}
