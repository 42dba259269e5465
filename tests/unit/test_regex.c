/*
 * test_regex.c - unit tests of src/match/regex.c: searching and groups (FACTS.tsv examples),
 * RE2 conventions (named groups, $ at the very end, Unicode classes), rejection of the PCRE-only
 * constructs with their offsets, invalid UTF-8 subjects, and a catastrophic pattern that must
 * give up quickly.
 */
#include <stdbool.h>
#include <time.h>

#include "../../src/match/regex.h"
#include "check.h"

static kq_regex *compile(const char *pattern)
{
    char err[256];
    size_t off;
    kq_regex *re = kq_regex_compile(pattern, strlen(pattern), err, sizeof err, &off);
    if (!re) fprintf(stderr, "unexpected error for %s: %s\n", pattern, err);
    return re;
}

/* 1 when pattern finds a match in s (from 0), filling ov. */
static int search(const char *pattern, const char *s, long *ov)
{
    kq_regex *re = compile(pattern);
    if (!re) return -2;
    int rc = kq_regex_search(re, s, strlen(s), 0, ov);
    kq_regex_free(re);
    return rc;
}

static void check_rejected(const char *pattern, const char *construct, size_t want_off)
{
    char err[256] = "";
    size_t off = 999;
    kq_regex *re = kq_regex_compile(pattern, strlen(pattern), err, sizeof err, &off);
    CHECK(re == NULL);
    CHECK_EQ_INT(off, want_off);
    if (!strstr(err, construct)) fprintf(stderr, "message for %s: %s\n", pattern, err);
    CHECK(strstr(err, construct) != NULL);
    kq_regex_free(re);
}

static void test_search(void)
{
    long ov[20];
    CHECK_EQ_INT(search("^a", "abc", ov), 1);
    CHECK_EQ_INT(search("b", "ABC", ov), 0);
    CHECK_EQ_INT(search("(?i)b", "ABC", ov), 1);
    CHECK(ov[0] == 1 && ov[1] == 2);
    CHECK_EQ_INT(search("-(\\d{2})-", "21-07-2023", ov), 1);
    CHECK(ov[2] == 3 && ov[3] == 5);
    CHECK_EQ_INT(search("Email: (\\S+),", "User: David, Age: 35", ov), 0);
    CHECK_EQ_INT(search("(a)|(b)", "b", ov), 1);
    CHECK(ov[2] == -1 && ov[3] == -1 && ov[4] == 0 && ov[5] == 1);
    CHECK_EQ_INT(search("(a)(x)?", "a", ov), 1);
    CHECK(ov[4] == -1 && ov[5] == -1);

    /* successive searches, as extract_all does */
    kq_regex *re = compile("(\\d+)");
    const char *s = "a set of numbers: 123, 567 and 789";
    size_t start = 0, n = strlen(s);
    int found = 0;
    while (kq_regex_search(re, s, n, start, ov) == 1) {
        found++;
        start = (size_t)ov[1];
    }
    CHECK_EQ_INT(found, 3);
    CHECK_EQ_INT(kq_regex_groups(re), 1);
    CHECK_EQ_INT(kq_regex_search(re, s, n, n + 5, ov), 0);
    kq_regex_free(re);

    /* named groups, both spellings */
    re = compile("(?<w>[a-z]+) (?P<n>\\d+)");
    CHECK_EQ_INT(kq_regex_groups(re), 2);
    CHECK_EQ_INT(kq_regex_group_index(re, "w"), 1);
    CHECK_EQ_INT(kq_regex_group_index(re, "n"), 2);
    CHECK_EQ_INT(kq_regex_group_index(re, "zz"), -1);
    CHECK_EQ_INT(kq_regex_search(re, "x abc 42", 8, 0, ov), 1);
    CHECK(ov[2] == 2 && ov[3] == 5 && ov[4] == 6 && ov[5] == 8);
    kq_regex_free(re);

    /* RE2: $ only at the very end unless (?m); . does not match \n unless (?s) */
    CHECK_EQ_INT(search("abc$", "abc\n", ov), 0);
    CHECK_EQ_INT(search("(?m)abc$", "abc\n", ov), 1);
    CHECK_EQ_INT(search("a.c", "a\nc", ov), 0);
    CHECK_EQ_INT(search("(?s)a.c", "a\nc", ov), 1);
    CHECK_EQ_INT(search("(?U)a+", "aaa", ov), 1);
    CHECK(ov[1] == 1);
    /* Unicode-aware classes (UCP) */
    CHECK_EQ_INT(search("^\\w+$", "caf\xc3\xa9", ov), 1);
    CHECK_EQ_INT(search("\\d", "\xd9\xa3", ov), 1); /* ARABIC-INDIC DIGIT THREE */
    CHECK_EQ_INT(search("(?i)\xc3\xa9t\xc3\xa9", "\xc3\x89T\xc3\x89", ov), 1);
    /* octal escapes are not back-references; classes keep their literals */
    CHECK_EQ_INT(search("\\101", "xA", ov), 1);
    CHECK_EQ_INT(search("[(?=]+", "?=", ov), 1);
    CHECK_EQ_INT(search("\\Q(?=\\E", "(?=", ov), 1);
    CHECK_EQ_INT(search("a{2}", "aa", ov), 1);
    CHECK_EQ_INT(search("[]a]", "]", ov), 1);
    /* invalid UTF-8 subjects and starts inside a character never crash */
    CHECK_EQ_INT(search("b", "\xff\xfe" "b", ov), 1);
    CHECK(ov[0] == 2);
    re = compile(".");
    CHECK(kq_regex_search(re, "\xc3\xa9x", 3, 1, ov) >= 0);
    CHECK_EQ_INT(kq_regex_search(re, "", 0, 0, ov), 0);
    kq_regex_free(re);
    /* empty pattern matches the empty string */
    CHECK_EQ_INT(search("", "abc", ov), 1);
    CHECK(ov[0] == 0 && ov[1] == 0);
}

