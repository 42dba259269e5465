/*
 * numconv.c - text <-> number with Kusto's rules: tolong/toint/todouble/tobool of strings
 * (KQL_SUBSET.md 2.5) and the canonical text of a real (shortest round-trip digits laid out
 * like .NET's double.ToString(): "1.5", "5", "1E+20", "1.5E-07", "NaN", "Infinity").
 */
#include "numconv.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* a real's text shorter than this is converted without a heap copy */
#define SMALL_REAL_TEXT 128

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Narrows s[0..n) to the text between leading and trailing whitespace. */
static void trim(const char **s, size_t *n)
{
    while (*n && is_space(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_space((*s)[*n - 1])) (*n)--;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool kq_parse_long(const char *s, size_t n, int64_t *out)
{
    if (!s) return false;
    trim(&s, &n);
    size_t i = 0;
    bool negative = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    unsigned base = 10;
    if (i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        base = 16;
        i += 2;
    }
    if (i >= n) return false;
    /* magnitude limit: 2^63 for negatives, 2^63 - 1 otherwise */
    uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t value = 0;
    for (; i < n; i++) {
        int digit = base == 16 ? hex_value(s[i]) : (is_digit(s[i]) ? s[i] - '0' : -1);
        if (digit < 0) return false;
        if (value > (limit - (uint64_t)digit) / base) return false;
        value = value * base + (uint64_t)digit;
    }
    *out = negative ? (int64_t)(0 - value) : (int64_t)value;
    return true;
}

bool kq_parse_int(const char *s, size_t n, int32_t *out)
{
    int64_t v;
    if (!kq_parse_long(s, n, &v) || v < INT32_MIN || v > INT32_MAX) return false;
    *out = (int32_t)v;
    return true;
}

static bool equals_word(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

/* [digits][.digits] with at least one digit, then an optional exponent e[+-]digits. */
static bool is_decimal_syntax(const char *s, size_t n)
{
    size_t i = 0, mantissa_digits = 0;
    while (i < n && is_digit(s[i])) i++, mantissa_digits++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && is_digit(s[i])) i++, mantissa_digits++;
    }
    if (mantissa_digits == 0) return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        size_t exponent_start = i;
        while (i < n && is_digit(s[i])) i++;
        if (i == exponent_start) return false;
    }
    return i == n;
}

bool kq_parse_real(const char *s, size_t n, double *out)
{
    if (!s) return false;
    trim(&s, &n);
    size_t sign_len = n && (s[0] == '+' || s[0] == '-') ? 1 : 0;
    bool negative = sign_len && s[0] == '-';
    const char *body = s + sign_len;
    size_t body_len = n - sign_len;
    if (equals_word(body, body_len, "nan")) {
        *out = NAN;
        return true;
    }
    if (equals_word(body, body_len, "inf") || equals_word(body, body_len, "infinity")) {
        *out = negative ? -INFINITY : INFINITY;
        return true;
    }
    if (!is_decimal_syntax(body, body_len)) return false;
    /* strtod needs a NUL-terminated copy; the syntax is already known to be valid */
    char small[SMALL_REAL_TEXT];
    char *copy = n < sizeof small ? small : malloc(n + 1);
    if (!copy) return false;
    memcpy(copy, s, n);
    copy[n] = '\0';
    *out = strtod(copy, NULL);
    if (copy != small) free(copy);
    return true;
}

bool kq_parse_bool(const char *s, size_t n, bool *out)
{
    if (!s) return false;
    trim(&s, &n);
    if (equals_word(s, n, "true")) {
        *out = true;
        return true;
    }
    if (equals_word(s, n, "false")) {
        *out = false;
        return true;
    }
    int64_t v;
    if (!kq_parse_long(s, n, &v)) return false;
    *out = v != 0;
    return true;
}

/* The fewest significant digits that read back as r (r finite, positive): digits without
 * trailing zeros into `digits`, decimal exponent of the first digit into *exp10. A normal double
 * that round-trips with fewer than 15 digits prints those digits under %.15e too (any 15-digit
 * decimal survives decimal -> double -> decimal), so only 15..17 need trying; subnormals have
 * less precision and try every length. */
static int shortest_digits(double r, char *digits, int *exp10)
{
    char text[40];
    for (int precision = r < DBL_MIN ? 1 : 15; precision <= 17; precision++) {
        snprintf(text, sizeof text, "%.*e", precision - 1, r);
        if (strtod(text, NULL) == r || precision == 17) break;
    }
    /* text is "d.ddddde[+-]xx" (no sign: r is positive here) */
    int count = 0;
    for (const char *p = text; *p && *p != 'e'; p++) {
        if (is_digit(*p)) digits[count++] = *p;
    }
    while (count > 1 && digits[count - 1] == '0') count--;
    digits[count] = '\0';
    const char *e = strchr(text, 'e');
    *exp10 = e ? atoi(e + 1) : 0;
    return count;
}

size_t kq_real_format(double r, char *buf)
{
    if (isnan(r)) return (size_t)sprintf(buf, "NaN");
    if (isinf(r)) return (size_t)sprintf(buf, r > 0 ? "Infinity" : "-Infinity");
    if (r == 0) return (size_t)sprintf(buf, "0");
    size_t len = 0;
    if (r < 0) {
        buf[len++] = '-';
        r = -r;
    }
    char digits[24];
    int exp10;
    int count = shortest_digits(r, digits, &exp10);
    if (exp10 >= 15 || exp10 < -4) {
        /* .NET scientific form: d[.ddd]E+XX with at least two exponent digits */
        buf[len++] = digits[0];
        if (count > 1) {
            buf[len++] = '.';
            memcpy(buf + len, digits + 1, (size_t)count - 1);
            len += (size_t)count - 1;
        }
        len += (size_t)sprintf(buf + len, "E%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
        return len;
    }
    if (exp10 < 0) {
        buf[len++] = '0';
        buf[len++] = '.';
        for (int k = -1; k > exp10; k--) buf[len++] = '0';
        memcpy(buf + len, digits, (size_t)count);
        len += (size_t)count;
    } else {
        for (int k = 0; k <= exp10 || k < count; k++) {
            if (k == exp10 + 1) buf[len++] = '.';
            buf[len++] = k < count ? digits[k] : '0';
        }
    }
    buf[len] = '\0';
    return len;
}
