/*
 * feed_json_records.c - JSON editions of tabular indicator feeds: an array of objects, one record
 * each (Facebook's json_*_malware_iocs.json: indicator_type, indicator_value, comment, ds; the
 * MSTIC Exchange feed: DateAdded, FirstSeen, Indicator, IndicatorType, TLP), or an object whose
 * only member is that array, or whose only member that is an array of objects is (Microsoft's
 * COVID-19 list: {"Metadata": {...}, "Covid19Indicators": [...]}; the other members are not read).
 *
 * The keys are column names, mapped to roles by the rules of a CSV header (feed_columns.h): the
 * columns are the known keys of all records, in order of first appearance, and each record is
 * read like a CSV row. A string, number, boolean or array member is a field (an array as its JSON
 * text, so tags ["a", "b"] are joined); null and nested objects (AdditionalMetadata) are missing
 * values. Each record is parsed on its own: a malformed one, or one that is not an object, is a
 * reject at the line where it starts; a record list cut short is an error, reported after the
 * whole records before the cut are read.
 */
#include "feed.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/error.h"
#include "../base/json.h"
#include "feed_columns.h"
#include "feed_text.h"

/* ---- finding the records ---- */

static bool array_starts_with_object(const char *array, const char *end)
{
    const char *p = kq_skip_blanks(array + 1, end);
    return p < end && *p == '{';
}

/* The '[' of the array of records in the JSON text [p, end), p at its first byte: the text itself
 * when it is an array; in an object, its only member when that is an array, or else its one member
 * that is an array of objects. NULL when there is none, or several. A member array cut short is
 * still found when nothing before it was an array of objects, so that the cut is reported. */
static const char *find_records(const char *p, const char *end)
{
    if (p < end && *p == '[') return p;
    kq_json_cursor c;
    if (!kq_json_obj_begin(&c, p, (size_t)(end - p))) return NULL;
    const char *key, *val, *only_member = NULL, *array_of_objects = NULL;
    size_t key_len, val_len;
    bool escaped;
    int members = 0, arrays_of_objects = 0, more;
    while ((more = kq_json_obj_next(&c, &key, &key_len, &escaped, &val, &val_len)) == 1) {
        if (members++ == 0) only_member = val;
        if (*val == '[' && array_starts_with_object(val, val + val_len)) {
            arrays_of_objects++;
            array_of_objects = val;
        }
    }
    if (more < 0) /* the cursor stops where the value it could not skip starts */
        return c.p < end && *c.p == '[' && !arrays_of_objects && array_starts_with_object(c.p, end) ? c.p : NULL;
    if (members == 1 && *only_member == '[') return only_member;
    return arrays_of_objects == 1 ? array_of_objects : NULL;
}

/* Steps through the elements of an array. */
typedef struct element_cursor {
    const char *p, *end;
    bool started;
} element_cursor;

static element_cursor elements_of(const char *array, const char *end)
{
    return (element_cursor){array + 1, end, false};
}

/* The next element [*elem, *elem_end). Returns 1; 0 after the closing ']' (c->p just past it);
 * -1 when the array is malformed or cut short (c->p where). */
static int next_element(element_cursor *c, const char **elem, const char **elem_end)
{
    const char *p = kq_skip_blanks(c->p, c->end);
    if (p < c->end && *p == ']') {
        c->p = p + 1;
        return 0;
    }
    if (c->started) {
        if (p >= c->end || *p != ',') {
            c->p = p;
            return -1;
        }
        p = kq_skip_blanks(p + 1, c->end);
    }
    const char *after = kq_json_skip_value(p, c->end);
    if (!after) {
        c->p = p;
        return -1;
    }
    *elem = p;
    *elem_end = after;
    c->p = after;
    c->started = true;
    return 1;
}

