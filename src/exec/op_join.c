/*
 * op_join.c - join and lookup (KQL_SUBSET.md 4.6, 4.7): the right side is read whole into a
 * hash table on its key values (null keys match null keys, as in Kusto), then the left side
 * streams through it. Kinds: innerunique (the default: the left side keeps one row per key),
 * inner, leftouter, rightouter, fullouter, leftsemi, rightsemi, leftanti, rightanti.
 */
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "value.h"

typedef struct right_row {
    kq_value *vals;
    uint64_t hash;
    char *key;
    size_t key_len;
    int next;     /* next row with the same hash chain slot, -1 at the end */
    bool matched; /* for right/full outer, semi and anti */
} right_row;

typedef struct {
    kq_op base;
    kq_op *left, *right;
    kq_join_kind kind;
    int nkeys;
    kq_expr **lkeys, **rkeys;
    int *right_out; /* right column i goes to output column right_out[i] (-1: dropped) */
    int nleft_out;  /* left columns in the output (0 for right-only kinds) */
    bool built;
    right_row *rows;
    int nrows, cap;
    int *slots;
    size_t nslots;
    kq_arena keep, scratch;
    /* probing state */
    kq_value *cur_left;
    int cursor;      /* next right row index to consider, -1 when the left row is done */
    uint64_t cur_hash;
    bool cur_matched;
    int *seen_slots; /* innerunique: the left keys already joined */
    size_t nseen_slots, nseen;
    uint64_t *seen_hash;
    char **seen_keys;
    size_t *seen_lens;
    bool left_done;
    int tail_at;     /* emitting unmatched right rows */
    kq_value *out;
    kq_buf keybuf;
} join_op;

static void key_of(join_op *j, kq_expr **keys, const kq_value *row, kq_ctx *c, kq_buf *out)
{
    kq_buf_clear(out);
    for (int i = 0; i < j->nkeys; i++) {
        kq_value v;
        kq_eval(keys[i], row, c, &v);
        if (v.type == KQ_T_DYNAMIC && !v.null) v = kq_dyn_to_scalar(v.u.d);
        kq_value_key(out, &v);
    }
}

static int build(join_op *j, kq_ctx *c)
{
    int width = j->right->schema.n;
    kq_arena *saved = c->scratch;
    for (;;) {
        kq_value *in;
        c->scratch = saved;
        int r = kq_op_next(j->right, c, &in);
        if (r < 0) return -1;
        if (r == 0) break;
        kq_arena_reset(&j->scratch);
        c->scratch = &j->scratch;
        if (j->nrows == j->cap) {
            j->cap = j->cap ? j->cap * 2 : 256;
            j->rows = kq_xrealloc(j->rows, sizeof(right_row) * (size_t)j->cap);
        }
        right_row *rr = &j->rows[j->nrows];
        rr->vals = kq_arena_alloc(&j->keep, sizeof(kq_value) * (size_t)(width ? width : 1));
        for (int i = 0; i < width; i++) rr->vals[i] = kq_value_copy(&in[i], &j->keep);
        key_of(j, j->rkeys, in, c, &j->keybuf);
        rr->key = kq_arena_strdup(&j->keep, j->keybuf.p ? j->keybuf.p : "", j->keybuf.len);
        rr->key_len = j->keybuf.len;
        rr->hash = kq_hash_bytes(rr->key, rr->key_len);
        rr->matched = false;
        j->nrows++;
    }
    c->scratch = saved;
    j->nslots = 16;
    while (j->nslots < (size_t)j->nrows * 2) j->nslots *= 2;
    j->slots = kq_xmalloc(sizeof(int) * j->nslots);
    for (size_t i = 0; i < j->nslots; i++) j->slots[i] = -1;
    /* chains keep input order: insert from the last row to the first */
    for (int i = j->nrows - 1; i >= 0; i--) {
        size_t s = j->rows[i].hash & (j->nslots - 1);
        j->rows[i].next = j->slots[s];
        j->slots[s] = i;
    }
    return 0;
}

