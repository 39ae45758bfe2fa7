"""Benchmark of the BLA import (issue 9, item 6): import, load, reasoning, validation, gap report; printed.

Usage::

    python -m benchmarks.bench_bla                 # everything
    python -m benchmarks.bench_bla --skip-validation --skip-gaps
    python -m benchmarks.bench_bla --first-start   # only: first `smpgraph serve` on a fresh data dir

Since issue 16 the store also holds the UN DESA migrant stocks (``data/stocks/undesa.ttl``, left out of the
closure), and the stock report is timed after the gap report. ``--first-start`` starts ``smpgraph serve`` on
an empty data directory in a subprocess, shows its progress lines as they come, and times it until
``/healthz`` answers: goal <= 90 s.

Each step runs once on the real dataset (``data/sources/bla``, 1,222 agreements, 570 coded) in an in-memory
store holding the files of the bundled store (:func:`smpgraph.bundle.bundled_files`: the ontology with its
vendored imports, the reference data, the examples, VoID) and the imported agreements in the BLA graph, as
``smpgraph serve`` holds them. Validation and the gap report
are those of ``smpgraph.validation.validate_all`` and ``smpgraph.analysis.gap_report``; a step whose
package fails is reported, not fatal.
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


#: first `smpgraph serve` on a fresh data dir, bundled data loaded and reasoned (issue 16)
FIRST_START_GOAL_S = 90.0


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}, {os.cpu_count()} CPUs"


def first_start() -> float:
    """Start `smpgraph serve` on an empty data dir, echo its progress, time it until /healthz answers."""
    import requests

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    with tempfile.TemporaryDirectory(prefix="smpgraph-first-start-") as tmp:
        command = [sys.executable, "-m", "smpgraph", "serve", "--data-dir", tmp, "--port", str(port), "--no-access-log"]
        started = time.perf_counter()
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

        def echo() -> None:
            assert server.stderr is not None
            for line in server.stderr:
                print(f"    [{time.perf_counter() - started:6.1f} s] {line.rstrip()}", flush=True)

        reader = threading.Thread(target=echo, daemon=True)
        reader.start()
        try:
            while True:
                if server.poll() is not None:
                    raise RuntimeError(f"smpgraph serve exited with {server.returncode}")
                try:
                    if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                        break
                except requests.ConnectionError:
                    pass
                time.sleep(0.2)
            seconds = time.perf_counter() - started
        finally:
            server.terminate()  # SIGTERM: serve stops cleanly
            server.wait(timeout=60)
            reader.join(timeout=5)
    ok = "PASS" if seconds <= FIRST_START_GOAL_S else "MISS"
    print(f"first serve start on a fresh data dir: {seconds:.1f} s [goal <= {FIRST_START_GOAL_S:.0f} s: {ok}]")
    print(f"    {_load()}", flush=True)
    return seconds


def main(argv: list[str] | None = None) -> int:
    """Run the steps and print one line per figure."""
    parser = argparse.ArgumentParser(description="Benchmark of the BLA import")
    parser.add_argument("--skip-validation", action="store_true")
    parser.add_argument("--skip-gaps", action="store_true")
    parser.add_argument("--first-start", action="store_true", help="only time a first `serve` on a fresh dir")
    args = parser.parse_args(argv)
    print(f"    {_load()}", flush=True)
    if args.first_start:
        first_start()
        return 0

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
    print(f"load the {len(context)} bundled files but BLA (ontology, imports, reference, examples): {t_context:7.2f} s")
    print(f"load BLA graph:                {t_load:7.2f} s  {len(store)} quads in the store")
    from smpgraph.bundle import STOCKS_GRAPH

    t0 = time.perf_counter()
    store.load(ROOT / "data" / "stocks" / "undesa.ttl", graph=str(STOCKS_GRAPH), reason=False)
    t_stocks = time.perf_counter() - t0
    print(f"load stocks graph:             {t_stocks:7.2f} s  {len(store)} quads in the store")
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
        try:
            from smpgraph.analysis.stocks import stock_report

            t0 = time.perf_counter()
            stocks = stock_report(store)
            t_stock_report = time.perf_counter() - t0
            summary = stocks.summary()
            print(
                f"stock_report:                  {t_stock_report:7.2f} s  {summary['corridors']} corridors, "
                f"{summary['partnerships']} partnerships, {summary['agreements']} BLAs"
            )
        except Exception as exc:  # report, do not fail
            print(f"stock_report:                  failed: {type(exc).__name__}: {exc}")

    print(f"peak RSS:                      {_peak_rss_mb():7.0f} MB")
    print(f"    {_load()}", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
