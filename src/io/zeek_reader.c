/*
 * zeek_reader.c - Zeek TSV logs: the #separator/#set_separator/#empty_field/#unset_field/
 * #path/#fields/#types header gives the schema (time -> datetime, interval -> real seconds,
 * count/int/port -> long, double -> real, bool -> bool, vector[..]/set[..] -> dynamic array,
 * anything else -> string); a line's fields are split by the separator, '-' is unset (null),
 * '(empty)' an empty container or string, \xHH escapes are decoded. Comment lines such as the
 * #close trailer are not records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/error.h"
#include "../base/json.h"
#include "reader_impl.h"

static kq_type type_of_zeek(const char *t)
{
    if (strcmp(t, "time") == 0) return KQ_T_DATETIME;
    if (strcmp(t, "interval") == 0 || strcmp(t, "double") == 0) return KQ_T_REAL;
    if (strcmp(t, "count") == 0 || strcmp(t, "int") == 0 || strcmp(t, "port") == 0) return KQ_T_LONG;
    if (strcmp(t, "bool") == 0) return KQ_T_BOOL;
    if (strncmp(t, "vector[", 7) == 0 || strncmp(t, "set[", 4) == 0) return KQ_T_DYNAMIC;
    return KQ_T_STRING;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes \xHH escapes; returns s itself when there are none. */
