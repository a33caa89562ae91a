#!/usr/bin/env bash
# Renders `--format markdown` reports with Python-Markdown (Debian's python3-markdown, the
# tables and fenced_code extensions) and checks the HTML (tests/tools/check_markdown.py):
# the checklist table has one row per rule and a cell per instance holding the status the
# json report gives, on
# - a config set written here whose instance id and UMS authType hold '|' and backtick runs:
#   the id stays inside its column header cell, the value inside the finding's text, and the
#   quoted line comes out whole in its code block (a fence longer than its backtick run);
# - samples/ha-ready, samples/fail/UHA105-ums-auth-mfa-jwt and the manifest
#   samples/sets/plex-sets.yaml (a table per set and the table of the sets);
# - the golden driver's hand-built runs, the escape case's message with quotes, <, &, a
#   newline and control characters shown as text, never as HTML or Markdown.
# A copy of a report with the escapes taken out must fail the checker, so the check can fail.
# Skipped (exit 77) with a message when no python3 has the markdown module.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR, UHP_BUILD_DIR.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ] || fail "UHP_BIN is not an executable (${UHP_BIN:-unset})"
[ -n "${UHP_SOURCE_DIR:-}" ] || fail "UHP_SOURCE_DIR is not set (repository root)"
[ -n "${UHP_BUILD_DIR:-}" ] || fail "UHP_BUILD_DIR is not set (the CMake build folder)"
PY=""
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import markdown' 2> /dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
    echo "SKIP: no python3 with the markdown module (Debian package python3-markdown)"
    exit 77
fi
CHECK="$UHP_SOURCE_DIR/tests/tools/check_markdown.py"
DRIVER="$UHP_BUILD_DIR/tests/test_report_golden"
[ -x "$DRIVER" ] || fail "$DRIVER not built"
cd "$UHP_SOURCE_DIR" || fail "cannot cd to $UHP_SOURCE_DIR"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-markdown.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
errors=0

# Runs check with the arguments after NAME, writing NAME.md and NAME.json; exit 0 or 1.
render() {
    local name=$1; shift
    timeout 60 "$UHP_BIN" check "$@" --format "markdown=$TMP/$name.md" \
        --format "json=$TMP/$name.json" > /dev/null 2> "$TMP/$name.err"
    local rc=$?
    if [ "$rc" -gt 1 ] || [ ! -s "$TMP/$name.md" ]; then
        cat "$TMP/$name.err"; echo "FAIL $name: exit $rc, or no report"; errors=$((errors + 1))
    fi
}

# Checks TMP/NAME.md against TMP/NAME.json with the checker options after NAME.
check() {
    local name=$1; shift
    "$PY" "$CHECK" "$TMP/$name.md" "$TMP/$name.json" "$@" ||
        { echo "FAIL $name: the rendered markdown is wrong"; errors=$((errors + 1)); }
}

# A set whose second instance id and UMS authType hold '|' and backtick runs.
ODD_ID='lp|a`r2``|'
ODD_VALUE='MFA|```x```|y'
mkdir "$TMP/odd"
cp samples/ha-ready/zowe.yaml samples/ha-ready/ZWEYAML.yaml samples/ha-ready/PROFILE.TCPIP \
    "$TMP/odd/" || fail "cannot copy samples/ha-ready"
sed -i 's/^  lpar2:$/  "lp|a`r2``|":/' "$TMP/odd/zowe.yaml"
sed -i 's/^      authType: MFA_JWT$/      authType: "MFA|```x```|y"/' "$TMP/odd/ZWEYAML.yaml"
grep -qF "\"$ODD_ID\":" "$TMP/odd/zowe.yaml" || fail "the odd instance id was not planted"
grep -qF "\"$ODD_VALUE\"" "$TMP/odd/ZWEYAML.yaml" || fail "the odd authType was not planted"
render odd -c "FILE($TMP/odd/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))" \
    --parmlib "IZP.PARMLIB=$TMP/odd" --dvipa umsha.plex1.example.com=10.10.1.100 \
    --tcpip "$TMP/odd/PROFILE.TCPIP"
"$PY" -c 'import json, sys; d = json.load(open(sys.argv[1]))
sys.exit(0 if sys.argv[2] in d["inputs"]["instances"] else 1)' "$TMP/odd.json" "$ODD_ID" ||
    fail "the json report does not name the instance '$ODD_ID'"
grep -q '^````$' "$TMP/odd.md" || fail "no four-backtick fence around a line with a triple backtick"
check odd --text "$ODD_VALUE" --text "$ODD_ID" \
    --code "      authType: \"$ODD_VALUE\""

# The escapes taken out of the table and the text: the checker must see the damage.
sed 's/\\|/|/g; s/\\`/`/g' "$TMP/odd.md" > "$TMP/broken.md"
cp "$TMP/odd.json" "$TMP/broken.json"
if "$PY" "$CHECK" "$TMP/broken.md" "$TMP/broken.json" --text "$ODD_VALUE" 2> "$TMP/broken.err"; then
    echo "FAIL the checker accepts a report whose '|' and backticks are not escaped"
    errors=$((errors + 1))
fi

# Samples (passing, failing) and the manifest of four sets.
read_args() {
    ARGS=()
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        [ -n "$line" ] && ARGS+=("$line")
    done < "samples/$1/args"
}
read_args ha-ready
render ha-ready "${ARGS[@]}"
check ha-ready
read_args fail/UHA105-ums-auth-mfa-jwt
render mfa "${ARGS[@]}"
check mfa --text "is 'STANDARD_JWT', not 'MFA_JWT'" \
    --code '      authType: STANDARD_JWT   # <- UHA105: UMS HA needs MFA_JWT (API ML SSO)'
render plex --manifest samples/sets/plex-sets.yaml
check plex --text "Set mfa-off (2 of 4)"

# The golden driver's hand-built runs: NAME.markdown and NAME.json.
mkdir "$TMP/driver" || fail "mkdir failed"
"$DRIVER" --render "$TMP/driver" || fail "the golden driver could not render"
for c in pass fail escape; do
    mv "$TMP/driver/$c.markdown" "$TMP/driver-$c.md" && cp "$TMP/driver/$c.json" "$TMP/driver-$c.json" ||
        fail "the golden driver wrote no $c.markdown"
done
check driver-pass
check driver-fail --text "reason: DVIPA rollout tracked in CHG0042"
check driver-escape --text 'say "hi" <b> & 50% done\nnext\x01 line\x1b[31m café 日: a, b' \
    --text 'use "MFA_JWT" & <retry>' --text 'dir, with: odd/zé 100%.yaml:2:13' \
    --code '  authType: "é<&>" # café'

[ "$errors" -eq 0 ] || fail "$errors markdown render check(s) failed"
echo "ok: markdown renders of a set with '|' and backticks, 2 samples, the manifest and 3 hand-built runs"
