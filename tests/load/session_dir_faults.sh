#!/usr/bin/env bash
# The filesystem session store under faults: the directory unwritable, the disk full, a file-size
# limit. Each fault must give 503 with a clear reason in the body and an `error` event, never a
# session reported saved (set_cookie) for a write that failed, never a damaged record, while
# routes without a session keep answering; and the store must work again once the fault is gone.
#
#   tests/load/session_dir_faults.sh
#   PHASE=2 tests/load/session_dir_faults.sh            (run_all.sh QUICK=1 uses this)
#
# For each fault: `requestscope serve --session filesystem --session-dir DIR --events -` (events
# filtered to the kinds the checks need) pinned to SERVER_CPU; one session saved first with
# cart ['x']; USERS users of loadtool.py session-load (as in redis_outage.sh: /login,
# /cart/add-fixed/x, /home, /hello) for PHASE s normal, PHASE s faulted, PHASE s after; during the
# fault, curl sends /login, /cart/add-fixed/y with the first session's cookie and /hello; after
# it, /cart must still be ['x'].
#
# The faults (the tests may run as root, for whom `chmod` does not stop writes):
#   unwritable  UNWRITABLE_METHOD=auto picks the first that works here:
#                 chmod   (not root) chmod 500 DIR
#                 chattr  (root) chattr +i DIR — immutable: no file can be created or renamed in it
#                 robind  (root) DIR bind-mounted on itself read-only (mount -o remount,ro,bind)
#                 file    DIR moved away and a regular file put in its place (ENOTDIR)
#   diskfull    DIR is a tmpfs of TMPFS_SIZE (needs mount: root); the fault fills it with a file
#               named .filler (not a session name, so the store ignores it); removing it ends the
#               fault. Without mount it is skipped (the file-size limit below still runs).
#   fsize       prlimit --fsize=0 on the server (RLIMIT_FSIZE: writes fail with EFBIG; the server
#               ignores SIGXFSZ, which would otherwise kill it); restoring the limit ends the fault.
#
# Environment: FAULTS [unwritable diskfull fsize]  PHASE [3] (seconds per phase)  USERS [8]
#   UNWRITABLE_METHOD [auto]  TMPFS_SIZE [64m]  and common.sh's (RS_BIN, SERVER_CPU, ...).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need curl prlimit

FAULTS=${FAULTS:-unwritable diskfull fsize}
PHASE=${PHASE:-3}
USERS=${USERS:-8}
UNWRITABLE_METHOD=${UNWRITABLE_METHOD:-auto}
TMPFS_SIZE=${TMPFS_SIZE:-64m}
EVENTS_KEEP=('"kind":"store.op"' '"kind":"session.save"' '"kind":"error"' '"kind":"request.end"')

can_mount() {
  local probe=$WORK/mount-probe
  mkdir -p "$probe"
  if mount -t tmpfs -o size=64k tmpfs "$probe" 2>/dev/null; then
    umount "$probe"
    return 0
  fi
  return 1
}
can_chattr() {
  local probe=$WORK/chattr-probe
  mkdir -p "$probe"
  command -v chattr >/dev/null 2>&1 || return 1
  chattr +i "$probe" 2>/dev/null || return 1
  local blocked=0
  touch "$probe/x" 2>/dev/null || blocked=1
  chattr -i "$probe"
  rm -f "$probe/x"
  [[ $blocked == 1 ]]
}
if [[ $UNWRITABLE_METHOD == chmod && $(id -u) == 0 ]]; then
  echo "session_dir_faults: UNWRITABLE_METHOD=chmod does not stop root's writes; use chattr, robind or file" >&2
  exit 2
fi
if [[ $UNWRITABLE_METHOD == auto ]]; then
  if [[ $(id -u) != 0 ]]; then
    UNWRITABLE_METHOD="chmod"
  elif can_chattr; then
    UNWRITABLE_METHOD=chattr
  elif can_mount; then
    UNWRITABLE_METHOD=robind
  else
    UNWRITABLE_METHOD="file"
  fi
