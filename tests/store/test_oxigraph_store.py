"""The embedded store: every operation and its failure paths (issue 2, item 8)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from smpgraph.config import Settings
from smpgraph.errors import (
    ForbiddenOperationError,
    InputError,
    QueryError,
    QueryTimeoutError,
    RdfSyntaxError,
    ResourceNotFoundError,
    StoreBusyError,
    StoreLockedError,
    UnsupportedFormatError,
)
from smpgraph.store import AskResult, GraphResult, ResultFormat, SelectResult, open_store
from smpgraph.store.backup import restore_store
from smpgraph.store.metadata import DEFAULT_GRAPH, INFERRED_GRAPH
from smpgraph.store.naming import graph_for_file

EX = "http://example.org/"
TTL = f'@prefix ex: <{EX}> .\nex:a ex:p "x" ; ex:q ex:b .\nex:b ex:p "y"@en .\n'


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_select_returns_rdflib_terms_and_plain_literals(memory_store, tmp_path):
    memory_store.load(write(tmp_path / "a.ttl", TTL), reason=False)
    result = memory_store.query(f"SELECT ?o WHERE {{ <{EX}a> <{EX}p> ?o }}")
    assert isinstance(result, SelectResult)
    assert result.variables == ("o",)
    assert result.rows == ((Literal("x"),),)
    assert result.rows[0][0] == Literal("x")  # not "x"^^xsd:string
    assert result.dicts() == [{"o": Literal("x")}]


def test_construct_returns_an_rdflib_graph(memory_store, tmp_path):
    memory_store.load(write(tmp_path / "a.ttl", TTL), reason=False)
    result = memory_store.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert isinstance(result, GraphResult)
    expected = Graph().parse(data=TTL, format="turtle")
    assert set(result.graph) == set(expected)


def test_ask_and_describe(memory_store, tmp_path):
    memory_store.load(write(tmp_path / "a.ttl", TTL), reason=False)
    assert memory_store.query(f"ASK {{ <{EX}a> ?p ?o }}") == AskResult(True)
    described = memory_store.describe([f"{EX}a"])
    assert (URIRef(f"{EX}a"), URIRef(f"{EX}p"), Literal("x")) in described
    assert (URIRef(f"{EX}b"), URIRef(f"{EX}p"), Literal("y", lang="en")) not in described


def test_graph_is_derived_from_the_file_or_named(memory_store, tmp_path):
    path = write(tmp_path / "a.ttl", TTL)
    report = memory_store.load(path, reason=False)
    assert report.graph == graph_for_file(path)
    assert str(report.graph).startswith("https://w3id.org/smpgraph/id/graph/file/a-")
    named = memory_store.load(write(tmp_path / "b.ttl", TTL), graph=f"{EX}g", reason=False)
    assert named.graph == URIRef(f"{EX}g")
    assert set(memory_store.graph_names()) == {report.graph, URIRef(f"{EX}g")}


def test_trig_keeps_its_graph_names(memory_store, tmp_path):
    trig = f"@prefix ex: <{EX}> .\nex:g1 {{ ex:a ex:p 1 }}\nex:g2 {{ ex:a ex:p 2 }}\nex:a ex:p 3 .\n"
    report = memory_store.load(write(tmp_path / "d.trig", trig), reason=False)
    names = set(memory_store.graph_names())
    assert {URIRef(f"{EX}g1"), URIRef(f"{EX}g2"), report.graph} <= names
    assert report.triples == 3


def test_provenance_of_each_load_is_recorded(memory_store, tmp_path):
    path = write(tmp_path / "a.ttl", TTL)
    report = memory_store.load(path, reason=False)
    info = {g.graph: g for g in memory_store.info().graphs}[report.graph]
    assert info.source == str(path.resolve())
    assert info.checksum == report.checksum and info.checksum.startswith("sha256:")
    assert info.triples == 3 and info.loaded_at is not None


def test_metadata_graph_is_not_in_the_query_dataset(memory_store, tmp_path):
    memory_store.load(write(tmp_path / "a.ttl", TTL), reason=False)
    rows = memory_store.query("SELECT ?s WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'sha256')) }")
    assert len(rows) == 0


def test_reload_replaces_the_graph(memory_store, tmp_path):
    path = write(tmp_path / "a.ttl", TTL)
    memory_store.load(path, reason=False)
    write(path, f'@prefix ex: <{EX}> .\nex:a ex:p "new" .\n')
    report = memory_store.load(path, reason=False)
    assert report.replaced
    assert memory_store.query("SELECT ?o WHERE { ?s ?p ?o }").rows == ((Literal("new"),),)


def test_parse_error_on_last_line_leaves_the_store_unchanged(memory_store, tmp_path):
    path = write(tmp_path / "a.ttl", TTL)
    memory_store.load(path, reason=False)
    before = set(memory_store.query("CONSTRUCT WHERE { ?s ?p ?o }").graph)
    write(path, TTL.replace('"y"@en .', '"y"@en .\nex:c ex:p "unterminated .'))
    with pytest.raises(RdfSyntaxError) as caught:
        memory_store.load(path, reason=False)
    assert caught.value.line == 4
    assert str(caught.value).startswith(f"{path.resolve()}:4")
    assert set(memory_store.query("CONSTRUCT WHERE { ?s ?p ?o }").graph) == before
    fresh = write(tmp_path / "new.ttl", '<urn:a> <urn:b> "c" .\n<urn:a> <urn:b> "d .\n')
    with pytest.raises(RdfSyntaxError):
        memory_store.load(fresh, reason=False)
    assert graph_for_file(fresh) not in memory_store.graph_names()


def test_readers_see_the_old_graph_or_the_new_one_never_a_mix(tmp_path):
    store = open_store(Settings(reasoner="none"), path=tmp_path / "store")
    path = tmp_path / "v.nt"
    versions = {tag: "".join(f'<urn:s{i}> <urn:p> "{tag}" .\n' for i in range(1500)) for tag in ("old", "new")}
    write(path, versions["old"])
    store.load(path, reason=False)
    seen: list[frozenset[str]] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            rows = store.query("SELECT DISTINCT ?o (COUNT(*) AS ?n) WHERE { ?s <urn:p> ?o } GROUP BY ?o", max_rows=0)
            seen.append(frozenset(f"{row[0]}={row[1]}" for row in rows))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for round_ in range(6):
            write(path, versions["new" if round_ % 2 == 0 else "old"])
            store.load(path, reason=False)
    finally:
        stop.set()
        thread.join()
        store.close()
    assert seen
    assert set(seen) <= {frozenset({"old=1500"}), frozenset({"new=1500"})}


def test_update_sees_the_union_and_inserts_into_the_default_graph(memory_store, tmp_path):
    memory_store.load(write(tmp_path / "a.ttl", TTL), reason=False)
    memory_store.update(f'INSERT {{ ?s <{EX}seen> true }} WHERE {{ ?s <{EX}p> "x" }}', reason=False)
    assert memory_store.query(f"ASK {{ <{EX}a> <{EX}seen> true }}") == AskResult(True)
    assert len(memory_store.get_graph(None)) == 1
    memory_store.update(f'INSERT DATA {{ <{EX}c> <{EX}p> "z" }}', reason=False)
    assert (URIRef(f"{EX}c"), URIRef(f"{EX}p"), Literal("z")) in memory_store.get_graph(None)
    memory_store.update(f"DELETE WHERE {{ <{EX}c> <{EX}p> ?o }}", reason=False)
    assert memory_store.query(f"ASK {{ <{EX}c> ?p ?o }}") == AskResult(False)


def test_update_syntax_error_names_the_position(memory_store):
    with pytest.raises(QueryError, match="1:"):
        memory_store.update("INSERT DATA { <urn:a> <urn:b> }")


def test_service_and_load_are_refused(memory_store):
    with pytest.raises(ForbiddenOperationError, match="SERVICE"):
        memory_store.query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    with pytest.raises(ForbiddenOperationError, match="LOAD"):
        memory_store.update("LOAD <http://example.org/data.ttl>")
    with pytest.raises(ForbiddenOperationError):
        memory_store.update("LOAD <file:///etc/passwd> INTO GRAPH <urn:g>")
    # the words inside strings, IRIs and prefixed names are not keywords
    assert len(memory_store.query('SELECT ?service WHERE { BIND("SERVICE LOAD" AS ?service) }')) == 1


def test_query_syntax_error_is_a_query_error(memory_store):
    with pytest.raises(QueryError, match="1:19"):
        memory_store.query("SELECT * { ?s ?p }")


HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _heavy_store(settings: Settings):
    store = open_store(settings)
    store.load(
        "".join(f'<urn:s{i}> <urn:p> "{i}" .\n' for i in range(60)).encode(),
        format=ResultFormat.NTRIPLES,
        name="heavy.nt",
        reason=False,
    )
    return store


def test_a_query_past_its_deadline_is_answered_at_the_deadline():
    store = _heavy_store(Settings(backend="memory", max_concurrent_queries=2))
    started = time.perf_counter()
    with pytest.raises(QueryTimeoutError):
        store.query(HEAVY, timeout_s=0.3)
    assert time.perf_counter() - started < 2.0
    assert len(store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 3", timeout_s=5)) == 3


def test_concurrent_heavy_queries_are_capped():
    store = _heavy_store(Settings(backend="memory", max_concurrent_queries=1))
    with pytest.raises(QueryTimeoutError):
        store.query(HEAVY, timeout_s=0.2)
    with pytest.raises(StoreBusyError):  # the abandoned query still holds the only slot
        store.query("ASK { ?s ?p ?o }", timeout_s=0.2)


def test_row_cap_marks_results_truncated(memory_store):
    memory_store.load(
        "".join(f'<urn:s{i}> <urn:p> "{i}" .\n' for i in range(10)).encode(),
        format=ResultFormat.NTRIPLES,
        name="ten.nt",
        reason=False,
    )
    result = memory_store.query("SELECT ?s WHERE { ?s ?p ?o }", max_rows=5)
    assert len(result) == 5 and result.truncated
    assert not memory_store.query("SELECT ?s WHERE { ?s ?p ?o }", max_rows=10).truncated
    serialized = memory_store.query_serialized("SELECT ?s WHERE { ?s ?p ?o }", ResultFormat.CSV, max_rows=5)
    assert serialized.truncated and serialized.body.count(b"\r\n") == 6
    graph = memory_store.query("CONSTRUCT WHERE { ?s ?p ?o }", max_rows=4)
    assert len(graph) == 4 and graph.truncated


@pytest.mark.parametrize("fmt", [ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV, ResultFormat.TSV])
def test_select_serialisations_round_trip(memory_store, tmp_path, fmt):
    import pyoxigraph as ox

    memory_store.load(write(tmp_path / "a.ttl", TTL), reason=False)
    body = memory_store.query_serialized("SELECT ?s ?o WHERE { ?s ?p ?o }", fmt).body
    if fmt is ResultFormat.CSV:  # lossy by design: read it as a spreadsheet would
        import csv
        import io

        rows = list(csv.reader(io.StringIO(body.decode())))
        assert rows[0] == ["s", "o"] and len(rows) == 4 and ["http://example.org/a", "x"] in rows
        return
    ox_format = {
        ResultFormat.JSON: ox.QueryResultsFormat.JSON,
        ResultFormat.XML: ox.QueryResultsFormat.XML,
        ResultFormat.CSV: ox.QueryResultsFormat.CSV,
        ResultFormat.TSV: ox.QueryResultsFormat.TSV,
    }[fmt]
    parsed = ox.parse_query_results(body, format=ox_format)
    assert len(list(parsed)) == 3


@pytest.mark.parametrize("fmt", [ResultFormat.TURTLE, ResultFormat.NTRIPLES, ResultFormat.JSONLD, ResultFormat.RDFXML])
def test_graph_serialisations_round_trip(memory_store, tmp_path, fmt):
    memory_store.load(write(tmp_path / "a.ttl", TTL), reason=False)
    body = memory_store.query_serialized("CONSTRUCT WHERE { ?s ?p ?o }", fmt).body
    rdflib_format = {
        ResultFormat.TURTLE: "turtle",
        ResultFormat.NTRIPLES: "nt",
        ResultFormat.JSONLD: "json-ld",
        ResultFormat.RDFXML: "xml",
    }[fmt]
    assert len(Graph().parse(data=body, format=rdflib_format)) == 3


def test_unknown_format_missing_file_and_bad_graph_iri(memory_store, tmp_path):
    with pytest.raises(UnsupportedFormatError, match=r"\.ttl"):
        memory_store.load(write(tmp_path / "a.docx", TTL))
    with pytest.raises(ResourceNotFoundError):
        memory_store.load(tmp_path / "missing.ttl")
    with pytest.raises(InputError):
        memory_store.load(write(tmp_path / "a.ttl", TTL), graph="not an iri")


def test_a_second_process_cannot_write_while_the_store_is_held(tmp_path):
    store = open_store(Settings(reasoner="none"), path=tmp_path / "store")
    try:
        code = (
            "from pathlib import Path\nfrom smpgraph.config import Settings\nfrom smpgraph.store import open_store\n"
            "from smpgraph.errors import StoreLockedError\n"
            f"try:\n    open_store(Settings(), path=Path({str(tmp_path / 'store')!r}))\n"
            "except StoreLockedError as exc:\n    print('locked:', exc)\n"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert out.stdout.startswith("locked:") and "in use by another process" in out.stdout
    finally:
        store.close()
    held = open_store(Settings(reasoner="none"), path=tmp_path / "store")
    try:
        with pytest.raises(StoreLockedError):  # the same holds inside one process
            open_store(Settings(reasoner="none"), path=tmp_path / "store")
    finally:
        held.close()


def test_export_each_graph_and_the_dataset(memory_store, tmp_path):
    report = memory_store.load(write(tmp_path / "a.ttl", TTL), reason=False)
    assert memory_store.export(tmp_path / "g.ttl", ResultFormat.TURTLE, graph=str(report.graph)) == 3
    assert len(Graph().parse(tmp_path / "g.ttl")) == 3
    assert memory_store.export(tmp_path / "all.nq", ResultFormat.NQUADS) == 3
    assert str(report.graph) in (tmp_path / "all.nq").read_text()
    with pytest.raises(ResourceNotFoundError):
        memory_store.export(tmp_path / "x.ttl", ResultFormat.TURTLE, graph="urn:none")


def test_backup_and_restore_round_trip(tmp_path):
    store = open_store(Settings(reasoner="none"), path=tmp_path / "store")
    store.load(write(tmp_path / "a.ttl", TTL), reason=False)
    store.backup(tmp_path / "bk")
    store.update('INSERT DATA { <urn:later> <urn:p> "after the backup" }', reason=False)
    store.close()
    with pytest.raises(InputError, match="--force"):
        restore_store(tmp_path / "bk", tmp_path / "store")
    restore_store(tmp_path / "bk", tmp_path / "store", force=True)
    restored = open_store(Settings(reasoner="none"), path=tmp_path / "store")
    try:
        assert len(restored) == 3
        assert restored.info().graphs[0].source == str((tmp_path / "a.ttl").resolve())
    finally:
        restored.close()


def test_restore_refuses_a_store_in_use_and_a_non_backup(tmp_path):
    store = open_store(Settings(reasoner="none"), path=tmp_path / "store")
    try:
        store.backup(tmp_path / "bk")
        with pytest.raises(InputError, match="in use"):
            restore_store(tmp_path / "bk", tmp_path / "store", force=True)
    finally:
        store.close()
    with pytest.raises(ResourceNotFoundError):
        restore_store(tmp_path, tmp_path / "other")


def test_persistence_across_reopen(tmp_path):
    store = open_store(Settings(reasoner="none"), path=tmp_path / "store")
    report = store.load(write(tmp_path / "a.ttl", TTL), reason=False)
    store.close()
    again = open_store(Settings(reasoner="none"), path=tmp_path / "store")
    try:
        assert len(again) == 3
        assert again.load(tmp_path / "a.ttl", skip_unchanged=True).unchanged
        assert again.info().graphs[0].checksum == report.checksum
    finally:
        again.close()


def test_inferred_graph_is_kept_apart_and_freshness_tracked(memory_store):
    onto = (
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"<{EX}Nurse> rdfs:subClassOf <{EX}Worker> .\n<{EX}ana> a <{EX}Nurse> .\n"
    )
    memory_store.load(onto.encode(), format=ResultFormat.TURTLE, name="onto.ttl")
    inferred = memory_store.get_graph(str(INFERRED_GRAPH))
    assert (
        URIRef(f"{EX}ana"),
        URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        URIRef(f"{EX}Worker"),
    ) in inferred
    assert memory_store.query(f"ASK {{ <{EX}ana> a <{EX}Worker> }}") == AskResult(True)
    assert memory_store.info().reasoning.fresh
    memory_store.update(f"INSERT DATA {{ <{EX}bo> a <{EX}Nurse> }}", reason=False)
    assert not memory_store.info().reasoning.fresh
    memory_store.reason()
    assert memory_store.info().reasoning.fresh
    assert memory_store.query(f"ASK {{ <{EX}bo> a <{EX}Worker> }}") == AskResult(True)
    memory_store.update(f"DELETE DATA {{ <{EX}bo> a <{EX}Nurse> }}")
    assert memory_store.query(f"ASK {{ <{EX}bo> a <{EX}Worker> }}") == AskResult(False)


def test_graph_store_operations(memory_store):
    graph = Graph().parse(data=TTL, format="turtle")
    assert memory_store.put_graph(f"{EX}g", graph, reason=False) is False
    assert len(memory_store.get_graph(f"{EX}g")) == 3
    assert memory_store.put_graph(f"{EX}g", Graph().parse(data=f'<{EX}a> <{EX}p> "only" .', format="nt"), reason=False)
    assert len(memory_store.get_graph(f"{EX}g")) == 1
    assert memory_store.drop_graph(f"{EX}g", reason=False)
    with pytest.raises(ResourceNotFoundError):
        memory_store.get_graph(f"{EX}g")
    memory_store.put_graph(None, graph, reason=False)
    assert URIRef(str(DEFAULT_GRAPH)) in memory_store.graph_names()


def test_reasoning_in_string_space_handles_literal_forms(memory_store):
    """Literals the engine canonicalises, language tags and escapes survive the N-Triples fast path."""
    data = (
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f"@prefix ex: <{EX}> .\n"
        "ex:sub rdfs:subPropertyOf ex:super .\n"
        'ex:a ex:sub "1.50"^^xsd:decimal, "1.0E0"^^xsd:double, "01"^^xsd:integer, "x"@en-GB,\n'
        '    "q\\"uote\\\\ \\n line\\u00e9"^^xsd:string, "plain", "2020-01-01"^^xsd:date .\n'
        'ex:a ex:super "1.5"^^xsd:decimal .\n'  # asserted already: must not be inferred again
    )
    memory_store.load(data.encode(), format=ResultFormat.TURTLE, name="literals.ttl")
    inferred = memory_store.get_graph(str(INFERRED_GRAPH))
    super_values = set(inferred.objects(URIRef(f"{EX}a"), URIRef(f"{EX}super")))
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert super_values == {
        Literal("1", datatype=URIRef(f"{xsd}double"), normalize=False),  # the engine's form, kept as it is
        Literal("1", datatype=URIRef(f"{xsd}integer")),
        Literal("x", lang="en-gb"),
        Literal('q"uote\\ \n lineé'),
        Literal("plain"),
        Literal("2020-01-01", datatype=URIRef(f"{xsd}date")),
    }
    before = memory_store.graph_bytes(str(INFERRED_GRAPH), ResultFormat.NTRIPLES)
    memory_store.reason()  # nothing changed: the same graph, nothing rewritten
    assert memory_store.graph_bytes(str(INFERRED_GRAPH), ResultFormat.NTRIPLES) == before


def test_reasoning_removes_and_adds_in_one_pass(memory_store):
    """A change that both retracts and adds inferences leaves exactly the new closure."""
    onto = (
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"<{EX}Nurse> rdfs:subClassOf <{EX}Worker> .\n<{EX}Cook> rdfs:subClassOf <{EX}Worker> .\n"
    )
    memory_store.load(onto.encode(), format=ResultFormat.TURTLE, name="onto.ttl")
    memory_store.update(f"INSERT DATA {{ <{EX}ana> a <{EX}Nurse> }}")
    assert memory_store.query(f"ASK {{ <{EX}ana> a <{EX}Worker> }}") == AskResult(True)
    memory_store.update(f"DELETE DATA {{ <{EX}ana> a <{EX}Nurse> }} ; INSERT DATA {{ <{EX}bo> a <{EX}Cook> }}")
    assert memory_store.query(f"ASK {{ <{EX}ana> a <{EX}Worker> }}") == AskResult(False)
    assert memory_store.query(f"ASK {{ <{EX}bo> a <{EX}Worker> }}") == AskResult(True)
    assert memory_store.info().reasoning.inferred_triples == 1


@pytest.mark.parametrize("bulk", [False, True], ids=["atomic", "bulk"])
def test_first_load_counts_and_a_syntax_error_writes_nothing(tmp_path, bulk):
    """The engine reads a first load from the file; the count comes from the engine, errors name the line."""
    store = open_store(Settings(reasoner="none"), path=tmp_path / "store")
    try:
        lines = "".join(f"<{EX}s{i}> <{EX}p> <{EX}o{i}> .\n" for i in range(50))
        report = store.load(write(tmp_path / "good.nt", lines + lines), reason=False, bulk=bulk)
        assert report.triples == 50  # duplicates counted once
        assert len(store) == 50
        bad = write(tmp_path / "bad.nt", lines + f"<{EX}x> <{EX}p> .\n")
        with pytest.raises(RdfSyntaxError) as caught:
            store.load(bad, reason=False, bulk=bulk)
        assert caught.value.line == 51
        assert "bad.nt" in str(caught.value)
        assert len(store) == 50
        assert not store.has_graph(str(graph_for_file(bad)))
        shared = store.load(
            write(tmp_path / "more.nt", f"<{EX}s0> <{EX}p> <{EX}o0> .\n<{EX}n> <{EX}p> <{EX}m> .\n"),
            graph=report.graph,
            reason=False,
            bulk=bulk,
        )
        assert shared.triples == 1  # one of its two triples was in the graph already
    finally:
        store.close()
