"""The W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description tests, against a live server.

The manifests (tests/conformance/sparql11, W3C test suite licence in tests/conformance/LICENSE.md) encode
each protocol and graph-store test as HTTP requests (``ht:Request``: method, path, headers, body) and the
expected responses (``mf:expectedStatus``, ``mf:expectedFormat``, ``mf:expectedBoolean``, response headers
and a body to compare as an isomorphic graph, ``mf:expectedLocation``). This module reads them and replays
every request in order, keyed by the test's manifest IRI; paths starting ``/sparql/`` go to ``/sparql``
and ``/gsp`` to ``/data``, as the manifests say to. The three service-description tests have only a name
in their manifest; they are encoded here from the names and the Service Description recommendation.
Each test starts from an empty store (its ``ut:graphData`` loaded), as each describes one connection.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from smpgraph.config import Settings
from smpgraph.store import ResultFormat, open_store
from tests.server.conftest import TOKEN, LiveServer, serve

ROOT = Path(__file__).resolve().parent.parent / "conformance" / "sparql11"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

EXPECTED_COUNTS = {"protocol": 34, "graph-store-protocol": 13, "service-description": 3}
_STATUS_NAMES = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404}
_RESULT_TYPES = {"boolean": ("application/sparql-results+json", "application/sparql-results+xml")}
_RESULT_TYPES["tabular"] = (*_RESULT_TYPES["boolean"], "text/csv", "text/tab-separated-values")
_RESULT_TYPES["RDF"] = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")
_RDFLIB = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


@dataclass
class Exchange:
    """One request of a test and what its response must be."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: list[URIRef]
    expected_format: str | None = None
    expected_boolean: bool | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: str | None = None
    location_variable: str | None = None


@dataclass
class Case:
    """One manifest test."""

    iri: str
    suite: str
    name: str
    graph_data: list[tuple[Path, str]] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)


def _entries(manifest: Path) -> tuple[Graph, list[URIRef]]:
    graph = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
    entries: list[URIRef] = []
    for doc in graph.subjects(RDF.type, MF.Manifest):
        for head in graph.objects(doc, MF.entries):
            entries += [URIRef(str(item)) for item in Collection(graph, head)]
    return graph, entries


def _headers(graph: Graph, node: Any) -> dict[str, str]:
    headers: dict[str, str] = {}
    for head in graph.objects(node, HT.headers):
        for header in Collection(graph, head):
            headers[str(graph.value(header, HT.fieldName)).lower()] = str(graph.value(header, HT.fieldValue))
    return headers


def _exchange(graph: Graph, request: Any) -> Exchange:
    body_node = graph.value(request, HT.body)
    body: bytes | None = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding.lower())
    response = graph.value(request, HT.resp)
    expected_boolean = graph.value(response, MF.expectedBoolean)
    expected_format = graph.value(response, MF.expectedFormat)
    response_body = graph.value(response, HT.body)
    location = graph.value(response, MF.expectedLocation)
    return Exchange(
        method=str(graph.value(request, HT.methodName)),
        path=str(graph.value(request, HT.absolutePath)),
        headers=_headers(graph, request),
        body=body,
        statuses=sorted(URIRef(str(s)) for s in graph.objects(response, MF.expectedStatus)),
        expected_format=str(expected_format) if expected_format is not None else None,
        expected_boolean=bool(expected_boolean.toPython()) if isinstance(expected_boolean, Literal) else None,
        response_headers=_headers(graph, response),
        response_body=str(graph.value(response_body, CNT.chars)) if response_body is not None else None,
        location_variable=str(location) if location is not None else None,
    )


def _http_cases(suite: str, manifests: list[Path]) -> list[Case]:
    cases: list[Case] = []
    for manifest in manifests:
        graph, entries = _entries(manifest)
        for test in entries:
            case = Case(str(test), suite, str(graph.value(test, MF.name)))
            for data in graph.objects(test, UT.graphData):
                file = Path(str(graph.value(data, UT.graph)).removeprefix("file://"))
                case.graph_data.append((manifest.parent / file.name, str(graph.value(data, RDFS.label))))
            action = graph.value(test, MF.action)
            for head in graph.objects(action, HT.requests):
                case.exchanges += [_exchange(graph, request) for request in Collection(graph, head)]
            cases.append(case)
    return cases


def load_cases() -> list[Case]:
    """Every test of the three manifests, in manifest order."""
    gsp_root = ROOT / "graph-store-protocol"
    index, _ = _entries(gsp_root / "manifest.ttl")
    included = [
        gsp_root / Path(str(item)).name
        for doc in index.subjects(RDF.type, MF.Manifest)
        for head in index.objects(doc, MF.include)
        for item in Collection(index, head)
    ]
    cases = _http_cases("protocol", [ROOT / "protocol" / "manifest.ttl"])
    cases += _http_cases("graph-store-protocol", included)
    sd_graph, sd_entries = _entries(ROOT / "service-description" / "manifest.ttl")
    cases += [Case(str(test), "service-description", str(sd_graph.value(test, MF.name))) for test in sd_entries]
    return cases


CASES = load_cases()


def test_every_manifest_test_is_a_case() -> None:
    counts = {suite: sum(1 for case in CASES if case.suite == suite) for suite in EXPECTED_COUNTS}
    assert counts == EXPECTED_COUNTS
    assert len({case.iri for case in CASES}) == len(CASES)
    assert all(case.exchanges for case in CASES if case.suite != "service-description")


@pytest.fixture(scope="module")
def w3c_server() -> Iterator[LiveServer]:
    settings = Settings(backend="memory", update_token=TOKEN, reasoner="none", query_timeout_s=10)
    with serve(settings, open_store(settings)) as live:
        yield live


