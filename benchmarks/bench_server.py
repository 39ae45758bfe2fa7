"""Loopback load test of the HTTP server (issue 5 item 7), beside a bare Flask route and the oxigraph server.

Runs on the same data (the bundled knowledge graph, on disk in RocksDB for every engine), each server
started alone, measured, and stopped. Rounds interleave the servers (round 1: every server in turn, then
round 2: every server again, ...), so that a load spike on the shared machine hits them alike; the median
round is reported (``--rounds``, default 3), and every round's req/s is printed:
  * ``smpgraph serve`` itself (Flask + waitress + pyoxigraph, access log on, as a user starts it): a point
    lookup, an aggregate over the whole graph, a validation request (POST /api/v1/validate);
  * the same with ``SMPGRAPH_QUERY_TIMEOUT_S=0`` (no deadline: queries run on the request threads);
  * a bare Flask route on the same waitress settings (``smpgraph.server.wsgi.create_server``): the floor
    of the serving stack;
  * a naive Flask + pyoxigraph route on that stack (query, engine-written JSON; no deadline, row cap,
    negotiation, checks or headers): the floor of any Flask + pyoxigraph endpoint;
  * the ``oxigraph`` server (PyPI ``oxigraph==0.5.13``), union default graph, same two queries.
Load comes from ``wrk -t1 -c4`` (``apt-get install wrk``) or, without it, a Python client with 4 threads.
Each run is bounded (``--seconds`` per row, default 5). Prints requests/s, p50, p99 and errors.

    python -m benchmarks.bench_server [--seconds 5] [--rounds 3] [--threads 8] [--connections 4]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
POINT = "SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"
AGGREGATE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DRAFT = REPO / "data" / "drafts" / "missing-gender.ttl"
JSON_RESULTS = {"Accept": "application/sparql-results+json"}


@dataclass
class Result:
    target: str
    request: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(url: str, process: subprocess.Popen[bytes], limit_s: float = 300) -> None:
    """Wait until ``url`` answers; for smpgraph's ``/healthz``, also until the page caches that ``serve`` builds
    in a background thread at start are built (that thread competes with the requests for the interpreter, so
    measuring before it ends measures the start, not the steady state)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with {process.returncode}")
        try:
            response = requests.get(url, timeout=2)
        except requests.ConnectionError:
            time.sleep(0.1)
            continue
        if not url.endswith("/healthz") or response.json().get("pages_warm") is not False:
            return
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up")


# -- servers (run as subprocesses of this script) -----------------------------------------------------


def serve_bare(port: int, threads: int) -> None:
    from flask import Flask

    from smpgraph.config import Settings
    from smpgraph.server.wsgi import create_server

    app = Flask("bare")

    @app.get("/ping")
    def ping() -> tuple[str, int, dict[str, str]]:
        return '{"ok": true}', 200, {"Content-Type": "application/json"}

    create_server(app, Settings(threads=threads), host="127.0.0.1", port=port).run()


def serve_naive(store_dir: str, port: int, threads: int) -> None:
    import pyoxigraph as ox
    from flask import Flask, request

    from smpgraph.config import Settings
    from smpgraph.server.wsgi import create_server
    from smpgraph.store.oxigraph import OX_DIR

    store = ox.Store(str(Path(store_dir) / OX_DIR))
    app = Flask("naive")

    @app.get("/sparql")
    def sparql() -> tuple[bytes, int, dict[str, str]]:
        result = store.query(request.args["query"], use_default_graph_as_union=True)
        body = result.serialize(format=ox.QueryResultsFormat.JSON)  # type: ignore[union-attr]
        return body or b"", 200, {"Content-Type": "application/sparql-results+json"}

    create_server(app, Settings(threads=threads), host="127.0.0.1", port=port).run()


