#!/usr/bin/env bash
# Build (release preset) and start RequestScope.
#
#   scripts/run.sh                      the GUI, with the demo app on 127.0.0.1:5000
#   scripts/run.sh serve --port 5000    headless server; any arguments pass through
#   scripts/run.sh cookie sign --secret KEY '{"user":"alex"}'
#
# Installs missing build packages (scripts/deps.sh build), configures and builds the
# `release` preset quietly (the full log is printed only if a step fails), then execs
# build/release/app/requestscope with the arguments given. Works from any directory.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

if [[ $# -eq 0 && -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
  cat >&2 <<'MSG'
run.sh: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the GUI cannot start.
  Run the engine headless instead:   scripts/run.sh serve --port 5000
  or start the GUI under Xvfb:       xvfb-run -a scripts/run.sh
  (or set QT_QPA_PLATFORM=offscreen to start it without any window.)
MSG
  exit 2
fi

scripts/deps.sh build

mkdir -p build
log=build/run-sh.log
step() {
  if ! "$@" >>"$log" 2>&1; then
    echo "run.sh: failed: $*" >&2
    echo "----- $log (ninja progress lines removed) -----" >&2
    grep -Ev '^\[[0-9]+/[0-9]+\] ' "$log" >&2 || true
    exit 1
  fi
}
: >"$log"
echo "run.sh: building the release preset (log: $log) ..." >&2
step cmake --preset release
step cmake --build --preset release --target requestscope

bin=build/release/app/requestscope
if [[ ! -x "$bin" ]]; then
  echo "run.sh: the build finished but $bin is missing" >&2
  exit 1
fi
exec "$bin" "$@"
