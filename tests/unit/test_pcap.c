/*
 * test_pcap.c - unit tests of the packet-capture reader: DNS names (compression, pointer loops,
 * limits) and answer texts (src/io/dns_message.h), pairing and its bounds (dns_pairing.h), and the
 * rows kq reads from the generated captures of tests/data/pcap/ (made by make_captures.py: pairs,
 * unanswered queries, retries, a response without a query, expiry, malformed and truncated
 * packets, VLAN tags, IPv6, mDNS, DNS over TCP, pcapng, five link types, nanosecond timestamps),
 * also gzip-compressed, cut short, and a large generated capture over several gzip chunks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "../../src/base/arena.h"
#include "../../src/base/buf.h"
#include "../../src/base/datetime.h"
#include "../../src/base/json.h"
#include "../../src/io/dns_message.h"
#include "../../src/io/dns_pairing.h"
#include "../../src/io/reader.h"
#include "check.h"

#define CAPTURES "tests/data/pcap"

/* ---- DNS messages ---- */

static const char *read_name(const uint8_t *msg, size_t len, size_t at, kq_dns_name *name, size_t *after)
{
    kq_dns_cursor c;
    kq_dns_cursor_init(&c, msg, len);
    c.pos = at;
    bool ok = kq_dns_read_name(&c, name);
    if (after) *after = c.pos;
    return ok ? NULL : c.error;
}

