#!/usr/bin/env bash
# Install what building and testing liboutboundbot needs and this machine lacks.
#
#   bash scripts/install-deps.sh        (as root, or with sudo available)
#
# Debian 12 packages: libcurl (transport) and OpenSSL's libcrypto (signing) with their
# headers, pkg-config, a C/C++ compiler, Go (the cgo example), valgrind, binutils, file,
# openssl (the tests' throwaway CA); python3's venv module (the official SDKs' venv);
# pytest. The Swift toolchain (/opt/swift) and the Swift package mirror come with the
# machine. Already-installed packages are left alone; apt-get update runs at most once.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

packages=(libcurl4-openssl-dev libssl-dev pkg-config gcc g++ make golang-go valgrind
          binutils file openssl ca-certificates tinyproxy)
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
echo "install-deps: ok ($(swift --version 2>&1 | head -n1); $(go version); $(pkg-config --modversion libcurl | sed 's/^/libcurl /'))"
