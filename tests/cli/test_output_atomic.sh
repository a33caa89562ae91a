#!/usr/bin/env bash
# Output files are written whole or not at all: when writing a report fails part-way (the
# file size limit, a full disk), or its directory cannot be written, no partial file is left
# behind, an earlier report at that path stays as it was, no temporary file remains, the
# error names the path and says why, and the exit status is 2 (3 is for internal errors).
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR.
set -u

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "${UHP_BIN:-}" ] || fail "UHP_BIN is not set or not executable"
[ -d "${UHP_SOURCE_DIR:-}/samples" ] || fail "UHP_SOURCE_DIR is not set"
cd "$UHP_SOURCE_DIR" || fail "cannot cd to $UHP_SOURCE_DIR"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-atomic.XXXXXX") || fail "mktemp failed"
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
export NO_COLOR=1

ARGS=()
while IFS= read -r line || [ -n "$line" ]; do
    [ -n "$line" ] && ARGS+=("$line")
done < samples/fail/UHA105-ums-auth-mfa-jwt/args

# A good run first: the reference, and proof the report is larger than the limit below.
"$UHP_BIN" check "${ARGS[@]}" --format "sarif=$TMP/ref.sarif" > /dev/null 2>&1
[ -s "$TMP/ref.sarif" ] || fail "the reference run wrote no report"
size=$(wc -c < "$TMP/ref.sarif")
[ "$size" -gt 8192 ] || fail "the reference report is too small ($size bytes) for this test"

# 1. Writing fails part-way: RLIMIT_FSIZE of 4 KiB (SIGXFSZ ignored, so write() fails).
echo "an earlier report" > "$TMP/out.sarif"
(
    trap '' XFSZ
    ulimit -f 4
    exec "$UHP_BIN" check "${ARGS[@]}" --format "sarif=$TMP/out.sarif" \
        --format "json=$TMP/new.json"
) > /dev/null 2> "$TMP/err"
rc=$?
[ "$rc" -eq 2 ] || fail "a failed write: expected exit 2, got $rc"
grep -q "cannot write '$TMP/out.sarif'" "$TMP/err" ||
    fail "no error names the path: $(cat "$TMP/err")"
[ "$(cat "$TMP/out.sarif")" = "an earlier report" ] || fail "the earlier report was overwritten"
[ ! -e "$TMP/new.json" ] || [ "$(wc -c < "$TMP/new.json")" -le 4096 ] ||
    fail "new.json is larger than the limit: a partial file?"
if [ -e "$TMP/new.json" ]; then
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/new.json" 2>/dev/null ||
        fail "new.json was left half written"
fi
leftover=$(find "$TMP" -name '*.tmp.*' -o -name '.*.??????' | head -n 1)
[ -z "$leftover" ] || fail "a temporary file was left behind: $leftover"

# 2. A path in a directory that does not exist (or is a file).
"$UHP_BIN" check "${ARGS[@]}" --format "json=$TMP/ref.sarif/x.json" > /dev/null 2> "$TMP/err"
rc=$?
[ "$rc" -eq 2 ] || fail "an impossible path: expected exit 2, got $rc"
grep -q "cannot write" "$TMP/err" || fail "no error for an impossible path"

# 3. A read-only directory (meaningless for root, who may write anyway).
if [ "$(id -u)" -ne 0 ]; then
    mkdir "$TMP/ro" && chmod a-w "$TMP/ro"
    "$UHP_BIN" check "${ARGS[@]}" --format "json=$TMP/ro/out.json" > /dev/null 2> "$TMP/err"
    rc=$?
    [ "$rc" -eq 2 ] || fail "a read-only directory: expected exit 2, got $rc"
    [ -z "$(ls -A "$TMP/ro")" ] || fail "files were left in the read-only directory"
else
    echo "note: running as root, the read-only directory case is skipped"
fi

# 4. Standard output that cannot be written (/dev/full): exit 3, not a silent success.
if [ -w /dev/full ]; then
    "$UHP_BIN" check "${ARGS[@]}" --format json > /dev/full 2> "$TMP/err"
    rc=$?
    [ "$rc" -eq 2 ] || fail "stdout on /dev/full: expected exit 2, got $rc"
fi

# 5. And a good run after all this leaves exactly the reference report.
"$UHP_BIN" check "${ARGS[@]}" --format "sarif=$TMP/out.sarif" > /dev/null 2>&1
cmp -s "$TMP/out.sarif" "$TMP/ref.sarif" || fail "a good run did not replace the report whole"
echo "ok: reports are written whole or not at all"
