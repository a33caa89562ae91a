#!/usr/bin/env bash
# Validates the machine-readable reports against their schemas:
#   json  -> docs/report.schema.json                       (python3 -m jsonschema)
#   sarif -> shared/reference/schemas/sarif-schema-2.1.0.json, and GitHub's own
#            requirements (tests/tools/check_sarif_github.py)
#   junit -> shared/reference/schemas/junit.xsd (xmllint), with the `file` attribute that
#            GitLab reads stripped first: a documented deviation from that schema.
# Renders come from the golden driver (`test_report_golden --render DIR`: hand-built runs,
# including a message with quotes, <, &, %, a newline, control characters and UTF-8) and,
# when the CLI can already run them, from `check` on samples/ha-ready and a failing sample.
# Only the shared/ checks are skipped (exit 77) when $UHP_SHARED_DIR does not exist.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR, UHP_SHARED_DIR, UHP_BUILD_DIR.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_SOURCE_DIR:-}" ] || fail "UHP_SOURCE_DIR is not set (repository root)"
[ -n "${UHP_BUILD_DIR:-}" ] || fail "UHP_BUILD_DIR is not set (the CMake build folder)"
DRIVER="$UHP_BUILD_DIR/tests/test_report_golden"
[ -x "$DRIVER" ] || fail "$DRIVER not built"
command -v xmllint > /dev/null || fail "xmllint not found (Debian package libxml2-utils)"

# A python3 with jsonschema: the Debian one first, then whatever is on PATH.
PY=""
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import jsonschema' 2> /dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || fail "no python3 with the jsonschema module (Debian package python3-jsonschema)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-schemas.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
"$DRIVER" --render "$TMP" || fail "the golden driver could not render"

# Validates INSTANCE against SCHEMA; prints the validator's complaint on failure.
validate_json() {
    "$PY" -W ignore -m jsonschema -i "$1" "$2" > "$TMP/v.out" 2>&1 ||
        { cat "$TMP/v.out" >&2; return 1; }
}

# Renders from the CLI: ha-ready and the UHA105 failing sample in json, sarif and junit.
CLI_CASES=()
if [ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ]; then
    for set in ha-ready fail/UHA105-ums-auth-mfa-jwt; do
        [ -f "$UHP_SOURCE_DIR/samples/$set/args" ] || continue
        ARGS=()
        while IFS= read -r line || [ -n "$line" ]; do
            line=${line%$'\r'}
            [ -n "$line" ] && ARGS+=("$line")
        done < "$UHP_SOURCE_DIR/samples/$set/args"
        name=cli-${set//\//-}
        (cd "$UHP_SOURCE_DIR" && NO_COLOR=1 timeout 60 "$UHP_BIN" check "${ARGS[@]}" \
            --format "json=$TMP/$name.json" --format "sarif=$TMP/$name.sarif" \
            --format "junit=$TMP/$name.junit" > /dev/null 2> "$TMP/$name.err")
        rc=$?
        if [ "$rc" -ge 3 ] || [ ! -s "$TMP/$name.json" ]; then
            echo "note: the CLI cannot render $set yet (exit $rc), checking the driver only"
            rm -f "$TMP/$name".*
            continue
        fi
        CLI_CASES+=("$name")
    done
fi

CASES=(pass fail escape "${CLI_CASES[@]}")
errors=0
for c in "${CASES[@]}"; do
    validate_json "$TMP/$c.json" "$UHP_SOURCE_DIR/docs/report.schema.json" ||
        { echo "FAIL $c.json against docs/report.schema.json"; errors=$((errors + 1)); }
    "$PY" "$UHP_SOURCE_DIR/tests/tools/check_sarif_github.py" "$TMP/$c.sarif" ||
        { echo "FAIL $c.sarif against GitHub's requirements"; errors=$((errors + 1)); }
    xmllint --noout "$TMP/$c.junit" 2> "$TMP/x.err" ||
        { cat "$TMP/x.err"; echo "FAIL $c.junit is not well-formed"; errors=$((errors + 1)); }
done

# The schema must reject what it should: a wrong version and a missing key.
"$PY" - "$TMP/fail.json" "$TMP/bad1.json" "$TMP/bad2.json" << 'PYEOF' || fail "cannot build negatives"
import json, sys
doc = json.load(open(sys.argv[1]))
bad = dict(doc, version=2)
json.dump(bad, open(sys.argv[2], "w"))
bad = json.loads(json.dumps(doc))
del bad["findings"][0]["keyPath"]
json.dump(bad, open(sys.argv[3], "w"))
PYEOF
for b in bad1 bad2; do
    if validate_json "$TMP/$b.json" "$UHP_SOURCE_DIR/docs/report.schema.json" 2> /dev/null; then
        echo "FAIL docs/report.schema.json accepts an invalid report ($b)"
        errors=$((errors + 1))
    fi
done

skipped=0
SHARED=${UHP_SHARED_DIR:-}
if [ -n "$SHARED" ] && [ -d "$SHARED/reference/schemas" ]; then
    for c in "${CASES[@]}"; do
        validate_json "$TMP/$c.sarif" "$SHARED/reference/schemas/sarif-schema-2.1.0.json" ||
            { echo "FAIL $c.sarif against the SARIF 2.1.0 schema"; errors=$((errors + 1)); }
        sed 's/ file="[^"]*"//' "$TMP/$c.junit" > "$TMP/$c.stripped.xml"
        xmllint --noout --schema "$SHARED/reference/schemas/junit.xsd" "$TMP/$c.stripped.xml" \
            > "$TMP/x.out" 2>&1 ||
            { cat "$TMP/x.out"; echo "FAIL $c.junit against junit.xsd"; errors=$((errors + 1)); }
    done
else
    skipped=1
fi

[ "$errors" -eq 0 ] || fail "$errors report(s) failed validation"
echo "ok: ${#CASES[@]} render(s) of json, sarif and junit validated"
if [ "$skipped" -eq 1 ]; then
    echo "SKIP: ${SHARED:-UHP_SHARED_DIR (unset)} does not exist: the SARIF 2.1.0 schema and" \
         "junit.xsd checks did not run (everything else passed)"
    exit 77
fi
exit 0
