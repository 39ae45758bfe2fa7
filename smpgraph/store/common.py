"""What both backends do the same way: :class:`BaseStore`, built on a few primitives each backend implements.

A backend runs queries (:meth:`BaseStore._run`, into a :class:`~smpgraph.store.raw.RawResult`), reads and
writes whole graphs, applies rewritten updates and loads sources; this class turns those into the
:class:`~smpgraph.store.base.GraphStore` methods: results and their serialisations, descriptions, the
update rewrite, graph writes with their metadata, reasoning (computed by :mod:`smpgraph.reasoning`),
information and exports.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Self

import pyoxigraph as ox
from rdflib import Graph, URIRef

from smpgraph.config import Settings
from smpgraph.errors import InputError, SmpGraphError, UpdateNotAllowedError
from smpgraph.namespaces import PREFIXES
from smpgraph.reasoning.materialise import engine_named, materialise
from smpgraph.store.export import export_dataset, export_triples
from smpgraph.store.formats import oxigraph_rdf_format
from smpgraph.store.guard import check_nesting, check_update_syntax
from smpgraph.store.metadata import INFERRED_GRAPH, Metadata
from smpgraph.store.model import (
    GraphInfo,
    GraphResult,
    LoadReport,
    QueryResult,
    ReasoningState,
    ResultFormat,
    SerializedResult,
    StoreInfo,
)
from smpgraph.store.naming import graph_iri
from smpgraph.store.protection import UpdateTargets, check_update
from smpgraph.store.raw import RawResult
from smpgraph.store.results import write_triples
from smpgraph.store.snapshots import WriteLock
from smpgraph.store.sparql_text import refuse_remote_access
from smpgraph.store.terms import triples_to_graph
from smpgraph.store.updates import plan_update

_DESCRIBE_CHUNK = 200


class BaseStore(ABC):
    """The shared half of every backend; the other half is the abstract methods below."""

    backend: str
    metadata: Metadata

    def __init__(self, settings: Settings, *, read_only: bool) -> None:
        self.settings = settings
        self.read_only = read_only
        self._write_lock = WriteLock()  # re-entrant; counts finished writes (the query workers follow it)

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the store lives."""

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
    def _graph_triples(self, graph: str | None) -> Iterable[ox.Triple]:
        """The triples of one graph (``None``: the default graph); ResourceNotFoundError when it is absent."""

    @abstractmethod
    def _dataset_quads(self) -> list[ox.Quad]:
        """Every quad of the dataset (asserted and inferred graphs, no metadata)."""

    @abstractmethod
    def _graph_counts(self) -> dict[str, int]:
        """Triples per named graph."""

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
    ) -> LoadReport:
        """Load one RDF source into its graph, replacing an earlier load of the same source."""

    @abstractmethod
    def graph_names(self) -> list[URIRef]:
        """The named graphs of the store (without the metadata graph)."""

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
    ) -> None:
        """Run a SPARQL update over the same dataset as queries, then refresh the inferred graph.

        Raises:
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
            try:
                self._apply_update(plan.text)
            except SmpGraphError as exc:  # the engine's error: the guard's refusal, or its own
                plan.check_refusal(str(exc))
                raise
            for graph in plan.maybe_emptied(str(g) for r in self.metadata.sources.values() for g in r.graphs):
                if self._is_empty(graph):  # emptied: its loads are no longer in the store
                    self.metadata.forget_graph(URIRef(graph))
            self.metadata.touch()
            if reason:
                self.reason()

    def load_many(self, sources: Iterable[Path], *, graph: str | None = None, reason: bool = True) -> list[LoadReport]:
        """Load several files, reasoning once at the end."""
        reports = [self.load(path, graph=graph, reason=False) for path in sources]
        if reason and reports:
            self.reason()
        return reports

    def put_graph(self, graph: str | None, data: Graph, *, replace: bool = True, reason: bool = True) -> bool:
        """Replace (or add to) one graph atomically; True when the graph existed before.

        Raises:
            InputError: the graph IRI is invalid.
        """
        self._check_writable()
        graph_iri(graph)  # an invalid IRI is refused before anything is done
        with self._write_lock:
            existed = self._write_graph(graph, data, replace=replace)
            self.metadata.touch()
            if reason:
                self.reason()
        return existed

    def drop_graph(self, graph: str | None, *, reason: bool = True) -> bool:
        """Remove one graph (``None`` empties the default graph); True when it existed."""
        self._check_writable()
        iri = graph_iri(graph)
        with self._write_lock:
            existed = self._remove_graph(iri)
            self.metadata.forget_graph(URIRef(iri))
            self.metadata.touch()
            if reason:
                self.reason()
        return existed or graph is None

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
            engine = engine_named(self.settings.reasoner)
            lines: frozenset[str] = frozenset()
            if engine is not None:
                inferred = ox.NamedNode(str(INFERRED_GRAPH))
                lines = materialise(self._asserted_engine(), engine=engine, exclude=[inferred]).lines
            self._write_inferred(lines)
            self.metadata.record_reasoning(len(lines), self.settings.reasoner)
            return self.metadata.reasoning

    # -- graphs, information, export -----------------------------------------------------------------

    def get_graph(self, graph: str | None) -> Graph:
        """One graph as an rdflib Graph (``None``: the store's default graph).

        Raises:
            ResourceNotFoundError: the named graph does not exist.
        """
        return triples_to_graph(self._graph_triples(graph), Graph(identifier=URIRef(graph_iri(graph))))

    def graph_bytes(self, graph: str | None, fmt: ResultFormat) -> bytes:
        """One graph serialised (the Graph Store Protocol's GET).

        Raises:
            ResourceNotFoundError: the named graph does not exist.
            UnsupportedFormatError: ``fmt`` is not an RDF graph format.
        """
        return write_triples(list(self._graph_triples(graph)), fmt, PREFIXES)

    def _info_extras(self) -> dict[str, str]:
        return {}

    def info(self) -> StoreInfo:
        """Graphs with counts and provenance, and the reasoning state."""
        counts = self._graph_counts()
        graphs = tuple(self.metadata.graph_info(name, counts.get(str(name), 0)) for name in self.graph_names())
        state = self.metadata.reasoning
        return StoreInfo(
            backend=self.backend,
            location=self.location,
            graphs=graphs,
            total_triples=sum(counts.values()),
            reasoning=ReasoningState(
                fresh=self.metadata.fresh,
                inferred_triples=counts.get(str(INFERRED_GRAPH), 0),
                computed_at=state.computed_at,
                engine=state.engine,
            ),
            extras=self._info_extras(),
        )

    def graph_infos(self) -> list[GraphInfo]:
        """Provenance of every graph."""
        return list(self.info().graphs)

    def export(self, out: Path, result_format: ResultFormat, *, graph: str | None = None) -> int:
        """Write one graph (or, with ``graph=None``, the whole dataset without metadata) to ``out``.

        A dataset needs a quad format (N-Quads, TriG); a triple format writes the union of all graphs.

        Raises:
            UnsupportedFormatError: a results format was asked for.
            ResourceNotFoundError: the graph does not exist.
        """
        oxigraph_rdf_format(result_format)  # a results format is refused before anything is read
        if graph is not None:
            return export_triples(out, list(self._graph_triples(graph)), result_format)
        return export_dataset(out, self._dataset_quads(), result_format)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
