/*
 * scanner.c - the raw-bytes prefilter of the readers: the first position of any needle (ASCII
 * case-insensitive) or, optionally, of a backslash (escaped JSON text must be decoded before it
 * can be judged).
 *
 * Where a needle can start: a needle whose first byte is an ASCII letter or digit ("alnum") only
 * at an alnum byte, any other needle only at a byte that is not. A start-bounded scanner (built
 * for has, ==, in, startswith, hasprefix: operators that match only where a term begins) looks
 * for its alnum needles at term starts only: alnum bytes not preceded by an alnum byte of the
 * range. Bytes >= 0x80 count as separators, so a needle after a non-ASCII letter is still found.
 *
 * Up to 6 needles (3 for a start-bounded scanner): SSE2 "generic SIMD" search. Each needle gets two probe positions (its two
 * rarest bytes by a fixed frequency ranking of log text); 16 candidate starts are tested at a
 * time by comparing the blocks at start+probe with the probe bytes (letters folded with |0x20),
 * AND-ing the two masks, OR-ing the needles' masks and the backslash mask, and verifying the
 * candidates in order (with the term-start rule). Positions too close to the end for a 16-byte
 * load are done scalarly.
 *
 * More needles (up to millions: a threat-intel list of domains): the text is classified 64 bytes
 * at a time (SSE2 compares, or a table) into alnum bytes and backslashes. The possible starts
 * follow with shifts and masks: term starts (for a start-bounded scanner, in log text a small
 * share of the bytes), alnum bytes, other bytes, as the needles need. Three filters follow,
 * cheapest first:
 *  - the shortest first run of the needles, for all starts of a block at once: the alnum mask
 *    ANDed with itself shifted, doubling the length each time;
 *  - the run's end, per start: a needle whose first run a byte of the needle ends ("mythicsu" in
 *    "mythicsu.biz") occurs only where the alnum run has that length and is ended by that byte,
 *    an all-alnum needle only where the run is at least as long: a table of 64 lengths x 256 bytes
 *    (runs of 32 bytes and more pass);
 *  - the key: the 8 bytes at the start, case-folded by setting bit 0x20 of every byte, cut to each
 *    key length in use (8 bytes for needles of 8 or more, 4 for 4 to 7, all of a shorter one),
 *    hashed into a bitset of about 64 bits per needle.
 * The starts left are verified against the needles with that key, found in a hash table of key
 * groups. Each block is classified one step ahead, for the runs that cross into the next one.
 */
#include "match.h"
#include "match_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif

int kq_scanner_avx2 = -1;

/* Beyond these counts the many-needle path is faster on log text (the SIMD path costs about the
 * same per needle, the other about the same for any number). */
enum { SIMD_MAX_NEEDLES = 6, SIMD_MAX_TERM_START_NEEDLES = 3 };
enum { BLOCK = 64, RUN_EXACT = 32, KEY_MAX = 8, KEY_LENGTH_CLASSES = 5 };

typedef struct {
    const char *text; /* lower-cased */
    size_t len;
    size_t probe[2];      /* offsets of the two rarest bytes (SIMD path) */
    bool term_start_only; /* start-bounded scanner and an alnum first byte */
} scan_needle;

/* The needles whose keys have one length: a key is that many first bytes, case-folded by setting
 * bit 0x20 of every byte, in a word whose other bytes are zero. */
typedef struct {
    size_t key_len;
    uint64_t mask; /* ones over the key's bytes */
    uint64_t salt; /* gives each key length its own hashes */
} key_length_class;

typedef struct {
    uint64_t key;
    size_t key_len;
    uint32_t first, count; /* range in by_group; count == 0: free slot */
} needle_group;

