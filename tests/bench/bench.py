#!/usr/bin/python3
"""RequestScope benchmark driver (run it through tests/bench/bench.sh).

For every (path, round, scenario) it starts the server pinned to SERVER_CPU, waits until it
answers, warms it up, reads the server's CPU time (utime+stime of the whole process tree from
/proc), runs wrk pinned to CLIENT_CPU, reads the CPU time again, and stops the server. Scenarios
alternate inside each round (A B C D, A B C D, ...), so slow drift of the machine hits all of
them alike. The table reports medians over the rounds.

Only the standard library is used. Every request goes to 127.0.0.1.
"""

from __future__ import annotations

import dataclasses
import datetime
import http.client
import json
import os
import platform
import re
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

HOST = "127.0.0.1"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


# --------------------------------------------------------------------------------------------
# Configuration (environment variables; bench.sh documents them)
# --------------------------------------------------------------------------------------------


def env(name: str, default: str) -> str:
    value = os.environ.get(name, "")
    return value if value != "" else default


@dataclasses.dataclass
class Config:
    binary: Path
    python: str
    duration: str
    warmup: str
    connections: int
    wrk_threads: int
    runs: int
    engine_threads: int
    gunicorn_workers: int
    server_cpu: str
    client_cpu: str
    scenarios: list[str]
    paths: list[str]
    results: Path
    keep_events: bool
    workdir: Path = dataclasses.field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="rs-bench-")))

    @staticmethod
    def from_env() -> "Config":
        binary = Path(env("REQUESTSCOPE", "build/release/app/requestscope"))
        if not binary.is_absolute():
            binary = ROOT / binary
        return Config(
            binary=binary,
            python=env("PYTHON", "/usr/bin/python3"),
            duration=env("DURATION", "10s"),
            warmup=env("WARMUP", "2s"),
            connections=int(env("CONNECTIONS", "32")),
            wrk_threads=int(env("WRK_THREADS", "1")),
            runs=int(env("RUNS", "3")),
            engine_threads=int(env("ENGINE_THREADS", "4")),
            gunicorn_workers=int(env("GUNICORN_WORKERS", "2")),
            server_cpu=env("SERVER_CPU", "0"),
            client_cpu=env("CLIENT_CPU", "1"),
            scenarios=env("SCENARIOS", " ".join(DEFAULT_SCENARIOS)).split(),
            paths=env("PATHS", "/hello").split(),
            results=Path(env("RESULTS", str(HERE / "results" / "latest.md"))),
            keep_events=env("KEEP_EVENTS", "0") == "1",
        )


