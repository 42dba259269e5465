/*
 * test_readers.c - unit tests of the file readers (src/io/reader.h): format sniffing, schemas,
 * projection and conversion, malformed records reported with their lines, gzip (also truncated),
 * oversized records, the prefilter, kq_walk, and the real sample files under /work/shared/data
 * (skipped with a message when absent). Fixtures: tests/data/readers/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "../../src/base/arena.h"
#include "../../src/base/datetime.h"
#include "../../src/io/reader.h"
#include "check.h"

#ifndef FIXTURES
#define FIXTURES "tests/data/readers"
#endif
#define SHARED "/work/shared/data"

typedef struct diag_log {
    int count;
    int64_t lines[64];
    char messages[64][256];
} diag_log;

static void collect_diag(void *user, const char *file, int64_t line, const char *message)
{
    diag_log *d = user;
    if (d->count < 64) {
        d->lines[d->count] = line;
        snprintf(d->messages[d->count], sizeof d->messages[0], "%s", message);
    }
    d->count++;
}

static kq_reader *open_reader(const char *path, diag_log *d, int64_t *skipped, bool strict)
{
    kq_read_opts o = {.diag = collect_diag, .diag_user = d, .strict = strict, .skipped = skipped};
    kq_reader *r = NULL;
    kq_error err;
    int rc = kq_reader_open(path, &o, &r, &err);
    if (rc) fprintf(stderr, "open %s: %s\n", path, err.message);
    return r;
}

static int field_index(const kq_reader *r, const char *name)
{
    for (int i = 0; i < kq_reader_field_count(r); i++)
        if (strcmp(kq_reader_field(r, i)->name, name) == 0) return i;
    return -1;
}

static kq_type field_type(const kq_reader *r, const char *name)
{
    int i = field_index(r, name);
    return i < 0 ? KQ_T_UNKNOWN : kq_reader_field(r, i)->type;
}

static bool str_is(const kq_value *v, const char *s)
{
    return v->type == KQ_T_STRING && v->len == strlen(s) && memcmp(v->u.s, s, v->len) == 0;
}

static const char *dt_text(const kq_value *v, char *buf)
{
    if (v->null) return "null";
    kq_dt_format(v->u.i, buf);
    return buf;
}

static int64_t count_records(kq_reader *r)
{
    kq_arena a;
    kq_arena_init(&a, 0);
    kq_error err;
    kq_value v[16]; /* room for the projections of the tests */
    int64_t n = 0;
    while (kq_reader_next(r, v, &a, &err) == 1) {
        n++;
        kq_arena_reset(&a);
    }
    kq_arena_free(&a);
    return n;
}

