"""Run engine work with a deadline and a cap on how much runs at once.

pyoxigraph cannot cancel a query, and consuming its results from another thread than the one that
started it has aborted the process here. So each query runs start to finish (results read in full)
in a worker thread of its own; the caller waits until the deadline and then gets
:class:`QueryTimeoutError`. A query past its deadline keeps its slot until it really ends, so that
runaway queries cannot pile up: when every slot is taken, callers wait until their own deadline and
then get :class:`StoreBusyError`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from smpgraph.errors import QueryTimeoutError, StoreBusyError

T = TypeVar("T")


class _Outcome(Generic[T]):
    __slots__ = ("done", "error", "value")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: T | None = None
        self.error: BaseException | None = None


class BoundedRunner:
    """Runs callables in worker threads, at most ``slots`` at once, each with a deadline."""

    def __init__(self, slots: int) -> None:
        """Create a runner with ``slots`` concurrent workers (at least 1)."""
        self._slots = threading.BoundedSemaphore(max(1, slots))
        self.slots = max(1, slots)

    def run(self, work: Callable[[], T], *, timeout_s: float | None, what: str = "query") -> T:
        """Run ``work`` and return its result, or raise at the deadline.

        Raises:
            QueryTimeoutError: the work did not finish within ``timeout_s`` seconds.
            StoreBusyError: no slot became free within ``timeout_s`` seconds.
        """
        if not self._slots.acquire(timeout=timeout_s if timeout_s is not None else -1):
            raise StoreBusyError(f"the store is busy: {self.slots} heavy queries are running; try again shortly")
        outcome: _Outcome[T] = _Outcome()

        def target() -> None:
            try:
                outcome.value = work()
            except BaseException as exc:  # handed to the caller below
                outcome.error = exc
            finally:
                outcome.done.set()
                self._slots.release()

        worker = threading.Thread(target=target, name=f"smpgraph-{what}", daemon=True)
        try:
            worker.start()
        except BaseException:
            self._slots.release()
            raise
        if not outcome.done.wait(timeout_s):
            raise QueryTimeoutError(f"the {what} ran past its deadline of {timeout_s:g} s and was abandoned")
        if outcome.error is not None:
            raise outcome.error
        return outcome.value  # type: ignore[return-value]
