#!/usr/bin/env bash
# fuzz/build.sh: build the libFuzzer targets into build/fuzz/ (or $FUZZ_OUT).
#
#   fuzz/build.sh            every target
#   fuzz/build.sh NAME ...   only these (decode_response, c_entry_points)
#
# SwiftPM renames executable entry points, so (as DESIGN.md notes) the targets
# are built by calling swiftc and clang directly: the library's own sources,
# module by module, instrumented for coverage and AddressSanitizer
# (-sanitize=fuzzer,address), against the same system libcurl and libcrypto the
# package links. The toolchain's clang compiles the C parts so that its
# sanitizer runtimes match swiftc's. Release optimisation (-O), as shipped;
# overflow and bounds checks stay on in -O, so a trap is a finding.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${FUZZ_OUT:-$ROOT/build/fuzz}"
SWIFTC="${SWIFTC:-$(command -v swiftc)}"
CLANG="${FUZZ_CLANG:-$(dirname "$(readlink -f "$SWIFTC")")/clang}"
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(decode_response c_entry_points)

SAN=(-sanitize=fuzzer,address)
# lld, as the dist build uses: gold warns about every ASan symbol it cannot export.
LD=(-use-ld=lld)
CSAN=(-fsanitize=fuzzer-no-link,address -fno-omit-frame-pointer)
OBJ="$OUT/obj"
MOD="$OUT/modules"
mkdir -p "$OBJ" "$MOD/CCurlShim"

# C modules, as Package.swift declares them. SwiftPM generates CCurlShim's module
# map; here it is written out.
cat > "$MOD/CCurlShim/module.modulemap" <<MAP
module CCurlShim {
    header "$ROOT/Sources/CCurlShim/include/CCurlShim.h"
    export *
}
MAP
INCLUDES=(-I "$ROOT/Sources/CLibcurl" -I "$ROOT/Sources/COpenSSLCrypto" -I "$MOD/CCurlShim"
          -I "$ROOT/Sources/COutboundBotHeader/include" -I "$MOD")

echo "fuzz: compiling the C shim" >&2
"$CLANG" -O1 -g "${CSAN[@]}" -I "$ROOT/Sources/CCurlShim/include" \
    -c "$ROOT/Sources/CCurlShim/CCurlShim.c" -o "$OBJ/CCurlShim.o"

# One Swift module of the package: NAME, its sources, the flags Package.swift implies
# (Swift 6 language mode), testability so the targets may reach internal types.
swift_module() {
    local name="$1"; shift
    echo "fuzz: compiling $name" >&2
    "$SWIFTC" -swift-version 6 -O -g "${SAN[@]}" -parse-as-library -enable-testing -wmo \
        -module-name "$name" "${INCLUDES[@]}" \
        -emit-module -emit-module-path "$MOD/$name.swiftmodule" \
        -c -o "$OBJ/$name.o" "$@"
}
mapfile -t SIGNER < <(find "$ROOT/Sources/OutboundBotSigner" -name '*.swift' | sort)
mapfile -t CORE < <(find "$ROOT/Sources/OutboundBot" -name '*.swift' | sort)
mapfile -t CABI < <(find "$ROOT/Sources/OutboundBotCABI" -name '*.swift' | sort)
swift_module OutboundBotSigner "${SIGNER[@]}"
swift_module OutboundBot "${CORE[@]}"
swift_module OutboundBotCABI "${CABI[@]}"
LIBRARY_OBJECTS=("$OBJ/CCurlShim.o" "$OBJ/OutboundBotSigner.o" "$OBJ/OutboundBot.o" "$OBJ/OutboundBotCABI.o")
LINK=(-lcurl -lcrypto)

for target in "${TARGETS[@]}"; do
    echo "fuzz: linking $target" >&2
    case "$target" in
        decode_response)
            "$SWIFTC" -swift-version 6 -O -g "${SAN[@]}" -parse-as-library "${INCLUDES[@]}" \
                -module-name FuzzDecodeResponse "$ROOT/fuzz/decode_response.swift" \
                "${LIBRARY_OBJECTS[@]}" "${LINK[@]}" "${LD[@]}" -o "$OUT/decode_response"
            ;;
        c_entry_points)
            "$CLANG" -std=c99 -Wall -Wextra -Werror -O1 -g "${CSAN[@]}" -I "$ROOT/include" \
                -c "$ROOT/fuzz/c_entry_points.c" -o "$OBJ/c_entry_points.o"
            "$SWIFTC" "${SAN[@]}" "$OBJ/c_entry_points.o" "${LIBRARY_OBJECTS[@]}" "${LINK[@]}" \
                "${LD[@]}" -o "$OUT/c_entry_points"
            ;;
        *) echo "fuzz/build.sh: unknown target $target" >&2; exit 64 ;;
    esac
done
echo "fuzz: built ${TARGETS[*]} in $OUT" >&2
