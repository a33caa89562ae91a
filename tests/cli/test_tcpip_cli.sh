#!/usr/bin/env bash
# The TCP/IP profile (--tcpip) through the command line: IBM's documented examples parse
# clean, a syntax error in the middle of a block reports every statement TCP/IP then ignores,
# and bad profiles (binary junk, an unterminated block, a missing file, 100,000 lines) give
# findings or exit status 2, never a crash or a hang.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR, UHP_SHARED_DIR (optional).
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "${UHP_BIN:-}" ] || fail "UHP_BIN is not an executable file"
cd "${UHP_SOURCE_DIR:?}" || fail "cannot cd to UHP_SOURCE_DIR"
[ -f samples/ha-ready/zowe.yaml ] || { echo "skip: samples/ha-ready is missing"; exit 77; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-tcpip.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
TIMEOUT=${UHP_TEST_TIMEOUT:-60}
errors=0

BASE=(-c 'FILE(samples/ha-ready/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))'
      --parmlib IZP.PARMLIB=samples/ha-ready)
DV=umsha.plex1.example.com=10.10.1.100

# Runs check with BASE, the DVIPA and the profiles given; output in $OUT, status in $RC.
run() {
    timeout "$TIMEOUT" "$UHP_BIN" check "${BASE[@]}" "$@" --format compact > "$TMP/out" \
        2> "$TMP/err"
    RC=$?
    OUT=$(cat "$TMP/out")
}

# expect NAME CONDITION-DESCRIPTION: reports a failed check with the output.
bad() {
    echo "FAIL $1: $2"
    echo "$OUT" | head -n 20 | sed 's/^/   | /'
    sed 's/^/   ! /' "$TMP/err" | head -n 5
    errors=$((errors + 1))
}
ok() { echo "ok   $1"; }

# 1. IBM's UMS sample ("Preparing for high availability") with its placeholders filled in.
cat > "$TMP/ibm-ums.tcpip" <<'P'
VIPADYNAMIC
  VIPADEFINE       255.255.255.0 10.10.1.100
    VIPADISTRIBUTE
       DISTMETHOD HOTSTANDBY 10.10.1.100 PORT 12023
       DESTIP
          10.20.1.1 PREFERRED
          10.20.1.2 BACKUP
ENDVIPADYNAMIC
P
run --dvipa "$DV" --tcpip "$TMP/ibm-ums.tcpip"
if grep -q 'UHA201\|UHA202\|UHA203\|UHA206' <<< "$OUT"; then
    bad ibm-ums-sample "unexpected finding"
elif ! grep -q "^$TMP/ibm-ums.tcpip:[0-9]*:[0-9]*: error: the ZSS port 7557 .*\[UHA204\]" \
        <<< "$OUT"; then
    bad ibm-ums-sample "IBM's sample distributes only the UMS port, so UHA204 should fail"
else ok ibm-ums-sample; fi

# 2. Zowe's Sysplex Distributor example, abbreviations and lower case, no --dvipa: the DVIPA
#    comes from the profile.
cat > "$TMP/zowe-sd.tcpip" <<'P'
  vipadynamic
   vipadef  255.255.255.0 10.10.1.100
   vipadist define distm hotstandby noautoswitchback 10.10.1.100 ; the DVIPA
     port 7554
     ; UMS and ZSS share the statement
     7557 12023 destip
      10.20.1.1  preferred
      10.20.1.2  backup
  endvipadynamic
P
run --tcpip "$TMP/zowe-sd.tcpip"
uha2=$(grep '\[UHA2' <<< "$OUT")
timeout "$TIMEOUT" "$UHP_BIN" check "${BASE[@]}" --tcpip "$TMP/zowe-sd.tcpip" --format text \
    > "$TMP/out" 2> "$TMP/err"
OUT=$(cat "$TMP/out")
if [ -n "$uha2" ]; then OUT=$uha2; bad zowe-sd "unexpected UHA2xx finding"
elif ! grep -q 'DVIPA.*10\.10\.1\.100.*TCP/IP profile' <<< "$OUT"; then
    bad zowe-sd "the DVIPA taken from the profile is not shown"
elif ! grep -Eq '^UHA203 +ums-port-hotstandby +PASS +PASS' <<< "$OUT"; then
    bad zowe-sd "UHA203 should pass for both instances"
else ok zowe-sd-abbreviated-no-dvipa; fi

# 3. A syntax error in the middle of the block: the error, then each ignored statement.
cat > "$TMP/mid.tcpip" <<'P'
VIPADYNAMIC
  VIPADEFINE 255.255.255.0 10.10.1.100
  VIPADISTRIBUTE DEFINE DISTMETHOD HOTSTANDBY 10.10.1.100
    PORT 7554 7557 12023
    DESTIP 10.20.1.1 PREFERRED 10.20.1.2 BACKUP 999
  VIPADEFINE 255.255.255.0 10.10.1.101
  VIPARANGE DEFINE 255.255.255.0 10.10.2.0
  VIPADISTRIBUTE DEFINE DISTMETHOD ROUNDROBIN 10.10.1.101
    PORT 8080 DESTIP ALL
ENDVIPADYNAMIC
P
run --dvipa "$DV" --tcpip "$TMP/mid.tcpip"
want=("$TMP/mid.tcpip:5:49: error: syntax error in 'VIPADISTRIBUTE' at line 3"
      "$TMP/mid.tcpip:6:3: error: 'VIPADEFINE' is ignored by TCP/IP"
      "$TMP/mid.tcpip:7:3: error: 'VIPARANGE' is ignored by TCP/IP"
      "$TMP/mid.tcpip:8:3: error: 'VIPADISTRIBUTE' is ignored by TCP/IP")
missing=""
for w in "${want[@]}"; do grep -qF -- "$w" <<< "$OUT" || missing="$missing [$w]"; done
if [ "$RC" != 1 ]; then bad mid-block-error "exit $RC, expected 1"
elif [ -n "$missing" ]; then bad mid-block-error "missing:$missing"
elif [ "$(grep -c '\[UHA201\]' <<< "$OUT")" != 4 ]; then bad mid-block-error "expected 4 UHA201"
elif ! grep -q '\[UHA203\]' <<< "$OUT"; then
    bad mid-block-error "the lost distribution should fail UHA203"
else ok mid-block-error-and-ignored-statements; fi

# 4. Binary junk: an input error, exit 2, naming the file and place.
head -c 4096 /dev/urandom > "$TMP/junk.bin" 2>/dev/null || printf 'VIPAD\0\1\2' > "$TMP/junk.bin"
printf '\0' >> "$TMP/junk.bin"
run --dvipa "$DV" --tcpip "$TMP/junk.bin"
if [ "$RC" != 2 ]; then bad binary-junk "exit $RC, expected 2"
elif ! grep -q "^$TMP/junk.bin:[0-9]*:[0-9]*: error: byte 0x[0-9A-F]* .*not text.*\[UHA201\]" \
        <<< "$OUT"; then
    bad binary-junk "no UHA201 finding for the binary file"
else ok binary-junk; fi

# 5. An unterminated block, and an ENDVIPADYNAMIC without a block.
printf 'ENDVIPADYNAMIC\nVIPADYNAMIC\n VIPADEFINE 255.255.255.0 10.10.1.100\n' > "$TMP/open.tcpip"
run --dvipa "$DV" --tcpip "$TMP/open.tcpip"
if [ "$RC" != 1 ]; then bad unterminated "exit $RC, expected 1"
elif ! grep -qF "$TMP/open.tcpip:2:1: error: the 'VIPADYNAMIC' block that starts at line 2 \
has no 'ENDVIPADYNAMIC'" <<< "$OUT"; then
    bad unterminated "no finding for the missing ENDVIPADYNAMIC"
elif ! grep -qF "$TMP/open.tcpip:1:1: error: 'ENDVIPADYNAMIC' has no 'VIPADYNAMIC' before it" \
        <<< "$OUT"; then
    bad unterminated "no finding for the stray ENDVIPADYNAMIC"
else ok unterminated-block; fi

# 6. A missing file, a directory and an empty file: exit 2 with a finding each.
: > "$TMP/empty.tcpip"
run --dvipa "$DV" --tcpip "$TMP/nonexistent.tcpip" --tcpip "$TMP" --tcpip "$TMP/empty.tcpip"
if [ "$RC" != 2 ]; then bad unreadable "exit $RC, expected 2"
elif ! grep -q "nonexistent.tcpip.*cannot read the TCP/IP profile.*\[UHA201\]" <<< "$OUT" ||
     ! grep -q "is a directory.*\[UHA201\]" <<< "$OUT" ||
     ! grep -q "empty.tcpip.*is empty.*\[UHA201\]" <<< "$OUT"; then
    bad unreadable "missing a finding"
else ok unreadable-files; fi

# 7. 100,000 lines: one good block, then 99,990 lines of other statements and comments.
{
    cat samples/ha-ready/PROFILE.TCPIP
    awk 'BEGIN { for (i = 0; i < 49995; i++) { printf "; comment %d\n", i;
                 printf "PORT %d TCP SRV%d\n", 1000 + i % 60000, i } }'
} > "$TMP/big.tcpip"
lines=$(wc -l < "$TMP/big.tcpip")
run --dvipa "$DV" --tcpip "$TMP/big.tcpip"
if [ "$lines" -lt 100000 ]; then bad big "only $lines lines generated"
elif [ "$RC" != 0 ]; then bad big-profile "exit $RC, expected 0"
else ok "big-profile ($lines lines)"; fi

