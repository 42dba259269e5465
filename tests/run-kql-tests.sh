#!/bin/sh
# run-kql-tests.sh - runs the data-driven KQL cases (tests/kql/*.test) and then the verified
# facts of ../shared/kql/FACTS.tsv with kqltest. Called by `make check-fast` with KQ set to the
# built kq binary; kqltest is found next to it, in $(dirname "$KQ")/tests/kqltest.
# Exits non-zero when a .test case fails; facts only report their pass count.
set -eu

: "${KQ:?KQ must name the built kq binary, e.g. KQ=build/kq}"
root=$(cd "$(dirname "$0")/.." && pwd)
case $KQ in
/*) kq_dir=$(dirname "$KQ") ;;
*) kq_dir=$(cd "$(dirname "$KQ")" && pwd) ;;
esac
kqltest=$kq_dir/tests/kqltest
if [ ! -x "$kqltest" ]; then
    echo "run-kql-tests: $kqltest not built" >&2
    exit 2
fi

cd "$root"
status=0
set -- tests/kql/*.test
if [ -e "$1" ]; then
    "$kqltest" "$@" || status=1
else
    echo "kqltest: no tests/kql/*.test files"
fi

facts=../shared/kql/FACTS.tsv
if [ -f "$facts" ]; then
    "$kqltest" --facts "$facts" || status=1
else
    echo "facts: skipped ($facts not found)"
fi
exit $status
