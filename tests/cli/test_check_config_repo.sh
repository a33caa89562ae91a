#!/usr/bin/env bash
# scripts/check-config-repo.sh, the pre-commit hook's and the Action's way to check a
# repository of configurations: with no configuration in its arguments it finds zowe.yaml,
# the ZWEYAML member (upper case: a PARMLIB layer; other case: a FILE layer) and the TCP/IP
# profiles, case ignored; arguments that name one are passed on as they are; an ambiguous
# or missing zowe.yaml, or no binary, is an error (exit 2) that says what to do.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR.
set -u
die() { echo "FAIL: $*" >&2; exit 1; }
[ -x "${UHP_BIN:-}" ] || die "UHP_BIN is not an executable (${UHP_BIN:-unset})"
[ -f "${UHP_SOURCE_DIR:-}/scripts/check-config-repo.sh" ] || die "UHP_SOURCE_DIR must be the repository root"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-cfgrepo.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
TIMEOUT=30
# shellcheck source=harness.sh
. "$UHP_SOURCE_DIR/tests/cli/harness.sh"
SCRIPT=$UHP_SOURCE_DIR/scripts/check-config-repo.sh
S=$UHP_SOURCE_DIR/samples/ha-ready
export UMS_HA_PREFLIGHT=$UHP_BIN NO_COLOR=1

# repo DIR MEMBER_PATH PROFILE_PATH [failing]: zowe.yaml, the member and the profile in DIR,
# the DVIPA named by its address.
repo() {
    mkdir -p "$1/$(dirname "$2")" "$1/$(dirname "$3")"
    sed 's/umsha\.plex1\.example\.com/10.10.1.100/g' "$S/zowe.yaml" > "$1/zowe.yaml"
    sed 's/umsha\.plex1\.example\.com/10.10.1.100/g' "$S/ZWEYAML.yaml" > "$1/$2"
    [ "${4:-}" = failing ] && sed -i 's/authType: MFA_JWT/authType: STANDARD_JWT/' "$1/$2"
    cp "$S/PROFILE.TCPIP" "$1/$3"
}
hook() {
    LAST_CMD="check-config-repo.sh $*"
    (cd "$DIR" && timeout "$TIMEOUT" "$SCRIPT" "$@") > "$TMP/out" 2> "$TMP/err" < /dev/null
    RC=$?
}

DIR=$TMP/upper; repo "$DIR" parmlib/ZWEYAML tcpip/PROFILE.TCPIP
begin "found: zowe.yaml, parmlib/ZWEYAML as the PARMLIB layer, tcpip/PROFILE.TCPIP: ready, exit 0"
hook --format compact
want_rc 0
grep -q "PARMLIB(REPO.PARMLIB(ZWEYAML))' --parmlib REPO.PARMLIB=parmlib --tcpip tcpip/PROFILE.TCPIP" "$TMP/err" \
    || bad "stderr does not show the command found"
end

DIR=$TMP/upper-failing; repo "$DIR" parmlib/ZWEYAML PROFILE.TCPIP failing
begin "found, UHA105 fails: exit 1, the finding at parmlib/ZWEYAML"
hook --format compact
want_rc 1
grep -q "^parmlib/ZWEYAML:[0-9]*:[0-9]*: error: .*\[UHA105\]" "$TMP/out" || bad "no UHA105 finding at parmlib/ZWEYAML"
end

DIR=$TMP/lower; repo "$DIR" cfg/zweyaml.yaml profile.tcpip failing
begin "lower-case names: zweyaml.yaml as a FILE layer, profile.tcpip found; UHA105 fails, exit 1"
hook --format compact
want_rc 1
grep -q "FILE(zowe.yaml):FILE(cfg/zweyaml.yaml)' --tcpip profile.tcpip" "$TMP/err" || bad "stderr does not show the FILE layer"
grep -q "^cfg/zweyaml.yaml:.*\[UHA105\]" "$TMP/out" || bad "no UHA105 finding at cfg/zweyaml.yaml"
end

begin "arguments that name the configuration are passed on: no search"
hook -c "FILE($S/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))" --parmlib "IZP.PARMLIB=$S" \
    --dvipa umsha.plex1.example.com=10.10.1.100 --tcpip "$S/PROFILE.TCPIP" --format compact
want_rc 0
[ -s "$TMP/err" ] && bad "stderr is not empty: $(head -n 1 "$TMP/err")"
end

begin "--manifest=FILE names the configuration too (a missing manifest: exit 2 from check)"
hook --manifest=missing-sets.yaml
want_rc 2
grep -q "missing-sets.yaml" "$TMP/out" "$TMP/err" || bad "the missing manifest is not named"
grep -q "^ums-ha-preflight check -c" "$TMP/err" && bad "searched although --manifest was given"
end

DIR=$TMP/two; repo "$DIR" parmlib/ZWEYAML PROFILE.TCPIP; mkdir -p "$DIR/plex2"; cp "$DIR/zowe.yaml" "$DIR/plex2/ZOWE.yml"
begin "two zowe.yaml files: exit 2, both named, asks for -c or --manifest"
hook
want_rc 2
grep -q "found 2 zowe.yaml files (plex2/ZOWE.yml zowe.yaml)" "$TMP/err" || bad "the two files are not named"
grep -q -- "-c or --manifest" "$TMP/err" || bad "does not say what to do"
end

DIR=$TMP/none; mkdir -p "$DIR"
begin "no zowe.yaml: exit 2"
hook
want_rc 2
grep -q "found 0 zowe.yaml files" "$TMP/err" || bad "does not say none was found"
end

DIR=$TMP/upper
begin "no binary: exit 2, says how to install"
LAST_CMD="UMS_HA_PREFLIGHT=/nonexistent/ums-ha-preflight check-config-repo.sh"
(cd "$DIR" && UMS_HA_PREFLIGHT=/nonexistent/ums-ha-preflight "$SCRIPT") > "$TMP/out" 2> "$TMP/err"
RC=$?
want_rc 2
grep -q "cannot run '/nonexistent/ums-ha-preflight': install ums-ha-preflight" "$TMP/err" || bad "no install hint"
end

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
