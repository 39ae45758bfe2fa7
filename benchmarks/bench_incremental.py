"""Incremental reasoning against the full recompute every write costs today (issue 15, item 1).

Per scale, an in-memory pyoxigraph store gets the data, and its closure is computed once by the store's
path (``smpgraph.reasoning.incremental_store.recompute``: dump, reasonable + prp-spo2, the store's filter)
in a subprocess, whose time is the "old" cost of every write and whose peak RSS is its own. Then
``--deltas`` small writes (1 to 100 triples, log-uniform; 40 % inserts, 40 % deletes, 20 % both) go to the
asserted graph, and each is reasoned by ``IncrementalReasoner.apply`` over the Oxigraph index; its delta is
written to the inferred graph. Inserted triples are new synthetic partnerships (``benchmarks.generate``,
another seed, so they also touch existing nodes); deleted triples are drawn from the data. Last, a
subprocess checks that the maintained inferred graph equals a full recompute of the final store.

Scales: ``bundled`` (ontology + reference + examples + BLA, as ``smpgraph.bundle.load_bundled`` loads them)
and ``1m`` (ontology + 10,000 generated partnerships, about 1M triples). Goals (issue 15): the reasoning
delta of one small write <= 100 ms p50 on the bundled store and <= 250 ms p50 at 1M. Run from the
repository root::

    python -m benchmarks.bench_incremental [--sizes bundled,1m] [--deltas 1000] [--seed 0] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from benchmarks.generate import generate
from benchmarks.generate import write as write_generated
from smpgraph.bundle import bundled_files
from smpgraph.reasoning.incremental import IncrementalReasoner, NeedsFullRecompute
from smpgraph.reasoning.incremental_index import INFERRED_GRAPH, OxigraphIndex, Triple
from smpgraph.reasoning.incremental_store import full_inferred_lines, graph_lines, recompute, write_delta

ROOT = Path(__file__).resolve().parents[1]
DATA_GRAPH = ox.NamedNode("urn:bench:data")
GOALS_MS = {"bundled": 100.0, "1m": 250.0}
GENERATED = {"1m": 10_000}


def _rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _caveat() -> str:
    load1, load5, load15 = os.getloadavg()
    return (
        f"machine: {os.cpu_count()} cores (nproc), load average {load1:.2f} {load5:.2f} {load15:.2f}; "
        f"Python {platform.python_version()}; shared with other engineers' work, so timings are noisy"
    )


def _build(scale: str, work: Path) -> tuple[ox.Store, list[Triple]]:
    """The asserted store of one scale, and its data triples (what deletes draw from)."""
    store = ox.Store()
    data: list[Triple] = []
    if scale == "bundled":
        for item in bundled_files():
            graph = ox.NamedNode(str(item.graph))
            store.load(path=str(item.path), format=ox.RdfFormat.TURTLE, to_graph=graph)
            if "/ontology/" not in item.path.as_posix():
                data.extend(
                    (q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph)
                )
        return store, data
    for path in sorted((ROOT / "ontology").rglob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f"urn:bench:{path.name}"))
    generated = work / f"generated-{scale}.nt"
    if not generated.exists():
        write_generated(generated, GENERATED[scale], seed=0)
    store.load(path=str(generated), format=ox.RdfFormat.N_TRIPLES, to_graph=DATA_GRAPH)
    data.extend((q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, DATA_GRAPH))
    return store, data


def _insert_pool(seed: int) -> list[Triple]:
    """Triples of 200 more generated partnerships (another seed: same IRIs, other facts), in generator order."""
    lines = "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in generate(200, seed=seed + 1000))
    return [(q.subject, q.predicate, q.object) for q in ox.parse(lines.encode(), format=ox.RdfFormat.N_TRIPLES)]


def _subprocess(*args: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.bench_incremental", *args]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def full_recompute(state: Path, out: Path) -> dict[str, Any]:
    """In this process: load ``state`` (N-Quads), recompute the closure as the store does, write its lines."""
    store = ox.Store()
    store.load(path=str(state), format=ox.RdfFormat.N_QUADS)
    started, cpu = time.perf_counter(), time.process_time()
    inferred = recompute(store)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    out.write_bytes(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=INFERRED_GRAPH) or b"")
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "inferred": inferred,
        "asserted": len(store) - inferred,
        "peak_rss_mb": _peak_rss_mb(),
    }


def verify(state: Path) -> dict[str, Any]:
    """In this process: does the inferred graph of ``state`` (N-Quads) equal a full recompute?"""
    store = ox.Store()
    store.load(path=str(state), format=ox.RdfFormat.N_QUADS)
    maintained, full = graph_lines(store), full_inferred_lines(store)
    return {
        "equal": maintained == full,
        "only_maintained": sorted(maintained - full)[:5],
        "only_full": sorted(full - maintained)[:5],
    }


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]


def bench_scale(scale: str, deltas: int, seed: int, work: Path) -> dict[str, Any]:
    """Every figure of one scale; prints its table."""
    store, data = _build(scale, work)
    state = work / f"{scale}-asserted.nq"
    store.dump(str(state), format=ox.RdfFormat.N_QUADS)
    full = _subprocess("--full", str(state), str(work / f"{scale}-inferred.nt"))
    store.load(path=str(work / f"{scale}-inferred.nt"), format=ox.RdfFormat.N_TRIPLES, to_graph=INFERRED_GRAPH)
    rss_before = _rss_mb()
    index = OxigraphIndex(store)
    started = time.perf_counter()
    reasoner = IncrementalReasoner.compile(index)
    compile_ms = (time.perf_counter() - started) * 1000
    assert reasoner.supported, reasoner.tables.unsupported

    rng = random.Random(seed)
    pool, cursor = _insert_pool(seed), 0
    reason_ms: list[float] = []
    reason_cpu_ms: list[float] = []
    by_kind: dict[str, list[float]] = {"insert": [], "delete": [], "both": []}
    write_ms: list[float] = []
    full_needed: list[str] = []
    changed = 0
    for _ in range(deltas):
        size = int(10 ** rng.uniform(0, 2))
        kind = rng.choices(["insert", "delete", "both"], weights=[4, 4, 2])[0]
        n_insert = size if kind == "insert" else (size + 1) // 2 if kind == "both" else 0
        n_delete = size - n_insert
        inserted = pool[cursor : cursor + n_insert]
        cursor = (cursor + n_insert) % max(1, len(pool) - 100)
        removed = [_pop_random(data, rng) for _ in range(min(n_delete, len(data)))]
        for triple in removed:
            _remove_anywhere(store, triple)
        store.extend(ox.Quad(s, p, o, DATA_GRAPH) for s, p, o in inserted)
        data.extend(inserted)
        started, cpu = time.perf_counter(), time.process_time()
        result = reasoner.apply(index, inserted=inserted, removed=removed)
        reason_ms.append((time.perf_counter() - started) * 1000)
        by_kind[kind].append(reason_ms[-1])
        reason_cpu_ms.append((time.process_time() - cpu) * 1000)
        if isinstance(result, NeedsFullRecompute):
            full_needed.append(result.reason)
            recompute(store)
            reasoner = IncrementalReasoner.compile(index)
            continue
        started = time.perf_counter()
        write_delta(store, result)
        write_ms.append((time.perf_counter() - started) * 1000)
        changed += len(result.added) + len(result.removed)
    rss_after = _rss_mb()
    store.dump(str(state), format=ox.RdfFormat.N_QUADS)
    del store, index, reasoner
    checked = _subprocess("--verify", str(state))
    figures = {
        "scale": scale,
        "asserted": full["asserted"],
        "inferred": full["inferred"],
        "full_recompute_s": full["seconds"],
        "full_recompute_cpu_s": full["cpu_seconds"],
        "full_recompute_peak_rss_mb": full["peak_rss_mb"],
        "compile_ms": compile_ms,
        "deltas": deltas,
        "reason_p50_ms": statistics.median(reason_ms),
        "reason_p50_ms_by_kind": {kind: statistics.median(times) for kind, times in by_kind.items() if times},
        "reason_p99_ms": _percentile(reason_ms, 0.99),
        "reason_max_ms": max(reason_ms),
        "reason_cpu_p50_ms": statistics.median(reason_cpu_ms),
        "reason_cpu_p99_ms": _percentile(reason_cpu_ms, 0.99),
        "write_p50_ms": statistics.median(write_ms) if write_ms else 0.0,
        "write_p99_ms": _percentile(write_ms, 0.99) if write_ms else 0.0,
        "inferred_changes": changed,
        "full_recomputes": len(full_needed),
        "full_recompute_reasons": sorted(set(full_needed))[:3],
        "rss_mb_before": rss_before,
        "rss_mb_after": rss_after,
        "peak_rss_mb": _peak_rss_mb(),
        "equal_to_full_recompute": checked["equal"],
        "differences": checked["only_maintained"] + checked["only_full"],
    }
    _print_table(figures)
    return figures


def _pop_random(items: list[Triple], rng: random.Random) -> Triple:
    """Remove and return a random item in O(1) (the order of the rest does not matter)."""
    index = rng.randrange(len(items))
    items[index], items[-1] = items[-1], items[index]
    return items.pop()


def _remove_anywhere(store: ox.Store, triple: Triple) -> None:
    s, p, o = triple
    for quad in list(store.quads_for_pattern(s, p, o)):
        if quad.graph_name != INFERRED_GRAPH:
            store.remove(quad)


def _print_table(f: dict[str, Any]) -> None:
    goal = GOALS_MS[f["scale"]]
    verdict = "PASS" if f["reason_p50_ms"] <= goal else "MISS"
    speedup = f["full_recompute_s"] * 1000 / max(f["reason_p50_ms"], 1e-6)
    rows = [
        ("asserted / inferred triples", f"{f['asserted']:,} / {f['inferred']:,}", ""),
        (
            "old: full recompute per write",
            f"{f['full_recompute_s']:.2f} s",
            f"CPU {f['full_recompute_cpu_s']:.2f} s; peak RSS {f['full_recompute_peak_rss_mb']:.0f} MB",
        ),
        ("compile the rules (once)", f"{f['compile_ms']:.1f} ms", ""),
        (
            "reasoning delta p50",
            f"{f['reason_p50_ms']:.2f} ms",
            f"goal <= {goal:.0f} ms: {verdict} ({speedup:,.0f}x faster)",
        ),
        (
            "reasoning delta p99 / max",
            f"{f['reason_p99_ms']:.2f} / {f['reason_max_ms']:.1f} ms",
            f"CPU p50 {f['reason_cpu_p50_ms']:.2f} ms, p99 {f['reason_cpu_p99_ms']:.2f} ms",
        ),
        (
            "p50 by kind of write",
            " / ".join(f"{v:.2f}" for v in f["reason_p50_ms_by_kind"].values()) + " ms",
            " / ".join(f["reason_p50_ms_by_kind"]) + " (1-100 triples, log-uniform)",
        ),
        (
            "writing the delta p50 / p99",
            f"{f['write_p50_ms']:.2f} / {f['write_p99_ms']:.2f} ms",
            "SPARQL update or extend",
        ),
        ("inferred triples changed", f"{f['inferred_changes']:,} in {f['deltas']} writes", ""),
        ("writes that needed a full recompute", str(f["full_recomputes"]), "; ".join(f["full_recompute_reasons"])),
        (
            "RSS before / after the writes",
            f"{f['rss_mb_before']:.0f} / {f['rss_mb_after']:.0f} MB",
            f"peak {f['peak_rss_mb']:.0f} MB (store and rules, no full recompute)",
        ),
        (
            "inferred graph == full recompute",
            "yes" if f["equal_to_full_recompute"] else "NO",
            "; ".join(f["differences"]),
        ),
    ]
    print(f"\n== {f['scale']} ({f['deltas']} writes of 1-100 triples) ==")
    for name, value, note in rows:
        print(f"  {name:<38} {value:>24}   {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="bundled,1m", help="comma-separated: bundled, 1m")
    parser.add_argument("--deltas", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="keep the generated data and states there")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--full", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--verify", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.full:
        print(json.dumps(full_recompute(*args.full)))
        return 0
    if args.verify:
        print(json.dumps(verify(args.verify)))
        return 0
    print(_caveat())
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-incremental-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for scale in args.sizes.split(","):
            results.append(bench_scale(scale.strip(), args.deltas, args.seed, work))
    print("\n" + _caveat())
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