def log(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


class BenchError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Helper services a scenario may need (Redis, memcached, ...): started once per server start,
# on a free loopback port, and stopped with it. Their CPU time is NOT counted as server CPU.
# --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise BenchError(f"process exited with code {proc.returncode} before listening on port {port}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise BenchError(f"nothing listens on {HOST}:{port} after {timeout:.0f}s")


@dataclasses.dataclass
class Service:
    name: str
    argv: Callable[[int, Path], list[str]]
    # what the scenario's command line gets, e.g. {redis_url}
    exports: Callable[[int], dict[str, str]]


SERVICES: dict[str, Service] = {
    "redis": Service(
        "redis",
        lambda port, d: ["redis-server", "--bind", HOST, "--port", str(port), "--save", "",
                         "--appendonly", "no", "--dir", str(d), "--protected-mode", "yes"],
        lambda port: {"redis_url": f"redis://{HOST}:{port}/0", "redis_port": str(port)},
    ),
    "memcached": Service(
        "memcached",
        lambda port, d: ["memcached", "-l", HOST, "-p", str(port), "-U", "0", "-m", "64"],
        lambda port: {"memcached_addr": f"{HOST}:{port}", "memcached_port": str(port)},
    ),
}


# --------------------------------------------------------------------------------------------
# Scenarios. To add one, add an entry: `argv` builds the server's command line from a dict of
# placeholders ({port}, {bin}, {python}, {events}, {app_dir}, {engine_threads},
# {gunicorn_workers}, plus whatever the services export). `ready_re` is a regex the server
# prints on stderr once it accepts connections (group "port" may give the real port); without
# it the driver polls the port.
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Scenario:
    name: str
    argv: list[str]
    needs_engine: bool = False
    ready_re: str | None = None
    events: bool = False          # pass --events FILE and report its size
    services: tuple[str, ...] = ()
    note: str = ""


ENGINE_READY = r"listening on http://(?P<host>[^\s:/]+):(?P<port>\d+)"
ENGINE = ["{bin}", "serve", "--host", HOST, "--port", "{port}", "--threads", "{engine_threads}"]

SCENARIO_LIST = [
    Scenario("engine", ENGINE, needs_engine=True, ready_re=ENGINE_READY,
             note="requestscope serve, {engine_threads} worker threads"),
    Scenario("engine-traced", ENGINE + ["--events", "{events}"], needs_engine=True,
             ready_re=ENGINE_READY, events=True,
             note="same, every event written as JSON lines"),
    # Separates the cost of storing the JSON (page cache) from making and formatting the events.
    Scenario("engine-traced-null", ENGINE + ["--events", "/dev/null"], needs_engine=True,
             ready_re=ENGINE_READY,
             note="same, every event formatted as JSON but written to /dev/null"),
    Scenario("flask-gunicorn",
             ["{python}", "-m", "gunicorn", "--chdir", "{app_dir}", "-w", "{gunicorn_workers}",
              "-k", "sync", "-b", f"{HOST}:{{port}}", "--log-level", "warning", "flask_app:app"],
             note="Flask under gunicorn, {gunicorn_workers} sync workers"),
    Scenario("flask-werkzeug", ["{python}", "{app_dir}/flask_app.py", "{port}"],
             note="Flask under Werkzeug's threaded dev server"),
    # Not in the default list: engine with server-side sessions in Redis.
    Scenario("engine-redis",
             ENGINE + ["--session", "redis", "--redis", "{redis_url}", "--secret", "bench-secret"],
             needs_engine=True, ready_re=ENGINE_READY, services=("redis",),
             note="engine, sessions in Redis (Redis CPU not counted)"),
]
SCENARIO_LIST.append(
    Scenario("flask-session-redis",
             ["{python}", "-m", "gunicorn", "--chdir", "{app_dir}", "-w", "{gunicorn_workers}",
              "-k", "sync", "-b", f"{HOST}:{{port}}", "--log-level", "warning",
              "flask_app:redis_app('{redis_url}')"],
             services=("redis",),
             note="Flask + flask-session 0.3.2 in Redis under gunicorn (Redis CPU not counted)"))
SCENARIOS = {s.name: s for s in SCENARIO_LIST}
DEFAULT_SCENARIOS = ["engine", "engine-traced", "engine-traced-null", "flask-gunicorn", "flask-werkzeug"]

# Ratios printed under the table: (numerator, denominator).
RATIOS = [
    ("engine", "flask-gunicorn"),
    ("engine", "flask-werkzeug"),
    ("engine-traced", "engine"),
    ("engine-traced-null", "engine"),
    ("engine-redis", "flask-session-redis"),
]


# --------------------------------------------------------------------------------------------
# CPU accounting from /proc
# --------------------------------------------------------------------------------------------


def clk_tck() -> int:
    try:
        return int(subprocess.run(["getconf", "CLK_TCK"], check=True, capture_output=True,
                                  text=True).stdout.strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        return os.sysconf("SC_CLK_TCK")


def read_stat(pid: int) -> tuple[int, int] | None:
    """(ppid, utime+stime+cutime+cstime in ticks) of one process, or None if it is gone.

    A process's stat already sums all its threads. cutime/cstime hold the children it has
    reaped, so a worker that exits between the two readings moves from the tree sum into its
    parent's cutime and is still counted."""
    try:
        data = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name (field 2) may contain spaces and parentheses: split after the last ')'
    fields = data[data.rindex(")") + 2:].split()
    # fields[0] is field 3 (state); utime is field 14, stime 15, cutime 16, cstime 17
    ppid = int(fields[1])
    ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))
    return ppid, ticks


def tree_ticks(root: int) -> tuple[int, int]:
    """CPU ticks summed over `root` and all its descendants, and the number of processes."""
    children: dict[int, list[int]] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        st = read_stat(int(entry))
        if st is None:
            continue
        children.setdefault(st[0], []).append(int(entry))
        ticks[int(entry)] = st[1]
    total, count, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        if pid in ticks:
            total += ticks[pid]
            count += 1
        todo.extend(children.get(pid, []))
    return total, count


# --------------------------------------------------------------------------------------------
# Servers
# --------------------------------------------------------------------------------------------


def pinned(cpu: str, argv: list[str]) -> list[str]:
    return ["taskset", "-c", cpu] + argv if cpu != "" else argv


