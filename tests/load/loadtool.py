#!/usr/bin/python3
"""Helpers for the load and fault scripts of tests/load (Debian's python3, standard library only).

    loadtool.py free-port                       a free TCP port on 127.0.0.1
    loadtool.py wrk-parse FILE                  wrk --latency output as KEY=VALUE lines (for eval)
    loadtool.py session-load --port P ...       users logging in, writing and reading their session
    loadtool.py phases --log FILE --mark ...    a session-load log by phase: statuses, recovery
    loadtool.py slow --port P ...               clients trickling request headers, one byte a second
    loadtool.py check-saves EVENTS              every set_cookie decision preceded by a saved write,
                                                every 503 with an `error` event
    loadtool.py check-isolation EVENTS          request-stack pushes alone on their stack, no
                                                cross-request reads, every slot released
    loadtool.py redis-exists --port P --sids F  how many session:<sid> keys Redis holds
    loadtool.py memcached-exists --port P --sids F   the same for memcached (its text protocol)

Every command talks to 127.0.0.1 only. Figures go to stdout as KEY=VALUE lines (bash evals them)
or as a readable table; problems go to stderr.
"""

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import sys
import time

HOST = "127.0.0.1"


# ------------------------------------------------------------------------------------------------
# small things
# ------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def kv(**pairs):
    for k, v in pairs.items():
        if isinstance(v, float):
            v = f"{v:.3f}"
        v = str(v)
        if re.fullmatch(r"[A-Za-z0-9_.:/+-]*", v):
            print(f"{k}={v}")
        else:
            print(f"{k}='" + v.replace("'", "'\\''") + "'")


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4, "h": 3.6e6}


def cmd_wrk_parse(args):
    out = open(args.file, encoding="utf-8", errors="replace").read()

    def grab(rx, conv=float, default=None):
        m = re.search(rx, out, re.M)
        return conv(m.group(1)) if m else default

    res = {
        "requests": grab(r"^\s*(\d+) requests in ", int, 0),
        "rps": grab(r"^Requests/sec:\s+([\d.]+)", float, 0.0),
        "non2xx": grab(r"Non-2xx or 3xx responses:\s+(\d+)", int, 0),
        "err_connect": 0, "err_read": 0, "err_write": 0, "err_timeout": 0,
    }
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        res["err_connect"], res["err_read"], res["err_write"], res["err_timeout"] = map(int, m.groups())
    for p in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s|m|h)\s*$", out, re.M)
        res[f"p{p}_ms"] = float(m.group(1)) * UNITS_MS[m.group(2)] if m else float("nan")
    m = re.search(r"^\s+Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m|h)", out, re.M)
    res["max_ms"] = float(m.group(1)) * UNITS_MS[m.group(2)] if m else float("nan")
    kv(**res)


# ------------------------------------------------------------------------------------------------
# a minimal HTTP/1.1 client on asyncio streams
# ------------------------------------------------------------------------------------------------

class Response:
    __slots__ = ("status", "headers", "body")

    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name.lower())

    def set_cookies(self):
        return self.headers.get("set-cookie*", [])


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {"set-cookie*": []}
    for line in lines[1:]:
        if not line:
            continue
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "set-cookie":
            headers["set-cookie*"].append(value)
        headers[name] = value
    body = b""
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                # trailers end with an empty line; we sent none, the server sends none
                break
            body += chunk[:-2]
    elif "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    return Response(status, headers, body)


def session_cookie(resp, name="session"):
    """('set', value), ('delete', None) or None."""
    for c in resp.set_cookies():
        if c.startswith(name + "="):
            value = c[len(name) + 1:].split(";", 1)[0]
            if "Max-Age=0" in c or value == "":
                return ("delete", None)
            return ("set", value)
    return None


# ------------------------------------------------------------------------------------------------
# session-load: users who log in, write to their session and read it, plus /hello
# ------------------------------------------------------------------------------------------------

