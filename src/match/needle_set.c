/*
 * needle_set.c - has_any over many needles and case-insensitive membership (in~), at a cost per
 * haystack that does not grow with the number of needles.
 *
 * Needles are stored case-folded in one hash table. A needle whose first and last characters are
 * term characters ("plain") can only match has-wise at a span of the haystack that starts where
 * a term starts and ends where a term ends, so has_any folds the haystack, enumerates those spans
 * (no longer than the longest plain needle, only of lengths some needle has) and probes the table.
 * Needles beginning or ending with a separator follow the general rule of 5.6 and are tried one
 * by one with kq_has (such needles are rare in IOC lists; their cost is linear in their count).
 */
#include "match.h"
#include "match_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"

typedef struct {
    size_t off;   /* into text */
    uint32_t len;
    uint32_t tag; /* high bits of the hash */
} stored_needle;

struct kq_needle_set {
    char *text; /* folded needles, back to back */
    stored_needle *needles;
    size_t count;
    uint32_t *slots; /* open addressing: index + 1 into needles, 0 = free */
    size_t slot_mask;
    bool has_empty;
    size_t max_plain_len;
    unsigned char *plain_len_seen; /* [0 .. max_plain_len]: some plain needle has this length */
    size_t *general;               /* indices of the needles checked with kq_has */
    size_t general_count;
};

enum { FOLD_STACK_BYTES = 4096, RUN_STACK_COUNT = 512 };

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static uint64_t hash_extend(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
    return h;
}

/* Mixes the final FNV state so that the low bits (the slot) depend on every byte. */
static uint64_t hash_finish(uint64_t h)
{
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
}

static const stored_needle *lookup(const kq_needle_set *s, const char *key, size_t len, uint64_t hash)
{
    uint32_t tag = (uint32_t)(hash >> 32);
    for (size_t slot = hash & s->slot_mask;; slot = (slot + 1) & s->slot_mask) {
        uint32_t ref = s->slots[slot];
        if (!ref) return NULL;
        const stored_needle *e = &s->needles[ref - 1];
        if (e->tag == tag && e->len == len && memcmp(s->text + e->off, key, len) == 0) return e;
    }
}

/* Adds needle number `index` (already folded into text); false when it was a duplicate. */
static bool insert(kq_needle_set *s, size_t index)
{
    stored_needle *e = &s->needles[index];
    const char *key = s->text + e->off;
    uint64_t hash = hash_finish(hash_extend(FNV_OFFSET, key, e->len));
    if (lookup(s, key, e->len, hash)) return false;
    e->tag = (uint32_t)(hash >> 32);
    size_t slot = hash & s->slot_mask;
    while (s->slots[slot]) slot = (slot + 1) & s->slot_mask;
    s->slots[slot] = (uint32_t)(index + 1);
    return true;
}

void kq_needle_set_free(kq_needle_set *s)
{
    if (!s) return;
    free(s->text);
    free(s->needles);
    free(s->slots);
    free(s->plain_len_seen);
    free(s->general);
    free(s);
}

kq_needle_set *kq_needle_set_new(int n, const char *const *needles, const size_t *lens)
{
    kq_needle_set *s = kq_xcalloc(1, sizeof *s);
    size_t count = n > 0 ? (size_t)n : 0, total = 0;
    for (size_t i = 0; i < count; i++) total += lens[i];
    s->text = kq_xmalloc(total);
    s->needles = kq_xmalloc((count ? count : 1) * sizeof *s->needles);
    s->general = kq_xmalloc((count ? count : 1) * sizeof *s->general);
    size_t slots = 16;
    while (slots < 2 * count) slots *= 2;
    s->slots = kq_xcalloc(slots, sizeof *s->slots);
    s->slot_mask = slots - 1;

    size_t off = 0;
    for (size_t i = 0; i < count; i++) {
        size_t len = lens[i];
        if (len == 0) {
            s->has_empty = true;
            continue;
        }
        char *folded = s->text + off;
        kq_fold_text(needles[i], len, folded);
        stored_needle *e = &s->needles[s->count];
        e->off = off;
        e->len = (uint32_t)len;
        if (!insert(s, s->count)) continue;
        off += len;
        if (kq_term_at(folded, len, 0) && kq_term_before(folded, len)) {
            if (len > s->max_plain_len) s->max_plain_len = len;
        } else {
            s->general[s->general_count++] = s->count;
        }
        s->count++;
    }
    s->plain_len_seen = kq_xcalloc(s->max_plain_len + 1, 1);
    for (size_t i = 0; i < s->count; i++) {
        const stored_needle *e = &s->needles[i];
        if (e->len <= s->max_plain_len) s->plain_len_seen[e->len] = 1;
    }
    return s;
}

