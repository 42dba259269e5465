/*
 * dns_row.c - the dns.log row of a DNS transaction (see dns_row.h), field by field as Zeek's
 * base/protocols/dns scripts fill it: the question (query, qtype, qclass) and the RD, TC and Z
 * bits come from the query; rcode from the response; AA, RA, rtt and the answers only from a
 * response whose answer section holds a record Zeek reports (rtt is left out when it would be 0
 * or less, as when the response came first or the capture's clock went back); without a query, the name is the first such record's owner.
 * rejected: a response with a question and no records at all, or an error code and no question.
 * uid: "P" and a hash of the transport, client and server, so the transactions of one flow share
 * it as those of one Zeek connection share theirs; it is not Zeek's uid.
 */
#include "dns_row.h"

#include <string.h>

#include "../base/arena.h"
#include "../base/datetime.h"
#include "../base/json.h"
#include "../exec/value.h"
#include "dns_message.h"

enum column {
    COL_TS, COL_UID, COL_ORIG_H, COL_ORIG_P, COL_RESP_H, COL_RESP_P, COL_PROTO, COL_TRANS_ID, COL_RTT,
    COL_QUERY, COL_QCLASS, COL_QCLASS_NAME, COL_QTYPE, COL_QTYPE_NAME, COL_RCODE, COL_RCODE_NAME,
    COL_AA, COL_TC, COL_RD, COL_RA, COL_Z, COL_ANSWERS, COL_TTLS, COL_REJECTED, COL__COUNT
};

static const struct {
    const char *name;
    kq_type type;
} columns[COL__COUNT] = {
    {"ts", KQ_T_DATETIME}, {"uid", KQ_T_STRING}, {"id.orig_h", KQ_T_STRING}, {"id.orig_p", KQ_T_LONG},
    {"id.resp_h", KQ_T_STRING}, {"id.resp_p", KQ_T_LONG}, {"proto", KQ_T_STRING}, {"trans_id", KQ_T_LONG},
    {"rtt", KQ_T_REAL}, {"query", KQ_T_STRING}, {"qclass", KQ_T_LONG}, {"qclass_name", KQ_T_STRING},
    {"qtype", KQ_T_LONG}, {"qtype_name", KQ_T_STRING}, {"rcode", KQ_T_LONG}, {"rcode_name", KQ_T_STRING},
    {"AA", KQ_T_BOOL}, {"TC", KQ_T_BOOL}, {"RD", KQ_T_BOOL}, {"RA", KQ_T_BOOL}, {"Z", KQ_T_LONG},
    {"answers", KQ_T_DYNAMIC}, {"TTLs", KQ_T_DYNAMIC}, {"rejected", KQ_T_BOOL},
};

void kq_dns_row_schema(kq_reader *r)
{
    for (int i = 0; i < COL__COUNT; i++) {
        size_t n = strlen(columns[i].name);
        int f = kq_schema_add(r, columns[i].name, n, columns[i].name, n);
        r->fields[f].pub.type = columns[i].type;
    }
}

/* What one message says, as far as the row needs it. */
typedef struct message_facts {
    kq_dns_header header;
    bool has_question;
    kq_dns_question question;  /* the last one: Zeek keeps the last */
    bool reported_answer;      /* the answer section holds a record Zeek reports */
    kq_dns_name first_owner;   /* that record's owner */
    uint32_t nanswers;         /* the logged ones: reported, with text */
    kq_dyn *answers, *ttls;    /* arrays of ancount items, when an arena was given */
} message_facts;

static void add_answer(message_facts *f, const kq_dns_record *rr, const kq_buf *text, kq_arena *a)
{
    if (!a) return;
    if (!f->answers) {
        f->answers = kq_arena_zalloc(a, sizeof(kq_dyn) * f->header.ancount);
        f->ttls = kq_arena_zalloc(a, sizeof(kq_dyn) * f->header.ancount);
    }
    size_t n;
    const char *s = kq_utf8_repair(text->p, text->len, a, &n);
    if (s == text->p) s = kq_arena_strdup(a, text->p, text->len);
    kq_dyn *answer = &f->answers[f->nanswers], *ttl = &f->ttls[f->nanswers];
    answer->kind = KQ_D_STRING;
    answer->u.s = s;
    answer->n = (uint32_t)n;
    ttl->kind = KQ_D_REAL;
    ttl->u.r = (double)rr->ttl;
    f->nanswers++;
}

