#!/usr/bin/env bash
# Quick start: installs what building and running need, builds Release in build-release/
# (the log in build-release/build.log), and checks the HA-ready sample: the report, exit 0.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "building ums-ha-preflight (Release, log in build-release/build.log)..."
BIN=$(./scripts/build.sh "$PWD/build-release")
echo "built $BIN; checking samples/ha-ready:"
echo
"$BIN" check \
    -c 'FILE(samples/ha-ready/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))' \
    --parmlib IZP.PARMLIB=samples/ha-ready \
    --dvipa umsha.plex1.example.com=10.10.1.100 \
    --tcpip samples/ha-ready/PROFILE.TCPIP
