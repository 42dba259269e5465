/*
 * test_json.c - unit tests of src/base/json*.c: parsing (numbers, strings, escapes, nesting
 * limits, truncated and mutated input), compact writing, the record cursor, and the
 * JSONTestSuite test_parsing directory (../shared/data/json-test-suite/test_parsing from the
 * repository root, or $KQ_JSON_TEST_SUITE) when it is present.
 */
#include <dirent.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/base/arena.h"
#include "../../src/base/buf.h"
#include "../../src/base/json.h"
#include "../../src/base/numconv.h"
#include "check.h"

static kq_arena arena;
static kq_buf out;

static bool parse_text(const char *text, kq_dyn *d)
{
    return kq_json_parse(text, strlen(text), &arena, d, NULL);
}

/* Parses then writes back; "ERROR" when the text is rejected. */
static const char *rewrite(const char *text)
{
    kq_dyn d;
    kq_buf_clear(&out);
    if (!parse_text(text, &d)) return "ERROR";
    kq_json_write(&out, &d);
    return kq_buf_cstr(&out);
}

static const char *write_dyn(const kq_dyn *d)
{
    kq_buf_clear(&out);
    kq_json_write(&out, d);
    return kq_buf_cstr(&out);
}

static bool dyn_string_is(const kq_dyn *d, const char *bytes, size_t n)
{
    return d->kind == KQ_D_STRING && d->n == n && memcmp(d->u.s, bytes, n) == 0;
}

static void test_scalars(void)
{
    kq_dyn d;
    CHECK(parse_text("null", &d) && d.kind == KQ_D_NULL);
    CHECK(parse_text(" true ", &d) && d.kind == KQ_D_BOOL && d.u.b);
    CHECK(parse_text("\t\r\nfalse\n", &d) && d.kind == KQ_D_BOOL && !d.u.b);
    CHECK(parse_text("\"\"", &d) && d.kind == KQ_D_STRING && d.n == 0);
    CHECK(!parse_text("", &d));
    CHECK(!parse_text("   ", &d));
    CHECK(!parse_text("nul", &d));
    CHECK(!parse_text("truex", &d));
    CHECK(!parse_text("True", &d));
    CHECK(!parse_text("1 2", &d));
    CHECK(!kq_json_parse("1\0", 2, &arena, &d, NULL));
    CHECK(!parse_text("\xC2\xA0" "1", &d)); /* NBSP is not JSON whitespace */
}

