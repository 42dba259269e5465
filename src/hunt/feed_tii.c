/*
 * feed_tii.c - rows of Sentinel's ThreatIntelligenceIndicator table read back as a feed: JSON
 * Lines (an object a line, as `kq hunt --emit tii` writes them and Sentinel TI exports hold them)
 * or a JSON array of those objects. A Sentinel TI export can so be hunted offline.
 *
 * Each row gives an indicator for every value column that is set: DomainName, Url, NetworkIP,
 * NetworkSourceIP, NetworkDestinationIP (with NetworkPort), NetworkCidrBlock, FileHashValue (its
 * type from its length), EmailSenderAddress and FileName. Context: ThreatType, ConfidenceScore,
 * TimeGenerated (first seen), ExpirationDateTime (the expiry, kept as written), MalwareNames and
 * Tags (strings or arrays of strings), Description, TrafficLightProtocolLevel, Active (false: the
 * indicator is revoked), IndicatorProvider (the provider, else the file's name),
 * AdditionalInformation (the reference) and ExternalIndicatorId (else IndicatorId).
 * A row without any value column, a line that is not a JSON object and a malformed object are
 * rejected with their line (the line of the row's '{'). A file whose first row has not the marks
 * of one (kq_feed_tii_sniff) is not read as rows: it is refused.
 */
#include "feed.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/datetime.h"
#include "../base/error.h"
#include "../base/json.h"
#include "feed_text.h"

enum { MAX_SHOWN = 200 };

/* The columns that hold the value, and the type each implies. */
static const struct {
    const char *key;
    kq_ioc_type hint;
} value_columns[] = {
    {"DomainName", KQ_IOC_DOMAIN},      {"Url", KQ_IOC_URL},
    {"NetworkIP", KQ_IOC_IPV4},         {"NetworkSourceIP", KQ_IOC_IPV4},
    {"NetworkDestinationIP", KQ_IOC_IPV4}, {"NetworkCidrBlock", KQ_IOC_CIDR},
    {"FileHashValue", KQ_IOC_SHA256},   {"EmailSenderAddress", KQ_IOC_EMAIL},
    {"FileName", KQ_IOC_FILENAME},
};

/* families (and tags) one row may name; more are left out */
#define MAX_FAMILIES 64

typedef struct tii_reader {
    kq_ioc_set *set;
    const char *path;
    const char *provider; /* the file's base name, when a row names none */
    kq_feed_stats *st;
    kq_arena scratch;       /* one row's tree and texts; rewound after each row */
    kq_buf joined;          /* an array member joined with ',' */
    kq_line_counter lines;
} tii_reader;

/* A member as text in the scratch arena: strings as they are, arrays of strings joined with ',';
 * missing, null and anything else give "". */
static const char *member_text(tii_reader *r, const kq_dyn *obj, const char *key)
{
    const kq_dyn *v = kq_dyn_field(obj, key);
    if (!v) return "";
    if (v->kind == KQ_D_STRING) return kq_arena_strdup(&r->scratch, v->u.s, v->n);
    if (v->kind != KQ_D_ARRAY) return "";
    kq_buf_clear(&r->joined);
    for (uint32_t i = 0; i < v->n; i++)
        if (v->u.items[i].kind == KQ_D_STRING && v->u.items[i].n) {
            if (r->joined.len) kq_buf_putc(&r->joined, ',');
            kq_buf_put(&r->joined, v->u.items[i].u.s, v->u.items[i].n);
        }
    return kq_arena_strdup(&r->scratch, r->joined.p, r->joined.len);
}

/* A member that holds a list: an array of strings, a string holding a JSON array of strings, or
 * one plain string. The items go to out (texts in the scratch arena); returns how many. */
static int member_list(tii_reader *r, const kq_dyn *obj, const char *key, const char **out, int cap)
{
    const kq_dyn *v = kq_dyn_field(obj, key);
    kq_dyn parsed;
    size_t bad;
    if (v && v->kind == KQ_D_STRING && v->n && v->u.s[0] == '[' &&
        kq_json_parse(v->u.s, v->n, &r->scratch, &parsed, &bad) && parsed.kind == KQ_D_ARRAY)
        v = &parsed;
    if (!v) return 0;
    if (v->kind == KQ_D_STRING) {
        if (!v->n) return 0;
        out[0] = kq_arena_strdup(&r->scratch, v->u.s, v->n);
        return 1;
    }
    int n = 0;
    for (uint32_t i = 0; v->kind == KQ_D_ARRAY && i < v->n && n < cap; i++)
        if (v->u.items[i].kind == KQ_D_STRING && v->u.items[i].n)
            out[n++] = kq_arena_strdup(&r->scratch, v->u.items[i].u.s, v->u.items[i].n);
    return n;
}

static int64_t member_time(tii_reader *r, const kq_dyn *obj, const char *key)
{
    const char *text = member_text(r, obj, key);
    int64_t ticks = 0;
    return *text && kq_dt_parse(text, strlen(text), &ticks) ? ticks : 0;
}

