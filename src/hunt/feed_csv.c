/*
 * feed_csv.c - CSV indicator feeds whose columns are known by name: Sentinel's IOC feeds
 * (DateAdded,IoC,Type[,TLP]; IP_IOC_V1's ExpirationDateTime, Reference, ActivityGroupNames, Tags),
 * the MSTIC Exchange feed (Indicator, IndicatorType), Volexity (value, type|entity_type,
 * notes|description), Facebook (indicator_type, indicator_value, comment, ds), one-column lists
 * with a header (IPAddress, Domain), and the abuse.ch exports (ThreatFox, Feodo Tracker).
 * The column names, their roles and the reading of a record into an indicator are shared with
 * the JSON-records importer (feed_columns.h).
 *
 * The header is the first row when every cell is a column name, or else the last '#' comment line
 * before the data when it names as many columns as the first row has ("#ip,ioc", ThreatFox's
 * '# "first_seen_utc","ioc_id",...'). Its delimiter is the one of ',', ';' and tab that splits it
 * into the most known column names (',' when none does). Files without a header are recognised by
 * the shape of the first row (see headerless_layouts). A file with neither is read as a plain list
 * (kq_feed_list). A header that names no indicator column is an error, and so is one that lists
 * feeds to download (a Vendor and a Url column, no type: BertJanP's ThreatIntelFeeds.csv) - their
 * URLs are the feeds' own addresses, not indicators.
 *
 * When several columns could hold the value ("Address,url"), the one whose first value is an
 * indicator wins. Records are lines, except that a quoted field may hold line breaks (RFC 4180):
 * a record whose quote is still open at the end of its line goes on over the next lines when,
 * read strictly (quotes inside a quoted field doubled, a closing quote followed by the delimiter
 * or the end of a line), it closes within MAX_RECORD_LINES lines; its line is its first line.
 * Otherwise a quote left open rejects that line only. Within one line, a stray quote inside a
 * quoted field (one not followed by the delimiter or the line's end) is kept as written. Cells are trimmed
 * (spaces, tabs, no-break spaces); "None" and "null" are missing values. The abuse.ch exports
 * (ThreatFox, Feodo Tracker) write every column of every row, so a shorter row of theirs is
 * rejected as malformed; other feeds may leave trailing cells out. A "file" record whose
 * value is a list of hashes (Volexity's "sha256,sha1,md5") gives one indicator per hash. A URL
 * written without its scheme ("evil.com/x", as Volexity defangs) is read as "http://evil.com/x".
 * TLP levels are lower-cased without a "TLP:" prefix.
 */
#include "feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/datetime.h"
#include "../base/error.h"
#include "../base/json.h"
#include "feed_columns.h"
#include "normalize.h"

