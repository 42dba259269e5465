#!/bin/sh
# browser-check.sh - renders a kq HTML hunt report in headless Chromium and checks that the page
# the browser built has the timeline: an <svg> with at least one bar (<rect class="bar ...">).
# Also takes a screenshot, to look at.
#
#   sh tests/hunt/browser-check.sh REPORT.html [SCREENSHOT.png]
#
# The screenshot goes to REPORT.png by default. Exits 0 when the check passes, and also (printing
# "skip: chromium not installed") when there is no Chromium; 1 when it fails.
set -eu

if [ $# -lt 1 ] || [ ! -f "$1" ]; then
    echo "usage: $0 REPORT.html [SCREENSHOT.png]" >&2
    exit 2
fi
html=$(realpath "$1")
png=${2:-${html%.html}.png}

browser=
for candidate in chromium chromium-browser; do
    if command -v "$candidate" >/dev/null 2>&1; then
        browser=$candidate
        break
    fi
done
if [ -z "$browser" ]; then
    echo "skip: chromium not installed"
    exit 0
fi

dom=$(mktemp)
trap 'rm -f "$dom"' EXIT
flags="--headless --no-sandbox --disable-gpu --hide-scrollbars"

if ! timeout 120 "$browser" $flags --dump-dom "file://$html" >"$dom" 2>/dev/null; then
    echo "FAIL: $browser could not load $html" >&2
    exit 1
fi
svgs=$(grep -o '<svg' "$dom" | wc -l)
bars=$(grep -o '<rect class="bar [a-z]*"' "$dom" | wc -l)
titles=$(grep -o '<g><title>' "$dom" | wc -l)
if [ "$svgs" -lt 1 ] || [ "$bars" -lt 1 ]; then
    echo "FAIL: $html: the rendered page has $svgs svg and $bars bars" >&2
    exit 1
fi

rm -f "$png"
timeout 120 "$browser" $flags --window-size=1280,3000 --screenshot="$png" "file://$html" >/dev/null 2>&1 || true
if [ ! -s "$png" ]; then
    echo "FAIL: $browser wrote no screenshot $png" >&2
    exit 1
fi
echo "ok: $html renders: $svgs svg, $bars bars, $titles tooltips; screenshot $png"
