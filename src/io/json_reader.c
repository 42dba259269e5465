/*
 * json_reader.c - records that are JSON objects (JSON Lines, concatenated or pretty-printed
 * objects, elements of a top-level array): the schema sampled from the first records (fields in
 * order of first appearance, types voted from value kinds; Zeek JSON recognised by _path or
 * @stream, with SimpleRock's id_orig_h keys exposed as Zeek's id.orig_h), and the conversion of
 * a record that walks its members once and converts only the projected ones.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/json.h"
#include "reader_impl.h"

/* Open-addressing map from raw key text to field index, used while sampling. */
typedef struct key_map {
    int *slots; /* field index + 1, 0 = empty */
    size_t cap;
} key_map;

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static int key_map_find(const kq_reader *r, const key_map *m, const char *k, size_t n, size_t *slot)
{
    size_t i = (size_t)hash_bytes(k, n) & (m->cap - 1);
    for (;; i = (i + 1) & (m->cap - 1)) {
        int f = m->slots[i] - 1;
        if (f < 0) break;
        if (r->fields[f].raw_len == n && memcmp(r->fields[f].raw_key, k, n) == 0) return f;
    }
    *slot = i;
    return -1;
}

static void key_map_grow(const kq_reader *r, key_map *m)
{
    size_t old_cap = m->cap;
    int *old = m->slots;
    m->cap = old_cap ? old_cap * 2 : 256;
    m->slots = kq_xcalloc(m->cap, sizeof *m->slots);
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i]) continue;
        const kq_schema_field *f = &r->fields[old[i] - 1];
        size_t slot;
        key_map_find(r, m, f->raw_key, f->raw_len, &slot);
        m->slots[slot] = old[i];
    }
    free(old);
}

static unsigned kind_of(const char *v, size_t n)
{
    switch (v[0]) {
    case '"': return kq_looks_like_iso_datetime(v + 1, n - 1) ? KQ_KIND_DATETIME : KQ_KIND_STRING;
    case '{':
    case '[': return KQ_KIND_CONTAINER;
    case 't':
    case 'f': return KQ_KIND_BOOL;
    case 'n': return KQ_KIND_NULL;
    default:
        for (size_t i = 0; i < n; i++)
            if (v[i] == '.' || v[i] == 'e' || v[i] == 'E') return KQ_KIND_REAL;
        return KQ_KIND_INT;
    }
}

static char *string_member(const char *v, size_t n, kq_arena *a)
{
    if (n < 2 || v[0] != '"') return NULL;
    const char *s = v + 1;
    size_t len = n - 2;
    if (memchr(s, '\\', len) && !kq_json_unescape(s, len, a, &s, &len)) return NULL;
    char *copy = kq_xmalloc(len + 1);
    memcpy(copy, s, len);
    copy[len] = 0;
    return copy;
}

/* Notes what the first record says about the file: Sentinel "Type", Zeek "_path"/"@stream". */
static void note_first_record_member(kq_reader *r, const char *k, size_t kn, const char *v,
                                     size_t vn, kq_arena *a)
{
    if (kn == 4 && memcmp(k, "Type", 4) == 0 && !r->type_hint) {
        r->type_hint = string_member(v, vn, a);
    } else if ((kn == 5 && memcmp(k, "_path", 5) == 0) || (kn == 7 && memcmp(k, "@stream", 7) == 0)) {
        r->zeek_json = true;
        if (!r->zeek_path) r->zeek_path = string_member(v, vn, a);
    }
}

/* A later sampled record's Type: counted when it is not the first record's. */
static void note_other_type(kq_reader *r, const char *v, size_t vn, kq_arena *a)
{
    char *type = string_member(v, vn, a);
    if (type && strcmp(type, r->type_hint) != 0) {
        r->other_type_records++;
        if (!r->other_type) r->other_type = type, type = NULL;
    }
    free(type);
}

/* Zeek JSON: SimpleRock writes id_orig_h for Zeek's id.orig_h; ts is a time however written. */
static void apply_zeek_conventions(kq_reader *r)
{
    static const char *const conn_id[] = {"id_orig_h", "id_orig_p", "id_resp_h", "id_resp_p"};
    for (int i = 0; i < r->nfields; i++) {
        kq_schema_field *f = &r->fields[i];
        if (strcmp(f->raw_key, "ts") == 0 || strcmp(f->raw_key, "_write_ts") == 0)
            f->pub.type = KQ_T_DATETIME;
        for (size_t k = 0; k < sizeof conn_id / sizeof conn_id[0]; k++) {
            if (strcmp(f->pub.name, conn_id[k]) == 0) {
                f->pub.name[2] = '.';
                break;
            }
        }
    }
}