/* innerunique: true the first time a left key is seen */
static bool first_left_key(join_op *j, const char *k, size_t n, uint64_t h)
{
    if ((j->nseen + 1) * 2 > j->nseen_slots) {
        size_t ns = j->nseen_slots ? j->nseen_slots * 2 : 256;
        int *slots = kq_xmalloc(sizeof(int) * ns);
        for (size_t i = 0; i < ns; i++) slots[i] = -1;
        for (size_t i = 0; i < j->nseen; i++) {
            size_t s = j->seen_hash[i] & (ns - 1);
            while (slots[s] >= 0) s = (s + 1) & (ns - 1);
            slots[s] = (int)i;
        }
        free(j->seen_slots);
        j->seen_slots = slots;
        j->nseen_slots = ns;
        j->seen_hash = kq_xrealloc(j->seen_hash, sizeof(uint64_t) * ns / 2);
        j->seen_keys = kq_xrealloc(j->seen_keys, sizeof(char *) * ns / 2);
        j->seen_lens = kq_xrealloc(j->seen_lens, sizeof(size_t) * ns / 2);
    }
    size_t s = h & (j->nseen_slots - 1);
    while (j->seen_slots[s] >= 0) {
        int i = j->seen_slots[s];
        if (j->seen_hash[i] == h && j->seen_lens[i] == n && memcmp(j->seen_keys[i], k, n) == 0) return false;
        s = (s + 1) & (j->nseen_slots - 1);
    }
    j->seen_slots[s] = (int)j->nseen;
    j->seen_hash[j->nseen] = h;
    j->seen_keys[j->nseen] = kq_arena_strdup(&j->keep, k, n);
    j->seen_lens[j->nseen] = n;
    j->nseen++;
    return true;
}

static bool emits_left_pairs(kq_join_kind k)
{
    return k == KQ_JOIN_INNERUNIQUE || k == KQ_JOIN_INNER || k == KQ_JOIN_LEFTOUTER || k == KQ_JOIN_RIGHTOUTER ||
           k == KQ_JOIN_FULLOUTER;
}

static void emit_pair(join_op *j, const kq_value *l, const right_row *r)
{
    int nl = j->left->schema.n;
    for (int i = 0; i < j->base.schema.n; i++) j->out[i] = kq_null(j->base.schema.cols[i].type);
    if (l && j->nleft_out)
        for (int i = 0; i < nl; i++) j->out[i] = l[i];
    if (r)
        for (int i = 0; i < j->right->schema.n; i++)
            if (j->right_out[i] >= 0) j->out[j->right_out[i]] = r->vals[i];
}

/* the next right row matching the current left key, from j->cursor on */
static int next_match(join_op *j)
{
    while (j->cursor >= 0) {
        right_row *r = &j->rows[j->cursor];
        int at = j->cursor;
        j->cursor = r->next;
        if (r->hash == j->cur_hash && r->key_len == j->keybuf.len &&
            memcmp(r->key, j->keybuf.p ? j->keybuf.p : "", r->key_len) == 0)
            return at;
    }
    return -1;
}

