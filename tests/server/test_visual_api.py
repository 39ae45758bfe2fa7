"""The data of the map and the networks: payloads, bad input, one cache per data version."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from smpgraph.config import Settings
from smpgraph.server import create_app
from smpgraph.server.visual import data_version
from smpgraph.store import GraphStore, ResultFormat, open_store

GRAPH = "https://w3id.org/smpgraph/id/graph/test"
TTL = """
@prefix smp: <https://w3id.org/smpgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/smpgraph/id/> .
<partnership/one> a smp:SkillsMobilityPartnership ; rdfs:label "One"@en ;
    smp:originCountry country:MAR ; smp:destinationCountry country:ESP ; smp:startDate "2018-01-01"^^xsd:date ;
    smp:hasMembership [ org:member <org/a> ] , [ org:member <org/b> ] .
<org/a> a smp:Stakeholder , org:Organization ; rdfs:label "Agency A"@en , "Agence A"@fr ; smp:jurisdiction country:MAR .
<org/b> a smp:Stakeholder , org:Organization ; rdfs:label "Body B"@en .
country:MAR a smp:Country ; skos:prefLabel "Morocco"@en , "Maroc"@fr .
country:ESP a smp:Country ; skos:prefLabel "Spain"@en , "Espagne"@fr .
"""
MORE = """
@prefix smp: <https://w3id.org/smpgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
@base <https://w3id.org/smpgraph/id/> .
<partnership/two> a smp:LabourMobilityPathway ; smp:originCountry country:SEN ; smp:destinationCountry country:ESP ;
    smp:hasMembership [ org:member <org/b> ] , [ org:member <org/c> ] .
<org/c> a smp:Stakeholder .
"""


@pytest.fixture
def store() -> Iterator[GraphStore]:
    store = open_store(Settings(backend="memory", reasoner="none"))
    store.load(TTL.encode(), format=ResultFormat.TURTLE, name="one.ttl", graph=GRAPH, reason=False)
    yield store
    store.close()


@pytest.fixture
def client(store: GraphStore) -> FlaskClient:
    return create_app(Settings(backend="memory", reasoner="none"), store=store).test_client()


def test_network_payload_in_the_asked_language(client: FlaskClient) -> None:
    payload = client.get("/api/v1/network?lang=fr").get_json()
    labels = {node["id"].rsplit("/", 1)[-1]: node["label"] for node in payload["nodes"]}
    assert labels == {"a": "Agence A", "b": "Body B", "MAR": "Maroc"}  # English where French has no label
    assert [p["label"] for p in payload["partnerships"]] == ["One"]
    assert {(e["kind"]) for e in payload["edges"]} == {"cooperation", "jurisdiction"}


def test_the_cache_follows_the_data_version(client: FlaskClient, store: GraphStore) -> None:
    before = data_version(store)
    first = client.get("/api/v1/map").get_json()
    again = client.get("/api/v1/map")
    assert again.get_json() == first
    assert client.get("/api/v1/map", headers={"If-None-Match": again.headers["ETag"]}).status_code == 304
    assert client.get("/api/v1/map?lang=fr", headers={"If-None-Match": again.headers["ETag"]}).status_code == 200
    assert [p["decade"] for p in first["partnerships"]] == [2010]
    store.load(MORE.encode(), format=ResultFormat.TURTLE, name="more.ttl", graph=GRAPH + "/more", reason=False)
    assert data_version(store) != before
    changed = client.get("/api/v1/map", headers={"If-None-Match": again.headers["ETag"]})
    assert changed.status_code == 200  # a new version of the data is a new tag
    second = changed.get_json()
    assert len(second["partnerships"]) == 2 and "SEN" in second["countries"]
    assert len(client.get("/api/v1/network").get_json()["nodes"]) == 4


def test_readiness_scores_corridors(client: FlaskClient) -> None:
    payload = client.get("/api/v1/map/readiness").get_json()
    assert set(payload["corridors"]) == {"MAR>ESP"}
    assert 0 <= payload["corridors"]["MAR>ESP"] < 1  # a bare partnership is far from ready
    assert list(payload["partnerships"]) == ["https://w3id.org/smpgraph/id/partnership/one"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/v1/network?view=people", "view must be one of"),
        ("/api/v1/network?lang=de", "unsupported language"),
        ("/api/v1/map?lang=xx", "unsupported language"),
    ],
)
def test_bad_parameters_are_400(client: FlaskClient, url: str, message: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert message in response.get_json()["detail"]


def test_an_empty_store_is_a_clear_400() -> None:
    with open_store(Settings(backend="memory", reasoner="none")) as empty:
        client = create_app(Settings(backend="memory", reasoner="none"), store=empty).test_client()
        for url in ("/api/v1/network", "/api/v1/network?view=agreements", "/api/v1/map"):
            response = client.get(url)
            assert response.status_code == 400, url
            assert "no " in response.get_json()["detail"]
