/*
 * test_shared_materialize.c - kq_engine_set_shared_materialize: a materialize(T) of tables only is
 * computed once and replayed to later queries, and computed again when the inputs, the views or
 * the reference time change; a T that reads a let of its query is never shared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "kq.h"

/* Runs q and returns the first cell of its one row as text (static buffer), or "error: ..." */
static const char *first_cell(kq_engine *e, const char *q)
{
    static char text[1024];
    kq_query *query;
    kq_error err;
    if (kq_prepare(e, q, strlen(q), &query, &err) != 0) {
        snprintf(text, sizeof text, "error: %s", err.message);
        return text;
    }
    snprintf(text, sizeof text, "no row");
    if (kq_query_next_result(query, &err) == KQ_OK && kq_query_step(query, &err) == KQ_ROW)
        kq_value_format(kq_query_value(query, 0), text, sizeof text);
    kq_query_free(query);
    return text;
}

int main(void)
{
    kq_engine *e = kq_engine_new();
    kq_error err;
    kq_engine_set_now(e, 0);
    kq_engine_set_shared_materialize(e, true);
    CHECK(kq_engine_add_path(e, "T", "tests/data/shared-mat/one.jsonl", &err) == 0);
    const char *sum = "let M = materialize(T | project v); M | summarize s = sum(v)";
    const char *count = "let M = materialize(T | project v); M | join kind=inner (M) on v | count";
    CHECK_EQ_STR(first_cell(e, sum), "3");
    CHECK_EQ_STR(first_cell(e, count), "2"); /* the same T, replayed: both sides of the join */
    CHECK_EQ_STR(first_cell(e, sum), "3");
    /* another file for T: computed again */
    CHECK(kq_engine_add_path(e, "T", "tests/data/shared-mat/two.jsonl", &err) == 0);
    CHECK_EQ_STR(first_cell(e, sum), "6");
    /* a view that T's text now means: computed again */
    CHECK(kq_engine_define_view(e, "V", "T | where v > 1", &err) == 0);
    CHECK_EQ_STR(first_cell(e, "let M = materialize(V | project v); M | summarize s = sum(v)"), "5");
    CHECK(kq_engine_define_view(e, "V", "T | where v > 2", &err) == 0);
    CHECK_EQ_STR(first_cell(e, "let M = materialize(V | project v); M | summarize s = sum(v)"), "3");
    /* T reads a let of its query: the same text means other rows in each query */
    CHECK_EQ_STR(first_cell(e, "let L = 1; let M = materialize(T | where v > L); M | count"), "2");
    CHECK_EQ_STR(first_cell(e, "let L = 2; let M = materialize(T | where v > L); M | count"), "1");
    /* the reference time changes: computed again */
    const char *at_now = "let M = materialize(T | extend n = now() | project n); M | take 1";
    CHECK_EQ_STR(first_cell(e, at_now), "0001-01-01T00:00:00.0000000Z");
    kq_engine_set_now(e, 864000000000LL * 10);
    CHECK_EQ_STR(first_cell(e, at_now), "0001-01-11T00:00:00.0000000Z");
    kq_engine_free(e);

    /* the rows are kept: a file emptied after the first query still gives them to the same T */
    char path[] = "/tmp/kq-shared-mat-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("{\"v\":5}\n{\"v\":7}\n", f);
    fclose(f);
    e = kq_engine_new();
    kq_engine_set_now(e, 0);
    kq_engine_set_shared_materialize(e, true);
    CHECK(kq_engine_add_path(e, "T", path, &err) == 0);
    CHECK_EQ_STR(first_cell(e, sum), "12");
    CHECK(truncate(path, 0) == 0);
    CHECK_EQ_STR(first_cell(e, sum), "12");
    kq_engine_set_shared_materialize(e, false);
    CHECK_EQ_STR(first_cell(e, "T | count"), "0");
    kq_engine_free(e);
    unlink(path);
    return check_report("shared-materialize");
}
