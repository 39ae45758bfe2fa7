"""Figures of the gap report (network drawing, corridor matrix, coverage bars), as PNG or SVG.

The figures of the agreement network (agreements per decade, provision coverage over time, country
network) live in :mod:`smpgraph.analysis.agreements.plots` and are re-exported here. matplotlib (the
optional ``plots`` extra) is imported lazily (:mod:`smpgraph.analysis.drawing`), so importing this module
needs nothing and opens no window.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Final

import networkx as nx

from smpgraph.analysis.agreements.plots import PLOTTED_TERMS as PLOTTED_TERMS
from smpgraph.analysis.agreements.plots import plot_agreement_report as plot_agreement_report
from smpgraph.analysis.agreements.plots import plot_country_network as plot_country_network
from smpgraph.analysis.agreements.plots import plot_decades as plot_decades
from smpgraph.analysis.agreements.plots import plot_provision_coverage as plot_provision_coverage
from smpgraph.analysis.drawing import check_path, pyplot, save
from smpgraph.analysis.model import StakeholderCategory
from smpgraph.domain import DEFAULT_SEED
from smpgraph.errors import AnalysisError

if TYPE_CHECKING:
    from smpgraph.analysis.coverage import TopicCoverage
    from smpgraph.analysis.report import GapReport
    from smpgraph.analysis.results import Findings
    from smpgraph.analysis.views import GraphViews

__all__ = [
    "MAX_DRAWN_NODES",
    "PLOTTED_TERMS",
    "plot_agreement_report",
    "plot_corridor_matrix",
    "plot_country_network",
    "plot_coverage",
    "plot_decades",
    "plot_network",
    "plot_provision_coverage",
    "plot_report",
]

#: the network drawing keeps the best-connected stakeholders up to this many
MAX_DRAWN_NODES: Final = 300
_COLOURS: Final = {
    StakeholderCategory.EMPLOYER_BODY.value: "tab:orange",
    StakeholderCategory.TRADE_UNION.value: "tab:red",
    StakeholderCategory.TRAINING_PROVIDER.value: "tab:green",
    StakeholderCategory.CERTIFICATION_BODY.value: "tab:purple",
    StakeholderCategory.MIGRANT_OR_DIASPORA.value: "tab:brown",
    StakeholderCategory.GOVERNMENT.value: "tab:blue",
    StakeholderCategory.OTHER.value: "tab:gray",
}


def plot_network(
    views: GraphViews, path: Path, *, seed: int = DEFAULT_SEED, betweenness: dict[str, float] | None = None
) -> Path:
    """Draw the stakeholder cooperation graph, coloured by stakeholder category.

    Args:
        views: the graph views.
        path: ``*.png`` or ``*.svg``.
        seed: the seed of the spring layout.
        betweenness: node sizes (e.g. the brokers' scores); degree is used where missing.

    Returns:
        The path written.

    Raises:
        AnalysisError: there is no stakeholder.
        UnsupportedFormatError: the extension is not .png or .svg.
    """
    check_path(path)
    graph = views.cooperation
    if graph.number_of_nodes() == 0:
        raise AnalysisError("no stakeholder to draw")
    keep = sorted(graph, key=lambda n: (-graph.degree(n), n))[:MAX_DRAWN_NODES]
    sub = graph.subgraph(keep)
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(10, 8))
    pos = nx.spring_layout(sub, weight="weight", seed=seed)
    first = [str(sub.nodes[n].get("categories", "other")).split(", ")[0] or "other" for n in sub]
    colours = [_COLOURS.get(c, "tab:gray") for c in first]
    scores = betweenness or {}
    sizes = [40 + 2000 * scores[n] if n in scores else 20 + 8 * sub.degree(n) for n in sub]
    nx.draw_networkx_edges(
        sub, pos, ax=ax, alpha=0.2, width=[0.5 + d.get("weight", 1) * 0.3 for *_, d in sub.edges(data=True)]
    )
    nx.draw_networkx_nodes(sub, pos, ax=ax, node_color=colours, node_size=sizes, linewidths=0)
    if sub.number_of_nodes() <= 60:
        nx.draw_networkx_labels(
            sub, pos, ax=ax, labels={n: str(sub.nodes[n].get("label", n))[:24] for n in sub}, font_size=7
        )
    for name, colour in _COLOURS.items():
        ax.scatter([], [], c=colour, label=name)
    ax.legend(loc="lower left", fontsize=7, frameon=False)
    shown = "" if sub.number_of_nodes() == graph.number_of_nodes() else f" ({len(keep)} best-connected shown)"
    ax.set_title(f"Stakeholder cooperation{shown}")
    ax.set_axis_off()
    return save(fig, path)


def plot_corridor_matrix(views: GraphViews, path: Path, *, unrecognised: Iterable[tuple[str, str]] = ()) -> Path:
    """Heatmap of partnerships per origin (rows) and destination (columns); ``x`` marks unrecognised corridors.

    Args:
        views: the graph views.
        path: ``*.png`` or ``*.svg``.
        unrecognised: (origin, destination) pairs to mark (from ``unrecognised_corridors``).

    Returns:
        The path written.

    Raises:
        AnalysisError: there is no corridor.
        UnsupportedFormatError: the extension is not .png or .svg.
    """
    check_path(path)
    graph = views.corridors
    if graph.number_of_edges() == 0:
        raise AnalysisError("no corridor to draw")
    origins = sorted({a for a, _ in graph.edges()}, key=views.label)[:60]
    destinations = sorted({b for _, b in graph.edges()}, key=views.label)[:60]
    matrix = [[graph[o][d]["n_partnerships"] if graph.has_edge(o, d) else 0 for d in destinations] for o in origins]
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(2 + 0.4 * len(destinations), 1.5 + 0.35 * len(origins)))
    image = ax.imshow(matrix, cmap="Blues", aspect="auto")
    fig.colorbar(image, ax=ax, label="partnerships")
    marked = set(unrecognised)
    for i, o in enumerate(origins):
        for j, d in enumerate(destinations):
            if (o, d) in marked:
                ax.text(j, i, "x", ha="center", va="center", color="tab:red", fontsize=9)
    ax.set_xticks(range(len(destinations)), [views.label(d) for d in destinations], rotation=90, fontsize=7)
    ax.set_yticks(range(len(origins)), [views.label(o) for o in origins], fontsize=7)
    ax.set_xlabel("destination")
    ax.set_ylabel("origin")
    ax.set_title("Corridors (x: mobility without recognition arrangement)")
    return save(fig, path)


def plot_coverage(topics: Findings[TopicCoverage], path: Path) -> Path:
    """Horizontal bars: the share of partnerships covering each topic.

    Args:
        topics: the result of :func:`smpgraph.analysis.gaps.topic_coverage`.
        path: ``*.png`` or ``*.svg``.

    Returns:
        The path written.

    Raises:
        AnalysisError: there is no topic.
        UnsupportedFormatError: the extension is not .png or .svg.
    """
    check_path(path)
    if not topics:
        raise AnalysisError("no coverage to draw")
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(topics) + 1.2))
    names = [t.subject() for t in topics]
    ax.barh(names, [100 * t.share for t in topics], color="tab:blue")
    for i, t in enumerate(topics):
        ax.text(100 * t.share + 1, i, f"{t.covered}/{t.total}", va="center", fontsize=8)
    ax.set_xlim(0, 110)
    ax.invert_yaxis()
    ax.set_xlabel("% of partnerships")
    ax.set_title("Coverage by topic")
    return save(fig, path)


def plot_report(report: GapReport, directory: Path, *, formats: Iterable[str] = ("png", "svg")) -> list[Path]:
    """Write every figure of a report into ``directory`` (``network``, ``corridors``, ``coverage``).

    Figures with nothing to draw (no corridor, say) are skipped.

    Args:
        report: the gap report.
        directory: the folder to write into (created if missing).
        formats: ``png`` and/or ``svg``.

    Returns:
        The files written.
    """
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    scores = {b.stakeholder: b.betweenness for b in report.brokers}
    unrecognised = [(c.origin, c.destination) for c in report.unrecognised_corridors]
    for fmt in formats:
        written.append(plot_network(report.views, directory / f"network.{fmt}", seed=report.seed, betweenness=scores))
        if report.views.corridors.number_of_edges():
            written.append(
                plot_corridor_matrix(report.views, directory / f"corridors.{fmt}", unrecognised=unrecognised)
            )
        written.append(plot_coverage(report.topic_coverage, directory / f"coverage.{fmt}"))
    return written
