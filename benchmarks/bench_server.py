"""Loopback load test of the HTTP server (issue 5 item 7), beside a bare Flask route and the oxigraph server.

Runs, in one go and on the same data (the bundled knowledge graph, on disk in RocksDB for both engines):
  * smpgraph (Flask + waitress + pyoxigraph): a point lookup, an aggregate over the whole graph, a
    validation request (POST /api/v1/validate with a bundled draft);
  * a bare Flask route on the same waitress settings (the floor of the serving stack);
  * the ``oxigraph`` server (PyPI ``oxigraph==0.5.13``), union default graph, same two queries.
Load comes from ``wrk -t1 -c4`` (``apt-get install wrk``) or, without it, a Python client with 4 threads.
Each run is bounded (``--seconds`` per target, default 5). Prints requests/s, p50, p99 and errors.

    python benchmarks/bench_server.py [--seconds 5] [--threads 8] [--connections 4]
"""

from __future__ import annotations

import argparse
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
from dataclasses import dataclass
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
POINT = "SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"
AGGREGATE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DRAFT = REPO / "data" / "drafts" / "missing-gender.ttl"


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


def wait_ready(url: str, limit_s: float = 120) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


# -- servers (run as subprocesses of this script) -----------------------------------------------------


def serve_smpgraph(data_dir: str, port: int, threads: int) -> None:
    import waitress

    from smpgraph.config import Settings
    from smpgraph.server import create_app
    from smpgraph.store import open_store

    settings = Settings(backend="oxigraph", data_dir=Path(data_dir), threads=threads, update_token=None)
    store = open_store(settings)
    waitress.serve(create_app(settings, store=store), host="127.0.0.1", port=port, threads=threads, _quiet=True)


def serve_bare(port: int, threads: int) -> None:
    import waitress
    from flask import Flask

    app = Flask("bare")

    @app.get("/ping")
    def ping() -> tuple[str, int, dict[str, str]]:
        return '{"ok": true}', 200, {"Content-Type": "application/json"}

    waitress.serve(app, host="127.0.0.1", port=port, threads=threads, _quiet=True)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads of both Flask servers")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--serve-smpgraph", nargs=2, metavar=("DIR", "PORT"), help=argparse.SUPPRESS)
    parser.add_argument("--serve-bare", metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_smpgraph:
        serve_smpgraph(args.serve_smpgraph[0], int(args.serve_smpgraph[1]), args.threads)
        return
    if args.serve_bare:
        serve_bare(int(args.serve_bare), args.threads)
        return

    load = run_wrk if shutil.which("wrk") else run_python
    print(f"load generator: {f'wrk -t1 -c{args.connections}' if load is run_wrk else 'python threads'}; "
          f"{args.seconds} s per row; waitress threads: {args.threads}")  # fmt: skip
    workdir = Path(tempfile.mkdtemp(prefix="smpgraph-bench-"))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        smp_dir, ox_dir, iri = prepare(workdir)
        ports = {name: free_port() for name in ("smpgraph", "bare", "oxigraph")}
        me = [sys.executable, __file__, "--threads", str(args.threads)]
        processes.append(subprocess.Popen([*me, "--serve-smpgraph", str(smp_dir), str(ports["smpgraph"])]))
        processes.append(subprocess.Popen([*me, "--serve-bare", str(ports["bare"])]))
        processes.append(
            subprocess.Popen(
                [
                    "oxigraph",
                    "serve",
                    "--location",
                    str(ox_dir),
                    "--bind",
                    f"127.0.0.1:{ports['oxigraph']}",
                    "--union-default-graph",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        smp = f"http://127.0.0.1:{ports['smpgraph']}"
        bare = f"http://127.0.0.1:{ports['bare']}"
        oxs = f"http://127.0.0.1:{ports['oxigraph']}"
        for url in (smp + "/healthz", bare + "/ping", oxs + "/"):
            wait_ready(url)
        accept = {"Accept": "application/sparql-results+json"}
        point = urllib.parse.quote(POINT.format(iri=iri))
        aggregate = urllib.parse.quote(AGGREGATE)
        draft = DRAFT.read_bytes()
        # warm up (first validation loads the shapes)
        requests.post(smp + "/api/v1/validate", data=draft, headers={"Content-Type": "text/turtle"}, timeout=120)
        plan = [
            ("bare Flask", "GET /ping", bare + "/ping", {}, "GET", None),
            ("smpgraph", "point lookup", f"{smp}/sparql?query={point}", accept, "GET", None),
            ("oxigraph", "point lookup", f"{oxs}/query?query={point}", accept, "GET", None),
            ("smpgraph", "aggregate", f"{smp}/sparql?query={aggregate}", accept, "GET", None),
            ("oxigraph", "aggregate", f"{oxs}/query?query={aggregate}", accept, "GET", None),
            ("smpgraph", "validate draft", smp + "/api/v1/validate", {"Content-Type": "text/turtle"}, "POST", draft),
        ]
        results = []
        for target, name, url, headers, method, body in plan:
            rps, p50, p99, errors = load(url, args.seconds, args.connections, method=method, body=body, headers=headers)
            results.append(Result(target, name, rps, p50, p99, errors))
        print(f"\n{'target':<12} {'request':<16} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}")
        for r in results:
            print(f"{r.target:<12} {r.request:<16} {r.rps:>9.0f} {r.p50_ms:>9.2f} {r.p99_ms:>9.2f} {r.errors:>7}")
        by = {(r.target, r.request): r.rps for r in results}
        print("\nratios (goals: point >= 0.6x bare Flask and >= 0.15x oxigraph; aggregate >= 0.9x oxigraph)")
        print(f"  point / bare Flask     {by['smpgraph', 'point lookup'] / by['bare Flask', 'GET /ping']:.2f}")
        print(f"  point / oxigraph       {by['smpgraph', 'point lookup'] / by['oxigraph', 'point lookup']:.2f}")
        print(f"  aggregate / oxigraph   {by['smpgraph', 'aggregate'] / by['oxigraph', 'aggregate']:.2f}")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
