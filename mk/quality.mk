# mk/quality.mk: measured, not assumed (issue 4). Included by the Makefile.
#
#   make bench             liboutboundbot vs raw libcurl vs the official Python SDK, one
#                          machine, one table, against a local nginx serving fixed answers;
#                          then the memory-growth figures (emulator); both go to
#                          BENCHMARKS.md (not CI)
#   make memcheck-growth   RSS after 1,000 / 100,000 calls on one client and after 10,000
#                          clients created and freed; fails if it is not flat (a leak bound)
#   make sanitize-thread   ThreadSanitizer: 8 threads sharing one client, with faults and timeouts;
#                          then sanitize-thread-async: async calls, cancellation, free with calls in flight
#   make sanitize-address  AddressSanitizer + LeakSanitizer on examples/c, examples/plugin-host
#                          and Tests/c/test_bad_input.c, with an ASan build of the library
#   make valgrind          valgrind memcheck on the same programs, built against build/dist
#   make sanitize          the three above
#   make fuzz              libFuzzer: the four targets in fuzz/, FUZZ_SECONDS each
#   make bench-profile     instructions per call by stage (callgrind), not CI
#   make bench-first-answer  dlopen to the first answer, in milliseconds, not CI
#   make bench-locks       a lock profile of 8 threads on one client (bench/lock_probe.c), not CI
#   make bench-emulator    the emulator's own CreateInstance throughput (wrk; 1 and 16
#                          keep-alive connections), not CI
#   make bench-json        instructions per parse and library size of each way to decode
#                          JSON (bench/json/README.md), not CI
#   make quality-ci        what CI runs after `make test`: sanitize, fuzz (60 s), memcheck-growth
#
# Scratch builds: .build-tsan, .build-asan (SwiftPM), build/fuzz, build/bench, build/quality.

BENCH_OUT    := build/bench
QUALITY_OUT  := build/quality
ASAN_OUT     := build/asan
FUZZ_SECONDS ?= 60
BENCH_ARGS   ?=
GROWTH_ARGS  ?=
# The toolchain's clang, so that the sanitizer runtimes match swiftc's.
TOOLCHAIN_CLANG ?= $(dir $(realpath $(shell command -v swiftc)))clang
TSAN_SCRATCH := .build-tsan
ASAN_SCRATCH := .build-asan
TSAN_FILTER  := ConcurrencyStressTests|EmulatorRoundTripTests
# The debug emulator (`make build` makes it; built here when missing).
EMULATOR_DEBUG = $(CURDIR)/.build/debug/outboundbot-emulator

.PHONY: bench bench-tools bench-first-answer bench-locks bench-profile bench-emulator clean-quality memcheck-growth sanitize sanitize-thread sanitize-thread-async sanitize-address valgrind \
        fuzz quality-ci emulator-debug

emulator-debug:
	$(SWIFT) build --product outboundbot-emulator

# ---- benchmark -------------------------------------------------------------------------

bench-tools: $(BENCH_OUT)/obb_bench $(BENCH_OUT)/curl_floor $(BENCH_OUT)/first_answer

$(BENCH_OUT)/first_answer: bench/first_answer.c $(HEADER)
	@mkdir -p $(@D)
	$(CC) -std=c99 -O2 $(C_WARN) -Iinclude -o $@ $< -ldl

# dlopen to the first answer, five times, against the debug emulator (not CI).
bench-first-answer: emulator-debug
	@test -f $(DIST_SO) || $(MAKE) --no-print-directory dist-lib
	$(MAKE) --no-print-directory $(BENCH_OUT)/first_answer
	@for i in 1 2 3 4 5; do $(PYTHON) bench/harness.py --emulator $(EMULATOR_DEBUG) -- \
	    $(BENCH_OUT)/first_answer $(CURDIR)/$(DIST_SO) {endpoint} || exit 1; done

$(BENCH_OUT)/lock_probe.so: bench/lock_probe.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -shared -fPIC $(C_WARN) -o $@ $< -ldl

# 8 threads on one client, every pthread mutex and curl_easy_perform watched
# (bench/lock_probe.c): is a lock ever held across a request? Not CI.
bench-locks: emulator-debug $(BENCH_OUT)/obb_bench $(BENCH_OUT)/lock_probe.so
	$(PYTHON) bench/harness.py --emulator $(EMULATOR_DEBUG) --emulator-arg=--skip-signature-check \
	    --emulator-arg=--concurrency-quota --emulator-arg=1125899906842624 -- \
	    env LD_PRELOAD=$(CURDIR)/$(BENCH_OUT)/lock_probe.so $(BENCH_OUT)/obb_bench --endpoint {endpoint} \
	    --threads 8 --calls 4000 --warmup 20 --prefix locks

$(BENCH_OUT)/obb_bench: bench/obb_bench.c bench/measure.h $(DIST_SO) $(HEADER)
	@mkdir -p $(@D)
	$(CC) -std=c99 -O2 -g $(C_WARN) $$($(PKG) --cflags outboundbot) -o $@ $< \
	    $$($(PKG) --libs outboundbot) $(DIST_RPATH) -pthread

