"""The SPARQL 1.1 Protocol endpoint over real HTTP: queries, conneg, updates, auth, limits."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from rdflib import Graph, URIRef

from tests.server.conftest import EX, TOKEN, LiveServer

SELECT_ALL = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s ?label"
CONSTRUCT = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s = <{EX}bob>) }}"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?z { 1 2 } " + " . ".join(f"?a{i} ?b{i} ?c{i}" for i in range(6)) + " }"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def get(live: LiveServer, query: str, accept: str | None = None, **params: str) -> requests.Response:
    headers = {"Accept": accept} if accept else {}
    return requests.get(live.sparql, params={"query": query, **params}, headers=headers, timeout=10)


def test_get_select_json(rw_server: LiveServer) -> None:
    response = get(rw_server, SELECT_ALL)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/sparql-results+json")
    data = response.json()
    assert data["head"]["vars"] == ["s", "label"]
    labels = {b["label"]["value"] for b in data["results"]["bindings"]}
    assert {"Alice", "Bob", "Robert", "Carol"} <= labels


def test_post_form_and_direct_agree(rw_server: LiveServer) -> None:
    by_get = get(rw_server, SELECT_ALL).json()
    by_form = requests.post(rw_server.sparql, data={"query": SELECT_ALL}, timeout=10).json()
    by_body = requests.post(
        rw_server.sparql, data=SELECT_ALL.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=10
    ).json()
    assert by_get == by_form == by_body


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/csv;q=1.0, application/sparql-results+xml;q=0.9", "text/csv"),
        ("*/*", "application/sparql-results+json"),
        ("text/*", "text/csv"),
        ("text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8", "application/sparql-results+xml"),
        ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml"),
    ],
)
def test_select_conneg(rw_server: LiveServer, accept: str, expected: str) -> None:
    response = get(rw_server, SELECT_ALL, accept)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == expected


def test_select_formats_parse(rw_server: LiveServer) -> None:
    xml = get(rw_server, SELECT_ALL, "application/sparql-results+xml").content
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert len(ET.fromstring(xml).findall(f"{ns}results/{ns}result")) >= 4
    rows = list(csv.reader(io.StringIO(get(rw_server, SELECT_ALL, "text/csv").text)))
    assert rows[0] == ["s", "label"]
    tsv = get(rw_server, SELECT_ALL, "text/tab-separated-values").text.splitlines()
    assert tsv[0] == "?s\t?label"
    assert f'<{EX}bob>\t"Robert"@fr' in tsv


def test_ask(rw_server: LiveServer) -> None:
    assert get(rw_server, f"ASK {{ <{EX}alice> <{EX}knows> <{EX}bob> }}").json() == {"head": {}, "boolean": True}
    xml = get(rw_server, "ASK { }", "application/sparql-results+xml").text
    assert "<boolean>true</boolean>" in xml


@pytest.mark.parametrize(
    ("accept", "expected", "rdflib_format"),
    [
        (None, "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/rdf+xml;q=0.2, text/turtle;q=0.1", "application/rdf+xml", "xml"),
    ],
)
def test_construct_conneg(rw_server: LiveServer, accept: str | None, expected: str, rdflib_format: str) -> None:
    response = get(rw_server, CONSTRUCT, accept)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == expected
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert (URIRef(EX + "bob"), URIRef(EX + "age"), None) in graph


def test_describe(rw_server: LiveServer) -> None:
    response = get(rw_server, f"DESCRIBE <{EX}bob>", "application/n-triples")
    assert response.status_code == 200
    assert f"<{EX}bob>" in response.text


def test_not_acceptable(rw_server: LiveServer) -> None:
    response = get(rw_server, SELECT_ALL, "image/png")
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.json()["detail"]
    assert get(rw_server, CONSTRUCT, "text/csv").status_code == 406


def test_dataset_parameters(rw_server: LiveServer) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    nothing = get(rw_server, query, **{"default-graph-uri": EX + "graph/none"}).json()
    assert nothing["results"]["bindings"][0]["n"]["value"] == "0"
    some = get(rw_server, query, **{"default-graph-uri": EX + "graph/small"}).json()
    assert int(some["results"]["bindings"][0]["n"]["value"]) > 5
    named = get(
        rw_server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": EX + "graph/small"}
    )
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [EX + "graph/small"]


def test_malformed_query_gets_parser_message(rw_server: LiveServer) -> None:
    response = get(rw_server, "SELECT ?s WHERE { ?s ?p }")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "bad request"
    assert "error at 1:" in body["detail"]
    assert "Traceback" not in response.text


def test_update_sent_as_query_is_refused(rw_server: LiveServer) -> None:
    response = get(rw_server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert response.status_code == 400
    assert "update" in response.json()["detail"]


def test_service_and_load_are_refused(rw_server: LiveServer) -> None:
    response = get(rw_server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert response.status_code == 403
    assert "SERVICE" in response.json()["detail"]
    response = requests.post(
        rw_server.sparql,
        data="LOAD <file:///etc/passwd>",
        headers={"Content-Type": "application/sparql-update", **rw_server.auth},
        timeout=10,
    )
    assert response.status_code == 403
    assert "LOAD" in response.json()["detail"]


# -- updates and authentication ---------------------------------------------------------------------


def update(
    live: LiveServer, text: str, headers: dict[str, str] | None = None, *, timeout: float = 30, **params: str
) -> requests.Response:
    return requests.post(
        live.sparql,
        params=params,
        data=text.encode(),
        headers={"Content-Type": "application/sparql-update", **(headers or {})},
        timeout=timeout,
    )


def test_update_without_configured_token_is_403(ro_server: LiveServer) -> None:
    response = update(ro_server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", {"Authorization": "Bearer anything"})
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    form = requests.post(ro_server.sparql, data={"update": "CLEAR ALL"}, timeout=10)
    assert form.status_code == 403


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": "Bearer "},
        {"Authorization": TOKEN},
    ],
    ids=["missing", "wrong", "longer", "basic", "empty", "no-scheme"],
)
def test_update_with_missing_or_wrong_token_is_401(rw_server: LiveServer, headers: dict[str, str]) -> None:
    response = update(rw_server, f"INSERT DATA {{ <{EX}intruder> <{EX}p> 1 }}", headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert get(rw_server, f"ASK {{ <{EX}intruder> ?p ?o }}").json()["boolean"] is False


def test_update_with_token(rw_server: LiveServer) -> None:
    response = update(rw_server, f"INSERT DATA {{ <{EX}frank> a <{EX}Person> }}", rw_server.auth)
    assert response.status_code == 204
    assert get(rw_server, f"ASK {{ <{EX}frank> a <{EX}Person> }}").json()["boolean"] is True
    form = requests.post(
        rw_server.sparql,
        data={"update": f"DELETE DATA {{ <{EX}frank> a <{EX}Person> }}"},
        headers=rw_server.auth,
        timeout=10,
    )
    assert form.status_code == 204
    assert get(rw_server, f"ASK {{ <{EX}frank> a <{EX}Person> }}").json()["boolean"] is False


def test_update_using_graph(rw_server: LiveServer) -> None:
    text = f"INSERT {{ GRAPH <{EX}graph/copy> {{ ?s a <{EX}Copied> }} }} WHERE {{ ?s a <{EX}Person> }}"
    response = update(rw_server, text, rw_server.auth, **{"using-graph-uri": EX + "graph/small"})
    assert response.status_code == 204
    count = get(rw_server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX}graph/copy> {{ ?s ?p ?o }} }}").json()
    assert int(count["results"]["bindings"][0]["n"]["value"]) >= 5
    assert update(rw_server, f"DROP SILENT GRAPH <{EX}graph/copy>", rw_server.auth).status_code == 204


def test_malformed_update_is_400(rw_server: LiveServer) -> None:
    response = update(rw_server, "INSERT DATA { <urn:a> <urn:b> }", rw_server.auth)
    assert response.status_code == 400
    assert "error at 1:" in response.json()["detail"]


def test_update_by_get_is_refused(rw_server: LiveServer) -> None:
    response = requests.get(rw_server.sparql, params={"update": "CLEAR ALL"}, headers=rw_server.auth, timeout=10)
    assert response.status_code == 400
    assert get(rw_server, "ASK { ?s ?p ?o }").json()["boolean"] is True


@pytest.mark.slow
def test_after_a_write_reasoning_is_fresh(kg_server: LiveServer) -> None:
    """An update through the endpoint brings the inferred graph up to date (OWL RL)."""
    sub = "http://example.org/reasoning-check"
    text = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        f"INSERT DATA {{ <{sub}/A> rdfs:subClassOf <{sub}/B> . <{sub}/x> a <{sub}/A> }}"
    )
    assert update(kg_server, text, kg_server.auth, timeout=180).status_code == 204  # reasoning over the whole KG
    assert get(kg_server, f"ASK {{ <{sub}/x> a <{sub}/B> }}").json()["boolean"] is True
    assert requests.get(kg_server.url + "/healthz", timeout=10).json()["reasoning"]["fresh"] is True


# -- limits -------------------------------------------------------------------------------------------


def test_row_cap_sets_truncated_header(tight_server: LiveServer) -> None:
    response = get(tight_server, "SELECT * WHERE { ?s ?p ?o }")
    assert response.status_code == 200
    assert response.headers["SMPGraph-Results-Truncated"] == "true"
    assert len(response.json()["results"]["bindings"]) == 3
    small = get(tight_server, "SELECT * WHERE { ?s ?p ?o } LIMIT 2")
    assert "SMPGraph-Results-Truncated" not in small.headers


def test_oversized_body_is_413(tight_server: LiveServer) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 10_000
    direct = requests.post(
        tight_server.sparql, data=big.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=10
    )
    assert direct.status_code == 413
    assert "4096" in direct.json()["detail"]
    form = requests.post(tight_server.sparql, data={"query": big}, timeout=10)
    assert form.status_code == 413
    gsp = requests.put(
        tight_server.url + "/data?default",
        data=b"#" * 10_000,
        headers={"Content-Type": "text/turtle", **tight_server.auth},
        timeout=10,
    )
    assert gsp.status_code == 413


def _wait_until_idle(live: LiveServer, limit_s: float = 20) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if get(live, "ASK {}").status_code == 200:
            return
        time.sleep(0.1)
    raise AssertionError("the abandoned query never released its slot")


def test_deadline_is_503_at_the_deadline_then_busy(tight_server: LiveServer) -> None:
    _wait_until_idle(tight_server)
    started = time.monotonic()
    response = get(tight_server, HEAVY)
    took = time.monotonic() - started
    assert response.status_code == 503
    assert "deadline" in response.json()["detail"]
    assert took < 0.3 + 0.7, f"answered after {took:.2f} s, not at the 0.3 s deadline"
    # the abandoned query still holds the only slot: the next one is refused as busy
    busy = get(tight_server, "ASK {}")
    assert busy.status_code == 503
    assert busy.headers.get("Retry-After") == "1"
    _wait_until_idle(tight_server)


def test_concurrent_readers_with_a_writer(rw_server: LiveServer) -> None:
    """32 readers and one writer at once: no errors, no lost write."""
    writes = 20
    errors: list[str] = []
    stop = threading.Event()

    def reader() -> int:
        done = 0
        with requests.Session() as session:
            while not stop.is_set():
                response = session.get(rw_server.sparql, params={"query": SELECT_ALL}, timeout=20)
                if response.status_code != 200:
                    errors.append(f"read {response.status_code}: {response.text[:200]}")
                done += 1
        return done

    def writer() -> None:
        with requests.Session() as session:
            for index in range(writes):
                response = session.post(
                    rw_server.sparql,
                    data=f"INSERT DATA {{ GRAPH <{EX}graph/writes> {{ <{EX}w{index}> <{EX}n> {index} }} }}".encode(),
                    headers={"Content-Type": "application/sparql-update", **rw_server.auth},
                    timeout=30,
                )
                if response.status_code != 204:
                    errors.append(f"write {response.status_code}: {response.text[:200]}")

    with ThreadPoolExecutor(max_workers=9) as pool:
        readers = [pool.submit(reader) for _ in range(8)]
        writer_future = pool.submit(writer)
        writer_future.result(timeout=60)
        stop.set()
        reads = sum(future.result(timeout=30) for future in readers)
    assert not errors, errors[:5]
    assert reads > 8
    count = get(rw_server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX}graph/writes> {{ ?s ?p ?o }} }}").json()
    assert int(count["results"]["bindings"][0]["n"]["value"]) == writes
    update(rw_server, f"DROP SILENT GRAPH <{EX}graph/writes>", rw_server.auth)


# -- service description ---------------------------------------------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [("text/turtle", "turtle"), ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld"), (None, "turtle")],
)
def test_service_description(rw_server: LiveServer, accept: str | None, rdflib_format: str) -> None:
    response = requests.get(rw_server.sparql, headers={"Accept": accept} if accept else {}, timeout=10)
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=rdflib_format)
    endpoint = list(graph.objects(None, URIRef(SD + "endpoint")))
    assert endpoint == [URIRef(rw_server.sparql)]
    features = set(graph.objects(None, URIRef(SD + "feature")))
    assert URIRef(SD + "UnionDefaultGraph") in features
    languages = set(graph.objects(None, URIRef(SD + "supportedLanguage")))
    assert {URIRef(SD + "SPARQL11Query"), URIRef(SD + "SPARQL11Update")} <= languages
    formats = {str(o) for o in graph.objects(None, URIRef(SD + "resultFormat"))}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_CSV" in formats
    names = {str(o) for o in graph.objects(None, URIRef(SD + "name"))}
    assert EX + "graph/small" in names


def test_read_only_service_description_has_no_update(ro_server: LiveServer) -> None:
    graph = Graph().parse(data=requests.get(ro_server.sparql, timeout=10).content, format="turtle")
    assert URIRef(SD + "SPARQL11Update") not in set(graph.objects(None, URIRef(SD + "supportedLanguage")))


def test_json_error_bodies_for_protocol_errors(rw_server: LiveServer) -> None:
    cases = [
        requests.put(rw_server.sparql, timeout=10),
        requests.post(rw_server.sparql, data=b"ASK {}", headers={"Content-Type": "text/plain"}, timeout=10),
        requests.post(rw_server.sparql, data={"nothing": "here"}, timeout=10),
        requests.get(rw_server.sparql, params=[("query", "ASK {}"), ("query", "ASK {}")], timeout=10),
        requests.post(
            rw_server.sparql, data={"query": "ASK {}", "update": "CLEAR ALL"}, headers=rw_server.auth, timeout=10
        ),
        requests.post(
            rw_server.sparql, data=b"\xff\xfe", headers={"Content-Type": "application/sparql-query"}, timeout=10
        ),
    ]
    assert [case.status_code for case in cases] == [405, 415, 400, 400, 400, 400]
    for case in cases:
        body = json.loads(case.text)
        assert set(body) == {"error", "detail"}


def test_drop_graph_is_not_a_500(rw_server: LiveServer) -> None:
    assert (
        update(rw_server, "INSERT DATA { GRAPH <urn:g:drop> { <urn:a> <urn:b> <urn:c> } }", rw_server.auth).status_code
        == 204
    )
    assert update(rw_server, "DROP GRAPH <urn:g:drop>", rw_server.auth).status_code == 204
    assert update(rw_server, "DROP GRAPH <urn:g:never>", rw_server.auth).status_code in (400, 404)


def test_without_a_deadline_queries_are_answered_on_the_request_threads() -> None:
    """SMPGRAPH_QUERY_TIMEOUT_S=0: no hand-off to a worker; answers, caps and errors are the same."""
    from smpgraph.config import Settings
    from tests.server.conftest import serve, small_store

    settings = Settings(backend="memory", reasoner="none", query_timeout_s=0, max_rows=3)
    with serve(settings, small_store(settings)) as live:
        listed = get(live, "SELECT ?s WHERE { ?s a <http://example.org/Person> } ORDER BY ?s LIMIT 2")
        assert listed.status_code == 200
        assert [b["s"]["value"] for b in listed.json()["results"]["bindings"]] == [EX + "alice", EX + "bob"]
        capped = get(live, "SELECT * WHERE { ?s ?p ?o }")
        assert capped.headers["SMPGraph-Results-Truncated"] == "true"
        assert len(capped.json()["results"]["bindings"]) == 3
        assert get(live, "SELECT * WHERE { ?s ?p }").status_code == 400
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda _: get(live, "ASK { ?s ?p ?o }").status_code, range(40)))
        assert statuses == [200] * 40


PROTECTED_UPDATES = [
    "MOVE <https://w3id.org/smpgraph/id/graph/inferred> TO <urn:x>",
    "INSERT DATA { GRAPH <https://w3id.org/smpgraph/id/graph/inferred> { <urn:a> <urn:b> <urn:c> } }",
    "DROP GRAPH <https://w3id.org/smpgraph/id/graph/meta>",
    "INSERT { GRAPH ?g { <urn:a> <urn:b> <urn:c> } } WHERE { BIND(<https://w3id.org/smpgraph/id/graph/meta> AS ?g) }",
]


@pytest.mark.parametrize("update", PROTECTED_UPDATES)
def test_updates_to_protected_graphs_are_refused_with_403(rw_server, update):
    before = len(rw_server.store)
    response = requests.post(
        rw_server.sparql,
        data=update.encode(),
        headers={**rw_server.auth, "Content-Type": "application/sparql-update"},
        timeout=10,
    )
    assert response.status_code == 403, response.text
    assert "/graph/inferred>" in response.json()["detail"] or "/graph/meta>" in response.json()["detail"]
    assert len(rw_server.store) == before


def test_from_in_a_query_replaces_the_union(rw_server):
    query = f"SELECT (COUNT(*) AS ?n) FROM <{EX}graph/small> FROM <urn:none> {{ ?s ?p ?o }}"
    union = requests.get(rw_server.sparql, params={"query": query.replace(f"FROM <{EX}graph/small> ", "")}, timeout=10)
    only = requests.get(rw_server.sparql, params={"query": query}, timeout=10)
    count = int(only.json()["results"]["bindings"][0]["n"]["value"])
    assert count == len(rw_server.store.get_graph(f"{EX}graph/small"))
    assert int(union.json()["results"]["bindings"][0]["n"]["value"]) == 0  # FROM <urn:none> alone: empty
