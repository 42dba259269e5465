/*
 * run.c - a hunt from start to end: the indicators become ThreatIntelligenceIndicator rows bound
 * in the engine, every table the logs provide is matched with the kinds of indicators its
 * columns can hold (plan.c), each hunt runs as a KQL query, and every result row becomes a hit
 * with its indicator, its event and the file and line the event came from. Exclusion rules are
 * evaluated in the same query (a case() naming the first rule that matches), warninglists per
 * indicator; suppressed hits are kept and counted, never silently dropped.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/error.h"
#include "hunt.h"
#include "report_common.h"

enum { MAX_TARGETS = 64, MAX_LISTED_WARNINGLISTED = 500 };

typedef struct run_state {
    kq_arena arena;          /* strings of the report */
    kq_engine *e;
    kq_ioc_set *iocs;
    const kq_hunt_options *o;
    const kq_exclusions *x;
    kq_hunt_report *r;
    /* IndicatorId -> index */
    char (*ids)[20];
    size_t *id_slots;
    size_t id_mask;
    /* growable arrays of the report */
    size_t cap_hunts, cap_skips, cap_tables, cap_hits, cap_rules;
    size_t hits_over_cap;   /* hits kept without their event fields */
    const char **intern;     /* open addressing over strings in the arena */
    size_t intern_cap, intern_count;
} run_state;

static const char *keep(run_state *st, const char *s)
{
    return kq_arena_strdup(&st->arena, s ? s : "", s ? strlen(s) : 0);
}

#define GROW(arr, n, cap)                                                    \
    do {                                                                     \
        if ((n) == (cap)) {                                                  \
            (cap) = (cap) ? (cap) * 2 : 16;                                  \
            (arr) = kq_xrealloc((arr), (cap) * sizeof *(arr));               \
        }                                                                    \
    } while (0)

static void add_skip(run_state *st, const char *what, const char *reason)
{
    kq_hunt_report *r = st->r;
    GROW(r->skips, r->nskips, st->cap_skips);
    r->skips[r->nskips++] = (kq_hunt_skip){keep(st, what), keep(st, reason)};
}

/* ---- indicator states and ids ---- */

static void classify_indicators(run_state *st, const kq_warninglists *w)
{
    kq_hunt_report *r = st->r;
    size_t n = st->iocs->n;
    unsigned char *state = kq_arena_zalloc(&st->arena, n ? n : 1);
    const kq_warninglist **lists = kq_arena_zalloc(&st->arena, sizeof *lists * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        const kq_indicator *ioc = &st->iocs->items[i];
        if (ioc->revoked) state[i] = KQ_IOC_REVOKED, r->revoked++;
        else if (ioc->expires && ioc->expires <= st->o->now) state[i] = KQ_IOC_EXPIRED, r->expired++;
        else if (ioc->valid_from > st->o->now) state[i] = KQ_IOC_NOT_YET_VALID, r->not_yet_valid++;
        else if (st->o->min_confidence >= 0 && ioc->confidence >= 0 && ioc->confidence < st->o->min_confidence)
            state[i] = KQ_IOC_LOW_CONFIDENCE, r->low_confidence++;
        else r->hunted++;
        if (w) lists[i] = kq_warninglists_match(w, ioc);
    }
    r->ioc_state = state;
    r->ioc_warninglist = lists;
    r->min_confidence = st->o->min_confidence;

    size_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    st->ids = kq_arena_alloc(&st->arena, sizeof *st->ids * (n ? n : 1));
    st->id_slots = kq_arena_zalloc(&st->arena, sizeof *st->id_slots * cap);
    st->id_mask = cap - 1;
    for (size_t i = 0; i < n; i++) {
        kq_tii_indicator_id(&st->iocs->items[i], st->ids[i]);
        size_t h = strtoull(st->ids[i] + 3, NULL, 16) & st->id_mask;
        while (st->id_slots[h]) h = (h + 1) & st->id_mask;
        st->id_slots[h] = i + 1;
    }
}

static long find_indicator(const run_state *st, const char *id)
{
    if (strncmp(id, "kq-", 3) != 0) return -1;
    size_t h = strtoull(id + 3, NULL, 16) & st->id_mask;
    while (st->id_slots[h]) {
        size_t i = st->id_slots[h] - 1;
        if (strcmp(st->ids[i], id) == 0) return (long)i;
        h = (h + 1) & st->id_mask;
    }
    return -1;
}

