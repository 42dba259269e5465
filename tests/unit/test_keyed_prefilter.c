/*
 * test_keyed_prefilter.c - unit tests of the JSON prefilter narrowed to one key
 * (src/io/keyed_prefilter.c): which records it lets through on hand-made cases (nested and
 * repeated keys, the key as a value, other cases of the key, backslashes, non-string values, cut
 * values), and a differential test through the reader: over generated JSON Lines, with few and
 * with many needles, it keeps every record whose column holds a needle as `has` sees it.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/base/arena.h"
#include "../../src/io/keyed_prefilter.h"
#include "../../src/io/reader.h"
#include "../../src/match/match.h"
#include "check.h"

/* where the prefilter for needle "evil.com" (has: start-bounded), narrowed to key Name, first
 * stops in text, as an offset; -1 when nowhere */
static long stop_in(const char *text)
{
    const char *needle = "evil.com";
    size_t len = strlen(needle);
    kq_scanner *needles = kq_prefilter_scanner_new(1, &needle, &len, true);
    kq_keyed_prefilter k;
    bool made = kq_keyed_prefilter_init(&k, "Name", 4, needles);
    CHECK(made);
    const char *at = kq_keyed_prefilter_find(&k, text, text + strlen(text));
    kq_keyed_prefilter_free(&k);
    kq_scanner_free(needles);
    return at ? (long)(at - text) : -1;
}

static void test_cases(void)
{
    CHECK_EQ_INT(stop_in("{\"Name\":\"a.evil.com\",\"X\":1}"), 11);
    CHECK_EQ_INT(stop_in("{\"Name\" : \"EVIL.COM\"}"), 11);
    /* a needle outside the key's value does not count */
    CHECK_EQ_INT(stop_in("{\"Other\":\"evil.com\",\"Name\":\"good.org\"}"), -1);
    CHECK_EQ_INT(stop_in("{\"X\":\"Name\",\"Y\":\"evil.com\"}"), -1);
    CHECK_EQ_INT(stop_in("{\"FullName\":\"evil.com\"}"), -1);
    /* keys are matched as the reader matches them: exactly */
    CHECK_EQ_INT(stop_in("{\"name\":\"evil.com\"}"), -1);
    /* has: a term must start there */
    CHECK_EQ_INT(stop_in("{\"Name\":\"notevil.com\"}"), -1);
    /* a nested or repeated key only adds candidates */
    CHECK_EQ_INT(stop_in("{\"Name\":\"good.org\",\"In\":{\"Name\":\"evil.com\"}}"), 33);
    CHECK_EQ_INT(stop_in("{\"Name\":\"good.org\",\"Name\":\"evil.com\"}"), 27);
    /* a backslash anywhere: the record is judged whole */
    CHECK_EQ_INT(stop_in("{\"X\":\"a\\\"b\",\"Name\":\"good\"}"), 7);
    CHECK_EQ_INT(stop_in("{\"N\\u0061me\":\"evil.com\"}"), 3);
    /* a value that is not a plain string, or that does not end in the range or the line */
    CHECK_EQ_INT(stop_in("{\"Name\":123}"), 1);
    CHECK_EQ_INT(stop_in("{\"Name\":[\"evil.com\"]}"), 1);
    CHECK_EQ_INT(stop_in("{\"Name\":\"evil"), 1);
    CHECK_EQ_INT(stop_in("{\"Name\""), 1);
    CHECK_EQ_INT(stop_in("{\"Name\":\"good\n{\"X\":\"evil.com\"}"), 1);
    /* records after records that cannot match */
    CHECK_EQ_INT(stop_in("{\"Name\":\"a.org\"}\n{\"Name\":\"b.org\"}\n{\"Name\":\"x.evil.com\"}\n"), 45);
    CHECK_EQ_INT(stop_in("{\"Name\":\"a.org\"}\n{\"Name\":\"b.org\"}\n"), -1);
    CHECK_EQ_INT(stop_in(""), -1);

    /* a key that would need escaping is not narrowed to */
    kq_keyed_prefilter k;
    CHECK(!kq_keyed_prefilter_init(&k, "a\"b", 3, NULL));
    CHECK(!kq_keyed_prefilter_init(&k, "caf\xc3\xa9", 5, NULL));
    CHECK(!kq_keyed_prefilter_init(&k, "", 0, NULL));
}

