"""Three ways to run a W3C SPARQL test: on a plain pyoxigraph Store, through smpgraph's Python API, over HTTP.

Each runner's ``check`` returns None when the test passes, or why it failed; a test that smpgraph refuses
by policy (``LOAD``, ADR 0009) raises :class:`RefusedError`.

The test's dataset: its default graph (``qt:data`` / ``ut:data``) is loaded into the store's default
graph (smpgraph: ``graph/default``), each named graph (``qt:graphData`` / ``ut:graphData``, and the files
a query names with ``FROM`` / ``FROM NAMED``) into a graph of that name. Relative IRIs in the files resolve
against each file's IRI; the request gets the request file's IRI as its base.

smpgraph's default dataset is the union of every graph (ADR 0001), which is not the dataset a test
describes once it has named graphs, or once its request uses ``GRAPH`` (the union would show
``graph/default`` by name). Such a test sends the dataset it describes as the protocol does:
``default-graph-uri`` / ``named-graph-uri`` for queries and ``using-graph-uri`` /
``using-named-graph-uri`` for updates, unless the request names its own dataset (``FROM``, ``USING``,
``WITH``), which then applies. Every other test runs over smpgraph's own default dataset.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
import requests

from smpgraph.config import Settings
from smpgraph.errors import ForbiddenOperationError, QueryError
from smpgraph.store import AskResult, GraphResult, GraphStore, ResultFormat, SelectResult, open_store
from smpgraph.store.metadata import DEFAULT_GRAPH, INFERRED_GRAPH
from smpgraph.store.remote_text import has_top_level
from smpgraph.store.sparql_text import tokenize
from smpgraph.store.terms import to_oxigraph
from tests.conformance.manifest import GraphData, TestKind, W3CTest
from tests.conformance.results import (
    Boolean,
    Outcome,
    Solutions,
    Triples,
    compare,
    compare_csv,
    read_expected,
    read_graph,
    solutions_of,
    triples_of,
)

SETTINGS = Settings(backend="memory", reasoner="none", query_timeout_s=30, max_rows=0)


class RefusedError(Exception):
    """smpgraph refuses the request by policy (the test is out of scope, not failed)."""


class Runner(Protocol):
    name: str

    def check(self, test: W3CTest) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Prepared:
    """A test's request text (with its base IRI) and the graphs of its dataset."""

    text: str
    graphs: tuple[GraphData, ...]
    keywords: frozenset[str]

    @property
    def named(self) -> list[str]:
        return [graph.name for graph in self.graphs if graph.name is not None]

    @property
    def ordered(self) -> bool:
        return "ORDER" in self.keywords and has_top_level(tokenize(self.text), "ORDER")


def prepare(test: W3CTest) -> Prepared:
    """Read the request; add the files its ``FROM`` / ``FROM NAMED`` clauses name to the dataset."""
    text = f"BASE <{test.request.as_uri()}>\n{test.read_request()}"
    tokens = tokenize(text)
    graphs = list(test.data)
    names = {graph.name for graph in graphs}
    for index, token in enumerate(tokens[:-2]):
        if token.keyword != "FROM":
            continue
        iri = tokens[index + 2] if tokens[index + 1].keyword == "NAMED" else tokens[index + 1]
        path = (test.request.parent / iri.text.strip("<>")).resolve()
        if iri.kind == "iri" and path.is_file() and path.as_uri() not in names:
            graphs.append(GraphData(path, path.as_uri()))
            names.add(path.as_uri())
    keywords = frozenset(token.keyword for token in tokens if token.keyword is not None)
    return Prepared(text, tuple(graphs), keywords)


def ntriples(path: Path) -> bytes:
    """A data file as N-Triples, its relative IRIs resolved against its own IRI."""
    base = path.as_uri()
    fmt = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML}[path.suffix]
    return ox.serialize(ox.parse(path=str(path), format=fmt, base_iri=base), format=ox.RdfFormat.N_TRIPLES) or b""


