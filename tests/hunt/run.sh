#!/bin/sh
# tests/hunt/run.sh - kq hunt and kq pack end to end, against the built binary: the Remus feed over
# the bundled logs (exact hits with their file:line, the label-boundary rule, near misses), the
# seed query's equivalence, exclusions with their counts (expired, out of scope, --no-exclusions),
# exit codes, --emit kql checked by Microsoft's Kusto parser when Node.js and the parser are
# available, --emit tii, the HTML report in headless Chromium when installed, Sentinel's own TI
# rule over feed indicators, and, when ../shared/data is present, the SolarWinds case and the
# real feeds over the real DNS logs. Prints "hunt: N passed, M failed".
set -u
KQ=${KQ:-./kq}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA="$ROOT/../shared/data"
cd "$ROOT"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1" >&2; }
expect_eq() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }
expect_has() { if printf '%s' "$2" | grep -qF -- "$3"; then ok; else bad "$1: '$3' not found"; fi; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

FEED=tests/data/ioc/threatfox_remus.json
NOW=2026-06-01T00:00:00Z

# jsonl_field KIND FIELD FILE: the values of FIELD (a dotted path) of the JSONL records of KIND
jsonl_field() {
    python3 -c '
import json, sys
kind, path = sys.argv[1], sys.argv[2].split(".")
for line in open(sys.argv[3]):
    r = json.loads(line)
    if r.get("kind") != kind: continue
    for p in path: r = r.get(p) if isinstance(r, dict) else None
    print("" if r is None else r)' "$1" "$2" "$3"
}

# 1. the Remus feed over the bundled logs: exit 1 (hits), every hit exactly
"$KQ" hunt --iocs "$FEED" examples/logs --now "$NOW" -o jsonl -q >"$TMP/remus.jsonl"
expect_eq "exit status with hits" "$?" 1
got=$(jsonl_field hit matched "$TMP/remus.jsonl" | sort | tr '\n' ' ')
expect_eq "matched names" "$got" "MYTHICSU.BIZ MYTHICSU.BIZ WWW.CheapOca.Biz. api.mythicsu.biz cdn.cheapoca.biz cheapoca.biz mythicsu.biz mythicsu.biz. mythicsu.biz.cdn-edge.net update.cheapoca.biz. wpad.mythicsu.biz "
got=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["kind"] == "hit": print("%s:%d" % (r["source"]["file"], r["source"]["line"]))' "$TMP/remus.jsonl" | sort | tr '\n' ' ')
expect_eq "hits carry file:line" "$got" "examples/logs/DnsEvents_sample.jsonl:11 examples/logs/DnsEvents_sample.jsonl:13 examples/logs/DnsEvents_sample.jsonl:15 examples/logs/DnsEvents_sample.jsonl:18 examples/logs/DnsEvents_sample.jsonl:3 examples/logs/DnsEvents_sample.jsonl:5 examples/logs/DnsEvents_sample.jsonl:7 examples/logs/DnsEvents_sample.jsonl:8 examples/logs/dns.log:301 examples/logs/dns.log:302 examples/logs/dns.log:305 "
for miss in xmythicsu.biz mythicsu-biz cheapoca.bizz notcheapoca.biz mythicsu.bizz cheapoca_biz.org mythicsubiz.com mythicsu.bi; do
    if jsonl_field hit matched "$TMP/remus.jsonl" | grep -qx -- "$miss"; then bad "near miss $miss was a hit"; else ok; fi
done
got=$(jsonl_field hit indicator.malware "$TMP/remus.jsonl" | sort -u | tr '\n' ' ')
expect_eq "hits carry the malware family" "$got" "Remus "
got=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["kind"] == "hit" and r["matched"] == "update.cheapoca.biz.":
        i = r["indicator"]
        print(i["value"], i["type"], i["threat_type"], i["confidence"], i["first_seen"], r["table"], r["column"], r["fields"]["ZeekUid"])' "$TMP/remus.jsonl")
expect_eq "a hit's indicator, table, column and event" "$got" "cheapoca.biz domain botnet_cc 100 2026-05-12T08:41:18.0000000Z DnsEvents Name Cremus5"
expect_eq "hunts run" "$(jsonl_field hunt name "$TMP/remus.jsonl" | tr '\n' ' ')" "domain in DnsEvents.Name "
expect_eq "indicators" "$(jsonl_field indicator value "$TMP/remus.jsonl" | sort | tr '\n' ' ')" "0b8220e041504782e284d39e2a4ad73312683fd0f4dd623581e2728489aa38d1 cheapoca.biz https://mythicsu.biz/api/v2/gate.php mythicsu.biz "
got=$(jsonl_field skip what "$TMP/remus.jsonl" | tr '\n' ' ')
expect_eq "kinds with no table are reported" "$got" "1 url indicator 1 hash indicator "

got=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["kind"] == "summary": print(" ".join("%s:%d" % (t["name"], t["files"]) for t in r["tables"]))' "$TMP/remus.jsonl")
expect_eq "tables and their files (a view counts its source's)" "$got" "DnsEvents:2"
"$KQ" hunt --iocs "$FEED" examples/logs --now "$NOW" --max-hits 3 -o jsonl -q >"$TMP/maxhits.jsonl"
got=$(python3 -c '
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
print(sum(1 for r in hits if r["kind"] == "hit"), sum(1 for r in hits if r["kind"] == "hit" and r["fields"]),
      next(r["hits"] for r in hits if r["kind"] == "summary"))' "$TMP/maxhits.jsonl")
expect_eq "--max-hits keeps every hit, fields for the first N" "$got" "11 3 11"

# 2. the seed's query finds the same events as the hunt
"$KQ" -f examples/remus.kql examples/logs -o csv --no-header | cut -d, -f3 | sort >"$TMP/seed.txt"
jsonl_field hit matched "$TMP/remus.jsonl" | sort >"$TMP/hunt.txt"
if cmp -s "$TMP/seed.txt" "$TMP/hunt.txt"; then ok; else bad "hunt and seed query differ: $(diff "$TMP/seed.txt" "$TMP/hunt.txt" | tr '\n' ' ')"; fi

# 3. exclusions: counted per rule, expired rules ignored with a warning, rules scoped out
cat >"$TMP/excl.yaml" <<'EOF'
exclusions:
  - name: dev-workstation
    scenario: Developers test the blocklist
    reason: WS-DEV-03 resolves indicator domains to test the DNS filter
    tables: [DnsEvents]
    where: Computer == "WS-DEV-03.contoso.local"
  - name: old-rule
    reason: a rule that expired
    where: Computer startswith "WS-"
    expires: 2026-01-01
  - name: defender-only
    reason: only for Defender process events
    where: InitiatingProcessFileName =~ "splunkd.exe"
EOF
"$KQ" hunt --iocs "$FEED" examples/logs --now "$NOW" --exclude "$TMP/excl.yaml" -o jsonl >"$TMP/excl.jsonl" 2>"$TMP/excl.err"
expect_eq "exit status with hits left" "$?" 1
expect_has "expired rule warned about" "$(cat "$TMP/excl.err")" "exclusion 'old-rule' has expired; it is ignored"
got=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["kind"] == "rule": print(r["name"], r["suppressed"], r["expired"])' "$TMP/excl.jsonl" | tr '\n' ';')
expect_eq "suppressed per rule" "$got" "dev-workstation 2 False;old-rule 0 True;defender-only 0 False;"
expect_eq "hits left" "$(jsonl_field hunt hits "$TMP/excl.jsonl")" 9
expect_eq "hits suppressed" "$(jsonl_field hunt suppressed "$TMP/excl.jsonl")" 2
got=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["kind"] == "hit" and r["suppressed_by"]: print(r["matched"], r["suppressed_by"])' "$TMP/excl.jsonl" | sort | tr '\n' ';')
expect_eq "suppressed hits are kept, with their rule" "$got" "cheapoca.biz dev-workstation;mythicsu.biz.cdn-edge.net dev-workstation;"
"$KQ" hunt --iocs "$FEED" examples/logs --now "$NOW" --exclude "$TMP/excl.yaml" --emit kql -q >"$TMP/excl.kql"
expect_has "emitted hunt applies the rule" "$(cat "$TMP/excl.kql")" '| where not(Computer == "WS-DEV-03.contoso.local"'
if grep -q "old-rule\|defender-only" "$TMP/excl.kql"; then bad "expired or out-of-scope rule in the emitted hunt"; else ok; fi
"$KQ" hunt --iocs "$FEED" examples/logs --now "$NOW" --exclude "$TMP/excl.yaml" --no-exclusions -o jsonl -q >"$TMP/noexcl.jsonl"
expect_eq "--no-exclusions shows every hit" "$(jsonl_field hunt hits "$TMP/noexcl.jsonl") $(jsonl_field hunt suppressed "$TMP/noexcl.jsonl")" "11 0"
"$KQ" hunt --iocs "$FEED" examples/logs --now "$NOW" --exclude examples/exclusions/seed-scenarios.yaml -o md -q >"$TMP/seed.md"
expect_eq "the shipped scenarios load and run" "$?" 1
expect_has "scenarios listed in the report" "$(cat "$TMP/seed.md")" "## False-positive scenarios considered"

# rules that apply to no hunt are warned about (table in the wrong case, unknown table, columns)
"$KQ" hunt --iocs "$FEED" --exclude tests/data/exclusions/never-apply.yaml --now "$NOW" examples/logs \
    >"$TMP/never.md" 2>"$TMP/never.err"
expect_eq "rules that apply nowhere: exit 1" "$?" 1
expect_eq "rules that apply nowhere: warnings" "$(grep -c 'applied to no hunt' "$TMP/never.err")" 4
expect_has "raw table under a view" "$(cat "$TMP/never.err")" "exclusion 'view-source' applied to no hunt: 'ZeekDns' is read through a view"
expect_has "wrong case" "$(cat "$TMP/never.err")" "never-apply.yaml:5: exclusion 'wrong-case' applied to no hunt: table names are case-sensitive; did you mean DnsEvents?"
expect_has "unknown table" "$(cat "$TMP/never.err")" "exclusion 'no-such-table' applied to no hunt: 'NoSuchTable' is neither a table of the logs nor a Sentinel table kq knows"
expect_has "columns" "$(cat "$TMP/never.md")" "| exclusion no-such-column | applied to no hunt: no hunted table in its scope has every column its where: names |"
expect_eq "the seed scenarios over DNS logs alone: no such warning" \
    "$("$KQ" hunt --iocs "$FEED" --exclude examples/exclusions/seed-scenarios.yaml --now "$NOW" examples/logs 2>&1 >/dev/null | grep -c 'applied to no hunt')" 0

# 4. exit codes
printf 'example.org\n' >"$TMP/quiet-feed.txt"
"$KQ" hunt --iocs "$TMP/quiet-feed.txt" examples/logs --now "$NOW" -q >/dev/null
expect_eq "no hits: exit 0" "$?" 0
printf 'exclusions:\n  - name: broken\n    reason: syntax error\n    where: Computer ==\n' >"$TMP/broken.yaml"
"$KQ" hunt --iocs "$FEED" examples/logs --now "$NOW" --exclude "$TMP/broken.yaml" -q >/dev/null 2>"$TMP/broken.err"
expect_eq "bad exclusion predicate: exit 2" "$?" 2
expect_has "bad predicate names the rule" "$(cat "$TMP/broken.err")" "exclusion 'broken'"
"$KQ" hunt --iocs "$TMP/nonexistent.json" examples/logs -q >/dev/null 2>&1
expect_eq "missing feed: exit 3" "$?" 3
printf '{"truncated": [' >"$TMP/truncated.json"
"$KQ" hunt --iocs "$TMP/truncated.json" examples/logs -q >/dev/null 2>"$TMP/trunc.err"
expect_eq "truncated feed: exit 3" "$?" 3
"$KQ" hunt examples/logs >/dev/null 2>&1
expect_eq "no feed: usage" "$?" 64
"$KQ" hunt --iocs "$FEED" --min-confidence 101 examples/logs >/dev/null 2>&1
expect_eq "bad --min-confidence: usage" "$?" 64
"$KQ" hunt --help >/dev/null
expect_eq "--help" "$?" 0

# 5. indicator hygiene at the command line: defanged values, expiry, confidence
printf '# defanged\nhxxps://evil[.]example[.]com/a\nMYTHICSU[.]BIZ.\n10.0.0.1\nnot a value\n' >"$TMP/defanged.txt"
"$KQ" hunt --iocs "$TMP/defanged.txt" examples/logs --now "$NOW" -o jsonl -q >"$TMP/defanged.jsonl"
expect_eq "refanged indicators" "$(jsonl_field indicator value "$TMP/defanged.jsonl" | tr '\n' ' ')" "https://evil.example.com/a mythicsu.biz "
expect_eq "rejects with reasons" "$(jsonl_field reject value "$TMP/defanged.jsonl" | tr '\n' ';')" "10.0.0.1;not a value;"
expect_eq "defanged domain hits" "$(jsonl_field summary hits "$TMP/defanged.jsonl")" 7
# a date kq cannot read: the indicator is hunted, the date left out, and the report warns
printf 'IoC,LastSeen\nmythicsu.biz,notadate\n' >"$TMP/baddate.csv"
"$KQ" hunt --iocs "$TMP/baddate.csv" examples/logs --now "$NOW" -o jsonl -q >"$TMP/baddate.jsonl"
expect_eq "unreadable date: hunted, warned" "$(jsonl_field summary hunted "$TMP/baddate.jsonl") $(jsonl_field summary rejects "$TMP/baddate.jsonl") $(jsonl_field summary warnings "$TMP/baddate.jsonl") $(jsonl_field warning reason "$TMP/baddate.jsonl") $(jsonl_field warning feed_line "$TMP/baddate.jsonl")" "1 0 1 unreadable date 'notadate' in the last seen column: left out 2"
expect_has "unreadable date: the report lists it" "$("$KQ" hunt --iocs "$TMP/baddate.csv" examples/logs --now "$NOW" -q)" "| \`notadate\` | unreadable date 'notadate' in the last seen column: left out | \`$TMP/baddate.csv:2\` |"
expect_has "unreadable date: stderr says so" "$("$KQ" hunt --iocs "$TMP/baddate.csv" examples/logs --now "$NOW" 2>&1 >/dev/null)" "kq: 1 warning from the feeds"
printf 'first.com, second.com\nthird.com\tfourth[.]com\n1.2.3.4\t7\nfifth.com, IOC FOUND\n' >"$TMP/cells.txt"
got=$("$KQ" hunt --iocs "$TMP/cells.txt" --emit tii | python3 -c '
import json, sys
print(" ".join(r.get("DomainName") or r.get("NetworkIP") for r in map(json.loads, sys.stdin)))')
expect_eq "every indicator of a line with several cells" "$got" "first.com second.com third.com fourth.com 1.2.3.4 fifth.com"
"$KQ" hunt --iocs "$FEED" examples/logs --now 2028-01-01 -o jsonl -q >"$TMP/late.jsonl" 2>"$TMP/late.err"
expect_eq "every indicator expired: nothing hunted, exit 3" "$?" 3
expect_eq "indicators past their validity are not hunted" "$(jsonl_field summary expired "$TMP/late.jsonl") $(jsonl_field summary hits "$TMP/late.jsonl")" "4 0"
"$KQ" hunt --iocs "$FEED" examples/logs --now 2028-01-01 --ioc-validity 0 -o jsonl -q >"$TMP/forever.jsonl"
expect_eq "--ioc-validity 0 keeps them" "$(jsonl_field summary hits "$TMP/forever.jsonl")" 11
# the same file given twice (under another name) is read once
"$KQ" hunt --iocs "$FEED" --iocs "./tests/data/ioc/../ioc/$(basename "$FEED")" examples/logs --now "$NOW" -o jsonl >"$TMP/twice.jsonl" 2>"$TMP/twice.err"
expect_eq "a feed given twice is one feed" "$(python3 -c 'import json,sys; print(len([r for r in map(json.loads, open(sys.argv[1])) if r["kind"] == "summary"][0]["feeds"]))' "$TMP/twice.jsonl")" 1
expect_eq "its indicators are not duplicates" "$(jsonl_field summary duplicates "$TMP/twice.jsonl") $(jsonl_field summary indicators "$TMP/twice.jsonl")" "0 4"
expect_eq "one source per indicator" "$(jsonl_field indicator sources "$TMP/twice.jsonl" | sort -u | python3 -c 'import ast,sys; print(sorted({len(ast.literal_eval(l)) for l in sys.stdin}))')" "[1]"
expect_has "and says so" "$(cat "$TMP/twice.err")" "the same file as --iocs $FEED; read once"
# a STIX indicator whose valid_from is after --now is left out, and counted as not yet valid
"$KQ" hunt --iocs tests/data/ioc/stix_not_yet_valid.json examples/logs --now "$NOW" -o jsonl -q >"$TMP/future.jsonl"
expect_eq "not yet valid: counted apart" "$(jsonl_field summary not_yet_valid "$TMP/future.jsonl") $(jsonl_field summary expired "$TMP/future.jsonl") $(jsonl_field summary hunted "$TMP/future.jsonl")" "1 0 1"
expect_eq "not yet valid: its state" "$(jsonl_field indicator state "$TMP/future.jsonl" | tr '\n' ' ')" "hunted not_yet_valid "
expect_eq "not yet valid: not hunted" "$(jsonl_field hit indicator.value "$TMP/future.jsonl" | sort -u)" "mythicsu.biz"
expect_has "not yet valid: the report says so" "$("$KQ" hunt --iocs tests/data/ioc/stix_not_yet_valid.json examples/logs --now "$NOW" -q)" "2 indicators: 1 hunted, 0 expired, 0 revoked, 1 not yet valid."
expect_eq "not yet valid: an inactive TI row" "$("$KQ" hunt --iocs tests/data/ioc/stix_not_yet_valid.json --emit tii --now "$NOW" | python3 -c 'import json,sys; print(" ".join("%s=%s" % (r["DomainName"], r["Active"]) for r in map(json.loads, sys.stdin)))')" "mythicsu.biz=True cheapoca.biz=False"
"$KQ" hunt --iocs tests/data/ioc/stix_not_yet_valid.json examples/logs --now 2027-02-01 --ioc-validity 0 -o jsonl -q >"$TMP/future-later.jsonl"
expect_eq "not yet valid: hunted once valid" "$(jsonl_field summary not_yet_valid "$TMP/future-later.jsonl") $(jsonl_field summary hunted "$TMP/future-later.jsonl")" "0 2"

# singular counts: one indicator, one hunt, one kind with no table
printf 'mythicsu.biz\n' >"$TMP/one.txt"
err=$("$KQ" hunt --iocs "$TMP/one.txt" examples/logs --now "$NOW" 2>&1 >/dev/null)
expect_has "one indicator, one hunt" "$err" "kq: 1 indicator hunted in 1 hunt: 7 hits, 0 suppressed"
mkdir "$TMP/no-tables"
printf '{"Colour":"blue"}\n' >"$TMP/no-tables/colours.jsonl"
got=$("$KQ" hunt --iocs "$TMP/one.txt" "$TMP/no-tables" --now "$NOW" 2>&1)
expect_eq "nothing hunted: exit 3" "$?" 3
expect_has "one indicator not hunted" "$got" "| 1 domain indicator | no table of the logs has a column for domain indicators |"
expect_has "its status" "$got" "| not hunted: no column for it |"
expect_has "one indicator, no hunt" "$got" "kq: 0 indicators hunted in 0 hunts: 0 hits, 0 suppressed"
expect_has "nothing hunted: why" "$got" "kq: nothing was hunted: of 1 indicator, 0 expired, 0 below --min-confidence, 0 revoked, 0 not yet valid, 1 with no column of the logs to hunt in"

# a plain list's host/path lines are URLs on that host (http), as host lists mean them
printf 'evil2.example/nos\nevil3.example:8080/x\n203.0.113.5/path\nremus.exe/x\n' >"$TMP/hostpath.txt"
"$KQ" hunt --iocs "$TMP/hostpath.txt" examples/logs --now "$NOW" -o jsonl -q >"$TMP/hostpath.jsonl" 2>/dev/null
expect_eq "host/path lines: URLs" "$(jsonl_field indicator value "$TMP/hostpath.jsonl" | tr '\n' ' ')" "http://evil2.example/nos http://evil3.example:8080/x http://203.0.113.5/path "
expect_eq "host/path lines: a file name with a path is not guessed" "$(jsonl_field reject value "$TMP/hostpath.jsonl")" "remus.exe/x"

# values with the spaces some exporters leave around them (Umbrella's CSV: ' 17.81.146.1') are
# compared without them, in every kind of hunt
mkdir "$TMP/spaced"
printf 'Timestamp,InternalIp,Domain,Url,SHA256\n2026-05-01T00:00:00Z, 203.0.113.9 , a.evil4.example ,  http://evil5.example/x , 0B8220E041504782E284D39E2A4AD73312683FD0F4DD623581E2728489AA38D1 \n' >"$TMP/spaced/umbrella.csv"
printf '203.0.113.9\nevil4.example\nhttp://evil5.example/x\n0b8220e041504782e284d39e2a4ad73312683fd0f4dd623581e2728489aa38d1\n' >"$TMP/spaced.txt"
"$KQ" hunt --iocs "$TMP/spaced.txt" "$TMP/spaced" --now "$NOW" -o jsonl -q >"$TMP/spaced.jsonl"
expect_eq "values with spaces around them: every kind hits" "$(jsonl_field hit indicator.value "$TMP/spaced.jsonl" | sort | tr '\n' ' ')" "0b8220e041504782e284d39e2a4ad73312683fd0f4dd623581e2728489aa38d1 203.0.113.9 evil4.example http://evil5.example/x "

# a table's own column with the name of an indicator column (DnsEvents and CommonSecurityLog
# have IndicatorThreatType) is renamed EventIndicatorThreatType: rules on the indicator's apply
printf 'exclusions:\n  - name: drop-botnet\n    reason: every botnet_cc indicator\n    where: IndicatorThreatType == "botnet_cc"\n' >"$TMP/threat-type.yaml"
"$KQ" hunt --iocs "$FEED" --exclude "$TMP/threat-type.yaml" examples/logs --now "$NOW" -o jsonl -q >"$TMP/threat-type.jsonl"
expect_eq "a rule on the indicator's IndicatorThreatType over DnsEvents" "$(jsonl_field rule suppressed "$TMP/threat-type.jsonl")" "11"
got=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["kind"] == "hit" and "EventIndicatorThreatType" in r["fields"]: print("renamed"); break' "$TMP/threat-type.jsonl")
expect_eq "the table's own IndicatorThreatType is kept as EventIndicatorThreatType" "$got" "renamed"

# IPv6 addresses in DNS answers: whole terms, any case (ab2606:... holds none)
mkdir "$TMP/v6"
printf '2606:4700:4700::1111\n198.51.100.7\n' >"$TMP/v6.txt"
printf '{"TimeGenerated":"2026-05-18T12:00:00Z","Computer":"h","Name":"one.one.one.one","IPAddresses":"1.1.1.1,2606:4700:4700::1111","Type":"DnsEvents"}\n{"TimeGenerated":"2026-05-18T12:00:00Z","Computer":"h","Name":"two.example","IPAddresses":"2606:4700:4700::1112,2606:4700:4700:0:0:0:0:1111","Type":"DnsEvents"}\n{"TimeGenerated":"2026-05-18T12:00:00Z","Computer":"h","Name":"three.example","IPAddresses":"ab2606:4700:4700::1111","Type":"DnsEvents"}\n{"TimeGenerated":"2026-05-18T12:00:00Z","Computer":"h","Name":"four.example","IPAddresses":"2606:4700:4700::1111:5","Type":"DnsEvents"}\n{"TimeGenerated":"2026-05-18T12:00:00Z","Computer":"h","Name":"five.example","IPAddresses":"10.0.0.1;2606:4700:4700::1111","Type":"DnsEvents"}\n{"TimeGenerated":"2026-05-18T12:00:00Z","Computer":"h","Name":"six.example","IPAddresses":"198.51.100.7, 2606:4700:4700::11111","Type":"DnsEvents"}\n' >"$TMP/v6/DnsEvents.jsonl"
"$KQ" hunt --iocs "$TMP/v6.txt" "$TMP/v6" --now "$NOW" -o jsonl -q >"$TMP/v6.jsonl"
expect_eq "IPv6 answers" "$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["kind"] == "hit": print(r["fields"]["Name"], r["indicator"]["value"])' "$TMP/v6.jsonl" | sort | tr '\n' ';')" "five.example 2606:4700:4700::1111;one.one.one.one 2606:4700:4700::1111;six.example 198.51.100.7;"

# a malformed log record is in the report with its file and line, not only on stderr
mkdir "$TMP/malformed"
# (and told and counted once, though the domain and the IP hunts both read it)
printf '{"Type":"DnsEvents","Name":"mythicsu.biz","ClientIP":"203.0.113.77","TimeGenerated":"2026-05-01T00:00:00Z"}\n{"Type":"DnsEvents","Name":"mythicsu.biz 203.0.113.77\n' >"$TMP/malformed/DnsEvents.jsonl"
printf 'mythicsu.biz\n203.0.113.77\n' >"$TMP/two-kinds.txt"
"$KQ" hunt --iocs "$TMP/two-kinds.txt" "$TMP/malformed" --now "$NOW" -o jsonl >"$TMP/malformed.jsonl" 2>"$TMP/malformed.err"
expect_eq "a malformed record listed" "$(jsonl_field skip what "$TMP/malformed.jsonl" | grep 'log record')" "log record $TMP/malformed/DnsEvents.jsonl:2"
expect_eq "and counted once" "$(jsonl_field summary log_records_skipped "$TMP/malformed.jsonl") $(jsonl_field summary hunts "$TMP/malformed.jsonl")" "1 4"
expect_eq "and told once" "$(grep -c 'DnsEvents.jsonl:2: malformed' "$TMP/malformed.err")" 1
expect_has "and totalled on stderr" "$(cat "$TMP/malformed.err")" "kq: 1 malformed log record skipped"

# a URL on an IPv6 literal: its default port is dropped like any other
mkdir "$TMP/url6"
printf '{"Type":"DeviceNetworkEvents","TimeGenerated":"2026-05-01T10:00:00Z","RemoteUrl":"http://[2001:db8::1]:80/a"}\n{"Type":"DeviceNetworkEvents","TimeGenerated":"2026-05-01T10:00:00Z","RemoteUrl":"http://[2001:db8::1]:8080/a"}\n' >"$TMP/url6/DeviceNetworkEvents.jsonl"
printf 'http://[2001:db8::1]/a\n' >"$TMP/url6.txt"
"$KQ" hunt --iocs "$TMP/url6.txt" "$TMP/url6" --now "$NOW" -o jsonl -q >"$TMP/url6.jsonl"
expect_eq "URL on an IPv6 literal, default port" "$(jsonl_field hit matched "$TMP/url6.jsonl")" "http://[2001:db8::1]:80/a"

# a table whose columns hold only kinds the feeds give none of is listed under "Not hunted" too
mkdir "$TMP/files-only"
printf '{"Type":"DeviceFileEvents","TimeGenerated":"2026-05-01T00:00:00Z","FileName":"a.txt"}\n' >"$TMP/files-only/DeviceFileEvents.jsonl"
"$KQ" hunt --iocs "$TMP/one.txt" "$TMP/files-only" examples/logs --now "$NOW" -o jsonl -q >"$TMP/files-only.jsonl"
expect_has "a table with no column for the feeds' kinds" "$(jsonl_field skip reason "$TMP/files-only.jsonl")" "its columns hold url, hash, filename indicators, and the feeds give none of those kinds"

# a pack shows only the rules for tables its hunts read (an IP-only family: no file or process rules)
printf '{"1": [{"ioc_value": "198.51.100.9:443", "ioc_type": "ip:port", "threat_type": "botnet_cc", "malware_printable": "Ipfam", "first_seen_utc": "2026-05-01 00:00:00", "confidence_level": 75}]}\n' >"$TMP/ipfam.json"
"$KQ" pack "$TMP/ipfam.json" --family Ipfam --now "$NOW" >"$TMP/ipfam.md" 2>/dev/null
expect_eq "pack rules: those for the pack's tables" "$(grep '^### `' "$TMP/ipfam.md" | tr '\n' ' ')" '### `security-monitoring-agents` ### `security-monitoring-dns-hosts` ### `network-capture-tools` '
expect_has "pack rules: the others are said to be left out" "$(cat "$TMP/ipfam.md")" "3 rules for tables that no hunt of this pack reads are left out."

# the IOC summary lists the indicators that hit first: with 300 indicators, the one that hit is
# in the table though it comes last in the feed
python3 -c 'print("\n".join(["filler%d.example" % i for i in range(299)] + ["mythicsu.biz"]))' >"$TMP/many.txt"
"$KQ" hunt --iocs "$TMP/many.txt" examples/logs --now "$NOW" -q >"$TMP/many.md"
expect_eq "IOC summary: the hit first" "$(grep -m1 '^| domain |' "$TMP/many.md" | cut -d'|' -f3)" ' `mythicsu.biz` '
expect_has "IOC summary: the rest counted" "$(cat "$TMP/many.md")" "... and 100 more indicators (100 domain): the JSONL report lists them all."

# a DnsEvents hit is about the client that asked (ClientIP), not the DNS server (Computer)
expect_eq "DnsEvents hits: the host is the client" "$(jsonl_field hit host "$TMP/remus.jsonl" | sort -u | tr '\n' ' ')" "10.0.0.10 10.1.4.21 10.1.6.55 10.1.9.30 10.2.0.12 10.47.6.173 "

# a hash column named for one hash type is hunted for hashes of that length only
mkdir "$TMP/hashes"
printf '{"Type":"DeviceFileEvents","TimeGenerated":"2026-05-01T00:00:00Z","FileName":"a.bin","MD5":"0CC175B9C0F1B6A831C399E269772661","SHA1":"","SHA256":""}\n' >"$TMP/hashes/DeviceFileEvents.jsonl"
printf '0cc175b9c0f1b6a831c399e269772661\n' >"$TMP/md5.txt"
"$KQ" hunt --iocs "$TMP/md5.txt" "$TMP/hashes" --now "$NOW" -o jsonl -q >"$TMP/md5.jsonl"
expect_eq "an MD5 is hunted in MD5 columns only" "$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["kind"] == "hunt": print(r["name"], r["ioc_type"])' "$TMP/md5.jsonl" | tr '\n' ';')" "hash in DeviceFileEvents.MD5 md5;hash in DeviceFileEvents.InitiatingProcessMD5 md5;"
expect_eq "and found there" "$(jsonl_field hit matched "$TMP/md5.jsonl")" "0CC175B9C0F1B6A831C399E269772661"

# URLhaus's CSV dump: the banner, the commented header, its id, date, threat, tags and page
"$KQ" hunt --iocs tests/data/ioc/urlhaus_recent.csv examples/logs --now "$NOW" -o jsonl -q >"$TMP/urlhaus-csv.jsonl" 2>/dev/null
got=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["kind"] == "indicator":
        s = r["sources"][0]
        print(r["type"], r["value"], r["threat_type"], r["tags"], r["first_seen"], s["external_id"], s["reference"], s["feed_line"])' "$TMP/urlhaus-csv.jsonl" | tr '\n' ';')
expect_eq "URLhaus CSV dump" "$got" "url http://198.51.100.23:44310/i malware_download 32-bit,elf,mips,Mozi 2026-05-19T10:01:07.0000000Z 3312345 https://urlhaus.abuse.ch/url/3312345/ 10;url https://payload.example-bad.net/payload.exe malware_download exe,Remus 2026-05-19T10:00:09.0000000Z 3312344 https://urlhaus.abuse.ch/url/3312344/ 11;"

# 6. --emit tii: Sentinel's ThreatIntelligenceIndicator rows
# the rows of a plain list (no ThreatType) read back as rows
"$KQ" hunt --iocs "$TMP/one.txt" --emit tii --now "$NOW" >"$TMP/one.tii"
expect_eq "tii rows without ThreatType read back" "$("$KQ" hunt --iocs "$TMP/one.tii" --emit tii --now "$NOW" | python3 -c 'import json,sys; print(" ".join(r["DomainName"] for r in map(json.loads, sys.stdin)))')" "mythicsu.biz"
"$KQ" hunt --iocs "$FEED" --emit tii --now "$NOW" >"$TMP/tii.jsonl"
expect_eq "tii rows" "$(wc -l <"$TMP/tii.jsonl" | tr -d ' ')" 4
got=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    print(r.get("DomainName") or r.get("Url") or r.get("FileHashType"), r["ThreatType"], r["ConfidenceScore"], r["MalwareNames"], r["ExternalIndicatorId"], r["Active"])' "$TMP/tii.jsonl" | sort | tr '\n' ';')
expect_eq "tii columns" "$got" "SHA256 payload 100 [\"Remus\"] 1790015 True;cheapoca.biz botnet_cc 100 [\"Remus\"] 1790013 True;https://mythicsu.biz/api/v2/gate.php botnet_cc 100 [\"Remus\"] 1790014 True;mythicsu.biz botnet_cc 100 [\"Remus\"] 1790012 True;"
# one IP named by three records with two families and three ports: one row with both families,
# the earliest first sighting with that record's id and port
SHARED=tests/data/ioc/threatfox_shared_ip.json
got=$("$KQ" hunt --iocs "$SHARED" --emit tii --now "$NOW" | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    print(r["NetworkIP"], r["MalwareNames"], r["ExternalIndicatorId"], r["TimeGenerated"], r["NetworkPort"], r["Tags"])')
expect_eq "merged tii row" "$got" '203.0.113.161 ["VShell","Cobalt Strike"] 1781907 2026-04-06T18:49:49.0000000Z 8192 vshell,cobaltstrike,Cobalt Strike'
got=$("$KQ" hunt --iocs "$SHARED" examples/logs --now "$NOW" -q | grep -F '`203.0.113.161`')
expect_eq "merged report row" "$got" '| ipv4 | `203.0.113.161` ports 40010, 22, 8192 | botnet_cc | 2026-04-06 18:49:49 UTC | 100 | VShell, Cobalt Strike | ThreatFox | hunted |'
# the rows read back as a feed: the same rows, the same hits
"$KQ" hunt --iocs "$TMP/tii.jsonl" --emit tii --now "$NOW" >"$TMP/tii-again.jsonl"
expect_eq "tii rows read back" "$(cmp -s "$TMP/tii.jsonl" "$TMP/tii-again.jsonl" && echo same)" same
"$KQ" hunt --iocs "$TMP/tii.jsonl" examples/logs --now "$NOW" -o jsonl -q >"$TMP/tii-hunt.jsonl"
expect_eq "tii rows as a feed: format and hits" "$(python3 -c 'import json,sys; r=[r for r in map(json.loads, open(sys.argv[1])) if r["kind"] == "summary"][0]; print(r["feeds"][0]["format"], r["hits"])' "$TMP/tii-hunt.jsonl")" "tii 11"

# a Sentinel export's list columns (JSON arrays in strings) read as lists: two families, two tags
got=$("$KQ" hunt --iocs tests/data/ioc/sentinel_tii.jsonl --emit tii --now "$NOW" | python3 -c '
import json, sys
r = json.loads(sys.stdin.readline())
print(r["DomainName"], r["MalwareNames"], r["Tags"], r["ExternalIndicatorId"])')
expect_eq "Sentinel TI row read as a feed" "$got" 'evil.example ["Emotet","TrickBot"] apt,banking x1'

# 7. the emitted hunts are valid KQL for Microsoft's parser (when Node.js and the parser are here)
parser_dir=${KUSTO_PARSER_DIR:-$ROOT/build-tools/kusto-parser/node_modules}
if command -v node >/dev/null 2>&1 && [ -d "$parser_dir/@kusto/language-service-next" ] && [ -f "$DATA/../kql/check-kql.js" ]; then
    "$KQ" hunt --iocs "$FEED" --iocs tests/data/ioc/stix_small.json --iocs tests/data/ioc/misp_event_small.json \
        --exclude examples/exclusions/seed-scenarios.yaml --iocs tests/data/ioc/remus_files.csv \
        --iocs tests/data/hunt-variants/feed.csv \
        tests/data/hunt examples/logs tests/data/hunt-variants --now "$NOW" --emit kql -q >"$TMP/all.kql"
    python3 - "$TMP/all.kql" "$parser_dir" "$DATA/../kql/check-kql.js" >"$TMP/parser.out" <<'EOF'
import os, re, subprocess, sys
text = open(sys.argv[1]).read()
hunts = re.split(r"(?m)^// ==== hunt .*\n", text)[1:]
bad = 0
for h in hunts:
    r = subprocess.run(["node", sys.argv[3], "-"], input=h, capture_output=True, text=True,
                       env=dict(os.environ, NODE_PATH=sys.argv[2]))
    if r.returncode != 0:
        bad += 1
        print(r.stdout, h, file=sys.stderr)
print(len(hunts), bad)
EOF
    read -r nhunts nbad <"$TMP/parser.out"
    expect_eq "emitted hunts rejected by Microsoft's parser (of $nhunts)" "$nbad" 0
    if [ "$nhunts" -ge 5 ]; then ok; else bad "only $nhunts hunts emitted"; fi
else
    echo "hunt: Microsoft's Kusto parser not installed (scripts/install-deps.sh --test-extras); emitted KQL not checked"
fi

# 8. the HTML report renders in a real browser (when Chromium is installed)
"$KQ" hunt --iocs "$FEED" examples/logs --now "$NOW" -o html -q >"$TMP/report.html"
expect_eq "html report exit status" "$?" 1
expect_has "html has the timeline" "$(cat "$TMP/report.html")" "<svg"
if sh tests/hunt/browser-check.sh "$TMP/report.html" "$TMP/report.png" >"$TMP/browser.out" 2>&1; then ok; else bad "browser check: $(cat "$TMP/browser.out")"; fi

# 9. hunting packs: the Remus pack's domain hunt finds what the seed's query finds
"$KQ" pack "$FEED" --family Remus --now "$NOW" >"$TMP/remus-pack.md"
expect_eq "pack exit status" "$?" 0
expect_has "pack title" "$(cat "$TMP/remus-pack.md")" "# Hunting pack: Remus"
expect_has "pack IOC summary" "$(cat "$TMP/remus-pack.md")" "| Type | Value | Threat Type | First Seen | Confidence |"
python3 - "$TMP/remus-pack.md" >"$TMP/pack-dns.kql" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
blocks = re.findall(r"```+kql\n(.*?)```+", text, re.S)
print(next(b for b in blocks if "\nDnsEvents\n" in b and "DomainIndicators" in b))
EOF
"$KQ" -f "$TMP/pack-dns.kql" examples/logs -o jsonl --now "$NOW" >"$TMP/pack-hits.jsonl"
python3 -c '
import json, sys
print("\n".join(sorted(json.loads(l)["Name"] for l in open(sys.argv[1]))))' "$TMP/pack-hits.jsonl" >"$TMP/pack-names.txt"
if cmp -s "$TMP/seed.txt" "$TMP/pack-names.txt"; then ok; else bad "pack hunt and seed differ: $(diff "$TMP/seed.txt" "$TMP/pack-names.txt" | tr '\n' ' ')"; fi
"$KQ" pack "$FEED" --out "$TMP/packs" --now "$NOW" 2>/dev/null
"$KQ" pack "$FEED" --out "$TMP/packs" --now "$NOW" 2>"$TMP/packs-again.err"
expect_has "a pack written again says it replaces the earlier one" "$(cat "$TMP/packs-again.err")" "kq: wrote $TMP/packs/Remus.md (replacing the pack that was there)"
expect_eq "pack files" "$(ls "$TMP/packs" | tr '\n' ' ')" "Remus.md "
"$KQ" pack "$SHARED" --out "$TMP/shared-packs" --now "$NOW" 2>/dev/null
expect_eq "an indicator of two families is in both packs" "$(grep -l -F '"203.0.113.161"' "$TMP/shared-packs"/*.md | tr '\n' ' ')" "$TMP/shared-packs/Cobalt_Strike.md $TMP/shared-packs/VShell.md "
# families whose names give the same file name: each pack keeps its own file
NAMES=tests/data/ioc/threatfox_family_names.json
"$KQ" pack "$NAMES" --out "$TMP/name-packs" --now "$NOW" 2>"$TMP/name-packs.err"
expect_eq "packs of clashing names" "$(ls "$TMP/name-packs" | tr '\n' ' ')" "Foo_Bar-2.md Foo_Bar.md "
expect_eq "each pack written once" "$(grep -c "wrote" "$TMP/name-packs.err")" 2
expect_eq "the second pack is Foo_Bar's" "$(head -1 "$TMP/name-packs/Foo_Bar-2.md")" "# Hunting pack: Foo_Bar"
# --family compares case-insensitively (=~); an unknown family lists those there are
"$KQ" pack "$SHARED" --family 'cobalt STRIKE' --now "$NOW" >"$TMP/cs-pack.md" 2>/dev/null
expect_eq "--family is case-insensitive: exit 0" "$?" 0
expect_eq "--family takes the feed's spelling" "$(head -1 "$TMP/cs-pack.md")" "# Hunting pack: Cobalt Strike"
err=$("$KQ" pack "$SHARED" --family Vidar --now "$NOW" 2>&1 >/dev/null)
expect_eq "--family unknown: exit 3" "$?" 3
expect_has "--family unknown lists the families" "$err" "kq: no indicator of the feeds names the malware family 'Vidar'; the families are 'VShell' and 'Cobalt Strike'"

# families compared as Kusto's =~ compares, Unicode letters too: Émotet, émotet and ÉMOTET are one
"$KQ" pack tests/data/ioc/threatfox_unicode_family.json --out "$TMP/unicode-packs" --now "$NOW" 2>/dev/null
expect_eq "one pack for three spellings of a family" "$(ls "$TMP/unicode-packs" | tr '\n' ' ')" "_motet.md "
expect_eq "--family in another case" "$("$KQ" pack tests/data/ioc/threatfox_unicode_family.json --family ÉMOTET --now "$NOW" 2>/dev/null | grep -c '^| domain |')" 2

# 10. Sentinel's own TI rule over the feed's indicators (kq run --iocs)
RULE="$DATA/queries/Azure-Sentinel/Detections/ThreatIntelligenceIndicator/DomainEntity_DnsEvents.yaml"
if [ -f "$RULE" ]; then
    got=$("$KQ" run "$RULE" --iocs "$FEED" examples/logs --now 2026-05-18T09:30:00Z -o csv --no-header | cut -d, -f11 | sort | tr '\n' ' ')
    expect_eq "DomainEntity_DnsEvents over the feed" "$got" "cheapoca.biz mythicsu.biz "
fi

# 11. the seed's false-positive scenarios over Defender tables: file names, hashes, URLs, IPs
"$KQ" hunt --iocs "$FEED" --iocs tests/data/ioc/remus_files.csv --exclude examples/exclusions/seed-scenarios.yaml \
    tests/data/hunt --now "$NOW" -o jsonl -q >"$TMP/defender.jsonl"
expect_eq "Defender tables: exit 1" "$?" 1
got=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["kind"] == "hit":
        print("%s|%s|%s|%d" % (r["hunt"], r["matched"], r["suppressed_by"] or "-", r["source"]["line"]))' "$TMP/defender.jsonl" | sort | tr '\n' ';')
expect_eq "Defender hits and suppressions" "$got" "domain in DeviceNetworkEvents.RemoteUrl|cdn.cheapoca.biz|network-capture-tools|2;domain in DeviceNetworkEvents.RemoteUrl|https://mythicsu.biz/api/v2/gate.php|-|1;filename in DeviceNetworkEvents.InitiatingProcessFileName|remus.exe|-|1;filename in DeviceProcessEvents.FileName|remus.exe|-|2;filename in DeviceProcessEvents.FileName|remus.exe|scheduled-admin-tasks-defender|1;hash in DeviceProcessEvents.SHA256|0B8220E041504782E284D39E2A4AD73312683FD0F4DD623581E2728489AA38D1|-|2;ip in DeviceNetworkEvents.RemoteIP|203.0.113.77|-|1;ip in DeviceNetworkEvents.RemoteIP|203.0.113.77|network-capture-tools|2;url in DeviceNetworkEvents.RemoteUrl|https://mythicsu.biz/api/v2/gate.php|-|1;"

# 11b. e-mail indicators match whatever the case of the address; '@' is not '`'
"$KQ" hunt --iocs tests/data/hunt-email/email_feed.csv -t EmailEvents=tests/data/hunt-email/EmailEvents.jsonl \
    --now "$NOW" -o jsonl -q >"$TMP/email.jsonl"
expect_eq "e-mail hunt: exit 1" "$?" 1
expect_eq "e-mail hunt: the one sender" "$(jsonl_field hit matched "$TMP/email.jsonl")" "Bad.Actor@Evil-Mail.example"

# 11c. URLs match in any spelling (scheme, case, default port, trailing slash); CIDR blocks match
# the addresses of DNS answers as well as single IP columns; an event is one hit per indicator,
# however many of its answers match it
"$KQ" hunt --iocs tests/data/hunt-variants/feed.csv tests/data/hunt-variants --now "$NOW" -o jsonl -q >"$TMP/variants.jsonl"
expect_eq "URL and CIDR variants: exit 1" "$?" 1
got=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["kind"] == "hit": print("%s|%s|%d" % (r["hunt"], r["matched"], r["source"]["line"]))' "$TMP/variants.jsonl" | sort | tr '\n' ';')
expect_eq "URL and CIDR variants: the hits" "$got" "cidr in DnsEvents.ClientIP|203.0.113.200|3;cidr in DnsEvents.IPAddresses|192.0.2.10,203.0.113.9|1;cidr in DnsEvents.IPAddresses|203.0.113.20,203.0.113.21,198.51.100.7,198.51.100.7|4;ip in DnsEvents.IPAddresses|203.0.113.20,203.0.113.21,198.51.100.7,198.51.100.7|4;url in DeviceNetworkEvents.RemoteUrl|HTTP://Evil-Gate.example:80/gate.php|1;url in DeviceNetworkEvents.RemoteUrl|evil-gate.example/gate.php|2;url in DeviceNetworkEvents.RemoteUrl|http://evil-gate.example/gate.php/|3;url in DeviceNetworkEvents.RemoteUrl|https://EVIL-GATE.example:443/gate.php|9;url in DeviceNetworkEvents.RemoteUrl|https://landing.example|6;"

# the pack's URL hunt (its indicators written into the query) finds the same five events
"$KQ" pack tests/data/hunt-variants/feed.csv --out "$TMP/variants-pack" --now "$NOW" 2>/dev/null
python3 - "$TMP/variants-pack/unattributed.md" >"$TMP/variants-url.kql" <<'EOF'
import re, sys
blocks = re.findall(r"```+kql\n(.*?)```+", open(sys.argv[1]).read(), re.S)
print(next(b for b in blocks if "\nDeviceNetworkEvents\n" in b and "UrlIndicators" in b))
EOF
expect_eq "pack URL hunt: the same five events" \
    "$("$KQ" -f "$TMP/variants-url.kql" -t DeviceNetworkEvents=tests/data/hunt-variants/DeviceNetworkEvents.jsonl -o csv --now "$NOW" | tail -n +2 | wc -l)" 5

# a feed whose every record is context (MISP to_ids false): nothing hunted, and stderr counts them
# as the report's feed table does (skipped, not rejected)
printf '{"Event":{"info":"context only","Attribute":[{"type":"domain","value":"context.example","to_ids":false}]}}\n' >"$TMP/context.json"
"$KQ" hunt --iocs "$TMP/context.json" examples/logs --now "$NOW" >/dev/null 2>"$TMP/context.err"
expect_eq "context-only feed: exit 3 (nothing hunted is no clean result)" "$?" 3
expect_has "context-only feed: stderr" "$(cat "$TMP/context.err")" "the feeds rejected 0 values and skipped 1 record (see the report)"
# --misp-context hunts them, tagged misp-context
printf '{"Event":{"info":"context only","Attribute":[{"type":"domain","value":"mythicsu.biz","to_ids":false}]}}\n' >"$TMP/context-remus.json"
"$KQ" hunt --iocs "$TMP/context-remus.json" --misp-context examples/logs --now "$NOW" -o jsonl -q >"$TMP/context-remus.jsonl"
expect_eq "--misp-context: exit 1 (hits)" "$?" 1
expect_eq "--misp-context: the indicator is tagged" "$(jsonl_field indicator tags "$TMP/context-remus.jsonl")" "misp-context"
expect_eq "--misp-context: its hits (as the one-domain list above)" "$(jsonl_field summary hits "$TMP/context-remus.jsonl")" 7

# a feed on standard input is named <stdin> wherever the report names a feed
printf 'mythicsu.biz\nnot an indicator\n' | "$KQ" hunt --iocs - examples/logs --now "$NOW" -o jsonl -q >"$TMP/stdin-feed.jsonl"
expect_eq "feed on stdin: exit 1" "$?" 1
expect_eq "feed on stdin: names" "$(grep -o '"\(feed\|feed_file\|path\|title\)":"[^"]*"' "$TMP/stdin-feed.jsonl" | sort -u | tr '\n' ' ')" '"feed":"<stdin>" "feed_file":"<stdin>" "path":"<stdin>" "title":"<stdin>" '

# logs on standard input: a Type column names the table; without one it is 'stdin', and kq says how to name it
"$KQ" hunt --iocs "$FEED" - --now "$NOW" -o jsonl <examples/logs/DnsEvents_sample.jsonl >"$TMP/stdin-log.jsonl" 2>"$TMP/stdin-log.err"
expect_eq "log on stdin with a Type column: the DnsEvents hunt" "$(jsonl_field hunt name "$TMP/stdin-log.jsonl")" "domain in DnsEvents.Name"
python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    r.pop("Type", None)
    print(json.dumps(r))' examples/logs/DnsEvents_sample.jsonl >"$TMP/untyped.jsonl"
"$KQ" hunt --iocs "$FEED" - --now "$NOW" -o jsonl <"$TMP/untyped.jsonl" >"$TMP/stdin-log2.jsonl" 2>"$TMP/stdin-log2.err"
expect_has "log on stdin without a Type column: the hint" "$(cat "$TMP/stdin-log2.err")" "it is hunted as the table 'stdin' (name it with -t TABLE=-"
"$KQ" hunt --iocs "$FEED" -t DnsEvents=- --now "$NOW" -o jsonl <"$TMP/untyped.jsonl" >"$TMP/stdin-log3.jsonl" 2>/dev/null
expect_eq "log on stdin named with -t: hits" "$(jsonl_field summary hits "$TMP/stdin-log3.jsonl")" 8

# 12. real data: the SolarWinds case, and every real feed over every real DNS log
if [ -d "$DATA/dns" ]; then
    DARKHALO="$DATA/ioc/lists/volexity-threat-intel/2020/2020-12-14 - DarkHalo Leverages SolarWinds Compromise to Breach Organizations/indicators/indicators.csv"
    UMBRELLA="$DATA/dns/sentinel-sample-data/solarigate-beacon-umbrella.csv"
    "$KQ" hunt --iocs "$DARKHALO" "$UMBRELLA" --now 2020-12-20 -o jsonl -q >"$TMP/sw.jsonl"
    expect_eq "SolarWinds: exit 1" "$?" 1
    expect_eq "SolarWinds: the beacon" "$(jsonl_field hit matched "$TMP/sw.jsonl")" "avsvmcloud.com"
    "$KQ" hunt --iocs "$DARKHALO" "$UMBRELLA" --now 2020-12-20 --warninglist "$DATA/ioc/misp-warninglists/cloudflare-top100k" -o jsonl -q >"$TMP/sw-wl.jsonl"
    expect_eq "SolarWinds with the top-100k list: exit 0" "$?" 0
    expect_eq "SolarWinds: suppressed by the list" "$(jsonl_field hit suppressed_by "$TMP/sw-wl.jsonl")" "warninglist:cloudflare-top100k"
    "$KQ" hunt --iocs "$DARKHALO" "$UMBRELLA" --now 2020-12-20 --warninglist "$DATA/ioc/misp-warninglists/cloudflare-top100k" -q >"$TMP/sw-wl.md"
    expect_has "the report says why" "$(cat "$TMP/sw-wl.md")" "warninglist:cloudflare-top100k"
    # Sentinel's own rule, unmodified, over the same feed and the Umbrella log read as DnsEvents
    got=$("$KQ" run "$DATA/queries/Azure-Sentinel/Detections/ThreatIntelligenceIndicator/DomainEntity_DnsEvents.yaml" \
        --iocs "$DARKHALO" --view DnsEvents=examples/views/DnsEvents_umbrella.kql -t Umbrella="$UMBRELLA" \
        --now 2019-09-12T20:30:00Z -o csv --no-header | tr -d '\r' | cut -d, -f1,9,10,11,12)
    expect_eq "SolarWinds: DomainEntity_DnsEvents.yaml over the Umbrella log" "$got" "2019-09-12T20:00:00.6250000Z,HOSTNAME,17.81.146.1,avsvmcloud.com,A"
    "$KQ" hunt --iocs "$DATA/ioc/threatfox/threatfox_export_recent.json" "$DATA/dns" --now 2026-08-01 -o jsonl -q >"$TMP/tf.jsonl"
    expect_eq "real ThreatFox over every DNS log: exit 0" "$?" 0
    expect_eq "real ThreatFox: indicators" "$(jsonl_field summary indicators "$TMP/tf.jsonl")" 3820
    if [ "$(jsonl_field hunt name "$TMP/tf.jsonl" | wc -l)" -ge 30 ]; then ok; else bad "real ThreatFox: too few hunts"; fi
    # every record first seen over a year before is last seen in July 2026: none has expired
    "$KQ" hunt --iocs "$DATA/ioc/threatfox/threatfox_export_recent.json" "$DATA/dns" --now 2026-08-23 -o jsonl -q >"$TMP/tf-late.jsonl"
    expect_eq "real ThreatFox: expiry runs from the last sighting" "$(jsonl_field summary expired "$TMP/tf-late.jsonl") $(jsonl_field summary hunted "$TMP/tf-late.jsonl")" "0 3820"
    "$KQ" hunt --iocs "$DATA/ioc/threatfox/threatfox_export_recent.json" "$DATA/dns" --now 2027-08-01 -o jsonl -q >"$TMP/tf-later.jsonl" 2>"$TMP/tf-later.err"
    expect_eq "real ThreatFox, all expired: exit 3" "$?" 3
    expect_has "real ThreatFox, all expired: why" "$(cat "$TMP/tf-later.err")" "of 3820 indicators, 3820 expired"
    expect_eq "real ThreatFox: a year after the last sightings" "$(jsonl_field summary hunted "$TMP/tf-later.jsonl")" 0
    # the 17 Zeek dns.log files and the 3 captures of dns/pcap make ZeekDns, hunted as DnsEvents
    expect_eq "real ThreatFox: captures are hunted with the Zeek logs" "$(python3 -c 'import json,sys; print([t["files"] for r in map(json.loads, open(sys.argv[1])) if r["kind"] == "summary" for t in r["tables"] if t["name"] == "DnsEvents"][0])' "$TMP/tf.jsonl")" 20
    # DNS command and control in a capture: a plain-list feed naming its domain, over the directory
    # of captures, hits every TXT transaction to *.ns.ostrykebs.pl; each hit names the capture and
    # the packet of its query (the packets an independent decoder finds, tests/real/pcap_dns.py)
    CMDS="$DATA/dns/pcap/cmds over dns txt queries and reponses.pcap"
    printf '# the C2 domain of the capture\nostrykebs.pl\n' >"$TMP/c2.txt"
    "$KQ" hunt --iocs "$TMP/c2.txt" "$DATA/dns/pcap" --now 2020-07-01 -o jsonl -q >"$TMP/c2.jsonl"
    expect_eq "capture hunt: exit 1" "$?" 1
    expect_eq "capture hunt: hits" "$(jsonl_field summary hits "$TMP/c2.jsonl")" 50
    expect_eq "capture hunt: the file" "$(jsonl_field hit source.file "$TMP/c2.jsonl" | sort -u)" "$CMDS"
    expect_eq "capture hunt: the packets of the queries" "$(jsonl_field hit source.line "$TMP/c2.jsonl" | sort -n | tr '\n' ' ')" \
        "$(python3 tests/real/pcap_dns.py queries "$CMDS" ostrykebs.pl | sort -n | tr '\n' ' ')"
    expect_eq "capture hunt: the first hit" "$(jsonl_field hit matched "$TMP/c2.jsonl" | sed -n 1p) $(jsonl_field hit source.line "$TMP/c2.jsonl" | sed -n 1p)" \
        "l.ns.ostrykebs.pl 40"
    "$KQ" hunt --iocs "$DATA/ioc/tweetfeed/misp-feed" "$DATA/dns" --now 2026-08-23 -o jsonl -q >"$TMP/mispfeed.jsonl" 2>"$TMP/mispfeed.err"
    expect_eq "MISP feed: missing event files are no rejected values" "$(jsonl_field summary rejects "$TMP/mispfeed.jsonl")" 0
    expect_eq "MISP feed: missing event files are counted" "$(python3 -c 'import json,sys; print([r for r in map(json.loads, open(sys.argv[1])) if r["kind"] == "summary"][0]["feeds"][0]["missing_files"])' "$TMP/mispfeed.jsonl")" 358
    expect_has "MISP feed: and warned about" "$(cat "$TMP/mispfeed.err")" "misp-feed: 358 event files listed in manifest.json are missing (the first: $DATA/ioc/tweetfeed/misp-feed/2e035642-c558-5019-89f2-bc7bdf8b34ce.json)"
fi

echo "hunt: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
