#!/usr/bin/env bash
# Issue 6's replay benchmark: record EVENTS events of /hello traffic (serve --events, wrk), then
# open the recording the way the replay window does and move the window (offscreen, every panel
# painted) to SEEKS random positions, each followed by a 20-step drag. Not a test.
#
#   tests/bench/replay.sh          EVENTS=1000000 SEEKS=30 RUNS=3 FORMAT=gz|plain
#
# Prints each run's JSON (tests/tools/replay_bench.cpp) and the medians over RUNS runs. The
# replay runs pinned to CPU 0. Targets (issue 6): open < 5 s; a move repainted within a frame or
# two (16–33 ms).
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."

BUILD=${BUILD:-build/release}
EVENTS=${EVENTS:-1000000}
SEEKS=${SEEKS:-30}
RUNS=${RUNS:-3}
FORMAT=${FORMAT:-gz}
for exe in "$BUILD/app/requestscope" "$BUILD/tests/replay_bench"; do
  [[ -x $exe ]] || { echo "replay.sh: $exe missing (cmake --preset release && cmake --build build/release)" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "replay.sh: wrk missing (scripts/deps.sh test)" >&2; exit 2; }

scratch=$(mktemp -d)
server=
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

# Record until the file has EVENTS lines (about 48 events a /hello request), then cut it there.
"$BUILD/app/requestscope" serve --port 0 --threads 4 --events "$scratch/all.jsonl" 2>"$scratch/server.log" &
server=$!
url=
for _ in $(seq 1 100); do
  url=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$scratch/server.log" | head -1)
  [[ -n $url ]] && break
  sleep 0.1
done
[[ -n $url ]] || { cat "$scratch/server.log" >&2; exit 1; }
while (($(wc -l <"$scratch/all.jsonl") < EVENTS)); do
  wrk -t1 -c8 -d2s "$url/hello" >/dev/null
done
kill "$server"
wait "$server" 2>/dev/null || true
server=
recording=$scratch/recording.jsonl
head -n "$EVENTS" "$scratch/all.jsonl" >"$recording"
rm "$scratch/all.jsonl"
if [[ $FORMAT == gz ]]; then
  gzip -1 "$recording"
  recording=$recording.gz
fi
echo "recording: $EVENTS events, $(du -h "$recording" | cut -f1) ($FORMAT)"

for run in $(seq 1 "$RUNS"); do
  QT_QPA_PLATFORM=offscreen taskset -c 0 "$BUILD/tests/replay_bench" "$recording" "$SEEKS" 2>/dev/null |
    tee -a "$scratch/runs.jsonl"
done

python3 - "$scratch/runs.jsonl" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
med = lambda f: statistics.median(f(r) for r in runs)
print(f"median of {len(runs)} runs: open {med(lambda r: r['load_ms']) / 1000:.2f} s for {runs[0]['events']:,} events "
      f"({runs[0]['requests']:,} requests), RSS {med(lambda r: r['max_rss_kb']) / 1024:.0f} MB")
for key, name in (("jump_models_ms", "jump, models only"), ("jump_painted_ms", "jump, repainted"),
                  ("drag_step_painted_ms", "drag step, repainted")):
    print(f"  {name:22s} p50 {med(lambda r: r[key]['p50']):6.1f} ms  p90 {med(lambda r: r[key]['p90']):6.1f} ms  "
          f"p99 {med(lambda r: r[key]['p99']):6.1f} ms  max {med(lambda r: r[key]['max']):6.1f} ms")
PY