static void test_numbers(void)
{
    kq_dyn d;
    CHECK(parse_text("0", &d) && d.kind == KQ_D_LONG && d.u.i == 0);
    CHECK(parse_text("-0", &d) && d.kind == KQ_D_LONG && d.u.i == 0);
    CHECK(parse_text("-0.0", &d) && d.kind == KQ_D_REAL && d.u.r == 0 && signbit(d.u.r));
    CHECK(parse_text("-0e0", &d) && d.kind == KQ_D_REAL && signbit(d.u.r));
    CHECK(parse_text("42", &d) && d.kind == KQ_D_LONG && d.u.i == 42);
    CHECK(parse_text("-17", &d) && d.kind == KQ_D_LONG && d.u.i == -17);
    CHECK(parse_text("9223372036854775807", &d) && d.kind == KQ_D_LONG && d.u.i == INT64_MAX);
    CHECK(parse_text("-9223372036854775808", &d) && d.kind == KQ_D_LONG && d.u.i == INT64_MIN);
    CHECK(parse_text("9223372036854775808", &d) && d.kind == KQ_D_REAL &&
          d.u.r == 9223372036854775808.0);
    CHECK(parse_text("-9223372036854775809", &d) && d.kind == KQ_D_REAL &&
          d.u.r == -9223372036854775808.0);
    CHECK(parse_text("18446744073709551616", &d) && d.kind == KQ_D_REAL &&
          d.u.r == 18446744073709551616.0);
    CHECK(parse_text("123456789012345678901234567890", &d) && d.kind == KQ_D_REAL &&
          d.u.r == 123456789012345678901234567890.0);
    CHECK(parse_text("1e2", &d) && d.kind == KQ_D_REAL && d.u.r == 100);
    CHECK(parse_text("1E+2", &d) && d.kind == KQ_D_REAL && d.u.r == 100);
    CHECK(parse_text("1.0", &d) && d.kind == KQ_D_REAL && d.u.r == 1);
    CHECK(parse_text("118.0", &d) && d.kind == KQ_D_REAL && d.u.r == 118);
    CHECK(parse_text("0.1", &d) && d.kind == KQ_D_REAL && d.u.r == 0.1);
    CHECK(parse_text("-1.5e-7", &d) && d.kind == KQ_D_REAL && d.u.r == -1.5e-7);
    CHECK(parse_text("0.000001234", &d) && d.u.r == 0.000001234);
    CHECK(parse_text("1.7976931348623157e308", &d) && d.u.r == DBL_MAX);
    CHECK(parse_text("4.9406564584124654e-324", &d) && d.u.r == 4.9406564584124654e-324);
    CHECK(parse_text("2.2250738585072011e-308", &d) && d.u.r == 2.2250738585072011e-308);
    CHECK(parse_text("1e400", &d) && d.kind == KQ_D_REAL && isinf(d.u.r));
    CHECK(parse_text("1e-400", &d) && d.kind == KQ_D_REAL && d.u.r == 0);
    CHECK(parse_text("0e99999999999999999999", &d) && d.kind == KQ_D_REAL && d.u.r == 0);
    CHECK(parse_text("1.00000000000000000000000000001", &d) && d.u.r == 1.0);

    const char *bad[] = {"-", "+1", "01", "-01", "1.", ".5", "1e", "1e+", "1.e3", "0x10",
                         "NaN", "Infinity", "-Infinity", "1_000", "2.5.1", "--1", "1ee2"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) CHECK(!parse_text(bad[i], &d));

    /* the fast path must agree with strtod on numbers it converts itself */
    uint64_t state = 88172645463325252ULL;
    int disagreements = 0;
    for (int i = 0; i < 20000; i++) {
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        char text[64];
        unsigned long long mantissa = state % 100000000000000000ULL >> (state % 40);
        int exponent = (int)(state >> 40) % 60 - 30;
        int fraction_digits = (int)(state >> 50) % 12;
        snprintf(text, sizeof text, "%llu", mantissa);
        size_t len = strlen(text);
        if (fraction_digits > 0 && (size_t)fraction_digits < len) {
            memmove(text + len - fraction_digits + 1, text + len - fraction_digits,
                    (size_t)fraction_digits + 1);
            text[len - fraction_digits] = '.';
        }
        snprintf(text + strlen(text), sizeof text - strlen(text), "e%d", exponent);
        if (!parse_text(text, &d) || d.kind != KQ_D_REAL || d.u.r != strtod(text, NULL))
            disagreements++;
    }
    CHECK_EQ_INT(disagreements, 0);
}

