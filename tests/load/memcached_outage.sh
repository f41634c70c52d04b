#!/usr/bin/env bash
# memcached killed and restarted under load: 503 during, recovery after, no session write reported
# as saved when it was not.
#
#   tests/load/memcached_outage.sh
#   BEFORE=3 OUTAGE=4 AFTER=6 tests/load/memcached_outage.sh    (run_all.sh QUICK=1 uses this)
#
# A memcached of our own (`memcached -p PORT -l 127.0.0.1 -U 0 -m 64`, -u root when run as root;
# it keeps nothing on disk, so it comes back empty) against `requestscope serve --session memcached
# --memcached 127.0.0.1:PORT`; the sessions reported saved after the restart are looked up with
# `get session:<sid> ...` over memcached's text protocol (loadtool.py memcached-exists). The
# scenario, its figures and checks are those of store_outage.sh (shared with redis_outage.sh).
#
# Environment: BEFORE [5]  OUTAGE [6]  AFTER [10]  USERS [16]  THREADS [4]  SETTLE [3] (seconds
#   after the restart by which every request must succeed again; the reconnect backoff tops out
#   at 2 s)  and common.sh's (RS_BIN, SERVER_CPU, CLIENT_CPU, NICE, KEEP).
STORE=memcached
source "$(dirname "${BASH_SOURCE[0]}")/store_outage.sh"
