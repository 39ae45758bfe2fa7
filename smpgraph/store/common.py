"""What both backends do the same way: :class:`BaseStore`, built on a few primitives each backend implements.

A backend runs queries (:meth:`BaseStore._run`, into a :class:`~smpgraph.store.raw.RawResult`), reads and
writes whole graphs, applies rewritten updates and loads sources; this class turns those into the
:class:`~smpgraph.store.base.GraphStore` methods: results and their serialisations, descriptions, the
update rewrite, graph writes with their metadata (reasoned by :mod:`smpgraph.store.writes` where the
backend allows, else recomputed by :mod:`smpgraph.reasoning`); information and exports come from
:class:`~smpgraph.store.reads.GraphReads`.
"""

from __future__ import annotations

import time
from abc import abstractmethod
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Self

import pyoxigraph as ox
from rdflib import Graph, URIRef

from smpgraph.config import Settings
from smpgraph.errors import InputError, SmpGraphError, UpdateNotAllowedError
from smpgraph.store.deltas import QuadDelta, drop_delta, graph_delta
from smpgraph.store.guard import check_nesting, check_update_syntax
from smpgraph.store.metadata import Metadata
from smpgraph.store.model import (
    GraphResult,
    LoadReport,
    QueryResult,
    ReasoningState,
    ResultFormat,
    SerializedResult,
)
from smpgraph.store.naming import graph_iri
from smpgraph.store.oxigraph_load import rdflib_to_quads
from smpgraph.store.protection import UpdateTargets, check_update
from smpgraph.store.raw import RawResult
from smpgraph.store.reads import GraphReads
from smpgraph.store.snapshots import WriteLock
from smpgraph.store.sparql_text import refuse_remote_access
from smpgraph.store.update_delta import update_delta
from smpgraph.store.updates import plan_update
from smpgraph.store.writes import Write, WritePath, WriteReport, full_closure

_DESCRIBE_CHUNK = 200


