"""A query result as the engine gave it, before it becomes rdflib terms or bytes: one type for every backend.

Each backend runs a query its own way and hands back a :class:`RawResult` of engine (pyoxigraph) terms,
read in full; :meth:`RawResult.to_result` and :meth:`RawResult.to_serialized` then make the same
results and the same bytes whatever the backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph

from smpgraph.store.model import (
    AskResult,
    GraphResult,
    QueryForm,
    QueryResult,
    ResultFormat,
    SelectResult,
    SerializedResult,
)
from smpgraph.store.results import default_format, serialize_result
from smpgraph.store.terms import OxTerm, rows_to_rdflib, triples_to_graph

Row = tuple[OxTerm | None, ...]


@dataclass(frozen=True, slots=True)
class RawResult:
    """The result of one query in engine terms.

    Attributes:
        form: the query form (DESCRIBE results count as CONSTRUCT).
        boolean: the answer of an ASK query.
        variables: the projected variables of a SELECT query, without ``?``.
        rows: the SELECT solutions, aligned with ``variables``; ``None`` where unbound.
        triples: the CONSTRUCT or DESCRIBE triples.
        truncated: True when the row cap (ours or the engine's) cut the result short.
        serialized: the whole result already written by the engine in the format asked for (the
            embedded store's fast path, docs/decisions/0010-select-results-writer.md); then nothing else is set.
    """

    form: QueryForm
    boolean: bool = False
    variables: tuple[str, ...] = ()
    rows: list[Row] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False
    serialized: bytes | None = None

    def to_result(self) -> QueryResult:
        """The result with rdflib terms (a query's answer)."""
        if self.form is QueryForm.ASK:
            return AskResult(self.boolean)
        if self.form is QueryForm.SELECT:
            return SelectResult(self.variables, rows_to_rdflib(self.rows), truncated=self.truncated)
        # rdflib's context-unaware SimpleMemory store builds a graph about twice as fast as the default
        # Memory store (the result is one graph: contexts are of no use to it)
        return GraphResult(triples_to_graph(self.triples, Graph(store="SimpleMemory")), truncated=self.truncated)

    def to_serialized(self, result_format: ResultFormat | None) -> SerializedResult:
        """The result written in ``result_format`` (SPARQL JSON, or Turtle for graphs, when ``None``).

        Raises:
            UnsupportedFormatError: the format does not fit the query form.
        """
        if self.serialized is not None:
            return SerializedResult(self.form, result_format or default_format(self.form), self.serialized)
        return serialize_result(
            self.form,
            result_format,
            boolean=self.boolean,
            variables=self.variables,
            rows=self.rows,
            triples=self.triples,
            truncated=self.truncated,
        )
