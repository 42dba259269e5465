/*
 * datetime_parse.c - text to ticks: todatetime() (ISO 8601, RFC 822/850, US month-first and the
 * Log Analytics export form, KQL_SUBSET.md 1.5) and totimespan() / timespan literals (1.6, 2.5).
 * Every reader works on (pointer, length) and never looks past the length.
 */
#include "datetime.h"

#include <string.h>
#include <strings.h>

#define MAX_FRACTION_DIGITS 7
/* fraction digits kept when a number is multiplied by a unit (see unit_ticks_of_fraction) */
#define MAX_UNIT_FRACTION_DIGITS 15

typedef struct cursor {
    const char *s;
    size_t n, i;
} cursor;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool at_end(const cursor *c)
{
    return c->i >= c->n;
}

static char peek(const cursor *c)
{
    return c->i < c->n ? c->s[c->i] : '\0';
}

static bool accept(cursor *c, char ch)
{
    if (peek(c) != ch || at_end(c)) return false;
    c->i++;
    return true;
}

static size_t skip_spaces(cursor *c)
{
    size_t start = c->i;
    while (!at_end(c) && is_space(c->s[c->i])) c->i++;
    return c->i - start;
}

/* Reads a run of 1..max_len digits into *value; false (cursor unchanged) when the run is empty
 * or longer than max_len. *len gets the run length. */
static bool read_digits(cursor *c, size_t max_len, int64_t *value, size_t *len)
{
    size_t start = c->i, end = c->i;
    while (end < c->n && is_digit(c->s[end])) end++;
    size_t run = end - start;
    if (run == 0 || run > max_len) return false;
    int64_t v = 0;
    for (size_t k = start; k < end; k++) v = v * 10 + (c->s[k] - '0');
    c->i = end;
    *value = v;
    if (len) *len = run;
    return true;
}

/* Reads 1..2 digits as an int. */
static bool read_small(cursor *c, int *value)
{
    int64_t v;
    if (!read_digits(c, 2, &v, NULL)) return false;
    *value = (int)v;
    return true;
}

/* Reads the digits after a decimal point as ticks of a second (7 digits kept, further digits
 * dropped). At least one digit is required. */
static bool read_fraction_ticks(cursor *c, int64_t *ticks)
{
    int64_t v = 0;
    size_t digits = 0;
    while (!at_end(c) && is_digit(c->s[c->i])) {
        if (digits < MAX_FRACTION_DIGITS) v = v * 10 + (c->s[c->i] - '0');
        digits++;
        c->i++;
    }
    if (digits == 0) return false;
    for (size_t k = digits; k < MAX_FRACTION_DIGITS; k++) v *= 10;
    *ticks = v;
    return true;
}

/* Reads an ASCII word (letters only) without consuming it; returns its length. */
static size_t word_length(const cursor *c)
{
    size_t k = c->i;
    while (k < c->n && is_alpha(c->s[k])) k++;
    return k - c->i;
}

static bool word_is(const cursor *c, size_t len, const char *word)
{
    return strlen(word) == len && strncasecmp(c->s + c->i, word, len) == 0;
}

/* Month name (3-letter or full, case-insensitive) -> 1..12, or 0. Consumes it when found. */
static int read_month_name(cursor *c)
{
    static const char *const names[12] = {"january", "february", "march",     "april",
                                          "may",     "june",     "july",      "august",
                                          "september", "october", "november", "december"};
    size_t len = word_length(c);
    for (int m = 0; m < 12; m++) {
        if ((len == 3 && strncasecmp(c->s + c->i, names[m], 3) == 0) || word_is(c, len, names[m])) {
            c->i += len;
            return m + 1;
        }
    }
    return 0;
}

/* Weekday name (3-letter or full) -> 0 (Sunday) .. 6, or -1. Consumes it when found. */
static int read_weekday_name(cursor *c)
{
    static const char *const names[7] = {"sunday",   "monday", "tuesday", "wednesday",
                                         "thursday", "friday", "saturday"};
    size_t len = word_length(c);
    for (int d = 0; d < 7; d++) {
        if ((len == 3 && strncasecmp(c->s + c->i, names[d], 3) == 0) || word_is(c, len, names[d])) {
            c->i += len;
            return d;
        }
    }
    return -1;
}

/* A two-digit year as .NET reads it (TwoDigitYearMax 2049). */
static int expand_two_digit_year(int64_t yy)
{
    return (int)(yy <= 49 ? 2000 + yy : 1900 + yy);
}

