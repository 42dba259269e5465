/*
 * exclude.h - what keeps known false positives out of the hits.
 *
 * Exclusion rules come from a YAML file (see docs/exclusions.md):
 *
 *   exclusions:
 *     - name: scheduled-admin-tasks           # required, unique
 *       scenario: Scheduled administrative tasks   # optional: the false-positive scenario
 *       reason: Task Scheduler runs the patch script nightly   # required
 *       tables: [SecurityEvent, DeviceProcessEvents]          # optional: only these tables
 *       where: InitiatingProcessFileName =~ "schtasks.exe"    # required: a KQL predicate
 *       expires: 2027-01-31                   # optional: after this (vs --now) the rule is ignored
 *
 * A hit is suppressed when the predicate is true for its event. The predicate is KQL over the
 * hit's table; a rule whose columns a table does not have does not apply to that table.
 *
 * MISP warninglists (list.json) are indicator exclusions: an indicator whose value a list names
 * (by the list's matching rule: string, hostname = the name or a sub-domain, substring, cidr,
 * regex) is still hunted, but its hits are suppressed and counted against the list.
 */
#ifndef KQ_HUNT_EXCLUDE_H
#define KQ_HUNT_EXCLUDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../include/kq.h"
#include "../base/arena.h"
#include "indicator.h"

typedef struct kq_exclusion_rule {
    const char *name;
    const char *scenario;  /* "" when not given */
    const char *reason;
    const char **tables;   /* NULL-terminated; NULL or empty: every table */
    const char *where;     /* KQL predicate */
    int64_t expires;       /* ticks, 0: never */
    const char *file;      /* the YAML file */
    int line;              /* line of the rule in it */
    int where_line;        /* line of its where: value */
} kq_exclusion_rule;

typedef struct kq_exclusions {
    kq_arena arena;
    kq_exclusion_rule *rules;
    size_t n, cap;
} kq_exclusions;

void kq_exclusions_init(kq_exclusions *x);
void kq_exclusions_free(kq_exclusions *x);
/* Appends the rules of a YAML file. A missing required key, an unknown key, a duplicate name or a
 * bad date is an error (KQ_ERR_INPUT) with file and line. The predicate's KQL is not checked here. */
int kq_exclusions_load(kq_exclusions *x, const char *path, kq_error *err);
/* True when rule r applies to table (no table list, or table is in it). */
bool kq_exclusion_applies(const kq_exclusion_rule *r, const char *table);

typedef enum kq_warninglist_kind {
    KQ_WL_STRING,    /* exact value (case-insensitive for domains) */
    KQ_WL_HOSTNAME,  /* the name or any sub-domain of it */
    KQ_WL_SUBSTRING,
    KQ_WL_CIDR,
    KQ_WL_REGEX
} kq_warninglist_kind;

typedef struct kq_warninglist kq_warninglist; /* opaque: entries and their index */

typedef struct kq_warninglists {
    kq_warninglist **lists;
    size_t n, cap;
} kq_warninglists;

void kq_warninglists_init(kq_warninglists *w);
void kq_warninglists_free(kq_warninglists *w);
/* Loads a MISP warninglist: a list.json file, or a directory holding list.json files (walked:
 * the whole misp-warninglists/lists tree loads at once). Errors carry the file. */
int kq_warninglists_load(kq_warninglists *w, const char *path, kq_error *err);
/* The first list that names the indicator (respecting the list's matching_attributes: a list for
 * ip-src/ip-dst does not apply to a domain), or NULL. */
const kq_warninglist *kq_warninglists_match(const kq_warninglists *w, const kq_indicator *ioc);
const char *kq_warninglist_name(const kq_warninglist *l);        /* "List of known ... (cloudflare-top100k)": its "name" */
const char *kq_warninglist_id(const kq_warninglist *l);          /* the directory name, e.g. "cloudflare-top100k" */
const char *kq_warninglist_description(const kq_warninglist *l);
kq_warninglist_kind kq_warninglist_kind_of(const kq_warninglist *l);
size_t kq_warninglist_size(const kq_warninglist *l);             /* entries */

#endif
