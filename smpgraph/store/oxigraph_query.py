"""Queries on the embedded engine: the query dataset, the run on a worker, and reading the result there.

A result is read in full on the worker thread that ran the query (pyoxigraph results may only die on the
thread that made them, see docs/decisions/0003-store-interface.md), up to the row cap. For
``query_serialized`` the engine first tries to write the whole result itself in one call
(docs/decisions/0010-select-results-writer.md); a result that may be longer than the cap is read again,
row by row, stopping at the cap. The engine is passed as the function that returns it (see
:mod:`smpgraph.store.oxigraph`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import pyoxigraph as ox

from smpgraph.errors import QueryError, SmpGraphError
from smpgraph.namespaces import PREFIXES
from smpgraph.store.dataset import names_own_dataset
from smpgraph.store.executor import BoundedRunner
from smpgraph.store.model import QueryForm, ResultFormat
from smpgraph.store.raw import RawResult, Row
from smpgraph.store.results import default_format, engine_graph_bytes, engine_select_bytes

_PREFIX_USE: Final = re.compile("|".join(re.escape(name) + ":" for name in PREFIXES))

GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


@dataclass(frozen=True, slots=True)
class QueryDataset:
    """The dataset of a query: the union of every graph, the graphs named, or (neither) the query's own."""

    union: bool = True
    default_graph: list[GraphName] | None = None
    named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None


def query_dataset(
    sparql: str, default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None
) -> QueryDataset:
    """The dataset of ``sparql``: the protocol's ``default-graph-uri`` and ``named-graph-uri`` if given, else
    the query's own ``FROM`` / ``FROM NAMED`` (SPARQL 1.1 Query 13.2), else the union of every graph.

    Raises:
        QueryError: an IRI is invalid.
    """
    if not default_graphs and not named_graphs:
        return QueryDataset(union=not names_own_dataset(sparql))
    try:
        default: list[GraphName] = [ox.NamedNode(iri) for iri in default_graphs or ()] or [ox.DefaultGraph()]
        named: list[ox.NamedNode | ox.BlankNode] | None = None
        if named_graphs:
            named = [ox.NamedNode(iri) for iri in named_graphs]
        elif default_graphs:
            named = []
    except ValueError as exc:
        raise QueryError(f"invalid graph IRI in the dataset: {exc}") from None
    return QueryDataset(union=False, default_graph=default, named_graphs=named)


def run_query(
    engine: Callable[[], ox.Store],
    runner: BoundedRunner,
    sparql: str,
    *,
    dataset: QueryDataset,
    cap: int,
    timeout_s: float,
    serialize: bool = False,
    result_format: ResultFormat | None = None,
) -> RawResult:
    """Run a query on a worker of ``runner``; with ``serialize``, a result within the cap is written there.

    Raises:
        QueryError: the query is malformed.
        UnsupportedFormatError: ``serialize`` with a format that does not fit the query form.
        QueryTimeoutError: it ran past ``timeout_s``.
        StoreBusyError: no worker became free in time.
    """
    # the engine parses every prefix it is given (~12 us for ours): only when the text may use one
    prefixes = PREFIXES if _PREFIX_USE.search(sparql) else None

    def evaluate() -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        try:
            return engine().query(
                sparql,
                prefixes=prefixes,
                use_default_graph_as_union=dataset.union,
                default_graph=dataset.default_graph,
                named_graphs=dataset.named_graphs,
            )
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except OSError as exc:
            raise SmpGraphError(f"the store could not be read: {exc}") from exc
        except RuntimeError as exc:  # valid, but the engine cannot run it (e.g. an unknown function)
            raise QueryError(f"the query cannot be evaluated: {exc}") from None

    def work() -> RawResult:
        result = evaluate()
        if serialize and not isinstance(result, ox.QueryBoolean):
            written = _engine_written(result, result_format, cap)
            if written is not None:
                return written
            result = evaluate()  # may be longer than the cap: again, read one by one, stopping at the cap
        return _read(result, cap)

    return runner.run(work, timeout_s=timeout_s)


def _engine_written(
    result: ox.QuerySolutions | ox.QueryTriples, fmt: ResultFormat | None, cap: int
) -> RawResult | None:
    """The result written by the engine in the format asked for, or None: read it one by one.

    None when the result may be longer than ``cap``; ``result`` is then spent.

    Raises:
        UnsupportedFormatError: the format does not fit the query form (before any row is read).
    """
    if isinstance(result, ox.QuerySolutions):
        form = QueryForm.SELECT
        written = engine_select_bytes(result, fmt or default_format(form), cap)
    else:
        form = QueryForm.CONSTRUCT
        written = engine_graph_bytes(result, fmt or default_format(form), cap, PREFIXES)
    return RawResult(form, serialized=written) if written is not None else None


def _read(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, cap: int) -> RawResult:
    """The result's terms, read up to ``cap`` rows or triples (0: no cap)."""
    if isinstance(result, ox.QueryBoolean):
        return RawResult(QueryForm.ASK, boolean=bool(result))
    truncated = False
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(variable.value for variable in result.variables)
        width = len(variables)
        rows: list[Row] = []
        for solution in result:
            if cap and len(rows) >= cap:
                truncated = True
                break
            rows.append(tuple(solution[index] for index in range(width)))
        return RawResult(QueryForm.SELECT, variables=variables, rows=rows, truncated=truncated)
    triples: list[ox.Triple] = []
    for triple in result:
        if cap and len(triples) >= cap:
            truncated = True
            break
        triples.append(triple)
    return RawResult(QueryForm.CONSTRUCT, triples=triples, truncated=truncated)
