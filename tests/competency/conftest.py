"""The dataset the competency questions run on.

A stand-in for the product's store API: an in-memory Oxigraph store holding the ontology, the reference code lists
and the example partnerships, plus their OWL RL closure computed with ``reasonable``. The lead will swap this
fixture for the real one; keep it small and isolated.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
import rdflib

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_FILES = sorted((ROOT / "ontology").glob("**/*.ttl"))
REFERENCE_FILES = sorted((ROOT / "data" / "reference").glob("*.ttl"))
EXAMPLE_FILES = sorted((ROOT / "data" / "examples").glob("*.ttl"))


def _closure(graph: rdflib.Graph) -> list[tuple[rdflib.term.Node, ...]]:
    import reasonable

    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(graph)
    return reasoner.reason()


def _to_oxigraph(term: rdflib.term.Node) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
    if isinstance(term, rdflib.URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
        return pyoxigraph.Literal(str(term))
    raise TypeError(f"unexpected RDF term {term!r}")


@pytest.fixture(scope="module")
def reasoned_store() -> pyoxigraph.Store:
    """Ontology + reference data + examples + their OWL RL closure, in one in-memory store."""
    graph = rdflib.Graph()
    for path in [*ONTOLOGY_FILES, *REFERENCE_FILES, *EXAMPLE_FILES]:
        graph.parse(path, format="turtle")
    inferred = _closure(graph)
    store = pyoxigraph.Store()
    quads = [pyoxigraph.Quad(*(_to_oxigraph(t) for t in triple)) for triple in graph]
    quads += [
        pyoxigraph.Quad(*(_to_oxigraph(t) for t in triple))
        for triple in inferred
        if not isinstance(triple[1], rdflib.BNode)
    ]
    store.bulk_extend(quads)
    return store