class Server:
    def __init__(self, cfg: Config, sc: Scenario, tag: str):
        self.cfg, self.sc, self.tag = cfg, sc, tag
        self.dir = cfg.workdir / tag
        self.dir.mkdir(parents=True, exist_ok=True)
        self.stderr_path = self.dir / "stderr.log"
        self.events_path = self.dir / "events.jsonl"
        self.proc: subprocess.Popen | None = None
        self.services: list[subprocess.Popen] = []
        self.port = 0

    def start(self) -> None:
        values = {
            "bin": str(self.cfg.binary),
            "python": self.cfg.python,
            "app_dir": str(HERE),
            "events": str(self.events_path),
            "engine_threads": str(self.cfg.engine_threads),
            "gunicorn_workers": str(self.cfg.gunicorn_workers),
        }
        for name in self.sc.services:
            svc = SERVICES[name]
            port = free_port()
            d = self.dir / name
            d.mkdir(exist_ok=True)
            p = subprocess.Popen(svc.argv(port, d), stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL,
                                 stderr=open(self.dir / f"{name}.log", "wb"),
                                 start_new_session=True)
            self.services.append(p)
            wait_port(port, 10, p)
            values.update(svc.exports(port))

        # The engine is asked for port 0 and reports the real one; others get a free port.
        self.port = 0 if self.sc.ready_re else free_port()
        values["port"] = str(self.port)
        argv = [a.format(**values) for a in self.sc.argv]
        (self.dir / "cmd").write_text(shlex.join(argv) + "\n")
        self.stderr_file = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(pinned(self.cfg.server_cpu, argv), cwd=ROOT,
                                     stdin=subprocess.DEVNULL, stdout=self.stderr_file,
                                     stderr=self.stderr_file, start_new_session=True)
        try:
            if self.sc.ready_re:
                self._wait_ready_line(30)
            else:
                wait_port(self.port, 30, self.proc)
        except BenchError as e:
            raise BenchError(f"{self.sc.name}: {e}\n  command: {shlex.join(argv)}\n"
                             f"{self.stderr_tail()}") from None

    def _wait_ready_line(self, timeout: float) -> None:
        rx = re.compile(self.sc.ready_re)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.stderr_path.read_text(errors="replace")
            m = rx.search(text)
            if m:
                if "port" in m.groupdict() and m.group("port"):
                    self.port = int(m.group("port"))
                if self.port == 0:
                    raise BenchError("the ready line gives no port")
                return
            if self.proc.poll() is not None:
                raise BenchError(f"the server exited with code {self.proc.returncode} "
                                 f"before printing a line matching /{self.sc.ready_re}/")
            time.sleep(0.05)
        raise BenchError(f"no line matching /{self.sc.ready_re}/ on stderr after {timeout:.0f}s")

    def stderr_tail(self, n: int = 20) -> str:
        try:
            lines = self.stderr_path.read_text(errors="replace").splitlines()[-n:]
        except OSError:
            lines = []
        return "  stderr (last lines):\n" + "\n".join("    " + l for l in lines) if lines else "  stderr: (empty)"

    def cpu_ticks(self) -> tuple[int, int]:
        return tree_ticks(self.proc.pid)

    def stop(self) -> None:
        """SIGINT (lets the engine flush its events file and print its counters), then
        SIGTERM, then SIGKILL, to the server's own process group only."""
        procs = ([self.proc] if self.proc else []) + self.services
        for p in procs:
            if p.poll() is not None:
                continue
            for sig, wait in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
                try:
                    os.killpg(p.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    p.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if self.proc:
            self.stderr_file.close()


# --------------------------------------------------------------------------------------------
# HTTP checks and wrk
# --------------------------------------------------------------------------------------------


def http_get(port: int, path: str, cookie: str | None = None) -> tuple[int, list[tuple[str, str]], bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        conn.request("GET", path, headers=headers)
        r = conn.getresponse()
        return r.status, r.getheaders(), r.read()
    finally:
        conn.close()


def prepare_path(port: int, spec: str) -> tuple[str, str | None]:
    """`/home@/login`: GET /login first and send the cookies it sets with every request to
    /home. A plain `/hello` needs nothing. Checks the path answers 2xx before measuring."""
    path, _, login = spec.partition("@")
    cookie = None
    if login:
        status, headers, _ = http_get(port, login)
        pairs = [v.split(";", 1)[0].strip() for k, v in headers if k.lower() == "set-cookie"]
        if status >= 400 or not pairs:
            raise BenchError(f"GET {login} gave status {status} and {len(pairs)} cookie(s)")
        cookie = "; ".join(pairs)
    status, _, body = http_get(port, path, cookie)
    if not 200 <= status < 300:
        raise BenchError(f"GET {path} gave status {status}: {body[:100]!r}")
    return path, cookie


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def parse_wrk(out: str) -> dict:
    def grab(rx: str, conv=float, default=None):
        m = re.search(rx, out, re.M)
        return conv(m.group(1)) if m else default

    res = {
        "requests": grab(r"^\s*(\d+) requests in ", int),
        "rps": grab(r"^Requests/sec:\s+([\d.]+)"),
        "non2xx": grab(r"Non-2xx or 3xx responses:\s+(\d+)", int, 0),
        "socket_errors": 0,
        "p50_ms": None,
        "p99_ms": None,
    }
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        res["socket_errors"] = sum(int(x) for x in m.groups())
        res["socket_detail"] = m.group(0)
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s|m|h)\s*$", out, re.M)
        if m:
            res[f"p{pct}_ms"] = float(m.group(1)) * UNITS[m.group(2)]
    if res["requests"] is None or res["rps"] is None:
        raise BenchError("could not read wrk's output:\n" + out)
    return res


def run_wrk(cfg: Config, port: int, path: str, cookie: str | None, duration: str) -> dict:
    argv = ["wrk", f"-t{cfg.wrk_threads}", f"-c{cfg.connections}", f"-d{duration}", "--latency"]
    if cookie:
        argv += ["-H", f"Cookie: {cookie}"]
    argv.append(f"http://{HOST}:{port}{path}")
    p = subprocess.run(pinned(cfg.client_cpu, argv), capture_output=True, text=True,
                       stdin=subprocess.DEVNULL, timeout=parse_seconds(duration) + 60)
    if p.returncode != 0:
        raise BenchError(f"wrk failed ({p.returncode}): {p.stderr or p.stdout}")
    return parse_wrk(p.stdout)


def parse_seconds(d: str) -> float:
    m = re.fullmatch(r"([\d.]+)\s*(ms|s|m|h)?", d.strip())
    if not m:
        raise BenchError(f"bad duration {d!r} (use e.g. 10s, 1m)")
    return float(m.group(1)) * {"ms": 1e-3, "s": 1, "m": 60, "h": 3600, None: 1}[m.group(2)]


# The engine's last line about events: "events: 4284623 written, 25528273 dropped (buffer of 65536)".
DROP_RE = re.compile(r"events: (\d+) written, (\d+) dropped")


def drops_from(text: str) -> int | None:
    found = [int(dropped) for _written, dropped in DROP_RE.findall(text)]
    return found[-1] if found else None


# --------------------------------------------------------------------------------------------
# One run, all runs, the report
# --------------------------------------------------------------------------------------------


def one_run(cfg: Config, sc: Scenario, spec: str, rnd: int, tck: int) -> dict:
    tag = f"{sc.name}-{re.sub(r'[^A-Za-z0-9]+', '_', spec).strip('_')}-r{rnd}"
    srv = Server(cfg, sc, tag)
    try:
        srv.start()
        path, cookie = prepare_path(srv.port, spec)
        if parse_seconds(cfg.warmup) > 0:
            run_wrk(cfg, srv.port, path, cookie, cfg.warmup)
        before, nproc = srv.cpu_ticks()
        ev_before = srv.events_path.stat().st_size if srv.events_path.exists() else 0
        res = run_wrk(cfg, srv.port, path, cookie, cfg.duration)
        after, _ = srv.cpu_ticks()
        ev_after = srv.events_path.stat().st_size if srv.events_path.exists() else 0
        if srv.proc.poll() is not None:
            raise BenchError(f"{sc.name}: the server died during the run\n{srv.stderr_tail()}")
    finally:
        srv.stop()
    res["cpu_ticks"] = after - before
    res["cpu_us_per_req"] = (after - before) * 1e6 / tck / res["requests"] if res["requests"] else None
    res["server_processes"] = nproc
    if sc.events:
        res["events_bytes_run"] = ev_after - ev_before
        res["events_bytes_total"] = srv.events_path.stat().st_size if srv.events_path.exists() else 0
        res["drops"] = drops_from(srv.stderr_path.read_text(errors="replace"))
    if not cfg.keep_events and srv.events_path.exists():
        srv.events_path.unlink()
    return res


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, spec=",.0f", none="–"):
    return none if v is None else format(v, spec)


