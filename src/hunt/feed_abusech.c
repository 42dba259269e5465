/*
 * feed_abusech.c - abuse.ch Feodo Tracker and URLhaus importers.
 *
 * Feodo Tracker lists botnet C2 servers (threat type "botnet_cc"):
 *   CSV   '#' banner, "first_seen_utc","dst_ip","dst_port","c2_status","last_online","malware",
 *         fully quoted rows, "# END n entries" (read by the CSV importer, which knows these columns;
 *         a file without that header is refused)
 *   JSON  [{ip_address, port, status, hostname, as_number, as_name, country, first_seen,
 *         last_online, malware}, ...]
 * URLhaus API JSON: {"urls": [{dateadded "... UTC", url, url_status, last_online, threat,
 *   tags [...], urlhaus_link, reporter}, ...]}; threat -> threat type, urlhaus_link -> reference.
 *   An "offline" URL is still hunted: it was served, and logs from then may show it.
 * Each record of a JSON file is parsed on its own, so a broken record is a reject and its line
 * (the line of its opening '{') is known.
 */
#include "feed.h"

#include <stdio.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/datetime.h"
#include "../base/error.h"
#include "../base/json.h"
#include "feed_columns.h"
#include "feed_text.h"

enum { MAX_SHOWN = 200 };

typedef struct json_reader json_reader;
typedef void (*record_fn)(json_reader *r, const kq_dyn *record, int64_t line);

struct json_reader {
    kq_ioc_set *set;
    const char *path;
    kq_feed_stats *st;
    kq_arena scratch; /* one record's tree and texts; rewound after each record */
    kq_buf joined;    /* an array member joined with ',' */
    kq_line_counter lines;
};

/* A member as text in the scratch arena: strings as they are, integers printed, arrays of
 * strings joined with ','; missing, null and anything else give "". */
static const char *member_text(json_reader *r, const kq_dyn *obj, const char *key)
{
    const kq_dyn *v = kq_dyn_field(obj, key);
    if (!v) return "";
    if (v->kind == KQ_D_STRING) return kq_arena_strdup(&r->scratch, v->u.s, v->n);
    if (v->kind == KQ_D_LONG) {
        char num[24];
        int len = snprintf(num, sizeof num, "%lld", (long long)v->u.i);
        return kq_arena_strdup(&r->scratch, num, (size_t)len);
    }
    if (v->kind != KQ_D_ARRAY) return "";
    kq_buf_clear(&r->joined);
    for (uint32_t i = 0; i < v->n; i++)
        if (v->u.items[i].kind == KQ_D_STRING) {
            if (r->joined.len) kq_buf_putc(&r->joined, ',');
            kq_buf_put(&r->joined, v->u.items[i].u.s, v->u.items[i].n);
        }
    return kq_arena_strdup(&r->scratch, r->joined.p, r->joined.len);
}

static int64_t member_time(json_reader *r, const kq_dyn *obj, const char *key)
{
    const char *text = member_text(r, obj, key);
    int64_t ticks = 0;
    return *text && kq_dt_parse(text, strlen(text), &ticks) ? ticks : 0;
}

static void reject(json_reader *r, int64_t line, const char *p, size_t n, const char *reason)
{
    kq_ioc_set_reject(r->set, r->path, line, p, n < MAX_SHOWN ? n : MAX_SHOWN, reason);
    r->st->records++;
    r->st->rejected++;
}

static void add(json_reader *r, kq_ioc_type hint, const char *value, const kq_indicator *meta,
                const kq_ioc_source *src)
{
    r->st->records++;
    if (!*value) {
        kq_ioc_set_reject(r->set, r->path, src->feed_line, "", 0, "record has no indicator value");
        r->st->rejected++;
    } else if (kq_ioc_set_add(r->set, hint, value, strlen(value), meta, src)) {
        r->st->indicators++;
    } else {
        r->st->rejected++;
    }
}

/* Reads the array of records at p ('[') through fn. Returns the position after its ']', or NULL
 * (err set) when the array is cut short or malformed. */
static const char *read_records(json_reader *r, const char *p, const char *end, record_fn fn, kq_error *err)
{
    p = kq_skip_blanks(p + 1, end);
    if (p < end && *p == ']') return p + 1;
    for (;;) {
        const char *elem_end = kq_json_skip_value(p, end);
        if (!elem_end) break;
        int64_t line = kq_line_of(&r->lines, p);
        kq_arena_mark mark = kq_arena_save(&r->scratch);
        kq_dyn record;
        size_t err_off;
        if (!kq_json_parse(p, (size_t)(elem_end - p), &r->scratch, &record, &err_off))
            reject(r, line, p, (size_t)(elem_end - p), "malformed JSON record");
        else if (record.kind != KQ_D_OBJECT)
            reject(r, line, p, (size_t)(elem_end - p), "record is not a JSON object");
        else
            fn(r, &record, line);
        kq_arena_rewind(&r->scratch, mark);
        p = kq_skip_blanks(elem_end, end);
        if (p < end && *p == ']') return p + 1;
        if (p >= end || *p != ',') break;
        p = kq_skip_blanks(p + 1, end);
    }
    kq_error_input(err, KQ_ERR_INPUT, r->path, kq_line_of(&r->lines, p < end ? p : end),
                   "malformed JSON (cut short?) in the record list");
    return NULL;
}

