/*
 * fn_text.c - more string functions (KQL_SUBSET.md 6.2): strrep, string_size, base64 of UTF-8
 * text (encode/decode; invalid UTF-8 after decoding gives ""), url_encode (space as '+'),
 * url_encode_component (space as %20) and url_decode, as .NET's HttpUtility does them.
 */
#include <math.h>
#include <string.h>

#include "../match/match.h"
#include "fn.h"
#include "value.h"

static void text_of(const kq_value *v, kq_ctx *c, const char **s, size_t *n)
{
    bool z;
    kq_value_text(v, c, s, n, &z);
}

/* strrep(value, multiplier[, delimiter]): multiplier capped at 1024; below 1 -> "" */
static void fn_strrep(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    KQ_ARG(1, m);
    const char *s, *ds = "";
    size_t n, dn = 0;
    text_of(&a, c, &s, &n);
    if (e->nargs > 2) {
        KQ_ARG(2, d);
        text_of(&d, c, &ds, &dn);
    }
    kq_value mv = m;
    if (mv.type == KQ_T_DYNAMIC && !mv.null) mv = kq_dyn_to_scalar(mv.u.d);
    int64_t times;
    if (mv.null) times = 0;
    else if (mv.type == KQ_T_LONG || mv.type == KQ_T_INT) times = mv.u.i;
    else if (mv.type == KQ_T_REAL && isfinite(mv.u.r)) times = mv.u.r > 2048 ? 2048 : mv.u.r < 0 ? 0 : (int64_t)mv.u.r;
    else times = 0;
    if (times > 1024) times = 1024;
    if (times < 1) {
        *out = kq_str("", 0);
        return;
    }
    size_t total = n * (size_t)times + dn * (size_t)(times - 1);
    char *o = kq_arena_alloc(c->scratch, total + 1);
    size_t w = 0;
    for (int64_t i = 0; i < times; i++) {
        if (i && dn) {
            memcpy(o + w, ds, dn);
            w += dn;
        }
        if (n) memcpy(o + w, s, n);
        w += n;
    }
    *out = kq_str(o, w);
}

static void fn_string_size(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    const char *s;
    size_t n;
    text_of(&a, c, &s, &n);
    *out = kq_long((int64_t)n);
}

/* ---- base64 ---- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void fn_base64_encode(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    const unsigned char *s;
    size_t n;
    text_of(&a, c, (const char **)&s, &n);
    char *o = kq_arena_alloc(c->scratch, (n + 2) / 3 * 4 + 1);
    size_t w = 0, i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
        o[w++] = b64[v >> 18];
        o[w++] = b64[(v >> 12) & 63];
        o[w++] = b64[(v >> 6) & 63];
        o[w++] = b64[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)s[i] << 16;
        o[w++] = b64[v >> 18];
        o[w++] = b64[(v >> 12) & 63];
        o[w++] = '=';
        o[w++] = '=';
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8;
        o[w++] = b64[v >> 18];
        o[w++] = b64[(v >> 12) & 63];
        o[w++] = b64[(v >> 6) & 63];
        o[w++] = '=';
    }
    *out = kq_str(o, w);
}

static int b64_val(unsigned char ch)
{
    if (ch >= 'A' && ch <= 'Z') return ch - 'A';
    if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9') return ch - '0' + 52;
    if (ch == '+') return 62;
    if (ch == '/') return 63;
    return -1;
}

/* decodes standard base64 (whitespace ignored, padding optional); false when malformed */
static bool b64_decode(const char *s, size_t n, char *o, size_t *on)
{
    uint32_t acc = 0;
    int bits = 0, pad = 0;
    size_t w = 0, chars = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') continue;
        if (ch == '=') {
            pad++;
            chars++;
            continue;
        }
        int v = b64_val(ch);
        if (v < 0 || pad) return false;
        chars++;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            o[w++] = (char)((acc >> bits) & 0xFF);
        }
    }
    if (pad > 2 || (pad && chars % 4) || (chars - (size_t)pad) % 4 == 1) return false;
    *on = w;
    return true;
}

static void fn_base64_decode(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    const char *s;
    size_t n;
    text_of(&a, c, &s, &n);
    char *o = kq_arena_alloc(c->scratch, n + 1);
    size_t on;
    if (!b64_decode(s, n, o, &on) || !kq_utf8_valid(o, on)) {
        *out = kq_str("", 0);
        return;
    }
    *out = kq_str(o, on);
}

/* ---- URL encoding ---- */

static bool url_safe(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
           ch == '.' || ch == '!' || ch == '*' || ch == '(' || ch == ')';
}

