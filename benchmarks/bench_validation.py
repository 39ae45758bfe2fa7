"""Validation benchmark (issue 4, item 7): printed figures, not a timed test.

1. One draft (``data/drafts/complete.ttl``) validated in-process, warm, with N triples of synthetic
   partnerships (:mod:`benchmarks.generate`) in an in-memory store that also holds the reference data and
   the 1,222 bilateral labour agreements (570 coded): p50 over ``--runs`` runs, for the IOM shapes alone and
   for the shapes plus the ILO standard with its peer comparison (shares among the coded agreements and the
   five most similar). Targets: <= 100 ms at 100k triples, <= 250 ms at 1M; it must not grow with the store.
2. ``validate_all`` over the bundled data (ontology, reference data, examples and the BLA data; target
   <= 60 s) in an on-disk store loaded and reasoned as ``smpgraph load --bundled`` makes it, in-process (first
   run and warm) and as a cold command (a fresh ``smpgraph validate --all --summary`` process, and one for a
   draft); and over a store of ``--all-partnerships`` synthetic partnerships (comma-separated for several
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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import generate
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


def bench_bundled(engines: list[str], runs: int) -> None:
    """The bundled knowledge graph on disk and reasoned, as ``smpgraph load --bundled`` and the CLI use it.

    In this process: ``validate_all`` per engine (first run, then again warm) and the p50 of one draft; then
    the cold command line: a fresh ``smpgraph validate`` process on the same store (it opens the store, starts
    its query workers and validates), for ``--all --summary`` and for one draft.
    """
    from smpgraph.bundle import load_bundled

    with tempfile.TemporaryDirectory(prefix="smpgraph-bench-validation-") as tmp:
        data_dir = Path(tmp) / "store"
        store = open_store(Settings(backend="oxigraph", data_dir=data_dir, max_rows=0))
        started = time.perf_counter()
        load_bundled(store)
        print(
            f"bundled store on disk, loaded and reasoned: {time.perf_counter() - started:6.1f} s, "
            f"{len(store):,} quads ({store.metadata.reasoning.inferred_triples:,} inferred); {_load()}",
            flush=True,
        )
        for engine in engines:
            for when in ("first run in this process", "again, warm"):
                started = time.perf_counter()
                reports = validate_all(store, engine=engine)
                seconds = time.perf_counter() - started
                violations = sum(
                    1
                    for report in reports.values()
                    for result in report.results
                    if result.severity.label == "violation"
                )
                print(
                    f"--all ({engine}) in-process, on-disk reasoned store, {len(reports):,} agreements, {when}: "
                    f"{seconds:6.1f} s, {violations} violation(s) (target <= 60 s) "
                    f"{'PASS' if seconds <= 60 else 'MISS'}; {_load()}",
                    flush=True,
                )
        draft = load_draft(ROOT / "data" / "drafts" / "complete.ttl")
        validate(draft, store=store)
        p50, low, high = _p50(runs, lambda: validate(draft, store=store))
        print(
            f"draft p50, IOM shapes, in-process, on-disk reasoned store: {p50:7.1f} ms (min {low:.1f}, max {high:.1f}; "
            f"target <= 100 ms) {'PASS' if p50 <= 100 else 'MISS'}; {_load()}",
            flush=True,
        )
        store.close()  # the command line needs the store's lock
        for label, args in (
            ("--all --summary", ["--all", "--summary"]),
            ("one draft (complete.ttl)", [str(ROOT / "data" / "drafts" / "complete.ttl")]),
        ):
            command = [sys.executable, "-m", "smpgraph", "--data-dir", str(data_dir), "validate", *args]
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            seconds = time.perf_counter() - started
            print(
                f"cold CLI: smpgraph validate {label}, a fresh process on the on-disk store: {seconds:6.1f} s "
                f"(exit {done.returncode}: 0 conforms, 1 does not); {_load()}",
                flush=True,
            )
            if done.returncode not in (0, 1):
                print(f"  error: {done.stderr.strip()[:300]}")


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
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled store on disk (and cold CLI)")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# {os.cpu_count()} cores, load {load:.2f}; Python {sys.version.split()[0]}; wall clock, shared machine")
    for size in [s.strip().lower() for s in args.sizes.split(",") if s.strip()]:
        bench_draft(size, args.runs)
        sys.stdout.flush()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if not args.no_bundled:
        bench_bundled(engines, args.runs)
    for count in [int(c) for c in str(args.all_partnerships).split(",") if c.strip() and int(c)]:
        bench_all(count, engines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