static void test_strings(void)
{
    kq_dyn d;
    CHECK(parse_text("\"abc\"", &d) && dyn_string_is(&d, "abc", 3));
    CHECK(parse_text("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", &d) &&
          dyn_string_is(&d, "\"\\/\b\f\n\r\t", 8));
    CHECK(parse_text("\"\\u00e9\\u00C9\"", &d) && dyn_string_is(&d, "\xC3\xA9\xC3\x89", 4));
    CHECK(parse_text("\"\\u20ac\"", &d) && dyn_string_is(&d, "\xE2\x82\xAC", 3));
    CHECK(parse_text("\"\\ud834\\udd1e\"", &d) && dyn_string_is(&d, "\xF0\x9D\x84\x9E", 4));
    CHECK(parse_text("\"\\ud800\"", &d) && dyn_string_is(&d, "\xEF\xBF\xBD", 3));
    CHECK(parse_text("\"\\udc00x\"", &d) && dyn_string_is(&d, "\xEF\xBF\xBDx", 4));
    CHECK(parse_text("\"\\ud800\\u0041\"", &d) && dyn_string_is(&d, "\xEF\xBF\xBD" "A", 4));
    CHECK(parse_text("\"\\ud800\\ud800\\udc00\"", &d) &&
          dyn_string_is(&d, "\xEF\xBF\xBD\xF0\x90\x80\x80", 7));
    CHECK(parse_text("\"a\\u0000b\"", &d) && dyn_string_is(&d, "a\0b", 3));
    CHECK(parse_text("\"h\xC3\xA9llo \xE6\x97\xA5\"", &d) &&
          dyn_string_is(&d, "h\xC3\xA9llo \xE6\x97\xA5", 10));
    CHECK(parse_text("\"\xFF\"", &d) && dyn_string_is(&d, "\xEF\xBF\xBD", 3));
    CHECK(parse_text("\"\xE2\x82\"", &d) && dyn_string_is(&d, "\xEF\xBF\xBD", 3));
    CHECK(parse_text("\"\xE2\x82x\"", &d) && dyn_string_is(&d, "\xEF\xBF\xBDx", 4));
    CHECK(parse_text("\"\xC0\xAF\"", &d) && dyn_string_is(&d, "\xEF\xBF\xBD\xEF\xBF\xBD", 6));
    CHECK(parse_text("\"\xED\xA0\x80\"", &d) && d.n == 9); /* encoded surrogate: 3 x U+FFFD */
    CHECK(parse_text("\"\xF4\x90\x80\x80\"", &d) && d.n == 12);
    CHECK(parse_text("\"\xF0\x9F\x98\x80\"", &d) && dyn_string_is(&d, "\xF0\x9F\x98\x80", 4));
    /* a string long enough to take the 8-byte scan, with escapes and non-ASCII near the end */
    CHECK(parse_text("\"0123456789abcdefghijklmnopqrstuvwxyz\\n\xC3\xA9\"", &d) && d.n == 39);

    const char *bad[] = {"\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\U0041\"",
                         "\"a\tb\"", "\"a\nb\"", "\"\\", "\"\\\"", "'a'", "\"\\ud800\\u12\""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) CHECK(!parse_text(bad[i], &d));
    CHECK(!kq_json_parse("\"a\0b\"", 5, &arena, &d, NULL));
}

static void test_unescape(void)
{
    const char *s;
    size_t n;
    CHECK(kq_json_unescape("a\\tb", 4, &arena, &s, &n) && n == 3 && memcmp(s, "a\tb", 3) == 0);
    CHECK(kq_json_unescape("", 0, &arena, &s, &n) && n == 0);
    /* growth: every byte invalid -> three bytes each */
    CHECK(kq_json_unescape("\xFF\xFE\x80", 3, &arena, &s, &n) && n == 9 &&
          memcmp(s, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 9) == 0);
    CHECK(!kq_json_unescape("\\q", 2, &arena, &s, &n));
    CHECK(!kq_json_unescape("ab\\", 3, &arena, &s, &n));
}

