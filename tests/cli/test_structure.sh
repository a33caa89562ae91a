#!/usr/bin/env bash
# Structure of the sources (docs/ARCHITECTURE.md, "Structure checks"): no include cycle among
# src/ and include/, no file over 600 lines without a `/* Size:` reason at its top, and
# src/report/ including one way. The repository passes tests/tools/check_structure.py; small
# trees in a scratch folder show that each check fails when it should.
#
# Environment (set by ctest): UHP_SOURCE_DIR.
set -u

die() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_SOURCE_DIR:-}" ] && [ -d "$UHP_SOURCE_DIR/src" ] \
    || die "UHP_SOURCE_DIR must be the repository root"
command -v python3 > /dev/null || die "python3 not found"
CHECK=$UHP_SOURCE_DIR/tests/tools/check_structure.py
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-structure.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; sed 's/^/       | /' "$TMP/out"; failed=$((failed + 1)); }

# check NAME WANT_RC [GREP...]: runs the check on $TREE; the status must be WANT_RC and the
# output must hold every GREP (fixed strings).
check() {
    local name=$1 want=$2 s
    shift 2
    python3 "$CHECK" "$TREE" > "$TMP/out" 2>&1
    local rc=$?
    [ "$rc" = "$want" ] || { echo "     exit status $rc, expected $want" >> "$TMP/out"; bad "$name"; return; }
    for s in "$@"; do
        grep -qF -- "$s" "$TMP/out" || { echo "     no '$s' in the output" >> "$TMP/out"; bad "$name"; return; }
    done
    ok "$name"
}

# lines N: N lines of C comments, as a file's body.
lines() { local i; for ((i = 0; i < $1; i++)); do echo "/* line $i */"; done; }

# fresh: an empty tree with the folders the check reads, and one clean pair of files.
fresh() {
    TREE=$TMP/tree
    rm -rf "$TREE"
    mkdir -p "$TREE/src/sub" "$TREE/src/report" "$TREE/include/uhp"
    printf '#include "uhp/a.h"\n' > "$TREE/src/a.c"
    printf '#include <stdio.h>\n' > "$TREE/include/uhp/a.h"
}

# --- the repository itself ----------------------------------------------------------------
TREE=$UHP_SOURCE_DIR
check "the repository has no include cycle, no unexplained big file, one-way reports" 0 \
    "no cycle"

# --- include cycles -------------------------------------------------------------------------
fresh
check "a tree without a cycle passes" 0 "no cycle"

fresh
printf '#include "uhp/b.h"\n' > "$TREE/include/uhp/a.h"
printf '#include "uhp/a.h"\n' > "$TREE/include/uhp/b.h"
check "a cycle between two public headers fails" 1 \
    "include cycle: include/uhp/a.h -> include/uhp/b.h -> include/uhp/a.h"

fresh
# "x.h" from src/sub/ is found in src/ (the including folder first, then src/, then include/)
printf '#include "sub/y.h"\n' > "$TREE/src/x.h"
printf '#include "z.h"\n' > "$TREE/src/sub/y.h"
printf '#include "x.h"\n' > "$TREE/src/sub/z.h"
check "a cycle of three through a subfolder fails" 1 \
    "include cycle: src/sub/y.h -> src/sub/z.h -> src/x.h -> src/sub/y.h"

fresh
printf '#include "self.h"\n' > "$TREE/src/self.h"
check "a header that includes itself fails" 1 "include cycle: src/self.h -> src/self.h"

fresh
printf '#include <uhp/a.h>\n#include "missing.h"\n' > "$TREE/src/b.h"
printf '#include "b.h"\n' > "$TREE/include/uhp/a.h"
check "system includes and unknown files are not followed" 0 "no cycle"

# --- file size ------------------------------------------------------------------------------
fresh
lines 600 > "$TREE/src/big.c"
check "600 lines pass without a reason" 0 "no cycle"

fresh
lines 601 > "$TREE/src/big.c"
check "601 lines without a reason fail" 1 "src/big.c: 601 lines, over 600 without a '/* Size:'"

fresh
{ echo "/* What big.c does. */"; echo "/* Size: one table of every statement, read as a whole */"; lines 700; } > "$TREE/src/big.c"
check "a file over 600 lines with a reason at its top passes" 0 "with a reason: src/big.c"

fresh
{ echo "/* Size: big */"; lines 700; } > "$TREE/src/big.c"
check "a reason of a word fails" 1 "reason 'big' is shorter than 20 characters"

fresh
{ lines 30; echo "/* Size: one table of every statement, read as a whole */"; lines 700; } > "$TREE/src/big.c"
check "a reason below the top of the file fails" 1 "src/big.c: 731 lines, over 600"

# --- src/report/ one way --------------------------------------------------------------------
fresh
printf '#include "report/jw.h"\n' > "$TREE/src/report/escape.c"
printf '\n' > "$TREE/src/report/jw.h"
check "escape.c including the JSON writer fails" 1 \
    "src/report/escape.c (escape) includes src/report/jw.h (buffers and JSON writer)"

fresh
printf '#include "report/writers.h"\n' > "$TREE/src/report/common.c"
printf '\n' > "$TREE/src/report/writers.h"
check "common.c including the writers fails" 1 "src/report/common.c (common) includes src/report/writers.h"

fresh
printf '#include "report/report_internal.h"\n#include "report/writers.h"\n' > "$TREE/src/report/text.c"
printf '#include "report/jw.h"\n' > "$TREE/src/report/report_internal.h"
printf '#include "report/escape.h"\n' > "$TREE/src/report/jw.h"
printf '\n' > "$TREE/src/report/escape.h"
printf '\n' > "$TREE/src/report/writers.h"
printf '#include "report/writers.h"\n' > "$TREE/src/report/registry.c"
check "a writer and the registry including downwards pass" 0 "no cycle"

fresh
printf '\n' > "$TREE/src/report/extra.h"
check "a report header without a layer fails" 1 "src/report/extra.h: a report header with no layer"

# --- usage ----------------------------------------------------------------------------------
TREE=$TMP/nowhere
check "a folder without src/ is a usage error" 2 "usage: check_structure.py ROOT"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
