/*
 * feed_threatfox.c - ThreatFox (abuse.ch) importers.
 *
 * JSON, three shapes with the same record keys:
 *   export     {"<ioc_id>": [{"ioc_value", "ioc_type", "threat_type", "malware_printable", ...}], ...}
 *   API        {"query_status": ..., "data": [{...}, ...]}   (also a bare array of records)
 *   defanged   {"updated", "source", "count", "iocs": [{"ioc", "type", "malware", "confidence", "first_seen"}]}
 * Each record is parsed on its own (so a broken record is a reject, and its line is known): the
 * line of a record is the line of its opening '{'. An export entry that is not an array
 * ({"<ioc_id>": {...}}) is rejected at its line, not read.
 *
 * CSV export: a '#' banner, the header as a comment line ('# "first_seen_utc","ioc_id",...'),
 * rows of quoted fields separated by '", "', "None" for a missing value, "True"/"False", and a
 * closing '# Number of entries: N'. It is read by the CSV importer, which finds the columns by the
 * header's names and knows these conventions; the indicators are then given ThreatFox as provider.
 * A file without that header is refused, not read as a list.
 *
 * Mapping: ioc_type -> type hint (ip:port is an IP with its port), threat_type, malware_printable
 * (else malware) -> malware, tags, confidence_level, first/last_seen_utc, reference, ioc_id ->
 * external id; provider "ThreatFox". is_compromised marks a hijacked legitimate host: the tag
 * "compromised" is added so that reports can flag the likely false positive.
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
#include "feed_text.h"

/* One ThreatFox record, as NUL-terminated texts ("" when missing). */
typedef struct threatfox_record {
    const char *ioc_id, *value, *type, *threat_type, *malware, *malware_printable, *tags;
    const char *first_seen, *last_seen, *reference, *confidence;
    bool compromised;
} threatfox_record;

typedef struct threatfox_reader {
    kq_ioc_set *set;
    const char *path;
    kq_feed_stats *st;
    kq_arena scratch; /* one record's texts; rewound after each record */
    kq_buf tags;
    kq_buf joined;          /* an array member joined with ',' */
    kq_line_counter lines;
} threatfox_reader;

static void reader_init(threatfox_reader *r, kq_ioc_set *s, const char *path, const char *text,
                        kq_feed_stats *st)
{
    r->set = s;
    r->path = path;
    r->st = st;
    kq_arena_init(&r->scratch, 1 << 14);
    kq_buf_init(&r->tags);
    kq_buf_init(&r->joined);
    kq_line_counter_init(&r->lines, text);
}

static void reader_free(threatfox_reader *r)
{
    kq_arena_free(&r->scratch);
    kq_buf_free(&r->tags);
    kq_buf_free(&r->joined);
}

/* The date in a record's column, 0 when it has none; a date kq cannot read is left out and
 * recorded as a warning. */
static int64_t record_time(threatfox_reader *r, int64_t line, const char *text, const char *column)
{
    int64_t ticks = 0;
    if (!*text || kq_dt_parse(text, strlen(text), &ticks)) return ticks;
    char reason[128];
    snprintf(reason, sizeof reason, "unreadable date '%.60s' in %s: left out", text, column);
    kq_ioc_set_warn(r->set, r->path, line, text, strlen(text), reason);
    r->st->warnings++;
    return 0;
}

static int parse_confidence(const char *text)
{
    if (!*text) return -1;
    char *end;
    long v = strtol(text, &end, 10);
    return (*end == 0 && v >= 0 && v <= 100) ? (int)v : -1;
}

/* The type hint for a ThreatFox ioc_type ("ip:port" is taken for an IP of either family); false
 * when the type is not hunted. */
static bool threatfox_hint(const char *type, kq_ioc_type *hint)
{
    *hint = *type ? kq_ioc_type_parse(type, strlen(type)) : KQ_IOC_NONE;
    return !*type || *hint != KQ_IOC_NONE;
}

