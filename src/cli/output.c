/*
 * output.c - result writers for the kq command (see output.h). They use only the public API.
 */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

static void csv_cell(FILE *f, const char *s, size_t n)
{
    bool quote = false;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') quote = true;
    if (!quote) {
        fwrite(s, 1, n, f);
        return;
    }
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') fputc('"', f);
        fputc(s[i], f);
    }
    fputc('"', f);
}

static void pad(FILE *f, size_t n)
{
    for (size_t i = 0; i < n; i++) fputc(' ', f);
}

static void announce_write(const out_opts *o)
{
    if (o->before_write) o->before_write(o->before_write_user);
}

static long long write_table(FILE *f, kq_query *q, const out_opts *o, kq_error *err)
{
    int nc = kq_query_column_count(q);
    /* every row is kept to size the columns: the table format is for reading, not for volume */
    size_t cap = 256, n = 0;
    char **cells = malloc(sizeof(char *) * cap);
    size_t *widths = calloc((size_t)(nc ? nc : 1), sizeof(size_t));
    if (!cells || !widths) {
        fputs("kq: out of memory\n", stderr);
        exit(4);
    }
    cli_text names = {0};
    for (int c = 0; c < nc; c++) {
        text_clear(&names);
        text_terminal_safe(&names, kq_query_column_name(q, c), strlen(kq_query_column_name(q, c)));
        widths[c] = text_display_width(names.p, names.len);
    }
    long long rows = 0;
    int rc;
    cli_text raw = {0}, safe = {0};
    while ((rc = kq_query_step(q, err)) == KQ_ROW) {
        for (int c = 0; c < nc; c++) {
            text_clear(&raw);
            text_clear(&safe);
            text_value(&raw, kq_query_value(q, c));
            text_terminal_safe(&safe, raw.p ? raw.p : "", raw.len);
            if (n == cap) {
                cap *= 2;
                char **more = realloc(cells, sizeof(char *) * cap);
                if (!more) {
                    fputs("kq: out of memory\n", stderr);
                    exit(4);
                }
                cells = more;
            }
            cells[n++] = strdup(text_cstr(&safe));
            size_t w = text_display_width(safe.p, safe.len);
            if (w > widths[c]) widths[c] = w;
        }
        rows++;
    }
    text_free(&raw);
    text_free(&safe);
    if (rc == KQ_DONE) {
        announce_write(o);
        for (int c = 0; c < nc; c++) {
            text_clear(&names);
            text_terminal_safe(&names, kq_query_column_name(q, c), strlen(kq_query_column_name(q, c)));
            if (o->color) fputs("\033[1m", f);
            fputs(text_cstr(&names), f);
            if (o->color) fputs("\033[0m", f);
            if (c + 1 < nc) pad(f, widths[c] - text_display_width(names.p, names.len) + 2);
        }
        fputc('\n', f);
        for (int c = 0; c < nc; c++) {
            for (size_t i = 0; i < widths[c]; i++) fputc('-', f);
            if (c + 1 < nc) fputs("  ", f);
        }
        fputc('\n', f);
        for (size_t i = 0; i < n; i++) {
            int c = (int)(i % (size_t)nc);
            fputs(cells[i], f);
            if (c + 1 < nc) pad(f, widths[c] - text_display_width(cells[i], strlen(cells[i])) + 2);
            else fputc('\n', f);
        }
    }
    for (size_t i = 0; i < n; i++) free(cells[i]);
    text_free(&names);
    free(cells);
    free(widths);
    return rc == KQ_DONE ? rows : -1;
}

static void write_csv_header(FILE *f, kq_query *q)
{
    int nc = kq_query_column_count(q);
    for (int c = 0; c < nc; c++) {
        if (c) fputc(',', f);
        const char *name = kq_query_column_name(q, c);
        csv_cell(f, name, strlen(name));
    }
    fputs("\r\n", f);
}

long long write_result(FILE *f, kq_query *q, const out_opts *o, kq_error *err)
{
    if (o->format == OUT_TABLE) return write_table(f, q, o, err);
    int nc = kq_query_column_count(q);
    cli_text b = {0}, safe = {0};
    /* nothing is written before the first row is known to be good (a --strict error writes nothing) */
    bool header_pending = o->format == OUT_CSV && o->header, opened = false;
    long long rows = 0;
    int rc;
    while ((rc = kq_query_step(q, err)) == KQ_ROW) {
        text_clear(&b);
        if (rows == 0) announce_write(o);
        if (header_pending) {
            write_csv_header(f, q);
            header_pending = false;
        }
        if (o->format == OUT_JSON && !opened) {
            fputc('[', f);
            opened = true;
        }
        if (o->format == OUT_CSV) {
            for (int c = 0; c < nc; c++) {
                if (c) fputc(',', f);
                text_clear(&b);
                text_value(&b, kq_query_value(q, c));
                if (o->terminal_safe) {
                    text_clear(&safe);
                    text_terminal_safe(&safe, b.p ? b.p : "", b.len);
                    csv_cell(f, safe.p ? safe.p : "", safe.len);
                } else csv_cell(f, b.p ? b.p : "", b.len);
            }
            fputs("\r\n", f);
        } else {
            if (o->format == OUT_JSON && rows) text_putc(&b, ',');
            text_putc(&b, '{');
            for (int c = 0; c < nc; c++) {
                if (c) text_putc(&b, ',');
                text_json_string(&b, kq_query_column_name(q, c));
                text_putc(&b, ':');
                text_value_json(&b, kq_query_value(q, c));
            }
            text_putc(&b, '}');
            if (o->terminal_safe) {
                text_clear(&safe);
                text_json_terminal_safe(&safe, b.p ? b.p : "", b.len);
                text_clear(&b);
                text_put(&b, safe.p ? safe.p : "", safe.len);
            }
            if (o->format == OUT_JSONL) text_putc(&b, '\n');
            fwrite(b.p, 1, b.len, f);
        }
        rows++;
    }
    if (rc == KQ_DONE) {
        if (rows == 0) announce_write(o);
        if (header_pending) write_csv_header(f, q);
        if (o->format == OUT_JSON) fputs(opened ? "]\n" : "[]\n", f);
    }
    text_free(&b);
    text_free(&safe);
    return rc == KQ_DONE ? rows : -1;
}
