"""Figures of the gap report (network drawing, corridor matrix, coverage bars) and of the agreement
network (agreements per decade, provision coverage over time, country network), as PNG or SVG.

matplotlib (the optional ``plots`` extra) is imported lazily, with the non-interactive Agg backend, so
importing this module needs nothing and opens no window.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import networkx as nx

from smpgraph.analysis.model import StakeholderCategory
from smpgraph.domain import DEFAULT_SEED
from smpgraph.errors import AnalysisError, BackendUnavailableError, UnsupportedFormatError

if TYPE_CHECKING:
    from smpgraph.analysis.agreements import (
        AgreementNetwork,
        AgreementNetworkReport,
        CountryCommunity,
        DecadeCount,
        ProvisionCoverage,
    )
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
_SUFFIXES: Final = (".png", ".svg")
_COLOURS: Final = {
    StakeholderCategory.EMPLOYER_BODY.value: "tab:orange",
    StakeholderCategory.TRADE_UNION.value: "tab:red",
    StakeholderCategory.TRAINING_PROVIDER.value: "tab:green",
    StakeholderCategory.CERTIFICATION_BODY.value: "tab:purple",
    StakeholderCategory.MIGRANT_OR_DIASPORA.value: "tab:brown",
    StakeholderCategory.GOVERNMENT.value: "tab:blue",
    StakeholderCategory.OTHER.value: "tab:gray",
}


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError as exc:  # pragma: no cover - matplotlib is in the dev group
        raise BackendUnavailableError("install 'smpgraph[plots]' to draw figures") from exc
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _check(path: Path) -> None:
    if path.suffix.lower() not in _SUFFIXES:
        raise UnsupportedFormatError(f"{path}: figures are written as .png or .svg")
    path.parent.mkdir(parents=True, exist_ok=True)


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=150)
    _pyplot().close(fig)
    return path


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
    _check(path)
    graph = views.cooperation
    if graph.number_of_nodes() == 0:
        raise AnalysisError("no stakeholder to draw")
    keep = sorted(graph, key=lambda n: (-graph.degree(n), n))[:MAX_DRAWN_NODES]
    sub = graph.subgraph(keep)
    plt = _pyplot()
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
    return _save(fig, path)


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
    _check(path)
    graph = views.corridors
    if graph.number_of_edges() == 0:
        raise AnalysisError("no corridor to draw")
    origins = sorted({a for a, _ in graph.edges()}, key=views.label)[:60]
    destinations = sorted({b for _, b in graph.edges()}, key=views.label)[:60]
    matrix = [[graph[o][d]["n_partnerships"] if graph.has_edge(o, d) else 0 for d in destinations] for o in origins]
    plt = _pyplot()
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
    return _save(fig, path)


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
    _check(path)
    if not topics:
        raise AnalysisError("no coverage to draw")
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(topics) + 1.2))
    names = [t.topic for t in topics]
    ax.barh(names, [100 * t.share for t in topics], color="tab:blue")
    for i, t in enumerate(topics):
        ax.text(100 * t.share + 1, i, f"{t.covered}/{t.total}", va="center", fontsize=8)
    ax.set_xlim(0, 110)
    ax.invert_yaxis()
    ax.set_xlabel("% of partnerships")
    ax.set_title("Coverage by topic")
    return _save(fig, path)


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


# -- the bilateral labour agreement network (issue 9, item 4) ------------------------------------------

#: the terms drawn by :func:`plot_provision_coverage` by default: components and prerequisites
PLOTTED_TERMS: Final = tuple(
    f"https://w3id.org/smpgraph/ontology#{name}"
    for name in (
        "SkillsRecognition",
        "Training",
        "MultiStakeholderInvolvement",
        "GenderConsideration",
        "SocialAspects",
        "ReturnAndReintegration",
        "CostReductionSharing",
        "EvidenceBasedPolicy",
        "MigrationConsiderations",
        "MigrantWellBeing",
    )
)


def plot_decades(decades: Findings[DecadeCount], path: Path) -> Path:
    """Bars: agreements signed per decade, the coded ones darker.

    Args:
        decades: the result of :func:`smpgraph.analysis.agreements.agreements_per_decade`.
        path: ``*.png`` or ``*.svg``.

    Returns:
        The path written.

    Raises:
        AnalysisError: there is no decade.
        UnsupportedFormatError: the extension is not .png or .svg.
    """
    _check(path)
    if not decades:
        raise AnalysisError("no agreement with a known year to draw")
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    names = [f"{d.decade}s" for d in decades]
    ax.bar(names, [d.agreements for d in decades], color="tab:blue", alpha=0.45, label="signed")
    ax.bar(names, [d.coded for d in decades], color="tab:blue", label="coded on best-practice items")
    for i, d in enumerate(decades):
        ax.text(i, d.agreements, str(d.agreements), ha="center", va="bottom", fontsize=8)
    ax.set_ylim(0, max(d.agreements for d in decades) * 1.12 + 1)
    ax.set_ylabel("agreements")
    ax.set_title("Bilateral labour agreements signed per decade")
    ax.legend(frameon=False, fontsize=8)
    return _save(fig, path)


def plot_provision_coverage(
    coverage: Findings[ProvisionCoverage],
    path: Path,
    *,
    keys: Iterable[str] = PLOTTED_TERMS,
    min_coded: int = 10,
) -> Path:
    """Lines: per decade, the share of coded agreements providing each term (or codebook item).

    Args:
        coverage: the result of :func:`smpgraph.analysis.agreements.provision_coverage`.
        path: ``*.png`` or ``*.svg``.
        keys: the terms (IRIs) or items (``"(18)"``) to draw; those absent from the data are skipped.
        min_coded: decades with fewer coded agreements are not drawn (their shares say little).

    Returns:
        The path written.

    Raises:
        AnalysisError: nothing to draw.
        UnsupportedFormatError: the extension is not .png or .svg.
    """
    _check(path)
    series: dict[str, list[ProvisionCoverage]] = {}
    for row in coverage:
        if row.decade is not None and row.coded >= min_coded:
            series.setdefault(row.key, []).append(row)
    wanted = [key for key in keys if key in series]
    if not wanted:
        raise AnalysisError("no provision coverage to draw")
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(9, 5.5))
    colours = plt.get_cmap("tab10")
    for i, key in enumerate(wanted):
        rows = sorted(series[key], key=lambda r: r.decade or 0)
        ax.plot(
            [r.decade for r in rows],
            [100 * r.share for r in rows],
            marker="o",
            markersize=3,
            color=colours(i % 10),
            linestyle="-" if i < 10 else "--",
            label=rows[0].label,
        )
    ax.set_ylim(0, 100)
    ax.set_ylabel("% of coded agreements that provide it")
    ax.set_xlabel(f"decade signed (decades with at least {min_coded} coded agreements)")
    ax.set_title("Coverage of provisions in bilateral labour agreements over time")
    ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _save(fig, path)


def plot_country_network(
    network: AgreementNetwork,
    path: Path,
    *,
    communities: Findings[CountryCommunity] | None = None,
    seed: int = DEFAULT_SEED,
    labelled: int = 30,
) -> Path:
    """Draw countries linked by agreements: node size by agreements, colour by community.

    Args:
        network: the agreement network.
        path: ``*.png`` or ``*.svg``.
        communities: the Louvain communities (colours); one colour when None.
        seed: the seed of the spring layout.
        labelled: label the countries with the most agreements, up to this many.

    Returns:
        The path written.

    Raises:
        AnalysisError: there is no country pair.
        UnsupportedFormatError: the extension is not .png or .svg.
    """
    _check(path)
    graph = network.simple
    if graph.number_of_edges() == 0:
        raise AnalysisError("no agreement between two countries to draw")
    # the largest connected component: a pair on its own would squeeze the layout into a corner
    sub = graph.subgraph(max(nx.connected_components(graph), key=lambda c: (len(c), sorted(c))))
    left_out = graph.number_of_nodes() - sub.number_of_nodes()
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(12, 10))
    pos = nx.spring_layout(sub, weight=None, seed=seed, k=2.5 / max(sub.number_of_nodes(), 1) ** 0.5)
    index = {c: item.community for item in (communities or ()) for c in item.countries}
    palette = plt.get_cmap("tab10")
    strength = {n: sub.degree(n, weight="weight") for n in sub}
    nx.draw_networkx_edges(
        sub, pos, ax=ax, alpha=0.25, width=[0.4 + 0.4 * min(d.get("weight", 1), 10) for *_, d in sub.edges(data=True)]
    )
    nx.draw_networkx_nodes(
        sub,
        pos,
        ax=ax,
        node_color=[palette(index.get(n, 0) % 10) for n in sub],
        node_size=[12 + 40 * strength[n] ** 0.5 for n in sub],
        linewidths=0,
        alpha=0.9,
    )
    top = sorted(sub, key=lambda n: (-strength[n], n))[:labelled]
    nx.draw_networkx_labels(sub, pos, ax=ax, labels={n: network.label(n)[:22] for n in top}, font_size=7)
    agreements = sum(d.get("weight", 1) for *_, d in sub.edges(data=True))
    rest = f"; {left_out} countries outside the largest component not drawn" if left_out else ""
    ax.set_title(
        f"Bilateral labour agreements: {sub.number_of_nodes()} countries, {agreements} agreements, "
        f"{sub.number_of_edges()} pairs\n(size: agreements; colour: Louvain community{rest})"
    )
    ax.set_axis_off()
    return _save(fig, path)


def plot_agreement_report(
    report: AgreementNetworkReport, directory: Path, *, formats: Iterable[str] = ("png", "svg"), min_coded: int = 10
) -> list[Path]:
    """Write the agreement figures: ``agreements-per-decade``, ``provision-coverage``, ``country-network``.

    Args:
        report: the agreement report.
        directory: the folder to write into (created if missing).
        formats: ``png`` and/or ``svg``.
        min_coded: passed to :func:`plot_provision_coverage`.

    Returns:
        The files written.
    """
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fmt in formats:
        written.append(plot_decades(report.agreements_per_decade, directory / f"agreements-per-decade.{fmt}"))
        written.append(
            plot_provision_coverage(
                report.provision_coverage, directory / f"provision-coverage.{fmt}", min_coded=min_coded
            )
        )
        written.append(
            plot_country_network(
                report.network,
                directory / f"country-network.{fmt}",
                communities=report.country_communities,
                seed=report.seed,
            )
        )
    return written
