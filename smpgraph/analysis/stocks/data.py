"""The migrant stocks and the cooperation on each corridor: query rows in, typed tables out.

:func:`fetch_stock_rows` is the only function of :mod:`smpgraph.analysis.stocks` that talks to a store
(``smpgraph/queries/analysis/stocks_*.rq``); :func:`stock_data_from_rows` and :func:`cooperation_from` are
pure, so tests feed them hand-made rows. Definitions: docs/decisions/0018-migrant-stocks-and-corridor-gaps.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from smpgraph.analysis.model import local_name
from smpgraph.analysis.rows import Row, select_rows, text_or_none
from smpgraph.errors import NoStockDataError
from smpgraph.stocks.areas import AREA

if TYPE_CHECKING:
    from smpgraph.analysis.agreements.network import Agreement, AgreementNetwork
    from smpgraph.analysis.views import GraphViews
    from smpgraph.store.base import GraphStore

__all__ = [
    "STOCK_QUERIES",
    "Cooperation",
    "Corridor",
    "StockData",
    "StockRows",
    "cooperation_from",
    "fetch_stock_rows",
    "stock_data_from_rows",
    "year_of",
]

#: the ``.rq`` files under ``smpgraph/queries/analysis/``, one per field of :class:`StockRows`
STOCK_QUERIES: Final = {
    "observations": "stocks_observations",
    "partnerships": "stocks_partnerships",
    "labels": "stocks_labels",
}

#: an (origin, destination) pair of IRIs
Corridor = tuple[str, str]


@dataclass(frozen=True, slots=True)
class StockRows:
    """The solutions of the three stock queries (same variable names as the ``.rq`` files)."""

    observations: Sequence[Row] = ()
    partnerships: Sequence[Row] = ()
    labels: Sequence[Row] = ()


def fetch_stock_rows(store: GraphStore) -> StockRows:
    """Run the stock queries against a store.

    Raises:
        AnalysisError: a query did not return SELECT rows, or its rows were cut short.
    """
    return StockRows(**{field_name: select_rows(store, name) for field_name, name in STOCK_QUERIES.items()})


def year_of(value: object) -> int | None:
    """The year of a gYear, a date or a number (its first four digits); None when there is none."""
    text = "" if value is None else str(value).strip()
    try:
        return int(text[:4])
    except ValueError:
        return None


@dataclass(frozen=True)
class StockData:
    """Migrant stocks by corridor and year.

    Attributes:
        stocks: (origin, destination) -> year -> persons; corridors and years without an observation are 0.
        years: the years observed, ascending.
        labels: IRI -> English label (countries and UN areas).
    """

    stocks: Mapping[Corridor, Mapping[int, int]]
    years: tuple[int, ...]
    labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def first_year(self) -> int:
        """The earliest year (1990 for the UN table)."""
        return self.years[0]

    @property
    def last_year(self) -> int:
        """The latest year (2019 for the UN table)."""
        return self.years[-1]

    def stock(self, corridor: Corridor, year: int) -> int:
        """Persons from ``corridor[0]`` living in ``corridor[1]`` in ``year`` (0 when not observed)."""
        return self.stocks.get(corridor, {}).get(year, 0)

    def world(self, year: int) -> int:
        """Every observation of ``year``, UN areas included: the denominator of the shares."""
        return sum(by_year.get(year, 0) for by_year in self.stocks.values())

    def label(self, iri: str) -> str:
        """The label of an IRI, or its last segment."""
        return self.labels.get(iri) or local_name(iri)

    def country_corridors(self) -> list[Corridor]:
        """Corridors between two countries (no UN area or region at either end), sorted."""
        return sorted(c for c in self.stocks if is_country(c[0]) and is_country(c[1]) and c[0] != c[1])


def is_country(iri: str) -> bool:
    """False for the UN areas and regions that are not countries (``id:undesa/area/...``)."""
    return not iri.startswith(AREA)


def stock_data_from_rows(rows: StockRows) -> StockData:
    """The stocks by corridor and year (pure).

    Raises:
        NoStockDataError: there is no observation in the rows.
    """
    stocks: dict[Corridor, dict[int, int]] = defaultdict(dict)
    for row in rows.observations:
        origin, destination = text_or_none(row.get("origin")), text_or_none(row.get("destination"))
        year, stock = year_of(row.get("period")), row.get("stock")
        if origin is None or destination is None or year is None or stock is None:
            continue
        by_year = stocks[(origin, destination)]
        by_year[year] = by_year.get(year, 0) + int(str(stock))
    if not stocks:
        raise NoStockDataError("no migrant stock in the data (import it with 'smpgraph import undesa')")
    labels = {}
    for row in rows.labels:
        node, label = text_or_none(row.get("node")), text_or_none(row.get("label"))
        if node is not None and label is not None:
            labels[node] = label
    years = tuple(sorted({year for by_year in stocks.values() for year in by_year}))
    return StockData(dict(stocks), years, labels)


@dataclass(frozen=True)
class Cooperation:
    """Who cooperates on which corridor: partnerships (not the imported agreements) and BLAs, kept apart.

    Attributes:
        partnerships: (origin, destination) -> IRIs of the partnerships moving people along it (directed).
        starts: partnership IRI -> year it started (absent when unknown).
        agreements: sorted country pair -> its bilateral labour agreements (unordered: the data names no
            origin and no destination).
        labels: partnership IRI -> label.
    """

    partnerships: Mapping[Corridor, tuple[str, ...]]
    starts: Mapping[str, int]
    agreements: Mapping[Corridor, tuple[Agreement, ...]]
    labels: Mapping[str, str] = field(default_factory=dict)

    def smps(self, corridor: Corridor, year: int | None = None) -> tuple[str, ...]:
        """Partnerships on the corridor; with ``year``, only those known to have started by then."""
        found = self.partnerships.get(corridor, ())
        if year is None:
            return found
        return tuple(p for p in found if p in self.starts and self.starts[p] <= year)

    def blas(self, corridor: Corridor, year: int | None = None) -> tuple[Agreement, ...]:
        """Agreements between the corridor's two countries; with ``year``, those signed by then (year known)."""
        found = self.agreements.get(pair_of(corridor), ())
        if year is None:
            return found
        return tuple(a for a in found if a.year is not None and a.year <= year)

    def covered(self, corridor: Corridor, year: int | None = None) -> bool:
        """True when a partnership or an agreement covers the corridor (by ``year`` when given)."""
        return bool(self.smps(corridor, year) or self.blas(corridor, year))


