#!/usr/bin/env bash
# Input limits end as findings with a location and exit 2, never as a hang or a blown-up
# process: a billion-laughs file, a 1,000,000-deep nesting, a file over the size limit, more
# than one document, a huge scalar, too many nodes, a map of 200,000 keys; each limit can be
# raised by its flag. Time is only a hang guard here (timeout), printed, never asserted
# closely (benchmarks live in bench/).
#
# Environment (set by ctest): UHP_BIN. Cases that need the flags --max-scalar, --max-nodes,
# --allow-aliases and --alias-budget skip (exit 77 at the end) until the binary has them.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "${UHP_BIN:-}" ] || fail "UHP_BIN is not set or not executable"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-limits.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
errors=0 skipped=0

# Runs the check of FILE with extra ARGS; sets RC, OUT (compact report) and MS (elapsed).
run() {
    local file=$1
    shift
    local t0 t1
    t0=$(date +%s%N)
    timeout 60 "$UHP_BIN" check "$file" --format compact "$@" > "$TMP/out" 2> "$TMP/err"
    RC=$?
    t1=$(date +%s%N)
    MS=$(((t1 - t0) / 1000000))
    OUT=$(cat "$TMP/out")
}

# expect NAME RC PATTERN: the last run exited RC and its report matches the ERE PATTERN.
expect() {
    if [ "$RC" -ne "$2" ]; then
        echo "FAIL $1: exit $RC, expected $2"; errors=$((errors + 1)); return
    fi
    if ! grep -Eq -- "$3" <<< "$OUT"; then
        echo "FAIL $1: no line matches '$3':"; head -n 5 <<< "$OUT" | sed 's/^/    /'
        errors=$((errors + 1)); return
    fi
    echo "ok $1 (${MS} ms)"
}

# expect_not NAME PATTERN: the last run's report does not match PATTERN, and it ended.
expect_not() {
    if [ "$RC" -ge 3 ] || grep -Eq -- "$2" <<< "$OUT"; then
        echo "FAIL $1: exit $RC, or '$2' matched:"; grep -E -- "$2" <<< "$OUT" | head -n 3
        errors=$((errors + 1)); return
    fi
    echo "ok $1 (${MS} ms)"
}

python3 - "$TMP" <<'PY'
import sys
d = sys.argv[1]
def w(name, text):
    open(f'{d}/{name}', 'w').write(text)
lol = 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n'
for i in range(1, 10):
    p, c = chr(97 + i - 1), chr(97 + i)
    lol += f'{c}: &{c} [' + ', '.join(['*' + p] * 9) + ']\n'
w('lol.yaml', lol)
w('small-alias.yaml', 'base: &b {port: 7554}\nzowe:\n  list: &l [a, b]\n  again: *l\n  gw: *b\n')
w('deep-flow.yaml', 'a: ' + '[' * 1000000 + ']' * 1000000 + '\n')
w('deep-block.yaml', ''.join(' ' * i + 'k:\n' for i in range(2000)))
w('deep300.yaml', 'a: ' + '[' * 300 + ']' * 300 + '\n')
w('multi.yaml', 'zowe: {}\n---\nzowe: {}\n')
w('big.yaml', 'zowe: {}\n' + ('#' + 'x' * 1023 + '\n') * (17 * 1024))
w('scalar.yaml', 'zowe:\n  logDirectory: "' + 'x' * (2 * 1024 * 1024) + '"\n')
w('nodes.yaml', 'a: [' + ', '.join(['1'] * 3000) + ']\n')
w('keys.yaml', 'zowe:\n  environments:\n' + ''.join(f'    K{i}: v\n' for i in range(200000)) +
  '    K7: again\n')
PY

run "$TMP/lol.yaml"
expect "billion laughs, expanded until the alias budget stops it" 2 ':[3-6]:[0-9]+: error: .*alias budget.*\[UHA003\]'
run "$TMP/deep-flow.yaml"
expect "1,000,000-deep flow nesting" 2 ':1:259: error: nesting deeper than 256 levels \[UHA004\]'
run "$TMP/deep-block.yaml"
expect "2,000-deep block nesting" 2 ':257:[0-9]+: error: .*\[UHA004\]'
run "$TMP/deep300.yaml" --max-depth 400
expect_not "--max-depth 400 takes 300 levels" 'UHA004'
run "$TMP/multi.yaml"
expect "two documents" 2 ':3:1: error: .*one YAML document.*\[UHA004\]|:2:1: error: .*\[UHA004\]'
run "$TMP/big.yaml"
expect "17 MiB file over the 16 MiB limit" 2 'big.yaml.*larger than the size limit.*\[UHA004\]'
run "$TMP/big.yaml" --max-size 32M
expect_not "--max-size 32M takes it" 'UHA004|UHA001'

if "$UHP_BIN" --help | grep -q -- '--allow-aliases'; then
    run "$TMP/lol.yaml" --allow-aliases
    expect "billion laughs, aliases allowed: the budget stops it" 2 \
        'error: aliases expand to more than 10000 nodes.*\[UHA003\]'
    [ "$MS" -lt 5000 ] || { echo "FAIL billion laughs took ${MS} ms"; errors=$((errors + 1)); }
    run "$TMP/small-alias.yaml" --allow-aliases
    expect_not "a small alias, allowed" 'UHA003|UHA001'
    run "$TMP/small-alias.yaml"
    expect_not "a small alias, expanded by default as Zowe does" 'UHA003|UHA001'
    run "$TMP/lol.yaml" --allow-aliases --alias-budget 5
    expect "--alias-budget 5" 2 'more than 5 nodes.*\[UHA003\]'
    run "$TMP/scalar.yaml"
    expect "2 MiB scalar over the 1 MiB limit" 2 ':2:17: error: scalar of [0-9]+ bytes.*\[UHA004\]'
    run "$TMP/scalar.yaml" --max-scalar 4M
    expect_not "--max-scalar 4M takes it" 'UHA004'
    run "$TMP/nodes.yaml" --max-nodes 1000
    expect "3,000 nodes over --max-nodes 1000" 2 \
        ':1:[0-9]+: error: more than 1000 YAML nodes.*\[UHA004\]'
    run "$TMP/nodes.yaml"
    expect_not "3,000 nodes under the default" 'UHA004'
    run "$TMP/keys.yaml"
    expect "200,000 keys, one duplicate" 2 \
        ':200003:5: error: duplicate key .K7. \(first at line 10\) \[UHA002\]'
else
    echo "SKIP: this binary has no --allow-aliases/--max-scalar/--max-nodes/--alias-budget yet"
    skipped=1
fi

[ "$errors" -eq 0 ] || fail "$errors case(s) failed"
[ "$skipped" -eq 0 ] || exit 77
echo "ok: every limit ends in a finding with its place"
