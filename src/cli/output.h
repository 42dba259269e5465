/*
 * output.h - writing result tables: aligned text for terminals (control characters escaped),
 * CSV (RFC 4180; on a terminal, control characters escaped too), JSON Lines and a JSON array.
 */
#ifndef KQ_CLI_OUTPUT_H
#define KQ_CLI_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "kq.h"

typedef enum { OUT_TABLE, OUT_CSV, OUT_JSONL, OUT_JSON } out_format;

typedef struct out_opts {
    out_format format;
    bool header;
    bool color;
    bool terminal_safe; /* CSV: escape what could act on a terminal (stdout is one) */
    /* called once, just before the first byte of a result is written (NULL: none) */
    void (*before_write)(void *user);
    void *before_write_user;
} out_opts;

/* Writes the current result table of q; returns the row count, or -1 with err filled. */
long long write_result(FILE *f, kq_query *q, const out_opts *o, kq_error *err);

#endif
