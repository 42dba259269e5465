/*
 * kv.h - parse-kv's extraction of one key's value from key/value text (see fn_parse_kv.c).
 */
#ifndef KQ_KV_H
#define KQ_KV_H

#include <stdbool.h>
#include <stddef.h>

#include "expr.h"

typedef struct kq_kv_spec {
    const char *key;
    size_t key_len;
    const char *pair_delim; /* NULL: no delimiters given */
    const char *kv_delim;
    bool greedy;
} kq_kv_spec;

/* e->args[0]: the text; e->aux: the kq_kv_spec; e->type: the value's type */
void kq_eval_kv(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out);

#endif
