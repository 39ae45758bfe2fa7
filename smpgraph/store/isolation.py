"""The contained query engine: queries run in worker processes that can be stopped (ADR 0012).

pyoxigraph cannot cancel a query. So the queries of an on-disk store run in a pool of worker processes
(:mod:`smpgraph.store.query_worker`), each on a read-only snapshot of the store, and the caller waits
on a pipe. A query is stopped by killing its worker (SIGKILL), which gives its memory and its slot back
at once; a spare worker, started ahead, takes the slot. A query is stopped when it passes:

* its deadline (the caller's wait, slot included, ends there: 503);
* the memory cap (a watch thread reads each busy worker's resident set every 50 ms: 503);
* the short-query limit while the store is crowded: at most ``max_concurrent_queries`` queries may run
  longer than :data:`SHORT_QUERY_S`; the pool has one worker more, so short queries (lookups) still get
  a worker while long ones fill the others, and a query that would be one long query too many is
  stopped at :data:`SHORT_QUERY_S` (503, the store is busy). While short queries compete with long ones,
  the long ones run at a lower CPU priority (and their workers are replaced afterwards).

A worker that dies on its own (a crash in the engine) costs its request a clean error and nothing else.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from typing import Final

from smpgraph.config import Settings
from smpgraph.errors import QueryMemoryError, QueryTimeoutError, SmpGraphError, StoreBusyError
from smpgraph.store.guard import check_nesting
from smpgraph.store.query_worker import Job, JobKind, Reply, unpack
from smpgraph.store.snapshots import Snapshots
from smpgraph.store.workers import PoolStats, StopReason, Worker, crash_error, rebuilt

logger = logging.getLogger(__name__)

SHORT_QUERY_S: Final = 0.5
"""A query running longer is a long one; at most ``max_concurrent_queries`` long ones run at once."""
SHORT_LANES: Final = 1
"""Workers beyond ``max_concurrent_queries``, for short queries while long ones fill the others."""
SPARES: Final = 2
"""Workers started ahead, which take the place of a killed one at once."""
LONG_QUERY_NICE: Final = 10
"""While short queries compete with long ones, a long query's worker runs at this lower CPU priority, so that
short queries and new workers go first; it cannot be raised back (unprivileged): the worker is replaced after
its query."""
WATCH_S: Final = 0.05
"""How often busy workers are checked (memory, crowding, deadlines)."""
START_TIMEOUT_S: Final = 120.0
_DEADLINE_GRACE_S: Final = 0.25  # the watch kills a worker past its deadline if its caller has not


class QueryPool:
    """Worker processes that run the queries of one on-disk store; see the module's docstring."""

    def __init__(self, settings: Settings, snapshots: Snapshots) -> None:
        self.settings = settings
        self.long_slots = settings.max_concurrent_queries
        self.size = self.long_slots + SHORT_LANES
        self.memory_bytes = settings.query_memory_mb * 2**20
        self.snapshots = snapshots
        self._worker_settings = replace(
            settings, update_token=None, sparql_password=None, sparql_token=None, query_isolation="thread"
        )
        self._cond = threading.Condition()
        self._idle: list[Worker] = []
        self._busy: set[Worker] = set()
        self._spares: list[Worker] = []
        self._dead: list[Worker] = []
        self._live = 0  # workers holding a slot: idle or busy
        self._broken: str | None = None  # why workers fail to start, while they do
        self._waiting = 0  # callers waiting for a worker
        self._started = False
        self._ready = False  # a first worker has started
        self._closed = False
        self._busy_event = threading.Event()
        self._threads: list[threading.Thread] = []
        self.kills: dict[StopReason, int] = dict.fromkeys(StopReason, 0)
        self.crashes = 0

    # -- the caller's side ----------------------------------------------------------------------------

    def call(self, job: Job, timeout_s: float | None, *, what: str = "query") -> tuple[Reply, bytes]:
        """Run ``job`` on a worker within ``timeout_s`` seconds (None or 0: no deadline).

        Raises:
            StoreBusyError: no worker became free before the deadline, or the query was stopped as one
                long query too many.
            QueryTimeoutError: the job ran past its deadline (its worker was killed).
            QueryMemoryError: the job passed the memory cap (its worker was killed).
            QueryAbortedError: the worker died on this job.
        """
        self._wait_started()
        began = time.monotonic()
        deadline = began + timeout_s if timeout_s else None
        if job.kind is JobKind.QUERY and job.snapshot is None:
            check_nesting(job.sparql)  # here too, so that a refused query costs no round trip
            job = replace(job, snapshot=self.snapshots.current())
        worker = self._acquire(deadline, timeout_s)
        alive = False
        try:
            if job.snapshot is not None and job.snapshot != worker.snapshot:
                self.snapshots.switch(worker.snapshot, job.snapshot)
                worker.snapshot = job.snapshot
            worker.deadline = deadline
            worker.started = time.monotonic()
            try:
                worker.conn.send(job)
                remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
                if not worker.conn.poll(remaining):
                    with self._cond:
                        self._stop(worker, StopReason.DEADLINE)
                    raise self._timeout(what, timeout_s)
                reply, body = unpack(worker.conn.recv_bytes())
            except (EOFError, OSError):
                raise self._failure(worker, what, timeout_s, time.monotonic() - began) from None
            alive = True
        finally:
            self._release(worker, alive=alive)
        if reply.error is not None:
            raise rebuilt(reply)
        return reply, body

    def _wait_started(self) -> None:
        """On first use, wait for the first worker: starting the fork server is no query's time."""
        with self._cond:
            self._start()
            while not self._ready and not self._closed and self._broken is None:
                self._cond.wait()

    def _acquire(self, deadline: float | None, timeout_s: float | None) -> Worker:
        with self._cond:
            self._start()
            while not self._idle:
                if self._closed:
                    raise SmpGraphError("the store is closed")
                if self._broken is not None and not self._live:  # none runs, and none starts
                    raise SmpGraphError(f"no query worker could be started: {self._broken}")
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise StoreBusyError(
                        f"the store is busy: {len(self._busy)} queries are running and none ended within the "
                        f"deadline of {timeout_s:g} s; try again shortly"
                    )
                self._waiting += 1
                try:
                    self._cond.wait(remaining)
                finally:
                    self._waiting -= 1
            worker = self._idle.pop()
            self._busy.add(worker)
            self._busy_event.set()
            return worker

    def _release(self, worker: Worker, *, alive: bool) -> None:
        with self._cond:
            self._busy.discard(worker)
            worker.started = 0.0
            worker.deadline = None
            if alive and worker.stop_reason is None and not self._closed and not worker.demoted:
                self._idle.append(worker)
                self._cond.notify()
                return
            if alive and worker.demoted and worker.stop_reason is None:
                self.kills[StopReason.RETIRED] += 1
            worker.kill(worker.stop_reason or (StopReason.RETIRED if worker.demoted else StopReason.CLOSED))
            self._retire(worker)

    def _retire(self, worker: Worker) -> None:
        """Take a dead worker out of its slot; a spare takes the slot at once (the lock is held)."""
        self._live -= 1
        self._dead.append(worker)
        if self._spares and not self._closed:
            self._idle.append(self._spares.pop())
            self._live += 1
            self._cond.notify()
        self._cond.notify_all()  # the spawner refills the spares and reaps the dead one

    def _timeout(self, what: str, timeout_s: float | None) -> QueryTimeoutError:
        return QueryTimeoutError(f"the {what} ran past its deadline of {timeout_s or 0:g} s and was stopped")

    def _failure(self, worker: Worker, what: str, timeout_s: float | None, elapsed: float) -> SmpGraphError:
        reason = worker.stop_reason
        if reason is StopReason.DEADLINE:
            return self._timeout(what, timeout_s)
        if reason is StopReason.MEMORY:
            return QueryMemoryError(
                f"the {what} needed more than the {self.settings.query_memory_mb} MB a query may use "
                f"(SMPGRAPH_QUERY_MEMORY_MB) and was stopped after {elapsed:.1f} s"
            )
        if reason is StopReason.CROWDED:
            return StoreBusyError(
                f"the store is busy: {self.long_slots} long queries are running, so this {what} was stopped "
                f"after {SHORT_QUERY_S:g} s (a slot is kept for short queries); try again later"
            )
        if reason is StopReason.CLOSED or self._closed:
            return SmpGraphError("the store was closed while the query ran")
        self.crashes += 1
        return crash_error(worker, what)

    # -- the pool's threads ---------------------------------------------------------------------------

    def _start(self) -> None:
        """Start the spawner and the watch on first use (the lock is held)."""
        if self._started:
            return
        self._started = True
        for target, name in ((self._spawner, "smpgraph-query-spawner"), (self._watch, "smpgraph-query-watch")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def _spawner(self) -> None:
        """Keep every slot filled and one spare ready; reap the dead."""
        while True:
            with self._cond:
                while not self._closed and not self._dead and self._live >= self.size and len(self._spares) >= SPARES:
                    self._cond.wait()
                if self._closed:
                    return
                dead, self._dead = self._dead, []
            for worker in dead:
                self._bury(worker)
            with self._cond:
                needed = self._live < self.size or len(self._spares) < SPARES
            if not needed:
                continue
            try:
                worker = self._spawn()
            except (OSError, EOFError, RuntimeError, TimeoutError, ValueError) as exc:
                logger.error("could not start a query worker: %r", exc)
                with self._cond:
                    self._broken = str(exc) or type(exc).__name__
                    self._cond.notify_all()
                time.sleep(1.0)
                continue
            with self._cond:
                self._broken = None
                self._ready = True
                if self._stopping():
                    worker.kill(StopReason.CLOSED)
                    self._bury(worker)
                    return
                if self._live < self.size:
                    self._live += 1
                    self._idle.append(worker)
                    self._cond.notify_all()  # a caller waiting for a worker, or for the first one
                else:
                    self._spares.append(worker)

    def _stopping(self) -> bool:
        return self._closed

    def _spawn(self) -> Worker:
        worker = Worker.start(self._worker_settings, START_TIMEOUT_S)
        snapshot = self.snapshots.pin_latest()  # opened ahead, so that its first query does not wait for it
        if snapshot is not None:
            try:
                worker.conn.send(Job(JobKind.OPEN, "", snapshot=snapshot))
                reply = unpack(worker.conn.recv_bytes()) if worker.conn.poll(START_TIMEOUT_S) else None
                why = "no answer" if reply is None else reply[0].message
            except (EOFError, OSError) as exc:
                why = f"it ended ({exc!r})"
            if why:
                self.snapshots.switch(snapshot, None)
                worker.kill(StopReason.CLOSED)
                self._bury(worker)
                raise RuntimeError(f"a new worker could not open the store's snapshot: {why}")
            worker.snapshot = snapshot
        return worker

    def _bury(self, worker: Worker) -> None:
        """Reap a dead worker and release its snapshot."""
        worker.process.join(5.0)
        worker.conn.close()
        if worker.snapshot is not None:
            self.snapshots.switch(worker.snapshot, None)
            worker.snapshot = None

    def _watch(self) -> None:
        """Every :data:`WATCH_S`: stop busy workers past the memory cap, the crowding rule or the deadline."""
        while not self._closed:
            with self._cond:
                if not self._busy:
                    self._busy_event.clear()
                jobs = [(worker, worker.started) for worker in self._busy if worker.started]
            if not jobs:
                self._busy_event.wait(1.0)
                continue
            rss = {worker: worker.rss() for worker, _ in jobs} if self.memory_bytes else {}
            now = time.monotonic()
            with self._cond:  # act only on jobs still running: a worker back in the pool is left alone
                running = [(w, started) for w, started in jobs if w in self._busy and w.started == started]
                for worker, _ in running:
                    if rss.get(worker, 0) > self.memory_bytes:
                        self._stop(worker, StopReason.MEMORY)
                    elif worker.deadline is not None and now > worker.deadline + _DEADLINE_GRACE_S:
                        self._stop(worker, StopReason.DEADLINE)
                long = sorted(
                    (w for w, started in running if w.stop_reason is None and now - started > SHORT_QUERY_S),
                    key=lambda w: w.started,
                )
                for worker in long[self.long_slots :]:  # the newest long ones beyond the limit
                    self._stop(worker, StopReason.CROWDED)
                short = any(now - started <= SHORT_QUERY_S for _, started in running)
                if short or self._waiting:  # short queries compete with long ones: they go first
                    for worker in long[: self.long_slots]:
                        worker.demote(LONG_QUERY_NICE)
            time.sleep(WATCH_S)

    def _stop(self, worker: Worker, reason: StopReason) -> None:
        """Kill a busy worker (the lock is held: it cannot be back in the pool meanwhile); count why."""
        if worker.stop_reason is None:
            self.kills[reason] += 1
            logger.info("stopping a query worker (pid %d): %s", worker.pid, reason.value)
        worker.kill(reason)

    # -- life cycle -----------------------------------------------------------------------------------

    def stats(self) -> PoolStats:
        """The pool's workers and what it stopped so far (for tests, benchmarks and operators)."""
        with self._cond:
            return PoolStats(
                idle=tuple(worker.pid for worker in self._idle),
                busy=tuple(worker.pid for worker in self._busy),
                spares=tuple(worker.pid for worker in self._spares),
                kills={reason.value: count for reason, count in self.kills.items()},
                crashes=self.crashes,
            )

    def close(self) -> None:
        """Kill every worker and remove the snapshots."""
        with self._cond:
            self._closed = True
            workers = [*self._idle, *self._busy, *self._spares, *self._dead]
            self._idle, self._spares, self._dead = [], [], []
            self._cond.notify_all()
        self._busy_event.set()
        for worker in workers:
            worker.kill(StopReason.CLOSED)
        for worker in workers:
            self._bury(worker)
        for thread in self._threads:
            thread.join(2.0)
        self.snapshots.close()
