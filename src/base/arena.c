/*
 * arena.c - bump allocator over a list of blocks (see arena.h).
 */
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kq_arena_block {
    kq_arena_block *next;
    size_t size;
    size_t used;
    /* data follows, 16-byte aligned */
    _Alignas(16) unsigned char data[];
};

static void out_of_memory(size_t n)
{
    fprintf(stderr, "kq: out of memory (allocating %zu bytes)\n", n);
    abort();
}

void *kq_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) out_of_memory(n);
    return p;
}

void *kq_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) out_of_memory(n);
    return q;
}

void *kq_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) out_of_memory(n * size);
    return p;
}

char *kq_xstrdup(const char *s)
{
    size_t n = strlen(s);
    char *p = kq_xmalloc(n + 1);
    memcpy(p, s, n + 1);
    return p;
}

void kq_arena_init(kq_arena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    a->used_total = 0;
}

void kq_arena_free(kq_arena *a)
{
    kq_arena_block *b = a->head;
    while (b) {
        kq_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->used_total = 0;
}

void kq_arena_reset(kq_arena *a)
{
    kq_arena_block *b = a->head;
    if (!b) return;
    /* keep the oldest block (the last in the list): it has the default size */
    while (b->next) {
        kq_arena_block *next = b->next;
        free(b);
        b = next;
    }
    b->used = 0;
    a->head = b;
    a->used_total = 0;
}

void *kq_arena_alloc(kq_arena *a, size_t n)
{
    size_t need = (n + 15) & ~(size_t)15;
    kq_arena_block *b = a->head;
    if (!b || b->size - b->used < need) {
        size_t size = a->block_size;
        if (need > size / 4) {
            /* big object: own block, placed behind the current one so the current keeps filling */
            kq_arena_block *big = kq_xmalloc(sizeof *big + need);
            big->size = need;
            big->used = need;
            if (b) {
                big->next = b->next;
                b->next = big;
            } else {
                big->next = NULL;
                a->head = big;
            }
            a->used_total += need;
            return big->data;
        }
        kq_arena_block *nb = kq_xmalloc(sizeof *nb + size);
        nb->size = size;
        nb->used = 0;
        nb->next = b;
        a->head = nb;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += need;
    a->used_total += need;
    return p;
}

void *kq_arena_zalloc(kq_arena *a, size_t n)
{
    void *p = kq_arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

char *kq_arena_strdup(kq_arena *a, const char *s, size_t n)
{
    char *p = kq_arena_alloc(a, n + 1);
    if (n) memcpy(p, s, n);
    p[n] = 0;
    return p;
}

kq_arena_mark kq_arena_save(const kq_arena *a)
{
    kq_arena_mark m = {a->head, a->head ? a->head->used : 0, a->used_total};
    return m;
}

void kq_arena_rewind(kq_arena *a, kq_arena_mark m)
{
    while (a->head && a->head != m.block) {
        kq_arena_block *next = a->head->next;
        free(a->head);
        a->head = next;
    }
    if (a->head) a->head->used = m.used;
    a->used_total = m.used_total;
}
