"""The rows of the analysis queries (``smpgraph/queries/analysis/*.rq``) and how they are fetched.

:func:`fetch_rows` is the only place the analysis talks to a store; everything after it is pure.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from rdflib import Literal

from smpgraph.errors import AnalysisError
from smpgraph.resources import query_text

if TYPE_CHECKING:
    from smpgraph.store.base import GraphStore

__all__ = ["QUERY_NAMES", "Row", "ViewRows", "fetch_rows"]

logger = logging.getLogger(__name__)

#: one SELECT solution: variable name -> rdflib term, or a plain Python value in hand-made rows
Row = Mapping[str, object]

#: the ``.rq`` files under ``smpgraph/queries/analysis/``, one per field of :class:`ViewRows`
QUERY_NAMES: Final = (
    "partnerships",
    "memberships",
    "member_types",
    "labels",
    "facts",
    "trainings",
    "corridors",
    "counts",
    "costs",
    "recognition",
)


@dataclass(frozen=True, slots=True)
class ViewRows:
    """The solutions of the analysis queries, one field per ``.rq`` file (same variable names)."""

    partnerships: Sequence[Row] = ()
    memberships: Sequence[Row] = ()
    member_types: Sequence[Row] = ()
    labels: Sequence[Row] = ()
    facts: Sequence[Row] = ()
    trainings: Sequence[Row] = ()
    corridors: Sequence[Row] = ()
    counts: Sequence[Row] = ()
    costs: Sequence[Row] = ()
    recognition: Sequence[Row] = ()


def fetch_rows(store: GraphStore) -> ViewRows:
    """Run the analysis queries against a store.

    Args:
        store: any :class:`~smpgraph.store.base.GraphStore`.

    Returns:
        The rows of every query.

    Raises:
        AnalysisError: a query did not return a SELECT result, or its rows were cut short.
    """
    return ViewRows(**{name: select_rows(store, name) for name in QUERY_NAMES})


def select_rows(store: GraphStore, name: str) -> Sequence[Row]:
    """The rows of the query ``analysis/<name>.rq``, uncapped.

    Raises:
        AnalysisError: the query did not return SELECT rows, or the store cut them short.
    """
    from smpgraph.store.base import SelectResult

    result = store.query(query_text(f"analysis/{name}.rq"), max_rows=0)
    if not isinstance(result, SelectResult):
        raise AnalysisError(f"analysis/{name}.rq: expected SELECT rows, got {type(result).__name__}")
    if result.truncated:
        raise AnalysisError(f"analysis/{name}.rq: the store cut the result short; raise its row cap")
    logger.debug("analysis/%s.rq: %d rows", name, len(result))
    return result.dicts()


def text_or_none(value: object) -> str | None:
    """A cell as text; None stays None."""
    return None if value is None else str(value)


def float_or_none(value: object) -> float | None:
    """A cell as a float (a number or its lexical form); None when absent or not a number."""
    if value is None:
        return None
    raw = value.value if isinstance(value, Literal) and value.value is not None else value
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        return float(raw)
    try:
        return float(str(raw))
    except ValueError:
        return None


def bool_or_none(value: object) -> bool | None:
    """A cell as a boolean (``true``/``1`` are true); None when absent."""
    raw = value.toPython() if isinstance(value, Literal) else value
    if isinstance(raw, bool):
        return raw
    return None if raw is None else str(raw).strip().lower() in {"true", "1"}
