"""Which dataset a query runs over: the protocol's, the query's own, or the store's union.

SPARQL 1.1 Query 13.2 and Protocol 2.1.4: a query that names its dataset (``FROM`` / ``FROM NAMED``)
runs over that dataset, and the protocol's ``default-graph-uri`` / ``named-graph-uri`` replace both.
Only when neither names one does the store's default dataset apply: the union of every graph (the
metadata graph excluded, docs/decisions/0001-graph-naming.md). See docs/decisions/0013-sparql-conformance.md.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from smpgraph.store.sparql_text import iter_tokens


class DatasetSource(enum.Enum):
    """Who chose the dataset of a query."""

    #: the request's default-graph-uri / named-graph-uri (or the Python API's default_graphs / named_graphs)
    PROTOCOL = "protocol"
    #: the query's own FROM / FROM NAMED clauses
    QUERY = "query"
    #: nobody: the store's default dataset, the union of every graph
    STORE = "store"


@dataclass(frozen=True, slots=True)
class QueryDataset:
    """The dataset of one query.

    Attributes:
        source: who chose it.
        default_graphs: the graphs merged into the default graph (protocol only).
        named_graphs: the graphs ``GRAPH`` may see (protocol only).
    """

    source: DatasetSource
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def query_dataset(
    sparql: str, default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None
) -> QueryDataset:
    """The dataset ``sparql`` runs over, given the protocol's graph lists (which win over the query's)."""
    if default_graphs or named_graphs:
        return QueryDataset(DatasetSource.PROTOCOL, tuple(default_graphs or ()), tuple(named_graphs or ()))
    if names_own_dataset(sparql):
        return QueryDataset(DatasetSource.QUERY)
    return QueryDataset(DatasetSource.STORE)


def names_own_dataset(sparql: str) -> bool:
    """True when the query has a ``FROM`` or ``FROM NAMED`` clause.

    SPARQL keywords have no escapes, so a text without the letters ``FROM`` (in any case) has none;
    the others are tokenised (a ``FROM`` inside a string, an IRI, a comment or a prefixed name does
    not count) and the verdict is cached per text. Only the top-level query may name a dataset
    (sub-queries have no dataset clause), so any ``FROM`` keyword is one.
    """
    if "FROM" not in sparql.upper():
        return False
    return _has_from(sparql)


@functools.lru_cache(maxsize=512)
def _has_from(sparql: str) -> bool:
    return any(token.keyword == "FROM" for token in iter_tokens(sparql))
