"""The report of migrant stocks against cooperation: every table, from rows or pulled from a store."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smpgraph.analysis.results import Findings, JsonValue
from smpgraph.analysis.stocks.data import (
    Cooperation,
    StockData,
    StockRows,
    cooperation_from,
    fetch_stock_rows,
    stock_data_from_rows,
)
from smpgraph.analysis.stocks.tables import (
    DEFAULT_TOP,
    CorridorStock,
    UnskilledAgreementPair,
    growing_uncovered_corridors,
    largest_uncovered_corridors,
    unskilled_agreement_pairs,
)
from smpgraph.analysis.stocks.trends import (
    CoverageShare,
    PartnershipCorridor,
    coverage_by_decade,
    partnership_corridors,
)
from smpgraph.errors import AnalysisError, NoStockDataError

if TYPE_CHECKING:
    import pandas as pd

    from smpgraph.analysis.agreements.network import AgreementNetwork
    from smpgraph.analysis.views import GraphViews
    from smpgraph.store.base import GraphStore

__all__ = ["StockReport", "report_from_stocks", "stock_report", "stocks_payload"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StockReport:
    """Where migration runs without cooperation (issue 16, item 3).

    Attributes:
        data: the stocks the tables were computed from (for plots).
        cooperation: the partnerships and agreements on each corridor.
        seconds: how long each step took, by name.
    """

    data: StockData
    cooperation: Cooperation
    largest_uncovered_corridors: Findings[CorridorStock]
    agreements_without_skills: Findings[UnskilledAgreementPair]
    growing_uncovered_corridors: Findings[CorridorStock]
    partnership_corridors: Findings[PartnershipCorridor]
    stock_coverage_by_decade: Findings[CoverageShare]
    seconds: tuple[tuple[str, float], ...] = ()

    def sections(self) -> Iterator[Findings[Any]]:
        """Every table, in report order."""
        yield from (
            self.largest_uncovered_corridors,
            self.agreements_without_skills,
            self.growing_uncovered_corridors,
            self.partnership_corridors,
            self.stock_coverage_by_decade,
        )

    def summary(self) -> dict[str, JsonValue]:
        """Counts of the data and of every table; partnerships and BLAs apart."""
        coop = self.cooperation
        return {
            "years": list(self.data.years),
            "corridors": len(self.data.country_corridors()),
            "world_stock": {str(year): self.data.world(year) for year in self.data.years},
            "partnership_corridors": len(coop.partnerships),
            "partnerships": len({iri for found in coop.partnerships.values() for iri in found}),
            "agreement_pairs": len(coop.agreements),
            "agreements": len({a.iri for found in coop.agreements.values() for a in found}),
            **{section.name: len(section) for section in self.sections()},
        }

    def to_dict(self) -> dict[str, JsonValue]:
        """A JSON-ready dict: summary, timings and every table."""
        return {
            "summary": self.summary(),
            "seconds": {name: round(s, 3) for name, s in self.seconds},
            "sections": {section.name: section.to_dict() for section in self.sections()},
        }

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table as a pandas DataFrame, by name (needs pandas)."""
        return {section.name: section.to_frame() for section in self.sections()}


def report_from_stocks(data: StockData, cooperation: Cooperation, *, top: int = DEFAULT_TOP) -> StockReport:
    """Compute every table (pure).

    Args:
        data: the stocks.
        cooperation: partnerships and agreements by corridor.
        top: rows kept in the ranked tables.
    """
    t = time.perf_counter()
    report = StockReport(
        data,
        cooperation,
        largest_uncovered_corridors(data, cooperation, top=top),
        unskilled_agreement_pairs(data, cooperation, top=top),
        growing_uncovered_corridors(data, cooperation, top=top),
        partnership_corridors(data, cooperation),
        coverage_by_decade(data, cooperation),
    )
    return dataclasses.replace(report, seconds=(("tables", time.perf_counter() - t),))


def stock_report(
    store: GraphStore,
    *,
    views: GraphViews | None = None,
    network: AgreementNetwork | None = None,
    top: int = DEFAULT_TOP,
) -> StockReport:
    """Pull the stocks (and, unless given, the partnership views and the agreement network) and compute every table.

    Args:
        store: any :class:`~smpgraph.store.base.GraphStore` holding the imported stocks.
        views: the partnership views, when already built (``smpgraph gaps`` has them).
        network: the agreement network, when already built.
        top: rows kept in the ranked tables.

    Raises:
        AnalysisError: the store holds no migrant stock, or a query result was cut short.
    """
    from smpgraph.analysis.agreements.network import codebook_labels, fetch_agreement_rows, network_from_rows
    from smpgraph.analysis.views import fetch_rows, views_from_rows

    t = time.perf_counter()
    rows: StockRows = fetch_stock_rows(store)
    data = stock_data_from_rows(rows)
    pulled = time.perf_counter() - t
    t = time.perf_counter()
    if views is None:
        try:
            views = views_from_rows(fetch_rows(store))
        except AnalysisError as exc:
            if "no partnership" not in str(exc):
                raise
    if network is None:
        try:
            network = network_from_rows(fetch_agreement_rows(store), item_labels=codebook_labels())
        except AnalysisError as exc:
            if "no bilateral labour agreement" not in str(exc):
                raise
    cooperation = cooperation_from(views, network, rows)
    joined = time.perf_counter() - t
    report = report_from_stocks(data, cooperation, top=top)
    logger.info("migrant stocks: %.2f s to pull, %d corridors", pulled, len(data.stocks))
    return dataclasses.replace(report, seconds=(("stocks", pulled), ("cooperation", joined), *report.seconds))


def stocks_payload(
    store: GraphStore, *, views: GraphViews | None = None, network: AgreementNetwork | None = None
) -> dict[str, JsonValue] | None:
    """:meth:`StockReport.to_dict` of the store, or None when it holds no migrant stock."""
    try:
        return stock_report(store, views=views, network=network).to_dict()
    except NoStockDataError:
        return None
