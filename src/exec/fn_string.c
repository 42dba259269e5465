/*
 * fn_string.c - string functions (KQL_SUBSET.md 6.2): case mapping, length and substrings in
 * characters, concatenation, split, trim (regex), replace, extract, indexof, countof, reverse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/json.h"
#include "../match/match.h"
#include "../match/regex.h"
#include "fn.h"
#include "value.h"

static void text_of(const kq_value *v, kq_ctx *c, const char **s, size_t *n)
{
    bool z;
    kq_value_text(v, c, s, n, &z);
}

static kq_value scratch_str(kq_ctx *c, const char *s, size_t n)
{
    return kq_str(kq_arena_strdup(c->scratch, s, n), n);
}

static void change_case(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out,
                        size_t (*convert)(const char *, size_t, char *))
{
    KQ_ARG(0, a);
    const char *s;
    size_t n;
    text_of(&a, c, &s, &n);
    char *o = kq_arena_alloc(c->scratch, n + 1); /* case mapping never lengthens the text */
    size_t m = convert(s, n, o);
    *out = kq_str(o, m);
}

static void fn_tolower(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    change_case(e, row, c, out, kq_utf8_tolower);
}

static void fn_toupper(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    change_case(e, row, c, out, kq_utf8_toupper);
}

static void fn_strlen(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    const char *s;
    size_t n;
    text_of(&a, c, &s, &n);
    *out = kq_long((int64_t)kq_utf8_length(s, n));
}

static bool int_arg(const kq_value *v, int64_t *out)
{
    kq_value s = *v;
    if (s.type == KQ_T_DYNAMIC && !s.null) s = kq_dyn_to_scalar(s.u.d);
    if (s.null) return false;
    if (s.type == KQ_T_LONG || s.type == KQ_T_INT) *out = s.u.i;
    else if (s.type == KQ_T_REAL) *out = (int64_t)s.u.r;
    else return false;
    return true;
}

static void fn_substring(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    KQ_ARG(1, st);
    const char *s;
    size_t n;
    text_of(&a, c, &s, &n);
    int64_t start, len = -1;
    if (!int_arg(&st, &start)) {
        *out = kq_null(KQ_T_STRING);
        return;
    }
    bool has_len = e->nargs > 2;
    if (has_len) {
        KQ_ARG(2, l);
        if (!int_arg(&l, &len)) {
            *out = kq_null(KQ_T_STRING);
            return;
        }
        if (len < 0) {
            *out = kq_str("", 0);
            return;
        }
    }
    int64_t chars = (int64_t)kq_utf8_length(s, n);
    if (start < 0) {
        start += chars;
        if (start < 0) start = 0;
    }
    if (start >= chars) {
        *out = kq_str("", 0);
        return;
    }
    int64_t end = has_len ? start + len : chars;
    if (end > chars) end = chars;
    size_t b0 = kq_utf8_offset(s, n, (size_t)start), b1 = kq_utf8_offset(s, n, (size_t)end);
    *out = kq_str(s + b0, b1 - b0);
}

static void fn_strcat(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    kq_buf b;
    kq_buf_init(&b);
    for (int i = 0; i < e->nargs; i++) {
        KQ_ARG(i, a);
        kq_value_tostring(&b, &a);
    }
    *out = scratch_str(c, b.p ? b.p : "", b.len);
    kq_buf_free(&b);
}

static void fn_strcat_delim(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, d);
    const char *ds;
    size_t dn;
    text_of(&d, c, &ds, &dn);
    kq_buf b;
    kq_buf_init(&b);
    for (int i = 1; i < e->nargs; i++) {
        if (i > 1) kq_buf_put(&b, ds, dn);
        KQ_ARG(i, a);
        kq_value_tostring(&b, &a);
    }
    *out = scratch_str(c, b.p ? b.p : "", b.len);
    kq_buf_free(&b);
}

