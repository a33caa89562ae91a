#!/usr/bin/env bash
# Builds the project and runs the whole test suite (unit, command-line, golden, schemas).
# BUILD_DIR, CC and CMAKE_EXTRA may be set by the caller (.ci/run builds twice).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"
# shellcheck disable=SC2086
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Debug ${CMAKE_EXTRA:-} >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)"