struct kq_scanner {
    bool also_backslash;
    bool has_empty;
    char *text;
    scan_needle *needles;
    size_t count;
    size_t max_probe; /* largest probe offset (SIMD path) */
    /* many-needle path */
    bool many;
    /* all ones when some needle can start at a term start / any alnum byte / any other byte */
    uint64_t term_start_select, alnum_select, other_select;
    /* bit b of run_enders[r]: some needle can start where the alnum run is r bytes long and ended
     * by byte b (the byte itself when r == 0; 0 when the range ends there); r >= RUN_EXACT: all set */
    uint64_t run_enders[BLOCK][4];
    /* the shortest such r, and the shifts that test it (see long_enough_runs) */
    unsigned min_run, run_steps[5], run_step_count;
    key_length_class classes[KEY_LENGTH_CLASSES];
    size_t class_count;
    uint64_t *key_bits;   /* one bit per hashed key */
    unsigned key_shift;   /* 64 - log2(number of bits) */
    needle_group *groups; /* open addressing on (key, key_len) */
    size_t group_mask;
    uint32_t *by_group; /* needle indices, group after group */
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

static bool needle_at(const scan_needle *e, const char *p, const char *end)
{
    if ((size_t)(end - p) < e->len) return false;
    for (size_t k = 0; k < e->len; k++)
        if (kq_ascii_lower[(unsigned char)p[k]] != (unsigned char)e->text[k]) return false;
    return true;
}

/* A term-start-only needle does not count right after an alnum byte of the range. */
static bool needle_counts_at(const scan_needle *e, const char *p, const char *begin, const char *end)
{
    if (e->term_start_only && p > begin && kq_ascii_is_term[(unsigned char)p[-1]]) return false;
    return needle_at(e, p, end);
}

/* ---- the many-needle index: run enders, key bits, key groups ---- */

static size_t key_length(size_t needle_len)
{
    return needle_len < 4 ? needle_len : needle_len < KEY_MAX ? 4 : KEY_MAX;
}

/* The n (<= KEY_MAX) bytes at p in a word, zero bytes after them. */
static uint64_t load_key_bytes(const void *p, size_t n)
{
    unsigned char bytes[KEY_MAX] = {0};
    memcpy(bytes, p, n);
    uint64_t w;
    memcpy(&w, bytes, sizeof w);
    return w;
}

/* Letters of both cases become one key (other bytes that differ only in bit 0x20 too: that costs
 * a verification, never a miss). */
static uint64_t fold_word(uint64_t w)
{
    return w | 0x2020202020202020ull;
}

static uint64_t key_hash(uint64_t key, uint64_t salt)
{
    return (key ^ salt) * 0x9E3779B97F4A7C15ull;
}

static bool key_bit_test(const kq_scanner *s, uint64_t hash)
{
    uint64_t bit = hash >> s->key_shift;
    return s->key_bits[bit >> 6] >> (bit & 63) & 1;
}

static size_t group_slot(const kq_scanner *s, uint64_t key, size_t key_len, uint64_t hash)
{
    size_t slot = (size_t)(hash >> 32) & s->group_mask;
    while (s->groups[slot].count && (s->groups[slot].key != key || s->groups[slot].key_len != key_len))
        slot = (slot + 1) & s->group_mask;
    return slot;
}

static const key_length_class *class_of(const kq_scanner *s, size_t key_len)
{
    for (size_t k = 0; k < s->class_count; k++)
        if (s->classes[k].key_len == key_len) return &s->classes[k];
    return NULL;
}

/* Where a needle can occur, the alnum run there is as long as the needle's first run and ended by
 * the same byte, when a byte of the needle ends that run; or at least as long as the needle and
 * ended by anything, when the needle is all alnum. */
static void add_run_enders(kq_scanner *s, const scan_needle *e)
{
    size_t run = 0;
    while (run < e->len && kq_ascii_is_term[(unsigned char)e->text[run]]) run++;
    if (run < e->len) {
        unsigned char ender = (unsigned char)e->text[run];
        if (run < RUN_EXACT) s->run_enders[run][ender >> 6] |= 1ull << (ender & 63);
        return;
    }
    for (size_t r = e->len; r < RUN_EXACT; r++) memset(s->run_enders[r], 0xFF, sizeof s->run_enders[r]);
}

static void build_run_filter(kq_scanner *s)
{
    memset(s->run_enders[RUN_EXACT], 0xFF, sizeof s->run_enders[0] * (BLOCK - RUN_EXACT));
    for (size_t i = 0; i < s->count; i++) add_run_enders(s, &s->needles[i]);
    const uint64_t *row = s->run_enders[0];
    while (!(row[0] | row[1] | row[2] | row[3])) row = s->run_enders[++s->min_run];
    for (unsigned have = 1; have < s->min_run; have += s->run_steps[s->run_step_count++])
        s->run_steps[s->run_step_count] = have < s->min_run - have ? have : s->min_run - have;
}

static void build_key_index(kq_scanner *s)
{
    static const unsigned char all_ones[KEY_MAX] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    for (size_t i = 0; i < s->count; i++) {
        size_t key_len = key_length(s->needles[i].len);
        if (class_of(s, key_len)) continue;
        key_length_class *c = &s->classes[s->class_count++];
        c->key_len = key_len;
        c->mask = load_key_bytes(all_ones, key_len);
        c->salt = key_len * 0xD6E8FEB86659FD93ull;
    }
    unsigned bits_log2 = 16; /* about 64 bits per needle, at most 16 MB */
    while (bits_log2 < 27 && ((size_t)1 << bits_log2) < 64 * s->count) bits_log2++;
    s->key_shift = 64 - bits_log2;
    s->key_bits = kq_xcalloc((size_t)1 << (bits_log2 - 6), sizeof(uint64_t));
    size_t slots = 16;
    while (slots < 2 * s->count) slots *= 2;
    s->groups = kq_xcalloc(slots, sizeof *s->groups);
    s->group_mask = slots - 1;
    s->by_group = kq_xmalloc(s->count * sizeof *s->by_group);
    uint32_t *slot_of = kq_xmalloc(s->count * sizeof *slot_of);
    for (size_t i = 0; i < s->count; i++) {
        const key_length_class *c = class_of(s, key_length(s->needles[i].len));
        uint64_t key = fold_word(load_key_bytes(s->needles[i].text, c->key_len)) & c->mask;
        uint64_t hash = key_hash(key, c->salt), bit = hash >> s->key_shift;
        size_t slot = group_slot(s, key, c->key_len, hash);
        s->groups[slot].key = key;
        s->groups[slot].key_len = c->key_len;
        s->groups[slot].count++;
        slot_of[i] = (uint32_t)slot;
        s->key_bits[bit >> 6] |= 1ull << (bit & 63);
    }
    /* each group's range ends where the next one's begins; filled backwards, first ends at its start */
    uint32_t next = 0;
    for (size_t slot = 0; slot <= s->group_mask; slot++) {
        next += s->groups[slot].count;
        s->groups[slot].first = next;
    }
    for (size_t i = s->count; i-- > 0;) s->by_group[--s->groups[slot_of[i]].first] = (uint32_t)i;
    free(slot_of);
}

void kq_scanner_free(kq_scanner *s)
{
    if (!s) return;
    free(s->text);
    free(s->needles);
    free(s->key_bits);
    free(s->groups);
    free(s->by_group);
    free(s);
}

static kq_scanner *scanner_new(int n, const char *const *needles, const size_t *lens, bool start_bounded,
                               bool also_backslash)
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
        bool alnum_first = kq_ascii_is_term[(unsigned char)e->text[0]];
        e->term_start_only = start_bounded && alnum_first;
        if (e->term_start_only) s->term_start_select = ~0ull;
        else if (alnum_first) s->alnum_select = ~0ull;
        else s->other_select = ~0ull;
    }
    s->many = s->count > (start_bounded ? SIMD_MAX_TERM_START_NEEDLES : SIMD_MAX_NEEDLES);
    if (s->many) {
        build_run_filter(s);
        build_key_index(s);
        return s;
    }
    for (size_t i = 0; i < s->count; i++) {
        scan_needle *e = &s->needles[i];
        choose_probes(e);
        for (int k = 0; k < 2; k++)
            if (e->probe[k] > s->max_probe) s->max_probe = e->probe[k];
    }
    return s;
}

