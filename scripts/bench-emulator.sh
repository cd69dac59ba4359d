#!/usr/bin/env bash
# Emulator throughput: CreateInstance requests per second on one keep-alive
# connection and on 16, measured with wrk from a second process on loopback.
#
#   make bench-emulator        (or: bash scripts/bench-emulator.sh EMULATOR [seconds, default 10])
#
# The emulator is the release build `make bench` uses, started with --skip-signature-check (wrk
# cannot sign, and pre-signed requests would be refused as replayed nonces);
# everything else runs as in the tests. Both share this machine's cores, so the
# figures are a floor for the emulator alone.
set -euo pipefail
cd "$(dirname "$0")/.."
emulator=${1:?usage: bench-emulator.sh EMULATOR [seconds]}
duration=${2:-10}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }

log=$(mktemp -d)
coproc EMU { exec "$emulator" --port 0 --skip-signature-check --concurrency-quota 2000000000 2>"$log/stderr"; }
trap 'kill -TERM "$EMU_PID" 2>/dev/null || true; wait "$EMU_PID" 2>/dev/null || true; rm -rf "$log"' EXIT
read -r line <&"${EMU[0]}"
url=${line##* }
echo "emulator: $url (release build, --skip-signature-check), $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

run() {  # threads connections
    wrk -t"$1" -c"$2" -d"${duration}s" --latency -s bench/emulator-create.lua "$url" -- "c$2" > "$log/wrk" 2>&1
    local rps p50 non200
    rps=$(awk '/^Requests\/sec/ {print $2}' "$log/wrk")
    p50=$(awk '$1 == "50%" {print $2}' "$log/wrk")
    non200=$(awk -F': ' '/non-200 answers/ {print $2}' "$log/wrk")
    printf '%-28s %12s req/s   median latency %8s   non-200: %s\n' "$2 connection(s), $1 thread(s)" "$rps" "$p50" "${non200:-?}"
}
run 1 1
run 2 16
