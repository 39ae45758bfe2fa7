"""How the embedded store writes: incremental reasoning, one transaction, a deadline (issue 15, phase 2).

Every data write (``update``, ``put_graph``, ``drop_graph``, ``load``) goes through :meth:`WritePath.run`:

1. **Incremental** (the inferred graph is up to date and was computed by an OWL RL engine): the write's
   asserted change is computed before anything is written (:mod:`smpgraph.store.deltas`,
   :mod:`smpgraph.store.update_delta`); :class:`~smpgraph.reasoning.incremental.IncrementalReasoner`
   reasons about it over the store as it will be (:class:`~smpgraph.store.delta_index.DeltaIndex`); then
   the asserted change and the inferred one go to the engine in **one** update, so readers see the store
   before the write or after it, and a write past its deadline (checked just before) has changed nothing.
   The rules are compiled once, at the first write after a full recompute, and reused.
2. **Full** (the reasoner asked for it -- a schema change, a blank node --, the change is larger than
   :data:`MAX_INCREMENTAL_QUADS` or cannot be computed in advance, or the inferred graph is stale): the write
   is applied as before, the closure recomputed and written. Under a deadline, the graphs the write may
   change are first copied aside (an N-Quads dump), and put back if the recompute ends past the deadline;
   a write whose last full recompute took longer than its deadline is refused before it starts. Readers
   may see the asserted change before the inferred one on this path.
3. **Unreasoned** (``reason=False``): the write is applied and the inferred graph marked stale.

See docs/decisions/0014-incremental-reasoning.md.
"""

from __future__ import annotations

import enum
import logging
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import pyoxigraph as ox

from smpgraph.errors import QueryTimeoutError, SmpGraphError
from smpgraph.reasoning.incremental import IncrementalReasoner, InferenceDelta, NeedsFullRecompute
from smpgraph.reasoning.incremental_index import INFERRED_GRAPH, OxigraphIndex
from smpgraph.reasoning.materialise import engine_named, materialise
from smpgraph.store.delta_index import DeltaIndex
from smpgraph.store.deltas import DeltaUnavailable, QuadDelta
from smpgraph.store.metadata import Metadata
from smpgraph.store.naming import UNREASONED_GRAPHS

logger = logging.getLogger(__name__)

#: above this many changed quads a write is reasoned in full (see the ADR for the measurement behind it)
MAX_INCREMENTAL_QUADS: Final = 20_000
#: the engine's write buffers are flushed to disk after this many quads written (asserted and inferred): it
#: keeps them in memory until then, about 650 bytes a quad (RSS grew by 130 MB every 1,000 writes of 100
#: triples without it); a flush of that much takes about 10 ms
FLUSH_AFTER_QUADS: Final = 20_000
#: the engines whose closure the incremental rules maintain (equal results, tests/reasoning/test_engines_agree.py)
_CLOSURE_ENGINES: Final = frozenset({"reasonable", "owlrl"})


