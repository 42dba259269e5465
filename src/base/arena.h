/*
 * arena.h - bump allocator. Everything a query, a batch or a record needs is allocated here and
 * released all at once (reset or free); there is no per-object free. Out-of-memory aborts with a
 * message, because an allocation failure in the middle of evaluation has no sensible recovery.
 */
#ifndef KQ_ARENA_H
#define KQ_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct kq_arena_block kq_arena_block;

typedef struct kq_arena {
    kq_arena_block *head;  /* current block (newest first) */
    size_t block_size;     /* default size of a new block */
    size_t used_total;     /* bytes handed out since the last reset (for memory limits) */
} kq_arena;

/* A position in an arena, to roll back to with kq_arena_rewind. */
typedef struct kq_arena_mark {
    kq_arena_block *block;
    size_t used;
    size_t used_total;
} kq_arena_mark;

void kq_arena_init(kq_arena *a, size_t block_size);
void kq_arena_free(kq_arena *a);
/* Drops everything but keeps the first block for reuse. */
void kq_arena_reset(kq_arena *a);
void *kq_arena_alloc(kq_arena *a, size_t n);           /* 8-byte aligned, uninitialised */
void *kq_arena_zalloc(kq_arena *a, size_t n);          /* zeroed */
char *kq_arena_strdup(kq_arena *a, const char *s, size_t n); /* copies n bytes, adds a NUL */
kq_arena_mark kq_arena_save(const kq_arena *a);
void kq_arena_rewind(kq_arena *a, kq_arena_mark m);

/* malloc/realloc that abort on failure (for growable vectors outside arenas). */
void *kq_xmalloc(size_t n);
void *kq_xrealloc(void *p, size_t n);
void *kq_xcalloc(size_t n, size_t size);
char *kq_xstrdup(const char *s);

#endif
