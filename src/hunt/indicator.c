/*
 * indicator.c - the indicator set: collects what the feeds report, normalises each value once
 * (normalize.c), records rejects with their reasons, and merges reports of the same value so
 * that each indicator is hunted once while keeping every feed that named it.
 */
#include "indicator.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/buf.h"
#include "../match/match.h"
#include "normalize.h"

static const char *const type_names[KQ_IOC__COUNT] = {
    "", "domain", "url", "ipv4", "ipv6", "cidr", "md5", "sha1", "sha256", "email", "filename",
};

const char *kq_ioc_type_name(kq_ioc_type t)
{
    return (t > KQ_IOC_NONE && t < KQ_IOC__COUNT) ? type_names[t] : "unknown";
}

/* Feed spellings of indicator types, compared case-insensitively. */
static const struct {
    const char *spelling;
    kq_ioc_type type;
} type_spellings[] = {
    {"domain", KQ_IOC_DOMAIN},       {"domainname", KQ_IOC_DOMAIN},   {"domain-name", KQ_IOC_DOMAIN},
    {"hostname", KQ_IOC_DOMAIN},     {"host", KQ_IOC_DOMAIN},         {"fqdn", KQ_IOC_DOMAIN},
    {"url", KQ_IOC_URL},             {"uri", KQ_IOC_URL},             {"link", KQ_IOC_URL},
    {"ip", KQ_IOC_IPV4},             {"ipv4", KQ_IOC_IPV4},           {"ipv4-addr", KQ_IOC_IPV4},
    {"ipaddress", KQ_IOC_IPV4},      {"ip address", KQ_IOC_IPV4},     {"ip-dst", KQ_IOC_IPV4},
    {"ip-src", KQ_IOC_IPV4},         {"ip:port", KQ_IOC_IPV4},        {"networkip", KQ_IOC_IPV4},
    {"ipv6", KQ_IOC_IPV6},           {"ipv6-addr", KQ_IOC_IPV6},      {"cidr", KQ_IOC_CIDR},
    {"netblock", KQ_IOC_CIDR},       {"ip-range", KQ_IOC_CIDR},       {"md5", KQ_IOC_MD5},
    {"md5_hash", KQ_IOC_MD5},        {"filehash-md5", KQ_IOC_MD5},    {"sha1", KQ_IOC_SHA1},
    {"sha1_hash", KQ_IOC_SHA1},      {"filehash-sha1", KQ_IOC_SHA1},  {"sha-1", KQ_IOC_SHA1},
    {"sha256", KQ_IOC_SHA256},       {"sha256_hash", KQ_IOC_SHA256},  {"filehash-sha256", KQ_IOC_SHA256},
    {"sha-256", KQ_IOC_SHA256},      {"email", KQ_IOC_EMAIL},         {"email-addr", KQ_IOC_EMAIL},
    {"email-src", KQ_IOC_EMAIL},     {"email-dst", KQ_IOC_EMAIL},     {"emailaddress", KQ_IOC_EMAIL},
    {"filename", KQ_IOC_FILENAME},   {"file", KQ_IOC_FILENAME},       {"file name", KQ_IOC_FILENAME},
};

kq_ioc_type kq_ioc_type_parse(const char *s, size_t n)
{
    while (n > 0 && isspace((unsigned char)*s)) s++, n--;
    while (n > 0 && isspace((unsigned char)s[n - 1])) n--;
    for (size_t i = 0; i < sizeof type_spellings / sizeof type_spellings[0]; i++) {
        const char *w = type_spellings[i].spelling;
        if (strlen(w) == n && strncasecmp(w, s, n) == 0) return type_spellings[i].type;
    }
    return KQ_IOC_NONE;
}

void kq_ioc_set_init(kq_ioc_set *s)
{
    memset(s, 0, sizeof *s);
    kq_arena_init(&s->arena, 1 << 16);
}

void kq_ioc_set_free(kq_ioc_set *s)
{
    kq_arena_free(&s->arena);
    free(s->items);
    free(s->rejects);
    free(s->warnings);
    memset(s, 0, sizeof *s);
}

