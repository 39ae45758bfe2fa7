"""``smpgraph gaps``: where cooperation is missing across all partnerships (issue 6).

Text tables on a terminal; ``--format json`` (the report's ``to_dict``) or ``csv`` (one row per
finding: section, subject, label, finding, sources) for machines. ``--export FILE`` writes a graph
view as GraphML, GEXF or node-link JSON by extension; ``--plot DIR`` writes PNG and SVG figures.

``--agreements`` analyses the network of bilateral labour agreements instead (issue 9, item 4):
agreements per decade, provision coverage over time, most connected countries, country pairs without
recognition or training provisions, communities of countries; ``--export`` then writes the country
network and ``--plot`` the per-decade, coverage-over-time and country-network figures.

``--stocks`` answers where migration runs without cooperation, from the UN DESA migrant stocks (issue 16):
the largest corridors without a partnership or a BLA, corridors whose BLAs provide neither skills
development nor recognition, the corridors that grew most without any agreement, each partnership's
corridor over time, and the share of the world's migrant stock covered by an agreement per decade;
``--plot`` writes their figures.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from smpgraph.cli import CliContext, pass_context
from smpgraph.domain import DEFAULT_SEED

if TYPE_CHECKING:
    from smpgraph.analysis.agreements import AgreementNetworkReport
    from smpgraph.analysis.report import GapReport
    from smpgraph.analysis.results import Findings
    from smpgraph.analysis.stocks import StockReport

__all__ = ["command"]

_VIEWS = ("cooperation", "bipartite", "corridors", "recognition")


@click.command("gaps")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Text tables for people, JSON or CSV for machines.",
)
@click.option(
    "--export",
    "export_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write a graph view to FILE (.graphml, .gexf or .json node-link).",
)
@click.option(
    "--view",
    type=click.Choice(_VIEWS),
    default="cooperation",
    show_default=True,
    help="The graph view --export writes (the cooperation graph carries community and broker scores).",
)
@click.option(
    "--plot",
    "plot_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write network, corridor-matrix and coverage figures (PNG and SVG) into DIR.",
)
@click.option(
    "--exact/--approximate",
    default=None,
    help="Exact or sampled betweenness [default: exact on graphs of up to 3,000 stakeholders].",
)
@click.option(
    "--agreements",
    is_flag=True,
    default=False,
    help="Analyse the network of bilateral labour agreements (countries, agreements over time) instead.",
)
@click.option(
    "--stocks",
    is_flag=True,
    default=False,
    help="Analyse the UN DESA migrant stocks by corridor against partnerships and BLAs instead.",
)
@click.option(
    "--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Seed of sampled betweenness and Louvain."
)
@click.option("--limit", type=int, default=15, show_default=True, help="Rows shown per table (0: all).")
@pass_context
def command(
    ctx: CliContext,
    output_format: str,
    export_path: Path | None,
    view: str,
    plot_dir: Path | None,
    exact: bool | None,
    agreements: bool,
    stocks: bool,
    seed: int,
    limit: int,
) -> None:
    """Find where cooperation is missing: stakeholders, recognition, one-sided schemes, costs, coverage.

    Every table cites the paragraphs of the IOM paper (C/25/INF/1) it serves. With --agreements: the
    network of bilateral labour agreements (countries as nodes, agreements as edges over time). With
    --stocks: the migrant stocks by corridor (UN DESA) against partnerships and BLAs.
    """
    from smpgraph.analysis.report import gap_report

    if agreements and stocks:
        raise click.UsageError("--agreements and --stocks are two different reports: choose one")
    if stocks:
        _stocks(ctx, output_format, export_path, plot_dir, limit)
        return
    if agreements:
        _agreements(ctx, output_format, export_path, plot_dir, seed, limit)
        return

    report = gap_report(ctx.store(read_only=True), exact=exact, seed=seed)
    if output_format == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif output_format == "csv":
        click.echo(_csv(report), nl=False)
    else:
        click.echo(_tables(report, limit=limit))
    if export_path is not None:
        from smpgraph.analysis.export import export_graph

        graph = getattr(report.views, view)
        if view == "cooperation":
            graph = _annotated(report)
        written = export_graph(graph, export_path)
        click.echo(f"wrote {view} graph to {written}", err=True)
    if plot_dir is not None:
        from smpgraph.analysis.plots import plot_report

        for path in plot_report(report, plot_dir):
            click.echo(f"wrote {path}", err=True)


def _agreements(
    ctx: CliContext, output_format: str, export_path: Path | None, plot_dir: Path | None, seed: int, limit: int
) -> None:
    """The ``--agreements`` variant: the bilateral labour agreement network report."""
    from smpgraph.analysis.agreements import agreement_report

    report = agreement_report(ctx.store(read_only=True), seed=seed)
    if output_format == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif output_format == "csv":
        click.echo(_csv(report), nl=False)
    else:
        summary = report.summary()
        head = (
            f"{summary['agreements']} bilateral labour agreements ({summary['coded']} coded), "
            f"{summary['countries']} countries, {summary['pairs']} country pairs"
        )
        click.echo(_tables(report, limit=limit, head=head))
    if export_path is not None:
        from smpgraph.analysis.export import export_graph

        written = export_graph(_annotated_countries(report), export_path)
        click.echo(f"wrote the country network to {written}", err=True)
    if plot_dir is not None:
        from smpgraph.analysis.plots import plot_agreement_report

        for path in plot_agreement_report(report, plot_dir):
            click.echo(f"wrote {path}", err=True)


def _stocks(ctx: CliContext, output_format: str, export_path: Path | None, plot_dir: Path | None, limit: int) -> None:
    """The ``--stocks`` variant: migrant stocks by corridor against partnerships and BLAs."""
    from smpgraph.analysis.stocks import stock_report

    if export_path is not None:
        raise click.UsageError("--export writes a graph view; --stocks has none (use --format json or csv)")
    report = stock_report(ctx.store(read_only=True))
    if output_format == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif output_format == "csv":
        click.echo(_csv(report), nl=False)
    else:
        summary = report.summary()
        years = summary["years"]
        assert isinstance(years, list)
        head = (
            f"{summary['corridors']} corridors with migrants (UN DESA, {years[0]}-{years[-1]}); "
            f"{summary['partnerships']} partnerships on {summary['partnership_corridors']} corridors, "
            f"{summary['agreements']} BLAs on {summary['agreement_pairs']} country pairs"
        )
        click.echo(_tables(report, limit=limit, head=head))
    if plot_dir is not None:
        from smpgraph.analysis.stocks.plots import plot_stock_report

        for path in plot_stock_report(report, plot_dir):
            click.echo(f"wrote {path}", err=True)


def _annotated_countries(report: AgreementNetworkReport) -> Any:
    """The country-pair graph with community, agreements, partners and betweenness on its nodes."""
    graph = report.network.simple.copy()
    for community in report.country_communities:
        for country in community.countries:
            graph.nodes[country]["community"] = community.community
    for found in report.connected_countries:
        graph.nodes[found.country].update(
            agreements=found.agreements, partners=found.partners, betweenness=found.betweenness
        )
    return graph


def _annotated(report: GapReport) -> Any:
    """The cooperation graph with community, betweenness and constraint on its nodes."""
    from smpgraph.analysis.centrality import burt_constraint

    graph = report.views.cooperation.copy()
    for community in report.communities:
        for member in community.members:
            graph.nodes[member]["community"] = community.community
    for broker in report.brokers:
        graph.nodes[broker.stakeholder]["betweenness"] = broker.betweenness
    for node, value in burt_constraint(graph).items():
        if value == value:  # not NaN
            graph.nodes[node]["constraint"] = round(value, 6)
    return graph


def _csv(report: GapReport | AgreementNetworkReport | StockReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "subject", "label", "finding", "sources"])
    for section in report.sections():
        for item in section:
            row = item.row()
            writer.writerow(
                [section.name, item.subject(), row.get("label", ""), item.summary(), " ".join(section.sources)]
            )
    return out.getvalue()


def _short(subject: str) -> str:
    return " -> ".join(part.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] for part in subject.split(" -> "))


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(section: Findings[Any], *, limit: int, width: int) -> str:
    citation = ", ".join(s.rsplit("#", 1)[-1].replace("para-", "") for s in section.sources)
    flag = " [approximate]" if section.approximate else ""
    lines = [f"{section.title} ({len(section)}){flag}  -- IOM paras. {citation}"]
    if not section:
        lines.append("  none")
        return "\n".join(lines)
    shown = list(section)[: limit or None]
    names = [str(item.row().get("label") or _short(item.subject())) for item in shown]
    name_width = min(max(len(n) for n in names), 40)
    for name, item in zip(names, shown, strict=True):
        lines.append(
            f"  {_shorten(name, name_width):<{name_width}}  {_shorten(item.summary(), width - name_width - 4)}"
        )
    if len(section) > len(shown):
        lines.append(f"  … and {len(section) - len(shown)} more (--limit 0 shows all)")
    lines.extend(f"  note: {note}" for note in section.notes)
    return "\n".join(lines)


def _tables(report: GapReport | AgreementNetworkReport | StockReport, *, limit: int, head: str | None = None) -> str:
    width = max(shutil.get_terminal_size((120, 24)).columns, 80)
    summary = report.summary()
    head = head or (
        f"{summary['partnerships']} partnerships, {summary['stakeholders']} stakeholders, "
        f"{summary['cooperation_ties']} cooperation ties, {summary['corridors']} corridors, "
        f"{summary['recognition_links']} recognition links"
    )
    return "\n\n".join([head, *(_table(section, limit=limit, width=width) for section in report.sections())])
