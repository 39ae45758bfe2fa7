"""One query worker process: runs queries on a read-only snapshot of the store, one at a time.

The parent (:mod:`smpgraph.store.isolation`) starts workers from a fork server, sends each a job on a
pipe and waits for the answer; it kills a worker whose query runs past its deadline or its memory cap
(docs/decisions/0012-contained-query-engine.md). A worker sends back a :class:`Reply` and the result's
bytes, already written by the engine: no engine object crosses the pipe. It also parses updates for
the parent before the parent runs them, so that a parser crash kills a worker, never the store's owner.
"""

from __future__ import annotations

import enum
import pickle
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Final

import pyoxigraph as ox

from smpgraph.config import Settings
from smpgraph.errors import SmpGraphError
from smpgraph.store.base import QueryForm, ResultFormat
from smpgraph.store.executor import BoundedRunner
from smpgraph.store.guard import check_nesting, check_update_syntax
from smpgraph.store.oxigraph_query import query_dataset, run_query
from smpgraph.store.sparql_text import query_form, refuse_remote_access

READY: Final = "ready"
#: the address space may grow by this many caps and 1 GiB: the engine reserves much it never touches (stacks, arenas)
_ADDRESS_SPACE_MARGIN: Final = 4


class JobKind(enum.Enum):
    """What a worker is asked to do."""

    QUERY = "query"
    UPDATE_CHECK = "update-check"
    OPEN = "open"  # open the snapshot ahead of the first query


@dataclass(frozen=True, slots=True)
class Job:
    """One request to a worker: a query on ``snapshot`` (an engine folder), or an update to parse."""

    kind: JobKind
    sparql: str
    snapshot: str | None = None
    result_format: ResultFormat | None = None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_rows: int = 0


@dataclass(frozen=True, slots=True)
class Reply:
    """A worker's answer, sent with the result's bytes (empty after an error) by :func:`pack`.

    ``error`` is the name of the smpgraph error class raised in the worker (``message`` its text), or
    ``internal`` for anything else, or None.
    """

    form: QueryForm | None = None
    result_format: ResultFormat | None = None
    truncated: bool = False
    error: str | None = None
    message: str = ""


def serve(conn: Connection, settings: Settings) -> None:
    """The loop of one worker: one job at a time, until the parent closes the pipe.

    ``settings`` are the store's, with in-process queries and no deadline (the parent keeps the time).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent decides
    view = _View(settings)
    _limit_address_space(settings.query_memory_mb)
    conn.send(READY)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        reply, body = view.run(job)
        try:
            conn.send_bytes(pack(reply, body))
        except OSError:
            return


def pack(reply: Reply, body: bytes) -> bytes:
    """A reply and the result's bytes as one message (one write here, two reads on the other side)."""
    header = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
    return len(header).to_bytes(4, "little") + header + body


def unpack(message: bytes) -> tuple[Reply, bytes]:
    """The reply and the result's bytes of :func:`pack`."""
    size = int.from_bytes(message[:4], "little")
    reply = pickle.loads(message[4 : 4 + size])  # noqa: S301  # our own worker's message
    if not isinstance(reply, Reply):
        raise OSError("a query worker sent something else than a reply")
    return reply, message[4 + size :]


def transfer_format(form: QueryForm) -> ResultFormat:
    """The format in which a result for :meth:`OxigraphStore.query` (rdflib terms) crosses the pipe."""
    return ResultFormat.JSON if form in (QueryForm.SELECT, QueryForm.ASK) else ResultFormat.NTRIPLES


class _View:
    """The worker's engine: read-only, on the latest snapshot it was sent; queries run as the store runs them
    (:func:`smpgraph.store.oxigraph_query.run_query`), on this process's only thread, without a deadline (the
    parent kills the process at the deadline)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.runner = BoundedRunner(1)
        self.snapshot: str | None = None
        self.engine: ox.Store | None = None

    def _open(self, snapshot: str) -> ox.Store:
        if self.engine is None or snapshot != self.snapshot:
            self.engine = None  # the old engine closes before the new one opens
            try:
                self.engine = ox.Store.read_only(snapshot)
            except OSError as exc:
                raise SmpGraphError(f"the store's snapshot could not be opened: {exc}") from None
            self.snapshot = snapshot
        return self.engine

    def run(self, job: Job) -> tuple[Reply, bytes]:
        try:
            if job.kind is JobKind.UPDATE_CHECK:
                check_nesting(job.sparql, what="update")
                check_update_syntax(job.sparql)
                return Reply(), b""
            assert job.snapshot is not None
            engine = self._open(job.snapshot)
            if job.kind is JobKind.OPEN:
                return Reply(), b""
            check_nesting(job.sparql)
            refuse_remote_access(job.sparql, allow_service=self.settings.allow_service)
            result_format = job.result_format or transfer_format(query_form(job.sparql))
            raw = run_query(
                lambda: engine,
                self.runner,
                job.sparql,
                dataset=query_dataset(job.sparql, job.default_graphs, job.named_graphs),
                cap=job.max_rows,
                timeout_s=0,
                serialize=True,
                result_format=result_format,
            )
            result = raw.to_serialized(result_format)
            return Reply(result.form, result.format, result.truncated), result.body
        except SmpGraphError as exc:
            return Reply(error=type(exc).__name__, message=str(exc)), b""
        except Exception as exc:  # a bug: reported to the parent, which logs it; the worker lives on
            return Reply(error="internal", message=f"{type(exc).__name__}: {exc}"), b""


def _limit_address_space(memory_mb: int) -> None:
    """A backstop under the parent's watch of the resident set: the address space may grow by a few caps."""
    if not memory_mb:
        return
    import resource  # POSIX only: imported here, so that this module imports everywhere

    try:
        reserved = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return  # no /proc: no backstop (the parent's watch needs /proc too)
    limit = reserved + (_ADDRESS_SPACE_MARGIN * memory_mb + 1024) * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