/* ---- the tables of the logs ---- */

typedef struct table_info {
    const char *name;
    int ncols;
    const char **names;
    kq_type *types;
    int files;
} table_info;

/* columns of a table or view with input, by preparing "T | take 0"; false when it has none */
static bool describe_table(run_state *st, const char *name, table_info *t)
{
    kq_buf q;
    kq_buf_init(&q);
    kq_buf_printf(&q, "['%s'] | take 0", name);
    kq_query *query;
    kq_error err;
    bool ok = kq_prepare(st->e, q.p, q.len, &query, &err) == 0;
    kq_buf_free(&q);
    if (!ok) return false;
    ok = kq_query_next_result(query, &err) == KQ_OK;
    if (ok) {
        t->name = keep(st, name);
        t->ncols = kq_query_column_count(query);
        t->names = kq_arena_alloc(&st->arena, sizeof(char *) * (size_t)(t->ncols + 1));
        t->types = kq_arena_alloc(&st->arena, sizeof(kq_type) * (size_t)(t->ncols + 1));
        for (int i = 0; i < t->ncols; i++) {
            t->names[i] = keep(st, kq_query_column_name(query, i));
            t->types[i] = kq_query_column_type(query, i);
        }
    }
    kq_query_free(query);
    return ok;
}

/* the first table a view reads: the first name of its KQL */
static const char *view_source(run_state *st, const char *kql)
{
    while (*kql == ' ' || *kql == '\n' || *kql == '\t') kql++;
    size_t n = 0;
    while (kql[n] && (kql[n] == '_' || (kql[n] >= 'A' && kql[n] <= 'Z') || (kql[n] >= 'a' && kql[n] <= 'z') ||
                      (kql[n] >= '0' && kql[n] <= '9')))
        n++;
    return kq_arena_strdup(&st->arena, kql, n);
}

static int catalog_index(const char *name)
{
    for (int i = 0; i < kq_catalog_table_count(); i++)
        if (strcmp(kq_catalog_table_name(i), name) == 0) return i;
    return -1;
}

static int collect_tables(run_state *st, table_info **out)
{
    kq_engine *e = st->e;
    int nbound = kq_engine_table_count(e), nviews = kq_engine_view_count(e);
    table_info *tables = kq_arena_zalloc(&st->arena, sizeof *tables * (size_t)(nbound + nviews + 1));
    const char **covered = kq_arena_zalloc(&st->arena, sizeof(char *) * (size_t)(nviews + 1));
    int n = 0, ncovered = 0;
    for (int v = 0; v < nviews; v++) {
        const char *name = kq_engine_view_name(e, v);
        if (strcmp(name, "ThreatIntelligenceIndicator") == 0) continue;
        table_info t = {0};
        if (!describe_table(st, name, &t)) continue;
        const char *source = view_source(st, kq_engine_view_kql(e, v));
        /* a view reads its source and the files bound to its own name */
        for (int i = 0; i < nbound; i++)
            if (strcmp(kq_engine_table_name(e, i), source) == 0 || strcmp(kq_engine_table_name(e, i), name) == 0)
                t.files += kq_engine_table_file_count(e, i);
        covered[ncovered++] = source;
        tables[n++] = t;
    }
    for (int i = 0; i < nbound; i++) {
        const char *name = kq_engine_table_name(e, i);
        if (strcmp(name, "ThreatIntelligenceIndicator") == 0 || kq_engine_table_file_count(e, i) == 0) continue;
        bool is_covered = false;
        for (int c = 0; c < ncovered; c++) is_covered |= strcmp(covered[c], name) == 0;
        bool is_view = false;
        for (int k = 0; k < n; k++) is_view |= strcmp(tables[k].name, name) == 0;
        if (is_covered || is_view) continue;
        table_info t = {0};
        if (!describe_table(st, name, &t)) continue;
        t.files = kq_engine_table_file_count(e, i);
        tables[n++] = t;
    }
    *out = tables;
    return n;
}

/* ---- exclusion rules for one hunt ---- */

