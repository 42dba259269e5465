#!/usr/bin/env python3
"""pcap_dns.py - an independent count of the DNS in a capture, for tests/real and tests/hunt: a
small pcap/pcapng reader of its own (Ethernet and VLAN tags, IPv4, IPv6, UDP) that shares no
code with kq.

  pcap_dns.py count FILE
      queries=Q responses=R icmp_quoted=I bad_checksums=B
      Q and R: DNS messages over UDP port 53 by their QR bit. I: ICMP errors quoting a UDP
      datagram to or from port 53 (tshark's "dns" filter counts them, kq and Zeek do not). B: DNS
      messages on ports 53, 5353 and 5355 whose UDP checksum is wrong, with the senders.
  pcap_dns.py queries FILE SUFFIX
      the packet numbers of the port-53 queries for names ending in SUFFIX, one a line
"""
import struct
import sys

def packets(path):
    """(number, link type, frame) for every packet of a pcap or pcapng file."""
    data = open(path, "rb").read()
    number = 0
    if data[:4] == b"\x0a\x0d\x0d\x0a":
        at, links = 0, []
        while at + 12 <= len(data):
            btype, blen = struct.unpack_from("<II", data, at)
            if btype == 0x0A0D0D0A:
                links = []
            elif btype == 1:
                links.append(struct.unpack_from("<H", data, at + 8)[0])
            elif btype == 6:
                iface, _, _, caplen, _ = struct.unpack_from("<IIIII", data, at + 8)
                number += 1
                yield number, links[iface], data[at + 28:at + 28 + caplen]
            at += blen
        return
    endian = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    linktype = struct.unpack_from(endian + "I", data, 20)[0]
    at = 24
    while at + 16 <= len(data):
        caplen = struct.unpack_from(endian + "I", data, at + 8)[0]
        number += 1
        yield number, linktype, data[at + 16:at + 16 + caplen]
        at += 16 + caplen

def ip_packet(linktype, frame):
    if linktype != 1:
        raise SystemExit("pcap_dns.py reads Ethernet captures only")
    ethertype, at = struct.unpack_from(">H", frame, 12)[0], 14
    while ethertype in (0x8100, 0x88A8):
        ethertype, at = struct.unpack_from(">H", frame, at + 2)[0], at + 4
    return ethertype, frame[at:]

def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(">%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return total

def datagrams(path):
    """(number, source, UDP datagram, checksum ok, is an ICMP quote) of IPv4/IPv6 UDP packets."""
    for number, linktype, frame in packets(path):
        ethertype, ip = ip_packet(linktype, frame)
        if ethertype == 0x0800:
            header, total, proto = (ip[0] & 15) * 4, struct.unpack_from(">H", ip, 2)[0], ip[9]
            source = ".".join(map(str, ip[12:16]))
            if proto == 1 and ip[header] == 3:  # destination unreachable, quoting an IP packet
                quoted = ip[header + 8:]
                if quoted[9] == 17:
                    yield number, source, quoted[(quoted[0] & 15) * 4:], True, True
                continue
            if proto != 17:
                continue
            udp = ip[header:total]
            pseudo = ip[12:20] + struct.pack(">BBH", 0, 17, len(udp))
        elif ethertype == 0x86DD:
            if ip[6] != 17:
                continue
            udp = ip[40:40 + struct.unpack_from(">H", ip, 4)[0]]
            source = ip[8:24].hex()
            pseudo = ip[8:40] + struct.pack(">IxxxB", len(udp), 17)
        else:
            continue
        ok = struct.unpack_from(">H", udp, 6)[0] == 0 or checksum(pseudo + udp) == 0xFFFF
        yield number, source, udp, ok, False

def qname(msg):
    at, labels = 12, []
    while msg[at]:
        labels.append(msg[at + 1:at + 1 + msg[at]].decode("latin-1"))
        at += 1 + msg[at]
    return ".".join(labels).lower()

def main():
    command, path = sys.argv[1], sys.argv[2]
    if command == "count":
        queries = responses = quoted = bad = 0
        senders = set()
        for number, source, udp, ok, is_quote in datagrams(path):
            sport, dport = struct.unpack_from(">HH", udp, 0)
            if is_quote:
                quoted += 53 in (sport, dport)
                continue
            if 53 in (sport, dport):
                is_response = udp[8 + 2] & 0x80
                responses += bool(is_response)
                queries += not is_response
            if not ok and ({sport, dport} & {53, 5353, 5355}):
                bad += 1
                senders.add(source)
        print("queries=%d responses=%d icmp_quoted=%d bad_checksums=%d from=%s"
              % (queries, responses, quoted, bad, ",".join(sorted(senders)) or "-"))
    elif command == "queries":
        for number, source, udp, ok, is_quote in datagrams(path):
            if not is_quote and struct.unpack_from(">H", udp, 2)[0] == 53 and not udp[8 + 2] & 0x80:
                if qname(udp[8:]).endswith(sys.argv[3]):
                    print(number)

if __name__ == "__main__":
    main()
