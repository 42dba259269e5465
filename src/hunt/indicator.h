/*
 * indicator.h - the indicator model of the hunt layer: one indicator of compromise (a domain, URL,
 * IP, CIDR, file hash, e-mail address or file name) with the context its feed gave it, and the
 * set that collects them from every feed, normalises, de-duplicates and rejects with a reason.
 *
 * Every string of an indicator lives in the set's arena and is NUL-terminated; a missing text is
 * "" (never NULL). Times are kq ticks (100 ns since 0001-01-01), 0 when unknown.
 */
#ifndef KQ_HUNT_INDICATOR_H
#define KQ_HUNT_INDICATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"

typedef enum kq_ioc_type {
    KQ_IOC_NONE = 0, /* unknown: detect from the value */
    KQ_IOC_DOMAIN,   /* "evil.com" (lower case, punycode, no trailing dot) */
    KQ_IOC_URL,      /* "http://evil.com/a?b" (canonical: scheme and host lower case) */
    KQ_IOC_IPV4,     /* "1.2.3.4" */
    KQ_IOC_IPV6,     /* "2001:db8::1" (RFC 5952 text) */
    KQ_IOC_CIDR,     /* "10.0.0.0/8", "2001:db8::/32" */
    KQ_IOC_MD5,      /* 32 lower-case hex digits */
    KQ_IOC_SHA1,     /* 40 */
    KQ_IOC_SHA256,   /* 64 */
    KQ_IOC_EMAIL,    /* "user@evil.com" (domain part lower case) */
    KQ_IOC_FILENAME, /* "remus.exe" */
    KQ_IOC__COUNT
} kq_ioc_type;

/* "domain", "url", "ipv4", "ipv6", "cidr", "md5", "sha1", "sha256", "email", "filename". */
const char *kq_ioc_type_name(kq_ioc_type t);
/* Inverse of kq_ioc_type_name, also taking common feed spellings ("hostname", "ip", "ip-dst",
 * "domainname", "md5_hash", "sha256_hash", "ipaddress", "FileHash-SHA256", ...), case-insensitively.
 * KQ_IOC_NONE when unknown. */
kq_ioc_type kq_ioc_type_parse(const char *s, size_t n);

/* Where one report of an indicator came from. */
typedef struct kq_ioc_source {
    const char *feed_file;   /* the feed file as given on the command line */
    int64_t feed_line;       /* line of the record in that file (0: unknown) */
    const char *provider;    /* "ThreatFox", "Feodo Tracker", "URLhaus", "MISP: ESET", "STIX: <identity>", file name for lists */
    const char *reference;   /* a URL about the indicator, "" if none */
    const char *external_id; /* the feed's id for it (ThreatFox ioc_id, MISP attribute uuid, STIX id) */
} kq_ioc_source;

typedef struct kq_indicator {
    kq_ioc_type type;
    const char *value;       /* normalised (see kq_ioc_normalize) */
    const char *raw;         /* as the feed wrote it */
    int port;                /* from ip:port or a URL, 0 if none; after kq_ioc_set_dedupe the port of
                                the primary report, else the first of ports */
    const int *ports;        /* every distinct port the reports gave, in order of first report */
    int nports;
    const char *threat_type; /* "botnet_cc", "payload_delivery", ... ("" if unknown); after
                                kq_ioc_set_dedupe every distinct one, joined by ", " */
    const char *malware;     /* family as printed by the feed ("Vidar"), "" if unknown; after
                                kq_ioc_set_dedupe every family of families, joined by ", " */
    const char *const *families; /* every distinct family (case-insensitively), first spelling */
    int nfamilies;
    const char *tags;        /* comma-separated; after kq_ioc_set_dedupe every distinct tag */
    const char *description;
    const char *tlp;         /* "white", "green", "amber", "red" or "" */
    int confidence;          /* 0..100, -1 when the feed says nothing */
    int64_t first_seen;      /* ticks, 0 unknown */
    int64_t last_seen;       /* ticks, 0 unknown */
    int64_t expires;         /* ticks, 0 none (valid_until, ExpirationDateTime) */
    int64_t valid_from;      /* ticks, 0 none: not hunted before then (STIX valid_from) */
    bool revoked;            /* STIX revoked, MISP deleted: never hunted */
    /* every report of this value (after kq_ioc_set_dedupe: all feeds that named it) */
    kq_ioc_source *sources;
    int nsources;
    int primary; /* the source whose first sighting is first_seen: its external id and reference
                    are the indicator's (ExternalIndicatorId, AdditionalInformation) */
} kq_indicator;