static void test_containers(void)
{
    kq_dyn d;
    CHECK(parse_text("[]", &d) && d.kind == KQ_D_ARRAY && d.n == 0);
    CHECK(parse_text("{ }", &d) && d.kind == KQ_D_OBJECT && d.n == 0);
    CHECK(parse_text("[1,\"two\",[3],{\"four\":4},null]", &d) && d.kind == KQ_D_ARRAY &&
          d.n == 5);
    CHECK(d.u.items[0].kind == KQ_D_LONG && dyn_string_is(&d.u.items[1], "two", 3) &&
          d.u.items[2].kind == KQ_D_ARRAY && d.u.items[3].kind == KQ_D_OBJECT &&
          d.u.items[4].kind == KQ_D_NULL);
    CHECK(parse_text("{\"z\":1,\"a\":2,\"m\":{\"x\":[]},\"z\":3}", &d) && d.n == 4);
    CHECK(d.u.members[0].key_len == 1 && d.u.members[0].key[0] == 'z' &&
          d.u.members[1].key[0] == 'a' && d.u.members[2].value.kind == KQ_D_OBJECT &&
          d.u.members[3].value.u.i == 3);
    CHECK(parse_text("{\"k\\u00e9\":true}", &d) && d.u.members[0].key_len == 3 &&
          memcmp(d.u.members[0].key, "k\xC3\xA9", 3) == 0);
    CHECK_EQ_STR(rewrite(" { \"a\" : [ 1 , 2 ] , \"b\" : { } } "), "{\"a\":[1,2],\"b\":{}}");

    /* many children: the scratch stack moves to the heap */
    kq_buf big;
    kq_buf_init(&big);
    kq_buf_putc(&big, '[');
    for (int i = 0; i < 5000; i++) kq_buf_printf(&big, "%s{\"i\":%d,\"s\":[%d,\"x\"]}", i ? "," : "", i, i);
    kq_buf_putc(&big, ']');
    CHECK(kq_json_parse(big.p, big.len, &arena, &d, NULL) && d.n == 5000 &&
          d.u.items[4999].u.members[0].value.u.i == 4999);
    kq_buf_clear(&out);
    kq_json_write(&out, &d);
    CHECK(out.len == big.len && memcmp(out.p, big.p, big.len) == 0);
    kq_buf_free(&big);

    const char *bad[] = {"[1,]", "[,1]", "[1 2]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}",
                         "{\"a\":}", "{'a':1}", "[1}", "{\"a\":1]", "]", "[", "{", "[[]",
                         "{\"a\":1}}", "[1]]", "{\"a\",1}", "{1:1}", "[1,,2]"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) CHECK(!parse_text(bad[i], &d));
}

static void test_error_offsets(void)
{
    kq_dyn d;
    size_t off = 999;
    CHECK(!kq_json_parse("[1,2,x]", 7, &arena, &d, &off) && off == 5);
    CHECK(!kq_json_parse("{\"a\":1 \"b\"}", 11, &arena, &d, &off) && off == 7);
    CHECK(!kq_json_parse("[1] x", 5, &arena, &d, &off) && off == 4);
    CHECK(!kq_json_parse("[1,", 3, &arena, &d, &off) && off == 3);
    CHECK(!kq_json_parse("\"abc", 4, &arena, &d, &off) && off == 0);
}

static void test_nesting(void)
{
    kq_dyn d;
    char *text = malloc(200002);
    for (int depth = 511; depth <= 513; depth++) {
        memset(text, '[', (size_t)depth);
        memset(text + depth, ']', (size_t)depth);
        bool ok = kq_json_parse(text, 2 * (size_t)depth, &arena, &d, NULL);
        CHECK(ok == (depth <= 512));
        const char *end = kq_json_skip_value(text, text + 2 * depth);
        CHECK((end == text + 2 * depth) == (depth <= 512));
    }
    memset(text, '[', 100000);
    CHECK(!kq_json_parse(text, 100000, &arena, &d, NULL));
    CHECK(kq_json_skip_value(text, text + 100000) == NULL);
    for (int i = 0; i < 100000; i++) memcpy(text + 2 * i, "{\"", 2);
    CHECK(!kq_json_parse(text, 200000, &arena, &d, NULL));
    free(text);

    /* the writer has no depth limit: a hand-built chain of 100000 arrays */
    enum { DEEP = 100000 };
    kq_dyn *chain = kq_arena_alloc(&arena, DEEP * sizeof *chain);
    for (int i = 0; i < DEEP; i++) {
        chain[i].kind = i == DEEP - 1 ? KQ_D_LONG : KQ_D_ARRAY;
        chain[i].n = i == DEEP - 1 ? 0 : 1;
        if (i == DEEP - 1) chain[i].u.i = 7;
        else chain[i].u.items = &chain[i + 1];
    }
    const char *written = write_dyn(chain);
    CHECK(strlen(written) == 2 * (DEEP - 1) + 1 && written[DEEP - 1] == '7');
}

