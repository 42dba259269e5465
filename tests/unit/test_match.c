/*
 * test_match.c - unit tests of src/match: the string operators on the examples of
 * KQL_SUBSET.md 5.5/5.6 and FACTS.tsv, non-ASCII folding and term characters, the UTF-8 helpers,
 * and differential tests: kq_has against a naive reading of the 5.6 algorithm, needle sets
 * against the OR of kq_has, and the scanner against a naive search.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../src/match/match.h"
#include "../../src/match/match_internal.h"
#include "check.h"

#define S(x) x, strlen(x)

static bool has(const char *h, const char *n) { return kq_has(S(h), S(n), false); }
static bool has_cs(const char *h, const char *n) { return kq_has(S(h), S(n), true); }
static bool hasprefix(const char *h, const char *n) { return kq_hasprefix(S(h), S(n), false); }
static bool hassuffix(const char *h, const char *n) { return kq_hassuffix(S(h), S(n), false); }
static bool contains(const char *h, const char *n) { return kq_contains(S(h), S(n), false); }

static void test_documented_examples(void)
{
    /* datatypes-string-operators table */
    CHECK(contains("FabriKam", "BRik"));
    CHECK(!contains("Fabrikam", "xyz"));
    CHECK(kq_contains(S("FabriKam"), S("Kam"), true));
    CHECK(!kq_contains(S("FabriKam"), S("kam"), true));
    CHECK(kq_endswith(S("Fabrikam"), S("Kam"), false));
    CHECK(kq_endswith(S("Fabrikam"), S("kam"), true));
    CHECK(!kq_endswith(S("Fabrikam"), S("Kam"), true));
    CHECK(!has("North America", "amer"));
    CHECK(has("North and South America", "south") && has("North and South America", "north"));
    CHECK(has_cs("North America", "America"));
    CHECK(!has_cs("North America", "amer"));
    CHECK(!has_cs("North America", "america"));
    CHECK(hasprefix("North America", "ame"));
    CHECK(!hasprefix("North America", "mer"));
    CHECK(kq_hasprefix(S("North America"), S("Ame"), true));
    CHECK(!kq_hasprefix(S("North America"), S("CA"), true));
    CHECK(hassuffix("North America", "ica"));
    CHECK(kq_hassuffix(S("North America"), S("ica"), true));
    CHECK(!kq_hassuffix(S("North America"), S("icA"), true));
    CHECK(kq_startswith(S("Fabrikam"), S("fab"), false));
    CHECK(!kq_startswith(S("Fabrikam"), S("kam"), false));
    CHECK(kq_startswith(S("Fabrikam"), S("Fab"), true));
    CHECK(!kq_startswith(S("Fabrikam"), S("fab"), true));
    CHECK(!has("KustoExplorerQueryRun", "Explorer"));
    CHECK(contains("KustoExplorerQueryRun", "Explorer"));
    CHECK(has("ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a", "c1db"));
    CHECK(has("Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun", "KustoExplorerQueryRun"));
    CHECK(has("North America", "North America"));
    CHECK(has("https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000/"
              "resourcegroups/test.rg000001?api-version=2021-04-01",
              "resourcegroups/test.rg000001"));
    /* measured term rules */
    CHECK(has("a_b", "a") && has("a-b", "a") && has("a.b", "a"));
    CHECK(!has("ab", "a") && !has("a1", "a"));
    CHECK(has("a b", "a"));
    CHECK(!has("errors", "error"));
    CHECK(has("x a-b y", "a-b") && !has("x ab y", "a-b") && !has("x a_b y", "a-b"));
    CHECK(has("x a-b y", " a") && !has("x ab y", " a"));
    CHECK(has("value1_x", "value1") && !has("xvalue1", "value1") && has("VALUE2", "value2"));
    CHECK(has("code 42 here", "42"));
    CHECK(hasprefix("x-error", "err") && hasprefix("x-error", "-err"));
    CHECK(!hassuffix("x-error", "err") && !hasprefix("err or", "r o"));
    CHECK(hasprefix("the error", "err") && !kq_startswith(S("the error"), S("err"), false));
    CHECK(!hassuffix("an errorlog", "or"));
    CHECK(hasprefix("x ab y", " a") && !hassuffix("x ab y", " a") && hassuffix("xa b", "a "));
    CHECK(kq_hasprefix(S("ERROR"), S("ERR"), true) && !kq_hasprefix(S("error"), S("ERR"), true));
    /* domains, IPs, paths, switches */
    CHECK(has("sub.mythicsu.biz", "mythicsu.biz"));
    CHECK(!has("xmythicsu.biz", "mythicsu.biz"));
    CHECK(!has("mythicsu.bizz", "mythicsu.biz"));
    CHECK(has("https://mythicsu.biz/path", "mythicsu.biz"));
    CHECK(has("MYTHICSU.BIZ", "mythicsu.biz"));
    CHECK(has("mythicsu.biz.evil.com", "mythicsu.biz"));
    CHECK(has("mythicsu.biz.", "mythicsu.biz"));
    CHECK(!has("mythicsu-biz", "mythicsu.biz"));
    CHECK(contains("sub.mythicsu.biz", "mythicsu.biz") && contains("xmythicsu.biz", "mythicsu.biz"));
    CHECK(has("evil.biz", ".biz") && !has("evil.bizz", ".biz"));
    CHECK(has("Failed login from 10.0.0.1:443", "10.0.0.1"));
    CHECK(!has("src=10.0.0.10", "10.0.0.1") && !has("src=110.0.0.1", "10.0.0.1"));
    CHECK(has("C:\\Windows\\System32\\cmd.exe", "cmd.exe"));
    CHECK(!has("C:\\Windows\\System32\\cmd.exe", "md.exe"));
    CHECK(!has("C:\\Windows\\System32\\cmd.exe", "System"));
    CHECK(contains("C:\\Windows\\System32\\cmd.exe", "System"));
    CHECK(hasprefix("C:\\Windows\\System32\\cmd.exe", "System"));
    CHECK(has("powershell.exe -enc AAAA", "-enc"));
    CHECK(!has("powershell.exe -encodedcommand AAAA", "-enc"));
    CHECK(hasprefix("powershell.exe -encodedcommand AAAA", "enc"));
    CHECK(has("sub.evil.com", "evil.com") && !has("notevil.com", "evil.com"));
    /* separators only, empty needle, edge rule */
    CHECK(has("b .b-", " ") && !has("11", "-"));
    CHECK(has("anything", "") && has("", "") && hasprefix("", "") && contains("", ""));
    CHECK(!has("", "a") && !contains("", "a"));
    CHECK(has("a b", "a ") && !has("xa b", "a "));
    /* all occurrences are tried */
    CHECK(has("xabc abc", "abc") && has("abcx abc", "abc") && hassuffix("abcx xabc", "abc"));
    CHECK(has("aaa aa", "aa") && !has("aaa aaa", "aa"));
}