/* Column names (compared in lower case, letters and digits only), most telling first. */
static const struct {
    const char *name;
    kq_column_role role;
} column_names[] = {
    {"ioc", KQ_ROLE_VALUE}, {"iocvalue", KQ_ROLE_VALUE}, {"indicator", KQ_ROLE_VALUE},
    {"indicatorvalue", KQ_ROLE_VALUE}, {"value", KQ_ROLE_VALUE}, {"observable", KQ_ROLE_VALUE},
    {"ipaddress", KQ_ROLE_VALUE}, {"ip", KQ_ROLE_VALUE}, {"dstip", KQ_ROLE_VALUE}, {"networkip", KQ_ROLE_VALUE},
    {"address", KQ_ROLE_VALUE}, {"domain", KQ_ROLE_VALUE}, {"domainname", KQ_ROLE_VALUE},
    {"hostname", KQ_ROLE_VALUE}, {"host", KQ_ROLE_VALUE}, {"fqdn", KQ_ROLE_VALUE}, {"url", KQ_ROLE_VALUE},
    {"hash", KQ_ROLE_VALUE}, {"filehashvalue", KQ_ROLE_VALUE}, {"sha256", KQ_ROLE_VALUE},
    {"sha1", KQ_ROLE_VALUE}, {"md5", KQ_ROLE_VALUE}, {"email", KQ_ROLE_VALUE},
    {"type", KQ_ROLE_TYPE}, {"indicatortype", KQ_ROLE_TYPE}, {"ioctype", KQ_ROLE_TYPE},
    {"entitytype", KQ_ROLE_TYPE}, {"observabletype", KQ_ROLE_TYPE},
    {"firstseen", KQ_ROLE_FIRST_SEEN}, {"firstseenutc", KQ_ROLE_FIRST_SEEN}, {"dateadded", KQ_ROLE_FIRST_SEEN},
    {"date", KQ_ROLE_FIRST_SEEN}, {"ds", KQ_ROLE_FIRST_SEEN}, {"time", KQ_ROLE_FIRST_SEEN},
    {"timestamp", KQ_ROLE_FIRST_SEEN}, {"created", KQ_ROLE_FIRST_SEEN},
    {"lastseen", KQ_ROLE_LAST_SEEN}, {"lastseenutc", KQ_ROLE_LAST_SEEN}, {"lastonline", KQ_ROLE_LAST_SEEN},
    {"expirationdatetime", KQ_ROLE_EXPIRES}, {"expiration", KQ_ROLE_EXPIRES}, {"expires", KQ_ROLE_EXPIRES},
    {"validuntil", KQ_ROLE_EXPIRES},
    {"tags", KQ_ROLE_TAGS}, {"tag", KQ_ROLE_TAGS}, {"labels", KQ_ROLE_TAGS},
    {"tlp", KQ_ROLE_TLP}, {"trafficlightprotocollevel", KQ_ROLE_TLP},
    {"description", KQ_ROLE_DESCRIPTION}, {"notes", KQ_ROLE_DESCRIPTION}, {"note", KQ_ROLE_DESCRIPTION},
    {"comment", KQ_ROLE_DESCRIPTION}, {"comments", KQ_ROLE_DESCRIPTION},
    {"reference", KQ_ROLE_REFERENCE}, {"references", KQ_ROLE_REFERENCE}, {"tweeturl", KQ_ROLE_REFERENCE},
    {"urlhauslink", KQ_ROLE_REFERENCE}, {"sourceurl", KQ_ROLE_REFERENCE},
    {"malwareprintable", KQ_ROLE_MALWARE}, {"malware", KQ_ROLE_MALWARE}, {"malwarenames", KQ_ROLE_MALWARE},
    {"malwarefamily", KQ_ROLE_MALWARE}, {"family", KQ_ROLE_MALWARE}, {"fkmalware", KQ_ROLE_MALWARE},
    {"activitygroupnames", KQ_ROLE_ACTOR}, {"threatactor", KQ_ROLE_ACTOR}, {"actor", KQ_ROLE_ACTOR},
    {"threattype", KQ_ROLE_THREAT_TYPE}, {"threat", KQ_ROLE_THREAT_TYPE},
    {"confidence", KQ_ROLE_CONFIDENCE}, {"confidencelevel", KQ_ROLE_CONFIDENCE},
    {"confidencescore", KQ_ROLE_CONFIDENCE},
    {"port", KQ_ROLE_PORT}, {"dstport", KQ_ROLE_PORT},
    {"iocid", KQ_ROLE_EXTERNAL_ID}, {"indicatorid", KQ_ROLE_EXTERNAL_ID}, {"externalid", KQ_ROLE_EXTERNAL_ID},
    {"id", KQ_ROLE_EXTERNAL_ID},
    {"iscompromised", KQ_ROLE_COMPROMISED}, {"compromised", KQ_ROLE_COMPROMISED},
    {"vendor", KQ_ROLE_FEED_PUBLISHER}, {"feedname", KQ_ROLE_FEED_PUBLISHER}, {"feedprovider", KQ_ROLE_FEED_PUBLISHER},
};
enum { COLUMN_NAMES = sizeof column_names / sizeof column_names[0] };

/* Files without a header, told apart by their number of columns and an indicator type in the
 * type column of the first row. The names are read like a header row. */
static const struct {
    int columns;
    const char *header;
} headerless_layouts[] = {
    {6, "date,user,type,value,tags,tweet_url"},            /* TweetFeed week.csv, month.csv */
    {7, "time,value,type,tlp,source,threat,description"}, /* Microsoft.Covid19.Indicators.csv */
    {3, "value,type,notes"},                               /* a Volexity iocs.csv without header */
};

/* Feed spellings of types that kq_ioc_type_parse does not take (letters and digits only). */
static const struct {
    const char *spelling;
    kq_ioc_type type;
} extra_type_spellings[] = {
    {"emailsender", KQ_IOC_EMAIL},
    {"emailsrc", KQ_IOC_EMAIL},
};

enum { MAX_SHOWN = 200, MAX_RECORD_LINES = 1000 };

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

void kq_columns_trim(const char **p, size_t *n)
{
    for (;;) {
        if (*n && is_blank(**p)) (*p)++, (*n)--;
        else if (*n >= 2 && (unsigned char)(*p)[0] == 0xC2 && (unsigned char)(*p)[1] == 0xA0) *p += 2, *n -= 2;
        else break;
    }
    for (;;) {
        if (*n && is_blank((*p)[*n - 1])) (*n)--;
        else if (*n >= 2 && (unsigned char)(*p)[*n - 2] == 0xC2 && (unsigned char)(*p)[*n - 1] == 0xA0) *n -= 2;
        else break;
    }
}

/* ---- column names ---- */

