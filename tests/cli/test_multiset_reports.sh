#!/usr/bin/env bash
# One run over many config sets writes one report per format:
# 1. 19 copies of samples/ha-ready and 1 failing copy as 20 --set groups, written at once to
#    text, sarif, junit and json files: exit 1 (the worst set), every file complete and valid
#    (SARIF: GitHub's requirements and the 2.1.0 schema; junit: junit.xsd with `file`
#    stripped; json: version 2 of docs/report.schema.json), the text's last line the sum;
# 2. the same plus a set whose config cannot be read: exit 2, reports still written;
# 3. a message holding quotes, <, &, %, a newline, a control character and UTF-8 (an
#    haInstances id the UHA108 message quotes) comes out valid in every format, and still
#    one line per finding in text, compact and github.
# The shared/ schema checks are skipped (exit 77 after the rest passed) without shared/.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR, UHP_SHARED_DIR.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ] || fail "UHP_BIN is not an executable (${UHP_BIN:-unset})"
[ -n "${UHP_SOURCE_DIR:-}" ] || fail "UHP_SOURCE_DIR is not set (repository root)"
command -v xmllint > /dev/null || fail "xmllint not found (Debian package libxml2-utils)"
PY=""
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import jsonschema' 2> /dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || fail "no python3 with the jsonschema module"
TOOLS="$UHP_SOURCE_DIR/tests/tools"
SCHEMA="$UHP_SOURCE_DIR/docs/report.schema.json"
SCHEMAS=${UHP_SHARED_DIR:-/nonexistent}/reference/schemas
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-multi.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || fail "cannot cd to $TMP"
export NO_COLOR=1
errors=0
shared=1
[ -d "$SCHEMAS" ] || shared=0

# The options of one set whose files are in folder DIR (a copy of a sample).
set_args() {
    SET_ARGS=(-c "FILE($1/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))" --parmlib "IZP.PARMLIB=$1")
}

# Validates the reports OUT.{sarif,xml,json}; the text OUT.txt must end with the sum of the
# per-set counts lines and name N sets.
check_reports() {
    local out=$1 n=$2
    for f in "$out.txt" "$out.sarif" "$out.xml" "$out.json"; do
        [ -s "$f" ] || { echo "FAIL $f was not written"; errors=$((errors + 1)); return; }
    done
    local v=("$PY" -W ignore "$TOOLS/validate_reports.py" --report-schema "$SCHEMA")
    [ "$shared" -eq 1 ] && v+=(--sarif-schema "$SCHEMAS/sarif-schema-2.1.0.json")
    "${v[@]}" "$out.sarif" "$out.json" || { echo "FAIL $out: sarif/json invalid"; errors=$((errors + 1)); }
    grep -q '"version": 2,' "$out.json" || { echo "FAIL $out.json is not version 2"; errors=$((errors + 1)); }
    xmllint --noout "$out.xml" || { echo "FAIL $out.xml not well-formed"; errors=$((errors + 1)); }
    if [ "$shared" -eq 1 ]; then
        sed 's/ file="[^"]*"//' "$out.xml" > "$out.stripped.xml"
        xmllint --noout --schema "$SCHEMAS/junit.xsd" "$out.stripped.xml" 2> "$out.xsd" ||
            { cat "$out.xsd"; echo "FAIL $out.xml against junit.xsd"; errors=$((errors + 1)); }
    fi
    [ "$(grep -c '<testsuite ' "$out.xml")" -eq "$n" ] ||
        { echo "FAIL $out.xml: expected $n testsuites"; errors=$((errors + 1)); }
    [ "$(grep -c '^=== set ' "$out.txt")" -eq "$n" ] ||
        { echo "FAIL $out.txt: expected $n set sections"; errors=$((errors + 1)); }
    [ "$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"]))' "$out.sarif")" = 1 ] ||
        { echo "FAIL $out.sarif: expected one run"; errors=$((errors + 1)); }
    local want
    want=$(grep -E '^set .*: [0-9]+ passed, [0-9]+ failed, [0-9]+ warnings?$' "$out.txt" |
        sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) warnings?$/\1 \2 \3/' |
        awk '{p+=$1; f+=$2; w+=$3; n++} END {printf "%d passed, %d failed, %d warning%s/%d", p, f, w, w == 1 ? "" : "s", n}')
    [ "$(tail -n 1 "$out.txt")/$n" = "$want" ] ||
        { echo "FAIL $out.txt last line '$(tail -n 1 "$out.txt")' is not the sum ($want)"; errors=$((errors + 1)); }
}

# 1. 19 ready copies + 1 failing copy
ALL=(--dvipa umsha.plex1.example.com=10.10.1.100)
for i in $(seq -w 1 19); do
    cp -r "$UHP_SOURCE_DIR/samples/ha-ready" "ready$i"
    set_args "ready$i"
    ALL+=(--set "ready$i" "${SET_ARGS[@]}" --tcpip "ready$i/PROFILE.TCPIP")
