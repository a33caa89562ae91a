#!/usr/bin/env bash
# Acceptance on public configurations: shared/reference/zowe/example-zowe.yaml and every
# YAML / ZWEYAML file in shared/reference/real-world/ load without an input error, and the
# findings DOMAIN.md predicts for them are pinned (rule id + file + line, taken from the
# files with grep -n). The .txt TCP/IP profile fragments are not configs and are skipped.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR, UHP_SHARED_DIR. Exit 77 (skip)
# when the shared folder is not there.
set -u

die() { echo "FAIL: $*" >&2; exit 1; }
if [ -z "${UHP_SHARED_DIR:-}" ] || [ ! -d "$UHP_SHARED_DIR/reference" ]; then
    echo "SKIP: shared reference folder not found (UHP_SHARED_DIR='${UHP_SHARED_DIR:-}'); nothing to test"
    exit 77
fi
[ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ] || die "UHP_BIN must name the built binary (got '${UHP_BIN:-}')"
[ -n "${UHP_SOURCE_DIR:-}" ] && [ -d "$UHP_SOURCE_DIR" ] || die "UHP_SOURCE_DIR must be the repository root"
cd "$UHP_SOURCE_DIR" || die "cannot cd to $UHP_SOURCE_DIR"

REF=$UHP_SHARED_DIR/reference
RW=$REF/real-world
EXAMPLE=$REF/zowe/example-zowe.yaml
ZWEYAML=$RW/zeditor01-ZWEYAML.yaml                  # IBM's UMS template, filled in
ZWEYAML_TXT=$RW/zeditor01-zowetools-ZWEYAML.TXT     # the same, normalised, with --- and ...
HAI=$RW/zowe-zowe-install-packaging-tools-ha-instances-zowe.yaml
TPL=$RW/zowe-zlux-server-framework-yaml_templates_and_ha.yaml
EX2021=$RW/zowe-zowe-install-packaging-2021-example-zowe-ha.yaml
FULL=$RW/zowe-zowe-install-packaging-tools-full-zowe.yaml
MULTI=$RW/zowe-zowe-install-packaging-tools-multiple-hosts-result.yaml
KUST=$RW/zowe-zowe-install-packaging-kustomization-sample-zowe.yaml
DEFAULTS=$RW/zowe-zowe-install-packaging-defaults.yaml
for f in "$EXAMPLE" "$ZWEYAML" "$ZWEYAML_TXT" "$HAI" "$TPL" "$EX2021" "$FULL" "$MULTI" "$KUST" "$DEFAULTS"; do
    [ -f "$f" ] || die "reference file missing: $f"
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-ref.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
TIMEOUT=${UHP_TEST_TIMEOUT:-60}

HARNESS_STDOUT_LINES=25 HARNESS_STDERR_LINES=5
# shellcheck source=tests/cli/harness.sh
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
# The run read every input: not 2 (input/usage error), not 3 (internal), no crash or hang.
loaded() {
    case $RC in
    0|1) ;;
    2) bad "exit 2: an input could not be read or parsed" ;;
    3) bad "exit 3: internal error" ;;
    *) bad "timed out or crashed (status $RC)" ;;
    esac
    local r
    for r in UHA001 UHA002 UHA003 UHA004; do
        grep -qF "[$r]" "$TMP/out" && bad "input finding [$r]: $(grep -F "[$r]" "$TMP/out" | head -n 1)"
    done
}
ere_quote() { printf '%s' "$1" | sed 's/[][\.*^$()+?{}|/]/\\&/g'; }
# at FILE LINE RULE [SEVERITY]: a compact finding "…FILE:LINE:COL: SEVERITY: … [RULE]".
at() {
    local base re sev=${4:-[a-z]+}
    base=$(ere_quote "$(basename "$1")")
    re="(^|/)$base:$2:[0-9]+: $sev: .*\\[$3\\]\$"
    grep -Eq -- "$re" "$TMP/out" \
        || bad "expected [$3]${4:+ ($4)} at $(basename "$1"):$2, got: $(grep -F "[$3]" "$TMP/out" | cut -d' ' -f1-2 | tr '\n' ' ')"
}
not_at() {
    local base re
    base=$(ere_quote "$(basename "$1")")
    re="(^|/)$base:$2:[0-9]+: .*\\[$3\\]\$"
    grep -Eq -- "$re" "$TMP/out" && bad "unexpected [$3] at $(basename "$1"):$2: $(grep -E -- "$re" "$TMP/out" | head -n 1)"
}
has() { grep -qF -- "[$1]" "$TMP/out" || bad "expected a [$1] finding, none reported"; }
lacks() { grep -qF -- "[$1]" "$TMP/out" && bad "expected no [$1] finding, got: $(grep -F -- "[$1]" "$TMP/out" | head -n 1)"; }

