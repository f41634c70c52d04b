# shellcheck shell=bash disable=SC2154  # the figures come from eval of loadtool.py's KEY=VALUE lines
# A session store's server killed and restarted under load: 503 during, recovery after, no session
# write reported as saved when it was not. Sourced (not run) by redis_outage.sh (STORE=redis) and
# memcached_outage.sh (STORE=memcached), which name the scenario and list its settings.
#
# The store's server of our own on a free port (no persistence), `requestscope serve --session
# STORE --events -` (events filtered on the fly to the kinds the checks need) pinned to SERVER_CPU,
# and USERS simulated users (loadtool.py session-load, pinned to CLIENT_CPU), each on a keep-alive
# connection, looping: GET /login (a new session: a write), GET /cart/add-fixed/x with the cookie
# (a read and a write), GET /home with the cookie (a read), GET /hello without a cookie (no
# session). After BEFORE s the store's server gets SIGKILL; OUTAGE s later it starts again, empty,
# on the same port; the load goes on for AFTER s.
# Figures: responses by status before / during / after, the time from starting the store's server
# again to the first saved login and to the end of the last failed session request (both stores'
# reconnect backoff, ReconnectBackoff, probes 0.1, 0.3, 0.7, 1.5, 3.1, 5.1 s after the first
# failure, then every 2 s: with the default 6 s outage the restart falls between two probes, ~1 s
# before the next), and from the events:
#   - every session.save with decision set_cookie comes after a store.op set with ok=true in the
#     same request (violations must be 0);
#   - every 503 has an `error` event;
# and from the client: every 503 body names the store and the error, no 503 carries a session
# cookie, and every session a 200 /login answered with Set-Cookie after the restart is in the
# store (loadtool.py redis-exists / memcached-exists: key SESSION_KEY_PREFIX "session:" + sid).
#
# Environment: BEFORE [5]  OUTAGE [6]  AFTER [10]  USERS [16]  THREADS [4]  SETTLE [3] (seconds
#   after the restart by which every request must succeed again; the reconnect backoff tops out
#   at 2 s)  and common.sh's (RS_BIN, SERVER_CPU, CLIENT_CPU, NICE, KEEP).
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  echo "store_outage.sh is sourced by redis_outage.sh and memcached_outage.sh: run one of them" >&2
  exit 2
fi
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

BEFORE=${BEFORE:-5}
OUTAGE=${OUTAGE:-6}
AFTER=${AFTER:-10}
USERS=${USERS:-16}
THREADS=${THREADS:-4}
SETTLE=${SETTLE:-3}
EVENTS_KEEP=('"kind":"store.op"' '"kind":"session.save"' '"kind":"error"' '"kind":"request.end"')

STORE_PORT=$(free_port)
# Per store: STORE_NAME (in the text), STORE_PROC (its server program), STORE_CMD (that server on
# STORE_PORT, in the foreground), SERVE_STORE (serve's options), STORE_WHERE (how the engine names
# it in a 503).
case ${STORE:-} in
  redis)
    STORE_NAME=Redis
    STORE_PROC=redis-server
    STORE_CMD=(redis-server --port "$STORE_PORT" --bind 127.0.0.1 --save "" --appendonly no
      --daemonize no --logfile "")
    SERVE_STORE=(--session redis --redis "redis://127.0.0.1:$STORE_PORT/0")
    STORE_WHERE="redis at 127.0.0.1:$STORE_PORT/0"
    ;;
  memcached)
    STORE_NAME=memcached
    STORE_PROC=memcached
    # -U 0: no UDP. memcached refuses to run as root unless told which user to be.
    STORE_CMD=(memcached -p "$STORE_PORT" -l 127.0.0.1 -U 0 -m 64)
    [[ $EUID -ne 0 ]] || STORE_CMD+=(-u root)
    SERVE_STORE=(--session memcached --memcached "127.0.0.1:$STORE_PORT")
    STORE_WHERE="memcached at 127.0.0.1:$STORE_PORT"
    ;;
  *)
    echo "$SCRIPT_NAME: STORE must be redis or memcached, not '${STORE:-}'" >&2
    exit 2
    ;;
esac
need "$STORE_PROC"

store_pid=
start_store() {
  pin "$SERVER_CPU"
  "${PIN[@]}" "${STORE_CMD[@]}" >>"$WORK/$STORE.log" 2>&1 &
  store_pid=$!
  STARTED_PIDS+=("$store_pid")
  wait_for_port "$STORE_PORT" 10 || { echo "$SCRIPT_NAME: $STORE_PROC did not start" >&2; cat "$WORK/$STORE.log" >&2; exit 1; }
}
start_store
echo "$STORE_PROC: pid $store_pid, port $STORE_PORT"
start_serve server "${SERVE_STORE[@]}" --threads "$THREADS"
grep -E "^sessions:|warning" "$SERVE_ERR" || true
echo "server: pid $SERVE_PID on CPU $SERVER_CPU, port $SERVE_PORT"

reason="The session store ($STORE_WHERE) is unavailable: "
total=$((BEFORE + OUTAGE + AFTER))
pin "$CLIENT_CPU"
t_start=$(now)
"${PIN[@]}" "${TOOL[@]}" session-load --port "$SERVE_PORT" --users "$USERS" --duration "$total" \
  --timeout 10 --reason "$reason" --log "$WORK/requests.log" 2>"$WORK/load.err" &
