"""The access log's output: lines written in batches, at least once a second.

A log line written and flushed per request costs a system call with the GIL released, and on a busy
server every such release is a thread switch: with the access log on, a small query over HTTP ran about
18% slower (docs/decisions/0010-select-results-writer.md). Like nginx's ``access_log ... buffer= flush=``,
lines are kept in memory and written together when enough have gathered, at the latest after
``interval_s``, and when the handler is flushed or closed (at a clean stop, including SIGTERM).
"""

from __future__ import annotations

import logging
import threading
from typing import TextIO


class BatchedLineHandler(logging.Handler):
    """A logging handler that writes formatted records to ``stream`` in batches."""

    def __init__(self, stream: TextIO, *, max_lines: int = 256, interval_s: float = 1.0) -> None:
        """Write to ``stream`` once ``max_lines`` lines are waiting, or every ``interval_s`` seconds."""
        super().__init__()
        self.stream = stream
        self.max_lines = max_lines
        self.interval_s = interval_s
        self._lines: list[str] = []
        self._stopped = threading.Event()
        self._flusher: threading.Thread | None = None

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the formatted record; write the batch if it is full."""
        try:
            line = self.format(record)
        except Exception:  # logging's contract: a bad record must not break the caller
            self.handleError(record)
            return
        with self.lock:  # type: ignore[union-attr]  # created by Handler.__init__
            self._lines.append(line)
            full = len(self._lines) >= self.max_lines
        if self._flusher is None:
            self._start_flusher()
        if full:
            self.flush()

    def flush(self) -> None:
        """Write every waiting line in one call."""
        with self.lock:  # type: ignore[union-attr]
            lines, self._lines = self._lines, []
        if lines:
            try:
                self.stream.write("\n".join(lines) + "\n")
                self.stream.flush()
            except (OSError, ValueError):  # a closed or broken stream: the lines cannot be written anywhere
                pass

    def close(self) -> None:
        """Stop the periodic writer and write what is left."""
        self._stopped.set()
        self.flush()
        super().close()

    def _start_flusher(self) -> None:
        with self.lock:  # type: ignore[union-attr]
            if self._flusher is not None:
                return
            self._flusher = threading.Thread(target=self._flush_periodically, name="smpgraph-access-log", daemon=True)
        self._flusher.start()

    def _flush_periodically(self) -> None:
        while not self._stopped.wait(self.interval_s):
            self.flush()
