#!/usr/bin/env bash
# Compares `ums-ha-preflight check` output on two sample sets (samples/ha-ready, which
# passes, and samples/fail/UHA105-ums-auth-mfa-jwt) in every stable format with
# tests/golden/cli/<set>.<format>, byte for byte. The only normalisation: the tool's
# version string becomes @VERSION@. SARIF is not compared here (its rule table embeds every
# rule's doc page; tests/cli/test_report_schemas.sh checks it), junit runs with
# SOURCE_DATE_EPOCH=0 for a fixed timestamp.
# UHP_UPDATE_GOLDEN=1 rewrites the golden files after a deliberate change.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ] || fail "UHP_BIN is not an executable (${UHP_BIN:-unset})"
[ -n "${UHP_SOURCE_DIR:-}" ] || fail "UHP_SOURCE_DIR is not set (repository root)"
cd "$UHP_SOURCE_DIR" || fail "cannot cd to $UHP_SOURCE_DIR"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-golden.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
GOLDEN=tests/golden/cli
VERSION=$("$UHP_BIN" --version | awk '{print $NF}')
[ -n "$VERSION" ] || fail "cannot read the version from $UHP_BIN --version"
export NO_COLOR=1 SOURCE_DATE_EPOCH=0

errors=0 compared=0
for set in ha-ready fail/UHA105-ums-auth-mfa-jwt; do
    ARGS=()
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        [ -n "$line" ] && ARGS+=("$line")
    done < "samples/$set/args"
    name=${set##*/}
    for fmt in text compact json junit github; do
        got="$TMP/$name.$fmt"
        timeout 60 "$UHP_BIN" check "${ARGS[@]}" --format "$fmt" > "$got.raw" 2> "$TMP/err"
        rc=$?
        [ "$rc" -le 1 ] || { cat "$TMP/err"; echo "FAIL $set $fmt: exit $rc"; errors=$((errors + 1)); continue; }
        # Only the version string is normalised (literal match, dots escaped).
        sed "s/${VERSION//./\\.}/@VERSION@/g" "$got.raw" > "$got"
        want="$GOLDEN/$name.$fmt"
        if [ "${UHP_UPDATE_GOLDEN:-}" = 1 ]; then
            mkdir -p "$GOLDEN" && cp "$got" "$want" && echo "updated $want"
        fi
        if [ ! -f "$want" ]; then
            echo "FAIL $want missing (run with UHP_UPDATE_GOLDEN=1)"
            errors=$((errors + 1))
        elif ! cmp -s "$got" "$want"; then
            echo "FAIL $set --format $fmt differs from $want:"
            diff -u "$want" "$got" | head -40
            errors=$((errors + 1))
        fi
        compared=$((compared + 1))
    done
done
[ "$errors" -eq 0 ] || fail "$errors of $compared golden comparisons failed"
echo "ok: $compared golden comparisons"