/* the case table folds A-Z and nothing else: '@' and '`' stay apart */
static void test_ascii_case_table(void)
{
    int wrong = 0;
    for (int c = 0; c < 256; c++) wrong += kq_ascii_lower[c] != ((c >= 'A' && c <= 'Z') ? c + 32 : c);
    CHECK_EQ_INT(wrong, 0);
    CHECK(!kq_equals("a@b", 3, "a`b", 3, false));
    CHECK(!kq_has("user@x.com", 10, "user`x", 6, false));
}

static void test_equality_and_order(void)
{
    CHECK(kq_equals(S("abc"), S("abc"), true) && !kq_equals(S("abc"), S("ABC"), true));
    CHECK(kq_equals(S("abc"), S("ABC"), false) && !kq_equals(S("abc"), S("abcd"), false));
    CHECK(kq_equals(S(""), S(""), true) && kq_equals(S(""), S(""), false));
    CHECK(kq_compare_strings(S("a"), S("b")) < 0 && kq_compare_strings(S("b"), S("a")) > 0);
    CHECK(kq_compare_strings(S("ab"), S("abc")) < 0 && kq_compare_strings(S("abc"), S("ab")) > 0);
    CHECK(kq_compare_strings(S("abc"), S("abc")) == 0 && kq_compare_strings(S(""), S("")) == 0);
    CHECK(kq_compare_strings(S("B"), S("a")) < 0);           /* ordinal, not culture */
    CHECK(kq_compare_strings(S("\xc3\xa9"), S("z")) > 0);    /* bytes compare unsigned */
}

static void test_non_ascii(void)
{
    CHECK(!has("\xc3\xa9" "a", "a"));                                   /* "éa" has "a": é is a letter */
    CHECK(has("caf\xc3\xa9 noir", "CAF\xc3\x89"));                       /* café has CAFÉ */
    CHECK(!has_cs("caf\xc3\xa9 noir", "CAF\xc3\x89"));
    CHECK(has("\xd0\x9f\xd0\xa0\xd0\x98\xd0\x92\xd0\x95\xd0\xa2 mir", "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82")); /* ПРИВЕТ has привет */
    CHECK(kq_equals(S("\xce\xa3\xce\x9f\xce\xa6\xce\x99\xce\x91"), S("\xcf\x83\xce\xbf\xcf\x86\xce\xb9\xce\xb1"), false)); /* ΣΟΦΙΑ =~ σοφια */
    CHECK(kq_equals(S("\xcf\x82"), S("\xce\xa3"), false));                /* final sigma =~ Sigma */
    CHECK(!kq_equals(S("\xc4\xb0"), S("i"), false));                      /* İ is not i */
    CHECK(contains("x\xc3\x84rger", "\xc3\xa4R"));                       /* ÄRGER contains äR */
    CHECK(kq_startswith(S("\xc3\x89t\xc3\xa9"), S("\xc3\xa9T"), false));
    CHECK(kq_endswith(S("\xc3\x89t\xc3\xa9"), S("T\xc3\x89"), false));
    CHECK(kq_endswith(S("\xc3\x89t\xc3\xa9"), S("\xa9"), false));         /* a raw byte suffix */
    CHECK(has("a\xc2\xb7" "b", "a") && has("a\xe2\x80\x94" "b", "b"));  /* middle dot, em dash separate */
    CHECK(has("x\xc2\xa0" "abc", "abc"));                                 /* no-break space separates */
    CHECK(!has("\xd0\xb4" "abc", "abc"));                                  /* Cyrillic letter glues */
    CHECK(!has("abc\xe4\xb8\xad", "abc"));                                /* CJK ideograph glues */
    CHECK(has("abc\xf0\x9f\x98\x80", "abc"));                             /* emoji separates */
    CHECK(has("abc\xff", "abc") && has("\xc3" "abc", "abc"));             /* invalid bytes separate */
    CHECK(has("\xff\xfe", "\xfe") && !has("\xff", "\xfe"));
    CHECK(kq_contains(S("abc\xc3"), S("\xc3"), false));                   /* truncated sequence */
}

