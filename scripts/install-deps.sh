#!/bin/sh
# install-deps.sh - installs the Debian 12 packages that building and testing kq need.
#
# Required: compiler and make, pkg-config, the -dev libraries kq links with, python3 (the test
# data generator) and GNU time (peak memory in the benchmark). Optional, for bench/ only: the
# peers ripgrep, jq, hyperfine, and nodejs/npm (DuckDB through node); a missing optional package
# is reported, never fatal. Idempotent: packages already present are not touched, and
# `apt-get update` runs once, only when something has to be installed.
# The optional peers are installed only with --bench (CI and the tests do not need them).
# Run as root, or as a user allowed to use sudo.
set -eu

with_bench=no
[ "${1:-}" = "--bench" ] && with_bench=yes

required_packages="build-essential pkg-config libpcre2-dev zlib1g-dev libyaml-dev nettle-dev libidn2-dev python3 time"
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