def _reset(live: LiveServer, case: Case) -> None:
    store = live.store
    for name in store.graph_names():
        store.drop_graph(str(name), reason=False)
    store.drop_graph(None, reason=False)
    for path, graph in case.graph_data:
        store.load(
            path.read_bytes(), format=ResultFormat.NTRIPLES, name=f"{case.iri}:{graph}", graph=graph, reason=False
        )


def _status_ok(status: int, expected: list[URIRef]) -> bool:
    for iri in expected:
        name = str(iri).removeprefix(str(HTS))
        if name.startswith("StatusCode") and name.endswith("xx") and status // 100 == int(name[10]):
            return True
        if _STATUS_NAMES.get(name) == status:
            return True
    return False


def _boolean(response: requests.Response) -> bool:
    media_type = response.headers["Content-Type"].split(";")[0].strip()
    if media_type == "application/sparql-results+json":
        return bool(json.loads(response.content)["boolean"])
    root = ET.fromstring(response.content)
    node = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert node is not None
    return node.text == "true"


def _media(value: str) -> tuple[str, dict[str, str]]:
    parts = [part.strip() for part in value.split(";")]
    params = {}
    for part in parts[1:]:
        name, _, val = part.partition("=")
        params[name.strip().lower()] = val.strip().strip('"').lower()
    return parts[0].lower(), params


def _replay(live: LiveServer, case: Case) -> None:
    variables: dict[str, str] = {}
    for number, exchange in enumerate(case.exchanges, start=1):
        path, body = exchange.path, exchange.body
        for name, value in variables.items():
            path = path.replace(name, value)
            body = body.replace(name.encode(), value.encode()) if body is not None else None
        if path.startswith("/sparql/"):
            path = "/sparql" + path.removeprefix("/sparql/")
        elif path.startswith("/gsp"):
            path = "/data" + path.removeprefix("/gsp")
        url = path if path.startswith("http") else live.url + path
        headers = {**exchange.headers, **live.auth}
        if body is None or "content-type" not in headers:
            headers.setdefault("content-type", "")  # requests must not invent one
        response = requests.request(exchange.method, url, data=body, headers=headers, timeout=20, allow_redirects=False)
        where = f"{case.iri} request {number} ({exchange.method} {path}): {response.status_code} {response.text[:300]}"
        assert _status_ok(response.status_code, exchange.statuses), where
        assert "Traceback" not in response.text, where
        if exchange.expected_format is not None:
            media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
            assert media_type in _RESULT_TYPES[exchange.expected_format], where
        if exchange.expected_boolean is not None:
            assert _boolean(response) is exchange.expected_boolean, where
        for name, value in exchange.response_headers.items():
            assert _media(response.headers.get(name, "")) == _media(value), where
        if exchange.response_body is not None and exchange.method != "HEAD":
            media_type = response.headers["Content-Type"].split(";")[0].strip()
            got = Graph().parse(data=response.content, format=_RDFLIB[media_type], publicID=url)
            want = Graph().parse(data=exchange.response_body, format="turtle", publicID=url)
            assert isomorphic(got, want), f"{where}\n{response.text}"
        if exchange.location_variable is not None:
            assert "Location" in response.headers, where
            variables[exchange.location_variable] = response.headers["Location"]


def _service_description(live: LiveServer, iri: str) -> None:
    response = requests.get(live.sparql, headers={"Accept": "text/turtle, application/rdf+xml;q=0.9"}, timeout=10)
    assert response.status_code == 200
    media_type = response.headers["Content-Type"].split(";")[0].strip()
    name = iri.rsplit("#", 1)[1]
    if name == "returns-rdf":
        assert media_type in _RESULT_TYPES["RDF"]
        assert len(Graph().parse(data=response.content, format=_RDFLIB[media_type])) > 0
        return
    graph = Graph().parse(data=response.content, format=_RDFLIB[media_type], publicID=live.sparql)
    services = list(graph.subjects(RDF.type, SD.Service))
    if name == "has-endpoint-triple":
        assert (None, SD.endpoint, URIRef(live.sparql)) in graph
        assert any((service, SD.endpoint, URIRef(live.sparql)) in graph for service in services)
        return
    assert name == "conforms-to-schema"
    assert len(services) == 1
    service = services[0]
    assert all(isinstance(o, URIRef) for o in graph.objects(service, SD.endpoint))
    assert graph.value(service, SD.endpoint) is not None
    languages = set(graph.objects(service, SD.supportedLanguage))
    assert languages and languages <= {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
    for feature in graph.objects(service, SD.feature):
        assert (feature, RDF.type, SD.Feature) in graph
    for prop in (SD.resultFormat, SD.inputFormat):
        assert all(isinstance(o, URIRef) for o in graph.objects(service, prop))
    for dataset in graph.objects(service, SD.defaultDataset):
        assert (dataset, RDF.type, SD.Dataset) in graph
        for default in graph.objects(dataset, SD.defaultGraph):
            assert (default, RDF.type, SD.Graph) in graph
        for named in graph.objects(dataset, SD.namedGraph):
            assert (named, RDF.type, SD.NamedGraph) in graph
            assert isinstance(graph.value(named, SD.name), URIRef)


@pytest.mark.parametrize("case", CASES, ids=[case.iri for case in CASES])
def test_w3c(w3c_server: LiveServer, case: Case) -> None:
    _reset(w3c_server, case)
    if case.suite == "service-description":
        _service_description(w3c_server, case.iri)
    else:
        _replay(w3c_server, case)