static void test_utf8(void)
{
    CHECK_EQ_INT(kq_utf8_length(S("abc")), 3);
    CHECK_EQ_INT(kq_utf8_length(S("\xc3\xa9t\xc3\xa9")), 3);
    CHECK_EQ_INT(kq_utf8_length(S("\xf0\x9f\x98\x80!")), 2);
    CHECK_EQ_INT(kq_utf8_length(S("\xff\xc3")), 2);
    CHECK_EQ_INT(kq_utf8_length(S("")), 0);
    CHECK_EQ_INT(kq_utf8_offset(S("\xc3\xa9t\xc3\xa9"), 1), 2);
    CHECK_EQ_INT(kq_utf8_offset(S("\xc3\xa9t\xc3\xa9"), 2), 3);
    CHECK_EQ_INT(kq_utf8_offset(S("\xc3\xa9t\xc3\xa9"), 9), 5);
    CHECK(kq_utf8_valid(S("\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80")));
    CHECK(!kq_utf8_valid(S("\xc3")) && !kq_utf8_valid(S("\xc0\x80")) && !kq_utf8_valid(S("\xed\xa0\x80")));
    CHECK(!kq_utf8_valid(S("\xf4\x90\x80\x80")) && !kq_utf8_valid(S("\x80")));
    char out[64];
    size_t n = kq_utf8_tolower(S("ABC \xc3\x89T\xc3\x89 \xd0\x9f \xce\xa3 \xff"), out);
    out[n] = 0;
    CHECK_EQ_STR(out, "abc \xc3\xa9t\xc3\xa9 \xd0\xbf \xcf\x83 \xff");
    n = kq_utf8_toupper(S("abc \xc3\xa9t\xc3\xa9 \xd0\xbf \xcf\x83 \xc3\xbf \xc3\x9f"), out);
    out[n] = 0;
    CHECK_EQ_STR(out, "ABC \xc3\x89T\xc3\x89 \xd0\x9f \xce\xa3 \xc5\xb8 \xc3\x9f");
    n = kq_utf8_tolower(S("\xc4\xb0"), out); /* İ -> i (shorter) */
    CHECK_EQ_INT(n, 1);
    CHECK(out[0] == 'i');
    n = kq_utf8_toupper(S("\xc4\xb1"), out); /* ı -> I */
    CHECK(n == 1 && out[0] == 'I');
}

/* ---- differential test of kq_has against a naive reading of the algorithm ---- */

/* Symbols: 0..11 -> text. Term symbols fold as listed. */
static const char *const symbol_text[] = {"a", "b", "A", "B", "1", ".", "-", " ", "_", "\xc3\xa9", "\xc3\x89", "\xc2\xb7"};
static const int symbol_fold[] = {0, 1, 0, 1, 4, 5, 6, 7, 8, 9, 9, 11};
static const bool symbol_term[] = {1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0};
enum { SYMBOLS = 12 };

static unsigned rng_state = 12345;
static unsigned rnd(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 8) & 0xFFFFFF;
}

static size_t encode_symbols(const int *sym, int n, char *out)
{
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        size_t k = strlen(symbol_text[sym[i]]);
        memcpy(out + len, symbol_text[sym[i]], k);
        len += k;
    }
    return len;
}

/* mode 0 has, 1 hasprefix, 2 hassuffix */
static bool naive_term(const int *h, int hn, const int *n, int nn, bool cs, int mode)
{
    if (nn == 0) return true;
    for (int p = 0; p + nn <= hn; p++) {
        bool same = true;
        for (int k = 0; k < nn && same; k++)
            same = cs ? h[p + k] == n[k] : symbol_fold[h[p + k]] == symbol_fold[n[k]];
        if (!same) continue;
        bool left_ok = !symbol_term[n[0]] || p == 0 || !symbol_term[h[p - 1]];
        bool right_ok = !symbol_term[n[nn - 1]] || p + nn == hn || !symbol_term[h[p + nn]];
        if ((mode == 0 && left_ok && right_ok) || (mode == 1 && left_ok) || (mode == 2 && right_ok)) return true;
    }
    return false;
}