# 8. 100,000 lines inside one block with an error at the top: every statement ignored.
{
    printf 'VIPADYNAMIC\n VIPADEFINE 255.255.255.0 10.10.1.100 BOGUS\n'
    awk 'BEGIN { for (i = 0; i < 50000; i++)
                     printf " VIPARANGE DEFINE\n  255.255.255.255 10.%d.%d.%d\n",
                            int(i / 65536) % 256, int(i / 256) % 256, i % 256 }'
    printf 'ENDVIPADYNAMIC\n'
} > "$TMP/bigerr.tcpip"
run --dvipa "$DV" --tcpip "$TMP/bigerr.tcpip"
n=$(grep -c "is ignored by TCP/IP.*\[UHA201\]" <<< "$OUT")
if [ "$RC" != 1 ]; then bad big-error "exit $RC, expected 1"
elif [ "$n" != 50000 ]; then bad big-error "expected 50000 ignored statements, got $n"
else ok big-block-error; fi

# 9. rules and explain know every UHA2xx rule.
rules=$("$UHP_BIN" rules)
for r in UHA201 UHA202 UHA203 UHA204 UHA205 UHA206 UHA207 UHA208 UHA209; do
    grep -q "^$r " <<< "$rules" || { OUT=$rules; bad rules "$r missing"; }
    "$UHP_BIN" explain "$r" | head -n 1 | grep -q "^# $r " || { OUT=""; bad explain "$r"; }
