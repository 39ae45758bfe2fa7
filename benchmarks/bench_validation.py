"""Validation benchmark (issue 4, item 7): printed figures, not a timed test.

1. One draft (``data/drafts/complete.ttl``) validated in-process, warm, with N triples of synthetic
   partnerships (:mod:`benchmarks.generate`) in an in-memory store that also holds the reference data and
   the 1,222 bilateral labour agreements (570 coded): p50 over ``--runs`` runs, for the IOM shapes alone and
   for the shapes plus the ILO standard with its peer comparison (shares among the coded agreements and the
   five most similar). Targets: <= 100 ms at 100k triples, <= 250 ms at 1M; it must not grow with the store.
2. ``validate_all`` over the bundled data (ontology, reference data, examples and the BLA data; target
   <= 60 s), and over a store of ``--all-partnerships`` synthetic partnerships (comma-separated for several
   sizes), with the compiled SPARQL engine (the default of ``--all``) and, with ``--engines``, the pyshacl
   reference. Target: <= 60 s for 1k (<= 5 min for 10k).

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
from smpgraph.bundle import bundled_files
from smpgraph.config import Settings
from smpgraph.drafts import load_draft
from smpgraph.resources import resource_dir
from smpgraph.store import open_store
from smpgraph.store.base import GraphStore, ResultFormat
from smpgraph.validation import validate, validate_all
from smpgraph.validation.standard import check_ilo

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"10k": 100, "100k": 1_000, "1m": 10_000}
TARGETS_MS = {"10k": 100.0, "100k": 100.0, "1m": 250.0}


def _load() -> str:
    return f"load {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "load n/a"


def _store(partnerships: int, *, bla: bool = False) -> GraphStore:
    store = open_store(Settings(backend="memory", max_rows=0), backend="memory")
    lines = "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in generate(partnerships, seed=7))
    store.load(lines.encode("utf-8"), format=ResultFormat.NTRIPLES, name="synthetic.nt", reason=False)
    for path in sorted((resource_dir("data") / "reference").glob("*.ttl")):
        store.load(path, reason=False)
    if bla:  # the coded agreements the ILO standard compares a draft with
        store.load(resource_dir("data") / "bla" / "bla.ttl", reason=False)
    return store


def _p50(runs: int, work: object) -> tuple[float, float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times), max(times)


def bench_draft(size: str, runs: int) -> float:
    """p50 in ms of one warm validation of the complete draft against a store of ``size`` (IOM, then IOM + ILO)."""
    store = _store(SIZES[size], bla=True)
    draft = load_draft(ROOT / "data" / "drafts" / "complete.ttl")
    validate(draft, store=store)  # warm: shapes, ontology closure, parsed queries
    check_ilo(draft, store=store)  # warm: the index of the coded agreements (read once per store state)
    figures = {
        "IOM shapes": _p50(runs, lambda: validate(draft, store=store)),
        "IOM + ILO standard and peers": _p50(
            runs, lambda: (validate(draft, store=store), check_ilo(draft, store=store))
        ),
    }
    for name, (p50, low, high) in figures.items():
        verdict = "PASS" if p50 <= TARGETS_MS[size] else "MISS"
        print(
            f"draft p50, {name}, with {len(store):>9,} quads ({size} synthetic + reference + BLA): {p50:7.1f} ms  "
            f"(min {low:.1f}, max {high:.1f}; target <= {TARGETS_MS[size]:.0f} ms) {verdict}; {_load()}"
        )
    store.close()
    return figures["IOM + ILO standard and peers"][0]


def bench_bundled(engines: list[str]) -> None:
    """Seconds of ``validate_all`` over the bundled knowledge graph (not reasoned; validation needs no closure)."""
    store = open_store(Settings(backend="memory", max_rows=0), backend="memory")
    for item in bundled_files():
        store.load(item.path, graph=str(item.graph), name=item.name, reason=False)
    for engine in engines:
        started = time.perf_counter()
        reports = validate_all(store, engine=engine)
        seconds = time.perf_counter() - started
        violations = sum(
            1 for report in reports.values() for result in report.results if result.severity.label == "violation"
        )
        verdict = "PASS" if seconds <= 60 else "MISS"
        print(
            f"--all ({engine}) over the bundled data, {len(reports):,} agreements ({len(store):,} quads): "
            f"{seconds:6.1f} s, "
            f"{violations} violation(s) (target <= 60 s) {verdict}; {_load()}",
            flush=True,
        )
    store.close()


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
    parser.add_argument("--no-bundled", action="store_true", help="skip --all over the bundled data")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# {os.cpu_count()} cores, load {load:.2f}; Python {sys.version.split()[0]}; wall clock, shared machine")
    for size in [s.strip().lower() for s in args.sizes.split(",") if s.strip()]:
        bench_draft(size, args.runs)
        sys.stdout.flush()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if not args.no_bundled:
        bench_bundled(engines)
    for count in [int(c) for c in str(args.all_partnerships).split(",") if c.strip() and int(c)]:
        bench_all(count, engines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
