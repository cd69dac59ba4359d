#!/usr/bin/env bash
# bench/json/run.sh: what JSON decoding costs, per parse and in library size.
#
#   bash bench/json/run.sh [--update-readme]      (make bench-json)
#
# Builds one small library per way of decoding (release, Swift runtime linked
# statically, only the bench_* entry points exported, lld, --gc-sections,
# stripped: as `make dist` links liboutboundbot.so), each parsing bytes into the
# same JSONValue (Sources/OutboundBotJSON/JSONValue.swift):
#
#   none        JSONValue and its writer, no parser: the baseline for sizes
#   swift       the library's JSONParser (Sources/OutboundBotJSON)
#   foundation  JSONDecoder (FoundationEssentials) and a Decodable wrapper: the old code
#   jansson     libjansson 2.14 (json_loadb) + conversion: shared (Debian's), and static
#               built with -fPIC from the same release's source when JANSSON_SRC names
#               it (Debian's libjansson.a is not PIC and cannot go into a .so)
#   json-c      Debian's libjson-c 0.16 (strict tokener) + conversion; static (.a) and shared
#   cjson       Debian's libcjson 1.7.15 + conversion; shared only (Debian ships no .a)
#
# and two more for the response path as a whole (the envelope and CreateInstance's or
# ListInstances' fields read as the library reads them): JSONDecoder with the old
# KeyedDecodingContainer-based LenientFields, and today's LenientFields
# (Sources/OutboundBot/Response/LenientFields.swift) over a JSONIndex of the answer.
#
# checks that all give the same value for the two answers in fixtures/, then counts
# instructions with callgrind: a run parsing an answer 1,100 times minus a run
# parsing it 100 times, divided by 1,000 (start-up and first-use costs cancel out;
# the counts do not depend on the machine's load). "Size" is the stripped library minus
# the baseline; for a shared C library, the size of that library is listed as
# what it adds as a runtime dependency.
#
# Needs: swiftc (the toolchain's lld), cc, valgrind, and
#   apt-get install libjansson-dev libjson-c-dev libcjson-dev
# and, for static jansson, its source (default build/bench-json/jansson-src):
#   git clone --depth 1 --branch v2.14 https://github.com/akheron/jansson build/bench-json/jansson-src
# Scratch: build/bench-json. Not part of the package build; CI does not run it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/build/bench-json"
update_readme=0
[ "${1:-}" = "--update-readme" ] && update_readme=1
SWIFTC="${SWIFTC:-swiftc}"
CC="${CC:-cc}"
few=100
many=1100
multiarch="$($CC -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)"
syslib="/usr/lib/$multiarch"

for tool in "$SWIFTC" "$CC" valgrind strip; do
    command -v "$tool" >/dev/null || { echo "run.sh: needs $tool" >&2; exit 2; }
done
for header in jansson.h json-c/json.h cjson/cJSON.h; do
    [ -f "/usr/include/$header" ] || {
        echo "run.sh: needs /usr/include/$header: apt-get install libjansson-dev libjson-c-dev libcjson-dev" >&2
        exit 2
    }
done

mkdir -p "$out"
json="$root/Sources/OutboundBotJSON"
v="$here/variants"
core=("$json/JSONValue.swift" "$json/CaselessName.swift" "$v/Entry.swift")
parser=("$json/JSONParser.swift" "$json/JSONNumber.swift" "$json/JSONMemberOrder.swift" "$json/JSONIndex.swift")

# build NAME SOURCES... [-- LINK ARGUMENTS...]
build() {
    local name="$1"; shift
    local sources=() link=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do sources+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    link=("$@")
    "$SWIFTC" -O -module-name BenchJSON -package-name BenchJSON -parse-as-library -emit-library -static-stdlib -use-ld=lld \
        -Xlinker --gc-sections -Xlinker "--version-script=$here/${map:-exports.map}" \
        -o "$out/lib$name.so" "${sources[@]}" "${link[@]}" 2> "$out/$name.build.log" ||
        { cat "$out/$name.build.log" >&2; echo "run.sh: building $name failed" >&2; return 1; }
    strip --strip-all -o "$out/lib$name.stripped.so" "$out/lib$name.so"
}

