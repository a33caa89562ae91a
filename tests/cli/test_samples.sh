#!/usr/bin/env bash
# Runs every sample set under samples/ (each folder with an `args` file) and checks the
# result against the folder's `expect` file; see samples/README.md for the format:
#   exit N | has UHAnnn | lacks UHAnnn | at FILE:LINE[:COL] UHAnnn | grep ERE | nogrep ERE
# Also: ha-ready in --format text shows no FAIL/WARN, and no input file is changed by a run.
#
# Environment (set by ctest): UHP_BIN (the binary), UHP_SOURCE_DIR (repository root).
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BIN:-}" ] || fail "UHP_BIN is not set (path of the ums-ha-preflight binary)"
[ -x "$UHP_BIN" ] || fail "UHP_BIN=$UHP_BIN is not an executable file"
[ -n "${UHP_SOURCE_DIR:-}" ] || fail "UHP_SOURCE_DIR is not set (repository root)"
[ -d "$UHP_SOURCE_DIR/samples" ] || fail "no samples/ folder in $UHP_SOURCE_DIR"
cd "$UHP_SOURCE_DIR" || fail "cannot cd to $UHP_SOURCE_DIR"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-samples.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
TIMEOUT=${UHP_TEST_TIMEOUT:-60}

# Checksums of every input file before any run.
checksums() { find samples -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; }
checksums > "$TMP/before.sha" || fail "cannot checksum samples/"

# Reads FILE (one argument a line, empty lines skipped) into the array ARGS.
read_args() {
    ARGS=()
    local line
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        [ -n "$line" ] && ARGS+=("$line")
    done < "$1"
}

# Checks one set folder; prints ok/FAIL and returns 0/1.
check_set() {
    local dir=$1 name=${1#samples/}
    local out="$TMP/out" err="$TMP/err" errors=() rc line kind rest want_exit=""
    [ -f "$dir/expect" ] || { echo "FAIL $name: no expect file"; return 1; }
    read_args "$dir/args"
    timeout "$TIMEOUT" "$UHP_BIN" check "${ARGS[@]}" --format compact > "$out" 2> "$err"
    rc=$?
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        case $line in ''|'#'*) continue ;; esac
        kind=${line%% *}
        rest=${line#* }
        case $kind in
        exit)
            want_exit=$rest
            [ "$rc" = "$rest" ] || errors+=("exit status: expected $rest, got $rc") ;;
        has)
            grep -qF -- "[$rest]" "$out" || errors+=("expected a [$rest] finding, none reported") ;;
        lacks)
            grep -qF -- "[$rest]" "$out" && errors+=("expected no [$rest] finding, got: $(grep -F -- "[$rest]" "$out" | head -n 1)") ;;
        at)
            local loc=${rest% *} rule=${rest##* } hascol=0
            # "file:line:col: ... [RULE]"; with no column given, any column.
            [[ $loc =~ :[0-9]+:[0-9]+$ ]] && hascol=1
            awk -v pre="$loc:" -v rule="[$rule]" -v hascol="$hascol" '
                index($0, pre) == 1 && index($0, rule) &&
                    (hascol || substr($0, length(pre) + 1) ~ /^[0-9]+:/) { found = 1 }
                END { exit found ? 0 : 1 }' "$out" \
                || errors+=("expected [$rule] at $loc, got: $(grep -F -- "[$rule]" "$out" | cut -d' ' -f1 | tr '\n' ' ')") ;;
        grep)
            grep -qE -- "$rest" "$out" || errors+=("no output line matches /$rest/") ;;
        nogrep)
            grep -qE -- "$rest" "$out" && errors+=("an output line matches /$rest/: $(grep -E -- "$rest" "$out" | head -n 1)") ;;
        usage)
            # a usage error: no report at all, the reason on stderr
            [ -s "$out" ] && errors+=("a usage error, yet a report was written")
            grep -qE -- "$rest" "$err" || errors+=("stderr does not match /$rest/: $(head -n 1 "$err")") ;;
        *)
            errors+=("bad expect line: $line") ;;
        esac
    done < "$dir/expect"
    [ -n "$want_exit" ] || errors+=("expect has no 'exit N' line")
    [ "$rc" -ge 124 ] && errors+=("timed out or crashed (status $rc)")
    if [ ${#errors[@]} -eq 0 ]; then
        echo "ok   $name"
        return 0
    fi
    echo "FAIL $name"
    echo "     command: $UHP_BIN check $(printf "'%s' " "${ARGS[@]}")--format compact"
    local e
    for e in "${errors[@]}"; do echo "     - $e"; done
    echo "     stdout:"; head -n 15 "$out" | sed 's/^/       | /'
    echo "     stderr:"; head -n 5 "$err" | sed 's/^/       | /'
    return 1
}

passed=0 failed=0
mapfile -t SETS < <(find samples -name args -type f -printf '%h\n' | LC_ALL=C sort)
[ ${#SETS[@]} -gt 0 ] || fail "no sample sets (folders with an args file) under samples/"
for dir in "${SETS[@]}"; do
    if check_set "$dir"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done

# ha-ready must exist and be among the sets.
[ -f samples/ha-ready/args ] || { echo "FAIL ha-ready: samples/ha-ready/args missing"; failed=$((failed + 1)); }

# ha-ready in the default text format: the checklist shows only PASS (and N/A), exit 0.
if [ -f samples/ha-ready/args ]; then
    read_args samples/ha-ready/args
    timeout "$TIMEOUT" "$UHP_BIN" check "${ARGS[@]}" --format text > "$TMP/text" 2> "$TMP/text.err"
    rc=$?
    problems=()
    [ "$rc" = 0 ] || problems+=("exit status: expected 0, got $rc")
    grep -q 'PASS' "$TMP/text" || problems+=("no PASS in the text report")
    grep -qw 'FAIL' "$TMP/text" && problems+=("FAIL in the text report: $(grep -w FAIL "$TMP/text" | head -n 1)")
    grep -qw 'WARN' "$TMP/text" && problems+=("WARN in the text report: $(grep -w WARN "$TMP/text" | head -n 1)")
    # UHA108: the UMS log file name each instance yields (SPEC 4), in zowe.logDirectory.
    for inst in lpar1 lpar2; do
        grep -qF "/global/zowe/logs/izp-server-$inst-" "$TMP/text" \
            || problems+=("the UMS log file name of $inst (/global/zowe/logs/izp-server-$inst-...) is not shown")
    done
    last=$(grep -v '^[[:space:]]*$' "$TMP/text" | tail -n 1)
    [[ $last =~ ^[0-9]+\ passed,\ 0\ failed,\ 0\ warnings ]] \
        || problems+=("last line should be 'N passed, 0 failed, 0 warnings', got '$last'")
    if [ ${#problems[@]} -eq 0 ]; then
        echo "ok   ha-ready --format text"; passed=$((passed + 1))
    else
        echo "FAIL ha-ready --format text"
        for e in "${problems[@]}"; do echo "     - $e"; done
        failed=$((failed + 1))
    fi
fi

# No run may change an input file.
checksums > "$TMP/after.sha"
if cmp -s "$TMP/before.sha" "$TMP/after.sha"; then
    echo "ok   input files unchanged"; passed=$((passed + 1))
else
    echo "FAIL input files changed by a run:"
    diff "$TMP/before.sha" "$TMP/after.sha" | sed 's/^/     /'
    failed=$((failed + 1))
fi

echo "test_samples: $passed passed, $failed failed (${#SETS[@]} sample sets)"
[ "$failed" -eq 0 ]
