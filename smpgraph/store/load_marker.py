"""The marker of a bulk load in progress, and the recovery of a load a crash interrupted.

A first load into an empty graph goes through the engine's bulk loader, which commits in chunks (bounded
memory) and so is not one transaction (docs/decisions/0023-bounded-memory-load.md). Before it starts, a
marker naming the graph is written into the data directory (beside ``metadata.ttl``, written atomically
and synced); it is removed once the load is complete or, after a failure, once the graph is emptied
again. A marker found when the store is opened for writing means a process died during a load: the graph
it names is cleared (it was empty before the load), so half a graph is never visible.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pyoxigraph as ox

logger = logging.getLogger(__name__)

#: the marker's file name in the data directory
MARKER_FILE: Final = "load-in-progress.json"


@dataclass(frozen=True, slots=True)
class LoadMarker:
    """One load in progress.

    Attributes:
        graph: the IRI of the graph being loaded.
        source: the name of the source being loaded.
        existed: True when the graph existed (empty) before the load: it is emptied, not removed.
    """

    graph: str
    source: str
    existed: bool

    def write(self, folder: Path) -> None:
        """Write the marker into ``folder`` atomically (temporary file, fsync, rename)."""
        data = json.dumps({"graph": self.graph, "source": self.source, "existed": self.existed}).encode()
        fd, tmp = tempfile.mkstemp(prefix=".load-", suffix=".json", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            Path(tmp).replace(folder / MARKER_FILE)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def undo(self, engine: Callable[[], ox.Store]) -> None:
        """Put the graph back as it was before the load: empty, or absent."""
        node = ox.NamedNode(self.graph)
        if self.existed:
            engine().clear_graph(node)
        else:
            engine().remove_graph(node)


def read_marker(folder: Path) -> LoadMarker | None:
    """The marker left in ``folder``, if any (an unreadable one names no graph: it is reported and ignored)."""
    path = folder / MARKER_FILE
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LoadMarker(str(data["graph"]), str(data["source"]), bool(data["existed"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.warning("ignoring an unreadable load marker %s: %s", path, exc)
        return None


def remove_marker(folder: Path) -> None:
    """Remove the marker from ``folder`` (nothing when there is none)."""
    (folder / MARKER_FILE).unlink(missing_ok=True)


def recover(engine: Callable[[], ox.Store], folder: Path) -> str | None:
    """Clear the graph of a load a crash interrupted; what was done, in one sentence, or None."""
    marker = read_marker(folder)
    if marker is None:
        remove_marker(folder)
        return None
    marker.undo(engine)
    engine().flush()
    remove_marker(folder)
    notice = (
        f"a load of {marker.source} into <{marker.graph}> was interrupted (the process stopped during it); "
        "the graph was cleared: load the file again"
    )
    logger.warning("%s", notice)
    return notice
