"""How common each ILO provision is among real agreements, and the real agreements most like a draft.

The coded bilateral labour agreements of the knowledge graph (``smp:ProvisionAssessment`` nodes: 570 from
Chilton and Woda's dataset) are read once per store state into a :class:`CodedIndex`: per agreement, the
codebook items coded present, its State parties (``smp:party`` of its instrument) and its year. From it:

- the share of the coded agreements that provide each provision, overall and among *peer groups* of a draft:
  those that involve its destination country, those that involve its origin country (the dataset records the
  two parties, not the direction), those in the same region (their two parties lie in a UN M49 sub-region of
  the draft's origin and one of its destination, in either order; ``data/mappings/country-regions.tsv``) and
  those of the same decade (the draft's start or signature year);
- the five coded agreements most similar to the draft by provisions: the Jaccard index of the sets of items
  provided (draft) and coded present (agreement), ties broken by more shared items, then by IRI.
"""

from __future__ import annotations

import enum
import functools
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Final

from rdflib import Literal, URIRef
from rdflib.term import Node

from smpgraph.bla.tables import read_tsv
from smpgraph.errors import SmpGraphError
from smpgraph.resources import resource_dir
from smpgraph.store.base import SelectResult

if TYPE_CHECKING:
    from smpgraph.store.base import GraphStore

__all__ = [
    "CodedAgreement",
    "CodedIndex",
    "PeerGroup",
    "PeerScope",
    "Similar",
    "coded_index",
    "country_regions",
    "peer_groups",
]

_CODED_QUERY: Final = """PREFIX smp: <https://w3id.org/smpgraph/ontology#>
SELECT ?agreement ?item ?present WHERE {
  ?assessment a smp:ProvisionAssessment ;
      smp:assessedAgreement ?agreement ;
      smp:codebookItem ?item ;
      smp:codedPresent ?present .
}"""
_PARTY_QUERY: Final = """PREFIX smp: <https://w3id.org/smpgraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?agreement ?party ?year ?label WHERE {
  ?assessment a smp:ProvisionAssessment ; smp:assessedAgreement ?agreement .
  OPTIONAL { ?agreement smp:hasInstrument ?instrument . ?instrument smp:party ?party .
             OPTIONAL { ?instrument dcterms:date ?year } }
  OPTIONAL { ?agreement rdfs:label ?label }
}"""


class PeerScope(enum.Enum):
    """The group of coded agreements a share is computed over."""

    ALL = "all"
    DESTINATION = "destination"  # agreements with the draft's destination country as a party
    ORIGIN = "origin"  # agreements with the draft's origin country as a party
    REGION = "region"  # agreements between the draft's regions of origin and destination
    DECADE = "decade"  # agreements signed in the draft's decade


@dataclass(frozen=True, slots=True)
class CodedAgreement:
    """One coded agreement of the knowledge graph.

    Attributes:
        agreement: its IRI.
        label: its label, when it has one.
        parties: its State parties.
        year: the year it was signed, when known.
        present: the codebook items (``"(7a)"``) coded present.
    """

    agreement: URIRef
    label: str | None
    parties: frozenset[Node]
    year: int | None
    present: frozenset[str]


@dataclass(frozen=True, slots=True)
class CodedIndex:
    """Every coded agreement of one state of the knowledge graph."""

    agreements: tuple[CodedAgreement, ...]


@dataclass(frozen=True, slots=True)
class PeerGroup:
    """One peer group of a draft: which coded agreements it holds and why.

    Attributes:
        scope: all, destination, origin, region or decade.
        basis: what defines it (country IRIs, region names or the decade), as text; empty for ``ALL``.
        members: the coded agreements in it.
    """

    scope: PeerScope
    basis: tuple[str, ...]
    members: tuple[CodedAgreement, ...]

    def share(self, item: str) -> tuple[int, int]:
        """``(provide, total)``: how many of the group's agreements have ``item`` coded present, of how many."""
        return sum(1 for member in self.members if item in member.present), len(self.members)


@dataclass(frozen=True, slots=True)
class Similar:
    """A coded agreement similar to a draft.

    Attributes:
        agreement: the coded agreement.
        similarity: the Jaccard index of the provided and coded-present items.
        shared: how many items both provide.
    """

    agreement: CodedAgreement
    similarity: Fraction
    shared: int


_LOCK = threading.Lock()
_CACHE: dict[int, tuple[GraphStore, tuple[Node | None, ...], CodedIndex]] = {}
#: what identifies the state of the coding in a store: how many items are coded, and how many present
_STATE_QUERY: Final = """PREFIX smp: <https://w3id.org/smpgraph/ontology#>
SELECT (COUNT(*) AS ?coded) (SUM(IF(?present, 1, 0)) AS ?present) WHERE { ?assessment smp:codedPresent ?present }"""


