/*
 * feed_misp.c - MISP events and MISP feed directories as indicators.
 *
 * An event file is {"Event": {...}}, a bare event object, or a REST answer
 * {"response": [{"Event": {...}}, ...]}. Its attributes (Event.Attribute and
 * Event.Object[].Attribute) are the records; only those with to_ids set are hunted, the others
 * are skipped with their reason (unless the set asks for context too: kq_ioc_set.misp_context,
 * which tags them misp-context). Composite types ("domain|ip", "filename|sha1", "ip-dst|port",
 * ...) give one indicator per value part (a port part becomes the indicator's port).
 *
 * Context of every indicator of an event:
 *   description  Event.info
 *   malware      the first malware or tool galaxy cluster (Event.Galaxy or a misp-galaxy:X="Y"
 *                tag), else the first threat-actor / intrusion-set cluster, else the first plain
 *                event tag that is not the organisation's own name ("Glupteba", "SSHDoor"), else
 *                none (Event.info titles an article or a feed day, not a family: it stays the
 *                description); a malware or actor galaxy tag on the attribute itself takes
 *                precedence
 *   tlp          the tlp:* tag of the attribute, else of the event ("clear" reads as "white")
 *   tags         every other tag of the event and the attribute, comma-separated
 *   first_seen   the attribute's first_seen, else its timestamp, else Event.date
 *   provider     "MISP: " + Orgc.name;  reference: the event's first "link" attribute
 *   external_id  the attribute uuid;  feed_line: the line where the attribute object begins
 */
#include "feed.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/datetime.h"
#include "../base/error.h"
#include "../base/json.h"
#include "feed_text.h"

/* ---- the parsed file, with the text of each value (for line numbers) ---- */

typedef struct json_node {
    const kq_dyn *value;
    const char *begin, *end; /* the value's text */
} json_node;

static bool is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* The first member named key of an object node. The text is walked in step with the members,
 * which the parser keeps in input order. */
static bool node_member(json_node obj, const char *key, json_node *out)
{
    if (obj.value->kind != KQ_D_OBJECT) return false;
    size_t key_len = strlen(key);
    kq_json_cursor cur;
    kq_json_obj_begin(&cur, obj.begin, (size_t)(obj.end - obj.begin));
    for (uint32_t i = 0; i < obj.value->n; i++) {
        const char *k, *val;
        size_t k_len, val_len;
        bool escaped;
        if (kq_json_obj_next(&cur, &k, &k_len, &escaped, &val, &val_len) != 1) return false;
        const kq_dyn_member *m = &obj.value->u.members[i];
        if (m->key_len == key_len && memcmp(m->key, key, key_len) == 0) {
            *out = (json_node){&m->value, val, val + val_len};
            return true;
        }
    }
    return false;
}

typedef struct item_iter {
    const kq_dyn *array;
    uint32_t next;
    const char *p, *end;
} item_iter;

static bool items_begin(item_iter *it, json_node arr)
{
    if (arr.value->kind != KQ_D_ARRAY) return false;
    const char *p = kq_skip_blanks(arr.begin, arr.end);
    *it = (item_iter){arr.value, 0, p + 1, arr.end};
    return true;
}

static bool items_next(item_iter *it, json_node *out)
{
    if (it->next >= it->array->n) return false;
    const char *start = kq_skip_blanks(it->p, it->end);
    const char *stop = kq_json_skip_value(start, it->end);
    if (!stop) return false;
    *out = (json_node){&it->array->u.items[it->next++], start, stop};
    it->p = kq_skip_blanks(stop, it->end);
    if (it->p < it->end && *it->p == ',') it->p++;
    return true;
}

/* ---- kq_dyn helpers ---- */

static bool dyn_is_string(const kq_dyn *d)
{
    return d && d->kind == KQ_D_STRING;
}

/* A NUL-terminated copy of a string value, "" for anything else. */
static const char *dyn_cstr(kq_arena *a, const kq_dyn *d)
{
    return dyn_is_string(d) ? kq_arena_strdup(a, d->u.s, d->n) : "";
}

