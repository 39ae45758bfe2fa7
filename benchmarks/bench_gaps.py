"""Benchmark of the full gap report (issue 6, item 5; issue 9, item 6): seconds and peak RSS, printed.

- 1k synthetic partnerships (~113k triples), exact measures: target <= 30 s;
- 10k synthetic partnerships (~1.1M triples), sampled betweenness (fixed seed, k printed), exact Burt
  constraint for the listed stakeholders: target <= 3 min, <= 2 GB RSS;
- ``--bla``: the gap report and the agreement-network report on the bundled data (examples and the
  1,222 bilateral labour agreements), as ``GET /api/v1/gaps`` computes them;
- ``--stocks``: the bundled data with the UN DESA migrant stocks loaded and reasoned (as ``serve`` does), then
  the full gap report of ``GET /api/v1/gaps`` (partnerships + BLAs + stocks): target <= 30 s, <= 2 GB RSS.

Each size runs in a subprocess of its own, so that its peak RSS is its own. Every line carries the
1-minute load average: the machine is shared, so compare figures only with the load in view.

Usage::

    python -m benchmarks.bench_gaps                 # 1k and 10k
    python -m benchmarks.bench_gaps --sizes 1000
    python -m benchmarks.bench_gaps --bla
    python -m benchmarks.bench_gaps --stocks
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from smpgraph.domain import DEFAULT_SEED

TARGETS = {1000: 30.0, 10000: 180.0}
#: the full report (partnerships + BLAs + stocks) on the bundled data (issue 16)
STOCKS_TARGET_S = 30.0
RSS_TARGET_MB = 2048.0


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def run(partnerships: int, *, exact: bool | None, seed: int = DEFAULT_SEED) -> dict[str, float]:
    """Generate, load and analyse ``partnerships`` synthetic partnerships; print one block of figures."""
    from benchmarks.generate import write
    from smpgraph.analysis.report import gap_report
    from smpgraph.config import Settings
    from smpgraph.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / f"smp-{partnerships}.nt"
        t0 = time.perf_counter()
        triples = write(data, partnerships, seed=7)
        store = open_store(Settings(backend="memory"))
        store.load(data, reason=False)
        loaded = time.perf_counter() - t0
        t1 = time.perf_counter()
        report = gap_report(store, exact=exact, seed=seed)
        seconds = time.perf_counter() - t1
        store.close()
    summary = report.summary()
    target = TARGETS.get(partnerships)
    verdict = "" if target is None else f" [target <= {target:.0f} s: {'PASS' if seconds <= target else 'MISS'}]"
    rss = _peak_rss_mb()
    print(
        f"{partnerships:>6} partnerships, {triples:,} triples: generate+load {loaded:.1f} s; "
        f"gap report {seconds:.1f} s ({'approximate' if report.approximate else 'exact'}){verdict}; "
        f"peak RSS {rss:.0f} MB [target <= {RSS_TARGET_MB:.0f} MB: {'PASS' if rss <= RSS_TARGET_MB else 'MISS'}]"
    )
    print("        steps: " + ", ".join(f"{name} {s:.2f} s" for name, s in report.seconds))
    print(
        f"        {summary['stakeholders']} stakeholders, {summary['cooperation_ties']} ties, "
        f"{summary['corridors']} corridors, {summary['communities']} communities"
    )
    for section in (report.brokers, report.structural_holes):
        print(f"        {section.name}: " + "; ".join(section.notes))
    print(f"        {_load()}", flush=True)
    return {"seconds": seconds, "rss_mb": rss}


def run_bla(seed: int = DEFAULT_SEED) -> dict[str, float]:
    """The gap report and the agreement report on the bundled data (as the endpoint serves them)."""
    from smpgraph.analysis.agreements import agreement_report
    from smpgraph.analysis.report import gap_report
    from smpgraph.bundle import load_bundled
    from smpgraph.config import Settings
    from smpgraph.store import open_store

    store = open_store(Settings(backend="memory"))
    t0 = time.perf_counter()
    load_bundled(store, reason=False)
    loaded = time.perf_counter() - t0
    t1 = time.perf_counter()
    gaps = gap_report(store, seed=seed)
    t2 = time.perf_counter()
    agreements = agreement_report(store, seed=seed)
    t3 = time.perf_counter()
    summary = agreements.summary()
    print(
        f"bundled data, {len(store):,} triples: load {loaded:.1f} s; gap report {t2 - t1:.2f} s "
        f"({len(gaps.views.partnerships)} partnerships); agreement report {t3 - t2:.2f} s "
        f"({summary['agreements']} agreements, {summary['countries']} countries, {summary['pairs']} pairs); "
        f"together {t3 - t1:.2f} s [GET /api/v1/gaps target < 2 s: {'PASS' if t3 - t1 < 2 else 'MISS'}]; "
        f"peak RSS {_peak_rss_mb():.0f} MB"
    )
    print("        agreement steps: " + ", ".join(f"{name} {s:.2f} s" for name, s in agreements.seconds))
    print(f"        {_load()}", flush=True)
    return {"seconds": t3 - t1, "rss_mb": _peak_rss_mb()}


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def run_stocks(seed: int = DEFAULT_SEED) -> dict[str, float]:
    """The bundled data with the stocks, loaded and reasoned, then the whole ``GET /api/v1/gaps`` payload."""
    from smpgraph.analysis.report import gaps_payload
    from smpgraph.bundle import load_bundled
    from smpgraph.config import Settings
    from smpgraph.store import open_store

    store = open_store(Settings(backend="memory"))
    t0 = time.perf_counter()
    load_bundled(store, reason=False)
    t1 = time.perf_counter()
    state = store.reason()
    t2 = time.perf_counter()
    print(
        f"bundled data with stocks, {len(store):,} quads: load {t1 - t0:.1f} s, reasoning {t2 - t1:.1f} s "
        f"({state.inferred_triples:,} inferred, stocks graph left out)",
        flush=True,
    )
    t3 = time.perf_counter()
    payload = gaps_payload(store, seed=seed)
    seconds = time.perf_counter() - t3
    rss = _peak_rss_mb()
    stocks = payload["stocks"]
    assert isinstance(stocks, dict)
    print(
        f"full gap report (partnerships + BLAs + stocks): {seconds:.1f} s "
        f"[goal <= {STOCKS_TARGET_S:.0f} s: {_verdict(seconds <= STOCKS_TARGET_S)}]; peak RSS {rss:.0f} MB "
        f"[goal <= {RSS_TARGET_MB:.0f} MB: {_verdict(rss <= RSS_TARGET_MB)}]"
    )
    print(f"        gap steps: {payload['seconds']}; stock steps: {stocks['seconds']}")
    print(f"        stocks summary: {stocks['summary']}")
    print(f"        {_load()}", flush=True)
    store.close()
    return {"seconds": seconds, "rss_mb": rss}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; each size in its own subprocess unless ``--in-process``."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--bla", action="store_true", help="benchmark the bundled data instead")
    parser.add_argument("--stocks", action="store_true", help="the bundled data with stocks: full report")
    parser.add_argument("--in-process", action="store_true", help="run in this process (one size)")
    args = parser.parse_args(argv)
    print(f"python -m benchmarks.bench_gaps {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip())
    print(f"        {_load()}, {os.cpu_count()} CPUs", flush=True)
    if args.bla:
        run_bla()
        return 0
    if args.stocks:
        run_stocks()
        return 0
    if args.in_process or len(args.sizes) == 1:
        for size in args.sizes:
            run(size, exact=size <= 1000)
        return 0
    status = 0
    for size in args.sizes:
        done = subprocess.run([sys.executable, "-m", "benchmarks.bench_gaps", "--sizes", str(size)], check=False)
        status = status or done.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