/* Does the predicate bind over the hunt's rows? 1 yes, 0 no (a column it names is not there),
 * -1 an error in the predicate itself (err filled). */
static int rule_binds(run_state *st, const char *hunt_kql, const kq_exclusion_rule *rule, kq_error *err)
{
    kq_buf q;
    kq_buf_init(&q);
    kq_buf_printf(&q, "%s| where (%s\n)\n| take 0", hunt_kql, rule->where);
    kq_query *query;
    int rc = kq_prepare(st->e, q.p, q.len, &query, err);
    kq_buf_free(&q);
    if (rc == 0) {
        kq_query_free(query);
        return 1;
    }
    if (strncmp(err->message, "unknown column", 14) == 0 || strncmp(err->message, "unknown name", 12) == 0) return 0;
    return -1;
}

/* ---- hits ---- */

static const char *const time_columns[] = {"TimeGenerated", "Timestamp", "timestamp", "ts", "EventTime",
                                           "TimeCreated", "@timestamp", NULL};
static const char *const host_columns[] = {"Computer", "DeviceName", "Hostname", "HostName", "hostname",
                                           "Policy Identity", "ClientIP", "InternalIp", "src_ip",
                                           "id.orig_h", "SourceIP", "SourceIp", "payload_sourceIP_s", NULL};

static int column_named(const kq_query *q, const char *name)
{
    for (int i = 0; i < kq_query_column_count(q); i++)
        if (strcmp(kq_query_column_name(q, i), name) == 0) return i;
    return -1;
}

static bool is_hunt_column(const char *name)
{
    return strncmp(name, "Indicator", 9) == 0 || strncmp(name, "_kq_", 4) == 0 || strcmp(name, "KqExcludedBy") == 0;
}

/* a cell as Kusto prints it, as a C string in scratch: a NUL byte inside becomes the text \x00,
 * so that nothing after it is lost */
static const char *cell_scratch(const kq_value *v, kq_buf *scratch)
{
    size_t want = kq_value_format(v, NULL, 0);
    kq_buf_clear(scratch);
    kq_buf_reserve(scratch, want + 1);
    kq_value_format(v, scratch->p, want + 1);
    scratch->len = want;
    if (memchr(scratch->p, 0, want)) {
        kq_buf visible;
        kq_buf_init(&visible);
        for (size_t i = 0; i < want; i++) {
            if (scratch->p[i]) kq_buf_putc(&visible, scratch->p[i]);
            else kq_buf_puts(&visible, "\\x00");
        }
        kq_buf_clear(scratch);
        kq_buf_put(scratch, visible.p, visible.len);
        kq_buf_free(&visible);
    }
    return kq_buf_cstr(scratch);
}

static const char *cell_text(run_state *st, const kq_value *v, kq_buf *scratch)
{
    const char *text = cell_scratch(v, scratch);
    return kq_arena_strdup(&st->arena, text, scratch->len);
}

/* the same text for repeated values (hosts, files): one copy in the arena */
static const char *interned(run_state *st, const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) h = (h ^ *p) * 1099511628211ull;
    if (st->intern_count * 2 >= st->intern_cap) {
        size_t cap = st->intern_cap ? st->intern_cap * 2 : 256;
        const char **slots = kq_xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < st->intern_cap; i++) {
            const char *t = st->intern[i];
            if (!t) continue;
            uint64_t g = 1469598103934665603ull;
            for (const unsigned char *p = (const unsigned char *)t; *p; p++) g = (g ^ *p) * 1099511628211ull;
            size_t at = (size_t)g & (cap - 1);
            while (slots[at]) at = (at + 1) & (cap - 1);
            slots[at] = t;
        }
        free(st->intern);
        st->intern = slots;
        st->intern_cap = cap;
    }
    size_t at = (size_t)h & (st->intern_cap - 1);
    while (st->intern[at]) {
        if (strcmp(st->intern[at], s) == 0) return st->intern[at];
        at = (at + 1) & (st->intern_cap - 1);
    }
    st->intern[at] = keep(st, s);
    st->intern_count++;
    return st->intern[at];
}

typedef struct hit_columns {
    int id, excluded, file, line, matched, time, nhosts;
    int hosts[16];
} hit_columns;

