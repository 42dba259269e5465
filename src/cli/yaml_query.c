/*
 * yaml_query.c - the 'query' of a Sentinel YAML rule or hunting query (see yaml_query.h),
 * read with libyaml's event parser.
 */
#include "yaml_query.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

char *yaml_read_query(const char *path, size_t *len, char *why, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, cap, "cannot open: no such file or directory");
        return NULL;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        snprintf(why, cap, "cannot start the YAML parser");
        return NULL;
    }
    yaml_parser_set_input_file(&parser, f);
    char *query = NULL;
    int depth = 0;         /* mapping/sequence nesting */
    bool expect_key = false, next_is_query = false;
    for (bool done = false; !done;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            snprintf(why, cap, "invalid YAML at line %zu: %s", parser.problem_mark.line + 1,
                     parser.problem ? parser.problem : "parse error");
            free(query);
            query = NULL;
            break;
        }
        switch (ev.type) {
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT:
            if (depth == 1 && next_is_query) next_is_query = false;
            depth++;
            expect_key = ev.type == YAML_MAPPING_START_EVENT && depth == 1;
            break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            depth--;
            if (depth == 1) expect_key = true;
            break;
        case YAML_SCALAR_EVENT:
            if (depth == 1) {
                const char *v = (const char *)ev.data.scalar.value;
                if (expect_key) {
                    next_is_query = strcmp(v, "query") == 0;
                    expect_key = false;
                } else {
                    if (next_is_query && !query) {
                        query = malloc(ev.data.scalar.length + 1);
                        if (query) {
                            memcpy(query, v, ev.data.scalar.length);
                            query[ev.data.scalar.length] = 0;
                            *len = ev.data.scalar.length;
                        }
                    }
                    next_is_query = false;
                    expect_key = true;
                }
            }
            break;
        case YAML_STREAM_END_EVENT: done = true; break;
        default: break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    fclose(f);
    if (!query && !why[0]) snprintf(why, cap, "no top-level 'query:' in this YAML file");
    return query;
}
