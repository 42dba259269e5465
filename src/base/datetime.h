/*
 * datetime.h - Kusto datetime and timespan: 64-bit counts of 100 ns ticks. A datetime counts from
 * 0001-01-01T00:00:00Z (like .NET DateTime.Ticks), range 0001-01-01 .. 9999-12-31; a timespan is
 * a signed duration. Parsing follows todatetime()/totimespan() (KQL_SUBSET.md 1.5, 1.6, 2.5);
 * formatting follows Kusto's output (7 fraction digits and Z; [-][d.]hh:mm:ss[.fffffff]).
 * Calendar functions follow KQL_SUBSET.md 6.1.
 */
#ifndef KQ_DATETIME_H
#define KQ_DATETIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KQ_TICKS_PER_SECOND 10000000LL
#define KQ_TICKS_PER_MINUTE (60 * KQ_TICKS_PER_SECOND)
#define KQ_TICKS_PER_HOUR (60 * KQ_TICKS_PER_MINUTE)
#define KQ_TICKS_PER_DAY (24 * KQ_TICKS_PER_HOUR)
/* ticks of 1970-01-01T00:00:00Z */
#define KQ_UNIX_EPOCH_TICKS 621355968000000000LL
#define KQ_DATETIME_MAX_TICKS 3155378975999999999LL /* 9999-12-31T23:59:59.9999999 */

/* Civil fields <-> ticks. month 1..12, day 1..31. from_civil returns false when out of range. */
bool kq_dt_from_civil(int year, int month, int day, int hour, int minute, int second,
                      int64_t frac_ticks, int64_t *out);
void kq_dt_to_civil(int64_t ticks, int *year, int *month, int *day, int *hour, int *minute,
                    int *second, int64_t *frac_ticks);

/* todatetime(string): every format of KQL_SUBSET.md 1.5 (ISO 8601 with T or space, Z or +-hh:mm
 * offsets converted to UTC, up to 7 fraction digits; RFC 822/850; 2022/12/02; 20221202;
 * 2 Dec 2022; Dec 2, 2022; US month-first 12-02-2022 12/02/2022 12.02.2022 2/3/2022), plus the
 * Log Analytics portal export form "11/20/2020, 4:20:29.443 PM". Leading/trailing spaces are
 * allowed. Returns false when the text is not a datetime. */
bool kq_dt_parse(const char *s, size_t n, int64_t *out);

/* Writes "yyyy-MM-ddTHH:mm:ss.fffffffZ" (28 chars) plus a NUL; returns 28. buf >= 29 bytes. */
size_t kq_dt_format(int64_t ticks, char *buf);

/* totimespan(string): [-][d.]hh:mm[:ss[.fffffff]] and the forms of time(...) literals:
 * "1.02:03:04.5", "10:00", "-1.00:00:00", a bare number = days ("2" = 2 days),
 * "15 seconds" / "15s" / "1.5h" (number + unit, units of KQL_SUBSET.md 1.6). false if invalid. */
bool kq_ts_parse(const char *s, size_t n, int64_t *out);

/* A timespan literal token like "1d", "2h", "30m", "10s", "100ms", "1tick", "1.5h",
 * "150nanoseconds": number then unit. false when the unit is unknown. */
bool kq_ts_parse_literal(const char *s, size_t n, int64_t *out);

/* Writes [-][d.]hh:mm:ss[.fffffff] plus a NUL; returns the length. buf >= 32 bytes. */
size_t kq_ts_format(int64_t ticks, char *buf);

/* Calendar parts, case-insensitive names: year quarter month week day hour minute second
 * millisecond microsecond nanosecond (and dayofyear, week_of_year for datetime_part). */
typedef enum kq_dt_part {
    KQ_PART_INVALID = 0,
    KQ_PART_YEAR, KQ_PART_QUARTER, KQ_PART_MONTH, KQ_PART_WEEK, KQ_PART_DAY, KQ_PART_HOUR,
    KQ_PART_MINUTE, KQ_PART_SECOND, KQ_PART_MILLISECOND, KQ_PART_MICROSECOND,
    KQ_PART_NANOSECOND, KQ_PART_DAYOFYEAR, KQ_PART_WEEK_OF_YEAR
} kq_dt_part;
kq_dt_part kq_dt_part_parse(const char *s, size_t n);

/* datetime_add(part, n, dt): false when the result is out of range. Months/years clamp the day. */
bool kq_dt_add(kq_dt_part part, int64_t amount, int64_t dt, int64_t *out);
/* datetime_diff(part, a, b): boundaries crossed, a - b in part units (weeks start on Sunday). */
int64_t kq_dt_diff(kq_dt_part part, int64_t a, int64_t b);
/* datetime_part(part, dt) */
int64_t kq_dt_get_part(kq_dt_part part, int64_t dt);

/* startofday/week/month/year(dt, offset) and endof*: false when out of range. Weeks: Sunday. */
typedef enum kq_dt_period { KQ_PERIOD_DAY, KQ_PERIOD_WEEK, KQ_PERIOD_MONTH, KQ_PERIOD_YEAR } kq_dt_period;
bool kq_dt_start_of(kq_dt_period p, int64_t dt, int64_t offset, int64_t *out);
bool kq_dt_end_of(kq_dt_period p, int64_t dt, int64_t offset, int64_t *out);
/* dayofweek: whole days since the preceding Sunday, as a timespan in ticks (Monday = 1 day) */
int64_t kq_dt_dayofweek(int64_t dt);

/* format_datetime(dt, fmt) / format_timespan(ts, fmt) with the tokens of KQL_SUBSET.md 6.1.
 * Writes into buf (cap bytes, NUL-terminated); returns the length, or -1 on a bad format. */
long kq_dt_format_custom(int64_t dt, const char *fmt, size_t fmt_len, char *buf, size_t cap);
long kq_ts_format_custom(int64_t ts, const char *fmt, size_t fmt_len, char *buf, size_t cap);

#endif
