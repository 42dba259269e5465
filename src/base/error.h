/*
 * error.h - filling kq_error: with a position in the query text (line:column computed from a
 * byte span), or about an input file and line.
 */
#ifndef KQ_ERROR_H
#define KQ_ERROR_H

#include <stddef.h>
#include <stdint.h>

#include "../../include/kq.h"

/* Error at byte span [start, end) of the query text: computes line/col/end_col (columns count
 * characters, 1-based). */
void kq_error_at(kq_error *e, int code, const char *text, size_t len, int start, int end,
                 const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Error about an input file (line 0 = unknown). */
void kq_error_input(kq_error *e, int code, const char *file, int64_t line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Error with no position. */
void kq_error_set(kq_error *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void kq_error_clear(kq_error *e);

#endif
