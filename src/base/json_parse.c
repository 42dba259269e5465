/*
 * json_parse.c - strict RFC 8259 JSON text -> kq_dyn tree in an arena (kq_json_parse).
 * One pass and no recursion: the open containers live on a frame stack (nesting is capped at
 * MAX_DEPTH) and their children are collected on a scratch stack, then copied into the arena
 * once when the container closes, so each array or object is a single exact-size allocation.
 * Integers that fit int64 become KQ_D_LONG, every other number KQ_D_REAL.
 */
#include "json.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

enum {
    MAX_DEPTH = 512,       /* deepest nesting of arrays and objects accepted */
    LOCAL_SCRATCH = 256,   /* children held on the C stack before the scratch moves to the heap */
    MAX_SIGNIFICANT = 19,  /* decimal digits that always fit a uint64 */
    SHORT_NUMBER = 64,     /* numbers shorter than this are copied on the C stack for strtod */
    POOL_CHUNK = 4096      /* largest arena chunk taken at once for string bytes */
};

typedef struct open_container {
    size_t first_child; /* index in the scratch stack */
    bool is_object;
} open_container;

typedef struct parser {
    const char *p, *end;
    const char *error_at;
    kq_arena *arena;
    char *pool; /* string pool: the free part of the current chunk */
    size_t pool_left;
    kq_dyn_member *scratch; /* children of the open containers, innermost last */
    size_t scratch_len, scratch_cap;
    kq_dyn_member local_scratch[LOCAL_SCRATCH];
} parser;


static kq_dyn_member *scratch_push(parser *ps)
{
    if (ps->scratch_len == ps->scratch_cap) {
        size_t cap = ps->scratch_cap * 2;
        if (ps->scratch == ps->local_scratch) {
            ps->scratch = kq_xmalloc(cap * sizeof *ps->scratch);
            memcpy(ps->scratch, ps->local_scratch, sizeof ps->local_scratch);
        } else {
            ps->scratch = kq_xrealloc(ps->scratch, cap * sizeof *ps->scratch);
        }
        ps->scratch_cap = cap;
    }
    return &ps->scratch[ps->scratch_len++];
}

/* ---- strings ---- */

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

/* Flags the bytes of w that end a plain run in a string: '"', '\\', control characters and,
 * when stop_at_high, bytes >= 0x80. Only the lowest flag is exact. */
static inline uint64_t attention_bytes(uint64_t w, bool stop_at_high)
{
    uint64_t m = zero_bytes(w ^ (ONES * '"')) | zero_bytes(w ^ (ONES * '\\')) |
                 ((w - ONES * 0x20) & ~w & HIGHS);
    return stop_at_high ? m | (w & HIGHS) : m;
}

/* The first byte in [p, end) that ends a plain run (see attention_bytes), or end. */
static inline const char *next_attention(const char *p, const char *end, bool stop_at_high)
{
    while (end - p >= 8) {
        uint64_t m = attention_bytes(load_word(p), stop_at_high);
        if (m) return p + __builtin_ctzll(m) / 8;
        p += 8;
    }
    for (; p < end; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\' || c < 0x20 || (stop_at_high && c >= 0x80)) return p;
    }
    return end;
}

/* Finds the closing quote of the string whose body starts at p. *plain is set when the body
 * has no escape and no byte >= 0x80 (it can be copied as is). NULL when the string is
 * unterminated or holds a raw control character. */
static const char *scan_string_body(const char *p, const char *end, bool *plain)
{
    bool is_plain = true;
    for (;;) {
        p = next_attention(p, end, is_plain);
        if (p == end) return NULL;
        unsigned char c = (unsigned char)*p;
        if (c == '"') {
            *plain = is_plain;
            return p;
        }
        if (c == '\\') {
            if (end - p < 2) return NULL;
            is_plain = false;
            p += 2; /* the escape itself is checked when the body is decoded */
            continue;
        }
        if (c < 0x20) return NULL;
        is_plain = false; /* a byte >= 0x80: UTF-8 to check when the body is decoded */
        p++;
    }
}

/* Copies a plain string body into the string pool: arena chunks shared by the strings of one
 * parse. The strings still to come fit in the input left, which bounds a chunk's size. */
static const char *pool_copy(parser *ps, const char *s, size_t n)
{
    if (n == 0) return "";
    if (ps->pool_left < n) {
        size_t input_left = (size_t)(ps->end - s);
        size_t chunk = input_left < POOL_CHUNK ? input_left : POOL_CHUNK;
        if (chunk < n) chunk = n;
        ps->pool = kq_arena_alloc(ps->arena, chunk);
        ps->pool_left = chunk;
    }
    char *copy = ps->pool;
    memcpy(copy, s, n);
    ps->pool += n;
    ps->pool_left -= n;
    return copy;
}