static void test_truncation(void)
{
    const char *doc = "{\"a\":[1,-2.5e3,true,false,null,\"s\\\"\\u00e9\"],\"b\":{\"c\":{}},"
                      "\"d\":\"\xE6\x97\xA5\"}";
    size_t n = strlen(doc);
    kq_dyn d;
    int accepted = 0, cursor_clean_end = 0;
    for (size_t len = 0; len < n; len++) {
        if (kq_json_parse(doc, len, &arena, &d, NULL)) accepted++;
        kq_json_cursor c;
        if (kq_json_obj_begin(&c, doc, len)) {
            const char *k, *v;
            size_t kl, vl;
            bool esc;
            int r;
            while ((r = kq_json_obj_next(&c, &k, &kl, &esc, &v, &vl)) == 1) {}
            if (r == 0) cursor_clean_end++;
        }
    }
    CHECK_EQ_INT(accepted, 0);
    CHECK_EQ_INT(cursor_clean_end, 0);
    CHECK(kq_json_parse(doc, n, &arena, &d, NULL) && d.n == 3);
}

static void test_write(void)
{
    CHECK_EQ_STR(rewrite("[1,-2,true,false,null,\"x\"]"), "[1,-2,true,false,null,\"x\"]");
    CHECK_EQ_STR(rewrite("\"a\\u0001\\u001fb\\u007f\""), "\"a\\u0001\\u001fb\x7f\"");
    CHECK_EQ_STR(rewrite("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""), "\"\\\"\\\\/\\b\\f\\n\\r\\t\"");
    CHECK_EQ_STR(rewrite("\"\\u00e9\xE6\x97\xA5\\ud83d\\ude00\""),
                 "\"\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80\"");
    CHECK_EQ_STR(rewrite("\"a\\u0000b\""), "\"a\\u0000b\"");
    CHECK_EQ_STR(rewrite("{\"k\\n\":{\"\":[]}}"), "{\"k\\n\":{\"\":[]}}");
    CHECK_EQ_STR(rewrite("[9223372036854775807,-9223372036854775808]"),
                 "[9223372036854775807,-9223372036854775808]");

    /* reals are written by kq_real_format */
    char expected[64], real_text[40];
    size_t len = kq_real_format(1.5, real_text);
    snprintf(expected, sizeof expected, "[%.*s]", (int)len, real_text);
    CHECK_EQ_STR(rewrite("[1.5]"), expected);
    CHECK_EQ_STR(rewrite("[1.5]"), "[1.5]");

    kq_dyn items[6] = {{.kind = KQ_D_REAL, .u.r = NAN},
                       {.kind = KQ_D_REAL, .u.r = INFINITY},
                       {.kind = KQ_D_REAL, .u.r = -INFINITY},
                       {.kind = KQ_D_DATETIME, .u.i = 637134336000000000LL},
                       {.kind = KQ_D_TIMESPAN, .u.i = 864000000000LL},
                       {.kind = KQ_D_TIMESPAN, .u.i = -1}};
    kq_dyn arr = {.kind = KQ_D_ARRAY, .n = 6, .u.items = items};
    CHECK_EQ_STR(write_dyn(&arr), "[\"NaN\",\"Infinity\",\"-Infinity\","
                                  "\"2020-01-01T00:00:00.0000000Z\",864000000000,-1]");

    kq_dyn_member members[2] = {{.key = "a", .key_len = 1, .value = {.kind = KQ_D_NULL}},
                                {.key = "q\"", .key_len = 2, .value = arr}};
    kq_dyn obj = {.kind = KQ_D_OBJECT, .n = 2, .u.members = members};
    CHECK_EQ_STR(write_dyn(&obj), "{\"a\":null,\"q\\\"\":[\"NaN\",\"Infinity\",\"-Infinity\","
                                  "\"2020-01-01T00:00:00.0000000Z\",864000000000,-1]}");
    kq_dyn empty_key = {.kind = KQ_D_STRING, .n = 0, .u.s = NULL};
    CHECK_EQ_STR(write_dyn(&empty_key), "\"\"");

    kq_buf_clear(&out);
    kq_json_write_string(&out, "tab\there", 8);
    CHECK_EQ_STR(kq_buf_cstr(&out), "\"tab\\there\"");
}

/* Walks the cursor over text and writes "key=value;" per member (or "FAIL"). */
static const char *cursor_walk(const char *text)
{
    kq_json_cursor c;
    kq_buf_clear(&out);
    if (!kq_json_obj_begin(&c, text, strlen(text))) return "NOT AN OBJECT";
    const char *k, *v;
    size_t kl, vl;
    bool esc;
    int r;
    while ((r = kq_json_obj_next(&c, &k, &kl, &esc, &v, &vl)) == 1) {
        kq_buf_put(&out, k, kl);
        if (esc) kq_buf_putc(&out, '!');
        kq_buf_putc(&out, '=');
        kq_buf_put(&out, v, vl);
        kq_buf_putc(&out, ';');
    }
    if (r < 0) return "FAIL";
    if (kq_json_obj_next(&c, &k, &kl, &esc, &v, &vl) != 0) return "NOT FINISHED";
    return kq_buf_cstr(&out);
}

static void test_cursor(void)
{
    CHECK_EQ_STR(cursor_walk("{\"a\":1,\"b\":{\"c\":[1,2,\"x]\"]},\"d\":\"q\\\"s\"}"),
                 "a=1;b={\"c\":[1,2,\"x]\"]};d=\"q\\\"s\";");
    CHECK_EQ_STR(cursor_walk(" { } \r\n"), "");
    CHECK_EQ_STR(cursor_walk("{ \"k\\\"ey\" : [ \"\\\\\" , {\"}\":\"{\"} ] , \"n\" : -1.5e3 }"),
                 "k\\\"ey!=[ \"\\\\\" , {\"}\":\"{\"} ];n=-1.5e3;");
    CHECK_EQ_STR(cursor_walk("{\"t\":true,\"f\":false,\"z\":null,\"e\":\"\"}"),
                 "t=true;f=false;z=null;e=\"\";");
    CHECK_EQ_STR(cursor_walk("{\"s\":\"\\\\\",\"u\":\"\\\\\\\"\"}"), "s=\"\\\\\";u=\"\\\\\\\"\";");
    CHECK_EQ_STR(cursor_walk("{\"long\":{\"key with spaces\":\"text with ] and } in it\\\\\","
                             "\"b\":[[1,2],[3,{\"x\":\"]]]]]]]]]]]]\\\"\"}]]},\"z\":0}"),
                 "long={\"key with spaces\":\"text with ] and } in it\\\\\",\"b\":[[1,2],"
                 "[3,{\"x\":\"]]]]]]]]]]]]\\\"\"}]]};z=0;");
    CHECK_EQ_STR(cursor_walk("[1]"), "NOT AN OBJECT");
    CHECK_EQ_STR(cursor_walk(""), "NOT AN OBJECT");
    const char *bad[] = {"{\"a\":1,}", "{\"a\" 1}", "{\"a\":}", "{\"a\":1 \"b\":2}",
                         "{\"a\":[1}", "{\"a\":{]}", "{\"a\":\"x}", "{\"a\":1}x", "{a:1}",
                         "{\"a\":tru}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":1",
                         "{,}", "{\"a\":[\"]\"}"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) CHECK_EQ_STR(cursor_walk(bad[i]), "FAIL");

    const char *text = "  [1, [2, \"]\"], {\"a\": \"\\\"\"}] tail";
    const char *end = kq_json_skip_value(text, text + strlen(text));
    CHECK(end && strcmp(end, " tail") == 0);
    CHECK(kq_json_skip_value("  ", (const char *)"  " + 2) == NULL);
    const char *num = "-12.5e+3,";
    CHECK(kq_json_skip_value(num, num + 9) == num + 8);
}

/* Random byte edits of valid documents: no outcome is required except not crashing, and the
 * parser and the cursor must agree that the text is an object when the parser accepts it. */
static void test_mutations(void)
{
    const char *seeds[] = {
        "{\"a\":1,\"b\":{\"c\":[1,2,\"x]\"]},\"d\":\"q\\\"s\"}",
        "[\"\\ud834\\udd1e\",1e5,-0.25,{\"k\":[true,false,null]},\"\xC3\xA9\"]",
        "{\"TimeGenerated\":\"2026-05-18T00:00:00.012Z\",\"EventId\":3008,\"Name\":\"x.com\"}"};
    const char alphabet[] = "{}[]\",:\\u0123456789eE+-.tfnl \t\n\x80\xC3\xFF\0";
    uint64_t state = 0x9E3779B97F4A7C15ULL;
    char text[256];
    int disagreements = 0;
    for (int i = 0; i < 30000; i++) {
        const char *seed = seeds[i % 3];
        size_t n = strlen(seed);
        memcpy(text, seed, n);
        for (int edit = 0; edit < 1 + i % 4; edit++) {
            state ^= state << 13, state ^= state >> 7, state ^= state << 17;
            size_t at = (size_t)(state % n);
            char ch = alphabet[(state >> 20) % (sizeof alphabet - 1)];
            switch ((state >> 32) % 3) {
            case 0: text[at] = ch; break;
            case 1:
                if (n < sizeof text - 1) {
                    memmove(text + at + 1, text + at, n - at);
                    text[at] = ch;
                    n++;
                }
                break;
            default:
                memmove(text + at, text + at + 1, n - at - 1);
                n--;
                break;
            }
        }
        kq_dyn d;
        bool parsed = kq_json_parse(text, n, &arena, &d, NULL);
        if (parsed) {
            kq_buf_clear(&out);
            kq_json_write(&out, &d);
        }
        kq_json_cursor c;
        int r = -1;
        if (kq_json_obj_begin(&c, text, n)) {
            const char *k, *v;
            size_t kl, vl;
            bool esc;
            while ((r = kq_json_obj_next(&c, &k, &kl, &esc, &v, &vl)) == 1) {}
        }
        if (parsed && d.kind == KQ_D_OBJECT && r != 0) disagreements++;
        kq_json_skip_value(text, text + n);
        if (i % 1000 == 0) kq_arena_reset(&arena);
    }
    CHECK_EQ_INT(disagreements, 0);
}

static char *read_file_bytes(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    kq_buf b;
    kq_buf_init(&b);
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) kq_buf_put(&b, chunk, got);
    fclose(f);
    kq_buf_reserve(&b, 0);
    *n = b.len;
    return b.p;
}

