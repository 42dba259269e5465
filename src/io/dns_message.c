/*
 * dns_message.c - reading DNS messages in wire format (see dns_message.h): header, names,
 * questions, resource records, and an answer record's text the way Zeek's dns.log writes it (the
 * formats of Zeek's base/protocols/dns scripts). Names follow compression pointers only backwards,
 * each pointer before every part of the name read so far, so a pointer loop ends as an error.
 */
#include "dns_message.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

enum {
    TYPE_A = 1, TYPE_NS = 2, TYPE_CNAME = 5, TYPE_SOA = 6, TYPE_WKS = 11, TYPE_PTR = 12,
    TYPE_HINFO = 13, TYPE_MX = 15, TYPE_TXT = 16, TYPE_AAAA = 28, TYPE_LOC = 29, TYPE_SRV = 33,
    TYPE_OPT = 41, TYPE_DS = 43, TYPE_SSHFP = 44, TYPE_RRSIG = 46, TYPE_NSEC = 47,
    TYPE_DNSKEY = 48, TYPE_NSEC3 = 50, TYPE_NSEC3PARAM = 51, TYPE_SPF = 99, TYPE_TSIG = 250,
    TYPE_CAA = 257, TYPE_BINDS = 65534
};

static bool fail(kq_dns_cursor *c, const char *why)
{
    if (!c->error) c->error = why;
    return false;
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void kq_dns_cursor_init(kq_dns_cursor *c, const uint8_t *msg, size_t len)
{
    c->msg = msg;
    c->len = len;
    c->pos = 0;
    c->error = NULL;
}

bool kq_dns_read_header(kq_dns_cursor *c, kq_dns_header *h)
{
    if (c->len - c->pos < KQ_DNS_HEADER_BYTES) return fail(c, "shorter than a DNS header");
    const uint8_t *p = c->msg + c->pos;
    uint16_t flags = get16(p + 2);
    h->id = get16(p);
    h->qr = flags & 0x8000;
    h->opcode = (uint8_t)((flags >> 11) & 0xF);
    h->aa = flags & 0x0400;
    h->tc = flags & 0x0200;
    h->rd = flags & 0x0100;
    h->ra = flags & 0x0080;
    h->z = (uint8_t)((flags >> 4) & 0x7);
    h->rcode = (uint8_t)(flags & 0xF);
    h->qdcount = get16(p + 4);
    h->ancount = get16(p + 6);
    h->nscount = get16(p + 8);
    h->arcount = get16(p + 10);
    c->pos += KQ_DNS_HEADER_BYTES;
    return true;
}

static void append_label(kq_dns_name *out, const uint8_t *label, size_t n)
{
    if (out->len > 0) out->text[out->len++] = '.';
    for (size_t i = 0; i < n; i++) {
        uint8_t b = label[i];
        out->text[out->len++] = (char)(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
    }
}

bool kq_dns_read_name(kq_dns_cursor *c, kq_dns_name *out)
{
    size_t at = c->pos;        /* the next label or pointer */
    size_t earliest = c->pos;  /* a pointer must lead before every byte of the name read so far */
    size_t resume = 0;         /* where the message goes on after a compressed name */
    bool jumped = false;
    size_t wire = 1;           /* octets of the name, its final zero counted */
    out->len = 0;
    out->text[0] = 0;
    for (;;) {
        if (at >= c->len) return fail(c, "a name runs past the end of the message");
        uint8_t b = c->msg[at];
        if ((b & 0xC0) == 0xC0) {
            if (at + 1 >= c->len) return fail(c, "a compression pointer is cut off");
            size_t target = (size_t)(b & 0x3F) << 8 | c->msg[at + 1];
            if (target >= earliest) return fail(c, "a compression pointer loops (it does not point back)");
            if (!jumped) resume = at + 2;
            jumped = true;
            earliest = target;
            at = target;
            continue;
        }
        if (b & 0xC0) return fail(c, "a label of an unsupported type (extended label)");
        if (b == 0) {
            at++;
            break;
        }
        if (b > c->len - at - 1) return fail(c, "a label runs past the end of the message");
        wire += 1u + b;
        if (wire > KQ_DNS_NAME_WIRE_MAX) return fail(c, "a name is longer than 255 octets");
        append_label(out, c->msg + at + 1, b);
        at += 1u + b;
    }
    out->text[out->len] = 0;
    c->pos = jumped ? resume : at;
    return true;
}

bool kq_dns_read_question(kq_dns_cursor *c, kq_dns_question *q)
{
    if (!kq_dns_read_name(c, &q->name)) return false;
    if (c->len - c->pos < 4) return fail(c, "a question is cut off");
    q->qtype = get16(c->msg + c->pos);
    q->qclass = get16(c->msg + c->pos + 2);
    c->pos += 4;
    return true;
}

bool kq_dns_read_record(kq_dns_cursor *c, kq_dns_record *rr)
{
    if (!kq_dns_read_name(c, &rr->owner)) return false;
    if (c->len - c->pos < 10) return fail(c, "a resource record is cut off");
    const uint8_t *p = c->msg + c->pos;
    rr->type = get16(p);
    rr->rclass = get16(p + 2);
    rr->ttl = get32(p + 4);
    rr->rdlength = get16(p + 8);
    rr->rdata = c->pos + 10;
    if (rr->rdlength > c->len - rr->rdata) return fail(c, "record data runs past the end of the message");
    c->pos = rr->rdata + rr->rdlength;
    return true;
}

size_t kq_dns_address_text(const uint8_t *bytes, size_t n, char *out, size_t cap)
{
    static const uint8_t v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (n == 16 && memcmp(bytes, v4_mapped, 12) == 0) {
        bytes += 12;
        n = 4;
    }
    if (n == 4) {
        int w = snprintf(out, cap, "%u.%u.%u.%u", bytes[0], bytes[1], bytes[2], bytes[3]);
        return w < 0 ? 0 : (size_t)w < cap ? (size_t)w : cap - 1;
    }
    if (!inet_ntop(AF_INET6, bytes, out, (socklen_t)cap)) out[0] = 0;
    return strlen(out);
}

/* A name inside record data, read from offset at of the message. */
static bool name_at(kq_dns_cursor *c, size_t at, kq_dns_name *out, size_t *end)
{
    kq_dns_cursor sub = *c;
    sub.pos = at;
    bool ok = kq_dns_read_name(&sub, out);
    if (!ok) c->error = sub.error;
    if (end) *end = sub.pos;
    return ok;
}

/* TXT and SPF: each character-string as "<TAG> <length> <bytes>", separated by spaces. */
static bool character_strings(kq_dns_cursor *c, const kq_dns_record *rr, const char *tag, kq_buf *out)
{
    const uint8_t *p = c->msg + rr->rdata, *end = p + rr->rdlength;
    while (p < end) {
        size_t n = *p++;
        if (n > (size_t)(end - p)) return fail(c, "a TXT string runs past its record");
        if (out->len) kq_buf_putc(out, ' ');
        kq_buf_printf(out, "%s %zu ", tag, n);
        kq_buf_put(out, p, n);
        p += n;
    }
    return true;
}

static void put_name(kq_buf *out, const kq_dns_name *name)
{
    kq_buf_put(out, name->text, name->len);
}

kq_dns_answer_kind kq_dns_answer_text(kq_dns_cursor *c, const kq_dns_record *rr, kq_buf *out)
{
    kq_buf_clear(out);
    const uint8_t *rd = c->msg + rr->rdata;
    size_t n = rr->rdlength;
    kq_dns_name name, other;
    size_t end;
    char addr[64];
    bool ok = true;
    switch (rr->type) {
    case TYPE_A:
    case TYPE_AAAA:
        if (n != (rr->type == TYPE_A ? 4u : 16u)) {
            fail(c, rr->type == TYPE_A ? "an A record is not 4 bytes" : "an AAAA record is not 16 bytes");
            return KQ_DNS_ANSWER_MALFORMED;
        }
        kq_buf_put(out, addr, kq_dns_address_text(rd, n, addr, sizeof addr));
        break;
    case TYPE_NS:
    case TYPE_CNAME:
    case TYPE_PTR:
        if ((ok = name_at(c, rr->rdata, &name, NULL))) put_name(out, &name);
        break;
    case TYPE_MX:
        ok = n >= 2 ? name_at(c, rr->rdata + 2, &name, NULL) : fail(c, "an MX record is cut off");
        if (ok) put_name(out, &name);
        break;
    case TYPE_SRV:
        ok = n >= 6 ? name_at(c, rr->rdata + 6, &name, NULL) : fail(c, "an SRV record is cut off");
        if (ok) put_name(out, &name);
        break;
    case TYPE_SOA:
        ok = name_at(c, rr->rdata, &name, &end) && name_at(c, end, &other, &end);
        if (ok && c->len - end < 20) ok = fail(c, "an SOA record is cut off");
        if (ok) put_name(out, &name);
        break;
    case TYPE_TXT: ok = character_strings(c, rr, "TXT", out); break;
    case TYPE_SPF: ok = character_strings(c, rr, "SPF", out); break;
    case TYPE_RRSIG:
        ok = n >= 18 ? name_at(c, rr->rdata + 18, &name, NULL) : fail(c, "an RRSIG record is cut off");
        if (ok) kq_buf_printf(out, "RRSIG %u %s", get16(rd), name.len ? name.text : "<Root>");
        break;
    case TYPE_DNSKEY:
        ok = n >= 4 || fail(c, "a DNSKEY record is cut off");
        if (ok) kq_buf_printf(out, "DNSKEY %u", rd[3]);
        break;
    case TYPE_NSEC:
        if ((ok = name_at(c, rr->rdata, &name, NULL)))
            kq_buf_printf(out, "NSEC %s %s", rr->owner.text, name.text);
        break;
    case TYPE_NSEC3: kq_buf_puts(out, "NSEC3"); break;
    case TYPE_NSEC3PARAM: kq_buf_puts(out, "NSEC3PARAM"); break;
    case TYPE_DS:
        ok = n >= 4 || fail(c, "a DS record is cut off");
        if (ok) kq_buf_printf(out, "DS %u %u", rd[2], rd[3]);
        break;
    case TYPE_SSHFP:
        ok = n >= 2 || fail(c, "an SSHFP record is cut off");
        if (ok) kq_buf_puts(out, "SSHFP: ");
        for (size_t i = 2; ok && i < n; i++) kq_buf_printf(out, "%02x", rd[i]);
        break;
    case TYPE_LOC:
        ok = n >= 16 || fail(c, "a LOC record is cut off");
        if (ok) kq_buf_printf(out, "LOC:  %u %u %u", rd[1], rd[2], rd[3]);
        break;
    case TYPE_BINDS: kq_buf_puts(out, "BIND9 signing signal"); break;
    case TYPE_WKS: break; /* reported, with no text */
    case TYPE_HINFO:
    case TYPE_CAA:
    case TYPE_OPT:
    case TYPE_TSIG: return KQ_DNS_ANSWER_UNREPORTED;
    default: kq_buf_printf(out, "<unknown type=%u>", rr->type); break;
    }
    return ok ? KQ_DNS_ANSWER_REPORTED : KQ_DNS_ANSWER_MALFORMED;
}

typedef struct code_name {
    uint16_t code;
    const char *name;
} code_name;

static const char *name_of(const code_name *table, size_t n, uint16_t code, const char *fallback,
                           char *buf, size_t cap)
{
    for (size_t i = 0; i < n; i++)
        if (table[i].code == code) return table[i].name;
    snprintf(buf, cap, "%s-%u", fallback, code);
    return buf;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *kq_dns_qtype_name(uint16_t qtype, char *buf, size_t cap)
{
    static const code_name types[] = {
        {1, "A"}, {2, "NS"}, {3, "MD"}, {4, "MF"}, {5, "CNAME"}, {6, "SOA"}, {7, "MB"}, {8, "MG"},
        {9, "MR"}, {10, "NULL"}, {11, "WKS"}, {12, "PTR"}, {13, "HINFO"}, {14, "MINFO"}, {15, "MX"},
        {16, "TXT"}, {17, "RP"}, {18, "AFSDB"}, {19, "X25"}, {20, "ISDN"}, {21, "RT"}, {22, "NSAP"},
        {23, "NSAP-PTR"}, {24, "SIG"}, {25, "KEY"}, {26, "PX"}, {27, "GPOS"}, {28, "AAAA"}, {29, "LOC"},
        {30, "NXT"}, {31, "EID"}, {32, "NIMLOC"}, {33, "SRV"}, {34, "ATMA"}, {35, "NAPTR"}, {36, "KX"},
        {37, "CERT"}, {38, "A6"}, {39, "DNAME"}, {40, "SINK"}, {41, "OPT"}, {42, "APL"}, {43, "DS"},
        {44, "SSHFP"}, {45, "IPSECKEY"}, {46, "RRSIG"}, {47, "NSEC"}, {48, "DNSKEY"}, {49, "DHCID"},
        {50, "NSEC3"}, {51, "NSEC3PARAM"}, {52, "TLSA"}, {53, "SMIMEA"}, {55, "HIP"}, {56, "NINFO"},
        {57, "RKEY"}, {58, "TALINK"}, {59, "CDS"}, {60, "CDNSKEY"}, {61, "OPENPGPKEY"}, {62, "CSYNC"},
        {63, "ZONEMD"}, {64, "SVCB"}, {65, "HTTPS"}, {99, "SPF"}, {100, "UINFO"}, {101, "UID"},
        {102, "GID"}, {103, "UNSPEC"}, {104, "NID"}, {105, "L32"}, {106, "L64"}, {107, "LP"},
        {108, "EUI48"}, {109, "EUI64"}, {249, "TKEY"}, {250, "TSIG"}, {251, "IXFR"}, {252, "AXFR"},
        {253, "MAILB"}, {254, "MAILA"}, {255, "*"}, {256, "URI"}, {257, "CAA"}, {32768, "TA"},
        {32769, "DLV"}, {65281, "WINS"}, {65282, "WINS-R"}, {65422, "XPF"}, {65521, "INTEGRITY"},
    };
    return name_of(types, COUNT(types), qtype, "query", buf, cap);
}

const char *kq_dns_qclass_name(uint16_t qclass, char *buf, size_t cap)
{
    static const code_name classes[] = {
        {1, "C_INTERNET"}, {2, "C_CSNET"}, {3, "C_CHAOS"}, {4, "C_HESIOD"}, {254, "C_NONE"}, {255, "C_ANY"},
    };
    return name_of(classes, COUNT(classes), qclass, "qclass", buf, cap);
}

const char *kq_dns_rcode_name(uint16_t rcode, char *buf, size_t cap)
{
    static const code_name rcodes[] = {
        {0, "NOERROR"}, {1, "FORMERR"}, {2, "SERVFAIL"}, {3, "NXDOMAIN"}, {4, "NOTIMP"}, {5, "REFUSED"},
        {6, "YXDOMAIN"}, {7, "YXRRSET"}, {8, "NXRRSet"}, {9, "NOTAUTH"}, {10, "NOTZONE"},
        {11, "unassigned-11"}, {12, "unassigned-12"}, {13, "unassigned-13"}, {14, "unassigned-14"},
        {15, "unassigned-15"},
    };
    return name_of(rcodes, COUNT(rcodes), rcode, "rcode", buf, cap);
}
