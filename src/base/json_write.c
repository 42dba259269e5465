/*
 * json_write.c - kq_dyn -> compact JSON text, the way Kusto prints dynamic values: no spaces,
 * strings escaped (", \, control characters; other UTF-8 kept as is), reals in their canonical
 * text (kq_real_format) with NaN and the infinities as strings, datetimes as 7-digit ISO
 * strings, timespans as tick counts. Iterative, so any nesting depth is written safely.
 */
#include "json.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "numconv.h"

enum { LOCAL_FRAMES = 64 };

/* A container being written and the index of its next child. */
typedef struct write_frame {
    const kq_dyn *container;
    uint32_t next;
} write_frame;

static const char hex_digits[] = "0123456789abcdef";

/* The escape of byte c, or NULL when c is written as is. */
static const char *short_escape(unsigned char c)
{
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\b': return "\\b";
    case '\f': return "\\f";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: return NULL;
    }
}

/* Whether a word of 8 bytes holds a byte below 0x20, a quote or a backslash (or, with high, a
 * byte of 0x7f or more): the bytes that need a closer look. */
static bool word_needs_look(uint64_t w, bool high)
{
    const uint64_t ones = 0x0101010101010101ull, tops = 0x8080808080808080ull;
    uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
    uint64_t special = ((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash);
    if (high) special |= w | (w + ones); /* 0x80 and up, and 0x7f (which + 1 sets the top bit) */
    return special & tops;
}

size_t kq_json_plain_prefix(const char *s, size_t n, bool high)
{
    size_t i = 0;
    for (uint64_t w; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        if (word_needs_look(w, high)) break;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"' || c == '\\' || (high && c >= 0x7f)) break;
    }
    return i;
}

void kq_json_write_string(kq_buf *b, const char *s, size_t n)
{
    kq_buf_reserve(b, n + 2);
    kq_buf_putc(b, '"');
    size_t plain = kq_json_plain_prefix(s, n, false);
    kq_buf_put(b, s, plain);
    size_t run_start = plain;
    for (size_t i = plain; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        if (i > run_start) kq_buf_put(b, s + run_start, i - run_start);
        run_start = i + 1;
        const char *esc = short_escape(c);
        if (esc) {
            kq_buf_put(b, esc, 2);
        } else {
            char u[6] = {'\\', 'u', '0', '0', hex_digits[c >> 4], hex_digits[c & 15]};
            kq_buf_put(b, u, sizeof u);
        }
    }
    if (n > run_start) kq_buf_put(b, s + run_start, n - run_start);
    kq_buf_putc(b, '"');
}

static void write_long(kq_buf *b, int64_t i)
{
    char digits[24];
    size_t pos = sizeof digits;
    uint64_t magnitude = i < 0 ? 0 - (uint64_t)i : (uint64_t)i;
    do {
        digits[--pos] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (i < 0) digits[--pos] = '-';
    kq_buf_put(b, digits + pos, sizeof digits - pos);
}

static void write_real(kq_buf *b, double r)
{
    if (isnan(r)) {
        kq_buf_puts(b, "\"NaN\"");
    } else if (isinf(r)) {
        kq_buf_puts(b, r > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    } else {
        char text[40];
        size_t len = kq_real_format(r, text);
        kq_buf_put(b, text, len);
    }
}

/* Writes a value that has no children to write: a scalar or an empty container. */
static void write_leaf(kq_buf *b, const kq_dyn *d)
{
    switch (d->kind) {
    case KQ_D_BOOL: kq_buf_puts(b, d->u.b ? "true" : "false"); break;
    case KQ_D_LONG:
    case KQ_D_TIMESPAN: write_long(b, d->u.i); break;
    case KQ_D_REAL: write_real(b, d->u.r); break;
    case KQ_D_STRING: kq_json_write_string(b, d->u.s, d->n); break;
    case KQ_D_ARRAY: kq_buf_puts(b, "[]"); break;
    case KQ_D_OBJECT: kq_buf_puts(b, "{}"); break;
    case KQ_D_DATETIME: {
        char text[40];
        size_t len = kq_dt_format(d->u.i, text);
        kq_buf_putc(b, '"');
        kq_buf_put(b, text, len);
        kq_buf_putc(b, '"');
        break;
    }
    default: kq_buf_puts(b, "null"); break;
    }
}

void kq_json_write(kq_buf *b, const kq_dyn *d)
{
    write_frame local[LOCAL_FRAMES];
    write_frame *stack = local;
    size_t cap = LOCAL_FRAMES, depth = 0;
    const kq_dyn *v = d;
    while (v) {
        bool is_container = v->kind == KQ_D_ARRAY || v->kind == KQ_D_OBJECT;
        if (is_container && v->n > 0) {
            if (depth == cap) {
                cap *= 2;
                if (stack == local) {
                    stack = kq_xmalloc(cap * sizeof *stack);
                    memcpy(stack, local, sizeof local);
                } else {
                    stack = kq_xrealloc(stack, cap * sizeof *stack);
                }
            }
            kq_buf_putc(b, v->kind == KQ_D_OBJECT ? '{' : '[');
            stack[depth].container = v;
            stack[depth].next = 0;
            depth++;
        } else {
            write_leaf(b, v);
        }

        /* the next value to write: the next child of the innermost unfinished container */
        v = NULL;
        while (depth > 0) {
            write_frame *f = &stack[depth - 1];
            const kq_dyn *c = f->container;
            if (f->next == c->n) {
                kq_buf_putc(b, c->kind == KQ_D_OBJECT ? '}' : ']');
                depth--;
                continue;
            }
            if (f->next > 0) kq_buf_putc(b, ',');
            if (c->kind == KQ_D_OBJECT) {
                const kq_dyn_member *m = &c->u.members[f->next];
                kq_json_write_string(b, m->key, m->key_len);
                kq_buf_putc(b, ':');
                v = &m->value;
            } else {
                v = &c->u.items[f->next];
            }
            f->next++;
            break;
        }
    }
    if (stack != local) free(stack);
}