/* JSONTestSuite: y_ must parse (and write back to text that parses to the same text),
 * n_ must be rejected, i_ may go either way. */
static void test_json_test_suite(void)
{
    const char *dir_path = getenv("KQ_JSON_TEST_SUITE");
    if (!dir_path) dir_path = "../shared/data/json-test-suite/test_parsing";
    DIR *dir = opendir(dir_path);
    if (!dir) {
        printf("test_json: JSONTestSuite not found at %s, skipped\n", dir_path);
        return;
    }
    int y_total = 0, y_ok = 0, n_total = 0, n_ok = 0, i_total = 0, i_accepted = 0;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        const char *name = entry->d_name;
        if (name[0] == '.' || !strstr(name, ".json")) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir_path, name);
        size_t n;
        char *text = read_file_bytes(path, &n);
        if (!text) continue;
        kq_dyn d;
        bool ok = kq_json_parse(text, n, &arena, &d, NULL);
        if (name[0] == 'y') {
            y_total++;
            bool round_trip = false;
            if (ok) {
                kq_buf first;
                kq_buf_init(&first);
                kq_json_write(&first, &d);
                kq_dyn again;
                if (kq_json_parse(first.p, first.len, &arena, &again, NULL)) {
                    kq_buf_clear(&out);
                    kq_json_write(&out, &again);
                    round_trip = out.len == first.len && memcmp(out.p, first.p, out.len) == 0;
                }
                kq_buf_free(&first);
            }
            if (round_trip && ok && d.kind == KQ_D_OBJECT) {
                /* the cursor must see the members the parser saw */
                kq_json_cursor c;
                const char *k, *v;
                size_t kl, vl, members = 0;
                bool esc;
                int r = -1;
                if (kq_json_obj_begin(&c, text, n))
                    while ((r = kq_json_obj_next(&c, &k, &kl, &esc, &v, &vl)) == 1) members++;
                round_trip = r == 0 && members == d.n;
            }
            if (round_trip) y_ok++;
            else fprintf(stderr, "test_json: %s: rejected, no round trip or cursor mismatch\n", name);
        } else if (name[0] == 'n') {
            n_total++;
            if (!ok) n_ok++;
            else fprintf(stderr, "test_json: %s: accepted\n", name);
        } else if (name[0] == 'i') {
            i_total++;
            if (ok) i_accepted++;
        }
        free(text);
        kq_arena_reset(&arena);
    }
    closedir(dir);
    printf("test_json: JSONTestSuite y_ %d/%d parsed, n_ %d/%d rejected, i_ %d/%d accepted\n",
           y_ok, y_total, n_ok, n_total, i_accepted, i_total);
    CHECK(y_total > 0 && y_ok == y_total);
    CHECK(n_total > 0 && n_ok == n_total);
}

