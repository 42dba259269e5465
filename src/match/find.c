/*
 * find.c - substring search under the three comparison rules of string operators: exact bytes,
 * ASCII case-insensitive (SSE2: 16 candidate positions at a time, filtered on the needle's first
 * and last byte, then verified), and code-point folded for needles with non-ASCII characters.
 */
#include "match_internal.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static bool same_ascii_ci(const char *h, const char *n, size_t nn)
{
    for (size_t k = 0; k < nn; k++)
        if (kq_ascii_lower[(unsigned char)h[k]] != kq_ascii_lower[(unsigned char)n[k]]) return false;
    return true;
}

static bool same_folded(const char *h, const char *n, size_t nn)
{
    size_t k = 0;
    while (k < nn) {
        unsigned char hb = (unsigned char)h[k], nb = (unsigned char)n[k];
        if (hb < 0x80 && nb < 0x80) {
            if (kq_ascii_lower[hb] != kq_ascii_lower[nb]) return false;
            k++;
            continue;
        }
        size_t hl, nl;
        uint32_t hc = kq_cp_decode(h, nn, k, &hl), nc = kq_cp_decode(n, nn, k, &nl);
        if (hl != nl || kq_cp_fold(hc) != kq_cp_fold(nc)) return false;
        k += hl;
    }
    return true;
}

bool kq_same_at(const char *h, const char *n, size_t nn, bool cs)
{
    return cs ? memcmp(h, n, nn) == 0 : same_folded(h, n, nn);
}

static bool has_non_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) return true;
    return false;
}

/* Exact (fold = false) or ASCII case-insensitive (fold = true) search. */
static size_t find_bytes(const char *h, size_t hn, size_t from, const char *n, size_t nn, bool fold)
{
    size_t i = from;
#ifdef __SSE2__
    size_t last = nn - 1;
    unsigned char first_byte = (unsigned char)n[0], last_byte = (unsigned char)n[last];
    bool fold_first = fold && (unsigned char)((first_byte | 0x20) - 'a') < 26;
    bool fold_last = fold && (unsigned char)((last_byte | 0x20) - 'a') < 26;
    const __m128i want_first = _mm_set1_epi8((char)(fold_first ? first_byte | 0x20 : first_byte));
    const __m128i want_last = _mm_set1_epi8((char)(fold_last ? last_byte | 0x20 : last_byte));
    const __m128i or_first = _mm_set1_epi8(fold_first ? 0x20 : 0);
    const __m128i or_last = _mm_set1_epi8(fold_last ? 0x20 : 0);
    while (hn - i >= last + 16) {
        __m128i block_first = _mm_or_si128(_mm_loadu_si128((const __m128i *)(h + i)), or_first);
        __m128i block_last = _mm_or_si128(_mm_loadu_si128((const __m128i *)(h + i + last)), or_last);
        unsigned mask = (unsigned)_mm_movemask_epi8(
            _mm_and_si128(_mm_cmpeq_epi8(block_first, want_first), _mm_cmpeq_epi8(block_last, want_last)));
        while (mask) {
            unsigned bit = (unsigned)__builtin_ctz(mask);
            const char *candidate = h + i + bit;
            if (fold ? same_ascii_ci(candidate, n, nn) : memcmp(candidate, n, nn) == 0) return i + bit;
            mask &= mask - 1;
        }
        i += 16;
    }
#endif
    for (; hn - i >= nn; i++)
        if (fold ? same_ascii_ci(h + i, n, nn) : memcmp(h + i, n, nn) == 0) return i;
    return KQ_NOT_FOUND;
}

size_t kq_find(const char *h, size_t hn, size_t from, const char *n, size_t nn, bool cs)
{
    if (from > hn || nn == 0 || hn - from < nn) return nn == 0 && from <= hn ? from : KQ_NOT_FOUND;
    if (cs || !has_non_ascii(n, nn)) return find_bytes(h, hn, from, n, nn, !cs);
    for (size_t i = from; hn - i >= nn; i++)
        if (same_folded(h + i, n, nn)) return i;
    return KQ_NOT_FOUND;
}