/* Writes the letters and digits of a column name in lower case ("indicator_value" -> "indicatorvalue"). */
static void squeeze_name(const char *p, size_t n, char *out, size_t cap)
{
    size_t w = 0;
    for (size_t i = 0; i < n && w + 1 < cap; i++) {
        char c = p[i];
        if (c >= 'A' && c <= 'Z') out[w++] = (char)(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out[w++] = c;
    }
    out[w] = 0;
}

int kq_columns_known_id(const char *p, size_t n)
{
    char name[64];
    squeeze_name(p, n, name, sizeof name);
    for (int i = 0; i < COLUMN_NAMES; i++)
        if (strcmp(name, column_names[i].name) == 0) return i;
    return -1;
}

kq_columns_found kq_columns_map(const kq_column_name *names, int n, kq_column_map *map)
{
    int rank[KQ_ROLE__COUNT];
    for (int i = 0; i < KQ_ROLE__COUNT; i++) map->column[i] = rank[i] = -1;
    map->ncandidates = 0;
    map->value_hint = KQ_IOC_NONE;
    map->value_chosen = false;
    int candidate_rank[KQ_MAX_VALUE_CANDIDATES];
    for (int col = 0; col < n; col++) {
        const char *p = names[col].p;
        size_t len = names[col].n;
        kq_columns_trim(&p, &len);
        int known = kq_columns_known_id(p, len);
        if (known < 0) continue;
        kq_column_role role = column_names[known].role;
        if (role == KQ_ROLE_VALUE && map->ncandidates < KQ_MAX_VALUE_CANDIDATES) {
            /* insertion in order of the name's rank */
            int at = map->ncandidates++;
            while (at > 0 && candidate_rank[at - 1] > known) {
                candidate_rank[at] = candidate_rank[at - 1];
                map->candidates[at] = map->candidates[at - 1];
                map->candidate_hint[at] = map->candidate_hint[at - 1];
                at--;
            }
            candidate_rank[at] = known;
            map->candidates[at] = col;
            map->candidate_hint[at] = kq_ioc_type_parse(p, len);
        }
        if (rank[role] < 0 || known < rank[role]) {
            rank[role] = known;
            map->column[role] = col;
        }
    }
    if (!map->ncandidates) return KQ_COLUMNS_NO_VALUE;
    map->value_hint = map->candidate_hint[0];
    bool only_urls = true;
    for (int i = 0; i < map->ncandidates; i++) only_urls &= map->candidate_hint[i] == KQ_IOC_URL;
    if (map->column[KQ_ROLE_FEED_PUBLISHER] >= 0 && only_urls && map->column[KQ_ROLE_TYPE] < 0)
        return KQ_COLUMNS_FEED_LIST;
    return KQ_COLUMNS_INDICATORS;
}

kq_ioc_type kq_columns_parse_type(const char *type)
{
    kq_ioc_type t = kq_ioc_type_parse(type, strlen(type));
    if (t != KQ_IOC_NONE) return t;
    char squeezed[64];
    squeeze_name(type, strlen(type), squeezed, sizeof squeezed);
    t = kq_ioc_type_parse(squeezed, strlen(squeezed));
    for (size_t i = 0; t == KQ_IOC_NONE && i < sizeof extra_type_spellings / sizeof extra_type_spellings[0]; i++)
        if (strcmp(squeezed, extra_type_spellings[i].spelling) == 0) t = extra_type_spellings[i].type;
    return t;
}

/* ---- records ---- */

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

void kq_record_reader_init(kq_record_reader *r, kq_ioc_set *s, const char *path, kq_feed_stats *st)
{
    *r = (kq_record_reader){.set = s, .path = path, .provider = base_name(path), .st = st};
    kq_arena_init(&r->scratch, 1 << 14);
    kq_buf_init(&r->tags);
    kq_buf_init(&r->refanged);
}

void kq_record_reader_free(kq_record_reader *r)
{
    kq_arena_free(&r->scratch);
    kq_buf_free(&r->tags);
    kq_buf_free(&r->refanged);
}

char *kq_record_field(kq_record_reader *r, const char *p, size_t n)
{
    kq_columns_trim(&p, &n);
    if (n == 4 && (memcmp(p, "None", 4) == 0 || strncasecmp(p, "null", 4) == 0)) n = 0;
    return kq_arena_strdup(&r->scratch, p, n);
}

static const char *field(const char *const *fields, int nfields, int column)
{
    return column >= 0 && column < nfields ? fields[column] : "";
}

/* Whether the field is an indicator once refanged. */
static bool field_is_indicator(kq_record_reader *r, const char *text)
{
    kq_ioc_refang(text, strlen(text), &r->refanged);
    return r->refanged.len && kq_ioc_detect(r->refanged.p, r->refanged.len) != KQ_IOC_NONE;
}

void kq_record_choose_value(kq_record_reader *r, kq_column_map *map, const char *const *fields, int nfields)
{
    int pick = 0;
    for (int i = 0; i < map->ncandidates; i++)
        if (field_is_indicator(r, field(fields, nfields, map->candidates[i]))) {
            pick = i;
            break;
        }
    map->column[KQ_ROLE_VALUE] = map->candidates[pick];
    map->value_hint = map->candidate_hint[pick];
    map->value_chosen = true;
}

/* The date of a field, 0 when the field is empty or is no date. */
static int64_t parse_time(const char *text)
{
    int64_t ticks = 0;
    if (!*text) return 0;
    if (kq_dt_parse(text, strlen(text), &ticks)) return ticks;
    /* "1/21/21 13:34": a US date with a two-digit year (Sentinel's ExpirationDateTime) */
    int month, day, year, used = 0;
    if (sscanf(text, "%2d/%2d/%2d%n", &month, &day, &year, &used) == 3 && (text[used] == ' ' || !text[used])) {
        char expanded[64];
        snprintf(expanded, sizeof expanded, "%d/%d/20%02d%s", month, day, year, text + used);
        if (kq_dt_parse(expanded, strlen(expanded), &ticks)) return ticks;
    }
    return 0;
}

static int parse_int(const char *text, int lo, int hi, int missing)
{
    if (!*text) return missing;
    char *end;
    long v = strtol(text, &end, 10);
    return (*end == 0 && v >= lo && v <= hi) ? (int)v : missing;
}

/* Tags as a comma-separated list: a JSON array ("[""Barium"", ""APT41""]") is joined,
 * hashtags ("#phishing #Emotet") lose their '#'; "compromised" is added for a compromised host. */
static const char *normalize_tags(kq_record_reader *r, const char *tags, bool compromised)
{
    kq_buf *out = &r->tags;
    kq_buf_clear(out);
    kq_dyn array;
    size_t err_off;
    if (tags[0] == '[' && kq_json_parse(tags, strlen(tags), &r->scratch, &array, &err_off) &&
        array.kind == KQ_D_ARRAY) {
        for (uint32_t i = 0; i < array.n; i++)
            if (array.u.items[i].kind == KQ_D_STRING && array.u.items[i].n) {
                if (out->len) kq_buf_putc(out, ',');
                kq_buf_put(out, array.u.items[i].u.s, array.u.items[i].n);
            }
    } else if (tags[0] == '#') {
        for (const char *p = tags; *p;) {
            while (*p == '#' || *p == ' ' || *p == ',') p++;
            size_t len = strcspn(p, " ,");
            if (len) {
                if (out->len) kq_buf_putc(out, ',');
                kq_buf_put(out, p, len);
            }
            p += len;
        }
    } else {
        kq_buf_puts(out, tags);
    }
    if (compromised) kq_buf_puts(out, out->len ? ",compromised" : "compromised");
    return kq_buf_cstr(out);
}

/* "White", "TLP:AMBER" -> "white", "amber" (in the scratch arena). */
static const char *tlp_level(kq_record_reader *r, const char *tlp)
{
    if (strncasecmp(tlp, "tlp:", 4) == 0) tlp += 4;
    char *level = kq_arena_strdup(&r->scratch, tlp, strlen(tlp));
    for (char *c = level; *c; c++)
        if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
    return level;
}

static bool is_hex(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f') || (p[i] >= 'A' && p[i] <= 'F')))
            return false;
    return true;
}

/* "sha256,sha1,md5": several hashes of one file in one cell. */
static bool is_hash_list(const char *value)
{
    if (!strchr(value, ',')) return false;
    for (const char *p = value;;) {
        size_t len = strcspn(p, ",");
        const char *q = p;
        kq_columns_trim(&q, &len);
        if (!(len == 32 || len == 40 || len == 64) || !is_hex(q, len)) return false;
        p += strcspn(p, ",");
        if (!*p) return true;
        p++;
    }
}

/* The date of a record's field playing `role` (named for messages), 0 when empty; a date kq
 * cannot read is left out and recorded as a warning. */
static int64_t record_time(kq_record_reader *r, int64_t line, const char *text, const char *role)
{
    int64_t ticks = parse_time(text);
    if (ticks || !*text) return ticks;
    char reason[128];
    snprintf(reason, sizeof reason, "unreadable date '%.60s' in the %s column: left out", text, role);
    kq_ioc_set_warn(r->set, r->path, line, text, strlen(text), reason);
    r->st->warnings++;
    return 0;
}

static void add_value(kq_record_reader *r, kq_ioc_type hint, const char *p, size_t n,
                      const kq_indicator *meta, const kq_ioc_source *src)
{
    if (kq_ioc_set_add(r->set, hint, p, n, meta, src)) r->st->indicators++;
    else r->st->rejected++;
}

static void reject(kq_record_reader *r, int64_t line, const char *value, size_t n, const char *reason, bool skipped)
{
    kq_ioc_set_reject(r->set, r->path, line, value, n < MAX_SHOWN ? n : MAX_SHOWN, reason);
    if (skipped) r->st->skipped++;
    else r->st->rejected++;
}

void kq_record_reject(kq_record_reader *r, int64_t line, const char *raw, size_t raw_len, const char *reason)
{
    r->st->records++;
    reject(r, line, raw, raw_len, reason, false);
}

void kq_record_read(kq_record_reader *r, const kq_column_map *map, const char *const *fields, int nfields,
                    int64_t line, const char *raw, size_t raw_len)
{
    r->st->records++;
    const char *text[KQ_ROLE__COUNT]; /* each role's field */
    for (int role = 0; role < KQ_ROLE__COUNT; role++) text[role] = field(fields, nfields, map->column[role]);
    const char *value = text[KQ_ROLE_VALUE];
    const char *type = text[KQ_ROLE_TYPE];

    kq_indicator meta = {0};
    meta.threat_type = text[KQ_ROLE_THREAT_TYPE];
    meta.malware = *text[KQ_ROLE_MALWARE] ? text[KQ_ROLE_MALWARE] : text[KQ_ROLE_ACTOR];
    meta.description = text[KQ_ROLE_DESCRIPTION];
    meta.tlp = tlp_level(r, text[KQ_ROLE_TLP]);
    meta.confidence = parse_int(text[KQ_ROLE_CONFIDENCE], 0, 100, -1);
    meta.port = parse_int(text[KQ_ROLE_PORT], 0, 65535, 0);
    meta.first_seen = record_time(r, line, text[KQ_ROLE_FIRST_SEEN], "first seen");
    meta.last_seen = record_time(r, line, text[KQ_ROLE_LAST_SEEN], "last seen");
    meta.expires = record_time(r, line, text[KQ_ROLE_EXPIRES], "expiry");
    meta.tags = normalize_tags(r, text[KQ_ROLE_TAGS], strcasecmp(text[KQ_ROLE_COMPROMISED], "true") == 0);
    kq_ioc_source src = {
        .feed_file = r->path,
        .feed_line = line,
        .provider = r->provider,
        .reference = text[KQ_ROLE_REFERENCE],
        .external_id = text[KQ_ROLE_EXTERNAL_ID],
    };

    if (!*value) {
        reject(r, line, raw, raw_len, "record has no indicator value", false);
    } else if (is_hash_list(value)) {
        for (const char *p = value; *p;) {
            size_t len = strcspn(p, ",");
            add_value(r, KQ_IOC_NONE, p, len, &meta, &src);
            p += len + (p[len] == ',');
        }
    } else {
        kq_ioc_type hint = *type ? kq_columns_parse_type(type) : map->value_hint;
        if (*type && hint == KQ_IOC_NONE) {
            char reason[96];
            snprintf(reason, sizeof reason, "type '%.60s' is not hunted", type);
            reject(r, line, value, strlen(value), reason, true);
        } else {
            if (hint == KQ_IOC_URL && !strstr(value, "://")) { /* "evil.com/x", as Volexity writes */
                size_t len = strlen(value);
                char *with_scheme = kq_arena_alloc(&r->scratch, len + 8);
                memcpy(with_scheme, "http://", 7);
                memcpy(with_scheme + 7, value, len + 1);
                value = with_scheme;
            }
            add_value(r, hint, value, strlen(value), &meta, &src);
        }
    }
}

/* ---- CSV rows ---- */

typedef struct csv_field {
    const char *p;
    size_t n;
    bool doubled_quotes; /* "" inside a quoted field, to be read as " */
} csv_field;

typedef struct csv_row {
    csv_field *fields;
    int n, cap;
} csv_row;

typedef struct csv_reader {
    kq_record_reader records;
    char delimiter;
    csv_row row;   /* the current row (its storage is reused) */
    csv_row names; /* a header kept in a comment, or a header-less layout's names */
    int columns;   /* how many columns the header (or layout) names */
} csv_reader;

/* A space or tab around a field (a tab that is not the delimiter). */
static bool is_padding(char c, char delimiter)
{
    return is_blank(c) && c != delimiter;
}

static void push_field(csv_row *row, csv_field f)
{
    if (row->n == row->cap) {
        row->cap = row->cap ? row->cap * 2 : 32;
        row->fields = kq_xrealloc(row->fields, (size_t)row->cap * sizeof *row->fields);
    }
    row->fields[row->n++] = f;
}

static const char unterminated_quote[] = "malformed CSV record: unterminated quote";

/* Splits one line at the delimiter into row. Returns NULL, or the reason the line is malformed. */
static const char *split_row(csv_row *row, const char *p, size_t n, char delimiter)
{
    const char *end = p + n;
    row->n = 0;
    for (;;) {
        const char *start = p;
        while (p < end && is_padding(*p, delimiter)) p++;
        csv_field f = {start, 0, false};
        if (p < end && *p == '"') {
            const char *q = ++p;
            for (;; q++) {
                if (q >= end) return unterminated_quote;
                if (*q != '"') continue;
                if (q + 1 < end && q[1] == '"') {
                    f.doubled_quotes = true;
                    q++;
                    continue;
                }
                /* the closing quote is followed by the delimiter or the end of the line; any
                 * other quote is taken as written ("signed by "AirVPN"." in a Volexity note) */
                const char *after = q + 1;
                while (after < end && is_padding(*after, delimiter)) after++;
                if (after >= end || *after == delimiter) break;
            }
            f.p = p;
            f.n = (size_t)(q - p);
            p = q + 1;
            while (p < end && is_padding(*p, delimiter)) p++;
        } else {
            const char *stop = memchr(start, delimiter, (size_t)(end - start));
            p = stop ? stop : end;
            f.n = (size_t)(p - start);
        }
        push_field(row, f);
        if (p >= end) return NULL;
        p++; /* the delimiter */
    }
}

/* The end of a record from p whose quoted fields may hold line breaks, read as RFC 4180 has it: a
 * quote inside a quoted field is doubled, and a closing quote is followed by the delimiter or the
 * end of a line. *breaks counts the line breaks inside the record. NULL when a quote is still open
 * at the end of the text or after MAX_RECORD_LINES lines, or a closing quote is followed by other
 * text. */
static const char *quoted_record_end(const char *p, const char *end, char delimiter, int64_t *breaks)
{
    *breaks = 0;
    for (;;) {
        while (p < end && is_padding(*p, delimiter)) p++;
        if (p < end && *p == '"') {
            for (p++;; p++) {
                if (p >= end) return NULL;
                if (*p == '\n' && ++*breaks >= MAX_RECORD_LINES) return NULL;
                if (*p != '"') continue;
                if (p + 1 < end && p[1] == '"') {
                    p++;
                    continue;
                }
                break;
            }
            p++;
            while (p < end && (is_padding(*p, delimiter) || *p == '\r')) p++;
            if (p < end && *p != delimiter && *p != '\n') return NULL;
        } else {
            while (p < end && *p != delimiter && *p != '\n') p++;
        }
        if (p >= end || *p == '\n') return p;
        p++; /* the delimiter */
    }
}

/* A cell of the current row as text in the scratch arena; "" when absent or missing. */
static const char *cell(csv_reader *r, int column)
{
    if (column < 0 || column >= r->row.n) return "";
    csv_field f = r->row.fields[column];
    char *out = kq_record_field(&r->records, f.p, f.n);
    if (f.doubled_quotes) {
        char *w = out;
        for (const char *q = out; *q; q++) {
            *w++ = *q;
            if (q[0] == '"' && q[1] == '"') q++;
        }
        *w = 0;
    }
    return out;
}

/* Every cell of the current row, in the scratch arena. */
static const char *const *row_fields(csv_reader *r)
{
    const char **fields = kq_arena_alloc(&r->records.scratch, (size_t)(r->row.n ? r->row.n : 1) * sizeof *fields);
    for (int i = 0; i < r->row.n; i++) fields[i] = cell(r, i);
    return fields;
}

static bool row_is_empty(const csv_row *row)
{
    for (int i = 0; i < row->n; i++) {
        csv_field f = row->fields[i];
        kq_columns_trim(&f.p, &f.n);
        if (f.n) return false;
    }
    return true;
}

/* ---- the header ---- */

/* A cell that reads like a column name: a letter first, then letters, digits, spaces and
 * _ - / ( ); and not an indicator itself. Empty cells are allowed ("Keywords,"). */
static bool is_column_name(csv_field f)
{
    kq_columns_trim(&f.p, &f.n);
    if (f.n == 0) return true;
    char c0 = f.p[0];
    if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 == '_')) return false;
    for (size_t i = 0; i < f.n; i++) {
        char c = f.p[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && !strchr(" _-/()", c)) return false;
    }
    return kq_ioc_detect(f.p, f.n) == KQ_IOC_NONE;
}