/* Reads a message: the header, the questions, and for a response the answer records (kept in a
 * when a is not NULL). Returns NULL, or why the message is malformed. */
static const char *read_message(const uint8_t *msg, size_t len, message_facts *f, kq_arena *a,
                                kq_buf *scratch)
{
    memset(f, 0, sizeof *f);
    kq_dns_cursor c;
    kq_dns_cursor_init(&c, msg, len);
    if (!kq_dns_read_header(&c, &f->header)) return c.error;
    for (unsigned i = 0; i < f->header.qdcount; i++) {
        if (!kq_dns_read_question(&c, &f->question)) return c.error;
        f->has_question = true;
    }
    for (unsigned i = 0; f->header.qr && i < f->header.ancount; i++) {
        kq_dns_record rr;
        if (!kq_dns_read_record(&c, &rr)) return c.error;
        kq_dns_answer_kind kind = kq_dns_answer_text(&c, &rr, scratch);
        if (kind == KQ_DNS_ANSWER_MALFORMED) return c.error;
        if (kind == KQ_DNS_ANSWER_UNREPORTED) continue;
        if (!f->reported_answer) f->first_owner = rr.owner;
        f->reported_answer = true;
        if (scratch->len) add_answer(f, &rr, scratch, a);
    }
    return NULL;
}

const char *kq_dns_row_check(const uint8_t *msg, size_t len, kq_buf *scratch)
{
    message_facts f;
    return read_message(msg, len, &f, NULL, scratch);
}

/* ---- values ---- */

/* A string value of text (copied into a, invalid UTF-8 replaced). */
static kq_value text_of(const char *text, size_t n, kq_arena *a)
{
    kq_value v = kq_null(KQ_T_STRING);
    size_t clean_n;
    const char *clean = kq_utf8_repair(text, n, a, &clean_n);
    v.u.s = clean == text ? kq_arena_strdup(a, text, n) : clean;
    v.len = (uint32_t)clean_n;
    return v;
}

static kq_value name_of(const char *name, kq_arena *a)
{
    return text_of(name, strlen(name), a);
}

static kq_value array_of(const kq_dyn *items, uint32_t n, kq_arena *a)
{
    if (n == 0) return kq_null(KQ_T_DYNAMIC); /* Zeek leaves the vector unset */
    kq_dyn *d = kq_arena_zalloc(a, sizeof *d);
    d->kind = KQ_D_ARRAY;
    d->n = n;
    d->u.items = items;
    kq_value v = kq_null(KQ_T_DYNAMIC);
    v.null = 0;
    v.u.d = d;
    return v;
}

static kq_value address_of(const kq_endpoint *e, kq_arena *a)
{
    char text[64];
    size_t n = kq_dns_address_text(e->addr, e->family == 4 ? 4 : 16, text, sizeof text);
    return text_of(text, n, a);
}

static kq_value uid_of(const kq_dns_transaction *t, kq_arena *a)
{
    static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    uint64_t h = 0xcbf29ce484222325ULL;
    const kq_endpoint *ends[2] = {&t->client, &t->server};
    h = (h ^ t->proto) * 0x100000001b3ULL;
    for (int e = 0; e < 2; e++) {
        h = (h ^ ends[e]->family) * 0x100000001b3ULL;
        for (int i = 0; i < 16; i++) h = (h ^ ends[e]->addr[i]) * 0x100000001b3ULL;
        h = (h ^ (ends[e]->port >> 8)) * 0x100000001b3ULL;
        h = (h ^ (ends[e]->port & 0xFF)) * 0x100000001b3ULL;
    }
    char uid[13] = "P";
    for (int i = 1; i < 12; i++, h /= 62) uid[i] = digits[h % 62];
    return text_of(uid, 12, a);
}

