/*
 * schema_infer.c - building a reader's schema: field names as Kusto shows them (Log Analytics
 * export suffixes like " [UTC]" dropped, duplicates numbered) and field types voted from a sample
 * of values (JSON value kinds, or CSV cell texts; empty cells do not vote).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/datetime.h"
#include "reader_impl.h"

static bool name_taken(const kq_reader *r, const char *name)
{
    for (int i = 0; i < r->nfields; i++)
        if (strcmp(r->fields[i].pub.name, name) == 0) return true;
    return false;
}

int kq_schema_add(kq_reader *r, const char *raw, size_t raw_len, const char *name, size_t name_len)
{
    while (name_len > 0 && (name[0] == ' ' || name[0] == '\t')) name++, name_len--;
    while (name_len > 0 && (name[name_len - 1] == ' ' || name[name_len - 1] == '\t')) name_len--;
    /* "TimeGenerated [UTC]", "TimeGenerated [Pacific Time (US and Canada) Tijuana]" */
    if (name_len > 0 && name[name_len - 1] == ']') {
        for (size_t i = 1; i + 1 < name_len; i++) {
            if (name[i] == ' ' && name[i + 1] == '[') {
                name_len = i;
                break;
            }
        }
    }
    char base[256];
    if (name_len == 0)
        snprintf(base, sizeof base, "Column%d", r->nfields + 1);
    else
        snprintf(base, sizeof base, "%.*s", (int)(name_len < 255 ? name_len : 255), name);
    char unique[300];
    snprintf(unique, sizeof unique, "%s", base);
    for (int k = 1; name_taken(r, unique); k++) snprintf(unique, sizeof unique, "%s%d", base, k);
    r->fields = kq_xrealloc(r->fields, (size_t)(r->nfields + 1) * sizeof *r->fields);
    kq_schema_field *f = &r->fields[r->nfields];
    memset(f, 0, sizeof *f);
    f->pub.name = kq_xstrdup(unique);
    f->pub.type = KQ_T_STRING;
    f->raw_key = kq_xmalloc(raw_len + 1);
    memcpy(f->raw_key, raw, raw_len);
    f->raw_key[raw_len] = 0;
    f->raw_len = raw_len;
    return r->nfields++;
}

kq_type kq_schema_type_of_kinds(unsigned kinds)
{
    kinds &= ~(unsigned)KQ_KIND_NULL;
    if (kinds == 0) return KQ_T_STRING;
    if (kinds & KQ_KIND_CONTAINER) return KQ_T_DYNAMIC;
    if (kinds == KQ_KIND_INT) return KQ_T_LONG;
    if ((kinds & ~(unsigned)(KQ_KIND_INT | KQ_KIND_REAL)) == 0) return KQ_T_REAL;
    if (kinds == KQ_KIND_BOOL) return KQ_T_BOOL;
    if (kinds == KQ_KIND_DATETIME) return KQ_T_DATETIME;
    return KQ_T_STRING;
}

/* "yyyy-mm-ddThh:mm" at the start of s; a space may stand for the T when allow_space. */
static bool iso_shape(const char *s, size_t n, bool allow_space)
{
    static const char shape[] = "dddd-dd-ddTdd:dd";
    if (n < sizeof shape - 1) return false;
    for (size_t i = 0; i < sizeof shape - 1; i++) {
        char want = shape[i];
        if (want == 'd') {
            if (s[i] < '0' || s[i] > '9') return false;
        } else if (s[i] != want && !(want == 'T' && allow_space && s[i] == ' ')) {
            return false;
        }
    }
    return true;
}

bool kq_looks_like_iso_datetime(const char *s, size_t n)
{
    return iso_shape(s, n, false);
}

/* "11/20/2020, 4:20:29.443 PM" (Log Analytics portal export) */
static bool looks_like_portal_datetime(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++, digits++;
    if (digits < 1 || digits > 2 || i >= n || s[i] != '/') return false;
    return memchr(s, ',', n) && (memmem(s, n, " AM", 3) || memmem(s, n, " PM", 3));
}

static bool is_decimal_integer(const char *s, size_t n)
{
    size_t i = (n > 0 && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    if (i == n || n - i > 18) return false; /* 18 digits always fit in a long */
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static bool is_decimal_real(const char *s, size_t n)
{
    size_t i = (n > 0 && (s[0] == '-' || s[0] == '+')) ? 1 : 0, digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++, digits++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++, digits++;
    }
    if (digits == 0) return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+')) i++;
        size_t exp_digits = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++, exp_digits++;
        if (exp_digits == 0) return false;
    }
    return i == n;
}

unsigned kq_text_candidates(const char *s, size_t n)
{
    unsigned c = 0;
    if (is_decimal_integer(s, n)) c |= KQ_CAND_LONG | KQ_CAND_REAL;
    else if (is_decimal_real(s, n)) c |= KQ_CAND_REAL;
    if ((n == 4 && strncasecmp(s, "true", 4) == 0) || (n == 5 && strncasecmp(s, "false", 5) == 0))
        c |= KQ_CAND_BOOL;
    if (iso_shape(s, n, true) || looks_like_portal_datetime(s, n)) {
        int64_t ticks;
        if (kq_dt_parse(s, n, &ticks)) c |= KQ_CAND_DATETIME;
    }
    return c;
}

kq_type kq_schema_type_of_candidates(unsigned candidates)
{
    if (candidates == KQ_CAND_ALL) return KQ_T_STRING; /* no cell voted */
    if (candidates & KQ_CAND_LONG) return KQ_T_LONG;
    if (candidates & KQ_CAND_REAL) return KQ_T_REAL;
    if (candidates & KQ_CAND_BOOL) return KQ_T_BOOL;
    if (candidates & KQ_CAND_DATETIME) return KQ_T_DATETIME;
    return KQ_T_STRING;
}
