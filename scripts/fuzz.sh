#!/usr/bin/env bash
# scripts/fuzz.sh: build the libFuzzer targets and run each for a bounded time.
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]      (default: 60 s, every target)
#
# The targets run side by side, at most FUZZ_JOBS at once (default: the number of
# cores), each with the committed seeds in fuzz/corpus/TARGET (read only), the
# dictionary fuzz/TARGET.dict when there is one, and a scratch corpus in
# build/fuzz/work/TARGET. Any crash, trap, AddressSanitizer report, leak
# (LeakSanitizer after each input that allocated more than it freed, and at exit;
# nothing is suppressed), input
# slower than 10 s or RSS above 2 GiB stops that target with a non-zero status
# and leaves the input in build/fuzz/artifacts/TARGET/; this script then fails.
# Reproduce with: build/fuzz/TARGET build/fuzz/artifacts/TARGET/<file>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(decode_response c_entry_points params_json path_lookup)
declare -A max_len=([decode_response]=65536 [c_entry_points]=8192 [params_json]=16384 [path_lookup]=65536)

bash "$root/fuzz/build.sh" "${targets[@]}"
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"

jobs="${FUZZ_JOBS:-$(nproc)}"
declare -A pid_of status_of
run_target() {
    local t="$1" dict=()
    [ -f "$root/fuzz/$t.dict" ] && dict=(-dict="$root/fuzz/$t.dict")
    mkdir -p "$root/build/fuzz/work/$t" "$root/build/fuzz/artifacts/$t"
    "$root/build/fuzz/$t" "$root/build/fuzz/work/$t" "$root/fuzz/corpus/$t" "${dict[@]}" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
        -max_len="${max_len[$t]:-8192}" -detect_leaks=1 -print_final_stats=1 \
        -artifact_prefix="$root/build/fuzz/artifacts/$t/" >"$root/build/fuzz/$t.log" 2>&1
}
# Waves of $jobs targets, so that each has a core for its SECONDS.
running=()
for t in "${targets[@]}"; do
    run_target "$t" &
    pid_of[$t]=$!
    running+=("$t")
    if [ ${#running[@]} -ge "$jobs" ]; then
        for r in "${running[@]}"; do
            status_of[$r]=0
            wait "${pid_of[$r]}" || status_of[$r]=$?
        done
        running=()
    fi
done
for r in "${running[@]}"; do
    status_of[$r]=0
    wait "${pid_of[$r]}" || status_of[$r]=$?
done

passed=0 failed=0
for t in "${targets[@]}"; do
    status="${status_of[$t]}"
    runs=$(grep -oE "^Done [0-9]+ runs in [0-9]+ second" "$root/build/fuzz/$t.log" | tail -n 1 || true)
    cov=$(grep -oE "cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*" "$root/build/fuzz/$t.log" | tail -n 1 || true)
    if [ "$status" = 0 ] && [ -n "$runs" ]; then
        passed=$((passed + 1))
        echo "ok   fuzz $t: ${runs}s; $cov"
    else
        failed=$((failed + 1))
        echo "FAIL fuzz $t: exit $status (log: build/fuzz/$t.log; inputs: build/fuzz/artifacts/$t/)"
        grep -E -A40 "==ERROR|ERROR: libFuzzer|Fatal error|SUMMARY|Test unit written" "$root/build/fuzz/$t.log" | head -80 \
            || tail -40 "$root/build/fuzz/$t.log"
    fi
done
echo "fuzz: $passed passed, $failed failed"
exit "$failed"
