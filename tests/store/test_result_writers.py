"""The two SELECT writers agree, and the engine's writer hands over to the row-by-row one past the cap.

See docs/decisions/0010-select-results-writer.md.
"""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smpgraph.config import Settings
from smpgraph.store import ResultFormat, open_store
from smpgraph.store.results import ENGINE_BYTES_PER_ROW, engine_select_bytes, write_select

TABULAR = [ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV, ResultFormat.TSV]
OX_FORMAT = {
    ResultFormat.JSON: ox.QueryResultsFormat.JSON,
    ResultFormat.XML: ox.QueryResultsFormat.XML,
    ResultFormat.CSV: ox.QueryResultsFormat.CSV,
    ResultFormat.TSV: ox.QueryResultsFormat.TSV,
}
#: literals chosen to fool byte counting: row separators, line breaks, markup, quotes, tabs
TRICKY = ['a},{"b', "two\nlines", "crlf\r\nend", "<result>", 'say "hi"', "tab\there", "x", "é ü 中"]


def _store() -> ox.Store:
    store = ox.Store()
    for index, text in enumerate(TRICKY):
        store.add(ox.Quad(ox.NamedNode(f"urn:t{index}"), ox.NamedNode("urn:p"), ox.Literal(text)))
    store.add(ox.Quad(ox.NamedNode("urn:t0"), ox.NamedNode("urn:q"), ox.Literal("fr", language="fr")))
    store.add(ox.Quad(ox.BlankNode("b1"), ox.NamedNode("urn:q"), ox.Literal("3", datatype=ox.NamedNode(XSD_INT))))
    return store


XSD_INT = "http://www.w3.org/2001/XMLSchema#integer"
QUERY = "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?s ?o"


def _rows(body: bytes, fmt: ResultFormat) -> list[tuple[str, ...]]:
    """The solutions of a serialised result, as comparable tuples of term strings."""
    if fmt is ResultFormat.CSV:
        return [tuple(row) for row in csv.reader(io.StringIO(body.decode()))][1:]
    parsed = ox.parse_query_results(body, format=OX_FORMAT[fmt])
    return [tuple(str(solution[v]) if solution[v] is not None else "" for v in parsed.variables) for solution in parsed]


@pytest.mark.parametrize("fmt", TABULAR)
def test_engine_writer_and_row_writer_say_the_same(fmt):
    store = _store()
    engine = engine_select_bytes(store.query(QUERY), fmt, max_rows=100)
    assert engine is not None
    solutions = store.query(QUERY)
    variables = [v.value for v in solutions.variables]
    ours = write_select(variables, [tuple(s[i] for i in range(len(variables))) for s in solutions], fmt)
    assert _rows(engine, fmt) == _rows(ours, fmt)
    assert len(_rows(engine, fmt)) == len(TRICKY) + 2


@pytest.mark.parametrize("fmt", TABULAR)
def test_engine_writer_gives_up_past_the_cap(fmt):
    """Plain literals: the count is exact in every format (tricky ones are the next test's business)."""
    store = ox.Store()
    for index in range(40):
        store.add(ox.Quad(ox.NamedNode(f"urn:n{index}"), ox.NamedNode("urn:p"), ox.Literal(str(index))))
    total = 40
    assert engine_select_bytes(store.query(QUERY), fmt, max_rows=total) is not None  # exactly at the cap
    assert engine_select_bytes(store.query(QUERY), fmt, max_rows=total - 1) is None
    assert engine_select_bytes(store.query(QUERY), fmt, max_rows=0) is not None  # 0: no cap


def test_engine_writer_gives_up_past_its_byte_budget():
    store = ox.Store()
    long_text = "x" * (3 * ENGINE_BYTES_PER_ROW)
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal(long_text)))
    assert engine_select_bytes(store.query("SELECT ?o { ?s ?p ?o }"), ResultFormat.JSON, max_rows=2) is None
    assert engine_select_bytes(store.query("SELECT ?o { ?s ?p ?o }"), ResultFormat.JSON, max_rows=4) is not None


def test_no_solutions_and_the_empty_solution():
    store = ox.Store()
    body = engine_select_bytes(store.query("SELECT ?x WHERE { ?x ?p ?o }"), ResultFormat.JSON, max_rows=1)
    assert body is not None and json.loads(body)["results"]["bindings"] == []
    body = engine_select_bytes(store.query("SELECT * WHERE { }"), ResultFormat.JSON, max_rows=1)
    assert body is not None and json.loads(body)["results"]["bindings"] == [{}]


@pytest.mark.parametrize("fmt", TABULAR)
def test_query_serialized_falls_back_and_truncates_exactly(fmt):
    """A false alarm (a literal that looks like a row separator) or a real overflow: the slow path decides."""
    store = open_store(Settings(backend="memory"))
    lines = [f'<urn:t{i}> <urn:p> "{text}" .' for i, text in enumerate(['a},{\\"b', "two\\nlines", "x"])]
    store.load("\n".join(lines).encode(), format=ResultFormat.NTRIPLES, name="t.nt", reason=False)
    query = "SELECT ?s ?o WHERE { ?s <urn:p> ?o } ORDER BY ?s"
    exact = store.query_serialized(query, fmt, max_rows=3)
    assert not exact.truncated and len(_rows(exact.body, fmt)) == 3
    capped = store.query_serialized(query, fmt, max_rows=2)
    assert capped.truncated and len(_rows(capped.body, fmt)) == 2
    assert _rows(capped.body, fmt) == _rows(exact.body, fmt)[:2]