bool kq_json_records_sniff(const char *text, size_t n)
{
    const char *end = text + n;
    const char *array = find_records(kq_skip_blanks(text, end), end);
    if (!array) return false;
    element_cursor elements = elements_of(array, end);
    const char *elem, *elem_end;
    kq_json_cursor c;
    if (next_element(&elements, &elem, &elem_end) != 1 || !kq_json_obj_begin(&c, elem, (size_t)(elem_end - elem)))
        return false;
    enum { MAX_NAMES = 64 };
    kq_column_name known[MAX_NAMES];
    int nknown = 0, known_keys = 0, keys = 0, more;
    const char *key, *val;
    size_t key_len, val_len;
    bool escaped;
    while ((more = kq_json_obj_next(&c, &key, &key_len, &escaped, &val, &val_len)) == 1) {
        keys++;
        if (kq_columns_known_id(key, key_len) < 0) continue;
        known_keys++;
        if (nknown < MAX_NAMES) known[nknown++] = (kq_column_name){key, key_len};
    }
    kq_column_map map;
    return more == 0 && 2 * known_keys >= keys && kq_columns_map(known, nknown, &map) == KQ_COLUMNS_INDICATORS;
}

/* ---- reading ---- */

typedef struct records_reader {
    kq_record_reader records;
    kq_column_name *columns; /* the known keys (the first spelling of each) */
    int *column_ids;         /* kq_columns_known_id of each */
    int ncolumns, capcolumns;
    kq_arena keys;           /* unescaped keys kept as column names */
    kq_buf json;             /* a member written back as JSON text */
    kq_line_counter lines;
} records_reader;

static int column_of(const records_reader *r, int id)
{
    for (int i = 0; i < r->ncolumns; i++)
        if (r->column_ids[i] == id) return i;
    return -1;
}

/* Adds the known keys of one record that are not columns yet. */
static void collect_columns(records_reader *r, const char *elem, const char *elem_end)
{
    kq_json_cursor c;
    if (!kq_json_obj_begin(&c, elem, (size_t)(elem_end - elem))) return;
    const char *key, *val;
    size_t key_len, val_len;
    bool escaped;
    while (kq_json_obj_next(&c, &key, &key_len, &escaped, &val, &val_len) == 1) {
        kq_arena_mark mark = kq_arena_save(&r->records.scratch);
        const char *name = key;
        size_t name_len = key_len;
        bool readable = !escaped || kq_json_unescape(key, key_len, &r->records.scratch, &name, &name_len);
        int id = readable ? kq_columns_known_id(name, name_len) : -1;
        if (id >= 0 && column_of(r, id) < 0) {
            if (r->ncolumns == r->capcolumns) {
                r->capcolumns = r->capcolumns ? r->capcolumns * 2 : 16;
                r->columns = kq_xrealloc(r->columns, (size_t)r->capcolumns * sizeof *r->columns);
                r->column_ids = kq_xrealloc(r->column_ids, (size_t)r->capcolumns * sizeof *r->column_ids);
            }
            if (escaped) name = kq_arena_strdup(&r->keys, name, name_len);
            r->columns[r->ncolumns] = (kq_column_name){name, name_len};
            r->column_ids[r->ncolumns++] = id;
        }
        kq_arena_rewind(&r->records.scratch, mark);
    }
}

/* A member's text: a string as it is, a number, boolean or array as its JSON text; "" for null
 * and for a nested object. */
static const char *member_text(records_reader *r, const kq_dyn *v)
{
    if (v->kind == KQ_D_STRING) return kq_record_field(&r->records, v->u.s, v->n);
    if (v->kind == KQ_D_NULL || v->kind == KQ_D_OBJECT) return "";
    kq_buf_clear(&r->json);
    kq_json_write(&r->json, v);
    return kq_record_field(&r->records, r->json.p, r->json.len);
}

/* The record's field of each column, in the scratch arena ("" when it has none); of two keys
 * spelling one column, the first that has a value counts. */
static const char *const *record_fields(records_reader *r, const kq_dyn *record)
{
    const char **fields = kq_arena_alloc(&r->records.scratch, (size_t)(r->ncolumns ? r->ncolumns : 1) * sizeof *fields);
    for (int i = 0; i < r->ncolumns; i++) fields[i] = "";
    for (uint32_t i = 0; i < record->n; i++) {
        const kq_dyn_member *m = &record->u.members[i];
        int column = column_of(r, kq_columns_known_id(m->key, m->key_len));
        if (column >= 0 && !*fields[column]) fields[column] = member_text(r, &m->value);
    }
    return fields;
}

