/*
 * json.c - decoding the body of a JSON string (kq_json_unescape): escapes become their
 * characters, \uXXXX (and surrogate pairs) become UTF-8, and what cannot be decoded - lone
 * surrogates, ill-formed UTF-8 - becomes U+FFFD, one per maximal ill-formed subpart, the way
 * .NET decodes. A bad escape or a raw control character makes the body invalid (RFC 8259).
 */
#include "json.h"

#include <stdint.h>
#include <string.h>

enum decode_result { DECODE_INVALID, DECODE_OK, DECODE_NO_ROOM };

static const char replacement_char[3] = {(char)0xEF, (char)0xBF, (char)0xBD}; /* U+FFFD */

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The 4 hex digits at s (n bytes available) as a code unit, or -1. */
static long read_hex4(const unsigned char *s, size_t n)
{
    if (n < 4) return -1;
    long unit = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex_value(s[i]);
        if (h < 0) return -1;
        unit = unit * 16 + h;
    }
    return unit;
}

static size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of the UTF-8 sequence starting with the byte s[0] >= 0x80 when it is well formed;
 * otherwise 0, with *bad_len = the length of its maximal ill-formed subpart (>= 1). */
static size_t utf8_sequence_length(const unsigned char *s, size_t n, size_t *bad_len)
{
    unsigned char lead = s[0];
    unsigned char low = 0x80, high = 0xBF; /* allowed range of the second byte */
    size_t need;
    if (lead >= 0xC2 && lead <= 0xDF) {
        need = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 3;
        if (lead == 0xE0) low = 0xA0;       /* overlong */
        else if (lead == 0xED) high = 0x9F; /* UTF-16 surrogates */
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 4;
        if (lead == 0xF0) low = 0x90;       /* overlong */
        else if (lead == 0xF4) high = 0x8F; /* above U+10FFFF */
    } else {
        *bad_len = 1;
        return 0;
    }
    size_t k = 1;
    if (k < n && s[k] >= low && s[k] <= high) {
        k++;
        while (k < need && k < n && (s[k] & 0xC0) == 0x80) k++;
    }
    if (k == need) return need;
    *bad_len = k;
    return 0;
}

/* Decodes the escape starting at s[0] == '\\' into out (>= 4 bytes free). Sets *used to the input
 * bytes consumed and returns the output length, or 0 when the escape is invalid. */
static size_t decode_escape(const unsigned char *s, size_t n, char *out, size_t *used)
{
    if (n < 2) return 0;
    char simple;
    switch (s[1]) {
    case '"': simple = '"'; break;
    case '\\': simple = '\\'; break;
    case '/': simple = '/'; break;
    case 'b': simple = '\b'; break;
    case 'f': simple = '\f'; break;
    case 'n': simple = '\n'; break;
    case 'r': simple = '\r'; break;
    case 't': simple = '\t'; break;
    case 'u': {
        long unit = read_hex4(s + 2, n - 2);
        if (unit < 0) return 0;
        *used = 6;
        if (unit >= 0xD800 && unit <= 0xDBFF && n >= 12 && s[6] == '\\' && s[7] == 'u') {
            long low = read_hex4(s + 8, n - 8);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                *used = 12;
                return utf8_encode(0x10000 + (((uint32_t)unit - 0xD800) << 10) +
                                       ((uint32_t)low - 0xDC00),
                                   out);
            }
        }
        if (unit >= 0xD800 && unit <= 0xDFFF) { /* lone surrogate */
            memcpy(out, replacement_char, 3);
            return 3;
        }
        return utf8_encode((uint32_t)unit, out);
    }
    default: return 0;
    }
    *used = 2;
    out[0] = simple;
    return 1;
}

/* Decodes s[0..n) into dst (cap bytes); *len gets the output length. */
static enum decode_result decode_body(const unsigned char *s, size_t n, char *dst, size_t cap,
                                      size_t *len)
{
    size_t i = 0, o = 0;
    while (i < n) {
        size_t run = i;
        while (run < n && s[run] >= 0x20 && s[run] < 0x80 && s[run] != '\\' && s[run] != '"') run++;
        if (run > i) {
            if (cap - o < run - i) return DECODE_NO_ROOM;
            memcpy(dst + o, s + i, run - i);
            o += run - i;
            i = run;
            if (i == n) break;
        }
        unsigned char c = s[i];
        char tmp[4];
        size_t produced, used;
        const char *from = tmp;
        if (c == '\\') {
            produced = decode_escape(s + i, n - i, tmp, &used);
            if (produced == 0) return DECODE_INVALID;
        } else if (c >= 0x80) {
            size_t bad_len = 0;
            used = utf8_sequence_length(s + i, n - i, &bad_len);
            if (used) {
                from = (const char *)s + i;
                produced = used;
            } else {
                from = replacement_char;
                produced = 3;
                used = bad_len;
            }
        } else {
            return DECODE_INVALID; /* raw control character or quote */
        }
        if (cap - o < produced) return DECODE_NO_ROOM;
        memcpy(dst + o, from, produced);
        o += produced;
        i += used;
    }
    *len = o;
    return DECODE_OK;
}

bool kq_json_unescape(const char *s, size_t n, kq_arena *a, const char **out, size_t *out_len)
{
    /* Escapes only shrink the text; only ill-formed UTF-8 grows it (1 byte -> 3), so try the
     * input size first and fall back to the worst case. */
    if (n > (SIZE_MAX - 1) / 3) return false;
    size_t len = 0;
    char *dst = kq_arena_alloc(a, n + 1);
    enum decode_result r = decode_body((const unsigned char *)s, n, dst, n, &len);
    if (r == DECODE_NO_ROOM) {
        dst = kq_arena_alloc(a, 3 * n + 1);
        r = decode_body((const unsigned char *)s, n, dst, 3 * n, &len);
    }
    if (r != DECODE_OK) return false;
    dst[len] = 0;
    *out = dst;
    *out_len = len;
    return true;
}
