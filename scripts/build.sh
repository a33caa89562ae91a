#!/usr/bin/env bash
# Builds the tool alone (Release, no tests) in BUILD_DIR (default build-release/), after
# installing what building and running need. The build log goes to BUILD_DIR/build.log;
# on success the binary's path is the only output, on failure the end of the log.
# Used by the Quick start, the GitHub Action and the CI recipes.
#
#   scripts/build.sh [BUILD_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD_DIR="${1:-$ROOT/build-release}"
"$ROOT/scripts/install-deps.sh" run
mkdir -p "$BUILD_DIR"
LOG="$BUILD_DIR/build.log"
if ! { cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DUHP_TESTS=OFF &&
    cmake --build "$BUILD_DIR" -j "$(nproc)"; } > "$LOG" 2>&1; then
    tail -n 30 "$LOG" >&2
    echo "build failed: the whole log is $LOG" >&2
    exit 1
fi
echo "$BUILD_DIR/ums-ha-preflight"
