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


# ---- 6. Report paths ----------------------------------------------------------------------
RUN_ARGS=("${OK_ARGS[@]}" -c 'FILE(zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))' --parmlib IZP.PARMLIB=.)
cp zowe.yaml zowe.orig
begin "a report path that is an input is refused and the input stays"
run check "${RUN_ARGS[@]}" --format sarif=zowe.yaml
want_rc 2; has err "report path 'zowe.yaml' is an input"
cmp -s zowe.yaml zowe.orig || bad "zowe.yaml was changed"
end

begin "a PARMLIB member as the report path is refused"
run check "${RUN_ARGS[@]}" --format json=./ZWEYAML.yaml
want_rc 2; has err "is an input"
end

begin "two formats at one path are refused"
run check "${RUN_ARGS[@]}" --format sarif=r.out --format json=./r.out
want_rc 2; has err "two --format options write to"
[ -e r.out ] && bad "r.out was written"
end

begin "a symbolic link planted at the old temporary name does not redirect the write"
echo "victim" > victim
for pid in $(seq $$ $(( $$ + 200 ))); do ln -sf victim "rep.json.tmp.$pid"; done
run check "${RUN_ARGS[@]}" --format json=rep.json
want_rc 0
[ "$(cat victim)" = "victim" ] || bad "the planted link redirected the report into victim"
has rep.json '"version"'
end
rm -f rep.json.tmp.*

# A FIFO of our own stands for /dev/null: the old code, run as root, replaced the device.
mkfifo report.pipe
begin "a special file as the report path is written directly, not replaced"
timeout "$TIMEOUT" cat report.pipe > pipe.got &
reader=$!
run check "${RUN_ARGS[@]}" --format sarif=report.pipe
want_rc 0
wait "$reader" 2> /dev/null
[ -p report.pipe ] || bad "report.pipe is no longer a FIFO: the report replaced it"
grep -q '"version": "2.1.0"' pipe.got || bad "the reader of the FIFO got no SARIF report"
end

begin "an unwritable report is exit 2 with the reason"
run check "${RUN_ARGS[@]}" --format json=nodir/x.json
want_rc 2; has err "cannot write 'nodir/x.json': No such file"
end

# ---- 10. Numbers that do not fit ------------------------------------------------------------
for bad_value in "--max-size=-1" "--max-scalar=-1" "--max-size=18014398509481985K" \
                 "--max-size=99999999999999999999" "--max-size= 5"; do
    begin "refused: $bad_value"
    run check "${RUN_ARGS[@]}" "${bad_value%%=*}" "${bad_value#*=}"
    want_rc 2; has err "invalid ${bad_value%%=*}"
    end
done

begin "an unreadable --tcpip file is one UHA201 error, not UHA202-UHA205 findings"
run check "${RUN_ARGS[@]}" --tcpip missing.tcpip --format compact
want_rc 2; has out "missing.tcpip.*UHA201"
lacks out "UHA20[2-5]"
end

# ---- 11. Bidirectional and invisible characters are escaped in every format --------------
printf 'zowe:\n  externalDomains: [\xe2\x80\xaeumsha.example.com\xe2\x81\xa6]\n  externalPort: "7554\xe2\x80\xae"\n  logDirectory: x\xe2\x80\x8b\n' > bidi.yaml
for fmt in text compact json sarif junit github markdown; do
    begin "bidi controls escaped: $fmt"
    run check --no-policy --dvipa 10.1.1.1 bidi.yaml --format "$fmt"
    want_rc 1
    cat "$TMP/err" >> "$TMP/out"
    LC_ALL=C grep -q -P '\xe2\x80[\xaa-\xae\x8b]|\xe2\x81[\xa6-\xa9]' "$TMP/out" && bad "a raw control character in the report"
    grep -q 'u202e' "$TMP/out" || bad "no visible \\u202e in the report"
    end
done

# ---- 12. TCP/IP INCLUDE is noted, never opened ------------------------------------------------
cat > PROF.TCPIP <<'EOF'
; the main profile
INCLUDE SYS1.TCPPARMS(VIPADYN)
VIPADYNAMIC
  VIPADEFINE 255.255.255.0 10.10.1.100
