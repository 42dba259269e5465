/*
 * report_jsonl.c - the hunt report as JSON Lines, for machines: one object per line, each with a
 * "kind": one "summary", then every "indicator", "hunt", "hit" (reported and suppressed), "rule",
 * "skip", "reject" and "warning" (nothing is capped). Datetimes are Kusto's text (2026-05-12T10:00:00.0000000Z)
 * or null when unknown; strings are escaped by kq_report_json_string.
 */
#include <string.h>

#include "../base/datetime.h"
#include "report.h"
#include "report_common.h"

/* ,"key":value members after the line's first member ("kind"). */
static void member(kq_buf *b, const char *key)
{
    kq_buf_puts(b, ",\"");
    kq_buf_puts(b, key);
    kq_buf_puts(b, "\":");
}

static void member_string(kq_buf *b, const char *key, const char *value)
{
    member(b, key);
    kq_report_json_string(b, value ? value : "");
}

static void member_count(kq_buf *b, const char *key, size_t n)
{
    member(b, key);
    kq_buf_put_long(b, (long long)n);
}

static void member_long(kq_buf *b, const char *key, long long n)
{
    member(b, key);
    kq_buf_put_long(b, n);
}

static void member_bool(kq_buf *b, const char *key, bool v)
{
    member(b, key);
    kq_buf_puts(b, v ? "true" : "false");
}

/* A datetime, null when 0 (unknown). */
static void member_time(kq_buf *b, const char *key, int64_t ticks)
{
    member(b, key);
    if (ticks <= 0) {
        kq_buf_puts(b, "null");
        return;
    }
    char text[32];
    if (ticks > KQ_DATETIME_MAX_TICKS) ticks = KQ_DATETIME_MAX_TICKS;
    size_t len = kq_dt_format(ticks, text);
    kq_buf_putc(b, '"');
    kq_buf_put(b, text, len);
    kq_buf_putc(b, '"');
}

/* A confidence, null when the feed gave none. */
static void member_confidence(kq_buf *b, int confidence)
{
    if (confidence >= 0) member_long(b, "confidence", confidence);
    else kq_buf_puts(b, ",\"confidence\":null");
}

/* Starts a line: {"kind":"<kind>" */
static void line_begin(kq_buf *b, const char *kind)
{
    kq_buf_clear(b);
    kq_buf_puts(b, "{\"kind\":\"");
    kq_buf_puts(b, kind);
    kq_buf_putc(b, '"');
}

static void line_end(kq_buf *b, FILE *f)
{
    kq_buf_puts(b, "}\n");
    fwrite(b->p, 1, b->len, f);
}

static void write_summary(kq_buf *b, FILE *f, const kq_hunt_report *r)
{
    kq_report_tally t;
    kq_report_tally_hits(r, &t);
    const kq_ioc_set *s = r->iocs;
    line_begin(b, "summary");
    member_string(b, "title", r->title);
    member_time(b, "now", r->now);
    member_count(b, "hits", t.reported);
    member_count(b, "suppressed", t.suppressed);
    member_count(b, "indicators_hit", t.indicators_hit);
    member_count(b, "tables_hit", t.tables_hit);
    member_count(b, "indicators", s ? s->n : 0);
    member_count(b, "duplicates", s ? s->duplicates : 0);
    member_count(b, "hunted", r->hunted);
    member_count(b, "expired", r->expired);
    member_count(b, "low_confidence", r->low_confidence);
    member_count(b, "revoked", r->revoked);
    member_count(b, "not_yet_valid", r->not_yet_valid);
    member_count(b, "no_table", r->no_table);
    member_long(b, "min_confidence", r->min_confidence);
    member_count(b, "rejects", s ? s->nrejects : 0);
    member_count(b, "warnings", s ? s->nwarnings : 0);
    member_count(b, "hunts", r->nhunts);
    member_count(b, "skips", r->nskips);
    member_bool(b, "exclusions_off", r->exclusions_off);
    member_long(b, "log_records_skipped", (long long)r->log_records_skipped);
    kq_buf_puts(b, ",\"feeds\":[");
    for (size_t i = 0; i < r->nfeeds; i++) {
        const kq_feed_stats *st = &r->feeds[i].stats;
        kq_buf_puts(b, i ? ",{\"path\":" : "{\"path\":");
        kq_report_json_string(b, r->feeds[i].path ? r->feeds[i].path : "");
        member_string(b, "format", kq_feed_format_name(st->format));
        member_count(b, "records", st->records);
        member_count(b, "indicators", st->indicators);
        member_count(b, "rejected", st->rejected);
        member_count(b, "skipped", st->skipped);
        member_count(b, "warnings", st->warnings);
        member_count(b, "missing_files", st->missing_files);
        kq_buf_putc(b, '}');
    }
    kq_buf_puts(b, "],\"tables\":[");
    for (size_t i = 0; i < r->ntables; i++) {
        kq_buf_puts(b, i ? ",{\"name\":" : "{\"name\":");
        kq_report_json_string(b, r->tables[i].name ? r->tables[i].name : "");
        member_string(b, "connector", r->tables[i].connector);
        member_long(b, "files", r->tables[i].files);
        kq_buf_putc(b, '}');
    }
    kq_buf_putc(b, ']');
    line_end(b, f);
}