done
grep -Eq '^UHA208 +targets-match-instances +warning' <<< "$rules" ||
    { OUT=$rules; bad rules "UHA208 is not a warning"; }
ok rules-and-explain

# 10. The public fragments in shared/ (when present): the ZCX member parses clean; Zowe's
#     documented block reports its x.x.x.V placeholder address.
RW="${UHP_SHARED_DIR:-/nonexistent}/reference/real-world"
if [ -d "$RW" ]; then
    before=$errors
    run --dvipa "$DV" --tcpip "$RW/zeditor01-ZODD2023-S03_TCPIP.md.L157-163.txt"
    grep -q '\[UHA201\]' <<< "$OUT" && bad real-world-zcx "unexpected UHA201"
    run --dvipa "$DV" --tcpip "$RW/zowe-docs-site-configure-sysplex.md.L35-41.txt"
    grep -q "L35-41.txt:2:32: error: .*'x.x.x.V'.*\[UHA201\]" <<< "$OUT" \
        || bad real-world-docs "no UHA201 at the placeholder address"
    [ "$errors" = "$before" ] && ok real-world-fragments
else
    echo "skip real-world-fragments (no shared/ folder)"
fi

[ "$errors" -eq 0 ] || fail "$errors check(s) failed"
echo "test_tcpip_cli: all passed"
