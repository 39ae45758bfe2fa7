"""Materialisation: what the inferred graph of a store should hold, computed from its asserted data.

Every store backend calls :func:`materialise` with its asserted data in an Oxigraph engine (the embedded
store passes its own, the remote store a scratch copy) and writes the lines it returns into its inferred
graph. This module chooses how:

* the fast path (the ``reasonable`` setting) first runs the rules of the ontology, compiled for incremental
  writes, forwards over the store (:mod:`smpgraph.reasoning.forward`): the data stays in the engine and the
  closure goes to a scratch store on disk, so memory stays bounded (3.1 GB at 1M triples before, see ADR 0014);
* where the compiled rules cannot see the data whole (blank nodes in the data, an ontology outside what is
  compiled), reasonable, completed with rule ``prp-spo2`` (:mod:`smpgraph.reasoning._chains`), works in
  N-Triples string space: it reads an N-Triples dump of the asserted graphs from a temporary file, seeded with the
  property-chain conclusions over the asserted data (one SPARQL path query per chain axiom, which spares
  a second round of the reasoner); its closure is filtered and compared as text (:func:`infer_lines_from_file`);
* ``owlrl``, the reference, reasons over the same dump read into rdflib (:func:`compute_inferences`).

Only the asserted graphs are read: an inferred graph left from an earlier run never feeds the new one.
This package never imports :mod:`smpgraph.store`; the store calls it (docs/decisions/0011-store-layout.md).
"""

from __future__ import annotations

import enum
import logging
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pyoxigraph as ox
from rdflib import Graph, URIRef

from smpgraph.reasoning._chains import read_chain_axioms
from smpgraph.reasoning.closure import ReasoningEngine, compute_inferences, infer_lines_from_file, ntriples_lines
from smpgraph.reasoning.forward import ForwardClosure, forward_closure

logger = logging.getLogger(__name__)

#: the ``owl:propertyChainAxiom`` triples with the RDF lists they point to
CHAIN_AXIOMS_QUERY: Final = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
CONSTRUCT { ?p owl:propertyChainAxiom ?list . ?node rdf:first ?step ; rdf:rest ?rest . }
WHERE { ?p owl:propertyChainAxiom ?list . ?list rdf:rest* ?node . ?node rdf:first ?step ; rdf:rest ?rest . }
"""

Graphs = list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]


class ClosureMethod(enum.Enum):
    """How a closure was computed."""

    FORWARD = "compiled rules"
    """The rules of the ontology compiled and run forwards over the store (:mod:`smpgraph.reasoning.forward`):
    the fast path's first choice, in bounded memory."""
    REASONABLE = "reasonable"
    """reasonable + ``prp-spo2`` over a dump: the fast path where the compiled rules cannot see the data."""
    OWLRL = "owlrl"
    """owlrl, the reference."""


@dataclass(frozen=True, slots=True)
class Materialisation:
    """The content of an inferred graph.

    Attributes:
        lines: one ``<s> <p> <o> .`` line (no newline) per inferred triple, as Oxigraph writes N-Triples
            (literals in the engine's canonical form, so they compare equal to a dump); never a blank node.
        engine: the engine configured (``reasonable`` stands for the fast path: see :class:`ClosureMethod`).
        seconds: wall-clock time of the run.
        method: how the closure was computed.
    """

    lines: frozenset[str]
    engine: ReasoningEngine
    seconds: float
    method: ClosureMethod

    def __len__(self) -> int:
        return len(self.lines)


def engine_named(name: str) -> ReasoningEngine | None:
    """The engine a setting names (``reasonable``, ``owlrl``), or ``None`` for ``none``.

    Raises:
        ValueError: the name is none of these.
    """
    return None if name == "none" else ReasoningEngine(name)


def materialise(
    data: Callable[[], ox.Store],
    *,
    engine: ReasoningEngine,
    exclude: Iterable[ox.NamedNode] = (),
) -> Materialisation:
    """The inferred triples of the asserted data in ``data()``: every graph of it but those in ``exclude``.

    Args:
        data: the function that returns the Oxigraph engine holding the asserted data (read, never
            written). It is called at each use, so that no frame of a traceback keeps the engine: an
            embedded store's engine holds the store's lock for as long as anything refers to it.
        engine: the engine to run.
        exclude: graphs that are not asserted data (the inferred graph of an earlier run).

    Returns:
        The inferred triples as N-Triples lines, filtered as :mod:`smpgraph.reasoning.closure` says.

    Raises:
        ReasoningError: the engine failed.
    """
    started = time.perf_counter()
    left_out = set(exclude)
    graphs: Graphs = [ox.DefaultGraph(), *(g for g in data().named_graphs() if g not in left_out)]
    if engine is ReasoningEngine.REASONABLE:
        forward = forward_closure(data, graphs)
        if isinstance(forward, ForwardClosure):
            return Materialisation(forward.lines, engine, time.perf_counter() - started, ClosureMethod.FORWARD)
        logger.info("the compiled rules cannot compute this closure (%s): reasonable computes it", forward.reason)
    with tempfile.TemporaryDirectory(prefix="smpgraph-reason-") as tmp:
        path = Path(tmp) / "asserted.ttl"  # reasonable picks its parser by suffix; N-Triples is Turtle
        with path.open("wb") as out:
            for graph in graphs:
                data().dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        if engine is ReasoningEngine.OWLRL:
            asserted = Graph().parse(path, format="nt")
            lines = ntriples_lines(compute_inferences(asserted, engine=engine).graph)
        else:
            chain_axioms = _chain_axioms(data, graphs)
            seed = _chained_over_asserted(data, graphs, chain_axioms)
            lines = infer_lines_from_file(path, chain_axioms=chain_axioms, seed=seed).lines
    method = ClosureMethod.OWLRL if engine is ReasoningEngine.OWLRL else ClosureMethod.REASONABLE
    return Materialisation(lines, engine, time.perf_counter() - started, method)


def _chain_axioms(data: Callable[[], ox.Store], graphs: Graphs) -> Graph:
    """The chain axioms of the asserted graphs, with their lists, as an rdflib graph."""
    result = data().query(CHAIN_AXIOMS_QUERY, default_graph=graphs)
    assert isinstance(result, ox.QueryTriples)
    text = result.serialize(format=ox.RdfFormat.N_TRIPLES) or b""
    return Graph().parse(data=text.decode("utf-8"), format="nt")  # one document: its blank nodes stay one list


def _chained_over_asserted(
    data: Callable[[], ox.Store], graphs: Graphs, chain_axioms: Graph
) -> list[tuple[URIRef, URIRef, URIRef]]:
    """Property-chain conclusions over the asserted data, one SPARQL path query per chain axiom."""
    seed: list[tuple[URIRef, URIRef, URIRef]] = []
    for axiom in read_chain_axioms(chain_axioms):
        if not isinstance(axiom.implied, URIRef) or not all(isinstance(step, URIRef) for step in axiom.steps):
            continue  # inverse-property steps are left to the reasoner's rounds
        path = "/".join(f"<{step}>" for step in axiom.steps)
        solutions = data().query(f"SELECT DISTINCT ?x ?y WHERE {{ ?x {path} ?y }}", default_graph=graphs)
        assert isinstance(solutions, ox.QuerySolutions)
        for x, y in solutions:
            if isinstance(x, ox.NamedNode) and isinstance(y, ox.NamedNode):
                seed.append((URIRef(x.value), axiom.implied, URIRef(y.value)))
    return seed
