/*
 * datetime_calendar.c - the proleptic Gregorian calendar over 100 ns ticks: civil fields <-> ticks,
 * datetime_add / datetime_diff / datetime_part, startof* / endof* and dayofweek (KQL_SUBSET.md 6.1).
 */
#include "datetime.h"

#include <string.h>
#include <strings.h>

#define DAYS_PER_400_YEARS 146097
#define DAYS_PER_100_YEARS 36524
#define DAYS_PER_4_YEARS 1461
#define MAX_YEAR 9999
/* number of whole days in the datetime range (0001-01-01 .. 9999-12-31) */
#define DATETIME_DAYS 3652059LL

static const int days_before_month[2][13] = {
    {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
    {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366},
};

static bool is_leap_year(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int64_t year, int month)
{
    int leap = is_leap_year(year);
    return days_before_month[leap][month] - days_before_month[leap][month - 1];
}

/* Days from 0001-01-01 to the first day of month (1..12) of year (>= 1; may exceed 9999). */
static int64_t days_before_date(int64_t year, int month, int day)
{
    int64_t y = year - 1;
    return y * 365 + y / 4 - y / 100 + y / 400 + days_before_month[is_leap_year(year)][month - 1] +
           (day - 1);
}

/* Splits a day number (>= 0) into year, month (1..12), day (1..31) and day of year (1..366). */
static void civil_from_days(int64_t days, int *year, int *month, int *day, int *day_of_year)
{
    int64_t n400 = days / DAYS_PER_400_YEARS;
    int64_t rest = days % DAYS_PER_400_YEARS;
    int64_t n100 = rest / DAYS_PER_100_YEARS;
    if (n100 == 4) n100 = 3; /* the last day of a 400-year cycle */
    rest -= n100 * DAYS_PER_100_YEARS;
    int64_t n4 = rest / DAYS_PER_4_YEARS;
    rest %= DAYS_PER_4_YEARS;
    int64_t n1 = rest / 365;
    if (n1 == 4) n1 = 3; /* the last day of a leap year */
    rest -= n1 * 365;
    int64_t y = n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1;
    const int *before = days_before_month[is_leap_year(y)];
    int m = 1;
    while (m < 12 && rest >= before[m]) m++;
    *year = (int)y;
    *month = m;
    *day = (int)(rest - before[m - 1]) + 1;
    *day_of_year = (int)rest + 1;
}

static int64_t clamp_ticks(int64_t ticks)
{
    if (ticks < 0) return 0;
    if (ticks > KQ_DATETIME_MAX_TICKS) return KQ_DATETIME_MAX_TICKS;
    return ticks;
}

static bool in_range(int64_t ticks)
{
    return ticks >= 0 && ticks <= KQ_DATETIME_MAX_TICKS;
}

bool kq_dt_from_civil(int year, int month, int day, int hour, int minute, int second,
                      int64_t frac_ticks, int64_t *out)
{
    if (year < 1 || year > MAX_YEAR || month < 1 || month > 12) return false;
    if (day < 1 || day > days_in_month(year, month)) return false;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
    if (frac_ticks < 0 || frac_ticks >= KQ_TICKS_PER_SECOND) return false;
    *out = days_before_date(year, month, day) * KQ_TICKS_PER_DAY + hour * KQ_TICKS_PER_HOUR +
           minute * KQ_TICKS_PER_MINUTE + second * KQ_TICKS_PER_SECOND + frac_ticks;
    return true;
}

void kq_dt_to_civil(int64_t ticks, int *year, int *month, int *day, int *hour, int *minute,
                    int *second, int64_t *frac_ticks)
{
    int day_of_year;
    ticks = clamp_ticks(ticks);
    civil_from_days(ticks / KQ_TICKS_PER_DAY, year, month, day, &day_of_year);
    int64_t in_day = ticks % KQ_TICKS_PER_DAY;
    *hour = (int)(in_day / KQ_TICKS_PER_HOUR);
    *minute = (int)(in_day / KQ_TICKS_PER_MINUTE % 60);
    *second = (int)(in_day / KQ_TICKS_PER_SECOND % 60);
    *frac_ticks = in_day % KQ_TICKS_PER_SECOND;
}

kq_dt_part kq_dt_part_parse(const char *s, size_t n)
{
    static const struct {
        const char *name;
        kq_dt_part part;
    } names[] = {
        {"year", KQ_PART_YEAR},
        {"quarter", KQ_PART_QUARTER},
        {"month", KQ_PART_MONTH},
        {"week", KQ_PART_WEEK},
        {"day", KQ_PART_DAY},
        {"hour", KQ_PART_HOUR},
        {"minute", KQ_PART_MINUTE},
        {"second", KQ_PART_SECOND},
        {"millisecond", KQ_PART_MILLISECOND},
        {"microsecond", KQ_PART_MICROSECOND},
        {"nanosecond", KQ_PART_NANOSECOND},
        {"dayofyear", KQ_PART_DAYOFYEAR},
        {"week_of_year", KQ_PART_WEEK_OF_YEAR},
    };
    if (!s) return KQ_PART_INVALID;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strlen(names[i].name) == n && strncasecmp(names[i].name, s, n) == 0) return names[i].part;
    }
    return KQ_PART_INVALID;
}