static void find_hit_columns(const kq_query *q, const kq_hunt_target *t, hit_columns *c)
{
    c->id = column_named(q, "IndicatorId");
    c->excluded = column_named(q, "KqExcludedBy");
    c->file = column_named(q, KQ_SOURCE_FILE_COLUMN);
    c->line = column_named(q, KQ_SOURCE_LINE_COLUMN);
    c->matched = column_named(q, t->column);
    c->time = -1;
    for (int i = 0; time_columns[i] && c->time < 0; i++) {
        int at = column_named(q, time_columns[i]);
        if (at >= 0 && kq_query_column_type(q, at) == KQ_T_DATETIME) c->time = at;
    }
    c->nhosts = 0;
    /* in DnsEvents, Computer is the DNS server that logged the query: the host a hit is about
     * is the client that asked */
    if (strcmp(t->table, "DnsEvents") == 0) {
        int client = column_named(q, "ClientIP");
        if (client >= 0) c->hosts[c->nhosts++] = client;
    }
    for (int i = 0; host_columns[i] && c->nhosts < 16; i++) {
        int at = column_named(q, host_columns[i]);
        if (at >= 0) c->hosts[c->nhosts++] = at;
    }
}

static void take_row(run_state *st, const kq_query *q, const hit_columns *c, size_t hunt_index, kq_buf *scratch)
{
    kq_hunt_report *r = st->r;
    kq_hunt_query *h = &r->hunts[hunt_index];
    const kq_value *idv = kq_query_value(q, c->id);
    char id[24] = "";
    if (idv->type == KQ_T_STRING && idv->len < sizeof id) memcpy(id, idv->u.s, idv->len), id[idv->len] = 0;
    long at = find_indicator(st, id);
    if (at < 0) return; /* a row of an indicator kq did not write: cannot happen with kq's own table */
    const kq_indicator *ioc = &st->iocs->items[at];
    const char *by = NULL, *why = NULL;
    const kq_warninglist *wl = r->ioc_warninglist[at];
    if (!st->o->no_exclusions && wl) {
        char name[300];
        snprintf(name, sizeof name, "warninglist:%s", kq_warninglist_id(wl));
        by = keep(st, name);
        why = kq_warninglist_description(wl);
        for (size_t k = 0; k < r->nrules; k++)
            if (strcmp(r->rules[k].name, name) == 0) r->rules[k].suppressed++;
    } else if (c->excluded >= 0) {
        /* KqExcludedBy: the index of the first rule that matched, -1 for none */
        const kq_value *ex = kq_query_value(q, c->excluded);
        if (!ex->null && ex->u.i >= 0 && (size_t)ex->u.i < st->x->n) {
            const kq_exclusion_rule *rule = &st->x->rules[ex->u.i];
            for (size_t k = 0; k < r->nrules; k++)
                if (r->rules[k].name == rule->name) r->rules[k].suppressed++;
            by = rule->name;
            why = rule->reason;
        }
    }
    if (by) h->suppressed++;
    else {
        h->hits++;
        r->reported++;
    }
    GROW(r->hits, r->nhits, st->cap_hits);
    kq_hit *hit = &r->hits[r->nhits++];
    memset(hit, 0, sizeof *hit);
    hit->ioc = ioc;
    hit->hunt = hunt_index;
    hit->table = h->table;
    hit->column = h->columns;
    hit->matched = c->matched >= 0 ? cell_text(st, kq_query_value(q, c->matched), scratch) : "";
    if (c->time >= 0) {
        const kq_value *tv = kq_query_value(q, c->time);
        if (!tv->null) hit->time = tv->u.i;
    }
    hit->host = "";
    for (int i = 0; i < c->nhosts; i++) {
        const kq_value *hv = kq_query_value(q, c->hosts[i]);
        if (hv->type == KQ_T_STRING && hv->len) {
            hit->host = interned(st, cell_scratch(hv, scratch));
            break;
        }
    }
    hit->source_file = c->file >= 0 ? interned(st, cell_scratch(kq_query_value(q, c->file), scratch)) : "";
    if (c->line >= 0) hit->source_line = kq_query_value(q, c->line)->u.i;
    hit->suppressed_by = by;
    hit->suppressed_reason = why ? why : NULL;
    /* every hit is kept and counted; past --max-hits without the event's fields */
    if (r->nhits > st->o->max_hits) {
        st->hits_over_cap++;
        return;
    }
    int ncols = kq_query_column_count(q), nfields = 0;
    hit->fields = kq_arena_alloc(&st->arena, sizeof(kq_hit_field) * (size_t)(ncols ? ncols : 1));
    for (int i = 0; i < ncols; i++) {
        const char *name = kq_query_column_name(q, i);
        if (is_hunt_column(name)) continue;
        hit->fields[nfields].name = keep(st, name);
        hit->fields[nfields].value = cell_text(st, kq_query_value(q, i), scratch);
        nfields++;
    }
    hit->nfields = (size_t)nfields;
}