static void test_jsonl_malformed(void)
{
    diag_log d = {0};
    int64_t skipped = 0;
    kq_reader *r = open_reader(FIXTURES "/bad.jsonl", &d, &skipped, false);
    CHECK(r != NULL);
    if (!r) return;
    CHECK_EQ_INT(kq_reader_format(r), KQ_FMT_JSONL);
    CHECK_EQ_INT(field_type(r, "a"), KQ_T_LONG);
    CHECK_EQ_INT(field_type(r, "s"), KQ_T_STRING);
    CHECK_EQ_INT(field_type(r, "d"), KQ_T_DATETIME);
    const char *names[] = {"a", "s", "missing", "d"};
    kq_type types[] = {KQ_T_LONG, KQ_T_STRING, KQ_T_LONG, KQ_T_DATETIME};
    kq_error err;
    CHECK_EQ_INT(kq_reader_project(r, 4, names, types, &err), 0);
    kq_arena a;
    kq_arena_init(&a, 0);
    kq_value v[4];
    int64_t want_a[] = {1, 3, 4, 5, 6}, want_line[] = {1, 4, 6, 7, 8};
    int n = 0;
    while (kq_reader_next(r, v, &a, &err) == 1) {
        if (n < 5) {
            CHECK_EQ_INT(v[0].u.i, want_a[n]);
            CHECK_EQ_INT(kq_reader_line(r), want_line[n]);
            CHECK(v[2].null);
        }
        if (n == 1) CHECK(str_is(&v[1], "caf\xEF\xBF\xBD"));
        if (n == 2) {
            CHECK(v[1].len == 4 && memcmp(v[1].u.s, "n\0ul", 4) == 0);
            char buf[32];
            CHECK_EQ_STR(dt_text(&v[3], buf), "2020-01-02T03:04:05.0000000Z");
        }
        if (n == 3) CHECK(v[1].len == 7 && memcmp(v[1].u.s, "raw\0nul", 7) == 0);
        n++;
    }
    CHECK_EQ_INT(n, 5);
    CHECK_EQ_INT(d.count, 2);
    CHECK_EQ_INT(skipped, 2);
    CHECK_EQ_INT(d.lines[0], 2);
    CHECK_EQ_INT(d.lines[1], 5);
    for (int i = 0; i < d.count && i < 2; i++)
        for (const char *p = d.messages[i]; *p; p++) CHECK((unsigned char)*p >= 0x20);
    kq_arena_free(&a);
    kq_reader_close(r);

    /* strict mode: the first malformed record is an error with file and line */
    diag_log d2 = {0};
    r = open_reader(FIXTURES "/bad.jsonl", &d2, NULL, true);
    CHECK(r != NULL);
    if (!r) return;
    kq_arena_init(&a, 0);
    int rc;
    while ((rc = kq_reader_next(r, v, &a, &err)) == 1) continue;
    CHECK_EQ_INT(rc, -KQ_ERR_INPUT);
    CHECK_EQ_INT(err.file_line, 2);
    CHECK(strstr(err.file, "bad.jsonl") != NULL);
    CHECK_EQ_INT(d2.count, 0);
    kq_arena_free(&a);
    kq_reader_close(r);
}

static void test_csv(void)
{
    diag_log d = {0};
    int64_t skipped = 0;
    kq_reader *r = open_reader(FIXTURES "/bom.csv", &d, &skipped, false);
    CHECK(r != NULL);
    if (!r) return;
    CHECK_EQ_INT(kq_reader_format(r), KQ_FMT_CSV);
    CHECK_EQ_INT(kq_reader_field_count(r), 5);
    CHECK_EQ_STR(kq_reader_field(r, 0)->name, "TimeGenerated");
    CHECK_EQ_STR(kq_reader_field(r, 3)->name, "Name1");
    CHECK_EQ_INT(field_type(r, "TimeGenerated"), KQ_T_DATETIME);
    CHECK_EQ_INT(field_type(r, "Count"), KQ_T_LONG);
    CHECK_EQ_INT(field_type(r, "Flag"), KQ_T_BOOL);
    CHECK_EQ_INT(field_type(r, "Name"), KQ_T_STRING);
    const char *names[] = {"TimeGenerated", "Name", "Count", "Flag"};
    kq_type types[] = {KQ_T_DATETIME, KQ_T_STRING, KQ_T_LONG, KQ_T_BOOL};
    kq_error err;
    kq_reader_project(r, 4, names, types, &err);
    kq_arena a;
    kq_arena_init(&a, 0);
    kq_value v[4];
    char buf[32];
    int n = 0;
    while (kq_reader_next(r, v, &a, &err) == 1) {
        if (n == 0) {
            CHECK_EQ_STR(dt_text(&v[0], buf), "2020-11-20T16:20:29.4430000Z");
            CHECK(str_is(&v[1], "alpha"));
            CHECK_EQ_INT(v[2].u.i, 1);
            CHECK(v[3].u.b && !v[3].null);
            CHECK_EQ_INT(kq_reader_line(r), 2);
        }
        if (n == 1) {
            CHECK(str_is(&v[1], "multi\nline \"quoted\""));
            CHECK(!v[3].u.b && !v[3].null);
            CHECK_EQ_INT(kq_reader_line(r), 3);
        }
        if (n == 2) {
            CHECK(str_is(&v[1], "beta"));
            CHECK(v[2].null);
            CHECK_EQ_INT(kq_reader_line(r), 6);
        }
        n++;
    }
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_INT(d.count, 1);
    CHECK_EQ_INT(d.lines[0], 5);
    CHECK_EQ_INT(skipped, 1);
    kq_arena_free(&a);
    kq_reader_close(r);
}

