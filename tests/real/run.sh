#!/bin/sh
# tests/real/run.sh - the Remus hunt, verbatim, over real logs of ../shared/data (skipped when
# that folder is absent): the real Zeek dns.log of WRCCDC 2018 (TSV and gzip JSON), a copy of it
# with the Remus domains planted as exact, subdomain, upper-case and trailing-dot names and as
# near misses, and generated Sentinel DnsEvents whose exact hit count the generator records.
# Then the real captures of dns/pcap: their DNS counted by an independent decoder (pcap_dns.py),
# and their rows against the Zeek dns.log and the Suricata eve.json made from the same captures.
# Prints "real: N passed, M failed".
set -u
KQ=${KQ:-./kq}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA="$ROOT/../shared/data"
REMUS="$ROOT/examples/remus.kql"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1" >&2; }
expect_eq() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }

if [ ! -d "$DATA/dns/zeek-wrccdc2018" ]; then
    echo "real: skipped (../shared/data is absent)"
    echo "real: 0 passed, 0 failed"
    exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
ZEEK="$DATA/dns/zeek-wrccdc2018/dns.log"

# 1. the verbatim hunt over the real capture: it predates Remus, so no rows
out=$("$KQ" -f "$REMUS" "$ZEEK" -o csv | wc -l)
expect_eq "remus over the real dns.log" "$out" 1

# 2. the same query with domains that do occur: exactly the rows whose query has them as terms
sed 's/"mythicsu.biz", "cheapoca.biz"/"oompa.loompa", "doubleclick.net"/' "$REMUS" > "$TMP/real.kql"
out=$("$KQ" -f "$TMP/real.kql" "$ZEEK" -o csv --no-header | wc -l)
expect_eq "real domains over dns.log" "$out" 2774
out=$("$KQ" -f "$TMP/real.kql" "$DATA/dns/zeek-wrccdc2018/dns.json.gz" -o csv --no-header | wc -l)
expect_eq "real domains over dns.json.gz" "$out" 2774
first=$("$KQ" -f "$TMP/real.kql" "$ZEEK" -o csv --no-header | tail -n 1 | tr -d "\r")
expect_eq "oldest hit" "$first" "2018-03-24T17:15:27.3964550Z,216.239.32.10,pagead46.l.doubleclick.net,172.217.5.66,A"

# 3. planted variants: every 'hit' line must come back, no 'miss' line may
awk -F'\t' 'BEGIN { OFS = "\t" }
    /^#/ { print; next }
    { print }
    NR == 20 {
        n = split("mythicsu.biz sub.mythicsu.biz MYTHICSU.BIZ mythicsu.biz. cdn-x.cheapoca.biz Cheapoca.Biz xmythicsu.biz mythicsu.bizz mythicsu-biz cheapoca.bizz mythicsubiz.com", v, " ")
        for (i = 1; i <= n; i++) { $10 = v[i]; $2 = "PLANT" i; print }
    }' "$ZEEK" | grep -v '^#close' > "$TMP/planted.log"
hits=$("$KQ" -f "$REMUS" "$TMP/planted.log" -o csv --no-header | tr -d "\r" | cut -d, -f3 | sort | tr '\n' ' ')
expect_eq "planted variants" "$hits" "Cheapoca.Biz MYTHICSU.BIZ cdn-x.cheapoca.biz mythicsu.biz mythicsu.biz. sub.mythicsu.biz "

# 4. generated Sentinel DnsEvents: the generator's truth file holds the exact count
if command -v python3 >/dev/null 2>&1; then
    python3 "$ROOT/../shared/tools/gen_dnsevents.py" 50000 "$TMP/DnsEvents.jsonl" --hit-rate 0.002 > /dev/null
    out=$("$KQ" -f "$REMUS" "$TMP/DnsEvents.jsonl" -o csv --no-header | wc -l)
    expect_eq "generated DnsEvents against the .truth file" "$out" "$(cat "$TMP/DnsEvents.jsonl.truth")"
else
    echo "real: python3 missing, generated-data case skipped"
fi

