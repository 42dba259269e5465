/*
 * fn_parse_kv.c - the value extraction of parse-kv (KQL_SUBSET.md 4.12): the value of one key
 * in a text of key/value pairs. With delimiters, the text is split at pair_delimiter and each
 * pair at its first kv_delimiter (greedy: a piece without a kv_delimiter belongs to the previous
 * value); without, a key is a whole term followed by a separator, and its value the following
 * run of letters, digits and . _ - /. Keys and values are trimmed; the first occurrence wins.
 */
#include <string.h>

#include "kv.h"
#include "value.h"

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void trim(const char **s, size_t *n)
{
    while (*n && blank(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && blank((*s)[*n - 1])) (*n)--;
}

static bool alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80;
}

static const char *find(const char *s, const char *end, const char *d, size_t dn)
{
    if (!dn) return NULL;
    for (const char *p = s; p + dn <= end; p++)
        if (memcmp(p, d, dn) == 0) return p;
    return NULL;
}

/* with delimiters: the value of key, or false */
static bool delimited(const kq_kv_spec *k, const char *s, size_t n, const char **v, size_t *vn)
{
    const char *end = s + n, *p = s;
    size_t pd = strlen(k->pair_delim), kd = strlen(k->kv_delim);
    while (p <= end) {
        const char *stop = find(p, end, k->pair_delim, pd);
        const char *pair_end = stop ? stop : end;
        const char *sep = find(p, pair_end, k->kv_delim, kd);
        if (sep) {
            const char *key = p;
            size_t key_n = (size_t)(sep - p);
            trim(&key, &key_n);
            const char *val = sep + kd;
            const char *val_end = pair_end;
            if (k->greedy) {
                /* the value runs on through pieces that hold no kv_delimiter */
                while (stop) {
                    const char *next = stop + pd;
                    const char *next_stop = find(next, end, k->pair_delim, pd);
                    const char *next_end = next_stop ? next_stop : end;
                    if (find(next, next_end, k->kv_delim, kd)) break;
                    val_end = next_end;
                    stop = next_stop;
                }
            }
            if (key_n == k->key_len && memcmp(key, k->key, key_n) == 0) {
                size_t vl = (size_t)(val_end - val);
                trim(&val, &vl);
                *v = val;
                *vn = vl;
                return true;
            }
        }
        if (!stop) break;
        p = stop + pd;
    }
    return false;
}

/* without delimiters: key as a whole term, then separators, then a run of value characters */
static bool undelimited(const kq_kv_spec *k, const char *s, size_t n, const char **v, size_t *vn)
{
    for (size_t i = 0; i + k->key_len <= n; i++) {
        if (memcmp(s + i, k->key, k->key_len) != 0) continue;
        if (i > 0 && alnum(s[i - 1])) continue;
        size_t j = i + k->key_len;
        if (j < n && alnum(s[j])) continue;
        size_t sep = j;
        while (sep < n && !alnum(s[sep]) && !blank(s[sep])) sep++;
        if (sep == j) continue; /* a key needs a separator after it */
        while (sep < n && blank(s[sep])) sep++;
        size_t e = sep;
        while (e < n && (alnum(s[e]) || s[e] == '.' || s[e] == '_' || s[e] == '-' || s[e] == '/')) e++;
        *v = s + sep;
        *vn = e - sep;
        return true;
    }
    return false;
}

void kq_eval_kv(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    const kq_kv_spec *k = e->aux;
    kq_value src;
    kq_eval(e->args[0], row, c, &src);
    const char *s, *v;
    size_t n, vn;
    bool isnull;
    kq_value_text(&src, c, &s, &n, &isnull);
    bool found = k->pair_delim ? delimited(k, s, n, &v, &vn) : undelimited(k, s, n, &v, &vn);
    if (!found) {
        *out = kq_null(e->type);
        return;
    }
    kq_value text = kq_str(v, vn);
    *out = e->type == KQ_T_STRING ? text : kq_convert(&text, e->type, c);
}
