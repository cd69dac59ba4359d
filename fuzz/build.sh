#!/usr/bin/env bash
# fuzz/build.sh: build the libFuzzer targets into build/fuzz/ (or $FUZZ_OUT).
#
#   fuzz/build.sh            every target
#   fuzz/build.sh NAME ...   only these (decode_response, c_entry_points, params_json,
#                            path_lookup)
#
# SwiftPM renames executable entry points, so (as DESIGN.md notes) the targets
# are built by calling swiftc and clang directly: the library's own sources,
# module by module, instrumented for coverage and AddressSanitizer
# (-sanitize=fuzzer,address), against the same system libcurl and libcrypto the
# package links. The toolchain's clang compiles the C parts so that its
# sanitizer runtimes match swiftc's. Release optimisation (-O), as shipped;
# overflow and bounds checks stay on in -O, so a trap is a finding.
#
# The module graph is not written down here: `swift package describe --type json`
# gives the library target's dependencies (system libraries, C targets, Swift
# targets, their paths and sources), and they are built in dependency order. A
# target added to Package.swift is picked up; a dependency on another package
# (this script builds only the package's own targets) stops the build with a message.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${FUZZ_OUT:-$ROOT/build/fuzz}"
SWIFTC="${SWIFTC:-$(command -v swiftc)}"
SWIFT="${SWIFT:-$(dirname "$SWIFTC")/swift}"
CLANG="${FUZZ_CLANG:-$(dirname "$(readlink -f "$SWIFTC")")/clang}"
# The product whose targets the fuzzers link: liboutboundbot.so's.
LIBRARY_TARGET="${FUZZ_LIBRARY_TARGET:-OutboundBotCABI}"
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(decode_response c_entry_points params_json path_lookup)

SAN=(-sanitize=fuzzer,address)
# lld, as the dist build uses: gold warns about every ASan symbol it cannot export.
LD=(-use-ld=lld)
CSAN=(-fsanitize=fuzzer-no-link,address -fno-omit-frame-pointer)
# SwiftPM gives every module of a package one package name, so `package`
# declarations are visible across them; the same here.
PACKAGE_NAME=liboutboundbot
OBJ="$OUT/obj"
MOD="$OUT/modules"
mkdir -p "$OBJ" "$MOD"

# LIBRARY_TARGET's dependency closure in build order, one target a line:
#   KIND NAME PATH [SOURCE ...]      KIND: system | clang | swift
GRAPH="$(cd "$ROOT" && "$SWIFT" package describe --type json | python3 -c '
import json, sys
root = sys.argv[1]
package = json.load(sys.stdin)
targets = {t["name"]: t for t in package["targets"]}
kinds = {"SystemLibraryTarget": "system", "ClangTarget": "clang", "SwiftTarget": "swift"}
order, seen = [], set()
def visit(name):
    if name in seen:
        return
    seen.add(name)
    target = targets[name]
    if target.get("product_dependencies"):
        sys.exit("fuzz/build.sh: %s depends on another package (%s); build it here first"
                 % (name, ", ".join(target["product_dependencies"])))
    for dependency in target.get("target_dependencies", []):
        visit(dependency)
    kind = kinds.get(target.get("module_type"))
    if kind is None:
        sys.exit("fuzz/build.sh: %s is a %s, which this script cannot build" % (name, target.get("module_type")))
    order.append(" ".join([kind, name, target["path"]] + sorted(target.get("sources", []))))
visit(root)
print("\n".join(order))
' "$LIBRARY_TARGET")"

INCLUDES=(-I "$MOD")
LIBRARY_OBJECTS=()
while read -r kind name path sources; do
    dir="$ROOT/$path"
    read -r -a files <<<"$sources"
    case "$kind" in
        system)
            # A system library target's directory holds its module map.
            INCLUDES+=(-I "$dir")
            ;;
        clang)
            # A C target: its include/ directory, with the module map SwiftPM would
            # generate when it ships none; its .c files compiled to one object each.
            if [ -f "$dir/include/module.modulemap" ]; then
                INCLUDES+=(-I "$dir/include")
            else
                mkdir -p "$MOD/$name"
                {
                    echo "module $name {"
                    for header in "$dir"/include/*.h; do echo "    header \"$header\""; done
                    echo "    export *"
                    echo "}"
                } > "$MOD/$name/module.modulemap"
                INCLUDES+=(-I "$MOD/$name")
            fi
            for file in "${files[@]}"; do
                [[ "$file" == *.c ]] || continue
                object="$OBJ/$name-$(basename "${file%.c}").o"
                echo "fuzz: compiling $name/$file" >&2
                "$CLANG" -O1 -g "${CSAN[@]}" -I "$dir/include" "${INCLUDES[@]}" -c "$dir/$file" -o "$object"
                LIBRARY_OBJECTS+=("$object")
            done
            ;;
        swift)
            # Swift 6 language mode (the package's tools version), testability so
            # the fuzz targets may reach internal types.
            echo "fuzz: compiling $name" >&2
            "$SWIFTC" -swift-version 6 -O -g "${SAN[@]}" -parse-as-library -enable-testing -wmo \
                -module-name "$name" -package-name "$PACKAGE_NAME" "${INCLUDES[@]}" \
                -emit-module -emit-module-path "$MOD/$name.swiftmodule" \
                -c -o "$OBJ/$name.o" "${files[@]/#/$dir/}"
            LIBRARY_OBJECTS+=("$OBJ/$name.o")
            ;;
    esac
done <<<"$GRAPH"
LINK=(-lcurl -lcrypto)

# A Swift fuzz target: one file, its own module, linked with the library's objects.
swift_target() {
    local name="$1" module="$2"
    "$SWIFTC" -swift-version 6 -O -g "${SAN[@]}" -parse-as-library -package-name "$PACKAGE_NAME" \
        "${INCLUDES[@]}" -module-name "$module" "$ROOT/fuzz/$name.swift" \
        "${LIBRARY_OBJECTS[@]}" "${LINK[@]}" "${LD[@]}" -o "$OUT/$name"
}

# A C fuzz target: through the public header only, as a host uses the library.
c_target() {
    local name="$1"
    "$CLANG" -std=c99 -Wall -Wextra -Werror -O1 -g "${CSAN[@]}" -I "$ROOT/include" \
        -c "$ROOT/fuzz/$name.c" -o "$OBJ/$name.o"
    "$SWIFTC" "${SAN[@]}" "$OBJ/$name.o" "${LIBRARY_OBJECTS[@]}" "${LINK[@]}" "${LD[@]}" -o "$OUT/$name"
}

for target in "${TARGETS[@]}"; do
    echo "fuzz: linking $target" >&2
    case "$target" in
        decode_response) swift_target decode_response FuzzDecodeResponse ;;
        path_lookup) swift_target path_lookup FuzzPathLookup ;;
        c_entry_points | params_json) c_target "$target" ;;
        *) echo "fuzz/build.sh: unknown target $target" >&2; exit 64 ;;
    esac
done
echo "fuzz: built ${TARGETS[*]} in $OUT" >&2
