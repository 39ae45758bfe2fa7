"""The one ordering of corridors every stock table uses: most migrants first, then by IRIs."""

from __future__ import annotations

from smpgraph.analysis.stocks.data import Corridor, StockData

__all__ = ["ranked_corridors"]


def ranked_corridors(data: StockData, year: int) -> list[Corridor]:
    """Corridors between two countries with migrants in ``year``, by stock (descending), then origin, destination."""
    found = [c for c in data.country_corridors() if data.stock(c, year) > 0]
    found.sort(key=lambda c: (-data.stock(c, year), c))
    return found