fi
MOUNT_OK=0
if [[ $(id -u) == 0 ]] && can_mount; then MOUNT_OK=1; fi

# curl_get NAME PATH [COOKIE]: sets <NAME>_status, <NAME>_cookie (the session value it sets or
# "-"), <NAME>_msg (the error page's message, or the body's first line).
curl_get() {
  local name=$1 path=$2 cookie=${3:-} status body_msg set
  local args=(-s -o "$WORK/body" -D "$WORK/head" -w '%{http_code}' --max-time 10)
  rm -f "$WORK/body" "$WORK/head"
  touch "$WORK/body" "$WORK/head"
  [[ -n "$cookie" ]] && args+=(-H "Cookie: session=$cookie")
  status=$(curl "${args[@]}" "http://127.0.0.1:$SERVE_PORT$path") || true
  status=${status:-000}
  set=$(sed -nE 's/^Set-Cookie: session=([^;]*).*/\1/ip' "$WORK/head" | tr -d '\r' | head -n1)
  body_msg=$(sed -nE 's/.*<p>(.*)<\/p>.*/\1/p' "$WORK/body" | head -n1)
  [[ -z "$body_msg" ]] && body_msg=$(head -n1 "$WORK/body")
  [[ "$status" == 000 ]] && body_msg="no answer"
  printf -v "${name}_status" '%s' "$status"
  printf -v "${name}_cookie" '%s' "${set:--}"
  printf -v "${name}_msg" '%s' "$body_msg"
}

fault_on() { # FAULT DIR
  case $1 in
    unwritable)
      case $UNWRITABLE_METHOD in
        chmod) chmod 500 "$2" ;;
        chattr) chattr +i "$2"; CLEANUP_CMDS+=("chattr -i '$2'") ;;
        robind) mount --bind "$2" "$2" && mount -o remount,ro,bind "$2"; CLEANUP_CMDS+=("umount '$2'") ;;
        file) mv "$2" "$2.away" && touch "$2"; CLEANUP_CMDS+=("[[ -f '$2' ]] && rm -f '$2' && mv '$2.away' '$2'") ;;
      esac ;;
    diskfull) dd if=/dev/zero of="$2/.filler" bs=64k status=none 2>/dev/null || true ;;
    fsize)
      FSIZE_SAVED=$(prlimit --pid "$SERVE_PID" --fsize --noheadings --raw -o SOFT)
      prlimit --pid "$SERVE_PID" --fsize=0: ;;
  esac
}
fault_off() { # FAULT DIR
  case $1 in
    unwritable)
      case $UNWRITABLE_METHOD in
        chmod) chmod 700 "$2" ;;
        chattr) chattr -i "$2" ;;
        robind) umount "$2" ;;
        file) rm -f "$2" && mv "$2.away" "$2" ;;
      esac ;;
    diskfull) rm -f "$2/.filler" ;;
    fsize) prlimit --pid "$SERVE_PID" --fsize="$FSIZE_SAVED": 2>/dev/null || true ;;
  esac
}
describe_fault() {
  case $1 in
    unwritable) echo "directory unwritable ($UNWRITABLE_METHOD)" ;;
    diskfull) echo "disk full (tmpfs of $TMPFS_SIZE filled up)" ;;
    fsize) echo "file-size limit (prlimit --fsize=0: EFBIG)" ;;
  esac
}

