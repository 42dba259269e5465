/*
 * report_common.h - what the report writers share: readable UTC times, the escaping of untrusted
 * text (values from feeds and logs may carry terminal escapes, bidi overrides or invalid UTF-8),
 * the tallies of the summary line, and the per-host, per-day and per-query groupings of a report.
 */
#ifndef KQ_HUNT_REPORT_COMMON_H
#define KQ_HUNT_REPORT_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/buf.h"
#include "report.h"

/* How many rows the Markdown and HTML reports list before they only count the rest (the JSONL
 * report always has every row). */
enum {
    KQ_REPORT_MAX_IOCS = 200,
    KQ_REPORT_MAX_HITS = 500,
    KQ_REPORT_MAX_REJECTS = 100,
    KQ_REPORT_MAX_CELL = 200 /* bytes of a long value (matched text, rejected value) shown */
};

enum { KQ_REPORT_TIME_SIZE = 32 };
/* "2026-05-12 10:00:00 UTC" (seconds truncated), or "-" when ticks is 0 (unknown). */
const char *kq_report_time(int64_t ticks, char buf[KQ_REPORT_TIME_SIZE]);
/* "2026-05-12", or "-" when ticks is 0. */
const char *kq_report_date(int64_t ticks, char buf[KQ_REPORT_TIME_SIZE]);

/* Appends [s, s+n) to out with every character that must not reach a terminal or a page raw
 * written as a visible escape: C0 controls, DEL and C1 controls as \n \r \t \x1b \u009b, the bidi
 * controls (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) and the line and paragraph
 * separators as \u202e, bytes that are not UTF-8 as \xff. keep_lines keeps newlines and tabs raw
 * (for code blocks). */
void kq_report_visible(kq_buf *out, const char *s, size_t n, bool keep_lines);

/* Appends s as a JSON string literal (kq_json_write_string), with the characters above that JSON
 * allows raw written as \uXXXX too, and bytes that are not UTF-8 as \ufffd. NULL gives null. */
void kq_report_json_string(kq_buf *out, const char *s);

/* A length <= max that does not cut a UTF-8 sequence of s (n bytes) in two. */
size_t kq_report_clip(const char *s, size_t n, size_t max);

/* The longest run of backticks in s (to choose a Markdown fence longer than it). */
size_t kq_report_backtick_run(const char *s);

/* "s" or "" to pluralise a count's noun. */
const char *kq_report_plural(size_t n);

/* The state of indicator i (KQ_IOC_HUNTED when the report has no states) and its name:
 * "hunted", "expired", "low_confidence", "revoked". */
unsigned kq_report_ioc_state(const kq_hunt_report *r, size_t i);
const char *kq_report_state_name(unsigned state);
/* The warninglist naming indicator i, or NULL. */
const kq_warninglist *kq_report_ioc_warninglist(const kq_hunt_report *r, size_t i);

/* The counts of the summary line. */
typedef struct kq_report_tally {
    size_t reported, suppressed; /* hits */
    size_t indicators_hit;       /* distinct indicators among the reported hits */
    size_t tables_hit;           /* distinct tables among the reported hits */
} kq_report_tally;
void kq_report_tally_hits(const kq_hunt_report *r, kq_report_tally *t);

/* "file:line" (just "file" when the line is unknown) into out, cleared first. */
void kq_report_place(kq_buf *out, const char *file, int64_t line);

/* Appends "N hits on M indicators in K tables (S suppressed by exclusions); X indicators hunted
 * from F feeds at <now>" (plain text: nothing in it needs escaping). */
void kq_report_summary_line(kq_buf *out, const kq_hunt_report *r);

/* The reported hits of one host ("" for hits without one). */
typedef struct kq_report_host {
    const char *host;
    size_t hits;
    size_t indicators; /* distinct */
    int64_t first, last; /* 0 when none of its hits has a time */
} kq_report_host;
/* Groups the reported hits by host, most hits first (then by name). Returns the number of hosts;
 * *out is malloc'd (NULL when there are none). */
size_t kq_report_hosts(const kq_hunt_report *r, kq_report_host **out);

/* Hits of one UTC day. */
typedef struct kq_report_day {
    int64_t day; /* ticks of its 00:00, 0 for the hits without a time */
    size_t reported, suppressed;
} kq_report_day;
/* Counts every hit by day, in day order with the hits without a time last. Returns the number
 * of days; *out is malloc'd (NULL when there are no hits). */
size_t kq_report_days(const kq_hunt_report *r, kq_report_day **out);

/* For each hunt, the index of the first hunt with the same KQL text (its own index when it is the
 * first): hunts sharing a query are listed together and the query is written once. malloc'd. */
size_t *kq_report_kql_groups(const kq_hunt_query *hunts, size_t n);

/* The order in which the IOC summary lists the indicators: those with hits (reported or
 * suppressed) first, then the others, each in the feeds' order; a malloc'd array of the
 * indicators' indices (r->iocs->n of them). */
size_t *kq_report_ioc_order(const kq_hunt_report *r);
/* Appends "300 domain, 20 url": the indicators order[from..n) of s, counted by type. */
void kq_report_types_in_order(kq_buf *out, const kq_ioc_set *s, const size_t *order, size_t from);

/* The rejects of s from index `from` on, counted by reason. */
typedef struct kq_report_reason_count {
    const char *reason;
    size_t count;
} kq_report_reason_count;
/* Most frequent first (then by reason). Returns the number of reasons; *out is malloc'd. */
size_t kq_report_reject_reasons_from(const kq_ioc_set *s, size_t from, kq_report_reason_count **out);

/* Appends the distinct sources of an indicator: each provider (its feed file when it has none),
 * comma-separated, unescaped. */
void kq_report_providers(kq_buf *out, const kq_indicator *ioc);

/* The ports the feeds gave with the indicator: "port 443", "ports 443, 8443"; nothing when none. */
void kq_report_ports(kq_buf *out, const kq_indicator *ioc);

#endif
