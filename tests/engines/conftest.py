"""Engines for the integration tests: started here (never installed), stopped by PID at session end.

A missing binary skips the tests that need it, with the reason; with ``SMPGRAPH_REQUIRE_ENGINES=1``
(set by CI) it fails them instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_launch import Engine
from engine_support import BACKENDS, REMOTE, StoreFactory, get_engine, remote_settings, wipe

from smpgraph.config import Settings
from smpgraph.store import GraphStore, open_store


@pytest.fixture(scope="session")
def engines() -> Iterator[dict[str, Engine | str]]:
    """Engines started on first use: name -> Engine, or the reason it is missing."""
    started: dict[str, Engine | str] = {}
    yield started
    for engine in started.values():
        if isinstance(engine, Engine):
            engine.stop()


@pytest.fixture(params=BACKENDS)
def make_store(
    request: pytest.FixtureRequest, engines: dict[str, Engine | str], tmp_path: Path
) -> Iterator[StoreFactory]:
    """A factory of empty stores on one backend: ``make_store(**settings_overrides)``."""
    kind: str = request.param
    opened: list[GraphStore] = []
    engine = get_engine(engines, kind) if kind in REMOTE else None

    def factory(**overrides: object) -> GraphStore:
        values: dict[str, object] = {"reasoner": "none", "query_timeout_s": 20.0, **overrides}
        if kind == "memory":
            store = open_store(Settings(backend="memory", **values))  # type: ignore[arg-type]
        elif kind == "oxigraph-on-disk":
            store = open_store(Settings(backend="oxigraph", **values), path=tmp_path / f"store{len(opened)}")  # type: ignore[arg-type]
        else:
            from smpgraph.store.remote import RemoteStore

            assert engine is not None
            store = RemoteStore(remote_settings(engine, **values))
            if not opened:
                wipe(store)
                store.close()
                store = RemoteStore(remote_settings(engine, **values))
        opened.append(store)
        return store

    factory.kind = kind  # type: ignore[attr-defined]
    yield factory
    for store in opened:
        store.close()


@pytest.fixture(params=REMOTE)
def remote_engine(request: pytest.FixtureRequest, engines: dict[str, Engine | str]) -> Engine:
    """One running remote engine."""
    return get_engine(engines, request.param)
