"""The remote store: any SPARQL 1.1 Protocol engine (Virtuoso, Oxigraph server, Fuseki, GraphDB...).

The engine holds the same graphs as the embedded store (docs/decisions/0001-graph-naming.md), the
metadata included, as the named graph ``graph/meta``. Queries run over the union of every graph but
the metadata: the dataset is sent explicitly (``default-graph-uri`` and ``named-graph-uri`` for each
graph of the graph list), because engines disagree on what the default graph is. Loads replace a graph
with one Graph Store Protocol PUT of N-Triples, or, without a GSP endpoint, through a staging graph
filled by ``INSERT DATA`` chunks of at most 1000 triples and moved in place by one update
(:mod:`smpgraph.store.remote_graphs`). Blank nodes are skolemised. Reasoning runs here: the asserted
graphs are copied into a scratch Oxigraph engine for :func:`smpgraph.reasoning.materialise`, and the
inferred graph is written to the engine. See docs/decisions/0006-remote-store.md.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

import pyoxigraph as ox
from rdflib import Graph, URIRef

from smpgraph.config import Settings
from smpgraph.errors import InputError, QueryError, ResourceNotFoundError, UpdateNotAllowedError
from smpgraph.store.common import BaseStore
from smpgraph.store.metadata import DEFAULT_GRAPH, INFERRED_GRAPH, META_GRAPH
from smpgraph.store.model import LoadReport, QueryForm, ResultFormat, StoreInfo
from smpgraph.store.naming import graph_iri
from smpgraph.store.protection import PROTECTED_GRAPHS, UpdateTargets
from smpgraph.store.raw import RawResult
from smpgraph.store.remote_client import SparqlClient, redact_url
from smpgraph.store.remote_graphs import STAGING_PREFIX, GraphIO, RemoteMetadata
from smpgraph.store.remote_sources import parse_by_graph, read_source
from smpgraph.store.remote_text import has_dataset_clause, has_top_level, ntriples, skolemise, with_limit, with_prefixes
from smpgraph.store.sparql_text import Token, query_form, refuse_remote_access, tokenize
from smpgraph.store.terms import OxTerm, graph_to_triples

__all__ = ["OxTerm", "RemoteMetadata", "RemoteStore"]

#: graphs an engine keeps for itself (Virtuoso), never part of the dataset
SYSTEM_GRAPHS: Final = frozenset(
    {"http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#", "http://localuriqaserver/sparql"}
)
#: Virtuoso pragmas that take the metadata and system graphs out of the query dataset (tested in tests/engines)
VIRTUOSO_EXCLUSIONS: Final = "".join(
    f"DEFINE input:default-graph-exclude <{graph}>\nDEFINE input:named-graph-exclude <{graph}>\n"
    for graph in sorted({str(META_GRAPH), *SYSTEM_GRAPHS})
)
#: how long the graph list is trusted when this process did not write (other writers may have)
GRAPH_LIST_TTL_S: Final = 5.0
#: Virtuoso's default MaxSortedTopRows: ORDER BY with a larger LIMIT + OFFSET is an error (SR353)
VIRTUOSO_SORTED_TOP_ROWS: Final = 10_000


class RemoteStore(BaseStore):
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
        super().__init__(settings, read_only=read_only)
        self.client = SparqlClient(
            query_url=settings.sparql_query_url,
            update_url=settings.sparql_update_url,
            gsp_url=settings.sparql_gsp_url,
            user=settings.sparql_user,
            password=settings.sparql_password,
            token=settings.sparql_token,
            auth=settings.sparql_auth,
        )
        self._graph_cache: tuple[float, list[str]] | None = None
        self.client.ask("ASK {}", timeout_s=settings.query_timeout_s or None)  # reachability; learns the engine
        self.server_max_rows = settings.sparql_server_max_rows or self._detect_server_cap()
        self.io = GraphIO(self.client, self._count, self.server_max_rows)
        self.metadata: RemoteMetadata = RemoteMetadata(self.io)

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

    # -- graph list and dataset ----------------------------------------------------------------------

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
        names = sorted({row[0].value for row in rows if isinstance(row[0], ox.NamedNode) and _is_data(row[0].value)})
        self._graph_cache = (time.monotonic(), names)
        return names

    def _forget_graphs(self) -> None:
        self._graph_cache = None

    def _dataset(
        self, default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None, tokens: list[Token]
    ) -> tuple[list[str], list[str]]:
        if default_graphs or named_graphs:
            return list(default_graphs or [str(DEFAULT_GRAPH)]), list(named_graphs or [])
        if has_dataset_clause(tokens):
            return [], []
        union = sorted({*self._graphs(), str(DEFAULT_GRAPH)})
        return union, union

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
        """Run a query on the engine (results are always serialised here, never by the engine)."""
        refuse_remote_access(sparql, allow_service=self.settings.allow_service)
        form = query_form(sparql)
        tokens = tokenize(sparql)
        text = with_prefixes(sparql, tokens)
        cap = self.settings.max_rows if max_rows is None else max_rows
        deadline = (self.settings.query_timeout_s if timeout_s is None else timeout_s) or None  # 0: none
        defaults: list[str] = []
        named: list[str] = []
        own_dataset = bool(default_graphs or named_graphs) or has_dataset_clause(tokens)
        if self.client.engine == "virtuoso" and not own_dataset:
            # Virtuoso's default graph is already the union of all graphs: exclude the metadata and system
            # graphs with its own pragmas instead of listing every graph (that listing timed out at 1M triples)
            text = VIRTUOSO_EXCLUSIONS + text
        elif own_dataset or self.client.engine != "smpgraph":  # smpgraph serve's default graph is the union already
            defaults, named = self._dataset(default_graphs, named_graphs, tokens)
        server_cap = self.server_max_rows
        if form is QueryForm.ASK:
            answer = self.client.ask(text, default_graphs=defaults, named_graphs=named, timeout_s=deadline)
            return RawResult(form, boolean=answer)
        if form is QueryForm.SELECT:
            # Virtuoso refuses ORDER BY with LIMIT above its MaxSortedTopRows (10000): cut here instead
            sorted_cap = self.client.engine == "virtuoso" and has_top_level(tokens, "ORDER")
            if cap and not (sorted_cap and cap + 1 > VIRTUOSO_SORTED_TOP_ROWS):
                text, _ = with_limit(text, cap + 1)
            result = self.client.select(text, default_graphs=defaults, named_graphs=named, timeout_s=deadline)
            rows = result.rows
            truncated = result.server_capped or bool(server_cap and len(rows) >= server_cap)
            if cap and len(rows) > cap:
                del rows[cap:]
                truncated = True
            return RawResult(form, variables=result.variables, rows=rows, truncated=truncated)
        triples, capped = self.client.construct(text, default_graphs=defaults, named_graphs=named, timeout_s=deadline)
        truncated = capped or bool(server_cap and len(triples) >= server_cap)
        if cap and len(triples) > cap:
            del triples[cap:]
            truncated = True
        return RawResult(form, triples=triples, truncated=truncated)

    def _describe_query(self, iris: str) -> str:
        # engines disagree on DESCRIBE: the same shape everywhere, the triples of each IRI and of its blank objects
        return (
            "CONSTRUCT { ?r ?p ?o . ?o ?p2 ?o2 } WHERE { VALUES ?r { " + iris + " } ?r ?p ?o "
            "OPTIONAL { ?o ?p2 ?o2 FILTER(isBlank(?o)) } }"
        )

    def _count(self, graph: str) -> int:
        rows = self.client.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
            timeout_s=self.settings.query_timeout_s or None,
        ).rows
        value = rows[0][0] if rows else None
        return int(value.value) if isinstance(value, ox.Literal) else 0

    def _graph_counts(self) -> dict[str, int]:
        """Triples per graph of the dataset (metadata and engine system graphs left out)."""
        rows = self.client.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            timeout_s=self.settings.query_timeout_s or None,
        ).rows
        return {
            graph.value: int(count.value)
            for graph, count in rows
            if isinstance(graph, ox.NamedNode) and isinstance(count, ox.Literal) and _is_data(graph.value)
        }

    # -- writes --------------------------------------------------------------------------------------

    def _check_writable(self) -> None:
        super()._check_writable()
        if not self.client.update_url:
            raise UpdateNotAllowedError("no SPARQL update endpoint is configured (SMPGRAPH_SPARQL_UPDATE_URL)")

    def _current_graphs(self) -> list[str]:
        return self._graphs(fresh=True)

    def _is_empty(self, graph: str) -> bool:
        return not self._count(graph)

    def _guard_places(self, targets: UpdateTargets) -> tuple[dict[str, str], dict[str, int]]:
        if targets.variable and self.client.engine == "virtuoso":
            raise UpdateNotAllowedError(
                "updates that write to GRAPH ?variable are refused on Virtuoso: it does not run a request as one "
                "transaction, so smpgraph cannot keep them off the inferred and metadata graphs; name the graphs"
            )
        # staging graphs are in no dataset smpgraph lists: the snapshots are out of every update's reach
        return {graph: f"{STAGING_PREFIX}guard-{uuid.uuid4().hex}" for graph in PROTECTED_GRAPHS}, {}

    def _apply_update(self, sparql: str) -> None:
        self.metadata.reload()
        try:
            self.client.update(with_prefixes(sparql))
        finally:
            self._forget_graphs()

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
        """Load one RDF source into its graph, replacing an earlier load of the same source.

        The data is parsed here first (a syntax error writes nothing), blank nodes are skolemised, and
        each graph is replaced by one GSP PUT (or moved in from a staging graph). The remote store
        recomputes the closure in full after every write, under the engine's own limits: ``timeout_s``
        is not applied (docs/decisions/0014-incremental-reasoning.md).

        Raises:
            ResourceNotFoundError: the file does not exist.
            RdfSyntaxError: the data does not parse.
            InputError: the graph IRI is invalid, or the graph also holds another source.
        """
        self._check_writable()
        started = time.perf_counter()
        data, source_name, fmt, target = read_source(source, graph=graph, fmt=format, name=name)
        checksum = "sha256:" + hashlib.sha256(data).hexdigest()
        by_graph = parse_by_graph(data, fmt, source_name, target)
        with self._write_lock:
            self.metadata.reload()
            unchanged = (
                self.metadata.unchanged_load(source_name, checksum, target, is_empty=self._is_empty)
                if skip_unchanged
                else None
            )
            if unchanged is not None:
                return unchanged
            earlier = self.metadata.record_for_source(source_name)
            existing = set(self._graphs(fresh=True))
            old = {str(g) for g in earlier.graphs} if earlier is not None else set()
            if earlier is not None:
                self.metadata.refuse_shared(source_name, old | set(by_graph))
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
            record = self.metadata.record_load(source_name, checksum, by_graph, count)
            if reason:
                self.reason()
        return LoadReport(
            source=source_name, graph=target, triples=count, checksum=checksum, replaced=bool(replaced),
            seconds=time.perf_counter() - started, graphs=record.graphs,
        )  # fmt: skip

    def _write_graph(self, graph: str | None, data: Graph, *, replace: bool) -> bool:
        iri = graph_iri(graph)
        body = ntriples(skolemise(graph_to_triples(data), uuid.uuid4().hex[:12]))
        self.metadata.reload()
        existed = graph is None or iri in self._graphs(fresh=True)
        try:
            if replace:
                self.io.replace(iri, body)
            else:
                self.io.add(iri, body)
        finally:
            self._forget_graphs()
        return existed

    def _remove_graph(self, iri: str) -> bool:
        self.metadata.reload()
        existed = iri in self._graphs(fresh=True)
        try:
            if existed:
                self.io.drop(iri)
        finally:
            self._forget_graphs()
        return existed

    # -- graphs --------------------------------------------------------------------------------------

    def graph_names(self) -> list[URIRef]:
        """The named graphs of the engine (metadata and engine system graphs left out)."""
        return [URIRef(name) for name in self._graphs(fresh=True)]

    def has_graph(self, graph: str | None) -> bool:
        """True when the graph exists (the default graph always exists)."""
        return graph is None or graph_iri(graph) in self._graphs(fresh=True)

    def _graph_triples(self, graph: str | None) -> list[ox.Triple]:
        iri = graph_iri(graph)
        if graph is not None and iri != str(META_GRAPH) and not self.has_graph(graph):
            raise ResourceNotFoundError(f"no graph <{graph}> in the store")
        return self.io.read(iri, missing_ok=True)

    def asserted_triples(self) -> list[ox.Quad]:
        """Every asserted quad (all graphs but the inferred one), read from the engine."""
        quads: list[ox.Quad] = []
        for name in self._graphs(fresh=True):
            if name != str(INFERRED_GRAPH):
                node = ox.NamedNode(name)
                quads.extend(ox.Quad(t.subject, t.predicate, t.object, node) for t in self.io.read(name))
        return quads

    def _dataset_quads(self) -> list[ox.Quad]:
        quads = self.asserted_triples()
        inferred = ox.NamedNode(str(INFERRED_GRAPH))
        if str(INFERRED_GRAPH) in self._graphs():
            quads += [ox.Quad(t.subject, t.predicate, t.object, inferred) for t in self.io.read(str(INFERRED_GRAPH))]
        return quads

    # -- reasoning -----------------------------------------------------------------------------------

    def _asserted_engine(self) -> Callable[[], ox.Store]:
        """A scratch in-memory engine holding a copy of the asserted graphs, for the reasoner."""
        scratch = ox.Store()
        scratch.extend(self.asserted_triples())
        return lambda: scratch

    def _write_inferred(self, lines: frozenset[str]) -> None:
        """Replace the inferred graph on the engine."""
        try:
            self.io.replace(str(INFERRED_GRAPH), "".join(f"{line}\n" for line in sorted(lines)).encode("utf-8"))
        finally:
            self._forget_graphs()

    # -- information and life cycle ------------------------------------------------------------------

    def info(self) -> StoreInfo:
        """Graphs with counts and provenance, and the reasoning state (the metadata read again first)."""
        self.metadata.reload()
        return super().info()

    def _info_extras(self) -> dict[str, str]:
        return {"engine": self.client.engine, "server_max_rows": str(self.server_max_rows)}

    def __len__(self) -> int:
        return sum(self._graph_counts().values())

    def close(self) -> None:
        """Close the HTTP connections."""
        self.client.close()


def _is_data(graph: str) -> bool:
    """False for the metadata graph, staging graphs and the engine's own graphs."""
    return graph not in SYSTEM_GRAPHS and graph != str(META_GRAPH) and not graph.startswith(STAGING_PREFIX)
