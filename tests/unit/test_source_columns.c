/*
 * test_source_columns.c - kq_engine_set_source_columns: every row of a file-bound table says
 * which file and line it came from, through views, project and joins.
 */
#include <stdlib.h>

#include "check.h"
#include "kq.h"

/* Runs q and returns the text of column `col` in row `row` (static buffer), or "" */
static const char *cell(kq_engine *e, const char *q, const char *col, int row)
{
    static char text[1024];
    text[0] = 0;
    kq_query *query;
    kq_error err;
    if (kq_prepare(e, q, strlen(q), &query, &err) != 0) {
        fprintf(stderr, "prepare: %s\n", err.message);
        return "";
    }
    if (kq_query_next_result(query, &err) == KQ_OK) {
        int at = -1;
        for (int i = 0; i < kq_query_column_count(query); i++)
            if (strcmp(kq_query_column_name(query, i), col) == 0) at = i;
        for (int r = 0; at >= 0 && kq_query_step(query, &err) == KQ_ROW; r++)
            if (r == row) {
                kq_value_format(kq_query_value(query, at), text, sizeof text);
                break;
            }
    }
    kq_query_free(query);
    return text;
}

int main(void)
{
    kq_engine *e = kq_engine_new();
    kq_error err;
    kq_engine_set_source_columns(e, true);
    CHECK(kq_engine_add_path(e, NULL, "examples/logs/dns.log", &err) == 0);
    CHECK(kq_engine_add_path(e, NULL, "examples/logs/DnsEvents_sample.jsonl", &err) == 0);

    /* through the DnsEvents view (ZeekDns | project ...) */
    const char *q = "DnsEvents | where Name == 'update.cheapoca.biz.' | project Name";
    CHECK_EQ_STR(cell(e, q, "_kq_file", 0), "examples/logs/dns.log");
    CHECK_EQ_STR(cell(e, q, "_kq_line", 0), "305");
    /* projecting the source columns by name does not duplicate them */
    CHECK_EQ_STR(cell(e, "ZeekDns | where uid == 'Cremus1' | project F = _kq_file, _kq_line", "_kq_line", 0), "301");
    /* a join: the right side's source columns get the suffix 1 */
    q = "ZeekDns | where uid == 'Cremus3' | project uid, Name = query"
        " | join kind=inner (ZeekDns | where uid == 'Cremus4' | project Other = uid, Name = 'xmythicsu.biz') on Name";
    CHECK_EQ_STR(cell(e, q, "_kq_line", 0), "303");
    CHECK_EQ_STR(cell(e, q, "_kq_line1", 0), "304");
    /* summarize drops them, as any column it does not group by */
    CHECK_EQ_STR(cell(e, "ZeekDns | summarize n = count() | project n", "_kq_file", 0), "");
    kq_engine_free(e);

    /* off by default: no extra columns */
    e = kq_engine_new();
    CHECK(kq_engine_add_path(e, NULL, "examples/logs/dns.log", &err) == 0);
    CHECK_EQ_STR(cell(e, "DnsEvents | take 1", "_kq_file", 0), "");
    kq_engine_free(e);
    return check_report("source-columns");
}