static kq_dyn *new_array(kq_ctx *c, uint32_t n)
{
    kq_dyn *d = kq_arena_zalloc(c->scratch, sizeof *d);
    d->kind = KQ_D_ARRAY;
    d->n = n;
    d->u.items = kq_arena_zalloc(c->scratch, sizeof(kq_dyn) * (n ? n : 1));
    return d;
}

static void fn_split(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    KQ_ARG(1, d);
    const char *s, *ds;
    size_t n, dn;
    text_of(&a, c, &s, &n);
    text_of(&d, c, &ds, &dn);
    /* count parts */
    uint32_t parts = 1;
    if (dn)
        for (size_t i = 0; i + dn <= n;) {
            if (memcmp(s + i, ds, dn) == 0) {
                parts++;
                i += dn;
            } else i++;
        }
    kq_dyn *arr = new_array(c, parts);
    kq_dyn *items = (kq_dyn *)arr->u.items;
    size_t from = 0;
    uint32_t k = 0;
    if (dn)
        for (size_t i = 0; i + dn <= n;) {
            if (memcmp(s + i, ds, dn) == 0) {
                items[k].kind = KQ_D_STRING;
                items[k].u.s = s + from;
                items[k].n = (uint32_t)(i - from);
                k++;
                i += dn;
                from = i;
            } else i++;
        }
    items[k].kind = KQ_D_STRING;
    items[k].u.s = s + from;
    items[k].n = (uint32_t)(n - from);
    /* strings point into the input: copy them to scratch so they outlive the row */
    for (uint32_t i = 0; i < parts; i++) items[i].u.s = kq_arena_strdup(c->scratch, items[i].u.s, items[i].n);
    if (e->nargs > 2) {
        KQ_ARG(2, ix);
        int64_t i;
        if (!int_arg(&ix, &i) || i < 0 || i >= (int64_t)parts) {
            *out = kq_dynv(new_array(c, 0));
            return;
        }
        kq_dyn *one = new_array(c, 1);
        ((kq_dyn *)one->u.items)[0] = items[i];
        *out = kq_dynv(one);
        return;
    }
    *out = kq_dynv(arr);
}

static void fn_replace_string(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    KQ_ARG(1, l);
    KQ_ARG(2, r);
    const char *s, *ls, *rs;
    size_t n, ln, rn;
    text_of(&a, c, &s, &n);
    text_of(&l, c, &ls, &ln);
    text_of(&r, c, &rs, &rn);
    if (!ln) {
        *out = kq_str(s, n);
        return;
    }
    kq_buf b;
    kq_buf_init(&b);
    size_t i = 0;
    while (i < n) {
        if (i + ln <= n && memcmp(s + i, ls, ln) == 0) {
            kq_buf_put(&b, rs, rn);
            i += ln;
        } else kq_buf_putc(&b, s[i++]);
    }
    *out = scratch_str(c, b.p ? b.p : "", b.len);
    kq_buf_free(&b);
}

static void fn_indexof(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    KQ_ARG(1, l);
    const char *s, *ls;
    size_t n, ln;
    text_of(&a, c, &s, &n);
    text_of(&l, c, &ls, &ln);
    int64_t start = 0, length = -1, occurrence = 1;
    if (e->nargs > 2) {
        KQ_ARG(2, v);
        if (!int_arg(&v, &start)) { *out = kq_null(KQ_T_LONG); return; }
    }
    if (e->nargs > 3) {
        KQ_ARG(3, v);
        if (!int_arg(&v, &length)) { *out = kq_null(KQ_T_LONG); return; }
    }
    if (e->nargs > 4) {
        KQ_ARG(4, v);
        if (!int_arg(&v, &occurrence)) { *out = kq_null(KQ_T_LONG); return; }
    }
    int64_t chars = (int64_t)kq_utf8_length(s, n);
    if (start < 0) start += chars;
    if (start < 0 || start > chars || length < -1 || occurrence < 1) {
        *out = kq_null(KQ_T_LONG);
        return;
    }
    /* each occurrence is searched in a window of 'length' characters starting one character
     * after the previous match (as .NET's IndexOf(value, start, count) repeated) */
    int64_t pos = start, seen = 0;
    while (pos <= chars) {
        int64_t end = length == -1 ? chars : pos + length;
        if (end > chars) end = chars;
        size_t b0 = kq_utf8_offset(s, n, (size_t)pos), b1 = kq_utf8_offset(s, n, (size_t)end);
        int64_t found = -1;
        for (size_t i = b0; i + ln <= b1; i++)
            if (memcmp(s + i, ls, ln) == 0) {
                found = (int64_t)kq_utf8_length(s, i);
                break;
            }
        if (found < 0) break;
        if (++seen == occurrence) {
            *out = kq_long(found);
            return;
        }
        pos = found + 1;
    }
    *out = kq_long(-1);
}