const char *kq_ioc_str(kq_ioc_set *s, const char *p, size_t n)
{
    if (n == 0) return "";
    return kq_arena_strdup(&s->arena, p, n);
}

const char *kq_ioc_cstr(kq_ioc_set *s, const char *p)
{
    return p ? kq_ioc_str(s, p, strlen(p)) : "";
}

/* Appends a note (a reject or a warning) to the list *notes of *count entries and *cap slots. */
static void add_note(kq_ioc_set *s, kq_ioc_reject **notes, size_t *count, size_t *cap, const char *feed_file,
                     int64_t feed_line, const char *value, size_t n, const char *reason)
{
    if (*count == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *notes = kq_xrealloc(*notes, *cap * sizeof **notes);
    }
    kq_ioc_reject *r = &(*notes)[(*count)++];
    r->feed_file = kq_ioc_cstr(s, feed_file);
    r->feed_line = feed_line;
    r->value = kq_ioc_str(s, value, value ? n : 0);
    r->reason = kq_ioc_cstr(s, reason);
}

void kq_ioc_set_reject(kq_ioc_set *s, const char *feed_file, int64_t feed_line, const char *value,
                       size_t n, const char *reason)
{
    add_note(s, &s->rejects, &s->nrejects, &s->caprejects, feed_file, feed_line, value, n, reason);
}

void kq_ioc_set_warn(kq_ioc_set *s, const char *feed_file, int64_t feed_line, const char *value, size_t n,
                     const char *reason)
{
    add_note(s, &s->warnings, &s->nwarnings, &s->capwarnings, feed_file, feed_line, value, n, reason);
}

bool kq_ioc_set_add(kq_ioc_set *s, kq_ioc_type hint, const char *raw, size_t n,
                    const kq_indicator *meta, const kq_ioc_source *src)
{
    static __thread kq_buf canonical; /* reused across calls: no allocation per record */
    int port = 0;
    const char *reason = NULL;
    kq_ioc_type t = kq_ioc_normalize(hint, raw, n, &canonical, &port, &reason);
    if (t == KQ_IOC_NONE) {
        kq_ioc_set_reject(s, src ? src->feed_file : "", src ? src->feed_line : 0, raw, n,
                          reason ? reason : "not an indicator kq hunts");
        return false;
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->items = kq_xrealloc(s->items, s->cap * sizeof *s->items);
    }
    kq_indicator *ioc = &s->items[s->n++];
    memset(ioc, 0, sizeof *ioc);
    ioc->type = t;
    ioc->value = kq_ioc_str(s, canonical.p, canonical.len);
    ioc->raw = kq_ioc_str(s, raw, n);
    ioc->port = port;
    ioc->confidence = -1;
    ioc->threat_type = ioc->malware = ioc->tags = ioc->description = ioc->tlp = "";
    if (meta) {
        if (meta->port && !port) ioc->port = meta->port;
        ioc->threat_type = kq_ioc_cstr(s, meta->threat_type);
        ioc->malware = kq_ioc_cstr(s, meta->malware);
        ioc->tags = kq_ioc_cstr(s, meta->tags);
        ioc->description = kq_ioc_cstr(s, meta->description);
        ioc->tlp = kq_ioc_cstr(s, meta->tlp);
        ioc->confidence = meta->confidence;
        ioc->first_seen = meta->first_seen;
        ioc->last_seen = meta->last_seen;
        ioc->expires = meta->expires;
        ioc->valid_from = meta->valid_from;
        ioc->revoked = meta->revoked;
    }
    kq_ioc_source *copy = kq_arena_zalloc(&s->arena, sizeof *copy);
    copy->provider = copy->reference = copy->external_id = copy->feed_file = "";
    if (src) {
        copy->feed_file = kq_ioc_cstr(s, src->feed_file);
        copy->feed_line = src->feed_line;
        copy->provider = kq_ioc_cstr(s, src->provider);
        copy->reference = kq_ioc_cstr(s, src->reference);
        copy->external_id = kq_ioc_cstr(s, src->external_id);
    }
    ioc->sources = copy;
    ioc->nsources = 1;
    if (meta && meta->nfamilies > 0) { /* a feed that lists several families for one record */
        const char **family = kq_arena_alloc(&s->arena, (size_t)meta->nfamilies * sizeof *family);
        for (int i = 0; i < meta->nfamilies; i++) family[ioc->nfamilies++] = kq_ioc_cstr(s, meta->families[i]);
        ioc->families = family;
    } else if (ioc->malware[0]) {
        const char **family = kq_arena_alloc(&s->arena, sizeof *family);
        family[0] = ioc->malware;
        ioc->families = family;
        ioc->nfamilies = 1;
    }
    if (ioc->port) {
        int *one = kq_arena_alloc(&s->arena, sizeof *one);
        one[0] = ioc->port;
        ioc->ports = one;
        ioc->nports = 1;
    }
    return true;
}

