"""The asserted change of one write, computed before anything is written (issue 15, phase 2).

Incremental reasoning needs the triples a write adds to and removes from the asserted graphs; the store
also needs them before it writes, so that the asserted change and the inferred one go to the engine in
one transaction at the end (a write refused at its deadline has then changed nothing). :class:`Pending`
is the store as a write is changing it (the engine's quads plus and minus the changes so far); the write
forms feed it (:func:`graph_delta` for a Graph Store PUT or POST, :func:`drop_delta`, :func:`load_delta`,
and :mod:`smpgraph.store.update_delta` for a SPARQL update), and :class:`QuadDelta` is the result. A form
that cannot be computed exactly, or a change larger than the caller's limit, raises
:class:`DeltaUnavailable`: the write then takes the full path (apply, recompute the closure).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from smpgraph.reasoning.incremental_index import Triple


class DeltaUnavailable(Exception):  # noqa: N818 -- a signal between modules, never raised to a caller
    """The write's asserted change cannot be computed exactly (or is too large): take the full path."""


@dataclass(frozen=True, slots=True)
class QuadDelta:
    """What one write changes in the asserted graphs.

    Attributes:
        added: quads the store lacks and will hold.
        removed: quads the store holds and will lack.
        dropped: named graphs that exist now and will not (their quads are in ``removed``).
        created: empty named graphs that will exist and do not now.
    """

    added: tuple[ox.Quad, ...] = ()
    removed: tuple[ox.Quad, ...] = ()
    dropped: tuple[ox.NamedNode, ...] = ()
    created: tuple[ox.NamedNode, ...] = ()

    def __len__(self) -> int:
        return len(self.added) + len(self.removed)

    @property
    def empty(self) -> bool:
        """True when the write changes nothing."""
        return not (self.added or self.removed or self.dropped or self.created)

    def inserted_triples(self) -> list[Triple]:
        """The triples of the added quads (one triple may be added to several graphs)."""
        return list(dict.fromkeys(_triple(quad) for quad in self.added))

    def removed_triples(self) -> list[Triple]:
        """The triples of the removed quads (the reasoner ignores those still asserted in another graph)."""
        return list(dict.fromkeys(_triple(quad) for quad in self.removed))


def _triple(quad: ox.Quad) -> Triple:
    return quad.subject, quad.predicate, quad.object  # type: ignore[return-value]