static void fn_countof(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    KQ_ARG(1, l);
    const char *s, *ls;
    size_t n, ln;
    text_of(&a, c, &s, &n);
    text_of(&l, c, &ls, &ln);
    int64_t count = 0;
    if (e->aux) { /* regex kind */
        long ov[2 * 17];
        size_t at = 0;
        while (at <= n) {
            int r = kq_regex_search(e->aux, s, n, at, ov);
            if (r < 0) kq_regex_limit_error(c);
            if (r <= 0) break;
            count++;
            at = (size_t)ov[1] > at ? (size_t)ov[1] : at + 1;
        }
    } else if (ln) {
        for (size_t i = 0; i + ln <= n; i++)
            if (memcmp(s + i, ls, ln) == 0) count++;
    }
    *out = kq_long(count);
}

static void fn_reverse(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    const char *s;
    size_t n;
    text_of(&a, c, &s, &n);
    char *o = kq_arena_alloc(c->scratch, n + 1);
    /* reverse by characters */
    size_t w = n;
    for (size_t i = 0; i < n;) {
        size_t len = 1;
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0xF0) len = 4;
        else if (ch >= 0xE0) len = 3;
        else if (ch >= 0xC0) len = 2;
        if (i + len > n) len = n - i;
        w -= len;
        memcpy(o + w, s + i, len);
        i += len;
    }
    *out = kq_str(o, n);
}

/* ---- regex functions: e->aux holds the compiled constant regex ---- */

static void regex_free(void *re)
{
    kq_regex_free(re);
}

static bool prepare_regex_arg(kq_expr *e, int arg, char *err, size_t cap)
{
    kq_expr *p = e->args[arg];
    if (!p->is_const || p->k.type != KQ_T_STRING) {
        snprintf(err, cap, "the regular expression must be a constant string");
        return false;
    }
    size_t off;
    char msg[256];
    e->aux = kq_regex_compile(p->k.u.s, p->k.len, msg, sizeof msg, &off);
    e->aux_free = regex_free;
    if (!e->aux) {
        snprintf(err, cap, "invalid regular expression: %s", msg);
        return false;
    }
    return true;
}

static bool prepare_regex0(kq_expr *e, char *err, size_t cap) { return prepare_regex_arg(e, 0, err, cap); }
static bool prepare_regex1(kq_expr *e, char *err, size_t cap) { return prepare_regex_arg(e, 1, err, cap); }

static bool prepare_countof(kq_expr *e, char *err, size_t cap)
{
    if (e->nargs < 3) return true;
    kq_expr *k = e->args[2];
    if (!k->is_const || k->k.type != KQ_T_STRING) {
        snprintf(err, cap, "countof: the kind must be \"normal\" or \"regex\"");
        return false;
    }
    if (k->k.len == 5 && memcmp(k->k.u.s, "regex", 5) == 0) return prepare_regex_arg(e, 1, err, cap);
    if (k->k.len == 6 && memcmp(k->k.u.s, "normal", 6) == 0) return true;
    snprintf(err, cap, "countof: the kind must be \"normal\" or \"regex\"");
    return false;
}