/* A number in [lo, hi] (a whole number, a real or a string of digits); `missing` otherwise. */
static int member_int(tii_reader *r, const kq_dyn *obj, const char *key, int lo, int hi, int missing)
{
    const kq_dyn *v = kq_dyn_field(obj, key);
    double x;
    if (!v) return missing;
    if (v->kind == KQ_D_LONG) x = (double)v->u.i;
    else if (v->kind == KQ_D_REAL) x = v->u.r;
    else if (v->kind != KQ_D_STRING || sscanf(member_text(r, obj, key), "%lf", &x) != 1) return missing;
    return x >= lo && x <= hi ? (int)x : missing;
}

/* "White", "TLP:AMBER" -> "white", "amber" (in the scratch arena). */
static const char *tlp_level(tii_reader *r, const char *tlp)
{
    if (strncasecmp(tlp, "tlp:", 4) == 0) tlp += 4;
    char *level = kq_arena_strdup(&r->scratch, tlp, strlen(tlp));
    for (char *c = level; *c; c++)
        if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
    return level;
}

static void reject(tii_reader *r, int64_t line, const char *p, size_t n, const char *reason)
{
    kq_ioc_set_reject(r->set, r->path, line, p, n < MAX_SHOWN ? n : MAX_SHOWN, reason);
    r->st->records++;
    r->st->rejected++;
}

static void read_row(tii_reader *r, const kq_dyn *row, int64_t line, const char *raw, size_t raw_len)
{
    kq_indicator meta = {0};
    meta.threat_type = member_text(r, row, "ThreatType");
    /* Sentinel writes MalwareNames as a JSON array in a string: ["Cobalt Strike","VShell"] */
    const char *families[MAX_FAMILIES];
    meta.nfamilies = member_list(r, row, "MalwareNames", families, MAX_FAMILIES);
    meta.families = families;
    kq_buf_clear(&r->joined);
    for (int i = 0; i < meta.nfamilies; i++) {
        if (i) kq_buf_puts(&r->joined, ", ");
        kq_buf_puts(&r->joined, families[i]);
    }
    meta.malware = kq_arena_strdup(&r->scratch, r->joined.p ? r->joined.p : "", r->joined.len);
    const char *tags[MAX_FAMILIES];
    int ntags = member_list(r, row, "Tags", tags, MAX_FAMILIES);
    kq_buf_clear(&r->joined);
    for (int i = 0; i < ntags; i++) {
        if (i) kq_buf_putc(&r->joined, ',');
        kq_buf_puts(&r->joined, tags[i]);
    }
    meta.tags = kq_arena_strdup(&r->scratch, r->joined.p ? r->joined.p : "", r->joined.len);
    meta.description = member_text(r, row, "Description");
    meta.tlp = tlp_level(r, member_text(r, row, "TrafficLightProtocolLevel"));
    meta.confidence = member_int(r, row, "ConfidenceScore", 0, 100, -1);
    meta.port = member_int(r, row, "NetworkPort", 1, 65535, 0);
    meta.first_seen = member_time(r, row, "TimeGenerated");
    meta.expires = member_time(r, row, "ExpirationDateTime");
    const kq_dyn *active = kq_dyn_field(row, "Active");
    meta.revoked = active && active->kind == KQ_D_BOOL && !active->u.b;
    const char *provider = member_text(r, row, "IndicatorProvider");
    const char *external_id = member_text(r, row, "ExternalIndicatorId");
    kq_ioc_source src = {
        .feed_file = r->path,
        .feed_line = line,
        .provider = *provider ? provider : r->provider,
        .reference = member_text(r, row, "AdditionalInformation"),
        .external_id = *external_id ? external_id : member_text(r, row, "IndicatorId"),
    };
    r->st->records++;
    bool any = false;
    for (size_t i = 0; i < sizeof value_columns / sizeof value_columns[0]; i++) {
        const char *value = member_text(r, row, value_columns[i].key);
        if (!*value) continue;
        any = true;
        if (kq_ioc_set_add(r->set, value_columns[i].hint, value, strlen(value), &meta, &src)) r->st->indicators++;
        else r->st->rejected++;
    }
    if (!any) {
        kq_ioc_set_reject(r->set, r->path, line, raw, raw_len < MAX_SHOWN ? raw_len : MAX_SHOWN,
                          "row has no indicator column (DomainName, Url, NetworkIP, NetworkCidrBlock, "
                          "FileHashValue, EmailSenderAddress, FileName)");
        r->st->rejected++;
    }
}

static bool key_is(const char *key, size_t key_len, const char *name)
{
    return key_len == strlen(name) && memcmp(key, name, key_len) == 0;
}

/* Whether the object at [p, end) has the marks of a row: "Type": "ThreatIntelligenceIndicator",
 * or an IndicatorId beside one of the value columns. */
