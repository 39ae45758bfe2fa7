"""Our Brandes betweenness and Burt's constraint against networkx, on graphs built to have ties (ADR 0008)."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from smpgraph.analysis.betweenness import betweenness
from smpgraph.analysis.centrality import burt_constraint, lowest_constraint
from smpgraph.errors import AnalysisError


def _weighted(graph: nx.Graph, seed: int) -> nx.Graph:
    """Shared-partnership weights 1-3 and distances 1/weight, as on the cooperation graph."""
    rng = random.Random(seed)
    for _, _, data in graph.edges(data=True):
        data["weight"] = rng.choice((1, 1, 1, 2, 3))
        data["distance"] = 1.0 / data["weight"]
    return graph


GRAPHS = {
    "path": nx.path_graph(5),
    "grid (many equal shortest paths)": nx.grid_2d_graph(4, 5),
    "karate": nx.karate_club_graph(),
    "les miserables": nx.les_miserables_graph(),
    "two components and an isolate": nx.disjoint_union(nx.cycle_graph(6), nx.star_graph(4)),
    "random weighted": _weighted(nx.gnm_random_graph(60, 180, seed=5), seed=5),
    "random weighted, sparse": _weighted(nx.gnm_random_graph(80, 100, seed=9), seed=9),
}
GRAPHS["two components and an isolate"].add_node("alone")


@pytest.mark.parametrize("name", sorted(GRAPHS))
@pytest.mark.parametrize("weight", [None, "distance"])
def test_exact_betweenness_equals_networkx(name, weight):
    graph = GRAPHS[name]
    ours = betweenness(graph, weight=weight or "no-such-attribute")
    theirs = nx.betweenness_centrality(graph, weight=weight, normalized=True)
    assert ours.keys() == theirs.keys()
    assert all(ours[n] == pytest.approx(theirs[n], abs=1e-12) for n in graph), name


def test_sampled_betweenness_is_scaled_and_reproducible():
    graph = GRAPHS["karate"]
    first = betweenness(graph, weight="weight", k=10, seed=3)
    assert first == betweenness(graph, weight="weight", k=10, seed=3)
    assert first != betweenness(graph, weight="weight", k=10, seed=4)
    whole = betweenness(graph, weight="weight", k=graph.number_of_nodes(), seed=3)
    assert whole == pytest.approx(betweenness(graph, weight="weight"))  # every source: exact
    with pytest.raises(AnalysisError):
        betweenness(graph, weight="weight", k=0)
    with pytest.raises(AnalysisError):
        betweenness(nx.DiGraph([(1, 2)]), weight="weight")


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_burt_constraint_equals_networkx(name):
    graph = GRAPHS[name]
    ours, theirs = burt_constraint(graph, weight="weight"), nx.constraint(graph, weight="weight")
    for node in graph:
        if math.isnan(theirs[node]):
            assert math.isnan(ours[node])
        else:
            assert ours[node] == pytest.approx(theirs[node], rel=1e-12), (name, node)


def test_burt_constraint_of_some_nodes_only():
    graph = GRAPHS["karate"]
    assert burt_constraint(graph, nodes=[0, 33]) == pytest.approx({n: burt_constraint(graph)[n] for n in (0, 33)})


@pytest.mark.parametrize("name", sorted(GRAPHS))
@pytest.mark.parametrize(("top", "min_degree"), [(1, 1), (5, 2), (20, 2), (500, 1)])
def test_lowest_constraint_equals_sorting_every_node(name, top, min_degree):
    graph = nx.relabel_nodes(GRAPHS[name], str)  # ties between nodes are broken by their string form
    scores = burt_constraint(graph, weight="weight")
    expected = sorted(
        ((c, n) for n, c in scores.items() if not math.isnan(c) and graph.degree(n) >= min_degree),
        key=lambda p: (p[0], p[1]),
    )[:top]
    found, computed = lowest_constraint(graph, top=top, weight="weight", min_degree=min_degree)
    assert [n for _, n in found] == [n for _, n in expected]
    assert [c for c, _ in found] == pytest.approx([c for c, _ in expected])
    assert computed <= graph.number_of_nodes()


def test_lowest_constraint_computes_few_nodes_on_a_hub_graph():
    graph = nx.barabasi_albert_graph(2000, 3, seed=1)
    found, computed = lowest_constraint(graph, top=10, min_degree=2)
    assert len(found) == 10
    assert computed < graph.number_of_nodes() / 4
