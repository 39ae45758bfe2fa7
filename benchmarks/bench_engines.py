"""Engines side by side (issue 8, item 6): load the generated data and run the query mix on embedded
Oxigraph, Virtuoso and the Oxigraph server, in one run, through smpgraph's own store API.

The engines are started as in the integration tests (tests/engines/engine_launch.py: loopback, private
temporary folders, stopped by PID); a missing engine is reported and left out. Timings are wall clock on
a shared machine: the load average is printed beside them. Each query's first run is reported (cold) beside
the p50 of the runs after it (warm); every engine gets the same query text, and smpgraph declares the same
prefixes for each (embedded: given to the engine; remote: written into the text). Usage (from the
repository root)::

    python -m benchmarks.bench_engines                      # 10,000 partnerships, about 1.1M triples
    python -m benchmarks.bench_engines --partnerships 1000  # about 110k triples
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "engines"))

from benchmarks.bench_store import QUERIES, SLOW_AT_1M  # noqa: E402
from benchmarks.generate import write  # noqa: E402


def _rss_mb(pid: int) -> float:
    out = subprocess.run(["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True, check=False).stdout
    return int(out.strip() or 0) / 1024


def _time_queries(store: Any, repeat: int, skip: set[str]) -> dict[str, float]:
    """Per query: its first run (``cold:`` key) and the p50 of ``repeat`` runs after it, in ms."""
    timings: dict[str, float] = {}
    for name, (_, _, sparql) in QUERIES.items():
        if name in skip:
            continue
        started = time.perf_counter()
        store.query(sparql, max_rows=0, timeout_s=120)  # the cold run, and the warm-up
        timings[f"cold:{name}"] = (time.perf_counter() - started) * 1000
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            store.query(sparql, max_rows=0, timeout_s=120)
            samples.append(time.perf_counter() - started)
        timings[name] = statistics.median(samples) * 1000
    return timings


def run(partnerships: int, repeat: int) -> None:
    """Generate, load and query on each engine; print one table."""
    from engine_launch import EngineMissingError, start_oxigraph, start_virtuoso

    from smpgraph.config import Settings
    from smpgraph.store import open_store
    from smpgraph.store.remote import RemoteStore

    work = Path(tempfile.mkdtemp(prefix="smpgraph-bench-engines-"))
    data = work / "data.nt"
    started = time.perf_counter()
    triples = write(data, partnerships)
    print(f"generated {triples:,} triples ({partnerships:,} partnerships) in {time.perf_counter() - started:.1f} s")
    skip = {SLOW_AT_1M} if triples > 500_000 else set()
    results: dict[str, dict[str, Any]] = {}
    for name in ("embedded oxigraph", "virtuoso", "oxigraph server"):
        engine = None
        try:
            if name == "embedded oxigraph":
                store: Any = open_store(Settings(backend="oxigraph", reasoner="none"), path=work / "embedded")
            else:
                engine = start_virtuoso() if name == "virtuoso" else start_oxigraph()
                settings = Settings(reasoner="none", **engine.settings_overrides())  # type: ignore[arg-type]
                store = RemoteStore(settings)
        except EngineMissingError as exc:
            print(f"{name}: left out ({exc})")
            continue
        try:
            started = time.perf_counter()
            report = store.load(data, reason=False)
            load_s = time.perf_counter() - started
            row: dict[str, Any] = {"load_s": load_s, "rate": report.triples / load_s, "triples": report.triples}
            if engine is None:  # cold: the embedded engine reopened (its caches empty), its query workers started
                store.close()
                store = open_store(Settings(backend="oxigraph", reasoner="none"), path=work / "embedded")
                store.query("ASK {}")
            row.update(_time_queries(store, repeat, skip))
            row["rss_mb"] = _rss_mb(engine.process.pid) if engine else _rss_mb(os.getpid())
            results[name] = row
            print(f"{name}: loaded {report.triples:,} in {load_s:.1f} s; queries done", flush=True)
        finally:
            store.close()
            if engine is not None:
                engine.stop()
    _print_table(results, triples, repeat)


def _print_table(results: dict[str, dict[str, Any]], triples: int, repeat: int) -> None:
    names = list(results)
    width = 20
    print()
    print(
        f"{triples:,} triples; query p50 of {repeat} runs after one warm-up, in ms (rdflib terms, all rows read), "
        "then each query's first run (cold); the same query text everywhere, our prefixes declared by smpgraph"
    )
    print("".ljust(34) + "".join(n.rjust(width) for n in names))
    print("load, s".ljust(34) + "".join(f"{results[n]['load_s']:.1f}".rjust(width) for n in names))
    print("load, triples/s".ljust(34) + "".join(f"{results[n]['rate']:,.0f}".rjust(width) for n in names))
    for prefix, heading in (("", "warm p50"), ("cold:", "cold: first run")):
        print(heading)
        for key, (what, _, _) in QUERIES.items():
            if all(prefix + key in results[n] for n in names):
                cells = "".join(f"{results[n][prefix + key]:.1f}".rjust(width) for n in names)
                print(f"  {key} {what}".ljust(34) + cells)
    print(
        "cold: embedded = the store reopened after the load (engine caches empty) and its query workers started; "
        "remote = the first run after the load (the engine's caches as the load left them)"
    )
    print("RSS after, MB (engine)".ljust(34) + "".join(f"{results[n]['rss_mb']:.0f}".rjust(width) for n in names))
    load = os.getloadavg()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partnerships", type=int, default=10_000, help="10,000 is about 1.1M triples")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    run(args.partnerships, args.repeat)


if __name__ == "__main__":
    main()
