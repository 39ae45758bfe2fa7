"""Figures of the agreement network: agreements per decade, provision coverage over time, country network.

PNG or SVG by extension; matplotlib is imported lazily (:mod:`smpgraph.analysis.drawing`). The same
functions are importable from :mod:`smpgraph.analysis.plots`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Final

import networkx as nx

from smpgraph.analysis.drawing import check_path, pyplot, save
from smpgraph.domain import DEFAULT_SEED
from smpgraph.errors import AnalysisError

if TYPE_CHECKING:
    from smpgraph.analysis.agreements.countries import CountryCommunity
    from smpgraph.analysis.agreements.decades import DecadeCount
    from smpgraph.analysis.agreements.network import AgreementNetwork
    from smpgraph.analysis.agreements.provisions import ProvisionCoverage
    from smpgraph.analysis.agreements.report import AgreementNetworkReport
    from smpgraph.analysis.results import Findings

__all__ = [
    "PLOTTED_TERMS",
    "plot_agreement_report",
    "plot_country_network",
    "plot_decades",
    "plot_provision_coverage",
]

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
    check_path(path)
    if not decades:
        raise AnalysisError("no agreement with a known year to draw")
    plt = pyplot()
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
    return save(fig, path)


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
    check_path(path)
    series: dict[str, list[ProvisionCoverage]] = {}
    for row in coverage:
        if row.decade is not None and row.coded >= min_coded:
            series.setdefault(row.key, []).append(row)
    wanted = [key for key in keys if key in series]
    if not wanted:
        raise AnalysisError("no provision coverage to draw")
    plt = pyplot()
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
    return save(fig, path)


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
    check_path(path)
    graph = network.simple
    if graph.number_of_edges() == 0:
        raise AnalysisError("no agreement between two countries to draw")
    # the largest connected component: a pair on its own would squeeze the layout into a corner
    sub = graph.subgraph(max(nx.connected_components(graph), key=lambda c: (len(c), sorted(c))))
    left_out = graph.number_of_nodes() - sub.number_of_nodes()
    plt = pyplot()
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
    return save(fig, path)


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
