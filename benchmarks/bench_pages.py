"""Server time of every page of the bundled data (issue 17): p50, p95 and max, against 300 ms.

The pages: the workbench's own (home, query, validate, explore, corridors, the interactive network, the IOM paper), the
summary page of every partnership (the examples, with their readiness computed live) and of every
bilateral labour agreement, the page of every source that a fact cites, and the page of every member of a
partnership and every country that is a party or an end of a corridor. Each is requested once, in HTML,
through the WSGI app in this process (Flask's test client: the app and the store, no network); a
first request per page kind warms the caches (shape catalog, ontology) and is reported apart. Before
that, the page caches are built as ``smpgraph serve`` builds them at start (:func:`smpgraph.web.warm.warm_pages`:
graph views, explore index, validation of every partnership; its time is printed), unless ``--cold``.

The store is the bundled graph as ``smpgraph serve`` has it (``--backend oxigraph``: on disk, queries in
worker processes, reasoned) or in memory without the closure, as the web tests have it
(``--backend memory``, the default: quicker to build).

    python -m benchmarks.bench_pages [--backend memory|oxigraph] [--limit N] [--lang fr] [--cold]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

GOAL_MS = 300.0
_PREFIX = "https://w3id.org/smpgraph/id/"
_LIST = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX smp: <https://w3id.org/smpgraph/ontology#>
SELECT DISTINCT ?kind ?x WHERE {
  { ?x a smp:Partnership . FILTER NOT EXISTS { ?x smp:hasInstrument/a smp:BilateralLabourMigrationAgreement }
    BIND ("partnership" AS ?kind) }
  UNION { ?x a smp:SkillsMobilityPartnership . BIND ("partnership" AS ?kind) }
  UNION { ?x a ?class . VALUES ?class { smp:LabourMobilityPathway smp:ComplementaryPathway smp:CooperationFramework }
          BIND ("partnership" AS ?kind) }
  UNION { ?x smp:hasInstrument/a smp:BilateralLabourMigrationAgreement . BIND ("agreement" AS ?kind)
          FILTER NOT EXISTS { ?x a ?smp . VALUES ?smp { smp:SkillsMobilityPartnership smp:LabourMobilityPathway
                                            smp:ComplementaryPathway smp:CooperationFramework } } }
  UNION { ?fact prov:wasDerivedFrom|dcterms:source ?x . FILTER (isIRI(?x))
          FILTER NOT EXISTS { ?fact a <http://www.w3.org/ns/shacl#NodeShape> }
          FILTER NOT EXISTS { ?fact a <http://www.w3.org/ns/shacl#PropertyShape> }
          FILTER (!STRSTARTS(STR(?x), "https://w3id.org/smpgraph/id/source/iom-smp-prerequisites"))
          BIND ("source" AS ?kind) }
  UNION { ?p smp:hasMembership/org:member ?x . BIND ("member" AS ?kind) }
  UNION { ?p smp:hasCorridor/(smp:originCountry|smp:destinationCountry) ?x . BIND ("country" AS ?kind) }
}"""
_STATIC = (
    "/",
    "/query",
    "/validate",
    "/explore",
    "/explore/corridors",
    "/network",
    "/source/iom-smp-prerequisites",
)


def _path(iri: str) -> str:
    if iri.startswith(_PREFIX):
        return "/id/" + iri[len(_PREFIX) :]
    return "/resource?iri=" + quote(iri, safe="")


def _store(backend: str, workdir: str):  # type: ignore[no-untyped-def]
    from smpgraph.bundle import load_bundled
    from smpgraph.config import Settings
    from smpgraph.store import open_store

    if backend == "memory":
        settings = Settings(backend="memory", reasoner="none")
        store = open_store(settings)
        load_bundled(store, reason=False)
    else:
        settings = Settings(backend="oxigraph", data_dir=Path(workdir))
        store = open_store(settings)
        load_bundled(store)
    return settings, store


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("memory", "oxigraph"), default="memory")
    parser.add_argument("--limit", type=int, default=0, help="at most N pages of each kind (0: all)")
    parser.add_argument("--lang", default="en", choices=("en", "fr", "es"))
    parser.add_argument("--cold", action="store_true", help="do not build the page caches ahead (the server does)")
    args = parser.parse_args(argv)

    from smpgraph.server import create_app
    from smpgraph.store.base import SelectResult

    with tempfile.TemporaryDirectory(prefix="bench-pages-") as workdir:
        started = time.perf_counter()
        settings, store = _store(args.backend, workdir)
        print(f"store: {args.backend}, {len(store):,} triples, built in {time.perf_counter() - started:.1f} s")
        app = create_app(settings, store=store)
        if not args.cold:
            from smpgraph.server import warm_pages

            print(f"page caches built ahead, as 'smpgraph serve' does at start: {warm_pages(app):.1f} s")
        client = app.test_client()
        result = store.query(_LIST, max_rows=0)
        assert isinstance(result, SelectResult)
        pages: dict[str, list[str]] = defaultdict(list)
        pages["workbench"] = list(_STATIC)
        for kind, iri in sorted({(str(k), str(x)) for k, x in result.rows}):
            pages[kind].append(_path(iri))
        times: dict[str, list[float]] = defaultdict(list)
        slowest: list[tuple[float, str]] = []
        warm: dict[str, float] = {}
        failures: list[str] = []
        for kind, paths in pages.items():
            chosen = paths[: args.limit] if args.limit else paths
            for index, path in enumerate(chosen):
                began = time.perf_counter()
                url = f"{path}{'&' if '?' in path else '?'}lang={args.lang}"
                response = client.get(url, headers={"Accept": "text/html"})
                elapsed = (time.perf_counter() - began) * 1000
                response.close()
                if response.status_code != 200:
                    failures.append(f"{response.status_code} {path}")
                if index == 0:
                    warm[kind] = elapsed
                else:
                    times[kind].append(elapsed)
                    slowest = sorted([*slowest, (elapsed, path)], reverse=True)[:5]
        store.close()
    everything = [t for values in times.values() for t in values]
    print(f"load average {os.getloadavg()[0]:.2f} (shared machine: compare figures only with the load in view)")
    print(f"{'kind':<12} {'pages':>6} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, values in times.items():
        if values:
            print(
                f"{kind:<12} {len(values) + 1:>6} {warm[kind]:>9.0f} {statistics.median(values):>8.0f} "
                f"{_pct(values, 0.95):>8.0f} {max(values):>8.0f}"
            )
    worst = max(everything)
    p50, p95 = statistics.median(everything), _pct(everything, 0.95)
    verdict = "PASS" if worst <= GOAL_MS else "MISS"
    print(
        f"{'all':<12} {len(everything):>6} {'':>9} {p50:>8.0f} {p95:>8.0f} {worst:>8.0f}"
        f"  goal max <= {GOAL_MS:.0f} ms: {verdict}"
    )
    print(
        "first request of each kind (warm-up, not in the figures): "
        + ", ".join(f"{k} {v:.0f} ms" for k, v in warm.items())
    )
    print("slowest: " + ", ".join(f"{path} {elapsed:.0f} ms" for elapsed, path in slowest))
    if failures:
        print(f"{len(failures)} pages did not answer 200: " + "; ".join(failures[:10]))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
