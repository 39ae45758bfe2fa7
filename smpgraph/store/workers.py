"""The parent's side of one query worker process: its handle, why it was stopped, and its errors (ADR 0012)."""

from __future__ import annotations

import contextlib
import enum
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Final

from smpgraph import errors
from smpgraph.config import Settings
from smpgraph.errors import QueryAbortedError, SmpGraphError
from smpgraph.store.query_worker import READY, Reply, serve

logger = logging.getLogger(__name__)

_PAGE: Final = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_PRELOAD: Final = ["__main__", "smpgraph.store.query_worker"]


class StopReason(enum.Enum):
    """Why the pool killed a worker."""

    DEADLINE = "deadline"
    MEMORY = "memory"
    CROWDED = "crowded"
    CLOSED = "closed"
    RETIRED = "retired"  # after a long query, at a lower priority: replaced by a fresh worker


@dataclass(frozen=True, slots=True)
class PoolStats:
    """A look at a pool: process ids of its idle, busy and spare workers; kills by reason; crashes."""

    idle: tuple[int, ...]
    busy: tuple[int, ...]
    spares: tuple[int, ...]
    kills: dict[str, int]
    crashes: int


class Worker:
    """One worker process, our end of its pipe, and the job it runs."""

    __slots__ = ("conn", "deadline", "demoted", "process", "snapshot", "started", "stop_reason")

    def __init__(self, process: Any, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.snapshot: str | None = None
        self.started = 0.0  # when its current job was sent (0: idle)
        self.deadline: float | None = None
        self.stop_reason: StopReason | None = None
        self.demoted = False

    @classmethod
    def start(cls, settings: Settings, timeout_s: float) -> Worker:
        """Start a worker from the fork server and wait until it is ready.

        Raises:
            TimeoutError: it did not report ready within ``timeout_s``.
        """
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)  # no effect once the fork server runs
        ours, theirs = context.Pipe()
        process = context.Process(target=serve, args=(theirs, settings), name="smpgraph-query-worker", daemon=True)
        process.start()
        theirs.close()
        worker = cls(process, ours)
        try:
            ready = ours.poll(timeout_s) and ours.recv() == READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            worker.kill(StopReason.CLOSED)
            process.join(5.0)
            ours.close()
            raise TimeoutError("a query worker did not start")
        return worker

    @property
    def pid(self) -> int:
        return int(self.process.pid)

    def rss(self) -> int:
        """Resident bytes, from ``/proc`` (0 when unknown)."""
        try:
            return int(Path(f"/proc/{self.pid}/statm").read_text(encoding="ascii").split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            return 0

    def demote(self, nice: int) -> None:
        """Lower the worker's CPU priority (once)."""
        if not self.demoted:
            self.demoted = True
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, self.pid, nice)

    def kill(self, reason: StopReason) -> None:
        if self.stop_reason is None:
            self.stop_reason = reason
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)


def crash_error(worker: Worker, what: str) -> QueryAbortedError:
    """The error for a worker that died on its own while running a job (an engine crash)."""
    worker.process.join(1.0)
    code = worker.process.exitcode
    how = f"with status {code}"
    if code is not None and code < 0:
        how = f"on signal {signal.Signals(-code).name}"
    logger.info("a query worker (pid %d) ended %s while running a %s", worker.pid, how, what)
    hint = " or ran out of memory" if code == -signal.SIGABRT else ""
    return QueryAbortedError(
        f"the query engine crashed{hint} on this {what} (its process ended {how}); the {what} was not "
        "answered, nothing else was affected: simplify it (e.g. less nesting)"
    )


def rebuilt(reply: Reply) -> SmpGraphError:
    """The error a worker reported, as the same class on this side."""
    cls: Callable[[str], SmpGraphError] | None = None
    if reply.error != "internal":
        candidate = getattr(errors, reply.error or "", None)
        if (
            isinstance(candidate, type)
            and issubclass(candidate, SmpGraphError)
            and candidate is not errors.RdfSyntaxError  # the one error with another signature
        ):
            cls = candidate
    if cls is None:
        logger.error("a query worker failed: %s", reply.message)
        return SmpGraphError(f"the query failed in its worker: {reply.message}")
    return cls(reply.message)
