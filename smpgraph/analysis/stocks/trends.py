"""The corridors of partnerships over time, and the share of the world's stock covered (issue 16, item 3, d-e).

Definitions: docs/decisions/0018-migrant-stocks-and-corridor-gaps.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from smpgraph.analysis.model import paragraph
from smpgraph.analysis.results import Finding, Findings, JsonValue
from smpgraph.analysis.stocks.caveats import CAVEATS, change_pct, percent
from smpgraph.analysis.stocks.data import Cooperation, StockData, pair_of
from smpgraph.analysis.stocks.ranking import ranked_corridors

__all__ = ["CoverageShare", "PartnershipCorridor", "Trend", "coverage_by_decade", "partnership_corridors"]


class Trend(StrEnum):
    """How a corridor's stock moved from the year before the last to the last (beyond 5 % either way)."""

    GROWING = "growing"
    SHRINKING = "shrinking"
    STABLE = "stable"
    NONE_COUNTED = "none counted"


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
    trend: Trend

    def subject(self) -> str:
        """``partnership: origin -> destination``."""
        return f"{self.partnership}: {self.origin} -> {self.destination}"

    def summary(self) -> str:
        """Stocks over time and the trend."""
        series = ", ".join(f"{year}: {value:,}" for year, value in self.stocks)
        rank = f"rank {self.rank}" if self.rank is not None else "no migrants counted"
        return f"{self.partnership_label}: {series} ({self.trend.value}, {rank}); {self.agreements} BLA(s) on the pair"

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
            "growth_pct": change_pct(first, last),
            "trend": self.trend.value,
            "rank": self.rank,
            "reverse_stock": self.reverse_stock,
            "agreements": self.agreements,
        }


def _trend(stocks: tuple[tuple[int, int], ...]) -> Trend:
    if not any(value for _, value in stocks):
        return Trend.NONE_COUNTED
    before, last = stocks[-2][1] if len(stocks) > 1 else 0, stocks[-1][1]
    if last > before * 1.05:
        return Trend.GROWING
    if last < before * 0.95:
        return Trend.SHRINKING
    return Trend.STABLE


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
            f"{self.year}: {percent(self.any_agreement, self.world)} % of {self.world:,} migrants on corridors with an "
            f"agreement (BLAs {percent(self.agreements, self.world)} %, partnerships "
            f"{percent(self.partnerships, self.world)} %)"
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
            "share_partnerships_pct": percent(self.partnerships, self.world),
            "share_agreements_pct": percent(self.agreements, self.world),
            "share_any_pct": percent(self.any_agreement, self.world),
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
        "Denominator: every observation of the year, UN areas and regions included "
        f"({len(pairs)} pairs of countries or areas with migrants in some year)",
        *CAVEATS,
    )
    return Findings(
        "stock_coverage_by_decade",
        "Share of the world's migrant stock on corridors with an agreement, by decade",
        (paragraph(2), paragraph(4), paragraph(5)),
        tuple(items),
        notes=notes,
    )