static void add_record(threatfox_reader *r, const threatfox_record *rec, int64_t line)
{
    kq_feed_stats *st = r->st;
    st->records++;
    kq_ioc_type hint;
    if (!*rec->value) {
        kq_ioc_set_reject(r->set, r->path, line, "", 0, "record has no ioc_value");
        st->rejected++;
        return;
    }
    if (!threatfox_hint(rec->type, &hint)) {
        char reason[96];
        snprintf(reason, sizeof reason, "type '%.60s' is not hunted", rec->type);
        kq_ioc_set_reject(r->set, r->path, line, rec->value, strlen(rec->value), reason);
        st->skipped++;
        return;
    }
    kq_buf_clear(&r->tags);
    kq_buf_puts(&r->tags, rec->tags);
    if (rec->compromised) kq_buf_puts(&r->tags, r->tags.len ? ",compromised" : "compromised");

    kq_indicator meta = {0};
    meta.threat_type = rec->threat_type;
    meta.malware = *rec->malware_printable ? rec->malware_printable : rec->malware;
    meta.tags = kq_buf_cstr(&r->tags);
    meta.description = "";
    meta.tlp = "";
    meta.confidence = parse_confidence(rec->confidence);
    meta.first_seen = record_time(r, line, rec->first_seen, "first_seen_utc");
    meta.last_seen = record_time(r, line, rec->last_seen, "last_seen_utc");
    kq_ioc_source src = {
        .feed_file = r->path,
        .feed_line = line,
        .provider = "ThreatFox",
        .reference = rec->reference,
        .external_id = rec->ioc_id,
    };
    if (kq_ioc_set_add(r->set, hint, rec->value, strlen(rec->value), &meta, &src)) st->indicators++;
    else st->rejected++;
}

/* ---- JSON ---- */

/* A member as text in the scratch arena: strings as they are, numbers and booleans printed,
 * arrays of scalars joined with ','; missing and null give "". */
static const char *member_text(threatfox_reader *r, const kq_dyn *obj, const char *key)
{
    const kq_dyn *v = kq_dyn_field(obj, key);
    if (!v) return "";
    char num[32];
    switch (v->kind) {
    case KQ_D_STRING: return kq_arena_strdup(&r->scratch, v->u.s, v->n);
    case KQ_D_LONG: snprintf(num, sizeof num, "%lld", (long long)v->u.i); break;
    case KQ_D_REAL: snprintf(num, sizeof num, "%.17g", v->u.r); break;
    case KQ_D_BOOL: return v->u.b ? "true" : "false";
    case KQ_D_ARRAY:
        kq_buf_clear(&r->joined);
        for (uint32_t i = 0; i < v->n; i++)
            if (v->u.items[i].kind == KQ_D_STRING) {
                if (r->joined.len) kq_buf_putc(&r->joined, ',');
                kq_buf_put(&r->joined, v->u.items[i].u.s, v->u.items[i].n);
            }
        return kq_arena_strdup(&r->scratch, r->joined.p, r->joined.len);
    default: return "";
    }
    return kq_arena_strdup(&r->scratch, num, strlen(num));
}

static bool member_true(const kq_dyn *obj, const char *key)
{
    const kq_dyn *v = kq_dyn_field(obj, key);
    if (!v) return false;
    if (v->kind == KQ_D_BOOL) return v->u.b;
    if (v->kind == KQ_D_LONG) return v->u.i != 0;
    return v->kind == KQ_D_STRING && v->n == 4 && strncasecmp(v->u.s, "true", 4) == 0;
}

/* First of two keys that is present (the export/API spelling, then the defanged one). */
static const char *member_text2(threatfox_reader *r, const kq_dyn *obj, const char *key, const char *alt)
{
    return kq_dyn_field(obj, key) ? member_text(r, obj, key) : member_text(r, obj, alt);
}

/* One record object at [p, end); ioc_id is the export's key ("" for the other shapes). */
static void read_json_record(threatfox_reader *r, const char *p, const char *end, const char *ioc_id)
{
    int64_t line = kq_line_of(&r->lines, p);
    kq_arena_mark mark = kq_arena_save(&r->scratch);
    kq_dyn obj;
    size_t err_off;
    if (!kq_json_parse(p, (size_t)(end - p), &r->scratch, &obj, &err_off)) {
        size_t shown = (size_t)(end - p) < 200 ? (size_t)(end - p) : 200;
        kq_ioc_set_reject(r->set, r->path, line, p, shown, "malformed JSON record");
        r->st->records++;
        r->st->rejected++;
        kq_arena_rewind(&r->scratch, mark);
        return;
    }
    threatfox_record rec = {
        .ioc_id = *ioc_id ? ioc_id : member_text2(r, &obj, "ioc_id", "id"),
        .value = member_text2(r, &obj, "ioc_value", "ioc"),
        .type = member_text2(r, &obj, "ioc_type", "type"),
        .threat_type = member_text(r, &obj, "threat_type"),
        .malware = member_text(r, &obj, "malware"),
        .malware_printable = member_text(r, &obj, "malware_printable"),
        .tags = member_text(r, &obj, "tags"),
        .first_seen = member_text2(r, &obj, "first_seen_utc", "first_seen"),
        .last_seen = member_text2(r, &obj, "last_seen_utc", "last_seen"),
        .reference = member_text(r, &obj, "reference"),
        .confidence = member_text2(r, &obj, "confidence_level", "confidence"),
        .compromised = member_true(&obj, "is_compromised"),
    };
    add_record(r, &rec, line);
    kq_arena_rewind(&r->scratch, mark);
}