summary=()
for fault in $FAULTS; do
  dir=$WORK/$fault/sessions
  mkdir -p "$dir"
  if [[ $fault == diskfull ]]; then
    if [[ $MOUNT_OK != 1 ]]; then
      echo "=== diskfull: skipped — mounting a tmpfs is not permitted here (the fsize fault covers a failing write)"
      summary+=("diskfull: skipped (no mount)")
      continue
    fi
    mount -t tmpfs -o "size=$TMPFS_SIZE,mode=0700" tmpfs "$dir"
    CLEANUP_CMDS+=("umount '$dir'")
  fi
  echo "=== $fault: $(describe_fault "$fault")"
  start_serve "$fault" --session filesystem --session-dir "$dir"
  grep -E "^sessions:" "$SERVE_ERR" || true

  # The session whose record must come through the fault unchanged.
  curl_get first /login
  keep=$first_cookie
  curl_get cartx /cart/add-fixed/x "$keep"
  curl_get cart0 /cart "$keep"

  pin "$CLIENT_CPU"
  t_start=$(now)
  "${PIN[@]}" "${TOOL[@]}" session-load --port "$SERVE_PORT" --users "$USERS" --duration $((3 * PHASE)) \
    --timeout 10 --reason "The session store (filesystem at " --log "$WORK/$fault.log" 2>"$WORK/$fault.load.err" &
  load_pid=$!
  STARTED_PIDS+=("$load_pid")
  sleep "$PHASE"
  # Requests in flight while the fault comes (or goes) may go either way: those that start from
  # 0.5 s before until the change is complete are counted apart (phases "on" and "off") and are
  # not part of the checks.
  t_on0=$(now)
  fault_on "$fault" "$dir"
  t_fault=$(now)
  curl_get flogin /login
  curl_get fcart /cart/add-fixed/y "$keep"
  curl_get fhello /hello
  sleep "$PHASE"
  alive=0
  kill -0 "$SERVE_PID" 2>/dev/null && alive=1
  t_off0=$(now)
  fault_off "$fault" "$dir"
  t_off=$(now)
  curl_get alogin /login
  load_rc=0
  wait "$load_pid" || load_rc=$?
  cat "$WORK/$fault.load.err" >&2
  curl_get acart /cart "$keep"
  stop_serve
  leftovers=$(find "$dir" -mindepth 1 -maxdepth 1 ! -name 'session:*' ! -name '.filler' | wc -l)
  records=$(find "$dir" -mindepth 1 -maxdepth 1 -name 'session:*' | wc -l)
  empty=$(find "$dir" -mindepth 1 -maxdepth 1 -name 'session:*' -size -20c | wc -l)

  "${TOOL[@]}" phases --log "$WORK/$fault.log" --mark "normal=$t_start" \
    --mark "on=$(awk -v t="$t_on0" 'BEGIN { printf "%.6f", t - 0.5 }')" --mark "fault=$t_fault" \
    --mark "off=$(awk -v t="$t_off0" 'BEGIN { printf "%.6f", t - 0.5 }')" --mark "after=$t_off" --recovery-from "$t_off" --kv "$WORK/$fault.kv" | sed 's/^/  /'
  eval "$(cat "$WORK/$fault.kv")"
  eval "$("${TOOL[@]}" check-saves "$WORK/$fault.events" 2>"$WORK/$fault.check.err")"
  sed 's/^check: /  event check: /' "$WORK/$fault.check.err"
  echo "  during the fault    /login → $flogin_status (Set-Cookie: $flogin_cookie): $flogin_msg"
  echo "                      /cart/add-fixed/y with a saved session → $fcart_status: $fcart_msg"
  echo "                      /hello → $fhello_status"
  echo "  503 bodies          $("$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); print("; ".join(f"{n} × {b}" for b,n in sorted(d.items(), key=lambda x:-x[1])[:2]) or "none")' "$WORK/$fault.log.503")"
  echo "  after the fault     /login → $alogin_status; the saved session's cart: before $(cat <<<"$cart0_msg"), after $(cat <<<"$acart_msg")"
  printf '  recovery            first saved login %.0f ms after the fault was removed\n' "$recovery_first_write_ms"
  echo "  events              $EVENTS_WRITTEN written, $EVENTS_DROPPED dropped; set_cookie $ev_set_cookie (unsaved: $ev_violations); 503 $ev_503 (without error event: $ev_503_without_error); store ops failed $ev_store_failed"
  echo "  directory           $records records, $empty empty or cut, $leftovers temporary files left"
  check "$fault: the server survived the fault" test "$alive" = 1
  check "$fault: normal phase all 200" test "$normal_session_200" -gt 0 -a "$normal_session_503" -eq 0 -a "$normal_session_other" -eq 0
  check "$fault: a new session cannot be saved: 503 without a cookie" test "$flogin_status" = 503 -a "$flogin_cookie" = -
  check "$fault: the 503 names the store and the error" grep -q "The session store (filesystem at $dir) is unavailable: cannot write" <<<"$flogin_msg"
  check "$fault: a write to a saved session: 503" test "$fcart_status" = 503
  # Qt 6.4 words some failures only "Unknown error" (a failed rename in QSaveFile::commit()); the
  # store must still give the system's reason.
  check "$fault: every 503 gives the system's reason (none says \"Unknown error\")" \
    "$PYTHON" -c 'import json,sys; sys.exit(any("Unknown error" in b for b in json.load(open(sys.argv[1]))))' "$WORK/$fault.log.503"
  check "$fault: /hello still 200 during the fault" test "$fhello_status" = 200 -a "$fault_hello_other" -eq 0 -a "$fault_hello_200" -gt 0
  if [[ $fault == diskfull ]]; then
    # A full tmpfs under churn still frees a page now and then: a write that replaces a record
    # frees the old file's page, and the next write may take it. Such writes really are saved
    # (the event check below), so only "503 or a real save" is required here.
    check "$fault: under load, session requests failed with 503 (or were really saved)" test "$fault_session_503" -gt 0 -a "$fault_session_other" -eq 0
  else
    # 200 without a cookie is right for a read that writes nothing (with the directory replaced
    # by a file, a saved session is not found: a new, unmodified one is not written).
    check "$fault: under load, nothing reported saved: writes 503" test "$fault_session_503" -gt 0 -a "$fault_session_other" -eq 0 -a "$fault_saved" -eq 0
  fi
  check "$fault: no set_cookie decision without a saved write (events)" test "$ev_violations" -eq 0
  check "$fault: every 503 has an error event" test "$ev_503_without_error" -eq 0
  check "$fault: every 503 body names the store" test "$r503_without_reason" -eq 0
  check "$fault: no 503 sets a session cookie" test "$set_cookie_on_503" -eq 0
  check "$fault: works again once the fault is gone" test "$alogin_status" = 200 -a "$after_session_503" -eq 0 -a "$after_session_other" -eq 0 -a "$after_session_200" -gt 0
  check "$fault: the record saved before the fault is intact (cart ['x'])" test "$acart_msg" = "$cart0_msg" -a "$cart0_msg" = '["x"]'
  check "$fault: no empty or cut record, no temporary file left" test "$empty" -eq 0 -a "$leftovers" -eq 0
  check "$fault: no event dropped" test "$EVENTS_DROPPED" = 0
  check "$fault: the server kept running and stopped cleanly" test "$SERVE_RC" -eq 0 -a "$load_rc" -eq 0
  summary+=("$(describe_fault "$fault"): 503 \"…: ${flogin_msg##*: }\"; session requests normal $normal_session_200 × 200, fault $fault_session_503 × 503 / $fault_session_200 × 200 ($fault_saved saved) (/hello $fault_hello_200 × 200), after $after_session_200 × 200 / $after_session_503 × 503; $ev_violations unsaved set_cookie, record intact: $([[ "$acart_msg" == "$cart0_msg" ]] && echo yes || echo NO)")
  if [[ $fault == diskfull ]]; then
    umount "$dir" && CLEANUP_CMDS=("${CLEANUP_CMDS[@]/"umount '$dir'"/true}")
  fi
done

finish "$(IFS=';'; echo "${summary[*]}")"
