"""On every backend: FROM / FROM NAMED name a query's dataset, and updates cannot write protected graphs."""

from __future__ import annotations

import pytest

from smpgraph.errors import UpdateNotAllowedError
from smpgraph.store.base import ResultFormat, SelectResult

pytestmark = pytest.mark.engines

INF = "https://w3id.org/smpgraph/id/graph/inferred"
META = "https://w3id.org/smpgraph/id/graph/meta"
DOGS = b"""@prefix ex: <http://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Dog rdfs:subClassOf ex:Animal . ex:rex a ex:Dog ."""


def _count(store, query: str) -> int:
    result = store.query(query)
    assert isinstance(result, SelectResult)
    return int(result.rows[0][0])


def test_from_and_from_named_replace_the_union(make_store) -> None:
    store = make_store()
    store.load(b"<urn:a> <urn:p> 1 .", format=ResultFormat.TURTLE, name="a", graph="urn:g:a", reason=False)
    store.load(
        b"<urn:b> <urn:p> 2 . <urn:c> <urn:p> 3 .", format=ResultFormat.TURTLE, name="b", graph="urn:g:b", reason=False
    )
    assert _count(store, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == 3
    assert _count(store, "SELECT (COUNT(*) AS ?n) FROM <urn:g:a> { ?s ?p ?o }") == 1
    assert _count(store, "SELECT (COUNT(*) AS ?n) FROM NAMED <urn:g:b> { ?s ?p ?o }") == 0
    assert _count(store, "SELECT (COUNT(*) AS ?n) FROM NAMED <urn:g:b> { GRAPH ?g { ?s ?p ?o } }") == 2


@pytest.mark.parametrize(
    "update",
    [
        f"MOVE <{INF}> TO <urn:x>",
        f"INSERT DATA {{ GRAPH <{META}> {{ <urn:a> <urn:b> <urn:c> }} }}",
        f"INSERT {{ GRAPH ?g {{ <urn:a> <urn:b> <urn:c> }} }} WHERE {{ BIND(<{INF}> AS ?g) }}",
    ],
)
def test_updates_of_protected_graphs_are_refused(make_store, update) -> None:
    store = make_store(reasoner="owlrl")
    store.load(DOGS, format=ResultFormat.TURTLE, name="dogs", graph="http://example.org/dogs")
    inferred = len(store.get_graph(INF))
    assert inferred > 0
    with pytest.raises(UpdateNotAllowedError):
        store.update(update)
    assert len(store.get_graph(INF)) == inferred
    assert "urn:x" not in {str(name) for name in store.graph_names()}
