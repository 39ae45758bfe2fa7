"""The embedded store's entry points into the contained query engine (ADR 0012).

:class:`~smpgraph.store.oxigraph.OxigraphStore` calls these four functions and nothing else of the
worker pool: :func:`open_pool` when it opens, :func:`query_result` and :func:`serialized_result` for
its queries, :func:`check_update` before it runs an update (the update is parsed in a worker first).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import pyoxigraph as ox
from rdflib import Graph

from smpgraph.config import Settings
from smpgraph.store.base import (
    AskResult,
    GraphResult,
    QueryForm,
    QueryResult,
    ResultFormat,
    SelectResult,
    SerializedResult,
)
from smpgraph.store.isolation import QueryPool

__all__ = ["QueryPool", "check_update", "open_pool", "query_result", "serialized_result"]
from smpgraph.store.query_worker import Job, JobKind
from smpgraph.store.snapshots import Snapshots, WriteLock
from smpgraph.store.terms import rows_to_rdflib, triples_to_graph

SNAPSHOT_DIR: Final = ".query-snapshots"


def open_pool(path: Path | None, settings: Settings, engine: ox.Store, write_lock: WriteLock) -> QueryPool | None:
    """The pool of a store at ``path``, or None: queries then run in the caller's process.

    None for an in-memory store (workers cannot see its memory), with ``query_isolation`` ``thread``,
    and where processes cannot be started from a fork server (Windows).
    """
    if path is None or settings.query_isolation != "process":
        return None
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return None
    snapshots = Snapshots(path / SNAPSHOT_DIR, lambda target: engine.backup(str(target)), lambda: write_lock.generation)
    return QueryPool(settings, snapshots)


def _job(
    pool: QueryPool,
    sparql: str,
    result_format: ResultFormat | None,
    default_graphs: Sequence[str] | None,
    named_graphs: Sequence[str] | None,
    max_rows: int | None,
) -> Job:
    return Job(
        JobKind.QUERY,
        sparql,
        result_format=result_format,
        default_graphs=tuple(default_graphs) if default_graphs else None,
        named_graphs=tuple(named_graphs) if named_graphs else None,
        max_rows=pool.settings.max_rows if max_rows is None else max_rows,
    )


def _deadline(pool: QueryPool, timeout_s: float | None) -> float:
    return pool.settings.query_timeout_s if timeout_s is None else timeout_s


def serialized_result(
    pool: QueryPool,
    sparql: str,
    result_format: ResultFormat | None,
    *,
    default_graphs: Sequence[str] | None,
    named_graphs: Sequence[str] | None,
    timeout_s: float | None,
    max_rows: int | None,
) -> SerializedResult:
    """:meth:`OxigraphStore.query_serialized` on a worker: the bytes it wrote, as they are."""
    job = _job(pool, sparql, result_format, default_graphs, named_graphs, max_rows)
    reply, body = pool.call(job, _deadline(pool, timeout_s))
    assert reply.form is not None
    assert reply.result_format is not None
    return SerializedResult(reply.form, reply.result_format, body, truncated=reply.truncated)


def query_result(
    pool: QueryPool,
    sparql: str,
    *,
    default_graphs: Sequence[str] | None,
    named_graphs: Sequence[str] | None,
    timeout_s: float | None,
    max_rows: int | None,
) -> QueryResult:
    """:meth:`OxigraphStore.query` on a worker: its result crosses as SPARQL JSON or N-Triples, read back here."""
    job = _job(pool, sparql, None, default_graphs, named_graphs, max_rows)
    reply, body = pool.call(job, _deadline(pool, timeout_s))
    if reply.form in (QueryForm.SELECT, QueryForm.ASK):
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            return AskResult(bool(parsed))
        variables = tuple(variable.value for variable in parsed.variables)
        width = len(variables)
        rows = rows_to_rdflib([tuple(solution[index] for index in range(width)) for solution in parsed])
        return SelectResult(variables, rows, truncated=reply.truncated)
    triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
    # rdflib's context-unaware SimpleMemory store builds a one-graph result about twice as fast
    return GraphResult(triples_to_graph(triples, Graph(store="SimpleMemory")), truncated=reply.truncated)


def check_update(pool: QueryPool, sparql: str) -> None:
    """Parse an update in a worker (no deadline: updates are the operator's), before the store runs it.

    Raises:
        QueryError: the update does not parse, or is nested too deeply.
        QueryAbortedError: the parser crashed on it (in the worker; the store is untouched).
    """
    pool.call(Job(JobKind.UPDATE_CHECK, sparql), None, what="update")
