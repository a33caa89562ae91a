#!/usr/bin/env bash
# The command line itself (SPEC sections 1, 2 and 6): --help, --version, usage errors,
# unreadable inputs, rules, explain, PARMLIB members, several report formats in one run.
#
# Environment (set by ctest): UHP_BIN (the binary), UHP_SOURCE_DIR (repository root).
set -u

die() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ] || die "UHP_BIN must name the built binary (got '${UHP_BIN:-}')"
[ -n "${UHP_SOURCE_DIR:-}" ] && [ -d "$UHP_SOURCE_DIR/samples/ha-ready" ] \
    || die "UHP_SOURCE_DIR must be the repository root (got '${UHP_SOURCE_DIR:-}')"
cd "$UHP_SOURCE_DIR" || die "cannot cd to $UHP_SOURCE_DIR"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-basics.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
TIMEOUT=${UHP_TEST_TIMEOUT:-60}

HARNESS_STDOUT_LINES=8 HARNESS_STDERR_LINES=8
# shellcheck source=tests/cli/harness.sh
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
nonempty() { [ -s "$TMP/$1" ] || bad "$1 is empty"; }
empty() { [ ! -s "$TMP/$1" ] || bad "$1 should be empty, has: $(head -n 1 "$TMP/$1")"; }
has() { grep -q -- "$2" "$TMP/$1" || bad "$1 does not match /$2/"; }
has_i() { grep -qi -- "$2" "$TMP/$1" || bad "$1 does not match /$2/ (any case)"; }

HA=samples/ha-ready
HA_ARGS=(-c "FILE($HA/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))" --parmlib "IZP.PARMLIB=$HA"
         --dvipa umsha.plex1.example.com=10.10.1.100)

# --- --help, --version, usage errors -------------------------------------------------
begin "--help prints usage to stdout, exit 0"
run --help
want_rc 0; nonempty out; empty err
has out 'check'; has out 'rules'; has out 'explain'; has out '--format'; has out '--parmlib'
end

begin "--version prints the version, exit 0"
run --version
want_rc 0; nonempty out
grep -Eq '[0-9]+\.[0-9]+\.[0-9]+' "$TMP/out" || bad "no version number (N.N.N) in stdout"
end

begin "unknown option: message on stderr naming it, exit 2"
run --no-such-option
want_rc 2; nonempty err; empty out; has err 'no-such-option'
end

begin "check with an unknown option: stderr, exit 2"
run check --no-such-option "$HA/zowe.yaml"
want_rc 2; nonempty err; has err 'no-such-option'
end

begin "check --format with an unknown format: exit 2"
run check --format bogusfmt "${HA_ARGS[@]}"
want_rc 2; has err 'bogusfmt'
end

begin "check --fail-on with a bad level: exit 2"
run check --fail-on sometimes "${HA_ARGS[@]}"
want_rc 2; nonempty err
end

# --- inputs that cannot be read: one clear line naming the file, exit 2 ---------------
# bad_input NAME FILE REGEX: `check FILE --format compact` exits 2; stderr is exactly one
# line, naming FILE and matching REGEX; the report (stdout) still holds the input error
# as a finding for FILE (SPEC 2: "the report is still written, with the input error").
bad_input() {
    local file=$2 re=$3 n
    begin "check on $1: one line naming the file, exit 2"
    run check --format compact "$file"
    want_rc 2
    n=$(wc -l < "$TMP/err")
    if [ "$n" -ne 1 ]; then
        bad "expected exactly one line on stderr, got $n"
    elif ! grep -qF -- "$file" "$TMP/err"; then
        bad "the stderr line does not name $file"
    elif ! grep -Eq -- "$re" "$TMP/err"; then
        bad "the stderr line does not match /$re/"
    fi
    grep -F -- "$file" "$TMP/out" | grep -q '\[UHA0[0-9][0-9]\]' \
        || bad "the compact report has no input finding for $file"
    end
}
: > "$TMP/empty.yaml"
mkdir "$TMP/adir.yaml"
printf 'zowe:\n  externalPort: 7554\n logDirectory: /global/zowe/logs\n' > "$TMP/bad.yaml"
bad_input "a missing file" "$TMP/no-such-zowe.yaml" '.'
bad_input "an empty file" "$TMP/empty.yaml" '.'
bad_input "a directory" "$TMP/adir.yaml" '.'
# libyaml: "did not find expected key" at line 3, column 2 (the under-indented key).
bad_input "bad YAML" "$TMP/bad.yaml" "$TMP/bad.yaml:3:2\\b"

begin "bad YAML is reported as UHA001 in the compact report"
run check --format compact "$TMP/bad.yaml"
want_rc 2; has out '\[UHA001\]'
end