static bool row_is_column_names(const csv_row *row)
{
    for (int i = 0; i < row->n; i++)
        if (!is_column_name(row->fields[i])) return false;
    return !row_is_empty(row);
}

static int count_known_names(const csv_row *row)
{
    int known = 0;
    for (int i = 0; i < row->n; i++) {
        csv_field f = row->fields[i];
        kq_columns_trim(&f.p, &f.n);
        known += kq_columns_known_id(f.p, f.n) >= 0;
    }
    return known;
}

char kq_csv_header_delimiter(const char *line, size_t n)
{
    static const char delimiters[] = {',', ';', '\t'};
    csv_row row = {0};
    char best = 0;
    int best_known = 0;
    for (size_t i = 0; i < sizeof delimiters; i++) {
        if (split_row(&row, line, n, delimiters[i]) || !row_is_column_names(&row)) continue;
        int known = count_known_names(&row);
        if (known > best_known) {
            best = delimiters[i];
            best_known = known;
        }
    }
    free(row.fields);
    return best;
}

/* Maps a row of column names to roles. */
static kq_columns_found map_header(csv_reader *r, const csv_row *header, kq_column_map *map)
{
    kq_arena_mark mark = kq_arena_save(&r->records.scratch);
    kq_column_name *names = kq_arena_alloc(&r->records.scratch, (size_t)(header->n ? header->n : 1) * sizeof *names);
    for (int i = 0; i < header->n; i++) names[i] = (kq_column_name){header->fields[i].p, header->fields[i].n};
    kq_columns_found found = kq_columns_map(names, header->n, map);
    kq_arena_rewind(&r->records.scratch, mark);
    return found;
}