def human_bytes(n) -> str:
    if n is None:
        return "–"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def summarize(runs: list[dict]) -> dict:
    rps = [r["rps"] for r in runs]
    s = {
        "rps": med(rps),
        "cpu_us_per_req": med([r["cpu_us_per_req"] for r in runs]),
        "p99_ms": med([r["p99_ms"] for r in runs]),
        "spread_pct": (max(rps) - min(rps)) * 100 / statistics.median(rps) if rps and statistics.median(rps) else None,
        "errors": sum(r["socket_errors"] for r in runs),
        "non2xx": sum(r["non2xx"] for r in runs),
        "runs": len(runs),
    }
    if any("events_bytes_run" in r for r in runs):
        s["events_bytes_run"] = med([r.get("events_bytes_run") for r in runs])
        s["events_bytes_per_req"] = med([r["events_bytes_run"] / r["requests"] for r in runs if r["requests"]])
        d = [r.get("drops") for r in runs]
        s["drops"] = None if all(x is None for x in d) else sum(x or 0 for x in d)
    return s


def machine_line() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu or platform.processor()}, {os.cpu_count()} CPUs, Linux {platform.release()}"


def versions(cfg: Config, used: list[Scenario]) -> str:
    parts = []
    if any(not s.needs_engine for s in used):
        p = subprocess.run([cfg.python, "-c",
                            "import flask, werkzeug, gunicorn, platform;"
                            "print(f'Flask {flask.__version__}, Werkzeug {werkzeug.__version__}, "
                            "gunicorn {gunicorn.__version__}, Python {platform.python_version()}')"],
                           capture_output=True, text=True)
        parts.append(p.stdout.strip() or "Flask: ?")
    if any(s.needs_engine for s in used):
        rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True).stdout.strip()
        parts.append(f"requestscope {rev or '?'} ({cfg.binary.relative_to(ROOT) if cfg.binary.is_relative_to(ROOT) else cfg.binary})")
    w = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    m = re.search(r"wrk (\S+)", w.stdout + w.stderr)
    parts.append(f"wrk {m.group(1) if m else '?'}")
    return "; ".join(parts)