static void test_zeek_tsv_fixture(void)
{
    diag_log d = {0};
    kq_reader *r = open_reader(FIXTURES "/bad.log", &d, NULL, false);
    CHECK(r != NULL);
    if (!r) return;
    CHECK_EQ_INT(kq_reader_format(r), KQ_FMT_ZEEK_TSV);
    CHECK_EQ_STR(kq_reader_zeek_path(r), "dns");
    CHECK_EQ_INT(field_type(r, "ts"), KQ_T_DATETIME);
    CHECK_EQ_INT(field_type(r, "answers"), KQ_T_DYNAMIC);
    CHECK_EQ_INT(field_type(r, "AA"), KQ_T_BOOL);
    CHECK_EQ_INT(field_type(r, "rtt"), KQ_T_REAL);
    const char *names[] = {"ts", "query", "answers", "TTLs", "AA", "rtt", "answers"};
    kq_type types[] = {KQ_T_DATETIME, KQ_T_STRING, KQ_T_DYNAMIC, KQ_T_DYNAMIC,
                       KQ_T_BOOL,     KQ_T_REAL,   KQ_T_STRING};
    kq_error err;
    kq_reader_project(r, 7, names, types, &err);
    kq_arena a;
    kq_arena_init(&a, 0);
    kq_value v[7];
    char buf[32];
    int n = 0;
    while (kq_reader_next(r, v, &a, &err) == 1) {
        if (n == 0) {
            CHECK_EQ_STR(dt_text(&v[0], buf), "2018-03-24T17:15:20.8657160Z");
            CHECK(v[2].u.d->kind == KQ_D_ARRAY && v[2].u.d->n == 2);
            CHECK(v[3].u.d->n == 2 && v[3].u.d->u.items[0].kind == KQ_D_REAL &&
                  v[3].u.d->u.items[0].u.r == 2230.0);
            CHECK(v[4].u.b);
            CHECK(v[5].u.r == 0.00087);
            CHECK(str_is(&v[6], "[\"a.example\",\"1.2.3.4\"]"));
            CHECK_EQ_INT(kq_reader_line(r), 8);
        }
        if (n == 1) {
            CHECK(str_is(&v[1], "escAped\ttab"));
            CHECK(v[2].u.d->kind == KQ_D_ARRAY && v[2].u.d->n == 0);
            CHECK(!v[4].u.b && !v[4].null);
            CHECK(v[5].null);
            CHECK_EQ_INT(kq_reader_line(r), 10);
        }
        if (n == 2) {
            CHECK(str_is(&v[1], ""));
            CHECK(v[2].null && v[4].null);
        }
        n++;
    }
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_INT(d.count, 1);
    CHECK_EQ_INT(d.lines[0], 9);
    kq_arena_free(&a);
    kq_reader_close(r);
}

