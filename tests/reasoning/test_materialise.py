"""smpgraph.reasoning.materialise: the inferred graph's lines for the asserted data of an Oxigraph engine."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from smpgraph.reasoning import ReasoningEngine, compute_inferences, ntriples_lines
from smpgraph.reasoning.materialise import engine_named, materialise

EX = "http://example.org/"
#: a property chain through an inverse: the chain's first step exists only as an inference
ONTOLOGY = f"""@prefix ex: <{EX}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:hasStakeholder owl:propertyChainAxiom ( ex:hasMembership ex:member ) .
ex:hasMembership owl:inverseOf ex:organization .
"""
DATA = f"@prefix ex: <{EX}> . ex:m ex:organization ex:P ; ex:member ex:Y ; ex:weight 1.50 ."
CHAINED = f"<{EX}P> <{EX}hasStakeholder> <{EX}Y> ."
INVERSE = f"<{EX}P> <{EX}hasMembership> <{EX}m> ."


def _engine(*graphs: tuple[str | None, str]) -> ox.Store:
    store = ox.Store()
    for name, turtle in graphs:
        target = ox.DefaultGraph() if name is None else ox.NamedNode(name)
        store.load(turtle.encode(), format=ox.RdfFormat.TURTLE, to_graph=target)
    return store


@pytest.mark.parametrize("engine", list(ReasoningEngine))
def test_materialise_infers_through_chains_and_inverses(engine: ReasoningEngine) -> None:
    store = _engine((f"{EX}ontology", ONTOLOGY), (None, DATA))
    result = materialise(lambda: store, engine=engine)
    assert result.lines == {CHAINED, INVERSE}
    assert result.engine is engine and len(result) == 2


@pytest.mark.parametrize("engine", list(ReasoningEngine))
def test_excluded_graphs_are_not_asserted_data(engine: ReasoningEngine) -> None:
    """An inferred graph left from an earlier run (here: a stale inverse) never feeds the new closure."""
    stale = f"@prefix ex: <{EX}> . ex:P ex:hasMembership ex:m ."
    data = f"@prefix ex: <{EX}> . ex:m ex:member ex:Y ."
    store = _engine((f"{EX}ontology", ONTOLOGY), (f"{EX}data", data), (f"{EX}inferred", stale))
    assert materialise(lambda: store, engine=engine, exclude=[ox.NamedNode(f"{EX}inferred")]).lines == frozenset()
    assert CHAINED in materialise(lambda: store, engine=engine).lines  # the same triples, counted as asserted


def test_materialise_equals_the_reference_closure_on_the_same_triples() -> None:
    """The store's path (dump, SPARQL-seeded chains, N-Triples lines) == compute_inferences + ntriples_lines."""
    store = _engine((f"{EX}ontology", ONTOLOGY), (f"{EX}data", DATA))
    graph = Graph().parse(data=ONTOLOGY, format="turtle").parse(data=DATA, format="turtle")
    for engine in ReasoningEngine:
        expected = ntriples_lines(compute_inferences(graph, engine=engine).graph)
        assert materialise(lambda: store, engine=engine).lines == expected


def test_engine_named() -> None:
    assert engine_named("none") is None
    assert engine_named("owlrl") is ReasoningEngine.OWLRL
    assert engine_named("reasonable") is ReasoningEngine.REASONABLE
    with pytest.raises(ValueError, match="nope"):
        engine_named("nope")