def prepare(workdir: Path) -> tuple[Path, Path, str]:
    """Load the bundled graph into an smpgraph store on disk and the same quads into an oxigraph store."""
    from smpgraph.bundle import load_bundled
    from smpgraph.config import Settings
    from smpgraph.store import ResultFormat, open_store

    smp_dir, ox_dir, dump = workdir / "smpgraph", workdir / "oxigraph", workdir / "dump.nq"
    store = open_store(Settings(backend="oxigraph", data_dir=smp_dir))
    load_bundled(store)
    store.export(dump, ResultFormat.NQUADS)
    result = store.query(
        "PREFIX smp: <https://w3id.org/smpgraph/ontology#> "
        "SELECT ?a WHERE { ?a a smp:SkillsMobilityPartnership } ORDER BY ?a LIMIT 1"
    )
    iri = str(next(iter(result))[0])  # type: ignore[call-overload]
    store.close()
    subprocess.run(
        ["oxigraph", "load", "--location", str(ox_dir), "--file", str(dump)], check=True, capture_output=True
    )
    return smp_dir, ox_dir, iri


@dataclass(frozen=True)
class Row:
    """One measured request: its name, path (with query string), headers, method and body."""

    request: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    body: bytes | None = None


@dataclass(frozen=True)
class Server:
    """A server to start alone: its command for a port, the path that says it is up, extra env, its rows."""

    name: str
    command: Callable[[int], list[str]]
    ready: str
    rows: tuple[Row, ...]
    env: dict[str, str] = field(default_factory=dict)


@contextmanager
def running(server: Server, log: Path) -> Iterator[str]:
    """Start a server process, wait until it answers, yield its base URL, stop it."""
    port = free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(server.command(port), stdout=out, stderr=out, env={**os.environ, **server.env})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base + server.ready, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- load generation -----------------------------------------------------------------------------------


def run_wrk(url: str, seconds: int, connections: int, *, method: str = "GET", body: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[float, float, float, int]:  # fmt: skip
    script = None
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s"]
    lines = [f'wrk.method = "{method}"']
    if body is not None:
        lines.append(f"wrk.body = {lua_string(body.decode())}")
    for name, value in (headers or {}).items():
        lines.append(f'wrk.headers["{name}"] = "{value}"')
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write("\n".join(lines) + "\n")
        script = handle.name
    try:
        out = subprocess.run([*args, "-s", script, url], check=True, capture_output=True, text=True).stdout
    finally:
        Path(script).unlink()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = to_ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1))  # type: ignore[union-attr]
    p99 = to_ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", out))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return rps, p50, p99, errors


def lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def run_python(url: str, seconds: int, connections: int, *, method: str = "GET", body: bytes | None = None,
               headers: dict[str, str] | None = None) -> tuple[float, float, float, int]:  # fmt: skip
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        with requests.Session() as session:
            while time.monotonic() < stop:
                started = time.perf_counter()
                response = session.request(method, url, data=body, headers=headers, timeout=30)
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took * 1000)
                    errors += response.status_code >= 400

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / seconds, statistics.median(latencies), p99, errors


