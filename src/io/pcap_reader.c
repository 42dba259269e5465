/*
 * pcap_reader.c - packet captures (pcap and pcapng, read by libpcap; gzip-compressed ones through
 * the reader's stream) as a table of DNS transactions, the rows of a Zeek dns.log (table ZeekDns).
 * The UDP payload of each packet to or from a DNS port (53, and 5353 mDNS and 5355 LLMNR, as Zeek
 * reads them), and each length-prefixed message inside a TCP segment to or from port 53, is a DNS
 * message; messages are paired into transactions (dns_pairing.c) and handed out as rows
 * (dns_row.c). A record's line is the packet number (1-based) of its query, or of its response
 * when no query was seen. Skipped, counted and reported with their packet number: messages that
 * are not valid DNS, packets the capture cut short, IP fragments of DNS messages, and DNS-over-TCP
 * messages that go on past their segment (TCP streams are not reassembled); and where libpcap stops
 * (a capture cut inside a packet, a pcapng interface of another link type). Only standard queries
 * (opcode 0) make rows, as in Zeek; checksums are not verified (captures made on the sending host
 * have wrong ones).
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/datetime.h"
#include "../base/error.h"
#include "dns_message.h"
#include "dns_row.h"
#include "packet.h"

struct kq_capture {
    pcap_t *pcap;              /* reading from the reader's stream; NULL if it could not restart */
    int dlt;
    int64_t packet;            /* number of the last packet read */
    int64_t record_line;       /* packet number of the last record handed out */
    kq_dns_pairing *pairing;
    bool ended;                /* no packet follows: everything waiting has been completed */
    char failure[PCAP_ERRBUF_SIZE];
};

bool kq_capture_magic(const char *data, size_t len)
{
    static const char *const pcap_magics[] = {"\xa1\xb2\xc3\xd4", "\xd4\xc3\xb2\xa1", "\xa1\xb2\x3c\x4d",
                                              "\x4d\x3c\xb2\xa1"};
    if (len < 4) return false;
    for (size_t i = 0; i < sizeof pcap_magics / sizeof pcap_magics[0]; i++)
        if (memcmp(data, pcap_magics[i], 4) == 0) return true; /* even cut short: libpcap says what is wrong */
    if (len < 12) return false;
    /* pcapng: a section header block, whose byte-order magic follows the block length */
    return memcmp(data, "\x0a\x0d\x0d\x0a", 4) == 0 &&
           (memcmp(data + 8, "\x1a\x2b\x3c\x4d", 4) == 0 || memcmp(data + 8, "\x4d\x3c\x2b\x1a", 4) == 0);
}

/* libpcap reads the capture through this: the reader's stream, from r->pos on. */
static ssize_t read_stream(void *cookie, char *buf, size_t size)
{
    kq_reader *r = cookie;
    size_t done = 0;
    while (done < size) {
        if (r->pos == r->s.len) {
            if (kq_stream_refill(&r->s, r->pos) == 0) break;
            r->pos = 0;
        }
        size_t n = r->s.len - r->pos < size - done ? r->s.len - r->pos : size - done;
        memcpy(buf + done, r->s.data + r->pos, n);
        done += n;
        r->pos += n;
    }
    kq_stream_release(&r->s, r->pos);
    return (ssize_t)done;
}

static int keep_stream_open(void *cookie)
{
    (void)cookie; /* the stream belongs to the reader */
    return 0;
}

/* (Re)starts libpcap at the first byte of the stream (which the caller rewound). */
static bool start(kq_reader *r)
{
    kq_capture *c = r->capture;
    if (c->pcap) pcap_close(c->pcap);
    c->pcap = NULL;
    c->packet = c->record_line = 0;
    c->ended = false;
    kq_dns_pairing_clear(c->pairing);
    r->pos = 0;
    cookie_io_functions_t io = {.read = read_stream, .close = keep_stream_open};
    FILE *f = fopencookie(r, "r", io);
    if (!f) {
        snprintf(c->failure, sizeof c->failure, "cannot read the capture: out of memory");
        return false;
    }
    c->pcap = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, c->failure);
    if (!c->pcap) {
        fclose(f);
        return false;
    }
    c->dlt = pcap_datalink(c->pcap);
    return true;
}