static void test_pretty_and_array(void)
{
    diag_log d = {0};
    kq_reader *r = open_reader(FIXTURES "/pretty.json", &d, NULL, false);
    CHECK(r != NULL);
    if (r) {
        CHECK_EQ_INT(kq_reader_format(r), KQ_FMT_JSONL);
        CHECK_EQ_INT(field_type(r, "N"), KQ_T_REAL);
        CHECK_EQ_INT(field_type(r, "Obj"), KQ_T_DYNAMIC);
        const char *names[] = {"Name", "Obj"};
        kq_type types[] = {KQ_T_STRING, KQ_T_STRING};
        kq_error err;
        kq_reader_project(r, 2, names, types, &err);
        kq_arena a;
        kq_arena_init(&a, 0);
        kq_value v[2];
        int n = 0;
        while (kq_reader_next(r, v, &a, &err) == 1) {
            if (n == 1) {
                CHECK(str_is(&v[0], "two"));
                CHECK(str_is(&v[1], "{\"k\":[1,2]}"));
                CHECK_EQ_INT(kq_reader_line(r), 5);
            }
            n++;
        }
        CHECK_EQ_INT(n, 2);
        kq_arena_free(&a);
        kq_reader_close(r);
    }
    r = open_reader(FIXTURES "/array.json", &d, NULL, false);
    CHECK(r != NULL);
    if (!r) return;
    CHECK_EQ_INT(kq_reader_format(r), KQ_FMT_JSON_ARRAY);
    CHECK_EQ_STR(kq_reader_type_hint(r), "SquidProxy_CL");
    CHECK_EQ_STR(kq_reader_field(r, 0)->name, "TimeGenerated");
    const char *names[] = {"TimeGenerated", "Bytes"};
    kq_type types[] = {KQ_T_DATETIME, KQ_T_LONG};
    kq_error err;
    kq_reader_project(r, 2, names, types, &err);
    kq_arena a;
    kq_arena_init(&a, 0);
    kq_value v[2];
    char buf[32];
    int n = 0;
    while (kq_reader_next(r, v, &a, &err) == 1) {
        if (n == 1) {
            CHECK_EQ_STR(dt_text(&v[0], buf), "2020-10-26T21:44:12.0000000Z");
            CHECK_EQ_INT(v[1].u.i, 12);
            CHECK_EQ_INT(kq_reader_line(r), 7);
        }
        n++;
    }
    CHECK_EQ_INT(n, 2);
    CHECK_EQ_INT(d.count, 0);
    kq_arena_free(&a);
    kq_reader_close(r);
}

/* Writes text through gzip; keep_fraction < 1 truncates the compressed file. */
static void write_gzip(const char *path, const char *text, size_t n, double keep_fraction)
{
    gzFile g = gzopen(path, "wb1");
    gzwrite(g, text, (unsigned)n);
    gzclose(g);
    if (keep_fraction < 1) {
        struct stat st;
        stat(path, &st);
        truncate(path, (off_t)((double)st.st_size * keep_fraction));
    }
}

static void test_gzip(void)
{
    /* 300k lines: several 4 MB chunks, so records cross chunk boundaries */
    size_t cap = 64u << 20, n = 0;
    char *text = malloc(cap);
    for (int i = 1; i <= 300000; i++) {
        if (i == 150000) n += (size_t)snprintf(text + n, cap - n, "{\"i\":%d,\"pad\":\"%s\"\n", i, "broken");
        else n += (size_t)snprintf(text + n, cap - n, "{\"i\":%d,\"pad\":\"%0*d\"}\n", i, 20 + i % 50, i);
    }
    const char *gz = "/tmp/kq_test_readers.jsonl.gz";
    write_gzip(gz, text, n, 1.0);
    diag_log d = {0};
    kq_reader *r = open_reader(gz, &d, NULL, false);
    CHECK(r != NULL);
    if (r) {
        const char *names[] = {"i"};
        kq_type types[] = {KQ_T_LONG};
        kq_error err;
        kq_reader_project(r, 1, names, types, &err);
        kq_arena a;
        kq_arena_init(&a, 0);
        kq_value v[1];
        int64_t count = 0, bad_order = 0;
        while (kq_reader_next(r, v, &a, &err) == 1) {
            count++;
            if (v[0].u.i != kq_reader_line(r)) bad_order++;
            kq_arena_reset(&a);
        }
        CHECK_EQ_INT(count, 299999);
        CHECK_EQ_INT(bad_order, 0);
        CHECK_EQ_INT(d.count, 1);
        CHECK_EQ_INT(d.lines[0], 150000);
        /* the prefilter over gzip: needle "\"i\":2999" hits 2999 and 29990..29999, 299900.. */
        const char *needles[] = {"\"i\":2999"};
        size_t lens[] = {8};
        kq_prefilter pf = {1, needles, lens};
        kq_reader_set_prefilter(r, &pf);
        kq_reader_project(r, 1, names, types, &err);
        count = 0;
        bad_order = 0;
        while (kq_reader_next(r, v, &a, &err) == 1) {
            count++;
            if (v[0].u.i != kq_reader_line(r)) bad_order++;
        }
        CHECK_EQ_INT(count, 1 + 10 + 100);
        CHECK_EQ_INT(bad_order, 0);
        kq_arena_free(&a);
        kq_reader_close(r);
    }
    /* truncated: the records before the cut are read, the damage is reported */
    write_gzip(gz, text, n, 0.5);
    diag_log d2 = {0};
    r = open_reader(gz, &d2, NULL, false);
    CHECK(r != NULL);
    if (r) {
        int64_t count = count_records(r);
        CHECK(count > 50000 && count < 299999);
        CHECK(d2.count >= 1);
        bool said_truncated = false;
        for (int i = 0; i < d2.count && i < 64; i++)
            if (strstr(d2.messages[i], "truncated")) said_truncated = true;
        CHECK(said_truncated);
        kq_reader_close(r);
    }
    diag_log d3 = {0};
    r = open_reader(gz, &d3, NULL, true);
    if (r) {
        kq_arena a;
        kq_arena_init(&a, 0);
        kq_value v[1];
        kq_error err;
        int rc;
        while ((rc = kq_reader_next(r, v, &a, &err)) == 1) kq_arena_reset(&a);
        CHECK_EQ_INT(rc, -KQ_ERR_INPUT);
        kq_arena_free(&a);
        kq_reader_close(r);
    }
    unlink(gz);
    free(text);
}