typedef struct {
    size_t start, end;
} term_run;

/* Appends the maximal runs of term characters of t to *runs (growing it past the stack array). */
static size_t find_term_runs(const char *t, size_t n, term_run **runs, size_t cap, term_run *stack_runs)
{
    size_t count = 0, i = 0;
    while (i < n) {
        while (i < n && !kq_term_at(t, n, i)) i++;
        if (i == n) break;
        size_t start = i;
        while (i < n && kq_term_at(t, n, i)) {
            size_t len = 1;
            if ((unsigned char)t[i] >= 0x80) kq_cp_decode(t, n, i, &len);
            i += len;
        }
        if (count == cap) {
            cap *= 2;
            term_run *bigger = kq_xmalloc(cap * sizeof *bigger);
            memcpy(bigger, *runs, count * sizeof *bigger);
            if (*runs != stack_runs) free(*runs);
            *runs = bigger;
        }
        (*runs)[count++] = (term_run){start, i};
    }
    return count;
}

static bool any_plain_needle(const kq_needle_set *s, const char *t, size_t n)
{
    term_run stack_runs[RUN_STACK_COUNT], *runs = stack_runs;
    size_t run_count = find_term_runs(t, n, &runs, RUN_STACK_COUNT, stack_runs);
    bool found = false;
    for (size_t a = 0; a < run_count && !found; a++) {
        size_t start = runs[a].start, hashed_to = start;
        uint64_t hash = FNV_OFFSET;
        for (size_t b = a; b < run_count && !found; b++) {
            size_t len = runs[b].end - start;
            if (len > s->max_plain_len) break;
            if (!s->plain_len_seen[len]) continue;
            hash = hash_extend(hash, t + hashed_to, runs[b].end - hashed_to);
            hashed_to = runs[b].end;
            found = lookup(s, t + start, len, hash_finish(hash)) != NULL;
        }
    }
    if (runs != stack_runs) free(runs);
    return found;
}

static bool any_general_needle(const kq_needle_set *s, const char *t, size_t n)
{
    for (size_t i = 0; i < s->general_count; i++) {
        const stored_needle *e = &s->needles[s->general[i]];
        if (kq_has(t, n, s->text + e->off, e->len, true)) return true;
    }
    return false;
}

/* Runs test on the folded haystack (folded into a stack buffer when it fits). */
static bool on_folded(const kq_needle_set *s, const char *h, size_t hn,
                      bool (*test)(const kq_needle_set *, const char *, size_t))
{
    char stack_text[FOLD_STACK_BYTES];
    char *t = hn <= sizeof stack_text ? stack_text : kq_xmalloc(hn);
    kq_fold_text(h, hn, t);
    bool found = test(s, t, hn);
    if (t != stack_text) free(t);
    return found;
}

static bool has_any_folded(const kq_needle_set *s, const char *t, size_t n)
{
    return any_plain_needle(s, t, n) || any_general_needle(s, t, n);
}

bool kq_needle_set_has_any(const kq_needle_set *s, const char *h, size_t hn)
{
    if (s->has_empty) return true;
    if (s->count == 0) return false;
    return on_folded(s, h, hn, has_any_folded);
}

static bool is_member_folded(const kq_needle_set *s, const char *t, size_t n)
{
    return lookup(s, t, n, hash_finish(hash_extend(FNV_OFFSET, t, n))) != NULL;
}

bool kq_needle_set_contains_ci(const kq_needle_set *s, const char *h, size_t hn)
{
    if (hn == 0) return s->has_empty;
    if (s->count == 0) return false;
    return on_folded(s, h, hn, is_member_folded);
}
