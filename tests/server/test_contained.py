"""The contained query engine over real HTTP (docs/decisions/0012-contained-query-engine.md): no request can
crash, starve or exhaust the endpoint. The server serves an on-disk store, whose queries run in worker processes."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smpgraph.config import Settings
from smpgraph.store import ResultFormat, open_store
from smpgraph.store.guard import MAX_DEPTH
from smpgraph.store.isolation import QueryPool
from smpgraph.store.oxigraph import OxigraphStore
from tests.server.conftest import TOKEN, LiveServer, serve

EX = "http://example.org/"
DATA = "".join(f'<{EX}s{i}> <{EX}p{i % 7}> "{i}" .\n' for i in range(2000)).encode()
CROSS_JOINS = [
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",  # the issue's: memory grows until stopped
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",  # CPU only
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d (!<urn:x>)* ?e . ?f (^!<urn:x>)* ?g }",  # paths
    "SELECT (GROUP_CONCAT(?c) AS ?x) WHERE { ?a ?b ?c . ?d ?e ?f }",
]
LOOKUP = f"SELECT ?p ?o WHERE {{ <{EX}s42> ?p ?o }}"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="session")  # stopped with the other servers: a server stopped mid-session leaves sockets
def disk_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = Settings(update_token=TOKEN, reasoner="none", query_timeout_s=1.0, query_memory_mb=512)
    store = open_store(settings, path=tmp_path_factory.mktemp("contained") / "store")
    store.load(DATA, format=ResultFormat.NTRIPLES, name="data.nt", graph=EX + "g", reason=False)
    store.query("ASK {}")  # the workers start before the server does, as with `smpgraph serve`
    with serve(settings, store) as live:
        yield live


def pool_of(live: LiveServer) -> QueryPool:
    assert isinstance(live.store, OxigraphStore)
    pool = live.store._pool
    assert pool is not None
    return pool


def ask(live: LiveServer, query: str, timeout: float = 30) -> requests.Response:
    return requests.post(live.sparql, data={"query": query}, headers=JSON, timeout=timeout)


def wait_until_idle(pool: QueryPool) -> None:
    began = time.monotonic()
    while len(pool.stats().idle) < pool.size:
        assert time.monotonic() - began < 30
        time.sleep(0.02)


def alive(live: LiveServer) -> bool:
    """The server answers, and its store is ready again within a few seconds (workers may be restarting)."""
    for _ in range(50):
        if requests.get(live.url + "/healthz", timeout=30).status_code == 200:
            return True
        time.sleep(0.2)
    return False


def test_four_runaway_queries_no_longer_lock_everyone_out(disk_server: LiveServer) -> None:
    pool = pool_of(disk_server)
    ask(disk_server, LOOKUP)
    wait_until_idle(pool)
    answers: list[tuple[int, float, str]] = []

    def runaway(query: str) -> None:
        began = time.monotonic()
        response = ask(disk_server, query)
        answers.append((response.status_code, time.monotonic() - began, response.json()["detail"]))

    threads = [threading.Thread(target=runaway, args=(query,)) for query in CROSS_JOINS]
    for thread in threads:
        thread.start()
    time.sleep(0.6)  # all four are long queries now, filling the four slots
    began = time.monotonic()
    assert ask(disk_server, LOOKUP).status_code == 200  # the short-query worker answers meanwhile
    assert alive(disk_server)
    assert time.monotonic() - began < 1.0
    for thread in threads:
        thread.join()
    assert [status for status, _, _ in answers] == [503] * 4
    assert all(seconds <= 2.0 for _, seconds, _ in answers), answers  # deadline + 1 s
    assert all("deadline" in detail or "memory" in detail.lower() for _, _, detail in answers), answers
    wait_until_idle(pool)  # every slot is back
    lookups = [
        threading.Thread(target=lambda: answers.append((ask(disk_server, LOOKUP).status_code, 0, ""))) for _ in range(5)
    ]
    del answers[:]
    for thread in lookups:
        thread.start()
    for thread in lookups:
        thread.join()
    assert [status for status, _, _ in answers] == [200] * 5


def test_a_crashing_worker_costs_its_request_a_clean_error_only(disk_server: LiveServer) -> None:
    pool = pool_of(disk_server)
    ask(disk_server, LOOKUP)
    wait_until_idle(pool)
    outcome: dict[str, requests.Response] = {}
    thread = threading.Thread(target=lambda: outcome.setdefault("r", ask(disk_server, CROSS_JOINS[1])))
    thread.start()
    began = time.monotonic()
    while not pool.stats().busy:
        assert time.monotonic() - began < 30
        time.sleep(0.01)
    os.kill(pool.stats().busy[0], signal.SIGSEGV)
    thread.join()
    response = outcome["r"]
    assert response.status_code == 503
    assert response.headers["Content-Type"] == "application/json"
    assert "crashed" in response.json()["detail"]
    assert "SIGSEGV" in response.json()["detail"]
    assert ask(disk_server, LOOKUP).status_code == 200
    assert alive(disk_server)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * " + "{" * 2500 + " ?s ?p ?o " + "}" * 2500,  # the 5 KB query
        "SELECT * { BIND(" + "(" * 5000 + "1" + ")" * 5000 + " AS ?x) }",
        "SELECT * { FILTER(" + "!" * 10000 + "true) }",
    ],
)
def test_deep_queries_are_refused_with_400_naming_depth_and_limit(disk_server: LiveServer, query: str) -> None:
    response = ask(disk_server, query)
    assert response.status_code == 400
    assert f"the limit is {MAX_DEPTH}" in response.json()["detail"]
    assert "levels deep" in response.json()["detail"]
    assert alive(disk_server)


def test_deep_updates_are_refused_with_400(disk_server: LiveServer) -> None:
    update = "DELETE { ?s ?p ?o } WHERE " + "{" * 2500 + " ?s ?p ?o " + "}" * 2500
    response = requests.post(
        disk_server.sparql, data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
    )
    assert response.status_code == 400
    assert "update is nested" in response.json()["detail"]
    assert alive(disk_server)


def test_the_in_process_memory_server_survives_deep_input(rw_server: LiveServer) -> None:
    """The memory backend runs queries in the server's own process: the guard alone must hold."""
    for text in (
        "SELECT * " + "{" * 2500 + " ?s ?p ?o " + "}" * 2500,
        "ASK { FILTER(" + "STR(" * 1000 + "1" + ")" * 1000 + ") }",
    ):
        assert ask(rw_server, text).status_code == 400
    update = "INSERT DATA { <urn:s> <urn:p> " + "[ <urn:p> " * 4000 + "1" + " ]" * 4000 + " }"
    response = requests.post(rw_server.sparql, data={"update": update}, headers=rw_server.auth, timeout=30)
    assert response.status_code == 400
    assert alive(rw_server)