static void test_huge_record(void)
{
    size_t big = 70u << 20;
    char *text = malloc(big + 200);
    size_t n = (size_t)sprintf(text, "{\"k\":1}\n{\"k\":2,\"pad\":\"");
    memset(text + n, 'x', big);
    n += big;
    n += (size_t)sprintf(text + n, "\"}\n{\"k\":3}\n");
    const char *plain = "/tmp/kq_test_readers_huge.jsonl", *gz = "/tmp/kq_test_readers_huge.jsonl.gz";
    FILE *f = fopen(plain, "wb");
    fwrite(text, 1, n, f);
    fclose(f);
    write_gzip(gz, text, n, 1.0);
    const char *paths[] = {plain, gz};
    for (int p = 0; p < 2; p++) {
        diag_log d = {0};
        kq_reader *r = open_reader(paths[p], &d, NULL, false);
        CHECK(r != NULL);
        if (!r) continue;
        const char *names[] = {"k"};
        kq_type types[] = {KQ_T_LONG};
        kq_error err;
        kq_reader_project(r, 1, names, types, &err);
        kq_arena a;
        kq_arena_init(&a, 0);
        kq_value v[1];
        int64_t sum = 0, count = 0;
        while (kq_reader_next(r, v, &a, &err) == 1) {
            sum += v[0].u.i;
            count++;
            if (v[0].u.i == 3) CHECK_EQ_INT(kq_reader_line(r), 3);
        }
        CHECK_EQ_INT(count, 2);
        CHECK_EQ_INT(sum, 4);
        CHECK_EQ_INT(d.count, 1);
        CHECK_EQ_INT(d.lines[0], 2);
        kq_arena_free(&a);
        kq_reader_close(r);
    }
    unlink(plain);
    unlink(gz);
    free(text);
}

static void test_value_from_text(void)
{
    kq_arena a;
    kq_arena_init(&a, 0);
    kq_value v;
    char buf[32];
    CHECK(kq_value_from_text(KQ_T_LONG, "42", 2, &a, &v) && v.u.i == 42);
    CHECK(kq_value_from_text(KQ_T_LONG, "4.7", 3, &a, &v) && v.u.i == 4);
    CHECK(!kq_value_from_text(KQ_T_LONG, "abc", 3, &a, &v) && v.null);
    CHECK(kq_value_from_text(KQ_T_BOOL, "T", 1, &a, &v) && v.u.b);
    CHECK(kq_value_from_text(KQ_T_BOOL, "False", 5, &a, &v) && !v.u.b);
    CHECK(kq_value_from_text(KQ_T_DATETIME, "1521911720.865716", 17, &a, &v));
    CHECK_EQ_STR(dt_text(&v, buf), "2018-03-24T17:15:20.8657160Z");
    CHECK(kq_value_from_text(KQ_T_TIMESPAN, "1.5", 3, &a, &v) && v.u.i == 15000000);
    CHECK(kq_value_from_text(KQ_T_TIMESPAN, "01:00:00", 8, &a, &v) && v.u.i == 36000000000LL);
    CHECK(kq_value_from_text(KQ_T_DYNAMIC, "[1,2]", 5, &a, &v) && v.u.d->kind == KQ_D_ARRAY);
    CHECK(kq_value_from_text(KQ_T_DYNAMIC, "plain", 5, &a, &v) && v.u.d->kind == KQ_D_STRING);
    CHECK(kq_value_from_text(KQ_T_STRING, "", 0, &a, &v) && !v.null && v.len == 0);
    CHECK(kq_value_from_text(KQ_T_REAL, "", 0, &a, &v) && v.null);
    CHECK(kq_value_from_text(KQ_T_STRING, "a\xff", 2, &a, &v) && str_is(&v, "a\xEF\xBF\xBD"));
    CHECK(kq_value_from_text(KQ_T_INT, "3000000000", 10, &a, &v) == false && v.null);
    kq_arena_free(&a);
}

