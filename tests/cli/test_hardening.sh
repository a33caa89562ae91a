#!/usr/bin/env bash
# Hardening against a hostile repository (issue 14): inputs that are not regular files
# (FIFOs as config, profile, policy, manifest, PARMLIB member, and a FIFO policy in a
# parent folder) are refused at once with exit 2, never read; report paths are safe;
# policies are visible; manifests stay in the tree; numbers that do not fit are refused;
# control and bidirectional characters are escaped; TCP/IP INCLUDE is noted.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR.
set -u

die() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ] || die "UHP_BIN must name the built binary"
[ -n "${UHP_SOURCE_DIR:-}" ] && [ -d "$UHP_SOURCE_DIR/samples/ha-ready" ] \
    || die "UHP_SOURCE_DIR must be the repository root"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-hardening.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
unset GITHUB_ACTIONS
TIMEOUT=${UHP_TEST_TIMEOUT:-20}
HA="$UHP_SOURCE_DIR/samples/ha-ready"

# shellcheck source=tests/cli/harness.sh
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
has() { grep -Eq -- "$2" "$TMP/$1" || bad "$1 does not match /$2/"; }
lacks() { ! grep -Eq -- "$2" "$TMP/$1" || bad "$1 matches /$2/ but should not"; }

cp "$HA/zowe.yaml" "$HA/ZWEYAML.yaml" "$HA/PROFILE.TCPIP" "$TMP/"
mkfifo "$TMP/fifo.yaml"
OK_ARGS=(--no-policy --dvipa umsha.plex1.example.com=10.10.1.100)

# ---- 4. Inputs that are not regular files -----------------------------------------------
cd "$TMP" || die "cd"
begin "a FIFO as the config is refused, not read"
run check "${OK_ARGS[@]}" fifo.yaml --format compact
want_rc 2; has out "fifo.yaml.*not a regular file"
end

begin "a FIFO as the TCP/IP profile is refused"
run check "${OK_ARGS[@]}" zowe.yaml --tcpip fifo.yaml --format compact
want_rc 2; has out "fifo.yaml.*not a regular file"
end

begin "a FIFO as --policy is refused"
run check --policy fifo.yaml zowe.yaml
want_rc 2; has err "fifo.yaml.*not a regular file"
end

begin "a FIFO as the manifest is refused"
run check --no-policy --manifest fifo.yaml
want_rc 2; has err "fifo.yaml.*not a regular file"
end

mkdir -p pl && mkfifo pl/ZWEYAML
begin "a FIFO as the PARMLIB member is refused"
run check "${OK_ARGS[@]}" -c 'FILE(zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))' \
    --parmlib IZP.PARMLIB=pl --format compact
want_rc 2; has out "ZWEYAML.*not a regular file"
end

mkdir -p up/repo/.git up/repo/sub && mkfifo up/repo/.ums-ha-preflight.yaml
cp zowe.yaml up/repo/sub/
cd up/repo/sub || die "cd"
begin "a FIFO policy in a parent folder does not hang the run below it"
run check zowe.yaml --format compact
want_rc 2; has err "ums-ha-preflight.yaml.*not a regular file"
end
cd "$TMP" || die "cd"

begin "standard input is still read"
LAST_CMD="ums-ha-preflight check - < zowe.yaml"
timeout "$TIMEOUT" "$UHP_BIN" check "${OK_ARGS[@]}" - --format compact < zowe.yaml > "$TMP/out" 2> "$TMP/err"
RC=$?
[ "$RC" -lt 2 ] || bad "stdin: exit $RC"
end

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
