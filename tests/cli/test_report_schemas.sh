#!/usr/bin/env bash
# Validates the machine-readable reports against their schemas:
#   json  -> docs/report.schema.json (version 1 for one set, version 2 for named sets)
#   sarif -> GitHub's requirements (tests/tools/check_sarif_github.py: required properties,
#            locations, unique partialFingerprints) and the SARIF 2.1.0 schema in shared/
#   junit -> well-formed (xmllint), and shared/reference/schemas/junit.xsd with the `file`
#            attribute GitLab reads stripped first: a documented deviation from that schema.
# Renders come from the golden driver (`test_report_golden --render DIR`: hand-built runs,
# including a message with quotes, <, &, %, a newline, control characters and UTF-8), from
# `check` on EVERY samples/**/args set, and from the manifest samples/sets/plex-sets.yaml
# (one report over several sets). Only the shared/ checks are skipped (exit 77, after
# everything else passed) when $UHP_SHARED_DIR does not exist.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR, UHP_SHARED_DIR, UHP_BUILD_DIR.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_SOURCE_DIR:-}" ] || fail "UHP_SOURCE_DIR is not set (repository root)"
[ -n "${UHP_BUILD_DIR:-}" ] || fail "UHP_BUILD_DIR is not set (the CMake build folder)"
[ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ] || fail "UHP_BIN is not an executable (${UHP_BIN:-unset})"
DRIVER="$UHP_BUILD_DIR/tests/test_report_golden"
[ -x "$DRIVER" ] || fail "$DRIVER not built"
command -v xmllint > /dev/null || fail "xmllint not found (Debian package libxml2-utils)"

# A python3 with jsonschema: the Debian one first, then whatever is on PATH.
PY=""
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import jsonschema' 2> /dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || fail "no python3 with the jsonschema module (Debian package python3-jsonschema)"
TOOLS="$UHP_SOURCE_DIR/tests/tools"
SCHEMA="$UHP_SOURCE_DIR/docs/report.schema.json"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-schemas.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
"$DRIVER" --render "$TMP" || fail "the golden driver could not render"
CASES=(pass fail escape)
errors=0

# Reads samples/SET/args into the array ARGS.
read_args() {
    ARGS=()
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        [ -n "$line" ] && ARGS+=("$line")
    done < "$UHP_SOURCE_DIR/samples/$1/args"
}

# Runs check with the arguments after NAME, writing NAME.{json,sarif,junit}; a report must
# be written whatever the exit status (0, 1 or 2).
render_cli() {
    local name=$1; shift
    (cd "$UHP_SOURCE_DIR" && NO_COLOR=1 timeout 60 "$UHP_BIN" check "$@" \
        --format "json=$TMP/$name.json" --format "sarif=$TMP/$name.sarif" \
        --format "junit=$TMP/$name.junit" > /dev/null 2> "$TMP/$name.err")
    local rc=$?
    if [ "$rc" -ge 3 ] || [ ! -s "$TMP/$name.json" ] || [ ! -s "$TMP/$name.sarif" ] ||
        [ ! -s "$TMP/$name.junit" ]; then
        cat "$TMP/$name.err"
        echo "FAIL $name: exit $rc, or a report is missing"
        errors=$((errors + 1))
        return
    fi
    CASES+=("$name")
}

n_samples=0
while IFS= read -r args; do
    set=${args#"$UHP_SOURCE_DIR/samples/"}
    set=${set%/args}
    read_args "$set"
    n_samples=$((n_samples + 1))
    # A set that is a usage error (its expect says `usage`) writes no report by design.
    grep -q '^usage ' "$UHP_SOURCE_DIR/samples/$set/expect" 2>/dev/null && continue
    render_cli "cli-${set//\//-}" "${ARGS[@]}"
done < <(find "$UHP_SOURCE_DIR/samples" -name args -type f | sort)
[ "$n_samples" -ge 20 ] || fail "only $n_samples samples/**/args sets found"
render_cli manifest --manifest samples/sets/plex-sets.yaml
grep -q '"version": 2,' "$TMP/manifest.json" || fail "the manifest run did not write a version 2 json"

FILES=()
for c in "${CASES[@]}"; do FILES+=("$TMP/$c.json" "$TMP/$c.sarif"); done
"$PY" -W ignore "$TOOLS/validate_reports.py" --report-schema "$SCHEMA" "${FILES[@]}" ||
    { echo "FAIL json/sarif validation (above)"; errors=$((errors + 1)); }
for c in "${CASES[@]}"; do
    xmllint --noout "$TMP/$c.junit" 2> "$TMP/x.err" ||
        { cat "$TMP/x.err"; echo "FAIL $c.junit is not well-formed"; errors=$((errors + 1)); }
done

# The schema must reject what it should, in both versions.
"$PY" - "$TMP" << 'PYEOF' || fail "cannot build negatives"
import json, sys, os
d = sys.argv[1]
v1 = json.load(open(os.path.join(d, "fail.json")))
v2 = json.load(open(os.path.join(d, "manifest.json")))
def put(name, doc):
    json.dump(doc, open(os.path.join(d, name + ".json"), "w"))
put("bad1", dict(v1, version=2))                      # v1 body labelled version 2
bad = json.loads(json.dumps(v1)); del bad["findings"][0]["keyPath"]; put("bad2", bad)
put("bad3", dict(v2, version=1))                      # v2 body labelled version 1
bad = json.loads(json.dumps(v2)); del bad["sets"][0]["name"]; put("bad4", bad)
bad = json.loads(json.dumps(v2)); bad["sets"] = []; put("bad5", bad)
bad = json.loads(json.dumps(v2)); bad["sets"][0]["exitStatus"] = 3; put("bad6", bad)
PYEOF
for b in bad1 bad2 bad3 bad4 bad5 bad6; do
    if "$PY" -W ignore "$TOOLS/validate_reports.py" --report-schema "$SCHEMA" "$TMP/$b.json" \
        2> /dev/null; then
        echo "FAIL docs/report.schema.json accepts an invalid report ($b)"
        errors=$((errors + 1))
    fi
done

skipped=0
SHARED=${UHP_SHARED_DIR:-}
if [ -n "$SHARED" ] && [ -d "$SHARED/reference/schemas" ]; then
    SARIFS=()
    for c in "${CASES[@]}"; do
        SARIFS+=("$TMP/$c.sarif")
        sed 's/ file="[^"]*"//' "$TMP/$c.junit" > "$TMP/$c.stripped.xml"
        xmllint --noout --schema "$SHARED/reference/schemas/junit.xsd" "$TMP/$c.stripped.xml" \
            > "$TMP/x.out" 2>&1 ||
            { cat "$TMP/x.out"; echo "FAIL $c.junit against junit.xsd"; errors=$((errors + 1)); }
    done
    "$PY" -W ignore "$TOOLS/validate_reports.py" --report-schema "$SCHEMA" \
        --sarif-schema "$SHARED/reference/schemas/sarif-schema-2.1.0.json" "${SARIFS[@]}" ||
        { echo "FAIL SARIF against the SARIF 2.1.0 schema (above)"; errors=$((errors + 1)); }
else
    skipped=1
fi

[ "$errors" -eq 0 ] || fail "$errors report check(s) failed"
echo "ok: ${#CASES[@]} render(s) ($n_samples samples, the manifest, 3 hand-built) of json," \
     "sarif and junit validated"
if [ "$skipped" -eq 1 ]; then
    echo "SKIP: ${SHARED:-UHP_SHARED_DIR (unset)} does not exist: the SARIF 2.1.0 schema and" \
         "junit.xsd checks did not run (everything else passed)"
    exit 77
fi
exit 0