/* Whether the current row matches a header-less layout; maps its columns when it does. */
static bool match_headerless_layout(csv_reader *r, kq_column_map *map)
{
    for (size_t i = 0; i < sizeof headerless_layouts / sizeof headerless_layouts[0]; i++) {
        if (headerless_layouts[i].columns != r->row.n) continue;
        const char *header = headerless_layouts[i].header;
        split_row(&r->names, header, strlen(header), ',');
        kq_column_map layout;
        map_header(r, &r->names, &layout);
        kq_arena_mark mark = kq_arena_save(&r->records.scratch);
        bool typed = kq_columns_parse_type(cell(r, layout.column[KQ_ROLE_TYPE])) != KQ_IOC_NONE;
        bool has_value = *cell(r, layout.candidates[0]) != 0;
        kq_arena_rewind(&r->records.scratch, mark);
        if (typed && has_value) {
            *map = layout;
            return true;
        }
    }
    return false;
}

/* ---- the file ---- */

typedef struct text_line {
    const char *p;
    size_t n;
    int64_t number;
} text_line;

/* The next line (without its line break and trailing carriage return); false at the end. */
static bool next_line(const char **pos, const char *end, int64_t *number, text_line *line)
{
    if (*pos >= end) return false;
    const char *p = *pos;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    line->p = p;
    line->n = (size_t)((nl ? nl : end) - p);
    line->number = ++*number;
    if (line->n && p[line->n - 1] == '\r') line->n--;
    *pos = nl ? nl + 1 : end;
    return true;
}