static void fn_extract(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(1, g);
    KQ_ARG(2, a);
    const char *s;
    size_t n;
    text_of(&a, c, &s, &n);
    int64_t group;
    kq_type want = e->type;
    if (!int_arg(&g, &group) || group < 0 || group > kq_regex_groups(e->aux)) {
        *out = kq_null(want);
        return;
    }
    long *ov = kq_arena_alloc(c->scratch, sizeof(long) * 2 * (size_t)(kq_regex_groups(e->aux) + 1));
    int r = kq_regex_search(e->aux, s, n, 0, ov);
    if (r < 0) kq_regex_limit_error(c);
    if (r <= 0 || ov[2 * group] < 0) {
        *out = kq_null(want);
        return;
    }
    kq_value str = kq_str(s + ov[2 * group], (size_t)(ov[2 * group + 1] - ov[2 * group]));
    *out = want == KQ_T_STRING ? str : kq_convert(&str, want, c);
}

/* extract_all(regex, [groups,] s): one group -> array of strings; several -> array of arrays;
 * no match -> null */
static void fn_extract_all(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(e->nargs - 1, a);
    const char *s;
    size_t n;
    text_of(&a, c, &s, &n);
    int groups = kq_regex_groups(e->aux);
    /* the groups to return: all of them, or the constant list given (out-of-range ones dropped) */
    int sel[17], nsel = 0;
    if (e->nargs == 3) {
        const kq_value *list = &e->args[1]->k;
        if (list->type == KQ_T_DYNAMIC && !list->null && list->u.d->kind == KQ_D_ARRAY)
            for (uint32_t i = 0; i < list->u.d->n && nsel < 17; i++) {
                const kq_dyn *g = &list->u.d->u.items[i];
                if (g->kind == KQ_D_LONG && g->u.i >= 0 && g->u.i <= groups) sel[nsel++] = (int)g->u.i;
            }
    } else
        for (int g = 1; g <= groups; g++) sel[nsel++] = g;
    if (nsel == 0) {
        *out = kq_null(KQ_T_DYNAMIC);
        return;
    }
    long *ov = kq_arena_alloc(c->scratch, sizeof(long) * 2 * (size_t)(groups + 1));
    kq_buf items;
    kq_buf_init(&items);
    uint32_t count = 0;
    size_t at = 0;
    while (at <= n) {
        int m = kq_regex_search(e->aux, s, n, at, ov);
        if (m < 0) kq_regex_limit_error(c);
        if (m <= 0) break;
        kq_dyn *sub = kq_arena_zalloc(c->scratch, sizeof(kq_dyn) * (size_t)nsel);
        for (int k = 0; k < nsel; k++) {
            long g0 = ov[2 * sel[k]], g1 = ov[2 * sel[k] + 1];
            sub[k].kind = KQ_D_STRING;
            sub[k].u.s = g0 >= 0 ? kq_arena_strdup(c->scratch, s + g0, (size_t)(g1 - g0)) : "";
            sub[k].n = g0 >= 0 ? (uint32_t)(g1 - g0) : 0;
        }
        kq_dyn item = {0};
        if (nsel == 1) item = sub[0]; /* one group: a flat array of strings */
        else {
            item.kind = KQ_D_ARRAY;
            item.n = (uint32_t)nsel;
            item.u.items = sub;
        }
        kq_buf_put(&items, &item, sizeof item);
        count++;
        at = (size_t)ov[1] > at ? (size_t)ov[1] : at + 1;
    }
    if (!count) {
        kq_buf_free(&items);
        *out = kq_null(KQ_T_DYNAMIC);
        return;
    }
    kq_dyn *d = kq_arena_zalloc(c->scratch, sizeof *d);
    kq_dyn *arr = kq_arena_alloc(c->scratch, sizeof(kq_dyn) * count);
    memcpy(arr, items.p, sizeof(kq_dyn) * count);
    kq_buf_free(&items);
    d->kind = KQ_D_ARRAY;
    d->n = count;
    d->u.items = arr;
    out->type = KQ_T_DYNAMIC;
    out->null = 0;
    out->u.d = d;
}

