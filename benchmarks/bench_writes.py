"""Writes in milliseconds (issue 15, phase 2): small writes through the store, reasoned incrementally.

Per scale, an on-disk store is built once (``bundled``: ``smpgraph load --bundled``; ``1m``: the ontology and
10,000 generated partnerships from ``benchmarks.generate``, about 1.1M triples) and its closure computed in
a subprocess: that time is the "old" cost of every write (each write recomputed the whole closure). Then:

1. **Python API**: ``--writes`` small writes on the store opened in this process -- 40 % ``INSERT DATA`` of
   3-100 triples (a membership chain ``p smp:hasMembership m . m org:member a`` and triples of generated
   partnerships), 30 % ``DELETE DATA`` of an earlier insert, 30 % a Graph Store PUT of one partnership
   (``put_graph``, about 110 triples, replacing the graph's last one). Each write is timed until it returns
   (acknowledged, reasoned, committed); then an ``ASK`` checks that its inference (``p smp:hasStakeholder
   a``) is visible, or gone after a delete. RSS after 10 writes and after the last one.
2. **HTTP**: the same over a real ``smpgraph serve --no-bundled`` on the store (``SMPGRAPH_UPDATE_TOKEN``
   set): ``POST /sparql`` (``application/sparql-update``) and ``PUT /data?graph=``, with the bearer token;
   the server's RSS is read from ``/proc``.
3. **Under readers**: ``--readers`` threads query the server without pause (four query shapes) while the
   writer makes ``--reader-writes`` writes; readers' p50/p99 (and alone, before), writes' p50 and writes/s.

Goals (issue 15): a small write <= 100 ms p50 on the bundled store and <= 250 ms at 1M; RSS after the
writes within 10 % of RSS after the first 10. The machine is shared: the load average is printed with
each table. Run from the repository root::

    python -m benchmarks.bench_writes [--sizes bundled,1m] [--writes 1000] [--readers 8] [--reader-writes 300]
        [--seed 0] [--workdir DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import platform
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from rdflib import Graph

from benchmarks.generate import generate
from benchmarks.generate import write as write_generated
from smpgraph.config import Settings
from smpgraph.reasoning.incremental_store import full_inferred_lines, graph_lines
from smpgraph.store import open_store
from smpgraph.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
GOALS_MS = {"bundled": 100.0, "1m": 250.0}
GENERATED = {"1m": 10_000}
TOKEN = "bench-writes-token-0123456789"
EX = "https://example.org/bench/"
SMP = "https://w3id.org/smpgraph/ontology#"
ORG = "http://www.w3.org/ns/org#"
READER_QUERIES = (
    f"PREFIX smp: <{SMP}> SELECT ?p ?l WHERE {{ ?p a smp:Partnership ; rdfs:label ?l }} LIMIT 20",
    f"PREFIX smp: <{SMP}> SELECT ?p ?a WHERE {{ ?p smp:hasStakeholder ?a }} LIMIT 50",
    f"ASK {{ <{EX}p0> <{SMP}hasStakeholder> ?a }}",
    "SELECT ?p ?o WHERE { <https://w3id.org/smpgraph/id/partnership/triple-win> ?p ?o }",
)  # fmt: skip


def _load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores (shared machine: noisy)"


def _rss_mb(pid: int | None = None) -> float:
    for line in Path(f"/proc/{pid or 'self'}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


# -- building the stores, and the old cost ---------------------------------------------------------------------


def _smpgraph(data_dir: Path, *args: str) -> None:
    env = {**os.environ, "SMPGRAPH_DATA_DIR": str(data_dir)}
    subprocess.run([sys.executable, "-m", "smpgraph", *args], cwd=ROOT, env=env, check=True, capture_output=True)


def _build(scale: str, work: Path) -> tuple[Path, dict[str, Any]]:
    """The store of one scale (built once per work folder) and its full recompute's figures."""
    data_dir, figures_file = work / scale / "store", work / scale / "full-recompute.json"
    if figures_file.exists():
        return data_dir, json.loads(figures_file.read_text())
    data_dir.mkdir(parents=True, exist_ok=True)
    if scale == "bundled":
        _smpgraph(data_dir, "load", "--bundled", "--no-reason")
    else:
        generated = work / f"generated-{scale}.nt"
        if not generated.exists():
            write_generated(generated, GENERATED[scale], seed=0)
        _smpgraph(data_dir, "load", "--no-reason", str(ROOT / "ontology"), str(generated))
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_writes", "--reason", str(data_dir)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures_file.write_text(json.dumps(figures))
    return data_dir, figures


