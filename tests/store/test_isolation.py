"""The contained query engine (docs/decisions/0012-contained-query-engine.md): queries of an on-disk store run in
worker processes, which are killed at the deadline or the memory cap, and whose crash fails one query only."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from smpgraph.config import Settings
from smpgraph.errors import (
    InputError,
    NestingTooDeepError,
    QueryAbortedError,
    QueryError,
    QueryMemoryError,
    QueryTimeoutError,
    SmpGraphError,
    StoreBusyError,
)
from smpgraph.store import AskResult, GraphResult, ResultFormat, SelectResult, open_store
from smpgraph.store.contained import SNAPSHOT_DIR
from smpgraph.store.isolation import SHORT_QUERY_S, SPARES, QueryPool
from smpgraph.store.oxigraph import OxigraphStore

EX = "http://example.org/"
TRIPLES = 3000
DATA = "".join(f'<{EX}s{i}> <{EX}p{i % 7}> "{i}" .\n' for i in range(TRIPLES)).encode()
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # CPU, little memory
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
LOOKUP = f"SELECT ?p ?o WHERE {{ <{EX}s42> ?p ?o }}"


def disk_store(path: Path, **overrides: object) -> OxigraphStore:
    settings = Settings(**{"reasoner": "none", **overrides})  # type: ignore[arg-type]
    store = open_store(settings, path=path)
    assert isinstance(store, OxigraphStore)
    store.load(DATA, format=ResultFormat.NTRIPLES, name="data.nt", graph=EX + "g", reason=False)
    return store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[OxigraphStore]:
    store = disk_store(tmp_path / "store", query_timeout_s=1.0, max_concurrent_queries=2)
    yield store
    store.close()


def pool_of(store: OxigraphStore) -> QueryPool:
    pool = store._pool
    assert pool is not None
    return pool


def gone(pid: int) -> bool:
    """True once the process has ended (its memory is freed even before it is reaped)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "State:\tZ" in status or "State:\tX" in status


def wait_for(condition: Callable[[], bool], limit_s: float = 30.0) -> float:
    """Poll ``condition`` every 10 ms; the seconds it took to hold (the test fails if it never does)."""
    began = time.monotonic()
    while not condition():
        assert time.monotonic() - began < limit_s, "the condition never held"
        time.sleep(0.01)
    return time.monotonic() - began


def run_in_thread(call: Callable[[], object]) -> tuple[threading.Thread, dict[str, object]]:
    outcome: dict[str, object] = {}

    def target() -> None:
        began = time.monotonic()
        try:
            outcome["value"] = call()
        except SmpGraphError as exc:
            outcome["error"] = exc
        outcome["seconds"] = time.monotonic() - began
        outcome["ended"] = time.monotonic()

    thread = threading.Thread(target=target)
    thread.start()
    return thread, outcome


def test_queries_answer_as_in_process(store: OxigraphStore) -> None:
    reference = open_store(Settings(backend="memory", reasoner="none"))
    reference.load(DATA, format=ResultFormat.NTRIPLES, name="data.nt", graph=EX + "g", reason=False)
    queries = [
        "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 50",
        f"SELECT ?o WHERE {{ ?s <{EX}p3> ?o OPTIONAL {{ ?s <{EX}nothing> ?x }} }} ORDER BY ?o",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    ]
    for query in queries:
        ours, theirs = store.query(query), reference.query(query)
        assert isinstance(ours, SelectResult)
        assert isinstance(theirs, SelectResult)
        assert ours.variables == theirs.variables
        assert ours.rows == theirs.rows
    assert store.query(f"ASK {{ <{EX}s1> ?p ?o }}") == AskResult(True)
    graph = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s = <{EX}s5>) }}")
    assert isinstance(graph, GraphResult)
    assert isomorphic(graph.graph, reference.query(f"DESCRIBE <{EX}s5>").graph)  # type: ignore[union-attr]
    for fmt in (ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV, ResultFormat.TSV):
        query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 5"
        assert store.query_serialized(query, fmt).body == reference.query_serialized(query, fmt).body
    capped = store.query("SELECT * WHERE { ?s ?p ?o }", max_rows=10)
    assert isinstance(capped, SelectResult)
    assert len(capped) == 10
    assert capped.truncated
    body = store.query_serialized("SELECT * WHERE { ?s ?p ?o }", ResultFormat.TSV, max_rows=10)
    assert body.truncated
    assert body.body.count(b"\n") == 11
    with pytest.raises(QueryError, match="syntax error"):
        store.query("SELECT ?x WHERE { ?x")
    with pytest.raises(InputError):
        store.query_serialized(f"CONSTRUCT WHERE {{ <{EX}s1> ?p ?o }}", ResultFormat.CSV)
    assert pool_of(store).stats().crashes == 0
    reference.close()