# -- fuzzing: generated deep and wide queries and updates, over HTTP, the server alive after each ------------

_NESTING = {
    "group": ("{ ", " }"),
    "paren": ("(", ")"),
    "call": ("STR(", ")"),
    "not": ("!", ""),
    "exists": ("EXISTS { FILTER(", ") }"),
    "bnode": (f"[ <{EX}p> ", " ]"),
    "collection": ("(", " 1)"),
    "subquery": ("{ SELECT * WHERE ", " }"),
    "path": ("(", ")/<" + EX + "p1>"),
}
_CHAINS = {
    "plus": ("1", " + "),
    "and": ("true", " && "),
    "union": ("{ ?s ?p ?o }", " UNION "),
    "optional": ("OPTIONAL { ?s ?p ?o }", " "),
    "join": ("{ ?s ?p ?o }", " "),
    "values": ("1", " "),
}
_PLACES = {  # where a nested or chained fragment goes, by what it is
    "group": "SELECT * WHERE {0}",
    "paren": "SELECT * WHERE {{ BIND({0} AS ?x) }}",
    "call": "SELECT * WHERE {{ BIND({0} AS ?x) }}",
    "not": "ASK {{ FILTER({0}) }}",
    "exists": "ASK {{ FILTER({0}) }}",
    "bnode": "INSERT DATA {{ <urn:s> <urn:p> {0} }}",
    "collection": "SELECT * WHERE {{ ?s ?p {0} }}",
    "subquery": "SELECT * WHERE {0}",
    "path": "SELECT * WHERE {{ ?s {0} ?o }}",
    "plus": "SELECT * WHERE {{ BIND({0} AS ?x) }}",
    "and": "SELECT * WHERE {{ FILTER({0}) }}",
    "union": "SELECT * WHERE {{ {0} }}",
    "optional": "SELECT * WHERE {{ ?s ?p ?o {0} }}",
    "join": "DELETE {{ ?s ?p ?o }} WHERE {{ {0} }}",
    "values": "SELECT * WHERE {{ VALUES ?x {{ {0} }} }}",
}
_LEAVES = {
    "group": "?s ?p ?o",
    "paren": "1",
    "call": "1",
    "not": "true",
    "exists": "true",
    "bnode": "1",
    "collection": "1",
    "subquery": "{ ?s ?p ?o }",
    "path": f"<{EX}p1>",
}


@st.composite
def hostile(draw: st.DrawFn) -> str:
    """A query or update nested deep (up to ~3,000 levels) or chained wide (up to ~8,000 items), sometimes both."""
    if draw(st.booleans()):
        kind = draw(st.sampled_from(sorted(_NESTING)))
        depth = draw(st.one_of(st.integers(1, MAX_DEPTH + 8), st.integers(MAX_DEPTH, 3000)))
        opening, closing = _NESTING[kind]
        fragment = opening * depth + _LEAVES[kind] + closing * depth
        if kind == "subquery":
            fragment = "{" + fragment + "}"
    else:
        kind = draw(st.sampled_from(sorted(_CHAINS)))
        width = draw(st.one_of(st.integers(1, 300), st.integers(300, 8000)))
        item, separator = _CHAINS[kind]
        fragment = separator.join([item] * width)
    text = _PLACES[kind].format(fragment)
    noise = draw(st.sampled_from(["", " # {{{{((((", ' "((((" ', " <urn:a(b)> ", "'''[[[['''"]))
    return text.replace(" WHERE ", f" WHERE {noise.strip()} ", 1) if noise and "#" not in noise else text + noise


def test_fuzz_deep_and_wide_queries_and_updates(disk_server: LiveServer) -> None:
    session = requests.Session()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
    @given(text=hostile())
    def check(text: str) -> None:
        is_update = text.startswith(("INSERT", "DELETE"))
        response = session.post(
            disk_server.sparql,
            data={"update" if is_update else "query": text},
            headers={**JSON, "Authorization": f"Bearer {TOKEN}"},
            timeout=60,
        )
        assert response.status_code in (200, 204, 400, 503), (text[:200], response.status_code, response.text[:300])
        assert "Traceback" not in response.text
        assert alive(disk_server), text[:200]

    try:
        check()
    finally:
        session.close()
    assert ask(disk_server, LOOKUP).status_code == 200
