/*
 * test_datetime.c - unit tests of src/base/datetime*.c: parsing and formatting of datetimes and
 * timespans, calendar functions and custom formats, with vectors from KQL_SUBSET.md and FACTS.tsv.
 */
#include "base/datetime.h"
#include "check.h"

#include <stdlib.h>

/* todatetime(text) rendered canonically, or "null" */
static const char *dt(const char *text)
{
    static char buf[64];
    int64_t ticks;
    if (!kq_dt_parse(text, strlen(text), &ticks)) return "null";
    kq_dt_format(ticks, buf);
    return buf;
}

/* totimespan(text) rendered canonically, or "null" */
static const char *ts(const char *text)
{
    static char buf[64];
    int64_t ticks;
    if (!kq_ts_parse(text, strlen(text), &ticks)) return "null";
    kq_ts_format(ticks, buf);
    return buf;
}

static int64_t ticks_of(const char *text)
{
    int64_t ticks = -1;
    if (!kq_dt_parse(text, strlen(text), &ticks)) {
        fprintf(stderr, "cannot parse test datetime %s\n", text);
        exit(2);
    }
    return ticks;
}

static const char *ts_text(int64_t ticks)
{
    static char buf[64];
    kq_ts_format(ticks, buf);
    return buf;
}

static const char *dt_text(int64_t ticks)
{
    static char buf[64];
    kq_dt_format(ticks, buf);
    return buf;
}

static kq_dt_part part(const char *name)
{
    return kq_dt_part_parse(name, strlen(name));
}

static const char *add(const char *p, int64_t n, const char *when)
{
    int64_t out;
    if (!kq_dt_add(part(p), n, ticks_of(when), &out)) return "null";
    return dt_text(out);
}

static int64_t diff(const char *p, const char *a, const char *b)
{
    return kq_dt_diff(part(p), ticks_of(a), ticks_of(b));
}

static const char *start_of(kq_dt_period p, const char *when, int64_t offset)
{
    int64_t out;
    if (!kq_dt_start_of(p, ticks_of(when), offset, &out)) return "null";
    return dt_text(out);
}

static const char *end_of(kq_dt_period p, const char *when, int64_t offset)
{
    int64_t out;
    if (!kq_dt_end_of(p, ticks_of(when), offset, &out)) return "null";
    return dt_text(out);
}

static const char *fmt_dt(const char *when, const char *fmt)
{
    static char buf[256];
    if (kq_dt_format_custom(ticks_of(when), fmt, strlen(fmt), buf, sizeof buf) < 0) return "error";
    return buf;
}

static const char *fmt_ts(const char *span, const char *fmt)
{
    static char buf[256];
    int64_t ticks;
    if (!kq_ts_parse(span, strlen(span), &ticks)) return "bad span";
    if (kq_ts_format_custom(ticks, fmt, strlen(fmt), buf, sizeof buf) < 0) return "error";
    return buf;
}

static int64_t literal(const char *text)
{
    int64_t ticks;
    if (!kq_ts_parse_literal(text, strlen(text), &ticks)) return -1;
    return ticks;
}

static void test_civil(void)
{
    int64_t t;
    CHECK(kq_dt_from_civil(1, 1, 1, 0, 0, 0, 0, &t) && t == 0);
    CHECK(kq_dt_from_civil(1970, 1, 1, 0, 0, 0, 0, &t) && t == KQ_UNIX_EPOCH_TICKS);
    CHECK(kq_dt_from_civil(2020, 1, 1, 0, 0, 0, 0, &t) && t == 637134336000000000LL);
    CHECK(kq_dt_from_civil(9999, 12, 31, 23, 59, 59, 9999999, &t) && t == KQ_DATETIME_MAX_TICKS);
    CHECK(kq_dt_from_civil(100, 1, 1, 0, 0, 0, 0, &t) && t == 31241376000000000LL);
    CHECK(kq_dt_from_civil(2024, 2, 29, 0, 0, 0, 0, &t));
    CHECK(kq_dt_from_civil(2000, 2, 29, 0, 0, 0, 0, &t));
    CHECK(!kq_dt_from_civil(1900, 2, 29, 0, 0, 0, 0, &t));
    CHECK(!kq_dt_from_civil(2023, 2, 29, 0, 0, 0, 0, &t));
    CHECK(!kq_dt_from_civil(2023, 4, 31, 0, 0, 0, 0, &t));
    CHECK(!kq_dt_from_civil(0, 1, 1, 0, 0, 0, 0, &t));
    CHECK(!kq_dt_from_civil(10000, 1, 1, 0, 0, 0, 0, &t));
    CHECK(!kq_dt_from_civil(2020, 13, 1, 0, 0, 0, 0, &t));
    CHECK(!kq_dt_from_civil(2020, 1, 1, 24, 0, 0, 0, &t));
    CHECK(!kq_dt_from_civil(2020, 1, 1, 0, 60, 0, 0, &t));
    CHECK(!kq_dt_from_civil(2020, 1, 1, 0, 0, 60, 0, &t));
    CHECK(!kq_dt_from_civil(2020, 1, 1, 0, 0, 0, KQ_TICKS_PER_SECOND, &t));

    /* every day of a few 400-year cycles round-trips through civil fields */
    int failures = 0;
    int64_t prev = -KQ_TICKS_PER_DAY + 12 * KQ_TICKS_PER_HOUR + 34 * KQ_TICKS_PER_MINUTE +
                   56 * KQ_TICKS_PER_SECOND + 1234567;
    for (int y = 1; y <= 9999; y += (y < 900 || y > 9500) ? 1 : 37) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= 31; d++) {
                int64_t v;
                if (!kq_dt_from_civil(y, m, d, 12, 34, 56, 1234567, &v)) continue;
                int yy, mm, dd, h, mi, s;
                int64_t f;
                kq_dt_to_civil(v, &yy, &mm, &dd, &h, &mi, &s, &f);
                if (yy != y || mm != m || dd != d || h != 12 || mi != 34 || s != 56 || f != 1234567)
                    failures++;
                if (y < 900 && v - prev != KQ_TICKS_PER_DAY) failures++;
                prev = v;
            }
        }
    }
    CHECK_EQ_INT(failures, 0);
    /* out-of-range ticks are clamped, not crashed on */
    int yy, mm, dd, h, mi, s;
    int64_t f;
    kq_dt_to_civil(-5, &yy, &mm, &dd, &h, &mi, &s, &f);
    CHECK(yy == 1 && mm == 1 && dd == 1);
    kq_dt_to_civil(INT64_MAX, &yy, &mm, &dd, &h, &mi, &s, &f);
    CHECK(yy == 9999 && mm == 12 && dd == 31);
}