async def session_user(uid, args, deadline, log, stats):
    reader = writer = None
    cookie = None
    steps = [("/login", False), ("/cart/add-fixed/x", True), ("/home", True), ("/hello", False)]
    i = 0
    while time.time() < deadline:
        # A new session every round (/login without a cookie writes a new record); the cookie
        # of the last session saved is used until a login saves another one.
        path, with_cookie = steps[i % len(steps)]
        i += 1
        if with_cookie and cookie is None:
            continue  # the login of this round failed: nothing to send the cookie for
        t0 = time.time()
        status, action, sid, reason_ok, rid, err = 0, "-", "-", "-", "-", ""
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, args.port), 5)
            req = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{args.port}\r\nUser-Agent: loadtool\r\n"
            if with_cookie:
                req += f"Cookie: session={cookie}\r\n"
            writer.write((req + "\r\n").encode())
            resp = await asyncio.wait_for(read_response(reader), args.timeout)
            status = resp.status
            rid = resp.header("x-request-id") or "-"
            c = session_cookie(resp)
            if c:
                action = c[0]
                if c[0] == "set":
                    sid = c[1]
                    if path == "/login" and status == 200:
                        cookie = c[1]
            if status == 503:
                reason_ok = "1" if args.reason and args.reason.encode() in resp.body else "0"
                text = resp.body.decode("utf-8", "replace")
                m = re.search(r"<p>(.*?)</p>", text, re.S)  # the HTML error page's message
                text = (m.group(1) if m else text).strip()
                # "(next reconnect in 1234 ms)" differs from one answer to the next
                text = re.sub(r"\d+ ms", "N ms", text)
                # libmemcached's messages start with the address of the client they come from
                text = re.sub(r"\(0x[0-9a-fA-F]+\)", "(0x…)", text)
                text = re.sub(r"session:[A-Za-z0-9_-]{22}", "session:SID", text)[:240]  # one file per sid
                stats["bodies_503"][text] = stats["bodies_503"].get(text, 0) + 1
            if (resp.header("connection") or "").lower() == "close":
                writer.close()
                reader = writer = None
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError) as e:
            err = type(e).__name__
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(0.01)
        t1 = time.time()
        log.write(f"{t0:.6f} {(t1 - t0) * 1000:.3f} {uid} {path} {status} {action} {sid} {reason_ok} {rid} {err or '-'}\n")
        if args.pause_ms:
            await asyncio.sleep(args.pause_ms / 1000.0)
    if writer is not None:
        writer.close()


async def session_load(args):
    deadline = time.time() + args.duration
    stats = {"bodies_503": {}}
    with open(args.log, "w", buffering=1 << 16) as log:
        await asyncio.gather(*(session_user(u, args, deadline, log, stats) for u in range(args.users)))
    with open(args.log + ".503", "w") as f:
        json.dump(stats["bodies_503"], f, indent=1, ensure_ascii=False)


def cmd_session_load(args):
    asyncio.run(session_load(args))


def read_log(path):
    rows = []
    for line in open(path):
        p = line.split()
        if len(p) < 10:
            continue
        rows.append({"t": float(p[0]), "ms": float(p[1]), "user": p[2], "path": p[3], "status": int(p[4]),
                     "cookie": p[5], "sid": p[6], "reason_ok": p[7], "rid": p[8], "err": p[9]})
    return rows


