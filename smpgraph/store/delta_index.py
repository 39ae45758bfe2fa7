"""The store as it will be after a write that is not applied yet: what incremental reasoning reads.

The write path reasons about a write before writing anything (so that the asserted and the inferred change
go to the engine in one transaction, and a write refused at its deadline changes nothing). The reasoner
must see the asserted graphs after the write and the inferred graph before it:
:class:`DeltaIndex` is the engine's quads, less the quads the write removes, plus those it adds, as a
:class:`~smpgraph.reasoning.incremental_index.TripleIndex`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import pyoxigraph as ox

from smpgraph.reasoning.incremental_index import INFERRED_GRAPH, OxigraphIndex, Term, Triple
from smpgraph.store.deltas import QuadDelta

_T = TypeVar("_T")


class DeltaIndex:
    """A :class:`~smpgraph.reasoning.incremental_index.TripleIndex` over ``engine`` with ``delta`` applied.

    The delta writes asserted graphs only (writes to the inferred graph are refused before), so the inferred
    graph is the engine's.
    """

    def __init__(
        self,
        engine: Callable[[], ox.Store],
        delta: QuadDelta,
        inferred_graph: ox.NamedNode = INFERRED_GRAPH,
        *,
        ignored: Iterable[str] = (),
    ) -> None:
        """Read ``engine()`` as if ``delta`` were applied to it (``engine`` is called at each use, see
        :class:`~smpgraph.store.deltas.Pending`), without the graphs ``ignored`` (the unreasoned ones: a
        full recompute leaves them out, so their triples are neither premises nor asserted here)."""
        self.engine = engine
        self.inferred_graph = inferred_graph
        self._ignored = frozenset(ox.NamedNode(graph) for graph in ignored)
        self._removed = frozenset(delta.removed)
        # a lookup whose subject (or object) no removed quad has needs no filtering: most of them
        self._removed_subjects = frozenset(quad.subject for quad in delta.removed)
        self._removed_objects = frozenset(quad.object for quad in delta.removed)
        self._added: set[Triple] = set()
        self._by_sp: dict[tuple[Term, Term], set[Term]] = defaultdict(set)
        self._by_po: dict[tuple[Term, Term], set[Term]] = defaultdict(set)
        for quad in delta.added:
            if quad.graph_name in self._ignored:
                continue
            s, p, o = quad.subject, quad.predicate, quad.object
            self._added.add((s, p, o))  # type: ignore[arg-type]
            self._by_sp[s, p].add(o)  # type: ignore[index,arg-type]
            self._by_po[p, o].add(s)  # type: ignore[index,arg-type]

    def _quads(self, s: Term | None, p: ox.NamedNode | None, o: Term | None) -> Iterator[ox.Quad]:
        quads = self.engine().quads_for_pattern(s, p, o)  # type: ignore[arg-type]
        if self._ignored:
            ignored = self._ignored
            quads = (quad for quad in quads if quad.graph_name not in ignored)
        if (
            not self._removed
            or (s is not None and s not in self._removed_subjects)
            or (o is not None and o not in self._removed_objects)
        ):
            return quads
        removed = self._removed
        return (quad for quad in quads if quad not in removed)

    def contains(self, triple: Triple) -> bool:
        s, p, o = triple
        if type(s) is ox.Literal:
            return False
        return triple in self._added or next(self._quads(s, p, o), None) is not None

    def objects(self, subject: Term, predicate: ox.NamedNode) -> Iterable[Term]:
        if type(subject) is ox.Literal:
            return ()
        stored: Iterator[Term] = (quad.object for quad in self._quads(subject, predicate, None))  # type: ignore[misc]
        return _chained(stored, self._by_sp.get((subject, predicate)))

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> Iterable[Term]:
        stored: Iterator[Term] = (quad.subject for quad in self._quads(None, predicate, obj))  # type: ignore[misc]
        return _chained(stored, self._by_po.get((predicate, obj)))

    def triples(self, subject: Term | None, predicate: ox.NamedNode | None, obj: Term | None) -> Iterable[Triple]:
        if type(subject) is ox.Literal:
            return ()
        stored: Iterator[Triple] = (
            (q.subject, q.predicate, q.object)  # type: ignore[misc]
            for q in self._quads(subject, predicate, obj)
        )
        extra = [
            t
            for t in self._added
            if (subject is None or t[0] == subject)
            and (predicate is None or t[1] == predicate)
            and (obj is None or t[2] == obj)
        ]
        return _chained(stored, extra)

    def is_asserted(self, triple: Triple) -> bool:
        s, p, o = triple
        if type(s) is ox.Literal:
            return False
        if triple in self._added:
            return True
        inferred = self.inferred_graph
        return any(quad.graph_name != inferred for quad in self._quads(s, p, o))

    def is_inferred(self, triple: Triple) -> bool:
        s, p, o = triple
        if type(s) is ox.Literal:
            return False
        return ox.Quad(s, p, o, self.inferred_graph) in self.engine()

    def blank_node_predicates(self) -> set[ox.NamedNode]:
        # only compilation asks, over the store as it is; a write with a blank node never gets here
        return OxigraphIndex(self.engine(), self.inferred_graph).blank_node_predicates()


def _chained(stored: Iterator[_T], extra: Iterable[_T] | None) -> Iterator[_T]:
    yield from stored
    if extra:
        yield from extra
