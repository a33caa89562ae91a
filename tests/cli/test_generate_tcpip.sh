#!/usr/bin/env bash
# `generate tcpip`: the VIPADYNAMIC block for samples/ha-ready and for a three-system copy of
# it passes every UHA2xx rule when checked with --tcpip, parses with the tool's own profile
# reader (UHA201 passes), keeps every line within 71 columns, names the instances and ports
# in comments; --tcpip FILE merges into the profile's block (one block afterwards, the
# file itself unchanged) or refuses with the reason; bad --xcf values are usage errors.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "${UHP_BIN:-}" ] || fail "UHP_BIN is not an executable file"
cd "${UHP_SOURCE_DIR:?}" || fail "cannot cd to UHP_SOURCE_DIR"
command -v python3 > /dev/null || fail "no python3"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-gen.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
TIMEOUT=${UHP_TEST_TIMEOUT:-60}
. tests/cli/harness.sh

HA=(-c 'FILE(samples/ha-ready/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))'
    --parmlib IZP.PARMLIB=samples/ha-ready)
DV=(--dvipa umsha.plex1.example.com=10.10.1.100)
# A third system: lpar3 on LPAR3, the rest as in samples/ha-ready.
mkdir -p "$TMP/three"
cp samples/ha-ready/ZWEYAML.yaml "$TMP/three/"
{ cat samples/ha-ready/zowe.yaml
  printf '  lpar3:\n    hostname: lpar3.plex1.example.com\n    sysname: LPAR3\n'; } \
    > "$TMP/three/zowe.yaml"
THREE=(-c "FILE($TMP/three/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))"
       --parmlib "IZP.PARMLIB=$TMP/three")

# uha2 FILE CONFIG...: every UHA2xx checklist cell of check --tcpip FILE passes.
uha2() {
    local prof=$1; shift
    timeout "$TIMEOUT" "$UHP_BIN" check "$@" "${DV[@]}" --tcpip "$prof" --format json \
        > "$TMP/check.json" 2> "$TMP/err"
    python3 - "$TMP/check.json" << 'PY' || bad "UHA2xx do not all pass: $(cat "$TMP/uha2")"
import json, sys
d = json.load(open(sys.argv[1]))
cells = [c for c in d["checklist"] if c["ruleId"].startswith("UHA2")]
bad = [f'{c["ruleId"]} {c["instance"]} {c["status"]}' for c in cells if c["status"] != "PASS"]
ids = {c["ruleId"] for c in cells}
if len(ids) != 9:
    bad.append(f"only {sorted(ids)}")
open(sys.argv[1].replace("check.json", "uha2"), "w").write("; ".join(bad))
sys.exit(1 if bad else 0)
PY
}
narrow() { awk 'length($0) > 71 { bad = 1 } END { exit bad }' "$1" || bad "a line of $1 is wider than 71 columns"; }

begin "ha-ready: generated block passes UHA201-UHA209"
run generate tcpip "${HA[@]}" "${DV[@]}" --xcf LPAR1=10.20.1.1 --xcf LPAR2=10.20.1.2
want_rc 0
cp "$TMP/out" "$TMP/ha.tcpip"
narrow "$TMP/ha.tcpip"
grep -q '^VIPADYNAMIC$' "$TMP/ha.tcpip" || bad "no VIPADYNAMIC line"
grep -q 'DISTMETHOD HOTSTANDBY 10.10.1.100' "$TMP/ha.tcpip" || bad "no HOTSTANDBY distribution"
grep -q 'PORT 7554 7557 12023$' "$TMP/ha.tcpip" || bad "not the three ports"
grep -q 'DESTIP 10.20.1.1 PREFERRED' "$TMP/ha.tcpip" || bad "LPAR1 is not PREFERRED"
grep -q '^ *10.20.1.2 BACKUP$' "$TMP/ha.tcpip" || bad "LPAR2 is not BACKUP"
grep -q '^;.*LPAR1.*lpar1' "$TMP/ha.tcpip" || bad "no comment names instance lpar1"
grep -q '^;.*12023 UMS HTTP' "$TMP/ha.tcpip" || bad "no comment names the UMS port"
uha2 "$TMP/ha.tcpip" "${HA[@]}"
end

begin "three systems: PREFERRED, two ranked BACKUPs, passes UHA201-UHA209"
run generate tcpip "${THREE[@]}" "${DV[@]}" --xcf LPAR1=10.20.1.1 --xcf lpar2=10.20.1.2 \
    --xcf LPAR3=10.20.1.3
want_rc 0
cp "$TMP/out" "$TMP/three.tcpip"
narrow "$TMP/three.tcpip"
[ "$(grep -c 'BACKUP [0-9]' "$TMP/three.tcpip")" = 2 ] || bad "not two ranked BACKUPs"
grep -q '10.20.1.3 BACKUP' "$TMP/three.tcpip" || bad "LPAR3 is not a target"
uha2 "$TMP/three.tcpip" "${THREE[@]}"
end

begin "a system without --xcf: exit 2 naming it"
run generate tcpip "${HA[@]}" "${DV[@]}" --xcf LPAR1=10.20.1.1
want_rc 2
grep -q "no XCF address for system LPAR2" "$TMP/err" || bad "the reason does not name LPAR2"
[ -s "$TMP/out" ] && bad "statements were written"
end