def cmd_phases(args):
    """Statuses by phase. --mark NAME=UNIXTIME (in order); rows before the first mark are dropped."""
    rows = read_log(args.log)
    marks = []
    for m in args.mark:
        name, _, t = m.partition("=")
        marks.append((name, float(t)))
    end = max((r["t"] + r["ms"] / 1000 for r in rows), default=0)

    def phase_of(t):
        name = None
        for n, start in marks:
            if t >= start:
                name = n
        return name

    groups = {"login": "/login", "write": "/cart/add-fixed/x", "read": "/home", "hello": "/hello"}
    table = {}
    for r in rows:
        ph = phase_of(r["t"])
        if ph is None:
            continue
        g = next((k for k, v in groups.items() if v == r["path"]), r["path"])
        key = (ph, g)
        d = table.setdefault(key, {})
        st = str(r["status"]) if r["status"] else f"err:{r['err']}"
        d[st] = d.get(st, 0) + 1
    print(f"{'phase':<8} {'request':<30} statuses")
    for n, _ in marks:
        for g, p in groups.items():
            d = table.get((n, g), {})
            text = ", ".join(f"{k}: {v}" for k, v in sorted(d.items())) or "-"
            print(f"{n:<8} {g + ' ' + p:<30} {text}")
    # Figures for the script.
    figs = {}
    for n, _ in marks:
        sess = [r for r in rows if phase_of(r["t"]) == n and r["path"] != "/hello"]
        hello = [r for r in rows if phase_of(r["t"]) == n and r["path"] == "/hello"]
        figs[f"{n}_total"] = len(sess) + len(hello)
        figs[f"{n}_session_200"] = sum(r["status"] == 200 for r in sess)
        figs[f"{n}_session_503"] = sum(r["status"] == 503 for r in sess)
        figs[f"{n}_session_other"] = sum(r["status"] not in (200, 503) for r in sess)
        # answered 200 with a session cookie: reported saved
        figs[f"{n}_saved"] = sum(r["status"] == 200 and r["cookie"] == "set" for r in sess)
        figs[f"{n}_hello_200"] = sum(r["status"] == 200 for r in hello)
        figs[f"{n}_hello_other"] = sum(r["status"] != 200 for r in hello)
        figs[f"{n}_p50_ms"] = pct([r["ms"] for r in sess + hello], 50)
        figs[f"{n}_p99_ms"] = pct([r["ms"] for r in sess + hello], 99)
    figs["set_cookie_on_503"] = sum(r["status"] == 503 and r["cookie"] == "set" for r in rows)
    figs["r503_without_reason"] = sum(r["status"] == 503 and r["reason_ok"] != "1" for r in rows)
    figs["r503_total"] = sum(r["status"] == 503 for r in rows)
    figs["transport_errors"] = sum(r["status"] == 0 for r in rows)
    if args.recovery_from:
        t_ready = float(args.recovery_from)
        after = sorted((r for r in rows if r["t"] >= t_ready and r["path"] == "/login"),
                       key=lambda r: r["t"] + r["ms"] / 1000)
        first_ok = next((r for r in after if r["status"] == 200), None)
        last_bad = None
        for r in rows:
            if r["t"] >= t_ready and r["path"] != "/hello" and r["status"] != 200:
                if last_bad is None or r["t"] + r["ms"] / 1000 > last_bad:
                    last_bad = r["t"] + r["ms"] / 1000
        figs["recovery_first_write_ms"] = ((first_ok["t"] + first_ok["ms"] / 1000 - t_ready) * 1000
                                           if first_ok else -1)
        figs["recovery_all_ok_ms"] = ((last_bad - t_ready) * 1000) if last_bad else 0.0
    figs["end_s"] = end
    if args.sids_after:
        # The sids a 200 /login answered with Set-Cookie after this time: each claims a saved record.
        t = float(args.sids_after)
        with open(args.sids_out, "w") as f:
            for r in rows:
                if r["t"] >= t and r["status"] == 200 and r["cookie"] == "set" and r["sid"] != "-":
                    f.write(r["sid"] + "\n")
    if args.kv:
        with open(args.kv, "w") as f:
            sys.stdout, saved = f, sys.stdout
            kv(**figs)
            sys.stdout = saved


# ------------------------------------------------------------------------------------------------
# slow clients: headers trickled one byte at a time
# ------------------------------------------------------------------------------------------------