def expected_state(test: W3CTest) -> dict[str | None, Triples]:
    """The dataset an update test must leave: graph name (None: default graph) -> triples."""
    state: dict[str | None, Triples] = {None: Triples(frozenset())}
    for graph in test.result_data:
        state[graph.name] = read_graph(graph.path)
    return state


def compare_state(expected: dict[str | None, Triples], actual: dict[str | None, Triples]) -> str | None:
    """None when the datasets hold the same non-empty graphs with isomorphic triples."""
    want = {name: graph for name, graph in expected.items() if graph.triples or name is None}
    got = {name: graph for name, graph in actual.items() if graph.triples or name is None}
    if set(want) != set(got):
        return f"expected graphs {sorted(map(str, want))}, got {sorted(map(str, got))}"
    for name, graph in want.items():
        problem = compare(graph, got[name])
        if problem is not None:
            return f"graph {name or 'DEFAULT'}: {problem}"
    return None


def check_outcome(test: W3CTest, prepared: Prepared, actual: Outcome | str) -> str | None:
    """Compare a query's outcome (or, for CSV tests, its CSV text) with the expected result."""
    assert test.result is not None
    if test.kind is TestKind.CSV_RESULT_FORMAT:
        assert isinstance(actual, str)
        return compare_csv(test.result.read_text(encoding="utf-8"), actual)
    assert not isinstance(actual, str)
    return compare(read_expected(test.result), actual, ordered=prepared.ordered, lax=test.lax_cardinality)


# -- plain pyoxigraph ---------------------------------------------------------------------------------


class PlainRunner:
    """The engine alone: a pyoxigraph Store, default graph and named graphs as the test describes them."""

    name = "pyoxigraph"

    def check(self, test: W3CTest) -> str | None:
        prepared = prepare(test)
        store = ox.Store()
        for graph in prepared.graphs:
            target = ox.DefaultGraph() if graph.name is None else ox.NamedNode(graph.name)
            store.load(ntriples(graph.path), format=ox.RdfFormat.N_TRIPLES, to_graph=target)
        if test.kind.is_syntax:
            try:
                if test.kind.is_update:
                    store.update(prepared.text)
                else:
                    store.query(prepared.text)
                accepted = True
            except SyntaxError:
                accepted = False
            except (OSError, RuntimeError, ValueError):
                accepted = True  # parsed, then failed to run (e.g. DROP of a graph that does not exist)
            return _syntax_verdict(test, accepted)
        if test.kind is TestKind.UPDATE_EVALUATION:
            store.update(prepared.text)
            default = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
            state: dict[str | None, Triples] = {None: triples_of(default)}
            for name in store.named_graphs():
                state[name.value] = triples_of(store.quads_for_pattern(None, None, None, name))
            return compare_state(expected_state(test), state)
        result = store.query(prepared.text)
        if test.kind is TestKind.CSV_RESULT_FORMAT:
            assert isinstance(result, ox.QuerySolutions)
            return check_outcome(test, prepared, (result.serialize(format=ox.QueryResultsFormat.CSV) or b"").decode())
        outcome = triples_of(result) if isinstance(result, ox.QueryTriples) else solutions_of(result)
        return check_outcome(test, prepared, outcome)


def _syntax_verdict(test: W3CTest, accepted: bool) -> str | None:
    positive = test.kind in (TestKind.POSITIVE_QUERY_SYNTAX, TestKind.POSITIVE_UPDATE_SYNTAX)
    if accepted == positive:
        return None
    return "a valid request was refused as a syntax error" if positive else "an invalid request was accepted"


# -- smpgraph ------------------------------------------------------------------------------------------


