#!/usr/bin/env bash
# Install what building and testing liboutboundbot needs and this machine lacks.
#
#   bash scripts/install-deps.sh        (as root, or with sudo available)
#
# Debian 12 packages: libcurl (transport) and OpenSSL's libcrypto (signing) with their
# headers, pkg-config, a C/C++ compiler, Go (the cgo example), valgrind, binutils, file,
# openssl (the tests' throwaway CA), tinyproxy (the proxy tests), nginx (the benchmark's
# responder: `make bench` starts its own on loopback; Debian's service is not started
# here); python3's venv module (the official SDKs' venv); pytest. The Swift toolchain
# (/opt/swift) and the Swift package mirror come with the machine. Already-installed
# packages are left alone; apt-get update runs at most once.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

packages=(libcurl4-openssl-dev libssl-dev pkg-config gcc g++ make golang-go valgrind
          binutils file openssl ca-certificates tinyproxy nginx)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# The Python the tests run with must be able to make a venv (Debian splits it out).
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    missing+=(python3-venv)
fi

if ((${#missing[@]})); then
    sudo=()
    if [ "$(id -u)" != 0 ]; then sudo=(sudo -n); fi
    echo "install-deps: installing ${missing[*]}"
    # Installing nginx would start Debian's default site (port 80, every address). Where
    # the machine has no policy-rc.d of its own, one that denies every start stands in
    # for the length of the install (the bench runs its own nginx, on loopback only).
    policy=/usr/sbin/policy-rc.d
    if [[ " ${missing[*]} " == *" nginx "* ]] && [ ! -e "$policy" ]; then
        trap '"${sudo[@]}" rm -f "$policy"' EXIT
        printf '#!/bin/sh\n# install-deps.sh: no service starts during its apt-get install\nexit 101\n' \
            | "${sudo[@]}" tee "$policy" >/dev/null
        "${sudo[@]}" chmod 0755 "$policy"
    fi
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
else
    echo "install-deps: system packages present"
fi

if ! python3 -c 'import pytest' >/dev/null 2>&1; then
    echo "install-deps: installing pytest"
    python3 -m pip install --disable-pip-version-check -q pytest </dev/null
fi

command -v swift >/dev/null || { echo "install-deps: no swift on PATH (expected in /opt/swift/usr/bin)" >&2; exit 1; }
echo "install-deps: ok ($(swift --version 2>&1 | head -n1); $(go version); $(pkg-config --modversion libcurl | sed 's/^/libcurl /'); $(/usr/sbin/nginx -v 2>&1 | sed 's/^nginx version: //'))"