static void test_rejections(void)
{
    check_rejected("a(?=b)", "look-ahead", 1);
    check_rejected("a(?!b)", "negative look-ahead", 1);
    check_rejected("x(?<=b)a", "look-behind", 1);
    check_rejected("(?<!b)a", "negative look-behind", 0);
    check_rejected("(a)\\1", "back-reference", 3);
    check_rejected("(?<n>a)\\k<n>", "back-reference", 7);
    check_rejected("(?P<n>a)(?P=n)", "back-reference", 8);
    check_rejected("(a)\\g1", "back-reference", 3);
    check_rejected("(?>a+)b", "atomic group", 0);
    check_rejected("a++b", "possessive quantifier", 2);
    check_rejected("a*+", "possessive quantifier", 2);
    check_rejected("a?+", "possessive quantifier", 2);
    check_rejected("a{2,3}+", "possessive quantifier", 6);
    check_rejected("(a|(?R))", "recursion", 3);
    check_rejected("(a)(?1)", "subroutine call", 3);
    check_rejected("(?&x)", "subroutine call", 0);
    check_rejected("(?(1)a|b)", "conditional", 0);
    check_rejected("(*LIMIT_MATCH=99999999)a", "verb", 0);
    check_rejected("ab\\Kc", "\\K", 2);
    /* ordinary PCRE2 compile errors carry PCRE2's message and offset */
    char err[256];
    size_t off = 0;
    CHECK(kq_regex_compile("a(b", 3, err, sizeof err, &off) == NULL);
    CHECK(off == 3 && strstr(err, "offset 3"));
    CHECK(kq_regex_compile("[a", 2, err, sizeof err, &off) == NULL);
    CHECK(kq_regex_compile("\xff", 1, err, sizeof err, &off) == NULL); /* invalid UTF-8 pattern */
    CHECK(kq_regex_compile("a(?=b)", 6, NULL, 0, NULL) == NULL);      /* no error buffer */
    /* these look alike but are fine */
    kq_regex *re = compile("(?i:a)(?:b)(?P<x>c)(?-i)d+?e*?");
    CHECK(re != NULL);
    kq_regex_free(re);
}

static void test_catastrophic(void)
{
    kq_regex *re = compile("(a+)+$");
    char subject[4096];
    memset(subject, 'a', sizeof subject - 1);
    subject[sizeof subject - 1] = 'b';
    long ov[4];
    clock_t t0 = clock();
    int rc = kq_regex_search(re, subject, sizeof subject, 0, ov);
    double seconds = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(rc == -1 || rc == 0);
    CHECK(seconds < 2.0);
    printf("catastrophic (a+)+$ on 4096 bytes: rc %d in %.3f s\n", rc, seconds);
    kq_regex_free(re);
    re = compile("(x+x+)+y");
    t0 = clock();
    memset(subject, 'x', 64);
    rc = kq_regex_search(re, subject, 64, 0, ov);
    seconds = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(rc != 1 && seconds < 2.0); /* PCRE2 may see that y is required and stop at once */
    printf("catastrophic (x+x+)+y on 64 bytes: rc %d in %.3f s\n", rc, seconds);
    kq_regex_free(re);
}

int main(void)
{
    test_search();
    test_rejections();
    test_catastrophic();
    return check_report("test_regex");
}
