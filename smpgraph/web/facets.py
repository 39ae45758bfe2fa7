"""Faceted search of partnerships and agreements, as in CGD's legal pathways database: pure functions.

:class:`Entry` is one partnership or bilateral labour agreement with its facet values; :func:`search`
applies a :class:`Selection`. Values selected within one facet are alternatives (OR), except provisions
when :attr:`Selection.all_provisions` asks for every one of them (AND); facets combine (AND). The count
shown next to a value is how many entries would match if it were added to its facet's selection (the
other facets' selections applied), so a count never promises an empty page.

Countries have a side: an entry's origins, its destinations, or any country it involves (origins,
destinations and States that are parties without a side, as in the bilateral labour agreements dataset).
Occupations are indexed with every broader ISCO group, so choosing a group finds its narrower occupations.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["Entry", "Facet", "FacetCount", "SearchResult", "Selection", "Side", "Sort", "decade_of", "search"]


class Facet(enum.Enum):
    """The facets, with the query parameter that selects them."""

    KIND = "kind"
    COUNTRY = "country"
    DECADE = "decade"
    PROVISION = "provision"
    OCCUPATION = "occupation"
    SECTOR = "sector"
    FUNDER = "funder"
    STATUS = "status"
    OBJECTIVE = "objective"


class Side(enum.Enum):
    """Which countries of an entry the country facet looks at (``side=``)."""

    ANY = "any"
    ORIGIN = "origin"
    DESTINATION = "destination"


class Sort(enum.Enum):
    """The orders of the results (``sort=``)."""

    RELEVANCE = "relevance"
    NEWEST = "year"
    OLDEST = "year-asc"
    TITLE = "title"


@dataclass(frozen=True)
class Entry:
    """One partnership or agreement.

    Attributes:
        iri: its IRI.
        title: its title in the page's language.
        kind: the IRI of its kind (a partnership class, or the class of a bilateral agreement's instrument).
        rank: how early its kind comes when sorting by relevance (lower first).
        year: the year it started or was signed, if known.
        values: facet -> its values (countries of any side under :attr:`Facet.COUNTRY`).
        origins: its countries of origin.
        destinations: its countries of destination.
    """

    iri: str
    title: str
    kind: str
    rank: int = 0
    year: int | None = None
    values: Mapping[Facet, frozenset[str]] = field(default_factory=dict)
    origins: frozenset[str] = frozenset()
    destinations: frozenset[str] = frozenset()

    def facet_values(self, facet: Facet, side: Side) -> frozenset[str]:
        """Its values of one facet; countries of the side asked for."""
        if facet is Facet.COUNTRY and side is Side.ORIGIN:
            return self.origins
        if facet is Facet.COUNTRY and side is Side.DESTINATION:
            return self.destinations
        return self.values.get(facet, frozenset())


@dataclass(frozen=True)
class Selection:
    """What the visitor asked for.

    Attributes:
        values: facet -> the values selected.
        side: which countries the country facet looks at.
        all_provisions: True to require every selected provision, False for any of them.
        year_from: the first year wanted (entries without a year are left out when a bound is set).
        year_to: the last year wanted.
        text: words that must all appear in the title (case-insensitive).
        sort: the order of the results.
    """

    values: Mapping[Facet, Sequence[str]] = field(default_factory=dict)
    side: Side = Side.ANY
    all_provisions: bool = False
    year_from: int | None = None
    year_to: int | None = None
    text: str = ""
    sort: Sort = Sort.RELEVANCE

    @property
    def active(self) -> bool:
        """Whether anything narrows the list."""
        bounded = self.year_from is not None or self.year_to is not None
        return any(self.values.values()) or bool(self.text.strip()) or bounded


@dataclass(frozen=True, slots=True)
class FacetCount:
    """One value of a facet: its key (an IRI or a text), label, count and whether it is selected."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The entries matching a selection, in the order asked for, and the counts of every facet."""

    matches: tuple[Entry, ...]
    facets: dict[Facet, tuple[FacetCount, ...]]
    total: int


def decade_of(year: int) -> str:
    """The decade facet value of a year.

    Examples:
        >>> decade_of(2008)
        '2000'
    """
    return str(year // 10 * 10)


def _facet_matches(entry: Entry, facet: Facet, wanted: Sequence[str], selection: Selection) -> bool:
    if not wanted:
        return True
    have = entry.facet_values(facet, selection.side)
    if facet is Facet.PROVISION and selection.all_provisions:
        return set(wanted) <= have
    return bool(have & set(wanted))


def _matches(entry: Entry, selection: Selection) -> bool:
    return all(_facet_matches(entry, facet, wanted, selection) for facet, wanted in selection.values.items())


def _in_years(entry: Entry, selection: Selection) -> bool:
    if selection.year_from is None and selection.year_to is None:
        return True
    if entry.year is None:
        return False
    low = selection.year_from if selection.year_from is not None else entry.year
    high = selection.year_to if selection.year_to is not None else entry.year
    return low <= entry.year <= high


def _order(matches: list[Entry], selection: Selection, words: list[str]) -> list[Entry]:
    def title(entry: Entry) -> tuple[str, str]:
        return entry.title.lower(), entry.iri

    if selection.sort is Sort.TITLE:
        return sorted(matches, key=title)
    if selection.sort is Sort.NEWEST:
        return sorted(matches, key=lambda e: (e.year is None, -(e.year or 0), *title(e)))
    if selection.sort is Sort.OLDEST:
        return sorted(matches, key=lambda e: (e.year is None, e.year or 0, *title(e)))
    chosen = {facet: set(values) for facet, values in selection.values.items()}

    def relevance(entry: Entry) -> tuple[int, int, int, bool, int, str, str]:
        hits = sum(len(entry.facet_values(facet, selection.side) & values) for facet, values in chosen.items())
        words_first = sum(entry.title.lower().startswith(word) for word in words)
        return (-hits, -words_first, entry.rank, entry.year is None, -(entry.year or 0), *title(entry))

    return sorted(matches, key=relevance)


def search(entries: Sequence[Entry], selection: Selection, labels: Mapping[str, str]) -> SearchResult:
    """The entries matching ``selection``, in its order, with the counts of every facet's values.

    Args:
        entries: every partnership and agreement.
        selection: what was asked for.
        labels: value -> label (IRIs of countries, occupations, ...; other values label themselves).

    Returns:
        The matches and the counts.

    Examples:
        >>> a = Entry("a", "Alpha", "k", year=2001, values={Facet.STATUS: frozenset({"InForce"})})
        >>> b = Entry("b", "Beta", "k", year=1999, values={Facet.STATUS: frozenset({"Ended"})})
        >>> result = search([a, b], Selection({Facet.STATUS: ["Ended"]}), {})
        >>> [e.iri for e in result.matches], [(c.value, c.count) for c in result.facets[Facet.STATUS]]
        (['b'], [('Ended', 1), ('InForce', 1)])
        >>> [e.iri for e in search([a, b], Selection(year_from=2000), {}).matches]
        ['a']
    """
    words = [word for word in selection.text.lower().split() if word]
    pool = [e for e in entries if all(word in e.title.lower() for word in words) and _in_years(e, selection)]
    matches = _order([e for e in pool if _matches(e, selection)], selection, words)
    # An entry counts towards a facet's values when it passes every other facet: when it fails none, it
    # counts everywhere; when it fails exactly one, it counts for that facet only (unless that facet is
    # the provisions in all-of mode, whose counts keep every selected provision required).
    tallies: dict[Facet, dict[str, int]] = {facet: {} for facet in Facet}
    selected = [(facet, wanted) for facet, wanted in selection.values.items() if wanted]
    for entry in pool:
        failed = [facet for facet, wanted in selected if not _facet_matches(entry, facet, wanted, selection)]
        if len(failed) > 1 or (failed and failed[0] is Facet.PROVISION and selection.all_provisions):
            continue
        for facet in failed or Facet:
            tally = tallies[facet]
            for value in entry.facet_values(facet, selection.side):
                tally[value] = tally.get(value, 0) + 1
    facets: dict[Facet, tuple[FacetCount, ...]] = {}
    for facet, counts in tallies.items():
        chosen = set(selection.values.get(facet, ()))
        for value in chosen:
            counts.setdefault(value, 0)
        facets[facet] = tuple(
            sorted(
                (
                    FacetCount(value, labels.get(value, value), count, value in chosen)
                    for value, count in counts.items()
                ),
                key=lambda item: (-item.count, item.label.lower()),
            )
        )
    return SearchResult(matches=tuple(matches), facets=facets, total=len(entries))