ENDVIPADYNAMIC
EOF
begin "an INCLUDE is a warning, and UHA203-UHA205 say the statement may be in it"
run check "${RUN_ARGS[@]}" --tcpip PROF.TCPIP --format compact
want_rc 1
has out "PROF.TCPIP:2:1: warning: the profile INCLUDEs 'SYS1.TCPPARMS\\(VIPADYN\\)', which was not read.*\\[UHA201\\]"
for r in UHA203 UHA204 UHA205; do
    has out "may be in 'SYS1.TCPPARMS\\(VIPADYN\\)'.*\\[$r\\]"
done
[ -e VIPADYN ] && bad "a file VIPADYN exists: the test needs it not to"
end

printf 'VIPADYNAMIC\nENDVIPADYNAMIC\n' > VIPADYN.txt
begin "an INCLUDE whose member is given with --tcpip is not reported"
run check "${RUN_ARGS[@]}" --tcpip PROF.TCPIP --tcpip VIPADYN.txt --format compact
lacks out "INCLUDE"
end

# ---- 5. Sizes: linear or n log n, and a total budget per set --------------------------------
python3 - <<'EOF'
with open('dist.tcpip', 'w') as f:
    f.write("VIPADYNAMIC\n  VIPADEFINE 255.255.255.0 10.10.1.100\n")
    for i in range(50000):
        a = "10.%d.%d.%d" % ((i >> 16) & 255, (i >> 8) & 255, i & 255)
        f.write("  VIPADISTRIBUTE DEFINE DISTMETHOD HOTSTANDBY %s PORT 12023 "
                "DESTIP 10.20.1.1 PREFERRED 10.20.1.2 BACKUP\n" % a)
    f.write("ENDVIPADYNAMIC\n")
with open('dest.tcpip', 'w') as f:
    f.write("VIPADYNAMIC\n  VIPADEFINE 255.255.255.0 10.10.1.100\n"
            "  VIPADISTRIBUTE DEFINE DISTMETHOD HOTSTANDBY 10.10.1.100 PORT 12023 DESTIP\n")
    for i in range(200000):
        f.write("    10.%d.%d.%d %s\n" % ((i >> 16) & 255, (i >> 8) & 255, i & 255,
                                         "PREFERRED" if i == 0 else "BACKUP"))
    f.write("ENDVIPADYNAMIC\n")
with open('big.yaml', 'w') as f:
    f.write("zowe:\n  x:\n")
    for i in range(30000):
        f.write("    k%d: %s\n" % (i, "v" * 100))
EOF
begin "50,000 distributions (UHA202 looks each definition up in an index)"
TIMEOUT=60 run check "${RUN_ARGS[@]}" --tcpip dist.tcpip --format compact --max-size 64M
want_rc 1; has out "UHA202"
end

begin "200,000 DESTIP targets (UHA206 and UHA208 sort them; pairwise took minutes)"
TIMEOUT=30 run check "${RUN_ARGS[@]}" --tcpip dest.tcpip --format compact
want_rc 1; has out "lists 200000 DESTIP targets.*UHA208"
end

spec=FILE\(big.yaml\); for _ in $(seq 2 32); do spec="$spec:FILE(big.yaml)"; done
begin "32 layers of one 3 MB file stop at the total budget of a set"
run check --no-policy -c "$spec" --max-size 4M --format compact
want_rc 2; has out "big.yaml:1:1: error: the inputs of this set add up to more than 16777216 bytes.*UHA004"
end

# ---- 8 and 9. Manifests: paths stay in the tree; one bad set loses nothing ------------------
mkdir -p mrepo/.git mrepo/plex && cp zowe.yaml ZWEYAML.yaml mrepo/plex/
echo "root:x:0:0:SECRETLINE:/root:/bin/bash" > outside.txt
cat > mrepo/sets.yaml <<'EOF'
sets:
  - name: good
    config: ["FILE(plex/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))"]
    parmlib: [IZP.PARMLIB=plex]
    dvipa: [umsha.plex1.example.com=10.10.1.100]
  - name: stale
    config: ["FILE(plex/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))"]
    parmlib: [IZP.PARMLIB=plex]
    ha-instances: [lpar9]
  - name: escape
    config: [../outside.txt]
