"""Betweenness centrality on weighted distances: Brandes' algorithm on integer-indexed adjacency lists.

The same definition and normalisation as ``nx.betweenness_centrality(G, weight=..., normalized=True)``
for undirected graphs, several times faster on the cooperation graph because it works on lists of
``(index, distance)`` pairs and per-node state in lists instead of dicts of edge-attribute dicts
(docs/design/engine-pitfalls.md, scale limits: betweenness is the bottleneck of the gap report; 0.08 s per source on
the 9.4k-stakeholder graph of 10k synthetic partnerships, against 0.2 s before and about 0.5 s in
networkx). ``tests/analysis/test_centrality.py`` checks it against networkx on graphs with ties in the
path lengths (ADR 0008). With ``k`` it samples ``k`` sources with a
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

from smpgraph.domain import DEFAULT_SEED
from smpgraph.errors import AnalysisError

__all__ = ["betweenness"]


def betweenness(
    graph: nx.Graph, *, weight: str, k: int | None = None, seed: int = DEFAULT_SEED
) -> dict[Hashable, float]:
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
    """One source of Brandes' algorithm (Dijkstra, then dependency accumulation).

    Per-node state lives in lists indexed by node (not dicts), and the heap holds ``(distance, node,
    predecessor)`` so that the number of shortest paths of a node is completed when it is settled,
    exactly as ``networkx.algorithms.centrality.betweenness._single_source_dijkstra_path_basic`` does.
    """
    n = len(adjacency)
    inf = float("inf")
    sigma = [0.0] * n
    seen = [inf] * n
    done = bytearray(n)
    preds: list[list[int]] = [[]] * n  # placeholders: a node gets its own list when first reached
    sigma[s], seen[s], preds[s] = 1.0, 0.0, []
    order: list[int] = []
    queue: list[tuple[float, int, int]] = [(0.0, s, s)]
    push, pop = heappush, heappop
    while queue:
        dist, v, pred = pop(queue)
        if done[v]:
            continue
        if v != s:
            sigma[v] += sigma[pred]
        done[v] = 1
        order.append(v)
        sigma_v = sigma[v]
        for w, length in adjacency[v]:
            if done[w]:
                continue
            alt = dist + length
            known = seen[w]
            if alt < known:
                seen[w] = alt
                push(queue, (alt, w, v))
                sigma[w] = 0.0
                preds[w] = [v]
            elif alt == known:
                sigma[w] += sigma_v
                preds[w].append(v)
    delta = [0.0] * n
    for w in reversed(order):
        coefficient = (1.0 + delta[w]) / sigma[w]
        for v in preds[w]:
            delta[v] += sigma[v] * coefficient
        if w != s:
            score[w] += delta[w]