kq_scanner *kq_scanner_new(int n, const char *const *needles, const size_t *lens, bool also_backslash)
{
    return scanner_new(n, needles, lens, false, also_backslash);
}

kq_scanner *kq_scanner_new_start_bounded(int n, const char *const *needles, const size_t *lens,
                                         bool also_backslash)
{
    return scanner_new(n, needles, lens, true, also_backslash);
}

/* ---- a few needles ---- */

/* Scalar test of one position: a backslash, or a needle starting at p as the term-start rule allows. */
static bool hit_at(const kq_scanner *s, const char *p, const char *begin, const char *end)
{
    if (s->also_backslash && *p == '\\') return true;
    for (size_t j = 0; j < s->count; j++)
        if (needle_counts_at(&s->needles[j], p, begin, end)) return true;
    return false;
}

/* The first hit in [p, end), one position at a time (the ends of ranges, no SIMD). */
static const char *find_scalar(const kq_scanner *s, const char *p, const char *begin, const char *end)
{
    for (; p < end; p++)
        if (hit_at(s, p, begin, end)) return p;
    return NULL;
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

/* The first start of a block at p that is a backslash, or where a needle whose mask has the
 * start's bit counts; any: the starts to try (bit i: p + i). */
static const char *first_in_block(const kq_scanner *s, const char *p, uint64_t any, const uint64_t *masks,
                                  const char *begin, const char *end)
{
    for (; any; any &= any - 1) {
        unsigned bit = (unsigned)__builtin_ctzll(any);
        const char *at = p + bit;
        if (s->also_backslash && *at == '\\') return at;
        for (size_t j = 0; j < s->count; j++)
            if ((masks[j] >> bit & 1) && needle_counts_at(&s->needles[j], at, begin, end)) return at;
    }
    return NULL;
}

#if defined(__x86_64__) && defined(__GNUC__)
/* The same search 64 starts at a time with AVX2, on processors that have it (chosen at run
 * time): on log text about 1.7 times the speed of the SSE2 loop below. */
#include <immintrin.h>

typedef struct {
    __m256i want[2], fold[2];
    size_t offset[2];
} probe_vectors256;

__attribute__((target("avx2"))) static uint64_t probe_mask256(const probe_vectors256 *v, const char *p)
{
    uint64_t mask = 0;
    for (int half = 0; half < 2; half++) {
        const char *q = p + 32 * half;
        __m256i a = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)(q + v->offset[0])), v->fold[0]);
        __m256i b = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)(q + v->offset[1])), v->fold[1]);
        __m256i hits = _mm256_and_si256(_mm256_cmpeq_epi8(a, v->want[0]), _mm256_cmpeq_epi8(b, v->want[1]));
        mask |= (uint64_t)(uint32_t)_mm256_movemask_epi8(hits) << (32 * half);
    }
    return mask;
}

