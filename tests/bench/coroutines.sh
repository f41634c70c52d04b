#!/usr/bin/env bash
# Issue 5's benchmark: /slow?ms=50 with 500 concurrent connections, coroutine workers vs thread
# workers (4 threads each), requests per second, latency and the server's peak memory. Not a test.
#
#   tests/bench/coroutines.sh                  DURATION=10s CONNECTIONS=500 SLEEP_MS=50 THREADS=4
#
# The server runs pinned to CPU 0 and wrk to CPU 1; the modes alternate for RUNS rounds [2].
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."

REQUESTSCOPE=${REQUESTSCOPE:-build/release/app/requestscope}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-500}
SLEEP_MS=${SLEEP_MS:-50}
THREADS=${THREADS:-4}
RUNS=${RUNS:-2}
[[ -x $REQUESTSCOPE ]] || { echo "coroutines.sh: $REQUESTSCOPE missing (cmake --preset release && cmake --build build/release)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "coroutines.sh: wrk missing (scripts/deps.sh test)" >&2; exit 2; }
ulimit -n 4096

scratch=$(mktemp -d)
server=
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

run_mode() {
  local mode=$1
  taskset -c 0 "$REQUESTSCOPE" serve --port 0 --threads "$THREADS" --workers "$mode" --secret bench-secret-0123456789 \
    2>"$scratch/server.log" &
  server=$!
  local url=
  for _ in $(seq 1 100); do
    url=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$scratch/server.log" | head -1)
    [[ -n $url ]] && break
    sleep 0.1
  done
  [[ -n $url ]] || { cat "$scratch/server.log" >&2; exit 1; }
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 30s "$url/slow?ms=$SLEEP_MS" >"$scratch/wrk.txt" 2>&1
  local hwm
  hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$server/status")
  kill -INT "$server"
  wait "$server" || true
  server=
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$scratch/wrk.txt")
  p50=$(awk '/^ +Latency/ { print $2 }' "$scratch/wrk.txt")
  p99=$(awk '/^ +Latency/ { print $4 }' "$scratch/wrk.txt")
  printf '%-11s %10s req/s   latency avg %-9s max %-9s peak RSS %6d KiB\n' "$mode" "$rps" "$p50" "$p99" "$hwm"
}

echo "/slow?ms=$SLEEP_MS, $CONNECTIONS connections, $THREADS worker threads, $DURATION per run (server CPU 0, wrk CPU 1)"
for _ in $(seq 1 "$RUNS"); do
  run_mode coroutines
  run_mode threads
done
