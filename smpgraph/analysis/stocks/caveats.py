"""What every table of migrant stocks shares: its data caveats and its percentages."""

from __future__ import annotations

from typing import Final

__all__ = ["CAVEATS", "change_pct", "percent"]

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


def percent(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole`` (2 decimals), None when ``whole`` is 0."""
    return round(100.0 * part / whole, 2) if whole else None


def change_pct(first: int, last: int) -> float | None:
    """The change from ``first`` to ``last`` in percent (1 decimal), None when ``first`` is 0."""
    return round(100.0 * (last - first) / first, 1) if first else None
