# The case harness shared by the command-line tests: source it after setting TMP (a scratch
# folder) and TIMEOUT (seconds). A case is `begin NAME`, checks that call `bad MESSAGE`,
# then `end`, which prints "ok" or "FAIL" with the command, the problems, and the head of
# stdout and stderr. The caller prints "$passed passed, $failed failed" and exits on it.
# HARNESS_STDOUT_LINES / HARNESS_STDERR_LINES set how much output a failure shows.
passed=0 failed=0
CASE="" PROBLEMS=() LAST_CMD=""
begin() { CASE=$1; PROBLEMS=(); }
bad() { PROBLEMS+=("$*"); }
end() {
    if [ ${#PROBLEMS[@]} -eq 0 ]; then
        echo "ok   $CASE"; passed=$((passed + 1))
    else
        echo "FAIL $CASE"
        echo "     command: $LAST_CMD (in $PWD)"
        local p
        for p in "${PROBLEMS[@]}"; do echo "     - $p"; done
        echo "     stdout:"; head -n "${HARNESS_STDOUT_LINES:-12}" "$TMP/out" | sed 's/^/       | /'
        echo "     stderr:"; head -n "${HARNESS_STDERR_LINES:-8}" "$TMP/err" | sed 's/^/       | /'
        failed=$((failed + 1))
    fi
}
# run ARGS...: runs the binary in the current directory, stdout to $TMP/out, stderr to
# $TMP/err, status in RC; a status of 124 or more (timeout, signal) is a problem.
run() {
    LAST_CMD="ums-ha-preflight $(printf "'%s' " "$@")"
    timeout "$TIMEOUT" "$UHP_BIN" "$@" > "$TMP/out" 2> "$TMP/err" < /dev/null
    RC=$?
    [ "$RC" -ge 124 ] && bad "timed out or crashed (status $RC)"
}
want_rc() { [ "$RC" = "$1" ] || bad "exit status: expected $1, got $RC"; }
