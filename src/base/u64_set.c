/*
 * u64_set.c - the open-addressing set of 64-bit hashes; kept at most half full.
 */
#include <stdlib.h>

#include "arena.h"
#include "u64_set.h"

static void grow(kq_u64_set *s)
{
    size_t cap = s->cap ? s->cap * 2 : 16;
    uint64_t *slots = kq_xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->slots[i]) continue;
        size_t at = (size_t)s->slots[i] & (cap - 1);
        while (slots[at]) at = (at + 1) & (cap - 1);
        slots[at] = s->slots[i];
    }
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
}

bool kq_u64_set_add(kq_u64_set *s, uint64_t x)
{
    if (!x) x = 1;
    if ((s->count + 1) * 2 > s->cap) grow(s);
    size_t at = (size_t)x & (s->cap - 1);
    while (s->slots[at]) {
        if (s->slots[at] == x) return false;
        at = (at + 1) & (s->cap - 1);
    }
    s->slots[at] = x;
    s->count++;
    return true;
}

void kq_u64_set_free(kq_u64_set *s)
{
    free(s->slots);
    s->slots = NULL;
    s->cap = s->count = 0;
}
