"""The embedded store: Oxigraph (pyoxigraph), on disk in a data directory or in memory.

Queries run over the union of all graphs (the metadata graph is kept outside the store, see
docs/decisions/0001-graph-naming.md). Writes are serialised by a lock inside the process and by
RocksDB's lock between processes. Loading replaces a source's graph atomically: a new graph is
written in one transaction, a replacement by one SPARQL update that drops and inserts.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import pyoxigraph as ox
from rdflib import Graph, URIRef

from smpgraph.config import Settings
from smpgraph.errors import (
    InputError,
    QueryError,
    RdfSyntaxError,
    ResourceNotFoundError,
    SmpGraphError,
    StoreLockedError,
    UnsupportedFormatError,
    UpdateNotAllowedError,
)
from smpgraph.namespaces import PREFIXES
from smpgraph.store import contained
from smpgraph.store.base import (
    AskResult,
    GraphInfo,
    GraphResult,
    LoadReport,
    QueryForm,
    QueryResult,
    ReasoningState,
    ResultFormat,
    SelectResult,
    SerializedResult,
    StoreInfo,
)
from smpgraph.store.executor import BoundedRunner
from smpgraph.store.export import export_dataset, export_triples
from smpgraph.store.formats import check_syntax_source, format_for_path, oxigraph_rdf_format, parser_detail
from smpgraph.store.guard import check_nesting
from smpgraph.store.metadata import DEFAULT_GRAPH, INFERRED_GRAPH, Metadata, SourceRecord
from smpgraph.store.naming import graph_for_file
from smpgraph.store.query_worker import check_update_syntax
from smpgraph.store.results import (
    default_format,
    engine_graph_bytes,
    engine_select_bytes,
    serialize_result,
    write_triples,
)
from smpgraph.store.snapshots import WriteLock
from smpgraph.store.sparql_text import refuse_remote_access, rewrite_update
from smpgraph.store.terms import rows_to_rdflib, triples_to_graph

logger = logging.getLogger(__name__)

OX_DIR: Final = "oxigraph"
METADATA_FILE: Final = "metadata.ttl"
_MAX_EXPORT_ROWS: Final = 0
_CHAIN_AXIOMS: Final = """
CONSTRUCT { ?p owl:propertyChainAxiom ?list . ?node rdf:first ?step ; rdf:rest ?rest . }
WHERE { ?p owl:propertyChainAxiom ?list . ?list rdf:rest* ?node . ?node rdf:first ?step ; rdf:rest ?rest . }
"""


_PREFIX_USE: Final = re.compile("|".join(re.escape(name) + ":" for name in PREFIXES))


class _Raw:
    """What a worker thread hands back: engine terms, read in full in that thread."""

    __slots__ = ("boolean", "form", "rows", "serialized", "triples", "truncated", "variables")

    def __init__(self, form: QueryForm) -> None:
        self.form = form
        self.serialized: bytes | None = None  # a result written by the engine (query_serialized)
        self.variables: tuple[str, ...] = ()
        self.rows: list[tuple[object, ...]] = []
        self.triples: list[ox.Triple] = []
        self.boolean = False
        self.truncated = False


def _engine_written(result: ox.QuerySolutions | ox.QueryTriples, fmt: ResultFormat | None, cap: int) -> _Raw | None:
    """The result written by the engine in the format asked for (ADR 0010), or None: read it one by one.

    None when the result may be longer than ``cap``; ``result`` is then spent.

    Raises:
        UnsupportedFormatError: the format does not fit the query form (before any row is read).
    """
    if isinstance(result, ox.QuerySolutions):
        raw = _Raw(QueryForm.SELECT)
        raw.serialized = engine_select_bytes(result, fmt or default_format(raw.form), cap)
    else:
        raw = _Raw(QueryForm.CONSTRUCT)
        raw.serialized = engine_graph_bytes(result, fmt or default_format(raw.form), cap, PREFIXES)
    return raw if raw.serialized is not None else None


class OxigraphStore:
    """The embedded store. Use :func:`smpgraph.store.open_store` to get one."""

    backend = "oxigraph"

    def __init__(self, path: Path | None, settings: Settings | None = None, *, read_only: bool = False) -> None:
        """Open (or create) the store at ``path``; ``None`` makes an in-memory store.

        Raises:
            StoreLockedError: another process holds the store.
            SmpGraphError: the folder cannot be used as a store.
        """
        self.settings = settings or Settings()
        self.path = path
        self.read_only = read_only
        self._write_lock = WriteLock()
        self._runner = BoundedRunner(self.settings.max_concurrent_queries)
        self._pool: contained.QueryPool | None = None  # queries in worker processes (ADR 0012)
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
        self._pool = contained.open_pool(path, self.settings, self._ox, self._write_lock)

    @classmethod
    def over_engine(cls, engine: ox.Store, settings: Settings) -> OxigraphStore:
        """A read-only store around an engine opened elsewhere (a query worker's snapshot, ADR 0012)."""
        store = cls(None, settings, read_only=True)
        store._ox = engine
        return store

    def _contained(self) -> contained.QueryPool | None:
        """The worker pool for a query now, or None to run it here (the writer's own queries read the live store)."""
        if self._pool is None or self._write_lock.held_here():
            return None
        return self._pool

    @property
    def location(self) -> str:
        """Where the store lives (``memory`` or its folder)."""
        return "memory" if self.path is None else str(self.path)

    # -- queries -----------------------------------------------------------------------------------

    def _dataset(self, default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None) -> dict[str, object]:
        if not default_graphs and not named_graphs:
            return {"use_default_graph_as_union": True}
        try:
            kwargs: dict[str, object] = {}
            if default_graphs:
                kwargs["default_graph"] = [ox.NamedNode(iri) for iri in default_graphs]
            else:
                kwargs["default_graph"] = [ox.DefaultGraph()]
            if named_graphs:
                kwargs["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
            elif default_graphs:
                kwargs["named_graphs"] = []
            return kwargs
        except ValueError as exc:
            raise QueryError(f"invalid graph IRI in the dataset: {exc}") from None

    def _run(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        timeout_s: float | None,
        max_rows: int | None,
        serialize: bool = False,
        result_format: ResultFormat | None = None,
    ) -> _Raw:
        """Run a query on a worker; with ``serialize``, a result within the cap is written there by the engine."""
        check_nesting(sparql)
        refuse_remote_access(sparql, allow_service=self.settings.allow_service)
        dataset = self._dataset(default_graphs, named_graphs)
        cap = self.settings.max_rows if max_rows is None else max_rows
        deadline = self.settings.query_timeout_s if timeout_s is None else timeout_s
        # the engine parses every prefix it is given (~12 us for ours): only when the text may use one
        prefixes = PREFIXES if _PREFIX_USE.search(sparql) else None

        def evaluate() -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
            try:
                return self._ox.query(sparql, prefixes=prefixes, **dataset)  # type: ignore[arg-type]
            except SyntaxError as exc:
                raise QueryError(f"SPARQL syntax error: {exc}") from None
            except OSError as exc:
                raise SmpGraphError(f"the store could not be read: {exc}") from exc

        def work() -> _Raw:
            result = evaluate()
            if serialize and not isinstance(result, ox.QueryBoolean):
                written = _engine_written(result, result_format, cap)
                if written is not None:
                    return written
                result = evaluate()  # may be longer than the cap: again, read one by one, stopping at the cap
            if isinstance(result, ox.QueryBoolean):
                raw = _Raw(QueryForm.ASK)
                raw.boolean = bool(result)
                return raw
            if isinstance(result, ox.QuerySolutions):
                raw = _Raw(QueryForm.SELECT)
                raw.variables = tuple(variable.value for variable in result.variables)
                width = len(raw.variables)
                for solution in result:
                    if cap and len(raw.rows) >= cap:
                        raw.truncated = True
                        break
                    raw.rows.append(tuple(solution[index] for index in range(width)))
                return raw
            raw = _Raw(QueryForm.CONSTRUCT)
            for triple in result:
                if cap and len(raw.triples) >= cap:
                    raw.truncated = True
                    break
                raw.triples.append(triple)
            return raw

        return self._runner.run(work, timeout_s=deadline)

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout_s: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a query; SELECT rows and CONSTRUCT graphs come back with rdflib terms.

        Raises:
            QueryError: the query is malformed.
            ForbiddenOperationError: it uses SERVICE (unless allowed).
            QueryTimeoutError: it ran past its deadline.
            StoreBusyError: too many queries were running.
            QueryAbortedError: the query crashed its worker process, or passed the memory cap.
        """
        pool = self._contained()
        if pool is not None:
            return contained.query_result(
                pool, sparql, default_graphs=default_graphs, named_graphs=named_graphs, timeout_s=timeout_s,
                max_rows=max_rows,
            )  # fmt: skip
        raw = self._run(
            sparql, default_graphs=default_graphs, named_graphs=named_graphs, timeout_s=timeout_s, max_rows=max_rows
        )
        if raw.form is QueryForm.ASK:
            return AskResult(raw.boolean)
        if raw.form is QueryForm.SELECT:
            return SelectResult(raw.variables, rows_to_rdflib(raw.rows), truncated=raw.truncated)
        # rdflib's context-unaware SimpleMemory store builds a graph about twice as fast as the default
        # Memory store (the result is one graph: contexts are of no use to it)
        return GraphResult(triples_to_graph(raw.triples, Graph(store="SimpleMemory")), truncated=raw.truncated)

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
        """Run a query and serialise its result (JSON or Turtle by default).

        Raises:
            UnsupportedFormatError: the format does not fit the query form.
        """
        pool = self._contained()
        if pool is not None:
            return contained.serialized_result(
                pool, sparql, result_format, default_graphs=default_graphs, named_graphs=named_graphs,
                timeout_s=timeout_s, max_rows=max_rows,
            )  # fmt: skip
        raw = self._run(
            sparql,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            timeout_s=timeout_s,
            max_rows=max_rows,
            serialize=True,
            result_format=result_format,
        )
        if raw.serialized is not None:
            return SerializedResult(raw.form, result_format or default_format(raw.form), raw.serialized)
        return serialize_result(
            raw.form,
            result_format,
            boolean=raw.boolean,
            variables=raw.variables,
            rows=raw.rows,  # type: ignore[arg-type]
            triples=raw.triples,
            truncated=raw.truncated,
        )

    def describe(self, iris: Iterable[str]) -> Graph:
        """The concise bounded description of each IRI (over the union dataset), as one rdflib Graph."""
        wanted = sorted({iri for iri in iris})
        graph = Graph()
        for start in range(0, len(wanted), 200):
            chunk = wanted[start : start + 200]
            try:
                terms = " ".join(f"<{ox.NamedNode(iri).value}>" for iri in chunk)
            except ValueError as exc:
                raise InputError(f"invalid IRI: {exc}") from None
            result = self.query(f"DESCRIBE {terms}", max_rows=0)
            assert isinstance(result, GraphResult)
            graph += result.graph
        return graph

    # -- writes ------------------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            raise UpdateNotAllowedError(f"the store at {self.location} is open read-only")

    def _named_graphs(self) -> list[str]:
        return sorted(graph.value for graph in self._ox.named_graphs() if isinstance(graph, ox.NamedNode))

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
            QueryError: the update is malformed.
            ForbiddenOperationError: it uses LOAD or SERVICE.
            UpdateNotAllowedError: the store is read-only.
        """
        self._check_writable()
        check_nesting(sparql, what="update")
        refuse_remote_access(sparql, allow_service=self.settings.allow_service)
        pool = self._contained()  # a syntax check that reports the user's own positions (the rewrite moves them)
        if pool is not None:
            contained.check_update(pool, sparql)  # in a worker: a parser crash kills the worker, not us
        else:
            check_update_syntax(sparql)
        with self._write_lock:
            union = sorted({*self._named_graphs(), str(DEFAULT_GRAPH)} - {str(INFERRED_GRAPH)})
            rewritten = rewrite_update(
                sparql,
                default_graph=str(DEFAULT_GRAPH),
                union_graphs=[*union, str(INFERRED_GRAPH)],
                using_graphs=using_graphs,
                using_named_graphs=using_named_graphs,
            )
            try:
                self._ox.update(rewritten, prefixes=PREFIXES)
            except SyntaxError as exc:  # the rewrite must never break a valid update
                logger.error("rewritten update does not parse: %s", exc)
                raise QueryError(f"this update form is not supported: {exc}") from None
            except (OSError, ValueError, RuntimeError) as exc:
                raise QueryError(f"update failed: {exc}") from None
            self.metadata.touch()
            if reason:
                self.reason()

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
    ) -> LoadReport:
        """Load one RDF source into its graph, atomically replacing an earlier load of the same source.

        Args:
            source: a file path, or the data itself as bytes (then ``name`` and ``format`` are needed).
            graph: the target graph IRI (default: derived from the file name).
            format: the RDF format (default: from the suffix).
            name: the source's name for provenance (default: the absolute path).
            reason: recompute the inferred graph afterwards.
            skip_unchanged: do nothing when the stored checksum of this source is the same.
            bulk: for the first import of a big file: the whole file is parsed first (so a syntax
                error still writes nothing), then written by the engine's bulk loader, which is
                several times faster but not isolated from concurrent readers.

        Raises:
            ResourceNotFoundError: the file does not exist.
            RdfSyntaxError: the data does not parse (file, line and problem named); the store is unchanged.
            UnsupportedFormatError: the format is unknown.
            InputError: the graph IRI is invalid.
        """
        self._check_writable()
        started = time.perf_counter()
        path, data, source_name, fmt, target = self._read_source(source, graph=graph, fmt=format, name=name)
        checksum = "sha256:" + _sha256(path, data, source_name)
        with self._write_lock:
            earlier = self.metadata.record_for_source(source_name)
            if skip_unchanged and earlier is not None and earlier.checksum == checksum:
                return LoadReport(
                    source=source_name,
                    graph=target,
                    triples=earlier.triples,
                    checksum=checksum,
                    unchanged=True,
                    graphs=earlier.graphs,
                )
            quads: list[ox.Quad] | None = None
            if fmt.is_quads or earlier is not None:  # smpgraph needs the quads themselves
                quads = self._parse(_bytes_of(path, data, source_name), fmt, source_name, target)
            graphs = sorted({quad.graph_name.value for quad in quads}) if quads is not None else [str(target)]  # type: ignore[union-attr]
            replaced: list[str] = []
            try:
                if earlier is None and quads is None:  # first load of a triple source: the engine reads it
                    count = self._load_new(path, data, fmt, source_name, target, bulk=bulk)
                elif earlier is None:  # first load of a dataset: one transaction adds it
                    assert quads is not None
                    self._ox.extend(quads)
                    count = len(quads)
                else:  # a new version: one update drops the old graphs and inserts the new data
                    assert quads is not None
                    dropped = {*graphs, *(str(g) for g in earlier.graphs)}
                    self._refuse_shared(source_name, dropped)
                    replaced = sorted(dropped & {*self._named_graphs()})
                    self._ox.update(_replace_update(replaced, quads))
                    count = len(quads)
            except SyntaxError as exc:
                raise _syntax_error(source_name, exc) from None
            except OSError as exc:
                raise SmpGraphError(f"{source_name}: the store could not be written: {exc}") from exc
            record = SourceRecord(
                source=source_name,
                checksum=checksum,
                graphs=tuple(URIRef(g) for g in graphs),
                triples=count,
                loaded_at=datetime.now(UTC).replace(microsecond=0),
            )
            self.metadata.record_load(record)
            if reason:
                self.reason()
        return LoadReport(
            source=source_name,
            graph=target,
            triples=count,
            checksum=checksum,
            replaced=bool(replaced),
            seconds=time.perf_counter() - started,
            graphs=record.graphs,
        )

    def load_many(self, sources: Iterable[Path], *, graph: str | None = None, reason: bool = True) -> list[LoadReport]:
        """Load several files, reasoning once at the end."""
        reports = [self.load(path, graph=graph, reason=False) for path in sources]
        if reason and reports:
            self.reason()
        return reports

    def _load_new(
        self, path: Path | None, data: bytes | None, fmt: ResultFormat, source_name: str, target: URIRef, *, bulk: bool
    ) -> int:
        """Write a first load of a triple source into ``target``; the number of triples it added.

        The engine reads the file itself (no copy of it in Python). The atomic path is one engine
        transaction; the bulk path checks the syntax in the engine first (so that an error writes
        nothing) and then runs the engine's bulk loader.
        """
        node = ox.NamedNode(str(target))
        source: dict[str, object] = {"path": str(path)} if path is not None else {"input": data}
        rdf_format = oxigraph_rdf_format(fmt)
        before = self._count(node.value) if self._ox.contains_named_graph(node) else 0
        if bulk:
            check_syntax_source(source, fmt, source_name)
            self._ox.bulk_load(format=rdf_format, base_iri=node.value, to_graph=node, **source)  # type: ignore[arg-type]
            return self._count(node.value) - before
        self._ox.load(format=rdf_format, base_iri=node.value, to_graph=node, **source)  # type: ignore[arg-type]
        return self._count(node.value) - before

    def _read_source(
        self, source: Path | str | bytes, *, graph: str | None, fmt: ResultFormat | None, name: str | None
    ) -> tuple[Path | None, bytes | None, str, ResultFormat, URIRef]:
        """The file (or the data), the source's name, its format and its target graph; files are not read."""
        path: Path | None = None
        data: bytes | None = None
        if isinstance(source, bytes):
            if fmt is None or name is None:
                raise InputError("loading bytes needs a format and a name")
            target = URIRef(graph) if graph else URIRef(graph_for_file(Path(name)))
            data = source
            source_name = name
        else:
            path = Path(source)
            if not path.is_file():
                raise ResourceNotFoundError(f"{path}: no such file")
            fmt = fmt or format_for_path(path)
            source_name = name or str(path.resolve())
            target = URIRef(graph) if graph else graph_for_file(path)
        if fmt.is_tabular:
            raise UnsupportedFormatError(f"{source_name}: {fmt.name} is a results format, not RDF")
        try:
            ox.NamedNode(str(target))
        except ValueError as exc:
            raise InputError(f"invalid graph IRI {str(target)!r}: {exc}") from None
        return path, data, source_name, fmt, target

    @staticmethod
    def _parse(data: bytes, fmt: ResultFormat, source_name: str, target: URIRef) -> list[ox.Quad]:
        target_node = ox.NamedNode(str(target))
        try:
            parsed = list(ox.parse(data, format=oxigraph_rdf_format(fmt), base_iri=str(target)))
        except SyntaxError as exc:
            raise _syntax_error(source_name, exc) from None
        quads: list[ox.Quad] = []
        for quad in parsed:
            if isinstance(quad.graph_name, ox.DefaultGraph):
                quads.append(ox.Quad(quad.subject, quad.predicate, quad.object, target_node))
            elif isinstance(quad.graph_name, ox.BlankNode):
                raise InputError(f"{source_name}: blank-node graph names are not supported")
            else:
                quads.append(quad)
        return quads

    def _refuse_shared(self, source_name: str, graphs: set[str]) -> None:
        for graph in sorted(graphs):
            others = [r.source for r in self.metadata.sources_of_graph(URIRef(graph)) if r.source != source_name]
            if others:
                raise InputError(
                    f"{source_name}: cannot replace graph <{graph}>, which also holds {others[0]}; "
                    "load each file into its own graph, or drop the graph and load them all again"
                )

    def _count(self, graph: str) -> int:
        result = self._ox.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        for solution in result:  # type: ignore[union-attr]
            return int(solution[0].value)
        return 0

    # -- graphs ------------------------------------------------------------------------------------

    def graph_names(self) -> list[URIRef]:
        """The named graphs of the store (the default graph's stand-in included when it has triples)."""
        return [URIRef(iri) for iri in self._named_graphs()]

    def _graph_node(self, graph: str | None) -> ox.NamedNode:
        try:
            return ox.NamedNode(str(DEFAULT_GRAPH) if graph is None else graph)
        except ValueError as exc:
            raise InputError(f"invalid graph IRI {graph!r}: {exc}") from None

    def has_graph(self, graph: str | None) -> bool:
        """True when the graph exists (the default graph always exists)."""
        return graph is None or self._ox.contains_named_graph(self._graph_node(graph))

    def get_graph(self, graph: str | None) -> Graph:
        """One graph as an rdflib Graph (``None``: the store's default graph).

        Raises:
            ResourceNotFoundError: the named graph does not exist.
        """
        node = self._graph_node(graph)
        if graph is not None and not self._ox.contains_named_graph(node):
            raise ResourceNotFoundError(f"no graph <{graph}> in the store")
        triples = (
            ox.Triple(q.subject, q.predicate, q.object) for q in self._ox.quads_for_pattern(None, None, None, node)
        )
        return triples_to_graph(triples, Graph(identifier=URIRef(node.value)))

    def graph_bytes(self, graph: str | None, fmt: ResultFormat) -> bytes:
        """One graph serialised by the engine (the Graph Store Protocol's GET).

        Raises:
            ResourceNotFoundError: the named graph does not exist.
        """
        node = self._graph_node(graph)
        if graph is not None and not self._ox.contains_named_graph(node):
            raise ResourceNotFoundError(f"no graph <{graph}> in the store")
        triples = [
            ox.Triple(q.subject, q.predicate, q.object) for q in self._ox.quads_for_pattern(None, None, None, node)
        ]
        return write_triples(triples, fmt, PREFIXES)

    def put_graph(self, graph: str | None, data: Graph, *, replace: bool = True, reason: bool = True) -> bool:
        """Replace (or add to) one graph atomically; True when the graph existed before."""
        self._check_writable()
        node = self._graph_node(graph)
        quads = [ox.Quad(t.subject, t.predicate, t.object, node) for t in _rdflib_to_ox_triples(data)]
        with self._write_lock:
            existed = graph is None or self._ox.contains_named_graph(node)
            if replace and existed:
                self._ox.update(_replace_update([node.value], quads))
            elif quads:
                self._ox.extend(quads)
            else:
                self._ox.add_graph(node)
            self.metadata.touch()
            if reason:
                self.reason()
        return existed

    def drop_graph(self, graph: str | None, *, reason: bool = True) -> bool:
        """Remove one graph (``None`` empties the default graph); True when it existed."""
        self._check_writable()
        node = self._graph_node(graph)
        with self._write_lock:
            existed = self._ox.contains_named_graph(node)
            if existed:
                self._ox.remove_graph(node)
            self.metadata.forget_graph(URIRef(node.value))
            self.metadata.touch()
            if reason:
                self.reason()
        return existed or graph is None

    # -- reasoning ---------------------------------------------------------------------------------

    def asserted_graph(self) -> Graph:
        """Every asserted triple (all graphs but the inferred one) as one rdflib Graph."""
        inferred = ox.NamedNode(str(INFERRED_GRAPH))
        triples = (
            ox.Triple(q.subject, q.predicate, q.object)
            for q in self._ox.quads_for_pattern(None, None, None, None)
            if q.graph_name != inferred
        )
        return triples_to_graph(triples)

    def reason(self) -> ReasoningState:
        """Recompute the OWL RL closure into the inferred graph (only the changes are written).

        The work stays in N-Triples string space: the asserted graphs are dumped by the engine, the
        reasoner's closure is filtered and compared as text, and the old inferred graph is read back as
        text, so no rdflib term is made for the asserted data.

        Raises:
            ReasoningError: the reasoner failed.
        """
        self._check_writable()
        with self._write_lock:
            engine_name = self.settings.reasoner
            new: frozenset[str] = frozenset()
            if engine_name != "none":
                new = self._inferred_lines(engine_name)
            node = ox.NamedNode(str(INFERRED_GRAPH))
            old = self._graph_lines(node)
            removed, added = old - new, new - old
            if removed:  # one update: readers see the old inferred graph or the new one
                parts = [f"DELETE DATA {{ GRAPH <{node.value}> {{\n{_joined(removed)}}} }}"]
                if added:
                    parts.append(f"INSERT DATA {{ GRAPH <{node.value}> {{\n{_joined(added)}}} }}")
                self._ox.update(" ;\n".join(parts))
            elif added:  # additions only: one load, a single transaction too, without the SPARQL parser
                self._ox.load(_joined(added).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=node)
            self.metadata.record_reasoning(len(new), engine_name)
            return self.metadata.reasoning

    def _graph_lines(self, node: ox.NamedNode) -> set[str]:
        """One graph as the set of its N-Triples lines, written by the engine."""
        if not self._ox.contains_named_graph(node):
            return set()
        data = self._ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=node) or b""
        return set(data.decode("utf-8").splitlines())

    def _inferred_lines(self, engine_name: str) -> frozenset[str]:
        """The filtered inferences of the asserted data, by the configured engine, as N-Triples lines."""
        from smpgraph.reasoning import ReasoningEngine, compute_inferences, infer_lines_from_file, ntriples_lines

        if engine_name == "owlrl":
            return ntriples_lines(compute_inferences(self.asserted_graph(), engine=ReasoningEngine.OWLRL).graph)
        inferred = ox.NamedNode(str(INFERRED_GRAPH))
        chains = self.query(_CHAIN_AXIOMS, max_rows=0)
        assert isinstance(chains, GraphResult)
        seed = self._chained_over_asserted(chains.graph)
        with tempfile.TemporaryDirectory(prefix="smpgraph-reason-") as tmp:
            path = Path(tmp) / "asserted.ttl"  # reasonable picks its parser by suffix; N-Triples is Turtle
            with path.open("wb") as out:
                for graph in [ox.DefaultGraph(), *self._ox.named_graphs()]:
                    if graph != inferred:
                        self._ox.dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
            return infer_lines_from_file(path, chain_axioms=chains.graph, seed=seed).lines

    def _chained_over_asserted(self, chain_axioms: Graph) -> list[tuple[URIRef, URIRef, URIRef]]:
        """Property-chain conclusions over the asserted data, one SPARQL path query per chain axiom."""
        from smpgraph.reasoning._chains import read_chain_axioms

        seed: list[tuple[URIRef, URIRef, URIRef]] = []
        for axiom in read_chain_axioms(chain_axioms):
            if not isinstance(axiom.implied, URIRef) or not all(isinstance(step, URIRef) for step in axiom.steps):
                continue  # inverse-property steps are left to the reasoner's rounds
            path = "/".join(f"<{step}>" for step in axiom.steps)
            rows = self.query(f"SELECT DISTINCT ?x ?y WHERE {{ ?x {path} ?y }}", max_rows=0)
            assert isinstance(rows, SelectResult)
            seed.extend((x, axiom.implied, y) for x, y in rows.rows if isinstance(x, URIRef) and isinstance(y, URIRef))
        return seed

    # -- information, export, life cycle -----------------------------------------------------------

    def info(self) -> StoreInfo:
        """Graphs with counts and provenance, and the reasoning state."""
        counts: dict[str, int] = {}
        result = self._ox.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        for solution in result:  # type: ignore[union-attr]
            counts[solution[0].value] = int(solution[1].value)
        graphs = tuple(self.metadata.graph_info(URIRef(g), counts.get(g, 0)) for g in self._named_graphs())
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
        )

    def graph_infos(self) -> list[GraphInfo]:
        """Provenance of every graph."""
        return list(self.info().graphs)

    def export(self, out: Path, result_format: ResultFormat, *, graph: str | None = None) -> int:
        """Write one graph (or, with ``graph=None``, the whole dataset) to ``out``.

        A dataset needs a quad format (N-Quads, TriG); a triple format writes the union of all graphs.

        Raises:
            UnsupportedFormatError: a results format was asked for.
            ResourceNotFoundError: the graph does not exist.
        """
        oxigraph_rdf_format(result_format)  # a results format is refused before anything is read
        if graph is not None:
            node = self._graph_node(graph)
            if not self._ox.contains_named_graph(node):
                raise ResourceNotFoundError(f"no graph <{graph}> in the store")
            triples = [
                ox.Triple(q.subject, q.predicate, q.object) for q in self._ox.quads_for_pattern(None, None, None, node)
            ]
            return export_triples(out, triples, result_format)
        return export_dataset(out, list(self._ox.quads_for_pattern(None, None, None, None)), result_format)

    def backup(self, target: Path) -> Path:
        """Copy the whole store (engine files and metadata) into a new folder ``target``.

        Raises:
            InputError: the store is in memory, or ``target`` exists.
        """
        from smpgraph.store.backup import backup_store

        return backup_store(self, target)

    def __len__(self) -> int:
        return len(self._ox)

    def close(self) -> None:
        """Flush and release the engine (and with it the store's lock)."""
        pool, self._pool = getattr(self, "_pool", None), None
        if pool is not None:
            pool.close()
        store = getattr(self, "_ox", None)
        if store is not None and self.path is not None and not self.read_only:
            try:
                store.flush()
            except OSError:
                logger.warning("could not flush the store at %s", self.path)
        self._ox = None  # type: ignore[assignment]

    def __enter__(self) -> OxigraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sha256(path: Path | None, data: bytes | None, source_name: str) -> str:
    """The SHA-256 of the data, or of the file, read in chunks (a big file is never held whole)."""
    if data is not None:
        return hashlib.sha256(data).hexdigest()
    assert path is not None
    try:
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError as exc:
        raise ResourceNotFoundError(f"{source_name}: cannot be read: {exc.strerror}") from None


