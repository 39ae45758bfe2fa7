"""The Graph Store HTTP Protocol at /data over real HTTP."""

from __future__ import annotations

import requests
from rdflib import Graph, URIRef

from smpgraph.store.metadata import INFERRED_GRAPH, META_GRAPH
from tests.server.conftest import EX, LiveServer

TTL = {"Content-Type": "text/turtle"}
DOC = b"@prefix ex: <http://example.org/> . ex:g1 ex:p 1 ; ex:q <rel> ."


def test_put_get_post_delete_indirect(rw_server: LiveServer) -> None:
    url = rw_server.url + "/data"
    params = {"graph": EX + "gsp/one"}
    created = requests.put(url, params=params, data=DOC, headers={**TTL, **rw_server.auth}, timeout=10)
    assert created.status_code == 201
    replaced = requests.put(url, params=params, data=DOC, headers={**TTL, **rw_server.auth}, timeout=10)
    assert replaced.status_code == 204
    got = requests.get(url, params=params, timeout=10)
    assert got.status_code == 200
    assert got.headers["Content-Type"] == "text/turtle; charset=utf-8"
    graph = Graph().parse(data=got.content, format="turtle")
    assert len(graph) == 2
    assert (URIRef(EX + "g1"), URIRef(EX + "q"), URIRef(EX + "gsp/rel")) in graph  # base IRI: the graph's
    added = requests.post(
        url,
        params=params,
        data=b'<urn:x> <urn:y> "z" .',
        headers={"Content-Type": "application/n-triples", **rw_server.auth},
        timeout=10,
    )
    assert added.status_code == 204
    nt = requests.get(url, params=params, headers={"Accept": "application/n-triples"}, timeout=10)
    assert len(nt.text.strip().splitlines()) == 3
    jsonld = requests.get(url, params=params, headers={"Accept": "application/ld+json"}, timeout=10)
    assert len(Graph().parse(data=jsonld.content, format="json-ld")) == 3
    assert requests.head(url, params=params, timeout=10).status_code == 200
    assert requests.delete(url, params=params, headers=rw_server.auth, timeout=10).status_code == 204
    assert requests.get(url, params=params, timeout=10).status_code == 404
    assert requests.head(url, params=params, timeout=10).status_code == 404
    assert requests.delete(url, params=params, headers=rw_server.auth, timeout=10).status_code == 404


def test_direct_identification_names_the_graph_by_its_url(rw_server: LiveServer) -> None:
    url = rw_server.url + "/data/people/1"
    assert requests.put(url, data=DOC, headers={**TTL, **rw_server.auth}, timeout=10).status_code == 201
    query = f"ASK {{ GRAPH <{url}> {{ <{EX}g1> <{EX}p> 1 }} }}"
    assert requests.get(rw_server.sparql, params={"query": query}, timeout=10).json()["boolean"] is True
    same = requests.get(rw_server.url + "/data", params={"graph": url}, timeout=10)
    assert same.status_code == 200
    assert requests.delete(url, headers=rw_server.auth, timeout=10).status_code == 204


def test_post_to_the_store_creates_a_graph(rw_server: LiveServer) -> None:
    response = requests.post(rw_server.url + "/data", data=DOC, headers={**TTL, **rw_server.auth}, timeout=10)
    assert response.status_code == 201
    location = response.headers["Location"]
    assert location.startswith(rw_server.url + "/data/")
    assert requests.get(location, timeout=10).status_code == 200
    assert requests.delete(location, headers=rw_server.auth, timeout=10).status_code == 204


def test_writes_need_the_token(rw_server: LiveServer, ro_server: LiveServer) -> None:
    url = rw_server.url + "/data"
    for method in ("PUT", "POST", "DELETE"):
        response = requests.request(method, url, params={"graph": EX + "gsp/x"}, data=DOC, headers=TTL, timeout=10)
        assert response.status_code == 401, method
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        read_only = requests.request(
            method,
            ro_server.url + "/data",
            params={"graph": EX + "gsp/x"},
            data=DOC,
            headers={**TTL, "Authorization": "Bearer x"},
            timeout=10,
        )
        assert read_only.status_code == 403, method


def test_bad_bodies_and_names(rw_server: LiveServer) -> None:
    url = rw_server.url + "/data"
    bad = requests.put(
        url, params={"graph": EX + "gsp/bad"}, data=b"<a> <b> .", headers={**TTL, **rw_server.auth}, timeout=10
    )
    assert bad.status_code == 400
    assert "request body:1" in bad.json()["detail"]
    typed = requests.put(
        url,
        params={"graph": EX + "gsp/bad"},
        data=b"{}",
        headers={"Content-Type": "image/png", **rw_server.auth},
        timeout=10,
    )
    assert typed.status_code == 415
    relative = requests.get(url, params={"graph": "not an iri"}, timeout=10)
    assert relative.status_code == 400
    both = requests.get(url, params={"graph": EX, "default": ""}, timeout=10)
    assert both.status_code == 400
    assert requests.get(url, timeout=10).status_code == 400
    remote_context = requests.put(
        url,
        params={"graph": EX + "gsp/bad"},
        data=b'{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://example.org/a", "name": "x"}',
        headers={"Content-Type": "application/ld+json", **rw_server.auth},
        timeout=10,
    )
    assert remote_context.status_code == 400


def test_default_graph(rw_server: LiveServer) -> None:
    url = rw_server.url + "/data?default"
    assert (
        requests.put(url, data=b"<urn:d> <urn:e> <urn:f> .", headers={**TTL, **rw_server.auth}, timeout=10).status_code
        == 204
    )
    assert "<urn:d>" in requests.get(url, headers={"Accept": "application/n-triples"}, timeout=10).text
    assert requests.delete(url, headers=rw_server.auth, timeout=10).status_code == 204
    assert requests.get(url, headers={"Accept": "application/n-triples"}, timeout=10).text.strip() == ""


def test_metadata_and_inferred_graphs_are_read_only(kg_server: LiveServer) -> None:
    meta = requests.get(kg_server.url + "/data", params={"graph": str(META_GRAPH)}, timeout=10)
    assert meta.status_code == 200
    assert "prov:" in meta.text or "http://www.w3.org/ns/prov#" in meta.text
    for graph in (META_GRAPH, INFERRED_GRAPH):
        response = requests.put(
            kg_server.url + "/data",
            params={"graph": str(graph)},
            data=DOC,
            headers={**TTL, **kg_server.auth},
            timeout=10,
        )
        assert response.status_code == 403


def test_the_metadata_graph_shows_no_local_file_paths(tmp_path):
    from smpgraph.config import Settings
    from smpgraph.store import open_store
    from tests.server.conftest import serve

    data = tmp_path / "secret-folder" / "people.ttl"
    data.parent.mkdir()
    data.write_text("<urn:a> <urn:b> <urn:c> .\n")
    settings = Settings(backend="memory", reasoner="none")
    store = open_store(settings)
    store.load(data, reason=False)
    with serve(settings, store) as live:
        response = requests.get(
            live.url + "/data", params={"graph": "https://w3id.org/smpgraph/id/graph/meta"}, timeout=10
        )
    assert response.status_code == 200
    assert "people.ttl" in response.text
    assert str(tmp_path) not in response.text and "secret-folder" not in response.text
