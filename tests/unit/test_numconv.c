/*
 * test_numconv.c - unit tests of src/base/numconv.c: tolong/toint/todouble/tobool of strings
 * (KQL_SUBSET.md 2.5 and FACTS.tsv) and the canonical text of reals.
 */
#include "base/numconv.h"
#include "check.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

static int64_t long_of(const char *s, bool *ok)
{
    int64_t v = 0;
    *ok = kq_parse_long(s, strlen(s), &v);
    return v;
}

static bool long_is(const char *s, int64_t want)
{
    bool ok;
    int64_t v = long_of(s, &ok);
    return ok && v == want;
}

static bool long_fails(const char *s)
{
    bool ok;
    long_of(s, &ok);
    return !ok;
}

static bool int_is(const char *s, int32_t want)
{
    int32_t v;
    return kq_parse_int(s, strlen(s), &v) && v == want;
}

static bool int_fails(const char *s)
{
    int32_t v;
    return !kq_parse_int(s, strlen(s), &v);
}

static bool real_is(const char *s, double want)
{
    double v;
    return kq_parse_real(s, strlen(s), &v) && v == want;
}

static bool real_fails(const char *s)
{
    double v;
    return !kq_parse_real(s, strlen(s), &v);
}

/* "true", "false" or "null" */
static const char *bool_of(const char *s)
{
    bool v;
    if (!kq_parse_bool(s, strlen(s), &v)) return "null";
    return v ? "true" : "false";
}

static const char *text(double r)
{
    static char buf[32];
    size_t n = kq_real_format(r, buf);
    if (n != strlen(buf)) return "(length mismatch)";
    return buf;
}

static void test_long(void)
{
    CHECK(long_is(" 7 ", 7));
    CHECK(long_is("+4", 4));
    CHECK(long_is("0x10", 16));
    CHECK(long_is("-3", -3));
    CHECK(long_is("42", 42));
    CHECK(long_is("0X1f", 31));
    CHECK(long_is("-0x10", -16));
    CHECK(long_is("007", 7));
    CHECK(long_is("\t12\n", 12));
    CHECK(long_is("9223372036854775807", INT64_MAX));
    CHECK(long_is("-9223372036854775808", INT64_MIN));
    CHECK(long_is("0x7fffffffffffffff", INT64_MAX));
    CHECK(long_is("-0x8000000000000000", INT64_MIN));
    CHECK(long_fails("9223372036854775808"));
    CHECK(long_fails("-9223372036854775809"));
    CHECK(long_fails("0x8000000000000000"));
    CHECK(long_fails("99999999999999999999999999"));
    CHECK(long_fails("5.7"));
    CHECK(long_fails("1e3"));
    CHECK(long_fails("1,000"));
    CHECK(long_fails(""));
    CHECK(long_fails("   "));
    CHECK(long_fails("5."));
    CHECK(long_fails("0x"));
    CHECK(long_fails("0xg"));
    CHECK(long_fails("-"));
    CHECK(long_fails("+-5"));
    CHECK(long_fails("- 5"));
    CHECK(long_fails("12 34"));
    CHECK(long_fails("abc"));
    CHECK(long_fails("not a number"));
    int64_t v;
    CHECK(!kq_parse_long(NULL, 0, &v));
    CHECK(kq_parse_long("123456", 3, &v) && v == 123); /* (ptr, len): stops at len */

    CHECK(int_is("123", 123));
    CHECK(int_is("2147483647", INT32_MAX));
    CHECK(int_is("-2147483648", INT32_MIN));
    CHECK(int_is("0x7fffffff", INT32_MAX));
    CHECK(int_fails("2147483648"));
    CHECK(int_fails("-2147483649"));
    CHECK(int_fails("9999999999"));
    CHECK(int_fails("0xffffffff"));
    CHECK(int_fails("1.5"));
}

static void test_real_parse(void)
{
    CHECK(real_is("1e3", 1000));
    CHECK(real_is("5.", 5));
    CHECK(real_is("-0.5", -0.5));
    CHECK(real_is(".5", 0.5));
    CHECK(real_is(" 1.5 ", 1.5));
    CHECK(real_is("+2.25", 2.25));
    CHECK(real_is("118.0", 118));
    CHECK(real_is("1E+20", 1e20));
    CHECK(real_is("1.5E-07", 1.5e-7));
    CHECK(real_is("42", 42));
    CHECK(real_is("0.1", 0.1));
    CHECK(real_is("1e400", INFINITY));
    CHECK(real_is("-1e400", -INFINITY));
    CHECK(real_is("1e-400", 0));
    CHECK(real_is("inf", INFINITY));
    CHECK(real_is("+inf", INFINITY));
    CHECK(real_is("-inf", -INFINITY));
    CHECK(real_is("Infinity", INFINITY));
    CHECK(real_is("-Infinity", -INFINITY));
    CHECK(real_is("INF", INFINITY));
    double v;
    CHECK(kq_parse_real("NaN", 3, &v) && isnan(v));
    CHECK(kq_parse_real(" nan ", 5, &v) && isnan(v));
    CHECK(real_fails("0x10"));
    CHECK(real_fails("1e"));
    CHECK(real_fails("1e+"));
    CHECK(real_fails("e5"));
    CHECK(real_fails("."));
    CHECK(real_fails(""));
    CHECK(real_fails("1,000"));
    CHECK(real_fails("--1"));
    CHECK(real_fails("1.5.2"));
    CHECK(real_fails("1.5f"));
    CHECK(real_fails("infinit"));
    CHECK(real_fails("nana"));
    CHECK(real_fails("1 5"));
    CHECK(!kq_parse_real(NULL, 0, &v));
    CHECK(kq_parse_real("1.25e2xyz", 4, &v) && v == 1.25); /* stops at len */
    /* long texts take the heap path */
    size_t big = 100000;
    char *digits = malloc(big);
    memset(digits, '0', big);
    digits[0] = '0';
    digits[1] = '.';
    digits[big - 1] = '1';
    CHECK(kq_parse_real(digits, big, &v) && v == 0);
    digits[1] = '0';
    digits[0] = '1';
    CHECK(kq_parse_real(digits, big, &v) && isinf(v));
    memset(digits, 'x', big);
    CHECK(!kq_parse_real(digits, big, &v));
    free(digits);
}