static bool is_date_separator(char ch)
{
    return ch == '-' || ch == '/' || ch == '.';
}

/* Year after a textual month: 4 digits, or 2 digits expanded. */
static bool read_textual_year(cursor *c, int *year)
{
    int64_t v;
    size_t len;
    if (!read_digits(c, 4, &v, &len) || (len != 2 && len != 4)) return false;
    *year = len == 2 ? expand_two_digit_year(v) : (int)v;
    return true;
}

/* "Dec 2, 2022" / "December 2 2022" */
static bool read_month_first_text_date(cursor *c, int *year, int *month, int *day)
{
    int64_t y;
    size_t len;
    *month = read_month_name(c);
    if (!*month || !skip_spaces(c) || !read_small(c, day)) return false;
    accept(c, ',');
    if (!skip_spaces(c) || !read_digits(c, 4, &y, &len) || len != 4) return false;
    *year = (int)y;
    return true;
}

/* What follows a leading run of 1..2 digits: "8 Nov 14", "08-Nov-14", "12-02-2022",
 * "2/3/2022", "12.02.2022" (numbers are month first). */
static bool read_after_short_number(cursor *c, int first, int *year, int *month, int *day)
{
    char sep = peek(c);
    if (is_space(sep)) {
        skip_spaces(c);
        *day = first;
        *month = read_month_name(c);
        return *month && skip_spaces(c) && read_textual_year(c, year);
    }
    if (!is_date_separator(sep)) return false;
    c->i++;
    if (is_alpha(peek(c))) {
        *day = first;
        *month = read_month_name(c);
        return *month && accept(c, sep) && read_textual_year(c, year);
    }
    int64_t y;
    size_t len;
    *month = first;
    if (!read_small(c, day) || !accept(c, sep) || !read_digits(c, 4, &y, &len) || len != 4)
        return false;
    *year = (int)y;
    return true;
}

/* Any supported date form; leaves the cursor after the date. */
static bool read_date(cursor *c, int *year, int *month, int *day)
{
    if (is_alpha(peek(c))) return read_month_first_text_date(c, year, month, day);
    int64_t lead;
    size_t len;
    if (!read_digits(c, 8, &lead, &len)) return false;
    if (len == 8) { /* 20221202 */
        *year = (int)(lead / 10000);
        *month = (int)(lead / 100 % 100);
        *day = (int)(lead % 100);
        return true;
    }
    if (len == 4) { /* 2022-12-02, 2022/12/02, 2022.12.02, 1970-5-12 */
        char sep = peek(c);
        if (!is_date_separator(sep)) return false;
        c->i++;
        *year = (int)lead;
        return read_small(c, month) && accept(c, sep) && read_small(c, day);
    }
    if (len <= 2) return read_after_short_number(c, (int)lead, year, month, day);
    return false;
}

typedef struct clock_time {
    int hour, minute, second;
    int64_t frac;
} clock_time;

/* H:mm[:ss[.fffffff]] [AM|PM] */
static bool read_time(cursor *c, clock_time *t)
{
    memset(t, 0, sizeof *t);
    if (!read_small(c, &t->hour) || !accept(c, ':') || !read_small(c, &t->minute)) return false;
    if (accept(c, ':')) {
        if (!read_small(c, &t->second)) return false;
        if (accept(c, '.') && !read_fraction_ticks(c, &t->frac)) return false;
    }
    size_t mark = c->i;
    skip_spaces(c);
    size_t len = word_length(c);
    bool am = word_is(c, len, "am"), pm = word_is(c, len, "pm");
    if (!am && !pm) {
        c->i = mark;
        return true;
    }
    c->i += len;
    if (t->hour > 12) return false;
    t->hour = t->hour % 12 + (pm ? 12 : 0);
    return true;
}

