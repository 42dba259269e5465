/*
 * datetime_format.c - ticks to text: Kusto's canonical datetime and timespan forms
 * (2026-05-18T10:15:32.1230000Z, [-][d.]hh:mm:ss[.fffffff]) and the custom formats of
 * format_datetime() / format_timespan() (KQL_SUBSET.md 6.1).
 */
#include "datetime.h"

#include <stdio.h>
#include <string.h>

size_t kq_dt_format(int64_t ticks, char *buf)
{
    int year, month, day, hour, minute, second;
    int64_t frac;
    kq_dt_to_civil(ticks, &year, &month, &day, &hour, &minute, &second, &frac);
    if (year < 0 || year > 9999) {
        snprintf(buf, 29, "%04d-%02d-%02dT%02d:%02d:%02d.%07dZ", year, month, day, hour, minute, second,
                 (int)frac);
        return strlen(buf);
    }
    /* the digits by hand: this runs for every datetime kq prints */
    static const char form[] = "0000-00-00T00:00:00.0000000Z";
    memcpy(buf, form, sizeof form);
    const struct {
        int value, at, width;
    } fields[] = {{year, 0, 4},   {month, 5, 2},   {day, 8, 2},           {hour, 11, 2},
                  {minute, 14, 2}, {second, 17, 2}, {(int)frac, 20, 7}};
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
        for (int i = fields[f].width - 1, v = fields[f].value; i >= 0; i--, v /= 10) buf[fields[f].at + i] = (char)('0' + v % 10);
    return 28;
}

/* Magnitude of a timespan split into days, hours, minutes, seconds and fraction ticks. */
typedef struct span_parts {
    bool negative;
    uint64_t days;
    int hours, minutes, seconds;
    int64_t frac;
} span_parts;

static span_parts split_timespan(int64_t ticks)
{
    span_parts p;
    p.negative = ticks < 0;
    uint64_t mag = p.negative ? (uint64_t)0 - (uint64_t)ticks : (uint64_t)ticks;
    p.days = mag / (uint64_t)KQ_TICKS_PER_DAY;
    uint64_t in_day = mag % (uint64_t)KQ_TICKS_PER_DAY;
    p.hours = (int)(in_day / (uint64_t)KQ_TICKS_PER_HOUR);
    p.minutes = (int)(in_day / (uint64_t)KQ_TICKS_PER_MINUTE % 60);
    p.seconds = (int)(in_day / (uint64_t)KQ_TICKS_PER_SECOND % 60);
    p.frac = (int64_t)(in_day % (uint64_t)KQ_TICKS_PER_SECOND);
    return p;
}

size_t kq_ts_format(int64_t ticks, char *buf)
{
    span_parts p = split_timespan(ticks);
    int len = 0;
    if (p.negative) buf[len++] = '-';
    if (p.days) len += snprintf(buf + len, 32 - (size_t)len, "%llu.", (unsigned long long)p.days);
    len += snprintf(buf + len, 32 - (size_t)len, "%02d:%02d:%02d", p.hours, p.minutes, p.seconds);
    if (p.frac) len += snprintf(buf + len, 32 - (size_t)len, ".%07d", (int)p.frac);
    return (size_t)len;
}

/* ---- custom formats ---- */

/* Output of a custom format: writes are dropped once the capacity is exceeded. */
typedef struct out_text {
    char *buf;
    size_t cap, len;
    bool overflow;
} out_text;

static void put_char(out_text *o, char ch)
{
    if (o->len + 1 < o->cap) o->buf[o->len++] = ch;
    else o->overflow = true;
}

/* Writes value in decimal, zero-padded to at least `width` digits. */
static void put_number(out_text *o, uint64_t value, int width)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    for (int k = n; k < width; k++) put_char(o, '0');
    while (n) put_char(o, digits[--n]);
}

/* f..fffffff: the first `count` digits of the fraction; F..FFFFFFF: the same without trailing
 * zeros, and nothing (not even the preceding '.') when they are all zero, as .NET does. */
static void put_fraction(out_text *o, int64_t frac_ticks, int count, bool trim)
{
    int64_t value = frac_ticks;
    for (int k = count; k < 7; k++) value /= 10;
    if (!trim) {
        put_number(o, (uint64_t)value, count);
        return;
    }
    while (count > 0 && value % 10 == 0) {
        value /= 10;
        count--;
    }
    if (count > 0) put_number(o, (uint64_t)value, count);
    else if (o->len > 0 && o->buf[o->len - 1] == '.') o->len--;
}

