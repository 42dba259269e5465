/*
 * fn_url.c - URL and path parsing (KQL_SUBSET.md 6.5): parse_url (bag of Scheme, Host, Port,
 * Path, Username, Password, Query Parameters, Fragment; no decoding), parse_urlquery and
 * parse_path (Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension,
 * AlternateDataStreamName for Windows, UNC, file:// and POSIX paths).
 */
#include <string.h>

#include "fn.h"
#include "value.h"

static void text_of(const kq_value *v, kq_ctx *c, const char **s, size_t *n)
{
    bool z;
    kq_value_text(v, c, s, n, &z);
}

static kq_dyn dstr(kq_ctx *c, const char *s, size_t n)
{
    kq_dyn d = {0};
    d.kind = KQ_D_STRING;
    d.u.s = n ? kq_arena_strdup(c->scratch, s, n) : "";
    d.n = (uint32_t)n;
    return d;
}

static void set_member(kq_dyn_member *m, const char *key, kq_dyn v)
{
    m->key = key;
    m->key_len = (uint32_t)strlen(key);
    m->value = v;
}

static const kq_dyn *new_object(kq_ctx *c, kq_dyn_member *m, uint32_t n)
{
    kq_dyn *d = kq_arena_zalloc(c->scratch, sizeof *d);
    d->kind = KQ_D_OBJECT;
    d->n = n;
    d->u.members = m;
    return d;
}

/* key=value&... -> bag; empty keys or values are dropped; a repeated key gives an array */
static kq_dyn query_bag(kq_ctx *c, const char *s, size_t n)
{
    /* count the pairs to size the arrays */
    uint32_t cap = 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '&') cap++;
    kq_dyn_member *m = kq_arena_zalloc(c->scratch, sizeof(kq_dyn_member) * cap);
    uint32_t *counts = kq_arena_zalloc(c->scratch, sizeof(uint32_t) * cap);
    const char **vs = kq_arena_alloc(c->scratch, sizeof(char *) * cap);
    size_t *vn = kq_arena_alloc(c->scratch, sizeof(size_t) * cap);
    uint32_t *owner = kq_arena_alloc(c->scratch, sizeof(uint32_t) * cap);
    uint32_t k = 0, nv = 0;
    size_t i = 0;
    while (i <= n) {
        size_t st = i;
        while (i < n && s[i] != '&') i++;
        size_t eq = st;
        while (eq < i && s[eq] != '=') eq++;
        if (eq < i && eq > st && eq + 1 < i) {
            const char *key = s + st;
            size_t kn = eq - st;
            uint32_t at = k;
            for (uint32_t j = 0; j < k; j++)
                if (m[j].key_len == kn && memcmp(m[j].key, key, kn) == 0) at = j;
            if (at == k) {
                m[k].key = kq_arena_strdup(c->scratch, key, kn);
                m[k].key_len = (uint32_t)kn;
                k++;
            }
            counts[at]++;
            vs[nv] = s + eq + 1;
            vn[nv] = i - eq - 1;
            owner[nv] = at;
            nv++;
        }
        i++;
    }
    for (uint32_t j = 0; j < k; j++) {
        if (counts[j] == 1) {
            for (uint32_t v = 0; v < nv; v++)
                if (owner[v] == j) m[j].value = dstr(c, vs[v], vn[v]);
            continue;
        }
        kq_dyn *items = kq_arena_zalloc(c->scratch, sizeof(kq_dyn) * counts[j]);
        uint32_t w = 0;
        for (uint32_t v = 0; v < nv; v++)
            if (owner[v] == j) items[w++] = dstr(c, vs[v], vn[v]);
        m[j].value.kind = KQ_D_ARRAY;
        m[j].value.n = w;
        m[j].value.u.items = items;
    }
    kq_dyn d = {0};
    d.kind = KQ_D_OBJECT;
    d.n = k;
    d.u.members = m;
    return d;
}

static bool is_alpha(char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }
static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