class Pending:
    """The store as a write is changing it: the engine's quads, plus and minus the changes made so far.

    Only plain quads are taken: a blank node or a quad outside a named graph raises
    :class:`DeltaUnavailable` (the store writes neither incrementally).
    """

    def __init__(self, engine: Callable[[], ox.Store], limit: int) -> None:
        """Changes to ``engine()``; more than ``limit`` quads changed or read raises :class:`DeltaUnavailable`.

        ``engine`` is the function that returns the engine, called at each use (a traceback that keeps this
        object must not keep the store's lock: docs/decisions/0011-store-layout.md).
        """
        self.engine = engine
        self.limit = limit
        self._added: dict[ox.Quad, None] = {}
        self._added_by_graph: dict[ox.NamedNode, dict[ox.Quad, None]] = {}
        self._removed: set[ox.Quad] = set()
        self._exists: dict[ox.NamedNode, bool] = {}

    @property
    def changed(self) -> bool:
        """True once anything was changed."""
        return bool(self._added or self._removed or self._exists)

    def present(self, quad: ox.Quad) -> bool:
        """True when the store holds ``quad`` as changed so far."""
        if quad in self._added:
            return True
        return quad not in self._removed and quad in self.engine()

    def exists(self, graph: ox.NamedNode) -> bool:
        """True when the named graph exists as changed so far."""
        if self._added_by_graph.get(graph):
            return True
        known = self._exists.get(graph)
        return self.engine().contains_named_graph(graph) if known is None else known

    def insert(self, quad: ox.Quad) -> None:
        """Add ``quad`` (nothing when it is present)."""
        graph = _checked(quad)
        self._exists[graph] = True
        if self.present(quad):
            return
        if quad in self._removed:
            self._removed.discard(quad)
        else:
            self._added[quad] = None
            self._added_by_graph.setdefault(graph, {})[quad] = None
        self._check_size()

    def delete(self, quad: ox.Quad) -> None:
        """Remove ``quad`` (nothing when it is absent)."""
        graph = _checked(quad)
        if not self.present(quad):
            return
        if quad in self._added:
            del self._added[quad]
            del self._added_by_graph[graph][quad]
        else:
            self._removed.add(quad)
        self._check_size()

    def graph_quads(self, graph: ox.NamedNode) -> list[ox.Quad]:
        """The quads of one named graph as changed so far."""
        found: list[ox.Quad] = []
        for quad in self.engine().quads_for_pattern(None, None, None, graph):
            if quad not in self._removed:
                found.append(quad)
                if len(found) > self.limit:
                    raise DeltaUnavailable(f"the write reads more than {self.limit} quads of <{graph.value}>")
        found.extend(self._added_by_graph.get(graph, {}))
        return found

    def clear(self, graph: ox.NamedNode) -> None:
        """Remove every quad of ``graph`` (the graph stays)."""
        for quad in self.graph_quads(graph):
            self.delete(quad)

    def drop(self, graph: ox.NamedNode) -> None:
        """Remove ``graph`` and its quads."""
        self.clear(graph)
        self._exists[graph] = False

    def create(self, graph: ox.NamedNode) -> None:
        """Make ``graph`` exist (empty unless it has quads)."""
        self._exists[graph] = True

    def _check_size(self) -> None:
        if len(self._added) + len(self._removed) > self.limit:
            raise DeltaUnavailable(f"the write changes more than {self.limit} quads")

    def delta(self) -> QuadDelta:
        """The change made so far."""
        dropped = [g for g, exists in self._exists.items() if not exists and self.engine().contains_named_graph(g)]
        created = [
            g
            for g, exists in self._exists.items()
            if exists and not self._added_by_graph.get(g) and not self.engine().contains_named_graph(g)
        ]
        return QuadDelta(tuple(self._added), tuple(self._removed), tuple(dropped), tuple(created))


def _checked(quad: ox.Quad) -> ox.NamedNode:
    """The graph of ``quad``; DeltaUnavailable for a blank node, an RDF 1.2 triple term or the default graph."""
    graph = quad.graph_name
    if type(graph) is not ox.NamedNode:
        raise DeltaUnavailable("the write has a quad outside a named graph")
    if type(quad.subject) is not ox.NamedNode or type(quad.object) not in (ox.NamedNode, ox.Literal):
        raise DeltaUnavailable("the write has a blank node")
    return graph


def graph_delta(
    engine: Callable[[], ox.Store],
    graph: ox.NamedNode,
    quads: Sequence[ox.Quad],
    *,
    replace: bool,
    existed: bool,
    limit: int,
) -> QuadDelta:
    """The change of writing ``quads`` into ``graph`` (a Graph Store PUT with ``replace``, else a POST).

    As the store writes it: a PUT of an existing graph drops it and inserts the quads (a PUT of nothing
    leaves no graph); a write of nothing to a graph that does not exist creates it empty.
    """
    pending = Pending(engine, limit)
    if replace and existed:
        pending.drop(graph)
    for quad in quads:
        pending.insert(quad)
    if not quads and not existed:
        pending.create(graph)
    return pending.delta()


def drop_delta(engine: Callable[[], ox.Store], graph: ox.NamedNode, *, limit: int) -> QuadDelta:
    """The change of removing ``graph``."""
    pending = Pending(engine, limit)
    if engine().contains_named_graph(graph):
        pending.drop(graph)
    return pending.delta()


def load_delta(
    engine: Callable[[], ox.Store], quads: Iterable[ox.Quad], *, replaced: Sequence[ox.NamedNode], limit: int
) -> QuadDelta:
    """The change of a load: the graphs ``replaced`` are dropped, then ``quads`` inserted (one transaction)."""
    pending = Pending(engine, limit)
    for graph in replaced:
        pending.drop(graph)
    for quad in quads:
        pending.insert(quad)
    return pending.delta()
