#!/usr/bin/env bash
# --jobs: sets checked on several threads give the same bytes as one after the other.
# 1. 40 generated sets (bench/gen.py, one in eight with a mistake) and the sample manifest,
#    every format, --jobs 1, 2, 3 and 8: stdout, stderr and exit status identical;
# 2. a set whose config cannot be read among them: exit 2, the same reports for every N;
# 3. a set with a usage error in the middle: its error at its manifest line, the other sets
#    still reported, exit 2, the same for every N;
# 4. two sets reading standard input: the first takes it all, for every N;
# 5. --jobs 0, 257, -1 and x are usage errors (exit 2);
# 6. a config big enough for a second thread (--jobs 2) gives the same bytes as on one
#    (--jobs 1), also with a syntax error at its end, and with port collisions found from
#    work a rule prepared on that thread (with and without a template, which keeps that
#    work inline).
#
# Environment (set by ctest): UHP_BIN (the binary), UHP_SOURCE_DIR (repository root).
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ] || fail "UHP_BIN is not an executable (${UHP_BIN:-unset})"
[ -n "${UHP_SOURCE_DIR:-}" ] || fail "UHP_SOURCE_DIR is not set (repository root)"
command -v python3 > /dev/null || { echo "SKIP: python3 not found"; exit 77; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-jobs.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1 SOURCE_DATE_EPOCH=1700000000
TIMEOUT=${UHP_TEST_TIMEOUT:-120}
errors=0

python3 "$UHP_SOURCE_DIR/bench/gen.py" sets --out "$TMP/sets" --count 40 2> /dev/null ||
    fail "gen.py sets failed"
cp "$TMP/sets/manifest.yaml" "$TMP/sets/broken.yaml"
cat >> "$TMP/sets/broken.yaml" << 'YAML'
  - name: unreadable
    config: [sets/s0001/no-such-zowe.yaml]
YAML
# A usage error in the middle: a PARMLIB layer with no --parmlib mapping.
python3 - "$TMP/sets/manifest.yaml" "$TMP/sets/usage.yaml" << 'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
starts = [i for i, l in enumerate(lines) if l.startswith("  - name: ")]
cut = starts[len(starts) // 2]
bad = ["  - name: nomapping", "    config:", "      - \"PARMLIB(NO.SUCH.PARMLIB(ZWEYAML))\""]
open(sys.argv[2], "w").write("\n".join(lines[:cut] + bad + lines[cut:]))
PY

# run NAME N ARGS...: runs the tool in $TMP/sets with --jobs N, keeping stdout, stderr and
# the exit status under $TMP/NAME.N.*
run() {
    local name=$1 n=$2
    shift 2
    (cd "$TMP/sets" && timeout "$TIMEOUT" "$UHP_BIN" check --jobs "$n" "$@" \
        > "$TMP/$name.$n.out" 2> "$TMP/$name.$n.err")
    echo $? > "$TMP/$name.$n.rc"
}

# same NAME WANT_RC ARGS...: --jobs 1 against 2, 3 and 8.
same() {
    local name=$1 want=$2
    shift 2
    for n in 1 2 3 8; do run "$name" "$n" "$@"; done
    [ "$(cat "$TMP/$name.1.rc")" = "$want" ] ||
        { echo "FAIL $name: exit $(cat "$TMP/$name.1.rc"), want $want"; errors=$((errors + 1)); }
    [ -s "$TMP/$name.1.out" ] || [ "$want" = 2 ] ||
        { echo "FAIL $name: empty report"; errors=$((errors + 1)); }
    for n in 2 3 8; do
        for part in out err rc; do
            cmp -s "$TMP/$name.1.$part" "$TMP/$name.$n.$part" ||
                { echo "FAIL $name: --jobs $n $part differs from --jobs 1"; errors=$((errors + 1)); }
        done
    done
}

for fmt in text compact json sarif junit github markdown; do
    same "sets-$fmt" 1 --manifest manifest.yaml --format "$fmt"
    same "broken-$fmt" 2 --manifest broken.yaml --format "$fmt"
done
same "quiet" 1 --manifest manifest.yaml -q
same "samples" 1 --manifest "$UHP_SOURCE_DIR/samples/sets/plex-sets.yaml" --format json
grep -q "cannot read" "$TMP/broken-text.1.err" || grep -q "cannot read" "$TMP/broken-text.1.out" ||
    { echo "FAIL broken: the unreadable set is not reported"; errors=$((errors + 1)); }
same "usage" 2 --manifest usage.yaml
grep -Eq "^usage.yaml:[0-9]+:5: error: \[set nomapping\] no --parmlib" "$TMP/usage.1.err" ||
    { echo "FAIL usage: $(cat "$TMP/usage.1.err")"; errors=$((errors + 1)); }
grep -q "=== set " "$TMP/usage.8.out" ||
    { echo "FAIL usage: the other sets were not reported"; errors=$((errors + 1)); }

# Two sets reading standard input: the first takes it all, whatever --jobs says (one
# thread is used), so the second reports an empty file every time.
for n in 1 8 8 8; do
    (cd "$TMP/sets" && timeout "$TIMEOUT" "$UHP_BIN" check --jobs "$n" --format compact \
        --set a -c - --set b -c - < sets/s0001/zowe.yaml > "$TMP/stdin.$n.out" 2>&1)
    echo $? >> "$TMP/stdin.$n.out"
    cmp -s "$TMP/stdin.1.out" "$TMP/stdin.$n.out" ||
        { echo "FAIL stdin: --jobs $n differs from --jobs 1"; errors=$((errors + 1)); }
done
grep -q "\[set b\] the file is empty" "$TMP/stdin.1.out" ||
    { echo "FAIL stdin: set b did not find stdin empty"; errors=$((errors + 1)); }

for bad in 0 257 -1 x ""; do
    (cd "$TMP/sets" && "$UHP_BIN" check --manifest manifest.yaml --jobs "$bad" > /dev/null 2> "$TMP/bad.err")
    rc=$?
    [ "$rc" = 2 ] && grep -q "invalid --jobs" "$TMP/bad.err" ||
        { echo "FAIL --jobs '$bad': exit $rc, $(head -c 200 "$TMP/bad.err")"; errors=$((errors + 1)); }
done

# A 2 MB config: UHA304's base port index prepared on a second thread unless --jobs 1.
python3 "$UHP_SOURCE_DIR/bench/gen.py" big --out "$TMP/big" --size 2000000 --instances 20 \
    2> /dev/null || fail "gen.py big failed"
cp "$TMP/big/zowe.yaml" "$TMP/big/broken.yaml"
printf 'tail: [unclosed\n' >> "$TMP/big/broken.yaml"
# ports.yaml: three enabled extension components on one port (UHA304 findings from the
# base part UHA304 builds ahead on the prepare thread); tmpl.yaml: the same with a template,
# which keeps that work on the check's own thread.
python3 - "$TMP/big/zowe.yaml" "$TMP/big/ports.yaml" "$TMP/big/tmpl.yaml" <<'PY' ||
import re, sys
text = open(sys.argv[1]).read()
names = re.findall(r"^  ([a-z]+-[a-z]+-[0-9]{4}):$", text, re.M)[:3]
assert len(names) == 3, names
for name in names:
    text = re.sub(r"(^  %s:\n(?:    .*\n)*?)    enabled: \w+\n" % re.escape(name),
                  r"\1    enabled: true\n", text, count=1, flags=re.M)
    text = re.sub(r"(^  %s:\n(?:    .*\n)*?)    port: \d+\n" % re.escape(name),
                  r"\1    port: 31999\n", text, count=1, flags=re.M)
open(sys.argv[2], "w").write(text)
text = text.replace("    port: 31999\n", '    port: "${{ 31000 + 999 }}"\n', 1)
open(sys.argv[3], "w").write(text)
PY
    fail "cannot write ports.yaml"
for cfg in zowe.yaml broken.yaml ports.yaml tmpl.yaml; do
    mapfile -t BIG_ARGS < <(sed "s/FILE(zowe.yaml)/FILE($cfg)/" "$TMP/big/args")
    for fmt in json text; do
        for n in 1 2; do
            out="$TMP/big.$cfg.$fmt.$n.out"
            (cd "$TMP/big" && timeout "$TIMEOUT" "$UHP_BIN" check --jobs "$n" "${BIG_ARGS[@]}" \
                --format "$fmt" > "$out" 2>&1)
            echo "exit $?" >> "$out"
        done
        cmp -s "$TMP/big.$cfg.$fmt.1.out" "$TMP/big.$cfg.$fmt.2.out" ||
            { echo "FAIL big $cfg $fmt: --jobs 2 differs from --jobs 1"; errors=$((errors + 1)); }
    done
done
grep -q "yaml syntax error" "$TMP/big.broken.yaml.text.1.out" &&
    grep -q "^exit 2" "$TMP/big.broken.yaml.text.1.out" ||
    { echo "FAIL big broken.yaml: no syntax error reported"; errors=$((errors + 1)); }
[ "$(grep -c 'port 31999 is used twice.*UHA304' "$TMP/big.ports.yaml.text.2.out")" -ge 2 ] ||
    { echo "FAIL big ports.yaml: the port collisions are not reported"; errors=$((errors + 1)); }

[ "$errors" -eq 0 ] || fail "$errors problem(s)"
echo "ok: --jobs 1, 2, 3 and 8 give identical reports, messages and exit statuses"
exit 0
