#!/usr/bin/env bash
# Zowe's own example-zowe.yaml (v3, and v2 in reference/zowe/v2/), with its commented-out
# haInstances block turned on, gives the findings DOMAIN.md section 3 predicts. The copy
# with the block uncommented is made here, in a temporary folder, at run time.
#
# What Zowe's example actually configures (both versions): lpar1 on LPR1; lpar2a and
# lpar2b on LPR2 with one hostname; lpar2b turns off the gateway, the caching service and
# most other components and moves zss to 28542.
#   v3 + v3 defaults: infinispan on lpar1 and lpar2a without initialHosts -> UHA302 only;
#     lpar2b disables its gateway, so no UHA303; shared hostname on one sysname: no UHA305.
#   v2 + v2 defaults: VSAM storage (deprecated) and zowe.setup.vsam.mode NONRLS with two
#     caching instances -> two UHA301 warnings; no port collision.
#   v2 example + v3 defaults: zaas (v3 only, on by default on 7558) runs beside jobs-api
#     (7558, enabled in lpar2b) and twice on LPR2 -> UHA304.
#   v3 example with lpar2b's gateway override removed -> UHA303 (two gateways on LPR2).
#
# Environment (set by ctest): UHP_BIN, UHP_SHARED_DIR (skips with 77 when absent).
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ] || fail "UHP_BIN is not an executable (${UHP_BIN:-unset})"
REF=${UHP_SHARED_DIR:-}/reference/zowe
if [ -z "${UHP_SHARED_DIR:-}" ] || [ ! -f "$REF/example-zowe.yaml" ] || [ ! -f "$REF/v2/example-zowe.yaml" ]; then
    echo "skip: Zowe's example-zowe.yaml not found under \$UHP_SHARED_DIR/reference/zowe (${UHP_SHARED_DIR:-unset})"
    exit 77
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-zowe-examples.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1

# Uncomments everything from the "# haInstances:" line to the end of FILE into OUT.
ha_on() {
    grep -q '^# haInstances:' "$1" || fail "$1 has no commented '# haInstances:' block"
    sed '/^# haInstances:/,$ s/^# \{0,1\}//' "$1" > "$2"
    grep -q '^haInstances:' "$2" || fail "could not turn on haInstances in $2"
}
ha_on "$REF/example-zowe.yaml" "$TMP/v3.yaml"
ha_on "$REF/v2/example-zowe.yaml" "$TMP/v2.yaml"
# A v3 copy whose lpar2b keeps the gateway: delete "gateway:" + "enabled: false" of lpar2b.
awk '/^  lpar2b:/ { in_b = 1 }
     in_b && /^      gateway:/ { skip = 2 }
     skip > 0 { skip--; next }
     { print }' "$TMP/v3.yaml" > "$TMP/v3-gw.yaml"

errors=0 checks=0
# run NAME ARGS...: checks with --format compact into $TMP/NAME.out, exit status in $TMP/NAME.rc.
run() {
    local name=$1; shift
    timeout 60 "$UHP_BIN" check "$@" --format compact > "$TMP/$name.out" 2> "$TMP/$name.err"
    echo $? > "$TMP/$name.rc"
    if [ "$(cat "$TMP/$name.rc")" -ge 2 ]; then
        echo "FAIL $name: exit $(cat "$TMP/$name.rc")"; cat "$TMP/$name.err"; errors=$((errors + 1))
    fi
}
# expect NAME COUNT ERE [description]: exactly COUNT output lines of NAME match ERE.
expect() {
    local name=$1 want=$2 re=$3 got
    checks=$((checks + 1))
    got=$(grep -cE -- "$re" "$TMP/$name.out")
    if [ "$got" = "$want" ]; then
        echo "ok   $name: $want x /$re/"
    else
        echo "FAIL $name: expected $want line(s) matching /$re/, got $got"
        grep -E '\[UHA(006|3[0-9][0-9])\]' "$TMP/$name.out" | sed 's/^/       | /'
        errors=$((errors + 1))
    fi
}

run v3 "$TMP/v3.yaml"
expect v3 1 'warning: 2 instances run the caching service with infinispan \(lpar1, lpar2a\).*initialHosts is not set.*\[UHA302\]'
line=$(grep -n '^      infinispan:' "$TMP/v3.yaml" | head -n 1 | cut -d: -f1)
expect v3 1 "^$TMP/v3.yaml:$line:7: warning: .*\[UHA302\]"
for r in UHA006 UHA301 UHA303 UHA304 UHA305 UHA306; do expect v3 0 "\[$r\]"; done

run v3-defaults "$TMP/v3.yaml" --defaults "$REF/defaults.yaml"
expect v3-defaults 1 '\[UHA302\]'
for r in UHA006 UHA301 UHA303 UHA304 UHA305 UHA306; do expect v3-defaults 0 "\[$r\]"; done

run v2 "$TMP/v2.yaml" --defaults "$REF/v2/defaults.yaml"
expect v2 1 "^$TMP/v2.yaml:[0-9]+:[0-9]+: warning: caching storage mode 'VSAM' is deprecated.*\(instances: lpar1, lpar2a\) \[UHA301\]"
expect v2 1 "warning: 2 instances \(lpar1, lpar2a\) share the caching service's VSAM data set, but zowe.setup.vsam.mode is 'NONRLS'.*\[UHA301\]"
expect v2 0 'error: .*\[UHA301\]'
for r in UHA006 UHA302 UHA303 UHA304 UHA305 UHA306; do expect v2 0 "\[$r\]"; done

run v2-on-v3 "$TMP/v2.yaml"
expect v2-on-v3 1 "port 7558 is used twice by enabled components of this instance: components.zaas.port and components.jobs-api.port.*\(instance: lpar2b\) \[UHA304\]"
expect v2-on-v3 1 "'lpar2a' and 'lpar2b' run on the same system 'LPR2' and both use port 7558 \('lpar2a': components.zaas.port, 'lpar2b': components.zaas.port\).*\[UHA304\]"
expect v2-on-v3 2 '\[UHA301\]'

run v3-gw "$TMP/v3-gw.yaml"
line=$(awk '/^  lpar2b:/ { b = 1 } b && /sysname: LPR2/ { print NR; exit }' "$TMP/v3-gw.yaml")
expect v3-gw 1 "^$TMP/v3-gw.yaml:$line:[0-9]+: error: instances 'lpar2a' and 'lpar2b' both run the API ML gateway on system 'LPR2'.*\[UHA303\]"
expect v3-gw 0 '\[UHA305\]'

# --zowe-version 2, when the binary has it, selects the v2 table: same as --defaults v2.
if "$UHP_BIN" --help 2>&1 | grep -q -- '--zowe-version'; then
    run v2-flag "$TMP/v2.yaml" --zowe-version 2
    expect v2-flag 2 '\[UHA301\]'
    expect v2-flag 0 '\[UHA304\]'
else
    echo "note: $UHP_BIN has no --zowe-version option yet; its case is not checked"
fi

echo "test_zowe_examples: $checks checks, $errors failed"
[ "$errors" -eq 0 ]