typedef struct walk_log {
    int n;
    char paths[16][256];
} walk_log;

static int log_path(void *user, const char *path)
{
    walk_log *w = user;
    if (w->n < 16) snprintf(w->paths[w->n], sizeof w->paths[0], "%s", path);
    w->n++;
    return 0;
}

static void test_walk(void)
{
    const char *root = "/tmp/kq_test_walk";
    int rc = system("rm -rf /tmp/kq_test_walk && mkdir -p /tmp/kq_test_walk/b /tmp/kq_test_walk/a "
                    "&& touch /tmp/kq_test_walk/b/2.log /tmp/kq_test_walk/a/1.log "
                    "/tmp/kq_test_walk/c.log /tmp/kq_test_walk/.hidden "
                    "&& ln -s .. /tmp/kq_test_walk/a/loop");
    CHECK_EQ_INT(rc, 0);
    walk_log w = {0};
    kq_error err;
    CHECK_EQ_INT(kq_walk(root, log_path, &w, &err), 0);
    CHECK_EQ_INT(w.n, 3);
    CHECK_EQ_STR(w.paths[0], "/tmp/kq_test_walk/a/1.log");
    CHECK_EQ_STR(w.paths[1], "/tmp/kq_test_walk/b/2.log");
    CHECK_EQ_STR(w.paths[2], "/tmp/kq_test_walk/c.log");
    CHECK_EQ_INT(kq_walk("/tmp/kq_test_walk/none", log_path, &w, &err), -KQ_ERR_INPUT);
    rc = system("rm -rf /tmp/kq_test_walk");
    (void)rc;
}

/* The prefilter keeps exactly the lines holding the needle (any case) or a backslash. */
static void test_zeek_prefilter(const char *tsv)
{
    const char *needle = "googleapis";
    FILE *f = fopen(tsv, "r");
    if (!f) return;
    char *line = NULL;
    size_t cap = 0;
    int64_t want = 0;
    while (getline(&line, &cap, f) > 0)
        if (line[0] != '#' && (strcasestr(line, needle) || strchr(line, '\\'))) want++;
    free(line);
    fclose(f);
    diag_log d = {0};
    kq_reader *r = open_reader(tsv, &d, NULL, false);
    if (!r) return;
    size_t len = strlen(needle);
    kq_prefilter pf = {1, &needle, &len};
    kq_reader_set_prefilter(r, &pf);
    const char *names[] = {"query"};
    kq_type types[] = {KQ_T_STRING};
    kq_error err;
    kq_reader_project(r, 1, names, types, &err);
    CHECK(want > 0);
    CHECK_EQ_INT(count_records(r), want);
    kq_reader_close(r);
}