static void fn_parse_url(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    const char *s;
    size_t n;
    text_of(&a, c, &s, &n);
    const char *f[8] = {"", "", "", "", "", "", NULL, ""};
    size_t fn[8] = {0};
    enum { SCHEME, HOST, PORT, PATH, USER, PASS, QUERY, FRAG };
    size_t qs = 0, qn = 0;
    /* scheme "://" */
    size_t i = 0;
    if (n && is_alpha(s[0])) {
        while (i < n && (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')) i++;
    }
    bool ok = i > 0 && i + 3 <= n && memcmp(s + i, "://", 3) == 0;
    if (ok) {
        f[SCHEME] = s, fn[SCHEME] = i;
        i += 3;
        size_t as = i;
        while (i < n && s[i] != '/' && s[i] != '?' && s[i] != '#') i++;
        size_t ae = i;
        /* user:password@ (userinfo without ':' stays part of the host) */
        size_t at = ae;
        for (size_t j = as; j < ae; j++)
            if (s[j] == '@') at = j;
        size_t hs = as;
        if (at < ae) {
            size_t colon = as;
            while (colon < at && s[colon] != ':') colon++;
            if (colon < at && colon > as && colon + 1 < at) {
                f[USER] = s + as, fn[USER] = colon - as;
                f[PASS] = s + colon + 1, fn[PASS] = at - colon - 1;
                hs = at + 1;
            }
        }
        /* host[:port] */
        size_t he = ae;
        size_t pc = ae;
        size_t scan = hs;
        if (scan < ae && s[scan] == '[') {
            while (scan < ae && s[scan] != ']') scan++;
        }
        for (size_t j = scan; j < ae; j++)
            if (s[j] == ':') pc = j;
        if (pc < ae) {
            bool digits = pc + 1 < ae;
            for (size_t j = pc + 1; j < ae; j++) digits = digits && is_digit(s[j]);
            if (digits) {
                f[PORT] = s + pc + 1, fn[PORT] = ae - pc - 1;
                he = pc;
            }
        }
        f[HOST] = s + hs, fn[HOST] = he - hs;
        /* path, query, fragment */
        size_t ps = i;
        while (i < n && s[i] != '?' && s[i] != '#') i++;
        if (!(i - ps == 1 && s[ps] == '/')) f[PATH] = s + ps, fn[PATH] = i - ps;
        if (i < n && s[i] == '?') {
            qs = ++i;
            while (i < n && s[i] != '#') i++;
            qn = i - qs;
        }
        if (i < n && s[i] == '#') f[FRAG] = s + i + 1, fn[FRAG] = n - i - 1;
    }
    static const char *names[8] = {"Scheme", "Host", "Port", "Path", "Username", "Password", "Query Parameters", "Fragment"};
    kq_dyn_member *m = kq_arena_zalloc(c->scratch, sizeof(kq_dyn_member) * 8);
    for (int k = 0; k < 8; k++) {
        if (k == QUERY) set_member(&m[k], names[k], query_bag(c, ok ? s + qs : "", qn));
        else set_member(&m[k], names[k], dstr(c, f[k], fn[k]));
    }
    *out = kq_dynv(new_object(c, m, 8));
}

static void fn_parse_urlquery(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    const char *s;
    size_t n;
    text_of(&a, c, &s, &n);
    if (n && s[0] == '?') s++, n--;
    kq_dyn_member *m = kq_arena_zalloc(c->scratch, sizeof(kq_dyn_member));
    set_member(m, "Query Parameters", query_bag(c, s, n));
    *out = kq_dynv(new_object(c, m, 1));
}

static bool is_sep(char ch) { return ch == '/' || ch == '\\'; }

static void fn_parse_path(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    const char *s;
    size_t n;
    text_of(&a, c, &s, &n);
    size_t i = 0;
    const char *scheme = "";
    size_t scheme_n = 0;
    /* scheme:// */
    if (n && is_alpha(s[0])) {
        size_t j = 0;
        while (j < n && (is_alpha(s[j]) || is_digit(s[j]) || s[j] == '+' || s[j] == '-' || s[j] == '.')) j++;
        if (j > 1 && j + 3 <= n && memcmp(s + j, "://", 3) == 0) {
            scheme = s, scheme_n = j;
            i = j + 3;
        }
    }
    const char *p = s + i;
    size_t pn = n - i;
    /* root: a drive letter, also after the long-path prefix \\?\ */
    size_t r = 0;
    if (pn >= 4 && p[0] == '\\' && p[1] == '\\' && p[2] == '?' && p[3] == '\\') r = 4;
    const char *root = "";
    size_t root_n = 0;
    if (pn >= r + 2 && is_alpha(p[r]) && p[r + 1] == ':') root = p + r, root_n = 2;
    /* last separator splits directory and file name */
    size_t last = pn;
    for (size_t j = 0; j < pn; j++)
        if (is_sep(p[j])) last = j;
    size_t dir_n = 0, file_s = 0;
    if (last < pn) {
        dir_n = last;
        file_s = last + 1;
        /* a separator right after the root (or at the start) belongs to the directory */
        if (dir_n == 0 || (root_n && dir_n == r + 2)) dir_n = last + 1;
    } else if (root_n) {
        dir_n = r + 2;
        file_s = r + 2;
    }
    /* directory name: the last component of the directory path */
    size_t de = dir_n;
    while (de > 0 && is_sep(p[de - 1])) de--;
    size_t ds = de;
    while (ds > 0 && !is_sep(p[ds - 1])) ds--;
    if (root_n && ds <= r + 2 && de == r + 2) ds = de; /* the root itself is no name */
    /* file name and alternate data stream */
    const char *file = p + file_s;
    size_t file_n = pn - file_s, ads_s = file_n;
    for (size_t j = 0; j < file_n; j++)
        if (file[j] == ':') {
            ads_s = j;
            break;
        }
    const char *ads = ads_s < file_n ? file + ads_s + 1 : "";
    size_t ads_n = ads_s < file_n ? file_n - ads_s - 1 : 0;
    file_n = ads_s;
    size_t dot = file_n;
    for (size_t j = 0; j < file_n; j++)
        if (file[j] == '.') dot = j;
    static const char *names[7] = {"Scheme", "RootPath", "DirectoryPath", "DirectoryName", "Filename", "Extension", "AlternateDataStreamName"};
    kq_dyn_member *m = kq_arena_zalloc(c->scratch, sizeof(kq_dyn_member) * 7);
    set_member(&m[0], names[0], dstr(c, scheme, scheme_n));
    set_member(&m[1], names[1], dstr(c, root, root_n));
    set_member(&m[2], names[2], dstr(c, p, dir_n));
    set_member(&m[3], names[3], dstr(c, p + ds, de - ds));
    set_member(&m[4], names[4], dstr(c, file, file_n));
    set_member(&m[5], names[5], dot < file_n ? dstr(c, file + dot + 1, file_n - dot - 1) : dstr(c, "", 0));
    set_member(&m[6], names[6], dstr(c, ads, ads_n));
    *out = kq_dynv(new_object(c, m, 7));
}

const kq_fn kq_fns_url[] = {
    {"parse_url", 1, 1, RT_FIXED, KQ_T_DYNAMIC, fn_parse_url, NULL},
    {"parseurl", 1, 1, RT_FIXED, KQ_T_DYNAMIC, fn_parse_url, NULL},
    {"parse_urlquery", 1, 1, RT_FIXED, KQ_T_DYNAMIC, fn_parse_urlquery, NULL},
    {"parseurlquery", 1, 1, RT_FIXED, KQ_T_DYNAMIC, fn_parse_urlquery, NULL},
    {"parse_path", 1, 1, RT_FIXED, KQ_T_DYNAMIC, fn_parse_path, NULL},
    {NULL, 0, 0, RT_FIXED, KQ_T_UNKNOWN, NULL, NULL},
};