EOF
for fmt in text json sarif; do
    begin "a manifest path outside the repository is refused ($fmt)"
    run check --no-policy --manifest mrepo/sets.yaml --format "$fmt"
    want_rc 2
    lacks out SECRETLINE
    has out "outside the repository"
    end
done

begin "a stale ha-instances set: its error at its manifest line, the other sets reported"
run check --no-policy --manifest mrepo/sets.yaml --format compact
want_rc 2
has out "^mrepo/sets.yaml:6:5: error: \\[set stale\\] --ha-instance 'lpar9'"
has out "^mrepo/sets.yaml:10:5: error: \\[set escape\\] '.*outside.txt' is outside"
has err "^mrepo/sets.yaml:6:5: error: \\[set stale\\]"
end

begin "the good set of that manifest is still checked"
run check --no-policy --manifest mrepo/sets.yaml --format text
want_rc 2
has out "PASS +good +38 passed"
end

begin "--allow-outside lets a manifest leave the repository"
run check --no-policy --allow-outside --manifest mrepo/sets.yaml --format compact
want_rc 2
lacks out "is outside the repository"
end

# ---- 7. Policies are visible, and found only where they belong -------------------------------
mkdir -p pol/home/proj/sub && cp zowe.yaml pol/home/proj/sub/
printf 'bogus: planted above the home folder\n' > pol/.ums-ha-preflight.yaml
cd pol/home/proj/sub || die "cd"
begin "outside a repository the search stops at the home folder"
HOME="$TMP/pol/home" run check zowe.yaml --format compact
[ "$RC" -lt 2 ] || bad "the policy above the home folder was read (exit $RC)"
lacks err "bogus"
end
printf 'rules:\n  UHA107: off\n  UHA109: info\n' > "$TMP/pol/home/.ums-ha-preflight.yaml"
for fmt in text compact junit github; do
    begin "the policy found and what it changes are named ($fmt)"
    HOME="$TMP/pol/home" run check zowe.yaml --format "$fmt"
    has out "\\.\\./\\.\\./\\.ums-ha-preflight\\.yaml \\(found by walking up from the working directory\\): turns off UHA107; UHA109 made info"
    end
done
begin "a policy given with --policy is named in json"
HOME="$TMP/pol/home" run check --policy "$TMP/pol/home/.ums-ha-preflight.yaml" zowe.yaml --format json
python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["inputs"]["policy"]; sys.exit(0 if p["discovered"] is False and p["rules"] == {"UHA107": "off", "UHA109": "info"} else 1)' "$TMP/out" || bad "inputs.policy is wrong"
end
cd "$TMP" || die "cd"

# ---- 10. Running out of memory within the limits is the limits' fault: exit 2, named ----------
python3 -c '
with open("oom.yaml", "w") as f:
    f.write("zowe:\n  x:\n")
    for i in range(150000):
        f.write("    k%d: %s\n" % (i, "v" * 60))
'
begin "out of memory on input within the limits: exit 2, the limits named"
LAST_CMD="(ulimit -v 40000; ums-ha-preflight check oom.yaml --max-size 64M --max-nodes 100000000 --jobs 1)"
(ulimit -v 40000; exec "$UHP_BIN" check --no-policy oom.yaml --max-size 64M --max-nodes 100000000 \
    --jobs 1 --format compact) > "$TMP/out" 2> "$TMP/err"
RC=$?
if grep -q -i "sanitizer" "$TMP/err"; then
    echo "skip (a sanitizer build cannot run under ulimit -v)"
else
    want_rc 2
    has err "out of memory checking inputs within the limits \\(--max-size 67108864, --max-nodes 100000000"
fi
end

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