static void write_indicator(kq_buf *b, FILE *f, const kq_hunt_report *r, size_t i)
{
    const kq_indicator *ioc = &r->iocs->items[i];
    line_begin(b, "indicator");
    member_string(b, "type", kq_ioc_type_name(ioc->type));
    member_string(b, "value", ioc->value);
    member_string(b, "raw", ioc->raw);
    member_long(b, "port", ioc->port);
    member(b, "ports");
    kq_buf_putc(b, '[');
    for (int k = 0; k < ioc->nports; k++) kq_buf_printf(b, "%s%d", k ? "," : "", ioc->ports[k]);
    kq_buf_putc(b, ']');
    member_string(b, "threat_type", ioc->threat_type);
    member_string(b, "malware", ioc->malware);
    member_string(b, "tags", ioc->tags);
    member_string(b, "tlp", ioc->tlp);
    member_confidence(b, ioc->confidence);
    member_time(b, "first_seen", ioc->first_seen);
    member_time(b, "last_seen", ioc->last_seen);
    member_time(b, "expires", ioc->expires);
    member_string(b, "state", kq_report_state_name(kq_report_ioc_state(r, i)));
    const kq_warninglist *list = kq_report_ioc_warninglist(r, i);
    member(b, "warninglist");
    kq_report_json_string(b, list ? kq_warninglist_id(list) : NULL);
    kq_buf_puts(b, ",\"sources\":[");
    for (int j = 0; j < ioc->nsources; j++) {
        const kq_ioc_source *src = &ioc->sources[j];
        kq_buf_puts(b, j ? ",{\"feed_file\":" : "{\"feed_file\":");
        kq_report_json_string(b, src->feed_file ? src->feed_file : "");
        member_long(b, "feed_line", (long long)src->feed_line);
        member_string(b, "provider", src->provider);
        member_string(b, "reference", src->reference);
        member_string(b, "external_id", src->external_id);
        kq_buf_putc(b, '}');
    }
    kq_buf_putc(b, ']');
    line_end(b, f);
}

static void write_hunt(kq_buf *b, FILE *f, const kq_hunt_query *q)
{
    line_begin(b, "hunt");
    member_string(b, "name", q->name);
    member_string(b, "ioc_type", kq_ioc_type_name(q->ioc_type));
    member_string(b, "table", q->table);
    member_string(b, "columns", q->columns);
    member_string(b, "connector", q->connector);
    member_string(b, "kql", q->kql);
    member_count(b, "indicators", q->indicators);
    member_count(b, "hits", q->hits);
    member_count(b, "suppressed", q->suppressed);
    line_end(b, f);
}