static void test_dt_format(void)
{
    CHECK_EQ_STR(dt_text(0), "0001-01-01T00:00:00.0000000Z");
    CHECK_EQ_STR(dt_text(KQ_DATETIME_MAX_TICKS), "9999-12-31T23:59:59.9999999Z");
    CHECK_EQ_STR(dt_text(637134336000000000LL), "2020-01-01T00:00:00.0000000Z");
    char buf[29];
    CHECK_EQ_INT(kq_dt_format(KQ_UNIX_EPOCH_TICKS, buf), 28);
    CHECK_EQ_STR(buf, "1970-01-01T00:00:00.0000000Z");
}

static void test_dt_parse_iso(void)
{
    CHECK_EQ_STR(dt("2014-05-25"), "2014-05-25T00:00:00.0000000Z");
    CHECK_EQ_STR(dt("2014-05-25T08:20"), "2014-05-25T08:20:00.0000000Z");
    CHECK_EQ_STR(dt("2014-05-25T08:20:03.123456"), "2014-05-25T08:20:03.1234560Z");
    CHECK_EQ_STR(dt("2014-05-25T08:20:03.123456Z"), "2014-05-25T08:20:03.1234560Z");
    CHECK_EQ_STR(dt("2014-11-08 15:55:55.123456Z"), "2014-11-08T15:55:55.1234560Z");
    CHECK_EQ_STR(dt("2014-11-08 15:55:55"), "2014-11-08T15:55:55.0000000Z");
    CHECK_EQ_STR(dt("2014-11-08 15:55"), "2014-11-08T15:55:00.0000000Z");
    CHECK_EQ_STR(dt("2015-12-31 23:59:59.9"), "2015-12-31T23:59:59.9000000Z");
    CHECK_EQ_STR(dt("2017-10-30 01:02:03.7654321"), "2017-10-30T01:02:03.7654321Z");
    CHECK_EQ_STR(dt("2019-01-07 21:45:31"), "2019-01-07T21:45:31.0000000Z");
    CHECK_EQ_STR(dt("2022-12-02T13:45:56+02:00"), "2022-12-02T11:45:56.0000000Z");
    CHECK_EQ_STR(dt("2022-12-02T13:45:56-05:00"), "2022-12-02T18:45:56.0000000Z");
    CHECK_EQ_STR(dt("2022-12-02T13:45:56+0530"), "2022-12-02T08:15:56.0000000Z");
    CHECK_EQ_STR(dt("2022-12-02T13:45:56 +02"), "2022-12-02T11:45:56.0000000Z");
    CHECK_EQ_STR(dt("2022-12-02T01:00:00+02:00"), "2022-12-01T23:00:00.0000000Z");
    CHECK_EQ_STR(dt("1970-5-12"), "1970-05-12T00:00:00.0000000Z");
    CHECK_EQ_STR(dt("1970-5-1 3:04"), "1970-05-01T03:04:00.0000000Z");
    CHECK_EQ_STR(dt("  2020-01-01  "), "2020-01-01T00:00:00.0000000Z");
    CHECK_EQ_STR(dt("2020-01-01t10:00:00z"), "2020-01-01T10:00:00.0000000Z");
    CHECK_EQ_STR(dt("2020-01-01 10:00:00 UTC"), "2020-01-01T10:00:00.0000000Z");
    /* more than 7 fraction digits (Zeek and others print 9) are truncated */
    CHECK_EQ_STR(dt("2021-03-04T05:06:07.123456789Z"), "2021-03-04T05:06:07.1234567Z");
    CHECK_EQ_STR(dt("2021-03-04T05:06:07.99999999"), "2021-03-04T05:06:07.9999999Z");
    /* range edges and leap days */
    CHECK_EQ_STR(dt("0001-01-01"), "0001-01-01T00:00:00.0000000Z");
    CHECK_EQ_STR(dt("9999-12-31 23:59:59.9999999"), "9999-12-31T23:59:59.9999999Z");
    CHECK_EQ_STR(dt("2000-02-29"), "2000-02-29T00:00:00.0000000Z");
    CHECK_EQ_STR(dt("2024-02-29T12:00"), "2024-02-29T12:00:00.0000000Z");
    CHECK_EQ_STR(dt("0001-01-01T00:30:00+01:00"), "null");
    CHECK_EQ_STR(dt("9999-12-31T23:30:00-01:00"), "null");
    CHECK_EQ_STR(dt("0000-12-31"), "null");
    CHECK_EQ_STR(dt("1900-02-29"), "null");
    CHECK_EQ_STR(dt("2023-02-29"), "null");
    CHECK_EQ_STR(dt("2022-02-30"), "null");
    CHECK_EQ_STR(dt("2022-04-31"), "null");
    CHECK_EQ_STR(dt("2022-13-01"), "null");
    CHECK_EQ_STR(dt("2022-00-10"), "null");
    CHECK_EQ_STR(dt("2022-01-00"), "null");
    CHECK_EQ_STR(dt("2022-01-01T24:00"), "null");
    CHECK_EQ_STR(dt("2022-01-01T23:60"), "null");
    CHECK_EQ_STR(dt("2022-01-01T23:59:60"), "null");
    CHECK_EQ_STR(dt("2022-01-01T"), "null");
    CHECK_EQ_STR(dt("2022-01-01T10"), "null");
    CHECK_EQ_STR(dt("2022-01-01T10:00:00."), "null");
    CHECK_EQ_STR(dt("2022-01-01T10:00:00+15:00"), "null");
    CHECK_EQ_STR(dt("2022-01-01T10:00:00+1"), "null");
    CHECK_EQ_STR(dt("2022-01-01T10:00:00 XYZ"), "null");
    CHECK_EQ_STR(dt("2022-01/01"), "null");
    CHECK_EQ_STR(dt("2022-001-01"), "null");
    CHECK_EQ_STR(dt("22022-01-01"), "null");
    CHECK_EQ_STR(dt("2022-01-01x"), "null");
}

