/*
 * utf8_repair.c - strings read from files are valid UTF-8: text that is already valid (nearly
 * always, and checked 8 ASCII bytes at a time) is used in place; otherwise a copy is made in the
 * arena with every byte that does not start a valid sequence replaced by U+FFFD.
 */
#include <string.h>

#include "../base/arena.h"
#include "reader_impl.h"

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when s[0] does not start one. */
static size_t valid_sequence(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        if (c == 0xe0) lo = 0xa0;       /* no overlongs */
        else if (c == 0xed) hi = 0x9f;  /* no surrogates */
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        if (c == 0xf0) lo = 0x90;
        else if (c == 0xf4) hi = 0x8f;  /* <= U+10FFFF */
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xc0) != 0x80) return 0;
    return len;
}

/* Offset of the first invalid byte, or n. */
static size_t first_invalid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = valid_sequence(s + i, n - i);
        if (k == 0) return i;
        i += k;
    }
    return n;
}

const char *kq_utf8_repair(const char *s, size_t n, kq_arena *a, size_t *out_n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t bad = first_invalid(u, n);
    if (bad == n) {
        *out_n = n;
        return s;
    }
    char *out = kq_arena_alloc(a, n * 3 + 1);
    memcpy(out, s, bad);
    size_t o = bad, i = bad;
    while (i < n) {
        size_t k = valid_sequence(u + i, n - i);
        if (k == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        } else {
            memcpy(out + o, s + i, k);
            o += k;
            i += k;
        }
    }
    *out_n = o;
    return out;
}
