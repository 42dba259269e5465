#!/bin/sh
# tests/real/run.sh - the Remus hunt, verbatim, over real logs of ../shared/data (skipped when
# that folder is absent): the real Zeek dns.log of WRCCDC 2018 (TSV and gzip JSON), a copy of it
# with the Remus domains planted as exact, subdomain, upper-case and trailing-dot names and as
# near misses, and generated Sentinel DnsEvents whose exact hit count the generator records.
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

echo "real: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