static void test_dt_parse_other_forms(void)
{
    CHECK_EQ_STR(dt("Sat, 8 Nov 14 15:05:02 GMT"), "2014-11-08T15:05:02.0000000Z");
    CHECK_EQ_STR(dt("Saturday, 08-Nov-14 15:05:02 GMT"), "2014-11-08T15:05:02.0000000Z");
    CHECK_EQ_STR(dt("Fri, 02 Dec 2022 13:45:56 GMT"), "2022-12-02T13:45:56.0000000Z");
    CHECK_EQ_STR(dt("Fri, 02 Dec 2022 13:45:56 +0100"), "2022-12-02T12:45:56.0000000Z");
    CHECK_EQ_STR(dt("Sat, 8 Nov 14 15:05 GMT"), "2014-11-08T15:05:00.0000000Z");
    CHECK_EQ_STR(dt("8 Nov 99"), "1999-11-08T00:00:00.0000000Z");
    CHECK_EQ_STR(dt("Thu, 02 Dec 2022 13:45:56 GMT"), "null"); /* wrong weekday */
    CHECK_EQ_STR(dt("Funday, 02 Dec 2022"), "null");
    CHECK_EQ_STR(dt("2022/12/02"), "2022-12-02T00:00:00.0000000Z");
    CHECK_EQ_STR(dt("2022.12.02"), "2022-12-02T00:00:00.0000000Z");
    CHECK_EQ_STR(dt("20221202"), "2022-12-02T00:00:00.0000000Z");
    CHECK_EQ_STR(dt("20221232"), "null");
    CHECK_EQ_STR(dt("2 Dec 2022"), "2022-12-02T00:00:00.0000000Z");
    CHECK_EQ_STR(dt("2 december 2022 10:11:12"), "2022-12-02T10:11:12.0000000Z");
    CHECK_EQ_STR(dt("Dec 2, 2022"), "2022-12-02T00:00:00.0000000Z");
    CHECK_EQ_STR(dt("December 25 2022 08:00"), "2022-12-25T08:00:00.0000000Z");
    CHECK_EQ_STR(dt("Feb 30, 2022"), "null");
    CHECK_EQ_STR(dt("12-02-2022"), "2022-12-02T00:00:00.0000000Z");
    CHECK_EQ_STR(dt("12/02/2022"), "2022-12-02T00:00:00.0000000Z");
    CHECK_EQ_STR(dt("12.02.2022"), "2022-12-02T00:00:00.0000000Z");
    CHECK_EQ_STR(dt("2/3/2022"), "2022-02-03T00:00:00.0000000Z");
    CHECK_EQ_STR(dt("13-01-2022"), "null");
    CHECK_EQ_STR(dt("12-02/2022"), "null");
    CHECK_EQ_STR(dt("12/02/22"), "null");
    /* Log Analytics portal export */
    CHECK_EQ_STR(dt("11/20/2020, 4:20:29.443 PM"), "2020-11-20T16:20:29.4430000Z");
    CHECK_EQ_STR(dt("11/20/2020, 4:20:29.443 AM"), "2020-11-20T04:20:29.4430000Z");
    CHECK_EQ_STR(dt("11/20/2020, 12:20:29.443 AM"), "2020-11-20T00:20:29.4430000Z");
    CHECK_EQ_STR(dt("11/20/2020, 12:00:00 PM"), "2020-11-20T12:00:00.0000000Z");
    CHECK_EQ_STR(dt("11/20/2020 4:20:29 PM"), "2020-11-20T16:20:29.0000000Z");
    CHECK_EQ_STR(dt("11/20/2020, 4:20:29 pm"), "2020-11-20T16:20:29.0000000Z");
    CHECK_EQ_STR(dt("11/20/2020, 13:20:29 PM"), "null");
    CHECK_EQ_STR(dt("11/20/2020,4:20:29 PM"), "null");
    CHECK_EQ_STR(dt("11/20/2020, "), "null");
}

static void test_dt_parse_garbage(void)
{
    CHECK_EQ_STR(dt("garbage"), "null");
    CHECK_EQ_STR(dt(""), "null");
    CHECK_EQ_STR(dt("   "), "null");
    CHECK_EQ_STR(dt("2022"), "null");
    CHECK_EQ_STR(dt("2022-"), "null");
    CHECK_EQ_STR(dt("2022-12"), "null");
    CHECK_EQ_STR(dt("2022-12-"), "null");
    CHECK_EQ_STR(dt("-2022-12-01"), "null");
    CHECK_EQ_STR(dt("Sat,"), "null");
    CHECK_EQ_STR(dt("Dec"), "null");
    CHECK_EQ_STR(dt("Dec 2"), "null");
    CHECK_EQ_STR(dt("Dec 2,"), "null");
    CHECK_EQ_STR(dt("99999999999999999999999"), "null");
    CHECK_EQ_STR(dt("2022-12-02T13:45:56+"), "null");
    CHECK_EQ_STR(dt("2022-12-02T13:45:56+02:"), "null");
    CHECK_EQ_STR(dt("1.02:03:04"), "null");
    int64_t t;
    CHECK(!kq_dt_parse(NULL, 0, &t));
    /* a prefix of a valid text is judged on the prefix only (reads never pass n) */
    const char *full = "2022-12-02T13:45:56Z";
    CHECK(kq_dt_parse(full, 10, &t) && t == ticks_of("2022-12-02"));
    CHECK(!kq_dt_parse(full, 11, &t));
    CHECK(!kq_dt_parse(full, 13, &t));
    CHECK(kq_dt_parse(full, 16, &t) && t == ticks_of("2022-12-02 13:45"));
    /* every prefix of many valid texts, on exact-size heap copies (ASan catches over-reads) */
    const char *samples[] = {"Saturday, 08-Nov-14 15:05:02 GMT", "11/20/2020, 4:20:29.443 PM",
                             "2022-12-02T13:45:56.1234567+02:00", "Dec 25, 2022 10:00 AM",
                             "1.02:03:04.5", "150nanoseconds", "  -12.5 hours "};
    for (size_t k = 0; k < sizeof samples / sizeof samples[0]; k++) {
        size_t len = strlen(samples[k]);
        for (size_t n = 0; n <= len; n++) {
            char *copy = malloc(n ? n : 1);
            memcpy(copy, samples[k], n);
            int64_t v;
            (void)kq_dt_parse(copy, n, &v);
            (void)kq_ts_parse(copy, n, &v);
            (void)kq_ts_parse_literal(copy, n, &v);
            free(copy);
        }
    }
    /* long hostile strings */
    size_t big = 1 << 20;
    char *junk = malloc(big);
    memset(junk, '9', big);
    CHECK(!kq_dt_parse(junk, big, &t));
    CHECK(!kq_ts_parse(junk, big, &t));
    CHECK(!kq_ts_parse_literal(junk, big, &t));
    memset(junk, ' ', big);
    CHECK(!kq_dt_parse(junk, big, &t));
    CHECK(!kq_ts_parse(junk, big, &t));
    memcpy(junk, "2020-01-01T00:00:00.", 20);
    memset(junk + 20, '1', big - 20);
    CHECK(kq_dt_parse(junk, big, &t) && t == ticks_of("2020-01-01T00:00:00.1111111"));
    srand(12345);
    const char alphabet[] = "0123456789-/.:, TZtzAPMGamp+SatDecNov";
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)(rand() % 40);
        for (size_t k = 0; k < n; k++) junk[k] = alphabet[rand() % (int)(sizeof alphabet - 1)];
        int64_t v;
        if (kq_dt_parse(junk, n, &v)) CHECK(v >= 0 && v <= KQ_DATETIME_MAX_TICKS);
        (void)kq_ts_parse(junk, n, &v);
    }
    free(junk);
}