/* Reads the array of records starting at p ('['); returns the position after its ']', or NULL
 * (with err set) when the array is cut short or malformed. */
static const char *read_json_records(threatfox_reader *r, const char *p, const char *end,
                                     const char *ioc_id, kq_error *err)
{
    p = kq_skip_blanks(p + 1, end);
    if (p < end && *p == ']') return p + 1;
    for (;;) {
        const char *elem_end = kq_json_skip_value(p, end);
        if (!elem_end) break;
        if (*p == '{') read_json_record(r, p, elem_end, ioc_id);
        else {
            kq_ioc_set_reject(r->set, r->path, kq_line_of(&r->lines, p), p, (size_t)(elem_end - p),
                              "record is not a JSON object");
            r->st->records++;
            r->st->rejected++;
        }
        p = kq_skip_blanks(elem_end, end);
        if (p < end && *p == ']') return p + 1;
        if (p >= end || *p != ',') break;
        p = kq_skip_blanks(p + 1, end);
    }
    kq_error_input(err, KQ_ERR_INPUT, r->path, kq_line_of(&r->lines, p < end ? p : end),
                   "malformed JSON (cut short?) in the record list");
    return NULL;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return n > 0;
}

static bool key_is(const char *key, size_t n, const char *name)
{
    return strlen(name) == n && memcmp(key, name, n) == 0;
}

static int read_json(threatfox_reader *r, const char *text, size_t n, kq_error *err)
{
    const char *end = text + n;
    const char *p = kq_skip_blanks(text, end);
    if (p < end && *p == '[') {
        p = read_json_records(r, p, end, "", err);
        if (!p) return KQ_ERR_INPUT;
        if (kq_skip_blanks(p, end) != end) {
            kq_error_input(err, KQ_ERR_INPUT, r->path, kq_line_of(&r->lines, p), "text after the JSON array");
            return KQ_ERR_INPUT;
        }
        return 0;
    }
    kq_json_cursor c;
    if (!kq_json_obj_begin(&c, p, (size_t)(end - p))) {
        kq_error_input(err, KQ_ERR_INPUT, r->path, kq_line_of(&r->lines, p),
                       "not a ThreatFox JSON file (expected an object or an array)");
        return KQ_ERR_INPUT;
    }
    const char *key, *val;
    size_t key_len, val_len;
    bool key_escaped;
    int more;
    bool found = false;
    while ((more = kq_json_obj_next(&c, &key, &key_len, &key_escaped, &val, &val_len)) == 1) {
        bool export_entry = all_digits(key, key_len);
        if (export_entry && *val != '[') { /* the export writes each entry as an array of records */
            found = true;
            kq_ioc_set_reject(r->set, r->path, kq_line_of(&r->lines, val), val, val_len < 200 ? val_len : 200,
                              *val == '{' ? "export entry is an object, not an array of records"
                                          : "export entry is not an array of records");
            r->st->records++;
            r->st->rejected++;
            continue;
        }
        if (*val != '[') continue; /* "query_status", "updated", "source", "count" */
        if (!export_entry && !key_is(key, key_len, "data") && !key_is(key, key_len, "iocs")) continue;
        found = true;
        kq_arena_mark mark = kq_arena_save(&r->scratch);
        const char *ioc_id = export_entry ? kq_arena_strdup(&r->scratch, key, key_len) : "";
        bool ok = read_json_records(r, val, val + val_len, ioc_id, err) != NULL;
        kq_arena_rewind(&r->scratch, mark);
        if (!ok) return KQ_ERR_INPUT;
    }
    if (more < 0) {
        kq_error_input(err, KQ_ERR_INPUT, r->path, kq_line_of(&r->lines, c.p < end ? c.p : end),
                       "malformed JSON (cut short?)");
        return KQ_ERR_INPUT;
    }
    if (!found) {
        kq_error_input(err, KQ_ERR_INPUT, r->path, kq_line_of(&r->lines, p),
                       "not in the threatfox-json format: a JSON object without an \"<ioc_id>\", "
                       "\"data\" or \"iocs\" array of records");
        return KQ_ERR_INPUT;
    }
    return 0;
}

int kq_feed_threatfox_json(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err)
{
    kq_feed_stats unused = {0};
    threatfox_reader r;
    reader_init(&r, s, path, text, st ? st : &unused);
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3, n -= 3;
    int rc = read_json(&r, text, n, err);
    reader_free(&r);
    return rc;
}

/* ---- CSV ---- */

int kq_feed_threatfox_csv(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err)
{
    size_t first = s->n;
    int rc = kq_csv_read_feed(s, path, text, n, KQ_FEED_THREATFOX_CSV, true, st, err);
    const char *provider = kq_ioc_cstr(s, "ThreatFox");
    for (size_t i = first; i < s->n; i++) s->items[i].sources[0].provider = provider;
    return rc;
}
