"""Stores: where the knowledge graph lives. ``open_store`` picks the backend from the settings."""

from __future__ import annotations

from pathlib import Path
from typing import Final

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
    SupportsBackup,
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
    "SupportsBackup",
    "open_store",
]

_BACKENDS: Final = ("memory", "oxigraph", "sparql")


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
    try:  # imported on use: a backend's dependencies (e.g. requests) may be missing
        if chosen == "sparql":
            from smpgraph.store.remote import RemoteStore
        else:
            from smpgraph.store.oxigraph import OxigraphStore
    except ImportError as exc:
        raise BackendUnavailableError(f"the {chosen!r} backend is not available: {exc}") from exc
    if chosen == "sparql":
        return RemoteStore(settings, read_only=read_only)
    if chosen == "memory":
        return OxigraphStore(None, settings, read_only=read_only)
    return OxigraphStore(path or settings.resolved_data_dir(), settings, read_only=read_only)