/* Adds whole months, clamping the day to the last day of the target month (.NET AddMonths). */
static bool add_months(int64_t months, int64_t dt, int64_t *out)
{
    if (months > 12LL * MAX_YEAR || months < -12LL * MAX_YEAR) return false;
    int year, month, day, hour, minute, second;
    int64_t frac;
    kq_dt_to_civil(dt, &year, &month, &day, &hour, &minute, &second, &frac);
    int64_t index = (int64_t)year * 12 + (month - 1) + months;
    int64_t new_year = index / 12;
    int new_month = (int)(index % 12) + 1;
    if (new_year < 1 || new_year > MAX_YEAR) return false;
    int last_day = days_in_month(new_year, new_month);
    if (day > last_day) day = last_day;
    return kq_dt_from_civil((int)new_year, new_month, day, hour, minute, second, frac, out);
}

/* dt + amount * unit ticks, false on overflow or when the result leaves the datetime range. */
static bool add_ticks(int64_t amount, int64_t unit, int64_t dt, int64_t *out)
{
    int64_t limit = KQ_DATETIME_MAX_TICKS / unit;
    if (amount > limit || amount < -limit) return false;
    int64_t result = dt + amount * unit;
    if (!in_range(result)) return false;
    *out = result;
    return true;
}

bool kq_dt_add(kq_dt_part part, int64_t amount, int64_t dt, int64_t *out)
{
    if (!in_range(dt)) return false;
    switch (part) {
    case KQ_PART_YEAR:
        if (amount > MAX_YEAR || amount < -MAX_YEAR) return false;
        return add_months(amount * 12, dt, out);
    case KQ_PART_QUARTER:
        if (amount > 4 * MAX_YEAR || amount < -4 * MAX_YEAR) return false;
        return add_months(amount * 3, dt, out);
    case KQ_PART_MONTH: return add_months(amount, dt, out);
    case KQ_PART_WEEK: return add_ticks(amount, 7 * KQ_TICKS_PER_DAY, dt, out);
    case KQ_PART_DAY: return add_ticks(amount, KQ_TICKS_PER_DAY, dt, out);
    case KQ_PART_HOUR: return add_ticks(amount, KQ_TICKS_PER_HOUR, dt, out);
    case KQ_PART_MINUTE: return add_ticks(amount, KQ_TICKS_PER_MINUTE, dt, out);
    case KQ_PART_SECOND: return add_ticks(amount, KQ_TICKS_PER_SECOND, dt, out);
    case KQ_PART_MILLISECOND: return add_ticks(amount, 10000, dt, out);
    case KQ_PART_MICROSECOND: return add_ticks(amount, 10, dt, out);
    case KQ_PART_NANOSECOND: return add_ticks(amount / 100, 1, dt, out);
    default: return false;
    }
}

/* Index of the Sunday-start week holding day number `days` (0001-01-01, day 0, is a Monday). */
static int64_t sunday_week_index(int64_t days)
{
    return (days + 1) / 7;
}

int64_t kq_dt_diff(kq_dt_part part, int64_t a, int64_t b)
{
    a = clamp_ticks(a);
    b = clamp_ticks(b);
    int ya, ma, da, yb, mb, db, h, mi, s;
    int64_t f;
    switch (part) {
    case KQ_PART_YEAR:
    case KQ_PART_QUARTER:
    case KQ_PART_MONTH:
        kq_dt_to_civil(a, &ya, &ma, &da, &h, &mi, &s, &f);
        kq_dt_to_civil(b, &yb, &mb, &db, &h, &mi, &s, &f);
        if (part == KQ_PART_YEAR) return (int64_t)ya - yb;
        if (part == KQ_PART_QUARTER) return ((int64_t)ya * 4 + (ma - 1) / 3) - ((int64_t)yb * 4 + (mb - 1) / 3);
        return ((int64_t)ya * 12 + ma) - ((int64_t)yb * 12 + mb);
    case KQ_PART_WEEK:
        return sunday_week_index(a / KQ_TICKS_PER_DAY) - sunday_week_index(b / KQ_TICKS_PER_DAY);
    case KQ_PART_DAY: return a / KQ_TICKS_PER_DAY - b / KQ_TICKS_PER_DAY;
    case KQ_PART_HOUR: return a / KQ_TICKS_PER_HOUR - b / KQ_TICKS_PER_HOUR;
    case KQ_PART_MINUTE: return a / KQ_TICKS_PER_MINUTE - b / KQ_TICKS_PER_MINUTE;
    case KQ_PART_SECOND: return a / KQ_TICKS_PER_SECOND - b / KQ_TICKS_PER_SECOND;
    case KQ_PART_MILLISECOND: return a / 10000 - b / 10000;
    case KQ_PART_MICROSECOND: return a / 10 - b / 10;
    case KQ_PART_NANOSECOND:
        /* wraps like Kusto's long arithmetic when the difference is too large */
        return (int64_t)((uint64_t)(a - b) * 100u);
    default: return 0;
    }
}