static void test_bool(void)
{
    CHECK_EQ_STR(bool_of("true"), "true");
    CHECK_EQ_STR(bool_of("FALSE"), "false");
    CHECK_EQ_STR(bool_of(" True "), "true");
    CHECK_EQ_STR(bool_of("2"), "true");
    CHECK_EQ_STR(bool_of("0"), "false");
    CHECK_EQ_STR(bool_of("-1"), "true");
    CHECK_EQ_STR(bool_of("1.5"), "null");
    CHECK_EQ_STR(bool_of("yes"), "null");
    CHECK_EQ_STR(bool_of("t"), "null");
    CHECK_EQ_STR(bool_of(""), "null");
    CHECK_EQ_STR(bool_of("truex"), "null");
    bool b;
    CHECK(!kq_parse_bool(NULL, 0, &b));
}

static void test_real_format(void)
{
    CHECK_EQ_STR(text(1.5), "1.5");
    CHECK_EQ_STR(text(0.5), "0.5");
    CHECK_EQ_STR(text(0.1), "0.1");
    CHECK_EQ_STR(text(5), "5");
    CHECK_EQ_STR(text(-5), "-5");
    CHECK_EQ_STR(text(118), "118");
    CHECK_EQ_STR(text(100), "100");
    CHECK_EQ_STR(text(7.5), "7.5");
    CHECK_EQ_STR(text(123.45), "123.45");
    CHECK_EQ_STR(text(-2.5), "-2.5");
    CHECK_EQ_STR(text(1.9), "1.9");
    CHECK_EQ_STR(text(log(5)), "1.6094379124341003");
    CHECK_EQ_STR(text(0.1 + 0.2), "0.30000000000000004");
    CHECK_EQ_STR(text(1.0 / 3), "0.3333333333333333");
    CHECK_EQ_STR(text(2.0 / 3), "0.6666666666666666");
    CHECK_EQ_STR(text(1e20), "1E+20");
    CHECK_EQ_STR(text(1.5e-7), "1.5E-07");
    CHECK_EQ_STR(text(1e-7), "1E-07");
    CHECK_EQ_STR(text(1e15), "1E+15");
    CHECK_EQ_STR(text(1.5e15), "1.5E+15");
    CHECK_EQ_STR(text(1e14), "100000000000000");
    CHECK_EQ_STR(text(123456789012345.0), "123456789012345");
    CHECK_EQ_STR(text(12345678901234.5), "12345678901234.5");
    CHECK_EQ_STR(text(1e10), "10000000000");
    CHECK_EQ_STR(text(0.0001), "0.0001");
    CHECK_EQ_STR(text(0.00012), "0.00012");
    CHECK_EQ_STR(text(0.00001), "1E-05");
    CHECK_EQ_STR(text(-0.00001), "-1E-05");
    CHECK_EQ_STR(text(1.2345e-5), "1.2345E-05");
    CHECK_EQ_STR(text(DBL_MAX), "1.7976931348623157E+308");
    CHECK_EQ_STR(text(-DBL_MAX), "-1.7976931348623157E+308");
    CHECK_EQ_STR(text(5e-324), "5E-324");
    CHECK_EQ_STR(text(DBL_MIN), "2.2250738585072014E-308");
    CHECK_EQ_STR(text(123456789012345680.0), "1.2345678901234568E+17");
    CHECK_EQ_STR(text(NAN), "NaN");
    CHECK_EQ_STR(text(INFINITY), "Infinity");
    CHECK_EQ_STR(text(-INFINITY), "-Infinity");
    CHECK_EQ_STR(text(0.0), "0");
    CHECK_EQ_STR(text(-0.0), "0");

    /* every finite double reads back equal from its text */
    srand(2024);
    int failures = 0;
    for (int k = 0; k < 200000; k++) {
        uint64_t bits = 0;
        for (int b = 0; b < 4; b++) bits = bits << 16 | (uint64_t)(rand() & 0xffff);
        double r;
        memcpy(&r, &bits, sizeof r);
        if (isnan(r)) continue;
        char buf[32];
        size_t n = kq_real_format(r, buf);
        double back;
        if (n >= 32 || !kq_parse_real(buf, n, &back) || (back != r && !(r == 0 && back == 0))) {
            if (failures++ < 5) fprintf(stderr, "round trip failed: %s\n", buf);
        }
    }
    CHECK_EQ_INT(failures, 0);
    /* small integers and simple decimals print without noise */
    failures = 0;
    for (int k = -1000; k <= 1000; k++) {
        char want[32], buf[32];
        snprintf(want, sizeof want, "%d", k);
        kq_real_format((double)k, buf);
        if (strcmp(want, buf) != 0) failures++;
    }
    CHECK_EQ_INT(failures, 0);
}

int main(void)
{
    test_long();
    test_real_parse();
    test_bool();
    test_real_format();
    return check_report("numconv");
}
