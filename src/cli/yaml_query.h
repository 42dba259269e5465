/*
 * yaml_query.h - reads the KQL of a Sentinel rule or hunting query file (.yaml): the value of
 * its top-level 'query' key.
 */
#ifndef KQ_CLI_YAML_QUERY_H
#define KQ_CLI_YAML_QUERY_H

#include <stddef.h>

/* Returns the query text (malloc'd, NUL-terminated) and its length, or NULL with a one-line
 * reason in why (cap bytes). */
char *yaml_read_query(const char *path, size_t *len, char *why, size_t cap);

#endif
