/*
 * value_text.c - kq_value_from_text: the text of a field (CSV cell, Zeek field, JSON string)
 * converted to a wanted type with the file-reading rules of reader.h. Text that does not convert
 * gives null; that is a property of the value, not a malformed record.
 */
#include <math.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/datetime.h"
#include "../base/json.h"
#include "../base/numconv.h"
#include "reader_impl.h"

static void set_null(kq_type t, kq_value *out)
{
    memset(out, 0, sizeof *out);
    out->type = (uint8_t)t;
    if (t == KQ_T_STRING) out->u.s = "";
    else out->null = 1;
}

/* "[-]digits[.digits]" -> ticks of that many seconds, exactly (no double rounding). */
static bool seconds_to_ticks(const char *s, size_t n, int64_t *out)
{
    while (n > 0 && (*s == ' ' || *s == '\t')) s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    int64_t whole = 0, frac = 0;
    size_t digits = 0, frac_digits = 0;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
        if (whole > (INT64_MAX / KQ_TICKS_PER_SECOND) / 10) return false;
        whole = whole * 10 + (s[i] - '0');
    }
    if (i < n && s[i] == '.') {
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
            if (frac_digits < 7) frac = frac * 10 + (s[i] - '0'), frac_digits++;
    }
    if (digits == 0 || i != n) return false;
    for (; frac_digits < 7; frac_digits++) frac *= 10;
    int64_t ticks = whole * KQ_TICKS_PER_SECOND + frac;
    *out = neg ? -ticks : ticks;
    return true;
}

/* The common shape "yyyy-mm-ddThh:mm:ss[.fffffff]Z", parsed without the general parser. */
static bool iso_utc_to_ticks(const char *s, size_t n, int64_t *out)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd";
    if (n < 20 || s[n - 1] != 'Z') return false;
    int v[6] = {0}, field = 0;
    for (size_t i = 0; i < sizeof shape - 1; i++) {
        if (shape[i] == 'd') {
            if (s[i] < '0' || s[i] > '9') return false;
            v[field] = v[field] * 10 + (s[i] - '0');
        } else if (s[i] != shape[i]) {
            return false;
        } else {
            field++;
        }
    }
    size_t i = sizeof shape - 1;
    int64_t frac = 0;
    int digits = 0;
    if (s[i] == '.') {
        for (i++; i < n - 1 && s[i] >= '0' && s[i] <= '9'; i++)
            if (digits < 7) frac = frac * 10 + (s[i] - '0'), digits++;
        if (digits == 0) return false;
    }
    if (i != n - 1) return false;
    for (; digits < 7; digits++) frac *= 10;
    return kq_dt_from_civil(v[0], v[1], v[2], v[3], v[4], v[5], frac, out);
}

static bool text_to_long(const char *s, size_t n, int64_t *out)
{
    if (kq_parse_long(s, n, out)) return true;
    double d;
    if (!kq_parse_real(s, n, &d) || !isfinite(d) || d >= 9.2233720368547758e18 ||
        d < -9.2233720368547758e18)
        return false;
    *out = (int64_t)d;
    return true;
}

static bool text_to_bool(const char *s, size_t n, bool *out)
{
    if (n == 1 && (s[0] == 'T' || s[0] == 't')) return *out = true, true;
    if (n == 1 && (s[0] == 'F' || s[0] == 'f')) return *out = false, true;
    return kq_parse_bool(s, n, out);
}

static bool looks_like_json(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) s++, n--;
    if (n == 0) return false;
    char c = s[0];
    return c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') ||
           (n == 4 && (memcmp(s, "true", 4) == 0 || memcmp(s, "null", 4) == 0)) ||
           (n == 5 && memcmp(s, "false", 5) == 0);
}

static void dynamic_of_text(const char *s, size_t n, kq_arena *a, kq_value *out)
{
    kq_dyn *d = kq_arena_zalloc(a, sizeof *d);
    size_t err_off;
    if (!looks_like_json(s, n) || !kq_json_parse(s, n, a, d, &err_off)) {
        size_t clean_n;
        const char *clean = kq_utf8_repair(s, n, a, &clean_n);
        memset(d, 0, sizeof *d);
        d->kind = KQ_D_STRING;
        d->n = (uint32_t)clean_n;
        d->u.s = clean;
    }
    out->u.d = d;
}

bool kq_value_from_text(kq_type t, const char *s, size_t n, kq_arena *a, kq_value *out)
{
    set_null(t, out);
    if (t == KQ_T_STRING) {
        size_t clean_n;
        out->u.s = n ? kq_utf8_repair(s, n, a, &clean_n) : "";
        out->len = n ? (uint32_t)clean_n : 0;
        return true;
    }
    if (n == 0) return true;
    bool ok = false;
    switch (t) {
    case KQ_T_BOOL: ok = text_to_bool(s, n, &out->u.b); break;
    case KQ_T_INT: {
        int64_t v;
        ok = text_to_long(s, n, &v) && v >= INT32_MIN && v <= INT32_MAX;
        if (ok) out->u.i = v;
        break;
    }
    case KQ_T_LONG: ok = text_to_long(s, n, &out->u.i); break;
    case KQ_T_REAL: ok = kq_parse_real(s, n, &out->u.r); break;
    case KQ_T_DATETIME: {
        int64_t ticks;
        ok = iso_utc_to_ticks(s, n, &ticks) || kq_dt_parse(s, n, &ticks);
        if (!ok && seconds_to_ticks(s, n, &ticks)) {
            ok = ticks >= -KQ_UNIX_EPOCH_TICKS && ticks <= KQ_DATETIME_MAX_TICKS - KQ_UNIX_EPOCH_TICKS;
            ticks += KQ_UNIX_EPOCH_TICKS;
        }
        if (ok) out->u.i = ticks;
        break;
    }
    case KQ_T_TIMESPAN:
        ok = seconds_to_ticks(s, n, &out->u.i) || kq_ts_parse(s, n, &out->u.i);
        break;
    case KQ_T_DYNAMIC:
        dynamic_of_text(s, n, a, out);
        ok = true;
        break;
    default: break;
    }
    out->null = !ok;
    if (!ok) out->u.i = 0;
    return ok;
}