static void test_has_differential(void)
{
    int failures = 0;
    for (int iter = 0; iter < 200000; iter++) {
        int h[40], n[6];
        int hn = (int)(rnd() % 40), nn = (int)(rnd() % 6);
        int alphabet = iter % 2 ? SYMBOLS : 9;
        for (int i = 0; i < hn; i++) h[i] = (int)(rnd() % (unsigned)alphabet);
        for (int i = 0; i < nn; i++) n[i] = (int)(rnd() % (unsigned)alphabet);
        if (hn >= nn && nn && rnd() % 2) memcpy(h + rnd() % (unsigned)(hn - nn + 1), n, (size_t)nn * sizeof *n);
        char ht[100], nt[20];
        size_t hl = encode_symbols(h, hn, ht), nl = encode_symbols(n, nn, nt);
        bool cs = rnd() % 2;
        bool ok = kq_has(ht, hl, nt, nl, cs) == naive_term(h, hn, n, nn, cs, 0) &&
                  kq_hasprefix(ht, hl, nt, nl, cs) == naive_term(h, hn, n, nn, cs, 1) &&
                  kq_hassuffix(ht, hl, nt, nl, cs) == naive_term(h, hn, n, nn, cs, 2);
        if (!ok && failures++ < 5) fprintf(stderr, "has differential: \"%.*s\" / \"%.*s\" cs=%d\n", (int)hl, ht, (int)nl, nt, cs);
    }
    CHECK_EQ_INT(failures, 0);
}

/* ---- needle sets ---- */

static void random_label(char *out, size_t *len, size_t max)
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    size_t n = 1 + rnd() % max;
    for (size_t i = 0; i < n; i++) out[*len + i] = chars[rnd() % 36];
    *len += n;
}

static size_t random_haystack(char *out, const char *const *needles, int needle_count)
{
    static const char *const seps[] = {".", "-", "_", " ", "/", ":", "\\", "", "\xc3\xa9", "\xc2\xb7"};
    size_t len = 0;
    int parts = 1 + (int)(rnd() % 5);
    for (int p = 0; p < parts; p++) {
        if (p) {
            const char *sep = seps[rnd() % 10];
            memcpy(out + len, sep, strlen(sep));
            len += strlen(sep);
        }
        if (rnd() % 3 == 0) {
            const char *n = needles[rnd() % (unsigned)needle_count];
            size_t k = strlen(n);
            for (size_t i = 0; i < k; i++) {
                char c = n[i];
                out[len + i] = rnd() % 4 == 0 && c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
            }
            len += k;
            if (rnd() % 4 == 0) out[len++] = (char)"x.z-"[rnd() % 4];
        } else {
            random_label(out, &len, 8);
        }
    }
    return len;
}

static bool or_of_has(const char *const *needles, int count, const char *h, size_t hn)
{
    for (int i = 0; i < count; i++)
        if (kq_has(h, hn, needles[i], strlen(needles[i]), false)) return true;
    return false;
}

