"""The access log's batched output (smpgraph.server.accesslog)."""

from __future__ import annotations

import io
import logging
import time

from smpgraph.server.accesslog import BatchedLineHandler


def _logger(handler: logging.Handler, name: str) -> logging.Logger:
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger


def test_lines_wait_for_a_full_batch_or_a_flush():
    stream = io.StringIO()
    handler = BatchedLineHandler(stream, max_lines=3, interval_s=3600)
    logger = _logger(handler, "smpgraph.test.batch")
    logger.info("one")
    logger.info("two")
    assert stream.getvalue() == ""
    logger.info("three")
    assert stream.getvalue() == "one\ntwo\nthree\n"
    logger.info("four")
    handler.close()
    assert stream.getvalue().endswith("three\nfour\n")
    logger.removeHandler(handler)


def test_an_idle_log_is_written_within_the_interval():
    stream = io.StringIO()
    handler = BatchedLineHandler(stream, max_lines=1000, interval_s=0.05)
    logger = _logger(handler, "smpgraph.test.periodic")
    logger.info("GET /sparql 200")
    deadline = time.monotonic() + 5
    while "GET /sparql 200" not in stream.getvalue() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert stream.getvalue() == "GET /sparql 200\n"
    handler.close()
    logger.removeHandler(handler)


def test_a_closed_stream_does_not_break_the_request():
    stream = io.StringIO()
    handler = BatchedLineHandler(stream, max_lines=1, interval_s=3600)
    logger = _logger(handler, "smpgraph.test.closed")
    stream.close()
    logger.info("lost, silently")  # must not raise into the request that logs it
    handler.close()
    logger.removeHandler(handler)