async def slow_client(cid, args, stop_new_at, results, started):
    padding = "x" * 40
    request = (f"GET /hello HTTP/1.1\r\nHost: {HOST}:{args.port}\r\nUser-Agent: slow-client-{cid}\r\n"
               f"X-Padding: {padding}\r\n\r\n").encode()
    first = True
    while first or time.time() < stop_new_at:
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, args.port), 5)
        except (OSError, asyncio.TimeoutError) as e:
            results.append({"outcome": "connect_failed:" + type(e).__name__, "secs": 0, "sent": 0})
            await asyncio.sleep(1)
            first = False
            continue
        t0 = None  # the first byte: the header timeout counts from there
        sent = 0
        outcome = None

        async def read_side():
            data = await reader.read(65536)
            return data

        rtask = asyncio.ensure_future(read_side())
        # Spread the clients over the interval so the server sees a steady trickle.
        await asyncio.sleep(random.random() * args.interval)
        while outcome is None:
            if sent < len(request):
                try:
                    writer.write(request[sent:sent + 1])
                    await writer.drain()
                    sent += 1
                    if t0 is None:
                        t0 = time.monotonic()
                    if sent == 1 and first:
                        started.append(cid)
                except (OSError, ConnectionError):
                    pass  # the server closed: the read side tells how
            done, _ = await asyncio.wait({rtask}, timeout=args.interval)
            if rtask in done:
                try:
                    data = rtask.result()
                except (OSError, ConnectionError) as e:
                    outcome = "reset"
                    break
                if not data:
                    outcome = "closed"
                else:
                    m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
                    outcome = ("status:" + m.group(1).decode()) if m else "garbage"
            elif t0 is not None and time.monotonic() - t0 > args.give_up:
                outcome = "no_answer"
        elapsed = time.monotonic() - t0 if t0 is not None else 0.0
        if not rtask.done():
            rtask.cancel()
        writer.close()
        results.append({"outcome": outcome, "secs": elapsed, "sent": sent})
        first = False


async def slow_main(args):
    results, started = [], []
    stop_new_at = time.time() + args.run_for
    tasks = [asyncio.ensure_future(slow_client(i, args, stop_new_at, results, started))
             for i in range(args.clients)]
    # Tell the script once every client has sent its first byte.
    while len(started) < args.clients and not all(t.done() for t in tasks):
        await asyncio.sleep(0.05)
    if args.ready:
        with open(args.ready, "w") as f:
            f.write(f"{len(started)}\n")
    await asyncio.gather(*tasks)
    return results


def cmd_slow(args):
    results = asyncio.run(slow_main(args))
    outcomes = {}
    for r in results:
        outcomes[r["outcome"]] = outcomes.get(r["outcome"], 0) + 1
    answered = [r["secs"] for r in results if r["outcome"] in ("status:408", "closed", "reset")]
    bad = sum(v for k, v in outcomes.items() if k not in ("status:408", "closed", "reset"))
    kv(slow_sessions=len(results),
       slow_408=outcomes.get("status:408", 0),
       slow_closed=outcomes.get("closed", 0) + outcomes.get("reset", 0),
       slow_other=bad,
       slow_outcomes=" ".join(f"{k}:{v}" for k, v in sorted(outcomes.items())),
       slow_answer_min_s=min(answered) if answered else -1.0,
       slow_answer_p50_s=pct(answered, 50) if answered else -1.0,
       slow_answer_max_s=max(answered) if answered else -1.0,
       slow_bytes_max=max((r["sent"] for r in results), default=0))


# ------------------------------------------------------------------------------------------------
# event checks
# ------------------------------------------------------------------------------------------------