static bool is_comment(text_line l)
{
    return l.n && l.p[0] == '#';
}

static bool is_blank_line(text_line l)
{
    for (size_t i = 0; i < l.n; i++)
        if (!is_blank(l.p[i])) return false;
    return true;
}

/* Reads the header (or recognises a header-less layout) from the first lines and sets the
 * delimiter. On success *data is where the records start. Returns 1 when found, 0 when the file
 * is to be read as a list, -1 (err set) when the header names no indicator column or lists feeds. */
static int find_columns(csv_reader *r, const char *text, const char *end, kq_column_map *map,
                        const char **data, int64_t *data_line, kq_error *err)
{
    const char *pos = text;
    int64_t number = 0;
    text_line l, comment_header = {NULL, 0, 0}; /* the last comment line, without its '#' */
    while (next_line(&pos, end, &number, &l)) {
        if (is_comment(l)) {
            comment_header = (text_line){l.p + 1, l.n - 1, l.number};
            while (comment_header.n && is_blank(*comment_header.p)) comment_header.p++, comment_header.n--;
        }
        if (is_comment(l) || is_blank_line(l)) continue;
        r->delimiter = kq_csv_header_delimiter(l.p, l.n);
        if (!r->delimiter && comment_header.p) r->delimiter = kq_csv_header_delimiter(comment_header.p, comment_header.n);
        if (!r->delimiter) r->delimiter = ',';
        if (split_row(&r->row, l.p, l.n, r->delimiter)) return 0;
        if (row_is_column_names(&r->row)) {
            kq_columns_found found = map_header(r, &r->row, map);
            if (found == KQ_COLUMNS_INDICATORS) {
                *data = pos;
                *data_line = l.number;
                r->columns = r->row.n;
                return 1;
            }
            kq_error_input(err, KQ_ERR_INPUT, r->records.path, l.number, "the CSV header '%.*s' %s",
                           (int)(l.n < 120 ? l.n : 120), l.p,
                           found == KQ_COLUMNS_FEED_LIST
                               ? "describes a list of feeds (who publishes each and its URL), not "
                                 "indicators: load the feeds it links to instead"
                               : "names no indicator column (IoC, Indicator, value, ip, domain, url, "
                                 "hash, ...)");
            return -1;
        }
        *data = l.p;
        *data_line = l.number - 1;
        /* a header kept in a comment: "#ip,ioc", '# "first_seen_utc","ioc_id",...' */
        if (comment_header.p && !split_row(&r->names, comment_header.p, comment_header.n, r->delimiter) &&
            r->names.n == r->row.n && r->row.n >= 2 && row_is_column_names(&r->names) &&
            map_header(r, &r->names, map) == KQ_COLUMNS_INDICATORS) {
            r->columns = r->names.n;
            return 1;
        }
        if (!match_headerless_layout(r, map)) return 0;
        r->columns = r->names.n;
        return 1;
    }
    return 0;
}