# Line numbers pinned below, re-derived from the files so that a changed reference file
# shows up as a clear failure here rather than as a tool failure.
lineof() {  # lineof FILE ERE [NTH]: line number of the NTH line matching ERE
    local n
    n=$(grep -nE -- "$2" "$1" | sed -n "${3:-1}p" | cut -d: -f1)
    [ -n "$n" ] || die "pattern /$2/ not found in $1 (reference file changed?)"
    echo "$n"
}
L_AUTH=$(lineof "$ZWEYAML" '^      authType: STANDARD_JWT$')        # 228
L_HOST=$(lineof "$ZWEYAML" '^      host:$')                          # 239
L_TXT_AUTH=$(lineof "$ZWEYAML_TXT" '^      authType: "STANDARD_JWT" *$')  # 45
L_TXT_HOST=$(lineof "$ZWEYAML_TXT" '^      host: null *$')                # 50
L_HAI_DEFAULT=$(lineof "$HAI" '^  default:$')                       # 20
L_HAI_FIRST=$(lineof "$HAI" '^  first:$')                           # 21
L_HAI_SECOND=$(lineof "$HAI" '^  second:$')                         # 26
L_HAI_GW_OFF=$(lineof "$HAI" '^        enabled: false$')            # 30 (second: gateway off)
L_HAI_ALT=$(lineof "$HAI" '^  second-alt:$')                        # 37
L_2021_EXTPORT=$(lineof "$EX2021" '^  externalPort: "7554"$')      # 86
L_2021_LPAR1=$(lineof "$EX2021" '^  lpar1:$')                       # 247
L_2021_LPAR2A=$(lineof "$EX2021" '^  lpar2a:$')                     # 254
L_2021_LPAR2B=$(lineof "$EX2021" '^  lpar2b:$')                     # 283
L_FULL_EXTPORT=$(lineof "$FULL" '^  externalPort: "7554"$')        # 30
L_TPL_HA1=$(lineof "$TPL" '^  ha1:$')                               # 17

