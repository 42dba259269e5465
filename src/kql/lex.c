/*
 * lex.c - the KQL lexer (KQL_SUBSET.md section 1): query text -> an array of tokens with byte
 * spans. Strings are unescaped and adjacent literals concatenated here; numbers and timespan
 * literals carry their values; typed literal heads such as datetime(...) keep the span of their
 * raw content for the parser. Also the source text of each token kind (kq_tok_text).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/datetime.h"
#include "../base/error.h"
#include "parse_int.h"

typedef struct lexer {
    const char *s;
    size_t len;
    size_t i;
    kq_arena *arena;
    kq_error *err;
    kq_token *toks;
    int n, cap;
    char *buf; /* scratch for string values (arena, grown by doubling) */
    size_t buf_len, buf_cap;
} lexer;

static const struct {
    kq_tok kind;
    const char *text;
} token_texts[] = {
    {T_EOF, "end of query"}, {T_ERROR, "invalid token"}, {T_IDENT, "identifier"},
    {T_STRING, "string literal"}, {T_LONG, "number"}, {T_REAL, "real number"},
    {T_TIMESPAN, "timespan literal"}, {T_LPAREN, "("}, {T_RPAREN, ")"}, {T_LBRACKET, "["},
    {T_RBRACKET, "]"}, {T_LBRACE, "{"}, {T_RBRACE, "}"}, {T_COMMA, ","}, {T_SEMI, ";"},
    {T_PIPE, "|"}, {T_DOT, "."}, {T_DOTDOT, ".."}, {T_COLON, ":"}, {T_ASSIGN, "="},
    {T_ARROW, "=>"}, {T_PLUS, "+"}, {T_MINUS, "-"}, {T_STAR, "*"}, {T_SLASH, "/"},
    {T_PERCENT, "%"}, {T_EQ, "=="}, {T_NE, "!="}, {T_LT, "<"}, {T_LE, "<="}, {T_GT, ">"},
    {T_GE, ">="}, {T_EQ_CI, "=~"}, {T_NE_CI, "!~"}, {T_AND, "and"}, {T_OR, "or"},
    {T_HAS, "has"}, {T_NOT_HAS, "!has"}, {T_HAS_CS, "has_cs"}, {T_NOT_HAS_CS, "!has_cs"},
    {T_HASPREFIX, "hasprefix"}, {T_NOT_HASPREFIX, "!hasprefix"},
    {T_HASPREFIX_CS, "hasprefix_cs"}, {T_NOT_HASPREFIX_CS, "!hasprefix_cs"},
    {T_HASSUFFIX, "hassuffix"}, {T_NOT_HASSUFFIX, "!hassuffix"},
    {T_HASSUFFIX_CS, "hassuffix_cs"}, {T_NOT_HASSUFFIX_CS, "!hassuffix_cs"},
    {T_CONTAINS, "contains"}, {T_NOT_CONTAINS, "!contains"}, {T_CONTAINS_CS, "contains_cs"},
    {T_NOT_CONTAINS_CS, "!contains_cs"}, {T_STARTSWITH, "startswith"},
    {T_NOT_STARTSWITH, "!startswith"}, {T_STARTSWITH_CS, "startswith_cs"},
    {T_NOT_STARTSWITH_CS, "!startswith_cs"}, {T_ENDSWITH, "endswith"},
    {T_NOT_ENDSWITH, "!endswith"}, {T_ENDSWITH_CS, "endswith_cs"},
    {T_NOT_ENDSWITH_CS, "!endswith_cs"}, {T_MATCHES_REGEX, "matches regex"}, {T_IN, "in"},
    {T_NOT_IN, "!in"}, {T_IN_CI, "in~"}, {T_NOT_IN_CI, "!in~"}, {T_HAS_ANY, "has_any"},
    {T_HAS_ALL, "has_all"}, {T_BETWEEN, "between"}, {T_NOT_BETWEEN, "!between"},
    {T_LIKE, "like"}, {T_NOT_LIKE, "notlike"}, {T_LIKE_CS, "likecs"},
    {T_NOT_LIKE_CS, "notlikecs"},
};

const char *kq_tok_text(kq_tok t)
{
    for (size_t k = 0; k < sizeof token_texts / sizeof token_texts[0]; k++)
        if (token_texts[k].kind == t) return token_texts[k].text;
    return "?";
}