class BaseStore(GraphReads):
    """The shared half of every backend; the other half is the abstract methods below."""

    backend: str
    metadata: Metadata
    #: whether writes are reasoned incrementally (:mod:`smpgraph.store.writes`); else each one recomputes in full
    incremental_writes: bool = False

    def __init__(self, settings: Settings, *, read_only: bool) -> None:
        self.settings = settings
        self.read_only = read_only
        self._write_lock = WriteLock()  # re-entrant; counts finished writes (the query workers follow it)
        self._writes: WritePath | None = None
        #: how the last write through this object was reasoned (None before the first, and on the remote store)
        self.last_write: WriteReport | None = None

    # -- what each backend implements ----------------------------------------------------------------

    @abstractmethod
    def _run(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        timeout_s: float | None,
        max_rows: int | None,
        serialize_as: ResultFormat | None = None,
        serialize: bool = False,
    ) -> RawResult:
        """Run a query, read in full (up to the row cap); with ``serialize`` the engine may write it itself."""

    @abstractmethod
    def _describe_query(self, iris: str) -> str:
        """The query that describes the IRIs ``iris`` (written ``<a> <b> ...``)."""

    @abstractmethod
    def _apply_update(self, sparql: str) -> None:
        """Run an update already rewritten for the store's dataset (inside the write lock); SmpGraphError with
        the engine's message when it refuses (the guard's refusal is read from it)."""

    def _check_update_syntax(self, sparql: str) -> None:
        """QueryError if the update does not parse (on a scratch engine; the embedded store uses a worker)."""
        check_update_syntax(sparql)

    @abstractmethod
    def _current_graphs(self) -> list[str]:
        """The named graphs of the store as they are now (no cache; inside the write lock)."""

    @abstractmethod
    def _is_empty(self, graph: str) -> bool:
        """True when the named graph ``graph`` holds no triple (or does not exist)."""

    @abstractmethod
    def _guard_places(self, targets: UpdateTargets) -> tuple[dict[str, str], dict[str, int]]:
        """The guard's snapshot places and size-checked graphs (``variable_graph_guard``); UpdateNotAllowedError
        where this backend cannot keep a ``GRAPH ?var`` update off the protected graphs."""

    @abstractmethod
    def _write_graph(self, graph: str | None, data: Graph, *, replace: bool) -> bool:
        """Replace (or add to) one graph; True when it existed, as the default graph always does (inside the lock)."""

    @abstractmethod
    def _remove_graph(self, iri: str) -> bool:
        """Remove the graph ``iri``; True when it existed (inside the write lock)."""

    @abstractmethod
    def _asserted_engine(self) -> Callable[[], ox.Store]:
        """The engine holding the asserted data, as the function that returns it (every graph but the
        inferred one is read by the reasoner)."""

    @abstractmethod
    def _write_inferred(self, lines: frozenset[str]) -> None:
        """Make the inferred graph hold exactly ``lines`` (N-Triples lines, inside the write lock)."""

    @abstractmethod
    def load(
        self,
        source: Path | str | bytes,
        *,
        graph: str | None = None,
        format: ResultFormat | None = None,
        name: str | None = None,
        reason: bool = True,
        skip_unchanged: bool = False,
        timeout_s: float | None = None,
    ) -> LoadReport:
        """Load one RDF source into its graph, replacing an earlier load of the same source."""

    @abstractmethod
    def close(self) -> None:
        """Release the store."""

    # -- queries -------------------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout_s: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a query over the union dataset (or the graphs named); results carry rdflib terms.

        Raises:
            QueryError: the query is malformed.
            ForbiddenOperationError: it uses SERVICE (unless allowed) or LOAD.
            QueryTimeoutError: it ran past its deadline.
            StoreBusyError: too many queries were running (embedded store).
            BackendUnavailableError: the engine cannot be reached (remote store).
        """
        raw = self._run(
            sparql, default_graphs=default_graphs, named_graphs=named_graphs, timeout_s=timeout_s, max_rows=max_rows
        )
        return raw.to_result()

    def query_serialized(
        self,
        sparql: str,
        result_format: ResultFormat | None = None,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout_s: float | None = None,
        max_rows: int | None = None,
    ) -> SerializedResult:
        """Run a query and serialise its result (SPARQL JSON, or Turtle for graphs, by default).

        Raises:
            UnsupportedFormatError: the format does not fit the query form.
        """
        raw = self._run(
            sparql,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            timeout_s=timeout_s,
            max_rows=max_rows,
            serialize_as=result_format,
            serialize=True,
        )
        return raw.to_serialized(result_format)

    def describe(self, iris: Iterable[str]) -> Graph:
        """The description of each IRI over the union dataset, as one rdflib Graph.

        Raises:
            InputError: an IRI is invalid.
        """
        wanted = sorted(set(iris))
        graph = Graph()
        for start in range(0, len(wanted), _DESCRIBE_CHUNK):
            try:
                terms = " ".join(f"<{ox.NamedNode(iri).value}>" for iri in wanted[start : start + _DESCRIBE_CHUNK])
            except ValueError as exc:
                raise InputError(f"invalid IRI: {exc}") from None
            result = self.query(self._describe_query(terms), max_rows=0)
            assert isinstance(result, GraphResult)
            graph += result.graph
        return graph

    # -- writes --------------------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            raise UpdateNotAllowedError(f"the store at {self.location} is open read-only")

    def update(
        self,
        sparql: str,
        *,
        using_graphs: Sequence[str] | None = None,
        using_named_graphs: Sequence[str] | None = None,
        reason: bool = True,
        timeout_s: float | None = None,
    ) -> None:
        """Run a SPARQL update over the same dataset as queries, then bring the inferred graph up to date.

        ``timeout_s`` is the write's deadline (default: the ``write_timeout_s`` setting; 0: none).

        Raises:
            QueryTimeoutError: the write ran past its deadline; nothing was changed.
            QueryError: the update is malformed (checked first, so that positions are the user's own).
            ForbiddenOperationError: it uses LOAD or SERVICE.
            UpdateNotAllowedError: the store is read-only, the engine refused the credentials, or the update
                writes the inferred or metadata graph (nothing is changed).
        """
        self._check_writable()
        check_nesting(sparql, what="update")  # before any parser: deep nesting crashes pyoxigraph's
        refuse_remote_access(sparql, allow_service=self.settings.allow_service)
        self._check_update_syntax(sparql)  # reports the user's own positions (the rewrite moves them)
        targets = check_update(sparql)  # a write to the inferred or metadata graph is refused here
        started = time.monotonic()  # waiting for another write counts against this one's deadline
        with self._write_lock:
            snapshots, counts = self._guard_places(targets)
            plan = plan_update(
                sparql,
                targets,
                existing_graphs=self._current_graphs(),
                using_graphs=using_graphs,
                using_named_graphs=using_named_graphs,
                snapshots=snapshots,
                counts=counts,
            )

            def apply() -> None:
                try:
                    self._apply_update(plan.text)
                except SmpGraphError as exc:  # the engine's error: the guard's refusal, or its own
                    plan.check_refusal(str(exc))
                    raise

            def bookkeeping() -> None:
                for graph in plan.maybe_emptied(str(g) for r in self.metadata.sources.values() for g in r.graphs):
                    if self._is_empty(graph):  # emptied: its loads are no longer in the store
                        self.metadata.forget_graph(URIRef(graph))

            def delta(limit: int) -> QuadDelta:
                return update_delta(self._asserted_engine(), plan.rewritten, limit=limit)

            graphs = None if targets.variable or targets.every_graph else sorted(targets.graphs)
            self._write(Write(apply, delta, graphs, bookkeeping), reason=reason, timeout_s=timeout_s, started=started)

    def load_many(self, sources: Iterable[Path], *, graph: str | None = None, reason: bool = True) -> list[LoadReport]:
        """Load several files, reasoning once at the end."""
        reports = [self.load(path, graph=graph, reason=False) for path in sources]
        if reason and reports:
            self.reason()
        return reports

    def put_graph(
        self,
        graph: str | None,
        data: Graph,
        *,
        replace: bool = True,
        reason: bool = True,
        timeout_s: float | None = None,
    ) -> bool:
        """Replace (or add to) one graph atomically; True when the graph existed before.

        Raises:
            InputError: the graph IRI is invalid.
            QueryTimeoutError: the write ran past its deadline (``timeout_s``, as for :meth:`update`).
        """
        self._check_writable()
        node = ox.NamedNode(graph_iri(graph))  # an invalid IRI is refused before anything is done
        existed: list[bool] = []
        started = time.monotonic()
        with self._write_lock:

            def delta(limit: int) -> QuadDelta:
                engine = self._asserted_engine()
                existed.append(graph is None or engine().contains_named_graph(node))
                quads = rdflib_to_quads(data, node)
                return graph_delta(engine, node, quads, replace=replace, existed=existed[-1], limit=limit)

            write = Write(lambda: existed.append(self._write_graph(graph, data, replace=replace)), delta, [node.value])
            self._write(write, reason=reason, timeout_s=timeout_s, started=started)
        return existed[-1]

    def drop_graph(self, graph: str | None, *, reason: bool = True, timeout_s: float | None = None) -> bool:
        """Remove one graph (``None`` empties the default graph); True when it existed."""
        self._check_writable()
        node = ox.NamedNode(graph_iri(graph))
        existed: list[bool] = []
        started = time.monotonic()
        with self._write_lock:

            def delta(limit: int) -> QuadDelta:
                engine = self._asserted_engine()
                existed.append(engine().contains_named_graph(node))
                return drop_delta(engine, node, limit=limit)

            def bookkeeping() -> None:
                self.metadata.forget_graph(URIRef(node.value))

            write = Write(lambda: existed.append(self._remove_graph(node.value)), delta, [node.value], bookkeeping)
            self._write(write, reason=reason, timeout_s=timeout_s, started=started)
        return existed[-1] or graph is None

    def _write(self, write: Write, *, reason: bool, timeout_s: float | None, started: float) -> None:
        """Make one write (inside the write lock; ``started``: ``time.monotonic()`` before the lock was taken):
        incrementally reasoned where the backend can (:mod:`smpgraph.store.writes`), else reasoned in full."""
        path = self._write_path()
        if path is None:
            write.apply()
            write.bookkeeping()
            self.metadata.touch()
            if reason:
                self.reason()
            return
        deadline = self.settings.write_timeout_s if timeout_s is None else timeout_s
        self.last_write = path.run(write, reason=reason, timeout_s=deadline, started=started)

    def _write_path(self) -> WritePath | None:
        if self._writes is None and self.incremental_writes:
            self._writes = WritePath(
                self._asserted_engine(),
                metadata=lambda: self.metadata,
                reasoner=lambda: self.settings.reasoner,
                closure_lines=self._closure_lines,
                store_closure=self._store_closure,
            )
        return self._writes

    def prepare_writes(self) -> None:
        """Compile the incremental rules now rather than at the first write (``smpgraph serve`` does it in the
        background); nothing to do on a read-only or remote store."""
        if not self.read_only and (path := self._write_path()) is not None:
            with self._write_lock:
                path.prepare()

    # -- reasoning -----------------------------------------------------------------------------------

    def reason(self) -> ReasoningState:
        """Recompute the OWL RL closure of the asserted data into the inferred graph.

        :func:`smpgraph.reasoning.materialise` computes it with the configured engine; only the graphs
        other than the inferred one are read.

        Raises:
            ReasoningError: the reasoner failed.
        """
        self._check_writable()
        with self._write_lock:
            return self._store_closure(self._closure_lines())

    def _closure_lines(self) -> frozenset[str]:
        return full_closure(self._asserted_engine(), self.settings.reasoner)

    def _store_closure(self, lines: frozenset[str]) -> ReasoningState:
        """Make the inferred graph hold the closure ``lines`` and note it (the incremental rules are compiled
        again at the next write: the schema may have changed)."""
        self._write_inferred(lines)
        self.metadata.record_reasoning(len(lines), self.settings.reasoner)
        if self._writes is not None:
            self._writes.invalidate()
        return self.metadata.reasoning

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