static void test_dt_round_trip(void)
{
    const char *texts[] = {"0001-01-01T00:00:00.0000000Z", "9999-12-31T23:59:59.9999999Z",
                           "2026-05-18T10:15:32.1230000Z", "2000-02-29T12:34:56.7890123Z",
                           "1600-03-01T00:00:00.0000001Z", "1970-01-01T00:00:00.0000000Z"};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) CHECK_EQ_STR(dt(texts[k]), texts[k]);
    int failures = 0;
    for (int64_t t = 0; t < KQ_DATETIME_MAX_TICKS - 7919LL * 39916801LL * 1000LL;
         t += 7919LL * 39916801LL * 1000LL + 12345) {
        char buf[29];
        kq_dt_format(t, buf);
        int64_t back;
        if (!kq_dt_parse(buf, 28, &back) || back != t) failures++;
    }
    CHECK_EQ_INT(failures, 0);
}

static void test_ts_parse_format(void)
{
    CHECK_EQ_STR(ts("1.02:03:04.5"), "1.02:03:04.5000000");
    CHECK_EQ_STR(ts("10:00"), "10:00:00");
    CHECK_EQ_STR(ts("-1.00:00:00"), "-1.00:00:00");
    CHECK_EQ_STR(ts("0.00:03:00"), "00:03:00");
    CHECK_EQ_STR(ts("0.12:34:56.7"), "12:34:56.7000000");
    CHECK_EQ_STR(ts("29.09:00:05.12345"), "29.09:00:05.1234500");
    CHECK_EQ_STR(ts("2"), "2.00:00:00");
    CHECK_EQ_STR(ts("15 seconds"), "00:00:15");
    CHECK_EQ_STR(ts("15s"), "00:00:15");
    CHECK_EQ_STR(ts("1.5h"), "01:30:00");
    CHECK_EQ_STR(ts("90m"), "01:30:00");
    CHECK_EQ_STR(ts("-2h"), "-02:00:00");
    CHECK_EQ_STR(ts("0s"), "00:00:00");
    CHECK_EQ_STR(ts("1ms"), "00:00:00.0010000");
    CHECK_EQ_STR(ts("1.5"), "1.12:00:00");
    CHECK_EQ_STR(ts(" 4d "), "4.00:00:00");
    CHECK_EQ_STR(ts("00:00:00.123456789"), "00:00:00.1234567");
    CHECK_EQ_STR(ts("10675199.02:48:05.4775807"), "10675199.02:48:05.4775807");
    CHECK_EQ_STR(ts("10675199.02:48:05.4775808"), "null");
    CHECK_EQ_STR(ts("99999999.00:00:00"), "null");
    CHECK_EQ_STR(ts("24:00"), "null");
    CHECK_EQ_STR(ts("10:60"), "null");
    CHECK_EQ_STR(ts("10:00:60"), "null");
    CHECK_EQ_STR(ts("10:"), "null");
    CHECK_EQ_STR(ts("1."), "null");
    CHECK_EQ_STR(ts("1w"), "null");
    CHECK_EQ_STR(ts("abc"), "null");
    CHECK_EQ_STR(ts(""), "null");
    CHECK_EQ_STR(ts("-"), "null");
    CHECK_EQ_STR(ts("1d2h"), "null");
    CHECK_EQ_STR(ts("99999999999999999999d"), "null");
    CHECK_EQ_STR(ts("20000000d"), "null");
    CHECK_EQ_STR(ts_text(-2 * KQ_TICKS_PER_HOUR), "-02:00:00");
    CHECK_EQ_STR(ts_text(36 * KQ_TICKS_PER_HOUR), "1.12:00:00");
    CHECK_EQ_STR(ts_text(-36 * KQ_TICKS_PER_HOUR), "-1.12:00:00");
    CHECK_EQ_STR(ts_text(10000), "00:00:00.0010000");
    CHECK_EQ_STR(ts_text(INT64_MAX), "10675199.02:48:05.4775807");
    CHECK_EQ_STR(ts_text(INT64_MIN), "-10675199.02:48:05.4775808");
    CHECK_EQ_STR(ts_text(937840000000LL), "1.02:03:04");
    CHECK_EQ_STR(ts_text(ticks_of("1997-06-25") - ticks_of("1910-06-11")), "31791.00:00:00");
    CHECK_EQ_INT((ticks_of("2019-01-07 21:45:31") - ticks_of("1970-01-01")) / KQ_TICKS_PER_SECOND,
                 1546897531);
    /* round trips */
    const char *spans[] = {"1.02:03:04.5000000", "-1.12:00:00", "00:00:00.0010000", "00:00:00",
                           "-00:00:00.0000001", "12345.23:59:59.9999999"};
    for (size_t k = 0; k < sizeof spans / sizeof spans[0]; k++) CHECK_EQ_STR(ts(spans[k]), spans[k]);
    int64_t v;
    CHECK(!kq_ts_parse(NULL, 0, &v));
}