static const char *const typed_literal_heads[] = {
    "datetime", "date", "time", "timespan", "int", "long", "real", "double",
    "bool", "boolean", "decimal", "guid", "uuid", "uniqueid",
};

/* True for the heads whose parenthesised content is kept raw (datetime, time, int, ...). */
static bool is_typed_literal_head(const char *name, size_t n)
{
    for (size_t k = 0; k < sizeof typed_literal_heads / sizeof typed_literal_heads[0]; k++)
        if (strlen(typed_literal_heads[k]) == n && memcmp(typed_literal_heads[k], name, n) == 0)
            return true;
    return false;
}

/* Reports a lexical error; the caller returns false right after. */
static bool lex_error(lexer *lx, size_t start, size_t end, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static bool lex_error(lexer *lx, size_t start, size_t end, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kq_error_at(lx->err, KQ_ERR_QUERY, lx->s, lx->len, (int)start, (int)end, "%s", msg);
    return false;
}

static bool is_ident_start(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool is_ident_char(int c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9');
}

static bool is_digit(int c) { return c >= '0' && c <= '9'; }

static int at(const lexer *lx, size_t i) { return i < lx->len ? (unsigned char)lx->s[i] : -1; }

/* Length of a Unicode whitespace or line separator sequence at i (UTF-8), 0 when none. */
static size_t unicode_space_len(const lexer *lx, size_t i)
{
    int c0 = at(lx, i), c1 = at(lx, i + 1), c2 = at(lx, i + 2);
    if (c0 == 0xC2 && c1 == 0xA0) return 2;                          /* U+00A0 */
    if (c0 == 0xE1 && c1 == 0x9A && c2 == 0x80) return 3;            /* U+1680 */
    if (c0 == 0xE1 && c1 == 0xA0 && c2 == 0x8E) return 3;            /* U+180E */
    if (c0 == 0xE2 && c1 == 0x80 && ((c2 >= 0x80 && c2 <= 0x8B) || c2 == 0xA8 || c2 == 0xA9 ||
                                      c2 == 0xAF))
        return 3;                                                    /* U+2000-200B, 2028/9, 202F */
    if (c0 == 0xE2 && c1 == 0x81 && c2 == 0x9F) return 3;            /* U+205F */
    if (c0 == 0xE3 && c1 == 0x80 && c2 == 0x80) return 3;            /* U+3000 */
    if (c0 == 0xEF && c1 == 0xBB && c2 == 0xBF) return 3;            /* U+FEFF */
    return 0;
}

static bool is_line_end(const lexer *lx, size_t i)
{
    int c = at(lx, i);
    if (c == '\n' || c == '\r') return true;
    return c == 0xE2 && at(lx, i + 1) == 0x80 && (at(lx, i + 2) == 0xA8 || at(lx, i + 2) == 0xA9);
}

/* Skips whitespace and // comments from i; returns the new position, or (size_t)-1 after
 * reporting a block comment. */
static size_t skip_space(lexer *lx, size_t i)
{
    for (;;) {
        int c = at(lx, i);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            i++;
        } else if (c == '/' && at(lx, i + 1) == '/') {
            while (i < lx->len && !is_line_end(lx, i)) i++;
        } else if (c == '/' && at(lx, i + 1) == '*') {
            lex_error(lx, i, i + 2, "block comments '/* */' are not supported in KQL; use //");
            return (size_t)-1;
        } else {
            size_t u = unicode_space_len(lx, i);
            if (!u) return i;
            i += u;
        }
    }
}

static void buf_put(lexer *lx, const char *p, size_t n)
{
    if (lx->buf_len + n + 1 > lx->buf_cap) {
        size_t cap = lx->buf_cap ? lx->buf_cap * 2 : 64;
        while (cap < lx->buf_len + n + 1) cap *= 2;
        char *nb = kq_arena_alloc(lx->arena, cap);
        if (lx->buf_len) memcpy(nb, lx->buf, lx->buf_len);
        lx->buf = nb;
        lx->buf_cap = cap;
    }
    memcpy(lx->buf + lx->buf_len, p, n);
    lx->buf_len += n;
}

static void buf_put_utf8(lexer *lx, uint32_t cp)
{
    char out[4];
    size_t n;
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
    if (cp > 0x10FFFF) cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    buf_put(lx, out, n);
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Reads exactly n hex digits at *i into *out. */
static bool read_hex(lexer *lx, size_t *i, int n, uint32_t *out)
{
    uint32_t v = 0;
    for (int k = 0; k < n; k++) {
        int h = hex_value(at(lx, *i));
        if (h < 0) return false;
        v = v * 16 + (uint32_t)h;
        (*i)++;
    }
    *out = v;
    return true;
}

/* One backslash escape at i (pointing after the backslash); appends its value. */
static bool lex_escape(lexer *lx, size_t *i)
{
    size_t start = *i - 1;
    int c = at(lx, *i);
    static const char simple_in[] = "\\'\"abfnrtv";
    static const char simple_out[] = "\\'\"\a\b\f\n\r\t\v";
    const char *hit = c > 0 ? strchr(simple_in, c) : NULL;
    if (hit) {
        buf_put(lx, &simple_out[hit - simple_in], 1);
        (*i)++;
        return true;
    }
    uint32_t cp;
    if (c == 'u' || c == 'U') {
        (*i)++;
        if (!read_hex(lx, i, c == 'u' ? 4 : 8, &cp))
            return lex_error(lx, start, *i, "invalid \\%c escape in string literal", c);
        if (c == 'u' && cp >= 0xD800 && cp <= 0xDBFF && at(lx, *i) == '\\' &&
            at(lx, *i + 1) == 'u') {
            size_t j = *i + 2;
            uint32_t low;
            if (read_hex(lx, &j, 4, &low) && low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                *i = j;
            }
        }
        buf_put_utf8(lx, cp);
        return true;
    }
    if (c == 'x') {
        (*i)++;
        uint32_t v = 0;
        int digits = 0;
        while (digits < 2 && hex_value(at(lx, *i)) >= 0) {
            v = v * 16 + (uint32_t)hex_value(at(lx, *i));
            (*i)++;
            digits++;
        }
        if (!digits) return lex_error(lx, start, *i, "invalid \\x escape in string literal");
        buf_put_utf8(lx, v);
        return true;
    }
    if (c >= '0' && c <= '7') {
        uint32_t v = 0;
        for (int digits = 0; digits < 3 && at(lx, *i) >= '0' && at(lx, *i) <= '7'; digits++) {
            v = v * 8 + (uint32_t)(at(lx, *i) - '0');
            (*i)++;
        }
        buf_put_utf8(lx, v);
        return true;
    }
    return lex_error(lx, start, *i + (c >= 0 ? 1 : 0), "invalid escape sequence in string literal");
}

/* Does a string literal start at i? Returns its prefix length (0 = no literal): the count of
 * h/H and @ characters before the quote, plus 1 for the quote itself; ``` and ~~~ give 3. */
static size_t string_start(const lexer *lx, size_t i)
{
    size_t k = i;
    if (at(lx, k) == 'h' || at(lx, k) == 'H') k++;
    if (at(lx, k) == '@') k++;
    int q = at(lx, k);
    if (q == '"' || q == '\'') return k - i + 1;
    if (k == i && (q == '`' || q == '~') && at(lx, k + 1) == q && at(lx, k + 2) == q) return 3;
    return 0;
}

/* Lexes one literal at i (string_start(i) > 0), appending its value to the scratch buffer.
 * Sets *end past it. */
static bool lex_one_string(lexer *lx, size_t i, size_t *end)
{
    size_t start = i;
    if (at(lx, i) == 'h' || at(lx, i) == 'H') i++;
    bool verbatim = at(lx, i) == '@';
    if (verbatim) i++;
    int q = at(lx, i);
    if ((q == '`' || q == '~') && !verbatim) {
        i += 3;
        for (;;) {
            if (i + 3 > lx->len)
                return lex_error(lx, start, lx->len, "unterminated multi-line string literal");
            if (at(lx, i) == q && at(lx, i + 1) == q && at(lx, i + 2) == q) break;
            buf_put(lx, lx->s + i, 1);
            i++;
        }
        *end = i + 3;
        return true;
    }
    i++;
    for (;;) {
        int c = at(lx, i);
        if (c < 0 || c == '\n' || c == '\r')
            return lex_error(lx, start, i, "unterminated string literal");
        if (c == q) {
            if (verbatim && at(lx, i + 1) == q) {
                buf_put(lx, lx->s + i, 1);
                i += 2;
                continue;
            }
            *end = i + 1;
            return true;
        }
        if (c == '\\' && !verbatim) {
            i++;
            if (!lex_escape(lx, &i)) return false;
            continue;
        }
        buf_put(lx, lx->s + i, 1);
        i++;
    }
}

static kq_token *push(lexer *lx, kq_tok kind, size_t start, size_t end, bool spaced)
{
    if (lx->n == lx->cap) {
        int cap = lx->cap ? lx->cap * 2 : 64;
        kq_token *nt = kq_arena_alloc(lx->arena, sizeof *nt * (size_t)cap);
        if (lx->n) memcpy(nt, lx->toks, sizeof *nt * (size_t)lx->n);
        lx->toks = nt;
        lx->cap = cap;
    }
    kq_token *t = &lx->toks[lx->n++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->start = (int)start;
    t->end = (int)end;
    t->spaced = spaced;
    t->raw_start = t->raw_end = -1;
    return t;
}

static void set_text(lexer *lx, kq_token *t, const char *p, size_t n)
{
    t->text = kq_arena_strdup(lx->arena, p, n);
    t->len = n;
}

/* String literal(s) starting at *i, concatenating adjacent ones across spaces and comments. */
static bool lex_strings(lexer *lx, size_t *i, bool spaced)
{
    size_t start = *i, end;
    lx->buf_len = 0;
    if (!lex_one_string(lx, *i, &end)) return false;
    for (;;) {
        size_t next = skip_space(lx, end);
        if (next == (size_t)-1) return false;
        if (!string_start(lx, next)) break;
        if (!lex_one_string(lx, next, &end)) return false;
    }
    kq_token *t = push(lx, T_STRING, start, end, spaced);
    set_text(lx, t, lx->buf ? lx->buf : "", lx->buf_len);
    *i = end;
    return true;
}

/* ['name'] or ["name"] at i: on success pushes the identifier and moves *i. */
static bool try_bracketed_name(lexer *lx, size_t *i, bool spaced, bool *ok)
{
    *ok = false;
    size_t k = skip_space(lx, *i + 1);
    if (k == (size_t)-1) return false;
    int q = at(lx, k);
    if (q != '"' && q != '\'') return true;
    /* scan the quoted text without reporting errors: it may just be an array element */
    size_t j = k + 1;
    while (j < lx->len && at(lx, j) != q && at(lx, j) != '\n') j += at(lx, j) == '\\' ? 2 : 1;
    if (at(lx, j) != q) return true;
    size_t close = skip_space(lx, j + 1);
    if (close == (size_t)-1) return false;
    if (at(lx, close) != ']') return true;
    size_t end;
    lx->buf_len = 0;
    if (!lex_one_string(lx, k, &end)) return false;
    kq_token *t = push(lx, T_IDENT, *i, close + 1, spaced);
    set_text(lx, t, lx->buf ? lx->buf : "", lx->buf_len);
    t->bracketed = true;
    *i = close + 1;
    *ok = true;
    return true;
}

/* Word operators that may follow '!' (with their negated token kinds). */
static const struct {
    const char *word;
    kq_tok kind;
} negated_words[] = {
    {"has", T_NOT_HAS}, {"has_cs", T_NOT_HAS_CS}, {"hasprefix", T_NOT_HASPREFIX},
    {"hasprefix_cs", T_NOT_HASPREFIX_CS}, {"hassuffix", T_NOT_HASSUFFIX},
    {"hassuffix_cs", T_NOT_HASSUFFIX_CS}, {"contains", T_NOT_CONTAINS},
    {"contains_cs", T_NOT_CONTAINS_CS}, {"startswith", T_NOT_STARTSWITH},
    {"startswith_cs", T_NOT_STARTSWITH_CS}, {"endswith", T_NOT_ENDSWITH},
    {"endswith_cs", T_NOT_ENDSWITH_CS}, {"in", T_NOT_IN}, {"between", T_NOT_BETWEEN},
};

static bool lex_bang(lexer *lx, size_t *i, bool spaced)
{
    size_t start = *i;
    if (at(lx, start + 1) == '=') {
        push(lx, T_NE, start, start + 2, spaced);
        *i = start + 2;
        return true;
    }
    if (at(lx, start + 1) == '~') {
        push(lx, T_NE_CI, start, start + 2, spaced);
        *i = start + 2;
        return true;
    }
    size_t k = start + 1;
    while (is_ident_char(at(lx, k))) k++;
    size_t n = k - start - 1;
    for (size_t w = 0; w < sizeof negated_words / sizeof negated_words[0]; w++) {
        if (strlen(negated_words[w].word) != n || memcmp(negated_words[w].word, lx->s + start + 1, n))
            continue;
        kq_tok kind = negated_words[w].kind;
        if (kind == T_NOT_IN && at(lx, k) == '~') {
            kind = T_NOT_IN_CI;
            k++;
        }
        push(lx, kind, start, k, spaced);
        *i = k;
        return true;
    }
    return lex_error(lx, start, k > start + 1 ? k : start + 1,
                     "unexpected '!': KQL has no '!' operator (use not(...))");
}

/* Typed literal head at [start, k): if '(' follows directly, records the raw content span. */
static bool lex_typed_literal(lexer *lx, kq_token *t, size_t *i)
{
    size_t open = *i;
    size_t j = open + 1;
    while (j < lx->len && at(lx, j) != ')' && at(lx, j) != '\n' && at(lx, j) != '(') j++;
    if (at(lx, j) != ')')
        return lex_error(lx, (size_t)t->start, j, "expected ')' to close the %s literal", t->text);
    t->raw_start = (int)open + 1;
    t->raw_end = (int)j;
    t->end = (int)j + 1;
    *i = j + 1;
    return true;
}

static bool lex_ident(lexer *lx, size_t *i, bool spaced)
{
    size_t start = *i, k = start + 1;
    while (is_ident_char(at(lx, k))) k++;
    size_t n = k - start;
    if (n == 2 && memcmp(lx->s + start, "in", 2) == 0 && at(lx, k) == '~') {
        push(lx, T_IN_CI, start, k + 1, spaced);
        *i = k + 1;
        return true;
    }
    kq_token *t = push(lx, T_IDENT, start, k, spaced);
    set_text(lx, t, lx->s + start, n);
    *i = k;
    if (at(lx, k) == '(' && is_typed_literal_head(lx->s + start, n))
        return lex_typed_literal(lx, t, i);
    return true;
}

/* Numbers: long, 0x hex, real; a digit run glued to letters is a timespan or an identifier. */
static bool lex_number(lexer *lx, size_t *i, bool spaced)
{
    size_t start = *i, k = start;
    if (at(lx, k) == '0' && (at(lx, k + 1) == 'x' || at(lx, k + 1) == 'X') &&
        hex_value(at(lx, k + 2)) >= 0) {
        uint64_t v = 0;
        k += 2;
        while (hex_value(at(lx, k)) >= 0) v = v * 16 + (uint64_t)hex_value(at(lx, k++));
        if (is_ident_char(at(lx, k)))
            return lex_error(lx, start, k + 1, "invalid hexadecimal number");
        kq_token *t = push(lx, T_LONG, start, k, spaced);
        t->i = (int64_t)v;
        *i = k;
        return true;
    }
    bool real = false;
    while (is_digit(at(lx, k))) k++;
    if (at(lx, k) == '.' && at(lx, k + 1) != '.') {
        real = true;
        k++;
        while (is_digit(at(lx, k))) k++;
    }
    if ((at(lx, k) == 'e' || at(lx, k) == 'E') &&
        (is_digit(at(lx, k + 1)) ||
         ((at(lx, k + 1) == '+' || at(lx, k + 1) == '-') && is_digit(at(lx, k + 2))))) {
        real = true;
        k += 2;
        while (is_digit(at(lx, k))) k++;
    }
    if (is_ident_start(at(lx, k))) {
        size_t w = k;
        while (is_ident_char(at(lx, w))) w++;
        int64_t ticks;
        if (kq_ts_parse_literal(lx->s + start, w - start, &ticks)) {
            kq_token *t = push(lx, T_TIMESPAN, start, w, spaced);
            t->i = ticks;
        } else {
            kq_token *t = push(lx, T_IDENT, start, w, spaced);
            set_text(lx, t, lx->s + start, w - start);
        }
        *i = w;
        return true;
    }
    char tmp[64];
    size_t n = k - start;
    if (n >= sizeof tmp) real = true;
    kq_token *t = push(lx, T_LONG, start, k, spaced);
    if (!real) {
        uint64_t v = 0;
        bool overflow = false;
        for (size_t d = start; d < k; d++) {
            uint64_t digit = (uint64_t)(lx->s[d] - '0');
            if (v > (UINT64_C(9223372036854775807) - digit) / 10) overflow = true;
            v = v * 10 + digit;
        }
        if (!overflow) {
            t->i = (int64_t)v;
            *i = k;
            return true;
        }
    }
    /* reals, and integers too large for a long */
    t->kind = T_REAL;
    char *copy = kq_arena_strdup(lx->arena, lx->s + start, n);
    t->r = strtod(copy, NULL);
    *i = k;
    return true;
}

/* Punctuation and operators made of symbols. */
static bool lex_symbol(lexer *lx, size_t *i, bool spaced)
{
    size_t s = *i;
    int c = at(lx, s), c1 = at(lx, s + 1);
    kq_tok kind;
    size_t n = 1;
    switch (c) {
    case '(': kind = T_LPAREN; break;
    case ')': kind = T_RPAREN; break;
    case '[': kind = T_LBRACKET; break;
    case ']': kind = T_RBRACKET; break;
    case '{': kind = T_LBRACE; break;
    case '}': kind = T_RBRACE; break;
    case ',': kind = T_COMMA; break;
    case ';': kind = T_SEMI; break;
    case '|': kind = T_PIPE; break;
    case ':': kind = T_COLON; break;
    case '+': kind = T_PLUS; break;
    case '-': kind = T_MINUS; break;
    case '*': kind = T_STAR; break;
    case '/': kind = T_SLASH; break;
    case '%': kind = T_PERCENT; break;
    case '.':
        if (c1 == '.') {
            kind = T_DOTDOT;
            n = 2;
        } else if (is_digit(c1)) {
            return lex_error(lx, s, s + 1, "a number cannot start with '.'; write 0.%c", c1);
        } else {
            kind = T_DOT;
        }
        break;
    case '=':
        if (c1 == '=') kind = T_EQ, n = 2;
        else if (c1 == '~') kind = T_EQ_CI, n = 2;
        else if (c1 == '>') kind = T_ARROW, n = 2;
        else kind = T_ASSIGN;
        break;
    case '<':
        if (c1 == '=') kind = T_LE, n = 2;
        else if (c1 == '>') kind = T_NE, n = 2;
        else kind = T_LT;
        break;
    case '>':
        if (c1 == '=') kind = T_GE, n = 2;
        else kind = T_GT;
        break;
    default:
        if (c >= 0x20 && c < 0x7F)
            return lex_error(lx, s, s + 1, "unexpected character '%c'", c);
        return lex_error(lx, s, s + 1, "unexpected character (byte 0x%02X)", (unsigned)c);
    }
    push(lx, kind, s, s + n, spaced);
    *i = s + n;
    return true;
}

bool kq_lex(const char *text, size_t len, kq_arena *a, kq_token **toks, int *ntoks, kq_error *err)
{
    lexer lx = {.s = text, .len = len, .arena = a, .err = err};
    size_t i = 0;
    if (len > (size_t)0x7FFFFFF0) {
        kq_error_set(err, KQ_ERR_QUERY, "query text too long");
        return false;
    }
    for (;;) {
        size_t next = skip_space(&lx, i);
        if (next == (size_t)-1) return false;
        bool spaced = next != i;
        i = next;
        if (i >= len) break;
        int c = at(&lx, i);
        bool ok = true;
        if (string_start(&lx, i)) {
            ok = lex_strings(&lx, &i, spaced);
        } else if (is_ident_start(c) || c == '$') {
            ok = lex_ident(&lx, &i, spaced);
        } else if (is_digit(c)) {
            ok = lex_number(&lx, &i, spaced);
        } else if (c == '!') {
            ok = lex_bang(&lx, &i, spaced);
        } else if (c == '[') {
            bool bracketed;
            ok = try_bracketed_name(&lx, &i, spaced, &bracketed);
            if (ok && !bracketed) ok = lex_symbol(&lx, &i, spaced);
        } else {
            ok = lex_symbol(&lx, &i, spaced);
        }
        if (!ok) return false;
    }
    push(&lx, T_EOF, len, len, true);
    *toks = lx.toks;
    *ntoks = lx.n;
    return true;
}
