"""Shared, read-only fixtures: stores with the bundled knowledge graph, settings, a CLI runner."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from smpgraph.config import Settings
from smpgraph.store import GraphStore, open_store

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach the internet: connections to anything but loopback fail loudly."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else str(address)
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("localhost", "::1") or self.family == socket.AF_UNIX
        ):
            raise OSError(f"test tried to reach {host}: tests must not use the network")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def settings() -> Settings:
    """Settings of an in-memory store without environment influence."""
    return Settings(backend="memory")


@pytest.fixture
def memory_store(settings: Settings) -> Iterator[GraphStore]:
    """A fresh, empty in-memory store."""
    store = open_store(settings)
    yield store
    store.close()


@pytest.fixture(scope="session")
def reasoned_store() -> Iterator[GraphStore]:
    """The bundled knowledge graph (ontology, reference data, examples), loaded and reasoned, in memory.

    Read-only by convention: tests that write use ``memory_store``.
    """
    from smpgraph.bundle import load_bundled

    store = open_store(Settings(backend="memory"))
    load_bundled(store)
    yield store
    store.close()
