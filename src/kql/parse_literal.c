/*
 * parse_literal.c - literal forms that start with a word (KQL_SUBSET.md 1.4-1.8): true/false,
 * typed literals datetime(...), time(...), int(...), long(...), real(...), bool(...) with
 * their typed nulls, dynamic(...) built into a kq_dyn tree, typeof(T), and type names.
 * decimal and guid literals are reported as not supported yet.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/datetime.h"
#include "parse_int.h"

static const struct {
    const char *name;
    kq_type type; /* KQ_T_UNKNOWN: recognised but not supported */
} type_names[] = {
    {"string", KQ_T_STRING}, {"long", KQ_T_LONG}, {"int", KQ_T_INT}, {"real", KQ_T_REAL},
    {"double", KQ_T_REAL}, {"bool", KQ_T_BOOL}, {"boolean", KQ_T_BOOL},
    {"datetime", KQ_T_DATETIME}, {"date", KQ_T_DATETIME}, {"timespan", KQ_T_TIMESPAN},
    {"time", KQ_T_TIMESPAN}, {"dynamic", KQ_T_DYNAMIC}, {"decimal", KQ_T_UNKNOWN},
    {"guid", KQ_T_UNKNOWN}, {"uuid", KQ_T_UNKNOWN}, {"uniqueid", KQ_T_UNKNOWN},
};

/* "decimal" or "guid" for the unsupported type words, NULL otherwise */
static const char *unsupported_kind(const char *name)
{
    if (strcmp(name, "decimal") == 0) return "decimal";
    if (strcmp(name, "guid") == 0 || strcmp(name, "uuid") == 0 || strcmp(name, "uniqueid") == 0)
        return "guid";
    return NULL;
}

static kq_type lookup_type(const char *name, bool *found)
{
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
        if (strcmp(type_names[i].name, name) == 0) {
            *found = true;
            return type_names[i].type;
        }
    *found = false;
    return KQ_T_UNKNOWN;
}

kq_type kq_p_type_name(kq_parser *p)
{
    const kq_token *t = kq_p_tok(p);
    if (t->kind != T_IDENT || t->bracketed || t->raw_start >= 0) kq_p_fail_expected(p, "a type name");
    bool found;
    kq_type type = lookup_type(t->text, &found);
    if (!found) kq_p_fail_at(p, t->start, t->end, "unknown type '%s'", t->text);
    const char *unsupported = unsupported_kind(t->text);
    if (unsupported) kq_p_fail_at(p, t->start, t->end, "%s is not supported yet", unsupported);
    kq_p_next(p);
    return type;
}

/* ---- typed literals: the raw text inside the parentheses ---- */

typedef struct raw_text {
    const char *s;
    size_t n;
} raw_text;

/* The content of a typed literal token: trimmed, and without one pair of quotes. */
static raw_text raw_content(const kq_parser *p, const kq_token *t)
{
    raw_text r = {p->text + t->raw_start, (size_t)(t->raw_end - t->raw_start)};
    while (r.n && isspace((unsigned char)r.s[0])) r.s++, r.n--;
    while (r.n && isspace((unsigned char)r.s[r.n - 1])) r.n--;
    if (r.n >= 2 && (r.s[0] == '"' || r.s[0] == '\'') && r.s[r.n - 1] == r.s[0]) {
        r.s++;
        r.n -= 2;
    }
    return r;
}

static bool raw_is(raw_text r, const char *word)
{
    return strlen(word) == r.n && strncasecmp(r.s, word, r.n) == 0;
}

static bool is_hex(raw_text r)
{
    return r.n > 2 && r.s[0] == '0' && (r.s[1] == 'x' || r.s[1] == 'X');
}