# jansson as a PIC archive from its source, configured as Debian configures it on amd64.
jansson_src="${JANSSON_SRC:-$out/jansson-src}"
pic_jansson() {
    local dir="$out/jansson-pic" file
    rm -rf "$dir" && mkdir -p "$dir"
    sed -e 's/@json_inline@/inline/' -e 's/@json_have_long_long@/1/' -e 's/@json_have_localeconv@/1/' \
        -e 's/@json_have_atomic_builtins@/1/' -e 's/@json_have_sync_builtins@/1/' \
        "$jansson_src/src/jansson_config.h.in" > "$dir/jansson_config.h"
    printf '#define %s 1\n' HAVE_STDINT_H HAVE_INTTYPES_H HAVE_UNISTD_H HAVE_FCNTL_H HAVE_SYS_TIME_H \
        HAVE_SYS_TYPES_H HAVE_GETTIMEOFDAY HAVE_LOCALE_H HAVE_SETLOCALE HAVE_SCHED_H HAVE_SCHED_YIELD \
        USE_URANDOM HAVE_ATOMIC_BUILTINS HAVE_SYNC_BUILTINS > "$dir/jansson_private_config.h"
    echo '#define INITIAL_HASHTABLE_ORDER 3' >> "$dir/jansson_private_config.h"
    for file in "$jansson_src"/src/*.c; do
        "$CC" -O2 -fPIC -DHAVE_CONFIG_H -I"$dir" -I"$jansson_src/src" -c "$file" -o "$dir/$(basename "$file" .c).o"
    done
    ar rcs "$dir/libjansson.a" "$dir"/*.o
}

echo "building the variant libraries in $out ..." >&2
build none "${core[@]}" "$v/NoParser.swift" "$v/None.swift"
build swift "${core[@]}" "${parser[@]}" "$v/Swift.swift"
build foundation "${core[@]}" "$v/NoParser.swift" "$v/FoundationDecoder.swift"
static_jansson=0
if [ -f "$jansson_src/src/jansson_config.h.in" ]; then
    pic_jansson
    build jansson "${core[@]}" "$v/NoParser.swift" "$v/SortedMembers.swift" "$v/Jansson.swift" \
        -I "$here/c/jansson" -- "$out/jansson-pic/libjansson.a" && static_jansson=1
else
    echo "run.sh: no jansson source in $jansson_src: static jansson skipped" >&2
fi
build jansson-shared "${core[@]}" "$v/NoParser.swift" "$v/SortedMembers.swift" "$v/Jansson.swift" \
    -I "$here/c/jansson" -- -ljansson
static_jsonc=0
build json-c "${core[@]}" "$v/NoParser.swift" "$v/SortedMembers.swift" "$v/JSONC.swift" \
    -I "$here/c/jsonc" -- "$syslib/libjson-c.a" && static_jsonc=1 ||
    echo "run.sh: Debian's libjson-c.a does not link into a shared library: static json-c skipped" >&2
build json-c-shared "${core[@]}" "$v/NoParser.swift" "$v/SortedMembers.swift" "$v/JSONC.swift" \
    -I "$here/c/jsonc" -- -ljson-c
build cjson-shared "${core[@]}" "$v/NoParser.swift" "$v/SortedMembers.swift" "$v/CJSON.swift" \
    -I "$here/c/cjson" -- -lcjson
map=answer-exports.map build answer-swift "${core[@]}" "${parser[@]}" "$v/Swift.swift" \
    "$root/Sources/OutboundBot/Response/LenientFields.swift" "$v/ReadAnswer.swift" "$v/ReadAnswerSwift.swift"
map=answer-exports.map build answer-foundation "${core[@]}" "$v/NoParser.swift" "$v/FoundationDecoder.swift" \
    "$v/ReadAnswer.swift" "$v/ReadAnswerFoundation.swift"
"$CC" -std=c99 -O2 -Wall -Wextra -o "$out/driver" "$here/driver.c" -ldl

variants=(swift foundation)
[ "$static_jansson" = 1 ] && variants+=(jansson)
variants+=(jansson-shared)
[ "$static_jsonc" = 1 ] && variants+=(json-c)
variants+=(json-c-shared cjson-shared)
declare -A runtime_dep=([jansson-shared]=libjansson.so.4 [json-c-shared]=libjson-c.so.5 [cjson-shared]=libcjson.so.1)
fixtures=(create_instance list_instances)

# The same value from every variant, for both answers.
for fixture in "${fixtures[@]}"; do
    "$out/driver" "$out/libswift.stripped.so" "$here/fixtures/$fixture.json" dump > "$out/$fixture.swift.txt"
    for variant in "${variants[@]}"; do
        "$out/driver" "$out/lib$variant.stripped.so" "$here/fixtures/$fixture.json" dump > "$out/$fixture.$variant.txt"
        cmp -s "$out/$fixture.swift.txt" "$out/$fixture.$variant.txt" ||
            { echo "run.sh: $variant parses $fixture.json differently (see $out/$fixture.*.txt)" >&2; exit 1; }
    done
done

# Both response paths find the same fields.
for fixture in "${fixtures[@]}"; do
    a=$("$out/driver" "$out/libanswer-swift.stripped.so" "$here/fixtures/$fixture.json" fields)
    b=$("$out/driver" "$out/libanswer-foundation.stripped.so" "$here/fixtures/$fixture.json" fields)
    [ "$a" = "$b" ] && [ "$a" -gt 0 ] ||
        { echo "run.sh: the response paths read $a and $b fields of $fixture.json" >&2; exit 1; }
done

# Instructions of a whole run of the driver.
instructions() { # library fixture count [answer]
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$out/driver" "$1" "$here/fixtures/$2.json" "$3" ${4:-} 2>&1 |
        sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p'
}
per_parse() { # library fixture [answer]
    local a b
    a=$(instructions "$1" "$2" "$few" ${3:-})
    b=$(instructions "$1" "$2" "$many" ${3:-})
    echo $(( (b - a) / (many - few) ))
}

size_of() { stat -c %s "$1"; }
base_size=$(size_of "$out/libnone.stripped.so")
sizes() { # variant -> "added" and "runtime dependency" columns
    local added=$(( $(size_of "$out/lib$1.stripped.so") - base_size ))
    local dep="${runtime_dep[$1]:-}"
    if [ -n "$dep" ]; then
        printf '%s | %s (%s)' "$added" "$(size_of "$(readlink -f "$syslib/$dep")")" "$dep"
    else
        printf '%s | none' "$added"
    fi
}

label() {
    case "$1" in
        swift) echo "Swift JSONParser (this library)" ;;
        foundation) echo "FoundationEssentials JSONDecoder (before)" ;;
        jansson) echo "jansson 2.14, static (-fPIC from source)" ;;
        jansson-shared) echo "jansson 2.14, shared" ;;
        json-c) echo "json-c 0.16, static" ;;
        json-c-shared) echo "json-c 0.16, shared" ;;
        cjson-shared) echo "cJSON 1.7.15, shared" ;;
    esac
}

echo "counting instructions (callgrind, $many and $few parses per answer) ..." >&2
table="| decoder | CreateInstance ($(size_of "$here/fixtures/create_instance.json") B), instr/parse | ListInstances ($(size_of "$here/fixtures/list_instances.json") B), instr/parse | bytes added to the stripped .so | runtime dependency |
|---|---:|---:|---:|---|"
for variant in "${variants[@]}"; do
    row="| $(label "$variant")"
    for fixture in "${fixtures[@]}"; do
        row="$row | $(per_parse "$out/lib$variant.stripped.so" "$fixture")"
    done
    table="$table
$row | $(sizes "$variant") |"
done
table="$table

Reading an answer as the library does (parse, envelope, the action's fields):

| response path | CreateInstance, instr/answer | ListInstances, instr/answer |
|---|---:|---:|"
for variant in foundation swift; do
    case "$variant" in
        foundation) row="| JSONDecoder + KeyedDecodingContainer LenientFields (before)" ;;
        swift) row="| JSONIndex + LenientFields over the index (now)" ;;
    esac
    for fixture in "${fixtures[@]}"; do
        row="$row | $(per_parse "$out/libanswer-$variant.stripped.so" "$fixture" answer)"
    done
    table="$table
$row |"
done
table="$table

Baseline library (JSONValue and its writer, no parser): $base_size bytes stripped.
$(valgrind --version), $("$SWIFTC" --version 2>&1 | head -n 1)."

echo "$table"
if [ "$update_readme" = 1 ]; then
    python3 - "$here/README.md" "$table" <<'PY'
import re, sys
path, table = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
block = "<!-- json-bench:begin -->\n" + table + "\n<!-- json-bench:end -->"
new, count = re.subn(r"<!-- json-bench:begin -->.*?<!-- json-bench:end -->", lambda m: block, text, flags=re.S)
if count != 1:
    sys.exit("README.md has no json-bench markers")
open(path, "w", encoding="utf-8").write(new)
PY
    echo "updated $here/README.md" >&2
fi