static bool dyn_equals(const kq_dyn *d, const char *s)
{
    return dyn_is_string(d) && d->n == strlen(s) && memcmp(d->u.s, s, d->n) == 0;
}

enum { FLAG_MISSING = -1, FLAG_FALSE = 0, FLAG_TRUE = 1, FLAG_INVALID = 2 };

/* MISP booleans: true/false, 1/0, "1"/"0", "true"/"false". */
static int dyn_flag(const kq_dyn *d)
{
    if (!d || d->kind == KQ_D_NULL) return FLAG_MISSING;
    if (d->kind == KQ_D_BOOL) return d->u.b ? FLAG_TRUE : FLAG_FALSE;
    if (d->kind == KQ_D_LONG && (d->u.i == 0 || d->u.i == 1)) return (int)d->u.i;
    if (d->kind == KQ_D_STRING) {
        if ((d->n == 1 && d->u.s[0] == '1') || (d->n == 4 && strncasecmp(d->u.s, "true", 4) == 0))
            return FLAG_TRUE;
        if ((d->n == 1 && d->u.s[0] == '0') || (d->n == 5 && strncasecmp(d->u.s, "false", 5) == 0))
            return FLAG_FALSE;
    }
    return FLAG_INVALID;
}

/* A Unix time in seconds (number or digit string) as ticks; 0 when absent or out of range. */
static int64_t dyn_unix_time(const kq_dyn *d)
{
    int64_t secs = 0;
    if (d && d->kind == KQ_D_LONG) secs = d->u.i;
    else if (dyn_is_string(d) && d->n > 0 && d->n <= 12) {
        for (uint32_t i = 0; i < d->n; i++) {
            if (d->u.s[i] < '0' || d->u.s[i] > '9') return 0;
            secs = secs * 10 + (d->u.s[i] - '0');
        }
    }
    const int64_t max_secs = (KQ_DATETIME_MAX_TICKS - KQ_UNIX_EPOCH_TICKS) / KQ_TICKS_PER_SECOND;
    if (secs <= 0 || secs > max_secs) return 0;
    return KQ_UNIX_EPOCH_TICKS + secs * KQ_TICKS_PER_SECOND;
}

/* A date or datetime text as ticks; 0 when absent or not a date. */
static int64_t dyn_date(const kq_dyn *d)
{
    int64_t ticks;
    if (dyn_is_string(d) && kq_dt_parse(d->u.s, d->n, &ticks)) return ticks;
    return 0;
}

/* ---- tags ---- */

static bool has_prefix(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && strncasecmp(s, prefix, k) == 0;
}

/* "white", "green", "amber" or "red" for the text after "tlp:", "" for other TLP labels. */
static const char *tlp_level(const char *s, size_t n)
{
    static const char *const levels[] = {"white", "green", "amber", "red"};
    if (n == 5 && strncasecmp(s, "clear", 5) == 0) return "white";
    if (n == 12 && strncasecmp(s, "amber+strict", 12) == 0) return "amber";
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (n == strlen(levels[i]) && strncasecmp(s, levels[i], n) == 0) return levels[i];
    return "";
}

/* How well a name says which malware the indicators belong to (lower is better). */
enum { RANK_MALWARE = 1, RANK_ACTOR, RANK_PLAIN_TAG, RANK_NONE };

typedef struct malware_pick {
    int rank;
    const char *name;
    size_t len;
} malware_pick;

static void pick_offer(malware_pick *pick, int rank, const char *name, size_t len)
{
    while (len > 0 && is_space(*name)) name++, len--;
    while (len > 0 && is_space(name[len - 1])) len--;
    if (len > 0 && rank < pick->rank) *pick = (malware_pick){rank, name, len};
}

static bool contains(const char *s, size_t n, const char *word)
{
    return memmem(s, n, word, strlen(word)) != NULL;
}

static int galaxy_rank(const char *type, size_t n)
{
    static const char *const families[] = {"malpedia", "ransomware", "rat",     "backdoor",
                                           "banker",   "botnet",     "stealer", "android",
                                           "exploit-kit"};
    if (contains(type, n, "malware") || contains(type, n, "tool")) return RANK_MALWARE;
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
        if (n == strlen(families[i]) && strncasecmp(type, families[i], n) == 0) return RANK_MALWARE;
    if (contains(type, n, "threat-actor") || contains(type, n, "intrusion-set") ||
        contains(type, n, "activity-group"))
        return RANK_ACTOR;
    return RANK_NONE;
}

