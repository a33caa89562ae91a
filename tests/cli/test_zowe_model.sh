#!/usr/bin/env bash
# Checks the differential test's own parts, without the binary: the hand-written cases of
# tests/tools/zowe_model.py (each expected value derived from Zowe's code), and that
# tests/tools/diff_driver.py agrees with a stand-in answering from the model and reports
# a mismatch for stand-ins with two known Zowe-fidelity bugs.
#
# Environment (set by ctest): UHP_SOURCE_DIR (repository root).
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_SOURCE_DIR:-}" ] || fail "UHP_SOURCE_DIR is not set (repository root)"
if ! python3 -c 'import yaml' > /dev/null 2>&1; then
    echo "SKIP: the model's tests need python3 with its yaml module (python3-yaml)"
    exit 77
fi
T="$UHP_SOURCE_DIR/tests/tools"
OUT=$(mktemp "${TMPDIR:-/tmp}/uhp-model.XXXXXX") || fail "mktemp failed"
trap 'rm -f "$OUT"' EXIT

python3 "$T/test_zowe_model.py" || fail "the model's hand-written cases"

# Fixed seeds: the stand-ins are slow (one Python start per case), so few cases.
python3 "$T/diff_driver.py" --bin "$T/fake_show.py" --cases 12 --seed 5 > "$OUT" 2>&1 ||
    { cat "$OUT"; fail "the driver reports a mismatch against the model itself"; }
grep -q '^12 cases, 0 mismatches, 0 not modelled' "$OUT" || { cat "$OUT"; fail "driver summary"; }
echo "ok   the driver agrees with a stand-in that answers from the model"

for bug in arrays per-instance; do
    if FAKE_SHOW_BUG=$bug python3 "$T/diff_driver.py" --bin "$T/fake_show.py" --cases 40 \
        --seed 11 --max-mismatches 1 > "$OUT" 2>&1; then
        cat "$OUT"; fail "the driver missed the planted '$bug' bug"
    fi
    grep -q '^MISMATCH seed=11 case=[0-9]*: instance .*first difference at \$' "$OUT" ||
        { cat "$OUT"; fail "the '$bug' mismatch report lacks the seed, case or path"; }
    grep -q '^  --- defaults.yaml' "$OUT" || { cat "$OUT"; fail "the report lacks the case files"; }
    echo "ok   the driver reports the planted '$bug' bug"
done