/* Reads the string starting at p (at its opening quote) into the arena. */
static const char *parse_string(parser *ps, const char *p, const char **out, uint32_t *out_len)
{
    const char *body = p + 1;
    bool plain;
    const char *close = scan_string_body(body, ps->end, &plain);
    if (!close) {
        ps->error_at = p;
        return NULL;
    }
    size_t n = (size_t)(close - body);
    if (n > UINT32_MAX) {
        ps->error_at = p;
        return NULL;
    }
    if (plain) {
        *out = pool_copy(ps, body, n);
        *out_len = (uint32_t)n;
    } else {
        size_t len;
        if (!kq_json_unescape(body, n, ps->arena, out, &len) || len > UINT32_MAX) {
            ps->error_at = p;
            return NULL;
        }
        *out_len = (uint32_t)len;
    }
    return close + 1;
}

/* ---- numbers ---- */

static const double exact_powers_of_ten[] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static locale_t c_numeric_locale;
static once_flag c_numeric_locale_once = ONCE_FLAG_INIT;

static void make_c_numeric_locale(void)
{
    c_numeric_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

/* strtod of [s, s+n) with '.' as the decimal point whatever the process locale is. */
static double text_to_double(parser *ps, const char *s, size_t n)
{
    char local[SHORT_NUMBER];
    char *copy = n < sizeof local ? local : kq_arena_alloc(ps->arena, n + 1);
    memcpy(copy, s, n);
    copy[n] = 0;
    call_once(&c_numeric_locale_once, make_c_numeric_locale);
    if (c_numeric_locale) return strtod_l(copy, NULL, c_numeric_locale);
    return strtod(copy, NULL);
}

static inline bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? at p. Small exact cases are converted
 * directly (Clinger's fast path); the rest goes through strtod, which rounds correctly. */
static const char *parse_number(parser *ps, const char *p, kq_dyn *v)
{
    const char *start = p, *end = ps->end;
    bool negative = *p == '-';
    if (negative) p++;
    uint64_t mantissa = 0;
    int significant = 0;  /* digits accumulated into mantissa after its first non-zero one */
    bool inexact = false;   /* a digit or the exponent does not fit: strtod converts */
    int64_t exponent10 = 0; /* value = mantissa * 10^exponent10 (when !inexact) */

    if (p < end && *p == '0') {
        p++;
    } else if (p < end && is_digit(*p)) {
        for (; p < end && is_digit(*p); p++) {
            if (significant < MAX_SIGNIFICANT) {
                mantissa = mantissa * 10 + (uint64_t)(*p - '0');
                significant++;
            } else {
                inexact = true;
            }
        }
    } else {
        ps->error_at = p;
        return NULL;
    }
    bool integral = true;
    if (p < end && *p == '.') {
        integral = false;
        p++;
        if (p == end || !is_digit(*p)) {
            ps->error_at = p;
            return NULL;
        }
        for (; p < end && is_digit(*p); p++) {
            if (mantissa == 0 && *p == '0') {
                exponent10--;
            } else if (significant < MAX_SIGNIFICANT) {
                mantissa = mantissa * 10 + (uint64_t)(*p - '0');
                significant++;
                exponent10--;
            } else {
                inexact = true;
            }
        }
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        integral = false;
        p++;
        bool exponent_negative = false;
        if (p < end && (*p == '+' || *p == '-')) exponent_negative = *p++ == '-';
        if (p == end || !is_digit(*p)) {
            ps->error_at = p;
            return NULL;
        }
        int64_t written = 0;
        for (; p < end && is_digit(*p); p++) {
            if (written < 100000) written = written * 10 + (*p - '0');
            else inexact = true; /* far outside double's range: strtod decides */
        }
        exponent10 += exponent_negative ? -written : written;
    }

    if (integral && !inexact) {
        if (!negative && mantissa <= (uint64_t)INT64_MAX) {
            v->kind = KQ_D_LONG;
            v->u.i = (int64_t)mantissa;
            return p;
        }
        if (negative && mantissa <= (uint64_t)INT64_MAX + 1) {
            v->kind = KQ_D_LONG;
            v->u.i = mantissa == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mantissa;
            return p;
        }
    }
    v->kind = KQ_D_REAL;
    if (!inexact && mantissa <= (1ULL << 53) && exponent10 >= -22 && exponent10 <= 22) {
        double r = (double)mantissa;
        r = exponent10 >= 0 ? r * exact_powers_of_ten[exponent10]
                            : r / exact_powers_of_ten[-exponent10];
        v->u.r = negative ? -r : r;
    } else {
        v->u.r = text_to_double(ps, start, (size_t)(p - start));
    }
    return p;
}

/* ---- scalars and keys ---- */

static const char *parse_literal(parser *ps, const char *p, const char *word, size_t len)
{
    if ((size_t)(ps->end - p) < len || memcmp(p, word, len) != 0) {
        ps->error_at = p;
        return NULL;
    }
    return p + len;
}

/* Reads a string, number, true, false or null at p (whitespace already skipped). */
static const char *parse_scalar(parser *ps, const char *p, kq_dyn *v)
{
    v->n = 0;
    switch (*p) {
    case '"': {
        const char *s;
        uint32_t len;
        p = parse_string(ps, p, &s, &len);
        if (!p) return NULL;
        v->kind = KQ_D_STRING;
        v->n = len;
        v->u.s = s;
        return p;
    }
    case 't':
        v->kind = KQ_D_BOOL;
        v->u.b = true;
        return parse_literal(ps, p, "true", 4);
    case 'f':
        v->kind = KQ_D_BOOL;
        v->u.b = false;
        return parse_literal(ps, p, "false", 5);
    case 'n':
        v->kind = KQ_D_NULL;
        v->u.i = 0;
        return parse_literal(ps, p, "null", 4);
    default:
        if (*p == '-' || is_digit(*p)) return parse_number(ps, p, v);
        ps->error_at = p;
        return NULL;
    }
}

/* Reads `"key" :` at p (whitespace allowed around) and pushes a member slot holding the key. */
static const char *parse_key(parser *ps, const char *p)
{
    p = kq_json_skip_space(p, ps->end);
    if (p == ps->end || *p != '"') {
        ps->error_at = p;
        return NULL;
    }
    kq_dyn_member *m = scratch_push(ps);
    p = parse_string(ps, p, &m->key, &m->key_len);
    if (!p) return NULL;
    p = kq_json_skip_space(p, ps->end);
    if (p == ps->end || *p != ':') {
        ps->error_at = p;
        return NULL;
    }
    return p + 1;
}

/* Moves the children of the innermost open container from the scratch stack to the arena. */
static bool close_container(parser *ps, const open_container *c, kq_dyn *v)
{
    size_t count = ps->scratch_len - c->first_child;
    if (count > UINT32_MAX) return false;
    const kq_dyn_member *children = ps->scratch + c->first_child;
    v->n = (uint32_t)count;
    if (c->is_object) {
        kq_dyn_member *members = kq_arena_alloc(ps->arena, count * sizeof *members);
        memcpy(members, children, count * sizeof *members);
        v->kind = KQ_D_OBJECT;
        v->u.members = members;
    } else {
        kq_dyn *items = kq_arena_alloc(ps->arena, count * sizeof *items);
        for (size_t i = 0; i < count; i++) items[i] = children[i].value;
        v->kind = KQ_D_ARRAY;
        v->u.items = items;
    }
    ps->scratch_len = c->first_child;
    return true;
}

bool kq_json_parse(const char *s, size_t n, kq_arena *a, kq_dyn *out, size_t *err_off)
{
    parser ps;
    ps.end = s + n;
    ps.error_at = s;
    ps.arena = a;
    ps.pool = NULL;
    ps.pool_left = 0;
    ps.scratch = ps.local_scratch;
    ps.scratch_len = 0;
    ps.scratch_cap = LOCAL_SCRATCH;
    open_container open[MAX_DEPTH];
    int depth = 0;
    const char *p = s;
    const char *end = ps.end;
    kq_dyn v;
    bool ok = false;

    for (;;) {
        /* the start of a value: open a container, or read a whole scalar into v */
        p = kq_json_skip_space(p, end);
        if (p == end) {
            ps.error_at = p;
            goto done;
        }
        if (*p == '{' || *p == '[') {
            bool is_object = *p == '{';
            if (depth == MAX_DEPTH) {
                ps.error_at = p;
                goto done;
            }
            p = kq_json_skip_space(p + 1, end);
            if (p < end && *p == (is_object ? '}' : ']')) {
                p++;
                v.kind = is_object ? KQ_D_OBJECT : KQ_D_ARRAY;
                v.n = 0;
                v.u.items = NULL;
            } else {
                open[depth].first_child = ps.scratch_len;
                open[depth].is_object = is_object;
                depth++;
                if (is_object && !(p = parse_key(&ps, p))) goto done;
                continue;
            }
        } else if (!(p = parse_scalar(&ps, p, &v))) {
            goto done;
        }

        /* v is complete: attach it to its container, closing every container that ends here */
        for (;;) {
            if (depth == 0) {
                p = kq_json_skip_space(p, end);
                ps.error_at = p;
                ok = p == end;
                goto done;
            }
            open_container *c = &open[depth - 1];
            if (c->is_object) ps.scratch[ps.scratch_len - 1].value = v;
            else scratch_push(&ps)->value = v;
            p = kq_json_skip_space(p, end);
            if (p < end && *p == ',') {
                p++;
                if (c->is_object && !(p = parse_key(&ps, p))) goto done;
                break;
            }
            if (p < end && *p == (c->is_object ? '}' : ']')) {
                p++;
                if (!close_container(&ps, c, &v)) {
                    ps.error_at = p;
                    goto done;
                }
                depth--;
                continue;
            }
            ps.error_at = p;
            goto done;
        }
    }

done:
    if (ps.scratch != ps.local_scratch) free(ps.scratch);
    if (ok) *out = v;
    else if (err_off) *err_off = (size_t)(ps.error_at - s);
    return ok;
}