bool kq_family_equals(const char *a, const char *b)
{
    return kq_equals(a, strlen(a), b, strlen(b), false);
}

bool kq_ioc_has_family(const kq_indicator *ioc, const char *family)
{
    if (!family[0]) return ioc->nfamilies == 0;
    for (int i = 0; i < ioc->nfamilies; i++)
        if (kq_family_equals(ioc->families[i], family)) return true;
    return false;
}

/* ---- de-duplication: a hash table keyed by (type, value) ---- */

static uint64_t key_hash(kq_ioc_type t, const char *v)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)t;
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) h = (h ^ *p) * 1099511628211ull;
    return h;
}

/* Whether the comma-separated list holds the item [p, p+n), case-insensitively. */
static bool list_has(const char *list, const char *p, size_t n)
{
    while (*list) {
        while (*list == ' ' || *list == ',') list++;
        size_t len = strcspn(list, ",");
        while (len && list[len - 1] == ' ') len--;
        if (len == n && len && strncasecmp(list, p, n) == 0) return true;
        list += strcspn(list, ",");
    }
    return false;
}

/* `list` with every comma-separated item of `more` it lacks appended after `separator`. */
static const char *join_distinct(kq_ioc_set *s, const char *list, const char *more, const char *separator)
{
    kq_buf out;
    kq_buf_init(&out);
    kq_buf_puts(&out, list);
    bool added = false;
    for (const char *p = more; *p;) {
        while (*p == ' ' || *p == ',') p++;
        size_t n = strcspn(p, ",");
        while (n && p[n - 1] == ' ') n--;
        if (n && !list_has(kq_buf_cstr(&out), p, n)) {
            if (out.len) kq_buf_puts(&out, separator);
            kq_buf_put(&out, p, n);
            added = true;
        }
        p += strcspn(p, ",");
    }
    const char *joined = added ? kq_ioc_str(s, out.p, out.len) : list;
    kq_buf_free(&out);
    return joined;
}

static void merge_families(kq_ioc_set *s, kq_indicator *keep, const kq_indicator *dup)
{
    const char **all = kq_arena_alloc(&s->arena, (size_t)(keep->nfamilies + dup->nfamilies + 1) * sizeof *all);
    int n = keep->nfamilies;
    if (n) memcpy(all, keep->families, (size_t)n * sizeof *all);
    for (int i = 0; i < dup->nfamilies; i++)
        if (!kq_ioc_has_family(keep, dup->families[i])) all[n++] = dup->families[i];
    if (n == keep->nfamilies) return;
    keep->families = all;
    keep->nfamilies = n;
    kq_buf joined;
    kq_buf_init(&joined);
    for (int i = 0; i < n; i++) {
        if (i) kq_buf_puts(&joined, ", ");
        kq_buf_puts(&joined, all[i]);
    }
    keep->malware = kq_ioc_str(s, joined.p, joined.len);
    kq_buf_free(&joined);
}

static void merge_ports(kq_ioc_set *s, kq_indicator *keep, const kq_indicator *dup)
{
    int *all = kq_arena_alloc(&s->arena, (size_t)(keep->nports + dup->nports + 1) * sizeof *all);
    int n = keep->nports;
    if (n) memcpy(all, keep->ports, (size_t)n * sizeof *all);
    for (int i = 0; i < dup->nports; i++) {
        bool seen = false;
        for (int k = 0; k < n && !seen; k++) seen = all[k] == dup->ports[i];
        if (!seen) all[n++] = dup->ports[i];
    }
    keep->ports = all;
    keep->nports = n;
}