static void test_names(void)
{
    /* 12 bytes of header, then "Mail.EXAMPLE.org", then "www" + a pointer to "example.org" */
    const uint8_t msg[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                           4, 'M', 'a', 'i', 'l', 7, 'E', 'X', 'A', 'M', 'P', 'L', 'E', 3, 'o', 'r', 'g', 0,
                           3, 'w', 'w', 'w', 0xC0, 17,
                           0xC0, 30};
    kq_dns_name n;
    size_t after;
    CHECK(read_name(msg, sizeof msg, 12, &n, &after) == NULL);
    CHECK_EQ_STR(n.text, "mail.example.org");
    CHECK_EQ_INT(after, 30);
    CHECK(read_name(msg, sizeof msg, 30, &n, &after) == NULL);
    CHECK_EQ_STR(n.text, "www.example.org");
    CHECK_EQ_INT(after, 36); /* the message goes on after the first pointer */
    CHECK(read_name(msg, sizeof msg, 36, &n, &after) == NULL); /* a pointer to a pointer */
    CHECK_EQ_STR(n.text, "www.example.org");
    CHECK_EQ_INT(after, 38);

    const uint8_t self[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xC0, 12};
    CHECK_EQ_STR(read_name(self, sizeof self, 12, &n, NULL), "a compression pointer loops (it does not point back)");
    const uint8_t two_step[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 'a', 0xC0, 16, 1, 'b', 0xC0, 12};
    CHECK_EQ_STR(read_name(two_step, sizeof two_step, 16, &n, NULL), "a compression pointer loops (it does not point back)");
    const uint8_t forward[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xC0, 14, 0};
    CHECK_EQ_STR(read_name(forward, sizeof forward, 12, &n, NULL), "a compression pointer loops (it does not point back)");
    const uint8_t cut[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 'a', 'b'};
    CHECK_EQ_STR(read_name(cut, sizeof cut, 12, &n, NULL), "a label runs past the end of the message");
    const uint8_t extended[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x41, 0};
    CHECK_EQ_STR(read_name(extended, sizeof extended, 12, &n, NULL), "a label of an unsupported type (extended label)");
    const uint8_t root[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    CHECK(read_name(root, sizeof root, 12, &n, NULL) == NULL);
    CHECK_EQ_INT(n.len, 0);

    /* 255 octets is the most a name may have: three labels of 63, one of 61 and the root */
    uint8_t big[12 + 256];
    memset(big, 'x', sizeof big);
    for (int i = 0; i < 3; i++) big[12 + i * 64] = 63;
    big[12 + 192] = 61;
    big[12 + 254] = 0;
    CHECK(read_name(big, sizeof big, 12, &n, NULL) == NULL);
    CHECK_EQ_INT(n.len, 3 * 63 + 61 + 3);
    big[12 + 192] = 62;
    big[12 + 254] = 'x';
    big[12 + 255] = 0;
    CHECK_EQ_STR(read_name(big, sizeof big, 12, &n, NULL), "a name is longer than 255 octets");
}

/* The answer text of one record with the given type and data, owner "o.example". */
static void answer_of(uint16_t type, const uint8_t *rdata, size_t n, kq_buf *out, int *kind)
{
    uint8_t msg[512] = {0};
    size_t at = 12;
    const uint8_t owner[] = {1, 'o', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0};
    memcpy(msg + at, owner, sizeof owner);
    at += sizeof owner;
    const uint8_t fixed[] = {(uint8_t)(type >> 8), (uint8_t)type, 0, 1, 0, 0, 0, 9, (uint8_t)(n >> 8), (uint8_t)n};
    memcpy(msg + at, fixed, sizeof fixed);
    memcpy(msg + at + sizeof fixed, rdata, n);
    kq_dns_cursor c;
    kq_dns_cursor_init(&c, msg, at + sizeof fixed + n);
    c.pos = 12;
    kq_dns_record rr;
    CHECK(kq_dns_read_record(&c, &rr));
    CHECK_EQ_INT(rr.ttl, 9);
    *kind = kq_dns_answer_text(&c, &rr, out);
    kq_buf_putc(out, 0);
}

static void test_answers(void)
{
    kq_buf b;
    kq_buf_init(&b);
    int kind;
    const uint8_t a[] = {203, 0, 113, 9};
    answer_of(1, a, 4, &b, &kind);
    CHECK_EQ_STR(b.p, "203.0.113.9");
    const uint8_t a5[] = {1, 2, 3, 4, 5};
    answer_of(1, a5, 5, &b, &kind);
    CHECK_EQ_INT(kind, KQ_DNS_ANSWER_MALFORMED);
    const uint8_t aaaa[] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    answer_of(28, aaaa, 16, &b, &kind);
    CHECK_EQ_STR(b.p, "2001:db8::1");
    const uint8_t mx[] = {0, 10, 2, 'M', 'X', 0xC0, 14}; /* a pointer to "example" */
    answer_of(15, mx, sizeof mx, &b, &kind);
    CHECK_EQ_STR(b.p, "mx.example");
    const uint8_t srv[] = {0, 1, 0, 2, 0x01, 0xBB, 1, 't', 0};
    answer_of(33, srv, sizeof srv, &b, &kind);
    CHECK_EQ_STR(b.p, "t");
    const uint8_t txt[] = {2, 'h', 'i', 3, 'a', '\0', 'z'};
    answer_of(16, txt, sizeof txt, &b, &kind);
    CHECK(b.len == 19 && memcmp(b.p, "TXT 2 hi TXT 3 a\0z", 19) == 0);
    const uint8_t txt_cut[] = {9, 'h', 'i'};
    answer_of(16, txt_cut, sizeof txt_cut, &b, &kind);
    CHECK_EQ_INT(kind, KQ_DNS_ANSWER_MALFORMED);
    const uint8_t spf[] = {4, 'v', '=', 's', 'p'};
    answer_of(99, spf, sizeof spf, &b, &kind);
    CHECK_EQ_STR(b.p, "SPF 4 v=sp");
    uint8_t rrsig[19] = {0, 1, 8, 2};
    answer_of(46, rrsig, sizeof rrsig, &b, &kind);
    CHECK_EQ_STR(b.p, "RRSIG 1 <Root>");
    const uint8_t dnskey[] = {1, 0, 3, 13, 0xAA};
    answer_of(48, dnskey, sizeof dnskey, &b, &kind);
    CHECK_EQ_STR(b.p, "DNSKEY 13");
    const uint8_t ds[] = {0x12, 0x34, 8, 2, 0xAB};
    answer_of(43, ds, sizeof ds, &b, &kind);
    CHECK_EQ_STR(b.p, "DS 8 2");
    const uint8_t nsec[] = {1, 'n', 0, 0, 1, 0x40};
    answer_of(47, nsec, sizeof nsec, &b, &kind);
    CHECK_EQ_STR(b.p, "NSEC o.example n");
    const uint8_t sshfp[] = {1, 2, 0xDE, 0xAD};
    answer_of(44, sshfp, sizeof sshfp, &b, &kind);
    CHECK_EQ_STR(b.p, "SSHFP: dead");
    const uint8_t caa[] = {0, 5, 'i', 's', 's', 'u', 'e', 'x'};
    answer_of(257, caa, sizeof caa, &b, &kind);
    CHECK_EQ_INT(kind, KQ_DNS_ANSWER_UNREPORTED);
    answer_of(65, caa, sizeof caa, &b, &kind);
    CHECK_EQ_INT(kind, KQ_DNS_ANSWER_REPORTED);
    CHECK_EQ_STR(b.p, "<unknown type=65>");
    kq_buf_free(&b);

    char buf[32];
    CHECK_EQ_STR(kq_dns_qtype_name(255, buf, sizeof buf), "*");
    CHECK_EQ_STR(kq_dns_qtype_name(54, buf, sizeof buf), "query-54");
    CHECK_EQ_STR(kq_dns_qclass_name(0x8001, buf, sizeof buf), "qclass-32769");
    CHECK_EQ_STR(kq_dns_rcode_name(8, buf, sizeof buf), "NXRRSet");
}

/* ---- pairing ---- */

static kq_dns_message_info message(uint16_t id, bool is_query, int64_t seconds, int64_t packet)
{
    kq_dns_message_info m;
    memset(&m, 0, sizeof m);
    m.client.family = m.server.family = 4;
    m.client.addr[0] = 192, m.client.addr[3] = 1;
    m.server.addr[0] = 192, m.server.addr[3] = 53;
    m.client.port = 40000;
    m.server.port = 53;
    m.proto = 17;
    m.trans_id = id;
    m.is_query = is_query;
    m.ts = seconds * KQ_TICKS_PER_SECOND;
    m.packet = packet;
    return m;
}

static void test_pairing_bounds(void)
{
    kq_dns_pairing *p = kq_dns_pairing_new();
    const uint8_t msg[12] = {0};
    /* KQ_DNS_PAIRING_MAX queries wait; one more makes the oldest leave, unanswered */
    for (int64_t i = 0; i < KQ_DNS_PAIRING_MAX; i++) {
        kq_dns_message_info m = message((uint16_t)i, true, 0, i + 1);
        m.client.port = (uint16_t)(1024 + i / 65536);
        kq_dns_pairing_add(p, &m, msg, sizeof msg);
    }
    CHECK(kq_dns_pairing_next(p) == NULL);
    kq_dns_message_info extra = message(7, true, 1, KQ_DNS_PAIRING_MAX + 1);
    extra.client.port = 9;
    kq_dns_pairing_add(p, &extra, msg, sizeof msg);
    const kq_dns_transaction *t = kq_dns_pairing_next(p);
    CHECK(t && t->query.seen && !t->response.seen && t->query.packet == 1);
    CHECK(kq_dns_pairing_next(p) == NULL);
    /* its response now has no query to meet: it waits alone */
    kq_dns_message_info late = message(0, false, 2, KQ_DNS_PAIRING_MAX + 2);
    late.client.port = 1024;
    kq_dns_pairing_add(p, &late, msg, sizeof msg);
    t = kq_dns_pairing_next(p);
    CHECK(t && t->query.seen && t->query.packet == 2); /* it pushed the next oldest out */
    /* what has waited 60 s still waits; a tick more and it leaves, oldest first */
    kq_dns_pairing_expire(p, 60 * KQ_TICKS_PER_SECOND);
    CHECK(kq_dns_pairing_next(p) == NULL);
    kq_dns_pairing_expire(p, 60 * KQ_TICKS_PER_SECOND + 1);
    int64_t expired = 0;
    while ((t = kq_dns_pairing_next(p))) expired++;
    CHECK_EQ_INT(expired, KQ_DNS_PAIRING_MAX - 2); /* the queries of second 0 */
    kq_dns_pairing_expire(p, 63 * KQ_TICKS_PER_SECOND);
    t = kq_dns_pairing_next(p);
    CHECK(t && t->query.seen && t->query.packet == KQ_DNS_PAIRING_MAX + 1);
    t = kq_dns_pairing_next(p);
    CHECK(t && !t->query.seen && t->response.seen && t->response.packet == KQ_DNS_PAIRING_MAX + 2);
    CHECK(kq_dns_pairing_next(p) == NULL);

    /* two queries with one id, then two responses: first in, first answered */
    kq_dns_message_info q1 = message(5, true, 100, 1), q2 = message(5, true, 101, 2);
    kq_dns_message_info r1 = message(5, false, 102, 3), r2 = message(5, false, 103, 4);
    kq_dns_pairing_add(p, &q1, msg, sizeof msg);
    kq_dns_pairing_add(p, &q2, msg, sizeof msg);
    kq_dns_pairing_add(p, &r1, msg, sizeof msg);
    t = kq_dns_pairing_next(p);
    CHECK(t && t->query.packet == 1 && t->response.packet == 3);
    kq_dns_pairing_add(p, &r2, msg, sizeof msg);
    t = kq_dns_pairing_next(p);
    CHECK(t && t->query.packet == 2 && t->response.packet == 4);
    /* a response first, then its query: one transaction, timed from the response */
    kq_dns_message_info r3 = message(6, false, 200, 5), q3 = message(6, true, 201, 6);
    kq_dns_pairing_add(p, &r3, msg, sizeof msg);
    kq_dns_pairing_add(p, &q3, msg, sizeof msg);
    t = kq_dns_pairing_next(p);
    CHECK(t && t->query.packet == 6 && t->response.packet == 5 && t->ts == 200 * KQ_TICKS_PER_SECOND);
    kq_dns_pairing_finish(p);
    CHECK(kq_dns_pairing_next(p) == NULL);
    kq_dns_pairing_free(p);
}

/* ---- rows from the fixture captures ---- */

typedef struct diag_log {
    int count;
    int64_t lines[16];
    char messages[16][256];
} diag_log;

static void collect_diag(void *user, const char *file, int64_t line, const char *message)
{
    diag_log *d = user;
    if (d->count < 16) {
        d->lines[d->count] = line;
        snprintf(d->messages[d->count], sizeof d->messages[0], "%s", message);
    }
    d->count++;
}

static const char *const columns[] = {"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto",
                                      "trans_id", "rtt", "query", "qclass", "qclass_name", "qtype", "qtype_name",
                                      "rcode", "rcode_name", "AA", "TC", "RD", "RA", "Z", "answers", "TTLs",
                                      "rejected"};
#define NCOLS 24

static void append_value(kq_buf *b, const kq_value *v)
{
    char t[64];
    if (v->null) {
        kq_buf_putc(b, '-');
        return;
    }
    switch (v->type) {
    case KQ_T_STRING: kq_buf_put(b, v->u.s, v->len); break;
    case KQ_T_LONG: kq_buf_put_long(b, v->u.i); break;
    case KQ_T_REAL: kq_buf_printf(b, "%g", v->u.r); break;
    case KQ_T_BOOL: kq_buf_putc(b, v->u.b ? 'T' : 'F'); break;
    case KQ_T_DATETIME: kq_buf_put(b, t, kq_dt_format(v->u.i, t)); break;
    case KQ_T_DYNAMIC: kq_json_write(b, v->u.d); break;
    default: kq_buf_puts(b, "?"); break;
    }
}

typedef struct capture_rows {
    int n;
    char text[16][512];  /* every column but uid, joined by '|' */
    char uid[16][16];
    int64_t line[16];
    diag_log diag;
    int64_t skipped;
    int rc;              /* of the last kq_reader_next */
    kq_error err;
} capture_rows;

static bool read_capture(const char *path, bool strict, capture_rows *out)
{
    memset(out, 0, sizeof *out);
    kq_read_opts o = {.diag = collect_diag, .diag_user = &out->diag, .strict = strict, .skipped = &out->skipped};
    kq_reader *r;
    if (kq_reader_open(path, &o, &r, &out->err) != 0) {
        fprintf(stderr, "open %s: %s\n", path, out->err.message);
        return false;
    }
    CHECK_EQ_INT(kq_reader_format(r), KQ_FMT_PCAP);
    CHECK_EQ_STR(kq_reader_zeek_path(r), "dns");
    CHECK_EQ_INT(kq_reader_field_count(r), NCOLS);
    kq_type types[NCOLS];
    for (int i = 0; i < NCOLS; i++) types[i] = kq_reader_field(r, i)->type;
    kq_reader_project(r, NCOLS, columns, types, &out->err);
    kq_arena a;
    kq_arena_init(&a, 0);
    kq_value v[NCOLS];
    kq_buf b;
    kq_buf_init(&b);
    while ((out->rc = kq_reader_next(r, v, &a, &out->err)) == 1) {
        if (out->n < 16) {
            kq_buf_clear(&b);
            for (int i = 0; i < NCOLS; i++) {
                if (i == 1) continue;
                if (b.len) kq_buf_putc(&b, '|');
                append_value(&b, &v[i]);
            }
            snprintf(out->text[out->n], sizeof out->text[0], "%.*s", (int)b.len, b.p);
            snprintf(out->uid[out->n], sizeof out->uid[0], "%.*s", (int)v[1].len, v[1].u.s);
            out->line[out->n] = kq_reader_line(r);
        }
        out->n++;
        kq_arena_reset(&a);
    }
    kq_buf_free(&b);
    kq_arena_free(&a);
    kq_reader_close(r);
    return true;
}

static void test_transactions(void)
{
    capture_rows c;
    if (!read_capture(CAPTURES "/transactions.pcap", false, &c)) {
        CHECK(false);
        return;
    }
    static const char *const want[] = {
        "2023-11-14T22:13:20.0000000Z|192.0.2.1|40000|192.0.2.53|53|udp|4369|0.01|www.example.com|1|C_INTERNET|1|A|0|NOERROR|F|F|T|T|0|[\"example.com\",\"93.184.216.34\"]|[300,60]|F",
        "2023-11-14T22:13:21.5000000Z|192.0.2.1|40002|192.0.2.53|53|udp|13107|-|nx.example|1|C_INTERNET|1|A|3|NXDOMAIN|F|F|T|F|2|-|-|F",
        "2023-11-14T22:13:23.0000000Z|192.0.2.1|40003|192.0.2.53|53|udp|21845|0.6|t.example|1|C_INTERNET|16|TXT|0|NOERROR|F|F|T|T|0|[\"TXT 5 hello TXT 0 \",\"TXT 3 a,b\"]|[5,5]|F",
        "2023-11-14T22:13:24.0000000Z|192.0.2.1|40004|192.0.2.53|53|udp|26214|-|fail.example|1|C_INTERNET|1|A|2|SERVFAIL|F|F|T|F|0|-|-|T",
        "2023-11-14T22:13:21.0000000Z|192.0.2.1|40001|192.0.2.53|53|udp|8738|-|lost.example|1|C_INTERNET|28|AAAA|-||F|F|T|F|0|-|-|F",
        "2023-11-14T22:13:22.0000000Z|192.0.2.2|5555|192.0.2.53|53|udp|17476|-|orphan.example|-||-||0|NOERROR|T|F|F|T|0|[\"198.51.100.7\"]|[30]|F",
        "2023-11-14T22:13:23.5000000Z|192.0.2.1|40003|192.0.2.53|53|udp|21845|-|t.example|1|C_INTERNET|16|TXT|-||F|F|T|F|0|-|-|F",
        "2023-11-14T22:15:00.0000000Z|192.0.2.1|40009|192.0.2.53|53|udp|30583|-|late.example|1|C_INTERNET|1|A|0|NOERROR|F|F|T|F|0|-|-|T",
    };
    static const int64_t want_line[] = {1, 4, 7, 10, 3, 6, 8, 15};
    CHECK_EQ_INT(c.n, 8);
    for (int i = 0; i < 8 && i < c.n; i++) {
        CHECK_EQ_STR(c.text[i], want[i]);
        CHECK_EQ_INT(c.line[i], want_line[i]);
        CHECK(c.uid[i][0] == 'P' && strlen(c.uid[i]) == 12);
    }
    CHECK_EQ_STR(c.uid[2], c.uid[6]); /* one flow, one uid */
    CHECK(strcmp(c.uid[0], c.uid[1]) != 0);
    CHECK_EQ_INT(c.diag.count, 0);
    CHECK_EQ_INT(c.rc, 0);
}

static void test_malformed(void)
{
    capture_rows c;
    if (!read_capture(CAPTURES "/malformed.pcap", false, &c)) {
        CHECK(false);
        return;
    }
    CHECK_EQ_INT(c.n, 1);
    CHECK_EQ_INT(c.line[0], 9);
    CHECK(strstr(c.text[0], "|good.example|") != NULL);
    static const int64_t lines[] = {1, 2, 4, 5, 6, 7, 10, 11};
    static const char *const messages[] = {
        "DNS message skipped: a compression pointer loops (it does not point back)",
        "DNS message skipped: a compression pointer loops (it does not point back)",
        "DNS message skipped: shorter than a DNS header",
        "DNS message skipped: a label runs past the end of the message",
        "DNS message skipped: the capture kept 60 of the packet's 87 bytes (snap length)",
        "DNS message skipped: the first IP fragment of a DNS message (fragments are not reassembled)",
        "DNS message skipped: a name runs past the end of the message",
        "DNS message skipped: an A record is not 4 bytes",
    };
    CHECK_EQ_INT(c.diag.count, 8);
    CHECK_EQ_INT(c.skipped, 8);
    for (int i = 0; i < 8 && i < c.diag.count; i++) {
        CHECK_EQ_INT(c.diag.lines[i], lines[i]);
        CHECK_EQ_STR(c.diag.messages[i], messages[i]);
    }
    /* strict: the first one ends the read, with the file and the packet */
    if (!read_capture(CAPTURES "/malformed.pcap", true, &c)) {
        CHECK(false);
        return;
    }
    CHECK_EQ_INT(c.rc, -KQ_ERR_INPUT);
    CHECK_EQ_INT(c.err.file_line, 1);
    CHECK(strstr(c.err.file, "malformed.pcap") != NULL);
    CHECK_EQ_INT(c.n, 0);
}

static void test_vlan_ipv6_pcapng(void)
{
    capture_rows c;
    if (!read_capture(CAPTURES "/vlan_ipv6.pcapng", false, &c)) {
        CHECK(false);
        return;
    }
    static const char *const want[] = {
        "2023-11-14T22:13:20.0000000Z|192.0.2.1|41000|192.0.2.53|53|udp|257|0.005|vlan.example|1|C_INTERNET|1|A|0|NOERROR|F|F|T|T|0|[\"10.1.1.1\"]|[10]|F",
        "2023-11-14T22:13:22.0000000Z|2001:db8::10|41002|2001:db8::53|53|udp|1542|0.03|six.example|1|C_INTERNET|28|AAAA|0|NOERROR|F|F|T|T|0|[\"2001:db8::1\",\"192.0.2.7\"]|[120,120]|F",
        "2023-11-14T22:13:21.0000000Z|192.0.2.1|41001|192.0.2.53|53|udp|514|-|qinq.example|1|C_INTERNET|1|A|-||F|F|T|F|0|-|-|F",
        "2023-11-14T22:13:23.0000000Z|192.0.2.5|5353|224.0.0.251|5353|udp|0|-|_printer._tcp.local|32769|qclass-32769|12|PTR|-||F|F|F|F|0|-|-|F",
        "2023-11-14T22:13:23.0001000Z|192.0.2.6|5353|224.0.0.251|5353|udp|0|-|_printer._tcp.local|-||-||0|NOERROR|T|F|F|F|0|[\"lp.local\"]|[4500]|F",
    };
    static const int64_t want_line[] = {1, 4, 3, 6, 7};
    CHECK_EQ_INT(c.n, 5);
    for (int i = 0; i < 5 && i < c.n; i++) {
        CHECK_EQ_STR(c.text[i], want[i]);
        CHECK_EQ_INT(c.line[i], want_line[i]);
    }
    CHECK_EQ_INT(c.diag.count, 0);
}

static void test_tcp(void)
{
    capture_rows c;
    if (!read_capture(CAPTURES "/tcp.pcap", false, &c)) {
        CHECK(false);
        return;
    }
    CHECK_EQ_INT(c.n, 2);
    CHECK_EQ_STR(c.text[0], "2023-11-14T22:13:20.0003000Z|192.0.2.1|42000|192.0.2.53|53|tcp|1|0.0006|one.example|1|C_INTERNET|1|A|0|NOERROR|F|F|T|T|0|[\"192.0.2.11\"]|[7]|F");
    CHECK_EQ_STR(c.text[1], "2023-11-14T22:13:20.0003000Z|192.0.2.1|42000|192.0.2.53|53|tcp|2|-|two.example|1|C_INTERNET|1|A|-||F|F|T|F|0|-|-|F");
    CHECK_EQ_INT(c.line[0], 4);
    CHECK_EQ_INT(c.line[1], 4);
    CHECK_EQ_INT(c.diag.count, 1);
    CHECK_EQ_INT(c.diag.lines[0], 6);
    CHECK_EQ_STR(c.diag.messages[0],
                 "DNS message skipped: a DNS-over-TCP message goes on past its TCP segment (TCP is not reassembled)");
}

static void test_link_types(void)
{
    static const struct {
        const char *file, *client, *server, *name;
        int port;
    } cases[] = {
        {"sll.pcap", "192.0.2.1", "192.0.2.53", "sll.example", 43000},
        {"sll2.pcap", "192.0.2.1", "192.0.2.53", "sll2.example", 43001},
        {"raw.pcap", "192.0.2.1", "192.0.2.53", "raw.example", 43002},
        {"null.pcap", "2001:db8::20", "2001:db8::53", "null.example", 43003},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[256], want[512];
        snprintf(path, sizeof path, "%s/%s", CAPTURES, cases[i].file);
        snprintf(want, sizeof want,
                 "2023-11-14T22:13:20.0000000Z|%s|%d|%s|53|udp|2827|0.001|%s|1|C_INTERNET|1|A|0|NOERROR|F|F|T|T|0|[\"192.0.2.42\"]|[42]|F",
                 cases[i].client, cases[i].port, cases[i].server, cases[i].name);
        capture_rows c;
        if (!read_capture(path, false, &c)) {
            CHECK(false);
            continue;
        }
        CHECK_EQ_INT(c.n, 1);
        CHECK_EQ_STR(c.text[0], want);
    }
    capture_rows c;
    if (!read_capture(CAPTURES "/nano_be.pcap", false, &c)) {
        CHECK(false);
        return;
    }
    CHECK_EQ_INT(c.n, 1);
    CHECK(strncmp(c.text[0], "2023-11-14T22:13:20.1234567Z|", 29) == 0);
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *data = malloc(*n ? *n : 1);
    if (fread(data, 1, *n, f) != *n) *n = 0;
    fclose(f);
    return data;
}

static void spill(const char *path, const unsigned char *data, size_t n, bool gzip)
{
    if (gzip) {
        gzFile g = gzopen(path, "wb6");
        gzwrite(g, data, (unsigned)n);
        gzclose(g);
        return;
    }
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
}

static void test_gzip_and_cut(void)
{
    size_t n;
    unsigned char *data = slurp(CAPTURES "/transactions.pcap", &n);
    CHECK(data != NULL);
    if (!data) return;
    capture_rows plain, packed;
    read_capture(CAPTURES "/transactions.pcap", false, &plain);
    const char *gz = "/tmp/kq_test_pcap.pcap.gz";
    spill(gz, data, n, true);
    if (read_capture(gz, false, &packed)) {
        CHECK_EQ_INT(packed.n, plain.n);
        for (int i = 0; i < plain.n && i < packed.n; i++) CHECK_EQ_STR(packed.text[i], plain.text[i]);
    }
    unlink(gz);
    /* cut inside packet 9: the rows of what came before, then a report of where it ends */
    const char *cut = "/tmp/kq_test_pcap_cut.pcap";
    size_t at = 24;
    for (int i = 0; i < 8; i++) at += 16 + (data[at + 8] | data[at + 9] << 8);
    spill(cut, data, at + 30, false);
    capture_rows c;
    if (read_capture(cut, false, &c)) {
        CHECK_EQ_INT(c.n, 6); /* rows 1 and 2 complete, then 3 (lost), 6 (orphan), 7 and 8 (t.example) */
        CHECK_EQ_INT(c.diag.count, 1);
        CHECK_EQ_INT(c.diag.lines[0], 9);
        CHECK(strstr(c.diag.messages[0], "the capture cannot be read past this packet (libpcap: truncated dump file") != NULL);
        CHECK_EQ_STR(c.text[4], "2023-11-14T22:13:23.0000000Z|192.0.2.1|40003|192.0.2.53|53|udp|21845|-|t.example|1|"
                                "C_INTERNET|16|TXT|-||F|F|T|F|0|-|-|F");
        CHECK_EQ_INT(c.line[4], 7);
    }
    unlink(cut);
    /* bytes with a capture's magic that libpcap refuses: an error when opened */
    memcpy(data + 4, "\xff\xff", 2); /* version 65535 */
    spill(cut, data, n, false);
    kq_reader *r;
    kq_error err;
    kq_read_opts o = {0};
    CHECK(kq_reader_open(cut, &o, &r, &err) == -KQ_ERR_INPUT);
    CHECK(strstr(err.message, "not a capture libpcap reads") != NULL);
    unlink(cut);
    free(data);
}

/* A capture of n queries, each answered but every seventh, written through gzip. */
static void write_large_capture(const char *path, int n)
{
    gzFile g = gzopen(path, "wb1");
    /* the header in the host's byte order, which its magic number tells readers */
    const uint32_t magic = 0xa1b2c3d4, zone = 0, sigfigs = 0, snaplen = 65535, linktype = 1;
    const uint16_t major = 2, minor = 4;
    gzwrite(g, &magic, 4);
    gzwrite(g, &major, 2);
    gzwrite(g, &minor, 2);
    gzwrite(g, &zone, 4);
    gzwrite(g, &sigfigs, 4);
    gzwrite(g, &snaplen, 4);
    gzwrite(g, &linktype, 4);
    for (int i = 0; i < n; i++) {
        for (int answer = 0; answer < 2; answer++) {
            if (answer && i % 7 == 0) continue;
            unsigned char f[128] = {0};
            size_t dns = 14 + 20 + 8, at = dns;
            f[12] = 0x08;
            f[14] = 0x45, f[23] = 17;
            unsigned char client[4] = {10, (unsigned char)(i >> 16), (unsigned char)(i >> 8), (unsigned char)i};
            unsigned char server[4] = {192, 0, 2, 53};
            memcpy(f + 26, answer ? server : client, 4);
            memcpy(f + 30, answer ? client : server, 4);
            uint16_t cport = (uint16_t)(1024 + i % 60000), sport = 53;
            f[34] = (uint8_t)((answer ? sport : cport) >> 8), f[35] = (uint8_t)(answer ? sport : cport);
            f[36] = (uint8_t)((answer ? cport : sport) >> 8), f[37] = (uint8_t)(answer ? cport : sport);
            f[at] = (uint8_t)(i >> 8), f[at + 1] = (uint8_t)i;
            f[at + 2] = answer ? 0x81 : 0x01, f[at + 3] = answer ? 0x80 : 0;
            f[at + 5] = 1, f[at + 7] = (uint8_t)answer;
            at += 12;
            int w = snprintf((char *)f + at + 1, 16, "h%d", i);
            f[at] = (uint8_t)w;
            at += 1 + (size_t)w;
            memcpy(f + at, "\x07" "example\0\0\x01\0\x01", 13);
            at += 13;
            if (answer) {
                memcpy(f + at, "\xc0\x0c\0\x01\0\x01\0\0\0\x3c\0\x04", 12);
                memcpy(f + at + 12, client, 4);
                at += 16;
            }
            size_t ip_len = at - 14, udp_len = at - 34;
            f[16] = (uint8_t)(ip_len >> 8), f[17] = (uint8_t)ip_len;
            f[38] = (uint8_t)(udp_len >> 8), f[39] = (uint8_t)udp_len;
            uint32_t usec = (uint32_t)(i % 1000) * 1000 + (uint32_t)answer * 500;
            uint32_t rec[4] = {1700000000u + (uint32_t)(i / 1000), usec, (uint32_t)at, (uint32_t)at};
            gzwrite(g, rec, sizeof rec);
            gzwrite(g, f, (unsigned)at);
        }
    }
    gzclose(g);
}

static void test_large_gzip(void)
{
    const int n = 150000;
    const char *path = "/tmp/kq_test_pcap_large.pcap.gz";
    write_large_capture(path, n);
    kq_read_opts o = {0};
    kq_reader *r;
    kq_error err;
    CHECK(kq_reader_open(path, &o, &r, &err) == 0);
    if (r) {
        const char *names[] = {"query", "answers", "rcode"};
        kq_type types[] = {KQ_T_STRING, KQ_T_STRING, KQ_T_LONG};
        kq_reader_project(r, 3, names, types, &err);
        kq_arena a;
        kq_arena_init(&a, 0);
        kq_value v[3];
        int64_t rows = 0, answered = 0, mismatched = 0;
        while (kq_reader_next(r, v, &a, &err) == 1) {
            rows++;
            answered += !v[2].null;
            /* h<i>.example is answered with 10.<i>: the pairing joined the right two messages */
            int64_t line = kq_reader_line(r);
            int64_t i = (int64_t)atoll((const char *)v[0].u.s + 1);
            char want[64];
            snprintf(want, sizeof want, "[\"10.%d.%d.%d\"]", (int)((i >> 16) & 255), (int)((i >> 8) & 255), (int)(i & 255));
            if (!v[2].null && (v[1].len != strlen(want) || memcmp(v[1].u.s, want, v[1].len) != 0)) mismatched++;
            if (line < 1) mismatched++;
            kq_arena_reset(&a);
        }
        CHECK_EQ_INT(rows, n);
        CHECK_EQ_INT(answered, n - (n + 6) / 7);
        CHECK_EQ_INT(mismatched, 0);
        kq_arena_free(&a);
        kq_reader_close(r);
    }
    unlink(path);
}

int main(void)
{
    test_names();
    test_answers();
    test_pairing_bounds();
    test_transactions();
    test_malformed();
    test_vlan_ipv6_pcapng();
    test_tcp();
    test_link_types();
    test_gzip_and_cut();
    test_large_gzip();
    return check_report("test_pcap");
}
