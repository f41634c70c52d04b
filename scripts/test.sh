#!/usr/bin/env bash
# Build and run every test twice: the `dev` preset (Debug), then the `asan` preset
# (RelWithDebInfo + AddressSanitizer/UndefinedBehaviorSanitizer).
#
#   scripts/test.sh            both passes
#   RS_TEST_PRESETS="dev" scripts/test.sh   only some of them
#   extra arguments are passed to ctest (e.g. -R unit.trace, -L e2e)
#
# Installs missing packages first (scripts/deps.sh test). Tests that need redis-server or
# memcached start them themselves; only the binaries must be installed. Exits non-zero if a
# build or a test fails, and ends with one line: `N passed, M failed` (summed over the passes;
# a failed build counts as one failure).
set -uo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." || exit 1

JOBS=${RS_JOBS:-2}
read -r -a PRESETS <<<"${RS_TEST_PRESETS:-dev asan}"

if ! scripts/deps.sh test; then
  echo "test.sh: installing packages failed" >&2
  echo "0 passed, 0 failed"
  exit 1
fi

mkdir -p build
total_pass=0
total_fail=0
status=0
start_all=$SECONDS

# Print a build log without ninja's progress lines, so errors stand out.
show_log() {
  echo "----- $1 (progress lines removed) -----" >&2
  grep -Ev '^\[[0-9]+/[0-9]+\] ' "$1" >&2 || true
  echo "----- end of $1 -----" >&2
}

for preset in "${PRESETS[@]}"; do
  t0=$SECONDS
  log=build/test-sh-$preset-build.log
  echo "=== [$preset] configure + build (-j$JOBS, log: $log)"
  if ! { cmake --preset "$preset" && cmake --build --preset "$preset" -j "$JOBS"; } >"$log" 2>&1; then
    echo "test.sh: [$preset] build FAILED after $((SECONDS - t0))s" >&2
    show_log "$log"
    status=1
    total_fail=$((total_fail + 1)) # a build that fails counts as one failure in the summary
    # The next preset compiles the same sources: it would fail the same way, only slower.
    echo "test.sh: skipping the remaining presets" >&2
    break
  fi
  echo "=== [$preset] built in $((SECONDS - t0))s"

  t1=$SECONDS
  tlog=build/test-sh-$preset-ctest.log
  ctest --preset "$preset" "$@" 2>&1 | tee "$tlog"
  rc=${PIPESTATUS[0]}
  # ctest ends with e.g. "95% tests passed, 1 tests failed out of 20"
  line=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$tlog" | tail -n 1 || true)
  if [[ -n "$line" ]]; then
    failed=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
    outof=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")
    passed=$((outof - failed))
  else
    passed=0
    failed=0
    if grep -q 'No tests were found' "$tlog"; then
      echo "test.sh: [$preset] ctest found no tests" >&2
    fi
  fi
  total_pass=$((total_pass + passed))
  total_fail=$((total_fail + failed))
  echo "=== [$preset] $passed passed, $failed failed in $((SECONDS - t1))s (ctest exit $rc)"
  if [[ $rc -ne 0 ]]; then
    status=1
  fi
done

echo "=== total time $((SECONDS - start_all))s"
if [[ $status -ne 0 ]]; then
  echo "test.sh: FAILED (see above)" >&2
fi
echo "$total_pass passed, $total_fail failed"
exit "$status"
