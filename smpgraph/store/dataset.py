"""Whether a query names its own dataset (``FROM`` / ``FROM NAMED``).

SPARQL 1.1 Query 13.2 and Protocol 2.1.4: a query that names its dataset (``FROM`` / ``FROM NAMED``)
runs over that dataset, and the protocol's ``default-graph-uri`` / ``named-graph-uri`` replace both.
Only when neither names one does the store's default dataset apply: the union of every graph (the
metadata graph excluded, docs/decisions/0001-graph-naming.md). See docs/decisions/0013-sparql-conformance.md.
"""

from __future__ import annotations

import functools

from smpgraph.store.sparql_text import iter_tokens


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