begin "bad --xcf values and no DVIPA: usage errors"
run generate tcpip "${HA[@]}" "${DV[@]}" --xcf LPAR1=10.20.1.1 --xcf LPAR2=10.20.1.999
want_rc 2
grep -q "not an IPv4 address" "$TMP/err" || bad "bad address not named"
run generate tcpip "${HA[@]}" "${DV[@]}" --xcf LPAR1=10.20.1.1 --xcf LPAR2=10.20.1.2 \
    --xcf SYS9=10.20.1.9
want_rc 2
grep -q "no HA instance that runs UMS has sysname SYS9" "$TMP/err" || bad "SYS9 not refused"
run generate tcpip "${HA[@]}" --xcf LPAR1=10.20.1.1 --xcf LPAR2=10.20.1.2
want_rc 2
grep -q "needs the DVIPA" "$TMP/err" || bad "missing DVIPA not said"
run generate tcpip "${HA[@]}" "${DV[@]}" --xcf LPAR1
want_rc 2
run generate udp
want_rc 2
end

begin "one system: refused (HOTSTANDBY needs a BACKUP)"
run generate tcpip -c 'FILE(samples/fail/UHA107-one-instance/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))' \
    --parmlib IZP.PARMLIB=samples/fail/UHA107-one-instance "${DV[@]}" --xcf LPAR1=10.20.1.1
want_rc 2
grep -q "EZZ0827I" "$TMP/err" || bad "the reason does not cite EZZ0827I"
end

begin "--tcpip merges into the profile's block, which stays one"
printf '; LPAR1 profile\r\nIPCONFIG DYNAMICXCF 10.20.1.1 255.255.255.0 1\r\nVIPADYNAMIC\r\n  VIPARANGE DEFINE 255.255.255.0 10.30.1.0\r\nENDVIPADYNAMIC\r\n; after\r\n' \
    > "$TMP/prof.tcpip"
cp "$TMP/prof.tcpip" "$TMP/prof.orig"
run generate tcpip "${HA[@]}" "${DV[@]}" --xcf LPAR1=10.20.1.1 --xcf LPAR2=10.20.1.2 \
    --tcpip "$TMP/prof.tcpip"
want_rc 0
cp "$TMP/out" "$TMP/merged.tcpip"
cmp -s "$TMP/prof.tcpip" "$TMP/prof.orig" || bad "the --tcpip file was changed"
[ "$(grep -c '^VIPADYNAMIC' "$TMP/merged.tcpip")" = 1 ] || bad "not exactly one block"
grep -q 'VIPARANGE DEFINE 255.255.255.0 10.30.1.0' "$TMP/merged.tcpip" || bad "lost VIPARANGE"
tail -n 1 "$TMP/merged.tcpip" | grep -q '^; after' || bad "lost the lines after the block"
grep -q $'HOTSTANDBY 10.10.1.100\r$' "$TMP/merged.tcpip" || bad "CRLF line ends not kept"
[ "$(grep -vc $'\r$' "$TMP/merged.tcpip")" = 0 ] || bad "a line without CRLF"
narrow "$TMP/merged.tcpip"
uha2 "$TMP/merged.tcpip" "${HA[@]}"
end

begin "--tcpip without a block: one block appended"
printf 'IPCONFIG DYNAMICXCF 10.20.1.1 255.255.255.0 1' > "$TMP/noblock.tcpip"
run generate tcpip "${HA[@]}" "${DV[@]}" --xcf LPAR1=10.20.1.1 --xcf LPAR2=10.20.1.2 \
    --tcpip "$TMP/noblock.tcpip"
want_rc 0
head -n 1 "$TMP/out" | grep -qx 'IPCONFIG DYNAMICXCF 10.20.1.1 255.255.255.0 1' ||
    bad "the profile's own line is not first"
[ "$(grep -c '^VIPADYNAMIC$' "$TMP/out")" = 1 ] || bad "not one block"
cp "$TMP/out" "$TMP/appended.tcpip"
uha2 "$TMP/appended.tcpip" "${HA[@]}"
end

begin "--tcpip that already defines the DVIPA: refused with the line"
run generate tcpip "${HA[@]}" "${DV[@]}" --xcf LPAR1=10.20.1.1 --xcf LPAR2=10.20.1.2 \
    --tcpip samples/ha-ready/PROFILE.TCPIP
want_rc 2
grep -q "line 10 already defines the DVIPA 10.10.1.100" "$TMP/err" || bad "no reason with the line"
[ -s "$TMP/out" ] && bad "statements were written"
end

begin "--tcpip with a syntax error: refused"
printf 'VIPADYNAMIC\n  VIPADEFINE 255.255.255.0\nENDVIPADYNAMIC\n' > "$TMP/broken.tcpip"
run generate tcpip "${HA[@]}" "${DV[@]}" --xcf LPAR1=10.20.1.1 --xcf LPAR2=10.20.1.2 \
    --tcpip "$TMP/broken.tcpip"
want_rc 2
grep -q "fix the profile's syntax first" "$TMP/err" || bad "no syntax reason"
end

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
