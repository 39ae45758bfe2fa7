"""Exports re-read by networkx, figures written, and the ``smpgraph gaps`` command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from analysis_toy import ID, TOY, views_of
from click.testing import CliRunner

from smpgraph.analysis.export import export_graph
from smpgraph.analysis.report import report_from_views
from smpgraph.errors import AnalysisError, UnsupportedFormatError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def views():
    return views_of(TOY)


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".json"])
@pytest.mark.parametrize("view", ["bipartite", "cooperation", "corridors", "recognition"])
def test_export_is_read_back_by_networkx(views, tmp_path, suffix, view):
    graph = getattr(views, view)
    path = export_graph(graph, tmp_path / f"{view}{suffix}")
    if suffix == ".graphml":
        back = nx.read_graphml(path)
    elif suffix == ".gexf":
        back = nx.read_gexf(path)
    else:
        back = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="links")
    assert set(back.nodes) == {str(n) for n in graph.nodes}
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.is_directed() == graph.is_directed()
    some = next(iter(graph.nodes))
    assert back.nodes[some]["label"] == graph.nodes[some]["label"]


def test_export_rejects_unknown_extension_and_empty_graph(views, tmp_path):
    with pytest.raises(UnsupportedFormatError):
        export_graph(views.cooperation, tmp_path / "x.dot")
    with pytest.raises(AnalysisError):
        export_graph(nx.Graph(), tmp_path / "x.graphml")


def test_plots_write_non_empty_png_and_svg(views, tmp_path):
    pytest.importorskip("matplotlib")
    from smpgraph.analysis.plots import plot_report

    written = plot_report(report_from_views(views), tmp_path)
    names = sorted(p.name for p in written)
    assert names == sorted(f"{n}.{s}" for n in ("network", "corridors", "coverage") for s in ("png", "svg"))
    for path in written:
        assert path.stat().st_size > 1000
    assert (tmp_path / "network.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in (tmp_path / "coverage.svg").read_bytes()[:2000]


def _cli_context(turtle: str):
    from smpgraph.cli import CliContext
    from smpgraph.config import Settings
    from smpgraph.store import open_store
    from smpgraph.store.base import ResultFormat

    settings = Settings(backend="memory")
    store = open_store(settings)
    store.load(turtle.encode(), format=ResultFormat.TURTLE, name="toy.ttl", reason=False)
    return CliContext(settings, _store=store)


def test_cli_tables_json_csv_export_and_plots(tmp_path):
    from smpgraph.cli.gaps import command

    runner = CliRunner()
    result = runner.invoke(command, [], obj=_cli_context(TOY))
    assert result.exit_code == 0, result.output
    assert "Partnerships missing stakeholder categories" in result.output
    assert "IOM paras. 8, 9, 11, 24" in result.output

    result = runner.invoke(command, ["--format", "json", "--seed", "3"], obj=_cli_context(TOY))
    data = json.loads(result.output)
    assert data["parameters"]["seed"] == 3
    assert data["sections"]["one_sided_schemes"]["items"][0]["partnership"] == f"{ID}partnership/p2"

    result = runner.invoke(command, ["--format", "csv", "--approximate"], obj=_cli_context(TOY))
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["section"] for r in rows} >= {"missing_stakeholders", "recognition_asymmetries", "cost_imbalances"}

    out = tmp_path / "net.gexf"
    result = runner.invoke(
        command, ["--format", "json", "--export", str(out), "--plot", str(tmp_path / "fig")], obj=_cli_context(TOY)
    )
    assert result.exit_code == 0, result.output
    back = nx.read_gexf(out)
    assert "community" in back.nodes[f"{ID}org/broker"]
    assert (tmp_path / "fig" / "network.svg").stat().st_size > 0


def test_cli_on_an_empty_store_exits_2():
    from smpgraph.cli import cli
    from smpgraph.cli.gaps import command

    cli.add_command(command)
    result = CliRunner().invoke(cli, ["--backend", "memory", "gaps"])
    assert result.exit_code == 2
    assert "no partnership" in result.output


EXAMPLES = sorted((ROOT / "data" / "examples").glob("*.ttl"))


@pytest.fixture(scope="module")
def example_report():
    if not EXAMPLES:
        pytest.skip("no example data")
    from smpgraph.analysis.report import gap_report
    from smpgraph.config import Settings
    from smpgraph.store import open_store

    store = open_store(Settings(backend="memory"))
    for path in EXAMPLES:
        store.load(path, reason=False)
    return gap_report(store)


def test_examples_palim_moves_ma_to_be_without_recognition(example_report):
    """PALIM records no recognition arrangement; MA -> BE is recognised only through THAMM's arrangement.

    THAMM's arrangement names no countries, so it takes those of THAMM's own corridors (MA -> BE among
    them). Before ADR 0008 an OPTIONAL joined on an unbound variable gave it every qualification's
    country instead (AUS first), and the corridor looked unrecognised for the wrong reason.
    """
    palim, thamm = f"{ID}partnership/palim", f"{ID}partnership/thamm"
    if palim not in example_report.views.partnerships:
        pytest.skip("no PALIM example")
    mar, bel = (f"http://publications.europa.eu/resource/authority/country/{c}" for c in ("MAR", "BEL"))
    assert example_report.views.corridors.has_edge(mar, bel)
    assert not any(palim in r.partnerships for r in example_report.views.recognitions)
    corridors = {(c.origin, c.destination): c for c in example_report.unrecognised_corridors}
    records = (
        example_report.views.recognition[mar][bel]["records"]
        if example_report.views.recognition.has_edge(mar, bel)
        else ()
    )
    owners = {p for r in records for p in r.partnerships}
    if owners:
        assert owners == {thamm}
        assert (mar, bel) not in corridors
    else:
        assert palim in corridors[(mar, bel)].partnerships


def test_examples_recognition_countries_come_from_the_record_or_its_partnerships(example_report):
    """A record's countries are its own or a corridor of a partnership carrying it, never another's."""
    for record in example_report.views.recognitions:
        flows = {flow for p in record.partnerships for flow in example_report.views.partnerships[p].flows}
        if (
            record.source is not None
            and record.target is not None
            and flows
            and (record.source, record.target) not in flows
        ):
            sources = {o for o, _ in flows} | {d for _, d in flows}
            assert record.source in sources or record.target in sources, record


def test_examples_sanity(example_report):
    summary = example_report.summary()
    assert summary["partnerships"] == len(example_report.views.partnerships) >= len(EXAMPLES) - 2
    assert summary["stakeholders"] > 0
    assert not example_report.approximate
    for section in example_report.sections():
        for item in section:
            assert item.summary()