static bool is_format_delimiter(char ch)
{
    return ch == ' ' || ch == '/' || ch == '-' || ch == ':' || ch == ',' || ch == '.' || ch == '_' ||
           ch == '[' || ch == ']';
}

static size_t run_length(const char *fmt, size_t fmt_len, size_t at)
{
    size_t k = at;
    while (k < fmt_len && fmt[k] == fmt[at]) k++;
    return k - at;
}

static long finish(out_text *o)
{
    if (o->cap == 0) return -1;
    o->buf[o->len] = '\0';
    if (o->overflow) return -1;
    return (long)o->len;
}

/* The tokens that mean the same for datetimes and timespans (H, m, s, f, F runs of length
 * `run`). false when the run is not one of them. */
static bool put_time_token(out_text *o, char letter, size_t run, int hour, int minute, int second,
                           int64_t frac)
{
    switch (letter) {
    case 'H':
        if (run > 2) return false;
        put_number(o, (uint64_t)hour, (int)run);
        return true;
    case 'm':
        if (run > 2) return false;
        put_number(o, (uint64_t)minute, (int)run);
        return true;
    case 's':
        if (run > 2) return false;
        put_number(o, (uint64_t)second, (int)run);
        return true;
    case 'f':
    case 'F':
        if (run > 7) return false;
        put_fraction(o, frac, (int)run, letter == 'F');
        return true;
    default: return false;
    }
}

long kq_dt_format_custom(int64_t dt, const char *fmt, size_t fmt_len, char *buf, size_t cap)
{
    out_text o = {buf, cap, 0, false};
    if (!fmt || !buf) return -1;
    int year, month, day, hour, minute, second;
    int64_t frac;
    kq_dt_to_civil(dt, &year, &month, &day, &hour, &minute, &second, &frac);
    for (size_t i = 0; i < fmt_len;) {
        char letter = fmt[i];
        size_t run = run_length(fmt, fmt_len, i);
        i += run;
        if (is_format_delimiter(letter)) {
            for (size_t k = 0; k < run; k++) put_char(&o, letter);
            continue;
        }
        if (put_time_token(&o, letter, run, hour, minute, second, frac)) continue;
        switch (letter) {
        case 'd':
            if (run > 2) return -1;
            put_number(&o, (uint64_t)day, (int)run);
            break;
        case 'M':
            if (run > 2) return -1;
            put_number(&o, (uint64_t)month, (int)run);
            break;
        case 'h':
            if (run > 2) return -1;
            put_number(&o, (uint64_t)(hour % 12 == 0 ? 12 : hour % 12), (int)run);
            break;
        case 'y':
            if (run == 1 || run == 2) put_number(&o, (uint64_t)(year % 100), (int)run);
            else if (run == 4) put_number(&o, (uint64_t)year, 4);
            else return -1;
            break;
        case 't':
            if (run != 2) return -1;
            put_char(&o, hour < 12 ? 'A' : 'P');
            put_char(&o, 'M');
            break;
        default: return -1;
        }
    }
    return finish(&o);
}

long kq_ts_format_custom(int64_t ts, const char *fmt, size_t fmt_len, char *buf, size_t cap)
{
    out_text o = {buf, cap, 0, false};
    if (!fmt || !buf) return -1;
    span_parts p = split_timespan(ts);
    if (p.negative) put_char(&o, '-');
    for (size_t i = 0; i < fmt_len;) {
        char letter = fmt[i];
        size_t run = run_length(fmt, fmt_len, i);
        i += run;
        if (is_format_delimiter(letter)) {
            for (size_t k = 0; k < run; k++) put_char(&o, letter);
            continue;
        }
        if (put_time_token(&o, letter, run, p.hours, p.minutes, p.seconds, p.frac)) continue;
        switch (letter) {
        case 'd':
            if (run > 8) return -1;
            put_number(&o, p.days, (int)run);
            break;
        case 'h':
            if (run > 2) return -1;
            put_number(&o, (uint64_t)p.hours, (int)run);
            break;
        default: return -1;
        }
    }
    return finish(&o);
}