done
cp -r "$UHP_SOURCE_DIR/samples/fail/UHA105-ums-auth-mfa-jwt" failing
set_args failing
ALL+=(--set failing "${SET_ARGS[@]}")
"$UHP_BIN" check "${ALL[@]}" --format text=r1.txt --format sarif=r1.sarif \
    --format junit=r1.xml --format json=r1.json > r1.out 2> r1.err
rc=$?
[ "$rc" -eq 1 ] || { cat r1.err; echo "FAIL 19 ready + 1 failing: exit $rc, expected 1"; errors=$((errors + 1)); }
[ ! -s r1.out ] || { echo "FAIL reports to files wrote to stdout too"; errors=$((errors + 1)); }
check_reports r1 20
grep -q '"set": "failing"' r1.sarif || { echo "FAIL r1.sarif: result without its set"; errors=$((errors + 1)); }
grep -q '^  FAIL   failing ' r1.txt || { echo "FAIL r1.txt: sets table lacks the failing set"; errors=$((errors + 1)); }

# 2. plus an unreadable set: exit 2, reports still written
"$UHP_BIN" check "${ALL[@]}" --set gone -c "FILE(nowhere/zowe.yaml)" \
    --format text=r2.txt --format sarif=r2.sarif --format junit=r2.xml --format json=r2.json \
    > /dev/null 2> r2.err
rc=$?
[ "$rc" -eq 2 ] || { cat r2.err; echo "FAIL + unreadable set: exit $rc, expected 2"; errors=$((errors + 1)); }
check_reports r2 21
grep -q '"exitStatus": 2,' r2.json || { echo "FAIL r2.json lacks exitStatus 2"; errors=$((errors + 1)); }

# 3. every character that needs escaping, through a real finding
cp -r "$UHP_SOURCE_DIR/samples/ha-ready" nasty
sed -i 's/^  lpar2:$/  "Q\\"<\&>%\\n\\x01\\u00e9":/' nasty/zowe.yaml
grep -q '"Q\\"<&>%\\n\\x01\\u00e9":' nasty/zowe.yaml || fail "could not plant the nasty id"
set_args nasty
NASTY=(--dvipa umsha.plex1.example.com=10.10.1.100 --set 'nasty "<&>%' "${SET_ARGS[@]}")
"$UHP_BIN" check "${NASTY[@]}" --format text=n.txt --format sarif=n.sarif --format junit=n.xml \
    --format json=n.json --format compact=n.compact --format github=n.github > /dev/null 2>&1
rc=$?
[ "$rc" -eq 1 ] || { echo "FAIL nasty id: exit $rc, expected 1"; errors=$((errors + 1)); }
check_reports n 1
"$PY" - n.json n.sarif << 'PYEOF' || { echo "FAIL nasty text did not survive json/sarif"; errors=$((errors + 1)); }
import json, sys
want = 'Q"<&>%\n\x01\u00e9'
doc = json.load(open(sys.argv[1]))
msgs = [f["message"] for s in doc["sets"] for f in s["findings"] if f["ruleId"] == "UHA108"]
assert any(want in m for m in msgs), msgs
sarif = json.load(open(sys.argv[2]))
assert any(want in r["message"]["text"] for r in sarif["runs"][0]["results"])
PYEOF
for f in n.compact n.github; do
    [ "$(grep -c 'UHA108' "$f")" -eq 1 ] || { echo "FAIL $f: the UHA108 finding is not one line"; errors=$((errors + 1)); }
    if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$f"; then
        echo "FAIL $f holds a raw control character"; errors=$((errors + 1))
    fi
done
grep -q "HA instance id 'Q\"<&>%\\\\n\\\\x01é'" n.compact ||
    { echo "FAIL n.compact does not show the id escaped"; errors=$((errors + 1)); }
grep -q "id 'Q\"<&>%25%0A\\\\x01é'" n.github ||
    { echo "FAIL n.github does not escape the id GitHub's way"; errors=$((errors + 1)); }
grep -q '&lt;&amp;&gt;%&#10;' n.xml || grep -q '&lt;&amp;&gt;%' n.xml ||
    { echo "FAIL n.xml does not escape the id"; errors=$((errors + 1)); }
if LC_ALL=C grep -q $'[\x01-\x08\x0b\x0c\x0e-\x1f]' n.xml n.txt; then
    echo "FAIL a raw control character reached junit or text"; errors=$((errors + 1))
fi

[ "$errors" -eq 0 ] || fail "$errors multi-set check(s) failed"
echo "ok: 20 and 21 sets in one run, three formats at once, exit 1 and 2; escaping in every format"
if [ "$shared" -eq 0 ]; then
    echo "SKIP: $SCHEMAS does not exist: the SARIF schema and junit.xsd checks did not run"
    exit 77
fi
exit 0