/* kq_json_plain_prefix, word at a time, against a byte loop, on random bytes of every kind at
 * every position and length */
static void test_plain_prefix(void)
{
    static const unsigned char kinds[] = {'a', 'Z', '0', ' ', '"', '\\', 0x00, 0x1f, 0x20, 0x7e, 0x7f, 0x80, 0xc3, 0xff};
    unsigned seed = 11;
    int mismatches = 0;
    for (int round = 0; round < 20000; round++) {
        unsigned char text[40];
        size_t n = (size_t)(rand_r(&seed) % sizeof text);
        for (size_t i = 0; i < n; i++) text[i] = rand_r(&seed) % 4 ? 'a' + rand_r(&seed) % 26 : kinds[rand_r(&seed) % sizeof kinds];
        for (int high = 0; high < 2; high++) {
            size_t want = 0;
            while (want < n && text[want] >= 0x20 && text[want] != '"' && text[want] != '\\' && !(high && text[want] >= 0x7f))
                want++;
            if (kq_json_plain_prefix((const char *)text, n, high) != want) mismatches++;
        }
    }
    CHECK_EQ_INT(mismatches, 0);
    CHECK_EQ_INT(kq_json_plain_prefix("abcdefghijklmnop\"q", 18, false), 16);
    CHECK_EQ_INT(kq_json_plain_prefix("abcdefgh\x7f", 9, true), 8);
    CHECK_EQ_INT(kq_json_plain_prefix("abcdefgh\x7f", 9, false), 9);
}

int main(void)
{
    kq_arena_init(&arena, 0);
    kq_buf_init(&out);
    test_scalars();
    test_numbers();
    test_strings();
    test_unescape();
    test_containers();
    test_error_offsets();
    test_nesting();
    test_truncation();
    test_write();
    test_plain_prefix();
    test_cursor();
    test_mutations();
    test_json_test_suite();
    kq_buf_free(&out);
    kq_arena_free(&arena);
    return check_report("test_json");
}
