/*
 * feed_csv.c - CSV indicator feeds whose columns are known by name: Sentinel's IOC feeds
 * (DateAdded,IoC,Type[,TLP]; IP_IOC_V1's ExpirationDateTime, Reference, ActivityGroupNames, Tags),
 * the MSTIC Exchange feed (Indicator, IndicatorType), Volexity (value, type|entity_type,
 * notes|description), Facebook (indicator_type, indicator_value, comment, ds), one-column lists
 * with a header (IPAddress, Domain), and the abuse.ch exports (ThreatFox, Feodo Tracker).
 *
 * The header is the first row when every cell is a column name, or else the last '#' comment line
 * before the data when it names as many columns as the first row has ("#ip,ioc", ThreatFox's
 * '# "first_seen_utc","ioc_id",...'). Files without a header are recognised by the shape of the
 * first row (see headerless_layouts). A file with neither is read as a plain list (kq_feed_list);
 * a header that names no indicator column is an error.
 *
 * When several columns could hold the value ("Address,url"), the one whose first value is an
 * indicator wins. Records are lines: a quoted field may hold commas and doubled quotes but not a
 * line break, so a quote left open rejects that line only; a stray quote inside a quoted field
 * (one not followed by a comma or the line's end) is kept as written. Cells are trimmed (spaces,
 * tabs, no-break spaces); "None" and "null" are missing values. A "file" record whose value is a
 * list of hashes (Volexity's "sha256,sha1,md5") gives one indicator per hash. A URL written
 * without its scheme ("evil.com/x", as Volexity defangs) is read as "http://evil.com/x". TLP
 * levels are lower-cased without a "TLP:" prefix.
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
#include "normalize.h"

typedef enum column_role {
    ROLE_VALUE,
    ROLE_TYPE,
    ROLE_FIRST_SEEN,
    ROLE_LAST_SEEN,
    ROLE_EXPIRES,
    ROLE_TAGS,
    ROLE_TLP,
    ROLE_DESCRIPTION,
    ROLE_REFERENCE,
    ROLE_MALWARE,
    ROLE_ACTOR, /* the malware when there is no malware column */
    ROLE_THREAT_TYPE,
    ROLE_CONFIDENCE,
    ROLE_PORT,
    ROLE_EXTERNAL_ID,
    ROLE_COMPROMISED,
    ROLE__COUNT
} column_role;