static void test_ts_literals(void)
{
    CHECK_EQ_INT(literal("1tick"), 1);
    CHECK_EQ_INT(literal("10ticks"), 10);
    CHECK_EQ_INT(literal("1ms"), 10000);
    CHECK_EQ_INT(literal("1milli"), 10000);
    CHECK_EQ_INT(literal("1d"), 864000000000LL);
    CHECK_EQ_INT(literal("2h"), 2 * KQ_TICKS_PER_HOUR);
    CHECK_EQ_INT(literal("30m"), 30 * KQ_TICKS_PER_MINUTE);
    CHECK_EQ_INT(literal("10s"), 10 * KQ_TICKS_PER_SECOND);
    CHECK_EQ_INT(literal("100ms"), 100 * 10000);
    CHECK_EQ_INT(literal("1.5h"), 90 * KQ_TICKS_PER_MINUTE);
    CHECK_EQ_INT(literal("150nanoseconds"), 1);
    CHECK_EQ_INT(literal("99nanos"), 0);
    CHECK_EQ_INT(literal("250.9nano"), 2);
    CHECK_EQ_INT(literal("3micros"), 30);
    CHECK_EQ_INT(literal("0.5microseconds"), 5);
    CHECK_EQ_INT(literal("0.05microsecond"), 0);
    CHECK_EQ_INT(literal("0.0000001s"), 1);
    CHECK_EQ_INT(literal("0.00000019s"), 1);
    CHECK_EQ_INT(literal("1.00000001d"), 864000008640LL);
    CHECK_EQ_INT(literal("0.1d"), 86400000000LL);
    CHECK_EQ_INT(literal("7days"), 7 * KQ_TICKS_PER_DAY);
    CHECK_EQ_INT(literal("1day"), KQ_TICKS_PER_DAY);
    CHECK_EQ_INT(literal("1hr"), KQ_TICKS_PER_HOUR);
    CHECK_EQ_INT(literal("2hrs"), 2 * KQ_TICKS_PER_HOUR);
    CHECK_EQ_INT(literal("1hour"), KQ_TICKS_PER_HOUR);
    CHECK_EQ_INT(literal("3hours"), 3 * KQ_TICKS_PER_HOUR);
    CHECK_EQ_INT(literal("1min"), KQ_TICKS_PER_MINUTE);
    CHECK_EQ_INT(literal("1minute"), KQ_TICKS_PER_MINUTE);
    CHECK_EQ_INT(literal("5minutes"), 5 * KQ_TICKS_PER_MINUTE);
    CHECK_EQ_INT(literal("1sec"), KQ_TICKS_PER_SECOND);
    CHECK_EQ_INT(literal("1second"), KQ_TICKS_PER_SECOND);
    CHECK_EQ_INT(literal("2seconds"), 2 * KQ_TICKS_PER_SECOND);
    CHECK_EQ_INT(literal("2millis"), 20000);
    CHECK_EQ_INT(literal("2millisecond"), 20000);
    CHECK_EQ_INT(literal("2milliseconds"), 20000);
    CHECK_EQ_INT(literal("1micro"), 10);
    CHECK_EQ_INT(literal("1microsecond"), 10);
    CHECK_EQ_INT(literal("1nanosecond"), 0);
    CHECK_EQ_INT(literal("1w"), -1);
    CHECK_EQ_INT(literal("1"), -1);
    CHECK_EQ_INT(literal("d"), -1);
    CHECK_EQ_INT(literal("1 d"), -1);
    CHECK_EQ_INT(literal("-1d"), -1);
    CHECK_EQ_INT(literal("1dd"), -1);
    CHECK_EQ_INT(literal("1.d"), -1);
    CHECK_EQ_INT(literal("10675200d"), -1);
    CHECK_EQ_INT(literal("922337203685477580799ticks"), -1);
    CHECK_EQ_INT(literal("9223372036854775807ticks"), INT64_MAX);
}

static void test_parts(void)
{
    CHECK(part("YEAR") == KQ_PART_YEAR);
    CHECK(part("dayOfYear") == KQ_PART_DAYOFYEAR);
    CHECK(part("Week_Of_Year") == KQ_PART_WEEK_OF_YEAR);
    CHECK(part("nanosecond") == KQ_PART_NANOSECOND);
    CHECK(part("years") == KQ_PART_INVALID);
    CHECK(part("") == KQ_PART_INVALID);
    CHECK(kq_dt_part_parse(NULL, 0) == KQ_PART_INVALID);

    int64_t d = ticks_of("2017-10-30 01:02:03.7654321");
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_YEAR, d), 2017);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_QUARTER, d), 4);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_MONTH, d), 10);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_WEEK_OF_YEAR, d), 44);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_DAY, d), 30);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_DAYOFYEAR, d), 303);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_HOUR, d), 1);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_MINUTE, d), 2);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_SECOND, d), 3);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_MILLISECOND, d), 765);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_MICROSECOND, d), 765432);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_NANOSECOND, d), 765432100);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_DAYOFYEAR, ticks_of("2024-12-31")), 366);
    /* ISO 8601 weeks around year ends */
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_WEEK_OF_YEAR, ticks_of("2021-01-03")), 53);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_WEEK_OF_YEAR, ticks_of("2021-01-04")), 1);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_WEEK_OF_YEAR, ticks_of("2020-12-31")), 53);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_WEEK_OF_YEAR, ticks_of("2019-12-30")), 1);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_WEEK_OF_YEAR, ticks_of("2018-12-31")), 1);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_WEEK_OF_YEAR, ticks_of("2023-01-01")), 52);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_WEEK_OF_YEAR, ticks_of("2016-01-03")), 53);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_WEEK_OF_YEAR, ticks_of("2024-12-30")), 1);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_WEEK_OF_YEAR, ticks_of("0001-01-01")), 1);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_WEEK_OF_YEAR, ticks_of("9999-12-31")), 52);
    CHECK_EQ_INT(kq_dt_get_part(KQ_PART_INVALID, d), 0);
}

