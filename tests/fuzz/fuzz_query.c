/*
 * fuzz_query.c - libFuzzer harness: the input is a KQL query text.
 *
 * A fresh engine with a fixed reference time compiles the text; when it compiles, every
 * result table is run to its end (at most FUZZ_ROW_LIMIT rows per result) and each cell is
 * formatted, so the parser, binder, executor and value formatter are all exercised. No files
 * are bound: queries draw their rows from print, datatable and range.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kq.h"

#define FUZZ_ROW_LIMIT 10000
/* 2026-05-19T00:00:00Z in ticks (100 ns since 0001-01-01). */
#define FUZZ_NOW_TICKS 639147456000000000LL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void consume_row(const kq_query *q)
{
    char buf[256];
    int ncol = kq_query_column_count(q);
    for (int c = 0; c < ncol; c++) {
        const kq_value *v = kq_query_value(q, c);
        if (v)
            (void)kq_value_format(v, buf, sizeof buf);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kq_engine *e = kq_engine_new();
    if (!e)
        return 0;
    kq_engine_set_now(e, FUZZ_NOW_TICKS);

    kq_query *q = NULL;
    kq_error err = {0};
    if (kq_prepare(e, (const char *)data, size, &q, &err) == 0 && q) {
        while (kq_query_next_result(q, &err) == KQ_OK) {
            int ncol = kq_query_column_count(q);
            for (int c = 0; c < ncol; c++) {
                (void)kq_query_column_name(q, c);
                (void)kq_query_column_type(q, c);
            }
            int rows = 0;
            int st;
            while (rows < FUZZ_ROW_LIMIT && (st = kq_query_step(q, &err)) == KQ_ROW) {
                consume_row(q);
                rows++;
            }
            if (rows < FUZZ_ROW_LIMIT && st != KQ_DONE)
                break; /* a runtime error ends the query */
        }
        kq_query_free(q);
    } else {
        /* kq_error_caret reads a NUL-terminated text: give it a terminated copy */
        char *text = malloc(size + 1);
        if (text) {
            char caret[1024];
            memcpy(text, data, size);
            text[size] = 0;
            (void)kq_error_caret(&err, text, caret, sizeof caret);
            free(text);
        }
    }
    kq_engine_free(e);
    return 0;
}