# --- 1. every reference config loads on its own ---------------------------------------------
shopt -s nullglob
FILES=("$EXAMPLE" "$RW"/*.yaml "$RW"/*ZWEYAML*)
shopt -u nullglob
declare -A seen=()
for f in "${FILES[@]}"; do
    [ -n "${seen[$f]:-}" ] && continue
    seen[$f]=1
    case $f in *.txt) continue ;; esac
    begin "loads: ${f#"$REF"/}"
    run check --format compact "$f"
    loaded
    end
done

# --- 2. pinned findings -----------------------------------------------------------------------
# example-zowe.yaml with IBM's filled-in ZWEYAML under it (DOMAIN.md 2: authType STANDARD_JWT,
# host empty; example-zowe.yaml has no haInstances, logDirectory /global/zowe/logs, the
# gateway enabled, only the afx experience).
begin "example-zowe.yaml + zeditor01 ZWEYAML: UHA105 at authType, UHA104 at host"
run check --format compact -c "FILE($EXAMPLE):FILE($ZWEYAML)"
loaded; want_rc 1
at "$ZWEYAML" "$L_AUTH" UHA105 error
at "$ZWEYAML" "$L_HOST" UHA104 error
has UHA107
lacks UHA101; lacks UHA106; lacks UHA109; lacks UHA110
end

begin "same, with ZWEYAML as a PARMLIB member (IZP.CUST.PARMLIB(ZWEYAML))"
mkdir -p "$TMP/parmlib"
cp "$ZWEYAML" "$TMP/parmlib/ZWEYAML"
run check --format compact -c "FILE($EXAMPLE):PARMLIB(IZP.CUST.PARMLIB(ZWEYAML))" --parmlib "IZP.CUST.PARMLIB=$TMP/parmlib"
loaded; want_rc 1
at "$TMP/parmlib/ZWEYAML" "$L_AUTH" UHA105 error
at "$TMP/parmlib/ZWEYAML" "$L_HOST" UHA104 error
end

begin "same, with Zowe's real defaults.yaml as --defaults"
run check --format compact --defaults "$DEFAULTS" -c "FILE($EXAMPLE):FILE($ZWEYAML)"
loaded; want_rc 1
at "$ZWEYAML" "$L_AUTH" UHA105 error
at "$ZWEYAML" "$L_HOST" UHA104 error
lacks UHA101
end

begin "zeditor01 zowe.yaml + ZWEYAML (a real user's pair): UHA105, UHA104"
run check --format compact -c "FILE($RW/zeditor01-zowe.yaml):FILE($ZWEYAML)"
loaded; want_rc 1
at "$ZWEYAML" "$L_AUTH" UHA105 error
at "$ZWEYAML" "$L_HOST" UHA104 error
lacks UHA110
end

begin "example-zowe.yaml + normalised ZWEYAML.TXT (--- and ...): UHA105 at \"STANDARD_JWT\", UHA104 at host: null"
run check --format compact -c "FILE($EXAMPLE):FILE($ZWEYAML_TXT)"
loaded; want_rc 1
at "$ZWEYAML_TXT" "$L_TXT_AUTH" UHA105 error
at "$ZWEYAML_TXT" "$L_TXT_HOST" UHA104 error
end

# haInstances test data: default (null), first, second (gateway disabled), second-alt
# (not a valid id: zwe looks up second_alt), no sysname anywhere. Layered over the
# ZWEYAML so that UMS is enabled and the UHA1xx rules apply.
begin "ha-instances zowe.yaml + ZWEYAML: UHA108 for second-alt, UHA107 for missing sysname, UHA101 for second"
run check --format compact -c "FILE($HAI):FILE($ZWEYAML)"
loaded; want_rc 1
at "$HAI" "$L_HAI_ALT" UHA108 error
grep -F '[UHA108]' "$TMP/out" | grep -q 'second-alt' || bad "UHA108 message does not name second-alt"
grep -F '[UHA108]' "$TMP/out" | grep -q 'second_alt' || bad "UHA108 message does not show the id zwe looks up (second_alt)"
not_at "$HAI" "$L_HAI_FIRST" UHA108
not_at "$HAI" "$L_HAI_SECOND" UHA108
not_at "$HAI" "$L_HAI_DEFAULT" UHA108
at "$HAI" "$L_HAI_FIRST" UHA107 error
at "$HAI" "$L_HAI_SECOND" UHA107 error
grep -F '[UHA107]' "$TMP/out" | grep -q 'sysname' || bad "UHA107 message does not mention sysname"
at "$HAI" "$L_HAI_GW_OFF" UHA101 error
end

# 2021 official HA example: three instances without sysname, quoted externalPort.
begin "2021 example-zowe-ha + ZWEYAML: UHA107 per instance, UHA007 quoted externalPort, DVIPA first"
run check --format compact --dvipa dvipa.my-company.com=10.0.0.100 -c "FILE($EX2021):FILE($ZWEYAML)"
loaded; want_rc 1
at "$EX2021" "$L_2021_LPAR1" UHA107 error
at "$EX2021" "$L_2021_LPAR2A" UHA107 error
at "$EX2021" "$L_2021_LPAR2B" UHA107 error
at "$EX2021" "$L_2021_EXTPORT" UHA007
lacks UHA102
at "$ZWEYAML" "$L_HOST" UHA104 error
end

begin "full-zowe.yaml (v1 conversion): UHA007 at the quoted externalPort; no UMS: UHA110"
run check --format compact "$FULL"
loaded; want_rc 1
at "$FULL" "$L_FULL_EXTPORT" UHA007
has UHA110
end

begin "multiple-hosts result.yaml (no components): UHA110, UMS not configured"
run check --format compact "$MULTI"
loaded; want_rc 1
has UHA110
lacks UHA105; lacks UHA104
end

begin "kustomization sample (no UMS): UHA110"
run check --format compact "$KUST"
loaded; want_rc 1
has UHA110
end

# Templates: every ${{ }} in this file is a plain path reference, so each must be resolved
# (SPEC 3): zowe.externalPort -> components.gateway.port -> app-server ... gatewayPort = 7554,
# which equals the gateway port: UHA103 passes, neither a false fail nor "could not verify".
# Instance ha1 has no hostname and no sysname.
begin "templates-and-ha + ZWEYAML: externalPort reads a later template (could not verify), zss = app-server collides, ha1 lacks hostname/sysname"
run check --format compact -c "FILE($TPL):FILE($ZWEYAML)"
loaded; want_rc 1
lacks UHA005
# zowe.externalPort (line 2) reads components.gateway.port, itself a template that comes
# later in the merged document: Zowe replaces templates in document order, so it reads the
# unevaluated value. Never the later value: a could-not-verify warning.
grep -F '[UHA103]' "$TMP/out" | grep -q ': warning: .*could not' \
    || bad "no UHA103 could-not-verify warning: $(grep -F '[UHA103]' "$TMP/out" | head -n 1)"
grep -F '[UHA103]' "$TMP/out" | grep -q ': error: ' && bad "UHA103 reported as an error"
at "$TPL" "$L_TPL_HA1" UHA107 error
at "$TPL" "$L_TPL_HA1" UHA305 error
# ha1's `zss: ${{ components['app-server'] }}` is a path reference to an object: zss becomes a
# copy of app-server, so both listen on app-server's default port 7556 in ha1.
grep -F '[UHA304]' "$TMP/out" | grep 'app-server' | grep 'zss' | grep -q '7556' \
    || bad "no UHA304 collision of app-server and zss on 7556 in ha1"
end

# The could-not-verify counterpart: the same templates file with the gateway port made a
# JavaScript expression (not a path) in a higher layer: UHA103 must be a warning.
begin "templates-and-ha + an expression template for the gateway port: UHA103 could not verify (warning)"
printf 'components:\n  gateway:\n    port: ${{ 7000 + 554 }}\n' > "$TMP/expr.yaml"
run check --format compact -c "FILE($TMP/expr.yaml):FILE($TPL):FILE($ZWEYAML)"
loaded
grep -Eq ': warning: .*\[UHA103\]$' "$TMP/out" || bad "no UHA103 warning (could not verify)"
grep -F '[UHA103]' "$TMP/out" | grep -q ': error: ' && bad "UHA103 reported as an error: $(grep -F '[UHA103]' "$TMP/out" | head -n 1)"
end

echo "test_reference_files: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