/* Offers the cluster of a tag misp-galaxy:TYPE="VALUE". */
static void pick_galaxy_tag(malware_pick *pick, const char *s, size_t n)
{
    const char *prefix = "misp-galaxy:";
    if (!has_prefix(s, n, prefix)) return;
    s += strlen(prefix), n -= strlen(prefix);
    const char *eq = memchr(s, '=', n);
    if (!eq) return;
    const char *value = eq + 1;
    size_t value_len = n - (size_t)(value - s);
    if (value_len >= 2 && value[0] == '"' && value[value_len - 1] == '"') value++, value_len -= 2;
    pick_offer(pick, galaxy_rank(s, (size_t)(eq - s)), value, value_len);
}

/* Appends a tag to a comma-separated list unless it is already there. */
static void tags_append(kq_buf *list, const char *tag, size_t n)
{
    if (n == 0) return;
    for (size_t at = 0; at < list->len;) {
        const char *comma = memchr(list->p + at, ',', list->len - at);
        size_t stop = comma ? (size_t)(comma - list->p) : list->len;
        if (stop - at == n && memcmp(list->p + at, tag, n) == 0) return;
        at = stop + 1;
    }
    if (list->len) kq_buf_putc(list, ',');
    kq_buf_put(list, tag, n);
}

/* Walks a Tag array: tlp:* sets *tlp, other names go to the list, galaxy tags are offered. */
static void read_tags(const kq_dyn *tag_array, kq_buf *list, const char **tlp, malware_pick *pick)
{
    if (!tag_array || tag_array->kind != KQ_D_ARRAY) return;
    for (uint32_t i = 0; i < tag_array->n; i++) {
        const kq_dyn *name = kq_dyn_field(&tag_array->u.items[i], "name");
        if (!dyn_is_string(name)) continue;
        if (has_prefix(name->u.s, name->n, "tlp:")) {
            const char *level = tlp_level(name->u.s + 4, name->n - 4);
            if (level[0]) *tlp = level;
            continue;
        }
        tags_append(list, name->u.s, name->n);
        pick_galaxy_tag(pick, name->u.s, name->n);
    }
}

/* ---- one file ---- */

typedef struct misp_import {
    kq_ioc_set *set;
    kq_feed_stats *st;
    const char *path;
    kq_arena *arena; /* the file's tree and the context strings */
    kq_line_counter lines;
    kq_buf scratch;
} misp_import;

/* What every indicator of one event shares. */
typedef struct misp_event {
    const char *description;
    const char *provider;
    const char *reference;
    const char *tlp;
    const char *tags;
    const char *malware;
    int64_t date;
} misp_event;

static void skip(misp_import *imp, int64_t line, const char *value, size_t n, const char *reason)
{
    kq_ioc_set_reject(imp->set, imp->path, line, value, n, reason);
    imp->st->skipped++;
}

static void reject(misp_import *imp, int64_t line, const char *value, size_t n, const char *reason)
{
    kq_ioc_set_reject(imp->set, imp->path, line, value, n, reason);
    imp->st->rejected++;
}

static void add(misp_import *imp, kq_ioc_type hint, const char *value, size_t n,
                const kq_indicator *meta, const kq_ioc_source *src)
{
    if (kq_ioc_set_add(imp->set, hint, value, n, meta, src)) imp->st->indicators++;
    else imp->st->rejected++;
}

/* The MISP types kq hunts: one value, or two joined by '|' (right_is_port: the second is a port).
 * KQ_IOC_IPV4 stands for any IP address (the value decides: IPv4, IPv6 or CIDR). */
typedef struct misp_type {
    const char *name;
    kq_ioc_type left, right;
    bool right_is_port;
} misp_type;