def protocol_dataset(test: W3CTest, prepared: Prepared) -> tuple[list[str], list[str]]:
    """The dataset sent with the protocol's parameters (empty lists: smpgraph's default dataset).

    An update's named graphs are every graph the test names, before or after, and every IRI of the
    request: a graph an operation creates is seen by the next ones (IRIs that name no graph add nothing).
    """
    own = {"FROM"} if not test.kind.is_update else {"USING", "WITH"}
    if prepared.keywords & own:
        return [], []
    if not (prepared.named or "GRAPH" in prepared.keywords):
        return [], []
    if not test.kind.is_update:
        return [str(DEFAULT_GRAPH)], prepared.named
    names = {*prepared.named, *(graph.name for graph in test.result_data if graph.name is not None)}
    return [str(DEFAULT_GRAPH)], sorted(names | request_iris(prepared.text))


def request_iris(text: str) -> set[str]:
    """The absolute IRIs a request writes, in full or as prefixed names."""
    tokens = tokenize(text)
    prefixes: dict[str, str] = {}
    iris: set[str] = set()
    for index, token in enumerate(tokens):
        if token.keyword == "PREFIX" and index + 2 < len(tokens):
            prefixes[tokens[index + 1].text.rstrip(":")] = tokens[index + 2].text.strip("<>")
        elif token.kind == "iri" and ":" in token.text:
            iris.add(token.text.strip("<>"))
        elif token.kind == "word" and ":" in token.text and not token.text.startswith("_:"):
            prefix, _, local = token.text.partition(":")
            if prefix in prefixes:
                iris.add(prefixes[prefix] + local)
    return iris


def load_dataset(store: GraphStore, prepared: Prepared) -> None:
    """Load a test's graphs into an smpgraph store, the default graph into ``graph/default``."""
    for graph in prepared.graphs:
        store.load(
            ntriples(graph.path),
            format=ResultFormat.NTRIPLES,
            name=f"{graph.path}#{graph.name}",
            graph=graph.name or str(DEFAULT_GRAPH),
            reason=False,
        )


def _key(term: object) -> str | None:
    return None if term is None else str(to_oxigraph(term))  # type: ignore[arg-type]


def api_outcome(result: SelectResult | AskResult | GraphResult) -> Outcome:
    """A result of ``GraphStore.query`` as an outcome, its rdflib terms in N-Triples form."""
    if isinstance(result, AskResult):
        return Boolean(result.value)
    if isinstance(result, SelectResult):
        return Solutions(result.variables, tuple(tuple(_key(term) for term in row) for row in result.rows))
    return Triples(frozenset((_key(s), _key(p), _key(o)) for s, p, o in result.graph))  # type: ignore[misc]


def user_graphs(names: Sequence[object]) -> list[str]:
    """The graphs of an smpgraph store that hold test data (its default graph and the inferred one aside)."""
    return [str(name) for name in names if str(name) not in (str(DEFAULT_GRAPH), str(INFERRED_GRAPH))]


class ApiRunner:
    """smpgraph's Python API: one in-memory store per test."""

    name = "api"

    def check(self, test: W3CTest) -> str | None:
        prepared = prepare(test)
        store = open_store(SETTINGS)
        try:
            load_dataset(store, prepared)
            return self._check(store, test, prepared)
        finally:
            store.close()

    def _check(self, store: GraphStore, test: W3CTest, prepared: Prepared) -> str | None:
        defaults, named = protocol_dataset(test, prepared)
        if test.kind.is_syntax:
            try:
                if test.kind.is_update:
                    store.update(prepared.text, reason=False)
                else:
                    store.query(prepared.text)
                accepted = True
            except ForbiddenOperationError as exc:
                raise RefusedError(str(exc)) from None
            except QueryError as exc:
                accepted = "syntax error" not in str(exc)
            return _syntax_verdict(test, accepted)
        if test.kind is TestKind.UPDATE_EVALUATION:
            try:
                store.update(
                    prepared.text, using_graphs=defaults or None, using_named_graphs=named or None, reason=False
                )
            except ForbiddenOperationError as exc:
                raise RefusedError(str(exc)) from None
            state = {None: api_outcome(GraphResult(store.get_graph(None)))}
            for name in user_graphs(store.graph_names()):
                state[name] = api_outcome(GraphResult(store.get_graph(name)))
            return compare_state(expected_state(test), state)  # type: ignore[arg-type]
        if test.kind is TestKind.CSV_RESULT_FORMAT:
            body = store.query_serialized(prepared.text, ResultFormat.CSV, default_graphs=defaults, named_graphs=named)
            return check_outcome(test, prepared, body.body.decode())
        result = store.query(prepared.text, default_graphs=defaults or None, named_graphs=named or None)
        return check_outcome(test, prepared, api_outcome(result))


