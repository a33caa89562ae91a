#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (-fsanitize=fuzzer,address,undefined) against the
# core sources (src/**/*.c except main.c), without touching the project's CMake build.
#   fuzz/build.sh [OUT_DIR]         (default: build-fuzz beside fuzz/)
# UHP_FUZZ_SRC=DIR builds against another checkout of the sources (default: this one).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=${UHP_FUZZ_SRC:-$(dirname "$HERE")}
OUT=${1:-$(dirname "$HERE")/build-fuzz}
CC=${CC:-clang}
mkdir -p "$OUT/obj"
# The rule docs are embedded at build time, as the main build does it.
cmake -DDOCS_DIR="$ROOT/docs/rules" -DOUT="$OUT/rule_docs.c" -P "$ROOT/cmake/embed_docs.cmake"
# shellcheck disable=SC2054 # the commas belong to -fsanitize=
CFLAGS=(-std=c11 -g -O1 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L
        '-DUHP_VERSION="fuzz"' -fsanitize=fuzzer-no-link,address,undefined
        -fno-sanitize-recover=all -fno-omit-frame-pointer
        -I"$ROOT/include" -I"$ROOT/src")
# shellcheck disable=SC2207
PKG=($(pkg-config --cflags --libs yaml-0.1 libcyaml))
# The newest header: an object older than it is rebuilt too (a struct that grew in a header
# makes every object compiled before it wrong, and ASan then reports overflows that are not).
newest_h=$(find "$ROOT/include" "$ROOT/src" -name '*.h' -printf '%T@ %p\n' | sort -n | tail -1 | cut -d' ' -f2-)
objs=()
while IFS= read -r src; do
    obj="$OUT/obj/$(echo "${src#"$ROOT"/}" | tr / _).o"
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$newest_h" -nt "$obj" ]; then
        "$CC" "${CFLAGS[@]}" -c "$src" -o "$obj"
    fi
    objs+=("$obj")
done < <(find "$ROOT/src" -name '*.c' ! -path "$ROOT/src/main.c" | LC_ALL=C sort)
if [ ! -f "$OUT/obj/rule_docs.o" ] || ! cmp -s "$OUT/rule_docs.c" "$OUT/rule_docs.prev.c"; then
    "$CC" "${CFLAGS[@]}" -c "$OUT/rule_docs.c" -o "$OUT/obj/rule_docs.o"
    cp "$OUT/rule_docs.c" "$OUT/rule_docs.prev.c"
fi
objs+=("$OUT/obj/rule_docs.o")
# Stale objects of removed sources must not be linked: only those listed above are.
for h in loader check tcpip policy template schema; do
    [ -f "$HERE/fuzz_$h.c" ] || continue
    # Relink only when something is newer than the binary (it may be fuzzing right now).
    stale=0
    [ -x "$OUT/fuzz_$h" ] || stale=1
    for f in "$HERE/fuzz_$h.c" "${objs[@]}"; do
        [ "$f" -nt "$OUT/fuzz_$h" ] && stale=1 && break
    done
    [ "$stale" -eq 1 ] || { echo "up to date $OUT/fuzz_$h"; continue; }
    "$CC" "${CFLAGS[@]}" -fsanitize=fuzzer "$HERE/fuzz_$h.c" "${objs[@]}" "${PKG[@]}" \
        -o "$OUT/fuzz_$h"
    echo "built $OUT/fuzz_$h"
done
