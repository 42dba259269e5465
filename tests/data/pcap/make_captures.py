#!/usr/bin/env python3
"""make_captures.py - writes the tiny packet captures of tests/data/pcap/ (run it from anywhere;
the files land next to it). Every packet is built here byte by byte: made-up addresses from the
documentation ranges, made-up names under .example, fixed timestamps, so the output is the same
on every run. tests/unit/test_pcap.c asserts the rows kq reads from them; what each packet holds
and which row it makes is written next to it below.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
T0 = 1700000000  # 2023-11-14T22:13:20Z

# ---- DNS messages ----

def name(text):
    out = b""
    for label in text.split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"

def header(ident, flags, qd=0, an=0, ns=0, ar=0):
    return struct.pack(">HHHHHH", ident, flags, qd, an, ns, ar)

def question(qname, qtype=1, qclass=1):
    return (name(qname) if isinstance(qname, str) else qname) + struct.pack(">HH", qtype, qclass)

def record(owner, rtype, ttl, rdata, rclass=1):
    return owner + struct.pack(">HHIH", rtype, rclass, ttl, len(rdata)) + rdata

PTR_QNAME = b"\xc0\x0c"  # a compression pointer to the question name (offset 12)
QUERY, RESPONSE = 0x0100, 0x8180  # RD; QR RD RA

def query(ident, qname, qtype=1, flags=QUERY, qclass=1):
    return header(ident, flags, qd=1) + question(qname, qtype, qclass)

# ---- link, network and transport layers ----

def udp(sport, dport, payload):
    return struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload

def tcp(sport, dport, seq, flags, payload=b""):
    return struct.pack(">HHIIBBHHH", sport, dport, seq, 0, 5 << 4, flags, 65535, 0, 0) + payload

def ipv4(src, dst, proto, payload, fragment=0, total=None):
    length = total if total is not None else 20 + len(payload)
    return struct.pack(">BBHHHBBH4s4s", 0x45, 0, length, 1, fragment, 64, proto, 0,
                       bytes(map(int, src.split("."))), bytes(map(int, dst.split(".")))) + payload

def ip6_bytes(text):
    import ipaddress
    return ipaddress.IPv6Address(text).packed

def ipv6(src, dst, proto, payload, hop_by_hop=False):
    if hop_by_hop:  # an 8-byte hop-by-hop options header (PadN) before the transport header
        payload = bytes([proto, 0, 1, 4, 0, 0, 0, 0]) + payload
        proto = 0
    return struct.pack(">IHBB", 6 << 28, len(payload), proto, 64) + ip6_bytes(src) + ip6_bytes(dst) + payload

def ether(payload, ethertype=0x0800, tags=()):
    frame = b"\x02\0\0\0\0\x02" + b"\x02\0\0\0\0\x01"
    for tpid, vid in tags:
        frame += struct.pack(">HH", tpid, vid)
    return frame + struct.pack(">H", ethertype) + payload

def v4_udp(src, sport, dst, dport, dns):
    return ether(ipv4(src, dst, 17, udp(sport, dport, dns)))

# ---- files ----

def write_pcap(filename, linktype, packets, magic=0xA1B2C3D4, endian="<"):
    """packets: (seconds, fraction in micro- or nanoseconds, frame[, original length])"""
    out = struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, 65535, linktype)
    for p in packets:
        sec, frac, frame = p[0], p[1], p[2]
        orig = p[3] if len(p) > 3 else len(frame)
        out += struct.pack(endian + "IIII", sec, frac, len(frame), orig) + frame
    with open(os.path.join(HERE, filename), "wb") as f:
        f.write(out)

def pcapng_block(btype, body):
    body += b"\0" * (-len(body) % 4)
    return struct.pack("<II", btype, 12 + len(body)) + body + struct.pack("<I", 12 + len(body))

def write_pcapng(filename, linktype, packets):
    out = pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    out += pcapng_block(1, struct.pack("<HHI", linktype, 0, 65535))
    for sec, usec, frame in packets:
        stamp = sec * 1000000 + usec  # the default resolution: microseconds
        out += pcapng_block(6, struct.pack("<IIIII", 0, stamp >> 32, stamp & 0xFFFFFFFF, len(frame), len(frame)) + frame)
    with open(os.path.join(HERE, filename), "wb") as f:
        f.write(out)

C, S = "192.0.2.1", "192.0.2.53"

def transactions():
    """Pairing and the dns.log fields: 16 packets, 8 rows (in the order they complete)."""
    www = query(0x1111, "www.Example.COM")
    www_answer = (header(0x1111, RESPONSE, qd=1, an=2) + question("www.Example.COM")
                  + record(PTR_QNAME, 5, 300, b"\xc0\x10")          # CNAME example.com (pointer)
                  + record(b"\xc0\x10", 1, 60, bytes([93, 184, 216, 34])))
    soa = name("ns.example") + name("host.example") + struct.pack(">IIIII", 1, 2, 3, 4, 5)
    nx_answer = (header(0x3333, 0x8183, qd=1, ns=1) + question("nx.example")
                 + record(name("example"), 6, 900, soa))
    orphan = (header(0x4444, 0x8580, qd=1, an=1) + question("Orphan.example")
              + record(PTR_QNAME, 1, 30, bytes([198, 51, 100, 7])))
    txt_answer = (header(0x5555, RESPONSE, qd=1, an=2) + question("t.example", 16)
                  + record(PTR_QNAME, 16, 5, b"\x05hello\x00")
                  + record(PTR_QNAME, 16, 5, b"\x03a,b"))
    servfail = header(0x6666, 0x8182, qd=1) + question("fail.example")
    update = header(0x7000, 0x2800, qd=1) + question("example", 6)  # opcode 5: not a standard query
    arp = ether(b"\0\x01\x08\0\x06\x04\0\x01" + bytes(20), ethertype=0x0806)
    return [
        (T0, 0, v4_udp(C, 40000, S, 53, www)),                                    # 1  row 1 (query)
        (T0, 10000, v4_udp(S, 53, C, 40000, www_answer)),                         # 2  row 1 (answer)
        (T0 + 1, 0, v4_udp(C, 40001, S, 53, query(0x2222, "lost.example", 28))),  # 3  row 5: unanswered
        (T0 + 1, 500000, v4_udp(C, 40002, S, 53, query(0x3333, "nx.example", flags=QUERY | 0x20))),  # 4 row 2, Z=2
        (T0 + 1, 520000, v4_udp(S, 53, C, 40002, nx_answer)),                     # 5  row 2: NXDOMAIN
        (T0 + 2, 0, v4_udp(S, 53, "192.0.2.2", 5555, orphan)),                    # 6  row 6: no query
        (T0 + 3, 0, v4_udp(C, 40003, S, 53, query(0x5555, "t.example", 16))),     # 7  row 3
        (T0 + 3, 500000, v4_udp(C, 40003, S, 53, query(0x5555, "t.example", 16))),  # 8 row 7: the retry
        (T0 + 3, 600000, v4_udp(S, 53, C, 40003, txt_answer)),                    # 9  row 3: TXT
        (T0 + 4, 0, v4_udp(C, 40004, S, 53, query(0x6666, "fail.example"))),      # 10 row 4
        (T0 + 4, 1000, v4_udp(S, 53, C, 40004, servfail)),                        # 11 row 4: rejected
        (T0 + 5, 0, v4_udp(C, 123, S, 123, bytes(48))),                           # 12 NTP: not DNS
        (T0 + 5, 1, arp),                                                         # 13 ARP
        (T0 + 6, 0, v4_udp(C, 40005, S, 53, update)),                             # 14 an UPDATE: no row
        (T0 + 100, 0, v4_udp(C, 40009, S, 53, query(0x7777, "late.example"))),    # 15 expires 3, 6, 8; row 8
        (T0 + 100, 200000, v4_udp(S, 53, C, 40009, header(0x7777, RESPONSE, qd=1) + question("late.example"))),
    ]

def malformed():
    """Packets kq skips and reports (numbers 1, 2, 4, 5, 6, 7, 10, 11); one row (packet 9)."""
    full = v4_udp(S, 53, C, 40020, header(0x0909, RESPONSE, qd=1, an=1) + question("cut.example")
                  + record(PTR_QNAME, 1, 60, bytes([192, 0, 2, 99])))
    dns_response = header(0x0A0A, RESPONSE, qd=1, an=1) + question("frag.example") + record(PTR_QNAME, 1, 1, bytes(4))
    datagram = udp(53, 40021, dns_response)
    return [
        (T0, 0, v4_udp(C, 40010, S, 53, header(1, QUERY, qd=1) + b"\xc0\x0c" + b"\0\x01\0\x01")),      # 1 loop
        (T0, 1, v4_udp(C, 40011, S, 53, header(2, QUERY, qd=1) + b"\x03abc\xc0\x0c" + b"\0\x01\0\x01")),  # 2 loop
        (T0, 2, ether(b"\0\x01\x08\0\x06\x04\0\x01" + bytes(20), ethertype=0x0806)),                  # 3 ARP
        (T0, 3, v4_udp(C, 40012, S, 53, b"\x12\x34\x01\x00\x00")),                                      # 4 short
        (T0, 4, v4_udp(C, 40013, S, 53, header(5, QUERY, qd=1) + b"\x10ab")),                           # 5 label
        (T0, 5, full[:60], len(full)),                                                                  # 6 snap length
        (T0, 6, ether(ipv4(S, C, 17, datagram[:24], fragment=0x2000))),                                 # 7 fragment 1
        (T0, 7, ether(ipv4(S, C, 17, datagram[24:], fragment=0x0003))),                                 # 8 fragment 2
        (T0, 8, v4_udp(C, 40014, S, 53, query(9, "good.example"))),                                    # 9 the row
        (T0, 9, v4_udp(S, 53, C, 40015, header(10, RESPONSE, qd=1, an=1) + question("gone.example"))), # 10 no record
        (T0, 10, v4_udp(S, 53, C, 40016, header(11, RESPONSE, qd=1, an=1) + question("five.example")
                       + record(PTR_QNAME, 1, 60, bytes(5)))),                                          # 11 A of 5 bytes
    ]

def vlan_ipv6():
    """pcapng: VLAN tags, IPv6 (with a hop-by-hop header), mDNS to a multicast group. 5 rows."""
    c6, s6 = "2001:db8::10", "2001:db8::53"
    six_answer = (header(0x0606, RESPONSE, qd=1, an=2) + question("six.example", 28)
                  + record(PTR_QNAME, 28, 120, ip6_bytes("2001:db8::1"))
                  + record(PTR_QNAME, 28, 120, ip6_bytes("::ffff:192.0.2.7")))
    mdns_answer = (header(0, 0x8400, an=1) + record(name("_printer._tcp.local"), 12, 4500, name("lp.local")))
    return [
        (T0, 0, ether(ipv4(C, S, 17, udp(41000, 53, query(0x0101, "vlan.example"))), tags=[(0x8100, 10)])),
        (T0, 5000, ether(ipv4(S, C, 17, udp(53, 41000, header(0x0101, RESPONSE, qd=1, an=1) + question("vlan.example")
                                              + record(PTR_QNAME, 1, 10, bytes([10, 1, 1, 1])))), tags=[(0x8100, 10)])),
        (T0 + 1, 0, ether(ipv4(C, S, 17, udp(41001, 53, query(0x0202, "qinq.example"))), tags=[(0x88A8, 100), (0x8100, 20)])),
        (T0 + 2, 0, ether(ipv6(c6, s6, 17, udp(41002, 53, query(0x0606, "six.example", 28)), hop_by_hop=True), 0x86DD)),
        (T0 + 2, 30000, ether(ipv6(s6, c6, 17, udp(53, 41002, six_answer)), 0x86DD)),
        (T0 + 3, 0, v4_udp("192.0.2.5", 5353, "224.0.0.251", 5353, query(0, "_printer._tcp.local", 12, flags=0, qclass=0x8001))),
        (T0 + 3, 100, v4_udp("192.0.2.6", 5353, "224.0.0.251", 5353, mdns_answer)),
    ]

def over_tcp():
    """DNS over TCP: two queries in one segment, one answer, one answer cut by its segment."""
    one, two = query(1, "one.example"), query(2, "two.example")
    answer = header(1, RESPONSE, qd=1, an=1) + question("one.example") + record(PTR_QNAME, 1, 7, bytes([192, 0, 2, 11]))
    prefixed = lambda m: struct.pack(">H", len(m)) + m
    seg = lambda src, sport, dst, dport, flags, data=b"": ether(ipv4(src, dst, 6, tcp(sport, dport, 1, flags, data)))
    return [
        (T0, 0, seg(C, 42000, S, 53, 0x02)),                                     # 1 SYN
        (T0, 100, seg(S, 53, C, 42000, 0x12)),                                   # 2 SYN-ACK
        (T0, 200, seg(C, 42000, S, 53, 0x10)),                                   # 3 ACK
        (T0, 300, seg(C, 42000, S, 53, 0x18, prefixed(one) + prefixed(two))),    # 4 two queries
        (T0, 900, seg(S, 53, C, 42000, 0x18, prefixed(answer))),                 # 5 answer to 1
        (T0, 950, seg(S, 53, C, 42000, 0x18, struct.pack(">H", 300) + two[:20])),  # 6 cut: not reassembled
    ]

def pair(qname):
    """A query and its answer, for the link-type files."""
    return [query(0x0B0B, qname), header(0x0B0B, RESPONSE, qd=1, an=1) + question(qname)
            + record(PTR_QNAME, 1, 42, bytes([192, 0, 2, 42]))]

def link_types():
    q, a = pair("sll.example")
    sll = lambda ip: struct.pack(">HHH8sH", 0, 1, 6, b"\x02\0\0\0\0\x01\0\0", 0x0800) + ip
    write_pcap("sll.pcap", 113, [(T0, 0, sll(ipv4(C, S, 17, udp(43000, 53, q)))),
                                 (T0, 1000, sll(ipv4(S, C, 17, udp(53, 43000, a))))])
    q, a = pair("sll2.example")
    sll2 = lambda ip: struct.pack(">HHIHBB8s", 0x0800, 0, 2, 1, 0, 6, b"\x02\0\0\0\0\x01\0\0") + ip
    write_pcap("sll2.pcap", 276, [(T0, 0, sll2(ipv4(C, S, 17, udp(43001, 53, q)))),
                                  (T0, 1000, sll2(ipv4(S, C, 17, udp(53, 43001, a))))])
    q, a = pair("raw.example")
    write_pcap("raw.pcap", 101, [(T0, 0, ipv4(C, S, 17, udp(43002, 53, q))),
                                 (T0, 1000, ipv4(S, C, 17, udp(53, 43002, a)))])
    q, a = pair("null.example")
    c6, s6 = "2001:db8::20", "2001:db8::53"
    write_pcap("null.pcap", 0, [(T0, 0, struct.pack("<I", 30) + ipv6(c6, s6, 17, udp(43003, 53, q))),
                                (T0, 1000, struct.pack("<I", 30) + ipv6(s6, c6, 17, udp(53, 43003, a)))])
    # big-endian, nanosecond timestamps: the row's time keeps 100 ns
    write_pcap("nano_be.pcap", 1, [(T0, 123456789, v4_udp(C, 43004, S, 53, query(0x0C0C, "nano.example")))],
               magic=0xA1B23C4D, endian=">")

if __name__ == "__main__":
    write_pcap("transactions.pcap", 1, transactions())
    write_pcap("malformed.pcap", 1, malformed())
    write_pcapng("vlan_ipv6.pcapng", 1, vlan_ipv6())
    write_pcap("tcp.pcap", 1, over_tcp())
    link_types()