static void test_real_zeek(void)
{
    const char *tsv = SHARED "/dns/zeek-wrccdc2018/dns.log", *gz = SHARED "/dns/zeek-wrccdc2018/dns.json.gz";
    diag_log d = {0};
    const char *names[] = {"ts", "id.orig_h", "query", "qtype_name", "answers"};
    kq_type types[] = {KQ_T_DATETIME, KQ_T_STRING, KQ_T_STRING, KQ_T_STRING, KQ_T_DYNAMIC};
    const char *paths[] = {tsv, gz};
    for (int p = 0; p < 2; p++) {
        kq_reader *r = open_reader(paths[p], &d, NULL, false);
        CHECK(r != NULL);
        if (!r) continue;
        CHECK_EQ_INT(kq_reader_format(r), p == 0 ? KQ_FMT_ZEEK_TSV : KQ_FMT_JSONL);
        CHECK_EQ_STR(kq_reader_zeek_path(r), "dns");
        CHECK_EQ_INT(field_type(r, "ts"), KQ_T_DATETIME);
        kq_error err;
        kq_reader_project(r, 5, names, types, &err);
        kq_arena a;
        kq_arena_init(&a, 0);
        kq_value v[5];
        char buf[32];
        int64_t count = 0;
        while (kq_reader_next(r, v, &a, &err) == 1) {
            if (count == 0) {
                CHECK_EQ_STR(dt_text(&v[0], buf), "2018-03-24T17:15:20.8657160Z");
                CHECK(str_is(&v[1], "10.47.1.100"));
                CHECK(str_is(&v[2], "ise.wrccdc.org"));
                CHECK(str_is(&v[3], "A"));
                const kq_dyn *ans = v[4].null ? NULL : v[4].u.d;
                CHECK(ans && ans->kind == KQ_D_ARRAY && ans->n == 2);
                if (ans && ans->n == 2) {
                    CHECK(ans->u.items[0].n == 18 && memcmp(ans->u.items[0].u.s, "ise.wrccdc.cpp.edu", 18) == 0);
                    CHECK(ans->u.items[1].n == 11 && memcmp(ans->u.items[1].u.s, "134.71.3.16", 11) == 0);
                }
            }
            count++;
            kq_arena_reset(&a);
        }
        CHECK_EQ_INT(count, 53615);
        kq_arena_free(&a);
        kq_reader_close(r);
    }
    CHECK_EQ_INT(d.count, 0);
    test_zeek_prefilter(tsv);

    /* SimpleRock: id_orig_h exposed as id.orig_h, ts epoch float as datetime */
    kq_reader *r = open_reader(SHARED "/dns/zeek-otrf-apt29/day1/NASHUA_dns.log", &d, NULL, false);
    CHECK(r != NULL);
    if (!r) return;
    CHECK(field_index(r, "id.orig_h") >= 0);
    CHECK_EQ_INT(field_type(r, "ts"), KQ_T_DATETIME);
    kq_error err;
    kq_reader_project(r, 3, names, types, &err);
    kq_arena a;
    kq_arena_init(&a, 0);
    kq_value v[3];
    char buf[32];
    CHECK_EQ_INT(kq_reader_next(r, v, &a, &err), 1);
    CHECK_EQ_STR(dt_text(&v[0], buf), "2020-04-30T00:06:39.8243700Z");
    CHECK(str_is(&v[1], "10.0.1.6"));
    CHECK(str_is(&v[2], "newyork.dmevals.local"));
    CHECK_EQ_INT(1 + count_records(r), 21);
    kq_arena_free(&a);
    kq_reader_close(r);
}

