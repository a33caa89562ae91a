#!/usr/bin/env bash
# UHA011 zowe-schema: --zowe-runtime with Zowe's own schemas, read from ../shared (never
# shipped) and arranged as a runtime directory in a temporary folder. The violations of
# example-zowe.yaml and of every reference configuration are pinned; a differential test
# against Python's jsonschema runs on them and on generated mutations; a bad runtime or a
# hostile schema is a located error with exit status 2; without --zowe-runtime nothing
# changes.
set -u
: "${UHP_BIN:?UHP_BIN must name the binary}"
: "${UHP_SOURCE_DIR:?UHP_SOURCE_DIR must name the source tree}"
SHARED=${UHP_SHARED_DIR:-$UHP_SOURCE_DIR/../shared}
REF=$SHARED/reference/zowe
if [ ! -f "$REF/zowe-yaml-schema.json" ]; then
    echo "SKIP: $REF is absent: Zowe's schemas are not shipped with the project"
    exit 77
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-zschema.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*"
}

# A runtime directory as zwe sees it: schemas/ and components/<id>/manifest.yaml with the
# files its schemas.configs lists. The api-layer manifests in the source repositories carry
# build placeholders ({{build.number}}) that the build fills in; here they become plain text.
make_runtime() {
    local rt=$1
    mkdir -p "$rt/schemas" "$rt/components"
    cp "$REF/zowe-yaml-schema.json" "$REF/server-common.json" "$rt/schemas/"
    for c in app-server zss; do
        mkdir -p "$rt/components/$c/schemas"
        cp "$REF/components/$c/"*.json "$rt/components/$c/schemas/"
    done
    sed 's/{{\([a-zA-Z.]*\)}}/\1/g' "$REF/components/app-server/manifest.yaml" \
        >"$rt/components/app-server/manifest.yaml"
    sed 's/{{\([a-zA-Z.]*\)}}/\1/g' "$REF/components/zss/manifest.template.yaml" \
        >"$rt/components/zss/manifest.yaml"
    local api=$REF/components/api-layer
    for pair in gateway:gateway:gateway discovery:discovery:discovery zaas:zaas:zaas \
        caching-service:caching-service:caching api-catalog:api-catalog:catalog; do
        IFS=: read -r id man schema <<<"$pair"
        mkdir -p "$rt/components/$id"
        sed 's/{{\([a-zA-Z.]*\)}}/\1/g' "$api/$man-manifest.yaml" >"$rt/components/$id/manifest.yaml"
        cp "$api/$schema-schema.json" "$rt/components/$id/"
    done
}
RT=$TMP/runtime
make_runtime "$RT"
B=$UHP_BIN
DEF=$REF/defaults.yaml

