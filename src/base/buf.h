/*
 * buf.h - a growable byte buffer (for building strings, output lines, JSON text).
 */
#ifndef KQ_BUF_H
#define KQ_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct kq_buf {
    char *p;
    size_t len, cap;
} kq_buf;

void kq_buf_init(kq_buf *b);
void kq_buf_free(kq_buf *b);
void kq_buf_clear(kq_buf *b);
/* Makes room for extra more bytes (and a NUL); kq_buf_grow is its slow path. */
void kq_buf_grow(kq_buf *b, size_t extra);
static inline void kq_buf_reserve(kq_buf *b, size_t extra)
{
    if (b->len + extra + 1 > b->cap) kq_buf_grow(b, extra);
}

/* The appends are inline: report and row writers call them for every field. */
static inline void kq_buf_put(kq_buf *b, const void *p, size_t n)
{
    kq_buf_reserve(b, n);
    if (n) memcpy(b->p + b->len, p, n);
    b->len += n;
}

static inline void kq_buf_putc(kq_buf *b, char c)
{
    kq_buf_reserve(b, 1);
    b->p[b->len++] = c;
}

static inline void kq_buf_puts(kq_buf *b, const char *s)
{
    kq_buf_put(b, s, strlen(s));
}
/* A decimal integer (what "%lld" prints), without printf's cost. */
void kq_buf_put_long(kq_buf *b, long long v);
void kq_buf_printf(kq_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Makes p NUL-terminated (not counted in len) and returns it. */
const char *kq_buf_cstr(kq_buf *b);

#endif
