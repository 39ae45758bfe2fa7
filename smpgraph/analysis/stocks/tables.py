"""Where migration runs without cooperation: five tables over the migrant stocks (issue 16, item 3).

Each table cites the paragraphs of the IOM paper it serves and states its data caveats. Partnerships (SMPs,
pathways and the other partnerships outside the imported agreements) and bilateral labour agreements (BLAs)
are counted apart in every row. Definitions: docs/decisions/0018-migrant-stocks-and-corridor-gaps.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from smpgraph.analysis.model import paragraph
from smpgraph.analysis.results import Finding, Findings, JsonValue
from smpgraph.analysis.stocks.data import Cooperation, Corridor, StockData, pair_of
from smpgraph.analysis.stocks.ranking import ranked_corridors

__all__ = [
    "CAVEATS",
    "DEFAULT_TOP",
    "CorridorStock",
    "CoverageShare",
    "PartnershipCorridor",
    "UnskilledAgreementPair",
    "coverage_by_decade",
    "growing_uncovered_corridors",
    "largest_uncovered_corridors",
    "partnership_corridors",
    "unskilled_agreement_pairs",
]

#: rows kept in the ranked tables (the notes give the totals)
DEFAULT_TOP: Final = 100
#: codebook items: human resource development and skills improvement, recognition of skills and qualifications
SKILLS_ITEM: Final = "(17)"
RECOGNITION_ITEM: Final = "(18)"
#: what every table of stocks must say about its data
CAVEATS: Final = (
    "Stocks are UN DESA estimates (International Migrant Stock 2019): migrants by country of birth or, where "
    "birthplace is not recorded, of citizenship, partly imputed; they count people living abroad, not flows.",
    "UN figures are for present-day countries in every year (e.g. South Sudan's emigrants are under Sudan before "
    "2015; Serbia includes Kosovo); agreements signed by historical States (USSR, Yugoslavia, Czechoslovakia, "
    "East Germany) match no present-day corridor.",
    "Bilateral labour agreements name two parties and no direction: one covers both directions of its pair. "
    "An agreement is counted from the year it was signed (no end date is known).",
)


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 2) if whole else None


def _change(first: int, last: int) -> float | None:
    return round(100.0 * (last - first) / first, 1) if first else None


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
        change = _change(self.stock_first, self.stock_last)
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
            "growth_pct": _change(self.stock_first, self.stock_last),
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
    share = _pct(total, data.world(year))
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
        f"along them in {year} ({_pct(total, data.world(year))} % of the world's); the first {len(items)} are listed",
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


@dataclass(frozen=True, slots=True)
class PartnershipCorridor(Finding):
    """The size and trend of one corridor of a partnership (paras. 12-14).

    Attributes:
        stocks: (year, persons) for every year of the data.
        rank: the corridor's rank by migrants in the last year among corridors between two countries
            (None when the UN counts no migrant on it).
        trend: ``growing`` / ``shrinking`` / ``stable`` (last year against the year before, +-5 %), or
            ``none counted``.
    """

    partnership: str
    partnership_label: str
    origin: str
    destination: str
    label: str
    stocks: tuple[tuple[int, int], ...]
    rank: int | None
    reverse_stock: int
    agreements: int
    trend: str

    def subject(self) -> str:
        """``partnership: origin -> destination``."""
        return f"{self.partnership}: {self.origin} -> {self.destination}"

    def summary(self) -> str:
        """Stocks over time and the trend."""
        series = ", ".join(f"{year}: {value:,}" for year, value in self.stocks)
        rank = f"rank {self.rank}" if self.rank is not None else "no migrants counted"
        return f"{self.partnership_label}: {series} ({self.trend}, {rank}); {self.agreements} BLA(s) on the pair"

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        first, last = self.stocks[0][1], self.stocks[-1][1]
        return {
            "partnership": self.partnership,
            "partnership_label": self.partnership_label,
            "origin": self.origin,
            "destination": self.destination,
            "label": self.label,
            **{f"stock_{year}": value for year, value in self.stocks},
            "growth_pct": _change(first, last),
            "trend": self.trend,
            "rank": self.rank,
            "reverse_stock": self.reverse_stock,
            "agreements": self.agreements,
        }


def _trend(stocks: tuple[tuple[int, int], ...]) -> str:
    if not any(value for _, value in stocks):
        return "none counted"
    before, last = stocks[-2][1] if len(stocks) > 1 else 0, stocks[-1][1]
    if last > before * 1.05:
        return "growing"
    if last < before * 0.95:
        return "shrinking"
    return "stable"


def partnership_corridors(data: StockData, coop: Cooperation) -> Findings[PartnershipCorridor]:
    """For each partnership (not a BLA), the migrant stock of each of its corridors over time."""
    ranks = {c: rank for rank, c in enumerate(ranked_corridors(data, data.last_year), start=1)}
    items = []
    for corridor, partnerships in sorted(coop.partnerships.items()):
        origin, destination = corridor
        stocks = tuple((year, data.stock(corridor, year)) for year in data.years)
        for iri in partnerships:
            items.append(
                PartnershipCorridor(
                    iri,
                    coop.labels.get(iri, iri),
                    origin,
                    destination,
                    f"{data.label(origin)} → {data.label(destination)}",
                    stocks,
                    ranks.get(corridor),
                    data.stock((destination, origin), data.last_year),
                    len(coop.blas(corridor)),
                    _trend(stocks),
                )
            )
    items.sort(key=lambda p: (p.partnership_label, p.partnership, p.origin, p.destination))
    without = {iri for iri in coop.labels} - {p.partnership for p in items}
    notes = (
        f"{len({p.partnership for p in items})} partnership(s) with corridors; {len(without)} without a corridor "
        "(no origin and destination known) are not listed",
        "Trend: the last year against the year before it (2019 against 2010), growing or shrinking beyond 5 %",
        *CAVEATS,
    )
    return Findings(
        "partnership_corridors",
        "The size and trend of each partnership's corridor",
        (paragraph(12), paragraph(13), paragraph(14)),
        tuple(items),
        notes=notes,
    )


@dataclass(frozen=True, slots=True)
class CoverageShare(Finding):
    """The share of the world's migrant stock on corridors with an agreement, in one year (paras. 2, 4, 5)."""

    year: int
    world: int
    partnerships: int
    agreements: int
    any_agreement: int
    corridors_with_partnerships: int
    corridors_with_agreements: int

    def subject(self) -> str:
        """The year."""
        return str(self.year)

    def summary(self) -> str:
        """Shares of the world's stock."""
        return (
            f"{self.year}: {_pct(self.any_agreement, self.world)} % of {self.world:,} migrants on corridors with an "
            f"agreement (BLAs {_pct(self.agreements, self.world)} %, partnerships "
            f"{_pct(self.partnerships, self.world)} %)"
        )

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "label": f"{self.year} ({self.year // 10 * 10}s)",
            "year": self.year,
            "decade": self.year // 10 * 10,
            "world_stock": self.world,
            "stock_with_partnerships": self.partnerships,
            "stock_with_agreements": self.agreements,
            "stock_with_any": self.any_agreement,
            "share_partnerships_pct": _pct(self.partnerships, self.world),
            "share_agreements_pct": _pct(self.agreements, self.world),
            "share_any_pct": _pct(self.any_agreement, self.world),
            "corridors_with_partnerships": self.corridors_with_partnerships,
            "corridors_with_agreements": self.corridors_with_agreements,
        }