static void test_real_csv_and_json(void)
{
    diag_log d = {0};
    kq_reader *r = open_reader(SHARED "/dns/sentinel-sample-data/solarigate-beacon-umbrella.csv", &d, NULL, false);
    CHECK(r != NULL);
    if (r) {
        CHECK_EQ_INT(kq_reader_format(r), KQ_FMT_CSV);
        CHECK_EQ_INT(kq_reader_field_count(r), 16);
        CHECK_EQ_INT(field_type(r, "Timestamp"), KQ_T_DATETIME);
        const char *names[] = {"Domain", "InternalIp"};
        kq_type types[] = {KQ_T_STRING, KQ_T_STRING};
        kq_error err;
        kq_reader_project(r, 2, names, types, &err);
        kq_arena a;
        kq_arena_init(&a, 0);
        kq_value v[2];
        CHECK_EQ_INT(kq_reader_next(r, v, &a, &err), 1);
        CHECK(str_is(&v[0], "avsvmcloud.com"));
        CHECK(str_is(&v[1], " 17.81.146.1"));
        CHECK_EQ_INT(kq_reader_next(r, v, &a, &err), 0);
        kq_arena_free(&a);
        kq_reader_close(r);
    }
    /* Log Analytics export with a BOM-less header holding "TimeGenerated [UTC]" and quoted
     * multi-line JSON cells */
    r = open_reader(SHARED "/tables/sentinel-training-lab/azure_activity.csv", &d, NULL, false);
    CHECK(r != NULL);
    if (r) {
        CHECK(field_index(r, "TimeGenerated") >= 0);
        CHECK_EQ_INT(field_type(r, "TimeGenerated"), KQ_T_DATETIME);
        CHECK_EQ_STR(kq_reader_field(r, 0)->name, "OperationName");
        CHECK_EQ_INT(count_records(r), 325);
        kq_reader_close(r);
    }
    r = open_reader(SHARED "/tables/sentinel-sample-data/Custom/SquidProxy.json", &d, NULL, false);
    CHECK(r != NULL);
    if (r) {
        CHECK_EQ_INT(kq_reader_format(r), KQ_FMT_JSON_ARRAY);
        CHECK_EQ_STR(kq_reader_type_hint(r), "SquidProxy_CL");
        CHECK_EQ_INT(field_type(r, "TimeGenerated"), KQ_T_STRING);
        const char *names[] = {"TimeGenerated"};
        kq_type types[] = {KQ_T_DATETIME};
        kq_error err;
        kq_reader_project(r, 1, names, types, &err);
        kq_arena a;
        kq_arena_init(&a, 0);
        kq_value v[1];
        char buf[32];
        CHECK_EQ_INT(kq_reader_next(r, v, &a, &err), 1);
        CHECK_EQ_STR(dt_text(&v[0], buf), "2020-10-26T21:43:12.0000000Z");
        CHECK_EQ_INT(1 + count_records(r), 500);
        kq_arena_free(&a);
        kq_reader_close(r);
    }
    r = open_reader(SHARED "/tables/otrf-goldensaml/AADAuditEvents.json", &d, NULL, false);
    CHECK(r != NULL);
    if (r) {
        CHECK_EQ_INT(kq_reader_format(r), KQ_FMT_JSONL);
        CHECK_EQ_INT(field_type(r, "TimeGenerated"), KQ_T_DATETIME);
        CHECK_EQ_INT(count_records(r), 4);
        kq_reader_close(r);
    }
    CHECK_EQ_INT(d.count, 0);
}

/* Every sample file opens and reads without a skipped record. */
static int read_whole(void *user, const char *path)
{
    int *problems = user;
    if (strstr(path, ".txt")) return 0;
    diag_log d = {0};
    kq_reader *r = open_reader(path, &d, NULL, false);
    if (!r) {
        (*problems)++;
        return 0;
    }
    count_records(r);
    if (d.count) {
        fprintf(stderr, "%s: %d skipped, first at line %lld: %s\n", path, d.count,
                (long long)d.lines[0], d.messages[0]);
        (*problems)++;
    }
    kq_reader_close(r);
    return 0;
}

static void test_all_samples(void)
{
    int problems = 0;
    kq_error err;
    CHECK_EQ_INT(kq_walk(SHARED "/dns", read_whole, &problems, &err), 0);
    CHECK_EQ_INT(kq_walk(SHARED "/tables/sentinel-sample-data", read_whole, &problems, &err), 0);
    CHECK_EQ_INT(problems, 0);
}

int main(void)
{
    test_value_from_text();
    test_jsonl_malformed();
    test_csv();
    test_zeek_tsv_fixture();
    test_pretty_and_array();
    test_gzip();
    test_huge_record();
    test_walk();
    if (access(SHARED "/dns/zeek-wrccdc2018/dns.log", R_OK) == 0) {
        test_real_zeek();
        test_real_csv_and_json();
        test_all_samples();
    } else {
        printf("test_readers: %s absent, real-file tests skipped\n", SHARED);
    }
    return check_report("test_readers");
}