# 5. Sentinel's own TI rule, unmodified (kq run), over hand-made indicators and the real capture:
#    only the active, unexpired docs.google.com indicator matches, at its latest DNS query
RULE="$DATA/queries/Azure-Sentinel/Detections/ThreatIntelligenceIndicator/DomainEntity_DnsEvents.yaml"
if [ -f "$RULE" ]; then
    out=$("$KQ" run "$RULE" "$ROOT/tests/data/ti_indicators.jsonl" "$ZEEK" --now 2018-03-24T17:40:00Z -o csv --no-header | tr -d "\r" | cut -d, -f1,4,9,10,11)
    expect_eq "DomainEntity_DnsEvents.yaml" "$out" "2018-03-24T17:36:22.2915220Z,T1,10.0.0.100,10.47.2.100,docs.google.com"
fi

# 6. captures (../shared/data/dns/pcap, read from there: their licences keep them out of the repo)
PCAPS="$DATA/dns/pcap"
if [ -d "$PCAPS" ] && command -v python3 >/dev/null 2>&1; then
    LSASS="$PCAPS/metasploit_logonpasswords_lsass_memory_dump.pcapng"
    CMDS="$PCAPS/cmds over dns txt queries and reponses.pcap"
    ZEUS="$PCAPS/zeus_zoz.pcapng"
    COUNT="$ROOT/tests/real/pcap_dns.py"
    port53='ZeekDns | where ["id.resp_p"] == 53 | summarize rows = count(), answered = countif(isnotnull(rcode)) | project s = strcat(rows, " ", answered)'
    # 6a. the DNS messages on UDP port 53, counted by an independent decoder (tests/real/pcap_dns.py)
    #     and by tshark (SOURCES.md: "318 DNS", "214 DNS", "608 DNS"; tshark's 214 holds 15 ICMP
    #     errors quoting a DNS response); kq's port-53 rows: one per query, as every response
    #     found its query, and the answered ones are the responses
    expect_eq "lsass: decoder" "$(python3 "$COUNT" count "$LSASS" | cut -d' ' -f1-3)" "queries=249 responses=69 icmp_quoted=0"
    expect_eq "lsass: tshark's 318" "$((249 + 69))" 318
    expect_eq "lsass: kq rows, answered" "$("$KQ" "$port53" "$LSASS" -o csv --no-header | tr -d '\r')" "249 69"
    expect_eq "cmds: decoder" "$(python3 "$COUNT" count "$CMDS" | cut -d' ' -f1-3)" "queries=100 responses=99 icmp_quoted=15"
    expect_eq "cmds: tshark's 214" "$((100 + 99 + 15))" 214
    expect_eq "cmds: kq rows, answered" "$("$KQ" "$port53" "$CMDS" -o csv --no-header | tr -d '\r')" "100 99"
    expect_eq "zeus: decoder" "$(python3 "$COUNT" count "$ZEUS" | cut -d' ' -f1-3)" "queries=608 responses=0 icmp_quoted=0"
    expect_eq "zeus: kq rows, answered" "$("$KQ" "$port53" "$ZEUS" -o csv --no-header | tr -d '\r')" "608 0"

    # 6b. the LSASS capture against the Zeek dns.log made from it (zeek-otrf-lsass/LSASS_campaign_01).
    #     Zeek dropped every UDP packet 192.168.1.41 sent (their checksums are wrong: the capture was
    #     taken on that host, which left checksums to its network card); kq does not check them.
    ZLOG="$DATA/dns/zeek-otrf-lsass/LSASS_campaign_01/dns.log"
    expect_eq "lsass: the wrong checksums" "$(python3 "$COUNT" count "$LSASS" | cut -d' ' -f4-)" "bad_checksums=276 from=192.168.1.41"
    # the 69 responses: Zeek saw each without its query; kq pairs them with the queries Zeek
    # dropped. Everything a response carries is the same in both: flow, id, rcode, AA, RA,
    # answers, TTLs, rejected.
    answered='ZeekDns | where isnotnull(rcode) | project ["id.orig_h"], ["id.orig_p"], ["id.resp_h"], ["id.resp_p"], proto, trans_id, rcode, rcode_name, AA, RA, tostring(answers), tostring(TTLs), rejected'
    "$KQ" "$answered" "$LSASS" -o csv --no-header | sort > "$TMP/kq-answered.csv"
    "$KQ" "$answered" "$ZLOG" -o csv --no-header | sort > "$TMP/zeek-answered.csv"
    expect_eq "lsass: 69 responses" "$(wc -l < "$TMP/zeek-answered.csv" | tr -d ' ')" 69
    if cmp -s "$TMP/kq-answered.csv" "$TMP/zeek-answered.csv"; then ok; else bad "lsass: responses differ from Zeek's"; fi
    # ... and the one response with an answer record gave Zeek its query name (from the record's
    # owner), which is the name kq read from the query
    srv='ZeekDns | where array_length(answers) > 0'
    expect_eq "lsass: the SRV answer's name" "$("$KQ" "$srv | project query" "$LSASS" -o csv --no-header | tr -d '\r')" \
        "$("$KQ" "$srv | project query" "$ZLOG" -o csv --no-header | tr -d '\r')"
    expect_eq "lsass: the SRV query" "$("$KQ" "$srv | project query, qtype_name" "$LSASS" -o csv --no-header | tr -d '\r')" \
        "_ldap._tcp.default-first-site-name._sites.dc._msdcs.pandalab.com,SRV"
    # the 27 IPv6 mDNS and LLMNR queries (the host computed those checksums): every column but uid
    ipv6='ZeekDns | where ["id.orig_h"] contains ":" | project-away uid | extend answers = tostring(answers), TTLs = tostring(TTLs)'
    "$KQ" "$ipv6" "$LSASS" -o csv --no-header | sort > "$TMP/kq-ipv6.csv"
    "$KQ" "$ipv6" "$ZLOG" -o csv --no-header | sort > "$TMP/zeek-ipv6.csv"
    expect_eq "lsass: 27 IPv6 rows" "$(wc -l < "$TMP/kq-ipv6.csv" | tr -d ' ')" 27
    if cmp -s "$TMP/kq-ipv6.csv" "$TMP/zeek-ipv6.csv"; then ok; else bad "lsass: IPv6 rows differ from Zeek's"; fi
    # the rest: 96 rows in both, plus kq's 207 of 192.168.1.41's dropped packets, unanswered: 180
    # retries to port 53 and its 27 IPv4 mDNS and LLMNR queries (276 = 69 + 180 + 27)
    expect_eq "lsass: rows" "$("$KQ" 'ZeekDns | count' "$ZLOG" "$LSASS" -o csv --no-header | tr -d '\r')" 399
    rest='ZeekDns | where ["id.orig_h"] == "192.168.1.41" and isnull(rcode) | summarize n = count() by p = ["id.resp_p"] | order by n desc | project s = strcat(n, ":", p)'
    expect_eq "lsass: kq's unanswered queries" "$("$KQ" "$rest" "$LSASS" -o csv --no-header | tr -d '\r' | tr '\n' ' ')" "180:53 15:5353 12:5355 "

    # 6c. the Zeus capture against Suricata's eve.json made from it: the same 608 queries (Suricata
    #     logged each 4 times: distinct packets), time, client, id, name and type alike
    EVE="$DATA/dns/suricata/eve.json"
    python3 - "$EVE" > "$TMP/suricata.csv" <<'PY'
import datetime, json, sys
seen = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("event_type") == "dns" and r["dns"].get("type") == "query":
        t = datetime.datetime.strptime(r["timestamp"], "%Y-%m-%dT%H:%M:%S.%f%z").astimezone(datetime.timezone.utc)
        seen[r["pcap_cnt"]] = "%s.%07dZ,%s,%d,%d,%s,%s" % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond * 10, r["src_ip"],
                                                        r["src_port"], r["dns"]["id"], r["dns"]["rrname"].lower(), r["dns"]["rrtype"])
print("\n".join(sorted(seen.values())))
PY
    "$KQ" 'ZeekDns | where ["id.resp_p"] == 53 | project ts, ["id.orig_h"], ["id.orig_p"], trans_id, query, qtype_name' "$ZEUS" \
        -o csv --no-header | tr -d '\r' | sort > "$TMP/kq-zeus.csv"
    expect_eq "zeus: Suricata's queries" "$(wc -l < "$TMP/suricata.csv" | tr -d ' ')" 608
    if cmp -s "$TMP/kq-zeus.csv" "$TMP/suricata.csv"; then ok; else bad "zeus: queries differ from Suricata's"; fi
else
    echo "real: captures skipped (no $PCAPS or no python3)"
fi

echo "real: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
