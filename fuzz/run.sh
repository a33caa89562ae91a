#!/usr/bin/env bash
# Builds the harnesses (fuzz/build.sh) and fuzzes each for SECONDS, one after the other, at
# low priority, with the committed seed corpus (fuzz/corpus/<harness>) copied to a work
# corpus so the repository only changes by hand. New crashes land in build-fuzz/artifacts/.
#   fuzz/run.sh SECONDS [HARNESS...]     (default: loader check tcpip policy template schema)
# JOBS=N runs N fuzzing processes per harness (default 1); MAX_LEN=BYTES the largest input
# (default 1 MiB: the bombs of issue 14 needed inputs of hundreds of kilobytes).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${UHP_FUZZ_OUT:-$(dirname "$HERE")/build-fuzz}
SECS=${1:?usage: fuzz/run.sh SECONDS [HARNESS...]}
shift
HARNESSES=("$@")
[ ${#HARNESSES[@]} -gt 0 ] || HARNESSES=(loader check tcpip policy template schema)
MAX_LEN=${MAX_LEN:-1048576}
JOBS=${JOBS:-1}
"$HERE/build.sh" "$OUT"
mkdir -p "$OUT/artifacts" "$OUT/logs"
for h in "${HARNESSES[@]}"; do
    [ -x "$OUT/fuzz_$h" ] || { echo "no harness fuzz_$h"; continue; }
    work="$OUT/corpus/$h"
    mkdir -p "$work"
    [ -d "$HERE/corpus/$h" ] && cp -n "$HERE/corpus/$h"/* "$work"/ 2>/dev/null || true
    dict=()
    [ -f "$HERE/$h.dict" ] && dict=(-dict="$HERE/$h.dict")
    par=()
    [ "$JOBS" -gt 1 ] && par=(-jobs="$JOBS" -workers="$JOBS")
    echo "fuzzing $h for ${SECS}s ($JOBS job(s)); log: $OUT/logs/$h.log"
    # A small quarantine: ASan's default (256 MB) makes every run fault in fresh pages.
    (cd "$OUT/logs" && ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16} \
        nice -n 15 "$OUT/fuzz_$h" "$work" "${dict[@]}" -max_total_time="$SECS" \
        -timeout=10 -rss_limit_mb=2048 -max_len="$MAX_LEN" -print_final_stats=1 \
        -artifact_prefix="$OUT/artifacts/$h-" "${par[@]}" \
        > "$OUT/logs/$h.log" 2>&1) || echo "fuzz_$h stopped with status $? (see the log)"
    grep -h -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' \
        "$OUT/logs/$h.log" "$OUT/logs"/fuzz-*.log 2>/dev/null | sed "s/^/$h /" || true
done