$(BENCH_OUT)/curl_floor: bench/curl_floor.c bench/measure.h
	@mkdir -p $(@D)
	$(CC) -std=c99 -O2 -g $(C_WARN) $$($(PKG_CONFIG) --cflags libcurl) -o $@ $< \
	    $$($(PKG_CONFIG) --libs libcurl) -pthread

# The library as shipped (build/dist, release, stripped), against Debian's nginx serving
# fixed answers (bench/responder.py starts it on loopback and stops it). Then the
# memory-growth figures, against a release emulator built with the same flags in
# .build-dist (so the library itself is not rebuilt).
bench:
	$(MAKE) --no-print-directory deps
	$(MAKE) --no-print-directory dist-lib
	$(MAKE) --no-print-directory bench-tools
	$(PYTHON) bench/run_bench.py --obb-bench $(BENCH_OUT)/obb_bench --curl-floor $(BENCH_OUT)/curl_floor \
	    --update-doc BENCHMARKS.md --command "make bench$(if $(BENCH_ARGS), BENCH_ARGS='$(BENCH_ARGS)')" $(BENCH_ARGS)
	$(MAKE) --no-print-directory emulator-debug
	$(PYTHON) bench/run_growth.py --emulator $(EMULATOR_DEBUG) \
	    --obb-bench $(BENCH_OUT)/obb_bench --json $(BENCH_OUT)/growth.json --update-doc BENCHMARKS.md \
	    --command "make bench"

# ---- memory growth ---------------------------------------------------------------------

memcheck-growth: emulator-debug
	@test -f $(DIST_SO) || $(MAKE) --no-print-directory dist-lib
	$(MAKE) --no-print-directory $(BENCH_OUT)/obb_bench
	@mkdir -p $(QUALITY_OUT)
	$(PYTHON) bench/run_growth.py --emulator $(EMULATOR_DEBUG) --obb-bench $(BENCH_OUT)/obb_bench \
	    --json $(QUALITY_OUT)/growth.json $(GROWTH_ARGS)

# ---- sanitizers ------------------------------------------------------------------------

sanitize: sanitize-thread sanitize-address valgrind

# The whole package, tests included, built with -sanitize=thread (NIO and BoringSSL too:
# the emulator runs in the test process), then the 8-thread suites. Any report fails
# the run: swift test exits non-zero when ThreadSanitizer reported, and the log is
# checked as well.
sanitize-thread:
	@mkdir -p $(QUALITY_OUT)
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path $(TSAN_SCRATCH)
	TSAN_OPTIONS="second_deadlock_stack=1 history_size=4" \
	    SWIFT_BACKTRACE=enable=no \
	    $(SWIFT) test --skip-build --sanitize=thread --scratch-path $(TSAN_SCRATCH) \
	    --filter '$(TSAN_FILTER)' 2>&1 | tee $(QUALITY_OUT)/tsan.log
	@if grep -q "WARNING: ThreadSanitizer" $(QUALITY_OUT)/tsan.log; then \
	    echo "sanitize-thread: ThreadSanitizer reported (see $(QUALITY_OUT)/tsan.log)"; exit 1; fi
	@echo "sanitize-thread: no ThreadSanitizer report from the Swift suites"
	$(MAKE) --no-print-directory sanitize-thread-async

# Asynchronous calls, cancellation from other threads and obb_client_free with calls in
# flight (Tests/c/test_async.c), the C program and the library both under ThreadSanitizer.
# The toolchain's TSan runtime intercepts libdispatch: hence -ldispatch -lBlocksRuntime.
SWIFT_LINUX_LIB = $(dir $(realpath $(shell command -v swiftc)))../lib/swift/linux
sanitize-thread-async: emulator-debug
	@mkdir -p build/tsan
	$(SWIFT) build --sanitize=thread --scratch-path $(TSAN_SCRATCH) --product outboundbot
	$(TOOLCHAIN_CLANG) -std=c99 -g -O1 -fsanitize=thread -Iinclude -o build/tsan/test_async Tests/c/test_async.c \
	    -L$(CURDIR)/$(TSAN_SCRATCH)/debug -loutboundbot -Wl,-rpath,$(CURDIR)/$(TSAN_SCRATCH)/debug \
	    -L$(SWIFT_LINUX_LIB) -ldispatch -lBlocksRuntime -Wl,-rpath,$(SWIFT_LINUX_LIB) -pthread
	bash scripts/sanitize-c.sh tsan $(EMULATOR_DEBUG) build/tsan/test_async
	@echo "sanitize-thread-async: no ThreadSanitizer report"

# The library built with -sanitize=address (debug, linked -z nodelete as build/dist is),
# the C programs with the toolchain's clang -fsanitize=address.
ASAN_LIB := $(ASAN_SCRATCH)/debug/liboutboundbot.so
ASAN_CFLAGS := -std=c99 $(C_WARN) -g -O1 -fsanitize=address -fno-omit-frame-pointer -fuse-ld=lld -Iinclude
ASAN_LINK = -L$(CURDIR)/$(ASAN_SCRATCH)/debug -loutboundbot -Wl,-rpath,$(CURDIR)/$(ASAN_SCRATCH)/debug