# --- pinned violations of the reference configurations (each over Zowe's defaults.yaml) ---
# file|dotted paths UHA011 reports (sorted), "none" for none
pins() {
    cat <<'EOF'
zowe/example-zowe.yaml|java.home node.home zowe.runtimeDirectory
real-world/zeditor01-ZWEYAML.yaml|none
real-world/zeditor01-zowe.yaml|none
real-world/zowe-zlux-server-framework-yaml_templates_and_ha.yaml|components.app-server.node.mediationLayer.enabled
real-world/zowe-zowe-common-c-bigyaml.yaml|zowe.setup.dataset.authLoadlib zowe.setup.vsam.storageClass
real-world/zowe-zowe-install-packaging-2021-example-zowe-ha.yaml|components.app-server.certificate components.zss.certificate zowe.setup.mvs zowe.setup.security.stcs.xmem zowe.setup.security.users.aux zowe.setup.security.users.xmem zowe.setup.vsam.storageClass
real-world/zowe-zowe-install-packaging-defaults.yaml|none
real-world/zowe-zowe-install-packaging-kustomization-sample-zowe.yaml|none
real-world/zowe-zowe-install-packaging-tools-full-zowe.yaml|zowe.certificate
real-world/zowe-zowe-install-packaging-tools-ha-instances-zowe.yaml|none
real-world/zowe-zowe-install-packaging-tools-multiple-hosts-result.yaml|none
EOF
}
# The UHA011 findings of one check, as dotted paths (a repeated item as its array). What
# UHA006, UHA007, UHA009, UHA107 and UHA305 already report (quoted ports, unknown zowe.*
# keys, an instance's missing or mistyped sysname) UHA011 leaves out; the differential test
# below counts those too.
uha011_paths() {
    "$B" check --no-policy --zowe-runtime "$RT" --defaults "$DEF" --format json "$1" |
        python3 -c '
import json, re, sys
d = json.load(sys.stdin)
out = set()
for f in d["findings"]:
    if f["ruleId"] == "UHA011":
        m = f["message"]
        p = m.split(" ", 1)[0]
        out.add(re.sub(r"\[\d+\]$", "", p) if "(uniqueItems at " in m else p)
print(" ".join(sorted(out)) or "none")'
}
n_pinned=0
while IFS='|' read -r file want; do
    n_pinned=$((n_pinned + 1))
    got=$(uha011_paths "$SHARED/reference/$file")
    if [ "$got" = "$want" ]; then ok; else bad "$file: UHA011 reports [$got], pinned [$want]"; fi
done < <(pins)
# every reference configuration is pinned
n_files=$(find "$SHARED/reference/real-world" -name '*.yaml' | wc -l)
[ "$n_pinned" -eq $((n_files + 1)) ] && ok || bad "$n_files real-world files, $((n_pinned - 1)) pinned"

# --- one finding in full: where, what, the schema's words ---
out=$("$B" check --no-policy --zowe-runtime "$RT" --defaults "$DEF" --format compact \
    "$REF/example-zowe.yaml")
exp="$REF/example-zowe.yaml:281:21: error: zowe.runtimeDirectory must be at least 1 characters long (minLength at server-common.json:67, Zowe's base schema); the schema says: \"Path to where you installed Zowe.\": zwe refuses to start with this configuration [UHA011]"
if grep -qxF "$exp" <<<"$out"; then ok; else bad "example-zowe.yaml finding: $(grep UHA011 <<<"$out" | head -1)"; fi

# --- the node that decided the value: a higher layer, an instance override ---
cat >"$TMP/top.yaml" <<'EOF'
zowe:
  runtimeDirectory: /usr/lpp/zowe
  setup:
    dataset:
      prefix: 5
  externalPort: 99999
java:
  home: /java
node:
  home: /node
haInstances:
  lpara:
    hostname: a.example.com
    sysname: 42
components:
  caching-service:
    enabled: true
    port: 80
EOF
json=$("$B" check --no-policy --zowe-runtime "$RT" --defaults "$DEF" --format json "$TMP/top.yaml")
check_finding() { # rule path line col
    python3 -c '
import json, sys
d = json.loads(sys.argv[1]); rule, path, line, col = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
hits = [f for f in d["findings"] if f["ruleId"] == rule and (f["message"].startswith(path + " ") or f.get("keyPath") == path)]
ok = any(f["line"] == line and f["column"] == col for f in hits)
sys.exit(0 if ok else 1)' "$json" "$@"
}
check_finding UHA011 zowe.setup.dataset.prefix 5 15 && ok || bad "prefix not at top.yaml:5:15"
# an instance's sysname of the wrong type: UHA107 says it, UHA011 does not repeat it
check_finding UHA107 haInstances.lpara.sysname 14 14 && ok || bad "UHA107 lost the sysname type"
if check_finding UHA011 haInstances.lpara.sysname 14 14; then bad "sysname reported twice"; else ok; fi
# a component's own schema (caching-service: port 1024..65535), the component enabled
check_finding UHA011 components.caching-service.port 18 11 && ok || bad "caching-service port not at top.yaml:18:11"
# zowe.externalPort 99999: UHA007 reports it, UHA011 does not repeat it
check_finding UHA007 zowe.externalPort 6 17 && ok || bad "UHA007 lost zowe.externalPort"
if check_finding UHA011 zowe.externalPort 6 17; then bad "zowe.externalPort reported twice"; else ok; fi
# a disabled component's schema is not applied
sed 's/enabled: true/enabled: false/' "$TMP/top.yaml" >"$TMP/off.yaml"
"$B" check --no-policy --zowe-runtime "$RT" --defaults "$DEF" --format compact "$TMP/off.yaml" |
    grep -q "caching-service.port must" && bad "disabled component validated" || ok