/* ISO 8601 week number: weeks start on Monday, week 1 holds the year's first Thursday. */
static int iso_week_of_year(int64_t ticks)
{
    int year, month, day, day_of_year;
    int64_t days = ticks / KQ_TICKS_PER_DAY;
    civil_from_days(days, &year, &month, &day, &day_of_year);
    int iso_weekday = (int)(days % 7) + 1; /* day 0 is a Monday: 1 = Monday .. 7 = Sunday */
    int week = (day_of_year - iso_weekday + 10) / 7;
    if (week < 1) {
        /* belongs to the last week of the previous year: 53 when that year ends in week 53 */
        int64_t dec31 = days - day_of_year;
        return dec31 < 0 ? 52 : iso_week_of_year(dec31 * KQ_TICKS_PER_DAY);
    }
    if (week == 53) {
        int year_days = is_leap_year(year) ? 366 : 365;
        /* week 53 exists only when Dec 31 falls on Thursday or later in the week */
        int dec31_weekday = (iso_weekday - 1 + (year_days - day_of_year)) % 7 + 1;
        if (dec31_weekday < 4) return 1;
    }
    return week;
}

int64_t kq_dt_get_part(kq_dt_part part, int64_t dt)
{
    int year, month, day, hour, minute, second, day_of_year;
    int64_t frac;
    dt = clamp_ticks(dt);
    kq_dt_to_civil(dt, &year, &month, &day, &hour, &minute, &second, &frac);
    switch (part) {
    case KQ_PART_YEAR: return year;
    case KQ_PART_QUARTER: return (month - 1) / 3 + 1;
    case KQ_PART_MONTH: return month;
    case KQ_PART_WEEK:
    case KQ_PART_WEEK_OF_YEAR: return iso_week_of_year(dt);
    case KQ_PART_DAY: return day;
    case KQ_PART_DAYOFYEAR:
        civil_from_days(dt / KQ_TICKS_PER_DAY, &year, &month, &day, &day_of_year);
        return day_of_year;
    case KQ_PART_HOUR: return hour;
    case KQ_PART_MINUTE: return minute;
    case KQ_PART_SECOND: return second;
    case KQ_PART_MILLISECOND: return frac / 10000;
    case KQ_PART_MICROSECOND: return frac / 10;
    case KQ_PART_NANOSECOND: return frac * 100;
    default: return 0;
    }
}

/* Start (as a day number, possibly outside the range) of the period holding day `days`, moved
 * by `offset` periods; false when the offset is absurdly large. */
static bool period_start_day(kq_dt_period p, int64_t days, int64_t offset, int64_t *start)
{
    if (offset > 12 * DATETIME_DAYS || offset < -12 * DATETIME_DAYS) return false;
    int year, month, day, day_of_year;
    switch (p) {
    case KQ_PERIOD_DAY: *start = days + offset; return true;
    case KQ_PERIOD_WEEK: *start = sunday_week_index(days) * 7 - 1 + offset * 7; return true;
    case KQ_PERIOD_MONTH:
    case KQ_PERIOD_YEAR: {
        civil_from_days(days, &year, &month, &day, &day_of_year);
        int64_t index = p == KQ_PERIOD_YEAR ? ((int64_t)year + offset) * 12
                                            : (int64_t)year * 12 + (month - 1) + offset;
        int64_t y = index / 12;
        if (index < 12 || y > MAX_YEAR + 1) return false;
        *start = days_before_date(y, (int)(index % 12) + 1, 1);
        return true;
    }
    }
    return false;
}

bool kq_dt_start_of(kq_dt_period p, int64_t dt, int64_t offset, int64_t *out)
{
    int64_t start;
    if (!in_range(dt) || !period_start_day(p, dt / KQ_TICKS_PER_DAY, offset, &start)) return false;
    if (start < 0 || start >= DATETIME_DAYS) return false;
    *out = start * KQ_TICKS_PER_DAY;
    return true;
}

bool kq_dt_end_of(kq_dt_period p, int64_t dt, int64_t offset, int64_t *out)
{
    int64_t next;
    if (offset >= INT64_MAX) return false;
    if (!in_range(dt) || !period_start_day(p, dt / KQ_TICKS_PER_DAY, offset + 1, &next)) return false;
    if (next <= 0 || next > DATETIME_DAYS) return false;
    *out = next * KQ_TICKS_PER_DAY - 1;
    return true;
}

/* Whole days since the preceding Sunday, as Kusto returns it: dayofweek of a Sunday 10:00:05 is
 * 00:00:00 (FACTS.tsv), so the time of day is dropped. */
int64_t kq_dt_dayofweek(int64_t dt)
{
    int64_t days = dt / KQ_TICKS_PER_DAY;
    if (dt < 0 && dt % KQ_TICKS_PER_DAY != 0) days--;
    int64_t since_sunday = (days + 1) % 7;
    if (since_sunday < 0) since_sunday += 7;
    return since_sunday * KQ_TICKS_PER_DAY;
}
