#!/usr/bin/env bash
# SARIF partialFingerprints through the CLI:
# 1. stable when lines move: a failing sample is copied twice into temp folders (same
#    relative paths), comment lines are inserted at the top of every YAML file of the
#    second copy, and both runs must give the same fingerprints per rule while the
#    findings' startLine moved down by exactly the inserted count;
# 2. in a run of named sets the set name enters the fingerprint: the same sample checked as
#    two sets gives two disjoint fingerprint lists, each the same from run to run, and
#    different from the single-set fingerprints.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ] || fail "UHP_BIN is not an executable (${UHP_BIN:-unset})"
[ -n "${UHP_SOURCE_DIR:-}" ] || fail "UHP_SOURCE_DIR is not set (repository root)"
command -v python3 > /dev/null || fail "python3 not found"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-fp.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT

# Prints "ruleId fingerprint startLine" per result of the SARIF file $1, sorted.
fingerprints() {
    python3 - "$1" << 'PYEOF'
import json, sys
doc = json.load(open(sys.argv[1]))
for r in doc["runs"][0]["results"]:
    line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
    print(r["ruleId"], r["partialFingerprints"]["ruleFileKeyPathHash/v1"], line)
PYEOF
}

errors=0
INSERTED=7
for set in fail/UHA105-ums-auth-mfa-jwt fail/UHA108-ha-instance-id fail/UHA007-value-type; do
    for copy in a b; do
        mkdir -p "$TMP/$copy/samples/${set%/*}"
        cp -r "$UHP_SOURCE_DIR/samples/$set" "$TMP/$copy/samples/$set"
    done
    for y in "$TMP/b/samples/$set"/*.yaml; do
        { for _ in $(seq "$INSERTED"); do echo "# a comment line added above everything"; done
          cat "$y"; } > "$y.new" && mv "$y.new" "$y"
    done
    for copy in a b; do
        (cd "$TMP/$copy" && xargs -d '\n' -a "samples/$set/args" "$UHP_BIN" check \
            --format "sarif=$TMP/$copy.sarif" > /dev/null 2>&1)
        [ -s "$TMP/$copy.sarif" ] || fail "$set: no SARIF from copy $copy"
    done
    fingerprints "$TMP/a.sarif" > "$TMP/a.fp"
    fingerprints "$TMP/b.sarif" > "$TMP/b.fp"
    [ -s "$TMP/a.fp" ] || { echo "FAIL $set: no results to compare"; errors=$((errors + 1)); continue; }
    if ! cmp -s <(cut -d' ' -f1,2 "$TMP/a.fp") <(cut -d' ' -f1,2 "$TMP/b.fp"); then
        echo "FAIL $set: fingerprints changed when $INSERTED lines were inserted above:"
        diff "$TMP/a.fp" "$TMP/b.fp"
        errors=$((errors + 1))
    fi
    # the regions did move (so the comparison above is not vacuous)
    moved=$(paste -d' ' "$TMP/a.fp" "$TMP/b.fp" |
        awk -v n="$INSERTED" '$3 > 1 && $6 == $3 + n {m++} END {print m + 0}')
    [ "$moved" -gt 0 ] || { echo "FAIL $set: no startLine moved by $INSERTED"; errors=$((errors + 1)); }
    rm -f "$TMP"/a.sarif "$TMP"/b.sarif
done

# 2. named sets
cd "$UHP_SOURCE_DIR" || fail "cannot cd to $UHP_SOURCE_DIR"
S=fail/UHA105-ums-auth-mfa-jwt
mapfile -t ARGS < "samples/$S/args"
"$UHP_BIN" check "${ARGS[@]}" --format "sarif=$TMP/single.sarif" > /dev/null 2>&1
for i in 1 2; do
    "$UHP_BIN" check --set east "${ARGS[@]}" --set west "${ARGS[@]}" \
        --format "sarif=$TMP/sets$i.sarif" > /dev/null 2>&1
    [ -s "$TMP/sets$i.sarif" ] || fail "no SARIF from the two-set run"
done
fingerprints "$TMP/single.sarif" | cut -d' ' -f2 | sort > "$TMP/single.fp"
fingerprints "$TMP/sets1.sarif" | cut -d' ' -f2 > "$TMP/sets1.fp"
fingerprints "$TMP/sets2.sarif" | cut -d' ' -f2 > "$TMP/sets2.fp"
n_single=$(wc -l < "$TMP/single.fp")
[ "$n_single" -gt 0 ] || fail "the single-set run has no results"
[ "$(wc -l < "$TMP/sets1.fp")" -eq $((2 * n_single)) ] ||
    { echo "FAIL two sets should give twice the results of one"; errors=$((errors + 1)); }
[ "$(sort -u "$TMP/sets1.fp" | wc -l)" -eq $((2 * n_single)) ] ||
    { echo "FAIL fingerprints repeat across sets east and west"; errors=$((errors + 1)); }
cmp -s "$TMP/sets1.fp" "$TMP/sets2.fp" ||
    { echo "FAIL named-set fingerprints differ between two identical runs"; errors=$((errors + 1)); }
[ -z "$(sort "$TMP/sets1.fp" | comm -12 - "$TMP/single.fp")" ] ||
    { echo "FAIL a named set shares fingerprints with the single-set run"; errors=$((errors + 1)); }
grep -q '"set": "west"' "$TMP/sets1.sarif" ||
    { echo "FAIL results do not carry their set in properties"; errors=$((errors + 1)); }

[ "$errors" -eq 0 ] || fail "$errors fingerprint check(s) failed"
echo "ok: fingerprints stable across inserted lines and distinct per set"
