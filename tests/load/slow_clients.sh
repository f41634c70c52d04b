#!/usr/bin/env bash
# 200 slow clients trickling request headers while normal requests still get their usual latency.
#
#   tests/load/slow_clients.sh
#   ROUNDS=1 tests/load/slow_clients.sh          (run_all.sh QUICK=1 uses this)
#
# `requestscope serve` (4 workers, header timeout HEADER_TIMEOUT_MS) pinned to SERVER_CPU. wrk
# (-t1 -cCONNECTIONS, /hello, pinned to CLIENT_CPU) measures the latency alone (baseline) and
# while SLOW_CLIENTS connections each send a /hello request one byte every ~second
# (loadtool.py slow, also on CLIENT_CPU; ~120 bytes, so no request can finish before the header
# timeout), alternately: baseline, slow, baseline, slow, …, baseline (ROUNDS slow runs). A slow
# client the server answers (408) or closes reconnects at once and trickles again until its
# measured run is over, so the pressure lasts the whole run; then each one left waits for its
# answer. Figures: req/s and p50/p99 of every run, and what became of every slow connection
# (408, closed, anything else) and after how long.
# PASS: the best p99 with the slow clients ≤ 2 × the best baseline p99 + 5 ms, no socket error
# and no non-2xx in any run, every slow connection answered 408 or closed (none completed, none
# left hanging). The best of the rounds, because other jobs on a shared machine only ever add
# latency, to any run: a slowdown the slow clients cause shows in every round with them, so in
# the best one too. Every run's figures and the medians are printed.
#
# Environment: DURATION [10s] (each wrk run)  ROUNDS [3]  SLOW_CLIENTS [200]  CONNECTIONS [16]
#   HEADER_TIMEOUT_MS [10000]  and common.sh's (RS_BIN, SERVER_CPU, CLIENT_CPU, NICE, KEEP).
# Takes ROUNDS × (2 × DURATION + ~13 s) + DURATION: ~110 s with the defaults.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need wrk

DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
SLOW_CLIENTS=${SLOW_CLIENTS:-200}
CONNECTIONS=${CONNECTIONS:-16}
HEADER_TIMEOUT_MS=${HEADER_TIMEOUT_MS:-10000}
duration_s=${DURATION%s}
SETTLE_S=3

raise_nofile $(((SLOW_CLIENTS + CONNECTIONS) * 2 + 256))
start_serve server --header-timeout-ms "$HEADER_TIMEOUT_MS"
echo "server: pid $SERVE_PID on CPU $SERVER_CPU, port $SERVE_PORT, header timeout $HEADER_TIMEOUT_MS ms"
pin "$CLIENT_CPU"