def reason_once(data_dir: Path) -> dict[str, Any]:
    """In this process: the store's full recompute (what every write cost before), timed."""
    store = open_store(Settings(data_dir=data_dir))
    started, cpu = time.perf_counter(), time.process_time()
    state = store.reason()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    total = store.info().total_triples
    store.close()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "inferred": state.inferred_triples,
        "asserted": total - state.inferred_triples,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def verify(data_dir: Path) -> dict[str, Any]:
    """In this process: does the store's inferred graph equal a full recompute?"""
    store = open_store(Settings(data_dir=data_dir))
    assert isinstance(store, OxigraphStore)
    maintained, full = graph_lines(store._engine()), full_inferred_lines(store._engine())
    store.close()
    return {
        "equal": maintained == full,
        "only_maintained": sorted(maintained - full)[:3],
        "only_full": sorted(full - maintained)[:3],
    }


# -- the writes ------------------------------------------------------------------------------------------------


class Workload:
    """The schedule of small writes: inserts, deletes of earlier inserts, PUTs of one partnership."""

    def __init__(self, seed: int, phase: str) -> None:
        self.rng = random.Random(seed)
        self.base = f"{EX}{phase}/"  # each phase its own IRIs: an earlier phase's writes never answer its checks
        lines = [f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in generate(200, seed=seed + 1000)]
        self.filler = lines
        self.partnerships = [lines[i : i + 110] for i in range(0, len(lines) - 110, 110)]
        self.cursor = 0
        self.number = 0
        self.inserted: list[tuple[str, list[str]]] = []  # (partnership IRI, lines) not yet deleted

    def _chain(self) -> tuple[str, str, list[str]]:
        self.number += 1
        p, m, a = f"{self.base}p{self.number}", f"{self.base}m{self.number}", f"{self.base}a{self.number % 50}"
        return p, a, [f"<{p}> <{SMP}hasMembership> <{m}> .", f"<{m}> <{ORG}member> <{a}> ."]

    def next(self) -> tuple[str, str, str, str, bool]:
        """(kind, text or graph IRI, body, ASK that must hold afterwards, whether it must be true)."""
        kind = self.rng.choices(["insert", "delete", "put"], weights=[35, 35, 30])[0]
        if kind == "delete" and self.inserted:  # the oldest insert, whole: the store keeps its size
            p, lines = self.inserted.pop(0)
            body = "\n".join(lines)
            return "delete", f"DELETE DATA {{\n{body}\n}}", "", f"ASK {{ <{p}> <{SMP}hasStakeholder> ?a }}", False
        p, a, chain = self._chain()
        check = f"ASK {{ <{p}> <{SMP}hasStakeholder> <{a}> }}"
        if kind == "put":
            graph = f"{self.base}graph/{self.number % 20}"
            body = "\n".join([*chain, *self.partnerships[self.number % len(self.partnerships)]]) + "\n"
            return "put", graph, body, check, True
        size = min(98, int(10 ** self.rng.uniform(0, 2)))
        filler = self.filler[self.cursor : self.cursor + size]
        self.cursor = (self.cursor + size) % (len(self.filler) - 100)
        lines = [*chain, *filler]
        self.inserted.append((p, lines))
        body = "\n".join(lines)
        return "insert", f"INSERT DATA {{\n{body}\n}}", "", check, True


