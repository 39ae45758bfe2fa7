"""Where migration runs without cooperation: the corridor tables (issue 16, item 3, a-c).

Each table cites the paragraphs of the IOM paper it serves and states its data caveats. Partnerships (SMPs,
pathways and the other partnerships outside the imported agreements) and bilateral labour agreements (BLAs)
are counted apart in every row. Definitions: docs/decisions/0018-migrant-stocks-and-corridor-gaps.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from smpgraph.analysis.model import paragraph
from smpgraph.analysis.results import Finding, Findings, JsonValue
from smpgraph.analysis.stocks.caveats import CAVEATS, change_pct, percent
from smpgraph.analysis.stocks.data import Cooperation, Corridor, StockData
from smpgraph.analysis.stocks.ranking import ranked_corridors

__all__ = [
    "DEFAULT_TOP",
    "CorridorStock",
    "UnskilledAgreementPair",
    "growing_uncovered_corridors",
    "largest_uncovered_corridors",
    "unskilled_agreement_pairs",
]

#: rows kept in the ranked tables (the notes give the totals)
DEFAULT_TOP: Final = 100
#: codebook items: human resource development and skills improvement, recognition of skills and qualifications
SKILLS_ITEM: Final = "(17)"
RECOGNITION_ITEM: Final = "(18)"


@dataclass(frozen=True, slots=True)
class CorridorStock(Finding):
    """A corridor with its stocks, and the cooperation on it (paras. 4, 10, 14).

    Attributes:
        rank: its place in the table (1 = first), by the table's measure.
        stock_first, stock_last: persons in the first and the last year of the data (1990, 2019).
        partnerships, agreements: partnerships and bilateral labour agreements on it (0 in the gap tables).
    """

    origin: str
    destination: str
    label: str
    rank: int
    stock_first: int
    stock_last: int
    first_year: int
    last_year: int
    partnerships: int
    agreements: int

    @property
    def growth(self) -> int:
        """Persons more in the last year than in the first."""
        return self.stock_last - self.stock_first

    def subject(self) -> str:
        """``origin -> destination``."""
        return f"{self.origin} -> {self.destination}"

    def summary(self) -> str:
        """Stocks and growth."""
        change = change_pct(self.stock_first, self.stock_last)
        pct = f" ({change:+.1f} %)" if change is not None else ""
        return (
            f"#{self.rank}: {self.stock_last:,} migrants in {self.last_year}, {self.stock_first:,} in "
            f"{self.first_year}{pct}; {self.partnerships} partnership(s), {self.agreements} BLA(s)"
        )

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "origin": self.origin,
            "destination": self.destination,
            "label": self.label,
            "rank": self.rank,
            f"stock_{self.first_year}": self.stock_first,
            f"stock_{self.last_year}": self.stock_last,
            "growth": self.growth,
            "growth_pct": change_pct(self.stock_first, self.stock_last),
            "partnerships": self.partnerships,
            "agreements": self.agreements,
        }


def _corridor(data: StockData, coop: Cooperation, corridor: Corridor, rank: int) -> CorridorStock:
    origin, destination = corridor
    return CorridorStock(
        origin,
        destination,
        f"{data.label(origin)} → {data.label(destination)}",
        rank,
        data.stock(corridor, data.first_year),
        data.stock(corridor, data.last_year),
        data.first_year,
        data.last_year,
        len(coop.smps(corridor)),
        len(coop.blas(corridor)),
    )


def _uncovered_note(data: StockData, coop: Cooperation, shown: int, found: list[Corridor]) -> str:
    year = data.last_year
    total = sum(data.stock(c, year) for c in found)
    share = percent(total, data.world(year))
    return (
        f"{len(found)} corridors between two countries have migrants and no partnership and no BLA: "
        f"{total:,} migrants in {year} ({share} % of the world's {data.world(year):,}); the first {shown} are listed"
    )


def largest_uncovered_corridors(
    data: StockData, coop: Cooperation, *, top: int = DEFAULT_TOP
) -> Findings[CorridorStock]:
    """The corridors with the most migrants in the last year and neither a partnership nor a BLA."""
    found = [c for c in ranked_corridors(data, data.last_year) if not coop.covered(c)]
    items = tuple(_corridor(data, coop, c, rank) for rank, c in enumerate(found[:top], start=1))
    return Findings(
        "largest_uncovered_corridors",
        f"Largest corridors ({data.last_year} stock) with no partnership and no bilateral labour agreement",
        (paragraph(3), paragraph(4), paragraph(14)),
        items,
        notes=(_uncovered_note(data, coop, len(items), found), *CAVEATS),
    )


def growing_uncovered_corridors(
    data: StockData, coop: Cooperation, *, top: int = DEFAULT_TOP
) -> Findings[CorridorStock]:
    """The corridors whose stock grew most (in persons) since the first year, with no partnership and no BLA."""
    first, last = data.first_year, data.last_year
    found = [c for c in data.country_corridors() if not coop.covered(c) and data.stock(c, last) > data.stock(c, first)]
    found.sort(key=lambda c: (-(data.stock(c, last) - data.stock(c, first)), c))
    items = tuple(_corridor(data, coop, c, rank) for rank, c in enumerate(found[:top], start=1))
    grown = sum(data.stock(c, last) - data.stock(c, first) for c in found)
    note = f"{len(found)} corridors without any agreement grew from {first} to {last}, by {grown:,} migrants in all"
    return Findings(
        "growing_uncovered_corridors",
        f"Corridors whose stock grew most since {first} without any agreement",
        (paragraph(2), paragraph(10), paragraph(14)),
        items,
        notes=(note, *CAVEATS),
    )


@dataclass(frozen=True, slots=True)
class UnskilledAgreementPair(Finding):
    """A country pair whose coded BLAs provide neither skills development nor recognition (paras. 4, 5, 11).

    Attributes:
        stock_ab, stock_ba: migrants from a in b and from b in a, in the last year.
        agreements, coded: BLAs of the pair, and how many of them are coded (all coded absent on both items).
        partnerships: partnerships on either direction of the pair.
    """

    country_a: str
    country_b: str
    label: str
    rank: int
    year: int
    stock_ab: int
    stock_ba: int
    agreements: int
    coded: int
    partnerships: int

    def subject(self) -> str:
        """``a -- b``."""
        return f"{self.country_a} -- {self.country_b}"

    def summary(self) -> str:
        """Stocks and agreements."""
        return (
            f"#{self.rank}: {self.stock_ab + self.stock_ba:,} migrants in {self.year} ({self.stock_ab:,} → and "
            f"{self.stock_ba:,} ←); {self.coded} coded BLA(s) of {self.agreements}, none with skills development "
            f"(17) or recognition (18); {self.partnerships} partnership(s)"
        )

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "country_a": self.country_a,
            "country_b": self.country_b,
            "label": self.label,
            "rank": self.rank,
            "year": self.year,
            "stock_a_to_b": self.stock_ab,
            "stock_b_to_a": self.stock_ba,
            "stock": self.stock_ab + self.stock_ba,
            "agreements": self.agreements,
            "coded": self.coded,
            "partnerships": self.partnerships,
        }


def unskilled_agreement_pairs(
    data: StockData, coop: Cooperation, *, top: int = DEFAULT_TOP
) -> Findings[UnskilledAgreementPair]:
    """Pairs with at least one coded BLA, none coded present on item (17) or (18), by migrants in the last year.

    Pairs whose agreements are all uncoded are left out (not coded is not coded absent) and counted in a note.
    """
    year = data.last_year
    found = []
    uncoded = 0
    for (a, b), agreements in coop.agreements.items():
        coded = [x for x in agreements if x.coded]
        if not coded:
            uncoded += 1
            continue
        if any(x.items.get(SKILLS_ITEM) or x.items.get(RECOGNITION_ITEM) for x in coded):
            continue
        stock_ab, stock_ba = data.stock((a, b), year), data.stock((b, a), year)
        smps = len(set(coop.smps((a, b))) | set(coop.smps((b, a))))
        found.append((a, b, stock_ab, stock_ba, len(agreements), len(coded), smps))
    found.sort(key=lambda f: (-(f[2] + f[3]), f[0], f[1]))
    items = tuple(
        UnskilledAgreementPair(a, b, f"{data.label(a)} – {data.label(b)}", rank, year, ab, ba, n, coded, smps)
        for rank, (a, b, ab, ba, n, coded, smps) in enumerate(found[:top], start=1)
    )
    total = sum(f[2] + f[3] for f in found)
    notes = (
        f"{len(found)} pairs have coded BLAs without skills development or recognition; {total:,} migrants live "
        f"along them in {year} ({percent(total, data.world(year))} % of the world's); "
        f"the first {len(items)} are listed",
        f"{uncoded} pair(s) whose agreements are all uncoded are left out (their provisions are unknown)",
        *CAVEATS,
    )
    return Findings(
        "agreements_without_skills",
        "Corridors whose bilateral labour agreements provide neither skills development nor recognition",
        (paragraph(4), paragraph(5), paragraph(11)),
        items,
        notes=notes,
    )