static void url_encode_impl(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out, bool component)
{
    static const char hex[] = "0123456789abcdef";
    KQ_ARG(0, a);
    const char *s;
    size_t n;
    text_of(&a, c, &s, &n);
    char *o = kq_arena_alloc(c->scratch, n * 3 + 1);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (url_safe(ch)) o[w++] = (char)ch;
        else if (ch == ' ' && !component) o[w++] = '+';
        else {
            o[w++] = '%';
            o[w++] = hex[ch >> 4];
            o[w++] = hex[ch & 15];
        }
    }
    *out = kq_str(o, w);
}

static void fn_url_encode(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { url_encode_impl(e, row, c, out, false); }
static void fn_url_encode_component(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out) { url_encode_impl(e, row, c, out, true); }

static int hexv(char ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* length of the valid UTF-8 sequence at s (1..4), 0 when invalid */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char b = s[0];
    if (b < 0x80) return 1;
    size_t len;
    uint32_t cp;
    if (b >= 0xC2 && b <= 0xDF) len = 2, cp = b & 0x1F;
    else if (b >= 0xE0 && b <= 0xEF) len = 3, cp = b & 0x0F;
    else if (b >= 0xF0 && b <= 0xF4) len = 4, cp = b & 0x07;
    else return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    return len;
}

/* appends code point cp as UTF-8 */
static size_t put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
    o[0] = (char)(0xE0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* url_decode: %XX bytes and %uXXXX code points, '+' -> space; malformed escapes stay as they
 * are; byte sequences that are not UTF-8 become U+FFFD */
static void fn_url_decode(const kq_expr *e, const kq_value *row, kq_ctx *c, kq_value *out)
{
    KQ_ARG(0, a);
    const char *s;
    size_t n;
    text_of(&a, c, &s, &n);
    unsigned char *bytes = kq_arena_alloc(c->scratch, n + 1);
    size_t w = 0;
    /* first pass: bytes (a %u escape is written as its UTF-8 form) */
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '+') bytes[w++] = ' ';
        else if (ch == '%' && i + 2 < n && hexv(s[i + 1]) >= 0 && hexv(s[i + 2]) >= 0) {
            bytes[w++] = (unsigned char)(hexv(s[i + 1]) * 16 + hexv(s[i + 2]));
            i += 2;
        } else if (ch == '%' && i + 5 < n && (s[i + 1] == 'u' || s[i + 1] == 'U') && hexv(s[i + 2]) >= 0 && hexv(s[i + 3]) >= 0 &&
                   hexv(s[i + 4]) >= 0 && hexv(s[i + 5]) >= 0) {
            uint32_t cp = (uint32_t)(hexv(s[i + 2]) << 12 | hexv(s[i + 3]) << 8 | hexv(s[i + 4]) << 4 | hexv(s[i + 5]));
            w += put_utf8((char *)bytes + w, cp);
            i += 5;
        } else bytes[w++] = (unsigned char)ch;
    }
    /* second pass: replace invalid UTF-8 with U+FFFD (at most 3 bytes for 1) */
    char *o = kq_arena_alloc(c->scratch, w * 3 + 1);
    size_t k = 0;
    for (size_t i = 0; i < w;) {
        size_t len = utf8_seq(bytes + i, w - i);
        if (len) {
            memcpy(o + k, bytes + i, len);
            k += len;
            i += len;
        } else {
            k += put_utf8(o + k, 0xFFFD);
            i++;
        }
    }
    *out = kq_str(o, k);
}

const kq_fn kq_fns_text[] = {
    {"strrep", 2, 3, RT_FIXED, KQ_T_STRING, fn_strrep, NULL},
    {"string_size", 1, 1, RT_FIXED, KQ_T_LONG, fn_string_size, NULL},
    {"base64_encode_tostring", 1, 1, RT_FIXED, KQ_T_STRING, fn_base64_encode, NULL},
    {"base64encodestring", 1, 1, RT_FIXED, KQ_T_STRING, fn_base64_encode, NULL},
    {"base64_decode_tostring", 1, 1, RT_FIXED, KQ_T_STRING, fn_base64_decode, NULL},
    {"base64decodestring", 1, 1, RT_FIXED, KQ_T_STRING, fn_base64_decode, NULL},
    {"url_encode", 1, 1, RT_FIXED, KQ_T_STRING, fn_url_encode, NULL},
    {"url_encode_component", 1, 1, RT_FIXED, KQ_T_STRING, fn_url_encode_component, NULL},
    {"url_decode", 1, 1, RT_FIXED, KQ_T_STRING, fn_url_decode, NULL},
    {NULL, 0, 0, RT_FIXED, KQ_T_UNKNOWN, NULL, NULL},
};
