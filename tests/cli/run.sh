#!/bin/sh
# run.sh - tests of the kq command line against the built binary: output formats, options,
# exit codes, error messages with line:col and caret, malformed-record reporting, stdin,
# directories, .gz, automatic table binding, packet captures, and that control characters never
# reach a terminal raw. Called by `make check-fast` with KQ set to the binary; fixtures live in
# tests/cli/data/. Prints each failure, then `cli: N passed, M failed`; exits 1 on failure.
set -u

: "${KQ:?KQ must name the built kq binary, e.g. KQ=build/kq}"
root=$(cd "$(dirname "$0")/../.." && pwd)
case $KQ in
/*) ;;
*) KQ=$(pwd)/$KQ ;;
esac
cd "$root" || exit 2
data=tests/cli/data
work=$(mktemp -d "${TMPDIR:-/tmp}/kq-cli.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
test_name=""
test_failed=0
status=0

# ---- harness ------------------------------------------------------------------------------

finish_test() {
    [ -n "$test_name" ] || return 0
    if [ "$test_failed" -eq 0 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "  command: kq $last_command"
        echo "  exit status: $status"
        echo "  stdout:"
        head -n 20 "$work/out" | sed 's/^/    /'
        echo "  stderr:"
        head -n 20 "$work/err" | sed 's/^/    /'
    fi
    test_name=""
}

begin() {
    finish_test
    test_name=$1
    test_failed=0
}

fail() {
    [ "$test_failed" -eq 1 ] || echo "FAIL $test_name"
    test_failed=1
    echo "  $1"
}

# kq ARGS...: runs the binary with empty stdin; stdout, stderr and status are kept.
kq() {
    last_command="$*"
    "$KQ" "$@" </dev/null >"$work/out" 2>"$work/err"
    status=$?
}

# kq_with_input TEXT ARGS...: the same, with TEXT (printf format) on stdin.
kq_with_input() {
    input=$1
    shift
    # shellcheck disable=SC2059 # the input is a printf format on purpose
    printf "$input" >"$work/in"
    last_command="$* < input"
    "$KQ" "$@" <"$work/in" >"$work/out" 2>"$work/err"
    status=$?
}

expect_status() {
    [ "$status" -eq "$1" ] || fail "exit status $status, want $1"
}

# expect_stdout < EXPECTED: stdout must be exactly EXPECTED (CRs of CRLF line ends ignored).
expect_stdout() {
    cat >"$work/want"
    tr -d '\r' <"$work/out" >"$work/got"
    if ! cmp -s "$work/want" "$work/got"; then
        fail "stdout differs (- want, + got):"
        diff -u "$work/want" "$work/got" | tail -n +3 | sed 's/^/    /'
    fi
}

expect_stdout_contains() {
    grep -q -F -e "$1" "$work/out" || fail "stdout lacks: $1"
}

expect_stderr_contains() {
    grep -q -F -e "$1" "$work/err" || fail "stderr lacks: $1"
}

expect_stdout_matches() {
    grep -q -E -e "$1" "$work/out" || fail "stdout does not match: $1"
}

# No control byte other than newline and tab in stdout (nothing a terminal would interpret).
expect_no_control_bytes() {
    if LC_ALL=C tr -d '\n\t' <"$work/out" | LC_ALL=C grep -q '[[:cntrl:]]'; then
        fail "stdout contains raw control characters"
    fi
}

# expect_json PYTHON_CONDITION: stdout parsed as JSON (or JSON Lines: a list of lines) into
# `doc` must satisfy the condition.
expect_json() {
    mode=$1
    condition=$2
    python3 - "$work/out" "$mode" "$condition" <<'EOF' || fail "JSON check failed: $condition"
import json, sys
path, mode, condition = sys.argv[1:4]
text = open(path, encoding="utf-8").read()
try:
    if mode == "jsonl":
        doc = [json.loads(line) for line in text.splitlines() if line.strip()]
    else:
        doc = json.loads(text)
except ValueError as error:
    print("    not valid JSON:", error)
    sys.exit(1)
try:
    holds = eval(condition, {"doc": doc})
except (LookupError, TypeError, AttributeError):
    holds = False
sys.exit(0 if holds else 1)
EOF
}

# The caret under the error must stand below the character at fault: CHAR in the echoed
# source line that contains TEXT.
expect_caret_under() {
    text=$1
    char=$2
    awk -v text="$text" -v char="$char" '
        found && index($0, "^") { checked = 1; exit !(index($0, "^") == column) }
        !found && index($0, text) { found = 1; column = index($0, text) + index(text, char) - 1 }
        END { if (!checked) exit 1 }' "$work/err" || fail "caret not under '$char' of: $text"
}

# ---- usage, help, version -------------------------------------------------------------------

begin "--help prints usage and exits 0"
kq --help
expect_status 0
grep -q -i usage "$work/out" || fail "no usage text on stdout"

begin "check, tables and run have a --help of their own"
kq check --help
expect_status 0
expect_stdout_contains "usage: kq check [OPTIONS] QUERY [PATH...]"
kq tables --help
expect_status 0
expect_stdout_contains "usage: kq tables [PATH...]"
kq run --help
expect_status 0
expect_stdout_contains "usage: kq run [OPTIONS] RULE.yaml [PATH...]"

begin "-h is --help"
kq -h
expect_status 0
grep -q -i usage "$work/out" || fail "no usage text on stdout"

begin "-V prints a version"
kq -V
expect_status 0
expect_stdout_matches '[0-9]+\.[0-9]+\.[0-9]+'

begin "unknown option is a usage error (64)"
kq --frobnicate 'print a = 1'
expect_status 64

begin "unknown output format is a usage error (64)"
kq -o yaml 'print a = 1'
expect_status 64

begin "bad --color value is a usage error (64)"
kq --color sometimes 'print a = 1'
expect_status 64

begin "-t without NAME=PATH is a usage error (64)"
kq -t nonsense 'print a = 1'
expect_status 64

begin "no query is a usage error (64)"
kq
expect_status 64

# ---- output formats -------------------------------------------------------------------------

begin "csv is the default when stdout is not a terminal"
kq 'print a = 1, b = "x"'
expect_status 0
expect_stdout <<'EOF'
a,b
1,x
EOF

begin "csv quotes commas, quotes and newlines (RFC 4180)"
kq -o csv 'print a = "x,y", b = "say \"hi\"", c = "l1\nl2", d = "plain"'
expect_status 0
expect_stdout <<'EOF'
a,b,c,d
"x,y","say ""hi""","l1
l2",plain
EOF

begin "csv null is an empty cell"
kq --format csv 'print a = long(null), b = 1'
expect_status 0
expect_stdout <<'EOF'
a,b
,1
EOF

begin "csv --no-header"
kq -o csv --no-header 'print a = 1, b = 2'
expect_status 0
expect_stdout <<'EOF'
1,2
EOF

begin "jsonl values are typed"
kq -o jsonl 'print l = 1, r = 1.5, s = "x", b = true, d = datetime(2020-01-01), n = long(null), dy = dynamic({"k":[1,2]})'
expect_status 0
expect_json jsonl 'len(doc) == 1 and list(doc[0]) == ["l", "r", "s", "b", "d", "n", "dy"]'
expect_json jsonl 'type(doc[0]["l"]) is int and doc[0]["l"] == 1'
expect_json jsonl 'type(doc[0]["r"]) is float and doc[0]["r"] == 1.5'
expect_json jsonl 'doc[0]["s"] == "x" and doc[0]["b"] is True and doc[0]["n"] is None'
expect_json jsonl 'doc[0]["d"].startswith("2020-01-01T00:00:00")'
expect_json jsonl 'doc[0]["dy"] == {"k": [1, 2]}'

begin "jsonl writes one object per row"
kq --format jsonl 'datatable(a:long)[1, 2, 3]'
expect_status 0
expect_json jsonl 'doc == [{"a": 1}, {"a": 2}, {"a": 3}]'

begin "json writes one array"
kq -o json 'datatable(a:long, s:string)[1, "x", 2, "y"]'
expect_status 0
expect_json json 'doc == [{"a": 1, "s": "x"}, {"a": 2, "s": "y"}]'

begin "json of no rows is an empty array"
kq -o json 'datatable(a:long)[1, 2] | where a > 5'
expect_status 0
expect_json json 'doc == []'

begin "table format escapes control characters"
kq -o table --color never -t T="$data/control_chars.jsonl" 'T | project s'
expect_status 0
expect_no_control_bytes
expect_stdout_contains "alert"
grep -q -F -e '\u001b' -e '\x1b' "$work/out" || fail 'ESC not shown as \u001b or \x1b'

begin "NO_COLOR: no escape sequences in table output"
last_command="-o table 'print a = 1' (NO_COLOR=1)"
NO_COLOR=1 "$KQ" -o table 'print a = 1' </dev/null >"$work/out" 2>"$work/err"
status=$?
expect_status 0
expect_no_control_bytes

# ---- query errors ---------------------------------------------------------------------------

begin "syntax error exits 2 with a caret"
kq 'print a = )'
expect_status 2
expect_stderr_contains "^"

begin "unknown column exits 2 and names it"
kq 'print a = 1 | project Nme'
expect_status 2
expect_stderr_contains "Nme"

begin "check accepts a valid query"
kq check 'print a = 1 | extend b = a * 2'
expect_status 0

begin "check of a search without tables searches every known table, empty"
kq check 'search "evil.com" | summarize count() by $table'
expect_status 0
kq check 'search "evil.com" | project NoSuchColumn'
expect_status 2
expect_stderr_contains "unknown column or name 'NoSuchColumn'"

begin "check reports line:col, the source line and a caret"
kq check 'print a = )'
expect_status 2
expect_stderr_contains ":1:11: error:"
expect_caret_under "print a = )" ")"

begin "check -f reports FILE:LINE:COL on the second line"
printf 'print a = 1\n| extend b = )\n' >"$work/bad.kql"
kq check -f "$work/bad.kql"
expect_status 2
expect_stderr_contains "$work/bad.kql:2:14: error:"
expect_caret_under "| extend b = )" ")"

# ---- inputs -----------------------------------------------------------------------------------

begin "missing file bound with -t exits 3"
kq -t T="$data/does-not-exist.jsonl" 'T | count'
expect_status 3
expect_stderr_contains "does-not-exist.jsonl"

begin "missing file as PATH exits 3"
kq 'print a = 1' "$data/does-not-exist.jsonl"
expect_status 3
expect_stderr_contains "does-not-exist.jsonl"

begin "malformed JSON line is skipped, reported and counted"
kq -o csv -t Events="$data/bad.jsonl" 'Events | summarize n = count(), total = sum(Count)'
expect_status 0
expect_stdout <<'EOF'
n,total
3,8
EOF
expect_stderr_contains "bad.jsonl:2:"
grep -q -E 'kq: 1 malformed records? skipped' "$work/err" || fail "no skipped-records summary"

begin "-q suppresses the skipped-records summary"
kq -q -o csv -t Events="$data/bad.jsonl" 'Events | count'
expect_status 0
if grep -q -E 'malformed records? skipped' "$work/err"; then fail "summary printed despite -q"; fi

begin "only the first 5 malformed records are listed, then the total"
kq -o csv -t T="$data/many_bad.jsonl" 'T | summarize s = sum(a)'
expect_status 0
expect_stdout <<'EOF'
s
3
EOF
listed=$(grep -c -E 'many_bad\.jsonl:[0-9]+:' "$work/err")
[ "$listed" -eq 5 ] || fail "$listed malformed records listed, want 5"
expect_stderr_contains "kq: 7 malformed records skipped"

begin "--strict makes a malformed record an input error (3)"
kq --strict -t Events="$data/bad.jsonl" 'Events | count'
expect_status 3
expect_stderr_contains "bad.jsonl"

begin "-e exits 1 when there are no rows"
kq -e 'print a = 1 | where a > 1'
expect_status 1

begin "--exit-status exits 0 when there are rows"
kq --exit-status 'print a = 1'
expect_status 0

begin "PATH - reads data from stdin (Type column picks the table)"
kq_with_input '{"Type":"CliStdin","a":1}\n{"Type":"CliStdin","a":2}\n' \
    -o csv 'CliStdin | summarize s = sum(a)' -
expect_status 0
expect_stdout <<'EOF'
s
3
EOF

begin "-t NAME=- binds stdin"
kq_with_input '{"a":1}\n{"a":2}\n' -o csv --table T=- 'T | summarize s = sum(a)'
expect_status 0
expect_stdout <<'EOF'
s
3
EOF

begin "the copy of stdin is removed when a signal ends kq, and messages name it <stdin>"
mkdir -p "$work/tmp"
(printf '{"a":1}\n{"a":\n'; sleep 3) | TMPDIR="$work/tmp" timeout 1 "$KQ" -t T=- 'T | count' >"$work/out" 2>"$work/err"
status=$?
last_command="-t T=- 'T | count' (stdin still open, ended by SIGTERM after 1 s)"
expect_status 124
left=$(ls "$work/tmp")
[ -z "$left" ] || fail "left behind in TMPDIR: $left"
printf '{"a":1}\n{"a":\n' | TMPDIR="$work/tmp" "$KQ" -t T=- 'T | count' >"$work/out" 2>"$work/err"
status=$?
expect_status 0
expect_stderr_contains "kq: <stdin>:2: "
left=$(ls "$work/tmp")
[ -z "$left" ] || fail "left behind in TMPDIR: $left"

begin "an empty directory is said to hold nothing"
mkdir -p "$work/empty"
kq -o csv 'print a = 1' "$work/empty"
expect_status 0
expect_stderr_contains "the directory holds no files; nothing read"
expect_stdout <<'EOF'
a
1
EOF

begin "a query error shows the query line without its control characters"
kq "$(printf 'print a = \033[31m1')"
expect_status 2
expect_stderr_contains "1 | print a = ?[31m1"
if LC_ALL=C grep -q "$(printf '\033')" "$work/err"; then fail "stderr holds a raw escape character"; fi

begin "-f - reads the query from stdin"
kq_with_input 'print a = 1\n| extend b = a + 1\n' -o csv -f -
expect_status 0
expect_stdout <<'EOF'
a,b
1,2
EOF

begin "-f FILE reads the query from a file"
printf '// a comment line\nprint a = "from file"\n' >"$work/query.kql"
kq -o csv -f "$work/query.kql"
expect_status 0
expect_stdout <<'EOF'
a
from file
EOF

begin "a directory is walked"
kq -o csv -t T="$data/dir" 'T | summarize n = count(), b = sum(Bytes)'
expect_status 0
expect_stdout <<'EOF'
n,b
3,60
EOF

begin ".gz files are read transparently"
gzip -c "$data/dir/part1.jsonl" >"$work/part1.jsonl.gz"
kq -o csv -t T="$work/part1.jsonl.gz" 'T | summarize n = count(), b = sum(Bytes)'
expect_status 0
expect_stdout <<'EOF'
n,b
2,30
EOF

begin "Zeek dns.log binds to ZeekDns automatically"
kq -o csv 'ZeekDns | count' "$data/zeek/dns.log"
expect_status 0
expect_stdout <<'EOF'
Count
3
EOF

begin "built-in view DnsEvents reads ZeekDns"
kq -o csv 'DnsEvents | where Name has "mythicsu.biz" | project Name, ClientIP' "$data/zeek/dns.log"
expect_status 0
expect_stdout <<'EOF'
Name,ClientIP
cdn.mythicsu.biz,10.0.0.6
EOF

begin "--now fixes now() and ago()"
kq -o csv --now 2026-05-19T00:00:00Z 'print t = now(), y = ago(1d)'
expect_status 0
expect_stdout <<'EOF'
t,y
2026-05-19T00:00:00.0000000Z,2026-05-18T00:00:00.0000000Z
EOF

begin "tables lists bound tables and built-in views with columns"
kq tables "$data/zeek/dns.log"
expect_status 0
expect_stdout_contains "ZeekDns"
expect_stdout_contains "DnsEvents"
expect_stdout_contains "query"

begin "check compiles a Sentinel hunt without any data"
kq check -f examples/remus.kql
expect_status 0

begin "check still reports unknown columns of Sentinel tables"
kq check 'DnsEvents | where Nmae has "x"'
expect_status 2
expect_stderr_contains "1:19: error: unknown column or name 'Nmae'"

begin "a query that needs no table leaves standard input unread"
printf 'line1\nline2\n' >"$work/lines"
last_command="print 1 (twice, in a read loop)"
count=0
while read -r _line; do
    "$KQ" -o csv 'print 1' >/dev/null 2>&1
    count=$((count + 1))
done <"$work/lines"
status=0
[ "$count" -eq 2 ] || fail "the loop ran $count times, want 2 (kq consumed its input)"

begin "bidirectional overrides in values are escaped in table output"
kq_with_input '{"Name":"evil\342\200\256moc.exe"}\n' -o table 'T | project Name' -t T=-
expect_status 0
expect_stdout_contains 'evil\u202emoc.exe'

begin "a regular expression at its backtracking limit is a runtime error (exit 5)"
kq -o csv 'print x = strcat(strrep("a", 40), "!") | project m = extract("^((a|aa)+)$", 1, x)'
expect_status 5
expect_stderr_contains "backtracking limit"

begin "a 5,000-term or chain runs, and errors on long lines show a window with a caret"
awk 'BEGIN { printf "print x = \"a\" | where "; for (i = 0; i < 5000; i++) printf "x == \"v%d\" or ", i; print "x == \"a\"" }' >"$work/long.kql"
kq -o csv -f "$work/long.kql"
expect_status 0
expect_stdout_contains "a"
sed 's/or x == "a"$/or y == "a"/' "$work/long.kql" >"$work/long2.kql"
kq -o csv -f "$work/long2.kql"
expect_status 2
expect_stderr_contains "unknown column or name 'y'"
expect_stderr_contains '...r x == "v4997" or x == "v4998" or x == "v4999" or y == "a"'

begin "the same input given twice is read once"
printf '{"a":1}\n{"a":2}\n' >"$work/t.jsonl"
kq -o csv 'T | count' -t T="$work/t.jsonl" "$work/t.jsonl"
expect_status 0
expect_stdout_contains "2"
expect_stderr_contains "read once"

begin "piped data without a Type binds to the table the query names"
kq_with_input '{"a":1}\n{"a":2}\n' -o csv 'MyTable | count'
expect_status 0
expect_stdout_contains "2"

begin "union over a wildcard of bound tables"
kq -o csv 'union withsource=S Zeek* | summarize count() by S' examples/logs/dns.log
expect_status 0
expect_stdout_contains "ZeekDns,598"

begin "_GetWatchlist reads a watchlist bound with -t"
printf 'Domain,Note\nmythicsu.biz,remus\n' >"$work/Remus.csv"
kq -o csv "let wl = _GetWatchlist('Remus') | project Domain; DnsEvents | where Name has_any (wl) | count" -t Remus="$work/Remus.csv" examples/logs/DnsEvents_sample.jsonl
expect_status 0
expect_stdout_contains "5"

begin "_GetWatchlist of an unbound watchlist says how to bind it"
kq -o csv "_GetWatchlist('Nope')"
expect_status 2
expect_stderr_contains "-t Nope=FILE"

begin "search across every bound table names each row's table"
kq -o csv 'search "mythicsu.biz" | summarize count() by $table' examples/logs
expect_status 0
expect_stdout_contains 'DnsEvents,7'

begin "a Sentinel export keeps columns newer than the built-in schema"
printf '{"Type":"EmailEvents","TimeGenerated":"2026-05-18T00:00:00Z","SenderFromAddress":"a@evil.com"}\n' >"$work/EmailEvents.jsonl"
kq -o csv 'EmailEvents | project SenderFromAddress' "$work/EmailEvents.jsonl"
expect_status 0
expect_stdout_contains "a@evil.com"

begin "a result that cannot be written is an error (exit 3), not success"
"$KQ" -o csv 'DnsEvents | take 3' examples/logs >/dev/full 2>"$work/err"
status=$?
last_command="kq ... >/dev/full"
expect_status 3
expect_stderr_contains "kq: writing the output: No space left on device"

begin "kq tables escapes control characters in column names taken from files"
printf '{"Type":"Odd","\033[31mred":1}\n' >"$work/Odd.jsonl"
kq tables "$work/Odd.jsonl"
expect_status 0
expect_stdout_contains '\x1b[31mred:long'

# kq_on_terminal FORMAT QUERY FILE: kq -o FORMAT with stdout on a terminal (script), CRs dropped.
kq_on_terminal() {
    last_command="script -qc 'kq -o $1 ...'"
    script -qc "'$KQ' -o $1 '$2' '$3'" /dev/null </dev/null >"$work/out" 2>"$work/err"
    status=$?
    tr -d '\r' <"$work/out" >"$work/out.lf" && mv "$work/out.lf" "$work/out"
}

begin "CSV on a terminal escapes control characters (and stays raw in a pipe)"
if command -v script >/dev/null 2>&1; then
    printf '{"Type":"DnsEvents","Computer":"x\033]0;PWNED\007","Name":"a"}\n' >"$work/DnsEvents_esc.jsonl"
    kq_on_terminal csv 'DnsEvents | project Computer' "$work/DnsEvents_esc.jsonl"
    expect_status 0
    expect_no_control_bytes
    expect_stdout_contains 'x\x1b]0;PWNED\x07'
    kq -o csv 'DnsEvents | project Computer' "$work/DnsEvents_esc.jsonl"
    LC_ALL=C grep -q "$(printf '\033')" "$work/out" || fail "CSV into a pipe lost its raw bytes"
fi

begin "JSON Lines on a terminal escapes C1 controls and bidi overrides as JSON \\u escapes (raw in a pipe)"
if command -v script >/dev/null 2>&1; then
    printf '{"Type":"DnsEvents","Computer":"x\302\23331m\342\200\256y","Name":"a"}\n' >"$work/DnsEvents_c1.jsonl"
    kq_on_terminal jsonl 'DnsEvents | project Computer' "$work/DnsEvents_c1.jsonl"
    expect_status 0
    expect_stdout_contains '{"Computer":"x\u009b31m\u202ey"}'
    kq -o jsonl 'DnsEvents | project Computer' "$work/DnsEvents_c1.jsonl"
    LC_ALL=C grep -q "$(printf '\302\233')" "$work/out" || fail "JSON into a pipe lost its raw characters"
fi

# ---- packet captures (tests/data/pcap, made by tests/data/pcap/make_captures.py) ------------
pcaps=tests/data/pcap

begin "a capture is a table of DNS transactions, read through DnsEvents"
kq 'DnsEvents | summarize n = count(), answered = countif(Result != "")' "$pcaps/vlan_ipv6.pcapng"
expect_status 0
expect_stdout <<'EOF'
n,answered
5,3
EOF

begin "kq tables on a capture: ZeekDns with the columns of a Zeek dns.log"
kq tables "$data/zeek/dns.log"
sed -n 3p "$work/out" >"$work/zeek-columns"
kq tables "$pcaps/transactions.pcap"
expect_status 0
expect_stdout_contains "ZeekDns  (1 file)"
sed -n 3p "$work/out" | cmp -s - "$work/zeek-columns" || fail "the columns differ from those of a Zeek dns.log"

begin "a directory of captures: all read, bad packets reported with their packet number"
kq 'DnsEvents | count' "$pcaps"
expect_status 0
expect_stdout <<'EOF'
Count
21
EOF
expect_stderr_contains "kq: $pcaps/malformed.pcap:1: DNS message skipped: a compression pointer loops (it does not point back)"
expect_stderr_contains "kq: 9 malformed records skipped"

begin "--strict: a bad packet is an input error naming the packet"
kq --strict 'ZeekDns | count' "$pcaps/malformed.pcap"
expect_status 3
expect_stderr_contains "malformed.pcap:1: DNS message skipped: a compression pointer loops"

begin "a gzip-compressed capture on standard input"
gzip -c "$pcaps/transactions.pcap" >"$work/capture.gz"
last_command="'DnsEvents | where Name == \"t.example\" | project TimeGenerated, Result, IPAddresses' < capture.gz"
"$KQ" 'DnsEvents | where Name == "t.example" | project TimeGenerated, Result, IPAddresses' <"$work/capture.gz" >"$work/out" 2>"$work/err"
status=$?
expect_status 0
expect_stdout <<'EOF'
TimeGenerated,Result,IPAddresses
2023-11-14T22:13:23.0000000Z,Success,"TXT 5 hello TXT 0 ,TXT 3 a,b"
2023-11-14T22:13:23.5000000Z,,
EOF

begin "captures kq cannot decode are reported, never read as empty: link types, damaged headers, a bare magic"
python3 - "$work" <<'PYEOF'
import struct, sys
def frame():
    dns = struct.pack('>6H', 1, 0x0100, 1, 0, 0, 0) + b'\x01a\x04evil\x03com\x00' + struct.pack('>HH', 1, 1)
    udp = struct.pack('>4H', 1111, 53, 8 + len(dns), 0) + dns
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0, bytes([10, 0, 0, 5]), bytes([8, 8, 8, 8])) + udp
    return b'\0' * 12 + b'\x08\x00' + ip
def pcap(frame, linktype=1, keep=None):
    kept = frame if keep is None else frame[:keep]
    return struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, linktype) + struct.pack('<IIII', 1700000000, 0, len(kept), len(frame)) + kept
f = frame()
open(sys.argv[1] + '/wifi.pcap', 'wb').write(pcap(f, linktype=105))
open(sys.argv[1] + '/snapcut.pcap', 'wb').write(pcap(f, keep=20))
open(sys.argv[1] + '/ihl.pcap', 'wb').write(pcap(f[:14] + b'\x41' + f[15:]))
open(sys.argv[1] + '/magic.pcap', 'wb').write(b'\xd4\xc3\xb2\xa1')
PYEOF
kq 'ZeekDns | count' "$work/wifi.pcap"
expect_status 3
expect_stderr_contains "a capture of link type 105 (IEEE802_11), which kq does not decode"
kq 'ZeekDns | count' "$work/snapcut.pcap"
expect_status 0
expect_stderr_contains "snapcut.pcap:1: packet skipped: its IPv4 header is cut short (the capture kept 20 of its 70 bytes: snap length), so kq cannot tell whether it is DNS"
kq 'ZeekDns | count' "$work/ihl.pcap"
expect_stderr_contains "ihl.pcap:1: packet skipped: its IPv4 header length is below 20 bytes"
kq 'ZeekDns | count' "$work/magic.pcap"
expect_status 3
expect_stderr_contains "magic.pcap: not a capture libpcap reads"

begin "a gzip file broken in its header is an input error, not an empty table"
printf '\037\213\010\000garbage' >"$work/broken.json.gz"
kq tables "$work/broken.json.gz"
expect_status 3
expect_stderr_contains "broken.json.gz: truncated gzip stream after 0 decompressed bytes: nothing could be read"

begin "corrupt gzip data is told even after five malformed records"
python3 - "$work/corrupt.jsonl.gz" <<'PYEOF'
import gzip, sys
lines = b"".join(b'{"Type":"DnsEvents","Name":"host%d.example","Pad":"%s"}\n' % (i, b"x" * (i % 50)) for i in range(40000))
data = bytearray(gzip.compress(lines))
for i in range(len(data) // 2, len(data) // 2 + 40): data[i] ^= 0xFF
open(sys.argv[1], "wb").write(data)
PYEOF
kq 'DnsEvents | count' "$work/corrupt.jsonl.gz"
expect_status 0
expect_stderr_contains "corrupt.jsonl.gz: corrupt gzip data after"
expect_stderr_contains "the records before it were read"

begin "a capture whose clock goes back gives no negative rtt"
python3 - "$work/backwards.pcap" <<'PYEOF'
import struct, sys
def frame(dns, sport, dport, src, dst):
    udp = struct.pack('>4H', sport, dport, 8 + len(dns), 0) + dns
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0, bytes(src), bytes(dst)) + udp
    return b'\0' * 12 + b'\x08\x00' + ip
question = b'\x01a\x04evil\x03com\x00' + struct.pack('>HH', 1, 1)
query = struct.pack('>6H', 9, 0x0100, 1, 0, 0, 0) + question
answer = struct.pack('>6H', 9, 0x8180, 1, 1, 0, 0) + question + b'\xc0\x0c' + struct.pack('>HHIH', 1, 1, 60, 4) + bytes([198, 51, 100, 7])
packets = [(1700000070, frame(query, 1111, 53, [10, 0, 0, 5], [8, 8, 8, 8])), (1700000010, frame(answer, 53, 1111, [8, 8, 8, 8], [10, 0, 0, 5]))]
out = struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)
for ts, f in packets: out += struct.pack('<IIII', ts, 0, len(f), len(f)) + f
open(sys.argv[1], 'wb').write(out)
PYEOF
kq 'ZeekDns | project query, answers, rtt' "$work/backwards.pcap"
expect_status 0
expect_stdout <<'EOF'
query,answers,rtt
a.evil.com,"[""198.51.100.7""]",
EOF

begin "a file whose records carry several Types is read as its first record's table, and kq says so"
printf '{"Type":"SecurityEvent","EventID":4624}\n{"Type":"SecurityEvent","EventID":4625}\n{"Type":"Event","EventID":7036}\n' >"$work/mixed.json"
kq 'SecurityEvent | count' "$work/mixed.json"
expect_status 0
expect_stdout <<'EOF'
Count
3
EOF
expect_stderr_contains "mixed.json: 1 of its first 3 records have another Type than the first ('Event', not 'SecurityEvent'); the whole file is read as the table 'SecurityEvent'"

begin "JSON arrays joined one after another are all read; separator problems are told at their line"
printf '[{"Type":"DnsEvents","Name":"a.com"}]\n[{"Type":"DnsEvents","Name":"b.com"}]\n{"Type":"DnsEvents","Name":"c.com"}\n' >"$work/arrays.json"
kq 'DnsEvents | project Name' "$work/arrays.json"
expect_status 0
expect_stdout <<'EOF'
Name
a.com
b.com
c.com
EOF
printf '[{"Type":"DnsEvents","Name":"a.com"},,\n{"Type":"DnsEvents","Name":"b.com"},\n]\n[{"Type":"DnsEvents","Name":"c.com"} {"Type":"DnsEvents","Name":"d.com"}' >"$work/bad-array.json"
kq 'DnsEvents | count' "$work/bad-array.json"
expect_status 0
expect_stdout <<'EOF'
Count
4
EOF
expect_stderr_contains "bad-array.json:1: malformed JSON array: ',' where a value should be"
expect_stderr_contains "bad-array.json:3: malformed JSON array: ',' before ']'"
expect_stderr_contains "bad-array.json:4: malformed JSON array: ',' missing between values"
expect_stderr_contains "bad-array.json:4: malformed JSON array: the file ends before its closing ']' (truncated?)"
kq --strict 'DnsEvents | count' "$work/bad-array.json"
expect_status 3

begin "NUL bytes before the first record (a log truncated in place) are passed over and told; a binary file is still refused"
head -c 8192 /dev/zero >"$work/truncated.jsonl"
printf '{"Type":"DnsEvents","Name":"a.com"}\n\0\0\0\n{"Type":"DnsEvents","Name":"b.com"}\n' >>"$work/truncated.jsonl"
kq 'DnsEvents | project Name' "$work/truncated.jsonl"
expect_status 0
expect_stdout <<'EOF'
Name
a.com
b.com
EOF
expect_stderr_contains "truncated.jsonl:1: 8192 NUL bytes before the first record passed over (a log truncated in place?)"
expect_stderr_contains "truncated.jsonl:2: not a JSON object"
head -c 100 /dev/zero >"$work/zeros.jsonl"
kq 'DnsEvents | count' "$work/zeros.jsonl"
expect_status 3
expect_stderr_contains "zeros.jsonl: unknown format (binary data)"

finish_test
echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
