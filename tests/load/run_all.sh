#!/usr/bin/env bash
# Every load and fault scenario of tests/load in sequence, then one table.
#
#   tests/load/run_all.sh              the full figures (~5.5 min: 60 s of 1 000 connections, ...)
#   QUICK=1 tests/load/run_all.sh      shorter runs (~2 min): 10 s of 1 000 connections instead
#                                      of 60, one slow-client round instead of three, 20 000
#                                      isolation requests instead of 100 000, shorter phases
#   ONLY="redis_outage isolation" tests/load/run_all.sh
#
# Each script's own output is shown as it runs and kept in $RESULTS (printed at the end). Exit
# code 0 when every scenario passed. Loopback only; every server on a free port.
set -uo pipefail

LOAD_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SCENARIOS=(connections slow_clients redis_outage memcached_outage session_dir_faults isolation)
if [[ -n "${ONLY:-}" ]]; then
  read -r -a SCENARIOS <<<"$ONLY"
fi
RESULTS=${RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/rs-load-results.XXXXXX")}
mkdir -p "$RESULTS"

quick_env() { # the shorter defaults of QUICK=1 (a variable already set wins)
  [[ "${QUICK:-0}" == 1 ]] || return 0
  case $1 in
    connections) echo "DURATION=${DURATION:-10s}" ;;
    slow_clients) echo "ROUNDS=${ROUNDS:-1}" ;;
    redis_outage | memcached_outage) echo "BEFORE=${BEFORE:-3} OUTAGE=${OUTAGE:-4} AFTER=${AFTER:-6}" ;;
    session_dir_faults) echo "PHASE=${PHASE:-2}" ;;
    isolation) echo "REQUESTS=${REQUESTS:-20000}" ;;
  esac
}

declare -A verdict took summary
status=0
for s in "${SCENARIOS[@]}"; do
  if [[ ! -x "$LOAD_DIR/$s.sh" ]]; then
    echo "run_all: no scenario $s" >&2
    verdict[$s]=FAIL; took[$s]=0; summary[$s]="no such script"; status=1
    continue
  fi
  envs=$(quick_env "$s")
  echo "######## $s ${envs:+($envs)}"
  t0=$SECONDS
  # shellcheck disable=SC2086
  env $envs "$LOAD_DIR/$s.sh" 2>&1 | tee "$RESULTS/$s.log"
  rc=${PIPESTATUS[0]}
  took[$s]=$((SECONDS - t0))
  if [[ $rc -eq 0 ]] && grep -q "^PASS: $s" "$RESULTS/$s.log"; then
    verdict[$s]=PASS
  else
    verdict[$s]=FAIL
    status=1
  fi
  summary[$s]=$(sed -n "s/^SUMMARY: $s: //p" "$RESULTS/$s.log" | tail -n1)
  echo
done

echo "| scenario | result | time | figures |"
echo "|---|---|---:|---|"
for s in "${SCENARIOS[@]}"; do
  echo "| $s | ${verdict[$s]} | ${took[$s]} s | ${summary[$s]:-} |"
done
echo
echo "logs: $RESULTS"
passed=0 failed=0
for s in "${SCENARIOS[@]}"; do
  if [[ ${verdict[$s]} == PASS ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "load: $passed passed, $failed failed"
exit $status
