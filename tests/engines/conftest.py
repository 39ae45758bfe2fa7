"""Engines for the integration tests: started here (never installed), stopped by PID at session end.

A missing binary skips the tests that need it, with the reason; with ``SMPGRAPH_REQUIRE_ENGINES=1``
(set by CI) it fails them instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from engine_launch import Engine, EngineMissingError, start_oxigraph, start_virtuoso

from smpgraph.config import Settings
from smpgraph.store import GraphStore, open_store
from smpgraph.store.metadata import META_GRAPH

BACKENDS = ["memory", "oxigraph-on-disk", "virtuoso", "oxigraph-server"]
REMOTE = ["virtuoso", "oxigraph-server"]
#: the Oxigraph server's own deadline (seconds): abandoned heavy queries stop there
OXIGRAPH_TIMEOUT_S = 5

_STARTERS: dict[str, Callable[[], Engine]] = {
    "virtuoso": start_virtuoso,
    "oxigraph-server": lambda: start_oxigraph(timeout_s=OXIGRAPH_TIMEOUT_S),
}


def _required() -> bool:
    return os.environ.get("SMPGRAPH_REQUIRE_ENGINES", "") in ("1", "true", "yes")


@pytest.fixture(scope="session")
def engines() -> Iterator[dict[str, Engine | str]]:
    """Engines started on first use: name -> Engine, or the reason it is missing."""
    started: dict[str, Engine | str] = {}
    yield started
    for engine in started.values():
        if isinstance(engine, Engine):
            engine.stop()


def get_engine(engines: dict[str, Engine | str], name: str) -> Engine:
    """The running engine ``name`` (started now if needed); skip, or fail under SMPGRAPH_REQUIRE_ENGINES=1."""
    if name not in engines:
        try:
            engines[name] = _STARTERS[name]()
        except EngineMissingError as exc:
            engines[name] = str(exc)
    engine = engines[name]
    if isinstance(engine, str):
        if _required():
            pytest.fail(f"{name} is required (SMPGRAPH_REQUIRE_ENGINES=1) but missing: {engine}")
        pytest.skip(f"{name} not available: {engine}")
    return engine


def remote_settings(engine: Engine, **overrides: object) -> Settings:
    """Settings that point at ``engine``."""
    values: dict[str, object] = {"reasoner": "none", "query_timeout_s": 20.0, **engine.settings_overrides()}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def wipe(store: GraphStore) -> None:
    """Drop every graph of a remote store, the metadata graph included."""
    io = store.io  # type: ignore[attr-defined]
    for name in [*map(str, store.graph_names()), str(META_GRAPH)]:
        io.drop(name)
    store._forget_graphs()  # type: ignore[attr-defined]


StoreFactory = Callable[..., GraphStore]


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
