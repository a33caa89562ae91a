#!/usr/bin/env bash
# Runs the README's two Quick start commands, in order, on a fresh Debian 12 root with
# nothing else installed, and times them. Needs root, debootstrap and the network (Debian's
# mirror), so it is not part of the test suite.
#
#   scripts/fresh-debian.sh [ROOTDIR]      (default /tmp/uhp-fresh-debian, removed first)
#
# FRESH_TAR=FILE: unpack this tarball of a debootstrapped root instead of bootstrapping.
# The repository goes in as a git clone of HEAD (commit first what you want tried).
set -euo pipefail
SRC="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="${1:-/tmp/uhp-fresh-debian}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
[ "$(id -u)" -eq 0 ] || { echo "fresh-debian.sh: needs root (debootstrap, chroot)" >&2; exit 2; }
case $ROOT in /tmp/?*) ;; *) echo "fresh-debian.sh: ROOTDIR must be under /tmp (got '$ROOT')" >&2; exit 2 ;; esac

umount_all() {
    for m in dev/pts dev proc sys; do umount "$ROOT/$m" 2> /dev/null || true; done
}
trap umount_all EXIT
umount_all
rm -rf "$ROOT"
mkdir -p "$ROOT"
if [ -n "${FRESH_TAR:-}" ]; then
    tar -C "$ROOT" -xf "$FRESH_TAR"
else
    command -v debootstrap > /dev/null || { echo "fresh-debian.sh: install debootstrap" >&2; exit 2; }
    debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" > "$ROOT.debootstrap.log" 2>&1
fi
git clone -q "$SRC" "$ROOT/root/ums-ha-preflight"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
mount -t proc proc "$ROOT/proc"
mount -t sysfs sys "$ROOT/sys"
mount --bind /dev "$ROOT/dev"
mount --bind /dev/pts "$ROOT/dev/pts"

# in_root COMMAND: runs COMMAND in the repository inside the root, with a clean environment.
in_root() {
    chroot "$ROOT" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        /bin/bash -c "cd /root/ums-ha-preflight && $1"
}
timed() {
    local label=$1 start end rc
    shift
    start=$(date +%s.%N)
    set +e
    in_root "$1"
    rc=$?
    set -e
    end=$(date +%s.%N)
    printf '=== %s: exit %d, %.1f s\n' "$label" "$rc" "$(echo "$end - $start" | bc 2> /dev/null || python3 -c "print($end - $start)")"
    return $rc
}
echo "=== fresh Debian 12 root: $ROOT ($(in_root 'cat /etc/debian_version'))"
timed "./scripts/quickstart.sh (first command, installs the build packages)" ./scripts/quickstart.sh
timed "./scripts/test.sh (second command, installs the test packages)" ./scripts/test.sh
# The first command again from an empty build folder, the packages being installed now.
in_root "rm -rf build-release"
timed "./scripts/quickstart.sh again, packages installed, empty build-release/" \
    "./scripts/quickstart.sh > /dev/null"
