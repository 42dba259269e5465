/*
 * catalog.h - what kq knows of Sentinel before reading any file: the schemas of the Sentinel
 * tables that hunting queries read (column names and types, and the data connector that fills
 * each table), and the built-in views: Sentinel tables defined in KQL over the raw tables that
 * kq's readers produce (e.g. DnsEvents over ZeekDns), which users can read and override.
 */
#ifndef KQ_CATALOG_H
#define KQ_CATALOG_H

#include "../../include/kq.h"

typedef struct kq_catalog_column {
    const char *name;
    kq_type type;
} kq_catalog_column;

typedef struct kq_catalog_table {
    const char *name;
    const char *connector; /* the Sentinel data connector / source that fills it */
    int ncols;
    const kq_catalog_column *cols;
} kq_catalog_table;

const kq_catalog_table *kq_catalog_find(const char *name);
int kq_catalog_count(void);
const kq_catalog_table *kq_catalog_at(int i);

typedef struct kq_builtin_view {
    const char *name;   /* the Sentinel table it provides */
    const char *source; /* the raw table it reads */
    const char *kql;    /* the view's body: a tabular expression over source */
} kq_builtin_view;

const kq_builtin_view *kq_builtin_view_find(const char *name);
int kq_builtin_view_count(void);
const kq_builtin_view *kq_builtin_view_at(int i);

#endif
