/*
 * output.c - result writers for the kq command (see output.h).
 */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/json.h"
#include "../exec/value.h"

/* text of a cell for the terminal: control characters and escape sequences shown escaped */
static void safe_text(kq_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            switch (c) {
            case '\n': kq_buf_puts(out, "\\n"); break;
            case '\t': kq_buf_puts(out, "\\t"); break;
            case '\r': kq_buf_puts(out, "\\r"); break;
            default: kq_buf_printf(out, "\\x%02x", c); break;
            }
        } else if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] < 0xa0) {
            kq_buf_printf(out, "\\u%04x", (unsigned char)s[i + 1]); /* C1 controls (CSI ...) */
            i++;
        } else kq_buf_putc(out, (char)c);
    }
}

static size_t display_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) w++;
    return w;
}

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

static void json_value(kq_buf *b, const kq_value *v)
{
    if (v->null) {
        kq_buf_puts(b, "null");
        return;
    }
    switch (v->type) {
    case KQ_T_BOOL: kq_buf_puts(b, v->u.b ? "true" : "false"); break;
    case KQ_T_INT:
    case KQ_T_LONG: kq_buf_printf(b, "%lld", (long long)v->u.i); break;
    case KQ_T_REAL: {
        kq_buf t;
        kq_buf_init(&t);
        kq_value_display(&t, v);
        if (t.len && (t.p[0] == 'N' || t.p[0] == 'I' || (t.p[0] == '-' && t.len > 1 && t.p[1] == 'I')))
            kq_json_write_string(b, t.p, t.len);
        else kq_buf_put(b, t.p, t.len);
        kq_buf_free(&t);
        break;
    }
    case KQ_T_DYNAMIC: kq_json_write(b, v->u.d); break;
    default: {
        kq_buf t;
        kq_buf_init(&t);
        kq_value_display(&t, v);
        kq_json_write_string(b, t.p ? t.p : "", t.len);
        kq_buf_free(&t);
        break;
    }
    }
}

static long long write_table(FILE *f, kq_query *q, const out_opts *o, kq_error *err)
{
    int nc = kq_query_column_count(q);
    /* buffer all rows to size the columns */
    size_t cap = 256, n = 0;
    char **cells = kq_xmalloc(sizeof(char *) * cap);
    size_t *widths = kq_xcalloc((size_t)(nc ? nc : 1), sizeof(size_t));
    for (int c = 0; c < nc; c++) widths[c] = display_width(kq_query_column_name(q, c), strlen(kq_query_column_name(q, c)));
    long long rows = 0;
    int rc;
    kq_buf raw, safe;
    kq_buf_init(&raw);
    kq_buf_init(&safe);
    while ((rc = kq_query_step(q, err)) == KQ_ROW) {
        for (int c = 0; c < nc; c++) {
            kq_buf_clear(&raw);
            kq_buf_clear(&safe);
            kq_value_display(&raw, kq_query_value(q, c));
            safe_text(&safe, raw.p ? raw.p : "", raw.len);
            if (n == cap) {
                cap *= 2;
                cells = kq_xrealloc(cells, sizeof(char *) * cap);
            }
            cells[n++] = kq_xstrdup(kq_buf_cstr(&safe));
            size_t w = display_width(safe.p, safe.len);
            if (w > widths[c]) widths[c] = w;
        }
        rows++;
    }
    kq_buf_free(&raw);
    kq_buf_free(&safe);
    if (rc != KQ_DONE) {
        for (size_t i = 0; i < n; i++) free(cells[i]);
        free(cells);
        free(widths);
        return -1;
    }
    for (int c = 0; c < nc; c++) {
        const char *name = kq_query_column_name(q, c);
        if (o->color) fputs("\033[1m", f);
        fputs(name, f);
        if (o->color) fputs("\033[0m", f);
        if (c + 1 < nc) fprintf(f, "%*s", (int)(widths[c] - display_width(name, strlen(name)) + 2), "");
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
        if (c + 1 < nc) fprintf(f, "%*s", (int)(widths[c] - display_width(cells[i], strlen(cells[i])) + 2), "");
        else fputc('\n', f);
        free(cells[i]);
    }
    free(cells);
    free(widths);
    return rows;
}

long long write_result(FILE *f, kq_query *q, const out_opts *o, kq_error *err)
{
    if (o->format == OUT_TABLE) return write_table(f, q, o, err);
    int nc = kq_query_column_count(q);
    kq_buf b;
    kq_buf_init(&b);
    if (o->format == OUT_CSV && o->header) {
        for (int c = 0; c < nc; c++) {
            if (c) fputc(',', f);
            const char *name = kq_query_column_name(q, c);
            csv_cell(f, name, strlen(name));
        }
        fputs("\r\n", f);
    }
    if (o->format == OUT_JSON) fputc('[', f);
    long long rows = 0;
    int rc;
    while ((rc = kq_query_step(q, err)) == KQ_ROW) {
        kq_buf_clear(&b);
        if (o->format == OUT_CSV) {
            for (int c = 0; c < nc; c++) {
                if (c) fputc(',', f);
                kq_buf_clear(&b);
                kq_value_display(&b, kq_query_value(q, c));
                csv_cell(f, b.p ? b.p : "", b.len);
            }
            fputs("\r\n", f);
        } else {
            if (o->format == OUT_JSON && rows) kq_buf_putc(&b, ',');
            kq_buf_putc(&b, '{');
            for (int c = 0; c < nc; c++) {
                if (c) kq_buf_putc(&b, ',');
                const char *name = kq_query_column_name(q, c);
                kq_json_write_string(&b, name, strlen(name));
                kq_buf_putc(&b, ':');
                json_value(&b, kq_query_value(q, c));
            }
            kq_buf_putc(&b, '}');
            if (o->format == OUT_JSONL) kq_buf_putc(&b, '\n');
            fwrite(b.p, 1, b.len, f);
        }
        rows++;
    }
    if (o->format == OUT_JSON) fputs("]\n", f);
    kq_buf_free(&b);
    return rc == KQ_DONE ? rows : -1;
}
