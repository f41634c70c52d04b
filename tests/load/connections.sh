#!/usr/bin/env bash
# 1 000 concurrent keep-alive connections for 60 s on /hello.
#
#   tests/load/connections.sh
#   DURATION=10s tests/load/connections.sh          (run_all.sh QUICK=1 uses this)
#
# `requestscope serve` (4 worker threads, tracing off) pinned to SERVER_CPU, wrk -t1 -c1000
# pinned to CLIENT_CPU, the open-files limit raised for both. Figures: req/s, latency p50/p99
# (wrk --latency), wrk's socket errors (connect/read/write/timeout), non-2xx answers, how many
# connections the server accepted (1 001 — wrk's address probe and the 1 000 — means every
# connection stayed open the whole run),
# the server's peak RSS (VmHWM) and its CPU µs per request (utime+stime from /proc/PID/stat
# before and after the run ÷ the requests wrk completed).
# PASS: no socket error, no non-2xx, exactly CONNECTIONS + 1 connections accepted, RSS under
# MAX_RSS_MB.
#
# Environment: DURATION [60s]  CONNECTIONS [1000]  THREADS [4] (server)  WRK_TIMEOUT [5s]
#   MAX_RSS_MB [512]  and common.sh's (RS_BIN, SERVER_CPU, CLIENT_CPU, NICE, KEEP).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need wrk

DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-1000}
THREADS=${THREADS:-4}
WRK_TIMEOUT=${WRK_TIMEOUT:-5s}
MAX_RSS_MB=${MAX_RSS_MB:-512}

raise_nofile $((CONNECTIONS * 2 + 256))
echo "open files limit: $(ulimit -n)"
start_serve hello --threads "$THREADS"
rss_idle=$(peak_rss_mb "$SERVE_PID")
echo "server: pid $SERVE_PID on CPU $SERVER_CPU, $THREADS workers, port $SERVE_PORT, idle RSS $rss_idle MB"

cpu0=$(cpu_us "$SERVE_PID")
pin "$CLIENT_CPU"
echo "wrk -t1 -c$CONNECTIONS -d$DURATION --timeout $WRK_TIMEOUT --latency /hello on CPU $CLIENT_CPU"
"${PIN[@]}" timeout 3600 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency \
  "http://127.0.0.1:$SERVE_PORT/hello" >"$WORK/wrk.out" 2>&1 || true
cpu1=$(cpu_us "$SERVE_PID")
rss_peak=$(peak_rss_mb "$SERVE_PID")
stop_serve
sed 's/^/  wrk| /' "$WORK/wrk.out"
eval "$("${TOOL[@]}" wrk-parse "$WORK/wrk.out")"
us_per_req=$(awk -v c=$((cpu1 - cpu0)) -v n="$requests" 'BEGIN { printf "%.1f", n ? c / n : 0 }')

echo
printf '  requests            %d (%.0f req/s)\n' "$requests" "$rps"
printf '  latency             p50 %.2f ms, p75 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms\n' \
  "$p50_ms" "$p75_ms" "$p90_ms" "$p99_ms" "$max_ms"
echo "  socket errors       connect $err_connect, read $err_read, write $err_write, timeout $err_timeout"
echo "  non-2xx             $non2xx"
echo "  server accepted     $SERVED_CONNECTIONS connections, answered $SERVED_REQUESTS requests"
echo "  server RSS          $rss_idle MB idle, $rss_peak MB peak"
echo "  server CPU          $us_per_req µs per request ($(((cpu1 - cpu0) / 1000)) ms over the run)"
check "requests were answered" test "$requests" -gt 0
check "no socket error" test $((err_connect + err_read + err_write + err_timeout)) -eq 0
check "no non-2xx answer" test "$non2xx" -eq 0
# wrk opens one connection of its own first, to check the address, and closes it.
check "every connection stayed open ($CONNECTIONS + wrk's probe accepted)" test "$SERVED_CONNECTIONS" = $((CONNECTIONS + 1))
check "peak RSS under $MAX_RSS_MB MB" fcmp "$rss_peak" "<" "$MAX_RSS_MB"
check "the server stopped cleanly" test "$SERVE_RC" -eq 0
finish "$CONNECTIONS connections × $DURATION: $(printf '%.0f' "$rps") req/s, p50 $(printf '%.2f' "$p50_ms") ms, p99 $(printf '%.2f' "$p99_ms") ms, errors $((err_connect + err_read + err_write + err_timeout)), non-2xx $non2xx, RSS $rss_peak MB, $us_per_req µs/req"
