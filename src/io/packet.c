/*
 * packet.c - the layers of a captured frame, peeled down to UDP or TCP (see packet.h). Lengths
 * come from the headers and are checked against what was captured: Ethernet padding is dropped
 * (the IP length rules), a frame cut by the snap length is marked, never read past.
 */
#include "packet.h"

#include <pcap/dlt.h>
#include <string.h>

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86DD
#define MAX_VLAN_TAGS 8
#define MAX_IPV6_HEADERS 8

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

/* The captured bytes of a layer and of what follows it. */
typedef struct layer {
    const uint8_t *p;
    size_t len;
} layer;

static bool ethertype_payload(uint16_t type, layer *l, kq_segment *out)
{
    for (int tags = 0; (type == 0x8100 || type == 0x88A8 || type == 0x9100) && tags < MAX_VLAN_TAGS; tags++) {
        if (l->len < 4) {
            out->damaged = "its VLAN tag is cut short";
            return false;
        }
        type = get16(l->p + 2);
        l->p += 4;
        l->len -= 4;
    }
    return type == ETHERTYPE_IPV4 || type == ETHERTYPE_IPV6;
}

bool kq_packet_link_supported(int dlt)
{
    switch (dlt) {
    case DLT_EN10MB:
    case DLT_LINUX_SLL:
    case DLT_LINUX_SLL2:
    case DLT_NULL:
    case DLT_LOOP:
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6: return true;
    default: return false;
    }
}

/* Moves l to the IP packet of the frame. */
static bool link_payload(int dlt, layer *l, kq_segment *out)
{
    static const char *const cut = "the frame is shorter than its link-layer header";
    switch (dlt) {
    case DLT_EN10MB:
        if (l->len < 14) return out->damaged = cut, false;
        {
            uint16_t type = get16(l->p + 12);
            l->p += 14;
            l->len -= 14;
            return ethertype_payload(type, l, out);
        }
    case DLT_LINUX_SLL:
        if (l->len < 16) return out->damaged = cut, false;
        {
            uint16_t type = get16(l->p + 14);
            l->p += 16;
            l->len -= 16;
            return ethertype_payload(type, l, out);
        }
    case DLT_LINUX_SLL2:
        if (l->len < 20) return out->damaged = cut, false;
        {
            uint16_t type = get16(l->p);
            l->p += 20;
            l->len -= 20;
            return ethertype_payload(type, l, out);
        }
    case DLT_NULL:
    case DLT_LOOP: /* a 4-byte address family in either byte order: the IP version says enough */
        if (l->len < 4) return out->damaged = cut, false;
        l->p += 4;
        l->len -= 4;
        return true;
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6: return true;
    default: return false;
    }
}

static void put_address(kq_endpoint *e, uint8_t family, const uint8_t *addr)
{
    memset(e, 0, sizeof *e);
    e->family = family;
    memcpy(e->addr, addr, family == 4 ? 4 : 16);
}

/* Trims l to the announced length, or marks the segment cut when fewer bytes were captured. */
static void fit(layer *l, size_t announced, kq_segment *out)
{
    if (announced <= l->len) l->len = announced;
    else out->cut = true;
}

/* Moves l to the transport header; false for what is not UDP or TCP, or is a later fragment. */
static bool ipv4_payload(layer *l, kq_segment *out, uint8_t *proto)
{
    if (l->len < 20) return out->damaged = "its IPv4 header is cut short", false;
    size_t header = (size_t)(l->p[0] & 0xF) * 4;
    size_t total = get16(l->p + 2);
    uint16_t fragment = get16(l->p + 6);
    if (header < 20) return out->damaged = "its IPv4 header length is below 20 bytes", false;
    if (header > l->len) return out->damaged = "its IPv4 header is cut short", false;
    if (total < header) return out->damaged = "its IPv4 total length is shorter than its header", false;
    if (fragment & 0x1FFF) return false; /* a later fragment: no transport header */
    out->fragment = fragment & 0x2000;
    *proto = l->p[9];
    put_address(&out->src, 4, l->p + 12);
    put_address(&out->dst, 4, l->p + 16);
    fit(l, total, out);
    l->p += header;
    l->len -= header;
    return true;
}

static bool ipv6_payload(layer *l, kq_segment *out, uint8_t *proto)
{
    if (l->len < 40) return out->damaged = "its IPv6 header is cut short", false;
    size_t payload = get16(l->p + 4);
    uint8_t next = l->p[6];
    put_address(&out->src, 6, l->p + 8);
    put_address(&out->dst, 6, l->p + 24);
    l->p += 40;
    l->len -= 40;
    fit(l, payload, out);
    for (int n = 0; n < MAX_IPV6_HEADERS; n++) {
        size_t size;
        switch (next) {
        case 0:  /* hop-by-hop options */
        case 43: /* routing */
        case 60: /* destination options */
            if (l->len < 2) return out->damaged = "an IPv6 extension header is cut short", false;
            size = ((size_t)l->p[1] + 1) * 8;
            break;
        case 51: /* authentication header */
            if (l->len < 2) return out->damaged = "an IPv6 extension header is cut short", false;
            size = ((size_t)l->p[1] + 2) * 4;
            break;
        case 44: /* fragment */
            if (l->len < 8) return out->damaged = "an IPv6 extension header is cut short", false;
            if (get16(l->p + 2) & 0xFFF8) return false; /* a later fragment */
            out->fragment = true;
            size = 8;
            break;
        default:
            *proto = next;
            return true;
        }
        if (size > l->len) return out->damaged = "an IPv6 extension header is cut short", false;
        next = l->p[0];
        l->p += size;
        l->len -= size;
    }
    return false;
}

bool kq_packet_segment(int dlt, const uint8_t *frame, size_t caplen, kq_segment *out)
{
    memset(out, 0, sizeof *out);
    layer l = {frame, caplen};
    if (!link_payload(dlt, &l, out)) return false;
    if (l.len < 1) return out->damaged = "it holds no IP header", false;
    uint8_t proto = 0;
    int version = l.p[0] >> 4;
    if (version != 4 && version != 6) return out->damaged = "its IP header is neither IPv4 nor IPv6", false;
    if (version == 4 ? !ipv4_payload(&l, out, &proto) : !ipv6_payload(&l, out, &proto)) return false;
    if (proto == KQ_IPPROTO_UDP) {
        if (l.len < 8) return out->damaged = "its UDP header is cut short", false;
        size_t announced = get16(l.p + 4);
        out->src.port = get16(l.p);
        out->dst.port = get16(l.p + 2);
        l.p += 8;
        l.len -= 8;
        if (announced < 8) out->cut = true;
        else if (!out->fragment) fit(&l, announced - 8, out);
    } else if (proto == KQ_IPPROTO_TCP) {
        if (l.len < 20) return out->damaged = "its TCP header is cut short", false;
        size_t header = (size_t)(l.p[12] >> 4) * 4;
        out->src.port = get16(l.p);
        out->dst.port = get16(l.p + 2);
        if (header < 20 || header > l.len) {
            out->cut = true;
            header = l.len;
        }
        l.p += header;
        l.len -= header;
    } else {
        return false;
    }
    out->proto = proto;
    out->payload = l.p;
    out->len = l.len;
    return true;
}

bool kq_endpoint_is_multicast(const kq_endpoint *e)
{
    return e->family == 4 ? (e->addr[0] & 0xF0) == 0xE0 : e->addr[0] == 0xFF;
}