/* [+-] decimal digits or 0x hex digits, the whole text */
static bool parse_integer(raw_text r, int64_t *out)
{
    size_t i = 0;
    bool negative = false;
    if (i < r.n && (r.s[i] == '+' || r.s[i] == '-')) negative = r.s[i++] == '-';
    while (i < r.n && isspace((unsigned char)r.s[i])) i++;
    if (i >= r.n) return false;
    uint64_t v = 0, limit = negative ? UINT64_C(9223372036854775808) : UINT64_C(9223372036854775807);
    if (r.n - i > 2 && r.s[i] == '0' && (r.s[i + 1] == 'x' || r.s[i + 1] == 'X')) {
        for (i += 2; i < r.n; i++) {
            if (!isxdigit((unsigned char)r.s[i])) return false;
            int d = isdigit((unsigned char)r.s[i]) ? r.s[i] - '0' : (tolower((unsigned char)r.s[i]) - 'a' + 10);
            if (v > (UINT64_MAX >> 4)) return false;
            v = v * 16 + (uint64_t)d;
        }
        *out = negative ? (int64_t)(0 - v) : (int64_t)v;
        return true;
    }
    for (; i < r.n; i++) {
        if (!isdigit((unsigned char)r.s[i])) return false;
        uint64_t d = (uint64_t)(r.s[i] - '0');
        if (v > (limit - d) / 10) return false;
        v = v * 10 + d;
    }
    *out = negative ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

static bool parse_real(kq_parser *p, raw_text r, double *out)
{
    const char *body = r.s;
    size_t n = r.n;
    double sign = 1;
    if (n && (body[0] == '+' || body[0] == '-')) {
        if (body[0] == '-') sign = -1;
        body++;
        n--;
    }
    raw_text rest = {body, n};
    if (raw_is(rest, "nan")) {
        *out = NAN;
        return true;
    }
    if (raw_is(rest, "inf") || raw_is(rest, "infinity")) {
        *out = sign * INFINITY;
        return true;
    }
    if (!n || !(isdigit((unsigned char)body[0]))) return false;
    for (size_t i = 0; i < n; i++) {
        char c = body[i];
        if (!isdigit((unsigned char)c) && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-')
            return false;
    }
    char *copy = kq_arena_strdup(p->arena, body, n);
    char *end;
    double v = strtod(copy, &end);
    if (*end) return false;
    *out = sign * v;
    return true;
}

/* datetime(y, m, d[, h, min, s]) */
static bool parse_civil(raw_text r, int64_t *out)
{
    int parts[6] = {0, 1, 1, 0, 0, 0};
    int count = 0;
    size_t i = 0;
    while (i < r.n) {
        if (count == 6) return false;
        raw_text field = {r.s + i, 0};
        while (i < r.n && r.s[i] != ',') i++, field.n++;
        while (field.n && isspace((unsigned char)field.s[0])) field.s++, field.n--;
        while (field.n && isspace((unsigned char)field.s[field.n - 1])) field.n--;
        int64_t v;
        if (!parse_integer(field, &v) || v < 0 || v > 10000) return false;
        parts[count++] = (int)v;
        if (i < r.n) i++;
    }
    if (count < 3) return false;
    return kq_dt_from_civil(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], 0, out);
}

/* Converts the typed literal token t into lit; fails at its span when the text is invalid. */
static void typed_literal_value(kq_parser *p, const kq_token *t, kq_value *lit)
{
    raw_text r = raw_content(p, t);
    const char *head = t->text;
    const char *unsupported = unsupported_kind(head);
    if (unsupported) kq_p_fail_at(p, t->start, t->end, "%s is not supported yet", unsupported);
    bool found;
    lit->type = (uint8_t)lookup_type(head, &found);
    if (raw_is(r, "null")) {
        lit->null = 1;
        return;
    }
    bool ok = false;
    switch (lit->type) {
    case KQ_T_DATETIME:
        ok = kq_dt_parse(r.s, r.n, &lit->u.i) || (memchr(r.s, ',', r.n) && parse_civil(r, &lit->u.i));
        break;
    case KQ_T_TIMESPAN:
        ok = kq_ts_parse(r.s, r.n, &lit->u.i);
        break;
    case KQ_T_INT:
        ok = parse_integer(r, &lit->u.i);
        if (ok && is_hex(r) && lit->u.i > INT32_MAX && lit->u.i <= (int64_t)UINT32_MAX)
            lit->u.i = (int32_t)(uint32_t)lit->u.i; /* int(0xf090013d): the bits of an int */
        ok = ok && lit->u.i >= INT32_MIN && lit->u.i <= INT32_MAX;
        break;
    case KQ_T_LONG:
        ok = parse_integer(r, &lit->u.i);
        break;
    case KQ_T_REAL:
        ok = parse_real(p, r, &lit->u.r);
        break;
    case KQ_T_BOOL: {
        int64_t v;
        if (raw_is(r, "true") || raw_is(r, "false")) {
            lit->u.b = raw_is(r, "true");
            ok = true;
        } else if (parse_integer(r, &v)) {
            lit->u.b = v != 0;
            ok = true;
        }
        break;
    }
    default:
        break;
    }
    if (!ok) kq_p_fail_at(p, t->start, t->end, "invalid %s literal '%.*s'", head, (int)(t->end - t->start) > 80 ? 80 : t->end - t->start, p->text + t->start);
}

/* ---- dynamic(...) ---- */

static void dynamic_value(kq_parser *p, kq_dyn *out);

static void dyn_string(kq_dyn *out, const char *s, size_t n)
{
    out->kind = KQ_D_STRING;
    out->n = (uint32_t)n;
    out->u.s = s;
}

static void dynamic_array(kq_parser *p, kq_dyn *out)
{
    kq_p_expect(p, T_LBRACKET);
    size_t cap = 4, n = 0;
    kq_dyn *items = kq_arena_zalloc(p->arena, sizeof *items * cap);
    if (!kq_p_is(p, T_RBRACKET)) {
        do {
            if (n == cap) {
                kq_dyn *grown = kq_arena_zalloc(p->arena, sizeof *grown * cap * 2);
                memcpy(grown, items, sizeof *items * n);
                items = grown;
                cap *= 2;
            }
            dynamic_value(p, &items[n++]);
        } while (kq_p_accept(p, T_COMMA));
    }
    kq_p_expect(p, T_RBRACKET);
    out->kind = KQ_D_ARRAY;
    out->n = (uint32_t)n;
    out->u.items = items;
}

static void dynamic_object(kq_parser *p, kq_dyn *out)
{
    kq_p_expect(p, T_LBRACE);
    size_t cap = 4, n = 0;
    kq_dyn_member *members = kq_arena_zalloc(p->arena, sizeof *members * cap);
    if (!kq_p_is(p, T_RBRACE)) {
        do {
            if (n == cap) {
                kq_dyn_member *grown = kq_arena_zalloc(p->arena, sizeof *grown * cap * 2);
                memcpy(grown, members, sizeof *members * n);
                members = grown;
                cap *= 2;
            }
            const kq_token *key = kq_p_tok(p);
            if (key->kind != T_STRING) kq_p_fail_expected(p, "a quoted property name");
            kq_p_next(p);
            members[n].key = key->text;
            members[n].key_len = (uint32_t)key->len;
            kq_p_expect(p, T_COLON);
            dynamic_value(p, &members[n].value);
            n++;
        } while (kq_p_accept(p, T_COMMA));
    }
    kq_p_expect(p, T_RBRACE);
    out->kind = KQ_D_OBJECT;
    out->n = (uint32_t)n;
    out->u.members = members;
}

/* A number, possibly signed, inside a dynamic literal. */
static void dynamic_number(kq_parser *p, kq_dyn *out)
{
    bool negative = false;
    if (kq_p_is(p, T_MINUS) || kq_p_is(p, T_PLUS)) negative = kq_p_next(p)->kind == T_MINUS;
    const kq_token *t = kq_p_tok(p);
    switch (t->kind) {
    case T_LONG:
        out->kind = KQ_D_LONG;
        out->u.i = negative ? (int64_t)(0 - (uint64_t)t->i) : t->i;
        break;
    case T_TIMESPAN:
        out->kind = KQ_D_LONG;
        out->u.i = negative ? (int64_t)(0 - (uint64_t)t->i) : t->i;
        break;
    case T_REAL:
        out->kind = KQ_D_REAL;
        out->u.r = negative ? -t->r : t->r;
        break;
    default:
        kq_p_fail_expected(p, "a number");
    }
    kq_p_next(p);
}

static void dynamic_value(kq_parser *p, kq_dyn *out)
{
    const kq_token *t = kq_p_tok(p);
    memset(out, 0, sizeof *out);
    kq_p_enter(p);
    switch (t->kind) {
    case T_LBRACKET:
        dynamic_array(p, out);
        break;
    case T_LBRACE:
        dynamic_object(p, out);
        break;
    case T_STRING:
        dyn_string(out, t->text, t->len);
        kq_p_next(p);
        break;
    case T_LONG: case T_REAL: case T_TIMESPAN: case T_MINUS: case T_PLUS:
        dynamic_number(p, out);
        break;
    case T_IDENT:
        if (t->bracketed) {
            /* ['x'] lexes as a bracketed name: here it is an array of one string */
            kq_dyn *item = kq_arena_zalloc(p->arena, sizeof *item);
            dyn_string(item, t->text, t->len);
            out->kind = KQ_D_ARRAY;
            out->n = 1;
            out->u.items = item;
            kq_p_next(p);
        } else if (t->raw_start >= 0) {
            kq_value v = {0};
            typed_literal_value(p, t, &v);
            kq_p_next(p);
            if (v.null) break;
            switch (v.type) {
            case KQ_T_DATETIME: out->kind = KQ_D_DATETIME; out->u.i = v.u.i; break;
            case KQ_T_TIMESPAN: case KQ_T_INT: case KQ_T_LONG: out->kind = KQ_D_LONG; out->u.i = v.u.i; break;
            case KQ_T_REAL: out->kind = KQ_D_REAL; out->u.r = v.u.r; break;
            case KQ_T_BOOL: out->kind = KQ_D_BOOL; out->u.b = v.u.b; break;
            default: break;
            }
        } else if (strcasecmp(t->text, "true") == 0 || strcasecmp(t->text, "false") == 0) {
            out->kind = KQ_D_BOOL;
            out->u.b = strcasecmp(t->text, "true") == 0;
            kq_p_next(p);
        } else if (strcmp(t->text, "null") == 0) {
            out->kind = KQ_D_NULL;
            kq_p_next(p);
        } else {
            kq_p_fail_expected(p, "a JSON value");
        }
        break;
    default:
        kq_p_fail_expected(p, "a JSON value");
    }
    kq_p_leave(p);
}

/* dynamic( value ): the current token is the word dynamic. */
static kq_ast *dynamic_literal(kq_parser *p)
{
    kq_ast *n = kq_p_node(p, A_LITERAL, kq_p_next(p)->start);
    n->lit.type = KQ_T_DYNAMIC;
    kq_p_expect(p, T_LPAREN);
    kq_dyn *d = kq_arena_zalloc(p->arena, sizeof *d);
    dynamic_value(p, d);
    kq_p_expect(p, T_RPAREN);
    if (d->kind == KQ_D_NULL) n->lit.null = 1;
    else n->lit.u.d = d;
    kq_p_finish(p, n);
    return n;
}

kq_ast *kq_p_literal(kq_parser *p)
{
    const kq_token *t = kq_p_tok(p);
    if (t->kind != T_IDENT || t->bracketed) return NULL;
    kq_ast *n;
    if (t->raw_start >= 0) {
        n = kq_p_node(p, A_LITERAL, t->start);
        typed_literal_value(p, t, &n->lit);
    } else if (strcasecmp(t->text, "true") == 0 || strcasecmp(t->text, "false") == 0) {
        n = kq_p_node(p, A_LITERAL, t->start);
        n->lit.type = KQ_T_BOOL;
        n->lit.u.b = strcasecmp(t->text, "true") == 0;
    } else if (strcmp(t->text, "dynamic") == 0 && kq_p_peek(p, 1)->kind == T_LPAREN) {
        return dynamic_literal(p);
    } else if (strcmp(t->text, "typeof") == 0 && kq_p_peek(p, 1)->kind == T_LPAREN) {
        n = kq_p_node(p, A_TYPEOF, kq_p_next(p)->start);
        kq_p_next(p);
        n->type = kq_p_type_name(p);
        kq_p_expect(p, T_RPAREN);
        kq_p_finish(p, n);
        return n;
    } else {
        return NULL;
    }
    kq_p_next(p);
    kq_p_finish(p, n);
    return n;
}
