/*
 * scanner.c - the raw-bytes prefilter of the readers: the first position of any needle (ASCII
 * case-insensitive) or, optionally, of a backslash (escaped JSON text must be decoded before it
 * can be judged).
 *
 * Up to 16 needles: SSE2 "generic SIMD" search. Each needle gets two probe positions (its two
 * rarest bytes by a fixed frequency ranking of log text); 16 candidate starts are tested at a
 * time by comparing the blocks at start+probe with the probe bytes (letters folded with |0x20),
 * AND-ing the two masks, OR-ing the needles' masks and the backslash mask, and verifying the
 * candidates in order. Positions too close to the end for a 16-byte load are done scalarly.
 *
 * More needles: the 4-byte lower-cased window at every position is tested against a blocked
 * Bloom filter (two bits in one 64-bit word) built from the needles' first 4 bytes; hits are verified against the needles with that
 * prefix. Needles of 1 to 3 bytes are kept in exact tables of their own.
 */
#include "match.h"
#include "match_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum { SIMD_MAX_NEEDLES = 16, WINDOW = 4 };

typedef struct {
    const char *text; /* lower-cased */
    size_t len;
    size_t probe[2];  /* offsets of the two rarest bytes */
} scan_needle;

typedef struct {
    uint32_t prefix; /* first WINDOW bytes, lower-cased, as a little-endian word */
    uint32_t first, count; /* range in by_prefix; count == 0: free slot */
    uint32_t placed;       /* while building */
} prefix_group;

struct kq_scanner {
    bool also_backslash;
    bool has_empty;
    char *text;
    scan_needle *needles;
    size_t count;
    size_t max_probe; /* largest probe offset (SIMD path) */
    /* many-needle path */
    bool many;
    uint64_t *window_words; /* blocked Bloom filter over the needles' first windows */
    unsigned window_shift;  /* 64 - log2(number of words) */
    prefix_group *groups;  /* open addressing on prefix */
    size_t group_mask;
    uint32_t *by_prefix;   /* needle indices sorted by prefix */
    bool short_len1[256];
    uint64_t *short_len2;  /* 65536 bits */
    uint64_t *short_len3;  /* 2^24 bits */
};

/* Higher = more frequent in log text: JSON punctuation, digits, then letters by English use. */
static int byte_frequency(unsigned char c)
{
    static const char common[] = "\" :,.0-/_1{}2e3t4a5o6i7n8s9rhldcumwfgypbvkjxqz";
    if (c >= 0x80) return 0;
    const char *at = strchr(common, kq_ascii_lower[c]);
    return at && c ? (int)(sizeof common - (size_t)(at - common)) : 1;
}

static void choose_probes(scan_needle *e)
{
    size_t rarest = 0;
    for (size_t i = 1; i < e->len; i++)
        if (byte_frequency((unsigned char)e->text[i]) < byte_frequency((unsigned char)e->text[rarest]))
            rarest = i;
    size_t second = rarest;
    for (size_t i = 0; i < e->len; i++) {
        if (i == rarest) continue;
        if (second == rarest ||
            byte_frequency((unsigned char)e->text[i]) < byte_frequency((unsigned char)e->text[second]))
            second = i;
    }
    e->probe[0] = rarest;
    e->probe[1] = second;
}