def pair_of(corridor: Corridor) -> Corridor:
    """The corridor's two countries, sorted (the key of agreements)."""
    a, b = corridor
    return (a, b) if a <= b else (b, a)


def cooperation_from(views: GraphViews | None, network: AgreementNetwork | None, rows: StockRows) -> Cooperation:
    """Put the partnerships' corridors and the agreements' country pairs together (pure).

    Partnerships are those of ``rows.partnerships`` (outside the BLA graph) that move people (their
    ``flows`` in the views); agreements are those of the network with exactly two parties.
    """
    starts: dict[str, int] = {}
    kept: set[str] = set()
    for row in rows.partnerships:
        if (iri := text_or_none(row.get("partnership"))) is None:
            continue
        kept.add(iri)
        if (year := year_of(row.get("start"))) is not None:
            starts[iri] = min(year, starts.get(iri, year))
    partnerships: dict[Corridor, list[str]] = defaultdict(list)
    labels: dict[str, str] = {}
    for iri, facts in (views.partnerships if views is not None else {}).items():
        if iri not in kept:
            continue
        labels[iri] = facts.label
        for flow in sorted(facts.flows):
            partnerships[flow].append(iri)
    agreements: dict[Corridor, tuple[Agreement, ...]] = {}
    if network is not None:
        agreements = {pair: tuple(found) for pair, found in network.pairs().items()}
    return Cooperation({c: tuple(p) for c, p in partnerships.items()}, starts, agreements, labels)