static int join_next(kq_op *op, kq_ctx *c, kq_value **row)
{
    join_op *j = (join_op *)op;
    if (!j->built) {
        j->built = true;
        if (build(j, c) < 0) return -1;
        j->cursor = -1;
    }
    kq_join_kind k = j->kind;
    while (!j->left_done) {
        if (j->cur_left && j->cursor >= 0) {
            int m = next_match(j);
            if (m >= 0) {
                j->cur_matched = true;
                j->rows[m].matched = true;
                if (emits_left_pairs(k)) {
                    emit_pair(j, j->cur_left, &j->rows[m]);
                    *row = j->out;
                    return 1;
                }
                if (k == KQ_JOIN_LEFTSEMI) {
                    j->cursor = -1;
                    emit_pair(j, j->cur_left, NULL);
                    *row = j->out;
                    return 1;
                }
                continue; /* rightsemi / rightanti / leftanti: only marking */
            }
        }
        if (j->cur_left && j->cursor < 0) {
            bool unmatched = !j->cur_matched;
            kq_value *l = j->cur_left;
            j->cur_left = NULL;
            if (unmatched && (k == KQ_JOIN_LEFTOUTER || k == KQ_JOIN_FULLOUTER || k == KQ_JOIN_LEFTANTI)) {
                emit_pair(j, l, NULL);
                *row = j->out;
                return 1;
            }
        }
        kq_value *in;
        int r = kq_op_next(j->left, c, &in);
        if (r < 0) return -1;
        if (r == 0) {
            j->left_done = true;
            break;
        }
        kq_arena_reset(&j->scratch);
        kq_arena *saved = c->scratch;
        c->scratch = &j->scratch;
        key_of(j, j->lkeys, in, c, &j->keybuf);
        c->scratch = saved;
        uint64_t h = kq_hash_bytes(j->keybuf.p ? j->keybuf.p : "", j->keybuf.len);
        if (k == KQ_JOIN_INNERUNIQUE && !first_left_key(j, j->keybuf.p ? j->keybuf.p : "", j->keybuf.len, h)) continue;
        j->cur_left = in;
        j->cur_matched = false;
        j->cur_hash = h;
        j->cursor = j->nslots ? j->slots[h & (j->nslots - 1)] : -1;
    }
    /* right rows: unmatched (rightouter, fullouter, rightanti) or matched (rightsemi) */
    if (k == KQ_JOIN_RIGHTOUTER || k == KQ_JOIN_FULLOUTER || k == KQ_JOIN_RIGHTANTI || k == KQ_JOIN_RIGHTSEMI) {
        while (j->tail_at < j->nrows) {
            right_row *r = &j->rows[j->tail_at++];
            if (r->matched == (k == KQ_JOIN_RIGHTSEMI)) {
                emit_pair(j, NULL, r);
                *row = j->out;
                return 1;
            }
        }
    }
    return 0;
}

static void join_reset(kq_op *op)
{
    join_op *j = (join_op *)op;
    kq_op_reset(j->left);
    kq_op_reset(j->right);
    j->built = false;
    j->nrows = 0;
    free(j->slots);
    j->slots = NULL;
    j->nslots = 0;
    j->nseen = 0;
    if (j->seen_slots)
        for (size_t i = 0; i < j->nseen_slots; i++) j->seen_slots[i] = -1;
    j->cur_left = NULL;
    j->cursor = -1;
    j->left_done = false;
    j->tail_at = 0;
    kq_arena_reset(&j->keep);
}

static void join_destroy(kq_op *op)
{
    join_op *j = (join_op *)op;
    free(j->rows);
    free(j->slots);
    free(j->seen_slots);
    free(j->seen_hash);
    free(j->seen_keys);
    free(j->seen_lens);
    free(j->out);
    kq_buf_free(&j->keybuf);
    kq_arena_free(&j->keep);
    kq_arena_free(&j->scratch);
    free(j);
}

kq_op *kq_op_join_new(kq_op *left, kq_op *right, kq_join_kind kind, int nkeys, kq_expr **lkeys, kq_expr **rkeys,
                      int nleft_out, int *right_out, int width)
{
    join_op *j = kq_xcalloc(1, sizeof *j);
    j->base.next = join_next;
    j->base.destroy = join_destroy;
    j->base.reset = join_reset;
    j->left = left;
    j->right = right;
    j->kind = kind;
    j->nkeys = nkeys;
    j->lkeys = lkeys;
    j->rkeys = rkeys;
    j->nleft_out = nleft_out;
    j->right_out = right_out;
    j->out = kq_xcalloc((size_t)(width ? width : 1), sizeof(kq_value));
    kq_buf_init(&j->keybuf);
    kq_arena_init(&j->keep, 256 * 1024);
    kq_arena_init(&j->scratch, 16 * 1024);
    return &j->base;
}