static uint32_t load_window(const char *p)
{
    uint32_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

/* ASCII lower case of the 4 bytes of w at once. */
static uint32_t lower_window(uint32_t w)
{
    uint32_t low7 = w & 0x7F7F7F7Fu;
    uint32_t above_z = low7 + 0x25252525u; /* high bit set where byte > 'Z' */
    uint32_t from_a = low7 + 0x3F3F3F3Fu;  /* high bit set where byte >= 'A' */
    uint32_t upper = ~w & (from_a ^ above_z) & 0x80808080u;
    return w | (upper >> 2);
}

/* A window sets (and must find) two bits of one 64-bit word of the filter. */
static uint64_t window_hash(uint32_t lowered)
{
    return (uint64_t)lowered * 0x9E3779B97F4A7C15ull;
}

static uint64_t window_bits(uint64_t hash)
{
    return 1ull << ((hash >> 20) & 63) | 1ull << ((hash >> 26) & 63);
}

static bool bit_test(const uint64_t *bits, size_t i)
{
    return (bits[i >> 6] >> (i & 63)) & 1;
}

static void bit_set(uint64_t *bits, size_t i)
{
    bits[i >> 6] |= 1ull << (i & 63);
}

static bool needle_at(const scan_needle *e, const char *p, const char *end)
{
    if ((size_t)(end - p) < e->len) return false;
    for (size_t k = 0; k < e->len; k++)
        if (kq_ascii_lower[(unsigned char)p[k]] != (unsigned char)e->text[k]) return false;
    return true;
}

static prefix_group *group_slot(const kq_scanner *s, uint32_t prefix)
{
    size_t slot = (size_t)(window_hash(prefix) >> 32) & s->group_mask;
    while (s->groups[slot].count && s->groups[slot].prefix != prefix) slot = (slot + 1) & s->group_mask;
    return &s->groups[slot];
}

static void build_many(kq_scanner *s)
{
    size_t long_count = 0;
    for (size_t i = 0; i < s->count; i++) {
        const scan_needle *e = &s->needles[i];
        unsigned char b0 = (unsigned char)e->text[0];
        if (e->len >= WINDOW) long_count++;
        else if (e->len == 1) s->short_len1[b0] = true;
        else if (e->len == 2) {
            if (!s->short_len2) s->short_len2 = kq_xcalloc(65536 / 64, sizeof(uint64_t));
            bit_set(s->short_len2, b0 | (size_t)(unsigned char)e->text[1] << 8);
        } else {
            if (!s->short_len3) s->short_len3 = kq_xcalloc((1u << 24) / 64, sizeof(uint64_t));
            bit_set(s->short_len3, b0 | (size_t)(unsigned char)e->text[1] << 8 |
                                       (size_t)(unsigned char)e->text[2] << 16);
        }
    }
    unsigned words_log2 = 10; /* about 32 bits per needle, at most 16 MB */
    while (words_log2 < 21 && ((size_t)1 << words_log2) < long_count / 2) words_log2++;
    s->window_shift = 64 - words_log2;
    s->window_words = kq_xcalloc((size_t)1 << words_log2, sizeof(uint64_t));
    size_t slots = 16;
    while (slots < 2 * long_count) slots *= 2; 
    s->groups = kq_xcalloc(slots, sizeof *s->groups);
    s->group_mask = slots - 1;
    s->by_prefix = kq_xmalloc((long_count ? long_count : 1) * sizeof *s->by_prefix);
    /* count per prefix, then lay the groups out back to back */
    for (size_t i = 0; i < s->count; i++) {
        if (s->needles[i].len < WINDOW) continue;
        uint32_t prefix = load_window(s->needles[i].text);
        prefix_group *g = group_slot(s, prefix);
        g->prefix = prefix;
        g->count++;
        uint64_t hash = window_hash(prefix);
        s->window_words[hash >> s->window_shift] |= window_bits(hash);
    }
    uint32_t next = 0;
    for (size_t slot = 0; slot <= s->group_mask; slot++) {
        prefix_group *g = &s->groups[slot];
        if (!g->count) continue;
        g->first = next;
        next += g->count;
    }
    for (size_t i = 0; i < s->count; i++) {
        if (s->needles[i].len < WINDOW) continue;
        prefix_group *g = group_slot(s, load_window(s->needles[i].text));
        s->by_prefix[g->first + g->placed++] = (uint32_t)i;
    }
}

void kq_scanner_free(kq_scanner *s)
{
    if (!s) return;
    free(s->text);
    free(s->needles);
    free(s->window_words);
    free(s->groups);
    free(s->by_prefix);
    free(s->short_len2);
    free(s->short_len3);
    free(s);
}

kq_scanner *kq_scanner_new(int n, const char *const *needles, const size_t *lens, bool also_backslash)
{
    kq_scanner *s = kq_xcalloc(1, sizeof *s);
    s->also_backslash = also_backslash;
    size_t count = n > 0 ? (size_t)n : 0, total = 0;
    for (size_t i = 0; i < count; i++) total += lens[i];
    s->text = kq_xmalloc(total ? total : 1);
    s->needles = kq_xmalloc((count ? count : 1) * sizeof *s->needles);
    char *out = s->text;
    for (size_t i = 0; i < count; i++) {
        if (lens[i] == 0) {
            s->has_empty = true;
            continue;
        }
        scan_needle *e = &s->needles[s->count++];
        for (size_t k = 0; k < lens[i]; k++) out[k] = (char)kq_ascii_lower[(unsigned char)needles[i][k]];
        e->text = out;
        e->len = lens[i];
        out += lens[i];
        choose_probes(e);
        for (int k = 0; k < 2; k++)
            if (e->probe[k] > s->max_probe) s->max_probe = e->probe[k];
    }
    s->many = s->count > SIMD_MAX_NEEDLES;
    if (s->many) build_many(s);
    return s;
}

/* Scalar test of one position: backslash or any needle starting at p. */
static bool hit_at(const kq_scanner *s, const char *p, const char *end)
{
    if (s->also_backslash && *p == '\\') return true;
    for (size_t j = 0; j < s->count; j++)
        if (needle_at(&s->needles[j], p, end)) return true;
    return false;
}

#ifdef __SSE2__
/* The probe bytes of one needle as vectors: a block matches where (block | fold) == want. */
typedef struct {
    __m128i want[2], fold[2];
    size_t offset[2];
} probe_vectors;

static void make_probe_vectors(const scan_needle *e, probe_vectors *v)
{
    for (int k = 0; k < 2; k++) {
        unsigned char c = (unsigned char)e->text[e->probe[k]];
        v->want[k] = _mm_set1_epi8((char)c);
        v->fold[k] = _mm_set1_epi8((unsigned char)(c - 'a') < 26 ? 0x20 : 0);
        v->offset[k] = e->probe[k];
    }
}

/* 32-bit mask of the 32 starts at p where the needle's probe bytes are present. */
static uint32_t probe_mask(const probe_vectors *v, const char *p)
{
    __m128i hits[2];
    for (int half = 0; half < 2; half++) {
        const char *q = p + 16 * half;
        __m128i a = _mm_or_si128(_mm_loadu_si128((const __m128i *)(q + v->offset[0])), v->fold[0]);
        __m128i b = _mm_or_si128(_mm_loadu_si128((const __m128i *)(q + v->offset[1])), v->fold[1]);
        hits[half] = _mm_and_si128(_mm_cmpeq_epi8(a, v->want[0]), _mm_cmpeq_epi8(b, v->want[1]));
    }
    return (uint32_t)_mm_movemask_epi8(hits[0]) | (uint32_t)_mm_movemask_epi8(hits[1]) << 16;
}

static uint32_t backslash_mask(const char *p)
{
    const __m128i backslash = _mm_set1_epi8('\\');
    __m128i lo = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)p), backslash);
    __m128i hi = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), backslash);
    return (uint32_t)_mm_movemask_epi8(lo) | (uint32_t)_mm_movemask_epi8(hi) << 16;
}

