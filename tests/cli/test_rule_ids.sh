#!/usr/bin/env bash
# Rules live in src/rules/: no C string literal outside src/rules/ and the kind-to-rule table
# (src/diag_rules.c) holds a rule id. The readers report diagnostic kinds, and rule
# properties are registry fields, not lists of ids. The checker itself is tested on a
# scratch tree: a planted id is found, one in a comment or in the table is not.
#
# Environment (set by ctest): UHP_SOURCE_DIR (repository root).
set -u

die() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_SOURCE_DIR:-}" ] && [ -d "$UHP_SOURCE_DIR/src" ] || die "UHP_SOURCE_DIR must be the repository root"
PY=""
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import re' 2> /dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || die "no python3"
CHECK="$UHP_SOURCE_DIR/tests/tools/rule_id_literals.py"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-ruleids.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
failed=0

# The checker finds a planted literal and passes comments, the table and src/rules/.
mkdir -p "$TMP/tree/src/rules" "$TMP/tree/include"
printf '/* "UHA001" in a comment */\nconst char *x = "ok \\" UHA in a string";\n' > "$TMP/tree/src/a.c"
printf 'const char *t = "UHA004";\n' > "$TMP/tree/src/diag_rules.c"
printf 'const char *r = "UHA105";\n' > "$TMP/tree/src/rules/uha105.c"
if ! "$PY" "$CHECK" "$TMP/tree" > "$TMP/out"; then
    echo "FAIL the checker flags a clean tree:"; cat "$TMP/out"; failed=$((failed + 1))
fi
printf 'static const char *s = "rule " /* x */ "UHA110";\n' > "$TMP/tree/src/b.c"
"$PY" "$CHECK" "$TMP/tree" > "$TMP/out"; rc=$?
if [ "$rc" != 1 ] || ! grep -q '^src/b.c:1: "UHA110"$' "$TMP/out"; then
    echo "FAIL the checker misses a planted rule id (exit $rc):"; cat "$TMP/out"; failed=$((failed + 1))
fi

# The real sources.
if ! "$PY" "$CHECK" "$UHP_SOURCE_DIR" > "$TMP/real"; then
    echo "FAIL rule id literals outside src/rules/ and src/diag_rules.c:"; cat "$TMP/real"
    failed=$((failed + 1))
fi
[ "$failed" = 0 ] && echo "ok rule ids only in src/rules/ and src/diag_rules.c"
exit $((failed > 0))
