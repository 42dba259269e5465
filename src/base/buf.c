/*
 * buf.c - growable byte buffer (see buf.h).
 */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

void kq_buf_init(kq_buf *b)
{
    b->p = NULL;
    b->len = b->cap = 0;
}

void kq_buf_free(kq_buf *b)
{
    free(b->p);
    kq_buf_init(b);
}

void kq_buf_clear(kq_buf *b)
{
    b->len = 0;
}

void kq_buf_grow(kq_buf *b, size_t extra)
{
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    b->p = kq_xrealloc(b->p, cap);
    b->cap = cap;
}

void kq_buf_put_long(kq_buf *b, long long v)
{
    char digits[24];
    size_t pos = sizeof digits;
    unsigned long long magnitude = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
    do {
        digits[--pos] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (v < 0) digits[--pos] = '-';
    kq_buf_put(b, digits + pos, sizeof digits - pos);
}

void kq_buf_printf(kq_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) {
        kq_buf_put(b, tmp, (size_t)n);
        return;
    }
    kq_buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *kq_buf_cstr(kq_buf *b)
{
    kq_buf_reserve(b, 0);
    b->p[b->len] = 0;
    return b->p;
}
