"""Incremental reasoning over a pyoxigraph store: the full recompute it must equal, and the glue around it.

:func:`full_inferred_lines` is the store's reasoning path (``OxigraphStore.reason``): the asserted graphs
are dumped as N-Triples, reasonable completed with ``prp-spo2`` computes the closure, and
:func:`smpgraph.reasoning.ntriples_lines` keeps what the store keeps. :class:`MaintainedStore` is what the
store's write paths will do (write, reason the delta, write the delta; or recompute in full); the tests and
the benchmark run it against the full recompute.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import pyoxigraph as ox
from rdflib import Graph

from smpgraph.reasoning.closure import infer_lines_from_file
from smpgraph.reasoning.incremental import IncrementalReasoner, InferenceDelta, NeedsFullRecompute
from smpgraph.reasoning.incremental_index import INFERRED_GRAPH, OxigraphIndex, Triple

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


def write_delta(store: ox.Store, delta: InferenceDelta, inferred_graph: ox.NamedNode = INFERRED_GRAPH) -> None:
    """Apply ``delta`` to the inferred graph of ``store`` in one transaction."""
    if delta.removed:
        parts = [f"DELETE DATA {{ GRAPH {inferred_graph} {{\n{_lines(delta.removed)}}} }}"]
        if delta.added:
            parts.append(f"INSERT DATA {{ GRAPH {inferred_graph} {{\n{_lines(delta.added)}}} }}")
        store.update(" ;\n".join(parts))
    elif delta.added:
        store.extend(ox.Quad(s, p, o, inferred_graph) for s, p, o in delta.added)  # type: ignore[arg-type]


def _lines(triples: frozenset[Triple]) -> str:
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples)


class MaintainedStore:
    """A pyoxigraph store whose inferred graph follows each write: incrementally, or in full when it must.

    The store must hold its closure already (see :func:`recompute`).
    """

    def __init__(self, store: ox.Store, inferred_graph: ox.NamedNode = INFERRED_GRAPH) -> None:
        """Maintain the inferred graph of ``store``; the rules are compiled from its schema now."""
        self.store = store
        self.index = OxigraphIndex(store, inferred_graph)
        self.reasoner = IncrementalReasoner.compile(self.index)
        self.full_recomputes = 0

    def write(
        self, graph: ox.NamedNode, *, inserted: Sequence[Triple] = (), removed: Sequence[Triple] = ()
    ) -> InferenceDelta | NeedsFullRecompute:
        """Remove then insert triples in the asserted ``graph``, and bring the inferred graph up to date.

        Returns:
            The delta written, or why the closure was recomputed in full instead (then the rules are
            compiled again, since the schema may have changed).
        """
        for s, p, o in removed:
            self.store.remove(ox.Quad(s, p, o, graph))  # type: ignore[arg-type]
        self.store.extend(ox.Quad(s, p, o, graph) for s, p, o in inserted)  # type: ignore[arg-type]
        result = self.reasoner.apply(self.index, inserted=inserted, removed=removed)
        if isinstance(result, NeedsFullRecompute):
            recompute(self.store, self.index.inferred_graph)
            self.reasoner = IncrementalReasoner.compile(self.index)
            self.full_recomputes += 1
        else:
            write_delta(self.store, result, self.index.inferred_graph)
        return result
