#!/usr/bin/env bash
# The randomized differential test (issue 13): generated layered configurations
# (tests/tools/gen_layered.py) run through `ums-ha-preflight show --format json`, each HA
# instance's effective configuration compared with tests/tools/zowe_model.py, a model of
# Zowe's config manager written from Zowe's source (docs/zowe-model.md).
#
# UHP_DIFF_CASES (default 2000) and UHP_DIFF_SEED (default random, printed) choose the
# cases; a failure prints the seed, the case files and the first differing JSON path.
# Skips (77) while the binary has no `show` command, or without python3 and its yaml module.
#
# Environment (set by ctest): UHP_BIN (the binary), UHP_SOURCE_DIR (repository root).
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BIN:-}" ] || fail "UHP_BIN is not set (path of the ums-ha-preflight binary)"
[ -x "$UHP_BIN" ] || fail "UHP_BIN=$UHP_BIN is not an executable file"
[ -n "${UHP_SOURCE_DIR:-}" ] || fail "UHP_SOURCE_DIR is not set (repository root)"

if ! python3 -c 'import yaml' > /dev/null 2>&1; then
    echo "SKIP: the differential test needs python3 with its yaml module (python3-yaml)"
    exit 77
fi
if ! "$UHP_BIN" show --help > /dev/null 2>&1; then
    echo "SKIP: '$UHP_BIN show --help' fails: the binary has no 'show' command yet (issue 13);"
    echo "      the differential test compares its output with tests/tools/zowe_model.py"
    exit 77
fi
exec python3 "$UHP_SOURCE_DIR/tests/tools/diff_driver.py" --bin "$UHP_BIN"
