#!/usr/bin/env bash
# The packages: `cpack` in the build folder writes a .deb and a .tar.gz. The .deb declares
# its runtime libraries and holds the binary, the man page, the bash completion, the docs
# and the license; unpacked into a clean root with `dpkg -x`, the binary (--version, a
# check of samples/ha-ready and samples/fail/...), the man page (man -l) and the completion
# work from there. One version, CMakeLists.txt's, is in --version, the package, the SARIF
# driver, the man page and the newest CHANGELOG.md entry.
#
# Environment (set by ctest): UHP_BIN, UHP_SOURCE_DIR, UHP_BUILD_DIR.
set -u

die() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${UHP_BUILD_DIR:-}" ] && [ -f "$UHP_BUILD_DIR/CPackConfig.cmake" ] \
    || die "UHP_BUILD_DIR must be a configured build folder with CPackConfig.cmake (got '${UHP_BUILD_DIR:-}')"
[ -n "${UHP_SOURCE_DIR:-}" ] && [ -f "$UHP_SOURCE_DIR/CMakeLists.txt" ] \
    || die "UHP_SOURCE_DIR must be the repository root (got '${UHP_SOURCE_DIR:-}')"
[ -x "${UHP_BIN:-}" ] || die "UHP_BIN is not an executable (${UHP_BIN:-unset})"
command -v dpkg-deb > /dev/null || { echo "SKIP: dpkg-deb is not installed (not a Debian system)"; exit 77; }
command -v dpkg-shlibdeps > /dev/null \
    || { echo "SKIP: dpkg-shlibdeps is not installed (Debian package dpkg-dev)"; exit 77; }
command -v file > /dev/null \
    || { echo "SKIP: file is not installed (cpack's DEB generator needs it; Debian package file)"; exit 77; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/uhp-package.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
failed=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

VERSION=$(sed -n 's/^project(ums-ha-preflight VERSION \([0-9][0-9.]*\) .*/\1/p' "$UHP_SOURCE_DIR/CMakeLists.txt")
[ -n "$VERSION" ] || die "no project(ums-ha-preflight VERSION x.y.z ...) in CMakeLists.txt"
echo "version in CMakeLists.txt: $VERSION"

# --- one version everywhere ----------------------------------------------------------------
got=$("$UHP_BIN" --version)
[ "$got" = "ums-ha-preflight $VERSION" ] && ok "--version: $got" || bad "--version printed '$got'"
S=$UHP_SOURCE_DIR/samples/ha-ready
mapfile -t READY_ARGS < "$S/args"
(cd "$UHP_SOURCE_DIR" && "$UHP_BIN" check "${READY_ARGS[@]}" --format "sarif=$TMP/v.sarif" > /dev/null)
drv=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["runs"][0]["tool"]["driver"]["version"])' "$TMP/v.sarif")
[ "$drv" = "$VERSION" ] && ok "SARIF tool.driver.version: $drv" || bad "SARIF driver version is '$drv'"
top=$(sed -n 's/^## \([0-9][0-9.]*\).*/\1/p' "$UHP_SOURCE_DIR/CHANGELOG.md" | head -n 1)
[ "$top" = "$VERSION" ] && ok "CHANGELOG.md's newest entry: $top" || bad "CHANGELOG.md's newest entry is '$top'"

# --- cpack -----------------------------------------------------------------------------------
if (cd "$UHP_BUILD_DIR" && cpack -G "DEB;TGZ" -B "$TMP/pkg") > "$TMP/cpack.log" 2>&1; then
    ok "cpack -G 'DEB;TGZ'"
else
    bad "cpack failed:"; tail -n 20 "$TMP/cpack.log" | sed 's/^/     | /'
    echo "$failed failure(s)"; exit 1
fi
DEB=$(ls "$TMP"/pkg/ums-ha-preflight_"$VERSION"_*.deb 2> /dev/null | head -n 1)
TGZ=$(ls "$TMP"/pkg/ums-ha-preflight-"$VERSION"-*.tar.gz 2> /dev/null | head -n 1)
[ -f "$DEB" ] && ok "wrote $(basename "$DEB")" || bad "no ums-ha-preflight_${VERSION}_ARCH.deb in: $(ls "$TMP/pkg")"
[ -f "$TGZ" ] && ok "wrote $(basename "$TGZ")" || bad "no ums-ha-preflight-$VERSION-*.tar.gz in: $(ls "$TMP/pkg")"

