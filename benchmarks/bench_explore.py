"""Benchmark of the explore page on the bundled data (issue 17, item 4): server time of ``GET /explore``.

Loads the bundled graph in memory (no reasoning, as the web tests do), then times through Flask's test
client: the first request (it builds the explore index: two SPARQL queries and the labels) and then every
URL of a fixed list of searches (no filter, one facet of each kind, combinations, sorting, a text search),
each ``--runs`` times after the index is built. Prints p50, p95 and max of the warm requests, and the
1-minute load average (the machine is shared: compare figures only with the load in view).

Usage::

    python -m benchmarks.bench_explore
    python -m benchmarks.bench_explore --runs 50
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

COUNTRY = "http://publications.europa.eu/resource/authority/country/"
SMP = "https://w3id.org/smpgraph/ontology#"
#: the searches timed: every facet at least once, with and without combinations and sorting
SEARCHES: tuple[str, ...] = (
    "/explore",
    f"/explore?kind={SMP}BilateralLabourMigrationAgreement",
    f"/explore?country={COUNTRY}PHL&provision=credentials",
    f"/explore?country={COUNTRY}MAR&side=origin",
    "/explore?decade=1990&sort=year",
    "/explore?from=2000&to=2010&sort=title",
    "/explore?provision=credentials&provision=social_security&match=all",
    "/explore?occupation=http://data.europa.eu/esco/isco/C2",
    "/explore?sector=construction",
    "/explore?funder=https://w3id.org/smpgraph/id/org/bmz",
    f"/explore?status={SMP}Ended",
    "/explore?q=philippines&sort=year-asc",
    "/explore?page=3",
    "/explore?lang=fr",
)


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each URL (20)")
    runs = parser.parse_args().runs

    from smpgraph.bundle import load_bundled
    from smpgraph.config import Settings
    from smpgraph.server import create_app
    from smpgraph.store import open_store

    settings = Settings(backend="memory", reasoner="none")
    store = open_store(settings)
    load_bundled(store, reason=False)
    client = create_app(settings, store=store).test_client()
    start = time.perf_counter()
    first = client.get("/explore")
    cold = time.perf_counter() - start
    assert first.status_code == 200
    client.get("/explore?lang=fr")  # the French index, built once like the English one
    times: list[float] = []
    for _ in range(runs):
        for url in SEARCHES:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, url
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(f"bundled graph: {len(store)} triples; load average {os.getloadavg()[0]:.2f}")
    print(f"first request (builds the index): {cold * 1000:.0f} ms")
    print(
        f"warm requests: n={len(times)} p50={statistics.median(times) * 1000:.1f} ms "
        f"p95={p95 * 1000:.1f} ms max={times[-1] * 1000:.1f} ms"
    )
    store.close()


if __name__ == "__main__":
    main()