class WriteMode(enum.Enum):
    """How a write's inferences were brought up to date."""

    INCREMENTAL = "incremental"
    FULL = "full"
    UNREASONED = "unreasoned"


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What one write did, for callers that watch (tests, benchmarks).

    Attributes:
        mode: how its inferences were brought up to date.
        reason: why it was reasoned in full, if it was.
        asserted: asserted quads it changed (incremental writes only).
        inferred_added: triples it added to the inferred graph (incremental writes only).
        inferred_removed: triples it removed from the inferred graph (incremental writes only).
        seconds: wall-clock time under the write lock.
    """

    mode: WriteMode
    reason: str | None = None
    asserted: int = 0
    inferred_added: int = 0
    inferred_removed: int = 0
    seconds: float = 0.0


def _nothing() -> None:
    return None


@dataclass(frozen=True, slots=True)
class Write:
    """One write, as the write path needs it.

    Attributes:
        apply: makes the write the way the full path does (the engine runs it).
        delta: its asserted change, computed before anything is written; None when there is no such
            function (then the write is reasoned in full). May raise DeltaUnavailable.
        graphs: the graphs the full path may change (copied aside under a deadline); None: any user graph.
        bookkeeping: the metadata to note once the asserted change is in (load records, dropped graphs).
    """

    apply: Callable[[], None]
    delta: Callable[[int], QuadDelta] | None = None
    graphs: Sequence[str] | None = None
    bookkeeping: Callable[[], None] = field(default=_nothing)


@dataclass(frozen=True, slots=True)
class Deadline:
    """When a write must be done by (``seconds`` 0: never)."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    @property
    def bounded(self) -> bool:
        return self.seconds > 0

    def remaining(self) -> float:
        return self.seconds - (time.monotonic() - self.started) if self.bounded else float("inf")

    def check(self, what: str) -> None:
        """Raise QueryTimeoutError when the deadline has passed; ``what`` says what was left unchanged."""
        if self.remaining() < 0:
            raise QueryTimeoutError(
                f"the write ran past its deadline of {self.seconds:g} s (SMPGRAPH_WRITE_TIMEOUT_S) and was "
                f"refused: {what}"
            )


