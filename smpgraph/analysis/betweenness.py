"""Betweenness centrality on weighted distances: Brandes' algorithm on integer-indexed adjacency lists.

The same definition and normalisation as ``nx.betweenness_centrality(G, weight=..., normalized=True)``
for undirected graphs, about twice as fast on the cooperation graph because it works on lists of
``(index, distance)`` pairs instead of dicts of edge-attribute dicts (``notes/perf-baseline.md`` s. 5:
exact betweenness is the bottleneck of the gap report). With ``k`` it samples ``k`` sources with a
seeded ``random.Random`` and scales by ``n / k``, as networkx does (the sample itself differs).

Examples:
    >>> import networkx as nx
    >>> betweenness(nx.path_graph(["a", "b", "c"]), weight="distance")
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
"""

from __future__ import annotations

import random
from collections.abc import Hashable
from heapq import heappop, heappush

import networkx as nx

from smpgraph.errors import AnalysisError

__all__ = ["betweenness"]


def betweenness(graph: nx.Graph, *, weight: str, k: int | None = None, seed: int = 42) -> dict[Hashable, float]:
    """Normalised betweenness of every node of an undirected graph, on the distances in ``weight``.

    Args:
        graph: an undirected simple graph.
        weight: the edge attribute holding the distance (1 where missing).
        k: sample this many sources (None: every node, exact).
        seed: the seed of the sample.

    Returns:
        Node -> betweenness in [0, 1].

    Raises:
        AnalysisError: the graph is directed, or ``k`` is not in [1, n].
    """
    if graph.is_directed():
        raise AnalysisError("betweenness here is for undirected graphs")
    nodes = list(graph)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    adjacency = [[(index[w], float(d.get(weight, 1))) for w, d in graph[v].items()] for v in nodes]
    if k is not None and not 1 <= k <= n:
        raise AnalysisError(f"k must be between 1 and the number of nodes ({n}), not {k}")
    sources = range(n) if k is None else random.Random(seed).sample(range(n), k)  # noqa: S311 - a reproducible sample, not a secret
    score = [0.0] * n
    for s in sources:
        _accumulate(adjacency, s, score)
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    if k is not None:
        scale *= n / k
    return {node: score[i] * scale for i, node in enumerate(nodes)}


def _accumulate(adjacency: list[list[tuple[int, float]]], s: int, score: list[float]) -> None:
    """One source of Brandes' algorithm (Dijkstra, then dependency accumulation)."""
    order: list[int] = []
    preds: dict[int, list[int]] = {s: []}
    sigma: dict[int, float] = {s: 1.0}
    done: dict[int, float] = {}
    seen: dict[int, float] = {s: 0.0}
    queue: list[tuple[float, int, int]] = [(0.0, s, s)]
    while queue:
        dist, v, pred = heappop(queue)
        if v in done:
            continue
        if v != s:
            sigma[v] += sigma[pred]
        order.append(v)
        done[v] = dist
        for w, length in adjacency[v]:
            alt = dist + length
            if w in done:
                continue
            known = seen.get(w)
            if known is None or alt < known:
                seen[w] = alt
                heappush(queue, (alt, w, v))
                sigma[w] = 0.0
                preds[w] = [v]
            elif alt == known:
                sigma[w] += sigma[v]
                preds[w].append(v)
    delta = dict.fromkeys(order, 0.0)
    while order:
        w = order.pop()
        coefficient = (1.0 + delta[w]) / sigma[w]
        for v in preds[w]:
            delta[v] += sigma[v] * coefficient
        if w != s:
            score[w] += delta[w]
