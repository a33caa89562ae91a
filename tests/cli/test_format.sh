#!/usr/bin/env bash
# The C sources follow .clang-format (skipped where clang-format is not installed).
set -u
cd "$UHP_SOURCE_DIR" || exit 1
command -v clang-format > /dev/null || { echo "SKIP: clang-format is not installed"; exit 77; }
# Other major versions format some constructs differently: the files follow version 14.
case $(clang-format --version) in
*"version 14."*) ;;
*) echo "SKIP: clang-format is not version 14: $(clang-format --version)"; exit 77 ;;
esac
bad=0
while IFS= read -r f; do
    if ! clang-format --dry-run --Werror "$f" > /dev/null 2>&1; then
        echo "FAIL: $f is not formatted (run: clang-format -i $f)"
        bad=$((bad + 1))
    fi
done < <(git ls-files '*.c' '*.h' 2> /dev/null || find src include tests bench fuzz -name '*.[ch]')
[ "$bad" -eq 0 ] || exit 1
echo "ok: every C file follows .clang-format"
