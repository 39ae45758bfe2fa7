"""Run engine work with a deadline and a cap on how much runs at once.

pyoxigraph cannot cancel a query, and consuming its results from another thread than the one that
started it has aborted the process here. So each query runs start to finish (results read in full)
on one worker thread of a small pool; the caller waits until the deadline and then gets
:class:`QueryTimeoutError`. A query past its deadline keeps its slot until it really ends, so that
runaway queries cannot pile up: when every slot is taken, callers wait until their own deadline and
then get :class:`StoreBusyError`. Without a deadline (setting 0) the hand-off buys nothing, so work
runs on the caller's thread, still within the cap on how much runs at once. Workers are daemon
threads, so an abandoned query never keeps the process from exiting.
"""

from __future__ import annotations

import queue
import threading
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from smpgraph.errors import QueryTimeoutError, StoreBusyError

T = TypeVar("T")


class _Job(Generic[T]):
    """One call: the worker fills ``value`` or ``error``, then releases ``done`` (held from the start)."""

    __slots__ = ("done", "error", "value", "work")

    def __init__(self, work: Callable[[], T]) -> None:
        self.work = work
        self.done = threading.Lock()  # a bare lock: cheaper to wait on than an Event (no Condition)
        self.done.acquire()
        self.value: T | None = None
        self.error: BaseException | None = None


class BoundedRunner:
    """Runs callables on a pool of ``slots`` persistent worker threads, each call with a deadline.

    The hand-off costs a few tens of microseconds (two thread wake-ups); to keep it there, every
    primitive on the path is implemented in C: free slots are tokens in a :class:`queue.SimpleQueue`
    (not a Python-level semaphore), jobs go through another one, and the caller waits on a bare lock.
    """

    def __init__(self, slots: int) -> None:
        """Create a runner with ``slots`` concurrent workers (at least 1); threads start on first use."""
        self.slots = max(1, slots)
        self._free: queue.SimpleQueue[None] = queue.SimpleQueue()
        for _ in range(self.slots):
            self._free.put(None)
        self._jobs: queue.SimpleQueue[_Job[Any]] = queue.SimpleQueue()
        self._started = 0
        self._start_lock = threading.Lock()

    def _ensure_worker(self) -> None:
        if self._started >= self.slots:  # the common case, without the lock; re-checked under it
            return
        with self._start_lock:
            if self._started < self.slots:
                threading.Thread(target=self._serve, name=f"smpgraph-query-{self._started}", daemon=True).start()
                self._started += 1

    def _serve(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                job.value = job.work()
            except BaseException as exc:  # handed to the caller, without this thread's frames
                job.error = _without_frames(exc)
            finally:  # free the slot first: once the caller wakes, this thread only waits for the next job
                self._free.put(None)
                job.done.release()
            del job  # an idle worker keeps nothing of its last call: its result, the engine it ran on

    def run(self, work: Callable[[], T], *, timeout_s: float | None, what: str = "query") -> T:
        """Run ``work`` and return its result, or raise at the deadline.

        ``timeout_s`` None or 0 means no deadline: ``work`` then runs on the caller's own thread once a
        slot is free (waiting as long as it takes), which saves the hand-off to a worker.

        Raises:
            QueryTimeoutError: the work did not finish within ``timeout_s`` seconds.
            StoreBusyError: no slot became free within ``timeout_s`` seconds.
        """
        if not timeout_s:  # no deadline: no reason to hand the work over; run it here, in a slot
            self._free.get()
            try:
                return work()
            finally:
                self._free.put(None)
        wait = max(0.0, timeout_s)
        try:
            self._free.get(timeout=wait)
        except queue.Empty:
            raise StoreBusyError(f"the store is busy: {self.slots} queries are running; try again shortly") from None
        job: _Job[T] = _Job(work)
        self._ensure_worker()
        self._jobs.put(job)
        if not job.done.acquire(timeout=wait):
            raise QueryTimeoutError(f"the {what} ran past its deadline of {timeout_s:g} s and was abandoned")
        if job.error is not None:
            raise job.error
        return job.value  # type: ignore[return-value]


def _without_frames(error: BaseException) -> BaseException:
    """``error`` and the errors it chains, with their tracebacks cut off (kept as text in a note).

    The frames of the work may hold engine objects (pyoxigraph query results) that may only be dropped
    on the thread that made them: were the traceback handed to the caller, they would die on its thread
    (pyo3 reports "unsendable ... dropped on another thread"). Cut here, they die on this thread.
    """
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if current.__traceback__ is not None:
            current.add_note("in the query worker:\n" + "".join(traceback.format_tb(current.__traceback__)).rstrip())
            current.__traceback__ = None
        pending.extend(chained for chained in (current.__cause__, current.__context__) if chained is not None)
    return error
