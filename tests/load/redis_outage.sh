#!/usr/bin/env bash
# Redis killed and restarted under load: 503 during, recovery after, no session write reported as
# saved when it was not.
#
#   tests/load/redis_outage.sh
#   BEFORE=3 OUTAGE=4 AFTER=6 tests/load/redis_outage.sh        (run_all.sh QUICK=1 uses this)
#
# A redis-server of our own on a free port (no persistence, so it comes back empty) against
# `requestscope serve --session redis --redis redis://127.0.0.1:PORT/0`; the sessions reported
# saved after the restart are looked up with EXISTS (loadtool.py redis-exists). The scenario, its
# figures and checks are those of store_outage.sh (shared with memcached_outage.sh).
#
# Environment: BEFORE [5]  OUTAGE [6]  AFTER [10]  USERS [16]  THREADS [4]  SETTLE [3] (seconds
#   after the restart by which every request must succeed again; the reconnect backoff tops out
#   at 2 s)  and common.sh's (RS_BIN, SERVER_CPU, CLIENT_CPU, NICE, KEEP).
STORE=redis
source "$(dirname "${BASH_SOURCE[0]}")/store_outage.sh"
