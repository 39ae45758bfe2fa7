"""The remote store: any SPARQL 1.1 Protocol engine (Virtuoso, Oxigraph server, Fuseki, GraphDB...).

The engine holds the same graphs as the embedded store (docs/decisions/0001-graph-naming.md), the
metadata included, as the named graph ``graph/meta``. Queries run over the union of every graph but
the metadata: the dataset is sent explicitly (``default-graph-uri`` and ``named-graph-uri`` for each
graph of the graph list), because engines disagree on what the default graph is. Loads replace a graph
with one Graph Store Protocol PUT of N-Triples, or, without a GSP endpoint, through a staging graph
filled by ``INSERT DATA`` chunks of at most 1000 triples and moved in place by one update. Blank nodes
are skolemised. Reasoning runs here (smpgraph.reasoning) and the inferred graph is written to the
engine. See docs/decisions/0006-remote-store.md.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import pyoxigraph as ox
from rdflib import Graph, URIRef

from smpgraph.config import Settings
from smpgraph.errors import InputError, QueryError, ResourceNotFoundError, SmpGraphError, UpdateNotAllowedError
from smpgraph.namespaces import PREFIXES
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
from smpgraph.store.export import export_dataset, export_triples
from smpgraph.store.formats import oxigraph_rdf_format
from smpgraph.store.metadata import DEFAULT_GRAPH, INFERRED_GRAPH, META_GRAPH, Metadata, SourceRecord
from smpgraph.store.protection import PROTECTED_GRAPHS, check_update
from smpgraph.store.remote_client import OxTerm, SparqlClient, redact_url
from smpgraph.store.remote_graphs import GraphIO
from smpgraph.store.remote_sources import parse_by_graph as _parse
from smpgraph.store.remote_sources import read_source as _read_source
from smpgraph.store.remote_text import has_dataset_clause, has_top_level, ntriples, skolemise, with_limit, with_prefixes
from smpgraph.store.results import serialize_result, write_triples
from smpgraph.store.sparql_text import query_form, refuse_remote_access, tokenize
from smpgraph.store.terms import rows_to_rdflib, to_oxigraph, triples_to_graph
from smpgraph.store.updates import plan_update

#: graphs an engine keeps for itself (Virtuoso), never part of the dataset
SYSTEM_GRAPHS: Final = frozenset(
    {"http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#", "http://localuriqaserver/sparql"}
)
#: Virtuoso pragmas that take the metadata and system graphs out of the query dataset (tested in tests/engines)
VIRTUOSO_EXCLUSIONS: Final = "".join(
    f"DEFINE input:default-graph-exclude <{graph}>\nDEFINE input:named-graph-exclude <{graph}>\n"
    for graph in sorted({str(META_GRAPH), *SYSTEM_GRAPHS})
)
STAGING_PREFIX: Final = f"{str(META_GRAPH).rsplit('/', 1)[0]}/staging/"
#: how long the graph list is trusted when this process did not write (other writers may have)
GRAPH_LIST_TTL_S: Final = 5.0
#: Virtuoso's default MaxSortedTopRows: ORDER BY with a larger LIMIT + OFFSET is an error (SR353)
VIRTUOSO_SORTED_TOP_ROWS: Final = 10_000


class RemoteMetadata(Metadata):
    """The metadata graph, kept on the engine as the named graph ``graph/meta``."""

    def __init__(self, io: GraphIO) -> None:
        """Read the metadata graph from the engine (empty if it has none)."""
        super().__init__(None)
        self._io = io
        self.reload()

    def reload(self) -> None:
        """Read the metadata graph again (another process may have written)."""
        triples = self._io.read(str(META_GRAPH), missing_ok=True)
        self.sources = {}
        self._read(triples_to_graph(triples))

    def save(self) -> None:
        """Replace the metadata graph on the engine."""
        data = self.as_graph().serialize(format="nt", encoding="utf-8")
        self._io.replace(str(META_GRAPH), data)


class RemoteStore:
    """A store on a remote SPARQL engine. Use :func:`smpgraph.store.open_store` with ``backend="sparql"``."""

    backend = "sparql"

    def __init__(self, settings: Settings, *, read_only: bool = False) -> None:
        """Connect to the engine the settings name and read its metadata graph.

        Raises:
            InputError: no query URL is configured.
            BackendUnavailableError: the engine cannot be reached.
        """
        if not settings.sparql_query_url:
            raise InputError("the sparql backend needs SMPGRAPH_SPARQL_QUERY_URL (and _UPDATE_URL to write)")
        self.settings = settings
        self.read_only = read_only
        self.client = SparqlClient(
            query_url=settings.sparql_query_url,
            update_url=settings.sparql_update_url,
            gsp_url=settings.sparql_gsp_url,
            user=settings.sparql_user,
            password=settings.sparql_password,
            token=settings.sparql_token,
            auth=settings.sparql_auth,
        )
        self._lock = threading.RLock()
        self._graph_cache: tuple[float, list[str]] | None = None
        self.client.ask("ASK {}", timeout_s=settings.query_timeout_s or None)  # reachability; learns the engine
        self.server_max_rows = settings.sparql_server_max_rows or self._detect_server_cap()
        self.io = GraphIO(self.client, self._count, self.server_max_rows)
        self.metadata = RemoteMetadata(self.io)

    def __repr__(self) -> str:
        return f"RemoteStore({redact_url(self.client.query_url)!r}, engine={self.client.engine!r})"

    @property
    def location(self) -> str:
        """The query endpoint (without credentials)."""
        return redact_url(self.client.query_url)

    def _detect_server_cap(self) -> int:
        """Virtuoso's ``ResultSetMaxRows`` (it caps SELECT, CONSTRUCT and GSP reads), 0 elsewhere."""
        if self.client.engine != "virtuoso":
            return 0
        try:
            rows = self.client.select(
                "SELECT (bif:cfg_item_value(bif:virtuoso_ini_path(), 'SPARQL', 'ResultSetMaxRows') AS ?cap) {}"
            ).rows
            value = rows[0][0] if rows else None
            return int(value.value) if isinstance(value, ox.Literal) and value.value.isdigit() else 10_000
        except (QueryError, UpdateNotAllowedError, ValueError):
            return 10_000  # the packaged default: assume it rather than miss a silent cap

    # -- graph list and dataset --------------------------------------------------------------------

    def _graphs(self, *, fresh: bool = False) -> list[str]:
        """The named graphs of the engine, without the metadata, staging and engine system graphs."""
        cached = self._graph_cache
        if not fresh and cached is not None and time.monotonic() - cached[0] < GRAPH_LIST_TTL_S:
            return cached[1]
        if self.client.engine == "virtuoso":  # `GRAPH ?g {}` answers nothing on Virtuoso
            text = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        else:
            text = "SELECT ?g WHERE { GRAPH ?g { } }"
        # no engine deadline here: Virtuoso's anytime timeout would return a partial graph list (seen at 1M)
        rows = self.client.select(text).rows
        names = sorted(
            {
                row[0].value
                for row in rows
                if isinstance(row[0], ox.NamedNode)
                and row[0].value not in SYSTEM_GRAPHS
                and row[0].value != str(META_GRAPH)
                and not row[0].value.startswith(STAGING_PREFIX)
            }
        )
        self._graph_cache = (time.monotonic(), names)
        return names

    def _forget_graphs(self) -> None:
        self._graph_cache = None

    def _dataset(
        self, default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None, tokens: list[object]
    ) -> tuple[list[str], list[str]]:
        if default_graphs or named_graphs:
            return list(default_graphs or [str(DEFAULT_GRAPH)]), list(named_graphs or [])
        if has_dataset_clause(tokens):  # type: ignore[arg-type]
            return [], []
        union = sorted({*self._graphs(), str(DEFAULT_GRAPH)})
        return union, union

    # -- queries -----------------------------------------------------------------------------------

    def _run(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        timeout_s: float | None,
        max_rows: int | None,
    ) -> tuple[QueryForm, object, bool]:
        """Run a query; (form, payload, truncated). Payload: SelectRows, bool or a list of triples."""
        refuse_remote_access(sparql, allow_service=self.settings.allow_service)
        form = query_form(sparql)
        tokens = tokenize(sparql)
        text = with_prefixes(sparql, tokens)
        cap = self.settings.max_rows if max_rows is None else max_rows
        deadline = (self.settings.query_timeout_s if timeout_s is None else timeout_s) or None  # 0: none
        if (
            self.client.engine == "virtuoso"
            and not default_graphs
            and not named_graphs
            and not has_dataset_clause(tokens)
        ):
            # Virtuoso's default graph is already the union of all graphs: exclude the metadata and system
            # graphs with its own pragmas instead of listing every graph (that listing timed out at 1M triples)
            text = VIRTUOSO_EXCLUSIONS + text
            defaults: list[str] = []
            named: list[str] = []
        else:
            defaults, named = self._dataset(default_graphs, named_graphs, tokens)  # type: ignore[arg-type]
        kwargs = {"default_graphs": defaults, "named_graphs": named, "timeout_s": deadline}
        server_cap = self.server_max_rows
        if form is QueryForm.ASK:
            return form, self.client.ask(text, **kwargs), False  # type: ignore[arg-type]
        if form is QueryForm.SELECT:
            # Virtuoso refuses ORDER BY with LIMIT above its MaxSortedTopRows (10000): cut here instead
            sorted_cap = self.client.engine == "virtuoso" and has_top_level(tokens, "ORDER")
            if cap and not (sorted_cap and cap + 1 > VIRTUOSO_SORTED_TOP_ROWS):
                text, _ = with_limit(text, cap + 1)
            result = self.client.select(text, **kwargs)  # type: ignore[arg-type]
            truncated = result.server_capped or bool(server_cap and len(result.rows) >= server_cap)
            if cap and len(result.rows) > cap:
                del result.rows[cap:]
                truncated = True
            return form, result, truncated
        triples, capped = self.client.construct(text, **kwargs)  # type: ignore[arg-type]
        truncated = capped or bool(server_cap and len(triples) >= server_cap)
        if cap and len(triples) > cap:
            del triples[cap:]
            truncated = True
        return form, triples, truncated

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout_s: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a query over the union dataset (without metadata); results carry rdflib terms.

        Raises:
            QueryError: the query is malformed (the engine's message).
            ForbiddenOperationError: it uses SERVICE (unless allowed) or LOAD.
            QueryTimeoutError: it ran past its deadline (the engine's or the client's).
            BackendUnavailableError: the engine cannot be reached.
        """
        form, payload, truncated = self._run(
            sparql, default_graphs=default_graphs, named_graphs=named_graphs, timeout_s=timeout_s, max_rows=max_rows
        )
        if form is QueryForm.ASK:
            return AskResult(bool(payload))
        if form is QueryForm.SELECT:
            rows = payload.rows  # type: ignore[attr-defined]
            return SelectResult(payload.variables, rows_to_rdflib(rows), truncated=truncated)  # type: ignore[attr-defined]
        return GraphResult(triples_to_graph(payload), truncated=truncated)  # type: ignore[arg-type]

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
        """Run a query and serialise its result (JSON, or Turtle for graphs, by default).

        Raises:
            UnsupportedFormatError: the format does not fit the query form.
        """
        form, payload, truncated = self._run(
            sparql, default_graphs=default_graphs, named_graphs=named_graphs, timeout_s=timeout_s, max_rows=max_rows
        )
        if form is QueryForm.ASK:
            return serialize_result(form, result_format, boolean=bool(payload))
        if form is QueryForm.SELECT:
            return serialize_result(
                form,
                result_format,
                variables=payload.variables,  # type: ignore[attr-defined]
                rows=payload.rows,  # type: ignore[attr-defined]
                truncated=truncated,
            )
        return serialize_result(form, result_format, triples=payload, truncated=truncated)  # type: ignore[arg-type]

    def describe(self, iris: Iterable[str]) -> Graph:
        """The description of each IRI over the union dataset: its triples, and those of blank-node objects.

        Engines disagree on DESCRIBE, so smpgraph asks for the same shape everywhere with CONSTRUCT.
        """
        wanted = sorted(set(iris))
        graph = Graph()
        for start in range(0, len(wanted), 200):
            try:
                values = " ".join(f"<{ox.NamedNode(iri).value}>" for iri in wanted[start : start + 200])
            except ValueError as exc:
                raise InputError(f"invalid IRI: {exc}") from None
            result = self.query(
                "CONSTRUCT { ?r ?p ?o . ?o ?p2 ?o2 } WHERE { VALUES ?r { " + values + " } ?r ?p ?o "
                "OPTIONAL { ?o ?p2 ?o2 FILTER(isBlank(?o)) } }",
                max_rows=0,
            )
            assert isinstance(result, GraphResult)
            graph += result.graph
        return graph

    def _count(self, graph: str) -> int:
        rows = self.client.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
            timeout_s=self.settings.query_timeout_s or None,
        ).rows
        value = rows[0][0] if rows else None
        return int(value.value) if isinstance(value, ox.Literal) else 0

    def graph_counts(self) -> dict[str, int]:
        """Triples per graph of the dataset (metadata and engine system graphs left out)."""
        rows = self.client.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            timeout_s=self.settings.query_timeout_s or None,
        ).rows
        counts: dict[str, int] = {}
        for graph, count in rows:
            if isinstance(graph, ox.NamedNode) and isinstance(count, ox.Literal):
                name = graph.value
                if name not in SYSTEM_GRAPHS and name != str(META_GRAPH) and not name.startswith(STAGING_PREFIX):
                    counts[name] = int(count.value)
        return counts

    # -- writes ------------------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            raise UpdateNotAllowedError(f"the store at {self.location} is open read-only")
        if not self.client.update_url:
            raise UpdateNotAllowedError("no SPARQL update endpoint is configured (SMPGRAPH_SPARQL_UPDATE_URL)")

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
            QueryError: the update is malformed (checked here first, with the user's own positions).
            ForbiddenOperationError: it uses LOAD or SERVICE.
            UpdateNotAllowedError: the store is read-only, the engine refused the credentials, or the update
                writes the inferred or metadata graph.
        """
        self._check_writable()
        refuse_remote_access(sparql, allow_service=self.settings.allow_service)
        try:
            ox.Store().update(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except (OSError, ValueError, RuntimeError):
            pass  # not a syntax error
        targets = check_update(sparql)  # a write to the inferred or metadata graph is refused here
        if targets.variable and self.client.engine == "virtuoso":
            raise UpdateNotAllowedError(
                "updates that write to GRAPH ?variable are refused on Virtuoso: it does not run a request as one "
                "transaction, so smpgraph cannot keep them off the inferred and metadata graphs; name the graphs"
            )
        with self._lock:
            snapshots = {graph: f"{STAGING_PREFIX}guard-{uuid.uuid4().hex}" for graph in PROTECTED_GRAPHS}
            plan = plan_update(
                sparql,
                targets,
                existing_graphs=self._graphs(fresh=True),
                using_graphs=using_graphs,
                using_named_graphs=using_named_graphs,
                snapshots=snapshots,  # staging graphs: in no dataset smpgraph lists
                counts={},
            )
            self.metadata.reload()
            try:
                self.client.update(with_prefixes(plan.text))
            except SmpGraphError as exc:  # the engine's error: the guard's refusal, or its own
                plan.check_refusal(str(exc))
                raise
            finally:
                self._forget_graphs()
            for graph in plan.maybe_emptied(str(g) for r in self.metadata.sources.values() for g in r.graphs):
                if not self._count(graph):  # emptied: its loads are no longer in the store
                    self.metadata.forget_graph(URIRef(graph))
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
    ) -> LoadReport:
        """Load one RDF source into its graph, replacing an earlier load of the same source.

        The data is parsed here first (a syntax error writes nothing), blank nodes are skolemised, and
        each graph is replaced by one GSP PUT (or moved in from a staging graph).

        Raises:
            ResourceNotFoundError: the file does not exist.
            RdfSyntaxError: the data does not parse.
            InputError: the graph IRI is invalid, or the graph also holds another source.
        """
        self._check_writable()
        started = time.perf_counter()
        data, source_name, fmt, target = _read_source(source, graph=graph, fmt=format, name=name)
        checksum = "sha256:" + hashlib.sha256(data).hexdigest()
        by_graph = _parse(data, fmt, source_name, target)
        with self._lock:
            self.metadata.reload()
            earlier = self.metadata.record_for_source(source_name)
            if skip_unchanged and earlier is not None and earlier.checksum == checksum:
                return LoadReport(
                    source=source_name, graph=target, triples=earlier.triples, checksum=checksum,
                    unchanged=True, graphs=earlier.graphs,
                )  # fmt: skip
            existing = set(self._graphs(fresh=True))
            old = {str(g) for g in earlier.graphs} if earlier is not None else set()
            for name_ in sorted(old | set(by_graph)):
                others = [r.source for r in self.metadata.sources_of_graph(URIRef(name_)) if r.source != source_name]
                if others and earlier is not None:
                    raise InputError(
                        f"{source_name}: cannot replace graph <{name_}>, which also holds {others[0]}; "
                        "load each file into its own graph, or drop the graph and load them all again"
                    )
            load_id = uuid.uuid4().hex[:12]
            try:
                for name_, triples in by_graph.items():
                    self.io.replace(name_, ntriples(skolemise(triples, load_id)))
                for name_ in sorted(old - set(by_graph)):
                    self.io.drop(name_)
            finally:
                self._forget_graphs()
            count = sum(self._count(name_) for name_ in by_graph)
            replaced = sorted((old | set(by_graph)) & existing)
            record = SourceRecord(
                source=source_name,
                checksum=checksum,
                graphs=tuple(URIRef(g) for g in sorted(by_graph)),
                triples=count,
                loaded_at=datetime.now(UTC).replace(microsecond=0),
            )
            self.metadata.record_load(record)
            if reason:
                self.reason()
        return LoadReport(
            source=source_name, graph=target, triples=count, checksum=checksum, replaced=bool(replaced),
            seconds=time.perf_counter() - started, graphs=record.graphs,
        )  # fmt: skip

    def load_many(self, sources: Iterable[Path], *, graph: str | None = None, reason: bool = True) -> list[LoadReport]:
        """Load several files, reasoning once at the end."""
        reports = [self.load(path, graph=graph, reason=False) for path in sources]
        if reason and reports:
            self.reason()
        return reports

    # -- graphs ------------------------------------------------------------------------------------

    def graph_names(self) -> list[URIRef]:
        """The named graphs of the engine (metadata and engine system graphs left out)."""
        return [URIRef(name) for name in self._graphs(fresh=True)]

    @staticmethod
    def _graph_iri(graph: str | None) -> str:
        iri = str(DEFAULT_GRAPH) if graph is None else graph
        try:
            return ox.NamedNode(iri).value
        except ValueError as exc:
            raise InputError(f"invalid graph IRI {graph!r}: {exc}") from None

    def has_graph(self, graph: str | None) -> bool:
        """True when the graph exists (the default graph always exists)."""
        return graph is None or self._graph_iri(graph) in self._graphs(fresh=True)

    def _triples(self, graph: str | None) -> list[ox.Triple]:
        iri = self._graph_iri(graph)
        if graph is not None and iri != str(META_GRAPH) and not self.has_graph(graph):
            raise ResourceNotFoundError(f"no graph <{graph}> in the store")
        return self.io.read(iri, missing_ok=True)

    def get_graph(self, graph: str | None) -> Graph:
        """One graph as an rdflib Graph (``None``: the store's default graph).

        Raises:
            ResourceNotFoundError: the named graph does not exist.
        """
        return triples_to_graph(self._triples(graph), Graph(identifier=URIRef(self._graph_iri(graph))))

    def graph_bytes(self, graph: str | None, fmt: ResultFormat) -> bytes:
        """One graph serialised (the Graph Store Protocol's GET of the HTTP endpoint)."""
        return write_triples(self._triples(graph), fmt, PREFIXES)

    def put_graph(self, graph: str | None, data: Graph, *, replace: bool = True, reason: bool = True) -> bool:
        """Replace (or add to) one graph; True when the graph existed before."""
        self._check_writable()
        iri = self._graph_iri(graph)
        triples = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in data]  # type: ignore[arg-type]
        body = ntriples(skolemise(triples, uuid.uuid4().hex[:12]))
        with self._lock:
            self.metadata.reload()
            existed = graph is None or iri in self._graphs(fresh=True)
            try:
                if replace:
                    self.io.replace(iri, body)
                else:
                    self.io.add(iri, body)
            finally:
                self._forget_graphs()
            self.metadata.touch()
            if reason:
                self.reason()
        return existed

    def drop_graph(self, graph: str | None, *, reason: bool = True) -> bool:
        """Remove one graph (``None`` empties the default graph); True when it existed."""
        self._check_writable()
        iri = self._graph_iri(graph)
        with self._lock:
            self.metadata.reload()
            existed = iri in self._graphs(fresh=True)
            try:
                if existed:
                    self.io.drop(iri)
            finally:
                self._forget_graphs()
            self.metadata.forget_graph(URIRef(iri))
            self.metadata.touch()
            if reason:
                self.reason()
        return existed or graph is None

    # -- reasoning ---------------------------------------------------------------------------------

    def asserted_triples(self) -> list[ox.Quad]:
        """Every asserted quad (all graphs but the inferred one), read from the engine."""
        quads: list[ox.Quad] = []
        for name in self._graphs(fresh=True):
            if name != str(INFERRED_GRAPH):
                node = ox.NamedNode(name)
                quads.extend(ox.Quad(t.subject, t.predicate, t.object, node) for t in self.io.read(name))
        return quads

    def reason(self) -> ReasoningState:
        """Compute the OWL RL closure here and write it to the engine as the inferred graph.

        Raises:
            ReasoningError: the reasoner failed.
        """
        from smpgraph.store.oxigraph import OxigraphStore

        self._check_writable()
        with self._lock:
            engine_name = self.settings.reasoner
            inferred: list[ox.Triple] = []
            if engine_name != "none":
                local = OxigraphStore(None, self.settings)
                try:
                    quads = self.asserted_triples()
                    if quads:
                        local.load(
                            ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"",
                            format=ResultFormat.NQUADS,
                            name="remote",
                            reason=False,
                        )
                        local.reason()
                        if local.has_graph(str(INFERRED_GRAPH)):
                            graph = local.get_graph(str(INFERRED_GRAPH))
                            inferred = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph]  # type: ignore[arg-type]
                finally:
                    local.close()
            try:
                self.io.replace(str(INFERRED_GRAPH), ntriples(inferred))
            finally:
                self._forget_graphs()
            self.metadata.record_reasoning(len(inferred), engine_name)
            return self.metadata.reasoning

    # -- information, export, life cycle -----------------------------------------------------------

    def info(self) -> StoreInfo:
        """Graphs with counts and provenance, and the reasoning state."""
        self.metadata.reload()
        counts = self.graph_counts()
        graphs = tuple(self.metadata.graph_info(URIRef(g), counts.get(g, 0)) for g in self._graphs(fresh=True))
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
            extras={"engine": self.client.engine, "server_max_rows": str(self.server_max_rows)},
        )

    def graph_infos(self) -> list[GraphInfo]:
        """Provenance of every graph."""
        return list(self.info().graphs)

    def export(self, out: Path, result_format: ResultFormat, *, graph: str | None = None) -> int:
        """Write one graph (or, with ``graph=None``, the whole dataset without metadata) to ``out``.

        Raises:
            UnsupportedFormatError: a results format was asked for.
            ResourceNotFoundError: the graph does not exist.
        """
        oxigraph_rdf_format(result_format)  # a results format is refused before anything is read
        if graph is not None:
            return export_triples(out, self._triples(graph), result_format)
        quads = self.asserted_triples()
        inferred = ox.NamedNode(str(INFERRED_GRAPH))
        if str(INFERRED_GRAPH) in self._graphs():
            quads += [ox.Quad(t.subject, t.predicate, t.object, inferred) for t in self.io.read(str(INFERRED_GRAPH))]
        return export_dataset(out, quads, result_format)

    def __len__(self) -> int:
        return sum(self.graph_counts().values())

    def close(self) -> None:
        """Close the HTTP connections."""
        self.client.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["OxTerm", "RemoteMetadata", "RemoteStore"]
