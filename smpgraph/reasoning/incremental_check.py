"""The full recompute that incremental reasoning must equal, over a pyoxigraph store.

This is the store's reasoning path (``OxigraphStore.reason``): the asserted graphs are dumped as N-Triples,
reasonable completed with ``prp-spo2`` computes the closure, and :func:`smpgraph.reasoning.ntriples_lines`
keeps what the store keeps (:func:`~smpgraph.reasoning.infer_lines_from_file`). Tests and the benchmark
compare :mod:`smpgraph.reasoning.incremental` with it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Final

import pyoxigraph as ox
from rdflib import Graph

from smpgraph.reasoning.closure import infer_lines_from_file
from smpgraph.reasoning.incremental_index import INFERRED_GRAPH

#: the owl:propertyChainAxiom triples with their RDF lists (what rule prp-spo2 reads)
_CHAIN_QUERY: Final = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
CONSTRUCT { ?p owl:propertyChainAxiom ?head . ?node rdf:first ?step ; rdf:rest ?rest . }
WHERE { ?p owl:propertyChainAxiom ?head . ?head rdf:rest* ?node . ?node rdf:first ?step ; rdf:rest ?rest . }
"""


def chain_axioms(store: ox.Store) -> Graph:
    """The property chain axioms of ``store`` as an rdflib Graph (small: the axioms and their lists)."""
    triples = store.query(_CHAIN_QUERY, use_default_graph_as_union=True)
    assert isinstance(triples, ox.QueryTriples)
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return Graph().parse(data=data, format="nt")


def full_inferred_lines(store: ox.Store, inferred_graph: ox.NamedNode = INFERRED_GRAPH) -> frozenset[str]:
    """What a full recompute puts in the inferred graph of ``store``, as N-Triples lines.

    Raises:
        ReasoningError: the reasoner failed.
    """
    with tempfile.TemporaryDirectory(prefix="smpgraph-incremental-") as tmp:
        path = Path(tmp) / "asserted.ttl"  # reasonable picks its parser by suffix; N-Triples is Turtle
        with path.open("wb") as out:
            for graph in [ox.DefaultGraph(), *store.named_graphs()]:
                if graph != inferred_graph:
                    store.dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        return infer_lines_from_file(path, chain_axioms=chain_axioms(store)).lines


def graph_lines(store: ox.Store, graph: ox.NamedNode = INFERRED_GRAPH) -> frozenset[str]:
    """One graph of ``store`` as N-Triples lines, written by the engine."""
    if not store.contains_named_graph(graph):
        return frozenset()
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""
    return frozenset(data.decode("utf-8").splitlines())


def recompute(store: ox.Store, inferred_graph: ox.NamedNode = INFERRED_GRAPH) -> int:
    """Replace the inferred graph of ``store`` by a full recompute; return its size.

    Raises:
        ReasoningError: the reasoner failed.
    """
    lines = full_inferred_lines(store, inferred_graph)
    store.remove_graph(inferred_graph)
    store.load(
        "".join(f"{line}\n" for line in lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=inferred_graph
    )
    return len(lines)
