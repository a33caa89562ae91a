#!/usr/bin/env bash
# Quick start: install the dependencies, build, and check the bundled HA-ready sample.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)"
./build/ums-ha-preflight check \
  -c 'FILE(samples/ha-ready/zowe.yaml):PARMLIB(IZP.PARMLIB(ZWEYAML))' \
  --parmlib IZP.PARMLIB=samples/ha-ready \
  --dvipa umsha.plex1.example.com=10.10.1.100 \
  --tcpip samples/ha-ready/PROFILE.TCPIP