def _bytes_of(path: Path | None, data: bytes | None, source_name: str) -> bytes:
    if data is not None:
        return data
    assert path is not None
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ResourceNotFoundError(f"{source_name}: cannot be read: {exc.strerror}") from None


def _syntax_error(source: str, exc: SyntaxError) -> RdfSyntaxError:
    return RdfSyntaxError(source, parser_detail(exc), line=exc.lineno, column=exc.offset)


def _rdflib_to_ox_triples(graph: Graph) -> list[ox.Triple]:
    data = graph.serialize(format="nt", encoding="utf-8")
    return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))


def _has_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _joined(lines: Iterable[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def _replace_update(graphs: Sequence[str], quads: Sequence[ox.Quad]) -> str:
    """One SPARQL update that drops ``graphs`` and inserts ``quads``: a single transaction."""
    by_graph: dict[str, list[str]] = {}
    for quad in quads:
        by_graph.setdefault(quad.graph_name.value, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")  # type: ignore[union-attr]
    drops = "".join(f"DROP SILENT GRAPH <{graph}> ;\n" for graph in graphs)
    blocks = "".join(f"GRAPH <{graph}> {{\n" + "\n".join(lines) + "\n}\n" for graph, lines in by_graph.items())
    return drops + (f"INSERT DATA {{\n{blocks}}}" if blocks else "CLEAR SILENT GRAPH <urn:smpgraph:nothing>")
