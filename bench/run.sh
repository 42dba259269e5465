#!/bin/sh
# bench/run.sh - times the Remus hunt (bench/remus.kql) with kq against its peers in one run:
# ripgrep, grep, DuckDB (through node, when @duckdb/node-api installs) and jq (on a slice),
# prints a markdown table of times and ratios, checks kq's row count against the generator's
# ground truth, and measures kq's peak memory. Then the same rows hunted from a feed (kq hunt)
# with 2 and with 100,000 domain indicators, rg and grep given the same lists. See bench/README.md.
#
# Environment: KQ (default ./kq), BENCH_ROWS (default 2000000), BENCH_RUNS (default 5),
# BENCH_BIG=1 to add the 6,000,000-row (~2 GB) memory run.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
KQ=${KQ:-./kq}
rows=${BENCH_ROWS:-2000000}
runs=${BENCH_RUNS:-5}
out=bench/out
generator=../shared/tools/gen_dnsevents.py
query=bench/remus.kql
slice_rows=200000
slice_scale=$((rows > slice_rows ? rows / slice_rows : 1))

if [ ! -x "$KQ" ]; then
    echo "bench: $KQ not built (run make first)" >&2
    exit 1
fi
mkdir -p "$out"

# short_count 2000000 -> 2m
short_count() {
    case $1 in
    *000000) echo "${1%000000}m" ;;
    *000) echo "${1%000}k" ;;
    *) echo "$1" ;;
    esac
}

# generate ROWS FILE: writes FILE (and FILE.truth) once; later runs reuse them.
generate() {
    if [ ! -s "$2" ] || [ ! -s "$2.truth" ]; then
        echo "bench: generating $1 DnsEvents rows into $2 (once)"
        python3 "$generator" "$1" "$2" --iocs 2 --ioc-out "$out/iocs2.txt" >/dev/null
    fi
}

data=$out/dns$(short_count "$rows").jsonl
slice=${data%.jsonl}-head$(short_count "$slice_rows").jsonl
generate "$rows" "$data"
if [ ! -s "$slice" ]; then head -n "$slice_rows" "$data" >"$slice"; fi
iocs=$out/iocs2.txt
truth=$(cat "$data.truth")

# The term rule of has_any as a regular expression: an IOC between non-alphanumerics.
ioc_alternatives=$(sed -e '/^$/d' -e 's/[.]/\\./g' "$iocs" | paste -s -d '|' -)
term_regex="(^|[^0-9a-z])($ioc_alternatives)(\$|[^0-9a-z])"

# mean_seconds NAME COMMAND: mean wall time of COMMAND (output discarded) over $runs runs.
# The output goes through a pipe: GNU grep stops at the first match when it writes to /dev/null.
mean_seconds() {
    if command -v hyperfine >/dev/null 2>&1; then
        timing_json=$out/time-$(printf '%s' "$1" | tr -c 'A-Za-z0-9' '_').json
        hyperfine --warmup 1 --runs "$runs" --style none --output=pipe \
            --export-json "$timing_json" "$2" >/dev/null 2>&1 || return 1
        python3 -c 'import json, sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' \
            "$timing_json"
    else
        sh -c "$2" >/dev/null 2>&1 || return 1
        total=0
        i=0
        while [ "$i" -lt "$runs" ]; do
            start=$(date +%s.%N)
            sh -c "$2" 2>/dev/null | cat >/dev/null
            end=$(date +%s.%N)
            total=$(awk -v t="$total" -v s="$start" -v e="$end" 'BEGIN { printf "%.6f", t + e - s }')
            i=$((i + 1))
        done
        awk -v t="$total" -v n="$runs" 'BEGIN { printf "%.3f\n", t / n }'
    fi
}

results=$out/results.txt
: >"$results"
notes=""

