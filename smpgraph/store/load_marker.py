"""The marker of a bulk load in progress, and the recovery of a load a crash interrupted.

A large load goes through the engine's bulk loader, which commits in chunks (bounded memory) and so is not
one transaction (docs/decisions/0023-bounded-memory-load.md). Before it starts, a marker naming the graph
is written into the data directory (beside ``metadata.ttl``, written atomically and synced); it is removed
once the load is complete or, after a failure, once the graphs are put back. When the load changes graphs
that hold triples (a new version of a source replaces its graphs; another source adds to a shared graph),
those graphs are first copied to a backup file (N-Quads) beside the marker, which names it. A marker found
when the store is opened for writing means a process died during a load: the graphs it names are cleared
and the backup, if any, is loaded again, so half a graph is never visible.
"""

from __future__ import annotations

import itertools
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
#: the backup of the graphs a load changes, in the data directory, while the load runs
BACKUP_FILE: Final = "load-in-progress-backup.nq"
#: quads removed per transaction when a graph is cleared (one transaction for a whole graph holds it in memory)
CLEAR_CHUNK: Final = 20_000


def clear_in_chunks(engine: Callable[[], ox.Store], graph: ox.NamedNode) -> None:
    """Remove every triple of ``graph`` (the graph stays), :data:`CLEAR_CHUNK` quads per transaction.

    ``Store.clear_graph`` is one transaction: 1.6 GB and 50 s for a graph of 1M triples; in chunks, each
    flushed, memory stays flat.
    """
    while True:
        chunk = list(itertools.islice(engine().quads_for_pattern(None, None, None, graph), CLEAR_CHUNK))
        if not chunk:
            return
        blank = {q for q in chunk if type(q.subject) is ox.BlankNode or type(q.object) is ox.BlankNode}
        for quad in blank:  # DELETE DATA cannot name a blank node: one removal each (rare in loaded data)
            engine().remove(quad)
        body = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in chunk if q not in blank)
        if body:
            engine().update(f"DELETE DATA {{ GRAPH {graph} {{\n{body}}} }}")
        engine().flush()  # the engine holds written changes in memory until it flushes (ADR 0014: ~650 B a quad)


@dataclass(frozen=True, slots=True)
class LoadMarker:
    """One load in progress.

    Attributes:
        graph: the IRI of the graph being loaded.
        source: the name of the source being loaded.
        existed: True when the graph existed before the load: it is emptied (and restored), not removed.
        saved: the graphs that held triples the load may change or remove, copied to :data:`BACKUP_FILE`
            before it started (none for a load into an empty graph).
    """

    graph: str
    source: str
    existed: bool
    saved: tuple[str, ...] = ()

    def write(self, folder: Path) -> None:
        """Write the marker into ``folder`` atomically (temporary file, fsync, rename)."""
        fields = {"graph": self.graph, "source": self.source, "existed": self.existed, "saved": list(self.saved)}
        data = json.dumps(fields).encode()
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

    def save(self, engine: Callable[[], ox.Store], folder: Path) -> None:
        """Copy the graphs :attr:`saved` names to the backup file in ``folder`` (streamed, synced)."""
        with (folder / BACKUP_FILE).open("wb") as out:
            for graph in self.saved:  # quads: a dump from one graph would drop its name
                quads = engine().quads_for_pattern(None, None, None, ox.NamedNode(graph))
                ox.serialize(quads, out, format=ox.RdfFormat.N_QUADS)
            out.flush()
            os.fsync(out.fileno())

    def undo(self, engine: Callable[[], ox.Store], folder: Path | None) -> None:
        """Put the graphs back as they were before the load: the target emptied or removed, the saved graphs
        restored from the backup in ``folder``."""
        node = ox.NamedNode(self.graph)
        for graph in dict.fromkeys((self.graph, *self.saved)):
            clear_in_chunks(engine, ox.NamedNode(graph))
        if not self.existed:
            engine().remove_graph(node)
        if self.saved:
            if folder is None:
                raise OSError(f"the graphs {', '.join(self.saved)} cannot be restored: no backup folder")
            engine().bulk_load(path=str(folder / BACKUP_FILE), format=ox.RdfFormat.N_QUADS)


def read_marker(folder: Path) -> LoadMarker | None:
    """The marker left in ``folder``, if any (an unreadable one names no graph: it is reported and ignored)."""
    path = folder / MARKER_FILE
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        saved = tuple(str(graph) for graph in data.get("saved", ()))
        return LoadMarker(str(data["graph"]), str(data["source"]), bool(data["existed"]), saved)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.warning("ignoring an unreadable load marker %s: %s", path, exc)
        return None


def remove_marker(folder: Path) -> None:
    """Remove the marker and its backup from ``folder`` (nothing when there is none)."""
    (folder / MARKER_FILE).unlink(missing_ok=True)
    (folder / BACKUP_FILE).unlink(missing_ok=True)


def recover(engine: Callable[[], ox.Store], folder: Path) -> str | None:
    """Clear the graph of a load a crash interrupted; what was done, in one sentence, or None."""
    marker = read_marker(folder)
    if marker is None:
        remove_marker(folder)
        return None
    marker.undo(engine, folder)
    engine().flush()
    remove_marker(folder)
    put_back = "the graphs were put back as they were" if marker.saved else "the graph was cleared"
    notice = (
        f"a load of {marker.source} into <{marker.graph}> was interrupted (the process stopped during it); "
        f"{put_back}: load the file again"
    )
    logger.warning("%s", notice)
    return notice
