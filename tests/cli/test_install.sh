#!/usr/bin/env bash
# `cmake --install` into a temporary prefix installs the binary, the man page and the bash
# completion; the man page renders without warnings; the completion completes commands,
# options, values and rule names.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR, UHP_BUILD_DIR.
set -u

die() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BUILD_DIR:-}" ] && [ -f "$UHP_BUILD_DIR/CMakeCache.txt" ] \
    || die "UHP_BUILD_DIR must be the build directory (got '${UHP_BUILD_DIR:-}')"
[ -n "${UHP_SOURCE_DIR:-}" ] && [ -f "$UHP_SOURCE_DIR/docs/ums-ha-preflight.1" ] \
    || die "UHP_SOURCE_DIR must be the repository root (got '${UHP_SOURCE_DIR:-}')"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-install.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
failed=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

# --- cmake --install ---------------------------------------------------------------------
if cmake --install "$UHP_BUILD_DIR" --prefix "$TMP/prefix" > "$TMP/install.log" 2>&1; then
    ok "cmake --install --prefix succeeds"
else
    bad "cmake --install failed:"; sed 's/^/     | /' "$TMP/install.log"
fi
BIN=$TMP/prefix/bin/ums-ha-preflight
MAN=$TMP/prefix/share/man/man1/ums-ha-preflight.1
COMP=$TMP/prefix/share/bash-completion/completions/ums-ha-preflight
[ -x "$BIN" ] && ok "bin/ums-ha-preflight installed" || bad "no executable $BIN"
[ -f "$MAN" ] && ok "share/man/man1/ums-ha-preflight.1 installed" || bad "no man page $MAN"
[ -f "$COMP" ] && ok "share/bash-completion/completions/ums-ha-preflight installed" \
    || bad "no completion $COMP"
if [ -x "$BIN" ]; then
    out=$("$BIN" --version 2>&1)
    [[ $out == "ums-ha-preflight "* ]] && ok "the installed binary runs: $out" \
        || bad "installed --version printed '$out'"
fi
# The installed page is docs/ums-ha-preflight.1 with the build's version in its .TH line.
if [ -x "$BIN" ]; then
    ver=$("$BIN" --version | sed 's/^ums-ha-preflight //')
    sed "s/\"ums-ha-preflight\( [^\"]*\)\{0,1\}\"/\"ums-ha-preflight $ver\"/" "$UHP_SOURCE_DIR/docs/ums-ha-preflight.1" > "$TMP/want.1"
    cmp -s "$MAN" "$TMP/want.1" && grep -q "^\.TH .*\"ums-ha-preflight $ver\"" "$MAN" \
        && ok "the man page is docs/ums-ha-preflight.1, version $ver in .TH" \
        || bad "installed man page is not docs/ums-ha-preflight.1 with version $ver in .TH"
fi
# A folder configured without a build type (as `cmake -S . -B build-release` alone) is a
# Release build, so what `cmake --install` installs from it is one.
if cmake -S "$UHP_SOURCE_DIR" -B "$TMP/default-build" -DUHP_TESTS=OFF > "$TMP/configure.log" 2>&1; then
    bt=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$TMP/default-build/CMakeCache.txt")
    [ "$bt" = Release ] && ok "no build type given: a Release build" || bad "no build type given: '$bt', not Release"
else
    bad "configuring without a build type failed:"; tail -n 5 "$TMP/configure.log" | sed 's/^/     | /'
fi

# --- the man page renders -------------------------------------------------------------------
PAGE=$UHP_SOURCE_DIR/docs/ums-ha-preflight.1
if command -v man > /dev/null 2>&1 && MANWIDTH=80 man -l "$PAGE" > "$TMP/man.txt" 2> "$TMP/man.err"; then
    render="man -l"
elif command -v groff > /dev/null 2>&1 && groff -man -Tutf8 "$PAGE" > "$TMP/man.txt" 2> "$TMP/man.err"; then
    render="groff -man"
else
    render=""
fi
if [ -z "$render" ]; then
    echo "skip the man page rendering: neither man-db nor groff is installed"