static void test_add(void)
{
    CHECK_EQ_STR(add("year", 1, "2017-01-01"), "2018-01-01T00:00:00.0000000Z");
    CHECK_EQ_STR(add("month", 1, "2017-01-01"), "2017-02-01T00:00:00.0000000Z");
    CHECK_EQ_STR(add("week", 1, "2017-01-01"), "2017-01-08T00:00:00.0000000Z");
    CHECK_EQ_STR(add("day", 1, "2017-01-01"), "2017-01-02T00:00:00.0000000Z");
    CHECK_EQ_STR(add("hour", 1, "2017-01-01"), "2017-01-01T01:00:00.0000000Z");
    CHECK_EQ_STR(add("minute", 1, "2017-01-01"), "2017-01-01T00:01:00.0000000Z");
    CHECK_EQ_STR(add("year", -5, "2017-01-01"), "2012-01-01T00:00:00.0000000Z");
    CHECK_EQ_STR(add("quarter", 12, "2017-01-01"), "2020-01-01T00:00:00.0000000Z");
    CHECK_EQ_STR(add("month", -15, "2017-01-01"), "2015-10-01T00:00:00.0000000Z");
    CHECK_EQ_STR(add("week", 100, "2017-01-01"), "2018-12-02T00:00:00.0000000Z");
    CHECK_EQ_STR(add("second", 90, "2017-01-01"), "2017-01-01T00:01:30.0000000Z");
    CHECK_EQ_STR(add("millisecond", 1, "2017-01-01"), "2017-01-01T00:00:00.0010000Z");
    CHECK_EQ_STR(add("microsecond", 1, "2017-01-01"), "2017-01-01T00:00:00.0000010Z");
    CHECK_EQ_STR(add("nanosecond", 250, "2017-01-01"), "2017-01-01T00:00:00.0000002Z");
    /* month ends clamp */
    CHECK_EQ_STR(add("month", 1, "2017-01-31 10:00"), "2017-02-28T10:00:00.0000000Z");
    CHECK_EQ_STR(add("month", 1, "2020-01-31"), "2020-02-29T00:00:00.0000000Z");
    CHECK_EQ_STR(add("year", 1, "2020-02-29"), "2021-02-28T00:00:00.0000000Z");
    CHECK_EQ_STR(add("quarter", -1, "2020-05-31"), "2020-02-29T00:00:00.0000000Z");
    CHECK_EQ_STR(add("month", -1, "2020-03-31"), "2020-02-29T00:00:00.0000000Z");
    /* range edges */
    CHECK_EQ_STR(add("day", -1, "0001-01-01"), "null");
    CHECK_EQ_STR(add("day", 1, "9999-12-31"), "null");
    CHECK_EQ_STR(add("month", -1, "0001-01-15"), "null");
    CHECK_EQ_STR(add("year", 1, "9999-01-01"), "null");
    CHECK_EQ_STR(add("year", 9998, "0001-01-01"), "9999-01-01T00:00:00.0000000Z");
    CHECK_EQ_STR(add("month", INT64_MAX, "2000-01-01"), "null");
    CHECK_EQ_STR(add("month", INT64_MIN, "2000-01-01"), "null");
    CHECK_EQ_STR(add("year", INT64_MIN, "2000-01-01"), "null");
    CHECK_EQ_STR(add("quarter", INT64_MAX, "2000-01-01"), "null");
    CHECK_EQ_STR(add("week", INT64_MAX, "2000-01-01"), "null");
    CHECK_EQ_STR(add("second", INT64_MIN, "2000-01-01"), "null");
    CHECK_EQ_STR(add("nanosecond", INT64_MIN, "2000-01-01"), dt_text(ticks_of("2000-01-01") + INT64_MIN / 100));
    CHECK_EQ_STR(add("nanosecond", INT64_MIN, "0200-01-01"), "null");
    CHECK_EQ_STR(add("dayofyear", 1, "2000-01-01"), "null");
    int64_t out;
    CHECK(!kq_dt_add(KQ_PART_DAY, 1, -1, &out));
}

static void test_diff(void)
{
    CHECK_EQ_INT(diff("year", "2017-01-01", "2000-12-31"), 17);
    CHECK_EQ_INT(diff("quarter", "2017-07-01", "2017-03-30"), 2);
    CHECK_EQ_INT(diff("month", "2017-01-01", "2015-12-30"), 13);
    CHECK_EQ_INT(diff("week", "2017-10-29 00:00", "2017-09-30 23:59"), 5);
    CHECK_EQ_INT(diff("day", "2017-10-29 00:00", "2017-09-30 23:59"), 29);
    CHECK_EQ_INT(diff("hour", "2017-10-31 01:00", "2017-10-30 23:59"), 2);
    CHECK_EQ_INT(diff("minute", "2017-10-30 23:05:01", "2017-10-30 23:00:59"), 5);
    CHECK_EQ_INT(diff("second", "2017-10-30 23:00:10.100", "2017-10-30 23:00:00.900"), 10);
    CHECK_EQ_INT(diff("millisecond", "2017-10-30 23:00:00.200100", "2017-10-30 23:00:00.100900"), 100);
    CHECK_EQ_INT(diff("microsecond", "2017-10-30 23:00:00.1009001", "2017-10-30 23:00:00.1008009"), 100);
    CHECK_EQ_INT(diff("nanosecond", "2017-10-30 23:00:00.0000000", "2017-10-30 23:00:00.0000007"), -700);
    CHECK_EQ_INT(diff("year", "2000-12-31", "2017-01-01"), -17);
    CHECK_EQ_INT(diff("week", "2017-10-28", "2017-10-22"), 0); /* Sat vs Sun of the same week */
    CHECK_EQ_INT(diff("week", "2017-10-29", "2017-10-28"), 1);
    CHECK_EQ_INT(diff("week", "0001-01-07", "0001-01-06"), 1); /* first Sunday */
    CHECK_EQ_INT(diff("day", "9999-12-31", "0001-01-01"), 3652058);
    CHECK_EQ_INT(diff("dayofyear", "2000-01-02", "2000-01-01"), 0);
}