static bool prepare_extract_all(kq_expr *e, char *err, size_t cap)
{
    if (!prepare_regex_arg(e, 0, err, cap)) return false;
    int g = kq_regex_groups(e->aux);
    if (g < 1 || g > 16) {
        snprintf(err, cap, "extract_all needs a regular expression with 1 to 16 capture groups");
        return false;
    }
    if (e->nargs == 3 && (!e->args[1]->is_const || e->args[1]->k.type != KQ_T_DYNAMIC || e->args[1]->k.null ||
                          e->args[1]->k.u.d->kind != KQ_D_ARRAY)) {
        snprintf(err, cap, "extract_all: the groups to return must be a constant dynamic array, e.g. dynamic([1,3])");
        return false;
    }
    return true;
}

static void fn_replace_regex(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    KQ_ARG(2, r);
    const char *s, *rs;
    size_t n, rn;
    text_of(&a, c, &s, &n);
    text_of(&r, c, &rs, &rn);
    int groups = kq_regex_groups(e->aux);
    long *ov = kq_arena_alloc(c->scratch, sizeof(long) * 2 * (size_t)(groups + 1));
    kq_buf b;
    kq_buf_init(&b);
    size_t at = 0, copied = 0;
    while (at <= n) {
        int m = kq_regex_search(e->aux, s, n, at, ov);
        if (m < 0) kq_regex_limit_error(c);
        if (m <= 0) break;
        kq_buf_put(&b, s + copied, (size_t)ov[0] - copied);
        for (size_t i = 0; i < rn; i++) {
            if (rs[i] == '\\' && i + 1 < rn && rs[i + 1] >= '0' && rs[i + 1] <= '9') {
                int gi = rs[i + 1] - '0';
                if (gi <= groups && ov[2 * gi] >= 0) kq_buf_put(&b, s + ov[2 * gi], (size_t)(ov[2 * gi + 1] - ov[2 * gi]));
                i++;
            } else kq_buf_putc(&b, rs[i]);
        }
        copied = (size_t)ov[1];
        if ((size_t)ov[1] == (size_t)ov[0]) {
            if ((size_t)ov[1] < n) kq_buf_putc(&b, s[ov[1]]);
            copied = (size_t)ov[1] + 1;
            at = copied;
        } else at = (size_t)ov[1];
    }
    if (copied < n) kq_buf_put(&b, s + copied, n - copied);
    *out = scratch_str(c, b.p ? b.p : "", b.len);
    kq_buf_free(&b);
}

/* trim(regex, s): remove matches of the regex anchored at the start and at the end */
static void trim_impl(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out, bool start, bool end)
{
    KQ_ARG(1, a);
    const char *s;
    size_t n;
    text_of(&a, c, &s, &n);
    long *ov = kq_arena_alloc(c->scratch, sizeof(long) * 2 * (size_t)(kq_regex_groups(e->aux) + 1));
    size_t b0 = 0, b1 = n;
    if (start) {
        /* repeatedly remove a match that starts exactly at b0 */
        while (b0 < b1) {
            int m = kq_regex_search(e->aux, s, b1, b0, ov);
            if (m <= 0 || (size_t)ov[0] != b0 || ov[1] == ov[0]) break;
            b0 = (size_t)ov[1];
        }
    }
    if (end) {
        /* the earliest match start from which a match reaches the end */
        for (size_t p = b0; p < b1; p++) {
            int m = kq_regex_search(e->aux, s, b1, p, ov);
            if (m <= 0) break;
            if ((size_t)ov[1] == b1 && ov[1] != ov[0]) {
                b1 = (size_t)ov[0];
                break;
            }
            p = (size_t)ov[0];
        }
    }
    *out = kq_str(s + b0, b1 - b0);
}

