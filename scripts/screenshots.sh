#!/usr/bin/env bash
# Takes the README's screenshots (docs/*.png) from the real window on a virtual X display:
# the main window during a concurrent run, the request detail of /cart/add/x, and the session
# inspector on a tampered cookie. Needs a build with tests (build/dev by default) and Xvfb.
#
#   scripts/screenshots.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

build=${1:-build/dev}
tour=$build/tests/screenshot_tour
[[ -x $tour ]] || { echo "screenshots.sh: $tour is missing (cmake --build --preset dev --target screenshot_tour)" >&2; exit 2; }
command -v Xvfb >/dev/null || { echo "screenshots.sh: Xvfb is missing (scripts/deps.sh test)" >&2; exit 2; }

scratch=$(mktemp -d)
xvfb_pid=
cleanup() {
  [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 50); do
  [[ -S /tmp/.X11-unix/X${display#:} ]] && break || sleep 0.1
done

# A scratch home: its own settings, cookie jar and secret key.
XDG_CONFIG_HOME=$scratch/config XDG_DATA_HOME=$scratch/data QT_QPA_PLATFORM=xcb DISPLAY=$display \
  "$tour" "${OUT_DIR:-docs}"
