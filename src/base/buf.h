/*
 * buf.h - a growable byte buffer (for building strings, output lines, JSON text).
 */
#ifndef KQ_BUF_H
#define KQ_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct kq_buf {
    char *p;
    size_t len, cap;
} kq_buf;

void kq_buf_init(kq_buf *b);
void kq_buf_free(kq_buf *b);
void kq_buf_clear(kq_buf *b);
void kq_buf_reserve(kq_buf *b, size_t extra);
void kq_buf_put(kq_buf *b, const void *p, size_t n);
void kq_buf_putc(kq_buf *b, char c);
void kq_buf_puts(kq_buf *b, const char *s);
/* A decimal integer (what "%lld" prints), without printf's cost. */
void kq_buf_put_long(kq_buf *b, long long v);
void kq_buf_printf(kq_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Makes p NUL-terminated (not counted in len) and returns it. */
const char *kq_buf_cstr(kq_buf *b);

#endif