def report(cfg: Config, used: list[Scenario], table: dict, failures: list[str]) -> str:
    lines = [
        f"### Benchmark — {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}",
        "",
        f"- machine: {machine_line()}",
        f"- {versions(cfg, used)}",
        f"- server pinned to CPU {cfg.server_cpu or '(none)'}, wrk pinned to CPU {cfg.client_cpu or '(none)'}: "
        f"`wrk -t{cfg.wrk_threads} -c{cfg.connections} -d{cfg.duration}` after a {cfg.warmup} warm-up; "
        f"{cfg.runs} runs per row, scenarios alternating; medians shown",
        "- CPU µs/req: server utime+stime (all threads, all processes of the server) during the run "
        "÷ requests completed",
        "",
        "| scenario | path | req/s | CPU µs/req | p99 ms | req/s spread | notes |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for spec in cfg.paths:
        for sc in used:
            s = table.get((sc.name, spec))
            if s is None:
                lines.append(f"| {sc.name} | `{spec}` | failed | | | | see the log |")
                continue
            notes = [sc.note.format(engine_threads=cfg.engine_threads, gunicorn_workers=cfg.gunicorn_workers)]
            if "events_bytes_run" in s:
                notes.append(f"events {human_bytes(s['events_bytes_run'])}/run "
                             f"({fmt(s['events_bytes_per_req'], ',.0f')} B/req)")
                notes.append("drops: " + ("not reported" if s["drops"] is None
                                           else f"{s['drops']} over {s['runs']} runs"))
            if s["errors"]:
                notes.append(f"socket errors: {s['errors']}")
            if s["non2xx"]:
                notes.append(f"**non-2xx: {s['non2xx']}**")
            lines.append(f"| {sc.name} | `{spec}` | {fmt(s['rps'])} | {fmt(s['cpu_us_per_req'], ',.1f')} | "
                         f"{fmt(s['p99_ms'], '.2f')} | {fmt(s['spread_pct'], '.1f')}% | {'; '.join(notes)} |")
    ratio_lines = []
    for spec in cfg.paths:
        for a, b in RATIOS:
            sa, sb = table.get((a, spec)), table.get((b, spec))
            if not sa or not sb or not sa["rps"] or not sb["rps"]:
                continue
            cpu = (f"{sa['cpu_us_per_req'] / sb['cpu_us_per_req']:.2f}×"
                   if sa["cpu_us_per_req"] and sb["cpu_us_per_req"] else "–")
            ratio_lines.append(f"| {a} / {b} | `{spec}` | {sa['rps'] / sb['rps']:.2f}× | {cpu} |")
    if ratio_lines:
        lines += ["", "| ratio | path | req/s | CPU µs/req |", "|---|---|---:|---:|"] + ratio_lines
        lines += ["", "Ratios are of the medians: above 1× in req/s means the first is faster; "
                  "below 1× in CPU µs/req means it spends less CPU per request."]
    if failures:
        lines += ["", "Failed:"] + [f"- {f.splitlines()[0]}" for f in failures]
    return "\n".join(lines) + "\n"


def main() -> int:
    cfg = Config.from_env()
    unknown = [n for n in cfg.scenarios if n not in SCENARIOS]
    if unknown:
        log(f"unknown scenario(s): {' '.join(unknown)}; known: {' '.join(SCENARIOS)}")
        return 2
    used = [SCENARIOS[n] for n in cfg.scenarios]
    if any(s.needs_engine for s in used) and not os.access(cfg.binary, os.X_OK):
        log(f"the engine binary {cfg.binary} does not exist (or is not executable).\n"
            f"  Build it first:  cmake --preset release && cmake --build --preset release\n"
            f"  or point REQUESTSCOPE=/path/to/requestscope at one,\n"
            f"  or run only the Flask side:  SCENARIOS='flask-gunicorn flask-werkzeug' tests/bench/bench.sh")
        return 2
    if (os.cpu_count() or 1) < 2 and (cfg.server_cpu or cfg.client_cpu):
        log("fewer than 2 CPUs: pinning disabled (SERVER_CPU= CLIENT_CPU=)")
        cfg.server_cpu = cfg.client_cpu = ""
    tck = clk_tck()
    total = len(cfg.paths) * cfg.runs * len(used)
    est = total * (parse_seconds(cfg.duration) + parse_seconds(cfg.warmup) + 1)
    log(f"{total} runs, about {est / 60:.1f} min; scratch dir {cfg.workdir}")

    raw: dict[tuple[str, str], list[dict]] = {}
    failures: list[str] = []
    failed: set[tuple[str, str]] = set()
    for spec in cfg.paths:
        for rnd in range(1, cfg.runs + 1):
            for sc in used:
                key = (sc.name, spec)
                if key in failed:
                    continue
                try:
                    r = one_run(cfg, sc, spec, rnd, tck)
                except (BenchError, OSError, subprocess.SubprocessError) as e:
                    msg = f"{sc.name} {spec} run {rnd}: {e}"
                    log("FAILED " + msg)
                    failures.append(msg)
                    failed.add(key)
                    raw.pop(key, None)
                    continue
                raw.setdefault(key, []).append(r)
                extra = ""
                if "events_bytes_run" in r:
                    extra = f", events {human_bytes(r['events_bytes_run'])}, drops {r['drops'] if r['drops'] is not None else '?'}"
                if r["socket_errors"] or r["non2xx"]:
                    extra += f", errors {r['socket_errors']}, non-2xx {r['non2xx']}"
                log(f"[{rnd}/{cfg.runs}] {sc.name:<15} {spec:<12} {r['rps']:>10,.0f} req/s  "
                    f"{fmt(r['cpu_us_per_req'], ',.1f'):>8} µs/req  ({r['requests']} requests, "
                    f"{r['server_processes']} server process(es){extra})")

    table = {k: summarize(v) for k, v in raw.items()}
    text = report(cfg, used, table, failures)
    print(text)
    cfg.results.parent.mkdir(parents=True, exist_ok=True)
    cfg.results.write_text(text)
    cfg.results.with_suffix(".json").write_text(json.dumps(
        {"config": {k: str(v) for k, v in dataclasses.asdict(cfg).items()},
         "runs": {f"{a} {b}": v for (a, b), v in raw.items()},
         "failures": failures}, indent=1))
    log(f"wrote {cfg.results} (and {cfg.results.with_suffix('.json').name})")
    if failures or cfg.keep_events:
        log(f"kept the servers' logs{' and events files' if cfg.keep_events else ''} in {cfg.workdir}")
    else:
        subprocess.run(["rm", "-rf", "--", str(cfg.workdir)])
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