static const misp_type hunted_types[] = {
    {"domain", KQ_IOC_DOMAIN, KQ_IOC_NONE, false},
    {"hostname", KQ_IOC_DOMAIN, KQ_IOC_NONE, false},
    {"url", KQ_IOC_URL, KQ_IOC_NONE, false},
    {"uri", KQ_IOC_URL, KQ_IOC_NONE, false},
    {"ip-dst", KQ_IOC_IPV4, KQ_IOC_NONE, false},
    {"ip-src", KQ_IOC_IPV4, KQ_IOC_NONE, false},
    {"ip-dst|port", KQ_IOC_IPV4, KQ_IOC_NONE, true},
    {"ip-src|port", KQ_IOC_IPV4, KQ_IOC_NONE, true},
    {"hostname|port", KQ_IOC_DOMAIN, KQ_IOC_NONE, true},
    {"domain|ip", KQ_IOC_DOMAIN, KQ_IOC_IPV4, false},
    {"md5", KQ_IOC_MD5, KQ_IOC_NONE, false},
    {"sha1", KQ_IOC_SHA1, KQ_IOC_NONE, false},
    {"sha256", KQ_IOC_SHA256, KQ_IOC_NONE, false},
    {"filename|md5", KQ_IOC_FILENAME, KQ_IOC_MD5, false},
    {"filename|sha1", KQ_IOC_FILENAME, KQ_IOC_SHA1, false},
    {"filename|sha256", KQ_IOC_FILENAME, KQ_IOC_SHA256, false},
    {"filename", KQ_IOC_FILENAME, KQ_IOC_NONE, false},
    {"email", KQ_IOC_EMAIL, KQ_IOC_NONE, false},
    {"email-src", KQ_IOC_EMAIL, KQ_IOC_NONE, false},
    {"email-dst", KQ_IOC_EMAIL, KQ_IOC_NONE, false},
};

static const misp_type *find_type(const kq_dyn *type)
{
    for (size_t i = 0; i < sizeof hunted_types / sizeof hunted_types[0]; i++)
        if (dyn_equals(type, hunted_types[i].name)) return &hunted_types[i];
    return NULL;
}

static kq_ioc_type ip_hint(const char *s, size_t n)
{
    if (memchr(s, '/', n)) return KQ_IOC_CIDR;
    if (memchr(s, ':', n)) return KQ_IOC_IPV6;
    return KQ_IOC_IPV4;
}

/* A decimal port 1..65535, or 0. */
static int parse_port(const char *s, size_t n)
{
    while (n > 0 && is_space(*s)) s++, n--;
    while (n > 0 && is_space(s[n - 1])) n--;
    if (n == 0 || n > 5) return 0;
    int port = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        port = port * 10 + (s[i] - '0');
    }
    return port <= 65535 ? port : 0;
}

static void add_part(misp_import *imp, kq_ioc_type hint, const char *value, size_t n,
                     const kq_indicator *meta, const kq_ioc_source *src)
{
    if (hint == KQ_IOC_IPV4) hint = ip_hint(value, n);
    add(imp, hint, value, n, meta, src);
}