/* The value in the wanted type: as is, or through its text with the file-reading rules. */
static void deliver(kq_value natural, kq_type want, kq_arena *a, kq_buf *scratch, kq_value *out)
{
    if (natural.type == want) {
        *out = natural;
        return;
    }
    kq_buf_clear(scratch);
    if (!natural.null) {
        char when[40];
        switch (natural.type) {
        case KQ_T_LONG: kq_buf_put_long(scratch, natural.u.i); break;
        case KQ_T_REAL: kq_buf_printf(scratch, "%.17g", natural.u.r); break;
        case KQ_T_BOOL: kq_buf_puts(scratch, natural.u.b ? "true" : "false"); break;
        case KQ_T_DATETIME: kq_buf_put(scratch, when, kq_dt_format(natural.u.i, when)); break;
        case KQ_T_DYNAMIC: kq_json_write(scratch, natural.u.d); break;
        default: kq_buf_put(scratch, natural.u.s, natural.len); break;
        }
    }
    const char *text = kq_arena_strdup(a, scratch->p ? scratch->p : "", scratch->len);
    kq_value_from_text(want, text, scratch->len, a, out);
}

void kq_dns_row_values(kq_reader *r, const kq_dns_transaction *t, kq_value *vals, kq_arena *a)
{
    message_facts q, s;
    bool has_query = t->query.seen, has_response = t->response.seen;
    if (has_query) read_message(t->query.bytes, t->query.len, &q, a, &r->scratch);
    if (has_response) read_message(t->response.bytes, t->response.len, &s, a, &r->scratch);
    bool question = has_query && q.has_question;
    bool replied = has_response && s.reported_answer;
    char name[32];
    for (int i = 0; i < r->nproj; i++) {
        const kq_projected *pj = &r->proj[i];
        kq_value v = kq_null(pj->field >= 0 ? columns[pj->field].type : pj->type);
        switch (pj->field) {
        case COL_TS: v = kq_typed_i(KQ_T_DATETIME, t->ts); break;
        case COL_UID: v = uid_of(t, a); break;
        case COL_ORIG_H: v = address_of(&t->client, a); break;
        case COL_ORIG_P: v = kq_long(t->client.port); break;
        case COL_RESP_H: v = address_of(&t->server, a); break;
        case COL_RESP_P: v = kq_long(t->server.port); break;
        case COL_PROTO: v = text_of(t->proto == KQ_IPPROTO_TCP ? "tcp" : "udp", 3, a); break;
        case COL_TRANS_ID: v = kq_long(t->trans_id); break;
        case COL_RTT:
            if (replied && t->response.ts > t->ts) /* a capture whose clock went back has no rtt */
                v = kq_real((double)(t->response.ts - t->ts) / KQ_TICKS_PER_SECOND);
            break;
        case COL_QUERY:
            if (question) v = text_of(q.question.name.text, q.question.name.len, a);
            else if (replied) v = text_of(s.first_owner.text, s.first_owner.len, a);
            break;
        case COL_QCLASS: if (question) v = kq_long(q.question.qclass); break;
        case COL_QCLASS_NAME:
            if (question) v = name_of(kq_dns_qclass_name(q.question.qclass, name, sizeof name), a);
            break;
        case COL_QTYPE: if (question) v = kq_long(q.question.qtype); break;
        case COL_QTYPE_NAME:
            if (question) v = name_of(kq_dns_qtype_name(q.question.qtype, name, sizeof name), a);
            break;
        case COL_RCODE: if (has_response) v = kq_long(s.header.rcode); break;
        case COL_RCODE_NAME:
            if (has_response) v = name_of(kq_dns_rcode_name(s.header.rcode, name, sizeof name), a);
            break;
        case COL_AA: v = kq_bool(replied && s.header.aa); break;
        case COL_TC: v = kq_bool(question && q.header.tc); break;
        case COL_RD: v = kq_bool(question && q.header.rd); break;
        case COL_RA: v = kq_bool(replied && s.header.ra); break;
        case COL_Z: v = kq_long(question ? q.header.z : 0); break;
        case COL_ANSWERS: if (has_response) v = array_of(s.answers, s.nanswers, a); break;
        case COL_TTLS: if (has_response) v = array_of(s.ttls, s.nanswers, a); break;
        case COL_REJECTED:
            v = kq_bool(has_response && ((s.header.qdcount > 0 && s.header.ancount == 0 && s.header.nscount == 0 &&
                                          s.header.arcount == 0) ||
                                         (s.header.rcode != 0 && s.header.qdcount == 0)));
            break;
        default: break; /* a column dns.log does not have */
        }
        deliver(v, pj->type, a, &r->scratch, &vals[i]);
    }
}
