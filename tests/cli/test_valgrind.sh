#!/usr/bin/env bash
# Valgrind over every sample set (samples/**/args), in every report format at once: no
# invalid read or write, no use of uninitialised memory, no leak. Valgrind's own failure
# status is 99, since the tool's exit statuses 1 and 2 are the samples' expected results.
# Skips (77) when valgrind is absent or the binary is built with AddressSanitizer (the two
# cannot run together; the sanitizer build checks the same things its own way).
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR, UHP_BUILD_DIR.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "${UHP_BIN:-}" ] || fail "UHP_BIN is not set or not executable"
[ -d "${UHP_SOURCE_DIR:-}/samples" ] || fail "UHP_SOURCE_DIR is not set"
command -v valgrind > /dev/null || { echo "SKIP: valgrind is not installed"; exit 77; }
case "${UHP_BUILD_DIR:-}" in
*asan*) echo "SKIP: sanitizer build ($UHP_BUILD_DIR)"; exit 77 ;;
esac
if nm "$UHP_BIN" 2>/dev/null | grep -q '__asan_init'; then
    echo "SKIP: $UHP_BIN is built with AddressSanitizer"
    exit 77
fi
cd "$UHP_SOURCE_DIR" || fail "cannot cd to $UHP_SOURCE_DIR"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-valgrind.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1

formats=(--format text --format "compact=$TMP/o.compact" --format "json=$TMP/o.json"
         --format "sarif=$TMP/o.sarif" --format "junit=$TMP/o.junit" --format "github=$TMP/o.gh"
         --format "markdown=$TMP/o.md" --format "diff=$TMP/o.diff")
n=0 bad=0
while IFS= read -r argsfile; do
    dir=$(dirname "$argsfile")
    ARGS=()
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        [ -n "$line" ] && ARGS+=("$line")
    done < "$argsfile"
    timeout 300 valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
        --log-file="$TMP/vg.log" "$UHP_BIN" check "${ARGS[@]}" "${formats[@]}" > /dev/null 2>&1
    rc=$?
    n=$((n + 1))
    if [ "$rc" -eq 99 ] || [ "$rc" -gt 3 ] || [ -s "$TMP/vg.log" ]; then
        echo "FAIL $dir (exit $rc):"
        sed 's/^/    /' "$TMP/vg.log" | head -n 40
        bad=$((bad + 1))
    fi
done < <(find samples -name args -type f | LC_ALL=C sort)
# generate tcpip: alone, merged into a profile, refused (a syntax error; the DVIPA defined)
printf 'VIPADYNAMIC\n  VIPARANGE DEFINE 255.255.255.0 10.30.1.0\nENDVIPADYNAMIC\n' > "$TMP/p.tcpip"
for extra in "" "--tcpip $TMP/p.tcpip" "--tcpip samples/tcpip/UHA201-profile-syntax/PROFILE.TCPIP" \
    "--tcpip samples/ha-ready/PROFILE.TCPIP"; do
    # shellcheck disable=SC2086 # EXTRA is two words on purpose
    timeout 300 valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
        --log-file="$TMP/vg.log" "$UHP_BIN" generate tcpip \
        -c 'FILE(samples/ha-ready/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))' \
        --parmlib IZP.PARMLIB=samples/ha-ready --dvipa umsha.plex1.example.com=10.10.1.100 \
        --xcf LPAR1=10.20.1.1 --xcf LPAR2=10.20.1.2 $extra > /dev/null 2>&1
    rc=$?
    n=$((n + 1))
    if [ "$rc" -eq 99 ] || [ "$rc" -gt 3 ] || [ -s "$TMP/vg.log" ]; then
        echo "FAIL generate tcpip $extra (exit $rc):"
        sed 's/^/    /' "$TMP/vg.log" | head -n 40
        bad=$((bad + 1))
    fi
done
[ "$n" -gt 0 ] || fail "no sample sets found"
[ "$bad" -eq 0 ] || fail "$bad of $n sample sets have valgrind errors"
echo "ok: $n sample sets valgrind-clean"
