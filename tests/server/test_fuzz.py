"""Hypothesis fuzzing of every route over real HTTP: never a 5xx, never a traceback, never a fetch."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smpgraph.config import Settings
from tests.server.conftest import TOKEN, LiveServer, serve, small_store


class Trap:
    """A loopback listener that counts connections: the server must never open one."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/"
        self.hits = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
def trap() -> Iterator[Trap]:
    trap = Trap()
    yield trap
    trap.close()


@pytest.fixture(scope="module")
def fuzz_server() -> Iterator[LiveServer]:
    settings = Settings(
        backend="memory", update_token=TOKEN, reasoner="none", query_timeout_s=2, max_request_bytes=65536
    )
    with serve(settings, small_store(settings)) as live:
        yield live


PATHS = st.sampled_from(
    ["/sparql", "/sparql/", "/data", "/data/x/y.ttl", "/data/", "/healthz", "/api/v1/openapi.json",
     "/api/v1/validate", "/api/v1/agreements/validation", "/api/v1/gaps", "/", "/static/x", "/%00", "/data/%ff"]
)  # fmt: skip
METHODS = st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"])
CONTENT_TYPES = st.one_of(
    st.sampled_from(
        ["application/sparql-query", "application/sparql-update", "application/x-www-form-urlencoded",
         "text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples", "application/yaml",
         "multipart/form-data; boundary=xyz", "multipart/form-data", "text/plain",
         "application/sparql-query; charset=latin-1"]
    ),
    st.text(max_size=40),
)  # fmt: skip
ACCEPTS = st.one_of(
    st.sampled_from(["*/*", "text/csv;q=0.5, */*;q=0", "application/ld+json", "image/png", "text/html", "*;q=x", ""]),
    st.text(max_size=40),
)


def _sparqlish(trap_url: str) -> st.SearchStrategy[str]:
    fragments = st.sampled_from(
        ["SELECT * WHERE { ?s ?p ?o }", "ASK {", "CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE <urn:x>",
         f"SELECT * WHERE {{ SERVICE <{trap_url}> {{ ?s ?p ?o }} }}", f"LOAD <{trap_url}>", "CLEAR ALL",
         "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DROP GRAPH <urn:nope>", "PREFIX : <x>", "BASE <rel>",
         f'{{"@context": "{trap_url}ctx", "@id": "urn:x"}}', "@prefix ex: <http://e/> . ex:a ex:b ex:c .",
         "id: x\nstatus: draft\n", "<a> <b> <c> ."]
    )  # fmt: skip
    return st.one_of(fragments, st.text(max_size=200), st.builds(lambda a, b: a + b, fragments, st.text(max_size=50)))


@st.composite
def http_requests(draw: st.DrawFn, trap_url: str) -> dict[str, object]:
    params = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["query", "update", "graph", "default", "default-graph-uri", "named-graph-uri",
                                 "using-graph-uri", "iri", "lang", "x"]),
                st.one_of(_sparqlish(trap_url), st.just(trap_url)),
            ),
            max_size=3,
        )
    )  # fmt: skip
    headers = {"Content-Type": draw(CONTENT_TYPES), "Accept": draw(ACCEPTS)}
    if draw(st.booleans()):
        headers["Authorization"] = draw(st.sampled_from([f"Bearer {TOKEN}", "Bearer nope", "Basic x", ""]))
    headers = {k: v for k, v in headers.items() if v.isprintable() and "\n" not in v and "\r" not in v}
    body = draw(st.one_of(st.binary(max_size=300), _sparqlish(trap_url).map(str.encode), st.none()))
    return {
        "method": draw(METHODS),
        "path": draw(PATHS) + draw(st.sampled_from(["", "/", "/a%2Fb", "?", "?default", "?graph=urn:x"])),
        "params": params,
        "headers": {k: v.encode("latin-1", "replace").decode("latin-1") for k, v in headers.items()},
        "data": body,
    }


def test_fuzz_routes(fuzz_server: LiveServer, trap: Trap) -> None:
    session = requests.Session()

    @settings(max_examples=250, deadline=5000, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
    @given(request=http_requests(trap.url))
    def check(request: dict[str, object]) -> None:
        response = session.request(
            str(request["method"]),
            fuzz_server.url + str(request["path"]),
            params=request["params"],  # type: ignore[arg-type]
            headers=request["headers"],  # type: ignore[arg-type]
            data=request["data"],  # type: ignore[arg-type]
            timeout=10,
            allow_redirects=False,
        )
        assert response.status_code < 500 or response.status_code == 503, (
            request,
            response.status_code,
            response.text[:300],
        )
        assert "Traceback" not in response.text
        assert 'File "' not in response.text

    check()
    assert requests.get(fuzz_server.url + "/healthz", timeout=10).status_code == 200
    assert trap.hits == 0, "the server opened a connection it was not configured to make"
