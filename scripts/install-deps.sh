#!/bin/sh
# install-deps.sh - installs the Debian 12 packages that building and testing kq need.
#
# Required: compiler and make, pkg-config, the -dev libraries kq links with, python3 (the test
# data generator) and GNU time (peak memory in the benchmark). Optional, for bench/ only: the
# peers ripgrep, jq, hyperfine, and nodejs/npm (DuckDB through node); a missing optional package
# is reported, never fatal. Idempotent: packages already present are not touched, and
# `apt-get update` runs once, only when something has to be installed.
# The optional peers are installed only with --bench (CI and the tests do not need them).
# With --test-extras it also installs what lets more tests run (CI uses it; the tests skip
# these checks without them): Chromium (the HTML report rendered headless) and Microsoft's Kusto
# parser from the npm registry into build-tools/kusto-parser (emitted hunts checked as KQL).
# Run as root, or as a user allowed to use sudo.
set -eu

with_bench=no
with_test_extras=no
for arg in "$@"; do
    case $arg in
    --bench) with_bench=yes ;;
    --test-extras) with_test_extras=yes ;;
    *) echo "install-deps: unknown option $arg (--bench, --test-extras)" >&2; exit 64 ;;
    esac
done

required_packages="build-essential pkg-config libpcre2-dev zlib1g-dev libyaml-dev nettle-dev libidn2-dev libpcap-dev python3 time"
# "package:command" - an optional package counts as present when its command is on PATH,
# whoever installed it (e.g. nodejs/npm from another source).
optional_packages="ripgrep:rg jq:jq hyperfine:hyperfine nodejs:node npm:npm"

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    echo "install-deps: run as root or install sudo" >&2
    exit 1
fi

package_installed() {
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ]
}

apt_updated=no
apt_install() {
    if [ "$apt_updated" = no ]; then
        $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        apt_updated=yes
    fi
    $as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing_required=""
for package in $required_packages; do
    package_installed "$package" || missing_required="$missing_required $package"
done
if [ -n "$missing_required" ]; then
    echo "install-deps: installing$missing_required"
    # shellcheck disable=SC2086 # word splitting of the package list is intended
    apt_install $missing_required
fi

if [ "$with_test_extras" = yes ]; then
    if ! command -v chromium >/dev/null 2>&1; then
        if apt_install chromium 2>/dev/null; then echo "install-deps: installed chromium"
        else echo "install-deps: chromium not available (the browser check will skip)"; fi
    fi
    parser_dir="$(cd "$(dirname "$0")/.." && pwd)/build-tools/kusto-parser"
    if [ ! -d "$parser_dir/node_modules/@kusto/language-service-next" ]; then
        if command -v npm >/dev/null 2>&1 &&
            npm install --silent --no-audit --no-fund --prefix "$parser_dir" @kusto/language-service-next >/dev/null 2>&1; then
            echo "install-deps: installed Microsoft's Kusto parser into build-tools/kusto-parser"
        else
            echo "install-deps: Kusto parser not installed (npm missing or offline; the KQL check will skip)"
        fi
    fi
fi

[ "$with_bench" = yes ] || exit 0
for entry in $optional_packages; do
    package=${entry%%:*}
    command_name=${entry#*:}
    if package_installed "$package" || command -v "$command_name" >/dev/null 2>&1; then
        continue
    fi
    if apt_install "$package" 2>/dev/null; then
        echo "install-deps: installed optional $package"
    else
        echo "install-deps: optional $package not available (benchmarks will skip it)"
    fi
done
