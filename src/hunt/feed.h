/*
 * feed.h - importers that turn threat-intelligence feed files into indicators.
 *
 * Formats: ThreatFox JSON export / API JSON / CSV export, abuse.ch Feodo Tracker CSV/JSON,
 * URLhaus (API JSON, urlhaus-filter domain/host/uBlock lists), MISP events and MISP feeds
 * (a directory with manifest.json; only to_ids attributes hunt), STIX 2.1 bundles, the
 * header-named CSV lists (Sentinel's feeds, Volexity, Facebook, TweetFeed, ...), their JSON
 * editions (arrays of records whose keys name the columns), Sentinel ThreatIntelligenceIndicator
 * rows (JSON Lines, as kq hunt --emit tii writes them) and plain lists (one value a line,
 * '#' comments, type detected).
 * kq_feed_load sniffs the format from the content (and the name, for lists). Each importer
 * reports every value it does not take, with its reason, through kq_ioc_set_reject, and gives
 * every indicator its source (file and line of the record).
 */
#ifndef KQ_HUNT_FEED_H
#define KQ_HUNT_FEED_H

#include <stdbool.h>
#include <stddef.h>

#include "../../include/kq.h"
#include "indicator.h"

typedef enum kq_feed_format {
    KQ_FEED_AUTO = 0,
    KQ_FEED_THREATFOX_JSON, /* export {"<ioc_id>": [{...}]}, API {"data": [...]}, defanged {"iocs": [...]} */
    KQ_FEED_THREATFOX_CSV,
    KQ_FEED_FEODO_CSV,
    KQ_FEED_FEODO_JSON,
    KQ_FEED_URLHAUS_JSON,
    KQ_FEED_MISP,           /* one event file, or a MISP feed directory (manifest.json) */
    KQ_FEED_STIX,           /* STIX 2.1 bundle */
    KQ_FEED_CSV,            /* a CSV with a header naming the value and type columns */
    KQ_FEED_JSON_RECORDS,   /* a JSON array of records (or an object holding one) whose keys are
                               read as a CSV header's column names */
    KQ_FEED_LIST,           /* one value a line (also "0.0.0.0 host" and "||host^" lines) */
    KQ_FEED_TII,            /* Sentinel ThreatIntelligenceIndicator rows: JSON Lines or an array */
    KQ_FEED__COUNT
} kq_feed_format;

/* "threatfox-json", "threatfox-csv", "feodo-csv", "feodo-json", "urlhaus-json", "misp", "stix",
 * "csv", "json-records", "list", "tii" ("auto" for KQ_FEED_AUTO). */
const char *kq_feed_format_name(kq_feed_format f);
/* Inverse; KQ_FEED__COUNT when unknown. */
kq_feed_format kq_feed_format_parse(const char *name);

/* What one call of kq_feed_load did (for the report). */
typedef struct kq_feed_stats {
    kq_feed_format format;  /* the format used (sniffed or forced) */
    size_t records;         /* records read */
    size_t indicators;      /* indicators added to the set */
    size_t rejected;        /* values rejected (see the set's rejects) */
    size_t skipped;         /* records deliberately not hunted (MISP to_ids false, STIX patterns
                               kq cannot hunt, ...), each also recorded as a reject with its reason */
    size_t warnings;        /* problems with records whose indicators are kept (an unreadable
                               date), each also recorded in the set's warnings */
    size_t missing_files;   /* event files a MISP feed's manifest lists that are not on disk: not
                               records, and not rejects (nothing of theirs was read) */
    const char *first_missing; /* the path of the first of them (in the set's arena), NULL if none */
} kq_feed_stats;

/* Loads a feed file (or a MISP feed directory) into s. fmt KQ_FEED_AUTO sniffs. Returns 0, or
 * KQ_ERR_INPUT with err filled (file and line) when the file cannot be read or is not the format
 * (a malformed record inside an otherwise good file is a reject, not an error). */
int kq_feed_load(kq_ioc_set *s, const char *path, kq_feed_format fmt, kq_feed_stats *stats, kq_error *err);

/* The importers, over a whole file's text already in memory (path is for sources and messages).
 * Same return convention as kq_feed_load. */
int kq_feed_threatfox_json(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err);
int kq_feed_threatfox_csv(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err);
int kq_feed_feodo_csv(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err);
int kq_feed_feodo_json(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err);
int kq_feed_urlhaus_json(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err);
int kq_feed_misp_event(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err);
/* A MISP feed directory: manifest.json names the events, each in <uuid>.json beside it. */
int kq_feed_misp_dir(kq_ioc_set *s, const char *dir, kq_feed_stats *st, kq_error *err);
int kq_feed_stix(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err);
int kq_feed_csv(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err);
/* An array of objects, or an object whose only member (or only member that is an array of
 * objects) is one; the line of a record is the line of its '{'. */
int kq_feed_json_records(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st,
                         kq_error *err);
/* ThreatIntelligenceIndicator rows (kq hunt --emit tii, Sentinel TI exports); see feed_tii.c. */
int kq_feed_tii(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err);
/* Whether the first row (the first JSON line, or the first element of an array) is one of
 * ThreatIntelligenceIndicator: "Type": "ThreatIntelligenceIndicator", or an IndicatorId beside a
 * value column (DomainName, Url, NetworkIP, ...). kq_feed_tii refuses text for which it is false. */
bool kq_feed_tii_sniff(const char *text, size_t n);
int kq_feed_list(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err);
/* kq_feed_list for a file read as a list because no other format matched: refused (KQ_ERR_INPUT, "not
 * a feed") when most of its value lines give no indicator - prose or data of another kind. */
int kq_feed_list_sniffed(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st,
                         kq_error *err);

#endif