static void test_start_end(void)
{
    CHECK_EQ_STR(start_of(KQ_PERIOD_DAY, "2017-01-01 10:10:17", -1), "2016-12-31T00:00:00.0000000Z");
    CHECK_EQ_STR(start_of(KQ_PERIOD_DAY, "2017-01-01 10:10:17", 0), "2017-01-01T00:00:00.0000000Z");
    CHECK_EQ_STR(start_of(KQ_PERIOD_DAY, "2017-01-01 10:10:17", 1), "2017-01-02T00:00:00.0000000Z");
    CHECK_EQ_STR(start_of(KQ_PERIOD_MONTH, "2017-01-01 10:10:17", 1), "2017-02-01T00:00:00.0000000Z");
    CHECK_EQ_STR(start_of(KQ_PERIOD_MONTH, "2017-03-31", -13), "2016-02-01T00:00:00.0000000Z");
    CHECK_EQ_STR(start_of(KQ_PERIOD_YEAR, "2017-06-15", 0), "2017-01-01T00:00:00.0000000Z");
    CHECK_EQ_STR(start_of(KQ_PERIOD_YEAR, "2017-06-15", -2), "2015-01-01T00:00:00.0000000Z");
    CHECK_EQ_STR(start_of(KQ_PERIOD_WEEK, "2017-01-04 10:00", 0), "2017-01-01T00:00:00.0000000Z");
    CHECK_EQ_STR(start_of(KQ_PERIOD_WEEK, "2017-01-01", 0), "2017-01-01T00:00:00.0000000Z");
    CHECK_EQ_STR(start_of(KQ_PERIOD_WEEK, "2017-01-07 23:59", 1), "2017-01-08T00:00:00.0000000Z");
    CHECK_EQ_STR(start_of(KQ_PERIOD_WEEK, "0001-01-01", 0), "null"); /* a Monday */
    CHECK_EQ_STR(start_of(KQ_PERIOD_WEEK, "0001-01-07", 0), "0001-01-07T00:00:00.0000000Z");
    CHECK_EQ_STR(start_of(KQ_PERIOD_DAY, "0001-01-01", -1), "null");
    CHECK_EQ_STR(start_of(KQ_PERIOD_YEAR, "9999-06-01", 1), "null");
    CHECK_EQ_STR(start_of(KQ_PERIOD_MONTH, "2000-01-01", INT64_MAX), "null");
    CHECK_EQ_STR(start_of(KQ_PERIOD_YEAR, "2000-01-01", INT64_MIN), "null");
    CHECK_EQ_STR(end_of(KQ_PERIOD_DAY, "2017-01-01 10:10:17", 0), "2017-01-01T23:59:59.9999999Z");
    CHECK_EQ_STR(end_of(KQ_PERIOD_DAY, "2017-01-01 10:10:17", 1), "2017-01-02T23:59:59.9999999Z");
    CHECK_EQ_STR(end_of(KQ_PERIOD_WEEK, "2017-01-04", 0), "2017-01-07T23:59:59.9999999Z");
    CHECK_EQ_STR(end_of(KQ_PERIOD_MONTH, "2020-02-10", 0), "2020-02-29T23:59:59.9999999Z");
    CHECK_EQ_STR(end_of(KQ_PERIOD_MONTH, "2020-02-10", -1), "2020-01-31T23:59:59.9999999Z");
    CHECK_EQ_STR(end_of(KQ_PERIOD_YEAR, "2020-02-10", 0), "2020-12-31T23:59:59.9999999Z");
    CHECK_EQ_STR(end_of(KQ_PERIOD_YEAR, "9999-02-10", 0), "9999-12-31T23:59:59.9999999Z");
    CHECK_EQ_STR(end_of(KQ_PERIOD_MONTH, "9999-12-10", 0), "9999-12-31T23:59:59.9999999Z");
    CHECK_EQ_STR(end_of(KQ_PERIOD_DAY, "9999-12-31", 0), "9999-12-31T23:59:59.9999999Z");
    CHECK_EQ_STR(end_of(KQ_PERIOD_WEEK, "9999-12-31", 0), "null"); /* that week ends in 10000 */
    CHECK_EQ_STR(end_of(KQ_PERIOD_DAY, "0001-01-01", -1), "null");
    CHECK_EQ_STR(end_of(KQ_PERIOD_WEEK, "0001-01-01", 0), "0001-01-06T23:59:59.9999999Z");
    CHECK_EQ_STR(end_of(KQ_PERIOD_DAY, "2000-01-01", INT64_MAX), "null");
    CHECK_EQ_STR(end_of(KQ_PERIOD_DAY, "2000-01-01", INT64_MIN), "null");

    CHECK_EQ_STR(ts_text(kq_dt_dayofweek(ticks_of("1947-11-30 10:00:05"))), "00:00:00");
    CHECK_EQ_STR(ts_text(kq_dt_dayofweek(ticks_of("1970-05-11"))), "1.00:00:00");
    CHECK_EQ_INT(kq_dt_dayofweek(ticks_of("1970-5-12")) / KQ_TICKS_PER_DAY, 2);
    CHECK_EQ_INT(kq_dt_dayofweek(0) / KQ_TICKS_PER_DAY, 1);
    CHECK_EQ_INT(kq_dt_dayofweek(ticks_of("2022-12-03 23:59")) / KQ_TICKS_PER_DAY, 6);
}

