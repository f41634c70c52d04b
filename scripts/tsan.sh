#!/usr/bin/env bash
# The concurrency tests under ThreadSanitizer: the event bus and dispatcher (unit.trace), fibers
# and the scheduler (unit.fiber), the HTTP server (e2e.http), the engine with thread and coroutine
# workers (e2e.engine) and the session stores under concurrent use (e2e.session.store_concurrency,
# store_yield). Builds the `tsan` preset (no GUI) and runs them with tests/tsan.supp, which may
# only suppress reports inside Qt itself.
#
#   scripts/tsan.sh            build and run
#   extra arguments go to ctest (e.g. -R e2e.http)
#
# Exits non-zero if the build or a test fails; ends with `N passed, M failed`.
set -uo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." || exit 1

JOBS=${RS_JOBS:-2}
scripts/deps.sh test || { echo "tsan.sh: installing packages failed" >&2; exit 1; }
mkdir -p build
log=build/tsan-sh-build.log
t0=$SECONDS
echo "=== [tsan] configure + build (-j$JOBS, log: $log)"
if ! { cmake --preset tsan && cmake --build --preset tsan -j "$JOBS"; } >"$log" 2>&1; then
  grep -Ev '^\[[0-9]+/[0-9]+\] ' "$log" >&2
  echo "tsan.sh: build FAILED" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
echo "=== [tsan] built in $((SECONDS - t0))s"
t1=$SECONDS
tlog=build/tsan-sh-ctest.log
ctest --preset tsan "$@" 2>&1 | tee "$tlog"
rc=${PIPESTATUS[0]}
line=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$tlog" | tail -n 1 || true)
failed=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
outof=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")
echo "=== [tsan] tests in $((SECONDS - t1))s"
echo "$((${outof:-0} - ${failed:-0})) passed, ${failed:-0} failed"
exit "$rc"