sanitize-address: emulator-debug
	$(SWIFT) build --sanitize=address --scratch-path $(ASAN_SCRATCH) --product outboundbot \
	    -Xlinker -z -Xlinker nodelete
	@mkdir -p $(ASAN_OUT)
	$(TOOLCHAIN_CLANG) $(ASAN_CFLAGS) -o $(ASAN_OUT)/create_instance examples/c/create_instance.c $(ASAN_LINK)
	$(TOOLCHAIN_CLANG) $(ASAN_CFLAGS) -o $(ASAN_OUT)/test_bad_input Tests/c/test_bad_input.c $(ASAN_LINK)
	$(TOOLCHAIN_CLANG) $(ASAN_CFLAGS) -o $(ASAN_OUT)/plugin_host examples/plugin-host/plugin_host.c -ldl -pthread
	bash scripts/sanitize-c.sh asan $(EMULATOR_DEBUG) $(ASAN_OUT)/create_instance \
	    $(ASAN_OUT)/plugin_host $(ASAN_OUT)/test_bad_input $(CURDIR)/$(ASAN_LIB)

# The programs exactly as `make examples c-tests` builds them, against build/dist.
valgrind: emulator-debug
	$(MAKE) --no-print-directory $(EX_OUT)/c/create_instance $(EX_OUT)/plugin-host/plugin_host \
	    $(TEST_OUT)/test_bad_input
	bash scripts/sanitize-c.sh valgrind $(EMULATOR_DEBUG) $(EX_OUT)/c/create_instance \
	    $(EX_OUT)/plugin-host/plugin_host $(TEST_OUT)/test_bad_input $(CURDIR)/$(DIST)/lib/$(SONAME)

# ---- fuzzing ---------------------------------------------------------------------------

fuzz:
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

# ---- CI ----------------------------------------------------------------------------------

# Every step runs even when an earlier one failed; the last line counts them.
QUALITY_STEPS := sanitize-thread sanitize-address valgrind fuzz memcheck-growth
quality-ci:
	@mkdir -p $(QUALITY_OUT); passed=0; failed=0; failures=""; \
	for step in $(QUALITY_STEPS); do \
	    t0=$$(date +%s); \
	    if $(MAKE) --no-print-directory $$step FUZZ_SECONDS=$(FUZZ_SECONDS); then \
	        passed=$$((passed + 1)); r=ok; else failed=$$((failed + 1)); failures="$$failures $$step"; r=FAILED; fi; \
	    echo "quality-ci: $$step $$r in $$(( $$(date +%s) - t0 ))s" | tee -a $(QUALITY_OUT)/steps.log; \
	done; \
	if [ -n "$$failures" ]; then echo "quality-ci: failed:$$failures"; fi; \
	echo "quality: $$passed passed, $$failed failed"; \
	test $$failed = 0

# ---- profile -----------------------------------------------------------------------------

# Instructions per call by stage (callgrind), with the unstripped release library.
# PROFILE_BEFORE=path/to/an/older/unstripped/liboutboundbot.so adds a column to compare.
PROFILE_BEFORE ?=
PROFILE_ARGS   ?=
bench-profile:
	$(MAKE) --no-print-directory dist-lib
	$(MAKE) --no-print-directory bench-tools
	$(MAKE) --no-print-directory emulator-debug
	$(PYTHON) bench/profile.py --emulator $(EMULATOR_DEBUG) \
	    --obb-bench $(BENCH_OUT)/obb_bench --curl-floor $(BENCH_OUT)/curl_floor \
	    $(if $(PROFILE_BEFORE),--library before=$(PROFILE_BEFORE)) \
	    --library "now=$$($(SWIFT) build $(DIST_SWIFT_FLAGS) --show-bin-path)/liboutboundbot.so" $(PROFILE_ARGS)

# ---- the emulator's throughput --------------------------------------------------------------

# wrk from a second process against the same release emulator as `make bench`.
bench-emulator:
	@command -v wrk >/dev/null || { echo "bench-emulator needs wrk: apt-get install wrk" >&2; exit 2; }
	$(SWIFT) build -c release --product outboundbot-emulator
	bash scripts/bench-emulator.sh "$$($(SWIFT) build -c release --show-bin-path)/outboundbot-emulator"

# ---- JSON decoding ---------------------------------------------------------------------------

# The library's parser against JSONDecoder and Debian's C libraries: callgrind instructions
# per parse of two answers and bytes added to a static-stdlib .so; updates bench/json/README.md.
.PHONY: bench-json
bench-json:
	bash bench/json/run.sh --update-readme

# The sanitizer scratch builds, which `make clean` would otherwise leave behind.
clean: clean-quality
clean-quality:
	rm -rf $(TSAN_SCRATCH) $(ASAN_SCRATCH)
