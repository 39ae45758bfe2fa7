"""Faceted search of partnerships, as in CGD's legal pathways database: pure functions over facet rows.

:func:`build_index` turns (partnership, facet, value) rows into an index; :func:`search` applies a
selection. Values selected within one facet are alternatives (OR); facets combine (AND). The count
shown next to a value is how many partnerships would match if it were added to its facet's selection
(the other facets' selections applied), so a count never promises an empty page.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["Facet", "FacetCount", "FacetIndex", "SearchResult", "build_index", "search"]


class Facet(enum.Enum):
    """The facets, with the query parameter that selects them."""

    KIND = "kind"
    COUNTRY = "country"
    OCCUPATION = "occupation"
    SECTOR = "sector"
    OBJECTIVE = "objective"
    STATUS = "status"


@dataclass(frozen=True, slots=True)
class FacetCount:
    """One value of a facet: its key (an IRI or a text), label, count and whether it is selected."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetIndex:
    """Every partnership with its title and facet values.

    Attributes:
        titles: partnership IRI -> title.
        values: partnership IRI -> facet -> the set of its values.
        labels: value -> label (IRIs of countries, occupations, ...; texts label themselves).
    """

    titles: Mapping[str, str]
    values: Mapping[str, Mapping[Facet, frozenset[str]]]
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The partnerships matching a selection (sorted by title) and the counts of every facet."""

    matches: tuple[str, ...]
    facets: dict[Facet, tuple[FacetCount, ...]]
    total: int


def build_index(
    titles: Mapping[str, str], rows: Iterable[tuple[str, Facet, str]], labels: Mapping[str, str]
) -> FacetIndex:
    """Build the index from facet rows.

    Args:
        titles: partnership IRI -> title; every partnership to search, whether or not it has facet values.
        rows: (partnership, facet, value) triples; rows of unknown partnerships are ignored.
        labels: labels of the values.

    Returns:
        The index.
    """
    collected: dict[str, dict[Facet, set[str]]] = {iri: {} for iri in titles}
    for partnership, facet, value in rows:
        if partnership in collected:
            collected[partnership].setdefault(facet, set()).add(value)
    values = {iri: {facet: frozenset(found) for facet, found in facets.items()} for iri, facets in collected.items()}
    return FacetIndex(titles=dict(titles), values=values, labels=dict(labels))


def _matches(
    facets: Mapping[Facet, frozenset[str]], selection: Mapping[Facet, Sequence[str]], skip: Facet | None
) -> bool:
    return all(
        not wanted or bool(facets.get(facet, frozenset()) & set(wanted))
        for facet, wanted in selection.items()
        if facet is not skip
    )


def search(index: FacetIndex, selection: Mapping[Facet, Sequence[str]], *, text: str = "") -> SearchResult:
    """The partnerships matching ``selection`` (and ``text`` in their title), with facet counts.

    Args:
        index: the index.
        selection: facet -> the values selected (alternatives).
        text: words that must all appear in the title (case-insensitive).

    Returns:
        The matches and the counts.

    Examples:
        >>> index = build_index({"a": "Alpha", "b": "Beta"},
        ...     [("a", Facet.STATUS, "InForce"), ("b", Facet.STATUS, "Ended")], {})
        >>> result = search(index, {Facet.STATUS: ["Ended"]})
        >>> result.matches, [(c.value, c.count) for c in result.facets[Facet.STATUS]]
        (('b',), [('Ended', 1), ('InForce', 1)])
    """
    words = [word for word in text.lower().split() if word]
    pool = [iri for iri, title in index.titles.items() if all(word in title.lower() for word in words)]
    matches = tuple(
        sorted(
            (iri for iri in pool if _matches(index.values[iri], selection, None)),
            key=lambda iri: (index.titles[iri].lower(), iri),
        )
    )
    facets: dict[Facet, tuple[FacetCount, ...]] = {}
    for facet in Facet:
        counts: dict[str, int] = {}
        for iri in pool:
            facet_values = index.values[iri]
            if _matches(facet_values, selection, facet):
                for value in facet_values.get(facet, ()):
                    counts[value] = counts.get(value, 0) + 1
        chosen = set(selection.get(facet, ()))
        for value in chosen:
            counts.setdefault(value, 0)
        facets[facet] = tuple(
            sorted(
                (
                    FacetCount(value, index.labels.get(value, value), count, value in chosen)
                    for value, count in counts.items()
                ),
                key=lambda item: (-item.count, item.label.lower()),
            )
        )
    return SearchResult(matches=matches, facets=facets, total=len(index.titles))