def coded_index(store: GraphStore) -> CodedIndex:
    """The coded agreements of ``store``, read again only when its coding changes (the cache is per process).

    The state is the number of coded items and of those coded present (one aggregate query, a few ms on the
    19,380 assessments of the BLA data); a change of parties or years alone is not seen until then.

    Raises:
        SmpGraphError: the store answered with something else than rows.
    """
    rows = _rows(store, _STATE_QUERY)
    size = rows[0] if rows else ()
    with _LOCK:
        cached = _CACHE.get(id(store))
        if cached is not None and cached[0] is store and cached[1] == size:
            return cached[2]
    index = _read_index(store)
    with _LOCK:
        _CACHE[id(store)] = (store, size, index)
    return index


def _rows(store: GraphStore, query: str) -> list[tuple[Node | None, ...]]:
    result = store.query(query, max_rows=0)
    if not isinstance(result, SelectResult):
        raise SmpGraphError("the store answered a SELECT with something else")
    return [tuple(row) for row in result.rows]


def _read_index(store: GraphStore) -> CodedIndex:
    present: dict[URIRef, set[str]] = {}
    for agreement, item, flag in _rows(store, _CODED_QUERY):
        if isinstance(agreement, URIRef) and item is not None and isinstance(flag, Literal):
            own = present.setdefault(agreement, set())
            if flag.toPython() is True:
                own.add(str(item))
    parties: dict[URIRef, set[Node]] = {agreement: set() for agreement in present}
    years: dict[URIRef, int] = {}
    labels: dict[URIRef, str] = {}
    for agreement, party, year, label in _rows(store, _PARTY_QUERY):
        if not isinstance(agreement, URIRef) or agreement not in parties:
            continue
        if party is not None:
            parties[agreement].add(party)
        if isinstance(year, Literal) and str(year)[:4].isdigit():
            years[agreement] = int(str(year)[:4])
        if isinstance(label, Literal):
            labels.setdefault(agreement, str(label))
    return CodedIndex(
        tuple(
            CodedAgreement(agreement, labels.get(agreement), frozenset(parties[agreement]), years.get(agreement),
                           frozenset(items))
            for agreement, items in sorted(present.items())
        )
    )  # fmt: skip


@functools.lru_cache(maxsize=1)
def country_regions() -> Mapping[str, str]:
    """Country IRI -> UN M49 sub-region (``data/mappings/country-regions.tsv``)."""
    path = resource_dir("data") / "mappings" / "country-regions.tsv"
    return {row["iri"]: row["region"] for _, row in read_tsv(path, ("iri", "region"))}


def peer_groups(
    index: CodedIndex, *, origins: Iterable[Node], destinations: Iterable[Node], year: int | None
) -> tuple[PeerGroup, ...]:
    """The peer groups of a draft with these countries and year (empty groups are kept: they say why)."""
    origin_set = {str(c) for c in origins}
    destination_set = {str(c) for c in destinations}
    regions = country_regions()
    origin_regions = {regions[c] for c in origin_set if c in regions}
    destination_regions = {regions[c] for c in destination_set if c in regions}
    pairs = {frozenset((a, b)) for a in origin_regions for b in destination_regions}
    decade = year - year % 10 if year is not None else None

    def involves(member: CodedAgreement, countries: set[str]) -> bool:
        return any(str(party) in countries for party in member.parties)

    def in_region(member: CodedAgreement) -> bool:
        own = [regions.get(str(party)) for party in member.parties]
        return len(own) == 2 and None not in own and frozenset(own) in pairs

    every = index.agreements
    return (
        PeerGroup(PeerScope.ALL, (), every),
        PeerGroup(PeerScope.DESTINATION, tuple(sorted(destination_set)),
                  tuple(m for m in every if involves(m, destination_set))),
        PeerGroup(PeerScope.ORIGIN, tuple(sorted(origin_set)), tuple(m for m in every if involves(m, origin_set))),
        PeerGroup(PeerScope.REGION, tuple(sorted(" – ".join(sorted(pair)) for pair in pairs)),
                  tuple(m for m in every if pairs and in_region(m))),
        PeerGroup(PeerScope.DECADE, (f"{decade}s",) if decade is not None else (),
                  tuple(m for m in every if decade is not None and m.year is not None and m.year // 10 * 10 == decade)),
    )  # fmt: skip


def most_similar(index: CodedIndex, provided: Iterable[str], *, count: int = 5) -> tuple[Similar, ...]:
    """The ``count`` coded agreements most similar to a draft that provides the items ``provided``."""
    mine = frozenset(provided)
    scored: list[tuple[float, int, str, int, CodedAgreement]] = []
    for member in index.agreements:
        union = len(mine | member.present)
        shared = len(mine & member.present)
        # floats order these fractions exactly: two distinct ones with denominators <= 34 differ by > 1e-3
        scored.append((-(shared / union) if union else 0.0, -shared, str(member.agreement), union, member))
    scored.sort(key=lambda entry: entry[:3])
    return tuple(
        Similar(member, Fraction(-shared, union) if union else Fraction(0), -shared)
        for _, shared, _, union, member in scored[:count]
    )


def shares(group: PeerGroup, items: Sequence[str]) -> dict[str, tuple[int, int]]:
    """``item -> (provide, total)`` for one peer group."""
    return {item: group.share(item) for item in items}