# -- HTTP ---------------------------------------------------------------------------------------------

_ACCEPT = {
    ".srx": ox.QueryResultsFormat.XML,
    ".srj": ox.QueryResultsFormat.JSON,
    ".tsv": ox.QueryResultsFormat.TSV,
    ".csv": ox.QueryResultsFormat.CSV,
}
_MEDIA = {
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


class HttpRunner:
    """A live smpgraph server (one for all tests, its store emptied before each)."""

    name = "http"

    def __init__(self, url: str, store: GraphStore, token: str) -> None:
        self.url = url
        self.store = store
        self.session = requests.Session()
        self.auth = {"Authorization": f"Bearer {token}"}

    def close(self) -> None:
        self.session.close()

    def _reset(self) -> None:
        for name in self.store.graph_names():
            self.store.drop_graph(str(name), reason=False)
        self.store.drop_graph(None, reason=False)

    def check(self, test: W3CTest) -> str | None:
        prepared = prepare(test)
        self._reset()
        load_dataset(self.store, prepared)
        defaults, named = protocol_dataset(test, prepared)
        if test.kind.is_update:
            params = {"using-graph-uri": defaults, "using-named-graph-uri": named}
            headers = {**self.auth, "Content-Type": "application/sparql-update"}
        else:
            params = {"default-graph-uri": defaults, "named-graph-uri": named}
            headers = {"Content-Type": "application/sparql-query", "Accept": self._accept(test)}
        response = self.session.post(
            self.url + "/sparql", params=params, data=prepared.text.encode(), headers=headers, timeout=60
        )
        if response.status_code == 403 and test.kind.is_update:
            raise RefusedError(response.json()["detail"])
        if test.kind.is_syntax:
            if response.status_code not in (200, 204, 400):
                return f"HTTP {response.status_code}: {response.text[:300]}"
            accepted = response.status_code != 400 or "syntax error" not in response.json()["detail"]
            return _syntax_verdict(test, accepted)
        if response.status_code not in (200, 204):
            return f"HTTP {response.status_code}: {response.text[:300]}"
        if test.kind is TestKind.UPDATE_EVALUATION:
            state = {None: self._graph(None)}
            for name in user_graphs(self.store.graph_names()):
                state[name] = self._graph(name)
            return compare_state(expected_state(test), state)
        if test.kind is TestKind.CSV_RESULT_FORMAT:
            return check_outcome(test, prepared, response.content.decode())
        media = response.headers["Content-Type"].split(";")[0].strip()
        if media in _MEDIA:
            outcome: Outcome = solutions_of(ox.parse_query_results(response.content, format=_MEDIA[media]))
        else:
            outcome = triples_of(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
        return check_outcome(test, prepared, outcome)

    def _accept(self, test: W3CTest) -> str:
        if test.kind.is_syntax or test.result is None:
            return "application/sparql-results+json, application/n-triples;q=0.9"
        if test.result.suffix in _ACCEPT:
            return _ACCEPT[test.result.suffix].media_type
        expected = read_expected(test.result)
        return "application/n-triples" if isinstance(expected, Triples) else "application/sparql-results+json"

    def _graph(self, name: str | None) -> Triples:
        params = {"default": ""} if name is None else {"graph": name}
        response = self.session.get(
            self.url + "/data", params=params, headers={"Accept": "application/n-triples"}, timeout=60
        )
        response.raise_for_status()
        return triples_of(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
