"""Engine helpers shared by the engine tests (a module of its own: test modules import it by name)."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from engine_launch import Engine, EngineMissingError, start_oxigraph, start_virtuoso

from smpgraph.config import Settings
from smpgraph.store import GraphStore
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