/* Reads a file that is an array of records, or an object whose member `key` is that array. */
/* what: the format's name, for the message that refuses an object without the key's array. */
static int read_json(kq_ioc_set *s, const char *path, const char *text, size_t n, const char *key,
                     const char *what, record_fn fn, kq_feed_stats *st, kq_error *err)
{
    kq_feed_stats unused = {0};
    json_reader r = {.set = s, .path = path, .st = st ? st : &unused, .lines = {text, text, 1}};
    kq_arena_init(&r.scratch, 1 << 14);
    kq_buf_init(&r.joined);
    const char *end = text + n;
    const char *p = kq_skip_blanks(text, end);
    if ((size_t)(end - p) >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p = kq_skip_blanks(p + 3, end);
    int rc = 0;
    kq_json_cursor c;
    if (p < end && *p == '[') {
        const char *after = read_records(&r, p, end, fn, err);
        if (!after) rc = KQ_ERR_INPUT;
        else if (kq_skip_blanks(after, end) != end) {
            kq_error_input(err, KQ_ERR_INPUT, path, kq_line_of(&r.lines, after), "text after the JSON array");
            rc = KQ_ERR_INPUT;
        }
    } else if (kq_json_obj_begin(&c, p, (size_t)(end - p))) {
        const char *k, *val;
        size_t key_len, val_len;
        bool escaped;
        int more;
        bool found = false;
        while ((more = kq_json_obj_next(&c, &k, &key_len, &escaped, &val, &val_len)) == 1) {
            if (key_len != strlen(key) || memcmp(k, key, key_len) != 0 || *val != '[') continue;
            found = true;
            if (!read_records(&r, val, val + val_len, fn, err)) {
                rc = KQ_ERR_INPUT;
                break;
            }
        }
        if (more < 0) {
            kq_error_input(err, KQ_ERR_INPUT, path, kq_line_of(&r.lines, c.p < end ? c.p : end),
                           "malformed JSON (cut short?)");
            rc = KQ_ERR_INPUT;
        } else if (rc == 0 && !found) {
            kq_error_input(err, KQ_ERR_INPUT, path, kq_line_of(&r.lines, p),
                           "not in the %s format: a JSON object without a \"%s\" array of records", what, key);
            rc = KQ_ERR_INPUT;
        }
    } else {
        kq_error_input(err, KQ_ERR_INPUT, path, kq_line_of(&r.lines, p), "expected a JSON array or object");
        rc = KQ_ERR_INPUT;
    }
    kq_arena_free(&r.scratch);
    kq_buf_free(&r.joined);
    return rc;
}

/* ---- Feodo Tracker ---- */

static void feodo_record(json_reader *r, const kq_dyn *rec, int64_t line)
{
    const kq_dyn *port = kq_dyn_field(rec, "port");
    kq_indicator meta = {0};
    meta.threat_type = "botnet_cc";
    meta.malware = member_text(r, rec, "malware");
    meta.tags = meta.description = meta.tlp = "";
    meta.confidence = -1;
    meta.port = port && port->kind == KQ_D_LONG && port->u.i > 0 && port->u.i <= 65535 ? (int)port->u.i : 0;
    meta.first_seen = member_time(r, rec, "first_seen");
    meta.last_seen = member_time(r, rec, "last_online");
    kq_ioc_source src = {.feed_file = r->path, .feed_line = line, .provider = "Feodo Tracker",
                         .reference = "", .external_id = ""};
    add(r, KQ_IOC_NONE, member_text(r, rec, "ip_address"), &meta, &src);
}

int kq_feed_feodo_json(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err)
{
    /* the blocklist is a bare array; {"data": [...]}, the abuse.ch API's envelope, is read too */
    return read_json(s, path, text, n, "data", "feodo-json", feodo_record, st, err);
}

int kq_feed_feodo_csv(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err)
{
    size_t first = s->n;
    int rc = kq_csv_read_feed(s, path, text, n, KQ_FEED_FEODO_CSV, true, st, err);
    const char *provider = kq_ioc_cstr(s, "Feodo Tracker");
    const char *threat_type = kq_ioc_cstr(s, "botnet_cc");
    for (size_t i = first; i < s->n; i++) {
        s->items[i].sources[0].provider = provider;
        if (!s->items[i].threat_type[0]) s->items[i].threat_type = threat_type;
    }
    return rc;
}

/* ---- URLhaus ---- */

static void urlhaus_record(json_reader *r, const kq_dyn *rec, int64_t line)
{
    kq_indicator meta = {0};
    meta.threat_type = member_text(r, rec, "threat");
    meta.malware = meta.description = meta.tlp = "";
    meta.tags = member_text(r, rec, "tags");
    meta.confidence = -1;
    meta.first_seen = member_time(r, rec, "dateadded");
    meta.last_seen = member_time(r, rec, "last_online");
    kq_ioc_source src = {.feed_file = r->path, .feed_line = line, .provider = "URLhaus",
                         .reference = member_text(r, rec, "urlhaus_link"),
                         .external_id = member_text(r, rec, "id")};
    add(r, KQ_IOC_URL, member_text(r, rec, "url"), &meta, &src);
}

int kq_feed_urlhaus_json(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st, kq_error *err)
{
    return read_json(s, path, text, n, "urls", "urlhaus-json", urlhaus_record, st, err);
}
