"""Where migration runs without cooperation: UN DESA migrant stocks against partnerships and BLAs (issue 16).

The stocks are the observations of ``graph/stocks`` (``smpgraph import undesa``), read with SPARQL
(``smpgraph/queries/analysis/stocks_*.rq``); the partnerships' corridors come from the analysis views and
the agreements from :mod:`smpgraph.analysis.agreements`. One module per concern:

- :mod:`~smpgraph.analysis.stocks.data`: rows in, :class:`StockData` and :class:`Cooperation` out (pure but
  for :func:`fetch_stock_rows`);
- :mod:`~smpgraph.analysis.stocks.tables` (corridors) and :mod:`~smpgraph.analysis.stocks.trends` (partnership
  corridors over time, coverage by decade): the five tables, each citing its IOM paragraphs and the caveats of
  :mod:`~smpgraph.analysis.stocks.caveats`;
- :mod:`~smpgraph.analysis.stocks.report`: :class:`StockReport`, :func:`stock_report` (store in, report out);
- :mod:`~smpgraph.analysis.stocks.plots`: the figures.

Definitions: docs/decisions/0018-migrant-stocks-and-corridor-gaps.md.
"""

from __future__ import annotations

from smpgraph.analysis.stocks.caveats import CAVEATS as CAVEATS
from smpgraph.analysis.stocks.data import Cooperation as Cooperation
from smpgraph.analysis.stocks.data import StockData as StockData
from smpgraph.analysis.stocks.data import StockRows as StockRows
from smpgraph.analysis.stocks.data import cooperation_from as cooperation_from
from smpgraph.analysis.stocks.data import fetch_stock_rows as fetch_stock_rows
from smpgraph.analysis.stocks.data import stock_data_from_rows as stock_data_from_rows
from smpgraph.analysis.stocks.ranking import ranked_corridors as ranked_corridors
from smpgraph.analysis.stocks.report import StockReport as StockReport
from smpgraph.analysis.stocks.report import report_from_stocks as report_from_stocks
from smpgraph.analysis.stocks.report import stock_report as stock_report
from smpgraph.analysis.stocks.report import stocks_payload as stocks_payload
from smpgraph.analysis.stocks.tables import CorridorStock as CorridorStock
from smpgraph.analysis.stocks.tables import UnskilledAgreementPair as UnskilledAgreementPair
from smpgraph.analysis.stocks.trends import CoverageShare as CoverageShare
from smpgraph.analysis.stocks.trends import PartnershipCorridor as PartnershipCorridor
from smpgraph.analysis.stocks.trends import Trend as Trend

__all__ = [
    "CAVEATS",
    "Cooperation",
    "CorridorStock",
    "CoverageShare",
    "PartnershipCorridor",
    "StockData",
    "StockReport",
    "StockRows",
    "Trend",
    "UnskilledAgreementPair",
    "cooperation_from",
    "fetch_stock_rows",
    "ranked_corridors",
    "report_from_stocks",
    "stock_data_from_rows",
    "stock_report",
    "stocks_payload",
]