load_pid=$!
STARTED_PIDS+=("$load_pid")
echo "load: $USERS users for ${total} s; $STORE_NAME killed after ${BEFORE} s, back ${OUTAGE} s later"

sleep "$BEFORE"
# Requests in flight when the store goes (or comes back) may go either way: those that start
# within 0.5 s before the kill and until the store listens again are counted apart (phases "kill"
# and "restart") and are not part of the checks.
t_kill0=$(now)
kill -KILL "$store_pid"
wait "$store_pid" 2>/dev/null || true
t_kill=$(now)
echo "  $(date +%T.%3N) $STORE_PROC killed (SIGKILL)"
sleep "$OUTAGE"
t_restart0=$(now)
start_store
t_ready=$(now)
echo "  $(date +%T.%3N) $STORE_PROC listening again (pid $store_pid, same port, empty)"
load_rc=0
wait "$load_pid" || load_rc=$?
cat "$WORK/load.err" >&2
t_settled=$(awk -v t="$t_ready" -v s="$SETTLE" 'BEGIN { printf "%.6f", t + s }')

echo
"${TOOL[@]}" phases --log "$WORK/requests.log" --mark "before=$t_start" \
  --mark "kill=$(awk -v t="$t_kill0" 'BEGIN { printf "%.6f", t - 0.5 }')" --mark "during=$t_kill" \
  --mark "restart=$t_restart0" --mark "after=$t_ready" --mark "settled=$t_settled" --recovery-from "$t_restart0" \
  --sids-after "$t_ready" --sids-out "$WORK/sids.after" --kv "$WORK/phases.kv" | sed 's/^/  /'
eval "$(cat "$WORK/phases.kv")"
eval "$("${TOOL[@]}" "$STORE-exists" --port "$STORE_PORT" --sids "$WORK/sids.after")"
stop_serve
eval "$("${TOOL[@]}" check-saves --show-errors "$WORK/server.events" 2>"$WORK/check.err")"
sed 's/^check: /  event check: /' "$WORK/check.err"
echo
echo "  503 bodies (most frequent first):"
"$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); [print(f"    {n:6d} × {b}") for b,n in sorted(d.items(), key=lambda x:-x[1])[:3]]' "$WORK/requests.log.503"
store_boot_ms=$(awk -v a="$t_restart0" -v b="$t_ready" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
printf '  recovery            %s started again at 0 ms (listening by %d ms, as seen by a 100 ms poll); first saved login at %.0f ms; last failed session request ended at %.0f ms\n' \
  "$STORE_PROC" "$store_boot_ms" "$recovery_first_write_ms" "$recovery_all_ok_ms"
echo "  requests            $SERVED_REQUESTS served; client transport errors $transport_errors"
echo "  events              $EVENTS_WRITTEN written, $EVENTS_DROPPED dropped; requests recorded $ev_requests ($ev_statuses)"
echo "  store ops           $ev_store_ok ok, $ev_store_failed failed"
echo "  set_cookie saves    $ev_set_cookie, without a saved write before them: $ev_violations"
echo "  503 answers         $r503_total seen by the client, $ev_503 recorded, without an error event: $ev_503_without_error, body without the reason: $r503_without_reason, with a session cookie: $set_cookie_on_503"
echo "  saved after restart $store_claimed sessions answered with Set-Cookie, in $STORE_NAME: $store_found, missing: $store_missing"

check "before: every session request 200" test "$before_session_503" -eq 0 -a "$before_session_other" -eq 0 -a "$before_session_200" -gt 0
check "during: every session request 503" test "$during_session_200" -eq 0 -a "$during_session_other" -eq 0 -a "$during_session_503" -gt 0
check "during: /hello (no session) still 200" test "$during_hello_200" -gt 0 -a "$during_hello_other" -eq 0
check "after ${SETTLE} s: every request 200 again" test "$settled_session_503" -eq 0 -a "$settled_session_other" -eq 0 -a "$settled_session_200" -gt 0 -a "$settled_hello_other" -eq 0
check "recovered within ${SETTLE} s of the restart" fcmp "$recovery_all_ok_ms" "<=" "$((SETTLE * 1000))"
check "a login saved after the restart" fcmp "$recovery_first_write_ms" ">=" 0
check "no set_cookie decision without a saved write (events)" test "$ev_violations" -eq 0
check "every 503 has an error event" test "$ev_503_without_error" -eq 0
check "every 503 body names the store and the error" test "$r503_without_reason" -eq 0
check "no 503 sets a session cookie" test "$set_cookie_on_503" -eq 0
check "every session reported saved after the restart is in $STORE_NAME" test "$store_missing" -eq 0 -a "$store_claimed" -gt 0
check "no event dropped (the event checks saw everything)" test "$EVENTS_DROPPED" = 0
check "the client saw every 503 the server recorded" test "$ev_503" -eq "$r503_total"
check "no transport error" test "$transport_errors" -eq 0
check "the load client ran" test "$load_rc" -eq 0
check "the server stopped cleanly" test "$SERVE_RC" -eq 0
finish "before $before_session_200 × 200 / $before_session_503 × 503; during $during_session_503 × 503 / $during_session_200 × 200 (/hello $during_hello_200 × 200); after the restart: first saved login at $(printf '%.0f' "$recovery_first_write_ms") ms, all 200 from $(printf '%.0f' "$recovery_all_ok_ms") ms; $ev_set_cookie set_cookie decisions, $ev_violations unsaved; $ev_503 × 503, $ev_503_without_error without error event; $store_missing of $store_claimed saved sessions missing"