def _run_writes(
    count: int,
    write: Callable[[str, str, str], None],
    ask: Callable[[str], bool],
    rss: Callable[[], float],
    seed: int,
    phase: str,
    warmup: int = 0,
) -> dict[str, Any]:
    """``warmup`` writes (timed apart), then ``count`` measured ones; RSS along the way (write number: MB)."""
    workload = Workload(seed, phase)
    times: dict[str, list[float]] = {"insert": [], "delete": [], "put": []}
    every: list[float] = []
    warm: list[float] = []
    rss_series: list[tuple[int, float]] = []
    invisible = 0
    total = warmup + count
    for number in range(1, total + 1):
        kind, target, body, check, expected = workload.next()
        started = time.perf_counter()
        write(kind, target, body)
        elapsed = (time.perf_counter() - started) * 1000
        if number > warmup:
            times[kind].append(elapsed)
            every.append(elapsed)
        else:
            warm.append(elapsed)
        if ask(check) != expected:
            invisible += 1
        if number in (10, warmup + 10, total) or number % max(1, total // 10) == 0:
            rss_series.append((number, rss()))
    after_10 = next(value for n, value in rss_series if n == warmup + 10)
    return {
        "warmup": warmup,
        "warmup_p50_ms": statistics.median(warm) if warm else None,
        "count": count,
        "p50_ms": statistics.median(every),
        "p99_ms": _percentile(every, 0.99),
        "p50_ms_by_kind": {kind: statistics.median(values) for kind, values in times.items() if values},
        "writes_per_s": count / (sum(every) / 1000),
        "not_visible": invisible,
        "rss_series_mb": rss_series,
        "rss_after_10_mb": after_10,
        "rss_growth": rss_series[-1][1] / after_10 - 1,
    }


def bench_api(data_dir: Path, count: int, seed: int, warmup: int) -> dict[str, Any]:
    store = open_store(Settings(data_dir=data_dir))
    assert isinstance(store, OxigraphStore)

    def write(kind: str, target: str, body: str) -> None:
        if kind == "put":
            store.put_graph(target, Graph().parse(data=body, format="nt"))
        else:
            store.update(target)

    def ask(text: str) -> bool:
        return bool(store.query(text).value)  # type: ignore[union-attr]

    started = time.perf_counter()
    store.update(f"INSERT DATA {{ <{EX}warm> <{EX}up> <{EX}write> }}")  # compiles the rules
    first_ms = (time.perf_counter() - started) * 1000
    figures = _run_writes(count, write, ask, _rss_mb, seed, "api", warmup)
    figures["first_write_ms"] = first_ms
    figures["modes"] = store.last_write.mode.value if store.last_write else None
    store.close()
    return figures


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """``smpgraph serve --no-bundled`` on a store, in a subprocess."""

    def __init__(self, data_dir: Path) -> None:
        self.port = _free_port()
        env = {**os.environ, "SMPGRAPH_DATA_DIR": str(data_dir), "SMPGRAPH_UPDATE_TOKEN": TOKEN}
        self.log = (data_dir.parent / "server.log").open("ab")  # waitress warns of every queued request
        command = [
            sys.executable,
            "-m",
            "smpgraph",
            "serve",
            "--no-bundled",
            "--port",
            str(self.port),
            "--no-access-log",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=self.log)
        self.url = f"http://127.0.0.1:{self.port}"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {TOKEN}"
        for _ in range(600):
            try:
                if requests.get(self.url + "/healthz", timeout=5).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start")

    def write(self, kind: str, target: str, body: str) -> None:
        if kind == "put":
            response = self.session.put(
                self.url + "/data",
                params={"graph": target},
                data=body.encode(),
                headers={"Content-Type": "application/n-triples"},
                timeout=300,
            )
        else:
            response = self.session.post(
                self.url + "/sparql",
                data=target.encode(),
                headers={"Content-Type": "application/sparql-update"},
                timeout=300,
            )
        if response.status_code not in (200, 201, 204):
            raise RuntimeError(f"{kind}: HTTP {response.status_code}: {response.text[:200]}")

    def ask(self, text: str, session: requests.Session | None = None) -> bool:
        response = (session or self.session).get(
            self.url + "/sparql",
            params={"query": text},
            headers={"Accept": "application/sparql-results+json"},
            timeout=300,
        )
        response.raise_for_status()
        body = response.json()
        return bool(body.get("boolean", True))

    def rss(self) -> float:
        return _rss_mb(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


def bench_http(server: Server, count: int, seed: int, warmup: int) -> dict[str, Any]:
    started = time.perf_counter()
    server.write("insert", f"INSERT DATA {{ <{EX}warm> <{EX}up> <{EX}http> }}", "")
    first_ms = (time.perf_counter() - started) * 1000
    figures = _run_writes(count, server.write, server.ask, server.rss, seed + 1, "http", warmup)
    figures["first_write_ms"] = first_ms
    return figures


def _read_until(url: str, index: int, stop: Any, out: Any) -> None:
    """One reader (a process of its own, so that readers share no interpreter with the writer's client)."""
    session = requests.Session()
    latencies: list[float] = []
    errors, number = 0, index
    while not stop.is_set():
        query = READER_QUERIES[number % len(READER_QUERIES)]
        number += 1
        started = time.perf_counter()
        response = session.get(
            url, params={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=300
        )
        latencies.append((time.perf_counter() - started) * 1000)
        errors += 0 if response.ok else 1
    out.put((latencies, errors))


def _readers(server: Server, readers: int, until: Callable[[], None]) -> tuple[list[float], int]:
    """Run ``readers`` reader processes until ``until()`` returns; their latencies and errors."""
    context = multiprocessing.get_context("fork")
    stop, out = context.Event(), context.Queue()
    processes = [
        context.Process(target=_read_until, args=(server.url + "/sparql", i, stop, out), daemon=True)
        for i in range(readers)
    ]
    for process in processes:
        process.start()
    until()
    stop.set()
    latencies: list[float] = []
    errors = 0
    for _ in processes:
        found, failed = out.get(timeout=300)
        latencies.extend(found)
        errors += failed
    for process in processes:
        process.join(timeout=60)
    return latencies, errors


def bench_readers(server: Server, readers: int, writes: int, seed: int) -> dict[str, Any]:
    alone, alone_errors = _readers(server, readers, lambda: time.sleep(10.0))
    result: dict[str, Any] = {}

    def writer() -> None:
        time.sleep(1.0)  # the readers are running
        started = time.perf_counter()
        result.update(_run_writes(writes, server.write, server.ask, server.rss, seed + 2, "readers"))
        result["wall_writes_per_s"] = writes / (time.perf_counter() - started)

    loaded, errors = _readers(server, readers, writer)
    return {
        "readers": readers,
        "alone_p50_ms": statistics.median(alone),
        "alone_p99_ms": _percentile(alone, 0.99),
        "alone_errors": alone_errors,
        "p50_ms": statistics.median(loaded),
        "p99_ms": _percentile(loaded, 0.99),
        "reads": len(loaded),
        "errors": errors,
        "writes": result,
    }


# -- the report ------------------------------------------------------------------------------------------------


def _row(figure: str, value: str, goal: str = "-", old: str = "", verdict: str = "") -> None:
    print(f"  {figure:<46} {value:<28} {goal:<12} {old:<16} {verdict}")


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _write_rows(name: str, figures: dict[str, Any], goal_ms: float, old: str) -> None:
    kinds = " / ".join(f"{kind} {value:.1f}" for kind, value in figures["p50_ms_by_kind"].items())
    _row(f"{name}: first write (compiles the rules)", f"{figures['first_write_ms']:.0f} ms", "-", old)
    _row(
        f"{name}: write p50",
        f"{figures['p50_ms']:.1f} ms",
        f"<= {goal_ms:g} ms",
        old,
        _verdict(figures["p50_ms"] <= goal_ms),
    )
    _row(f"{name}: write p50 by kind (ms)", kinds)
    _row(f"{name}: write p99", f"{figures['p99_ms']:.1f} ms", "-", old)
    _row(f"{name}: writes per second (sequential)", f"{figures['writes_per_s']:.0f}")
    visible = figures["not_visible"] == 0
    _row(
        f"{name}: inference visible right after the ack",
        "all" if visible else f"{figures['not_visible']} not",
        "all",
        "",
        _verdict(visible),
    )
    series, warmup, growth = figures["rss_series_mb"], figures["warmup"], figures["rss_growth"]
    rss = f"{figures['rss_after_10_mb']:.0f} -> {series[-1][1]:.0f} MB ({growth:+.1%})"
    _row(
        f"{name}: RSS after 10 -> after {figures['count']} measured writes",
        rss,
        "<= +10 %",
        "",
        _verdict(growth <= 0.10),
    )
    cold = ", ".join(f"{n}: {value:.0f}" for n, value in series)
    _row(f"{name}: RSS from the start ({warmup} warm-up writes first)", f"(write: MB) {cold}")


def report(scale: str, figures: dict[str, Any]) -> None:
    full, goal = figures["full"], GOALS_MS[scale]
    old = f"{full['seconds']:.1f} s"
    print(f"\n== {scale}: {full['asserted']:,} asserted / {full['inferred']:,} inferred triples")
    wall, cpu, peak = full["seconds"], full["cpu_seconds"], full["peak_rss_mb"]
    print(f"   old: every write recomputed the closure: {wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS {peak:.0f} MB")
    print(f"   {figures['load_average']}")
    _row("figure", "value", "goal", "old per write", "")
    _write_rows("API", figures["api"], goal, old)
    _write_rows("HTTP", figures["http"], goal, old)
    readers = figures["readers"]
    writes = readers["writes"]
    _row(
        f"{readers['readers']} readers alone: p50 / p99",
        f"{readers['alone_p50_ms']:.1f} / {readers['alone_p99_ms']:.1f} ms",
    )
    _row(
        f"{readers['readers']} readers under writes: p50 / p99",
        f"{readers['p50_ms']:.1f} / {readers['p99_ms']:.1f} ms",
        "-",
        "",
        f"({readers['reads']} reads, {readers['errors']} errors)",
    )
    _row(
        "writes under readers: p50",
        f"{writes['p50_ms']:.1f} ms",
        f"<= {goal:g} ms",
        old,
        _verdict(writes["p50_ms"] <= goal),
    )
    _row("writes under readers: p99", f"{writes['p99_ms']:.1f} ms", "-", old)
    _row(
        "writes under readers: writes per second",
        f"{writes['wall_writes_per_s']:.1f}",
        "-",
        f"{1 / full['seconds']:.2f}/s",
    )
    _row(
        "writes under readers: visible after the ack",
        "all" if writes["not_visible"] == 0 else f"{writes['not_visible']} not",
        "all",
        "",
        _verdict(writes["not_visible"] == 0),
    )
    if "verified" in figures:
        _row(
            "inferred graph equals a full recompute",
            "yes" if figures["verified"]["equal"] else f"NO {figures['verified']}",
            "yes",
            "",
            _verdict(figures["verified"]["equal"]),
        )


def bench_scale(scale: str, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    data_dir, full = _build(scale, work)
    figures: dict[str, Any] = {"scale": scale, "full": full, "load_average": _load_average()}
    figures["api"] = bench_api(data_dir, args.writes, args.seed, args.warmup)
    server = Server(data_dir)
    try:
        figures["http"] = bench_http(server, args.writes, args.seed, args.warmup)
        figures["readers"] = bench_readers(server, args.readers, args.reader_writes, args.seed)
    finally:
        server.stop()
    figures["load_average_after"] = _load_average()
    if scale == "bundled" or args.verify_1m:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_writes", "--verify", str(data_dir)],
            cwd=ROOT, check=True, capture_output=True, text=True,
        )  # fmt: skip
        figures["verified"] = json.loads(done.stdout.strip().splitlines()[-1])
    report(scale, figures)
    print(f"   after: {figures['load_average_after']}")
    return figures


def bench_threshold(data_dir: Path, sizes: list[int], seed: int) -> None:
    """The cost of one large write reasoned incrementally, beside the full recompute (the threshold's measure).

    On a copy of the store, with the limit lifted: a Graph Store PUT of ``n`` new triples into a new graph,
    then the DELETE of that graph, each timed with its reasoning and commit.
    """
    import shutil

    from smpgraph.store import writes as write_module

    with tempfile.TemporaryDirectory(prefix="smpgraph-threshold-") as tmp:
        copy = Path(tmp) / "store"
        shutil.copytree(data_dir, copy)
        write_module.MAX_INCREMENTAL_QUADS = 10**9  # type: ignore[misc]
        store = open_store(Settings(data_dir=copy, write_timeout_s=0))
        lines = [f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in generate(max(sizes) // 100 + 20, seed=seed + 2000)]
        store.update(f"INSERT DATA {{ <{EX}warm> <{EX}up> <{EX}threshold> }}")  # compiles the rules
        header = f"{'changed quads':>14} {'PUT: ms':>10} {'inferred +':>11} {'DELETE: ms':>11} {'inferred -':>11}"
        print(f"  {header}  ({_load_average()})")
        for size in sizes:
            graph = f"{EX}threshold/{size}"
            data = Graph().parse(data="\n".join(lines[:size]), format="nt")
            started = time.perf_counter()
            store.put_graph(graph, data)
            put_ms, put = (time.perf_counter() - started) * 1000, store.last_write
            started = time.perf_counter()
            store.drop_graph(graph)
            drop_ms, drop = (time.perf_counter() - started) * 1000, store.last_write
            assert put is not None
            assert drop is not None
            figures = f"{len(data):>14,} {put_ms:>10.0f} {put.inferred_added:>11,} {drop_ms:>11.0f}"
            print(f"  {figures} {drop.inferred_removed:>11,}  ({put.mode.value}, {drop.mode.value})")
        started = time.perf_counter()
        store.reason()
        print(f"  full recompute of the same store: {(time.perf_counter() - started) * 1000:.0f} ms")
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="bundled,1m", help="comma-separated: bundled, 1m")
    parser.add_argument("--writes", type=int, default=1000, help="writes per phase (API, HTTP)")
    parser.add_argument("--warmup", type=int, default=300, help="writes before the measured ones (engine caches)")
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--reader-writes", type=int, default=300, help="writes made while the readers run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the stores here and reuse them")
    parser.add_argument("--verify-1m", action="store_true", help="also compare with a full recompute at 1M (minutes)")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--threshold", type=Path, default=None, help="only time large writes on a copy of this store")
    parser.add_argument("--threshold-sizes", default="1000,5000,10000,20000,50000")
    parser.add_argument("--reason", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--verify", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.reason is not None:
        print(json.dumps(reason_once(args.reason)))
        return 0
    if args.verify is not None:
        print(json.dumps(verify(args.verify)))
        return 0
    if args.threshold is not None:
        sizes = [int(size) for size in args.threshold_sizes.split(",")]
        bench_threshold(args.threshold, sizes, args.seed)
        return 0
    print(f"bench_writes: {platform.python_version()}, {_load_average()}")
    with tempfile.TemporaryDirectory(prefix="smpgraph-bench-writes-") as tmp:
        work = args.workdir or Path(tmp)
        results = [bench_scale(scale.strip(), args, work) for scale in args.sizes.split(",") if scale.strip()]
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
