#!/usr/bin/env bash
# GUI flood benchmark (issue 4): a steady RATE req/s into the GUI for DURATION seconds, with the
# GUI's whole pipeline live (engine → event ring → dispatcher → feed → models → views). Reports
# the GUI event loop's latency (p50/p99 of how late a 10 ms timer fires), the GUI process's RSS,
# the request rate reached and the events dropped. Not a CTest test.
#
#   tests/bench/gui_flood.sh                      5000 req/s for 60 s, offscreen
#   RATE=2000 DURATION=20 tests/bench/gui_flood.sh
#   QT_QPA_PLATFORM=xcb DISPLAY=:99 tests/bench/gui_flood.sh     a real X server (Xvfb)
#
# Environment [defaults]: REQUESTSCOPE [build/release/app/requestscope], RATE [5000],
# DURATION [60], CONNECTIONS [50], GUI_CPU [0], CLIENT_CPU [1]. wrk paces itself: its Lua delay()
# gives each request the next slot of one schedule, 1e6 / RATE µs apart, on a microsecond clock
# (LuaJIT ffi, clock_gettime); the schedule is absolute, so neither wrk's whole-ms timers nor the
# response time shift the rate, as long as CONNECTIONS × 1000 / RATE ms (10 ms) is more than a
# response takes. The rate it really reached is printed.
# The GUI runs with a scratch config and data dir (its own settings and secret key).
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."

REQUESTSCOPE=${REQUESTSCOPE:-build/release/app/requestscope}
RATE=${RATE:-5000}
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-50}
GUI_CPU=${GUI_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}

for tool in wrk taskset "$REQUESTSCOPE"; do
  command -v "$tool" >/dev/null 2>&1 || [[ -x $tool ]] || {
    echo "gui_flood.sh: missing $tool (build with scripts/run.sh or cmake --preset release; wrk: scripts/deps.sh test)" >&2
    exit 2
  }
done

scratch=$(mktemp -d)
gui_pid=
cleanup() {
  [[ -n $gui_pid ]] && kill "$gui_pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
export XDG_CONFIG_HOME=$scratch/config XDG_DATA_HOME=$scratch/data

RS_LOOP_PROBE_FILE=$scratch/probe.json taskset -c "$GUI_CPU" "$REQUESTSCOPE" 2>"$scratch/gui.log" &
gui_pid=$!
url=
for _ in $(seq 1 100); do
  url=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$scratch/gui.log" | head -1)
  [[ -n $url ]] && break
  kill -0 "$gui_pid" 2>/dev/null || { cat "$scratch/gui.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n $url ]] || { echo "gui_flood.sh: the GUI did not report its address" >&2; cat "$scratch/gui.log" >&2; exit 1; }

# Paced requests over a mix of the demo routes (sessions are written by /login and /cart/add).
# delay() runs before every request (the first of each connection too) and returns whole ms: each
# request takes the next slot of a schedule RATE per second, and waits until it (floor: up to 1 ms
# early, never drifting, since the slots advance by exactly 1e6 / RATE µs). A backlog after a
# stall is caught up by at most 100 ms worth of requests, not all at once.
cat >"$scratch/pace.lua" <<LUA
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } rs_timespec;
int clock_gettime(int clk_id, rs_timespec *tp);
]]
local ts = ffi.new("rs_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end
local interval_us = 1e6 / $RATE
local next_us = nil
local paths = { "/hello", "/login", "/home", "/whoami", "/cart/add/x", "/g", "/xx/index", "/users/7" }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
delay = function()
  local now = now_us()
  if next_us == nil then next_us = now end
  next_us = math.max(next_us + interval_us, now - 100000)
  return math.max(0, math.floor((next_us - now) / 1000))
end
LUA

rss_max=0
sample_rss() {
  while kill -0 "$gui_pid" 2>/dev/null; do
    local kb
    kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$gui_pid/status" 2>/dev/null || echo 0)
    echo "$kb" >>"$scratch/rss"
    sleep 1
  done
}
sample_rss &
sampler=$!

echo "GUI flood: $RATE req/s target over $CONNECTIONS connections for ${DURATION}s into $url (GUI on CPU $GUI_CPU, wrk on CPU $CLIENT_CPU, QT_QPA_PLATFORM=$QT_QPA_PLATFORM)"
taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$scratch/pace.lua" "$url" >"$scratch/wrk.txt"
kill -TERM "$gui_pid"
wait "$gui_pid" || true
gui_pid=
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true

rps=$(awk '/^Requests\/sec:/ { print $2 }' "$scratch/wrk.txt")
total=$(awk '/requests in/ { print $1 }' "$scratch/wrk.txt")
errors=$(awk '/Non-2xx|Socket errors/ { print }' "$scratch/wrk.txt" | tr '\n' ' ')
rss_max=$(sort -n "$scratch/rss" | tail -1)
[[ -s $scratch/probe.json ]] || { echo "gui_flood.sh: the GUI wrote no probe report" >&2; cat "$scratch/gui.log" >&2; exit 1; }
/usr/bin/python3 - "$scratch/probe.json" "$rps" "$total" "$rss_max" "$errors" <<'PY'
import json, sys
probe = json.load(open(sys.argv[1]))
rps, total, rss_kb, errors = float(sys.argv[2]), sys.argv[3], int(sys.argv[4] or 0), sys.argv[5].strip()
print(f"requests: {total} at {rps:,.0f} req/s{'  (' + errors + ')' if errors else ''}")
print(f"event loop latency: p50 {probe['p50_ms']:.2f} ms, p99 {probe['p99_ms']:.2f} ms, max {probe['max_ms']:.1f} ms "
      f"over {probe['samples']} samples   (target p99 < 50 ms)")
print(f"GUI RSS: max sampled {rss_kb / 1024:.0f} MB, peak (ru_maxrss) {probe['max_rss_kb'] / 1024:.0f} MB   (target < 400 MB)")
print(f"events: {probe['events_seen']:,} into the models in {probe['batches']:,} batches; dropped {probe['dropped_engine']:,} "
      f"by the engine ring, {probe['dropped_gui']:,} by the GUI feed; {probe['evicted']:,} evicted by bounded models")
PY