static void read_record(records_reader *r, kq_column_map *map, const char *elem, const char *elem_end)
{
    int64_t line = kq_line_of(&r->lines, elem);
    size_t len = (size_t)(elem_end - elem);
    kq_arena_mark mark = kq_arena_save(&r->records.scratch);
    kq_dyn record;
    size_t err_off;
    if (!kq_json_parse(elem, len, &r->records.scratch, &record, &err_off)) {
        kq_record_reject(&r->records, line, elem, len, "malformed JSON record");
    } else if (record.kind != KQ_D_OBJECT) {
        kq_record_reject(&r->records, line, elem, len, "record is not a JSON object");
    } else {
        const char *const *fields = record_fields(r, &record);
        if (!map->value_chosen) kq_record_choose_value(&r->records, map, fields, r->ncolumns);
        kq_record_read(&r->records, map, fields, r->ncolumns, line, elem, len);
    }
    kq_arena_rewind(&r->records.scratch, mark);
}

static int cut_short(records_reader *r, const char *at, kq_error *err)
{
    kq_error_input(err, KQ_ERR_INPUT, r->records.path, kq_line_of(&r->lines, at),
                   "malformed JSON (cut short?) in the record list");
    return KQ_ERR_INPUT;
}

/* Reads the records of the array opening at `array`: first their keys, then each record. Returns
 * 0 with *after just past the array, or KQ_ERR_INPUT (err set). */
static int read_records(records_reader *r, const char *array, const char *end, const char **after, kq_error *err)
{
    element_cursor elements = elements_of(array, end);
    const char *elem, *elem_end, *first = NULL;
    int more;
    while ((more = next_element(&elements, &elem, &elem_end)) == 1) {
        if (!first) first = elem;
        collect_columns(r, elem, elem_end);
    }
    const char *cut = more < 0 ? elements.p : NULL;
    if (!first) {
        *after = elements.p;
        return cut ? cut_short(r, cut, err) : 0;
    }
    kq_column_map map;
    kq_columns_found found = kq_columns_map(r->columns, r->ncolumns, &map);
    if (found != KQ_COLUMNS_INDICATORS) {
        if (cut) return cut_short(r, cut, err);
        kq_error_input(err, KQ_ERR_INPUT, r->records.path, kq_line_of(&r->lines, first), "the JSON records %s",
                       found == KQ_COLUMNS_FEED_LIST
                           ? "describe a list of feeds (who publishes each and its URL), not indicators: "
                             "load the feeds they link to instead"
                           : "have no key naming an indicator column (IoC, Indicator, value, ip, domain, "
                             "url, hash, ...)");
        return KQ_ERR_INPUT;
    }
    elements = elements_of(array, end);
    while (next_element(&elements, &elem, &elem_end) == 1) read_record(r, &map, elem, elem_end);
    if (cut) return cut_short(r, cut, err);
    *after = elements.p;
    return 0;
}

int kq_feed_json_records(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st,
                         kq_error *err)
{
    kq_feed_stats unused = {0};
    records_reader r = {.lines = {text, text, 1}};
    kq_record_reader_init(&r.records, s, path, st ? st : &unused);
    kq_arena_init(&r.keys, 1 << 10);
    kq_buf_init(&r.json);
    const char *end = text + n;
    const char *p = kq_skip_blanks(text, end);
    if ((size_t)(end - p) >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p = kq_skip_blanks(p + 3, end);
    const char *array = find_records(p, end);
    const char *after = NULL;
    int rc = 0;
    if (!array) {
        kq_error_input(err, KQ_ERR_INPUT, path, kq_line_of(&r.lines, p),
                       "expected a JSON array of records, or an object with one member that is an array "
                       "of objects");
        rc = KQ_ERR_INPUT;
    } else {
        rc = read_records(&r, array, end, &after, err);
        if (rc == 0 && array == p && kq_skip_blanks(after, end) != end) {
            kq_error_input(err, KQ_ERR_INPUT, path, kq_line_of(&r.lines, after), "text after the JSON array");
            rc = KQ_ERR_INPUT;
        }
    }
    free(r.columns);
    free(r.column_ids);
    kq_arena_free(&r.keys);
    kq_buf_free(&r.json);
    kq_record_reader_free(&r.records);
    return rc;
}