static void import_attribute(misp_import *imp, const misp_event *ev, json_node node,
                             bool object_deleted)
{
    int64_t line = kq_line_of(&imp->lines, node.begin);
    const kq_dyn *attr = node.value;
    if (attr->kind != KQ_D_OBJECT) {
        reject(imp, line, "", 0, "MISP attribute is not a JSON object");
        return;
    }
    imp->st->records++;
    const kq_dyn *type = kq_dyn_field(attr, "type");
    const kq_dyn *value = kq_dyn_field(attr, "value");
    if (!dyn_is_string(value)) {
        reject(imp, line, "", 0, "MISP attribute has no text value");
        return;
    }
    const char *v = value->u.s;
    size_t vn = value->n;
    if (!dyn_is_string(type)) {
        reject(imp, line, v, vn, "MISP attribute has no type");
        return;
    }
    if (object_deleted) {
        skip(imp, line, v, vn, "MISP object is deleted");
        return;
    }
    if (dyn_flag(kq_dyn_field(attr, "deleted")) == FLAG_TRUE) {
        skip(imp, line, v, vn, "MISP attribute is deleted");
        return;
    }
    int to_ids = dyn_flag(kq_dyn_field(attr, "to_ids"));
    if (to_ids == FLAG_INVALID) {
        skip(imp, line, v, vn, "to_ids is not a boolean (context, not for detection)");
        return;
    }
    bool context = to_ids != FLAG_TRUE; /* hunted only with --misp-context */
    if (context && !imp->set->misp_context) {
        skip(imp, line, v, vn, to_ids == FLAG_FALSE ? "to_ids is false (context, not for detection; --misp-context hunts it)"
                                                    : "to_ids is missing (context, not for detection; --misp-context hunts it)");
        return;
    }
    if (dyn_equals(type, "link")) {
        skip(imp, line, v, vn, "MISP type 'link' is a reference, not an indicator");
        return;
    }
    const misp_type *mt = find_type(type);
    if (!mt) {
        char reason[160];
        snprintf(reason, sizeof reason, "MISP type '%.*s' is not hunted", (int)(type->n > 64 ? 64 : type->n),
                 type->u.s);
        skip(imp, line, v, vn, reason);
        return;
    }

    const char *left = v, *right = NULL;
    size_t left_len = vn, right_len = 0;
    bool composite = mt->right != KQ_IOC_NONE || mt->right_is_port;
    if (composite) {
        const char *bar = NULL;
        for (const char *p = v + vn; p > v; p--)
            if (p[-1] == '|') {
                bar = p - 1;
                break;
            }
        if (!bar) {
            reject(imp, line, v, vn, "composite MISP value without '|'");
            return;
        }
        left_len = (size_t)(bar - v);
        right = bar + 1;
        right_len = vn - left_len - 1;
    }

    kq_buf *tags = &imp->scratch;
    kq_buf_clear(tags);
    kq_buf_puts(tags, ev->tags);
    const char *tlp = ev->tlp;
    malware_pick own = {RANK_PLAIN_TAG, NULL, 0}; /* only galaxy clusters of the attribute count */
    read_tags(kq_dyn_field(attr, "Tag"), tags, &tlp, &own);
    if (context) tags_append(tags, "misp-context", 12);

    kq_indicator meta;
    memset(&meta, 0, sizeof meta);
    meta.malware = own.name ? kq_arena_strdup(imp->arena, own.name, own.len) : ev->malware;
    meta.tags = kq_buf_cstr(tags);
    meta.description = ev->description;
    meta.tlp = tlp;
    meta.confidence = -1;
    meta.first_seen = dyn_date(kq_dyn_field(attr, "first_seen"));
    if (!meta.first_seen) meta.first_seen = dyn_unix_time(kq_dyn_field(attr, "timestamp"));
    if (!meta.first_seen) meta.first_seen = ev->date;
    meta.last_seen = dyn_date(kq_dyn_field(attr, "last_seen"));

    kq_ioc_source src = {imp->path, line, ev->provider, ev->reference,
                         dyn_cstr(imp->arena, kq_dyn_field(attr, "uuid"))};
    if (mt->right_is_port) {
        meta.port = parse_port(right, right_len);
        if (!meta.port) {
            reject(imp, line, v, vn, "invalid port in MISP value");
            return;
        }
    }
    add_part(imp, mt->left, left, left_len, &meta, &src);
    if (mt->right != KQ_IOC_NONE) add_part(imp, mt->right, right, right_len, &meta, &src);
}

static bool is_link(const kq_dyn *attr)
{
    return dyn_equals(kq_dyn_field(attr, "type"), "link") && dyn_is_string(kq_dyn_field(attr, "value")) &&
           dyn_flag(kq_dyn_field(attr, "deleted")) != FLAG_TRUE;
}

/* The value of the event's first "link" attribute (top level, then in objects), or "". */
static const char *first_link(kq_arena *a, const kq_dyn *event)
{
    const kq_dyn *attrs = kq_dyn_field(event, "Attribute");
    for (uint32_t i = 0; attrs && attrs->kind == KQ_D_ARRAY && i < attrs->n; i++)
        if (is_link(&attrs->u.items[i])) return dyn_cstr(a, kq_dyn_field(&attrs->u.items[i], "value"));
    const kq_dyn *objects = kq_dyn_field(event, "Object");
    for (uint32_t i = 0; objects && objects->kind == KQ_D_ARRAY && i < objects->n; i++) {
        const kq_dyn *inner = kq_dyn_field(&objects->u.items[i], "Attribute");
        for (uint32_t j = 0; inner && inner->kind == KQ_D_ARRAY && j < inner->n; j++)
            if (is_link(&inner->u.items[j])) return dyn_cstr(a, kq_dyn_field(&inner->u.items[j], "value"));
    }
    return "";
}