def coverage_by_decade(data: StockData, coop: Cooperation) -> Findings[CoverageShare]:
    """For each year of the data (one per decade, and the latest), the share of the world's stock covered."""
    items = []
    for year in data.years:
        smp = bla = both = n_smp = n_bla = 0
        for corridor, by_year in data.stocks.items():
            stock = by_year.get(year, 0)
            has_smp, has_bla = bool(coop.smps(corridor, year)), bool(coop.blas(corridor, year))
            smp += stock if has_smp else 0
            bla += stock if has_bla else 0
            both += stock if has_smp or has_bla else 0
            n_smp += has_smp and stock > 0
            n_bla += has_bla and stock > 0
        items.append(CoverageShare(year, data.world(year), smp, bla, both, n_smp, n_bla))
    unknown = sorted({iri for ps in coop.partnerships.values() for iri in ps} - set(coop.starts))
    undated = {a.iri for found in coop.agreements.values() for a in found if a.year is None}
    pairs = {pair_of(c) for c in data.stocks}
    notes = (
        "A partnership counts from the year it started, an agreement from the year it was signed; "
        f"{len(unknown)} partnership(s) of unknown start and {len(undated)} agreement(s) of unknown year are "
        "left out of every year",
        f"Denominator: every observation of the year, UN areas and regions included ({len(pairs)} pairs of countries or "
        "areas with migrants in some year)",
        *CAVEATS,
    )
    return Findings(
        "stock_coverage_by_decade",
        "Share of the world's migrant stock on corridors with an agreement, by decade",
        (paragraph(2), paragraph(4), paragraph(5)),
        tuple(items),
        notes=notes,
    )