__attribute__((target("avx2"))) static const char *find_few_avx2(const kq_scanner *s, const char *p,
                                                                 const char *end)
{
    const char *begin = p;
    probe_vectors256 vectors[SIMD_MAX_NEEDLES];
    uint64_t masks[SIMD_MAX_NEEDLES];
    for (size_t j = 0; j < s->count; j++) {
        const scan_needle *e = &s->needles[j];
        for (int k = 0; k < 2; k++) {
            unsigned char c = (unsigned char)e->text[e->probe[k]];
            vectors[j].want[k] = _mm256_set1_epi8((char)c);
            vectors[j].fold[k] = _mm256_set1_epi8((unsigned char)(c - 'a') < 26 ? 0x20 : 0);
            vectors[j].offset[k] = e->probe[k];
        }
    }
    const __m256i backslash = _mm256_set1_epi8('\\');
    while ((size_t)(end - p) >= s->max_probe + 64) {
        uint64_t any = 0;
        if (s->also_backslash) {
            uint32_t lo = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)p), backslash));
            uint32_t hi = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(p + 32)), backslash));
            any = (uint64_t)lo | (uint64_t)hi << 32;
        }
        for (size_t j = 0; j < s->count; j++) any |= masks[j] = probe_mask256(&vectors[j], p);
        const char *at = first_in_block(s, p, any, masks, begin, end);
        if (at) return at;
        p += 64;
    }
    return find_scalar(s, p, begin, end);
}
#endif

static const char *find_few(const kq_scanner *s, const char *p, const char *end)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (kq_scanner_avx2 < 0) kq_scanner_avx2 = __builtin_cpu_supports("avx2") ? 1 : 0;
    if (kq_scanner_avx2) return find_few_avx2(s, p, end);