class WritePath:
    """The write path of one embedded store (see the module docstring)."""

    def __init__(
        self,
        engine: Callable[[], ox.Store],
        *,
        metadata: Callable[[], Metadata],
        reasoner: Callable[[], str],
        closure_lines: Callable[[], frozenset[str]],
        store_closure: Callable[[frozenset[str]], object],
    ) -> None:
        """The write path over ``engine``.

        Args:
            engine: the function that returns the engine.
            metadata: the function that returns the store's metadata.
            reasoner: the function that returns the configured reasoner's name.
            closure_lines: computes the full closure of the asserted graphs (nothing written).
            store_closure: writes a full closure into the inferred graph and notes it in the metadata.
        """
        self._engine = engine
        self._metadata = metadata
        self._reasoner_name = reasoner
        self._closure_lines = closure_lines
        self._store_closure = store_closure
        self._reasoner: IncrementalReasoner | None = None
        self.last_full_seconds: float | None = None
        self._unflushed = 0

    def invalidate(self) -> None:
        """Forget the compiled rules (after a full recompute: the schema may have changed)."""
        self._reasoner = None

    def _not_incremental(self) -> str | None:
        """Why no write can be reasoned incrementally now, or None."""
        metadata = self._metadata()
        if self._reasoner_name() not in _CLOSURE_ENGINES:
            return f"the reasoner is {self._reasoner_name()}"
        if not metadata.fresh:
            return "the inferred graph is not up to date"
        if metadata.reasoning.engine not in _CLOSURE_ENGINES and metadata.generation != 0:
            return "the inferred graph was not computed by an OWL RL engine"
        return None

    def prepare(self) -> None:
        """Compile the rules if the inferred graph is up to date and they are not compiled yet."""
        if self._reasoner is None and self._not_incremental() is None:
            self._reasoner = IncrementalReasoner.compile(OxigraphIndex(self._engine()))

    def run(self, write: Write, *, reason: bool, timeout_s: float, started: float | None = None) -> WriteReport:
        """Make ``write`` and bring the inferred graph up to date (inside the store's write lock).

        Args:
            write: the write.
            reason: bring the inferred graph up to date (else mark it stale).
            timeout_s: the deadline (0: none), counted from ``started`` (``time.monotonic()``, default: now).

        Raises:
            QueryTimeoutError: the write ran past its deadline; nothing was changed.
            SmpGraphError: the write itself failed (nothing was changed).
        """
        deadline = Deadline(timeout_s, time.monotonic() if started is None else started)
        if not reason:
            write.apply()
            write.bookkeeping()
            self._metadata().touch()
            return WriteReport(WriteMode.UNREASONED, seconds=time.monotonic() - deadline.started)
        why = self._not_incremental()
        if why is None:
            why = "the write has no delta form"
            if write.delta is not None:
                report = self._incremental(write, write.delta, deadline)
                if isinstance(report, WriteReport):
                    return report
                why = report
        logger.debug("full recompute: %s", why)
        self._full(write, deadline)
        return WriteReport(WriteMode.FULL, reason=why, seconds=time.monotonic() - deadline.started)

    def _incremental(self, write: Write, delta_of: Callable[[int], QuadDelta], deadline: Deadline) -> WriteReport | str:
        """Reason the write incrementally and commit it; or why it needs the full path."""
        try:
            delta = delta_of(MAX_INCREMENTAL_QUADS)
        except DeltaUnavailable as exc:
            return str(exc)
        self.prepare()
        assert self._reasoner is not None
        result = self._reasoner.apply(
            DeltaIndex(self._engine, delta, ignored=UNREASONED_GRAPHS),
            inserted=delta.inserted_triples(),
            removed=delta.removed_triples(),
        )
        if isinstance(result, NeedsFullRecompute):
            return result.reason
        deadline.check("nothing was changed")
        text = commit_text(delta, result)
        if text:
            try:
                self._engine().update(text)
            except (SyntaxError, OSError, ValueError, RuntimeError) as exc:  # nothing was written
                raise SmpGraphError(f"the write could not be committed: {exc}") from exc
            self._written(len(delta) + len(result.added) + len(result.removed))
        write.bookkeeping()  # may note a change (a load record) even when no quad changed
        metadata = self._metadata()
        if text or not metadata.fresh:
            inferred = metadata.reasoning.inferred_triples + len(result.added) - len(result.removed)
            metadata.touch_reasoned(inferred, metadata.reasoning.engine or self._reasoner_name())
        return WriteReport(
            WriteMode.INCREMENTAL,
            asserted=len(delta),
            inferred_added=len(result.added),
            inferred_removed=len(result.removed),
            seconds=time.monotonic() - deadline.started,
        )

    def _full(self, write: Write, deadline: Deadline) -> None:
        """Apply the write, recompute the closure; under a deadline, put the graphs back if it ran past it."""
        if deadline.bounded and self.last_full_seconds is not None and self.last_full_seconds > deadline.remaining():
            raise QueryTimeoutError(
                f"this write needs a full recompute of the inferred graph, which took {self.last_full_seconds:.1f} s "
                f"last time, longer than the write deadline of {deadline.seconds:g} s (SMPGRAPH_WRITE_TIMEOUT_S); "
                "nothing was changed (run it from the command line, or raise the deadline)"
            )
        metadata = self._metadata()
        with tempfile.TemporaryDirectory(prefix="smpgraph-write-") as tmp:
            # with no reasoner the recompute is instant: nothing to save against it
            bounded = deadline.bounded and self._reasoner_name() in _CLOSURE_ENGINES
            saved = _Saved.take(self._engine, write.graphs, Path(tmp)) if bounded else None
            was_fresh, state = metadata.fresh, metadata.reasoning
            write.apply()
            metadata.touch()
            started = time.monotonic()
            lines = self._closure_lines()
            self.last_full_seconds = time.monotonic() - started
            if saved is not None and deadline.remaining() < 0:
                saved.restore(self._engine)
                if was_fresh:  # the asserted graphs are as they were, and so is the inferred graph
                    metadata.record_reasoning(state.inferred_triples, state.engine or self._reasoner_name())
                deadline.check("its change was rolled back")
        write.bookkeeping()
        self._store_closure(lines)
        self._written(FLUSH_AFTER_QUADS)

    def _written(self, quads: int) -> None:
        """Count quads written; past :data:`FLUSH_AFTER_QUADS`, flush the engine's write buffers."""
        self._unflushed += quads
        if self._unflushed >= FLUSH_AFTER_QUADS:
            self._unflushed = 0
            try:
                self._engine().flush()
            except OSError as exc:  # the data is committed (in the engine's log): flushing is housekeeping
                logger.warning("could not flush the store: %s", exc)