# measure NAME SCALE ROWS_COMMAND TIMED_COMMAND: one line "name|seconds|rows" in $results,
# seconds multiplied by SCALE (for runs over the slice).
measure() {
    echo "bench: timing $1"
    if ! seconds=$(mean_seconds "$1" "$4"); then
        notes="$notes
- $1: the command failed: \`$4\`"
        return 0
    fi
    seconds=$(awk -v s="$seconds" -v k="$2" 'BEGIN { printf "%.3f", s * k }')
    found=$(sh -c "$3" 2>/dev/null | tail -n 1 | tr -d ' ')
    echo "$1|$seconds|$found" >>"$results"
}

kq_hunt="'$KQ' -q -o csv -f $query"
measure kq 1 "$kq_hunt --no-header $data | wc -l" "$kq_hunt $data"
kq_rows=$(awk -F'|' '$1 == "kq" { print $3 }' "$results")

if command -v rg >/dev/null 2>&1; then
    measure "rg -F -i -c" 1 "rg -F -i -c -f $iocs $data" "rg -F -i -c -f $iocs $data"
else
    notes="$notes
- rg: not installed"
fi
measure "grep -F -i -c" 1 "grep -F -i -c -f $iocs $data" "grep -F -i -c -f $iocs $data"

# DuckDB through node: SQL with a case-insensitive regexp standing in for the term rule.
duckdb_script=$out/duckdb_remus.mjs
cat >"$duckdb_script" <<'EOF'
// Written by bench/run.sh: the Remus hunt in DuckDB SQL; prints the number of rows.
import { DuckDBInstance } from '@duckdb/node-api';
const [file, pattern] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const reader = await connection.runAndReadAll(
  `SELECT TimeGenerated, Computer, Name, IPAddresses, QueryType
     FROM read_json_auto('${file}')
    WHERE regexp_matches(Name, '${pattern}', 'i')
    ORDER BY TimeGenerated DESC`);
console.log(reader.getRows().length);
EOF
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    notes="$notes
- DuckDB: skipped, node/npm not installed"
elif [ ! -d "$out/node_modules/@duckdb/node-api" ] &&
    ! npm install --silent --no-audit --no-fund --prefix "$out" @duckdb/node-api >/dev/null 2>&1; then
    notes="$notes
- DuckDB: skipped, \`npm install @duckdb/node-api\` failed (offline?)"
else
    duckdb_hunt="node $duckdb_script $data '$term_regex'"
    measure "DuckDB (node)" 1 "$duckdb_hunt" "$duckdb_hunt"
    notes="$notes
- DuckDB: time includes starting node; read_json_auto + regexp_matches(Name, term regexp, 'i')"
fi

if command -v jq >/dev/null 2>&1; then
    jq_regex=$(printf '%s' "$term_regex" | sed 's/\\/\\\\/g') # a jq string literal
    ioc_array=$(sed -e '/^$/d' -e 's/.*/"&"/' "$iocs" | paste -s -d ',' -)
    # a substring prefilter first: jq compiles the regex of test() again on every call
    jq_filter="[inputs | (.Name | ascii_downcase) as \$name
               | select([$ioc_array] | any(. as \$ioc | \$name | contains(\$ioc)))
               | select(.Name | test(\"$jq_regex\"; \"i\"))
               | {TimeGenerated, Computer, Name, IPAddresses, QueryType}]
               | sort_by(.TimeGenerated) | reverse | .[]"
    jq_hunt="jq -c -n '$jq_filter' $slice"
    measure "jq (slice x$slice_scale)" "$slice_scale" "$jq_hunt | wc -l" "$jq_hunt"
    notes="$notes
- jq: run on the first $slice_rows rows; time multiplied by $slice_scale, rows are the slice's"
else
    notes="$notes
- jq: not installed"
fi

echo
echo "Remus hunt over $rows DnsEvents rows ($(du -h "$data" | cut -f1)), mean of $runs runs:"
echo
awk -F'|' '
    NR == 1 { base = $2 }
    { rows[NR] = $0 }
    END {
        print "| tool | time (s) | ratio vs kq | rows returned |"
        print "|---|---:|---:|---:|"
        for (i = 1; i <= NR; i++) {
            split(rows[i], f, "|")
            ratio = (base > 0) ? sprintf("%.2fx", f[2] / base) : "-"
            printf "| %s | %s | %s | %s |\n", f[1], f[2], ratio, f[3]
        }
    }' "$results"
if [ -n "$notes" ]; then
    echo
    echo "Notes:$notes"
    echo "- rg/grep count lines containing an IOC as a substring (near misses included)"
fi

# Hunts from a feed: kq hunt with the 2 Remus domains, then with 100,000 domains (the 2 and
# 99,998 that occur nowhere), over the same rows; rg and grep with the same lists for scale.
iocs100k=$out/iocs100k.txt
if [ ! -s "$iocs100k" ]; then
    python3 - "$iocs" "$iocs100k" <<'PYEOF'
import random, sys
random.seed(7)
known = [l.strip() for l in open(sys.argv[1]) if l.strip()]
alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
tlds = ["com", "net", "org", "biz", "info", "ru", "top", "xyz", "io", "cn"]
made = set()
while len(made) < 100000 - len(known):
    made.add("".join(random.choice(alphabet) for _ in range(random.randint(6, 14))) + "." + random.choice(tlds))
with open(sys.argv[2], "w") as f:
    f.write("\n".join(known + sorted(made)) + "\n")
PYEOF
fi
hunt_results=$out/hunt-results.txt
: >"$hunt_results"
# hunt_measure NAME FEED [LOG]: time of kq hunt over the rows (or LOG), and its hit count
hunt_measure() {
    echo "bench: timing $1 with $(grep -c . "$2") indicators"
    # exit status 1 means "hits found": a success here
    hunt_cmd="'$KQ' hunt -q -o jsonl --ioc-validity 0 --iocs $2 -t DnsEvents=${3:-$data}; [ \$? -le 1 ]"
    seconds=$(mean_seconds "$1 $2" "$hunt_cmd") || seconds=failed
    hits=$(sh -c "$hunt_cmd" 2>/dev/null | grep -c '"kind":"hit"')
    echo "$1|$(grep -c . "$2")|$seconds|$hits" >>"$hunt_results"
}
# once_seconds LIMIT COMMAND: the wall time of one run, or ">LIMIT" when stopped at LIMIT seconds
once_seconds() {
    start=$(date +%s.%N)
    if ! timeout "$1" sh -c "$2" >"$out/once.txt" 2>/dev/null; then
        echo ">$1"
        return 0
    fi
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }'
}
hunt_measure "kq hunt" "$iocs"
hunt_measure "kq hunt" "$iocs100k"
# the same over the first 1,000 rows: what the indicators cost whatever the size of the logs
head_1k=$out/dns-head1k.jsonl
head -n 1000 "$data" >"$head_1k"
hunt_measure "kq hunt, first 1,000 rows" "$iocs" "$head_1k"
hunt_measure "kq hunt, first 1,000 rows" "$iocs100k" "$head_1k"
peer_limit=${BENCH_PEER_LIMIT:-300}
for peer in "rg -F -i -c --regex-size-limit 2G --dfa-size-limit 2G" "grep -F -i -c"; do
    tool=${peer%% *}
    command -v "$tool" >/dev/null 2>&1 || continue
    echo "bench: timing $tool with 2 needles"
    seconds=$(mean_seconds "$tool $iocs" "$peer -f $iocs $data") || seconds=failed
    echo "$tool -F -i -c|2|$seconds|$(sh -c "$peer -f $iocs $data" | tail -n 1)" >>"$hunt_results"
    # 100,000 needles: one run, stopped after $peer_limit seconds
    echo "bench: timing $tool with 100000 needles (one run, at most ${peer_limit} s)"
    seconds=$(once_seconds "$peer_limit" "$peer -f $iocs100k $data")
    echo "$tool -F -i -c|100000|$seconds|$(tail -n 1 "$out/once.txt")" >>"$hunt_results"
done
echo
echo "Hunts from a feed over the same $rows rows: 2 vs 100,000 domain indicators:"
echo
awk -F'|' '
    { rows[NR] = $0; if (!($1 in first)) first[$1] = $3 }
    END {
        print "| tool | indicators | time (s) | vs 2 indicators | hits (lines for rg/grep) |"
        print "|---|---:|---:|---:|---:|"
        for (i = 1; i <= NR; i++) {
            split(rows[i], f, "|")
            ratio = (first[f[1]] > 0 && f[3] + 0 > 0) ? sprintf("%.2fx", f[3] / first[f[1]]) : "-"
            printf "| %s | %s | %s | %s | %s |\n", f[1], f[2], f[3], ratio, f[4]
        }
    }' "$hunt_results"
hunt_hits=$(awk -F'|' '$1 == "kq hunt" { print $4 }' "$hunt_results" | sort -u | tr '\n' ' ')

status=0
echo
if [ "$kq_rows" = "$truth" ]; then
    echo "kq rows: $kq_rows = truth $truth: OK"
else
    echo "kq rows: ${kq_rows:-none} != truth $truth: MISMATCH"
    status=1
fi
if [ "$hunt_hits" = "$truth " ]; then
    echo "kq hunt hits with 2 and with 100,000 indicators: $truth = truth: OK"
else
    echo "kq hunt hits: ${hunt_hits:-none} != truth $truth: MISMATCH"
    status=1
fi

# peak_memory FILE: kq's wall time and maximum resident set size on FILE.
peak_memory() {
    if [ ! -x /usr/bin/time ]; then
        echo "peak RSS: /usr/bin/time not installed (apt-get install time)"
        return 0
    fi
    /usr/bin/time -v "$KQ" -q -o csv -f "$query" "$1" >/dev/null 2>"$out/time-v.txt" || true
    awk -v file="$1" -F': ' '
        /Maximum resident set size/ { rss = $2 }
        /Elapsed \(wall clock\)/ { wall = $NF }
        END { printf "kq on %s: peak RSS %.1f MB, wall %s\n", file, rss / 1024, wall }' \
        "$out/time-v.txt"
}

peak_memory "$data"
if [ "${BENCH_BIG:-0}" = 1 ]; then
    big=$out/dns6m.jsonl
    generate 6000000 "$big"
    peak_memory "$big"
    big_rows=$("$KQ" -q -o csv --no-header -f "$query" "$big" | wc -l | tr -d ' ')
    if [ "$big_rows" = "$(cat "$big.truth")" ]; then
        echo "kq rows on $big: $big_rows = truth: OK"
    else
        echo "kq rows on $big: $big_rows != truth $(cat "$big.truth"): MISMATCH"
        status=1
    fi
fi
exit $status
