#!/usr/bin/env bash
# RequestScope benchmark: the engine side by side with real Flask. Not a CTest test.
#
#   tests/bench/bench.sh                                  all default scenarios on /hello
#   SCENARIOS='flask-gunicorn flask-werkzeug' tests/bench/bench.sh
#   PATHS='/hello /home@/login' DURATION=5s tests/bench/bench.sh
#
# Builds nothing: it uses an existing release binary. Each server runs pinned to one CPU
# (taskset -c $SERVER_CPU), wrk to another (taskset -c $CLIENT_CPU); scenarios alternate
# (A B C D, A B C D, ...) for $RUNS rounds and the report gives medians. Server CPU per request
# is utime+stime from /proc/<pid>/stat summed over the server's whole process tree, read just
# before and just after each measured wrk run, divided by the requests wrk completed.
# The table is printed and written to tests/bench/results/latest.md (+ latest.json, raw runs).
#
# Environment (defaults in brackets):
#   REQUESTSCOPE      engine binary [build/release/app/requestscope]
#   SCENARIOS         [engine engine-traced flask-gunicorn flask-werkzeug];
#                     also available: engine-redis (see SCENARIO_LIST in bench.py)
#   PATHS             paths to measure [/hello]; `/home@/login` = GET /login first and send the
#                     cookies it sets with every request to /home
#   DURATION [10s]  CONNECTIONS [32]  WRK_THREADS [1]  WARMUP [2s]  RUNS [3]
#   ENGINE_THREADS [4]  GUNICORN_WORKERS [2]  SERVER_CPU [0]  CLIENT_CPU [1]
#   PYTHON            Python with Debian's Flask and gunicorn [/usr/bin/python3]
#   RESULTS           report file [tests/bench/results/latest.md]
#   KEEP_EVENTS=1     keep the scratch dir (events files, server logs)
#
# All traffic goes to 127.0.0.1.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."

missing=()
for tool in wrk taskset getconf "${PYTHON:-/usr/bin/python3}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "bench.sh: missing: ${missing[*]} — install the test packages: scripts/deps.sh test" >&2
  exit 2
fi

exec "${PYTHON:-/usr/bin/python3}" tests/bench/bench.py