static void test_needle_set(void)
{
    const char *iocs[] = {"mythicsu.biz", "cheapoca.biz"};
    size_t lens[] = {12, 12};
    kq_needle_set *s = kq_needle_set_new(2, iocs, lens);
    CHECK(kq_needle_set_has_any(s, S("mythicsu.biz")));
    CHECK(kq_needle_set_has_any(s, S("ka.mythicsu.biz")));
    CHECK(kq_needle_set_has_any(s, S("CHEAPOCA.BIZ")));
    CHECK(kq_needle_set_has_any(s, S("mythicsu.biz.")));
    CHECK(kq_needle_set_has_any(s, S("cdn-zo.cheapoca.biz")));
    CHECK(!kq_needle_set_has_any(s, S("xmythicsu.biz")));
    CHECK(!kq_needle_set_has_any(s, S("mythicsu.bizz")));
    CHECK(!kq_needle_set_has_any(s, S("mythicsu-biz")));
    CHECK(!kq_needle_set_has_any(s, S("")));
    CHECK(kq_needle_set_contains_ci(s, S("MythicSU.biz")) && !kq_needle_set_contains_ci(s, S("mythicsu.biz.")));
    kq_needle_set_free(s);

    const char *facts[] = {"value1", "value2"};
    size_t fact_lens[] = {6, 6};
    s = kq_needle_set_new(2, facts, fact_lens);
    CHECK(kq_needle_set_has_any(s, S("value1_x")) && !kq_needle_set_has_any(s, S("xvalue1")) &&
          kq_needle_set_has_any(s, S("VALUE2")));
    kq_needle_set_free(s);

    s = kq_needle_set_new(0, NULL, NULL);
    CHECK(!kq_needle_set_has_any(s, S("alpha")) && !kq_needle_set_contains_ci(s, S("")));
    kq_needle_set_free(s);

    const char *with_empty[] = {"zz", ""};
    size_t with_empty_lens[] = {2, 0};
    s = kq_needle_set_new(2, with_empty, with_empty_lens);
    CHECK(kq_needle_set_has_any(s, S("alpha")) && kq_needle_set_contains_ci(s, S("")));
    kq_needle_set_free(s);

    const char *in_list[] = {"A", "b", "\xc3\x89t\xc3\xa9"};
    size_t in_lens[] = {1, 1, 5};
    s = kq_needle_set_new(3, in_list, in_lens);
    CHECK(kq_needle_set_contains_ci(s, S("a")) && kq_needle_set_contains_ci(s, S("B")));
    CHECK(!kq_needle_set_contains_ci(s, S("z")) && kq_needle_set_contains_ci(s, S("\xc3\xa9T\xc3\x89")));
    kq_needle_set_free(s);

    /* differential: a mixed list (plain needles, separator ends, non-ASCII, duplicates) */
    const char *mixed[] = {"mythicsu.biz", "cheapoca.biz", ".biz", "a-b", "-enc", "x", "10.0.0.1", "a ",
                           "caf\xc3\xa9", "\xc3\xa9t\xc3\xa9", "sub/path", "C:\\Windows", "mythicsu.biz",
                           "9", "-", "k1.zz", "\xc2\xb7" "q", "end.", "MiXeD.Case"};
    int mixed_count = (int)(sizeof mixed / sizeof mixed[0]);
    int failures = 0;
    for (int trial = 0; trial < 40; trial++) {
        int count = 1 + (int)(rnd() % (unsigned)mixed_count);
        const char *chosen[32];
        size_t chosen_lens[32];
        for (int i = 0; i < count; i++) {
            chosen[i] = mixed[rnd() % (unsigned)mixed_count];
            chosen_lens[i] = strlen(chosen[i]);
        }
        s = kq_needle_set_new(count, chosen, chosen_lens);
        for (int iter = 0; iter < 2000; iter++) {
            char h[256];
            size_t hn = random_haystack(h, chosen, count);
            if (kq_needle_set_has_any(s, h, hn) != or_of_has(chosen, count, h, hn) && failures++ < 5)
                fprintf(stderr, "needle set differential: \"%.*s\"\n", (int)hn, h);
            bool member = false;
            for (int i = 0; i < count; i++) member |= kq_equals(h, hn, chosen[i], chosen_lens[i], false);
            if (kq_needle_set_contains_ci(s, h, hn) != member && failures++ < 5)
                fprintf(stderr, "contains_ci differential: \"%.*s\"\n", (int)hn, h);
        }
        kq_needle_set_free(s);
    }
    CHECK_EQ_INT(failures, 0);

    /* many needles: 200,000 random domains plus the two IOCs */
    enum { MANY = 200000 };
    char **many = malloc(MANY * sizeof *many);
    size_t *many_lens = malloc(MANY * sizeof *many_lens);
    for (int i = 0; i < MANY; i++) {
        char buf[40];
        size_t len = 0;
        random_label(buf, &len, 12);
        buf[len++] = '.';
        random_label(buf, &len, 3);
        many[i] = malloc(len + 1);
        memcpy(many[i], buf, len);
        many[i][len] = 0;
        many_lens[i] = len;
    }
    strcpy(many[7], "mythicsu.biz");
    many_lens[7] = 12;
    s = kq_needle_set_new(MANY, (const char *const *)many, many_lens);
    CHECK(kq_needle_set_has_any(s, S("sub.MYTHICSU.biz")) && !kq_needle_set_has_any(s, S("xmythicsu.biz")));
    CHECK(kq_needle_set_has_any(s, many[MANY - 1], many_lens[MANY - 1]));
    CHECK(kq_needle_set_contains_ci(s, many[12345], many_lens[12345]));
    failures = 0;
    for (int iter = 0; iter < 100; iter++) {
        char h[256];
        size_t hn = random_haystack(h, (const char *const *)many, 50);
        if (kq_needle_set_has_any(s, h, hn) != or_of_has((const char *const *)many, MANY, h, hn) && failures++ < 5)
            fprintf(stderr, "many-needle differential: \"%.*s\"\n", (int)hn, h);
    }
    CHECK_EQ_INT(failures, 0);
    kq_needle_set_free(s);
    for (int i = 0; i < MANY; i++) free(many[i]);
    free(many);
    free(many_lens);

    /* a haystack longer than the stack buffers, with more term runs than fit on the stack */
    size_t long_len = 20000;
    char *long_h = malloc(long_len);
    for (size_t i = 0; i < long_len; i++) long_h[i] = i % 3 == 2 ? '.' : 'q';
    memcpy(long_h + long_len - 13, ".mythicsu.biz", 13);
    s = kq_needle_set_new(2, iocs, lens);
    CHECK(kq_needle_set_has_any(s, long_h, long_len) && !kq_needle_set_has_any(s, long_h, long_len - 1));
    kq_needle_set_free(s);
    free(long_h);
}

/* ---- scanner ---- */

static bool ascii_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* start_bounded: needles beginning with an ASCII letter or digit do not count right after one */
static const char *naive_find(const char *const *needles, const size_t *lens, int count, bool start_bounded,
                              bool backslash, const char *p, const char *end)
{
    for (const char *begin = p; p < end; p++) {
        if (backslash && *p == '\\') return p;
        for (int j = 0; j < count; j++) {
            if ((size_t)(end - p) < lens[j]) continue;
            if (start_bounded && ascii_alnum(needles[j][0]) && p > begin && ascii_alnum(p[-1])) continue;
            size_t k = 0;
            while (k < lens[j] && (p[k] | (p[k] >= 'A' && p[k] <= 'Z' ? 0x20 : 0)) ==
                                      (needles[j][k] | (needles[j][k] >= 'A' && needles[j][k] <= 'Z' ? 0x20 : 0)))
                k++;
            if (k == lens[j]) return p;
        }
    }
    return NULL;
}