int kq_capture_open(kq_reader *r, kq_error *err)
{
    r->fmt = KQ_FMT_PCAP;
    r->capture = kq_xcalloc(1, sizeof *r->capture);
    r->capture->pairing = kq_dns_pairing_new();
    r->zeek_path = kq_xstrdup("dns");
    kq_dns_row_schema(r);
    if (!start(r)) {
        kq_error_input(err, KQ_ERR_INPUT, r->path, 0, "not a capture libpcap reads: %s", r->capture->failure);
        return -KQ_ERR_INPUT;
    }
    int dlt = r->capture->dlt;
    if (!kq_packet_link_supported(dlt)) {
        const char *name = pcap_datalink_val_to_name(dlt);
        kq_error_input(err, KQ_ERR_INPUT, r->path, 0,
                       "a capture of link type %d (%s), which kq does not decode: it reads DNS from Ethernet, Linux "
                       "cooked, raw IP and loopback captures",
                       dlt, name ? name : "unknown");
        return -KQ_ERR_INPUT;
    }
    return 0;
}

void kq_capture_rewind(kq_reader *r)
{
    start(r);
}

void kq_capture_close(kq_reader *r)
{
    kq_capture *c = r->capture;
    if (!c) return;
    if (c->pcap) pcap_close(c->pcap);
    kq_dns_pairing_free(c->pairing);
    free(c);
    r->capture = NULL;
}

int64_t kq_capture_line(const kq_reader *r)
{
    return r->capture->record_line;
}

static int skip(kq_reader *r, kq_error *err, const char *why)
{
    return kq_reader_report(r, r->capture->packet, err, "DNS message skipped: %s", why);
}

static bool is_dns_port(uint8_t proto, uint16_t port)
{
    return port == 53 || (proto == KQ_IPPROTO_UDP && (port == 5353 || port == 5355));
}

/* One DNS message of the current packet: checked, then paired. */
static int take_message(kq_reader *r, const kq_segment *seg, const uint8_t *msg, size_t len, int64_t ts,
                        kq_error *err)
{
    kq_dns_cursor cursor;
    kq_dns_header h;
    kq_dns_cursor_init(&cursor, msg, len);
    if (!kq_dns_read_header(&cursor, &h)) return skip(r, err, cursor.error);
    if (h.opcode != 0) return 0; /* only standard queries are logged, as in Zeek */
    const char *why = kq_dns_row_check(msg, len, &r->scratch);
    if (why) return skip(r, err, why);
    kq_dns_message_info m = {.proto = seg->proto, .trans_id = h.id, .is_query = !h.qr, .ts = ts,
                             .packet = r->capture->packet};
    /* the client is who asks; a response to a multicast group keeps its sender as the originator */
    bool sender_is_client = m.is_query || kq_endpoint_is_multicast(&seg->dst);
    m.client = sender_is_client ? seg->src : seg->dst;
    m.server = sender_is_client ? seg->dst : seg->src;
    kq_dns_pairing_add(r->capture->pairing, &m, msg, len);
    return 0;
}

/* DNS over TCP: messages with a 2-byte length prefix, each wholly inside this segment. */
static int take_tcp_messages(kq_reader *r, const kq_segment *seg, int64_t ts, kq_error *err)
{
    size_t at = 0;
    while (at < seg->len) {
        size_t left = seg->len - at;
        size_t n = left >= 2 ? (size_t)(seg->payload[at] << 8 | seg->payload[at + 1]) : left;
        if (left < 2 || n > left - 2)
            return skip(r, err, "a DNS-over-TCP message goes on past its TCP segment (TCP is not reassembled)");
        int rc = take_message(r, seg, seg->payload + at + 2, n, ts, err);
        if (rc) return rc;
        at += 2 + n;
    }
    return 0;
}