/* Z, GMT, UTC, +hh:mm, +hhmm, +hh (and '-'); *offset_ticks is local minus UTC. No zone: 0. */
static bool read_zone(cursor *c, int64_t *offset_ticks)
{
    *offset_ticks = 0;
    size_t len = word_length(c);
    if (word_is(c, len, "z") || word_is(c, len, "gmt") || word_is(c, len, "utc")) {
        c->i += len;
        return true;
    }
    char sign = peek(c);
    if (sign != '+' && sign != '-') return !len;
    c->i++;
    int64_t hours, minutes = 0;
    size_t digits;
    if (!read_digits(c, 4, &hours, &digits) || digits == 1 || digits == 3) return false;
    if (digits == 4) {
        minutes = hours % 100;
        hours /= 100;
    } else if (accept(c, ':')) {
        int m;
        if (!read_small(c, &m)) return false;
        minutes = m;
    }
    if (minutes > 59 || hours * 60 + minutes > 14 * 60) return false;
    int64_t offset = hours * KQ_TICKS_PER_HOUR + minutes * KQ_TICKS_PER_MINUTE;
    *offset_ticks = sign == '-' ? -offset : offset;
    return true;
}

bool kq_dt_parse(const char *s, size_t n, int64_t *out)
{
    if (!s) return false;
    cursor c = {s, n, 0};
    skip_spaces(&c);
    int weekday = -1;
    if (is_alpha(peek(&c))) {
        size_t mark = c.i;
        weekday = read_weekday_name(&c);
        if (weekday >= 0) {
            bool comma = accept(&c, ',');
            if (!skip_spaces(&c) && !comma) return false;
        } else {
            c.i = mark;
        }
    }
    int year, month, day;
    if (!read_date(&c, &year, &month, &day)) return false;
    clock_time t = {0, 0, 0, 0};
    int64_t offset = 0;
    if (peek(&c) == 'T' || peek(&c) == 't' || peek(&c) == ',' || is_space(peek(&c))) {
        bool has_t = accept(&c, 'T') || accept(&c, 't');
        bool comma = !has_t && accept(&c, ',');
        size_t spaces = has_t ? 0 : skip_spaces(&c);
        if (!at_end(&c) || has_t || comma) {
            if (!has_t && !spaces) return false;
            if (!read_time(&c, &t)) return false;
            skip_spaces(&c);
            if (!read_zone(&c, &offset)) return false;
            skip_spaces(&c);
        }
    }
    if (!at_end(&c)) return false;
    int64_t local;
    if (!kq_dt_from_civil(year, month, day, t.hour, t.minute, t.second, t.frac, &local)) return false;
    if (weekday >= 0 && kq_dt_dayofweek(local) / KQ_TICKS_PER_DAY != weekday) return false;
    int64_t utc = local - offset;
    if (utc < 0 || utc > KQ_DATETIME_MAX_TICKS) return false;
    *out = utc;
    return true;
}

/* ---- timespans ---- */

typedef struct timespan_unit {
    const char *name;
    int64_t ticks; /* 0 for nanoseconds (1/100 tick) */
} timespan_unit;

static const timespan_unit units[] = {
    {"d", KQ_TICKS_PER_DAY},       {"day", KQ_TICKS_PER_DAY},         {"days", KQ_TICKS_PER_DAY},
    {"h", KQ_TICKS_PER_HOUR},      {"hr", KQ_TICKS_PER_HOUR},         {"hrs", KQ_TICKS_PER_HOUR},
    {"hour", KQ_TICKS_PER_HOUR},   {"hours", KQ_TICKS_PER_HOUR},      {"m", KQ_TICKS_PER_MINUTE},
    {"min", KQ_TICKS_PER_MINUTE},  {"minute", KQ_TICKS_PER_MINUTE},   {"minutes", KQ_TICKS_PER_MINUTE},
    {"s", KQ_TICKS_PER_SECOND},    {"sec", KQ_TICKS_PER_SECOND},      {"second", KQ_TICKS_PER_SECOND},
    {"seconds", KQ_TICKS_PER_SECOND}, {"ms", 10000},                  {"milli", 10000},
    {"millis", 10000},             {"millisecond", 10000},            {"milliseconds", 10000},
    {"micro", 10},                 {"micros", 10},                    {"microsecond", 10},
    {"microseconds", 10},          {"nano", 0},                       {"nanos", 0},
    {"nanosecond", 0},             {"nanoseconds", 0},                {"tick", 1},
    {"ticks", 1},
};

static const timespan_unit *find_unit(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        if (strlen(units[k].name) == n && memcmp(units[k].name, s, n) == 0) return &units[k];
    }
    return NULL;
}

/* A decimal number "digits[.digits]": whole part and up to MAX_UNIT_FRACTION_DIGITS digits of
 * fraction as numerator / 10^frac_digits. */
typedef struct decimal {
    int64_t whole, frac;
    int frac_digits;
} decimal;

