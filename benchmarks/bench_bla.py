"""Benchmark of the BLA import (issue 9, item 6): import, load, reasoning, validation, gap report; printed.

Usage::

    python -m benchmarks.bench_bla                 # everything
    python -m benchmarks.bench_bla --skip-validation --skip-gaps

Each step runs once on the real dataset (``data/sources/bla``, 1,222 agreements, 570 coded) in an in-memory
store holding the files of the bundled store (:func:`smpgraph.bundle.bundled_files`: the ontology with its
vendored imports, the reference data, the examples, VoID) and the imported agreements in the BLA graph, as
``smpgraph serve`` holds them. Validation and the gap report
are those of ``smpgraph.validation.validate_all`` and ``smpgraph.analysis.gap_report``; a step whose
package fails is reported, not fatal.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main(argv: list[str] | None = None) -> int:
    """Run the steps and print one line per figure."""
    parser = argparse.ArgumentParser(description="Benchmark of the BLA import")
    parser.add_argument("--skip-validation", action="store_true")
    parser.add_argument("--skip-gaps", action="store_true")
    args = parser.parse_args(argv)

    from smpgraph.bla import import_bla, provision_shares
    from smpgraph.bundle import BLA_GRAPH, bundled_files
    from smpgraph.config import Settings
    from smpgraph.store import open_store
    from smpgraph.store.base import ResultFormat

    t0 = time.perf_counter()
    result = import_bla(ROOT / "data" / "sources" / "bla")
    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    text = result.turtle(("benchmark",))
    t_turtle = time.perf_counter() - t0
    print(f"import (CSV -> triples):       {t_import:7.2f} s  {result.summary()}")
    print(f"serialise Turtle:              {t_turtle:7.2f} s  {len(text.encode()) / 1e6:.1f} MB")

    store = open_store(Settings(backend="memory"))
    t0 = time.perf_counter()
    # the files of the bundled store (smpgraph.bundle), into the same graphs: the ontology with its vendored
    # imports, reference data, examples, VoID; the BLA graph is the one imported above instead of data/bla
    context = [item for item in bundled_files() if item.graph != BLA_GRAPH]
    for item in context:
        store.load(item.path, graph=str(item.graph), name=item.name, reason=False)
    t_context = time.perf_counter() - t0
    t0 = time.perf_counter()
    store.load(text.encode(), format=ResultFormat.TURTLE, name="bla.ttl", graph=str(BLA_GRAPH), reason=False)
    t_load = time.perf_counter() - t0
    print(
        f"load the {len(context)} bundled files but BLA (ontology, imports, reference, examples): {t_context:7.2f} s"
    )
    print(f"load BLA graph:                {t_load:7.2f} s  {len(store)} quads in the store")
    t0 = time.perf_counter()
    state = store.reason()
    t_reason = time.perf_counter() - t0
    print(f"reasoning (OWL RL closure):    {t_reason:7.2f} s  {state.inferred_triples} inferred ({state.engine})")
    t0 = time.perf_counter()
    shares = provision_shares(store)
    t_shares = time.perf_counter() - t0
    print(f"share table (SPARQL):          {t_shares:7.2f} s  {len(shares)} rows")

    if not args.skip_validation:
        try:
            from smpgraph.validation import validate_all

            t0 = time.perf_counter()
            reports = validate_all(store)
            t_validate = time.perf_counter() - t0
            bla = {k: v for k, v in reports.items() if str(k).startswith("https://w3id.org/smpgraph/id/bla/")}
            levels: Counter[str] = Counter()
            for report in bla.values():
                for agreement in report.agreements:
                    for item in agreement.readiness:
                        levels[str(item.readiness.value)] += 1
            print(
                f"validate_all:                  {t_validate:7.2f} s  {len(reports)} agreements "
                f"({len(bla)} BLA), readiness items on BLA agreements: {dict(levels) or 'none'}"
            )
        except Exception as exc:  # report, do not fail: the package is being written concurrently
            print(f"validate_all:                  failed: {type(exc).__name__}: {exc}")

    if not args.skip_gaps:
        try:
            from smpgraph.analysis import gap_report

            t0 = time.perf_counter()
            report = gap_report(store, exact=False)
            t_gaps = time.perf_counter() - t0
            sections = list(report.sections())
            rows = sum(len(section.items) for section in sections)
            print(f"gap_report (sampled):          {t_gaps:7.2f} s  {len(sections)} sections, {rows} findings")
            for name, seconds in report.seconds:
                print(f"    {name:28s} {seconds:7.2f} s")
        except Exception as exc:  # report, do not fail
            print(f"gap_report:                    failed: {type(exc).__name__}: {exc}")

    print(f"peak RSS:                      {_peak_rss_mb():7.0f} MB")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
