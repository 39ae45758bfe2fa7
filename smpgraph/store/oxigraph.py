"""The embedded store: Oxigraph (pyoxigraph), on disk in a data directory or in memory.

Queries run over the union of all graphs (the metadata graph is kept outside the store, see
docs/decisions/0001-graph-naming.md). Writes are serialised by a lock inside the process and by
RocksDB's lock between processes. Loading replaces a source's graph atomically: a first load into an
empty graph goes through the engine's bulk loader (bounded memory), undone on failure and, after a crash,
when the store is next opened (:mod:`smpgraph.store.load_marker`, ADR 0023); a load into a graph that has
triples is one transaction, a replacement one SPARQL update that drops and inserts
(:mod:`smpgraph.store.oxigraph_load`). Queries run on workers (:mod:`smpgraph.store.oxigraph_query`);
what every backend does alike is :class:`smpgraph.store.common.BaseStore`.

pyoxigraph has no ``close()``: the engine, and with it the store's RocksDB lock, lives as long as a
reference to it. So no function keeps the engine in a variable; each one gets ``engine``, the
function that returns it (:meth:`OxigraphStore._engine`), and calls it at each use. A traceback kept
after an error (an interactive session keeps the last one) then holds the store, whose ``close()``
lets the engine go, and the folder can be opened again at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from smpgraph.config import Settings
from smpgraph.errors import QueryError, ResourceNotFoundError, SmpGraphError, StoreLockedError
from smpgraph.namespaces import PREFIXES
from smpgraph.store import contained
from smpgraph.store.backup import METADATA_FILE, OX_DIR, backup_store
from smpgraph.store.deltas import DeltaUnavailable, QuadDelta, load_delta
from smpgraph.store.executor import BoundedRunner
from smpgraph.store.guard import check_nesting
from smpgraph.store.load_marker import recover
from smpgraph.store.metadata import INFERRED_GRAPH, Metadata, SourceRecord
from smpgraph.store.model import LoadReport, ResultFormat
from smpgraph.store.naming import graph_iri
from smpgraph.store.oxigraph_contained import ContainedQueries
from smpgraph.store.oxigraph_load import (
    graph_lines,
    graph_names_of,
    joined_lines,
    load_triples,
    parse_quads,
    rdflib_to_quads,
    read_source,
    replace_update,
    syntax_error,
)
from smpgraph.store.oxigraph_query import query_dataset, run_query
from smpgraph.store.protection import PROTECTED_GRAPHS, UpdateTargets
from smpgraph.store.raw import RawResult
from smpgraph.store.sparql_text import refuse_remote_access
from smpgraph.store.writes import MAX_INCREMENTAL_QUADS, Write

__all__ = ["METADATA_FILE", "OX_DIR", "OxigraphStore"]

#: a source larger than this many bytes per quad of the incremental limit is reasoned in full without parsing it
_BYTES_PER_QUAD = 250

logger = logging.getLogger(__name__)


class OxigraphStore(ContainedQueries):
    """The embedded store. Use :func:`smpgraph.store.open_store` to get one."""

    backend = "oxigraph"
    incremental_writes = True

    def __init__(self, path: Path | None, settings: Settings | None = None, *, read_only: bool = False) -> None:
        """Open (or create) the store at ``path``; ``None`` makes an in-memory store.

        Raises:
            StoreLockedError: another process holds the store.
            SmpGraphError: the folder cannot be used as a store.
        """
        super().__init__(settings or Settings(), read_only=read_only)
        self.path = path
        self._runner = BoundedRunner(self.settings.max_concurrent_queries)
        self._pool: contained.QueryPool | None = None  # queries in worker processes (ADR 0012)
        self._ox: ox.Store | None = None
        self._recovered: str | None = None  # what was done about a load a crash interrupted (ADR 0023)
        if path is None:
            self._ox = ox.Store()
            self.metadata = Metadata(None)
            return
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._ox = ox.Store(str(path / OX_DIR))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"the store at {path} is in use by another process (is `smpgraph serve` running?); "
                    "stop it, or send queries and updates to its HTTP endpoint"
                ) from None
            raise SmpGraphError(f"cannot open the store at {path}: {exc}") from exc
        self.metadata = Metadata(path / METADATA_FILE)
        # the engine is held exclusively here (read-only or not): no load can be running
        self._recovered = recover(self._engine, path)
        self._pool = contained.open_pool(path, self.settings, self._ox, self._write_lock)

    def _contained(self) -> contained.QueryPool | None:
        """The worker pool for a query now, or None to run it here (the writer's own queries read the live store)."""
        return None if self._pool is None or self._write_lock.held_here() else self._pool

    @property
    def location(self) -> str:
        """Where the store lives (``memory`` or its folder)."""
        return "memory" if self.path is None else str(self.path)

    def _engine(self) -> ox.Store:
        """The Oxigraph engine (SmpGraphError once the store is closed)."""
        if self._ox is None:
            raise SmpGraphError(f"the store at {self.location} is closed")
        return self._ox

    # -- queries -------------------------------------------------------------------------------------

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
        check_nesting(sparql)
        refuse_remote_access(sparql, allow_service=self.settings.allow_service)
        return run_query(
            self._engine,
            self._runner,
            sparql,
            dataset=query_dataset(sparql, default_graphs, named_graphs),
            cap=self.settings.max_rows if max_rows is None else max_rows,
            timeout_s=self.settings.query_timeout_s if timeout_s is None else timeout_s,
            serialize=serialize,
            result_format=serialize_as,
        )

    def _describe_query(self, iris: str) -> str:
        return f"DESCRIBE {iris}"

    # -- writes --------------------------------------------------------------------------------------

    def _apply_update(self, sparql: str) -> None:
        try:
            self._engine().update(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:  # the rewrite must never break a valid update
            logger.error("rewritten update does not parse: %s", exc)
            raise QueryError(f"this update form is not supported: {exc}") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"update failed: {exc}") from None

    def load(
        self,
        source: Path | str | bytes,
        *,
        graph: str | None = None,
        format: ResultFormat | None = None,
        name: str | None = None,
        reason: bool = True,
        skip_unchanged: bool = False,
        bulk: bool = False,
        timeout_s: float | None = None,
    ) -> LoadReport:
        """Load one RDF source into its graph, atomically replacing an earlier load of the same source.

        Args:
            source: a file path, or the data itself as bytes (then ``name`` and ``format`` are needed).
            graph: the target graph IRI (default: derived from the file name).
            format: the RDF format (default: from the suffix).
            name: the source's name for provenance (default: the absolute path).
            reason: bring the inferred graph up to date afterwards (incrementally for a small source).
            skip_unchanged: do nothing when the stored checksum of this source is the same.
            bulk: reason in full afterwards, without trying the incremental path (for a big first import).
                Every first load of a triple file into a graph with no triples goes through the engine's
                bulk loader (bounded memory; ADR 0023): not isolated from concurrent readers of this
                process, undone on failure, and after a crash when the store is next opened.
            timeout_s: the write's deadline (default: the ``write_timeout_s`` setting; 0: none).

        Raises:
            ResourceNotFoundError: the file does not exist.
            RdfSyntaxError: the data does not parse (file, line and problem named); the store is unchanged.
            UnsupportedFormatError: the format is unknown.
            InputError: the graph IRI is invalid, or the graph also holds another source.
            QueryTimeoutError: the write ran past its deadline; nothing was changed.
        """
        self._check_writable()
        started, waited = time.perf_counter(), time.monotonic()
        loaded = read_source(source, graph=graph, fmt=format, name=name)
        checksum = loaded.checksum()
        with self._write_lock:
            unchanged = (
                self.metadata.unchanged_load(loaded.name, checksum, loaded.target, is_empty=self._is_empty)
                if skip_unchanged
                else None
            )
            if unchanged is not None:
                return unchanged
            earlier = self.metadata.record_for_source(loaded.name)
            # large on disk: the engine's bulk loader with a backup, in bounded memory (ADR 0023)
            large = self.path is not None and (bulk or loaded.size() > MAX_INCREMENTAL_QUADS * _BYTES_PER_QUAD)
            quads: list[ox.Quad] | None = None
            if loaded.format.is_quads or (earlier is not None and not large):  # the quads themselves are needed
                quads = parse_quads(loaded)
            graphs = graph_names_of(quads) if quads is not None else [str(loaded.target)]
            dropped: set[str] = set()
            if earlier is not None:  # a new version: one update drops the old graphs and inserts the new data
                dropped = {*graphs, *(str(g) for g in earlier.graphs)}
                self.metadata.refuse_shared(loaded.name, dropped)
            replaced = sorted(dropped & set(self._named_graphs()))
            counted: list[int] = []
            records: list[SourceRecord] = []

            def apply() -> None:
                try:
                    if quads is None:  # a triple source the engine reads itself
                        counted.append(load_triples(self._engine, self.path, loaded, replaced, large=large))
                    elif earlier is None:  # first load of a dataset: one transaction adds it
                        self._engine().extend(quads)
                        counted.append(len(quads))
                    else:
                        self._engine().update(replace_update(replaced, quads))
                        counted.append(len(quads))
                except SyntaxError as exc:
                    raise syntax_error(loaded.name, exc) from None
                except OSError as exc:
                    raise SmpGraphError(f"{loaded.name}: the store could not be written: {exc}") from exc

            def delta(limit: int) -> QuadDelta:
                if bulk or (quads is None and loaded.size() > limit * _BYTES_PER_QUAD):
                    raise DeltaUnavailable("the source is too large to reason incrementally")
                new = parse_quads(loaded) if quads is None else quads
                change = load_delta(self._engine, new, replaced=[ox.NamedNode(g) for g in replaced], limit=limit)
                counted.append(len(change.added) if quads is None else len(new))  # as the engine would count
                return change

            def bookkeeping() -> None:
                records.append(self.metadata.record_load(loaded.name, checksum, graphs, counted[-1]))

            write = Write(apply, delta, sorted({*graphs, *dropped}), bookkeeping)
            self._write(write, reason=reason, timeout_s=timeout_s, started=waited)
        return LoadReport(
            source=loaded.name, graph=loaded.target, triples=counted[-1], checksum=checksum, replaced=bool(replaced),
            seconds=time.perf_counter() - started, graphs=records[-1].graphs,
        )  # fmt: skip

    def _info_extras(self) -> dict[str, str]:
        return {} if self._recovered is None else {"interrupted_load": self._recovered}

    def _write_graph(self, graph: str | None, data: Graph, *, replace: bool) -> bool:
        node = ox.NamedNode(graph_iri(graph))
        quads = rdflib_to_quads(data, node)
        existed = graph is None or self._engine().contains_named_graph(node)
        if replace and existed:
            self._engine().update(replace_update([node.value], quads))
        elif quads:
            self._engine().extend(quads)
        else:
            self._engine().add_graph(node)
        return existed

    def _remove_graph(self, iri: str) -> bool:
        node = ox.NamedNode(iri)
        existed = self._engine().contains_named_graph(node)
        if existed:
            self._engine().remove_graph(node)
        return existed

    # -- graphs --------------------------------------------------------------------------------------

    def _named_graphs(self) -> list[str]:
        return sorted(graph.value for graph in self._engine().named_graphs() if isinstance(graph, ox.NamedNode))

    def _current_graphs(self) -> list[str]:
        return self._named_graphs()

    def _has_quads(self, graph: ox.NamedNode | ox.DefaultGraph) -> bool:
        return next(iter(self._engine().quads_for_pattern(None, None, None, graph)), None) is not None

    def _is_empty(self, graph: str) -> bool:
        return not self._has_quads(ox.NamedNode(graph))

    def _guard_places(self, targets: UpdateTargets) -> tuple[dict[str, str], dict[str, int]]:
        # nothing to refuse: the engine runs a request as one transaction, so the guard can always roll it back;
        # the engine's own default graph is never written by smpgraph: the inferred graph's snapshot goes there;
        # the metadata graph lives outside the engine and must stay empty in it: checked by its size
        snapshots = {} if self._has_quads(ox.DefaultGraph()) else {str(INFERRED_GRAPH): "DEFAULT"}
        counts = {graph: self._count(graph) for graph in PROTECTED_GRAPHS} if targets.variable else {}
        return snapshots, counts

    def _count(self, graph: str) -> int:
        result = self._engine().query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        assert isinstance(result, ox.QuerySolutions)
        for solution in result:
            return int(solution[0].value)
        return 0

    def graph_names(self) -> list[URIRef]:
        """The named graphs of the store (the default graph's stand-in included when it has triples)."""
        return [URIRef(iri) for iri in self._named_graphs()]

    def has_graph(self, graph: str | None) -> bool:
        """True when the graph exists (the default graph always exists)."""
        return graph is None or self._engine().contains_named_graph(ox.NamedNode(graph_iri(graph)))

    def _graph_triples(self, graph: str | None) -> Iterator[ox.Triple]:
        node = ox.NamedNode(graph_iri(graph))
        if graph is not None and not self._engine().contains_named_graph(node):
            raise ResourceNotFoundError(f"no graph <{graph}> in the store")
        quads = self._engine().quads_for_pattern(None, None, None, node)
        return (ox.Triple(q.subject, q.predicate, q.object) for q in quads)

    def _dataset_quads(self) -> list[ox.Quad]:
        return list(self._engine().quads_for_pattern(None, None, None, None))

    def _graph_counts(self) -> dict[str, int]:
        result = self._engine().query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        assert isinstance(result, ox.QuerySolutions)
        return {solution[0].value: int(solution[1].value) for solution in result}

    # -- reasoning -----------------------------------------------------------------------------------

    def _asserted_engine(self) -> Callable[[], ox.Store]:
        return self._engine

    def _write_inferred(self, lines: frozenset[str]) -> None:
        """Write only the changes: the old inferred graph is read back as N-Triples lines and compared."""
        node = ox.NamedNode(str(INFERRED_GRAPH))
        old = graph_lines(self._engine, node)
        removed, added = old - lines, lines - old
        if removed:  # one update: readers see the old inferred graph or the new one
            parts = [f"DELETE DATA {{ GRAPH <{node.value}> {{\n{joined_lines(removed)}}} }}"]
            if added:
                parts.append(f"INSERT DATA {{ GRAPH <{node.value}> {{\n{joined_lines(added)}}} }}")
            self._engine().update(" ;\n".join(parts))
        elif added and old:  # additions only: one load, a single transaction too, without the SPARQL parser
            self._engine().load(joined_lines(added).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=node)
        elif added:  # into an empty inferred graph: the bulk loader (bounded memory; a crash leaves it stale,
            # and the next recompute writes the rest, ADR 0024)
            self._engine().bulk_load(joined_lines(added).encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=node)

    # -- maintenance and life cycle ------------------------------------------------------------------

    def backup(self, target: Path) -> Path:
        """Copy the whole store (engine files and metadata) into a new folder ``target``.

        Raises:
            InputError: the store is in memory, or ``target`` exists.
        """
        with self._write_lock:  # engine and metadata of the same write (a server writes meanwhile)
            return backup_store(self._engine, self.metadata, self.path, target)

    def __len__(self) -> int:
        return len(self._engine())

    def close(self) -> None:
        """Stop the query workers, flush and release the engine (and with it the store's lock)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
        engine, self._ox = self._ox, None
        if engine is not None and self.path is not None and not self.read_only:
            try:
                engine.flush()
            except OSError:
                logger.warning("could not flush the store at %s", self.path)