def test_the_next_query_sees_every_finished_write(tmp_path: Path) -> None:
    # a deadline that leaves room for a snapshot and a worker's reopening on a loaded machine: this test is
    # about what the next query sees, not about deadlines
    store = disk_store(tmp_path / "store", query_timeout_s=20.0, max_concurrent_queries=2)
    try:
        _sees_every_finished_write(store)
    finally:
        store.close()


def _sees_every_finished_write(store: OxigraphStore) -> None:
    assert store.query(f"ASK {{ <{EX}new> ?p ?o }}") == AskResult(False)
    store.update(f"INSERT DATA {{ GRAPH <{EX}g2> {{ <{EX}new> <{EX}p> 1 }} }}")
    assert store.query(f"ASK {{ <{EX}new> ?p ?o }}") == AskResult(True)
    store.load(f'<{EX}loaded> <{EX}p> "2" .'.encode(), format=ResultFormat.NTRIPLES, name="x.nt", reason=False)
    assert store.query(f"ASK {{ <{EX}loaded> ?p ?o }}") == AskResult(True)
    graph = Graph()
    graph.add((URIRef(EX + "put"), URIRef(EX + "p"), Literal(3)))
    store.put_graph(EX + "g3", graph, reason=False)
    assert store.query(f"ASK {{ <{EX}put> ?p ?o }}") == AskResult(True)
    store.drop_graph(EX + "g3", reason=False)
    assert store.query(f"ASK {{ <{EX}put> ?p ?o }}") == AskResult(False)
    with pytest.raises(QueryError, match="syntax error"):  # updates are parsed in a worker first
        store.update("INSERT DATA { <x:a> <x:b> }")
    with pytest.raises(NestingTooDeepError, match="update is nested"):
        store.update("DELETE { ?s ?p ?o } WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000)
    snapshots = [path for path in (store.path / SNAPSHOT_DIR).iterdir()]  # type: ignore[operator]
    assert len(snapshots) <= pool_of(store).size + SPARES + 1  # at most one per worker, and the latest


def test_a_query_past_its_deadline_is_killed_and_its_memory_and_slot_come_back(store: OxigraphStore) -> None:
    pool = pool_of(store)
    store.query(LOOKUP)  # the pool is up
    wait_for(lambda: len(pool.stats().idle) == pool.size)
    thread, outcome = run_in_thread(lambda: store.query(CROSS_JOIN, timeout_s=1.0))
    wait_for(lambda: bool(pool.stats().busy))
    (pid,) = pool.stats().busy
    thread.join()
    assert isinstance(outcome["error"], QueryTimeoutError)
    assert "deadline of 1 s" in str(outcome["error"])
    assert 0.9 <= float(outcome["seconds"]) <= 2.0  # type: ignore[arg-type]
    death = wait_for(lambda: gone(pid))
    assert death < 1.0  # killed before the error was raised: its memory is freed at once
    assert pid not in pool.stats().idle
    assert wait_for(lambda: len(pool.stats().idle) == pool.size) < 1.0  # the slot is back (a spare took it)
    assert pool.stats().kills["deadline"] == 1
    assert isinstance(store.query(LOOKUP, timeout_s=1.0), SelectResult)


def test_a_query_past_the_memory_cap_is_killed(tmp_path: Path) -> None:
    store = disk_store(tmp_path / "store", query_timeout_s=120.0, query_memory_mb=256)
    try:
        pool = pool_of(store)
        thread, outcome = run_in_thread(lambda: store.query(HUNGRY))
        wait_for(lambda: bool(pool.stats().busy))
        (pid,) = pool.stats().busy
        thread.join()
        assert isinstance(outcome["error"], QueryMemoryError)
        assert "256 MB" in str(outcome["error"])
        assert isinstance(outcome["error"], QueryAbortedError)  # 503, exit 2
        assert wait_for(lambda: gone(pid)) < 1.0
        assert pool.stats().kills["memory"] == 1
        assert isinstance(store.query(LOOKUP), SelectResult)
    finally:
        store.close()


def test_a_worker_that_crashes_fails_its_query_only(store: OxigraphStore) -> None:
    pool = pool_of(store)
    store.query(LOOKUP)
    thread, outcome = run_in_thread(lambda: store.query(CROSS_JOIN, timeout_s=30.0))
    wait_for(lambda: bool(pool.stats().busy))
    (pid,) = pool.stats().busy
    os.kill(pid, signal.SIGSEGV)  # what a stack overflow in the engine does
    thread.join()
    error = outcome["error"]
    assert isinstance(error, QueryAbortedError)
    assert "SIGSEGV" in str(error)
    assert error.exit_code == 2
    assert error.http_status == 503
    assert pool.stats().crashes == 1
    assert isinstance(store.query(LOOKUP), SelectResult)
    store.update(f"INSERT DATA {{ <{EX}after> <{EX}p> 1 }}")  # the store itself is untouched
    assert store.query(f"ASK {{ <{EX}after> ?p ?o }}") == AskResult(True)


def test_when_long_queries_fill_the_slots_short_ones_still_run(tmp_path: Path) -> None:
    store = disk_store(tmp_path / "store", query_timeout_s=60.0, max_concurrent_queries=1)
    try:
        pool = pool_of(store)
        store.query(LOOKUP)
        wait_for(lambda: len(pool.stats().idle) == pool.size)
        first, first_outcome = run_in_thread(lambda: store.query(CROSS_JOIN, timeout_s=3.0))
        wait_for(lambda: len(pool.stats().busy) == 1)
        time.sleep(SHORT_QUERY_S)  # the first one is now a long query
        second, second_outcome = run_in_thread(lambda: store.query(CROSS_JOIN, timeout_s=3.0))
        wait_for(lambda: len(pool.stats().busy) == 2)
        second.join()
        assert isinstance(second_outcome["error"], StoreBusyError)  # one long query too many
        assert "1 long queries are running" in str(second_outcome["error"])
        assert float(second_outcome["seconds"]) < 2.0  # type: ignore[arg-type]
        began = time.monotonic()
        assert isinstance(store.query(LOOKUP, timeout_s=3.0), SelectResult)  # while the first still runs
        assert time.monotonic() - began < 1.0
        first.join()
        assert isinstance(first_outcome["error"], QueryTimeoutError)
        kills = pool.stats().kills
        assert (kills["deadline"], kills["memory"], kills["crowded"]) == (1, 0, 1)
    finally:
        store.close()


def test_runaway_queries_give_every_slot_back_after_their_deadline(store: OxigraphStore) -> None:
    pool = pool_of(store)
    store.query(LOOKUP)
    wait_for(lambda: len(pool.stats().idle) == pool.size)
    runs = [run_in_thread(lambda: store.query(CROSS_JOIN, timeout_s=1.0)) for _ in range(pool.size + 2)]
    for thread, _ in runs:
        thread.join()
    for _, outcome in runs:
        assert isinstance(outcome["error"], (QueryTimeoutError, StoreBusyError))
        assert float(outcome["seconds"]) <= 2.0  # type: ignore[arg-type]  # deadline + 1 s
    last = max(float(outcome["ended"]) for _, outcome in runs)  # type: ignore[arg-type]
    wait_for(lambda: len(pool.stats().idle) == pool.size)
    assert time.monotonic() - last < 1.0
    lookups = [run_in_thread(lambda: store.query(LOOKUP, timeout_s=1.0)) for _ in range(pool.size)]
    for thread, outcome in lookups:
        thread.join()
        assert isinstance(outcome["value"], SelectResult)


def test_closing_the_store_ends_its_workers_and_removes_its_snapshots(tmp_path: Path) -> None:
    store = disk_store(tmp_path / "store")
    pool = pool_of(store)
    store.query(LOOKUP)
    wait_for(lambda: len(pool.stats().idle) == pool.size)
    pids = [*pool.stats().idle, *pool.stats().spares]
    assert (tmp_path / "store" / SNAPSHOT_DIR).is_dir()
    store.close()
    assert all(gone(pid) for pid in pids)
    assert not (tmp_path / "store" / SNAPSHOT_DIR).exists()
    reopened = open_store(Settings(reasoner="none"), path=tmp_path / "store")  # the engine's lock was let go
    assert len(reopened) == TRIPLES
    reopened.close()


def test_in_process_queries_are_an_opt_out_and_the_memory_backend_default(tmp_path: Path) -> None:
    opted_out = disk_store(tmp_path / "store", query_isolation="thread")
    memory = open_store(Settings(backend="memory"))
    try:
        assert opted_out._pool is None
        assert isinstance(memory, OxigraphStore)
        assert memory._pool is None
        result = opted_out.query(LOOKUP)
        assert isinstance(result, SelectResult)
        assert len(result) == 1
    finally:
        opted_out.close()
        memory.close()


def test_the_writer_reasons_over_the_live_store(tmp_path: Path) -> None:
    store = disk_store(tmp_path / "store", reasoner="reasonable")
    try:  # the update reasons under the write lock, whose own queries (property chains) read the live store
        store.update(
            f"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            f"INSERT DATA {{ <{EX}x> a <{EX}A> . <{EX}A> rdfs:subClassOf <{EX}B> }}"
        )
        assert store.query(f"ASK {{ <{EX}x> a <{EX}B> }}") == AskResult(True)
    finally:
        store.close()


@pytest.mark.parametrize("value", [1, 100, 255, -1, 1 << 21])
def test_the_memory_cap_is_range_checked(value: int) -> None:
    with pytest.raises(InputError, match="SMPGRAPH_QUERY_MEMORY_MB"):
        Settings(query_memory_mb=value)
    assert Settings(query_memory_mb=0).query_memory_mb == 0
    assert Settings.from_env({"SMPGRAPH_QUERY_MEMORY_MB": "300"}).query_memory_mb == 300
    with pytest.raises(InputError, match="SMPGRAPH_QUERY_ISOLATION"):
        Settings.from_env({"SMPGRAPH_QUERY_ISOLATION": "fork"})