static void write_hit(kq_buf *b, FILE *f, const kq_hunt_report *r, const kq_hit *h)
{
    const kq_indicator *ioc = h->ioc;
    const kq_ioc_source *src = ioc && ioc->nsources ? &ioc->sources[0] : NULL;
    line_begin(b, "hit");
    kq_buf_puts(b, ",\"indicator\":");
    if (ioc) {
        kq_buf_puts(b, "{\"value\":");
        kq_report_json_string(b, ioc->value ? ioc->value : "");
        member_string(b, "type", kq_ioc_type_name(ioc->type));
        member_string(b, "malware", ioc->malware);
        member_string(b, "threat_type", ioc->threat_type);
        member_confidence(b, ioc->confidence);
        member_time(b, "first_seen", ioc->first_seen);
        member_string(b, "feed", src ? src->feed_file : "");
        member_string(b, "reference", src ? src->reference : "");
        kq_buf_putc(b, '}');
    } else {
        kq_buf_puts(b, "null");
    }
    member_string(b, "hunt", h->hunt < r->nhunts ? r->hunts[h->hunt].name : "");
    member_string(b, "table", h->table);
    member_string(b, "column", h->column);
    member_string(b, "matched", h->matched);
    member_time(b, "time", h->time);
    member_string(b, "host", h->host);
    kq_buf_puts(b, ",\"source\":{\"file\":");
    kq_report_json_string(b, h->source_file ? h->source_file : "");
    member_long(b, "line", (long long)h->source_line);
    kq_buf_puts(b, "},\"fields\":{");
    for (size_t i = 0; i < h->nfields; i++) {
        if (i) kq_buf_putc(b, ',');
        kq_report_json_string(b, h->fields[i].name ? h->fields[i].name : "");
        kq_buf_putc(b, ':');
        kq_report_json_string(b, h->fields[i].value ? h->fields[i].value : "");
    }
    kq_buf_putc(b, '}');
    member(b, "suppressed_by");
    kq_report_json_string(b, h->suppressed_by);
    member(b, "suppressed_reason");
    kq_report_json_string(b, h->suppressed_by ? (h->suppressed_reason ? h->suppressed_reason : "") : NULL);
    line_end(b, f);
}

static void write_rule(kq_buf *b, FILE *f, const kq_rule_count *rule)
{
    line_begin(b, "rule");
    member_string(b, "name", rule->name);
    member_string(b, "rule_kind", rule->kind);
    member_string(b, "scenario", rule->scenario);
    member_string(b, "reason", rule->reason);
    member_time(b, "expires", rule->expires);
    member_bool(b, "expired", rule->expired);
    member_count(b, "indicators", rule->indicators);
    member_count(b, "suppressed", rule->suppressed);
    line_end(b, f);
}

int kq_report_jsonl(FILE *f, const kq_hunt_report *r)
{
    kq_buf line;
    kq_buf_init(&line);
    write_summary(&line, f, r);
    for (size_t i = 0; r->iocs && i < r->iocs->n; i++) write_indicator(&line, f, r, i);
    for (size_t i = 0; i < r->nhunts; i++) write_hunt(&line, f, &r->hunts[i]);
    for (size_t i = 0; i < r->nhits; i++) write_hit(&line, f, r, &r->hits[i]);
    for (size_t i = 0; i < r->nrules; i++) write_rule(&line, f, &r->rules[i]);
    for (size_t i = 0; i < r->nskips; i++) {
        line_begin(&line, "skip");
        member_string(&line, "what", r->skips[i].what);
        member_string(&line, "reason", r->skips[i].reason);
        line_end(&line, f);
    }
    for (size_t i = 0; r->iocs && i < r->iocs->nrejects; i++) {
        const kq_ioc_reject *rej = &r->iocs->rejects[i];
        line_begin(&line, "reject");
        member_string(&line, "value", rej->value);
        member_string(&line, "reason", rej->reason);
        member_string(&line, "feed_file", rej->feed_file);
        member_long(&line, "feed_line", (long long)rej->feed_line);
        line_end(&line, f);
    }
    for (size_t i = 0; r->iocs && i < r->iocs->nwarnings; i++) {
        const kq_ioc_reject *warning = &r->iocs->warnings[i];
        line_begin(&line, "warning");
        member_string(&line, "value", warning->value);
        member_string(&line, "reason", warning->reason);
        member_string(&line, "feed_file", warning->feed_file);
        member_long(&line, "feed_line", (long long)warning->feed_line);
        line_end(&line, f);
    }
    kq_buf_free(&line);
    return fflush(f) != 0 || ferror(f) ? -1 : 0;
}
