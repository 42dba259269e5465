/*
 * packet.h - from a captured frame to the UDP datagram or TCP segment inside it. Link layers:
 * Ethernet (802.1Q / 802.1ad VLAN tags skipped), Linux cooked capture v1 and v2, raw IP, and
 * BSD loopback (null); then IPv4 or IPv6 (hop-by-hop, routing, destination-options and AH
 * headers skipped), then UDP or TCP. IP fragments are recognised, never reassembled.
 */
#ifndef KQ_PACKET_H
#define KQ_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KQ_IPPROTO_TCP 6
#define KQ_IPPROTO_UDP 17

typedef struct kq_endpoint {
    uint8_t family;    /* 4 or 6 */
    uint8_t addr[16];  /* IPv4: the first 4 bytes, the rest zero */
    uint16_t port;
} kq_endpoint;

typedef struct kq_segment {
    uint8_t proto;          /* KQ_IPPROTO_UDP or KQ_IPPROTO_TCP */
    kq_endpoint src, dst;
    const uint8_t *payload; /* the UDP or TCP payload, as far as it was captured */
    size_t len;
    bool fragment;          /* the first fragment of a fragmented IP packet: the payload goes on elsewhere */
    bool cut;               /* the payload is shorter than the packet says (snap length, or a broken length) */
    const char *damaged;    /* when no segment is found because an IP, UDP or TCP header (or the
                               link-layer header before it) is cut short or broken, what is wrong:
                               the packet may have been DNS. NULL otherwise */
} kq_segment;

/* Whether kq_packet_segment decodes frames of link type dlt. */
bool kq_packet_link_supported(int dlt);

/* Finds the UDP or TCP segment of a frame of link type dlt (a libpcap DLT_ value). Returns false
 * for anything else: other link types and protocols, IP fragments after the first (they carry no
 * ports), and headers too damaged to read the ports from (out->damaged says what). */
bool kq_packet_segment(int dlt, const uint8_t *frame, size_t caplen, kq_segment *out);

/* Whether the address is a multicast group (224.0.0.0/4, ff00::/8). */
bool kq_endpoint_is_multicast(const kq_endpoint *e);

#endif
