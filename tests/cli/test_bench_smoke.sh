#!/usr/bin/env bash
# Keeps the benchmark generator from rotting: runs bench/gen.py at a small size and the
# built tool on what it wrote, and checks that every input loads (exit 0 or 1: findings
# are fine, an input or usage error (2) or an internal error (3) is not). Times nothing
# and builds nothing; the benchmarks themselves are bench/run.sh (docs/performance.md).
#
# Environment (set by ctest): UHP_BIN (the binary), UHP_SOURCE_DIR (repository root).
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ] || fail "UHP_BIN is not an executable file"
[ -n "${UHP_SOURCE_DIR:-}" ] || fail "UHP_SOURCE_DIR is not set (repository root)"
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 77; }
GEN=$UHP_SOURCE_DIR/bench/gen.py
[ -f "$GEN" ] || fail "no $GEN"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-bench-smoke.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
TIMEOUT=${UHP_TEST_TIMEOUT:-60}

python3 "$GEN" big --out "$TMP/big" --size 300000 --instances 6 2>/dev/null ||
    fail "gen.py big failed"
python3 "$GEN" sets --out "$TMP/sets" --count 12 2>/dev/null || fail "gen.py sets failed"

# Deterministic: the same arguments give the same bytes.
python3 "$GEN" sets --out "$TMP/sets2" --count 12 2>/dev/null || fail "gen.py sets (again) failed"
diff -r "$TMP/sets" "$TMP/sets2" >/dev/null || fail "gen.py sets is not deterministic"
[ "$(wc -c <"$TMP/big/zowe.yaml")" -ge 300000 ] || fail "gen.py big wrote less than --size"

# exit status of the tool, run in DIR with ARGS
run_in() {
    local dir=$1
    shift
    (cd "$dir" && timeout "$TIMEOUT" "$UHP_BIN" check "$@" --format compact >"$TMP/out" 2>"$TMP/err")
}

mapfile -t ARGS <"$TMP/big/args"
run_in "$TMP/big" "${ARGS[@]}"
rc=$?
[ "$rc" -le 1 ] || fail "big config: exit $rc (want 0 or 1): $(head -c 600 "$TMP/err" "$TMP/out")"

run_in "$TMP/sets" --manifest manifest.yaml
rc=$?
[ "$rc" -le 1 ] || fail "manifest of 12 sets: exit $rc (want 0 or 1): $(head -c 600 "$TMP/err" "$TMP/out")"
grep -q 'UHA00[1-4]' "$TMP/out" && fail "a generated set has an input finding: $(grep -m1 'UHA00[1-4]' "$TMP/out")"
echo "ok: bench/gen.py output loads (big: 6 instances, sets: 12 sets)"
exit 0