# the schema's description travels with the finding
if grep -q 'the schema says: \\"TCP network port' <<<"$json"; then ok; else bad "no description for the port"; fi

# --- without --zowe-runtime nothing changes: no UHA011 cell, no finding ---
plain=$("$B" check --no-policy --defaults "$DEF" --format json "$TMP/top.yaml")
if grep -q UHA011 <<<"$plain"; then bad "UHA011 present without --zowe-runtime"; else ok; fi
"$B" check --no-policy --zowe-runtime "$RT" --defaults "$DEF" "$TMP/top.yaml" | grep -q 'UHA011' && ok || bad "no UHA011 row with --zowe-runtime"

# --- zowe.configmgr.validation and --extensions ---
EXT=$TMP/ext
mkdir -p "$EXT/mycomp" "$EXT/nosch"
printf 'name: mycomp\nschemas:\n  configs: mycomp.json\n' >"$EXT/mycomp/manifest.yaml"
cat >"$EXT/mycomp/mycomp.json" <<'EOF'
{
  "$id": "https://example.com/schemas/v2/mycomp",
  "allOf": [
    { "$ref": "https://zowe.org/schemas/v2/server-base" },
    { "type": "object", "properties": { "components": { "type": "object",
      "properties": { "mycomp": { "type": "object", "required": ["mykey"],
        "properties": { "mykey": { "type": "string", "description": "My key." } } } } } } }
  ]
}
EOF
printf 'name: nosch\n' >"$EXT/nosch/manifest.yaml"
cat >"$TMP/ext.yaml" <<'EOF'
zowe:
  runtimeDirectory: /usr/lpp/zowe
  configmgr:
    validation: STRICT
java:
  home: /java
node:
  home: /node
components:
  mycomp:
    enabled: true
  nosch:
    enabled: true
EOF
json=$("$B" check --no-policy --zowe-runtime "$RT" --extensions "$EXT" --defaults "$DEF" --format json "$TMP/ext.yaml")
check_finding UHA011 components.mycomp.mykey 10 3 && ok || bad "extension schema not applied (required mykey)"
grep -q "component 'nosch' is enabled, but its manifest" <<<"$json" && ok || bad "STRICT: no finding for a component without schemas"
sed -i 's/STRICT/COMPONENT-COMPAT/' "$TMP/ext.yaml"
json=$("$B" check --no-policy --zowe-runtime "$RT" --extensions "$EXT" --defaults "$DEF" --format json "$TMP/ext.yaml")
grep -q "component 'nosch' is enabled" <<<"$json" && bad "COMPONENT-COMPAT: finding for a component without schemas" || ok
json=$("$B" check --no-policy --zowe-runtime "$RT" --defaults "$DEF" --format json "$TMP/ext.yaml")
grep -q "mykey" <<<"$json" && bad "extension schema applied without --extensions" || ok

