"""The same store test-suite on every backend: memory, Oxigraph on disk, Virtuoso, Oxigraph server (issue 8)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from smpgraph.errors import QueryError, QueryTimeoutError, RdfSyntaxError, UpdateNotAllowedError
from smpgraph.store.base import AskResult, GraphResult, ResultFormat, SelectResult
from smpgraph.store.metadata import DEFAULT_GRAPH, INFERRED_GRAPH, META_GRAPH

pytestmark = pytest.mark.engines

EX = "http://example.org/"
G1 = f"{EX}graph/one"
G2 = f"{EX}graph/two"
NT = ResultFormat.NTRIPLES
TTL = ResultFormat.TURTLE

DATA = f"""@prefix ex: <{EX}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:name "Alpha" ; ex:label "Alpha"@en-GB ; ex:n 7 ; ex:ok true ; ex:x "1.5"^^xsd:double ;
     ex:typed "s"^^xsd:string ; ex:knows ex:b ; ex:part [ ex:name "inner" ] .
ex:b ex:name "Beta" .
""".encode()


def _load(store, data: bytes = DATA, graph: str = G1, name: str = "data.ttl", fmt=TTL, **kw):
    return store.load(data, graph=graph, format=fmt, name=name, reason=False, **kw)


def _many(n: int, prefix: str = "s") -> bytes:
    return "".join(f'<{EX}{prefix}{i}> <{EX}p> "v{i}" .\n' for i in range(n)).encode()


def test_load_replaces_a_source_atomically(make_store) -> None:
    store = make_store()
    first = _load(store)
    assert first.triples == 10 and not first.replaced
    second = _load(store, f'<{EX}c> <{EX}name> "Gamma" .\n'.encode(), fmt=NT)
    assert second.replaced and second.triples == 1
    assert {str(r[0]) for r in store.query(f"SELECT ?n WHERE {{ ?s <{EX}name> ?n }}")} == {"Gamma"}
    with pytest.raises(RdfSyntaxError):
        _load(store, b"<urn:a> <urn:b> .\n", fmt=NT)
    assert len(store.get_graph(G1)) == 1  # the failed load wrote nothing
    unchanged = _load(store, f'<{EX}c> <{EX}name> "Gamma" .\n'.encode(), fmt=NT, skip_unchanged=True)
    assert unchanged.unchanged


def test_query_forms_terms_and_formats(make_store) -> None:
    store = make_store()
    _load(store)
    rows = store.query(f"SELECT ?p ?o WHERE {{ <{EX}a> ?p ?o }}")
    assert isinstance(rows, SelectResult) and not rows.truncated
    values = dict(((str(p), o) for p, o in rows))
    assert values[f"{EX}name"] == Literal("Alpha")  # xsd:string comes back as a plain literal
    assert values[f"{EX}typed"] == Literal("s")
    assert values[f"{EX}label"] == Literal("Alpha", lang="en-gb")
    assert values[f"{EX}n"] == Literal(7)
    assert values[f"{EX}ok"] == Literal(True)  # Virtuoso writes 1 in JSON
    assert values[f"{EX}x"].datatype == XSD.double
    ask = store.query(f"ASK {{ <{EX}a> <{EX}knows> <{EX}b> }}")
    assert isinstance(ask, AskResult) and ask.value
    construct = store.query(f"CONSTRUCT {{ ?s <{EX}named> ?o }} WHERE {{ ?s <{EX}name> ?o }}")
    assert isinstance(construct, GraphResult) and len(construct) == 3
    select = f"SELECT ?s ?o WHERE {{ ?s <{EX}name> ?o }} ORDER BY ?o"
    body = json.loads(store.query_serialized(select, ResultFormat.JSON).body)
    assert [b["o"]["value"] for b in body["results"]["bindings"]] == ["Alpha", "Beta", "inner"]
    assert store.query_serialized(select, ResultFormat.CSV).body.startswith(b"s,o\r\n")
    assert b"<sparql" in store.query_serialized(select, ResultFormat.XML).body
    assert store.query_serialized(select, ResultFormat.TSV).body.startswith(b"?s\t?o")
    graph = store.query_serialized(f"CONSTRUCT WHERE {{ <{EX}b> ?p ?o }}", TTL).body
    assert len(Graph().parse(data=graph, format="turtle")) == 1
    # smpgraph's prefixes work without PREFIX lines, as on the embedded store
    assert store.query("ASK { ?s rdf:type ?o }").value is False


def test_union_dataset_without_metadata(make_store) -> None:
    store = make_store()
    _load(store)
    _load(store, _many(5), graph=G2, name="two.nt", fmt=NT)
    total = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(total.rows[0][0]) == 15
    graphs = {str(r[0]) for r in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert graphs == {G1, G2}
    if make_store.kind != "virtuoso":  # Virtuoso reads GRAPH <iri> even when excluded (ADR 0006)
        assert not store.query(f"ASK {{ GRAPH <{META_GRAPH}> {{ ?s ?p ?o }} }}").value
    assert not store.query(f"ASK {{ ?s <http://www.w3.org/ns/prov#generated> <{G1}> }}").value
    assert str(META_GRAPH) not in {str(g) for g in store.graph_names()}
    only_two = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graphs=[G2])
    assert int(only_two.rows[0][0]) == 5


def test_update_sees_the_union_and_writes_the_default_graph(make_store) -> None:
    store = make_store()
    _load(store)
    store.update(f"INSERT {{ ?s <{EX}seen> true }} WHERE {{ ?s <{EX}knows> ?o }}", reason=False)
    rows = store.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{EX}a> <{EX}seen> true }} }}")
    assert [str(r[0]) for r in rows] == [str(DEFAULT_GRAPH)]
    store.update(f"INSERT DATA {{ GRAPH <{G2}> {{ <{EX}z> <{EX}p> 'z' }} }}", reason=False)
    store.update(f"DELETE WHERE {{ <{EX}a> <{EX}seen> ?x }}", reason=False)
    assert not store.query(f"ASK {{ <{EX}a> <{EX}seen> ?x }}").value
    assert store.query(f"ASK {{ GRAPH <{G2}> {{ <{EX}z> ?p ?o }} }}").value


def test_graph_store_operations(make_store) -> None:
    store = make_store()
    data = Graph()
    data.add((URIRef(f"{EX}s"), URIRef(f"{EX}p"), Literal("one")))
    assert store.put_graph(G2, data, reason=False) is False
    assert store.put_graph(G2, data, reason=False) is True
    more = Graph()
    more.add((URIRef(f"{EX}s"), URIRef(f"{EX}p"), Literal("two")))
    store.put_graph(G2, more, replace=False, reason=False)
    assert {str(o) for o in store.get_graph(G2).objects()} == {"one", "two"}
    assert store.drop_graph(G2, reason=False) is True
    assert G2 not in {str(g) for g in store.graph_names()}


def test_describe(make_store) -> None:
    store = make_store()
    _load(store)
    described = store.describe([f"{EX}b"])
    assert set(described) == {(URIRef(f"{EX}b"), URIRef(f"{EX}name"), Literal("Beta"))}


def test_reason_writes_the_inferred_graph(make_store) -> None:
    store = make_store(reasoner="reasonable")
    ontology = f"""@prefix ex: <{EX}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ex:Dog rdfs:subClassOf ex:Animal . ex:rex a ex:Dog .""".encode()
    _load(store, ontology)
    state = store.reason()
    assert state.fresh and state.inferred_triples >= 1
    inferred = store.get_graph(str(INFERRED_GRAPH))
    assert (URIRef(f"{EX}rex"), RDF.type, URIRef(f"{EX}Animal")) in inferred
    assert store.query(f"ASK {{ <{EX}rex> a <{EX}Animal> }}").value
    assert store.info().reasoning.fresh


def test_reasoning_reads_only_the_asserted_graphs(make_store) -> None:
    """A chain through an inverse (smpgraph.reasoning.materialise on every backend): the conclusion comes with
    its premise and goes with it; an earlier inferred graph never feeds the next closure."""
    store = make_store(reasoner="reasonable")
    ontology = f"""@prefix ex: <{EX}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ex:hasStakeholder owl:propertyChainAxiom ( ex:hasMembership ex:member ) .
    ex:hasMembership owl:inverseOf ex:organization .""".encode()
    _load(store, ontology, graph=G2, name="ontology.ttl")
    _load(store, f"<{EX}m> <{EX}organization> <{EX}P> .\n<{EX}m> <{EX}member> <{EX}Y> .\n".encode(), fmt=NT)
    assert store.reason().inferred_triples == 2
    inferred = store.get_graph(str(INFERRED_GRAPH))
    assert set(inferred) == {
        (URIRef(f"{EX}P"), URIRef(f"{EX}hasMembership"), URIRef(f"{EX}m")),
        (URIRef(f"{EX}P"), URIRef(f"{EX}hasStakeholder"), URIRef(f"{EX}Y")),
    }
    store.update(f"DELETE DATA {{ GRAPH <{G1}> {{ <{EX}m> <{EX}organization> <{EX}P> }} }}")
    assert store.info().reasoning.inferred_triples == 0
    assert not store.query(f"ASK {{ <{EX}P> <{EX}hasStakeholder> <{EX}Y> }}").value


def test_info_len_and_export(make_store, tmp_path: Path) -> None:
    store = make_store()
    _load(store)
    _load(store, _many(5), graph=G2, name="two.nt", fmt=NT)
    info = store.info()
    counts = {str(g.graph): g.triples for g in info.graphs}
    assert counts[G1] == 10 and counts[G2] == 5 and info.total_triples == 15
    assert {str(g.graph): g.source for g in info.graphs}[G2] == "two.nt"
    assert len(store) == 15
    assert store.export(tmp_path / "all.nq", ResultFormat.NQUADS) == 15
    assert store.export(tmp_path / "two.ttl", TTL, graph=G2) == 5
    assert len(Graph().parse(tmp_path / "two.ttl")) == 5


def test_truncation_is_reported(make_store) -> None:
    store = make_store()
    _load(store, _many(30), fmt=NT)
    capped = store.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }}", max_rows=10)
    assert len(capped) == 10 and capped.truncated
    full = store.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }}", max_rows=0)
    assert len(full) == 30 and not full.truncated
    exact = store.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }} LIMIT 10", max_rows=10)
    assert len(exact) == 10 and not exact.truncated
    graph = store.query(f"CONSTRUCT WHERE {{ ?s <{EX}p> ?o }}", max_rows=10)
    assert len(graph) == 10 and graph.truncated
    serialized = store.query_serialized(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }}", ResultFormat.JSON, max_rows=5)
    assert serialized.truncated and len(json.loads(serialized.body)["results"]["bindings"]) == 5


def test_deadline(make_store) -> None:
    store = make_store()
    _load(store, _many(3000), fmt=NT)
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . FILTER(STR(?c) < STR(?f)) }"
    with pytest.raises(QueryTimeoutError):
        store.query(heavy, timeout_s=0.2)


def test_secrets_never_leak(make_store, caplog: pytest.LogCaptureFixture) -> None:
    if make_store.kind not in ("virtuoso", "oxigraph-server"):
        pytest.skip("embedded stores have no credentials")
    from smpgraph.store.remote import RemoteStore

    store = make_store()
    secret = "s3cret-never-shown"
    settings = store.settings.__class__(
        **{**{f: getattr(store.settings, f) for f in store.settings.__dataclass_fields__}, "sparql_password": secret}
    )
    caplog.set_level(logging.DEBUG)
    assert secret not in repr(settings)
    if make_store.kind == "virtuoso":  # its GSP endpoint wants credentials even to read the metadata graph
        with pytest.raises(UpdateNotAllowedError) as caught:
            RemoteStore(settings)
        assert secret not in str(caught.value) and "401" in str(caught.value)
        settings = settings.__class__(
            **{**{f: getattr(settings, f) for f in settings.__dataclass_fields__}, "sparql_gsp_url": None}
        )
    wrong = RemoteStore(settings)
    assert secret not in repr(wrong) and secret not in repr(wrong.client)
    if make_store.kind == "virtuoso":
        with pytest.raises(UpdateNotAllowedError) as refused:
            wrong.update(f"INSERT DATA {{ <{EX}x> <{EX}p> 1 }}", reason=False)
        assert secret not in str(refused.value)
    with pytest.raises(QueryError) as failed:
        wrong.query("SELECT * WHERE { ?s ?p }")
    assert secret not in str(failed.value)
    assert secret not in caplog.text
    wrong.close()
