/*
 * op_summarize.c - summarize (and distinct, count, which the binder expresses as summarize):
 * groups rows by the values of the key expressions in a hash table and folds each group's rows
 * into its aggregate states. Groups come out in first-seen order. Without keys, exactly one row
 * comes out, even for empty input (with the aggregates' defaults); with keys and no input, none.
 */
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "ops.h"
#include "value.h"

typedef struct group {
    uint64_t hash;
    char *key;
    size_t key_len;
    kq_value *keys;
    kq_agg_state *states; /* naggs states */
} group;

typedef struct {
    kq_op base;
    kq_op *child;
    int nkeys, naggs;
    kq_expr **keys;
    kq_agg **aggs;
    bool loaded;
    group *groups;
    size_t ngroups, cap, at;
    size_t *slots; /* index + 1 into groups, 0 = empty */
    size_t nslots;
    kq_arena keep, scratch;
    kq_value *out;
} summarize_op;

static void grow_slots(summarize_op *s)
{
    size_t n = s->nslots ? s->nslots * 2 : 1024;
    size_t *ns = kq_xcalloc(n, sizeof *ns);
    for (size_t i = 0; i < s->ngroups; i++) {
        size_t j = s->groups[i].hash & (n - 1);
        while (ns[j]) j = (j + 1) & (n - 1);
        ns[j] = i + 1;
    }
    free(s->slots);
    s->slots = ns;
    s->nslots = n;
}

static group *new_group(summarize_op *s, uint64_t h, const char *key, size_t key_len, const kq_value *kv)
{
    if (s->ngroups == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->groups = kq_xrealloc(s->groups, s->cap * sizeof *s->groups);
    }
    if ((s->ngroups + 1) * 2 > s->nslots) grow_slots(s);
    group *g = &s->groups[s->ngroups];
    g->hash = h;
    g->key = kq_arena_strdup(&s->keep, key, key_len);
    g->key_len = key_len;
    g->keys = kq_arena_alloc(&s->keep, sizeof(kq_value) * (size_t)(s->nkeys ? s->nkeys : 1));
    for (int i = 0; i < s->nkeys; i++) g->keys[i] = kq_value_copy(&kv[i], &s->keep);
    g->states = kq_arena_alloc(&s->keep, kq_agg_state_size(NULL) * (size_t)(s->naggs ? s->naggs : 1));
    for (int i = 0; i < s->naggs; i++)
        kq_agg_init(s->aggs[i], (kq_agg_state *)((char *)g->states + kq_agg_state_size(NULL) * (size_t)i));
    size_t j = h & (s->nslots - 1);
    while (s->slots[j]) j = (j + 1) & (s->nslots - 1);
    s->slots[j] = s->ngroups + 1;
    s->ngroups++;
    return g;
}

static kq_agg_state *state_of(group *g, int i)
{
    return (kq_agg_state *)((char *)g->states + kq_agg_state_size(NULL) * (size_t)i);
}

static int load(summarize_op *s, kq_ctx *c)
{
    kq_buf key;
    kq_buf_init(&key);
    kq_value *kv = kq_xcalloc((size_t)(s->nkeys ? s->nkeys : 1), sizeof(kq_value));
    kq_arena *saved = c->scratch;
    int rc = 0;
    if (s->nkeys == 0) new_group(s, 0, "", 0, kv);
    for (;;) {
        kq_value *in;
        c->scratch = saved;
        int r = kq_op_next(s->child, c, &in);
        if (r < 0) {
            rc = -1;
            break;
        }
        if (r == 0) break;
        kq_arena_reset(&s->scratch);
        c->scratch = &s->scratch;
        group *g;
        if (s->nkeys == 0) g = &s->groups[0];
        else {
            kq_buf_clear(&key);
            for (int i = 0; i < s->nkeys; i++) {
                kq_eval(s->keys[i], in, c, &kv[i]);
                kq_value_key(&key, &kv[i]);
            }
            uint64_t h = kq_hash_bytes(key.p, key.len);
            g = NULL;
            size_t j = h & (s->nslots ? s->nslots - 1 : 0);
            while (s->nslots && s->slots[j]) {
                group *cand = &s->groups[s->slots[j] - 1];
                if (cand->hash == h && cand->key_len == key.len && memcmp(cand->key, key.p, key.len) == 0) {
                    g = cand;
                    break;
                }
                j = (j + 1) & (s->nslots - 1);
            }
            if (!g) g = new_group(s, h, key.p ? key.p : "", key.len, kv);
        }
        for (int i = 0; i < s->naggs; i++) kq_agg_add(s->aggs[i], state_of(g, i), in, c, &s->keep);
        if (c->failed) {
            rc = -1;
            break;
        }
    }
    c->scratch = saved;
    free(kv);
    kq_buf_free(&key);
    return rc;
}

static int summarize_next(kq_op *op, kq_ctx *c, kq_value **row)
{
    summarize_op *s = (summarize_op *)op;
    if (!s->loaded) {
        s->loaded = true;
        if (load(s, c) < 0) return -1;
    }
    if (s->at >= s->ngroups) return 0;
    group *g = &s->groups[s->at++];
    int k = 0;
    for (int i = 0; i < s->nkeys; i++) s->out[k++] = g->keys[i];
    for (int i = 0; i < s->naggs; i++) {
        kq_agg_result(s->aggs[i], state_of(g, i), &s->out[k], &s->keep);
        k += s->aggs[i]->noutputs;
    }
    *row = s->out;
    return 1;
}

static void summarize_destroy(kq_op *op)
{
    summarize_op *s = (summarize_op *)op;
    for (size_t g = 0; g < s->ngroups; g++)
        for (int i = 0; i < s->naggs; i++) kq_agg_release(s->aggs[i], state_of(&s->groups[g], i));
    free(s->groups);
    free(s->slots);
    free(s->out);
    kq_arena_free(&s->keep);
    kq_arena_free(&s->scratch);
    free(s);
}

static void summarize_reset(kq_op *op)
{
    summarize_op *s = (summarize_op *)op;
    kq_op_reset(s->child);
    for (size_t g = 0; g < s->ngroups; g++)
        for (int i = 0; i < s->naggs; i++) kq_agg_release(s->aggs[i], state_of(&s->groups[g], i));
    s->ngroups = 0;
    s->at = 0;
    s->loaded = false;
    if (s->slots) memset(s->slots, 0, sizeof(size_t) * s->nslots);
    kq_arena_reset(&s->keep);
}

kq_op *kq_op_summarize_new(kq_op *child, int nkeys, kq_expr **keys, int naggs, kq_agg **aggs)
{
    summarize_op *s = kq_xcalloc(1, sizeof *s);
    s->base.next = summarize_next;
    s->base.destroy = summarize_destroy;
    s->base.reset = summarize_reset;
    s->child = child;
    s->nkeys = nkeys;
    s->keys = keys;
    s->naggs = naggs;
    s->aggs = aggs;
    int width = nkeys;
    for (int i = 0; i < naggs; i++) width += aggs[i]->noutputs;
    s->out = kq_xcalloc((size_t)(width ? width : 1), sizeof(kq_value));
    kq_arena_init(&s->keep, 256 * 1024);
    kq_arena_init(&s->scratch, 16 * 1024);
    return &s->base;
}
