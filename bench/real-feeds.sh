#!/bin/sh
# bench/real-feeds.sh - every feed file of ../shared/data/ioc (warninglists aside) hunted with kq
# over every DNS log of ../shared/data/dns, one line a feed: exit status, format, records,
# indicators, rejected (values not taken, or not meant for detection), hunted, hunts, hits and
# suppressed; a feed kq refuses shows its message. A survey of real input, not a test.
#
#   sh bench/real-feeds.sh [DATA_DIR] > survey.txt     (after make; KQ overrides ./kq)
#
# Environment: KQ (default ./kq), NOW (default 2026-12-04), EXTRA (more kq hunt options, e.g.
# "--warninglist ../shared/data/ioc/misp-warninglists" to count suppressed hits).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$root/../shared/data}
KQ=${KQ:-$root/kq}
now=${NOW:-2026-12-04}
err=$(mktemp)
trap 'rm -f "$err"' EXIT
find "$data/ioc" -type f ! -path '*misp-warninglists*' | sort | while read -r feed; do
    # shellcheck disable=SC2086 # EXTRA holds several options on purpose
    out=$(timeout 300 "$KQ" hunt --iocs "$feed" "$data/dns" --now "$now" --ioc-validity 0 -o jsonl -q ${EXTRA:-} 2>"$err")
    rc=$?
    printf '%s\n' "$out" | python3 -c '
import json, sys
name, rc, err = sys.argv[1], sys.argv[2], sys.argv[3]
summary = None
for line in sys.stdin:
    if line.strip():
        r = json.loads(line)
        if r["kind"] == "summary": summary = r
if summary is None:
    lines = open(err).read().strip().splitlines()
    print("%s | exit %s | %s" % (name, rc, lines[-1] if lines else ""))
else:
    s = summary
    print("%s | exit %s | %s | records %d | indicators %d | rejected %d | hunted %d | hunts %d | hits %d | suppressed %d" % (
        name, rc, ",".join(sorted({f["format"] for f in s["feeds"]})), sum(f["records"] for f in s["feeds"]),
        s["indicators"], s["rejects"], s["hunted"], s["hunts"], s["hits"], s["suppressed"]))' "${feed#"$data"/ioc/}" "$rc" "$err"
done
