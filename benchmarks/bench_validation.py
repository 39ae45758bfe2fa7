"""Validation benchmark (issue 4, item 7): printed figures, not a timed test.

1. One draft (``data/drafts/complete.ttl``) validated in-process, warm, with N triples of synthetic
   partnerships (:mod:`benchmarks.generate`) in an in-memory store: p50 over ``--runs`` runs.
   Targets: <= 100 ms at 100k triples, <= 250 ms at 1M; it must not grow with the store.
2. ``validate_all`` over a store of ``--all-partnerships`` synthetic partnerships (comma-separated for
   several sizes), with the compiled SPARQL engine (the default of ``--all``) and, with ``--engines``, the
   pyshacl reference. Target: <= 60 s for 1k (<= 5 min for 10k).

Every figure line ends with the 1-minute load average when it was taken (the machine is shared).

Usage (from the repository root)::

    python -m benchmarks.bench_validation                      # 10k and 100k triples, --all over 1k
    python -m benchmarks.bench_validation --sizes 10k,100k,1m --all-partnerships 1000,10000
    python -m benchmarks.bench_validation --sizes '' --all-partnerships 1000 --engines sparql,pyshacl
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from benchmarks.generate import generate
from smpgraph.config import Settings
from smpgraph.drafts import load_draft
from smpgraph.resources import resource_dir
from smpgraph.store import open_store
from smpgraph.store.base import GraphStore, ResultFormat
from smpgraph.validation import validate, validate_all

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"10k": 100, "100k": 1_000, "1m": 10_000}
TARGETS_MS = {"10k": 100.0, "100k": 100.0, "1m": 250.0}


def _load() -> str:
    return f"load {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "load n/a"


def _store(partnerships: int) -> GraphStore:
    store = open_store(Settings(backend="memory", max_rows=0), backend="memory")
    lines = "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in generate(partnerships, seed=7))
    store.load(lines.encode("utf-8"), format=ResultFormat.NTRIPLES, name="synthetic.nt", reason=False)
    for path in sorted((resource_dir("data") / "reference").glob("*.ttl")):
        store.load(path, reason=False)
    return store


def bench_draft(size: str, runs: int) -> float:
    """p50 in ms of one warm validation of the complete draft against a store of ``size``."""
    store = _store(SIZES[size])
    draft = load_draft(ROOT / "data" / "drafts" / "complete.ttl")
    validate(draft, store=store)  # warm: shapes, ontology closure, parsed queries
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        validate(draft, store=store)
        times.append((time.perf_counter() - started) * 1000)
    p50 = statistics.median(times)
    verdict = "PASS" if p50 <= TARGETS_MS[size] else "MISS"
    print(
        f"draft p50 with {len(store):>9,} quads ({size}): {p50:7.1f} ms  "
        f"(min {min(times):.1f}, max {max(times):.1f}; target <= {TARGETS_MS[size]:.0f} ms) {verdict}; {_load()}"
    )
    store.close()
    return p50


def bench_all(partnerships: int, engines: list[str]) -> dict[str, float]:
    """Seconds of ``validate_all`` over ``partnerships`` synthetic partnerships, per engine."""
    store = _store(partnerships)
    target = 60.0 if partnerships <= 1_000 else 300.0 * partnerships / 10_000
    seconds: dict[str, float] = {}
    for engine in engines:
        started = time.perf_counter()
        reports = validate_all(store, engine=engine)
        seconds[engine] = time.perf_counter() - started
        results = sum(len(report.results) for report in reports.values())
        verdict = "PASS" if seconds[engine] <= target else "MISS"
        print(
            f"--all ({engine}) over {len(reports):,} partnerships ({len(store):,} quads): {seconds[engine]:6.1f} s, "
            f"{results:,} results (target <= {target:.0f} s) {verdict}; {_load()}",
            flush=True,
        )
    store.close()
    return seconds


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 10k, 100k, 1m")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--all-partnerships", default="1000", help="comma-separated sizes; 0 or '' to skip --all")
    parser.add_argument("--engines", default="sparql", help="comma-separated engines for --all: sparql, pyshacl")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# {os.cpu_count()} cores, load {load:.2f}; Python {sys.version.split()[0]}; wall clock, shared machine")
    for size in [s.strip().lower() for s in args.sizes.split(",") if s.strip()]:
        bench_draft(size, args.runs)
        sys.stdout.flush()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    for count in [int(c) for c in str(args.all_partnerships).split(",") if c.strip() and int(c)]:
        bench_all(count, engines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
