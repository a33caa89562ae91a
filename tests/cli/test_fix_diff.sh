#!/usr/bin/env bash
# The mechanical fixes end to end (tests/tools/fix_cases.py): every samples/fail set whose
# rule has a mechanical fix gets a patch that git apply and patch -p1 accept and that fixes
# only those findings; hostile inputs (CRLF, tabs in comments, flow style, continuation
# lines, no trailing newline) are patched byte for byte as expected; templates, EBCDIC,
# secrets and missing keys get no patch and a reason.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "${UHP_BIN:-}" ] || fail "UHP_BIN is not an executable file"
[ -n "${UHP_SOURCE_DIR:-}" ] || fail "UHP_SOURCE_DIR is not set"
command -v python3 > /dev/null || fail "no python3"
command -v git > /dev/null || fail "no git"
command -v patch > /dev/null || fail "no patch"
exec python3 "$UHP_SOURCE_DIR/tests/tools/fix_cases.py" "$UHP_BIN" "$UHP_SOURCE_DIR"
