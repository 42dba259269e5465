/*
 * text.h - the command line's text helpers: a growable text buffer, a value's Kusto text
 * (through the public API), terminal-safe escaping and display widths.
 */
#ifndef KQ_CLI_TEXT_H
#define KQ_CLI_TEXT_H

#include <stddef.h>

#include "kq.h"

typedef struct cli_text {
    char *p;
    size_t len, cap;
} cli_text;

void text_free(cli_text *t);
void text_clear(cli_text *t);
void text_put(cli_text *t, const char *s, size_t n);
void text_puts(cli_text *t, const char *s);
void text_putc(cli_text *t, char c);
const char *text_cstr(cli_text *t);
/* appends the value as kq_value_format renders it */
void text_value(cli_text *t, const kq_value *v);
/* appends the value as a JSON value (kq_value_to_json) */
void text_value_json(cli_text *t, const kq_value *v);
/* appends s as a JSON string literal */
void text_json_string(cli_text *t, const char *s);
/* appends s with everything that could act on a terminal escaped: C0/C1 controls, DEL, and the
 * bidirectional-override characters that disguise text (U+202A-U+202E, U+2066-U+2069, ...) */
void text_terminal_safe(cli_text *t, const char *s, size_t n);
/* JSON text with the characters a terminal would act on (DEL, C1 controls, bidi overrides) and
 * bytes that are not UTF-8 written as \uXXXX escapes (\ufffd for a bad byte). */
void text_json_terminal_safe(cli_text *t, const char *s, size_t n);
/* columns s takes on a terminal (wide East Asian characters count 2) */
size_t text_display_width(const char *s, size_t n);

#endif