static void read_event_context(misp_import *imp, const kq_dyn *event, misp_event *ev)
{
    kq_arena *a = imp->arena;
    const kq_dyn *info = kq_dyn_field(event, "info");
    ev->description = dyn_cstr(a, info);
    const kq_dyn *org = kq_dyn_field(kq_dyn_field(event, "Orgc"), "name");
    if (!dyn_is_string(org)) org = kq_dyn_field(kq_dyn_field(event, "Org"), "name");
    kq_buf *b = &imp->scratch;
    kq_buf_clear(b);
    kq_buf_puts(b, "MISP");
    if (dyn_is_string(org) && org->n > 0) {
        kq_buf_puts(b, ": ");
        kq_buf_put(b, org->u.s, org->n);
    }
    ev->provider = kq_arena_strdup(a, b->p, b->len);
    ev->reference = first_link(a, event);
    ev->date = dyn_date(kq_dyn_field(event, "date"));

    ev->tlp = "";
    malware_pick pick = {RANK_NONE, NULL, 0};
    const kq_dyn *galaxies = kq_dyn_field(event, "Galaxy");
    for (uint32_t i = 0; galaxies && galaxies->kind == KQ_D_ARRAY && i < galaxies->n; i++) {
        const kq_dyn *g = &galaxies->u.items[i];
        const kq_dyn *type = kq_dyn_field(g, "type");
        const kq_dyn *clusters = kq_dyn_field(g, "GalaxyCluster");
        if (!dyn_is_string(type) || !clusters || clusters->kind != KQ_D_ARRAY) continue;
        int rank = galaxy_rank(type->u.s, type->n);
        for (uint32_t j = 0; j < clusters->n; j++) {
            const kq_dyn *value = kq_dyn_field(&clusters->u.items[j], "value");
            if (dyn_is_string(value)) pick_offer(&pick, rank, value->u.s, value->n);
        }
    }
    kq_buf_clear(b);
    const kq_dyn *tag_array = kq_dyn_field(event, "Tag");
    read_tags(tag_array, b, &ev->tlp, &pick);
    ev->tags = kq_arena_strdup(a, b->p ? b->p : "", b->len);
    for (uint32_t i = 0; tag_array && tag_array->kind == KQ_D_ARRAY && i < tag_array->n; i++) {
        const kq_dyn *name = kq_dyn_field(&tag_array->u.items[i], "name");
        if (!dyn_is_string(name) || memchr(name->u.s, ':', name->n) || memchr(name->u.s, '=', name->n))
            continue;
        if (dyn_is_string(org) && org->n == name->n && strncasecmp(org->u.s, name->u.s, name->n) == 0)
            continue;
        pick_offer(&pick, RANK_PLAIN_TAG, name->u.s, name->n);
    }
    ev->malware = pick.name ? kq_arena_strdup(a, pick.name, pick.len) : "";
}

static void import_event(misp_import *imp, json_node event)
{
    misp_event ev;
    read_event_context(imp, event.value, &ev);

    json_node list, item;
    item_iter it;
    if (node_member(event, "Attribute", &list)) {
        if (items_begin(&it, list))
            while (items_next(&it, &item)) import_attribute(imp, &ev, item, false);
        else if (list.value->kind != KQ_D_NULL)
            reject(imp, kq_line_of(&imp->lines, list.begin), "", 0, "MISP Event.Attribute is not an array");
    }
    if (node_member(event, "Object", &list)) {
        if (items_begin(&it, list)) {
            json_node object;
            while (items_next(&it, &object)) {
                json_node attrs;
                item_iter inner;
                if (object.value->kind != KQ_D_OBJECT) {
                    reject(imp, kq_line_of(&imp->lines, object.begin), "", 0,
                           "MISP object is not a JSON object");
                    continue;
                }
                bool deleted = dyn_flag(kq_dyn_field(object.value, "deleted")) == FLAG_TRUE;
                if (node_member(object, "Attribute", &attrs) && items_begin(&inner, attrs))
                    while (items_next(&inner, &item)) import_attribute(imp, &ev, item, deleted);
            }
        } else if (list.value->kind != KQ_D_NULL) {
            reject(imp, kq_line_of(&imp->lines, list.begin), "", 0, "MISP Event.Object is not an array");
        }
    }
}

