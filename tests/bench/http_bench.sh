#!/bin/sh
# Load test of rs::http: builds tests/bench/http_echo_server.cpp against a Release build of rs_http,
# runs it on CPU 0 and wrk on CPU 1, and prints requests/s and the server's CPU time per request
# (utime+stime from /proc/PID/stat over the run, divided by the requests wrk completed).
#
#   tests/bench/http_bench.sh [CONNECTIONS] [SECONDS] [extra server args, e.g. "1 --trace"]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build-http-bench
conns=${1:-50}
secs=${2:-10}
extra=${3:-1}
port=${PORT:-18080}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRS_BUILD_GUI=OFF -DRS_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target rs_http >/dev/null
# shellcheck disable=SC2046
g++ -std=c++20 -O2 -fPIC -I"$root" $(pkg-config --cflags Qt6Core Qt6Network) \
    "$root/tests/bench/http_echo_server.cpp" "$build/core/librs_http.a" "$build/core/librs_trace.a" \
    -lhttp_parser $(pkg-config --libs Qt6Core Qt6Network) -lpthread -o "$build/http_echo_server"

# shellcheck disable=SC2086
taskset -c 0 "$build/http_echo_server" "$port" $extra &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.1
done
wrk -t1 -c"$conns" -d1s "http://127.0.0.1:$port/" >/dev/null # warm-up

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
before=$(ticks $pid)
taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" "http://127.0.0.1:$port/" >"$build/wrk.out" &
wrk=$!
sleep 1
wrkBefore=$(ticks $wrk)
wrkStart=$(date +%s.%N)
sleep $((secs - 2))
wrkAfter=$(ticks $wrk)
wrkEnd=$(date +%s.%N)
wait $wrk
after=$(ticks $pid)
cat "$build/wrk.out"
requests=$(awk '/requests in/ {print $1}' "$build/wrk.out")
hz=$(getconf CLK_TCK)
echo "$requests $before $after $hz" | awk '{printf "server CPU: %.2f us/request (%d ticks for %d requests)\n", ($3-$2)*1e6/$4/$1, $3-$2, $1}'
echo "$wrkBefore $wrkAfter $wrkStart $wrkEnd $hz" | awk '{printf "wrk busy: %.0f%% of its CPU (if ~100%%, wrk is the limit)\n", ($2-$1)/$5/($4-$3)*100}'
kill -TERM $pid
wait $pid || true