static int run_hunt(run_state *st, const char *kql, const kq_hunt_target *t, size_t hunt_index, kq_error *err)
{
    kq_query *q;
    if (kq_prepare(st->e, kql, strlen(kql), &q, err) != 0) return err->code;
    int rc = kq_query_next_result(q, err);
    if (rc == KQ_DONE) {
        kq_query_free(q);
        return 0;
    }
    if (rc != KQ_OK) {
        kq_query_free(q);
        return rc;
    }
    hit_columns c;
    find_hit_columns(q, t, &c);
    kq_buf scratch;
    kq_buf_init(&scratch);
    while ((rc = kq_query_step(q, err)) == KQ_ROW) take_row(st, q, &c, hunt_index, &scratch);
    kq_buf_free(&scratch);
    kq_query_free(q);
    return rc == KQ_DONE ? 0 : rc;
}

/* ---- the whole run ---- */

/* the hunted indicators of one type */
static size_t hunted_of_type(const run_state *st, kq_ioc_type type)
{
    size_t n = 0;
    for (size_t i = 0; i < st->iocs->n; i++)
        n += st->r->ioc_state[i] == KQ_IOC_HUNTED && st->iocs->items[i].type == type;
    return n;
}

static size_t hunted_of_kind(const run_state *st, kq_hunt_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < st->iocs->n; i++)
        if (st->r->ioc_state[i] == KQ_IOC_HUNTED && kq_hunt_kind_of(st->iocs->items[i].type) == kind &&
            !(kind == KQ_HUNT_CIDR && strchr(st->iocs->items[i].value, ':')))
            n++;
    return n;
}

static void setup_rules(run_state *st, const kq_exclusions *x, const kq_warninglists *w)
{
    kq_hunt_report *r = st->r;
    for (size_t i = 0; x && i < x->n; i++) {
        const kq_exclusion_rule *rule = &x->rules[i];
        GROW(r->rules, r->nrules, st->cap_rules);
        r->rules[r->nrules++] = (kq_rule_count){rule->name, "exclusion", rule->scenario, rule->reason, rule->expires,
                                                rule->expires && rule->expires <= st->o->now, 0, 0};
    }
    for (size_t i = 0; w && i < w->n; i++) {
        size_t named = 0;
        for (size_t k = 0; k < st->iocs->n; k++) named += r->ioc_warninglist[k] == w->lists[i];
        if (!named) continue; /* lists that name no indicator are not worth a line */
        char name[300];
        snprintf(name, sizeof name, "warninglist:%s", kq_warninglist_id(w->lists[i]));
        GROW(r->rules, r->nrules, st->cap_rules);
        r->rules[r->nrules++] = (kq_rule_count){keep(st, name), "warninglist", "",
                                                kq_warninglist_description(w->lists[i]), 0, false, named, 0};
    }
}

static int by_time(const void *a, const void *b)
{
    const kq_hit *x = a, *y = b;
    return x->time < y->time ? -1 : x->time > y->time;
}

/* A rule that applied to no hunt suppresses nothing: where that looks like a mistake (a table
 * name in the wrong case or unknown to Sentinel, columns that no hunted table has), say so, so
 * that a misspelling does not pass for "no false positives". A rule for tables that are simply not
 * in these logs (a scenario file covers many) is no mistake. */