static const char *decode_escapes(const char *s, size_t n, kq_arena *a, size_t *out_n)
{
    *out_n = n;
    if (!memchr(s, '\\', n)) return s;
    char *out = a ? kq_arena_alloc(a, n + 1) : kq_xmalloc(n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' && hex_digit(s[i + 2]) >= 0 &&
            hex_digit(s[i + 3]) >= 0) {
            out[o++] = (char)(hex_digit(s[i + 2]) * 16 + hex_digit(s[i + 3]));
            i += 3;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = 0;
    *out_n = o;
    return out;
}

/* Splits [s, s+n) at sep into r->cells; returns the count. */
static int split_fields(kq_reader *r, const char *s, size_t n, char sep)
{
    int count = 0;
    size_t i = 0;
    for (;;) {
        if (count >= r->cells_cap) kq_cell_grow(r, count + 1);
        const char *hit = memchr(s + i, sep, n - i);
        size_t stop = hit ? (size_t)(hit - s) : n;
        r->cells[count] = s + i;
        r->cell_lens[count] = stop - i;
        count++;
        if (!hit) return count;
        i = stop + 1;
    }
}

static char *dup_cell(const kq_reader *r, int i)
{
    size_t n;
    const char *d = decode_escapes(r->cells[i], r->cell_lens[i], NULL, &n);
    if (d != r->cells[i]) return (char *)d;
    char *c = kq_xmalloc(n + 1);
    memcpy(c, d, n);
    c[n] = 0;
    return c;
}

/* Takes a copy of a header line's cells after the key: names or types. */
static char **header_list(kq_reader *r, const char *line, size_t n, int *count)
{
    int nc = split_fields(r, line, n, r->zeek_sep);
    char **list = kq_xcalloc((size_t)nc, sizeof *list);
    for (int i = 1; i < nc; i++) list[i - 1] = dup_cell(r, i);
    *count = nc - 1;
    return list;
}

static void free_list(char **list, int n)
{
    for (int i = 0; i < n; i++) free(list[i]);
    free(list);
}

static void read_header_line(kq_reader *r, const char *line, size_t n, char ***names, int *nnames,
                             char ***types, int *ntypes)
{
    if (n >= 11 && memcmp(line, "#separator ", 11) == 0) {
        size_t dn;
        const char *d = decode_escapes(line + 11, n - 11, NULL, &dn);
        if (dn >= 1) r->zeek_sep = d[0];
        if (d != line + 11) free((char *)d);
        return;
    }
    int nc = split_fields(r, line, n, r->zeek_sep);
    if (nc < 2) return;
    size_t kn = r->cell_lens[0];
    const char *k = r->cells[0];
    if (kn == 14 && memcmp(k, "#set_separator", 14) == 0 && r->cell_lens[1] > 0) {
        char *v = dup_cell(r, 1);
        r->zeek_set_sep = v[0];
        free(v);
    } else if (kn == 12 && memcmp(k, "#empty_field", 12) == 0) {
        free(r->zeek_empty);
        r->zeek_empty = dup_cell(r, 1);
    } else if (kn == 12 && memcmp(k, "#unset_field", 12) == 0) {
        free(r->zeek_unset);
        r->zeek_unset = dup_cell(r, 1);
    } else if (kn == 5 && memcmp(k, "#path", 5) == 0) {
        free(r->zeek_path);
        r->zeek_path = dup_cell(r, 1);
    } else if (kn == 7 && memcmp(k, "#fields", 7) == 0) {
        free_list(*names, *nnames);
        *names = header_list(r, line, n, nnames);
    } else if (kn == 6 && memcmp(k, "#types", 6) == 0) {
        free_list(*types, *ntypes);
        *types = header_list(r, line, n, ntypes);
    }
}

int kq_zeek_read_header(kq_reader *r, kq_error *err)
{
    r->zeek_sep = '\t';
    r->zeek_set_sep = ',';
    r->zeek_empty = kq_xstrdup("(empty)");
    r->zeek_unset = kq_xstrdup("-");
    char **names = NULL, **types = NULL;
    int nnames = 0, ntypes = 0;
    r->pos = (size_t)r->data_offset;
    for (;;) {
        size_t s, e;
        int rc = kq_next_line_record(r, false, &s, &e, err);
        if (rc < 0) {
            free_list(names, nnames);
            free_list(types, ntypes);
            return rc;
        }
        if (rc == 0 || r->s.data[s] != '#') {
            size_t start = rc == 0 ? r->pos : s;
            r->data_offset = r->s.offset + start;
            r->data_line = kq_reader_line_at(r, start);
            break;
        }
        read_header_line(r, r->s.data + s, e - s, &names, &nnames, &types, &ntypes);
    }
    int rc = 0;
    if (nnames == 0) {
        kq_error_input(err, KQ_ERR_INPUT, r->path, 0, "Zeek log without a #fields header line");
        rc = -KQ_ERR_INPUT;
    }
    for (int i = 0; i < nnames && rc == 0; i++) {
        int f = kq_schema_add(r, names[i], strlen(names[i]), names[i], strlen(names[i]));
        const char *zt = i < ntypes ? types[i] : "string";
        r->fields[f].zeek_type = kq_xstrdup(zt);
        r->fields[f].pub.type = type_of_zeek(zt);
    }
    free_list(names, nnames);
    free_list(types, ntypes);
    return rc;
}

static bool is_text(const char *s, size_t n, const char *want)
{
    size_t wn = strlen(want);
    return n == wn && memcmp(s, want, n) == 0;
}

/* One element of a Zeek vector/set, typed by the container's element type. */
static void element_of(const kq_reader *r, const char *elem_type, const char *s, size_t n,
                       kq_arena *a, kq_dyn *out)
{
    memset(out, 0, sizeof *out);
    if (is_text(s, n, r->zeek_unset)) return;
    size_t dn;
    const char *d = decode_escapes(s, n, a, &dn);
    kq_type t = type_of_zeek(elem_type);
    kq_value v;
    if (t == KQ_T_DATETIME) t = KQ_T_REAL; /* a time inside a container stays epoch seconds */
    if (t == KQ_T_DYNAMIC) t = KQ_T_STRING;
    kq_value_from_text(t, d, dn, a, &v);
    if (v.null) return;
    switch (t) {
    case KQ_T_LONG: out->kind = KQ_D_LONG; out->u.i = v.u.i; break;
    case KQ_T_REAL: out->kind = KQ_D_REAL; out->u.r = v.u.r; break;
    case KQ_T_BOOL: out->kind = KQ_D_BOOL; out->u.b = v.u.b; break;
    default:
        out->kind = KQ_D_STRING;
        out->u.s = v.u.s;
        out->n = v.len;
        break;
    }
}

static const kq_dyn *container_of(const kq_reader *r, const kq_schema_field *f, const char *s,
                                  size_t n, kq_arena *a)
{
    kq_dyn *arr = kq_arena_zalloc(a, sizeof *arr);
    arr->kind = KQ_D_ARRAY;
    if (is_text(s, n, r->zeek_empty) || n == 0) return arr;
    /* element type: inside the brackets of vector[...] / set[...] */
    char elem_type[32] = "string";
    const char *open = strchr(f->zeek_type, '[');
    size_t et = open ? strcspn(open + 1, "]") : 0;
    if (open && et < sizeof elem_type) snprintf(elem_type, sizeof elem_type, "%.*s", (int)et, open + 1);
    uint32_t count = 1;
    for (size_t i = 0; i < n; i++) count += s[i] == r->zeek_set_sep;
    kq_dyn *items = kq_arena_alloc(a, count * sizeof *items);
    size_t i = 0;
    for (uint32_t k = 0; k < count; k++) {
        const char *hit = memchr(s + i, r->zeek_set_sep, n - i);
        size_t stop = hit ? (size_t)(hit - s) : n;
        element_of(r, elem_type, s + i, stop - i, a, &items[k]);
        i = stop + 1;
    }
    arr->n = count;
    arr->u.items = items;
    return arr;
}

static void convert_field(kq_reader *r, const kq_projected *pj, kq_arena *a, kq_value *out)
{
    const char *s = r->cells[pj->field];
    size_t n = r->cell_lens[pj->field];
    const kq_schema_field *f = &r->fields[pj->field];
    if (is_text(s, n, r->zeek_unset)) {
        kq_value_from_text(pj->type, "", 0, a, out);
        return;
    }
    if (f->pub.type == KQ_T_DYNAMIC && (pj->type == KQ_T_DYNAMIC || pj->type == KQ_T_STRING)) {
        const kq_dyn *d = container_of(r, f, s, n, a);
        memset(out, 0, sizeof *out);
        out->type = (uint8_t)pj->type;
        if (pj->type == KQ_T_DYNAMIC) {
            out->u.d = d;
        } else {
            kq_buf_clear(&r->scratch);
            kq_json_write(&r->scratch, d);
            out->u.s = kq_arena_strdup(a, r->scratch.p, r->scratch.len);
            out->len = (uint32_t)r->scratch.len;
        }
        return;
    }
    if (is_text(s, n, r->zeek_empty)) n = 0;
    size_t dn;
    const char *d = decode_escapes(s, n, a, &dn);
    kq_value_from_text(pj->type, d, dn, a, out);
}

int kq_zeek_convert(kq_reader *r, const char *rec, size_t n, kq_value *vals, kq_arena *a)
{
    int nc = split_fields(r, rec, n, r->zeek_sep);
    if (nc != r->nfields) {
        snprintf(r->message, sizeof r->message, "Zeek line has %d fields, the header has %d", nc,
                 r->nfields);
        return 0;
    }
    for (int i = 0; i < r->nproj; i++) {
        const kq_projected *pj = &r->proj[i];
        if (pj->field < 0) kq_value_from_text(pj->type, "", 0, a, &vals[i]);
        else convert_field(r, pj, a, &vals[i]);
    }
    return 1;
}
