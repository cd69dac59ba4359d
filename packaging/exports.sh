#!/bin/sh
# Print the functions include/outboundbot.h declares with OBB_EXTERN, one a line.
#   packaging/exports.sh HEADER              the names
#   packaging/exports.sh --version-script HEADER
#                                            a linker version script that exports
#                                            exactly those names and hides every
#                                            other symbol (Swift runtime, Swift core,
#                                            the curl shim)
# The header is the single source of truth for the ABI; nothing else lists it.
set -eu
mode=names
if [ "${1:-}" = "--version-script" ]; then mode=script; shift; fi
header=${1:?usage: exports.sh [--version-script] HEADER}

names=$(awk '
    /^OBB_EXTERN[ \t]/ { decl = ""; inside = 1 }
    inside {
        decl = decl " " $0
        if (index(decl, "(")) {
            sub(/\(.*/, "", decl)
            n = split(decl, part, /[^A-Za-z0-9_]+/)
            for (i = n; i > 0; i--) if (part[i] != "") { print part[i]; break }
            inside = 0
        }
    }' "$header")

[ -n "$names" ] || { echo "exports.sh: no OBB_EXTERN declaration in $header" >&2; exit 1; }

if [ "$mode" = names ]; then
    printf '%s\n' "$names"
else
    echo "/* Generated from $(basename "$header") by packaging/exports.sh: export the C ABI, hide the rest. */"
    echo "{"
    echo "  global:"
    printf '%s\n' "$names" | sed 's/.*/    &;/'
    echo "  local:"
    echo "    *;"
    echo "};"
fi