static bool read_decimal(cursor *c, decimal *d)
{
    memset(d, 0, sizeof *d);
    size_t start = c->i;
    while (!at_end(c) && is_digit(c->s[c->i])) {
        int digit = c->s[c->i] - '0';
        if (d->whole > (INT64_MAX - digit) / 10) return false;
        d->whole = d->whole * 10 + digit;
        c->i++;
    }
    if (c->i == start) return false;
    if (peek(c) == '.' && c->i + 1 < c->n && is_digit(c->s[c->i + 1])) {
        c->i++;
        while (!at_end(c) && is_digit(c->s[c->i])) {
            if (d->frac_digits < MAX_UNIT_FRACTION_DIGITS) {
                d->frac = d->frac * 10 + (c->s[c->i] - '0');
                d->frac_digits++;
            }
            c->i++;
        }
    }
    return true;
}

/* floor(number * unit) in ticks; false on overflow. */
static bool decimal_times_unit(const decimal *d, const timespan_unit *u, int64_t *out)
{
    if (u->ticks == 0) { /* nanoseconds: whole ticks only, rounded down */
        *out = d->whole / 100;
        return true;
    }
    if (d->whole > INT64_MAX / u->ticks) return false;
    int64_t ticks = d->whole * u->ticks;
    /* unit = m * 10^e with small m; fraction * unit = frac * m * 10^(e - frac_digits) */
    int64_t m = u->ticks;
    int e = 0;
    while (m % 10 == 0) {
        m /= 10;
        e++;
    }
    int64_t part = d->frac * m; /* frac < 10^15 and m <= 864: fits */
    for (int k = e; k < d->frac_digits; k++) part /= 10;
    for (int k = d->frac_digits; k < e; k++) part *= 10;
    if (ticks > INT64_MAX - part) return false;
    *out = ticks + part;
    return true;
}

bool kq_ts_parse_literal(const char *s, size_t n, int64_t *out)
{
    if (!s) return false;
    cursor c = {s, n, 0};
    decimal d;
    if (!read_decimal(&c, &d)) return false;
    const timespan_unit *u = find_unit(s + c.i, n - c.i);
    return u && decimal_times_unit(&d, u, out);
}

/* [d.]hh:mm[:ss[.fffffff]] without sign; the cursor is at the first digit. */
static bool read_clock_timespan(cursor *c, int64_t *out)
{
    int64_t days = 0, lead, frac = 0;
    int hours, minutes, seconds = 0;
    if (!read_digits(c, 8, &lead, NULL)) return false;
    if (accept(c, '.')) {
        days = lead;
        if (!read_small(c, &hours)) return false;
    } else {
        if (lead > 99) return false;
        hours = (int)lead;
    }
    if (!accept(c, ':') || !read_small(c, &minutes)) return false;
    if (accept(c, ':')) {
        if (!read_small(c, &seconds)) return false;
        if (accept(c, '.') && !read_fraction_ticks(c, &frac)) return false;
    }
    if (hours > 23 || minutes > 59 || seconds > 59) return false;
    int64_t in_day = hours * KQ_TICKS_PER_HOUR + minutes * KQ_TICKS_PER_MINUTE +
                     seconds * KQ_TICKS_PER_SECOND + frac;
    if (days > (INT64_MAX - in_day) / KQ_TICKS_PER_DAY) return false;
    *out = days * KQ_TICKS_PER_DAY + in_day;
    return true;
}

bool kq_ts_parse(const char *s, size_t n, int64_t *out)
{
    if (!s) return false;
    cursor c = {s, n, 0};
    skip_spaces(&c);
    bool negative = accept(&c, '-');
    if (!negative) accept(&c, '+');
    size_t start = c.i;
    while (c.i < c.n && (is_digit(c.s[c.i]) || c.s[c.i] == '.')) c.i++;
    bool clock = peek(&c) == ':';
    c.i = start;
    int64_t ticks;
    if (clock) {
        if (!read_clock_timespan(&c, &ticks)) return false;
    } else {
        decimal d;
        if (!read_decimal(&c, &d)) return false;
        skip_spaces(&c);
        size_t len = word_length(&c);
        const timespan_unit *u = len ? find_unit(c.s + c.i, len) : &units[0];
        if (!u || !decimal_times_unit(&d, u, &ticks)) return false;
        c.i += len;
    }
    skip_spaces(&c);
    if (!at_end(&c)) return false;
    *out = negative ? -ticks : ticks;
    return true;
}