int kq_feed_csv(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err)
{
    return kq_csv_read_feed(s, path, text, n, KQ_FEED_CSV, false, st, err);
}

/* The header a CSV format has, for the message that refuses a file without one. */
static const char *header_example(kq_feed_format as)
{
    switch (as) {
    case KQ_FEED_THREATFOX_CSV: return "ThreatFox CSV header ('# \"first_seen_utc\",\"ioc_id\",\"ioc_value\",...')";
    case KQ_FEED_FEODO_CSV: return "Feodo Tracker CSV header ('\"first_seen_utc\",\"dst_ip\",\"dst_port\",...')";
    default: return "CSV header naming an indicator column (IoC, Indicator, value, ip, domain, url, ...)";
    }
}

int kq_csv_read_feed(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_format as,
                     bool header_required, kq_feed_stats *st, kq_error *err)
{
    kq_feed_stats unused = {0};
    if (!st) st = &unused;
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3, n -= 3;
    const char *end = text + n;
    csv_reader r = {.delimiter = ','};
    kq_record_reader_init(&r.records, s, path, st);

    kq_column_map map;
    const char *pos = NULL;
    int64_t number = 0;
    int found = find_columns(&r, text, end, &map, &pos, &number, err);
    /* the abuse.ch exports write every column of every row: a shorter row is broken */
    bool whole_rows = as == KQ_FEED_THREATFOX_CSV || as == KQ_FEED_FEODO_CSV;
    if (found > 0) {
        text_line l;
        while (next_line(&pos, end, &number, &l)) {
            if (is_comment(l) || is_blank_line(l)) continue;
            const char *malformed = split_row(&r.row, l.p, l.n, r.delimiter);
            int64_t breaks;
            const char *stop = malformed == unterminated_quote
                                   ? quoted_record_end(l.p, end, r.delimiter, &breaks) : NULL;
            if (stop) { /* a quoted field holds line breaks: the record goes on to stop */
                l.n = (size_t)(stop - l.p);
                if (l.n && l.p[l.n - 1] == '\r') l.n--;
                pos = stop < end ? stop + 1 : end;
                number += breaks;
                malformed = split_row(&r.row, l.p, l.n, r.delimiter);
            }
            if (malformed) {
                kq_record_reject(&r.records, l.number, l.p, l.n, malformed);
                continue;
            }
            if (row_is_empty(&r.row)) continue;
            if (whole_rows && r.row.n < r.columns) {
                char reason[128];
                snprintf(reason, sizeof reason, "malformed %s record: %d cells where the header names %d",
                         kq_feed_format_name(as), r.row.n, r.columns);
                kq_record_reject(&r.records, l.number, l.p, l.n, reason);
                continue;
            }
            kq_arena_mark mark = kq_arena_save(&r.records.scratch);
            const char *const *fields = row_fields(&r);
            if (!map.value_chosen) kq_record_choose_value(&r.records, &map, fields, r.row.n);
            kq_record_read(&r.records, &map, fields, r.row.n, l.number, l.p, l.n);
            kq_arena_rewind(&r.records.scratch, mark);
        }
    }
    free(r.row.fields);
    free(r.names.fields);
    kq_record_reader_free(&r.records);
    if (found < 0) return KQ_ERR_INPUT;
    if (found == 0 && header_required) {
        kq_error_input(err, KQ_ERR_INPUT, path, 0,
                       "not in the %s format: it has no %s; it reads as a plain list (leave out "
                       "--feed-format to have the format recognised)",
                       kq_feed_format_name(as), header_example(as));
        return KQ_ERR_INPUT;
    }
    if (found == 0) {
        /* no header and no known layout: one value a line ("value, comment" lines included) */
        st->format = KQ_FEED_LIST;
        return kq_feed_list_sniffed(s, path, text, n, st, err);
    }
    return 0;
}