static int take_packet(kq_reader *r, const struct pcap_pkthdr *h, const uint8_t *data, kq_error *err)
{
    kq_capture *c = r->capture;
    /* nanoseconds (PCAP_TSTAMP_PRECISION_NANO) to ticks, for times kq can hold */
    bool in_range = h->ts.tv_sec >= -KQ_UNIX_EPOCH_TICKS / KQ_TICKS_PER_SECOND &&
                    h->ts.tv_sec < (KQ_DATETIME_MAX_TICKS - KQ_UNIX_EPOCH_TICKS) / KQ_TICKS_PER_SECOND;
    int64_t ts = in_range ? KQ_UNIX_EPOCH_TICKS + (int64_t)h->ts.tv_sec * KQ_TICKS_PER_SECOND + h->ts.tv_usec / 100 : 0;
    if (in_range) kq_dns_pairing_expire(c->pairing, ts);
    kq_segment seg;
    if (!kq_packet_segment(c->dlt, data, h->caplen, &seg)) {
        if (!seg.damaged) return 0;
        if (h->caplen < h->len)
            return kq_reader_report(r, c->packet, err, "packet skipped: %s (the capture kept %u of its %u bytes: snap "
                                                       "length), so kq cannot tell whether it is DNS",
                                    seg.damaged, h->caplen, h->len);
        return kq_reader_report(r, c->packet, err, "packet skipped: %s, so kq cannot tell whether it is DNS", seg.damaged);
    }
    if (!is_dns_port(seg.proto, seg.src.port) && !is_dns_port(seg.proto, seg.dst.port)) return 0;
    if (seg.proto == KQ_IPPROTO_TCP && seg.len == 0 && !seg.cut) return 0; /* handshake, acknowledgements */
    if (!in_range) return skip(r, err, "the packet's time is outside the years 1 to 9999");
    if (seg.fragment) return skip(r, err, "the first IP fragment of a DNS message (fragments are not reassembled)");
    if (seg.cut) {
        char why[160];
        if (h->caplen < h->len)
            snprintf(why, sizeof why, "the capture kept %u of the packet's %u bytes (snap length)", h->caplen, h->len);
        else
            snprintf(why, sizeof why, "the packet is shorter than its IP, UDP or TCP header says");
        return skip(r, err, why);
    }
    if (seg.proto == KQ_IPPROTO_TCP) return take_tcp_messages(r, &seg, ts, err);
    return take_message(r, &seg, seg.payload, seg.len, ts, err);
}

/* Reads the next packet. Returns 1, 0 at the end of the capture, or -KQ_ERR_INPUT. */
static int read_packet(kq_reader *r, kq_error *err)
{
    kq_capture *c = r->capture;
    struct pcap_pkthdr *h;
    const u_char *data;
    int rc = pcap_next_ex(c->pcap, &h, &data);
    if (rc == 1) {
        c->packet++;
        int taken = take_packet(r, h, data, err);
        return taken < 0 ? taken : 1;
    }
    if (r->s.damaged)
        rc = kq_reader_report(r, c->packet + 1, err, "%s; the packets before it were read", r->s.problem);
    else if (rc == PCAP_ERROR)
        rc = kq_reader_report(r, c->packet + 1, err,
                              "the capture cannot be read past this packet (libpcap: %s); the packets before it were read",
                              pcap_geterr(c->pcap));
    else
        rc = 0;
    return rc < 0 ? rc : 0;
}

int kq_capture_next(kq_reader *r, kq_value *vals, kq_arena *a, kq_error *err)
{
    kq_capture *c = r->capture;
    if (!c->pcap) {
        kq_error_input(err, KQ_ERR_INPUT, r->path, 0, "cannot read the capture again: %s", c->failure);
        return -KQ_ERR_INPUT;
    }
    for (;;) {
        const kq_dns_transaction *t = kq_dns_pairing_next(c->pairing);
        if (t) {
            c->record_line = t->query.seen ? t->query.packet : t->response.packet;
            kq_dns_row_values(r, t, vals, a);
            return 1;
        }
        if (c->ended) return 0;
        int rc = read_packet(r, err);
        if (rc < 0) return rc;
        if (rc == 0) {
            kq_dns_pairing_finish(c->pairing);
            c->ended = true;
        }
    }
}
