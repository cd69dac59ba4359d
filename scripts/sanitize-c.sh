#!/usr/bin/env bash
# scripts/sanitize-c.sh: the C consumers under AddressSanitizer, valgrind memcheck or ThreadSanitizer.
#
#   scripts/sanitize-c.sh asan|valgrind EMULATOR CREATE_INSTANCE PLUGIN_HOST TEST_BAD_INPUT LIBRARY
#   scripts/sanitize-c.sh tsan EMULATOR TEST_ASYNC
#
# Runs examples/c (V3 and V1 signing, a duplicate-name service error),
# examples/plugin-host (3 dlopen/dlclose cycles of LIBRARY, a worker thread each)
# and Tests/c/test_bad_input.c (every check once, then three times) against an
# emulator on loopback (bench/harness.py starts and stops it). Each must end with
# its expected exit status and with no report: for asan, no AddressSanitizer or
# LeakSanitizer error (the programs and LIBRARY are built with -fsanitize=address
# by mk/quality.mk, nothing suppressed); for valgrind, "ERROR SUMMARY: 0 errors"
# with definitely and indirectly lost leaks counted as errors (possibly-lost blocks
# are the Swift runtime's one-time metadata caches, held by interior pointers). The
# catalogue, built once and kept until exit, is stored without tagged pointers
# (TypeNode in Sources/OutboundBotCatalogue/ActionSpec.swift) so both tools see it.
#
# tsan runs Tests/c/test_async.c's scenarios (1,000 calls on the client's I/O thread,
# tokens cancelled from other threads, obb_client_free with calls in flight and from a
# callback, callbacks that call the library, bad input, per-call options, reconciliation),
# each against its own emulator with the faults it needs armed over the admin API, and
# fails on any ThreadSanitizer report. TEST_ASYNC and the library it loads are built with
# ThreadSanitizer, the program with the toolchain's clang (so the runtimes match swiftc's;
# that TSan runtime intercepts libdispatch, hence -ldispatch -lBlocksRuntime):
#   swift build --sanitize=thread --scratch-path .build-tsan --product outboundbot
#   bin="$(dirname "$(realpath "$(command -v swiftc)")")" swiftlib="$bin/../lib/swift/linux"
#   "$bin/clang" -std=c99 -g -O1 -fsanitize=thread -Iinclude -o build/tsan/test_async \
#       Tests/c/test_async.c -L.build-tsan/debug -loutboundbot -Wl,-rpath,"$PWD/.build-tsan/debug" \
#       -L"$swiftlib" -ldispatch -lBlocksRuntime -Wl,-rpath,"$swiftlib" -pthread
# Logs: build/quality/<mode>-<scenario>.log. Exit status: the number of failures.
set -euo pipefail
mode="${1:-}" emulator="${2:-}" create="${3:-}" plugin="${4:-}" badinput="${5:-}" library="${6:-}"
async="$create"   # tsan: the third argument is TEST_ASYNC
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
logs="$root/build/quality"
mkdir -p "$logs"
export SWIFT_BACKTRACE=enable=no   # let the sanitizer, not Swift's backtracer, report a crash

case "$mode" in
    asan)
        export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:strict_string_checks=1:check_initialization_order=1:detect_invalid_pointer_pairs=0"
        export LSAN_OPTIONS="report_objects=1"
        run=""
        ;;
    valgrind)
        run="valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --track-fds=no --num-callers=30"
        ;;
    tsan)
        export TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1 history_size=4"
        run=""
        ;;
    *) echo "usage: $0 asan|valgrind EMULATOR CREATE_INSTANCE PLUGIN_HOST TEST_BAD_INPUT LIBRARY" >&2
       echo "       $0 tsan EMULATOR TEST_ASYNC" >&2; exit 64 ;;
esac

passed=0 failed=0
stamp="$(date +%s)-$$"