static int64_t line_at_offset(const char *text, size_t off)
{
    int64_t line = 1;
    for (size_t i = 0; i < off; i++) line += text[i] == '\n';
    return line;
}

/* Steps over a UTF-8 byte order mark, which some tools write before JSON. */
static void skip_bom(const char **text, size_t *n)
{
    if (*n >= 3 && memcmp(*text, "\xEF\xBB\xBF", 3) == 0) *text += 3, *n -= 3;
}

/* Parses a whole file into the arena; KQ_ERR_INPUT with the line of the problem when invalid. */
static int parse_file(const char *path, const char *text, size_t n, kq_arena *a, kq_dyn *root,
                      kq_error *err)
{
    size_t err_off = 0;
    if (kq_json_parse(text, n, a, root, &err_off)) return 0;
    kq_error_input(err, KQ_ERR_INPUT, path, line_at_offset(text, err_off),
                   "not valid JSON (byte %zu): a MISP file must be a JSON document", err_off);
    return KQ_ERR_INPUT;
}

static int import_event_file(kq_ioc_set *s, const char *path, const char *text, size_t n,
                             kq_feed_stats *st, kq_error *err)
{
    skip_bom(&text, &n);
    kq_arena arena;
    kq_arena_init(&arena, 0);
    kq_dyn root;
    int rc = parse_file(path, text, n, &arena, &root, err);
    if (rc) {
        kq_arena_free(&arena);
        return rc;
    }
    misp_import imp = {s, st, path, &arena, {text, text, 1}, {0}};
    kq_buf_init(&imp.scratch);
    json_node top = {&root, text, text + n}, event, response, item;
    item_iter it;
    if (node_member(top, "Event", &event) && event.value->kind == KQ_D_OBJECT) {
        import_event(&imp, event);
    } else if (node_member(top, "response", &response) && items_begin(&it, response)) {
        while (items_next(&it, &item)) {
            if (node_member(item, "Event", &event) && event.value->kind == KQ_D_OBJECT)
                import_event(&imp, event);
            else
                reject(&imp, kq_line_of(&imp.lines, item.begin), "", 0,
                       "MISP response item has no Event object");
        }
    } else if (root.kind == KQ_D_OBJECT &&
               (kq_dyn_field(&root, "Attribute") || kq_dyn_field(&root, "Object") || kq_dyn_field(&root, "info"))) {
        import_event(&imp, top);
    } else {
        kq_error_input(err, KQ_ERR_INPUT, path, 1, "not a MISP event: expected {\"Event\": {...}}, "
                                                    "{\"response\": [...]} or an event object");
        rc = KQ_ERR_INPUT;
    }
    kq_buf_free(&imp.scratch);
    kq_arena_free(&arena);
    return rc;
}

int kq_feed_misp_event(kq_ioc_set *s, const char *path, const char *text, size_t n, kq_feed_stats *st,
                       kq_error *err)
{
    kq_feed_stats discarded = {0};
    if (!st) st = &discarded;
    st->format = KQ_FEED_MISP;
    return import_event_file(s, path, text, n, st, err);
}

/* ---- a MISP feed directory ---- */

/* Reads a whole file (NUL-terminated). Returns false with errno set when it cannot. */
static bool read_whole_file(const char *path, char **text, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    kq_buf b;
    kq_buf_init(&b);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) kq_buf_put(&b, chunk, got);
    bool ok = !ferror(f);
    int saved = errno;
    fclose(f);
    if (!ok) {
        kq_buf_free(&b);
        errno = saved ? saved : EIO;
        return false;
    }
    kq_buf_cstr(&b);
    *text = b.p;
    *n = b.len;
    return true;
}

