#!/usr/bin/env bash
# The single list of Debian (bookworm) packages RequestScope needs.
#
#   scripts/deps.sh build   packages to build and run the program
#   scripts/deps.sh test    build packages plus what the tests and benchmarks use
#                           (servers the tests start themselves, real Flask, wrk, Xvfb, clang
#                           and libFuzzer for scripts/fuzz.sh)
#   scripts/deps.sh list [build|test]   print the list, install nothing
#
# Only missing packages are installed: a dpkg-query check first, then one `apt-get update`
# and one `apt-get install -y --no-install-recommends` for the missing ones. Uses sudo when
# not root.
set -euo pipefail

BUILD_PKGS=(
  cmake
  ninja-build
  g++
  pkg-config
  qt6-base-dev
  qt6-base-dev-tools
  qt6-charts-dev        # Qt 6 Charts (bookworm name; there is no libqt6charts6-dev)
  libqt6opengl6-dev     # Qt6Charts' CMake config requires Qt6OpenGL (not pulled in by qt6-charts-dev)
  libqt6sql6-sqlite
  libgl-dev
  libhiredis-dev
  zlib1g-dev
  libhttp-parser-dev
  libmemcached-dev
  libboost-context-dev
)

TEST_PKGS=(
  redis-server
  memcached
  python3-flask
  python3-flask-session
  python3-redis
  gunicorn
  wrk
  xvfb
  xauth
  imagemagick
  xdotool               # scripts/screenshots.sh drives the window under Xvfb
  clang-14              # scripts/fuzz.sh: the `fuzz` preset builds with clang++-14 ...
  libclang-rt-14-dev    # ... and links libFuzzer and the sanitizer runtimes from here
  curl                  # tests/load/session_dir_faults.sh
)

usage() {
  echo "usage: $0 build|test|list [build|test]" >&2
  exit 2
}

set_for() {
  case "$1" in
    build) PKGS=("${BUILD_PKGS[@]}") ;;
    test) PKGS=("${BUILD_PKGS[@]}" "${TEST_PKGS[@]}") ;;
    *) usage ;;
  esac
}

[[ $# -ge 1 ]] || usage
PKGS=()
case "$1" in
  list)
    set_for "${2:-test}"
    printf '%s\n' "${PKGS[@]}"
    exit 0
    ;;
  build | test) set_for "$1" ;;
  *) usage ;;
esac

missing=()
for p in "${PKGS[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  if [[ "$status" != "installed" ]]; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "deps.sh: all ${#PKGS[@]} $1 packages are installed" >&2
  exit 0
fi

echo "deps.sh: installing ${#missing[@]} missing package(s): ${missing[*]}" >&2
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "deps.sh: not root and sudo is not available; install as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