static void test_custom_format(void)
{
    const char *d = "2017-01-29 09:00:05";
    CHECK_EQ_STR(fmt_dt(d, "yy-MM-dd [HH:mm:ss]"), "17-01-29 [09:00:05]");
    CHECK_EQ_STR(fmt_dt(d, "yyyy-M-dd [H:mm:ss]"), "2017-1-29 [9:00:05]");
    CHECK_EQ_STR(fmt_dt(d, "yy-MM-dd [hh:mm:ss tt]"), "17-01-29 [09:00:05 AM]");
    CHECK_EQ_STR(fmt_dt("2009-06-15T13:45:30", "h hh H HH tt"), "1 01 13 13 PM");
    CHECK_EQ_STR(fmt_dt("2009-06-15T00:05:30", "h hh H HH tt"), "12 12 0 00 AM");
    CHECK_EQ_STR(fmt_dt("2009-06-15T12:05:30", "h tt"), "12 PM");
    CHECK_EQ_STR(fmt_dt("2009-06-01T01:09:09", "d dd m mm s ss M MM"), "1 01 9 09 9 09 6 06");
    CHECK_EQ_STR(fmt_dt("0001-01-01", "y yy yyyy"), "1 01 0001");
    CHECK_EQ_STR(fmt_dt("0900-01-01", "y yy yyyy"), "0 00 0900");
    CHECK_EQ_STR(fmt_dt("2009-06-15", "y yy"), "9 09");
    CHECK_EQ_STR(fmt_dt("2009-06-15T13:45:30.6175425", "f ff fff ffff fffff ffffff fffffff"),
                 "6 61 617 6175 61754 617542 6175425");
    CHECK_EQ_STR(fmt_dt("2009-06-15T13:45:30.05", "f"), "0");
    CHECK_EQ_STR(fmt_dt("2009-06-15T13:45:30.0050000", "ff"), "00");
    CHECK_EQ_STR(fmt_dt("2009-06-15T13:45:30.0001150", "fffffff"), "0001150");
    CHECK_EQ_STR(fmt_dt("2009-06-15T13:45:30.6170000", "F FF FFF"), "6 61 617");
    CHECK_EQ_STR(fmt_dt("2009-06-15T13:45:30.0500000", "[F]"), "[]");
    CHECK_EQ_STR(fmt_dt("2009-06-15T13:45:30.5275000", "FFFF"), "5275");
    CHECK_EQ_STR(fmt_dt("2009-06-15T13:45:30.0001150", "FFFFFFF"), "000115");
    CHECK_EQ_STR(fmt_dt("2009-06-15T13:45:30.6170000", "FFFFFFF"), "617");
    CHECK_EQ_STR(fmt_dt("2009-06-15T13:45:30", "HH:mm:ss.FFF"), "13:45:30");
    CHECK_EQ_STR(fmt_dt("2009-06-15T13:45:30.1", "HH:mm:ss.FFF"), "13:45:30.1");
    CHECK_EQ_STR(fmt_dt("2009-06-15", "yyyy_MM_dd,/-"), "2009_06_15,/-");
    CHECK_EQ_STR(fmt_dt("2009-06-15", ""), "");
    CHECK_EQ_STR(fmt_dt("2009-06-15", "yyy"), "error");
    CHECK_EQ_STR(fmt_dt("2009-06-15", "ddd"), "error");
    CHECK_EQ_STR(fmt_dt("2009-06-15", "MMM"), "error");
    CHECK_EQ_STR(fmt_dt("2009-06-15", "t"), "error");
    CHECK_EQ_STR(fmt_dt("2009-06-15", "ffffffff"), "error");
    CHECK_EQ_STR(fmt_dt("2009-06-15", "yyyy-MM-ddTHH"), "error");
    CHECK_EQ_STR(fmt_dt("2009-06-15", "yyyy#"), "error");

    CHECK_EQ_STR(fmt_ts("29.09:00:05.12345", "dd.hh:mm:ss:FF"), "29.09:00:05:12");
    CHECK_EQ_STR(fmt_ts("29.09:00:05.12345", "ddd.h:mm:ss [fffffff]"), "029.9:00:05 [1234500]");
    CHECK_EQ_STR(fmt_ts("15.13:45:30", "d dd ddd"), "15 15 015");
    CHECK_EQ_STR(fmt_ts("15.13:45:30", "dddddddd"), "00000015");
    CHECK_EQ_STR(fmt_ts("15.01:09:09", "H HH h hh m mm s ss"), "1 01 1 01 9 09 9 09");
    CHECK_EQ_STR(fmt_ts("15.13:45:30.6175425", "f ff fff ffff fffff ffffff fffffff"),
                 "6 61 617 6175 61754 617542 6175425");
    CHECK_EQ_STR(fmt_ts("15.13:45:30.0001150", "FFFFFFF"), "000115");
    CHECK_EQ_STR(fmt_ts("15.13:45:30", "ss.FF"), "30");
    CHECK_EQ_STR(fmt_ts("-1.02:00:00", "d.hh:mm"), "-1.02:00");
    CHECK_EQ_STR(fmt_ts("1.02:00:00", "ddddddddd"), "error");
    CHECK_EQ_STR(fmt_ts("1.02:00:00", "hhh"), "error");
    CHECK_EQ_STR(fmt_ts("1.02:00:00", "tt"), "error");
    CHECK_EQ_STR(fmt_ts("1.02:00:00", "M"), "error");

    /* small buffers: never overflow, report -1 */
    char small[8];
    int64_t t = ticks_of("2017-01-29 09:00:05");
    CHECK_EQ_INT(kq_dt_format_custom(t, "yyyy-MM-dd", 10, small, sizeof small), -1);
    CHECK_EQ_INT(kq_dt_format_custom(t, "yyyy-MM", 7, small, sizeof small), 7);
    CHECK_EQ_STR(small, "2017-01");
    CHECK_EQ_INT(kq_dt_format_custom(t, "yyyy", 4, small, 0), -1);
    CHECK_EQ_INT(kq_ts_format_custom(INT64_MIN, "dddddddd.hh:mm:ss.fffffff", 25, small, sizeof small), -1);
    /* a format given by (pointer, length) is not read past its length */
    CHECK_EQ_INT(kq_dt_format_custom(t, "yyyy-MM-dd", 4, small, sizeof small), 4);
    CHECK_EQ_STR(small, "2017");
    CHECK_EQ_INT(kq_dt_format_custom(t, NULL, 0, small, sizeof small), -1);
}

int main(void)
{
    test_civil();
    test_dt_format();
    test_dt_parse_iso();
    test_dt_parse_other_forms();
    test_dt_parse_garbage();
    test_dt_round_trip();
    test_ts_parse_format();
    test_ts_literals();
    test_parts();
    test_add();
    test_diff();
    test_start_end();
    test_custom_format();
    return check_report("datetime");
}