static bool has_row_marks(const char *p, const char *end)
{
    kq_json_cursor c;
    if (!kq_json_obj_begin(&c, p, (size_t)(end - p))) return false;
    const char *key, *val;
    size_t key_len, val_len;
    bool escaped, id = false, value = false;
    while (kq_json_obj_next(&c, &key, &key_len, &escaped, &val, &val_len) == 1) {
        if (key_is(key, key_len, "Type") && key_is(val, val_len, "\"ThreatIntelligenceIndicator\"")) return true;
        id |= key_is(key, key_len, "IndicatorId");
        for (size_t i = 0; i < sizeof value_columns / sizeof value_columns[0]; i++)
            value |= key_is(key, key_len, value_columns[i].key);
    }
    return id && value;
}

bool kq_feed_tii_sniff(const char *text, size_t n)
{
    const char *end = text + n;
    const char *p = kq_skip_blanks(text, end);
    if (p < end && *p == '[') p = kq_skip_blanks(p + 1, end);
    const char *row_end = p < end && *p == '{' ? kq_json_skip_value(p, end) : NULL;
    return row_end && has_row_marks(p, row_end);
}

/* The JSON value at [p, end) as a row. */
static void read_value(tii_reader *r, const char *p, const char *end)
{
    int64_t line = kq_line_of(&r->lines, p);
    kq_arena_mark mark = kq_arena_save(&r->scratch);
    kq_dyn row;
    size_t err_off;
    if (!kq_json_parse(p, (size_t)(end - p), &r->scratch, &row, &err_off))
        reject(r, line, p, (size_t)(end - p), "malformed JSON row");
    else if (row.kind != KQ_D_OBJECT)
        reject(r, line, p, (size_t)(end - p), "row is not a JSON object");
    else
        read_row(r, &row, line, p, (size_t)(end - p));
    kq_arena_rewind(&r->scratch, mark);
}

/* A JSON array of rows. */
static int read_array(tii_reader *r, const char *p, const char *end, kq_error *err)
{
    p = kq_skip_blanks(p + 1, end);
    while (p < end && *p != ']') {
        const char *elem_end = kq_json_skip_value(p, end);
        if (!elem_end) break;
        read_value(r, p, elem_end);
        p = kq_skip_blanks(elem_end, end);
        if (p < end && *p == ',') p = kq_skip_blanks(p + 1, end);
        else if (p >= end || *p != ']') break;
    }
    if (p >= end || *p != ']') {
        kq_error_input(err, KQ_ERR_INPUT, r->path, kq_line_of(&r->lines, p < end ? p : end),
                       "malformed JSON (cut short?) in the array of rows");
        return KQ_ERR_INPUT;
    }
    if (kq_skip_blanks(p + 1, end) != end) {
        kq_error_input(err, KQ_ERR_INPUT, r->path, kq_line_of(&r->lines, p + 1), "text after the JSON array of rows");
        return KQ_ERR_INPUT;
    }
    return 0;
}

/* JSON Lines: every line that is not blank is a row (an object may span lines when pretty-printed). */
static void read_lines(tii_reader *r, const char *p, const char *end)
{
    for (p = kq_skip_blanks(p, end); p < end; p = kq_skip_blanks(p, end)) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        const char *value_end = *p == '{' ? kq_json_skip_value(p, end) : NULL;
        if (!value_end) { /* not an object, or one cut short: that line alone is rejected */
            size_t n = (size_t)(line_end - p);
            if (n && p[n - 1] == '\r') n--;
            reject(r, kq_line_of(&r->lines, p), p, n, *p == '{' ? "malformed JSON row" : "row is not a JSON object");
            p = line_end;
            continue;
        }
        read_value(r, p, value_end);
        p = value_end;
    }
}

int kq_feed_tii(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err)
{
    kq_feed_stats unused = {0};
    const char *slash = strrchr(path, '/');
    tii_reader r = {.set = s, .path = path, .provider = slash ? slash + 1 : path, .st = st ? st : &unused,
                    .lines = {text, text, 1}};
    kq_arena_init(&r.scratch, 1 << 14);
    kq_buf_init(&r.joined);
    const char *end = text + n;
    const char *p = kq_skip_blanks(text, end);
    int rc = 0;
    if (p < end && !kq_feed_tii_sniff(p, (size_t)(end - p))) {
        kq_error_input(err, KQ_ERR_INPUT, path, kq_line_of(&r.lines, p),
                       "not in the tii format: the first row has neither \"Type\": \"ThreatIntelligenceIndicator\" "
                       "nor an IndicatorId with a value column (DomainName, Url, NetworkIP, NetworkCidrBlock, "
                       "FileHashValue, EmailSenderAddress, FileName)");
        rc = KQ_ERR_INPUT;
    } else if (p < end && *p == '[') rc = read_array(&r, p, end, err);
    else if (p < end && *p == '{') read_lines(&r, p, end);
    kq_arena_free(&r.scratch);
    kq_buf_free(&r.joined);
    return rc;
}
