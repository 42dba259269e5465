/*
 * kusto_names.c - the Kusto functions and tabular operators that kq does not implement, by name
 * (see kusto_names.h). Families are matched by prefix (series_*, geo_*, ...).
 */
#include "kusto_names.h"

#include <string.h>

static const char *const functions[] = {
    "acos", "array_iff", "array_rotate_left", "array_rotate_right", "array_shift_left", "array_shift_right",
    "array_split", "asin", "atan", "atan2", "bag_remove_keys", "bag_set_key", "bag_zip", "base64_decode_toarray",
    "base64_decode_toguid", "base64_encode_fromarray", "base64_encode_fromguid", "beta_cdf", "beta_inv", "beta_pdf",
    "bin_auto", "cluster", "convert_angle", "convert_energy", "convert_force", "convert_length", "convert_mass",
    "convert_speed", "convert_temperature", "convert_volume", "cos", "cot", "current_cluster_endpoint",
    "current_database", "current_principal", "current_principal_details", "current_principal_is_member_of",
    "cursor_after", "cursor_before_or_at", "cursor_current", "database", "datetime_list_timezones",
    "datetime_local_to_utc", "datetime_utc_to_local", "dcount_hll", "degrees", "dynamic_to_json",
    "estimate_data_size", "external_table", "extent_id", "extent_tags", "extract_json", "extractjson",
    "format_bytes", "gamma", "gettype_of", "has_any_index", "hll", "hll_if", "hll_merge", "hourofday_utc",
    "indexof_regex", "ingestion_time", "isascii", "isutf8", "jaccard_index", "loggamma", "make_list_with_nulls_if",
    "make_set_with_nulls", "materialized_view", "new_guid", "parse_command_line", "parse_csv", "parse_user_agent",
    "parse_version", "parse_xml", "percentile_array_tdigest", "percentile_tdigest", "percentiles_array",
    "percentrank_tdigest", "percentilew", "percentilesw", "percentilesw_array", "punycode_from_string", "punycode_to_string", "radians", "rand", "range",
    "rank_tdigest", "regex_quote", "repeat", "replace", "replace_strings", "reverse_bytes", "row_cumsum",
    "row_number", "row_rank_dense", "row_rank_min", "row_window_session", "prev", "next", "sin", "sqrt_if",
    "stdevif", "strcmp", "table", "tan", "tdigest", "tdigest_merge", "todecimal", "toguid", "tohex", "translate",
    "trim_start_regex", "unicode_codepoints_from_string", "unicode_codepoints_to_string", "unixtime_todatetime",
    "variancepif", "varianceif", "welch_test", "zlib_compress_to_base64_string",
    "zlib_decompress_from_base64_string", "gzip_compress_to_base64_string", "gzip_decompress_from_base64_string",
    "binary_and", "binary_or", "binary_xor", "binary_not", "binary_shift_left", "binary_shift_right",
    "bitset_count_ones", "bin_at", "exp10", "make_timespan", "pi", "decimal", "guid", "uuid", "countif_",
    "arg_max_if", "arg_min_if", "binary_all_and", "binary_all_or", "binary_all_xor", "buildschema",
    "count_distinctif", "make_bag_if", "take_anyif", "anyif", "series_decompose", "materialize",
    NULL};

static const char *const function_families[] = {"series_", "geo_", "ipv6_", "hash", "hll", "tdigest", NULL};

static const char *const operators[] = {
    "as", "consume", "count", "datatable", "distinct", "evaluate", "extend", "externaldata", "facet", "filter",
    "find", "fork", "getschema", "invoke", "join", "limit", "lookup", "make-series", "mv-apply", "mv-expand",
    "mvapply", "mvexpand", "order", "parse", "parse-kv", "parse-where", "partition", "print", "project",
    "project-away", "project-keep", "project-rename", "project-reorder", "range", "reduce", "render", "sample",
    "sample-distinct", "scan", "search", "serialize", "sort", "summarize", "take", "top", "top-hitters",
    "top-nested", "union", "where", "macro-expand", "make-graph", "graph-match", "graph-merge", "graph-to-table",
    "graph-shortest-paths", "graph-mark-components", "assert-schema", "declare", "alias", "restrict", "pattern",
    "set", "lookup", "execute-show-command", NULL};

bool kq_kusto_has_function(const char *name)
{
    for (int i = 0; functions[i]; i++)
        if (strcmp(functions[i], name) == 0) return true;
    for (int i = 0; function_families[i]; i++)
        if (strncmp(function_families[i], name, strlen(function_families[i])) == 0) return true;
    return false;
}

bool kq_kusto_has_operator(const char *name)
{
    for (int i = 0; operators[i]; i++)
        if (strcmp(operators[i], name) == 0) return true;
    return false;
}
