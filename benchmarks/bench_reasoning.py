"""Reasoning time of owlrl against reasonable on the ontology + generated data (issue 2, item 6).

Prints, for about 10k triples, both engines; for about 100k, reasonable, and owlrl only with ``--owlrl-100k``
(it took about 107 s at 100k in the perf baseline) and with a time limit. Each run is a fresh process, so
one engine's memory does not slow the other. Run from the repository root::

    python -m benchmarks.bench_reasoning [--owlrl-100k] [--owlrl-limit-s 300]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from rdflib import Graph

from benchmarks.generate import generate
from smpgraph.reasoning import ReasoningEngine, compute_inferences

ROOT = Path(__file__).resolve().parents[1]
#: partnerships -> about that many triples of data
SCALES = {"10k": 85, "100k": 880}


def _ontology() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "ontology").rglob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def run_one(engine: str, partnerships: int) -> dict[str, float | int | str]:
    """Reason over the ontology + ``partnerships`` generated partnerships; return the figures."""
    graph = _ontology()
    ontology_size = len(graph)
    for triple in generate(partnerships, seed=1):
        graph.add(triple)
    result = compute_inferences(graph, engine=ReasoningEngine(engine))
    return {
        "engine": engine,
        "partnerships": partnerships,
        "ontology_triples": ontology_size,
        "input_triples": result.asserted_count,
        "inferred_triples": result.inferred_count,
        "seconds": round(result.seconds, 2),
    }


def _in_subprocess(engine: str, partnerships: int, timeout_s: float) -> dict[str, float | int | str] | None:
    command = [sys.executable, "-m", "benchmarks.bench_reasoning", "--one", engine, str(partnerships)]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout_s, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per run."""
    parser = argparse.ArgumentParser(description="owlrl vs reasonable reasoning time")
    parser.add_argument("--one", nargs=2, metavar=("ENGINE", "PARTNERSHIPS"), help=argparse.SUPPRESS)
    parser.add_argument("--owlrl-100k", action="store_true", help="also run owlrl at 100k")
    parser.add_argument("--owlrl-limit-s", type=float, default=300.0, help="give up on owlrl after this")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]))))
        return 0
    runs = [("10k", "reasonable"), ("10k", "owlrl"), ("100k", "reasonable")]
    if args.owlrl_100k:
        runs.append(("100k", "owlrl"))
    print(f"{'scale':>6} {'engine':>11} {'input':>9} {'inferred':>9} {'seconds':>8}")
    for scale, engine in runs:
        limit = args.owlrl_limit_s if engine == "owlrl" else 3600.0
        row = _in_subprocess(engine, SCALES[scale], limit)
        if row is None:
            print(f"{scale:>6} {engine:>11} {'':>9} {'':>9} {'> ' + str(int(limit)) + ' s':>8}")
            continue
        print(
            f"{scale:>6} {engine:>11} {row['input_triples']:>9} {row['inferred_triples']:>9} {row['seconds']:>8}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