# scenario NAME EXPECTED_STATUS SHELL_SNIPPET: the snippet runs with $RUN (the tool
# prefix), OBB_ENDPOINT and the emulator's key in the environment, {endpoint} expanded.
scenario() {
    local name="$1" expected="$2" snippet="$3" log="$logs/$mode-$1.log" status=0
    RUN="$run" python3 "$root/bench/harness.py" --emulator "$emulator" --emulator-arg=--admin \
        --timeout 900 -- bash -c "$snippet" >"$log" 2>&1 || status=$?
    local problems=()
    [ "$status" = "$expected" ] || problems+=("exit status $status, expected $expected")
    if grep -qE "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (Address|Leak|Thread)Sanitizer|WARNING: ThreadSanitizer" "$log"; then
        problems+=("sanitizer report")
    fi
    local detail=""
    if [ "$mode" = valgrind ]; then
        local runs errors definite indirect possible
        runs=$(grep -c "ERROR SUMMARY:" "$log" || true)
        errors=$(grep -oE "ERROR SUMMARY: [0-9,]+ errors" "$log" | grep -vc "ERROR SUMMARY: 0 errors" || true)
        definite=$(grep -oE "definitely lost: [0-9,]+ bytes" "$log" | tr -d , | awk '{s += $3} END {print s + 0}')
        indirect=$(grep -oE "indirectly lost: [0-9,]+ bytes" "$log" | tr -d , | awk '{s += $3} END {print s + 0}')
        possible=$(grep -oE "possibly lost: [0-9,]+ bytes" "$log" | tr -d , | awk '{s += $3} END {print s + 0}')
        [ "$runs" -gt 0 ] || problems+=("no valgrind summary")
        [ "$errors" = 0 ] || problems+=("$errors runs with errors")
        [ "${definite:-0}" = 0 ] && [ "${indirect:-0}" = 0 ] || problems+=("leaks")
        detail=" [$runs processes; definitely lost ${definite:-0} B, indirectly lost ${indirect:-0} B, possibly lost ${possible:-0} B]"
    fi
    if ((${#problems[@]})); then
        failed=$((failed + 1))
        echo "FAIL $mode $name: ${problems[*]}$detail (log: ${log#$root/})"
        if grep -qE "ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer|(definitely|indirectly) lost in loss record|Invalid (read|write|free)|uninitialised" "$log"; then
            grep -E -A30 "ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer|(definitely|indirectly) lost in loss record|Invalid (read|write|free)|uninitialised" "$log" | head -120
        elif grep -q "^FAIL" "$log"; then
            grep "^FAIL" "$log" | head -20
        else
            tail -30 "$log"
        fi
    else
        passed=$((passed + 1))
        echo "ok   $mode $name$detail"
    fi
}

# arm NAME=VALUE...: a fault on the snippet's emulator (POST /_emulator/faults), e.g.
# arm action=ListInstances kind=delay count=5 delay_ms=2000 match.InstanceName=x
arm() {
    python3 - "$OBB_ENDPOINT" "$@" <<'PY'
import json, sys, urllib.error, urllib.request
body = {}
for item in sys.argv[2:]:
    name, _, value = item.partition("=")
    if name.startswith("match."):
        body.setdefault("match", {})[name[6:]] = value
    else:
        body[name] = int(value) if value.isdigit() else value
request = urllib.request.Request("http://%s/_emulator/faults" % sys.argv[1], json.dumps(body).encode(),
                                 {"Content-Type": "application/json"}, method="POST")
try:
    urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=10).read()
except urllib.error.HTTPError as error:
    sys.exit("arm %s: HTTP %d %s" % (" ".join(sys.argv[2:]), error.code, error.read().decode("utf-8", "replace")))
PY
}
export -f arm

if [ "$mode" = tsan ]; then
    scenario async-throughput 0 "\$RUN '$async' throughput 'sanitize-$mode-async-$stamp'"
    scenario async-cancel 0 "arm action=DescribeInstance kind=delay count=7 delay_ms=5000 && \$RUN '$async' cancel"
    scenario async-free 0 "arm action=ListInstances kind=delay count=1000 delay_ms=5000 &&
        \$RUN '$async' free 'sanitize-$mode-free-$stamp'"
    scenario async-chain 0 "arm action=DescribeInstance kind=delay count=1 delay_ms=5000 && \$RUN '$async' chain"
    scenario async-bad-input 0 "\$RUN '$async' bad-input"
    scenario async-options 0 "
        for n in 1 2 3 4 5; do arm action=ListInstances kind=internal_error match.PageSize=\$n || exit 1; done
        arm action=DescribeInstance kind=delay count=5 delay_ms=2000 && \$RUN '$async' options"
    scenario async-reconcile 0 "
        arm action=CreateInstance kind=error_after_performing match.InstanceName=sanitize-$mode-rec-$stamp-async &&
        arm action=CreateInstance kind=error_after_performing match.InstanceName=sanitize-$mode-rec-$stamp-blocking &&
        \$RUN '$async' reconcile 'sanitize-$mode-rec-$stamp'"
    echo "sanitize-c $mode: $passed passed, $failed failed"
    exit "$failed"
fi

scenario create-instance-v3 0 "\$RUN '$create' 'sanitize-$mode-v3-$stamp'"
scenario create-instance-v1-and-duplicate 0 "
    OBB_SIGNATURE_VERSION=v1 \$RUN '$create' 'sanitize-$mode-v1-$stamp' || exit \$?
    \$RUN '$create' 'sanitize-$mode-v1-$stamp'; s=\$?
    [ \$s = 6 ] || { echo \"duplicate: exit \$s, expected 6 (OBB_ERR_SERVICE)\"; exit 1; }"
scenario plugin-host 0 "\$RUN '$plugin' '$library' 3 'sanitize-$mode-plugin-$stamp'"
scenario test-bad-input-growth 0 "
    \$RUN '$badinput' --endpoint {endpoint} --repeat 1 || exit \$?
    \$RUN '$badinput' --endpoint {endpoint} --repeat 3"

echo "sanitize-c $mode: $passed passed, $failed failed"
exit "$failed"
