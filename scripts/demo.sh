#!/usr/bin/env bash
# make demo: liboutboundbot from C, end to end, on this machine alone.
#
# Builds the emulator (debug), the distributable library (make dist-lib) and the C
# example against it; starts outboundbot-emulator on a free loopback port; runs the
# C example twice: the first call creates instance 第一个实例, the second asks for
# the same name and gets the service's InvalidInstanceName.Duplicated error, as a
# C caller sees it. Then examples/c/campaign.c runs a campaign through the generic
# call: an instance, a job group, three jobs assigned and started, the jobs read
# back page by page. The emulator is stopped on every exit path.
set -euo pipefail
cd "$(dirname "$0")/.."

NAME="${1:-第一个实例}"
bold=; plain=
if [ -t 1 ]; then bold=$(tput bold 2>/dev/null || true); plain=$(tput sgr0 2>/dev/null || true); fi
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$plain"; }

step "Building outboundbot-emulator (swift build, debug; the first build takes minutes)"
swift build --product outboundbot-emulator
emulator="$(swift build --show-bin-path)/outboundbot-emulator"

step "Building liboutboundbot.so (make dist-lib) and the C examples against it"
make --no-print-directory dist-lib build/examples/c/create_instance build/examples/c/campaign
example=build/examples/c/create_instance
campaign=build/examples/c/campaign

work=$(mktemp -d)
emulator_pid=
stop_emulator() {
    if [ -n "$emulator_pid" ] && kill -0 "$emulator_pid" 2>/dev/null; then
        kill -TERM "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
        echo "emulator stopped"
    fi
    rm -rf "$work"
}
trap stop_emulator EXIT
trap 'exit 130' INT TERM

step "Starting the emulator on a free port"
"$emulator" --host 127.0.0.1 --port 0 >"$work/emulator.out" 2>"$work/emulator.err" &
emulator_pid=$!
first_line=
for _ in $(seq 1 100); do
    first_line=$(head -n 1 "$work/emulator.out" 2>/dev/null || true)
    [ -n "$first_line" ] && break
    kill -0 "$emulator_pid" 2>/dev/null || break
    sleep 0.1
done
port=$(sed -nE 's#.*listening on http://127\.0\.0\.1:([0-9]+).*#\1#p' <<<"$first_line")
if [ -z "$port" ]; then
    echo "the emulator did not start: ${first_line:-no output}" >&2
    cat "$work/emulator.err" >&2
    exit 1
fi
echo "$first_line"

# The C example takes its endpoint from OBB_ENDPOINT/OBB_PROTOCOL; the library reads
# the key pair from the environment (the emulator's documented development pair).
export OBB_ENDPOINT="127.0.0.1:$port" OBB_PROTOCOL=http ALIBABA_CLOUD_ECS_METADATA_DISABLED=true
export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIEmulatorDevKey ALIBABA_CLOUD_ACCESS_KEY_SECRET=EmulatorDevSecret

step "1. Create instance $NAME (MaxConcurrentConversation 4, CallingNumber 95187)"
echo "\$ OBB_ENDPOINT=$OBB_ENDPOINT OBB_PROTOCOL=http $example $NAME"
if ! "$example" "$NAME"; then
    echo "demo: creating the instance failed" >&2
    exit 1
fi

step "2. The same name again: the service's error, as a C caller sees it"
echo "\$ $example $NAME"
set +e
"$example" "$NAME"
status=$?
set -e
echo "exit status $status (OBB_ERR_SERVICE is 6)"
if [ "$status" -ne 6 ]; then
    echo "demo: expected OBB_ERR_SERVICE with InvalidInstanceName.Duplicated" >&2
    exit 1
fi

step "3. A campaign through the generic call: job group, three jobs, started, read back"
echo "\$ $campaign"
if ! "$campaign"; then
    echo "demo: the campaign failed" >&2
    exit 1
fi

step "Done: an instance, InvalidInstanceName.Duplicated (HTTP 400), and a campaign, all through the C ABI"