# --- rules and explain ---------------------------------------------------------------
ALL_RULES="UHA001 UHA002 UHA003 UHA004 UHA005 UHA006 UHA007
UHA101 UHA102 UHA103 UHA104 UHA105 UHA106 UHA107 UHA108 UHA109 UHA110
UHA201 UHA202 UHA203 UHA204 UHA205 UHA206 UHA207 UHA208 UHA209
UHA301 UHA302 UHA303 UHA304 UHA305 UHA306"
begin "rules lists every rule id with its name and default severity"
run rules
want_rc 0
for id in $ALL_RULES; do grep -qw "$id" "$TMP/out" || bad "rule $id missing"; done
for pair in UHA001:yaml-syntax UHA002:duplicate-key UHA003:yaml-alias UHA004:input-limit \
            UHA005:template-syntax UHA006:unknown-key UHA007:value-type \
            UHA101:gateway-enabled UHA102:dvipa-first-external-domain \
            UHA103:external-port-gateway UHA104:ums-host-dvipa UHA105:ums-auth-mfa-jwt \
            UHA106:ums-unsupported-product UHA107:ha-instances UHA108:ha-instance-id \
            UHA109:log-directory UHA110:ums-enabled UHA201:profile-syntax \
            UHA202:dvipa-defined UHA203:ums-port-hotstandby UHA204:zss-port-distributed \
            UHA205:external-port-distributed UHA206:hotstandby-targets \
            UHA207:distmethod-keywords UHA208:targets-match-instances \
            UHA209:duplicate-dvipa-definition UHA301:caching-storage-ha \
            UHA302:caching-infinispan-hosts UHA303:one-gateway-per-lpar \
            UHA304:port-collision UHA305:instance-hostnames UHA306:configmgr-disabled; do
    id=${pair%%:*} name=${pair#*:}
    grep -w "$id" "$TMP/out" | grep -qw -- "$name" || bad "rule $id is not listed with its name $name"
done
# Default severities (SPEC section 4): warnings are UHA109, UHA208, UHA302, UHA306.
for id in UHA109 UHA208 UHA302 UHA306; do
    grep -w "$id" "$TMP/out" | grep -qw warning || bad "$id should default to warning"
done
for id in UHA101 UHA105 UHA203; do
    grep -w "$id" "$TMP/out" | grep -qw error || bad "$id should default to error"
done
end

begin "explain UHA105 prints the rule doc"
run explain UHA105
want_rc 0; has out 'UHA105'; has out 'MFA_JWT'; has out 'STANDARD_JWT'
cp "$TMP/out" "$TMP/explain-id"
end

begin "explain ums-auth-mfa-jwt prints the same doc as explain UHA105"
run explain ums-auth-mfa-jwt
want_rc 0; has out 'MFA_JWT'
cmp -s "$TMP/out" "$TMP/explain-id" || bad "output differs from 'explain UHA105'"
end

begin "explain UHA108 shows the instance-id rule"
run explain UHA108
want_rc 0; has out 'UHA108'; has out 'a-z0-9_'
end

begin "explain NOPE: error on stderr, exit 2"
run explain NOPE
want_rc 2; nonempty err; has err 'NOPE'
end

# --- config specs: FILE()/PARMLIB() strings, repeated -c, positional paths ----------------
begin "ha-ready as FILE():PARMLIB(): exit 0"
run check "${HA_ARGS[@]}" --format compact
want_rc 0
end

begin "ha-ready as repeated -c FILE: exit 0"
run check -c "$HA/zowe.yaml" -c "$HA/ZWEYAML.yaml" --dvipa umsha.plex1.example.com=10.10.1.100 --format compact
want_rc 0
end

begin "ha-ready as positional paths: exit 0"
run check --dvipa umsha.plex1.example.com=10.10.1.100 --format compact "$HA/zowe.yaml" "$HA/ZWEYAML.yaml"
want_rc 0
end

begin "ha-ready as FILE():FILE(): exit 0"
run check -c "FILE($HA/zowe.yaml):FILE($HA/ZWEYAML.yaml)" --dvipa umsha.plex1.example.com=10.10.1.100 --format compact
want_rc 0
end

begin "'-' reads zowe.yaml from standard input: exit 0"
LAST_CMD="$UHP_BIN check -c - -c $HA/ZWEYAML.yaml --dvipa ... < $HA/zowe.yaml"
timeout "$TIMEOUT" "$UHP_BIN" check -c - -c "$HA/ZWEYAML.yaml" --dvipa umsha.plex1.example.com=10.10.1.100 \
    --format compact < "$HA/zowe.yaml" > "$TMP/out" 2> "$TMP/err"
RC=$?
want_rc 0
end

begin "'-' on standard input with a failing config: findings, exit 1"
sed 's/authType: MFA_JWT/authType: STANDARD_JWT/' "$HA/ZWEYAML.yaml" > "$TMP/zweyaml-std.yaml"
LAST_CMD="$UHP_BIN check -c $HA/zowe.yaml -c - ... < $TMP/zweyaml-std.yaml"
timeout "$TIMEOUT" "$UHP_BIN" check -c "$HA/zowe.yaml" -c - --dvipa umsha.plex1.example.com=10.10.1.100 \
    --format compact < "$TMP/zweyaml-std.yaml" > "$TMP/out" 2> "$TMP/err"
RC=$?
want_rc 1; has out '\[UHA105\]'
end

begin "left-most wins: an override file given first decides server.host (empty: UHA104 there)"
# A higher-priority layer with server.host empty overrides the DVIPA host of ZWEYAML.
printf 'components:\n  izp:\n    server:\n      host: ""\n' > "$TMP/override.yaml"
run check -c "FILE($TMP/override.yaml):FILE($HA/zowe.yaml):FILE($HA/ZWEYAML.yaml)" \
    --dvipa umsha.plex1.example.com=10.10.1.100 --format compact
want_rc 1; has out '\[UHA104\]'
grep -F '[UHA104]' "$TMP/out" | grep -qF "$TMP/override.yaml:4:" || bad "UHA104 not located at $TMP/override.yaml:4"
end

# PARMLIB members as DIR/MEMBER, DIR/MEMBER.yaml (ha-ready itself) and DIR/MEMBER.yml.
mkdir -p "$TMP/plain" "$TMP/yml"
cp "$HA/ZWEYAML.yaml" "$TMP/plain/ZWEYAML"
cp "$HA/ZWEYAML.yaml" "$TMP/yml/ZWEYAML.yml"
for d in plain yml; do
    begin "PARMLIB member found as $d file"
    run check -c "FILE($HA/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))" --parmlib "IZP.PARMLIB=$TMP/$d" \
        --dvipa umsha.plex1.example.com=10.10.1.100 --format compact
    want_rc 0
    end
done

begin "PARMLIB member that does not exist: names the member, exit 2"
run check -c "FILE($HA/zowe.yaml):PARMLIB(IZP.PARMLIB(NOSUCH))" --parmlib "IZP.PARMLIB=$HA" --format compact
want_rc 2
cat "$TMP/out" "$TMP/err" | grep -q 'NOSUCH' || bad "no message names member NOSUCH"
end

begin "PARMLIB data set with no --parmlib mapping: exit 2"
run check -c "FILE($HA/zowe.yaml):PARMLIB(OTHER.PARMLIB(ZWEYAML))" --parmlib "IZP.PARMLIB=$HA" --format compact
want_rc 2
cat "$TMP/out" "$TMP/err" | grep -q 'OTHER.PARMLIB' || bad "no message names OTHER.PARMLIB"
end

begin "PARMLIB entries naming different members: clear error, exit 2"
cp "$HA/ZWEYAML.yaml" "$TMP/plain/ZWEOTHER"
run check -c "FILE($HA/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML)):PARMLIB(IZP.PARMLIB(ZWEOTHER))" \
    --parmlib "IZP.PARMLIB=$TMP/plain" --format compact
want_rc 2
cat "$TMP/out" "$TMP/err" | grep -qi 'member' || bad "the message does not say 'member'"
cat "$TMP/out" "$TMP/err" | grep -q 'ZWEOTHER' || bad "the message does not name ZWEOTHER"
end

begin "--parmlib without DSN=DIR: exit 2"
run check --parmlib "IZP.PARMLIB" "$HA/zowe.yaml"
want_rc 2; nonempty err
end

# --- several formats in one run, --fail-on ------------------------------------------------
F105=samples/fail/UHA105-ums-auth-mfa-jwt
F105_ARGS=(-c "FILE($F105/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))" --parmlib "IZP.PARMLIB=$F105"
           --dvipa umsha.plex1.example.com=10.10.1.100)
begin "--format json=PATH --format compact writes both"
run check "${F105_ARGS[@]}" --format "json=$TMP/report.json" --format compact
want_rc 1
grep -q '\[UHA105\]' "$TMP/out" || bad "compact report on stdout lacks [UHA105]"
grep -q '^[[:space:]]*[{[]' "$TMP/out" && bad "stdout holds JSON, should be only the compact report"
if [ -s "$TMP/report.json" ]; then
    python3 -m json.tool "$TMP/report.json" > /dev/null 2>&1 || bad "$TMP/report.json is not valid JSON"
    grep -q 'UHA105' "$TMP/report.json" || bad "JSON report lacks UHA105"
else
    bad "JSON report $TMP/report.json not written"
fi
end

begin "exit status does not depend on --format (json only: still 1)"
run check "${F105_ARGS[@]}" --format json
want_rc 1
python3 -m json.tool "$TMP/out" > /dev/null 2>&1 || bad "stdout is not valid JSON"
end

R109=samples/fail/UHA109-log-directory-relative
R109_ARGS=(-c "FILE($R109/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))" --parmlib "IZP.PARMLIB=$R109"
           --dvipa umsha.plex1.example.com=10.10.1.100)
begin "--fail-on error: a warning (UHA109) alone exits 0"
run check "${R109_ARGS[@]}" --format compact --fail-on error
want_rc 0; has out '\[UHA109\]'
end

begin "--fail-on warning: a warning (UHA109) exits 1"
run check "${R109_ARGS[@]}" --format compact --fail-on warning
want_rc 1; has out '\[UHA109\]'
end

begin "rule name accepted in place of id (explain log-directory)"
run explain log-directory
want_rc 0; has out 'UHA109'
end

echo "test_cli_basics: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