static const char *find_few(const kq_scanner *s, const char *p, const char *end)
{
    probe_vectors vectors[SIMD_MAX_NEEDLES];
    uint32_t masks[SIMD_MAX_NEEDLES];
    for (size_t j = 0; j < s->count; j++) make_probe_vectors(&s->needles[j], &vectors[j]);
    while ((size_t)(end - p) >= s->max_probe + 32) {
        uint32_t any = s->also_backslash ? backslash_mask(p) : 0;
        for (size_t j = 0; j < s->count; j++) any |= masks[j] = probe_mask(&vectors[j], p);
        while (any) {
            unsigned bit = (unsigned)__builtin_ctz(any);
            const char *at = p + bit;
            if (s->also_backslash && *at == '\\') return at;
            for (size_t j = 0; j < s->count; j++)
                if ((masks[j] >> bit & 1) && needle_at(&s->needles[j], at, end)) return at;
            any &= any - 1;
        }
        p += 32;
    }
    for (; p < end; p++)
        if (hit_at(s, p, end)) return p;
    return NULL;
}
#else
static const char *find_few(const kq_scanner *s, const char *p, const char *end)
{
    for (; p < end; p++)
        if (hit_at(s, p, end)) return p;
    return NULL;
}
#endif

static bool short_needle_at(const kq_scanner *s, const unsigned char *u, size_t left)
{
    if (s->short_len1[kq_ascii_lower[u[0]]]) return true;
    if (left < 2 || !(s->short_len2 || s->short_len3)) return false;
    size_t two = kq_ascii_lower[u[0]] | (size_t)kq_ascii_lower[u[1]] << 8;
    if (s->short_len2 && bit_test(s->short_len2, two)) return true;
    return left >= 3 && s->short_len3 && bit_test(s->short_len3, two | (size_t)kq_ascii_lower[u[2]] << 16);
}

static bool long_needle_at(const kq_scanner *s, const char *p, const char *end, uint32_t lowered)
{
    const prefix_group *g = group_slot(s, lowered);
    for (uint32_t k = 0; k < g->count; k++)
        if (needle_at(&s->needles[s->by_prefix[g->first + k]], p, end)) return true;
    return false;
}

static const char *find_many(const kq_scanner *s, const char *p, const char *end)
{
    bool any_short = s->short_len2 || s->short_len3;
    for (int k = 0; k < 256 && !any_short; k++) any_short = s->short_len1[k];
    for (; end - p >= WINDOW; p++) {
        if (s->also_backslash && *p == '\\') return p;
        if (any_short && short_needle_at(s, (const unsigned char *)p, (size_t)(end - p))) return p;
        uint32_t lowered = lower_window(load_window(p));
        uint64_t hash = window_hash(lowered), bits = window_bits(hash);
        if ((s->window_words[hash >> s->window_shift] & bits) == bits && long_needle_at(s, p, end, lowered))
            return p;
    }
    for (; p < end; p++) {
        if (s->also_backslash && *p == '\\') return p;
        if (any_short && short_needle_at(s, (const unsigned char *)p, (size_t)(end - p))) return p;
    }
    return NULL;
}

const char *kq_scanner_find(const kq_scanner *s, const char *p, const char *end)
{
    if (!p || p >= end) return NULL;
    if (s->has_empty) return p;
    if (s->many) return find_many(s, p, end);
    if (s->count == 0 && !s->also_backslash) return NULL;
    return find_few(s, p, end);
}
