"""The embedded store's queries in worker processes (docs/decisions/0012-contained-query-engine.md).

:class:`ContainedQueries` sends a query of an on-disk store to the worker pool, where the deadline and the
memory cap can stop it; in memory, and inside a write (the writer reads the live store), it runs in-process
as :class:`~smpgraph.store.common.BaseStore` runs it.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence

from smpgraph.store import contained
from smpgraph.store.common import BaseStore
from smpgraph.store.guard import check_update_syntax
from smpgraph.store.model import QueryResult, ResultFormat, SerializedResult

__all__ = ["ContainedQueries"]


class ContainedQueries(BaseStore):
    """Queries through the worker pool when there is one."""

    @abstractmethod
    def _contained(self) -> contained.QueryPool | None:
        """The worker pool for a query now, or None to run it in this process."""

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout_s: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """As :meth:`BaseStore.query`; on disk, in a worker process the deadline can stop (QueryAbortedError if the
        query crashes it or passes the memory cap; ADR 0012)."""
        pool = self._contained()
        if pool is None:
            return super().query(
                sparql, default_graphs=default_graphs, named_graphs=named_graphs, timeout_s=timeout_s, max_rows=max_rows
            )
        return contained.query_result(
            pool, sparql, default_graphs=default_graphs, named_graphs=named_graphs, timeout_s=timeout_s,
            max_rows=max_rows,
        )  # fmt: skip

    def query_serialized(
        self,
        sparql: str,
        result_format: ResultFormat | None = None,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout_s: float | None = None,
        max_rows: int | None = None,
    ) -> SerializedResult:
        """As :meth:`BaseStore.query_serialized`; on disk, in a worker process (ADR 0012)."""
        pool = self._contained()
        if pool is None:
            return super().query_serialized(
                sparql, result_format, default_graphs=default_graphs, named_graphs=named_graphs,
                timeout_s=timeout_s, max_rows=max_rows,
            )  # fmt: skip
        return contained.serialized_result(
            pool, sparql, result_format, default_graphs=default_graphs, named_graphs=named_graphs,
            timeout_s=timeout_s, max_rows=max_rows,
        )  # fmt: skip

    def _check_update_syntax(self, sparql: str) -> None:
        pool = self._contained()  # in a worker: a parser crash kills the worker, not us
        contained.check_update(pool, sparql) if pool is not None else check_update_syntax(sparql)
