"""What the embedded store promises beyond single operations: its Protocols, its reasoning over writes, its lock.

(The same contract on every backend, the remote ones included, is tested in tests/engines/test_backends.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from smpgraph.config import Settings
from smpgraph.errors import QueryError, RdfSyntaxError
from smpgraph.store import GraphStore, ResultFormat, SupportsBackup, open_store

EX = "http://example.org/"
ONTOLOGY = f"""@prefix ex: <{EX}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:hasStakeholder owl:propertyChainAxiom ( ex:hasMembership ex:member ) .
ex:hasMembership owl:inverseOf ex:organization .
"""
CHAINED = f"ASK {{ <{EX}P> <{EX}hasStakeholder> <{EX}Y> }}"


def test_the_embedded_store_is_a_graph_store_with_backup(memory_store: GraphStore) -> None:
    assert isinstance(memory_store, GraphStore) and isinstance(memory_store, SupportsBackup)
    assert memory_store.backend == "oxigraph" and memory_store.location == "memory"
    assert memory_store.metadata.fresh


@pytest.mark.parametrize("reasoner", ["reasonable", "owlrl"])
def test_a_conclusion_goes_when_its_premise_is_deleted(reasoner: str) -> None:
    """The chain's first step is inferred (an inverse); once its premise is gone, so is the chain's conclusion.

    An earlier closure is never read as data: with reasonable, chain conclusions were once seeded from the
    union of all graphs, the old inferred graph included, and outlived their premise.
    """
    store = open_store(Settings(backend="memory", reasoner=reasoner))
    try:
        store.load(ONTOLOGY.encode(), format=ResultFormat.TURTLE, name="ontology.ttl", reason=False)
        data = f"@prefix ex: <{EX}> . ex:m ex:organization ex:P ; ex:member ex:Y ."
        store.load(data.encode(), format=ResultFormat.TURTLE, name="data.ttl", graph=f"{EX}data")
        assert store.query(CHAINED).value  # type: ignore[union-attr]
        store.update(f"DELETE DATA {{ GRAPH <{EX}data> {{ <{EX}m> <{EX}organization> <{EX}P> }} }}")
        assert not store.query(CHAINED).value  # type: ignore[union-attr]
        assert store.info().reasoning.inferred_triples == 0
    finally:
        store.close()


def test_an_error_kept_by_the_caller_does_not_keep_the_store_locked(tmp_path: Path) -> None:
    """pyoxigraph has no close(): a traceback that held the engine would hold the folder's lock with it."""
    kept: list[BaseException] = []
    bad = b"<urn:a> <urn:b> ."
    for timeout in (0.0, 30.0):  # on the caller's thread, and on a query worker
        store = open_store(Settings(backend="oxigraph", query_timeout_s=timeout), path=tmp_path / "store")
        store.load(b"<urn:a> <urn:b> <urn:c> .", format=ResultFormat.NTRIPLES, name="a.nt", reason=False)
        with pytest.raises(QueryError) as query_error:
            store.query("SELEC nothing")
        with pytest.raises(RdfSyntaxError) as first_load_error:  # a first load: the engine parses
            store.load(bad, format=ResultFormat.NTRIPLES, name="b.nt", reason=False)
        with pytest.raises(RdfSyntaxError) as new_version_error:  # a new version: parsed here
            store.load(bad, format=ResultFormat.NTRIPLES, name="a.nt", reason=False)
        with pytest.raises(QueryError) as update_error:
            store.update("INSERT DATA { <urn:a> <urn:b> }")
        kept += [query_error.value, first_load_error.value, new_version_error.value, update_error.value]
        store.close()
    reopened = open_store(Settings(backend="oxigraph"), path=tmp_path / "store")  # not StoreLockedError
    assert len(reopened) == 1
    reopened.close()