/* A value a feed gave that is not hunted, and why ("not a domain, URL, IP or hash", "private IP
 * address", "to_ids is false", ...). */
typedef struct kq_ioc_reject {
    const char *feed_file;
    int64_t feed_line;
    const char *value;  /* as written (may be long or binary: printers must escape it) */
    const char *reason;
} kq_ioc_reject;

typedef struct kq_ioc_set {
    kq_arena arena;
    kq_indicator *items;
    size_t n, cap;
    kq_ioc_reject *rejects;
    size_t nrejects, caprejects;
    /* problems with records whose indicators are kept (an unreadable date: the date is left out),
     * each with its file, line, the text at fault and what is wrong: not rejects */
    kq_ioc_reject *warnings;
    size_t nwarnings, capwarnings;
    size_t duplicates; /* records merged into an earlier indicator by kq_ioc_set_dedupe */
    /* an import option: MISP attributes whose to_ids is false or missing (context) are taken as
     * indicators too, tagged misp-context (kq hunt --misp-context) */
    bool misp_context;
} kq_ioc_set;

void kq_ioc_set_init(kq_ioc_set *s);
void kq_ioc_set_free(kq_ioc_set *s);

/* Copies n bytes into the set's arena (NUL-terminated). s may be NULL when n == 0. */
const char *kq_ioc_str(kq_ioc_set *s, const char *p, size_t n);
/* Same for a NUL-terminated string; NULL gives "". */
const char *kq_ioc_cstr(kq_ioc_set *s, const char *p);

/* Adds one indicator reported by a feed. The value [raw, raw+n) is refanged and normalised as
 * `hint` (KQ_IOC_NONE: the type is detected); when that fails the value is recorded as a reject
 * with the reason and false is returned. `meta` gives the context (its type, value, raw and
 * sources fields are ignored; strings in it are copied; its families, when it has any, are the
 * record's families, else its malware is the one); `src` is the report's origin (copied).
 * Both may be NULL. */
bool kq_ioc_set_add(kq_ioc_set *s, kq_ioc_type hint, const char *raw, size_t n,
                    const kq_indicator *meta, const kq_ioc_source *src);

/* Records a value that is not hunted, with its reason (all copied). */
void kq_ioc_set_reject(kq_ioc_set *s, const char *feed_file, int64_t feed_line, const char *value,
                       size_t n, const char *reason);

/* Records a problem with a record whose indicator is kept (all copied). */
void kq_ioc_set_warn(kq_ioc_set *s, const char *feed_file, int64_t feed_line, const char *value, size_t n,
                     const char *reason);

/* Merges indicators of equal (type, value) into the first of them: sources are concatenated,
 * the highest confidence and earliest first_seen are kept (primary names the report that gave
 * it; on a tie, or when no report has a date, the earlier report), last_seen becomes the latest
 * sighting (first or last seen) of any report when that is after first_seen, the latest explicit
 * expiry of any report is kept (none when no report gives one), the earliest valid_from (none
 * when a report has none), every distinct family, port, threat type and tag is kept, missing
 * context is filled from the later ones, and revoked wins only when every report is revoked.
 * Order of first appearance is kept. Counts merged records in s->duplicates. */
void kq_ioc_set_dedupe(kq_ioc_set *s);

/* Gives every indicator whose feed set no expiry one: its latest sighting (last seen when a feed
 * gives it, else first seen; `now` when neither is known) plus `validity` ticks; nothing when
 * validity is 0. An indicator still seen is still valid, however old its first sighting. Sentinel's TI rules need an expiry
 * (ExpirationDateTime > now()), and a feed's old indicators should age out of hunts. */
void kq_ioc_set_default_expiry(kq_ioc_set *s, int64_t now, int64_t validity);

/* Whether two malware family names are the same, case-insensitively as Kusto's =~ compares
 * (Unicode letters too: "Émotet" is "ÉMOTET"). */
bool kq_family_equals(const char *a, const char *b);
/* Whether the indicator names the malware family, compared case-insensitively (Kusto's =~);
 * "" is the family of indicators that name none. */
bool kq_ioc_has_family(const kq_indicator *ioc, const char *family);

#endif