# --- a bad runtime or a hostile schema: one located error, exit status 2 ---
expect_error() { # name pattern args...
    local name=$1 pat=$2
    shift 2
    local o rc
    o=$("$B" check --no-policy --defaults "$DEF" --format compact "$@" "$TMP/top.yaml" 2>&1)
    rc=$?
    if [ "$rc" -ne 2 ]; then
        bad "$name: exit $rc, not 2"
    elif ! grep -qE "$pat" <<<"$o"; then
        bad "$name: no '$pat' in: $(head -3 <<<"$o")"
    else
        ok
    fi
}
expect_error "missing runtime" "cannot use '$TMP/nope' as the Zowe runtime directory" --zowe-runtime "$TMP/nope"
hostile_rt() { # name: a copy of the runtime to spoil
    rm -rf "$TMP/$1"
    cp -r "$RT" "$TMP/$1"
    echo "$TMP/$1"
}
r=$(hostile_rt syntax)
printf '{\n  "$id": "https://zowe.org/schemas/v2/server-common",\n  "a": [1 2]\n}\n' >"$r/schemas/server-common.json"
expect_error "schema syntax" "$r/schemas/server-common.json:3:11: error: expected ',' or '\]'" --zowe-runtime "$r"
r=$(hostile_rt cycle)
python3 - "$r/components/gateway/gateway-schema.json" <<'PY'
import sys
p = sys.argv[1]
t = open(p).read()
t = t.replace('"$schema"', '"$defs": {"c1": {"$ref": "#/$defs/c2"}, "c2": {"$ref": "#/$defs/c1"}},\n  "$ref": "#/$defs/c1",\n  "$schema"', 1)
open(p, "w").write(t)
PY
expect_error "ref cycle" "gateway-schema.json:[0-9]+:[0-9]+: error: \\\$ref '#/\\\$defs/c1' is a cycle" --zowe-runtime "$r"
r=$(hostile_rt chain)
python3 - "$r/schemas/zowe-yaml-schema.json" <<'PY'
import sys
p = sys.argv[1]
defs = ", ".join('"d%d": {"$ref": "#/chain/d%d"}' % (i, i + 1) for i in range(100)) + ', "d100": true'
t = open(p).read().replace('"$schema"', '"chain": {%s},\n  "allOf": [{"$ref": "#/chain/d0"}],\n  "$schema"' % defs, 1)
open(p, "w").write(t)
PY
expect_error "deep ref chain" "zowe-yaml-schema.json:[0-9]+:[0-9]+: error: .*chain of more than 64" --zowe-runtime "$r"
r=$(hostile_rt pattern)
sed -i '0,/"pattern": "[^"]*"/s//"pattern": "((((x{1,60}){1,60}){1,60}){1,60})"/' "$r/schemas/zowe-yaml-schema.json"
expect_error "huge pattern" "zowe-yaml-schema.json:[0-9]+:[0-9]+: error: pattern .*too large" --zowe-runtime "$r"
r=$(hostile_rt manifest)
sed -i 's/configs: gateway-schema.json/configs: missing.json/' "$r/components/gateway/manifest.yaml"
line=$(grep -n 'configs: missing.json' "$r/components/gateway/manifest.yaml" | cut -d: -f1)
expect_error "missing schema file" "$r/components/gateway/manifest.yaml:$line:[0-9]+: error: cannot read .*missing.json.*listed in schemas.configs" --zowe-runtime "$r"

# --- the differential test against Python's jsonschema ---
if python3 -c 'import jsonschema, yaml' 2>/dev/null; then
    cases=${UHP_SCHEMA_DIFF_CASES:-2000}
    seed=${UHP_SCHEMA_DIFF_SEED:-$(date +%j)}
    if python3 "$UHP_SOURCE_DIR/tests/tools/schema_diff.py" "$B" "$RT" "$DEF" "$seed" "$cases" \
        "$REF/example-zowe.yaml" "$SHARED"/reference/real-world/*.yaml >"$TMP/diff.log" 2>&1; then
        ok
        tail -1 "$TMP/diff.log"
    else
        bad "differential test (seed $seed): $(grep -v '^violations' "$TMP/diff.log" | head -20)"
    fi
else
    echo "SKIP (differential part): python3-jsonschema or python3-yaml is not installed"
fi

echo "test_zowe_schema: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
