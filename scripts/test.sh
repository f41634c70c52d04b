#!/usr/bin/env bash
# Build and run every test under the `asan` preset (AddressSanitizer + UndefinedBehaviorSanitizer,
# -O1, assertions on). Then a short fuzz pass: the `fuzz` preset (clang, libFuzzer) and each fuzz
# target for RS_FUZZ_TIME seconds (default 10) through scripts/fuzz.sh; each target counts as one
# test. The Debug build (`dev`) is not in the default run: the sanitized pass runs every test with
# assertions on too, and both together took CI past its 20 minutes. ThreadSanitizer has its own
# script (scripts/tsan.sh).
#
#   scripts/test.sh                          the asan pass and the fuzz pass
#   RS_TEST_PRESETS="dev asan" scripts/test.sh   other presets, in order
#   RS_SKIP_FUZZ=1 scripts/test.sh          without the fuzz pass
#   extra arguments are passed to ctest (e.g. -R unit.trace, -L e2e)
#
# Installs missing packages first (scripts/deps.sh test). Tests that need redis-server or
# memcached start them themselves; only the binaries must be installed. Exits non-zero if a
# build or a test fails, and ends with one line: `N passed, M failed` (summed over the passes;
# a failed build counts as one failure).
set -uo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." || exit 1

JOBS=${RS_JOBS:-2}
read -r -a PRESETS <<<"${RS_TEST_PRESETS:-asan}"

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

build_failed=0
for preset in "${PRESETS[@]}"; do
  t0=$SECONDS
  log=build/test-sh-$preset-build.log
  echo "=== [$preset] configure + build (-j$JOBS, log: $log)"
  if ! { cmake --preset "$preset" && cmake --build --preset "$preset" -j "$JOBS"; } >"$log" 2>&1; then
    echo "test.sh: [$preset] build FAILED after $((SECONDS - t0))s" >&2
    show_log "$log"
    status=1
    build_failed=1
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

# The fuzz pass: a few seconds per target finds what a change broke in the input parsers (longer
# runs: scripts/fuzz.sh --time N). It builds with clang the sources the targets need.
if [[ "${RS_SKIP_FUZZ:-0}" == 1 ]]; then
  echo "=== [fuzz] skipped (RS_SKIP_FUZZ=1)"
elif [[ $build_failed -ne 0 ]]; then
  echo "test.sh: skipping the fuzz pass (a build failed)" >&2
else
  t2=$SECONDS
  flog=build/test-sh-fuzz.log
  RS_FUZZ_NO_DEPS=1 RS_JOBS=$JOBS scripts/fuzz.sh --time "${RS_FUZZ_TIME:-10}" 2>&1 | tee "$flog"
  rc=${PIPESTATUS[0]}
  # fuzz.sh ends with "fuzz: N ok, M failed" (a failed build is "0 ok, 1 failed")
  line=$(grep -E '^fuzz: [0-9]+ ok, [0-9]+ failed$' "$flog" | tail -n 1 || true)
  if [[ -n "$line" ]]; then
    passed=$(sed -E 's/^fuzz: ([0-9]+) ok, ([0-9]+) failed$/\1/' <<<"$line")
    failed=$(sed -E 's/^fuzz: ([0-9]+) ok, ([0-9]+) failed$/\2/' <<<"$line")
  else
    passed=0
    failed=1
  fi
  total_pass=$((total_pass + passed))
  total_fail=$((total_fail + failed))
  echo "=== [fuzz] $passed passed, $failed failed in $((SECONDS - t2))s (fuzz.sh exit $rc)"
  if [[ $rc -ne 0 ]]; then
    status=1
  fi
fi

echo "=== total time $((SECONDS - start_all))s"
if [[ $status -ne 0 ]]; then
  echo "test.sh: FAILED (see above)" >&2
fi
echo "$total_pass passed, $total_fail failed"
exit "$status"
