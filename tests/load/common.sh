# shellcheck shell=bash
# Shared by the tests/load scripts (sourced, not run). Loopback only; every server on a free port;
# every process this script starts is stopped (by its pid) when the script exits.
#
# Environment:
#   RS_BIN      the engine [build/load/app/requestscope, else build/release/app/requestscope]
#   PYTHON      [/usr/bin/python3]  (Debian's; the helpers use the standard library only)
#   SERVER_CPU [0]  CLIENT_CPU [1]  CPUs to pin the server and the load generator to (taskset)
#   NICE [10]   niceness of everything started here (the machine is shared)
#   KEEP=1      keep the scratch directory (logs, events) and print where it is

set -euo pipefail

LOAD_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$LOAD_DIR/../.." && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
TOOL=("$PYTHON" "$LOAD_DIR/loadtool.py")
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
NICE=${NICE:-10}
SCRIPT_NAME=$(basename "$0" .sh)
T_START=$SECONDS

if [[ -z "${RS_BIN:-}" ]]; then
  for candidate in "$ROOT/build/load/app/requestscope" "$ROOT/build/release/app/requestscope"; do
    if [[ -x "$candidate" ]]; then
      RS_BIN=$candidate
      break
    fi
  done
fi
if [[ -z "${RS_BIN:-}" || ! -x "$RS_BIN" ]]; then
  echo "$SCRIPT_NAME: no requestscope binary: build one (cmake --preset release && cmake --build --preset release) or set RS_BIN" >&2
  echo "FAIL: $SCRIPT_NAME (no binary)"
  exit 2
fi

# need TOOL... : exits 2 with the install hint when one is missing.
need() {
  local missing=()
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "$SCRIPT_NAME: missing: ${missing[*]} — install the test packages: scripts/deps.sh test" >&2
    echo "FAIL: $SCRIPT_NAME (missing ${missing[*]})"
    exit 2
  fi
}
need "$PYTHON" taskset timeout

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rs-load-$SCRIPT_NAME.XXXXXX")
STARTED_PIDS=()
CLEANUP_CMDS=()
EVENTS_KEEP=()