def full_closure(engine: Callable[[], ox.Store], reasoner: str) -> frozenset[str]:
    """The closure of the asserted graphs of ``engine()`` by the engine named ``reasoner`` (``none``: nothing),
    as the inferred graph's N-Triples lines (:func:`smpgraph.reasoning.materialise`; nothing is written).

    Raises:
        ReasoningError: the reasoner failed.
    """
    named = engine_named(reasoner)
    if named is None:
        return frozenset()
    left_out = [INFERRED_GRAPH, *(ox.NamedNode(graph) for graph in UNREASONED_GRAPHS)]
    return materialise(engine, engine=named, exclude=left_out).lines


def commit_text(delta: QuadDelta, inferred: InferenceDelta, inferred_graph: ox.NamedNode = INFERRED_GRAPH) -> str:
    """One SPARQL update that makes the asserted change ``delta`` and the inferred change ``inferred``."""
    removed = _blocks(delta.removed, inferred.removed, inferred_graph)
    added = _blocks(delta.added, inferred.added, inferred_graph)
    parts = [f"DELETE DATA {{\n{removed}}}"] if removed else []
    parts += [f"DROP SILENT GRAPH {graph}" for graph in delta.dropped]
    parts += [f"CREATE SILENT GRAPH {graph}" for graph in delta.created]
    if added:
        parts.append(f"INSERT DATA {{\n{added}}}")
    return " ;\n".join(parts)


def _blocks(quads: Iterable[ox.Quad], triples: Iterable[tuple[object, object, object]], graph: ox.NamedNode) -> str:
    by_graph: dict[str, list[str]] = {}
    for quad in quads:
        by_graph.setdefault(str(quad.graph_name), []).append(f"{quad.subject} {quad.predicate} {quad.object} .\n")
    lines = [f"{s} {p} {o} .\n" for s, p, o in triples]
    if lines:
        by_graph.setdefault(str(graph), []).extend(lines)
    return "".join(f"GRAPH {name} {{\n{''.join(body)}}}\n" for name, body in by_graph.items())


@dataclass(frozen=True, slots=True)
class _Saved:
    """Graphs copied aside before a full-path write, to put back if it runs past its deadline."""

    graphs: tuple[ox.NamedNode, ...] | None
    existed: frozenset[ox.NamedNode]
    dump: Path

    @classmethod
    def take(cls, engine: Callable[[], ox.Store], graphs: Sequence[str] | None, folder: Path) -> _Saved:
        nodes = None if graphs is None else tuple(ox.NamedNode(graph) for graph in graphs)
        existed = frozenset(_user_graphs(engine()) if nodes is None else (g for g in nodes if _exists(engine(), g)))
        dump = folder / "saved.nq"
        with dump.open("wb") as out:
            for graph in sorted(existed, key=str):  # quads (a dump from one graph would drop its name)
                ox.serialize(engine().quads_for_pattern(None, None, None, graph), out, format=ox.RdfFormat.N_QUADS)
        return cls(nodes, existed, dump)

    def restore(self, engine: Callable[[], ox.Store]) -> None:
        """Put the graphs back as they were (two transactions: drop, then load)."""
        now = frozenset(_user_graphs(engine())) if self.graphs is None else frozenset(self.graphs)
        drops = [f"DROP SILENT GRAPH {graph}" for graph in sorted(now | self.existed, key=str)]
        creates = [f"CREATE SILENT GRAPH {graph}" for graph in sorted(self.existed, key=str)]
        engine().update(" ;\n".join([*drops, *creates]) or "CLEAR SILENT GRAPH <urn:smpgraph:nothing>")
        with self.dump.open("rb") as saved:  # parsed here: the engine's own load would rename blank nodes
            engine().extend(ox.parse(saved, format=ox.RdfFormat.N_QUADS))


def _user_graphs(engine: ox.Store) -> list[ox.NamedNode]:
    return [g for g in engine.named_graphs() if isinstance(g, ox.NamedNode) and g != INFERRED_GRAPH]


def _exists(engine: ox.Store, graph: ox.NamedNode) -> bool:
    return engine.contains_named_graph(graph)
