"""The share of coded agreements that provide each item, component and prerequisite (issue 9, item 3).

Computed with SPARQL over the knowledge graph (the ``smp:ProvisionAssessment`` nodes of the import), so
that it reads the data as every other user does; ``tests/bla`` recomputes it from the CSV and checks that
the two agree exactly. Only coded agreements count: an agreement without assessments is not coded, which
is not the same as coded absent.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Final, Literal

from rdflib import Literal as RdfLiteral
from rdflib import URIRef

from smpgraph.errors import SmpGraphError
from smpgraph.store.base import SelectResult

if TYPE_CHECKING:
    from smpgraph.store.base import GraphStore

__all__ = ["CODED_QUERY", "ITEM_QUERY", "TERM_QUERY", "ProvisionShare", "provision_shares"]

_PREFIXES: Final = "PREFIX smp: <https://w3id.org/smpgraph/ontology#>\n"

#: the number of coded agreements (those with at least one assessment)
CODED_QUERY: Final = (
    _PREFIXES
    + """SELECT (COUNT(DISTINCT ?agreement) AS ?coded) WHERE {
  ?assessment a smp:ProvisionAssessment ; smp:assessedAgreement ?agreement .
}"""
)

#: per codebook item: agreements coded on it, and agreements coded present
ITEM_QUERY: Final = (
    _PREFIXES
    + """SELECT ?item (COUNT(DISTINCT ?agreement) AS ?coded) (COUNT(DISTINCT ?providing) AS ?present) WHERE {
  ?assessment a smp:ProvisionAssessment ; smp:assessedAgreement ?agreement ;
      smp:codebookItem ?item ; smp:codedPresent ?flag .
  BIND (IF(?flag, ?agreement, ?unbound) AS ?providing)
} GROUP BY ?item"""
)

#: per term of our ontology: agreements with an assessment naming it coded present
TERM_QUERY: Final = (
    _PREFIXES
    + """SELECT ?term (COUNT(DISTINCT ?agreement) AS ?present) WHERE {
  ?assessment a smp:ProvisionAssessment ; smp:assessedAgreement ?agreement ;
      smp:assessedProvision ?term ; smp:codedPresent true .
} GROUP BY ?term"""
)


@dataclass(frozen=True, slots=True, order=True)
class ProvisionShare:
    """How many coded agreements provide one thing.

    Attributes:
        kind: ``"item"`` for a codebook item (key like ``"(18)"``), ``"term"`` for one of our terms (key an IRI).
        key: the item or the term IRI.
        present: agreements that provide it.
        total: agreements coded (the denominator: 570 for the full dataset).
    """

    kind: Literal["item", "term"]
    key: str
    present: int
    total: int

    @property
    def share(self) -> Fraction:
        """``present / total`` exactly (0 when nothing is coded)."""
        return Fraction(self.present, self.total) if self.total else Fraction(0)


def _select(store: GraphStore, query: str) -> SelectResult:
    result = store.query(query, max_rows=0)
    if not isinstance(result, SelectResult):
        raise SmpGraphError("the store answered a SELECT with something else")
    return result


def _int(value: object) -> int:
    return int(value.toPython()) if isinstance(value, RdfLiteral) else 0


def provision_shares(store: GraphStore) -> list[ProvisionShare]:
    """The share of coded agreements providing each codebook item and each mapped term.

    Args:
        store: a knowledge graph holding the imported BLA data.

    Returns:
        Items first (in natural codebook order), then terms (in IRI order). A term is listed when at least
        one agreement provides it.
    """
    coded_rows = _select(store, CODED_QUERY).rows
    total = _int(coded_rows[0][0]) if coded_rows else 0
    items = [
        ProvisionShare("item", str(item), _int(present), total)
        for item, _coded, present in _select(store, ITEM_QUERY).rows
        if item is not None
    ]
    terms = [
        ProvisionShare("term", str(term), _int(present), total)
        for term, present in _select(store, TERM_QUERY).rows
        if isinstance(term, URIRef)
    ]

    def item_order(share: ProvisionShare) -> tuple[int, str]:
        digits = "".join(ch for ch in share.key if ch.isdigit())
        return (int(digits) if digits else 0, share.key)

    return sorted(items, key=item_order) + sorted(terms, key=lambda share: share.key)
