"""Where incremental reasoning reads triples: a narrow protocol, in memory or over an Oxigraph store.

Incremental reasoning (:mod:`smpgraph.reasoning.incremental`) looks triples up in the store as it is: the
asserted graphs and the inferred graph together. It never builds rdflib terms: a term is a pyoxigraph
``NamedNode``, ``BlankNode`` or ``Literal``, and a triple a plain tuple of three of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Final, Protocol, TypeAlias

import pyoxigraph as ox

from smpgraph.namespaces import GRAPH

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal
#: subject, predicate, object; a subject may be a literal while reasoning (a generalised triple), never stored
Triple: TypeAlias = tuple[Term, ox.NamedNode, Term]

#: the graph the store materialises the closure into (``smpgraph.store.metadata.INFERRED_GRAPH``)
INFERRED_GRAPH: Final = ox.NamedNode(str(GRAPH["inferred"]))


class TripleIndex(Protocol):
    """Lookups over asserted + inferred triples, and which of the two a triple is."""

    def contains(self, triple: Triple) -> bool:
        """True when the triple is asserted or inferred."""
        ...

    def objects(self, subject: Term, predicate: ox.NamedNode) -> Iterable[Term]:
        """The objects of ``subject predicate ?o`` (duplicates allowed; may be read lazily, in part)."""
        ...

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> Iterable[Term]:
        """The subjects of ``?s predicate obj`` (duplicates allowed; may be read lazily, in part)."""
        ...

    def triples(self, subject: Term | None, predicate: ox.NamedNode | None, obj: Term | None) -> Iterable[Triple]:
        """The triples matching a pattern; None matches anything (duplicates allowed)."""
        ...

    def is_asserted(self, triple: Triple) -> bool:
        """True when the triple is in an asserted graph."""
        ...

    def is_inferred(self, triple: Triple) -> bool:
        """True when the triple is in the inferred graph."""
        ...

    def blank_node_predicates(self) -> set[ox.NamedNode]:
        """The predicates of the asserted triples that mention a blank node."""
        ...


def _pattern_key(subject: Term | None, predicate: ox.NamedNode | None, obj: Term | None) -> tuple[int, Term | None]:
    if subject is not None:
        return 0, subject
    if obj is not None:
        return 2, obj
    return 1, predicate


class MemoryIndex:
    """An in-memory :class:`TripleIndex`: a set of asserted and a set of inferred triples."""

    def __init__(self, asserted: Iterable[Triple] = (), inferred: Iterable[Triple] = ()) -> None:
        """Hold ``asserted`` and ``inferred`` (a triple in both counts as asserted and inferred)."""
        self.asserted: set[Triple] = set()
        self.inferred: set[Triple] = set()
        self._by_sp: dict[tuple[Term, Term], set[Term]] = defaultdict(set)
        self._by_po: dict[tuple[Term, Term], set[Term]] = defaultdict(set)
        self._by_term: list[dict[Term | None, set[Triple]]] = [defaultdict(set) for _ in range(3)]
        self.add_asserted(asserted)
        self.add_inferred(inferred)

    def _link(self, triple: Triple) -> None:
        if triple in self.asserted or triple in self.inferred:
            return
        s, p, o = triple
        self._by_sp[s, p].add(o)
        self._by_po[p, o].add(s)
        for position, term in enumerate(triple):
            self._by_term[position][term].add(triple)

    def _unlink(self, triple: Triple) -> None:
        if triple in self.asserted or triple in self.inferred:
            return
        s, p, o = triple
        self._by_sp[s, p].discard(o)
        self._by_po[p, o].discard(s)
        for position, term in enumerate(triple):
            self._by_term[position][term].discard(triple)

    def add_asserted(self, triples: Iterable[Triple]) -> None:
        """Assert triples (a write to an asserted graph)."""
        for triple in triples:
            self._link(triple)
            self.asserted.add(triple)

    def remove_asserted(self, triples: Iterable[Triple]) -> None:
        """Retract triples from the asserted graphs."""
        for triple in triples:
            self.asserted.discard(triple)
            self._unlink(triple)

    def add_inferred(self, triples: Iterable[Triple]) -> None:
        """Add triples to the inferred graph."""
        for triple in triples:
            self._link(triple)
            self.inferred.add(triple)

    def remove_inferred(self, triples: Iterable[Triple]) -> None:
        """Remove triples from the inferred graph."""
        for triple in triples:
            self.inferred.discard(triple)
            self._unlink(triple)

    def contains(self, triple: Triple) -> bool:
        return triple in self.asserted or triple in self.inferred

    def objects(self, subject: Term, predicate: ox.NamedNode) -> Iterable[Term]:
        return tuple(self._by_sp.get((subject, predicate), ()))

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> Iterable[Term]:
        return tuple(self._by_po.get((predicate, obj), ()))

    def triples(self, subject: Term | None, predicate: ox.NamedNode | None, obj: Term | None) -> Iterable[Triple]:
        position, key = _pattern_key(subject, predicate, obj)
        candidates = self._by_term[position].get(key, ()) if key is not None else {*self.asserted, *self.inferred}
        return [
            t
            for t in candidates
            if (subject is None or t[0] == subject)
            and (predicate is None or t[1] == predicate)
            and (obj is None or t[2] == obj)
        ]

    def is_asserted(self, triple: Triple) -> bool:
        return triple in self.asserted

    def is_inferred(self, triple: Triple) -> bool:
        return triple in self.inferred

    def blank_node_predicates(self) -> set[ox.NamedNode]:
        return {t[1] for t in self.asserted if type(t[0]) is ox.BlankNode or type(t[2]) is ox.BlankNode}


class OxigraphIndex:
    """A :class:`TripleIndex` over a pyoxigraph store: every graph but the inferred one is asserted."""

    def __init__(self, store: ox.Store, inferred_graph: ox.NamedNode = INFERRED_GRAPH) -> None:
        """Read ``store``; its ``inferred_graph`` holds the materialised closure."""
        self.store = store
        self.inferred_graph = inferred_graph

    def contains(self, triple: Triple) -> bool:
        s, p, o = triple
        if type(s) is ox.Literal:
            return False
        return next(self.store.quads_for_pattern(s, p, o), None) is not None

    def objects(self, subject: Term, predicate: ox.NamedNode) -> Iterable[Term]:
        if type(subject) is ox.Literal:
            return ()
        return (quad.object for quad in self.store.quads_for_pattern(subject, predicate, None))  # type: ignore[misc]

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> Iterable[Term]:
        return (quad.subject for quad in self.store.quads_for_pattern(None, predicate, obj))  # type: ignore[misc]

    def triples(self, subject: Term | None, predicate: ox.NamedNode | None, obj: Term | None) -> Iterable[Triple]:
        if type(subject) is ox.Literal:
            return ()
        return (
            (q.subject, q.predicate, q.object)  # type: ignore[misc]
            for q in self.store.quads_for_pattern(subject, predicate, obj)
        )

    def is_asserted(self, triple: Triple) -> bool:
        s, p, o = triple
        if type(s) is ox.Literal:
            return False
        inferred = self.inferred_graph
        return any(quad.graph_name != inferred for quad in self.store.quads_for_pattern(s, p, o))

    def is_inferred(self, triple: Triple) -> bool:
        s, p, o = triple
        if type(s) is ox.Literal:
            return False
        return ox.Quad(s, p, o, self.inferred_graph) in self.store

    def blank_node_predicates(self) -> set[ox.NamedNode]:
        solutions = self.store.query(
            "SELECT DISTINCT ?p WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }", use_default_graph_as_union=True
        )
        assert isinstance(solutions, ox.QuerySolutions)
        return {solution[0] for solution in solutions}


_PLAIN_DATATYPES: Final = frozenset(
    ox.NamedNode(iri)
    for iri in ("http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
)


def canonical(triples: list[Triple]) -> list[Triple]:
    """``triples`` with typed literals as Oxigraph stores them (``"1.50"^^xsd:decimal`` is stored as ``"1.5"``).

    Reasoning compares terms as Python values, and the store compares them as values of their datatype.
    """
    typed = [t for t in triples if type(t[2]) is ox.Literal and t[2].datatype not in _PLAIN_DATATYPES]
    if not typed:
        return triples
    scratch = ox.Store()
    stored: dict[Triple, Triple] = {}
    for s, p, o in typed:
        if type(s) is not ox.Literal:
            scratch.add(ox.Quad(s, p, o))
            for quad in scratch.quads_for_pattern(s, p, o):
                stored[s, p, o] = (quad.subject, quad.predicate, quad.object)  # type: ignore[assignment]
    return [stored.get(t, t) for t in triples]


def ntriples_line(triple: Triple) -> str:
    """A triple as an N-Triples line (without its newline), as Oxigraph writes it."""
    s, p, o = triple
    return f"{s} {p} {o} ."


def parse_triples(data: bytes | str, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> Iterator[Triple]:
    """Parse RDF into triples of Oxigraph terms (the graph of a quad is dropped)."""
    for quad in ox.parse(data.encode("utf-8") if isinstance(data, str) else data, format=fmt):
        yield quad.subject, quad.predicate, quad.object