else
    if grep -q "^NAME" "$TMP/man.txt" && grep -Eq "ums-ha-preflight +- +check a Zowe" "$TMP/man.txt" \
        && grep -q "^EXIT STATUS" "$TMP/man.txt" && grep -q "^POLICY FILE" "$TMP/man.txt" \
        && grep -q -- "--no-inline-ignores" "$TMP/man.txt"; then
        ok "the man page renders with $render (NAME, POLICY FILE, EXIT STATUS, options)"
    else
        bad "the man page rendered by $render lacks a section:"; head -n 5 "$TMP/man.txt" | sed 's/^/     | /'
    fi
    if [ -s "$TMP/man.err" ]; then
        bad "rendering the man page warned:"; sed 's/^/     | /' "$TMP/man.err"
    fi
    if command -v groff > /dev/null 2>&1; then
        groff -man -Tutf8 -ww -z "$PAGE" > "$TMP/groff.err" 2>&1
        [ -s "$TMP/groff.err" ] && { bad "groff -ww warns:"; sed 's/^/     | /' "$TMP/groff.err"; } \
            || ok "groff -ww: no warnings"
    fi
    # Every option of --help is in the rendered man page.
    if [ -x "$BIN" ]; then
        missing=0
        for opt in $("$BIN" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
            grep -q -- "$opt" "$TMP/man.txt" || { bad "option $opt of --help is not in the man page"; missing=1; }
        done
        [ "$missing" = 0 ] && ok "every option of --help is in the man page"
    fi
fi

# --- the completion -------------------------------------------------------------------------
# complete WORDS...: runs the completion function on WORDS (the last one being completed).
complete_words() {
    bash -c '
        PATH=$1:$PATH; source "$2"; shift 2
        COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
        _ums_ha_preflight
        printf "%s\n" "${COMPREPLY[@]}"' _ "$TMP/prefix/bin" "$COMP" "$@" 2> "$TMP/comp.err"
}
if [ -f "$COMP" ]; then
    bash -n "$COMP" && ok "the completion parses" || bad "bash -n $COMP failed"
    got=$(complete_words ums-ha-preflight "")
    for w in check rules explain; do
        grep -qx "$w" <<< "$got" || bad "completing the command does not offer '$w' (got: $got)"
    done
    ok "completes the commands"
    got=$(complete_words ums-ha-preflight check --no-)
    for w in --no-policy --no-inline-ignores; do
        grep -qx -- "$w" <<< "$got" || bad "'check --no-' does not offer $w (got: $got)"
    done
    ok "completes check options"
    got=$(complete_words ums-ha-preflight check --fail-on w)
    [ "$got" = "warning" ] && ok "completes --fail-on values" || bad "'--fail-on w' gave '$got'"
    got=$(complete_words ums-ha-preflight check --format sa)
    [ "$got" = "sarif" ] && ok "completes --format values" || bad "'--format sa' gave '$got'"
    got=$(complete_words ums-ha-preflight check --format ma)
    [ "$got" = "markdown" ] && ok "completes --format markdown" || bad "'--format ma' gave '$got'"
    got=$(complete_words ums-ha-preflight explain UHA10)
    grep -qx UHA105 <<< "$got" && ok "completes rule ids for explain" \
        || bad "'explain UHA10' does not offer UHA105 (got: $got)"
    got=$(complete_words ums-ha-preflight explain ums-auth)
    [ "$got" = "ums-auth-mfa-jwt" ] && ok "completes rule names for explain" \
        || bad "'explain ums-auth' gave '$got'"
    touch "$TMP/policy-one.yaml"
    got=$(cd "$TMP" && complete_words ums-ha-preflight check --policy policy-o)
    [ "$got" = "policy-one.yaml" ] && ok "completes file names for --policy" \
        || bad "'--policy policy-o' gave '$got'"
    # The completion asks the installed tool (its option table), so every option of --help
    # is offered, and the completion file itself names none.
    missing=0
    offered=$(complete_words ums-ha-preflight check --)
    for opt in $("$BIN" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
        case $opt in --help|--version) continue;; esac
        grep -qx -- "$opt" <<< "$offered" || { bad "option $opt of --help is not offered by the completion"; missing=1; }
    done
    [ "$missing" = 0 ] && ok "every check option of --help is offered by the completion"
    grep -q -- "--max-size" "$COMP" && bad "the completion file lists options itself (not from the tool)"
    got=$(complete_words ums-ha-preflight show --format j)
    [ "$got" = "json" ] && ok "completes show's --format (yaml or json)" || bad "'show --format j' gave '$got'"
    got=$(complete_words ums-ha-preflight check --dvipa 1)
    [ -z "$got" ] && ok "no completion for --dvipa's address" || bad "'--dvipa 1' gave '$got'"
    [ -s "$TMP/comp.err" ] && bad "the completion wrote to stderr: $(head -n 2 "$TMP/comp.err")"
fi

[ "$failed" -eq 0 ] || { echo "$failed failure(s)"; exit 1; }
echo "all passed"
