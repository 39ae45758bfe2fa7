"""HTTP API: health, the OpenAPI document against the URL map, validation, gaps; headers and CORS."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from smpgraph.config import Settings
from smpgraph.server import create_app
from smpgraph.server.security import SECURITY_HEADERS
from smpgraph.store import open_store
from tests.server.conftest import LiveServer

REPO = Path(__file__).resolve().parents[2]
DRAFTS = REPO / "data" / "drafts"


def test_healthz(rw_server: LiveServer) -> None:
    response = requests.get(rw_server.url + "/healthz", timeout=10)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["reasoning"]) >= {"fresh", "computed_at"}


def _flask_routes() -> set[tuple[str, str]]:
    app = create_app(Settings(backend="memory"), store=open_store(Settings(backend="memory")))
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("web."):
            continue  # the web workbench's HTML pages are not part of the HTTP API
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        for method in rule.methods or ():
            if method not in ("HEAD", "OPTIONS"):
                routes.add((path, method.lower()))
    return routes


def test_openapi_matches_the_url_map(rw_server: LiveServer) -> None:
    document = requests.get(rw_server.url + "/api/v1/openapi.json", timeout=10).json()
    assert document["openapi"].startswith("3.")
    documented = {
        (path, method)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "put", "post", "delete", "patch")
    }
    assert documented == _flask_routes()


def test_security_headers_everywhere(rw_server: LiveServer) -> None:
    for response in (
        requests.get(rw_server.url + "/healthz", timeout=10),
        requests.get(rw_server.url + "/nothing-here", timeout=10),
        requests.get(rw_server.sparql, params={"query": "ASK {"}, timeout=10),
    ):
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value
    missing = requests.get(rw_server.url + "/nothing-here", timeout=10)
    assert missing.status_code == 404
    assert set(missing.json()) == {"error", "detail"}


def test_cors_for_reads_only(rw_server: LiveServer) -> None:
    origin = {"Origin": "https://partner.example"}
    read = requests.get(rw_server.sparql, params={"query": "ASK {}"}, headers=origin, timeout=10)
    assert read.headers["Access-Control-Allow-Origin"] == "*"
    post_query = requests.post(rw_server.sparql, data={"query": "ASK {}"}, headers=origin, timeout=10)
    assert post_query.headers["Access-Control-Allow-Origin"] == "*"
    preflight = requests.options(
        rw_server.sparql,
        headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
        timeout=10,
    )
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "authorization" not in preflight.headers["Access-Control-Allow-Headers"].lower()
    with_auth = requests.options(
        rw_server.sparql,
        headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"},
        timeout=10,
    )
    assert "Access-Control-Allow-Origin" not in with_auth.headers
    gsp_write = requests.options(
        rw_server.url + "/data", headers={**origin, "Access-Control-Request-Method": "PUT"}, timeout=10
    )
    assert "Access-Control-Allow-Origin" not in gsp_write.headers
    update = requests.post(
        rw_server.sparql,
        data={"update": "CLEAR SILENT GRAPH <urn:none>"},
        headers={**origin, **rw_server.auth},
        timeout=10,
    )
    assert update.status_code == 204
    assert "Access-Control-Allow-Origin" not in update.headers


def test_access_log_has_no_bodies(rw_server: LiveServer, caplog: pytest.LogCaptureFixture) -> None:
    secret = "SELECT ?secretvariable WHERE { ?secretvariable ?p ?o } LIMIT 1"
    with caplog.at_level("INFO", logger="smpgraph.server.access"):
        requests.post(rw_server.sparql, data={"query": secret}, timeout=10)
        requests.post(
            rw_server.url + "/api/v1/validate",
            data=b"id: secret-draft-name\n",
            headers={"Content-Type": "application/yaml"},
            timeout=60,
        )
    lines = [record.getMessage() for record in caplog.records if record.name == "smpgraph.server.access"]
    assert any("POST /sparql 200" in line for line in lines)
    assert all("secret" not in line for line in caplog.text.splitlines())


# -- validation and gaps (the bundled knowledge graph) ---------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [(None, "application/json"), ("text/turtle", "text/turtle"), ("text/html", "text/html")],
)
def test_validate_a_draft(kg_server: LiveServer, accept: str | None, expected: str) -> None:
    draft = (DRAFTS / "missing-gender.ttl").read_bytes()
    headers = {"Content-Type": "text/turtle", **({"Accept": accept} if accept else {})}
    response = requests.post(kg_server.url + "/api/v1/validate", data=draft, headers=headers, timeout=120)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"].split(";")[0] == expected
    if expected == "application/json":
        assert response.json()
    graphs = requests.get(
        kg_server.sparql, params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g {} }"}, timeout=10
    )
    assert graphs.status_code == 200


def test_validate_yaml_and_bad_drafts(kg_server: LiveServer) -> None:
    yaml_draft = DRAFTS / "complete.yaml"
    ok = requests.post(
        kg_server.url + "/api/v1/validate",
        data=yaml_draft.read_bytes(),
        headers={"Content-Type": "application/yaml"},
        timeout=120,
    )
    assert ok.status_code == 200, ok.text[:500]
    bad = requests.post(
        kg_server.url + "/api/v1/validate", data=b"@prefix broken", headers={"Content-Type": "text/turtle"}, timeout=60
    )
    assert bad.status_code == 400
    assert set(bad.json()) == {"error", "detail"}
    wrong_type = requests.post(
        kg_server.url + "/api/v1/validate", data=b"x", headers={"Content-Type": "image/png"}, timeout=10
    )
    assert wrong_type.status_code == 415


def test_validate_stored_agreement(kg_server: LiveServer) -> None:
    query = (
        "PREFIX smp: <https://w3id.org/smpgraph/ontology#> "
        "SELECT ?a WHERE { ?a a smp:SkillsMobilityPartnership } ORDER BY ?a LIMIT 1"
    )
    rows = requests.get(kg_server.sparql, params={"query": query}, timeout=10).json()["results"]["bindings"]
    assert rows
    iri = rows[0]["a"]["value"]
    response = requests.get(kg_server.url + "/api/v1/agreements/validation", params={"iri": iri}, timeout=120)
    assert response.status_code == 200, response.text[:500]
    missing = requests.get(kg_server.url + "/api/v1/agreements/validation", params={"iri": "urn:nothing"}, timeout=60)
    assert missing.status_code == 404


def test_gaps(kg_server: LiveServer) -> None:
    response = requests.get(kg_server.url + "/api/v1/gaps", timeout=120)
    assert response.status_code == 200, response.text[:500]
    assert "sections" in response.json()
    stocks = response.json()["stocks"]  # the bundled migrant stocks, partnerships and BLAs counted apart
    assert set(stocks["sections"]) == {
        "largest_uncovered_corridors",
        "agreements_without_skills",
        "growing_uncovered_corridors",
        "partnership_corridors",
        "stock_coverage_by_decade",
    }
    count = (
        "PREFIX smp: <https://w3id.org/smpgraph/ontology#> SELECT (COUNT(DISTINCT ?a) AS ?n) "
        "{ ?a smp:hasInstrument ?i . ?i a smp:BilateralLabourMigrationAgreement ; smp:party ?p }"
    )  # the 1,222 of the BLA dataset and the agreements behind the sourced partnerships
    agreements = requests.get(
        kg_server.sparql, params={"query": count}, headers={"Accept": "application/sparql-results+json"}, timeout=60
    )
    expected = int(agreements.json()["results"]["bindings"][0]["n"]["value"])
    assert expected > 1222
    assert stocks["summary"]["agreements"] == expected and stocks["summary"]["world_stock"]["2019"] == 270_048_342
    assert all(section["sources"] and section["notes"] for section in stocks["sections"].values())
