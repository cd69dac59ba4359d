#!/usr/bin/env bash
# scripts/sanitize-c.sh: the C consumers under AddressSanitizer or valgrind memcheck.
#
#   scripts/sanitize-c.sh asan|valgrind EMULATOR CREATE_INSTANCE PLUGIN_HOST TEST_BAD_INPUT LIBRARY
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
# Logs: build/quality/<mode>-<scenario>.log. Exit status: the number of failures.
set -euo pipefail
mode="$1" emulator="$2" create="$3" plugin="$4" badinput="$5" library="$6"
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
    *) echo "usage: $0 asan|valgrind EMULATOR CREATE_INSTANCE PLUGIN_HOST TEST_BAD_INPUT LIBRARY" >&2; exit 64 ;;
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
    if grep -qE "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (Address|Leak)Sanitizer" "$log"; then
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
        if grep -qE "ERROR: (AddressSanitizer|LeakSanitizer)|(definitely|indirectly) lost in loss record|Invalid (read|write|free)|uninitialised" "$log"; then
            grep -E -A30 "ERROR: (AddressSanitizer|LeakSanitizer)|(definitely|indirectly) lost in loss record|Invalid (read|write|free)|uninitialised" "$log" | head -120
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