#endif
    const char *begin = p;
    probe_vectors vectors[SIMD_MAX_NEEDLES];
    uint64_t masks[SIMD_MAX_NEEDLES];
    for (size_t j = 0; j < s->count; j++) make_probe_vectors(&s->needles[j], &vectors[j]);
    while ((size_t)(end - p) >= s->max_probe + 32) {
        uint64_t any = s->also_backslash ? backslash_mask(p) : 0;
        for (size_t j = 0; j < s->count; j++) any |= masks[j] = probe_mask(&vectors[j], p);
        const char *at = first_in_block(s, p, any, masks, begin, end);
        if (at) return at;
        p += 32;
    }
    return find_scalar(s, p, begin, end);
}
#else
static const char *find_few(const kq_scanner *s, const char *p, const char *end)
{
    return find_scalar(s, p, p, end);
}
#endif

/* ---- more needles ---- */

/* Bit i of each mask: byte i of the block is alnum / a backslash. */
typedef struct {
    uint64_t alnum, backslash;
} byte_classes;

static byte_classes classify_bytes(const char *p, size_t n)
{
    byte_classes c = {0, 0};
    for (size_t i = 0; i < n; i++) {
        c.alnum |= (uint64_t)kq_ascii_is_term[(unsigned char)p[i]] << i;
        c.backslash |= (uint64_t)(p[i] == '\\') << i;
    }
    return c;
}

#ifdef __SSE2__
static uint64_t alnum_mask16(__m128i v)
{
    /* after the shift, letters (with bit 0x20 set) and digits are the lowest signed bytes */
    __m128i letter_shifted = _mm_add_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(0x80 - 'a'));
    __m128i letter = _mm_cmplt_epi8(letter_shifted, _mm_set1_epi8((char)(0x80 + 26)));
    __m128i digit_shifted = _mm_add_epi8(v, _mm_set1_epi8(0x80 - '0'));
    __m128i digit = _mm_cmplt_epi8(digit_shifted, _mm_set1_epi8((char)(0x80 + 10)));
    return (uint64_t)_mm_movemask_epi8(_mm_or_si128(letter, digit));
}

