/*
 * error.c - filling kq_error (see error.h) and drawing the caret line under a query error.
 */
#include "error.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void kq_error_clear(kq_error *e)
{
    if (!e) return;
    memset(e, 0, sizeof *e);
}

static void set_message(kq_error *e, const char *fmt, va_list ap)
{
    vsnprintf(e->message, sizeof e->message, fmt, ap);
}

/* 1-based column of byte offset off within its line, counting UTF-8 characters */
static int column_of(const char *text, size_t line_start, size_t off)
{
    int col = 1;
    for (size_t i = line_start; i < off; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80) col++;
    return col;
}

void kq_error_at(kq_error *e, int code, const char *text, size_t len, int start, int end,
                 const char *fmt, ...)
{
    if (!e) return;
    kq_error_clear(e);
    e->code = code;
    va_list ap;
    va_start(ap, fmt);
    set_message(e, fmt, ap);
    va_end(ap);
    if (start < 0) start = 0;
    if ((size_t)start > len) start = (int)len;
    if (end < start) end = start;
    if ((size_t)end > len) end = (int)len;
    int line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < (size_t)start; i++)
        if (text[i] == '\n') {
            line++;
            line_start = i + 1;
        }
    e->line = line;
    e->col = column_of(text, line_start, (size_t)start);
    size_t stop = (size_t)end;
    for (size_t i = (size_t)start; i < stop; i++)
        if (text[i] == '\n') {
            stop = i;
            break;
        }
    int end_col = column_of(text, line_start, stop) - 1;
    e->end_col = end_col < e->col ? e->col : end_col;
}

void kq_error_input(kq_error *e, int code, const char *file, int64_t line, const char *fmt, ...)
{
    if (!e) return;
    kq_error_clear(e);
    e->code = code;
    va_list ap;
    va_start(ap, fmt);
    set_message(e, fmt, ap);
    va_end(ap);
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    e->file_line = line;
}

void kq_error_set(kq_error *e, int code, const char *fmt, ...)
{
    if (!e) return;
    kq_error_clear(e);
    e->code = code;
    va_list ap;
    va_start(ap, fmt);
    set_message(e, fmt, ap);
    va_end(ap);
}

/* byte offset of the character with 1-based column col in [p, q) */
static const char *at_column(const char *p, const char *q, int col)
{
    int c = 1;
    while (p < q && c < col) {
        p++;
        while (p < q && ((unsigned char)*p & 0xC0) == 0x80) p++;
        c++;
    }
    return p;
}

size_t kq_error_caret(const kq_error *e, const char *text, char *out, size_t cap)
{
    if (cap) out[0] = 0;
    if (!e || e->line <= 0 || !text) return 0;
    const char *p = text;
    for (int l = 1; l < e->line && *p; p++)
        if (*p == '\n') l++;
    const char *q = p;
    while (*q && *q != '\n' && *q != '\r') q++;
    /* long lines are shown as a window of about 100 characters around the error */
    enum { BEFORE = 50, WINDOW = 100 };
    int first_col = 1;
    bool cut_left = false, cut_right = false;
    if (e->col > BEFORE + 1) {
        first_col = e->col - BEFORE;
        cut_left = true;
    }
    const char *from = at_column(p, q, first_col);
    const char *to = at_column(from, q, WINDOW + 1);
    if (to < q) cut_right = true;
    char marks[512];
    int width = e->end_col >= e->col ? e->end_col - e->col + 1 : 1;
    int pad = e->col - first_col + (cut_left ? 3 : 0);
    if (width > WINDOW - (e->col - first_col)) width = WINDOW - (e->col - first_col);
    if (width < 1) width = 1;
    int m = 0;
    for (int i = 0; i < pad && m < 400; i++) marks[m++] = ' ';
    for (int i = 0; i < width && m < 510; i++) marks[m++] = '^';
    marks[m] = 0;
    char num[16];
    int nl = snprintf(num, sizeof num, "%d", e->line);
    size_t n = (size_t)snprintf(out, cap, "%s | %s%.*s%s\n%*s | %s", num, cut_left ? "..." : "", (int)(to - from),
                                from, cut_right ? "..." : "", nl, "", marks);
    /* control characters of the query (an escape sequence, a tab) are shown as '?', one column
     * each, so that the line cannot drive a terminal and the caret stays under its column */
    for (size_t i = 0; i < n && i < cap; i++)
        if (((unsigned char)out[i] < 0x20 && out[i] != '\n') || out[i] == 0x7f) out[i] = '?';
    return n;
}