static void test_scanner(void)
{
    const char *two[] = {"mythicsu.biz", "cheapoca.biz"};
    size_t two_lens[] = {12, 12};
    kq_scanner *sc = kq_scanner_new(2, two, two_lens, false);
    const char *text = "{\"Name\":\"www.google.com\"}\n{\"Name\":\"ka.MYTHICSU.Biz\"}\n";
    const char *hit = kq_scanner_find(sc, text, text + strlen(text));
    CHECK(hit && hit == strstr(text, "MYTHICSU"));
    CHECK(kq_scanner_find(sc, text, hit + 11) == NULL && kq_scanner_find(sc, hit + 1, text + strlen(text)) == NULL);
    CHECK(kq_scanner_find(sc, text, text) == NULL);
    kq_scanner_free(sc);

    const char *alphabet = "abcABC.\\-xyzXYZ\xc3\xa9 0";
    size_t alphabet_len = strlen(alphabet);
    int failures = 0;
    static const int needle_counts[] = {0, 1, 2, 3, 5, 16, 17, 40, 200};
    for (int trial = 0; trial < 900; trial++) {
        int count = needle_counts[trial % 9];
        bool backslash = rnd() % 2, start_bounded = rnd() % 2;
        char *needles[200];
        size_t lens[200];
        for (int j = 0; j < count; j++) {
            lens[j] = 1 + rnd() % (trial % 3 == 0 ? 3 : 9);
            needles[j] = malloc(lens[j]);
            for (size_t k = 0; k < lens[j]; k++) needles[j][k] = alphabet[rnd() % (alphabet_len - 3)];
        }
        const char *const *given = (const char *const *)needles;
        kq_scanner *s = start_bounded ? kq_scanner_new_start_bounded(count, given, lens, backslash)
                                      : kq_scanner_new(count, given, lens, backslash);
        for (int iter = 0; iter < 40; iter++) {
            size_t len = rnd() % 300;
            char *buf = malloc(len + 1); /* exact size: ASan catches any read past the end */
            for (size_t i = 0; i < len; i++) buf[i] = alphabet[rnd() % alphabet_len];
            if (count && len > 20 && rnd() % 2) {
                int j = (int)(rnd() % (unsigned)count);
                if (lens[j] < len) memcpy(buf + rnd() % (len - lens[j]), needles[j], lens[j]);
            }
            size_t from = len ? rnd() % (len + 1) : 0;
            const char *want = naive_find(given, lens, count, start_bounded, backslash, buf + from, buf + len);
            const char *got = kq_scanner_find(s, buf + from, buf + len);
            if (got != want && failures++ < 5)
                fprintf(stderr, "scanner differential: count %d bounded %d len %zu from %zu got %td want %td\n",
                        count, start_bounded, len, from, got ? got - buf : -1, want ? want - buf : -1);
            free(buf);
        }
        kq_scanner_free(s);
        for (int j = 0; j < count; j++) free(needles[j]);
    }
    CHECK_EQ_INT(failures, 0);

    const char *with_empty[] = {"abc", ""};
    size_t with_empty_lens[] = {3, 0};
    sc = kq_scanner_new(2, with_empty, with_empty_lens, false);
    CHECK(kq_scanner_find(sc, text, text + 5) == text);
    kq_scanner_free(sc);
    sc = kq_scanner_new(0, NULL, NULL, true);
    const char *escaped = "{\"a\":\"C:\\\\x\"}";
    CHECK(kq_scanner_find(sc, escaped, escaped + strlen(escaped)) == strchr(escaped, '\\'));
    CHECK(kq_scanner_find(sc, text, text + strlen(text)) == NULL);
    kq_scanner_free(sc);
}

/* 20 needles (the many-needle path): 1 to 3 bytes, prefixes shared beyond 4 bytes,
 * runs of 4 to 7 bytes, an all-alnum needle, one beginning with a separator, one with a run of
 * over 32 bytes, and fillers. */
static const char *const many_needles[] = {
    "mythicsu.biz", "cheapoca.biz", "io", "zyx", "q", "abcdefgh.com", "abcdefgh.net", "abcdefghij",
    "abcdefg-x", "wxyz.ru", ".evil.net", "0day.ru", "averyveryveryverylongsubdomainname0123.com",
    "filler1.top", "filler2.top", "filler3.top", "filler4.top", "filler5.top", "filler6.top", "filler7.top"};
enum { MANY_NEEDLES = sizeof many_needles / sizeof many_needles[0] };

static kq_scanner *many_scanner(bool start_bounded)
{
    size_t lens[MANY_NEEDLES];
    for (int i = 0; i < MANY_NEEDLES; i++) lens[i] = strlen(many_needles[i]);
    return start_bounded ? kq_scanner_new_start_bounded(MANY_NEEDLES, many_needles, lens, true)
                         : kq_scanner_new(MANY_NEEDLES, many_needles, lens, true);
}

