/*
 * hunt.h - the hunt layer's entry points: indicators -> ThreatIntelligenceIndicator rows, the
 * hunts (KQL queries) planned for the tables of the logs, and running them into a report.
 *
 * A hunt is an ordinary KQL query over ThreatIntelligenceIndicator and one log table, valid in
 * Sentinel as it stands. kq binds the indicators of the feeds as ThreatIntelligenceIndicator
 * rows, runs each hunt with the engine, and keeps each hit's origin (file and line) through the
 * engine's source columns.
 */
#ifndef KQ_HUNT_HUNT_H
#define KQ_HUNT_HUNT_H

#include <stdbool.h>
#include <stdio.h>

#include "../../include/kq.h"
#include "../base/buf.h"
#include "exclude.h"
#include "indicator.h"
#include "report.h"

/* Writes the indicators as ThreatIntelligenceIndicator rows (JSON Lines, Sentinel's column names
 * and types), one per indicator, revoked ones with Active false. Returns -1 on a write error. */
int kq_tii_write(FILE *f, const kq_ioc_set *s, int64_t now);
/* Writes the indicators to a new temporary file (path: filled, cap bytes; "" if none was made)
 * and binds it as ThreatIntelligenceIndicator. The caller unlinks path when the engine is done. */
int kq_tii_bind(kq_engine *e, const kq_ioc_set *s, int64_t now, char *path, size_t cap, kq_error *err);
/* The IndicatorId kq gives an indicator: "kq-" and 16 hex digits of a hash of its type and value
 * (stable across runs and feeds). out must hold 20 bytes. */
void kq_tii_indicator_id(const kq_indicator *ioc, char out[20]);

/* MalwareNames as Sentinel writes it: a JSON array of the families as text ('["Cobalt Strike",
 * "VShell"]'), "" when the indicator names none. out is cleared first. */
void kq_tii_malware_names(kq_buf *out, const kq_indicator *ioc);

/* The hunt kinds: indicator types hunted together by one query shape. */
typedef enum kq_hunt_kind {
    KQ_HUNT_DOMAIN, KQ_HUNT_URL, KQ_HUNT_IP, KQ_HUNT_CIDR, KQ_HUNT_HASH, KQ_HUNT_EMAIL, KQ_HUNT_FILENAME,
    KQ_HUNT__COUNT
} kq_hunt_kind;
kq_hunt_kind kq_hunt_kind_of(kq_ioc_type t);
const char *kq_hunt_kind_name(kq_hunt_kind k); /* "domain", "url", "ip", "cidr", "hash", "email", "filename" */

/* One place a kind of indicator can be looked for: table.column, read by a KQL expression. */
typedef struct kq_hunt_target {
    kq_hunt_kind kind;
    const char *table;
    const char *column;  /* the column as named in the table */
    char how;            /* 's' a scalar value, 'h' the host of a URL or host, 'l' a list of IPs or
                            hashes inside a text, 'p' a file path (its last part), 'r' dns.rrname */
    unsigned renamed;    /* the table's own columns that have the name of a column the hunt adds
                            (bit i: kq_hunt_added_columns[i]); the hunt renames them Event<name> */
} kq_hunt_target;

/* The columns a hunt adds to the table's (the matched indicator's, and its working columns).
 * A table column of one of these names (DnsEvents and CommonSecurityLog have their own
 * IndicatorThreatType) is renamed Event<name> at the start of the hunt, so that the names stand
 * for the indicator in the hunt's rows, in exclusion predicates and in the report. */
extern const char *const kq_hunt_added_columns[];
/* The kq_hunt_target.renamed bits of a table with these columns. */
unsigned kq_hunt_renamed_columns(int ncols, const char *const *names);

/* The hash type a hash column holds by its name (SHA256, InitiatingProcessMD5, ...: only hashes of
 * that length are looked for in it), or KQ_IOC_NONE (FileHash, Sysmon's Hashes: any). */
kq_ioc_type kq_hunt_target_hash_type(const kq_hunt_target *t);

/* Where each kind could be hunted in a table with these columns (name and type). Fills up to cap
 * targets (strings point into names); returns how many. */
int kq_hunt_targets(const char *table, int ncols, const char *const *names, const kq_type *types,
                    kq_hunt_target *out, int cap);

typedef struct kq_hunt_options {
    int64_t now;
    int min_confidence;         /* -1: none */
    bool no_exclusions;
    size_t max_hits;            /* hits kept in the report (all are counted) */
    bool plan_only;             /* plan the hunts (their KQL), run nothing */
    /* Self-contained queries (hunting packs): the indicators of this set (of family `family`
     * when not NULL, hunted ones only) are written into the query as a datatable instead of being
     * read from ThreatIntelligenceIndicator. NULL: read ThreatIntelligenceIndicator. */
    const kq_ioc_set *inline_iocs;
    const char *family;
} kq_hunt_options;

/* The KQL of a hunt: the indicator let-statements and the query over the target. With
 * exclusions (may be NULL), the rules that apply are added as `where not(...)` and the
 * warninglisted values (wl_values, wl_count, may be 0) as `!in~`, as a Sentinel user would run it.
 * Returns a malloc'd string. */
char *kq_hunt_kql(const kq_hunt_target *t, const kq_hunt_options *o, const kq_exclusion_rule *const *rules,
                  size_t nrules, const char *const *wl_values, size_t wl_count);

/* Runs everything: binds the indicators (set, deduplicated) as ThreatIntelligenceIndicator in the
 * engine (which has the logs bound and source columns on), plans the hunts over every table the
 * logs provide, runs them, applies exclusions and warninglists, and fills the report (its feeds,
 * title and rules filled by the caller beforehand are kept). Returns 0, or a kq_status with err. */
int kq_hunt_run(kq_engine *e, kq_ioc_set *iocs, const kq_exclusions *x, const kq_warninglists *w,
                const kq_hunt_options *o, kq_hunt_report *r, kq_error *err);
/* Frees what kq_hunt_run allocated in the report. */
void kq_hunt_report_free(kq_hunt_report *r);

#endif