if [ -f "$DEB" ]; then
    [ "$(dpkg-deb -f "$DEB" Package)" = ums-ha-preflight ] && ok ".deb Package: ums-ha-preflight" \
        || bad ".deb Package is '$(dpkg-deb -f "$DEB" Package)'"
    [ "$(dpkg-deb -f "$DEB" Version)" = "$VERSION" ] && ok ".deb Version: $VERSION" \
        || bad ".deb Version is '$(dpkg-deb -f "$DEB" Version)'"
    deps=$(dpkg-deb -f "$DEB" Depends)
    for lib in libc6 libyaml-0-2 libcyaml1; do
        grep -Eq "(^|, )$lib( |,|$)" <<< "$deps" && ok ".deb Depends on $lib" || bad ".deb Depends lacks $lib: '$deps'"
    done
    dpkg-deb -c "$DEB" | awk '{print $NF}' > "$TMP/deb.list"
    for f in ./usr/bin/ums-ha-preflight ./usr/share/man/man1/ums-ha-preflight.1 \
        ./usr/share/bash-completion/completions/ums-ha-preflight \
        ./usr/share/doc/ums-ha-preflight/README.md ./usr/share/doc/ums-ha-preflight/CHANGELOG.md \
        ./usr/share/doc/ums-ha-preflight/LICENSE ./usr/share/doc/ums-ha-preflight/rules/UHA105.md; do
        grep -qx -- "$f" "$TMP/deb.list" && ok ".deb holds $f" || bad ".deb lacks $f"
    done

    # --- installed into a clean root ---------------------------------------------------------
    R=$TMP/root
    mkdir -p "$R"
    dpkg -x "$DEB" "$R" && ok "dpkg -x into a clean root" || bad "dpkg -x failed"
    IBIN=$R/usr/bin/ums-ha-preflight
    got=$("$IBIN" --version 2>&1)
    [ "$got" = "ums-ha-preflight $VERSION" ] && ok "installed --version: $got" || bad "installed --version printed '$got'"
    (cd "$UHP_SOURCE_DIR" && "$IBIN" check "${READY_ARGS[@]}" > "$TMP/ready.out" 2>&1)
    rc=$?
    [ "$rc" = 0 ] && grep -q "PASS" "$TMP/ready.out" && ok "installed binary: samples/ha-ready is ready (exit 0)" \
        || bad "installed binary on samples/ha-ready: exit $rc: $(head -n 3 "$TMP/ready.out")"
    fail_set=$(ls -d "$UHP_SOURCE_DIR"/samples/fail/UHA105-*/ | head -n 1)
    fail_set=${fail_set%/}
    mapfile -t FAIL_ARGS < "$fail_set/args"
    (cd "$UHP_SOURCE_DIR" && "$IBIN" check "${FAIL_ARGS[@]}" > "$TMP/fail.out" 2>&1)
    rc=$?
    [ "$rc" = 1 ] && ok "installed binary: ${fail_set#"$UHP_SOURCE_DIR"/} is not ready (exit 1)" \
        || bad "installed binary on ${fail_set#"$UHP_SOURCE_DIR"/}: exit $rc, expected 1"

    MAN=$R/usr/share/man/man1/ums-ha-preflight.1
    if command -v man > /dev/null; then
        if MANWIDTH=80 man -l "$MAN" > "$TMP/man.txt" 2> "$TMP/man.err" && grep -q "^NAME" "$TMP/man.txt" \
            && [ ! -s "$TMP/man.err" ]; then
            ok "man -l renders the installed man page"
        else
            bad "man -l on the installed page: $(head -n 2 "$TMP/man.err")"
        fi
        tail -n 1 "$TMP/man.txt" | grep -q "ums-ha-preflight $VERSION" && ok "the man page's footer says $VERSION" \
            || bad "the man page's footer is '$(tail -n 1 "$TMP/man.txt")', not version $VERSION"
    else
        echo "skip man -l: man-db is not installed"
    fi

    COMP=$R/usr/share/bash-completion/completions/ums-ha-preflight
    got=$(bash -c 'PATH=$1:$PATH; source "$2"; COMP_WORDS=(ums-ha-preflight check --fail-on w); COMP_CWORD=3
        _ums_ha_preflight; printf "%s\n" "${COMPREPLY[@]}"' _ "$R/usr/bin" "$COMP" 2>&1)
    [ "$got" = warning ] && ok "the installed completion completes '--fail-on w'" || bad "the completion gave '$got'"
    got=$(bash -c 'PATH=$1:$PATH; source "$2"; COMP_WORDS=(ums-ha-preflight explain UHA10); COMP_CWORD=2
        _ums_ha_preflight; printf "%s\n" "${COMPREPLY[@]}"' _ "$R/usr/bin" "$COMP" 2>&1)
    grep -qx UHA105 <<< "$got" && ok "the installed completion completes rule ids (from the installed binary)" \
        || bad "'explain UHA10' gave '$got'"
fi

if [ -f "$TGZ" ]; then
    mkdir -p "$TMP/tgz" && tar -C "$TMP/tgz" -xzf "$TGZ" || bad "cannot unpack $TGZ"
    top_dir=$(ls "$TMP/tgz")
    for f in bin/ums-ha-preflight share/man/man1/ums-ha-preflight.1 \
        share/bash-completion/completions/ums-ha-preflight share/doc/ums-ha-preflight/LICENSE; do
        [ -e "$TMP/tgz/$top_dir/$f" ] && ok ".tar.gz holds $top_dir/$f" || bad ".tar.gz lacks $top_dir/$f"
    done
    got=$("$TMP/tgz/$top_dir/bin/ums-ha-preflight" --version 2>&1)
    [ "$got" = "ums-ha-preflight $VERSION" ] && ok ".tar.gz binary runs: $got" || bad ".tar.gz --version printed '$got'"
fi

[ "$failed" -eq 0 ] || { echo "$failed failure(s)"; exit 1; }
echo "all passed"
