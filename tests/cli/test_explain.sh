#!/usr/bin/env bash
# `rules` and `explain`: every rule `rules` lists is explained by id and by name, and the text
# is its doc page docs/rules/<ID>.md exactly; every doc page belongs to a listed rule; an
# unknown rule is a usage error.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR.
set -u

die() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BIN:-}" ] && [ -x "$UHP_BIN" ] || die "UHP_BIN must name the built binary"
[ -n "${UHP_SOURCE_DIR:-}" ] && [ -d "$UHP_SOURCE_DIR/docs/rules" ] \
    || die "UHP_SOURCE_DIR must be the repository root"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-explain.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
failed=0
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

"$UHP_BIN" rules > "$TMP/rules" 2> "$TMP/err"; rc=$?
[ "$rc" = 0 ] || bad "'rules' exited $rc: $(head -n 2 "$TMP/err")"
head -n 1 "$TMP/rules" | grep -q '^ID  *NAME  *SEVERITY' || bad "'rules' has no header line"
n=0
while read -r id name sev _; do
    n=$((n + 1))
    [[ $id =~ ^UHA[0-9]{3}$ ]] || { bad "'rules' line '$id $name' has no rule id"; continue; }
    case $sev in error|warning|info) ;; *) bad "$id: severity '$sev'";; esac
    page=$UHP_SOURCE_DIR/docs/rules/$id.md
    [ -f "$page" ] || { bad "$id: no doc page docs/rules/$id.md"; continue; }
    for key in "$id" "$name" "$(tr 'A-Z' 'a-z' <<< "$id")"; do
        "$UHP_BIN" explain "$key" > "$TMP/out" 2> "$TMP/err"; rc=$?
        if [ "$rc" != 0 ]; then
            bad "explain $key exited $rc: $(head -n 1 "$TMP/err")"
        elif ! head -c "$(wc -c < "$page")" "$TMP/out" | cmp -s - "$page"; then
            bad "explain $key does not start with docs/rules/$id.md"
        elif ! tail -n 4 "$TMP/out" | grep -q 'ums-ha-preflight show -c CONFIG PATH' ||
            ! tail -n 4 "$TMP/out" | grep -q -- '--format markdown'; then
            bad "explain $key does not end by pointing at show and --format markdown"
        elif [ "$(head -n 1 "$TMP/out")" != "# $id $name" ]; then
            bad "explain $key starts '$(head -n 1 "$TMP/out")', not '# $id $name'"
        fi
    done
done < <(tail -n +2 "$TMP/rules")
[ "$n" -ge 16 ] || bad "'rules' lists $n rules"
echo "explained $n rules by id, name and lower-case id"

for page in "$UHP_SOURCE_DIR"/docs/rules/UHA*.md; do
    id=$(basename "$page" .md)
    grep -q "^$id " "$TMP/rules" || bad "docs/rules/$id.md documents no rule 'rules' lists"
done

"$UHP_BIN" explain UHA000 > "$TMP/out" 2> "$TMP/err"; rc=$?
[ "$rc" = 2 ] || bad "explain UHA000 exited $rc, not 2"
grep -q "unknown rule 'UHA000'" "$TMP/err" || bad "explain UHA000: no 'unknown rule' message"
[ -s "$TMP/out" ] && bad "explain UHA000 wrote to stdout"
"$UHP_BIN" explain > /dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || bad "explain without a rule exited $rc, not 2"
"$UHP_BIN" explain UHA105 UHA104 > /dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || bad "explain with two rules exited $rc, not 2"

[ "$failed" -eq 0 ] || { echo "$failed failure(s)"; exit 1; }
echo "all passed"