static void fn_trim(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { trim_impl(e, row, c, out, true, true); }
static void fn_trim_start(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { trim_impl(e, row, c, out, true, false); }
static void fn_trim_end(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { trim_impl(e, row, c, out, false, true); }

static void fn_matches(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    const char *s;
    size_t n;
    bool z;
    kq_value_text(&a, c, &s, &n, &z);
    if (z) {
        *out = kq_bool(false);
        return;
    }
    int r = kq_regex_test(e->aux, s, n);
    if (r < 0) kq_regex_limit_error(c);
    *out = kq_bool(r > 0);
}

static void fn_strcat_array(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    KQ_ARG(1, d);
    const char *ds;
    size_t dn;
    text_of(&d, c, &ds, &dn);
    kq_buf b;
    kq_buf_init(&b);
    if (a.type == KQ_T_DYNAMIC && !a.null && a.u.d->kind == KQ_D_ARRAY) {
        for (uint32_t i = 0; i < a.u.d->n; i++) {
            if (i) kq_buf_put(&b, ds, dn);
            kq_value x = kq_dynv(&a.u.d->u.items[i]);
            kq_value_tostring(&b, &x);
        }
    }
    *out = scratch_str(c, b.p ? b.p : "", b.len);
    kq_buf_free(&b);
}

const kq_fn kq_fns_string[] = {
    {"tolower", 1, 1, RT_FIXED, KQ_T_STRING, fn_tolower, NULL},
    {"toupper", 1, 1, RT_FIXED, KQ_T_STRING, fn_toupper, NULL},
    {"strlen", 1, 1, RT_FIXED, KQ_T_LONG, fn_strlen, NULL},
    {"substring", 2, 3, RT_FIXED, KQ_T_STRING, fn_substring, NULL},
    {"strcat", 1, 64, RT_FIXED, KQ_T_STRING, fn_strcat, NULL},
    {"strcat_delim", 3, 65, RT_FIXED, KQ_T_STRING, fn_strcat_delim, NULL},
    {"strcat_array", 2, 2, RT_FIXED, KQ_T_STRING, fn_strcat_array, NULL},
    {"split", 2, 3, RT_FIXED, KQ_T_DYNAMIC, fn_split, NULL},
    {"replace_string", 3, 3, RT_FIXED, KQ_T_STRING, fn_replace_string, NULL},
    {"replace_regex", 3, 3, RT_FIXED, KQ_T_STRING, fn_replace_regex, prepare_regex1},
    {"indexof", 2, 5, RT_FIXED, KQ_T_LONG, fn_indexof, NULL},
    {"countof", 2, 3, RT_FIXED, KQ_T_LONG, fn_countof, prepare_countof},
    {"reverse", 1, 1, RT_FIXED, KQ_T_STRING, fn_reverse, NULL},
    {"extract", 3, 4, RT_FIXED, KQ_T_STRING, fn_extract, prepare_regex0},
    {"extract_all", 2, 3, RT_FIXED, KQ_T_DYNAMIC, fn_extract_all, prepare_extract_all},
    {"trim", 2, 2, RT_FIXED, KQ_T_STRING, fn_trim, prepare_regex0},
    {"trim_start", 2, 2, RT_FIXED, KQ_T_STRING, fn_trim_start, prepare_regex0},
    {"trim_end", 2, 2, RT_FIXED, KQ_T_STRING, fn_trim_end, prepare_regex0},
    {"__matches_regex", 2, 2, RT_FIXED, KQ_T_BOOL, fn_matches, prepare_regex1},
    {NULL, 0, 0, RT_FIXED, KQ_T_UNKNOWN, NULL, NULL},
};