_PIECES = [*'ab},{"<>/\\\n\r\t é', "<result>", "},{", "\r\n", "]}}"]
_HOSTILE_TEXT = st.lists(st.sampled_from(_PIECES), max_size=8).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(st.one_of(_HOSTILE_TEXT, st.none()), min_size=0, max_size=12),
    cap=st.integers(min_value=1, max_value=14),
    fmt=st.sampled_from(TABULAR),
)
def test_engine_writer_never_passes_more_rows_than_the_cap(texts, cap, fmt):
    """Whatever the literals, a result is either refused (None) or complete and within the cap."""
    store = ox.Store()
    for index, text in enumerate(texts):
        subject = ox.NamedNode(f"urn:s{index}")
        store.add(ox.Quad(subject, ox.NamedNode("urn:p"), ox.Literal(text) if text is not None else subject))
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    body = engine_select_bytes(store.query(query), fmt, max_rows=cap)
    if len(texts) > cap:
        assert body is None
    elif body is not None:
        assert len(_rows(body, fmt)) == len(texts)
    if fmt in (ResultFormat.XML, ResultFormat.TSV) and len(texts) <= cap:
        assert body is not None  # exact counts: never a false alarm


GRAPH_FORMATS = [ResultFormat.TURTLE, ResultFormat.NTRIPLES, ResultFormat.JSONLD, ResultFormat.RDFXML]
RDFLIB_NAMES = {
    ResultFormat.TURTLE: "turtle",
    ResultFormat.NTRIPLES: "nt",
    ResultFormat.JSONLD: "json-ld",
    ResultFormat.RDFXML: "xml",
}
SKOS = "http://www.w3.org/2004/02/skos/core#"


def _graph_store() -> ox.Store:
    store = _store()
    store.add(ox.Quad(ox.NamedNode("urn:t1"), ox.NamedNode(SKOS + "prefLabel"), ox.Literal("label", language="en")))
    return store


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_engine_graph_writer_and_triple_writer_give_the_same_graph(fmt):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from smpgraph.namespaces import PREFIXES
    from smpgraph.store.results import engine_graph_bytes, write_triples

    store = _graph_store()
    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    engine = engine_graph_bytes(store.query(query), fmt, 100, PREFIXES)
    assert engine is not None
    ours = write_triples(list(store.query(query)), fmt, PREFIXES)
    parsed = [Graph().parse(data=body, format=RDFLIB_NAMES[fmt]) for body in (engine, ours)]
    assert len(parsed[0]) == len(TRICKY) + 3
    assert isomorphic(parsed[0], parsed[1])
    if fmt is ResultFormat.TURTLE:  # only the prefixes the graph uses
        text = engine.decode()
        assert "@prefix skos:" in text and "@prefix owl:" not in text


def test_engine_graph_writer_gives_up_past_the_cap_and_refuses_tables():
    from smpgraph.errors import UnsupportedFormatError
    from smpgraph.store.results import engine_graph_bytes

    store = _graph_store()
    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    total = len(TRICKY) + 3
    assert engine_graph_bytes(store.query(query), ResultFormat.TURTLE, total) is not None
    assert engine_graph_bytes(store.query(query), ResultFormat.TURTLE, total - 1) is None
    assert engine_graph_bytes(store.query(query), ResultFormat.NTRIPLES, 0) is not None
    with pytest.raises(UnsupportedFormatError):
        engine_graph_bytes(store.query(query), ResultFormat.JSON, 10)


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_query_serialized_graphs_truncate_exactly(fmt):
    from rdflib import Graph

    store = open_store(Settings(backend="memory"))
    lines = "".join(f'<urn:s{i}> <urn:p> "line {i}\\nnext" .\n' for i in range(6))
    store.load(lines.encode(), format=ResultFormat.NTRIPLES, name="six.nt", reason=False)
    whole = store.query_serialized("CONSTRUCT WHERE { ?s ?p ?o }", fmt, max_rows=6)
    assert not whole.truncated and len(Graph().parse(data=whole.body, format=RDFLIB_NAMES[fmt])) == 6
    capped = store.query_serialized("CONSTRUCT WHERE { ?s ?p ?o }", fmt, max_rows=4)
    assert capped.truncated and len(Graph().parse(data=capped.body, format=RDFLIB_NAMES[fmt])) == 4


def test_a_format_that_does_not_fit_the_form_is_refused_before_reading():
    from smpgraph.errors import UnsupportedFormatError

    store = open_store(Settings(backend="memory"))
    with pytest.raises(UnsupportedFormatError, match="SELECT results cannot be written as TURTLE"):
        store.query_serialized("SELECT * WHERE { VALUES ?x { 1 } }", ResultFormat.TURTLE)
    with pytest.raises(UnsupportedFormatError, match="graph results cannot be written as JSON"):
        store.query_serialized("CONSTRUCT { <urn:a> <urn:b> 1 } WHERE { }", ResultFormat.JSON)
    with pytest.raises(UnsupportedFormatError, match="graph results cannot be written as NQUADS"):
        store.query_serialized("CONSTRUCT { <urn:a> <urn:b> 1 } WHERE { }", ResultFormat.NQUADS)
