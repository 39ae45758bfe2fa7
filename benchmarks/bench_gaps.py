"""Benchmark of the full gap report (issue 6, item 5): seconds and peak RSS, printed.

- 1k synthetic partnerships (~100k triples), exact betweenness: target <= 30 s;
- 10k synthetic partnerships (~1M triples), sampled betweenness (fixed seed): target <= 3 min, <= 2 GB RSS.

Usage::

    python -m benchmarks.bench_gaps            # both sizes
    python -m benchmarks.bench_gaps --sizes 1000
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def run(partnerships: int, *, exact: bool | None, seed: int = 42) -> dict[str, float]:
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
    print(
        f"{partnerships:>6} partnerships, {triples:,} triples: generate+load {loaded:.1f} s; "
        f"gap report {seconds:.1f} s ({'approximate' if report.approximate else 'exact'}); "
        f"peak RSS {_peak_rss_mb():.0f} MB"
    )
    print("        steps: " + ", ".join(f"{name} {s:.2f} s" for name, s in report.seconds))
    print(
        f"        {summary['stakeholders']} stakeholders, {summary['cooperation_ties']} ties, "
        f"{summary['corridors']} corridors, {summary['communities']} communities"
    )
    return {"seconds": seconds, "rss_mb": _peak_rss_mb()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args(argv)
    for size in args.sizes:
        run(size, exact=size <= 1000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