/* a random name: labels of random letters, sometimes a needle or a near miss inside */
static void random_name(char *out, size_t cap, const char *const *needles, int nneedles, unsigned *seed)
{
    static const char *const near[] = {"xevil", "evilx", "bad-", "0"};
    size_t n = 0;
    int labels = 1 + (int)(rand_r(seed) % 3);
    for (int l = 0; l < labels && n + 40 < cap; l++) {
        if (l) out[n++] = '.';
        int pick = (int)(rand_r(seed) % 10);
        if (pick == 0) n += (size_t)snprintf(out + n, cap - n, "%s", needles[rand_r(seed) % (unsigned)nneedles]);
        else if (pick == 1) n += (size_t)snprintf(out + n, cap - n, "%s", near[rand_r(seed) % 4]);
        else
            for (int c = 1 + (int)(rand_r(seed) % 8); c > 0; c--) out[n++] = (char)('a' + rand_r(seed) % 26);
    }
    out[n] = 0;
}

/* count of records read with the prefilter whose Name has a needle, and the same without it */
static void differential(int nneedles, unsigned seed)
{
    const char **needles = calloc((size_t)nneedles, sizeof *needles);
    size_t *lens = calloc((size_t)nneedles, sizeof *lens);
    char (*texts)[16] = calloc((size_t)nneedles, sizeof *texts);
    for (int i = 0; i < nneedles; i++) {
        snprintf(texts[i], sizeof texts[i], i == 0 ? "evil" : "bad%d", i);
        needles[i] = texts[i];
        lens[i] = strlen(texts[i]);
    }
    const char *path = "/tmp/kq_test_keyed.jsonl";
    FILE *f = fopen(path, "w");
    if (!f) return;
    for (int r = 0; r < 20000; r++) {
        char name[200], other[200];
        random_name(name, sizeof name, needles, nneedles, &seed);
        random_name(other, sizeof other, needles, nneedles, &seed);
        switch (rand_r(&seed) % 8) {
        case 0: fprintf(f, "{\"Other\":\"%s\",\"Name\":\"%s\"}\n", other, name); break;
        case 1: fprintf(f, "{\"In\":{\"Name\":\"%s\"},\"Name\":\"%s\"}\n", other, name); break;
        case 2: fprintf(f, "{\"Name\":\"%s\",\"Esc\":\"a\\\\b\"}\n", name); break;
        case 3: fprintf(f, "{\"Other\":\"%s\"}\n", other); break;
        case 4: fprintf(f, "{ \"Name\" :  \"%s\" , \"Q\":\"Name\"}\n", name); break;
        default: fprintf(f, "{\"Name\":\"%s\",\"Other\":\"%s\"}\n", name, other); break;
        }
    }
    fclose(f);
    long counts[2] = {0, 0}, read[2] = {0, 0};
    for (int use = 0; use < 2; use++) {
        kq_read_opts o = {0};
        kq_reader *r = NULL;
        kq_error err;
        if (kq_reader_open(path, &o, &r, &err) != 0) {
            CHECK(!"open");
            break;
        }
        const char *names[] = {"Name"};
        kq_type types[] = {KQ_T_STRING};
        kq_reader_project(r, 1, names, types, &err);
        kq_scanner *s = use ? kq_prefilter_scanner_new(nneedles, needles, lens, true) : NULL;
        kq_reader_use_prefilter(r, s, use ? "Name" : NULL);
        kq_arena a;
        kq_arena_init(&a, 0);
        kq_value v[1];
        while (kq_reader_next(r, v, &a, &err) == 1) {
            read[use]++;
            for (int i = 0; i < nneedles; i++)
                if (kq_has(v[0].u.s, v[0].len, needles[i], lens[i], false)) {
                    counts[use]++;
                    break;
                }
            kq_arena_reset(&a);
        }
        kq_arena_free(&a);
        kq_reader_close(r);
        kq_scanner_free(s);
    }
    CHECK(counts[0] > 100);
    CHECK_EQ_INT(counts[1], counts[0]);
    /* and it does skip: most records cannot match */
    CHECK(read[1] < read[0] / 2);
    remove(path);
    free(needles);
    free(lens);
    free(texts);
}

int main(void)
{
    test_cases();
    differential(2, 1);
    differential(200, 2);
    differential(5000, 3);
    return check_report("keyed-prefilter");
}