FINISHED=0
cleanup() {
  local rc=$?
  local p c
  if [[ $FINISHED != 1 ]]; then
    echo "FAIL: $SCRIPT_NAME (stopped early, exit $rc)"
    [[ $rc == 0 ]] && rc=1
  fi
  for ((c = ${#CLEANUP_CMDS[@]} - 1; c >= 0; c--)); do
    eval "${CLEANUP_CMDS[$c]}" >/dev/null 2>&1 || true
  done
  for p in "${STARTED_PIDS[@]}"; do
    if kill -0 "$p" 2>/dev/null; then
      kill -TERM "$p" 2>/dev/null || true
      for _ in 1 2 3 4 5 6 7 8 9 10; do
        kill -0 "$p" 2>/dev/null || break
        sleep 0.2
      done
      kill -KILL "$p" 2>/dev/null || true
    fi
  done
  if [[ "${KEEP:-0}" == 1 ]]; then
    echo "$SCRIPT_NAME: scratch directory kept: $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  return $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'echo "$SCRIPT_NAME: line $LINENO: \`$BASH_COMMAND\` failed" >&2' ERR

# pin CPU: sets PIN to the command prefix that runs a program niced and pinned to CPU (when the
# machine has more than one). An array, not a function, so that `"${PIN[@]}" prog &` gives the
# program's own pid in $! (nice and taskset exec it).
pin() {
  if [[ $(nproc) -ge 2 ]]; then
    PIN=(nice -n "$NICE" taskset -c "$1")
  else
    PIN=(nice -n "$NICE")
  fi
}

free_port() { "${TOOL[@]}" free-port; }

# start_serve NAME [serve options...]: the demo app on a free port, pinned to SERVER_CPU.
# Sets SERVE_PID, SERVE_PORT, SERVE_ERR (its stderr). With EVENTS_KEEP set (an array of fixed
# strings), `--events -` is passed and only the lines holding one of them are kept, in
# $WORK/NAME.events (grep -F keeps up with the engine's writer; a slower filter would make the
# engine drop events).
start_serve() {
  local name=$1
  shift
  SERVE_PORT=$(free_port)
  SERVE_ERR=$WORK/$name.err
  pin "$SERVER_CPU"
  if [[ ${#EVENTS_KEEP[@]} -gt 0 ]]; then
    local patterns=() p
    for p in "${EVENTS_KEEP[@]}"; do patterns+=(-e "$p"); done
    "${PIN[@]}" "$RS_BIN" serve --port "$SERVE_PORT" --secret load-secret --events - "$@" \
      2>"$SERVE_ERR" > >(LC_ALL=C grep -F "${patterns[@]}" >"$WORK/$name.events") &
  else
    "${PIN[@]}" "$RS_BIN" serve --port "$SERVE_PORT" --secret load-secret "$@" 2>"$SERVE_ERR" &
  fi
  SERVE_PID=$!
  STARTED_PIDS+=("$SERVE_PID")
  local i
  for ((i = 0; i < 100; i++)); do
    if grep -q "^listening on " "$SERVE_ERR" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$SERVE_PID" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  echo "$SCRIPT_NAME: the server did not start:" >&2
  cat "$SERVE_ERR" >&2
  return 1
}

# stop_serve: SIGTERM, wait (10 s at most); sets SERVE_RC, SERVED_REQUESTS, SERVED_CONNECTIONS,
# EVENTS_WRITTEN, EVENTS_DROPPED from its last lines.
stop_serve() {
  kill -TERM "$SERVE_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 100; i++)); do
    kill -0 "$SERVE_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$SERVE_PID" 2>/dev/null; then
    echo "$SCRIPT_NAME: the server did not stop within 10 s of SIGTERM; killing it" >&2
    kill -KILL "$SERVE_PID" 2>/dev/null || true
  fi
  SERVE_RC=0
  wait "$SERVE_PID" 2>/dev/null || SERVE_RC=$?
  sleep 0.2 # the events filter drains
  SERVED_REQUESTS=$(sed -nE 's/^stopped after ([0-9]+) requests on ([0-9]+) connections$/\1/p' "$SERVE_ERR" | tail -n1)
  SERVED_CONNECTIONS=$(sed -nE 's/^stopped after ([0-9]+) requests on ([0-9]+) connections$/\2/p' "$SERVE_ERR" | tail -n1)
  EVENTS_WRITTEN=$(sed -nE 's/^events: ([0-9]+) written, ([0-9]+) dropped.*/\1/p' "$SERVE_ERR" | tail -n1)
  EVENTS_DROPPED=$(sed -nE 's/^events: ([0-9]+) written, ([0-9]+) dropped.*/\2/p' "$SERVE_ERR" | tail -n1)
  : "${SERVED_REQUESTS:=?}" "${SERVED_CONNECTIONS:=?}" "${EVENTS_WRITTEN:=?}" "${EVENTS_DROPPED:=?}"
}

# CPU time of a process (all its threads) in microseconds.
cpu_us() {
  local stat
  stat=$(cat "/proc/$1/stat")
  stat=${stat##*) }
  # after "pid (comm) ": state is field 1, utime field 12, stime field 13
  awk -v tck="$(getconf CLK_TCK)" '{ printf "%.0f\n", ($12 + $13) * 1000000 / tck }' <<<"$stat"
}

# Peak resident set of a process so far, in MB.
peak_rss_mb() { awk '/^VmHWM:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$1/status"; }

# wait_for_port PORT [TIMEOUT_S]
wait_for_port() {
  local port=$1 limit=${2:-10} i
  for ((i = 0; i < limit * 10; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

now() { date +%s.%N; }

FAILURES=()
check() { # check "description" CONDITION-COMMAND...
  local what=$1
  shift
  if "$@"; then
    echo "  ok    $what"
  else
    echo "  FAIL  $what"
    FAILURES+=("$what")
  fi
}

# finish "summary text": the SUMMARY line, the PASS/FAIL line, the exit code.
finish() {
  echo "SUMMARY: $SCRIPT_NAME: $1"
  echo "took $((SECONDS - T_START)) s"
  FINISHED=1
  if [[ ${#FAILURES[@]} -eq 0 ]]; then
    echo "PASS: $SCRIPT_NAME"
    exit 0
  fi
  echo "FAIL: $SCRIPT_NAME (${#FAILURES[@]} failed: ${FAILURES[*]})"
  exit 1
}

# Raises the open-files limit of this shell (and so of everything it starts) to at least $1.
raise_nofile() {
  local want=$1 hard
  hard=$(ulimit -Hn)
  if [[ "$hard" != unlimited && "$hard" -lt "$want" ]]; then
    echo "$SCRIPT_NAME: the hard limit on open files is $hard, $want are needed (ulimit -Hn)" >&2
    return 1
  fi
  ulimit -n "$want"
}

# fcmp A OP B: floating-point comparison for check().
fcmp() { awk -v a="$1" -v b="$3" -v op="$2" 'BEGIN { exit !((op == "<=" && a <= b) || (op == "<" && a < b) || (op == ">=" && a >= b) || (op == ">" && a > b) || (op == "==" && a == b)) }'; }
