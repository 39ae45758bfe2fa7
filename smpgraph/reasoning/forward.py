"""The full closure by the compiled rules, streamed over the store: bounded memory at any size (issue 15, item 5).

The store's other fast path (:func:`smpgraph.reasoning.closure.infer_lines_from_file`) hands reasonable a dump
of every asserted triple and gets the whole closure back as rdflib terms: about 2.8 KB per asserted triple,
3.1 GB at 1M. Here the rules of our ontology, compiled for incremental writes
(:mod:`smpgraph.reasoning.incremental_rules`), run forwards from the asserted triples of the store, a batch at
a time, and every conclusion goes to a *scratch* store as it is found:

* the asserted data stays where it is (it is read with point lookups, never copied into Python);
* a batch of :data:`BATCH` asserted triples is saturated by semi-naive forward chaining
  (:meth:`~smpgraph.reasoning.incremental.IncrementalReasoner.derive`) against the asserted graphs and the
  conclusions of the earlier batches (in the scratch store); the kept conclusions are written there.

This is complete: every asserted triple is present from the start, and every conclusion is joined with what
is present when it is found, so each rule instance fires when its last antecedent is found. The result is
what a full recompute keeps; ``tests/reasoning/test_forward.py`` checks it against reasonable + ``prp-spo2``
on the bundled data, generated partnerships and random subsets. Where the compiled rules cannot see the data
whole (a blank node in the data, an ontology outside what is compiled) :func:`forward_closure` answers
:class:`~smpgraph.reasoning.incremental.NeedsFullRecompute`, and the caller uses reasonable instead.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pyoxigraph as ox

from smpgraph.errors import ReasoningError
from smpgraph.reasoning.incremental import IncrementalReasoner, NeedsFullRecompute
from smpgraph.reasoning.incremental_index import OxigraphIndex, Term, Triple
from smpgraph.reasoning.incremental_vocab import schema_reason

#: asserted triples saturated together; a batch's conclusions are held in memory until they are written
BATCH: Final = 20_000

Graph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


class ScratchIndex:
    """A :class:`~smpgraph.reasoning.incremental_index.TripleIndex`: the asserted graphs of one store, and an
    inferred graph that is the default graph of another (the scratch store the closure is written to)."""

    def __init__(self, store: ox.Store, scratch: ox.Store, ignored: frozenset[Graph]) -> None:
        """Read the graphs of ``store`` but ``ignored`` as asserted, and ``scratch`` as inferred."""
        self.store = store
        self.scratch = scratch
        self.ignored = ignored

    def _asserted(self, s: Term | None, p: ox.NamedNode | None, o: Term | None) -> Iterator[ox.Quad]:
        ignored = self.ignored
        return (q for q in self.store.quads_for_pattern(s, p, o) if q.graph_name not in ignored)  # type: ignore[arg-type]

    def _inferred(self, s: Term | None, p: ox.NamedNode | None, o: Term | None) -> Iterator[ox.Quad]:
        return self.scratch.quads_for_pattern(s, p, o, ox.DefaultGraph())  # type: ignore[arg-type]

    def contains(self, triple: Triple) -> bool:
        return self.is_asserted(triple) or self.is_inferred(triple)

    def objects(self, subject: Term, predicate: ox.NamedNode) -> Iterable[Term]:
        if type(subject) is ox.Literal:
            return ()
        return (q.object for quads in (self._asserted, self._inferred) for q in quads(subject, predicate, None))  # type: ignore[misc]

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> Iterable[Term]:
        return (q.subject for quads in (self._asserted, self._inferred) for q in quads(None, predicate, obj))  # type: ignore[misc]

    def triples(self, subject: Term | None, predicate: ox.NamedNode | None, obj: Term | None) -> Iterable[Triple]:
        if type(subject) is ox.Literal:
            return ()
        return (
            (q.subject, q.predicate, q.object)  # type: ignore[misc]
            for quads in (self._asserted, self._inferred)
            for q in quads(subject, predicate, obj)
        )

    def is_asserted(self, triple: Triple) -> bool:
        s, p, o = triple
        return type(s) is not ox.Literal and next(self._asserted(s, p, o), None) is not None

    def is_inferred(self, triple: Triple) -> bool:
        s, p, o = triple
        return type(s) is not ox.Literal and ox.Quad(s, p, o) in self.scratch

    def blank_node_predicates(self) -> set[ox.NamedNode]:
        return OxigraphIndex(self.store).blank_node_predicates()


@dataclass(frozen=True, slots=True)
class ForwardClosure:
    """The result of :func:`forward_closure`.

    Attributes:
        lines: the kept inferred triples as N-Triples lines (no newline), as Oxigraph writes them.
        premises: the asserted data triples the rules ran from (schema triples are compiled, not run).
        seconds: wall-clock time, compilation included.
    """

    lines: frozenset[str]
    premises: int
    seconds: float


def forward_closure(
    data: Callable[[], ox.Store],
    graphs: Iterable[Graph],
    *,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> ForwardClosure | NeedsFullRecompute:
    """The closure of ``graphs`` of ``data()`` by the compiled rules, or why they cannot compute it.

    Args:
        data: returns the engine holding the asserted data (read, never written; called at each use).
        graphs: the asserted graphs; every other graph of the engine is ignored, as premise and as lookup.
        batch: asserted triples saturated together.
        progress: called with the number of asserted triples done after each batch.

    Returns:
        The kept inferred lines, or why a full recompute by another engine is needed.

    Raises:
        ReasoningError: the engine failed (reading the store, or writing the scratch store).
    """
    started = time.perf_counter()
    try:
        result = _run(data, list(dict.fromkeys(graphs)), batch, progress)
    except (OSError, RuntimeError, ValueError) as exc:  # no traceback may keep the store's engine (and its lock)
        raise ReasoningError(f"the compiled rules failed: {exc}") from None
    if isinstance(result, NeedsFullRecompute):
        return result
    lines, premises = result
    return ForwardClosure(lines, premises, time.perf_counter() - started)


def _run(
    data: Callable[[], ox.Store], reasoned: list[Graph], batch: int, progress: Callable[[int], None] | None
) -> tuple[frozenset[str], int] | NeedsFullRecompute:
    store = data()
    ignored = frozenset([*store.named_graphs(), ox.DefaultGraph()]) - frozenset(reasoned)
    with tempfile.TemporaryDirectory(prefix="smpgraph-forward-") as tmp:
        scratch = ox.Store(str(Path(tmp) / "closure"))  # on disk: the closure never has to fit in memory
        index = ScratchIndex(store, scratch, ignored)
        reasoner = IncrementalReasoner.compile(index)
        if not reasoner.supported:
            return NeedsFullRecompute(f"the ontology is outside what is compiled: {reasoner.tables.unsupported[0]}")
        done = 0
        pending: list[Triple] = []
        for graph in reasoned:
            for quad in store.quads_for_pattern(None, None, None, graph):
                triple: Triple = (quad.subject, quad.predicate, quad.object)  # type: ignore[assignment]
                if schema_reason(triple) is not None:
                    continue  # compiled into the rules
                pending.append(triple)
                if len(pending) >= batch:
                    if (why := _saturate(reasoner, index, pending)) is not None:
                        return why
                    done += len(pending)
                    pending = []
                    if progress is not None:
                        progress(done)
        if pending and (why := _saturate(reasoner, index, pending)) is not None:
            return why
        done += len(pending)
        text = scratch.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
        del scratch, index, reasoner, store  # close the scratch engine before its folder goes
    return frozenset(text.decode("utf-8").splitlines()), done


def _saturate(reasoner: IncrementalReasoner, index: ScratchIndex, premises: list[Triple]) -> NeedsFullRecompute | None:
    derived = reasoner.derive(index, premises)
    if isinstance(derived, NeedsFullRecompute):
        return derived
    index.scratch.extend(ox.Quad(s, p, o) for s, p, o in derived)  # type: ignore[arg-type]
    return None
