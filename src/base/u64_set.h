/*
 * u64_set.h - a set of 64-bit hashes (open addressing, linear probing), for "seen
 * this before?" questions: distinct values of an aggregate, reports already told.
 */
#ifndef KQ_U64_SET_H
#define KQ_U64_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kq_u64_set {
    uint64_t *slots; /* 0 = empty (a key of 0 is stored as 1) */
    size_t cap, count;
} kq_u64_set;

/* Adds x; true when it was not there. An empty set is all zeros. */
bool kq_u64_set_add(kq_u64_set *s, uint64_t x);
void kq_u64_set_free(kq_u64_set *s);

#endif
