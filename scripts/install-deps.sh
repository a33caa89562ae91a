#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages a task needs (root or sudo), and nothing when they are
# all installed already (then it needs neither root nor the network).
#
#   install-deps.sh run    build and run the tool: a C compiler, CMake, libyaml, libcyaml
#   install-deps.sh test   run, plus everything the test suite uses (scripts/test.sh)
#   install-deps.sh ci     test, plus clang for the sanitizer builds (.ci/run)
#
# The package names are the same on Debian 12 and Ubuntu 24.04.
set -euo pipefail
MODE="${1:-test}"
RUN_PKGS="gcc libc6-dev make cmake pkg-config libyaml-dev libcyaml-dev"
# What tests/ runs: cmocka; python3 with yaml and jsonschema (report schemas, CI recipes,
# the Action); xmllint (JUnit); valgrind; man-db (man -l, groff); dpkg-dev and file (cpack's
# dpkg-shlibdeps, the .deb test); git and pre-commit (the scratch config repository and
# `pre-commit try-repo`; git apply in tests/cli/test_fix_diff.sh); patch (the same test);
# clang-format (tests/cli/test_format.sh); python3-markdown (the markdown report's renderer
# test).
TEST_PKGS="libcmocka-dev python3 python3-yaml python3-jsonschema python3-markdown libxml2-utils
  valgrind man-db dpkg-dev file git pre-commit clang-format patch"
CI_PKGS="clang"
case $MODE in
run) PKGS="$RUN_PKGS" ;;
test) PKGS="$RUN_PKGS $TEST_PKGS" ;;
ci) PKGS="$RUN_PKGS $TEST_PKGS $CI_PKGS" ;;
*) echo "usage: install-deps.sh run|test|ci (got '$MODE')" >&2; exit 2 ;;
esac

# The packages not installed yet (dpkg-query says "install ok installed" for the others).
missing=()
for p in $PKGS; do
    case $(dpkg-query -W -f='${Status}' "$p" 2> /dev/null || true) in
    "install ok installed") ;;
    *) missing+=("$p") ;;
    esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# apt's chatter (debconf notes and the like) goes to a log shown only when apt fails.
LOG=$(mktemp "${TMPDIR:-/tmp}/uhp-apt.XXXXXX")
trap 'rm -f "$LOG"' EXIT
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    > "$LOG" 2>&1; then
    cat "$LOG" >&2
    echo "install-deps.sh: apt-get failed (packages: ${missing[*]})" >&2
    exit 1
fi
