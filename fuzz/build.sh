#!/usr/bin/env bash
# Builds the libFuzzer targets into .build-fuzz/ with swiftc directly:
#   1. the PGDump library as a static module, instrumented (-sanitize=fuzzer,address);
#   2. one executable per fuzz/FuzzTarget<Name>.swift, linked with libFuzzer's main.
# Usage: fuzz/build.sh [TARGET...]   (default: all targets)
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFTC=${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}
OUT=.build-fuzz
mkdir -p "$OUT/lib"
CMODS=(-I Sources/CZlib -I Sources/CLZ4 -I Sources/CZstd -I Sources/CISAL)
FLAGS=(-sanitize=fuzzer,address -O -parse-as-library -g -package-name pgdmp)  # package-name: the fuzzers reach `package` internals
LIBS=(-lz -llz4 -lzstd -lisal)

# The library is rebuilt only when a source is newer than the archive.
LIB_SOURCES=$(find Sources/PGDump -name '*.swift' | sort)
if [[ ! -f "$OUT/lib/libPGDump.a" ]] || [[ -n $(find Sources/PGDump -name '*.swift' -newer "$OUT/lib/libPGDump.a") ]]; then
    echo "building instrumented PGDump library..."
    # shellcheck disable=SC2086
    "$SWIFTC" "${FLAGS[@]}" "${CMODS[@]}" -wmo -module-name PGDump -emit-library -static \
        -emit-module -emit-module-path "$OUT/lib/PGDump.swiftmodule" \
        -o "$OUT/lib/libPGDump.a" $LIB_SOURCES
fi

if [[ $# -gt 0 ]]; then TARGETS=("$@"); else
    TARGETS=(); for f in fuzz/FuzzTarget*.swift; do n=${f#fuzz/FuzzTarget}; TARGETS+=("${n%.swift}"); done
fi
for t in "${TARGETS[@]}"; do
    echo "building fuzz target $t..."
    "$SWIFTC" "${FLAGS[@]}" "${CMODS[@]}" -I "$OUT/lib" -module-name "Fuzz$t" \
        fuzz/FuzzCommon.swift "fuzz/FuzzTarget$t.swift" -L "$OUT/lib" -lPGDump "${LIBS[@]}" \
        -use-ld=lld -o "$OUT/fuzz-$t"
done
echo "built: ${TARGETS[*]} -> $OUT/fuzz-<target>"