static void note_unused_rules(run_state *st, const kq_exclusions *x, const bool *used, const table_info *tables,
                              int ntables)
{
    for (size_t i = 0; !st->o->no_exclusions && x && i < x->n; i++) {
        const kq_exclusion_rule *rule = &x->rules[i];
        if (used[i] || (rule->expires && rule->expires <= st->o->now)) continue;
        bool in_hunts = false;
        for (size_t h = 0; h < st->r->nhunts; h++) in_hunts |= kq_exclusion_applies(rule, st->r->hunts[h].table);
        const char *near = NULL, *unknown = NULL, *source = NULL;
        for (const char **s = rule->tables; s && *s; s++) {
            bool in_logs = false;
            for (int t = 0; t < ntables; t++) {
                in_logs |= strcmp(*s, tables[t].name) == 0;
                if (!near && strcasecmp(*s, tables[t].name) == 0 && strcmp(*s, tables[t].name) != 0)
                    near = tables[t].name;
            }
            /* a table the files make that is read through a view (ZeekDns under DnsEvents) */
            for (int t = 0; !in_logs && !source && t < kq_engine_table_count(st->e); t++)
                if (strcmp(*s, kq_engine_table_name(st->e, t)) == 0) source = *s;
            if (!in_logs && !source && !unknown && catalog_index(*s) < 0) unknown = *s;
        }
        char what[300], why[600];
        snprintf(what, sizeof what, "exclusion %s", rule->name);
        if (source && !in_hunts)
            snprintf(why, sizeof why, "applied to no hunt: '%s' is read through a view (see kq tables); the hunts "
                                      "run on the view, so name the view in tables:", source);
        else if (near)
            snprintf(why, sizeof why, "applied to no hunt: table names are case-sensitive; did you mean %s?", near);
        else if (unknown && !in_hunts)
            snprintf(why, sizeof why, "applied to no hunt: '%s' is neither a table of the logs nor a Sentinel table kq knows",
                     unknown);
        else if (in_hunts)
            snprintf(why, sizeof why, "applied to no hunt: no hunted table in its scope has every column its where: names");
        else continue;
        add_skip(st, what, why);
    }
}