static uint64_t backslash_mask16(__m128i v)
{
    return (uint64_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
}

static byte_classes classify_block(const char *p)
{
    __m128i a = _mm_loadu_si128((const __m128i *)p), b = _mm_loadu_si128((const __m128i *)(p + 16));
    __m128i c = _mm_loadu_si128((const __m128i *)(p + 32)), d = _mm_loadu_si128((const __m128i *)(p + 48));
    byte_classes classes;
    classes.alnum = alnum_mask16(a) | alnum_mask16(b) << 16 | alnum_mask16(c) << 32 | alnum_mask16(d) << 48;
    classes.backslash = backslash_mask16(a) | backslash_mask16(b) << 16 | backslash_mask16(c) << 32 |
                        backslash_mask16(d) << 48;
    return classes;
}
#else
static byte_classes classify_block(const char *p)
{
    return classify_bytes(p, BLOCK);
}
#endif

/* The block at offset at of a range of size bytes (none past its end). */
static byte_classes classify_at(const char *p, size_t size, size_t at)
{
    if (at >= size) return (byte_classes){0, 0};
    return size - at >= BLOCK ? classify_block(p + at) : classify_bytes(p + at, size - at);
}

/* The KEY_MAX bytes at p; near the end zero-padded: a key with padding can only lead to needles
 * too long to be there. */
static uint64_t load_window(const char *p, const char *end)
{
    uint64_t w;
    if (end - p < KEY_MAX) return load_key_bytes(p, (size_t)(end - p));
    memcpy(&w, p, sizeof w);
    return w;
}

/* Whether the key bits leave room for a needle at the folded window (keys of every length in use;
 * most needle sets have one). */
static bool key_may_start(const kq_scanner *s, uint64_t window)
{
    if (key_bit_test(s, key_hash(window & s->classes[0].mask, s->classes[0].salt))) return true;
    for (size_t k = 1; k < s->class_count; k++)
        if (key_bit_test(s, key_hash(window & s->classes[k].mask, s->classes[k].salt))) return true;
    return false;
}

/* Whether a needle starts at p: verified against the groups of the keys whose bits are set. */
static bool needle_starts_at(const kq_scanner *s, const char *p, const char *end)
{
    uint64_t window = fold_word(load_window(p, end));
    for (size_t k = 0; k < s->class_count; k++) {
        const key_length_class *c = &s->classes[k];
        uint64_t key = window & c->mask, hash = key_hash(key, c->salt);
        if (!key_bit_test(s, hash)) continue;
        const needle_group *g = &s->groups[group_slot(s, key, c->key_len, hash)];
        for (uint32_t j = 0; j < g->count; j++)
            if (needle_at(&s->needles[s->by_group[g->first + j]], p, end)) return true;
    }
    return false;
}

/* Bit i: the run from byte i on may be long enough for a needle (at least min_run alnum bytes; the
 * bytes past the block count as alnum; any byte when a needle can start at a non-alnum byte). */
static uint64_t long_enough_runs(const kq_scanner *s, uint64_t alnum)
{
    if (s->min_run == 0) return ~0ull;
    for (unsigned k = 0; k < s->run_step_count; k++) {
        unsigned step = s->run_steps[k];
        alnum &= alnum >> step | ~(~0ull >> step);
    }
    return alnum;
}

/* Per block of BLOCK bytes: the possible starts (bit-parallel: start positions, runs of min_run);
 * those whose alnum run has a length and an ending byte some needle has and whose key bits are
 * set (a tight loop); then their verification in order. Each block is classified one step ahead,
 * for the runs that cross into the next one. */
static const char *find_many(const kq_scanner *s, const char *p, const char *end)
{
    size_t size = (size_t)(end - p);
    uint64_t alnum_before = 0; /* the byte before the block is alnum (the range's first byte starts a term) */
    byte_classes c = {0, 0}, next;
    for (size_t ahead = 0;; ahead += BLOCK, c = next) {
        next = classify_at(p, size, ahead);
        if (ahead == 0) continue;
        size_t left = size - (ahead - BLOCK);
        const char *block = end - left;
        bool windows_fit = left >= BLOCK + KEY_MAX - 1; /* KEY_MAX bytes can be read at every position */
        uint64_t term_starts = c.alnum & ~(c.alnum << 1 | alnum_before);
        uint64_t starts = (term_starts & s->term_start_select) | (c.alnum & s->alnum_select) |
                          (~c.alnum & s->other_select);
        if (left < BLOCK) starts &= (1ull << left) - 1;
        starts &= long_enough_runs(s, c.alnum);
        uint64_t hits = s->also_backslash ? c.backslash : 0;
        /* where runs end, bytes 0..63 and 32..95 of the block on; a longer run counts as 63 - i bytes */
        uint64_t ends_low = ~c.alnum | 1ull << 63;
        uint64_t ends_high = ~(c.alnum >> 32 | next.alnum << 32) | 1ull << 63;
        for (uint64_t rest = starts & ~hits; rest; rest &= rest - 1) {
            unsigned i = (unsigned)__builtin_ctzll(rest);
            unsigned run = (unsigned)__builtin_ctzll(i < 32 ? ends_low >> i : ends_high >> (i - 32));
            unsigned char ender = i + run < left ? (unsigned char)block[i + run] : 0;
            if (!(s->run_enders[run][ender >> 6] >> (ender & 63) & 1)) continue;
            uint64_t window;
            if (windows_fit) memcpy(&window, block + i, sizeof window);
            else window = load_window(block + i, end);
            if (key_may_start(s, fold_word(window))) hits |= rest & -rest;
        }
        for (; hits; hits &= hits - 1) {
            const char *at = block + __builtin_ctzll(hits);
            if ((s->also_backslash && *at == '\\') || needle_starts_at(s, at, end)) return at;
        }
        if (left <= BLOCK) return NULL;
        alnum_before = c.alnum >> (BLOCK - 1);
    }
}

bool kq_scanner_is_many(const kq_scanner *s)
{
    return s->many;
}

const char *kq_scanner_find(const kq_scanner *s, const char *p, const char *end)
{
    if (!p || p >= end) return NULL;
    if (s->has_empty) return p;
    if (s->many) return find_many(s, p, end);
    if (s->count == 0 && !s->also_backslash) return NULL;
    return find_few(s, p, end);
}