/* The latest date the indicator's reports say it was seen (last seen, else first seen), 0 if none. */
static int64_t latest_sighting(const kq_indicator *ioc)
{
    return ioc->last_seen > ioc->first_seen ? ioc->last_seen : ioc->first_seen;
}

static void merge_into(kq_ioc_set *s, kq_indicator *keep, const kq_indicator *dup)
{
    kq_ioc_source *all = kq_arena_alloc(&s->arena, (size_t)(keep->nsources + dup->nsources) * sizeof *all);
    memcpy(all, keep->sources, (size_t)keep->nsources * sizeof *all);
    memcpy(all + keep->nsources, dup->sources, (size_t)dup->nsources * sizeof *all);
    int64_t latest = latest_sighting(keep) > latest_sighting(dup) ? latest_sighting(keep) : latest_sighting(dup);
    bool earlier = dup->first_seen && (!keep->first_seen || dup->first_seen < keep->first_seen);
    if (earlier) {
        keep->first_seen = dup->first_seen;
        keep->primary = keep->nsources + dup->primary;
    }
    keep->sources = all;
    keep->nsources += dup->nsources;
    if (dup->confidence > keep->confidence) keep->confidence = dup->confidence;
    /* a later record's first sighting is a later sighting of the indicator: the default expiry
     * runs from it */
    if (latest > keep->first_seen) keep->last_seen = latest;
    /* the latest explicit expiry any report gives; none when no report gives one */
    if (dup->expires > keep->expires) keep->expires = dup->expires;
    /* ... and is valid as soon as any report makes it valid */
    if (!dup->valid_from || !keep->valid_from) keep->valid_from = 0;
    else if (dup->valid_from < keep->valid_from) keep->valid_from = dup->valid_from;
    keep->revoked = keep->revoked && dup->revoked;
    merge_ports(s, keep, dup);
    /* the port of the primary report, else the first one given */
    if (earlier && dup->port) keep->port = dup->port;
    else if (earlier || !keep->port) keep->port = keep->nports ? keep->ports[0] : 0;
    merge_families(s, keep, dup);
    keep->threat_type = join_distinct(s, keep->threat_type, dup->threat_type, ", ");
    keep->tags = join_distinct(s, keep->tags, dup->tags, ",");
    if (!keep->description[0]) keep->description = dup->description;
    if (!keep->tlp[0]) keep->tlp = dup->tlp;
}

void kq_ioc_set_dedupe(kq_ioc_set *s)
{
    if (s->n < 2) return;
    size_t cap = 16;
    while (cap < s->n * 2) cap <<= 1;
    size_t *slots = kq_xcalloc(cap, sizeof *slots); /* index + 1 into the kept items, 0 = free */
    size_t kept = 0;
    for (size_t i = 0; i < s->n; i++) {
        kq_indicator *cur = &s->items[i];
        size_t h = (size_t)key_hash(cur->type, cur->value) & (cap - 1);
        for (;;) {
            if (!slots[h]) {
                if (kept != i) s->items[kept] = *cur;
                slots[h] = ++kept;
                break;
            }
            kq_indicator *other = &s->items[slots[h] - 1];
            if (other->type == cur->type && strcmp(other->value, cur->value) == 0) {
                merge_into(s, other, cur);
                s->duplicates++;
                break;
            }
            h = (h + 1) & (cap - 1);
        }
    }
    s->n = kept;
    free(slots);
}

void kq_ioc_set_default_expiry(kq_ioc_set *s, int64_t now, int64_t validity)
{
    if (validity <= 0) return;
    for (size_t i = 0; i < s->n; i++) {
        kq_indicator *ioc = &s->items[i];
        int64_t latest = latest_sighting(ioc);
        if (!ioc->expires) ioc->expires = (latest ? latest : now) + validity;
    }
}
