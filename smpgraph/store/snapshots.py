"""Read-only snapshots of an on-disk store for the query workers (ADR 0012).

Opening a RocksDB store read-only while another process writes it is undefined behaviour, so the query
workers never open the live store: they open a checkpoint of it (``Store.backup``: hard links to the
engine's immutable files, tens of milliseconds), taken on the first query after each write. Every
finished write bumps the store's write generation (:class:`WriteLock`); a worker reopens when it is
sent a newer snapshot, and a snapshot no worker uses any more is removed.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from smpgraph.errors import SmpGraphError

logger = logging.getLogger(__name__)


class WriteLock:
    """The store's re-entrant write lock, which counts finished writes (its ``generation``)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._owner: int | None = None
        self._depth = 0
        self.generation = 0

    def __enter__(self) -> WriteLock:
        self._lock.acquire()
        self._owner = threading.get_ident()
        self._depth += 1
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._depth -= 1
        if not self._depth:
            self._owner = None
            self.generation += 1  # even after an error: a failed write may have changed something
        self._lock.release()

    def held_here(self) -> bool:
        """True on the thread that holds the lock (its queries read the live store: they are the writer's)."""
        return self._owner == threading.get_ident()


class Snapshots:
    """The snapshots of one store, in ``root`` (on the store's file system, for hard links)."""

    def __init__(self, root: Path, take: Callable[[Path], None], generation: Callable[[], int]) -> None:
        """Snapshots in ``root``; ``take(target)`` writes one; ``generation()`` says which writes it must hold."""
        self.root = root
        self._take = take
        self._generation = generation
        self._lock = threading.Lock()
        self._current: Path | None = None
        self._current_generation = -1
        self._users: dict[Path, int] = {}
        shutil.rmtree(root, ignore_errors=True)  # left over by a process that did not close its store

    def current(self) -> str:
        """The snapshot that holds every finished write, taken now if the last one is older.

        Raises:
            SmpGraphError: the snapshot could not be written.
        """
        generation = self._generation()
        with self._lock:
            if self._current is None or self._current_generation != generation:
                target = self.root / f"{generation:08d}-{secrets.token_hex(4)}"
                try:
                    self.root.mkdir(parents=True, exist_ok=True)
                    self._take(target)
                except OSError as exc:
                    shutil.rmtree(target, ignore_errors=True)
                    raise SmpGraphError(f"could not take a snapshot of the store for queries: {exc}") from exc
                old, self._current, self._current_generation = self._current, target, generation
                if old is not None and not self._users.get(old):
                    self._remove(old)
            return str(self._current)

    def pin_latest(self) -> str | None:
        """The latest snapshot, counted as used (for a new worker to open ahead), or None if there is none yet."""
        with self._lock:
            if self._current is None:
                return None
            self._users[self._current] = self._users.get(self._current, 0) + 1
            return str(self._current)

    def switch(self, old: str | None, new: str | None) -> None:
        """A worker closed ``old`` and opened ``new`` (either may be None); unused old snapshots go."""
        with self._lock:
            if new is not None:
                self._users[Path(new)] = self._users.get(Path(new), 0) + 1
            if old is not None:
                path = Path(old)
                self._users[path] = self._users.get(path, 1) - 1
                if self._users[path] <= 0 and path != self._current:
                    self._remove(path)

    def _remove(self, path: Path) -> None:
        self._users.pop(path, None)
        shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        """Remove every snapshot, and let go of the store (a snapshot can no longer be taken)."""
        with self._lock:
            self._take = _closed
            self._current = None
            self._users.clear()
            shutil.rmtree(self.root, ignore_errors=True)


def _closed(target: Path) -> None:
    raise OSError("the store is closed")