/* offset of the first hit in text, or -1 */
static long find_in(const kq_scanner *s, const char *text)
{
    const char *hit = kq_scanner_find(s, text, text + strlen(text));
    return hit ? (long)(hit - text) : -1;
}

static void test_scanner_start_bounded(void)
{
    kq_scanner *bounded = many_scanner(true), *anywhere = many_scanner(false);
    CHECK_EQ_INT(find_in(bounded, "mythicsu.biz and more"), 0);
    CHECK_EQ_INT(find_in(bounded, "{\"Name\":\"MYTHICSU.Biz\"}"), 9);
    CHECK_EQ_INT(find_in(bounded, "\xc3\xa9mythicsu.biz"), 2);
    CHECK_EQ_INT(find_in(bounded, "x\xc3\xa9" "0day.ru"), 3);
    /* inside a longer term: skipped when start-bounded, found otherwise */
    CHECK_EQ_INT(find_in(bounded, "{\"Name\":\"xmythicsu.biz\"}"), -1);
    CHECK_EQ_INT(find_in(anywhere, "{\"Name\":\"xmythicsu.biz\"}"), 10);
    CHECK_EQ_INT(find_in(bounded, "_mythicsu.biz"), 1);
    CHECK_EQ_INT(find_in(bounded, "x0day.ru 9wxyz.ru"), -1);
    CHECK_EQ_INT(find_in(anywhere, "x0day.ru"), 1);
    /* the range's first byte starts a term even inside one */
    const char *inside = "xmythicsu.biz";
    CHECK(kq_scanner_find(bounded, inside + 1, inside + strlen(inside)) == inside + 1);
    /* 1 to 3 bytes */
    CHECK_EQ_INT(find_in(bounded, "radio x.io"), 8);
    CHECK_EQ_INT(find_in(anywhere, "radio x.io"), 3);
    CHECK_EQ_INT(find_in(bounded, "bzyx (ZYX)"), 6);
    CHECK_EQ_INT(find_in(bounded, "aq bq Q"), 6);
    CHECK_EQ_INT(find_in(bounded, "radi"), -1);
    /* shared prefixes, runs of 4 to 7 bytes, all-alnum needles */
    CHECK_EQ_INT(find_in(bounded, "abcdefgh.org abcdefg.x abcdefgh-net"), -1);
    CHECK_EQ_INT(find_in(bounded, "abcdefgh.org ABCDEFGH.NET"), 13);
    CHECK_EQ_INT(find_in(bounded, "abcdefgh.org abcdefghijkl"), 13);
    CHECK_EQ_INT(find_in(bounded, "abcdefgh.org \"abcdefg-x\""), 14);
    CHECK_EQ_INT(find_in(bounded, "wxyz.r wxyz-ru wxyz.ru"), 15);
    /* a needle beginning with a separator is found anywhere */
    CHECK_EQ_INT(find_in(bounded, "www.evil.net"), 3);
    CHECK_EQ_INT(find_in(bounded, "a \"AVERYVERYVERYVERYLONGSUBDOMAINNAME0123.COM\""), 3);
    CHECK_EQ_INT(find_in(bounded, "a xaveryveryveryverylongsubdomainname0123.com"), -1);
    /* at the very end, or cut by it; backslashes are always reported */
    CHECK_EQ_INT(find_in(bounded, "-- zyx"), 3);
    CHECK_EQ_INT(find_in(bounded, "-- mythicsu.bi"), -1);
    CHECK_EQ_INT(find_in(bounded, "abc\\u0041 mythicsu.biz"), 3);
    /* every position across several 64-byte blocks, with and without an alnum byte before */
    char text[200];
    int misplaced = 0;
    for (int at = 0; at + 12 < (int)sizeof text; at++) {
        memset(text, '-', sizeof text);
        memcpy(text + at, "Cheapoca.biz", 12);
        const char *hit = kq_scanner_find(bounded, text, text + sizeof text);
        if (hit != text + at) misplaced++;
        if (at > 0) {
            text[at - 1] = '7';
            if (kq_scanner_find(bounded, text, text + sizeof text) != NULL) misplaced++;
            if (kq_scanner_find(anywhere, text, text + sizeof text) != text + at) misplaced++;
            if (kq_scanner_find(bounded, text + at, text + sizeof text) != text + at) misplaced++;
        }
    }
    CHECK_EQ_INT(misplaced, 0);
    kq_scanner_free(bounded);
    kq_scanner_free(anywhere);

    /* the SIMD path for a few needles keeps the same rule */
    const char *two[] = {"mythicsu.biz", "cheapoca.biz"};
    size_t two_lens[] = {12, 12};
    kq_scanner *few = kq_scanner_new_start_bounded(2, two, two_lens, false);
    CHECK_EQ_INT(find_in(few, "xmythicsu.biz and a longer text to fill a block or two of it"), -1);
    CHECK_EQ_INT(find_in(few, "xmythicsu.biz x.mythicsu.biz and a longer text to fill a block"), 16);
    kq_scanner_free(few);
}