base_p99=() slow_p99=() base_p50=() slow_p50=() base_rps=() slow_rps=()
wrk_problems=0
run_wrk() { # NAME LABEL KIND(base|slow)
  "${PIN[@]}" timeout 3600 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency \
    "http://127.0.0.1:$SERVE_PORT/hello" >"$WORK/$1.wrk" 2>&1 || true
  eval "$("${TOOL[@]}" wrk-parse "$WORK/$1.wrk")"
  wrk_problems=$((wrk_problems + err_connect + err_read + err_write + err_timeout + non2xx))
  if [[ $3 == base ]]; then
    base_p99+=("$p99_ms") base_p50+=("$p50_ms") base_rps+=("$rps")
  else
    slow_p99+=("$p99_ms") slow_p50+=("$p50_ms") slow_rps+=("$rps")
  fi
  printf '  %-26s %7.0f req/s   p50 %6.3f ms   p99 %7.3f ms   max %6.1f ms   errors %d   non-2xx %d\n' \
    "$2" "$rps" "$p50_ms" "$p99_ms" "$max_ms" $((err_connect + err_read + err_write + err_timeout)) "$non2xx"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "wrk -t1 -c$CONNECTIONS -d$DURATION --latency /hello, $ROUNDS rounds:"
slow_rc=0
for ((r = 1; r <= ROUNDS; r++)); do
  run_wrk "base$r" "baseline" base
  rm -f "$WORK/slow$r.ready"
  "${PIN[@]}" "${TOOL[@]}" slow --port "$SERVE_PORT" --clients "$SLOW_CLIENTS" --interval 1.0 \
    --run-for $((SETTLE_S + duration_s)) --give-up $((HEADER_TIMEOUT_MS / 1000 + 30)) \
    --ready "$WORK/slow$r.ready" >"$WORK/slow$r.kv" 2>"$WORK/slow$r.log" &
  slow_pid=$!
  STARTED_PIDS+=("$slow_pid")
  for ((i = 0; i < 300; i++)); do
    [[ -s "$WORK/slow$r.ready" ]] && break
    sleep 0.1
  done
  sleep "$SETTLE_S"
  run_wrk "slow$r" "with $(cat "$WORK/slow$r.ready" 2>/dev/null || echo 0) slow clients" slow
  wait "$slow_pid" || slow_rc=$?
  cat "$WORK/slow$r.log" >&2
done
run_wrk "base$((ROUNDS + 1))" "baseline" base
stop_serve

# The slow connections of every round together.
eval "$(cat "$WORK"/slow*.kv | awk -F= '
  /^slow_(sessions|408|closed|other)=/ { sum[$1] += $2 }
  /^slow_answer_min_s=/ { if (!("min" in m) || $2 < m["min"]) m["min"] = $2 }
  /^slow_answer_max_s=/ { if ($2 > m["max"]) m["max"] = $2 }
  /^slow_answer_p50_s=/ { p50 = p50 " " $2 }
  /^slow_bytes_max=/ { if ($2 > bytes) bytes = $2 }
  END {
    for (k in sum) print k "=" sum[k]
    print "slow_answer_min_s=" m["min"]; print "slow_answer_max_s=" m["max"]
    print "slow_answer_p50s=\"" p50 "\""; print "slow_bytes_max=" bytes
  }')"
base_med=$(median "${base_p99[@]}")
slow_med=$(median "${slow_p99[@]}")
base_min=$(printf '%s\n' "${base_p99[@]}" | sort -g | head -n1)
slow_min=$(printf '%s\n' "${slow_p99[@]}" | sort -g | head -n1)
limit=$(awk -v r="$base_min" 'BEGIN { printf "%.3f", 2 * r + 5 }')
echo
echo "  slow connections     $slow_sessions: 408 $slow_408, closed without an answer $slow_closed, other $slow_other"
printf '  answered after       %.1f s min, median per round%s s, %.1f s max (header timeout %d ms); at most %d bytes sent\n' \
  "$slow_answer_min_s" "$slow_answer_p50s" "$slow_answer_max_s" "$HEADER_TIMEOUT_MS" "$slow_bytes_max"
echo "  p99 baseline         ${base_p99[*]} ms (best $base_min, median $base_med)"
echo "  p99 with slow        ${slow_p99[*]} ms (best $slow_min, median $slow_med; limit 2 × $base_min + 5 = $limit ms)"
echo "  server               $SERVED_REQUESTS requests on $SERVED_CONNECTIONS connections"
check "best p99 with the slow clients within the limit" fcmp "$slow_min" "<=" "$limit"
check "no socket error, no non-2xx" test "$wrk_problems" -eq 0
check "every slow client answered 408 or closed" test "$slow_other" -eq 0
check "at least $SLOW_CLIENTS slow connections per round" test "$slow_sessions" -ge $((SLOW_CLIENTS * ROUNDS))
check "the slow-client helper ran" test "$slow_rc" -eq 0
check "the server stopped cleanly" test "$SERVE_RC" -eq 0
finish "$SLOW_CLIENTS slow clients, $ROUNDS rounds: p99 best/median $base_min/$base_med ms alone (p50 median $(median "${base_p50[@]}")), $slow_min/$slow_med ms with them (p50 median $(median "${slow_p50[@]}")); req/s median $(median "${base_rps[@]}" | cut -d. -f1) alone, $(median "${slow_rps[@]}" | cut -d. -f1) with them; $slow_sessions slow connections: $slow_408 × 408, $slow_closed closed, $slow_other other, answered after $(printf '%.1f' "$slow_answer_min_s")–$(printf '%.1f' "$slow_answer_max_s") s"
