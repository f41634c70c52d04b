#!/usr/bin/env bash
# Build the libFuzzer targets (preset `fuzz`: clang-14, ASan + UBSan, build/fuzz) and run them.
#
#   scripts/fuzz.sh                       every target for 60 s each
#   scripts/fuzz.sh --time 600 http_request cookie_decode
#   scripts/fuzz.sh --runs 10000000 tagged_json
#
# Targets: http_request cookie_decode tagged_json event_reader curl_import (tests/fuzz/fuzz_<name>.cpp).
# Each starts from its seeds (tests/fuzz/corpus/<name>/, copied into build/fuzz/corpus/<name>/ so
# that what the fuzzer adds never lands in the repository) with its dictionary when there is one,
# one process at a time, leak detection on. Prints one line per target — executions, exec/s, corpus
# size (inputs libFuzzer kept), time, and `ok` or `CRASH <artifact>` — and a last line
# `fuzz: N ok, M failed`. Exits non-zero on any crash, leak, timeout or sanitizer report, or when
# the build fails.
#
# Environment: RS_JOBS (build jobs, default 2); RS_FUZZ_NO_DEPS=1 skips scripts/deps.sh (test.sh
# has already run it). Logs: build/fuzz/logs/<name>.log; a crash's input: build/fuzz/artifacts/<name>/.
# A crash is replayed with: build/fuzz/tests/fuzz/fuzz_<name> <artifact>
set -uo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." || exit 1

ALL_TARGETS=(http_request cookie_decode tagged_json event_reader curl_import)

# The longest input per target: a few requests, with room for a body over the target's 2 KiB
# limit; a cookie as large as browsers keep (4 KiB); a session payload; a recording of one request
# (~9 KiB); a pasted command line. Longer inputs only make each execution slower.
max_len_of() {
  case "$1" in
    http_request) echo 4096 ;;
    cookie_decode) echo 4096 ;;
    tagged_json) echo 4096 ;;
    event_reader) echo 12288 ;;
    curl_import) echo 4096 ;;
    *) echo 4096 ;;
  esac
}

usage() {
  echo "usage: $0 [--time SECONDS | --runs N] [target ...]" >&2
  echo "targets: ${ALL_TARGETS[*]}" >&2
  exit 2
}

TIME=60
RUNS=
TARGETS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --time)
      [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -gt 0 ]] || usage
      TIME=$2
      RUNS=
      shift 2
      ;;
    --runs)
      [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -gt 0 ]] || usage
      RUNS=$2
      shift 2
      ;;
    -h | --help) usage ;;
    -*) usage ;;
    *)
      [[ " ${ALL_TARGETS[*]} " == *" $1 "* ]] || {
        echo "fuzz.sh: unknown target '$1'" >&2
        usage
      }
      TARGETS+=("$1")
      shift
      ;;
  esac
done
[[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=("${ALL_TARGETS[@]}")

if [[ "${RS_FUZZ_NO_DEPS:-0}" != 1 ]] && ! scripts/deps.sh test; then
  echo "fuzz.sh: installing packages failed" >&2
  echo "fuzz: 0 ok, 1 failed"
  exit 1
fi

JOBS=${RS_JOBS:-2}
BUILD=build/fuzz
mkdir -p build
log=build/fuzz-build.log
t0=$SECONDS
echo "=== [fuzz] configure + build (-j$JOBS, log: $log)"
if ! { cmake --preset fuzz && cmake --build --preset fuzz -j "$JOBS"; } >"$log" 2>&1; then
  echo "fuzz.sh: build FAILED after $((SECONDS - t0))s" >&2
  grep -Ev '^\[[0-9]+/[0-9]+\] ' "$log" >&2 || true
  echo "fuzz: 0 ok, 1 failed"
  exit 1
fi
echo "=== [fuzz] built in $((SECONDS - t0))s"

# Leaks are reported; every UBSan finding stops the run (the code is also built with
# -fno-sanitize-recover); a crash leaves its input behind.
# malloc_context_size=2: ASan's fast unwinder reads garbage past the first Qt frame (Qt is built
# without frame pointers), so with deeper allocation stacks nearly every allocation stores a new
# "unique" stack, and the process grows by ~250 MB per million executions until it hits
# -rss_limit_mb. Replaying an artifact (the binary with the file as its argument) without this
# option shows the full allocation stacks.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1:detect_stack_use_after_return=1:malloc_context_size=2${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

ok=0
failed=0
mkdir -p "$BUILD/logs"
printf '%-14s %12s %9s %7s %7s  %s\n' target executions exec/s corpus time result
for name in "${TARGETS[@]}"; do
  bin=$BUILD/tests/fuzz/fuzz_$name
  corpus=$BUILD/corpus/$name
  artifacts=$BUILD/artifacts/$name
  tlog=$BUILD/logs/$name.log
  mkdir -p "$corpus" "$artifacts"
  # The seeds join whatever earlier runs found (existing files are kept).
  cp -n tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
  args=(-max_len="$(max_len_of "$name")" -timeout=10 -rss_limit_mb=2048 -detect_leaks=1
    -print_final_stats=1 -artifact_prefix="$artifacts/")
  [[ -f tests/fuzz/$name.dict ]] && args+=(-dict="tests/fuzz/$name.dict")
  if [[ -n "$RUNS" ]]; then
    args+=(-runs="$RUNS")
  else
    args+=(-max_total_time="$TIME")
  fi
  t1=$SECONDS
  "$bin" "${args[@]}" "$corpus" >"$tlog" 2>&1
  rc=$?
  secs=$((SECONDS - t1))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tlog" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$tlog" | tail -n 1)
  # The corpus libFuzzer kept in the end (its last status line); the directory holds every input
  # it ever added, also those it later replaced with smaller ones.
  size=$(grep -aoE 'corp: [0-9]+/' "$tlog" | tail -n 1 | grep -oE '[0-9]+')
  artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$tlog" | tail -n 1)
  if [[ $rc -eq 0 && -n "$execs" ]]; then
    result=ok
    ok=$((ok + 1))
  else
    result="CRASH ${artifact:-(no artifact; see $tlog)}"
    failed=$((failed + 1))
  fi
  printf '%-14s %12s %9s %7s %6ss  %s\n' "$name" "${execs:-?}" "${rate:-?}" "${size:-?}" "$secs" "$result"
  if [[ $result != ok ]]; then
    # The report itself and its stack: a sanitizer's, a failed Q_ASSERT, or a target's own check
    # (the targets start theirs with "FUZZ CHECK FAILED").
    grep -aE -m 1 -A 25 'ERROR: |runtime error|ASSERT|FUZZ CHECK FAILED' "$tlog" | head -n 40 >&2 || true
  fi
done
echo "fuzz: $ok ok, $failed failed"
[[ $failed -eq 0 ]]
