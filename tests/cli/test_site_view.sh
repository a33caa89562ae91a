#!/usr/bin/env bash
# The site's view (issue 15): a DVIPA known by name or address, invalid DVIPA addresses,
# UMS counted by system, --ha-instance, typos, the CONFIG line as pasted, --map, EBCDIC
# code pages, and reports that say what happened.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "${UHP_BIN:-}" ] || fail "UHP_BIN is not an executable file"
cd "${UHP_SOURCE_DIR:?}" || fail "cannot cd to UHP_SOURCE_DIR"
[ -f samples/ha-ready/zowe.yaml ] || { echo "skip: samples/ha-ready is missing"; exit 77; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-site.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
TIMEOUT=${UHP_TEST_TIMEOUT:-60}
. tests/cli/harness.sh

HA=(-c 'FILE(samples/ha-ready/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))'
    --parmlib IZP.PARMLIB=samples/ha-ready)
has() { grep -qE -- "$1" "$TMP/out" || bad "no output line matches /$1/"; }
hasnt() { grep -qE -- "$1" "$TMP/out" && bad "an output line matches /$1/: $(grep -E -- "$1" "$TMP/out" | head -n 1)"; }
errhas() { grep -qE -- "$1" "$TMP/err" || bad "no stderr line matches /$1/"; }

# --- 1. a DVIPA known only by its address -------------------------------------------------
begin "ha-ready with --tcpip alone: exit 0, names 'could not verify' with how to declare them"
run check "${HA[@]}" --tcpip samples/ha-ready/PROFILE.TCPIP --format compact
want_rc 0
has "warning: zowe.externalDomains\[0\] is 'umsha.plex1.example.com', a DNS name.*--dvipa umsha.plex1.example.com=10.10.1.100, or dvipa.names in the policy.*\[UHA102\]"
has "warning: components.izp.server.host is 'umsha.plex1.example.com', a DNS name.*\[UHA104\]"
hasnt "error: .*\[UHA10[24]\]"
end

begin "ha-ready with --dvipa ADDR: exit 0"
run check "${HA[@]}" --dvipa 10.10.1.100 --format compact
want_rc 0
has "could not be verified.*\[UHA102\]"
hasnt "error:"
end

begin "ha-ready with --dvipa NAME=ADDR and the profile: no warning at all"
run check "${HA[@]}" --dvipa umsha.plex1.example.com=10.10.1.100 \
    --tcpip samples/ha-ready/PROFILE.TCPIP --format compact
want_rc 0
hasnt "\[UHA10[24]\]"
end

begin "an address that is not the DVIPA still fails"
sed 's/host: umsha.plex1.example.com/host: 10.10.1.99/' samples/ha-ready/ZWEYAML.yaml > "$TMP/ZWEYAML.yaml"
run check -c "FILE(samples/ha-ready/zowe.yaml):PARMLIB(X.P(ZWEYAML))" --parmlib "X.P=$TMP" \
    --dvipa 10.10.1.100 --format compact
want_rc 1
has "error: components.izp.server.host is '10.10.1.99', not the DVIPA.*\[UHA104\]"
end

# --resolve without a network: localhost is in /etc/hosts.
LOCAL=$(getent ahostsv4 localhost 2>/dev/null | awk 'NR == 1 { print $1 }')
cat > "$TMP/local.yaml" <<'Y'
zowe:
  externalDomains: [localhost]
  externalPort: 7554
  logDirectory: /logs
components:
  caching-service:
    enabled: false
  izp:
    enabled: true
    server:
      authType: MFA_JWT
      host: localhost
haInstances:
  a: {hostname: a.example.com, sysname: A}
  b: {hostname: b.example.com, sysname: B}
Y
if [ -n "$LOCAL" ]; then
    begin "--resolve: a name that resolves to the DVIPA passes, with a note"
    run check "$TMP/local.yaml" --dvipa "$LOCAL" --resolve
    want_rc 0
    has "resolves to the DVIPA $LOCAL \(--resolve\)"
    hasnt "UHA10[24].*WARN|could not be verified"
    end
    begin "--resolve: a name that resolves elsewhere fails"
    run check "$TMP/local.yaml" --dvipa 10.99.99.99 --resolve --format compact
    want_rc 1
    has "error: zowe.externalDomains\[0\] is 'localhost' \(it resolves to [0-9.]+\), not the DVIPA.*\[UHA102\]"
    end
    begin "without --resolve the same name is only 'could not verify'"
    run check "$TMP/local.yaml" --dvipa 10.99.99.99 --format compact
    want_rc 0
    has "warning: .*'localhost', a DNS name.*--resolve.*\[UHA102\]"
    end
else
    echo "skip --resolve cases: localhost does not resolve to an IPv4 address here"
fi

begin "no DVIPA declared: one finding says externalDomains[0] and izp host disagree"
sed 's/host: localhost/host: 10.1.1.1/' "$TMP/local.yaml" > "$TMP/disagree.yaml"
run check "$TMP/disagree.yaml" --format compact
has "components.izp.server.host '10.1.1.1' and zowe.externalDomains\[0\] 'localhost' disagree.*\[UHA104\]"
[ "$(grep -c "' disagree" "$TMP/out")" = 1 ] || bad "expected exactly one finding saying they disagree"
end

begin "no DVIPA declared: two different addresses cannot both be the DVIPA"
sed -e 's/host: localhost/host: 10.1.1.1/' -e 's/\[localhost\]/[10.1.1.2]/' "$TMP/local.yaml" > "$TMP/disagree2.yaml"
run check "$TMP/disagree2.yaml" --format compact
want_rc 1
has "error: .*'10.1.1.1' and zowe.externalDomains\[0\] '10.1.1.2' disagree.*\[UHA104\]"
end

# --- 2. invalid DVIPA addresses -----------------------------------------------------------
for bad_dvipa in 'umsha=10.10.1.1000' '10.10.l.100' 'foo bar' 'a b=10.1.1.1'; do
    begin "--dvipa '$bad_dvipa' is a usage error"
    run check "${HA[@]}" --dvipa "$bad_dvipa" --tcpip samples/ha-ready/PROFILE.TCPIP
    want_rc 2
    errhas "invalid --dvipa"
    [ -s "$TMP/out" ] && bad "a report was written for a usage error"
    end
done

begin "--dvipa with a valid IPv6 address is accepted"
run check "$TMP/local.yaml" --dvipa 'localhost=2001:db8::1' --format compact
want_rc 0
hasnt "\[UHA10[24]\]"
end

begin "a policy dvipa.address that is not an address: exit 2 at file:line:col"
printf 'dvipa:\n  address: 10.10.1.1000\n' > "$TMP/p.yaml"
run check "${HA[@]}" --policy "$TMP/p.yaml"
want_rc 2
errhas "p.yaml:2:12: 'dvipa.address' '10.10.1.1000' is not an IPv4 or IPv6 address"
end

begin "a policy dvipa name with blanks: exit 2"
printf 'dvipa:\n  address: 10.10.1.100\n  names: [foo bar]\n' > "$TMP/p2.yaml"
run check "${HA[@]}" --policy "$TMP/p2.yaml"
want_rc 2
errhas "p2.yaml:3:.*'foo bar' is not a DNS name"
end

# --- 3. systems, not instances --------------------------------------------------------------
begin "Zowe's two instances on one LPAR pass; UMS rules N/A with a note for lpar2b"
run check -c 'FILE(samples/ha-two-on-one-lpar/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))' \
    --parmlib IZP.PARMLIB=samples/ha-two-on-one-lpar --dvipa umsha.plex1.example.com=10.10.1.100
want_rc 0
has "^UHA110 +ums-enabled +PASS +PASS +N/A"
has "UHA110 ums-enabled \[lpar2b\] N/A: UMS is disabled here"
has "UHA101 gateway-enabled|UHA101, "
end

begin "UMS on one system only (two instances, one sysname) fails UHA110"
sed -e 's/sysname: LPAR1/sysname: LPAR2/' samples/ha-ready/zowe.yaml > "$TMP/onesys.yaml"
run check -c "FILE($TMP/onesys.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))" --parmlib IZP.PARMLIB=samples/ha-ready \
    --dvipa umsha.plex1.example.com=10.10.1.100 --format compact
want_rc 1
has "error: UMS runs on one system only \(LPAR2: lpar1, lpar2\).*\[UHA110\]"
end

begin "a second instance on a system without a gateway passes UHA101 when the first runs one"
cat > "$TMP/gw.yaml" <<'Y'
haInstances:
  lpar3:
    hostname: lpar2.plex1.example.com
    sysname: LPAR2
    components:
      gateway:
        enabled: false
      zss:
        port: 28542
      app-server:
        enabled: false
      caching-service:
        enabled: false
      discovery:
        enabled: false
      api-catalog:
        enabled: false
      zaas:
        enabled: false
Y
run check -c "FILE($TMP/gw.yaml):FILE(samples/ha-ready/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))" \
    --parmlib IZP.PARMLIB=samples/ha-ready --dvipa umsha.plex1.example.com=10.10.1.100
has "UHA101 gateway-enabled \[lpar3\] PASS: no gateway in this instance; instance 'lpar2' runs the gateway of system LPAR2"
hasnt "\[UHA101\]"
end

# --- 4. --ha-instance narrows what is checked ----------------------------------------------
begin "--ha-instance lpar1 with both defined: no UHA107, one column"
run check "${HA[@]}" --dvipa umsha.plex1.example.com=10.10.1.100 --ha-instance lpar1
want_rc 0
has "^  instances +: lpar1$"
has "^UHA107 +ha-instances +PASS"
has "^RULE +NAME +RESULT$|^RULE +NAME +lpar1$"
end

# --- 5. typos --------------------------------------------------------------------------------
cat > "$TMP/typo.yaml" <<'Y'
zowe:
  externalDomains: [umsha.example.com]
  externalPort: 7554
  logDirectory: /logs
components:
  gatway:
    enabled: true
    port: 7557
  izp:
    enabled: true
    server:
      authtype: MFA_JWT
      host: umsha.example.com
haInstances:
  a:
    hostname: a.example.com
    sysname: SYSA
    components:
      zsss:
        port: 1
  b:
    hostname: b.example.com
    sysname: 1234
Y
begin "typos: did-you-mean for component names and component keys; typos are no listeners"
run check "$TMP/typo.yaml" --dvipa umsha.example.com=10.1.1.1 --format compact
has "typo.yaml:6:3: warning: unknown component 'gatway' under components; did you mean 'gateway'\?.*\[UHA006\]"
has "typo.yaml:19:7: warning: unknown component 'zsss' under haInstances.a.components; did you mean 'zss'\?.*\[UHA006\]"
has "authType is not set.*did you mean 'authtype' at $TMP/typo.yaml:12\?.*\[UHA105\]"
hasnt "\[UHA304\]"
end

# --- issue 13, point 7: hostname and sysname are strings -----------------------------------
begin "sysname: 1234 is an error"
has "typo.yaml:23:14: error: haInstances.b.sysname is a number, not a string.*\[UHA107\]"
end

# --- 6. the CONFIG line as pasted, --map ------------------------------------------------------
mkdir -p "$TMP/local/zowe"
cp samples/ha-ready/zowe.yaml "$TMP/local/zowe/"
begin "-c with CONFIG= and the trailing blanks of an 80-column record, and --map"
line=$(printf '%-80s' 'CONFIG=FILE(/global/zowe/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))')
run check -c "$line" --map "/global/zowe=$TMP/local/zowe" --parmlib IZP.PARMLIB=samples/ha-ready \
    --dvipa umsha.plex1.example.com=10.10.1.100
want_rc 0
has "config layers  : /global/zowe/zowe.yaml = $TMP/local/zowe/zowe.yaml \(--map\)"
end

begin "--map: the longest prefix wins, and a prefix maps whole folders only"
mkdir -p "$TMP/other"
cp samples/ha-ready/zowe.yaml "$TMP/other/zowe.yaml"
run check -c 'FILE(/global/zowe/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))' --map "/global=$TMP/nowhere" \
    --map "/global/zowe/=$TMP/other" --parmlib IZP.PARMLIB=samples/ha-ready --format compact
want_rc 0
run check -c 'FILE(/global/zowe2/zowe.yaml)' --map "/global/zowe=$TMP/other" --format compact
want_rc 2
has "cannot read '/global/zowe2/zowe.yaml'"
end

begin "--map needs /ZPATH=DIR"
run check "${HA[@]}" --map 'global=x'
want_rc 2
errhas "invalid --map"
end

# --- issue 13, point 6: PARMLIB member names as zwe compares them ---------------------------
begin "PARMLIB member names differing in case: exit 2, located"
run check -c 'FILE(samples/ha-ready/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML)):PARMLIB(IZP.X(zweyaml))' \
    --parmlib IZP.PARMLIB=samples/ha-ready --parmlib IZP.X=samples/ha-ready
want_rc 2
errhas "member 'zweyaml' at character 78 of .* differs from 'ZWEYAML'"
end

for member in ZWEYAML12 9ZWE 'ZW.E' ''; do
    begin "PARMLIB member name '$member' is refused"
    run check -c "FILE(samples/ha-ready/zowe.yaml):PARMLIB(IZP.PARMLIB($member))" \
        --parmlib IZP.PARMLIB=samples/ha-ready
    want_rc 2
    errhas "invalid CONFIG"
    end
done

# --- 7. EBCDIC code pages -------------------------------------------------------------------
if iconv -f UTF-8 -t IBM037 < /dev/null > /dev/null 2>&1; then
    cat > "$TMP/flow.yaml" <<'Y'
zowe:
  externalDomains: [umsha.example.com]
  externalPort: 7554
  logDirectory: /logs
Y
    iconv -f UTF-8 -t IBM037 "$TMP/flow.yaml" > "$TMP/flow037.yaml"
    begin "an IBM-037 file read as IBM-1047 gets a code page hint"
    run check "$TMP/flow037.yaml" --format compact
    has "warning: read as IBM-1047, the file has no '\[' or '\]'.*--encoding.*\[UHA001\]"
    end
    begin "--encoding IBM-037 reads it right"
    run check "$TMP/flow037.yaml" --encoding IBM-037 --format compact
    hasnt "\[UHA001\]"
    hasnt "externalDomains is not a list"
    end
    begin "an IBM-1047 file gets no hint"
    iconv -f UTF-8 -t IBM1047 "$TMP/flow.yaml" > "$TMP/flow1047.yaml"
    run check "$TMP/flow1047.yaml" --format compact
    hasnt "\[UHA001\]"
    end
fi
begin "--encoding with a code page iconv does not know: exit 2"
run check "${HA[@]}" --encoding IBM-99999
want_rc 2
errhas "invalid --encoding 'IBM-99999'"
end

# --- 8. reports say what happened ----------------------------------------------------------
begin "the summary counts findings: '1 warning', not '1 warnings'"
run check "$TMP/local.yaml" --dvipa 10.99.99.99
grep -qE "^[0-9]+ passed, 0 failed, 2 warnings$" "$TMP/out" || bad "two warnings not counted"
sed 's/host: localhost/host: 10.99.99.99/' "$TMP/local.yaml" > "$TMP/onewarn.yaml"
run check "$TMP/onewarn.yaml" --dvipa 10.99.99.99
grep -qE "^[0-9]+ passed, 0 failed, 1 warning$" "$TMP/out" || bad "expected '1 warning': $(tail -n 1 "$TMP/out")"
end

begin "a suppressed failure shows SUPPRESSED in the checklist, never PASS, listed once with instances"
mkdir -p "$TMP/sup"
sed 's/authType: MFA_JWT/authType: STANDARD_JWT  # ums-ha-preflight: ignore=UHA105 -- rollout CHG1/' \
    samples/ha-ready/ZWEYAML.yaml > "$TMP/sup/ZWEYAML.yaml"
run check -c "FILE(samples/ha-ready/zowe.yaml):PARMLIB(S.P(ZWEYAML))" --parmlib "S.P=$TMP/sup" \
    --dvipa umsha.plex1.example.com=10.10.1.100
want_rc 0
has "^UHA105 +ums-auth-mfa-jwt +SUPPRESSED +SUPPRESSED$"
hasnt "^UHA105 .*PASS"
[ "$(grep -c ': suppressed: ' "$TMP/out")" = 1 ] || bad "the suppressed finding is not listed exactly once"
has "^    instances: lpar1, lpar2$"
end

begin "an input that cannot be read shows the error, not a table; 2>&1 shows it once"
LAST_CMD="ums-ha-preflight check -c nosuch.yaml 2>&1"
"$UHP_BIN" check -c "$TMP/nosuch.yaml" > "$TMP/out" 2>&1
RC=$?
want_rc 2
hasnt "^RULE "
has "^Not checked: an input could not be read or parsed"
[ "$(grep -c "cannot read '$TMP/nosuch.yaml'" "$TMP/out")" = 1 ] || bad "the error line is not there exactly once"
run check -c "$TMP/nosuch.yaml"
errhas "cannot read '$TMP/nosuch.yaml'"
end

begin "the caret covers the whole value, quotes included"
cat > "$TMP/quoted.yaml" <<'Y'
zowe:
  externalDomains: [umsha.example.com]
  externalPort: "7554"
Y
run check "$TMP/quoted.yaml"
grep -A1 'externalPort: "7554"' "$TMP/out" | grep -qE '^ +\| +\^{6}$' || bad "the caret does not cover '\"7554\"'"
end

begin "TCP/IP findings quote the profile line"
run check "${HA[@]}" --dvipa umsha.plex1.example.com=10.10.1.100 \
    --tcpip samples/tcpip/UHA204-zss-port-distributed/PROFILE.TCPIP
has "^  [0-9]+ \|   VIPADISTRIBUTE DEFINE DISTMETHOD HOTSTANDBY 10.10.1.100$"
has "^ +\|   \^{14}$"
end

begin "NO_COLOR, --color and the man page agree"
run check "${HA[@]}" --dvipa 10.10.1.100 --color always
grep -q $'\033\\[' "$TMP/out" || bad "--color always with NO_COLOR set gives no colour"
run check "${HA[@]}" --dvipa 10.10.1.100 --color auto
grep -q $'\033\\[' "$TMP/out" && bad "colour on a pipe with --color auto"
grep -q 'always' docs/ums-ha-preflight.1 && grep -q 'colours even when' docs/ums-ha-preflight.1 \
    || bad "the man page does not say that --color always wins over NO_COLOR"
"$UHP_BIN" --help 2>&1 | grep -q 'always (even with NO_COLOR)' || bad "--help does not say it"
end

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