static int hunt_tables(run_state *st, const kq_exclusions *x, kq_error *err)
{
    kq_hunt_report *r = st->r;
    table_info *tables;
    int ntables = collect_tables(st, &tables);
    size_t kind_hunted[KQ_HUNT__COUNT];
    bool kind_has_target[KQ_HUNT__COUNT] = {false};
    for (int k = 0; k < KQ_HUNT__COUNT; k++) kind_hunted[k] = hunted_of_kind(st, (kq_hunt_kind)k);
    kq_buf internal;
    kq_buf_init(&internal);
    bool *rule_used = kq_xcalloc(x ? x->n + 1 : 1, sizeof *rule_used);
    for (int ti = 0; ti < ntables; ti++) {
        table_info *t = &tables[ti];
        kq_hunt_target targets[MAX_TARGETS];
        int nt = kq_hunt_targets(t->name, t->ncols, t->names, t->types, targets, MAX_TARGETS);
        int ci = catalog_index(t->name);
        GROW(r->tables, r->ntables, st->cap_tables);
        r->tables[r->ntables++] = (kq_hunt_table){t->name, ci >= 0 ? kq_catalog_table_connector(ci) : "", t->files};
        if (nt == 0) {
            char what[300];
            snprintf(what, sizeof what, "table %s", t->name);
            add_skip(st, what, "no column kq recognises as a domain, URL, IP, hash, e-mail or file name");
            continue;
        }
        /* a table whose columns hold only kinds the feeds give none of is said so too */
        bool table_hunted = false;
        char kinds_here[200] = "";
        for (int k = 0; k < nt; k++) {
            const char *kind = kq_hunt_kind_name(targets[k].kind);
            if (!strstr(kinds_here, kind) && strlen(kinds_here) + strlen(kind) + 3 < sizeof kinds_here) {
                if (kinds_here[0]) strcat(kinds_here, ", ");
                strcat(kinds_here, kind);
            }
            table_hunted |= kind_hunted[targets[k].kind] > 0;
        }
        if (!table_hunted) {
            char what[300], why[300];
            snprintf(what, sizeof what, "table %s", t->name);
            snprintf(why, sizeof why, "its columns hold %s indicators, and the feeds give none of those kinds", kinds_here);
            add_skip(st, what, why);
        }
        for (int k = 0; k < nt; k++) {
            kq_hunt_target *tg = &targets[k];
            kind_has_target[tg->kind] = true;
            if (!kind_hunted[tg->kind]) continue;
            kq_ioc_type hash_type = kq_hunt_target_hash_type(tg);
            size_t indicators = hash_type != KQ_IOC_NONE ? hunted_of_type(st, hash_type) : kind_hunted[tg->kind];
            if (!indicators) continue; /* no hash of the length this column holds */
            char *base = kq_hunt_kql(tg, st->o, NULL, 0, NULL, 0);
            /* the rules that apply here */
            const kq_exclusion_rule **applied = kq_xcalloc(x ? x->n + 1 : 1, sizeof *applied);
            size_t napplied = 0;
            for (size_t i = 0; !st->o->no_exclusions && x && i < x->n; i++) {
                const kq_exclusion_rule *rule = &x->rules[i];
                if ((rule->expires && rule->expires <= st->o->now) || !kq_exclusion_applies(rule, t->name)) continue;
                kq_error rerr;
                int b = rule_binds(st, base, rule, &rerr);
                if (b < 0) {
                    kq_error_input(err, KQ_ERR_QUERY, rule->file, rule->where_line,
                                   "exclusion '%s': its where: is not a valid KQL predicate here: %s", rule->name,
                                   rerr.message);
                    free(base);
                    free(applied);
                    free(rule_used);
                    kq_buf_free(&internal);
                    return KQ_ERR_QUERY;
                }
                if (b) {
                    applied[napplied++] = rule;
                    rule_used[i] = true;
                }
            }
            /* warninglisted values of this kind, for the query a Sentinel user runs */
            const char **wl_values = kq_xcalloc(st->iocs->n + 1, sizeof *wl_values);
            size_t nwl = 0;
            for (size_t i = 0; !st->o->no_exclusions && i < st->iocs->n; i++)
                if (r->ioc_warninglist[i] && kq_hunt_kind_of(st->iocs->items[i].type) == tg->kind)
                    wl_values[nwl++] = st->iocs->items[i].value;
            /* a long list of warninglisted values would swamp the query: past a few hundred, the
             * query says so instead (kq still suppresses their hits) */
            bool wl_listed = nwl <= MAX_LISTED_WARNINGLISTED;
            char *emitted = kq_hunt_kql(tg, st->o, applied, napplied, wl_values, wl_listed ? nwl : 0);
            if (!wl_listed) {
                kq_buf note;
                kq_buf_init(&note);
                kq_buf_puts(&note, emitted);
                kq_buf_printf(&note, "// %zu %s indicators are on MISP warninglists: kq suppresses their hits; too many "
                                     "to list here (see the report)\n", nwl, kq_hunt_kind_name(tg->kind));
                free(emitted);
                emitted = (char *)kq_buf_cstr(&note);
            }
            kq_buf_clear(&internal);
            kq_buf_puts(&internal, base);
            if (napplied) {
                kq_buf_puts(&internal, "| extend KqExcludedBy = case(");
                for (size_t i = 0; i < napplied; i++)
                    kq_buf_printf(&internal, "(%s\n), %zu, ", applied[i]->where, (size_t)(applied[i] - x->rules));
                kq_buf_puts(&internal, "-1)\n");
            }
            GROW(r->hunts, r->nhunts, st->cap_hunts);
            size_t hi = r->nhunts++;
            char name[512];
            snprintf(name, sizeof name, "%s in %s.%s", kq_hunt_kind_name(tg->kind), t->name, tg->column);
            r->hunts[hi] = (kq_hunt_query){keep(st, name), KQ_IOC_NONE, t->name, keep(st, tg->column),
                                           r->tables[r->ntables - 1].connector, keep(st, emitted),
                                           indicators, 0, 0};
            r->hunts[hi].ioc_type = tg->kind == KQ_HUNT_DOMAIN ? KQ_IOC_DOMAIN : tg->kind == KQ_HUNT_URL ? KQ_IOC_URL
                                    : tg->kind == KQ_HUNT_IP ? KQ_IOC_IPV4 : tg->kind == KQ_HUNT_CIDR ? KQ_IOC_CIDR
                                    : tg->kind == KQ_HUNT_HASH ? (hash_type != KQ_IOC_NONE ? hash_type : KQ_IOC_SHA256)
                                    : tg->kind == KQ_HUNT_EMAIL ? KQ_IOC_EMAIL
                                    : KQ_IOC_FILENAME;
            free(base);
            free(emitted);
            free(applied);
            free(wl_values);
            int rc = st->o->plan_only ? 0 : run_hunt(st, kq_buf_cstr(&internal), tg, hi, err);
            if (rc != 0) {
                free(rule_used);
                kq_buf_free(&internal);
                return rc;
            }
        }
    }
    kq_buf_free(&internal);
    if (r->nhunts) note_unused_rules(st, x, rule_used, tables, ntables);
    free(rule_used);
    size_t v6_ranges = 0;
    unsigned char *state = (unsigned char *)r->ioc_state;
    for (size_t i = 0; i < st->iocs->n; i++) {
        if (state[i] != KQ_IOC_HUNTED) continue;
        const kq_indicator *ioc = &st->iocs->items[i];
        bool v6_range = ioc->type == KQ_IOC_CIDR && strchr(ioc->value, ':');
        v6_ranges += v6_range;
        if (v6_range || !kind_has_target[kq_hunt_kind_of(ioc->type)]) {
            state[i] = KQ_IOC_NO_TABLE;
            r->hunted--;
            r->no_table++;
        }
    }
    if (v6_ranges) {
        char what[120];
        snprintf(what, sizeof what, "%zu IPv6 cidr indicator%s", v6_ranges, kq_report_plural(v6_ranges));
        add_skip(st, what, "IPv6 ranges are not hunted (ipv4_is_in_any_range covers IPv4 only)");
    }
    for (int k = 0; k < KQ_HUNT__COUNT; k++) {
        if (!kind_hunted[k] || kind_has_target[k]) continue;
        char what[120], why[200];
        snprintf(what, sizeof what, "%zu %s indicator%s", kind_hunted[k], kq_hunt_kind_name((kq_hunt_kind)k),
                 kq_report_plural(kind_hunted[k]));
        snprintf(why, sizeof why, "no table of the logs has a column for %s indicators", kq_hunt_kind_name((kq_hunt_kind)k));
        add_skip(st, what, why);
    }
    return 0;
}

