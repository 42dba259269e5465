/*
 * text.c - the command line's text helpers (see text.h).
 */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void grow(cli_text *t, size_t extra)
{
    if (t->len + extra + 1 <= t->cap) return;
    size_t cap = t->cap ? t->cap : 128;
    while (cap < t->len + extra + 1) cap *= 2;
    char *p = realloc(t->p, cap);
    if (!p) {
        fputs("kq: out of memory\n", stderr);
        exit(4);
    }
    t->p = p;
    t->cap = cap;
}

void text_free(cli_text *t)
{
    free(t->p);
    memset(t, 0, sizeof *t);
}

void text_clear(cli_text *t)
{
    t->len = 0;
}

void text_put(cli_text *t, const char *s, size_t n)
{
    grow(t, n);
    if (n) memcpy(t->p + t->len, s, n);
    t->len += n;
}

void text_puts(cli_text *t, const char *s)
{
    text_put(t, s, strlen(s));
}

void text_putc(cli_text *t, char c)
{
    text_put(t, &c, 1);
}

const char *text_cstr(cli_text *t)
{
    grow(t, 0);
    t->p[t->len] = 0;
    return t->p;
}

void text_value(cli_text *t, const kq_value *v)
{
    grow(t, 64);
    size_t n = kq_value_format(v, t->p + t->len, t->cap - t->len);
    if (n >= t->cap - t->len) {
        grow(t, n + 1);
        kq_value_format(v, t->p + t->len, t->cap - t->len);
    }
    t->len += n;
}

void text_value_json(cli_text *t, const kq_value *v)
{
    grow(t, 64);
    size_t n = kq_value_to_json(v, t->p + t->len, t->cap - t->len);
    if (n >= t->cap - t->len) {
        grow(t, n + 1);
        kq_value_to_json(v, t->p + t->len, t->cap - t->len);
    }
    t->len += n;
}

void text_json_string(cli_text *t, const char *s)
{
    kq_value v = {0};
    v.type = KQ_T_STRING;
    v.u.s = s;
    v.len = (uint32_t)strlen(s);
    text_value_json(t, &v);
}

/* decodes one UTF-8 code point at s (n bytes left); returns its length, 0 when invalid */
static size_t decode(const unsigned char *s, size_t n, unsigned *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
    if (!len || len > n) return 0;
    unsigned c = s[0] & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    *cp = c;
    return len;
}

static int dangerous(unsigned cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x061C;
}

/* Writes s with the dangerous characters escaped: as JSON \uXXXX escapes (a bad byte as
 * \ufffd), or for display (\n, \t, \r, \xHH below 0x80 and for a bad byte, else \uXXXX). */
static void escape_dangerous(cli_text *t, const char *s, size_t n, bool json)
{
    const unsigned char *u = (const unsigned char *)s;
    char esc[16];
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t len = decode(u + i, n - i, &cp);
        if (len && !dangerous(cp)) {
            text_put(t, s + i, len);
            i += len;
            continue;
        }
        if (json) snprintf(esc, sizeof esc, "\\u%04x", len ? cp : 0xfffd);
        else if (!len || (cp < 0x80 && cp != '\n' && cp != '\t' && cp != '\r'))
            snprintf(esc, sizeof esc, "\\x%02x", len ? cp : u[i]);
        else if (cp < 0x80) snprintf(esc, sizeof esc, "%s", cp == '\n' ? "\\n" : cp == '\t' ? "\\t" : "\\r");
        else snprintf(esc, sizeof esc, "\\u%04x", cp);
        text_puts(t, esc);
        i += len ? len : 1;
    }
}

void text_terminal_safe(cli_text *t, const char *s, size_t n)
{
    escape_dangerous(t, s, n, false);
}

void text_json_terminal_safe(cli_text *t, const char *s, size_t n)
{
    /* JSON escapes are valid only inside strings, where alone these characters can be */
    escape_dangerous(t, s, n, true);
}

static int wide(unsigned cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
           (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
           (cp >= 0x20000 && cp <= 0x3FFFD);
}

size_t text_display_width(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t len = decode(u + i, n - i, &cp);
        if (!len) {
            w++;
            i++;
            continue;
        }
        bool combining = (cp >= 0x300 && cp <= 0x36F) || cp == 0x200B || cp == 0x200D;
        w += combining ? 0 : wide(cp) ? 2 : 1;
        i += len;
    }
    return w;
}
