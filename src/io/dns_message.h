/*
 * dns_message.h - DNS messages in wire format (RFC 1035 4.1): the header, domain names (with
 * compression pointers followed and loops refused), questions and resource records, and the text
 * Zeek's dns.log writes for an answer record. Everything reads from one message held in memory and
 * never past its end; a malformed message is reported through the cursor's error.
 */
#ifndef KQ_DNS_MESSAGE_H
#define KQ_DNS_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/buf.h"

#define KQ_DNS_HEADER_BYTES 12
#define KQ_DNS_NAME_WIRE_MAX 255 /* octets of a name on the wire, RFC 1035 3.1 */
#define KQ_DNS_NAME_TEXT_MAX 256 /* room for the dotted text of any name, NUL included */

typedef struct kq_dns_header {
    uint16_t id;
    bool qr, aa, tc, rd, ra;
    uint8_t opcode;
    uint8_t z; /* the three bits after RA (Z, AD, CD), as Zeek reads them */
    uint8_t rcode;
    uint16_t qdcount, ancount, nscount, arcount;
} kq_dns_header;

/* A position in one message. error is NULL until something is malformed; then it says what. */
typedef struct kq_dns_cursor {
    const uint8_t *msg;
    size_t len;
    size_t pos;
    const char *error;
} kq_dns_cursor;

/* A name as dotted text, ASCII letters lower-cased (as Zeek logs them), no trailing dot; the root
 * is "". Label bytes are kept as they are (a label may hold a '.' or any other byte). */
typedef struct kq_dns_name {
    char text[KQ_DNS_NAME_TEXT_MAX];
    size_t len;
} kq_dns_name;

typedef struct kq_dns_question {
    kq_dns_name name;
    uint16_t qtype, qclass;
} kq_dns_question;

typedef struct kq_dns_record {
    kq_dns_name owner;
    uint16_t type, rclass;
    uint32_t ttl;
    size_t rdata;    /* offset of the record data in the message */
    size_t rdlength;
} kq_dns_record;

/* What kq_dns_answer_text made of a record. */
typedef enum kq_dns_answer_kind {
    KQ_DNS_ANSWER_MALFORMED = -1, /* the record data is broken: cursor error set */
    KQ_DNS_ANSWER_UNREPORTED = 0, /* a type Zeek parses but does not log (HINFO, CAA, OPT, TSIG) */
    KQ_DNS_ANSWER_REPORTED = 1    /* a reply; its text may be empty (WKS), and then is not logged */
} kq_dns_answer_kind;

void kq_dns_cursor_init(kq_dns_cursor *c, const uint8_t *msg, size_t len);

/* Each reader returns false with c->error set when the message ends early or is malformed. */
bool kq_dns_read_header(kq_dns_cursor *c, kq_dns_header *h);
bool kq_dns_read_name(kq_dns_cursor *c, kq_dns_name *out);
bool kq_dns_read_question(kq_dns_cursor *c, kq_dns_question *q);
bool kq_dns_read_record(kq_dns_cursor *c, kq_dns_record *rr);

/* Writes (replacing out's content) the text Zeek's dns.log gives an answer record: the address of
 * A and AAAA, the name of NS, CNAME, PTR, MX, SRV and SOA (its primary server), "TXT <n> <text>"
 * per string of TXT (SPF likewise), short forms of the DNSSEC types, "<unknown type=N>" for the
 * rest. c is the record's message (its position does not matter and does not move). */
kq_dns_answer_kind kq_dns_answer_text(kq_dns_cursor *c, const kq_dns_record *rr, kq_buf *out);

/* Zeek's names for query types, classes and response codes ("A", "C_INTERNET", "NXDOMAIN"; an
 * unnamed value as "query-N", "qclass-N", "rcode-N"), written into buf. */
const char *kq_dns_qtype_name(uint16_t qtype, char *buf, size_t cap);
const char *kq_dns_qclass_name(uint16_t qclass, char *buf, size_t cap);
const char *kq_dns_rcode_name(uint16_t rcode, char *buf, size_t cap);

/* An address as Zeek prints it: dotted quad, or RFC 5952 IPv6 text (an IPv4-mapped IPv6 address
 * prints as IPv4). bytes is 4 or 16 long. Returns the text length. */
size_t kq_dns_address_text(const uint8_t *bytes, size_t n, char *out, size_t cap);

#endif