int kq_hunt_run(kq_engine *e, kq_ioc_set *iocs, const kq_exclusions *x, const kq_warninglists *w,
                const kq_hunt_options *o, kq_hunt_report *r, kq_error *err)
{
    run_state *st = kq_xcalloc(1, sizeof *st);
    kq_arena_init(&st->arena, 1 << 16);
    st->e = e;
    st->iocs = iocs;
    st->o = o;
    st->x = x;
    st->r = r;
    r->owned = st;
    r->now = o->now;
    r->exclusions_off = o->no_exclusions;
    kq_ioc_set_dedupe(iocs);
    r->iocs = iocs;
    classify_indicators(st, w);
    setup_rules(st, x, w);
    for (size_t i = 0; x && i < x->n; i++)
        if (x->rules[i].expires && x->rules[i].expires <= o->now) {
            char what[300];
            snprintf(what, sizeof what, "exclusion %s", x->rules[i].name);
            add_skip(st, what, "expired: the rule was ignored");
        }
    char tii_path[4096];
    int rc = kq_tii_bind(e, iocs, o->now, tii_path, sizeof tii_path, err);
    if (rc == 0) rc = hunt_tables(st, x, err);
    if (tii_path[0]) unlink(tii_path);
    if (st->hits_over_cap) {
        char what[120];
        snprintf(what, sizeof what, "event fields of %zu hit%s", st->hits_over_cap, kq_report_plural(st->hits_over_cap));
        add_skip(st, what, "not kept: over --max-hits; those hits are listed and counted, with their indicator, "
                           "time, host and file:line, but not every field of their event");
    }
    if (r->nhits > 1) qsort(r->hits, r->nhits, sizeof *r->hits, by_time);
    r->log_records_skipped = kq_engine_skipped(e);
    return rc;
}

void kq_hunt_report_free(kq_hunt_report *r)
{
    run_state *st = r->owned;
    if (!st) return;
    free(r->hunts);
    free(r->skips);
    free(r->tables);
    free(r->hits);
    free(r->rules);
    kq_arena_free(&st->arena);
    free(st->intern);
    free(st);
    r->owned = NULL;
}
