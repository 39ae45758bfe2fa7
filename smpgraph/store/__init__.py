"""Stores: where the knowledge graph lives. ``open_store`` picks the backend from the settings."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Final, cast

from smpgraph.config import Settings
from smpgraph.errors import BackendUnavailableError, InputError
from smpgraph.store.base import (
    AskResult,
    GraphInfo,
    GraphResult,
    GraphStore,
    LoadReport,
    QueryResult,
    ReasoningState,
    ResultFormat,
    SelectResult,
    SerializedResult,
    StoreInfo,
)

__all__ = [
    "AskResult",
    "GraphInfo",
    "GraphResult",
    "GraphStore",
    "LoadReport",
    "QueryResult",
    "ReasoningState",
    "ResultFormat",
    "SelectResult",
    "SerializedResult",
    "StoreInfo",
    "open_store",
]

_BACKENDS: Final = {
    "oxigraph": "smpgraph.store.oxigraph:OxigraphStore",
    "memory": "smpgraph.store.oxigraph:OxigraphStore",
    "sparql": "smpgraph.store.remote:RemoteStore",
}


def open_store(
    settings: Settings | None = None,
    *,
    path: Path | None = None,
    backend: str | None = None,
    read_only: bool = False,
) -> GraphStore:
    """Open the store the settings describe.

    Args:
        settings: the settings (default: from ``SMPGRAPH_*`` variables).
        path: overrides the data directory of an on-disk store.
        backend: overrides the backend (``oxigraph``, ``memory``, ``sparql``).
        read_only: refuse every write.

    Returns:
        The store, which the caller closes (``with`` works too).

    Raises:
        InputError: unknown backend.
        BackendUnavailableError: the backend's module cannot be imported.
        StoreLockedError: another process holds an on-disk store.

    Examples:
        >>> from smpgraph.store import open_store
        >>> store = open_store(backend="memory")
        >>> report = store.load(b'<urn:a> <urn:b> "c" .', format=ResultFormat.NTRIPLES, name="x.nt", reason=False)
        >>> [str(row[0]) for row in store.query("SELECT ?o WHERE { ?s ?p ?o }")]
        ['c']
    """
    settings = settings or Settings.from_env()
    chosen = backend or settings.backend
    if chosen not in _BACKENDS:
        raise InputError(f"unknown backend {chosen!r}; choose from {', '.join(sorted(_BACKENDS))}")
    module_name, _, class_name = _BACKENDS[chosen].partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise BackendUnavailableError(f"the {chosen!r} backend is not available: {exc}") from exc
    cls = getattr(module, class_name)
    if chosen == "memory":
        return cast("GraphStore", cls(None, settings, read_only=read_only))
    if chosen == "oxigraph":
        return cast("GraphStore", cls(path or settings.resolved_data_dir(), settings, read_only=read_only))
    return cast("GraphStore", cls(settings, read_only=read_only))
