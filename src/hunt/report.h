/*
 * report.h - the outcome of a hunt (what was hunted, what matched, what the exclusions removed)
 * and its writers: Markdown in the layout of a hunting report, a self-contained HTML page with a
 * timeline of hits (inline SVG, no external assets), JSON Lines for machines, and the Markdown
 * hunting pack that `kq pack` writes per malware family.
 */
#ifndef KQ_HUNT_REPORT_H
#define KQ_HUNT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "exclude.h"
#include "feed.h"
#include "indicator.h"

typedef struct kq_hunt_feed {
    const char *path;
    kq_feed_stats stats;
} kq_hunt_feed;

/* One hunt: an ordinary KQL query over ThreatIntelligenceIndicator and one log table. */
typedef struct kq_hunt_query {
    const char *name;      /* "domain in DnsEvents.Name" */
    kq_ioc_type ioc_type;
    const char *table;     /* the log table */
    const char *columns;   /* the columns it looks in, comma-separated */
    const char *connector; /* the Sentinel data connector the table needs ("" if none known) */
    const char *kql;       /* the query, as `--emit kql` prints it (valid in Sentinel) */
    size_t indicators;     /* indicators of this type that were hunted */
    size_t hits;           /* hits reported */
    size_t suppressed;     /* hits removed by exclusions or warninglists */
} kq_hunt_query;

/* Something not hunted: a table with no column for any indicator type, an indicator type with no
 * table to look in, a log file kq cannot read. */
typedef struct kq_hunt_skip {
    const char *what;   /* "table Corelight_CL", "indicator type sha256", a file path */
    const char *reason;
} kq_hunt_skip;

typedef struct kq_hit_field {
    const char *name;
    const char *value; /* as Kusto prints it */
} kq_hit_field;

typedef struct kq_hit {
    const kq_indicator *ioc;
    size_t hunt;             /* index into the report's hunts */
    const char *table;
    const char *column;      /* the column that matched */
    const char *matched;     /* the event's value in that column */
    int64_t time;            /* the event's time (ticks), 0 if unknown */
    const char *host;        /* the event's host (Computer, DeviceName, ...) or client IP, "" if none */
    const char *source_file; /* the log file of the event */
    int64_t source_line;     /* its line (record) in that file */
    kq_hit_field *fields;    /* the event's fields */
    size_t nfields;
    const char *suppressed_by;     /* NULL: reported; else a rule name or "warninglist:<id>" */
    const char *suppressed_reason;
} kq_hit;

/* How one exclusion rule or warninglist fared. */
typedef struct kq_rule_count {
    const char *name;
    const char *kind;      /* "exclusion" or "warninglist" */
    const char *scenario;  /* "" if none */
    const char *reason;    /* the rule's reason, or the warninglist's description */
    int64_t expires;       /* ticks, 0 never */
    bool expired;          /* expired rules are listed, not applied */
    size_t indicators;     /* warninglist: indicators it names */
    size_t suppressed;     /* hits it suppressed */
} kq_rule_count;

/* A table of the logs that was hunted. */
typedef struct kq_hunt_table {
    const char *name;
    const char *connector; /* "" if not a Sentinel table */
    int files;
} kq_hunt_table;

typedef struct kq_hunt_report {
    int64_t now;            /* reference time of the hunt (ticks) */
    const char *title;      /* "Remus", or a summary of the feeds */
    kq_hunt_feed *feeds;
    size_t nfeeds;
    const kq_ioc_set *iocs; /* deduplicated */
    const unsigned char *ioc_state; /* per indicator: KQ_IOC_HUNTED, _EXPIRED, _LOW_CONFIDENCE, _REVOKED,
                                       _NOT_YET_VALID, _NO_TABLE */
    const kq_warninglist *const *ioc_warninglist; /* per indicator: the list that names it, or NULL */
    int min_confidence;
    size_t hunted, expired, low_confidence, revoked, not_yet_valid, no_table;
    kq_hunt_query *hunts;
    size_t nhunts;
    kq_hunt_skip *skips;
    size_t nskips;
    kq_hunt_table *tables;
    size_t ntables;
    kq_hit *hits;           /* reported and suppressed, in event-time order */
    size_t nhits;
    size_t reported;        /* hits not suppressed */
    kq_rule_count *rules;
    size_t nrules;
    bool exclusions_off;    /* --no-exclusions: rules listed, none applied */
    int64_t log_records_skipped; /* malformed log records (see the diagnostics) */
    void *owned;            /* memory of kq_hunt_run (kq_hunt_report_free releases it) */
} kq_hunt_report;

/* KQ_IOC_NOT_YET_VALID: its valid_from is after --now */
/* KQ_IOC_NO_TABLE: valid, but no table of the logs has a column for its kind (or an IPv6 range) */
enum { KQ_IOC_HUNTED = 0, KQ_IOC_EXPIRED, KQ_IOC_LOW_CONFIDENCE, KQ_IOC_REVOKED, KQ_IOC_NOT_YET_VALID, KQ_IOC_NO_TABLE };

/* The writers. Return 0, or -1 when writing failed (errno set). */
int kq_report_markdown(FILE *f, const kq_hunt_report *r);
int kq_report_html(FILE *f, const kq_hunt_report *r);
int kq_report_jsonl(FILE *f, const kq_hunt_report *r);
/* A hunting pack for one malware family: its IOC summary, the hunts (r->hunts, generated for the
 * standard Sentinel tables), the tables and connectors they need, the false-positive scenarios
 * with their exclusions (r->rules). r->hits is empty. family "" means indicators with no family. */
int kq_report_pack(FILE *f, const kq_hunt_report *r, const char *family, const kq_exclusions *x);

#endif
