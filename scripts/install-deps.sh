#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the build and the test suite need (root or sudo).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential clang cmake pkg-config libyaml-dev libcyaml-dev libcmocka-dev \
  python3 python3-jsonschema python3-markdown libxml2-utils valgrind man-db >/dev/null