/* MISP event uuids are hex digits and dashes; anything else never names a file here. */
static bool is_event_uuid(const char *s, size_t n)
{
    if (n == 0 || n > 64) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-'))
            return false;
    }
    return true;
}

/* Imports the events a manifest names, each from <dir><uuid>.json; path holds <dir> (dir_len bytes)
 * and is reused for the event paths. */
static int import_manifest(kq_ioc_set *s, const char *manifest_path, const char *text, size_t n,
                           kq_buf *path, size_t dir_len, kq_feed_stats *st, kq_error *err)
{
    skip_bom(&text, &n);
    kq_arena arena;
    kq_arena_init(&arena, 0);
    kq_dyn root;
    int rc = parse_file(manifest_path, text, n, &arena, &root, err);
    if (rc == 0 && root.kind != KQ_D_OBJECT) {
        kq_error_input(err, KQ_ERR_INPUT, manifest_path, 1,
                       "not a MISP feed manifest: expected an object keyed by event uuid");
        rc = KQ_ERR_INPUT;
    }
    /* the keys in order, walked in the text for their lines */
    kq_json_cursor cur;
    kq_line_counter lines = {text, text, 1};
    kq_json_obj_begin(&cur, text, n);
    for (uint32_t i = 0; rc == 0 && i < root.n; i++) {
        const char *key, *val;
        size_t key_len, val_len;
        bool escaped;
        if (kq_json_obj_next(&cur, &key, &key_len, &escaped, &val, &val_len) != 1) break;
        int64_t line = kq_line_of(&lines, key);
        const kq_dyn_member *m = &root.u.members[i];
        if (!is_event_uuid(m->key, m->key_len)) {
            kq_ioc_set_reject(s, manifest_path, line, m->key, m->key_len,
                              "manifest key is not an event uuid");
            st->rejected++;
            continue;
        }
        path->len = dir_len;
        kq_buf_put(path, m->key, m->key_len);
        kq_buf_puts(path, ".json");
        const char *event_path = kq_buf_cstr(path);
        char *event_text;
        size_t event_len;
        if (!read_whole_file(event_path, &event_text, &event_len)) {
            if (errno == ENOENT) { /* a feed directory often holds only its latest events */
                if (!st->missing_files) st->first_missing = kq_ioc_cstr(s, event_path);
                st->missing_files++;
                continue;
            }
            char reason[256];
            snprintf(reason, sizeof reason, "cannot read event file %.*s.json: %s", (int)m->key_len,
                     m->key, strerror(errno));
            kq_ioc_set_reject(s, manifest_path, line, m->key, m->key_len, reason);
            st->rejected++;
            continue;
        }
        rc = import_event_file(s, event_path, event_text, event_len, st, err);
        free(event_text);
    }
    kq_arena_free(&arena);
    return rc;
}

int kq_feed_misp_dir(kq_ioc_set *s, const char *dir, kq_feed_stats *st, kq_error *err)
{
    kq_feed_stats discarded = {0};
    if (!st) st = &discarded;
    st->format = KQ_FEED_MISP;
    kq_buf path;
    kq_buf_init(&path);
    kq_buf_puts(&path, dir);
    if (path.len == 0 || path.p[path.len - 1] != '/') kq_buf_putc(&path, '/');
    size_t dir_len = path.len;
    kq_buf_puts(&path, "manifest.json");
    char *manifest_path = kq_xstrdup(kq_buf_cstr(&path));

    int rc;
    char *text;
    size_t n;
    if (read_whole_file(manifest_path, &text, &n)) {
        rc = import_manifest(s, manifest_path, text, n, &path, dir_len, st, err);
        free(text);
    } else {
        kq_error_input(err, KQ_ERR_INPUT, manifest_path, 0, "cannot read the MISP feed manifest: %s",
                       strerror(errno));
        rc = KQ_ERR_INPUT;
    }
    free(manifest_path);
    kq_buf_free(&path);
    return rc;
}
