"""Figures of the migrant-stock report: coverage by decade, the largest uncovered corridors, SMP corridors.

PNG or SVG by extension; matplotlib is imported lazily (:mod:`smpgraph.analysis.drawing`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from smpgraph.analysis.drawing import check_path, pyplot, save
from smpgraph.errors import AnalysisError

if TYPE_CHECKING:
    from smpgraph.analysis.results import Findings
    from smpgraph.analysis.stocks.report import StockReport
    from smpgraph.analysis.stocks.tables import CorridorStock
    from smpgraph.analysis.stocks.trends import CoverageShare, PartnershipCorridor

__all__ = ["plot_corridor_bars", "plot_partnership_trends", "plot_stock_coverage", "plot_stock_report"]


def plot_stock_coverage(shares: Findings[CoverageShare], path: Path) -> Path:
    """Bars: per year, the share of the world's migrant stock on corridors with a BLA, a partnership, either."""
    check_path(path)
    if not shares:
        raise AnalysisError("no year of migrant stock to draw")
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    years = [str(s.year) for s in shares]
    width = 0.27
    for offset, (name, key, color) in enumerate(
        (
            ("bilateral labour agreements", "agreements", "tab:blue"),
            ("partnerships", "partnerships", "tab:orange"),
            ("any agreement", "any_agreement", "tab:green"),
        )
    ):
        values = [100.0 * getattr(s, key) / s.world if s.world else 0.0 for s in shares]
        xs = [i + (offset - 1) * width for i in range(len(years))]
        ax.bar(xs, values, width=width, color=color, label=name)
    ax.set_xticks(range(len(years)), years)
    ax.set_ylabel("% of the world's migrant stock")
    ax.set_title("Migrants on corridors with an agreement (UN DESA stocks)")
    ax.legend(frameon=False, fontsize=8)
    return save(fig, path)


def plot_corridor_bars(corridors: Findings[CorridorStock], path: Path, *, top: int = 20, growth: bool = False) -> Path:
    """Horizontal bars: the first ``top`` corridors of a table, by last-year stock (or growth)."""
    check_path(path)
    shown = list(corridors)[:top]
    if not shown:
        raise AnalysisError("no corridor to draw")
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(shown) + 1.5))
    values = [c.growth if growth else c.stock_last for c in shown]
    ax.barh([c.label for c in shown][::-1], [v / 1e6 for v in values][::-1], color="tab:red")
    last, first = shown[0].last_year, shown[0].first_year
    ax.set_xlabel(f"million migrants ({'growth ' + str(first) + '-' if growth else ''}{last})")
    ax.set_title(corridors.title, fontsize=9)
    ax.tick_params(axis="y", labelsize=7)
    return save(fig, path)


def plot_partnership_trends(corridors: Findings[PartnershipCorridor], path: Path) -> Path:
    """Lines: the migrant stock of each partnership corridor over the years (log scale)."""
    check_path(path)
    series = {(c.origin, c.destination): c for c in corridors if any(v for _, v in c.stocks)}
    if not series:
        raise AnalysisError("no partnership corridor with migrants to draw")
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8, 5))
    for found in series.values():
        ax.plot([y for y, _ in found.stocks], [max(v, 1) for _, v in found.stocks], marker="o", label=found.label)
    ax.set_yscale("log")
    ax.set_ylabel("migrants (log scale)")
    ax.set_title("Migrant stock on the corridors of partnerships")
    ax.legend(frameon=False, fontsize=6, ncol=2)
    return save(fig, path)


def plot_stock_report(report: StockReport, directory: Path, *, formats: Iterable[str] = ("png", "svg")) -> list[Path]:
    """Write ``stock-coverage``, ``largest-uncovered-corridors``, ``growing-uncovered-corridors`` and
    ``partnership-corridors`` (the last only when a partnership corridor has migrants)."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fmt in formats:
        written.append(plot_stock_coverage(report.stock_coverage_by_decade, directory / f"stock-coverage.{fmt}"))
        if report.largest_uncovered_corridors:
            written.append(
                plot_corridor_bars(report.largest_uncovered_corridors, directory / f"largest-uncovered-corridors.{fmt}")
            )
        if report.growing_uncovered_corridors:
            written.append(
                plot_corridor_bars(
                    report.growing_uncovered_corridors, directory / f"growing-uncovered-corridors.{fmt}", growth=True
                )
            )
        if any(any(v for _, v in c.stocks) for c in report.partnership_corridors):
            written.append(
                plot_partnership_trends(report.partnership_corridors, directory / f"partnership-corridors.{fmt}")
            )
    return written