/* Column names (compared in lower case, letters and digits only), most telling first. */
static const struct {
    const char *name;
    column_role role;
} column_names[] = {
    {"ioc", ROLE_VALUE}, {"iocvalue", ROLE_VALUE}, {"indicator", ROLE_VALUE},
    {"indicatorvalue", ROLE_VALUE}, {"value", ROLE_VALUE}, {"observable", ROLE_VALUE},
    {"ipaddress", ROLE_VALUE}, {"ip", ROLE_VALUE}, {"dstip", ROLE_VALUE}, {"networkip", ROLE_VALUE},
    {"address", ROLE_VALUE}, {"domain", ROLE_VALUE}, {"domainname", ROLE_VALUE},
    {"hostname", ROLE_VALUE}, {"host", ROLE_VALUE}, {"fqdn", ROLE_VALUE}, {"url", ROLE_VALUE},
    {"hash", ROLE_VALUE}, {"filehashvalue", ROLE_VALUE}, {"sha256", ROLE_VALUE},
    {"sha1", ROLE_VALUE}, {"md5", ROLE_VALUE}, {"email", ROLE_VALUE},
    {"type", ROLE_TYPE}, {"indicatortype", ROLE_TYPE}, {"ioctype", ROLE_TYPE},
    {"entitytype", ROLE_TYPE}, {"observabletype", ROLE_TYPE},
    {"firstseen", ROLE_FIRST_SEEN}, {"firstseenutc", ROLE_FIRST_SEEN}, {"dateadded", ROLE_FIRST_SEEN},
    {"date", ROLE_FIRST_SEEN}, {"ds", ROLE_FIRST_SEEN}, {"time", ROLE_FIRST_SEEN},
    {"timestamp", ROLE_FIRST_SEEN}, {"created", ROLE_FIRST_SEEN},
    {"lastseen", ROLE_LAST_SEEN}, {"lastseenutc", ROLE_LAST_SEEN}, {"lastonline", ROLE_LAST_SEEN},
    {"expirationdatetime", ROLE_EXPIRES}, {"expiration", ROLE_EXPIRES}, {"expires", ROLE_EXPIRES},
    {"validuntil", ROLE_EXPIRES},
    {"tags", ROLE_TAGS}, {"tag", ROLE_TAGS}, {"labels", ROLE_TAGS},
    {"tlp", ROLE_TLP}, {"trafficlightprotocollevel", ROLE_TLP},
    {"description", ROLE_DESCRIPTION}, {"notes", ROLE_DESCRIPTION}, {"note", ROLE_DESCRIPTION},
    {"comment", ROLE_DESCRIPTION}, {"comments", ROLE_DESCRIPTION},
    {"reference", ROLE_REFERENCE}, {"references", ROLE_REFERENCE}, {"tweeturl", ROLE_REFERENCE},
    {"urlhauslink", ROLE_REFERENCE}, {"sourceurl", ROLE_REFERENCE},
    {"malwareprintable", ROLE_MALWARE}, {"malware", ROLE_MALWARE}, {"malwarenames", ROLE_MALWARE},
    {"malwarefamily", ROLE_MALWARE}, {"family", ROLE_MALWARE}, {"fkmalware", ROLE_MALWARE},
    {"activitygroupnames", ROLE_ACTOR}, {"threatactor", ROLE_ACTOR}, {"actor", ROLE_ACTOR},
    {"threattype", ROLE_THREAT_TYPE}, {"threat", ROLE_THREAT_TYPE},
    {"confidence", ROLE_CONFIDENCE}, {"confidencelevel", ROLE_CONFIDENCE},
    {"confidencescore", ROLE_CONFIDENCE},
    {"port", ROLE_PORT}, {"dstport", ROLE_PORT},
    {"iocid", ROLE_EXTERNAL_ID}, {"indicatorid", ROLE_EXTERNAL_ID}, {"id", ROLE_EXTERNAL_ID},
    {"iscompromised", ROLE_COMPROMISED}, {"compromised", ROLE_COMPROMISED},
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

enum { MAX_VALUE_CANDIDATES = 8, MAX_SHOWN = 200 };

typedef struct csv_field {
    const char *p;
    size_t n;
    bool doubled_quotes; /* "" inside a quoted field, to be read as " */
} csv_field;

typedef struct column_map {
    int column[ROLE__COUNT]; /* -1 when absent */
    int candidates[MAX_VALUE_CANDIDATES]; /* columns that may hold the value, most telling first */
    kq_ioc_type candidate_hint[MAX_VALUE_CANDIDATES]; /* the type a candidate's name implies */
    int ncandidates;
    kq_ioc_type value_hint; /* from the value column's name, when there is no type column */
    bool value_chosen;
} column_map;

typedef struct csv_row {
    csv_field *fields;
    int n, cap;
} csv_row;

typedef struct csv_reader {
    kq_ioc_set *set;
    const char *path;
    const char *provider;
    kq_feed_stats *st;
    csv_row row;   /* the current row (its storage is reused) */
    csv_row names; /* a header kept in a comment, or a header-less layout's names */
    kq_arena scratch; /* one record's texts; rewound after each record */
    kq_buf tags, refanged;
} csv_reader;

/* ---- splitting ---- */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static void push_field(csv_row *row, csv_field f)
{
    if (row->n == row->cap) {
        row->cap = row->cap ? row->cap * 2 : 32;
        row->fields = kq_xrealloc(row->fields, (size_t)row->cap * sizeof *row->fields);
    }
    row->fields[row->n++] = f;
}

/* Splits one line into row. Returns NULL, or the reason the line is malformed. */
static const char *split_row(csv_row *row, const char *p, size_t n)
{
    const char *end = p + n;
    row->n = 0;
    for (;;) {
        const char *start = p;
        while (p < end && is_blank(*p)) p++;
        csv_field f = {start, 0, false};
        if (p < end && *p == '"') {
            const char *q = ++p;
            for (;; q++) {
                if (q >= end) return "malformed CSV record: unterminated quote";
                if (*q != '"') continue;
                if (q + 1 < end && q[1] == '"') {
                    f.doubled_quotes = true;
                    q++;
                    continue;
                }
                /* the closing quote is followed by a comma or the end of the line; any other
                 * quote is taken as written ("signed by "AirVPN"." in a Volexity note) */
                const char *after = q + 1;
                while (after < end && is_blank(*after)) after++;
                if (after >= end || *after == ',') break;
            }
            f.p = p;
            f.n = (size_t)(q - p);
            p = q + 1;
            while (p < end && is_blank(*p)) p++;
        } else {
            const char *comma = memchr(start, ',', (size_t)(end - start));
            p = comma ? comma : end;
            f.n = (size_t)(p - start);
        }
        push_field(row, f);
        if (p >= end) return NULL;
        p++; /* the comma */
    }
}

/* Trims spaces, tabs and no-break spaces (U+00A0) from both ends of [*p, *p + *n). */
static void trim_cell(const char **p, size_t *n)
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

/* A cell of the current row as text in the scratch arena; "" when absent or missing. */
static const char *cell(csv_reader *r, int column)
{
    if (column < 0 || column >= r->row.n) return "";
    csv_field f = r->row.fields[column];
    trim_cell(&f.p, &f.n);
    if ((f.n == 4 && memcmp(f.p, "None", 4) == 0) || (f.n == 4 && strncasecmp(f.p, "null", 4) == 0))
        return "";
    char *out = kq_arena_strdup(&r->scratch, f.p, f.n);
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

static bool row_is_empty(const csv_row *row)
{
    for (int i = 0; i < row->n; i++) {
        csv_field f = row->fields[i];
        trim_cell(&f.p, &f.n);
        if (f.n) return false;
    }
    return true;
}

/* ---- the header ---- */

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

/* Index of a column name in column_names, -1 when unknown. */
static int known_column(const char *p, size_t n)
{
    char name[64];
    squeeze_name(p, n, name, sizeof name);
    for (int i = 0; i < COLUMN_NAMES; i++)
        if (strcmp(name, column_names[i].name) == 0) return i;
    return -1;
}

/* A cell that reads like a column name: a letter first, then letters, digits, spaces and
 * _ - / ( ); and not an indicator itself. Empty cells are allowed ("Keywords,"). */
static bool is_column_name(csv_field f)
{
    trim_cell(&f.p, &f.n);
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

/* Maps a header row to roles. Returns whether it names a value column. */
static bool map_columns(const csv_row *header, column_map *map)
{
    int rank[ROLE__COUNT];
    for (int i = 0; i < ROLE__COUNT; i++) map->column[i] = rank[i] = -1;
    map->ncandidates = 0;
    map->value_hint = KQ_IOC_NONE;
    map->value_chosen = false;
    int candidate_rank[MAX_VALUE_CANDIDATES];
    for (int col = 0; col < header->n; col++) {
        csv_field f = header->fields[col];
        trim_cell(&f.p, &f.n);
        int known = known_column(f.p, f.n);
        if (known < 0) continue;
        column_role role = column_names[known].role;
        if (role == ROLE_VALUE && map->ncandidates < MAX_VALUE_CANDIDATES) {
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
            map->candidate_hint[at] = kq_ioc_type_parse(f.p, f.n);
        }
        if (rank[role] < 0 || known < rank[role]) {
            rank[role] = known;
            map->column[role] = col;
        }
    }
    if (map->ncandidates) map->value_hint = map->candidate_hint[0];
    return map->ncandidates > 0;
}

/* Whether the cell is an indicator once refanged. */
static bool cell_is_indicator(csv_reader *r, int column)
{
    if (column < 0 || column >= r->row.n) return false;
    csv_field f = r->row.fields[column];
    trim_cell(&f.p, &f.n);
    kq_ioc_refang(f.p, f.n, &r->refanged);
    return r->refanged.len && kq_ioc_detect(r->refanged.p, r->refanged.len) != KQ_IOC_NONE;
}

/* Of the columns that may hold the value, takes the first whose value in the current (first
 * data) row is an indicator; the most telling name when none is. */
static void choose_value_column(csv_reader *r, column_map *map)
{
    int pick = 0;
    for (int i = 0; i < map->ncandidates; i++)
        if (cell_is_indicator(r, map->candidates[i])) {
            pick = i;
            break;
        }
    map->column[ROLE_VALUE] = map->candidates[pick];
    map->value_hint = map->candidate_hint[pick];
    map->value_chosen = true;
}

/* The type named by a feed ("domainname", "domain_name", "FileHash-SHA256", "email-sender");
 * KQ_IOC_NONE when kq does not hunt it. */
static kq_ioc_type parse_feed_type(const char *type)
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

/* Whether the current row matches a header-less layout; maps its columns when it does. */
static bool match_headerless_layout(csv_reader *r, column_map *map)
{
    for (size_t i = 0; i < sizeof headerless_layouts / sizeof headerless_layouts[0]; i++) {
        if (headerless_layouts[i].columns != r->row.n) continue;
        const char *header = headerless_layouts[i].header;
        split_row(&r->names, header, strlen(header));
        column_map layout;
        map_columns(&r->names, &layout);
        kq_arena_mark mark = kq_arena_save(&r->scratch);
        bool typed = parse_feed_type(cell(r, layout.column[ROLE_TYPE])) != KQ_IOC_NONE;
        bool has_value = *cell(r, layout.candidates[0]) != 0;
        kq_arena_rewind(&r->scratch, mark);
        if (typed && has_value) {
            *map = layout;
            return true;
        }
    }
    return false;
}

/* ---- records ---- */

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
static const char *normalize_tags(csv_reader *r, const char *tags, bool compromised)
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
static const char *tlp_level(csv_reader *r, const char *tlp)
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
        trim_cell(&q, &len);
        if (!(len == 32 || len == 40 || len == 64) || !is_hex(q, len)) return false;
        p += strcspn(p, ",");
        if (!*p) return true;
        p++;
    }
}

static void add_value(csv_reader *r, kq_ioc_type hint, const char *p, size_t n,
                      const kq_indicator *meta, const kq_ioc_source *src)
{
    if (kq_ioc_set_add(r->set, hint, p, n, meta, src)) r->st->indicators++;
    else r->st->rejected++;
}

static void reject(csv_reader *r, int64_t line, const char *value, size_t n, const char *reason, bool skipped)
{
    kq_ioc_set_reject(r->set, r->path, line, value, n < MAX_SHOWN ? n : MAX_SHOWN, reason);
    if (skipped) r->st->skipped++;
    else r->st->rejected++;
}

static void read_record(csv_reader *r, const column_map *map, int64_t line, const char *row, size_t row_len)
{
    r->st->records++;
    kq_arena_mark mark = kq_arena_save(&r->scratch);
    const int *col = map->column;
    const char *value = cell(r, col[ROLE_VALUE]);
    const char *type = cell(r, col[ROLE_TYPE]);
    const char *malware = cell(r, col[ROLE_MALWARE]);

    kq_indicator meta = {0};
    meta.threat_type = cell(r, col[ROLE_THREAT_TYPE]);
    meta.malware = *malware ? malware : cell(r, col[ROLE_ACTOR]);
    meta.description = cell(r, col[ROLE_DESCRIPTION]);
    meta.tlp = tlp_level(r, cell(r, col[ROLE_TLP]));
    meta.confidence = parse_int(cell(r, col[ROLE_CONFIDENCE]), 0, 100, -1);
    meta.port = parse_int(cell(r, col[ROLE_PORT]), 0, 65535, 0);
    meta.first_seen = parse_time(cell(r, col[ROLE_FIRST_SEEN]));
    meta.last_seen = parse_time(cell(r, col[ROLE_LAST_SEEN]));
    meta.expires = parse_time(cell(r, col[ROLE_EXPIRES]));
    meta.tags = normalize_tags(r, cell(r, col[ROLE_TAGS]), strcasecmp(cell(r, col[ROLE_COMPROMISED]), "true") == 0);
    kq_ioc_source src = {
        .feed_file = r->path,
        .feed_line = line,
        .provider = r->provider,
        .reference = cell(r, col[ROLE_REFERENCE]),
        .external_id = cell(r, col[ROLE_EXTERNAL_ID]),
    };

    if (!*value) {
        reject(r, line, row, row_len, "record has no indicator value", false);
    } else if (is_hash_list(value)) {
        for (const char *p = value; *p;) {
            size_t len = strcspn(p, ",");
            add_value(r, KQ_IOC_NONE, p, len, &meta, &src);
            p += len + (p[len] == ',');
        }
    } else {
        kq_ioc_type hint = *type ? parse_feed_type(type) : map->value_hint;
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
    kq_arena_rewind(&r->scratch, mark);
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

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Reads the header (or recognises a header-less layout) from the first lines. On success
 * *data is where the records start. Returns 1 when found, 0 when the file is to be read as a
 * list, -1 (err set) when the header names no indicator column. */
static int find_columns(csv_reader *r, const char *text, const char *end, column_map *map,
                        const char **data, int64_t *data_line, kq_error *err)
{
    const char *pos = text;
    int64_t number = 0;
    text_line l, last_comment = {NULL, 0, 0};
    while (next_line(&pos, end, &number, &l)) {
        if (is_comment(l)) last_comment = l;
        if (is_comment(l) || is_blank_line(l)) continue;
        if (split_row(&r->row, l.p, l.n)) return 0;
        if (row_is_column_names(&r->row)) {
            if (!map_columns(&r->row, map)) {
                kq_error_input(err, KQ_ERR_INPUT, r->path, l.number,
                               "the CSV header '%.*s' names no indicator column (IoC, Indicator, "
                               "value, ip, domain, url, hash, ...)", (int)(l.n < 120 ? l.n : 120), l.p);
                return -1;
            }
            *data = pos;
            *data_line = l.number;
            return 1;
        }
        *data = l.p;
        *data_line = l.number - 1;
        if (last_comment.p) {
            /* a header kept in a comment: "#ip,ioc", '# "first_seen_utc","ioc_id",...' */
            const char *h = last_comment.p + 1;
            while (h < last_comment.p + last_comment.n && is_blank(*h)) h++;
            if (!split_row(&r->names, h, (size_t)(last_comment.p + last_comment.n - h)) &&
                r->names.n == r->row.n && r->row.n >= 2 && row_is_column_names(&r->names) &&
                map_columns(&r->names, map))
                return 1;
        }
        return match_headerless_layout(r, map) ? 1 : 0;
    }
    return 0;
}

int kq_feed_csv(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err)
{
    kq_feed_stats unused = {0};
    if (!st) st = &unused;
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3, n -= 3;
    const char *end = text + n;
    csv_reader r = {.set = s, .path = path, .provider = base_name(path), .st = st};
    kq_arena_init(&r.scratch, 1 << 14);
    kq_buf_init(&r.tags);
    kq_buf_init(&r.refanged);

    column_map map;
    const char *pos = NULL;
    int64_t number = 0;
    int found = find_columns(&r, text, end, &map, &pos, &number, err);
    if (found > 0) {
        text_line l;
        while (next_line(&pos, end, &number, &l)) {
            if (is_comment(l) || is_blank_line(l)) continue;
            const char *malformed = split_row(&r.row, l.p, l.n);
            if (malformed) {
                st->records++;
                reject(&r, l.number, l.p, l.n, malformed, false);
                continue;
            }
            if (row_is_empty(&r.row)) continue;
            if (!map.value_chosen) choose_value_column(&r, &map);
            read_record(&r, &map, l.number, l.p, l.n);
        }
    }
    free(r.row.fields);
    free(r.names.fields);
    kq_arena_free(&r.scratch);
    kq_buf_free(&r.tags);
    kq_buf_free(&r.refanged);
    if (found < 0) return KQ_ERR_INPUT;
    if (found == 0) {
        /* no header and no known layout: one value a line ("value, comment" lines included) */
        st->format = KQ_FEED_LIST;
        return kq_feed_list(s, path, text, n, st, err);
    }
    return 0;
}