def events(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                print(f"check: {path}:{n}: not JSON, skipped", file=sys.stderr)


def cmd_check_saves(args):
    """No set_cookie decision without a saved write in the same request; every 503 has an error."""
    ok_set = set()        # reqs with a store.op set ok=true so far
    failed_ops = 0
    ok_ops = 0
    set_cookie = 0
    violations = []
    errors_by_req = {}
    ends = {}
    for e in events(args.file):
        req, kind = e.get("req", 0), e.get("kind")
        if kind == "store.op":
            if e.get("ok"):
                ok_ops += 1
                if e.get("op") == "set":
                    ok_set.add(req)
            else:
                failed_ops += 1
        elif kind == "session.save" and e.get("decision") == "set_cookie":
            set_cookie += 1
            if req not in ok_set:
                violations.append(e)
        elif kind == "error":
            errors_by_req.setdefault(req, []).append(e)
        elif kind == "request.end":
            ends[req] = e.get("status")
            ok_set.discard(req)  # a request id is used once; keep the set small
    r503 = [req for req, st in ends.items() if st == 503]
    without_error = [req for req in r503 if req not in errors_by_req]
    samples = {}
    for req in r503:
        for e in errors_by_req.get(req, []):
            # libmemcached's messages start with the address of their client: one sample for all
            text = re.sub(r"\(0x[0-9a-fA-F]+\)", "(0x…)", f"{e.get('where')}/{e.get('type')}: {e.get('message')}")[:160]
            samples[text] = samples.get(text, 0) + 1
    for v in violations[:5]:
        print("check: set_cookie without a saved write: " + json.dumps(v)[:300], file=sys.stderr)
    for req in without_error[:5]:
        print(f"check: request {req} answered 503 without an error event", file=sys.stderr)
    if args.show_errors:
        for text, n in sorted(samples.items(), key=lambda x: -x[1])[:6]:
            print(f"check: {n} x error event: {text}", file=sys.stderr)
    status_counts = {}
    for st in ends.values():
        status_counts[st] = status_counts.get(st, 0) + 1
    kv(ev_requests=len(ends),
       ev_statuses=" ".join(f"{k}:{v}" for k, v in sorted(status_counts.items(), key=lambda x: str(x[0]))),
       ev_set_cookie=set_cookie,
       ev_violations=len(violations),
       ev_store_ok=ok_ops,
       ev_store_failed=failed_ops,
       ev_503=len(r503),
       ev_503_without_error=len(without_error))


def cmd_check_isolation(args):
    """The engine issue's isolation check on a recording: every request-stack push finds an empty
    stack (depth 1 after it), no cross_request_read report, every pushed context popped and every
    slot released."""
    pushes = shared = pops = 0
    cross = 0
    depth = {}            # ident -> request-stack depth after the last push/pop
    slots = {}            # local name -> live slots (set on an absent slot ... release)
    created = released = 0
    reqs = set()
    for e in events(args.file):
        kind = e.get("kind")
        if kind == "stack.push" and e.get("stack") == "request":
            pushes += 1
            reqs.add(e.get("req"))
            if e.get("depth") != 1:
                shared += 1
            depth[e.get("ident")] = e.get("depth")
        elif kind == "stack.pop" and e.get("stack") == "request":
            pops += 1
            depth[e.get("ident")] = e.get("depth")
        elif kind == "error" and e.get("type") == "cross_request_read":
            cross += 1
        elif kind == "local.set" and e.get("key") == "stack" and e.get("value") == "[]":
            created += 1   # a stack list created in an empty slot
        elif kind == "local.release":
            released += 1
    left = sum(1 for d in depth.values() if d)
    kv(iso_requests=len(reqs), iso_pushes=pushes, iso_pops=pops, iso_shared_pushes=shared,
       iso_cross_reads=cross, iso_contexts_left=left, iso_slots_created=created,
       iso_slots_released=released, iso_slots_left=created - released)


# ------------------------------------------------------------------------------------------------
# the stores: are the sessions reported saved really there?
# ------------------------------------------------------------------------------------------------

def read_sids(path):
    return [s.strip() for s in open(path) if s.strip()] if path else []


def store_kv(claimed, found):
    kv(store_claimed=claimed, store_found=found, store_missing=claimed - found)


def cmd_redis_exists(args):
    sids = read_sids(args.sids)
    found = 0
    if sids:
        with socket.create_connection((HOST, args.port), timeout=5) as s:
            f = s.makefile("rb")
            for i in range(0, len(sids), 500):
                batch = sids[i:i + 500]
                cmd = b""
                for sid in batch:
                    key = (args.prefix + sid).encode()
                    cmd += b"*2\r\n$6\r\nEXISTS\r\n$%d\r\n%s\r\n" % (len(key), key)
                s.sendall(cmd)
                for _ in batch:
                    line = f.readline()
                    if not line.startswith(b":"):
                        raise SystemExit(f"redis-exists: unexpected reply {line!r}")
                    found += int(line[1:])
    store_kv(len(sids), found)


def cmd_memcached_exists(args):
    """`get k1 k2 ...` (the text protocol): a VALUE block for each key held, then END. A key held
    with an empty value is not a saved session: it counts as missing (and is named on stderr)."""
    sids = read_sids(args.sids)
    keys = sorted({(args.prefix + sid).encode() for sid in sids})
    held, empty = set(), 0
    if keys:
        with socket.create_connection((HOST, args.port), timeout=5) as s:
            f = s.makefile("rb")
            for i in range(0, len(keys), 100):
                batch = keys[i:i + 100]
                s.sendall(b"get " + b" ".join(batch) + b"\r\n")
                while True:
                    line = f.readline()
                    if line == b"END\r\n":
                        break
                    p = line.split()
                    if len(p) < 4 or p[0] != b"VALUE" or p[1] not in batch:
                        raise SystemExit(f"memcached-exists: unexpected reply {line[:200]!r}")
                    data = f.read(int(p[3]) + 2)[:-2]
                    if data:
                        held.add(p[1])
                    else:
                        empty += 1
                        if empty <= 5:
                            print(f"memcached-exists: {p[1].decode()} holds an empty value", file=sys.stderr)
    store_kv(len(sids), sum((args.prefix + sid).encode() in held for sid in sids))


# ------------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("free-port")
    p = sub.add_parser("wrk-parse")
    p.add_argument("file")
    p = sub.add_parser("session-load")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--users", type=int, default=16)
    p.add_argument("--duration", type=float, default=20)
    p.add_argument("--timeout", type=float, default=10)
    p.add_argument("--pause-ms", type=float, default=0)
    p.add_argument("--reason", default="", help="text every 503 body must contain")
    p.add_argument("--log", required=True)
    p = sub.add_parser("phases")
    p.add_argument("--log", required=True)
    p.add_argument("--mark", action="append", default=[], help="NAME=UNIXTIME, in order")
    p.add_argument("--recovery-from", help="UNIXTIME the fault was removed")
    p.add_argument("--sids-after", help="write the sids saved after UNIXTIME to --sids-out")
    p.add_argument("--sids-out")
    p.add_argument("--kv", help="write the figures as KEY=VALUE lines to this file")
    p = sub.add_parser("slow")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--clients", type=int, default=200)
    p.add_argument("--interval", type=float, default=1.0)
    p.add_argument("--run-for", type=float, default=20, help="seconds during which new sessions start")
    p.add_argument("--give-up", type=float, default=60, help="seconds without an answer = no_answer")
    p.add_argument("--ready", help="file written once every client has sent its first byte")
    p = sub.add_parser("check-saves")
    p.add_argument("file")
    p.add_argument("--show-errors", action="store_true")
    p = sub.add_parser("check-isolation")
    p.add_argument("file")
    for name in ("redis-exists", "memcached-exists"):
        p = sub.add_parser(name)
        p.add_argument("--port", type=int, required=True)
        p.add_argument("--prefix", default="session:", help="SESSION_KEY_PREFIX")
        p.add_argument("--sids", help="a file of sids, one a line")
    args = ap.parse_args()
    if args.cmd == "free-port":
        print(free_port())
        return
    {"wrk-parse": cmd_wrk_parse, "session-load": cmd_session_load, "phases": cmd_phases,
     "slow": cmd_slow, "check-saves": cmd_check_saves, "check-isolation": cmd_check_isolation,
     "redis-exists": cmd_redis_exists, "memcached-exists": cmd_memcached_exists}[args.cmd](args)


if __name__ == "__main__":
    main()