def verdict(label: str, numerator: float, denominator: float, goal: float) -> str:
    """One ratio beside its goal, to three decimals, with PASS or MISS (n/a when a side completed nothing)."""
    if not numerator or not denominator:
        return f"  {label:<36} {'n/a':>7}  goal >= {goal:.3f}  n/a: no request completed in a row; raise --seconds"
    ratio = numerator / denominator
    return f"  {label:<36} {ratio:>7.3f}  goal >= {goal:.3f}  {'PASS' if ratio >= goal else 'MISS'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds over every server, interleaved; the median is reported"
    )
    parser.add_argument("--threads", type=int, default=8, help="waitress threads of every Flask server")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--serve-bare", metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--serve-naive", nargs=2, metavar=("DIR", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(int(args.serve_bare), args.threads)
        return
    if args.serve_naive:
        serve_naive(args.serve_naive[0], int(args.serve_naive[1]), args.threads)
        return

    load = run_wrk if shutil.which("wrk") else run_python
    print(
        f"load generator: {f'wrk -t1 -c{args.connections}' if load is run_wrk else 'python threads'}; "
        f"{args.seconds} s per row, {args.rounds} round(s); waitress threads: {args.threads}; "
        f"load average at start: {os.getloadavg()[0]:.2f}"
    )
    workdir = Path(tempfile.mkdtemp(prefix="smpgraph-bench-"))
    try:
        smp_dir, ox_dir, iri = prepare(workdir)
        log = workdir / "servers.log"
        point = urllib.parse.quote(POINT.format(iri=iri))
        aggregate = urllib.parse.quote(AGGREGATE)
        draft = DRAFT.read_bytes()
        me = [sys.executable, "-m", "benchmarks.bench_server", "--threads", str(args.threads)]
        serve = [sys.executable, "-m", "smpgraph", "serve", "--data-dir", str(smp_dir), "--threads", str(args.threads)]
        point_row = Row("point lookup", f"/sparql?query={point}", JSON_RESULTS)
        aggregate_row = Row("aggregate", f"/sparql?query={aggregate}", JSON_RESULTS)
        servers = [
            Server("bare Flask", lambda port: [*me, "--serve-bare", str(port)], "/ping", (Row("GET /ping", "/ping"),)),
            Server(
                "naive",
                lambda port: [*me, "--serve-naive", str(smp_dir), str(port)],
                "/sparql?query=ASK{}",
                (point_row,),
            ),
            Server(
                "smpgraph",
                lambda port: [*serve, "--port", str(port)],
                "/healthz",
                (
                    point_row,
                    aggregate_row,
                    Row("validate draft", "/api/v1/validate", {"Content-Type": "text/turtle"}, "POST", draft),
                ),
            ),
            Server(
                "smpgraph t=0",
                lambda port: [*serve, "--port", str(port)],
                "/healthz",
                (point_row,),
                env={"SMPGRAPH_QUERY_TIMEOUT_S": "0"},
            ),
            Server(
                "oxigraph",
                lambda port: [
                    "oxigraph",
                    "serve",
                    "--location",
                    str(ox_dir),
                    "--union-default-graph",
                    "--bind",
                    f"127.0.0.1:{port}",
                ],
                "/",
                (
                    Row("point lookup", f"/query?query={point}", JSON_RESULTS),
                    Row("aggregate", f"/query?query={aggregate}", JSON_RESULTS),
                ),
            ),
        ]
        samples: dict[tuple[str, str], list[Result]] = {}
        for _ in range(args.rounds):
            for server in servers:
                with running(server, log) as base:
                    for row in server.rows:
                        url = base + row.path
                        # warm up: one request answered in full (a first validation compiles the shapes for
                        # seconds; a 1 s load run abandoned it and left the measured window empty), then 1 s
                        requests.request(row.method, url, data=row.body, headers=row.headers, timeout=300)
                        load(url, 1, 1, method=row.method, body=row.body, headers=row.headers)
                        rps, p50, p99, errors = load(
                            url, args.seconds, args.connections, method=row.method, body=row.body, headers=row.headers
                        )
                        result = Result(server.name, row.request, rps, p50, p99, errors)
                        samples.setdefault((server.name, row.request), []).append(result)
        results = [
            min(runs, key=lambda r: abs(r.rps - statistics.median(x.rps for x in runs))) for runs in samples.values()
        ]
        print(f"\n{'target':<14} {'request':<16} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}")
        for r in results:
            print(f"{r.target:<14} {r.request:<16} {r.rps:>9.0f} {r.p50_ms:>9.2f} {r.p99_ms:>9.2f} {r.errors:>7}")
        if args.rounds > 1:
            print("\nreq/s of every round:")
            for (name, request), runs in samples.items():
                print(f"  {name:<14} {request:<16} " + ", ".join(f"{r.rps:.0f}" for r in runs))
        by = {(r.target, r.request): r.rps for r in results}
        bare, ox_point = by["bare Flask", "GET /ping"], by["oxigraph", "point lookup"]
        print("\nratios against their goals (same store, same warmth, same query text on every server)")
        for name in ("smpgraph", "smpgraph t=0", "naive"):
            rps = by[name, "point lookup"]
            print(verdict(f"{name} point / bare Flask", rps, bare, 0.6))
            print(verdict(f"{name} point / oxigraph", rps, ox_point, 0.15))
        print(verdict("smpgraph aggregate / oxigraph", by["smpgraph", "aggregate"], by["oxigraph", "aggregate"], 0.9))
        print(f"load average at end: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
