#!/usr/bin/env bash
# Installs what the test suite needs (nothing when it is there), builds the project with
# its tests (Debug) in BUILD_DIR (default build/, never the Quick start's build-release/)
# and runs the whole suite: unit, command-line, golden, schemas, package, CI recipes.
# BUILD_DIR, CC and CMAKE_EXTRA may be set by the caller (.ci/run builds three times);
# CTEST_ARGS adds ctest options (.ci/run's sanitizer run leaves out two tests of scripts);
# UHP_NO_INSTALL=1 skips the package check.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${UHP_NO_INSTALL:-0}" = 1 ] || ./scripts/install-deps.sh test
BUILD_DIR="${BUILD_DIR:-build}"
# shellcheck disable=SC2086
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Debug ${CMAKE_EXTRA:-} >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"
# shellcheck disable=SC2086
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" ${CTEST_ARGS:-}
