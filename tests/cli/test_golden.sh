#!/usr/bin/env bash
# Compares `ums-ha-preflight check` output with tests/golden/cli/, byte for byte:
# - samples/ha-ready (passes) and samples/fail/UHA105-ums-auth-mfa-jwt (fails), one set
#   each, in every format: text, compact, json, sarif, junit, github, markdown, diff;
# - the manifest samples/sets/plex-sets.yaml (four named sets in one report) in every format,
#   as tests/golden/cli/plex-sets.<format> (markdown renders are reviewed by eye and by
#   tests/cli/test_markdown_render.sh).
# Normalisation: the tool's version string becomes @VERSION@; SARIF goes through
# tests/tools/normalise_sarif.py (the rule table, which embeds every rule's doc page, is
# emptied and each ruleIndex, checked first, set to 0: results, locations, regions and
# fingerprints stay pinned); junit runs with SOURCE_DATE_EPOCH=0 for a fixed timestamp.
# UHP_UPDATE_GOLDEN=1 rewrites the golden files after a deliberate change.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ] || fail "UHP_BIN is not an executable (${UHP_BIN:-unset})"
[ -n "${UHP_SOURCE_DIR:-}" ] || fail "UHP_SOURCE_DIR is not set (repository root)"
cd "$UHP_SOURCE_DIR" || fail "cannot cd to $UHP_SOURCE_DIR"
PY=""
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import json' 2> /dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || fail "no python3"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-golden.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
GOLDEN=tests/golden/cli
VERSION=$("$UHP_BIN" --version | awk '{print $NF}')
[ -n "$VERSION" ] || fail "cannot read the version from $UHP_BIN --version"
export NO_COLOR=1 SOURCE_DATE_EPOCH=0

errors=0 compared=0
# Compares one render: NAME (golden base name), FMT, then the check arguments.
compare() {
    local name=$1 fmt=$2; shift 2
    local got="$TMP/$name.$fmt"
    timeout 60 "$UHP_BIN" check "$@" --format "$fmt" > "$got.raw" 2> "$TMP/err"
    local rc=$?
    if [ "$rc" -gt 1 ]; then
        cat "$TMP/err"; echo "FAIL $name $fmt: exit $rc"; errors=$((errors + 1)); return
    fi
    if [ "$fmt" = sarif ]; then
        "$PY" tests/tools/normalise_sarif.py "$got.raw" "$got.norm" ||
            { echo "FAIL $name sarif: bad ruleIndex"; errors=$((errors + 1)); return; }
        mv "$got.norm" "$got.raw"
    fi
    # Only the version string is normalised (literal match, dots escaped).
    sed "s/${VERSION//./\\.}/@VERSION@/g" "$got.raw" > "$got"
    local want="$GOLDEN/$name.$fmt"
    if [ "${UHP_UPDATE_GOLDEN:-}" = 1 ]; then
        mkdir -p "$GOLDEN" && cp "$got" "$want" && echo "updated $want"
    fi
    if [ ! -f "$want" ]; then
        echo "FAIL $want missing (run with UHP_UPDATE_GOLDEN=1)"
        errors=$((errors + 1))
    elif ! cmp -s "$got" "$want"; then
        echo "FAIL $name --format $fmt differs from $want:"
        diff -u "$want" "$got" | head -40
        errors=$((errors + 1))
    fi
    compared=$((compared + 1))
}

FORMATS=(text compact json sarif junit github markdown diff)
for set in ha-ready fail/UHA105-ums-auth-mfa-jwt; do
    ARGS=()
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        [ -n "$line" ] && ARGS+=("$line")
    done < "samples/$set/args"
    for fmt in "${FORMATS[@]}"; do compare "${set##*/}" "$fmt" "${ARGS[@]}"; done
done
for fmt in "${FORMATS[@]}"; do
    compare plex-sets "$fmt" --manifest samples/sets/plex-sets.yaml
done
[ "$compared" -eq 24 ] || fail "compared $compared renders, expected 24"
# The SARIF goldens must pin what matters: fingerprints and regions are in them.
for g in UHA105-ums-auth-mfa-jwt plex-sets; do
    grep -q '"ruleFileKeyPathHash/v1": "[0-9a-f]\{16\}"' "$GOLDEN/$g.sarif" ||
        { echo "FAIL $GOLDEN/$g.sarif pins no fingerprint"; errors=$((errors + 1)); }
    grep -q '"startLine": [1-9]' "$GOLDEN/$g.sarif" ||
        { echo "FAIL $GOLDEN/$g.sarif pins no region"; errors=$((errors + 1)); }
done
[ "$errors" -eq 0 ] || fail "$errors of $compared golden comparisons failed"
echo "ok: $compared golden comparisons"
