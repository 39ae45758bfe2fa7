"""Live servers for the HTTP tests: waitress in a background thread on 127.0.0.1, a free port each.

Every test talks real HTTP (requests) to a real WSGI server; nothing goes through Flask's test client.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import pytest
import requests

from smpgraph.config import Settings
from smpgraph.server import create_app
from smpgraph.server.wsgi import create_server
from smpgraph.store import GraphStore, ResultFormat, open_store

TOKEN = "test-token-0123456789"
EX = "http://example.org/"
SMALL_DATA = f"""
@prefix ex: <{EX}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:alice a ex:Person ; rdfs:label "Alice" ; ex:knows ex:bob .
ex:bob a ex:Person ; rdfs:label "Bob"@en , "Robert"@fr ; ex:age 42 .
ex:carol a ex:Person ; rdfs:label "Carol" .
ex:dave a ex:Person .
ex:eve a ex:Person .
""".encode()


@dataclass
class LiveServer:
    """A running server: its base URL, store and settings."""

    url: str
    store: GraphStore
    settings: Settings

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.settings.update_token}"}


@contextmanager
def serve(settings: Settings, store: GraphStore | None = None, *, threads: int = 8) -> Iterator[LiveServer]:
    """Run ``create_app`` under waitress on 127.0.0.1 (free port) in a background thread."""
    store = store if store is not None else open_store(settings)
    app = create_app(settings, store=store)
    server = create_server(app, replace(settings, threads=threads), host="127.0.0.1", port=0)
    stop = start_in_thread(server, "waitress-test")
    live = LiveServer(f"http://127.0.0.1:{server.effective_port}", store, settings)
    deadline = time.monotonic() + 10
    while True:
        try:
            requests.get(live.url + "/healthz", timeout=2)
            break
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    try:
        yield live
    finally:
        stop()
        store.close()


def start_in_thread(server: Any, name: str) -> Callable[[], None]:
    """Run a waitress server in a daemon thread; return the function that stops it.

    Closing the server while its loop polls the sockets can raise in that thread (a closed descriptor);
    such an error is expected once stopping has begun, and only then is it swallowed.
    """
    stopping = threading.Event()

    def run() -> None:
        try:
            server.run()
        except (OSError, ValueError):
            if not stopping.is_set():
                raise

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()

    def stop() -> None:
        stopping.set()
        server.task_dispatcher.shutdown(timeout=2)
        server.close()
        thread.join(5)
        for channel in list(getattr(server, "_map", {}).values()):  # connections still open (keep-alive)
            channel.close()

    return stop


def small_store(settings: Settings) -> GraphStore:
    store = open_store(settings)
    store.load(SMALL_DATA, format=ResultFormat.TURTLE, name="small.ttl", graph=EX + "graph/small", reason=False)
    return store


@pytest.fixture(scope="session")
def rw_server() -> Iterator[LiveServer]:
    """Small data, an update token, no reasoning: for writes, auth, GSP and concurrency."""
    settings = Settings(backend="memory", update_token=TOKEN, reasoner="none", query_timeout_s=10)
    with serve(settings, small_store(settings)) as live:
        yield live


@pytest.fixture(scope="session")
def ro_server() -> Iterator[LiveServer]:
    """Small data and no update token: the endpoint is read-only."""
    settings = Settings(backend="memory", update_token=None, reasoner="none")
    with serve(settings, small_store(settings)) as live:
        yield live


@pytest.fixture(scope="session")
def tight_server() -> Iterator[LiveServer]:
    """Tiny limits: a 0.3 s deadline, 3 rows, 1 concurrent query, 4 KiB bodies."""
    settings = Settings(
        backend="memory",
        update_token=TOKEN,
        reasoner="none",
        query_timeout_s=0.3,
        max_rows=3,
        max_concurrent_queries=1,
        max_request_bytes=4096,
    )
    with serve(settings, small_store(settings)) as live:
        yield live


@pytest.fixture(scope="session")
def kg_server() -> Iterator[LiveServer]:
    """The bundled knowledge graph, loaded and reasoned; used read-only."""
    from smpgraph.bundle import load_bundled

    # a schema write recomputes the whole closure: slow on a busy machine, so a generous write deadline
    settings = Settings(backend="memory", update_token=TOKEN, query_timeout_s=60, write_timeout_s=600)
    store = open_store(settings)
    load_bundled(store)
    with serve(settings, store) as live:
        yield live