/* Word-like needles and texts over letters, digits and log punctuation: min..max bytes. */
static size_t random_word(char *out, size_t min, size_t max)
{
    static const char word_bytes[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    static const char separators[] = ".-_:/\" \xc3\xa9";
    size_t len = min + rnd() % (max - min + 1);
    for (size_t i = 0; i < len; i++)
        out[i] = i && rnd() % 6 == 0 ? separators[rnd() % (sizeof separators - 1)]
                                     : word_bytes[rnd() % (sizeof word_bytes - 1)];
    return len;
}

/* naive search, with the needles bucketed by their lower-cased first byte to stay fast */
typedef struct {
    int *first[256];
    int count[256];
} needle_buckets;

static unsigned char lower_byte(char c)
{
    return (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

static const char *naive_find_bucketed(const needle_buckets *b, const char *const *needles, const size_t *lens,
                                       bool start_bounded, const char *p, const char *end)
{
    for (const char *begin = p; p < end; p++) {
        if (*p == '\\') return p;
        unsigned char first = lower_byte(*p);
        if (start_bounded && ascii_alnum(*p) && p > begin && ascii_alnum(p[-1])) continue;
        for (int k = 0; k < b->count[first]; k++) {
            int j = b->first[first][k];
            if ((size_t)(end - p) < lens[j]) continue;
            size_t i = 0;
            while (i < lens[j] && lower_byte(p[i]) == lower_byte(needles[j][i])) i++;
            if (i == lens[j]) return p;
        }
    }
    return NULL;
}

static void test_scanner_many_differential(void)
{
    static const int counts[] = {1000, 3000, 20000};
    int failures = 0, texts = 0;
    for (int trial = 0; trial < 12; trial++) {
        int count = counts[trial % 3];
        bool start_bounded = trial % 2 == 0;
        char **needles = malloc((size_t)count * sizeof *needles);
        size_t *lens = malloc((size_t)count * sizeof *lens);
        needle_buckets buckets = {{0}, {0}};
        for (int j = 0; j < count; j++) {
            char buf[40];
            size_t len = rnd() % 200 == 0 ? random_word(buf, 2, 3) : random_word(buf, 4, 14);
            if (rnd() % 16 == 0) buf[0] = '.';
            if (rnd() % 2) {
                memcpy(buf + len, ".biz", 4);
                len += 4;
            }
            needles[j] = malloc(len);
            memcpy(needles[j], buf, len);
            lens[j] = len;
            buckets.count[lower_byte(buf[0])]++;
        }
        for (int c = 0; c < 256; c++) buckets.first[c] = malloc(((size_t)buckets.count[c] + 1) * sizeof(int));
        memset(buckets.count, 0, sizeof buckets.count);
        for (int j = 0; j < count; j++) {
            unsigned char c = lower_byte(needles[j][0]);
            buckets.first[c][buckets.count[c]++] = j;
        }
        const char *const *given = (const char *const *)needles;
        kq_scanner *s = start_bounded ? kq_scanner_new_start_bounded(count, given, lens, true)
                                      : kq_scanner_new(count, given, lens, true);
        for (int iter = 0; iter < 40; iter++, texts++) {
            size_t cap = 64 + rnd() % 600, len = 0;
            char *buf = malloc(cap); /* exact size: ASan catches any read past the end */
            while (len < cap) {
                char piece[64];
                size_t n;
                if (rnd() % 10 == 0) {
                    int j = (int)(rnd() % (unsigned)count);
                    n = lens[j];
                    for (size_t i = 0; i < n; i++) {
                        char c = needles[j][i];
                        piece[i] = rnd() % 3 == 0 && c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
                    }
                } else {
                    n = random_word(piece, 1, 12);
                }
                if (rnd() % 50 == 0) piece[rnd() % n] = '\\';
                if (n > cap - len) n = cap - len;
                memcpy(buf + len, piece, n);
                len += n;
                if (len < cap && rnd() % 2) buf[len++] = " \",:"[rnd() % 4];
            }
            size_t from = rnd() % 3 == 0 ? rnd() % len : 0;
            const char *want = naive_find_bucketed(&buckets, given, lens, start_bounded, buf + from, buf + len);
            const char *got = kq_scanner_find(s, buf + from, buf + len);
            if (got != want && failures++ < 5)
                fprintf(stderr, "many-needle scanner: count %d bounded %d len %zu from %zu got %td want %td\n",
                        count, start_bounded, len, from, got ? got - buf : -1, want ? want - buf : -1);
            free(buf);
        }
        kq_scanner_free(s);
        for (int c = 0; c < 256; c++) free(buckets.first[c]);
        for (int j = 0; j < count; j++) free(needles[j]);
        free(needles);
        free(lens);
    }
    CHECK_EQ_INT(texts, 480);
    CHECK_EQ_INT(failures, 0);
}

int main(void)
{
    test_documented_examples();
    test_ascii_case_table();
    test_equality_and_order();
    test_non_ascii();
    test_utf8();
    test_has_differential();
    test_needle_set();
    kq_scanner_avx2 = 0; /* the SSE2 loop */
    test_scanner();
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2")) {
        kq_scanner_avx2 = 1;
        test_scanner();
    }
#endif
    test_scanner_start_bounded();
    test_scanner_many_differential();
    return check_report("test_match");
}
