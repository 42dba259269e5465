/*
 * test_pcap.c - unit tests of the packet-capture reader's pieces: DNS names (compression, pointer
 * loops, limits) and answer texts as Zeek writes them (src/io/dns_message.h), and the pairing of
 * queries with responses and its bounds (dns_pairing.h).
 */
#include <stdio.h>
#include <string.h>

#include "../../src/base/buf.h"
#include "../../src/base/datetime.h"
#include "../../src/io/dns_message.h"
#include "../../src/io/dns_pairing.h"
#include "check.h"

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

int main(void)
{
    test_names();
    test_answers();
    test_pairing_bounds();
    return check_report("test_pcap");
}