static int sample_record(kq_reader *r, const char *rec, size_t n, key_map *m, unsigned **kinds,
                         bool first, kq_arena *a)
{
    kq_json_cursor c;
    if (!kq_json_obj_begin(&c, rec, n)) return 0;
    const char *k, *v;
    size_t kn, vn;
    bool esc;
    int rc;
    while ((rc = kq_json_obj_next(&c, &k, &kn, &esc, &v, &vn)) == 1) {
        if (esc && !kq_json_unescape(k, kn, a, &k, &kn)) continue;
        if (first) note_first_record_member(r, k, kn, v, vn, a);
        else if (kn == 4 && memcmp(k, "Type", 4) == 0 && r->type_hint) note_other_type(r, v, vn, a);
        if ((size_t)(r->nfields + 1) * 2 > m->cap) key_map_grow(r, m);
        size_t slot;
        int f = key_map_find(r, m, k, kn, &slot);
        if (f < 0) {
            f = kq_schema_add(r, k, kn, k, kn);
            m->slots[slot] = f + 1;
            *kinds = kq_xrealloc(*kinds, (size_t)r->nfields * sizeof **kinds);
            (*kinds)[f] = 0;
        }
        (*kinds)[f] |= vn ? kind_of(v, vn) : KQ_KIND_NULL;
    }
    return rc == 0;
}

int kq_json_sample_schema(kq_reader *r, kq_error *err)
{
    kq_read_opts saved = r->opts;
    r->opts.diag = NULL; /* problems are reported when the records are read, not twice */
    r->opts.skipped = NULL;
    r->opts.strict = false;
    r->pos = (size_t)r->data_offset;
    r->json_array = r->fmt == KQ_FMT_JSON_ARRAY ? KQ_JSON_ARRAY_START : KQ_JSON_OUTSIDE;
    key_map m = {NULL, 0};
    unsigned *kinds = NULL;
    kq_arena a;
    kq_arena_init(&a, 0);
    int sampled = 0;
    while (sampled < KQ_SCHEMA_SAMPLE_RECORDS) {
        size_t s, e;
        int rc = (r->fmt == KQ_FMT_JSONL && !r->json_concat)
                     ? kq_next_line_record(r, false, &s, &e, err)
                     : kq_next_json_value(r, &s, &e, err);
        if (rc <= 0) break;
        const char *rec = r->s.data + s;
        size_t k = 0;
        while (k < e - s && (rec[k] == ' ' || rec[k] == '\t' || rec[k] == '\r' || rec[k] == '\n')) k++;
        if (k == e - s) continue;
        if (sample_record(r, rec, e - s, &m, &kinds, sampled == 0, &a)) sampled++;
        kq_arena_reset(&a);
    }
    r->sampled_records = sampled;
    for (int i = 0; i < r->nfields; i++) r->fields[i].pub.type = kq_schema_type_of_kinds(kinds[i]);
    if (r->zeek_json) apply_zeek_conventions(r);
    free(kinds);
    free(m.slots);
    kq_arena_free(&a);
    r->opts = saved;
    return 0;
}

int kq_json_convert(kq_reader *r, const char *rec, size_t n, kq_value *vals, kq_arena *a)
{
    kq_json_cursor c;
    char snippet[96];
    if (!kq_json_obj_begin(&c, rec, n)) {
        kq_escape_snippet(rec, n, 60, snippet, sizeof snippet);
        snprintf(r->message, sizeof r->message, "not a JSON object: %s", snippet);
        return 0;
    }
    int np = r->nproj;
    const kq_projected *proj = r->proj;
    const char **spans = r->spans;
    size_t *span_lens = r->span_lens;
    for (int i = 0; i < np; i++) spans[i] = NULL;
    const char *k, *v;
    size_t kn, vn;
    bool esc;
    int rc;
    const uint64_t key_lens = r->proj_key_lens;
    while ((rc = kq_json_obj_next(&c, &k, &kn, &esc, &v, &vn)) == 1) {
        if (esc && !kq_json_unescape(k, kn, a, &k, &kn)) continue;
        if (!((key_lens >> (kn < 63 ? kn : 63)) & 1)) continue;
        for (int i = 0; i < np; i++) {
            if (proj[i].key_len == kn && kn > 0 && proj[i].key[0] == k[0] &&
                memcmp(proj[i].key, k, kn) == 0) {
                spans[i] = v;
                span_lens[i] = vn;
            }
        }
    }
    if (rc < 0) {
        size_t at = c.p > rec && c.p <= rec + n ? (size_t)(c.p - rec) : 0;
        kq_escape_snippet(rec, n, 60, snippet, sizeof snippet);
        snprintf(r->message, sizeof r->message, "malformed JSON (near byte %zu): %s", at + 1, snippet);
        return 0;
    }
    for (int i = 0; i < np; i++) {
        if (spans[i]) kq_json_value_to(proj[i].type, spans[i], span_lens[i], a, &r->scratch, &vals[i]);
        else kq_json_value_to(proj[i].type, "", 0, a, &r->scratch, &vals[i]);
    }
    return 1;
}
