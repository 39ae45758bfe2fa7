"""The runner behind query deadlines and the cap on concurrent queries (docs/decisions/0003, 0010)."""

from __future__ import annotations

import threading

import pytest

from smpgraph.config import Settings
from smpgraph.errors import InputError, QueryTimeoutError, StoreBusyError
from smpgraph.store import SelectResult, open_store
from smpgraph.store.executor import BoundedRunner


def test_with_a_deadline_work_runs_on_a_worker_and_without_one_on_the_caller():
    runner = BoundedRunner(2)
    me = threading.get_ident()
    assert runner.run(threading.get_ident, timeout_s=5) != me
    assert runner.run(threading.get_ident, timeout_s=0) == me
    assert runner.run(threading.get_ident, timeout_s=None) == me


def test_work_without_a_deadline_still_takes_a_slot():
    runner = BoundedRunner(1)
    entered, release = threading.Event(), threading.Event()

    def hold() -> None:
        entered.set()
        release.wait(10)

    holder = threading.Thread(target=runner.run, args=(hold,), kwargs={"timeout_s": 0})
    holder.start()
    assert entered.wait(5)
    with pytest.raises(StoreBusyError):
        runner.run(lambda: None, timeout_s=0.2)
    release.set()
    holder.join(5)
    assert runner.run(lambda: "free again", timeout_s=1) == "free again"


def test_errors_of_inline_work_reach_the_caller_and_free_the_slot():
    runner = BoundedRunner(1)
    with pytest.raises(ValueError, match="boom"):
        runner.run(lambda: (_ for _ in ()).throw(ValueError("boom")), timeout_s=0)
    assert runner.run(lambda: 1, timeout_s=0.5) == 1


def test_a_worker_past_the_deadline_is_abandoned():
    runner = BoundedRunner(1)
    release = threading.Event()
    with pytest.raises(QueryTimeoutError, match=r"0\.1 s"):
        runner.run(lambda: release.wait(10), timeout_s=0.1)
    release.set()


def test_a_store_without_deadline_answers_queries():
    store = open_store(Settings(backend="memory", query_timeout_s=0))
    result = store.query("SELECT ?x WHERE { VALUES ?x { 1 2 3 } }")
    assert isinstance(result, SelectResult) and len(result) == 3
    assert store.query_serialized("ASK { }").body.startswith(b"{")


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("query_timeout_s", -1.0, "SMPGRAPH_QUERY_TIMEOUT_S"),
        ("max_rows", -5, "SMPGRAPH_MAX_ROWS"),
        ("max_concurrent_queries", 0, "SMPGRAPH_MAX_CONCURRENT_QUERIES"),
        ("threads", 0, "SMPGRAPH_THREADS"),
        ("port", 70000, "SMPGRAPH_PORT"),
    ],
)
def test_limits_out_of_range_are_input_errors(field, value, needle):
    with pytest.raises(InputError, match=needle):
        Settings(**{field: value})
    with pytest.raises(InputError, match=needle):
        Settings.from_env({f"SMPGRAPH_{field.upper()}": str(value)})


def test_an_error_on_a_worker_does_not_carry_engine_objects_to_the_caller(monkeypatch):
    """pyoxigraph results may only die on the thread that made them: the worker's frames stay there."""
    import gc
    import sys

    from smpgraph.errors import UnsupportedFormatError
    from smpgraph.store import ResultFormat

    unraisable: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda info: unraisable.append(repr(info.exc_value)))
    store = open_store(Settings(backend="memory", query_timeout_s=30))  # a deadline: the query runs on a worker
    for _ in range(3):
        with pytest.raises(UnsupportedFormatError) as caught:
            store.query_serialized("SELECT * WHERE { VALUES ?x { 1 2 } }", ResultFormat.TURTLE)
        assert "in the query worker" in "\n".join(getattr(caught.value, "__notes__", []))
        del caught
        gc.collect()
    assert not [message for message in unraisable if "unsendable" in message]
