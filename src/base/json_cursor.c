/*
 * json_cursor.c - walking one JSON object's top-level members without building a tree: the hot
 * path of the JSON-lines reader, which converts only the fields a query uses. Strings are
 * skipped 8 bytes at a time looking for a quote or a backslash (which skips the next byte), nested
 * values by counting brackets outside strings (each closer must match its opener; nesting is
 * capped at MAX_DEPTH). Top-level scalars are checked against the JSON grammar; the insides of
 * nested values are only checked for balance - the caller parses a value it uses.
 */
#include "json.h"

#include <stdint.h>
#include <string.h>

enum { MAX_DEPTH = 512 };

enum cursor_state { CURSOR_FIRST_MEMBER, CURSOR_NEXT_MEMBER, CURSOR_DONE, CURSOR_FAILED };


static inline bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* 8 bytes at p as a little-endian word, so the first byte in memory is the lowest. */
static inline uint64_t load_word(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* High bit set in the bytes of w that are zero. Borrows can flag bytes after the first zero
 * byte, never before it, so the lowest flag is exact. */
static inline uint64_t zero_bytes(uint64_t w)
{
    return (w - ONES) & ~w & HIGHS;
}

/* The first '"' or '\\' in [p, end), or end. */
static inline const char *next_quote_or_backslash(const char *p, const char *end)
{
    while (end - p >= 8) {
        uint64_t w = load_word(p);
        uint64_t m = zero_bytes(w ^ (ONES * '"')) | zero_bytes(w ^ (ONES * '\\'));
        if (m) return p + __builtin_ctzll(m) / 8;
        p += 8;
    }
    while (p < end && *p != '"' && *p != '\\') p++;
    return p;
}

/* The closing quote of the string whose body starts at p, or NULL when unterminated.
 * *has_escape tells whether the body holds a backslash. */
static const char *string_close(const char *p, const char *end, bool *has_escape)
{
    bool escape = false;
    for (;;) {
        p = next_quote_or_backslash(p, end);
        if (p == end) return NULL;
        if (*p == '"') {
            *has_escape = escape;
            return p;
        }
        escape = true;
        if (end - p < 2) return NULL;
        p += 2; /* the escaped character cannot close the string */
    }
}

static const char *skip_number(const char *p, const char *end)
{
    if (*p == '-') p++;
    if (p == end || !is_digit(*p)) return NULL;
    if (*p == '0') p++;
    else
        while (p < end && is_digit(*p)) p++;
    if (p < end && *p == '.') {
        p++;
        if (p == end || !is_digit(*p)) return NULL;
        while (p < end && is_digit(*p)) p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-')) p++;
        if (p == end || !is_digit(*p)) return NULL;
        while (p < end && is_digit(*p)) p++;
    }
    return p;
}

static const char *skip_literal(const char *p, const char *end, const char *word, size_t len)
{
    if ((size_t)(end - p) < len || memcmp(p, word, len) != 0) return NULL;
    return p + len;
}

/* The first quote or bracket in [p, end), or end. Setting bit 5 maps '[' to '{' and ']' to
 * '}', so two comparisons find all four brackets. */
static inline const char *next_structural(const char *p, const char *end)
{
    while (end - p >= 8) {
        uint64_t w = load_word(p);
        uint64_t folded = w | (ONES * 0x20);
        uint64_t m = zero_bytes(w ^ (ONES * '"')) | zero_bytes(folded ^ (ONES * '{')) |
                     zero_bytes(folded ^ (ONES * '}'));
        if (m) return p + __builtin_ctzll(m) / 8;
        p += 8;
    }
    while (p < end && *p != '"' && (*p | 0x20) != '{' && (*p | 0x20) != '}') p++;
    return p;
}

/* Skips the array or object opening at p. */
static const char *skip_container(const char *p, const char *end)
{
    uint64_t is_object[MAX_DEPTH / 64]; /* bit per open level: 1 for '{', 0 for '[' */
    int depth = 0;
    for (; (p = next_structural(p, end)) < end; p++) {
        char c = *p;
        if (c == '"') {
            bool escape;
            p = string_close(p + 1, end, &escape);
            if (!p) return NULL;
        } else if (c == '{' || c == '[') {
            if (depth == MAX_DEPTH) return NULL;
            uint64_t bit = 1ULL << (depth % 64);
            if (c == '{') is_object[depth / 64] |= bit;
            else is_object[depth / 64] &= ~bit;
            depth++;
        } else {
            depth--;
            bool opened_object = (is_object[depth / 64] >> (depth % 64)) & 1;
            if (opened_object != (c == '}')) return NULL;
            if (depth == 0) return p + 1;
        }
    }
    return NULL;
}

const char *kq_json_skip_value(const char *p, const char *end)
{
    p = kq_json_skip_space(p, end);
    if (p == end) return NULL;
    switch (*p) {
    case '"': {
        bool escape;
        const char *q = string_close(p + 1, end, &escape);
        return q ? q + 1 : NULL;
    }
    case '{':
    case '[': return skip_container(p, end);
    case 't': return skip_literal(p, end, "true", 4);
    case 'f': return skip_literal(p, end, "false", 5);
    case 'n': return skip_literal(p, end, "null", 4);
    default: return *p == '-' || is_digit(*p) ? skip_number(p, end) : NULL;
    }
}

bool kq_json_obj_begin(kq_json_cursor *c, const char *s, size_t n)
{
    const char *end = s + n;
    const char *p = kq_json_skip_space(s, end);
    c->end = end;
    if (p == end || *p != '{') {
        c->p = p;
        c->state = CURSOR_FAILED;
        return false;
    }
    c->p = p + 1;
    c->state = CURSOR_FIRST_MEMBER;
    return true;
}

static int cursor_fail(kq_json_cursor *c, const char *at)
{
    c->p = at;
    c->state = CURSOR_FAILED;
    return -1;
}

/* The object closed at p (just past its '}'): only whitespace may follow. */
static int cursor_finish(kq_json_cursor *c, const char *p)
{
    p = kq_json_skip_space(p, c->end);
    if (p != c->end) return cursor_fail(c, p);
    c->p = p;
    c->state = CURSOR_DONE;
    return 0;
}

int kq_json_obj_next(kq_json_cursor *c, const char **key, size_t *key_len, bool *key_has_escape,
                     const char **val, size_t *val_len)
{
    if (c->state == CURSOR_DONE) return 0;
    if (c->state == CURSOR_FAILED) return -1;
    const char *end = c->end;
    const char *p = kq_json_skip_space(c->p, end);
    if (p == end) return cursor_fail(c, p);
    if (*p == '}') return cursor_finish(c, p + 1);
    if (c->state == CURSOR_NEXT_MEMBER) {
        if (*p != ',') return cursor_fail(c, p);
        p = kq_json_skip_space(p + 1, end);
        if (p == end) return cursor_fail(c, p);
    }
    if (*p != '"') return cursor_fail(c, p);
    const char *key_start = p + 1;
    bool key_escape;
    const char *key_close = string_close(key_start, end, &key_escape);
    if (!key_close) return cursor_fail(c, p);
    p = kq_json_skip_space(key_close + 1, end);
    if (p == end || *p != ':') return cursor_fail(c, p);
    const char *value_start = kq_json_skip_space(p + 1, end);
    const char *value_end = kq_json_skip_value(value_start, end);
    if (!value_end) return cursor_fail(c, value_start);

    *key = key_start;
    *key_len = (size_t)(key_close - key_start);
    *key_has_escape = key_escape;
    *val = value_start;
    *val_len = (size_t)(value_end - value_start);
    c->p = value_end;
    c->state = CURSOR_NEXT_MEMBER;
    return 1;
}
