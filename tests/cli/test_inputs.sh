#!/usr/bin/env bash
# Every input through one reader (issue 16): --max-size governs configuration layers, TCP/IP
# profiles, manifests and the policy; a profile counts in its set's byte budget; one size
# syntax on the command line and in the policy; --encoding applies to profiles too.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "${UHP_BIN:-}" ] || fail "UHP_BIN is not an executable file"
cd "${UHP_SOURCE_DIR:?}" || fail "cannot cd to UHP_SOURCE_DIR"
[ -f samples/ha-ready/PROFILE.TCPIP ] || { echo "skip: samples/ha-ready is missing"; exit 77; }
command -v iconv > /dev/null || { echo "skip: no iconv"; exit 77; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-inputs.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
TIMEOUT=${UHP_TEST_TIMEOUT:-120}
. tests/cli/harness.sh

HA=(-c 'FILE(samples/ha-ready/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))'
    --parmlib IZP.PARMLIB=samples/ha-ready --dvipa umsha.plex1.example.com=10.10.1.100
    --no-policy)
PROFILE=samples/ha-ready/PROFILE.TCPIP
has() { grep -qE -- "$1" "$TMP/out" || bad "no output line matches /$1/"; }
hasnt() { grep -qE -- "$1" "$TMP/out" && bad "an output line matches /$1/: $(grep -E -- "$1" "$TMP/out" | head -n 1)"; }
errhas() { grep -qE -- "$1" "$TMP/err" || bad "no stderr line matches /$1/"; }

# pad FILE BYTES COMMENT: appends comment lines (COMMENT as the comment mark) until FILE has
# at least BYTES bytes.
pad() {
    python3 - "$1" "$2" "$3" << 'PY'
import os, sys
path, want, mark = sys.argv[1], int(sys.argv[2]), sys.argv[3]
line = (mark + " " + "x" * 70 + "\n").encode()
have = os.path.getsize(path)
with open(path, "ab") as f:
    f.write(line * ((want - have) // len(line) + 1))
PY
}

# --- --max-size governs the TCP/IP profile ---------------------------------------------------
cp "$PROFILE" "$TMP/big.tcpip"
pad "$TMP/big.tcpip" $((17 * 1024 * 1024)) ";"

begin "a 17 MiB profile over the default 16 MiB limit: UHA201, exit 2"
run check "${HA[@]}" --tcpip "$TMP/big.tcpip" --format compact
want_rc 2
has "cannot read the TCP/IP profile '.*big.tcpip': larger than the size limit of 16777216 bytes.*\[UHA201\]"
end

begin "the same profile with --max-size 64M is read: exit 0"
run check "${HA[@]}" --tcpip "$TMP/big.tcpip" --format compact --max-size 64M
want_rc 0
hasnt "UHA201|UHA202|UHA203"
end

begin "--max-size 600 refuses the 652-byte sample profile"
run check "${HA[@]}" --tcpip "$PROFILE" --format compact --max-size 600
want_rc 2
has "cannot read the TCP/IP profile.*larger than the size limit of 600 bytes.*\[UHA201\]"
end

# --- a profile counts in its set's byte budget (4 times --max-size) ---------------------------
cp "$PROFILE" "$TMP/mid.tcpip"
pad "$TMP/mid.tcpip" 64600 ";"
truncate -s 64600 "$TMP/mid.tcpip"
# Four such profiles alone (258,400 bytes) fit in 4 x 64K = 262,144; with the two YAML
# layers of the set (4,093 bytes) they do not: layers and profiles share one budget.
begin "four 64,600-byte profiles and the layers pass 4 x --max-size 64K: over the set's budget, exit 2"
run check "${HA[@]}" --max-size 64K --format compact \
    --tcpip "$TMP/mid.tcpip" --tcpip "$TMP/mid.tcpip" --tcpip "$TMP/mid.tcpip" --tcpip "$TMP/mid.tcpip"
want_rc 2
has "the inputs of this set add up to more than 262144 bytes \(4 times --max-size\).*\[UHA201\]"
end

begin "three of them stay within the budget: exit 0"
run check "${HA[@]}" --max-size 64K --format compact \
    --tcpip "$TMP/mid.tcpip" --tcpip "$TMP/mid.tcpip" --tcpip "$TMP/mid.tcpip"
want_rc 0
hasnt "add up to"
end

# --- --encoding applies to profiles --------------------------------------------------------
sed 's/^  VIPADEFINE 255.255.255.0 10.10.1.100/  VIPADEFINE 255.255.255.0 [10.10.1.100]/' \
    "$PROFILE" | iconv -f UTF-8 -t IBM037 > "$TMP/p037.tcpip" || fail "iconv IBM037"
iconv -f UTF-8 -t IBM1047 "$PROFILE" > "$TMP/p1047.tcpip" || fail "iconv IBM1047"

begin "an IBM-1047 profile reads as its ASCII copy: exit 0"
run check "${HA[@]}" --tcpip "$TMP/p1047.tcpip" --format compact
want_rc 0
hasnt "UHA20[1-5]"
end

begin "an IBM-037 profile without --encoding is read as IBM-1047 (brackets come out wrong)"
run check "${HA[@]}" --tcpip "$TMP/p037.tcpip" --format compact
has "'Ý10.10.1.100¨' is not an IPv4 address.*\[UHA201\]"
end

begin "--encoding IBM-037 converts the profile from IBM-037"
run check "${HA[@]}" --tcpip "$TMP/p037.tcpip" --format compact --encoding IBM-037
has "'\[10.10.1.100\]' is not an IPv4 address.*\[UHA201\]"
end

begin "--encoding that is no EBCDIC code page: a usage error, exit 2"
run check "${HA[@]}" --tcpip "$TMP/p1047.tcpip" --encoding UTF-16
want_rc 2
errhas "invalid --encoding 'UTF-16': not an EBCDIC code page"
end

begin "--encoding that iconv does not know: exit 2"
run check "${HA[@]}" --tcpip "$TMP/p1047.tcpip" --encoding IBM-99999
want_rc 2
errhas "invalid --encoding 'IBM-99999'"
end

iconv -f UTF-8 -t UTF-16 "$PROFILE" > "$TMP/p16.tcpip" || fail "iconv UTF-16"
begin "a UTF-16 profile is refused with the conversion to run: UHA201, exit 2"
run check "${HA[@]}" --tcpip "$TMP/p16.tcpip" --format compact
want_rc 2
has "cannot read the TCP/IP profile '.*p16.tcpip': the file is UTF-16.*iconv -f UTF-16 -t UTF-8.*\[UHA201\]"
end

# --- the policy and the manifest ---------------------------------------------------------
printf 'fail-on: error\n' > "$TMP/policy.yaml"
pad "$TMP/policy.yaml" $((1536 * 1024)) "#"
begin "a 1.5 MiB policy over the policy's 1 MiB cap: exit 2"
run check "${HA[@]/--no-policy/--policy=$TMP/policy.yaml}" --format compact
want_rc 2
errhas "policy.yaml: cannot read the policy: larger than the size limit of 1048576 bytes"
end

begin "--max-size 2M lets the same policy be read: exit 0"
run check "${HA[@]/--no-policy/--policy=$TMP/policy.yaml}" --format compact --max-size 2M
want_rc 0
end

printf 'fail-on: error\n' > "$TMP/small-policy.yaml"
pad "$TMP/small-policy.yaml" 3000 "#"
begin "--max-size 2K refuses a 3 KB policy"
run check "${HA[@]/--no-policy/--policy=$TMP/small-policy.yaml}" --format compact --max-size 2K
want_rc 2
errhas "cannot read the policy: larger than the size limit of 2048 bytes"
end

mkdir -p "$TMP/repo/.git"
cp samples/ha-ready/zowe.yaml samples/ha-ready/ZWEYAML.yaml "$PROFILE" "$TMP/repo/"
cat > "$TMP/repo/sets.yaml" << 'YAML'
sets:
  - name: plex1
    config: ["FILE(zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))"]
    parmlib: [IZP.PARMLIB=.]
    tcpip: [PROFILE.TCPIP]
    dvipa: [umsha.plex1.example.com=10.10.1.100]
YAML
pad "$TMP/repo/sets.yaml" 5000 "#"
begin "--max-size 4K refuses a 5 KB manifest"
run check --no-policy --manifest "$TMP/repo/sets.yaml" --max-size 4K
want_rc 2
errhas "cannot read manifest '.*sets.yaml': larger than the size limit of 4096 bytes"
end

begin "--max-size 64K reads it"
run check --no-policy --manifest "$TMP/repo/sets.yaml" --max-size 64K --format compact
want_rc 0
end

# --- one size syntax: the command line and the policy ------------------------------------------
for good in 1G 16MiB 16M 16m 64K 64k 64KiB 2MB "2 MB" 1048576 1048576B 1g; do
    begin "--max-size '$good' is accepted"
    run check "${HA[@]}" --format compact --max-size "$good"
    want_rc 0
    end
    begin "policy limits.max-size '$good' is accepted"
    printf 'limits:\n  max-size: %s\n' "$good" > "$TMP/size-policy.yaml"
    run check "${HA[@]/--no-policy/--policy=$TMP/size-policy.yaml}" --format compact
    want_rc 0
    end
done
for bad_value in -1 0 +5 " 5" 1T 1.5M 5MiBx 5iB 1gib 18014398509481984K 17179869184G \
                 99999999999999999999 "" K; do
    begin "--max-size '$bad_value' is refused: exit 2"
    run check "${HA[@]}" --format compact --max-size "$bad_value"
    want_rc 2
    grep -qF -- "invalid --max-size '$bad_value': expected a size" "$TMP/err" ||
        bad "stderr does not say: invalid --max-size '$bad_value': expected a size"
    end
    begin "policy limits.max-size '$bad_value' is refused: exit 2"
    printf 'limits:\n  max-size: "%s"\n' "$bad_value" > "$TMP/size-policy.yaml"
    run check "${HA[@]/--no-policy/--policy=$TMP/size-policy.yaml}" --format compact
    want_rc 2
    errhas "size-policy.yaml:2:[0-9]+: 'max-size' must be a size"
    end
done

begin "--help documents the size syntax"
run --help
want_rc 0
has "max-size SIZE .*largest input file: configuration, TCP/IP profile"
has "a unit K, M or G \(1024-based\): 64K, 16MiB, 1G"
end

# --- the option table: limits are errors, never silent truncation --------------------------
many() { local opt=$1 val=$2 n=$3 i; ARGS=(); for ((i = 0; i < n; i++)); do ARGS+=("$opt" "$val$i"); done; }

many --manifest "$TMP/m" 65
begin "65 --manifest options: a usage error naming the limit, exit 2"
run check "${ARGS[@]}"
want_rc 2
errhas "too many --manifest options at '.*m64' \(at most 64\)"
end

many --parmlib "DSN.X=dir" 65
begin "65 --parmlib options (one in HA): a usage error, exit 2"
run check "${HA[@]}" "${ARGS[@]}"
want_rc 2
errhas "too many --parmlib options at 'DSN.X=dir63' \(at most 64\)"
end

many --map "/z/p=dir" 65
begin "65 --map options: a usage error, exit 2"
run check "${HA[@]}" "${ARGS[@]}"
want_rc 2
errhas "too many --map options at '/z/p=dir64' \(at most 64\)"
end

ARGS=(); for ((i = 0; i < 17; i++)); do ARGS+=(--format "json=$TMP/r$i.json"); done
begin "17 --format options: a usage error, exit 2"
run check "${HA[@]}" "${ARGS[@]}"
want_rc 2
errhas "too many --format options at 'json=.*r16.json' \(at most 16\)"
end

many --tcpip "$TMP/p" 65
begin "65 --tcpip values: a usage error, exit 2"
run check "${HA[@]}" "${ARGS[@]}"
want_rc 2
errhas "too many values for one option at '.*p64' \(at most 64\)"
end

many --parmlib "SHARED.X=dir" 40
SHARED=("${ARGS[@]}")
many --parmlib "OWN.X=dir" 40
begin "40 shared and 40 own --parmlib in one --set: a usage error, not a silent cut, exit 2"
run check "${SHARED[@]}" --set one -c samples/ha-ready/zowe.yaml "${ARGS[@]}"
want_rc 2
errhas "set 'one' has more than 64 --parmlib options"
end

long=$(printf 'x%.0s' {1..40})
begin "a --format name of 40 characters is named whole in the error"
run check "${HA[@]}" --format "$long"
want_rc 2
errhas "unknown format '$long'"
end

begin "a flag given a value: a usage error, exit 2"
run check "${HA[@]}" --quiet=yes
want_rc 2
errhas "option '--quiet' takes no value"
end

begin "--max-depth and --jobs out of range name the range"
run check "${HA[@]}" --jobs 257
want_rc 2
errhas "invalid --jobs '257': expected a whole number from 1 to 256"
run check "${HA[@]}" --max-depth -1
want_rc 2
errhas "invalid --max-depth '-1'"
end

# --- the option table drives --help and the completion --------------------------------
begin "__complete options offers every option of --help, and nothing else"
run __complete options
want_rc 0
"$UHP_BIN" --help | grep -o -- '--[a-z][a-z-]*' | sort -u | grep -vx -- --version > "$TMP/help-opts"
grep -- '^--' "$TMP/out" | sort -u > "$TMP/comp-opts"
diff "$TMP/help-opts" "$TMP/comp-opts" > "$TMP/diff" || bad "--help and __complete differ: $(tr '\n' ' ' < "$TMP/diff")"
end

begin "__complete values: files, words, formats from the report registry, nothing for flags"
run __complete values --policy
[ "$(cat "$TMP/out")" = "@file" ] || bad "--policy does not complete files"
run __complete values --fail-on
[ "$(tr '\n' ' ' < "$TMP/out")" = "error warning info " ] || bad "--fail-on: $(cat "$TMP/out")"
run __complete values --format
grep -qx markdown "$TMP/out" || bad "--format does not offer markdown"
run __complete values --format show
[ "$(tr '\n' ' ' < "$TMP/out")" = "yaml json " ] || bad "show --format: $(cat "$TMP/out")"
run __complete values --quiet
[ -s "$TMP/out" ] && bad "--quiet (a flag) has values"
run __complete bogus
want_rc 2
end

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
