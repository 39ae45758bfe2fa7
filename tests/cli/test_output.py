"""Honest command-line output: progress on long work, whole graph names, nothing cut silently, folders that
hold files which are not RDF."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from smpgraph.cli import cli
from smpgraph.cli._output import table
from smpgraph.cli._progress import StepPrinter
from smpgraph.cli.commands import register
from smpgraph.cli.load import collect_files
from smpgraph.progress import Step

register(cli)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()

    def invoke(*args: str):
        env = {"SMPGRAPH_DATA_DIR": str(tmp_path / "store"), "SMPGRAPH_REASONER": "none"}
        return runner.invoke(cli, list(args), env=env, catch_exceptions=False)

    return invoke


def test_loading_a_folder_skips_an_xml_catalog_and_says_so(run):
    result = run("load", "--no-reason", str(REPO / "ontology"))
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output and "catalog-v001.xml" in result.output
    assert "not RDF" in result.output
    assert "core.ttl" in result.output


def test_a_named_file_that_is_not_rdf_still_fails(run):
    result = run("load", "--no-reason", str(REPO / "ontology" / "catalog-v001.xml"))
    assert result.exit_code == 2


def test_rdf_xml_and_json_ld_in_a_folder_are_kept(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.xml").write_text(
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description/></rdf:RDF>'
    )
    (folder / "b.json").write_text('{"@context": {}, "@id": "http://example.org/b"}')
    (folder / "c.json").write_text('{"name": "not linked data"}')
    (folder / "d.xml").write_text("<catalog/>")
    selection = collect_files((folder,))
    assert [path.name for path in selection.files] == ["a.xml", "b.json"]
    assert sorted(path.name for path, _ in selection.skipped) == ["c.json", "d.xml"]


def test_info_shows_graph_names_whole_as_compact_iris(run, tmp_path):
    data = tmp_path / "a-rather-long-file-name-for-a-graph.ttl"
    data.write_text("<http://example.org/a> <http://example.org/p> 1 .\n")
    assert run("load", "--no-reason", str(data)).exit_code == 0
    result = run("info")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("id:graph/")]
    assert lines, result.output
    assert "a-rather-long-file-name-for-a-graph" in lines[0]
    assert "…" not in lines[0].split()[0]


def test_a_table_says_when_it_cut_cells():
    rows = [["x" * 80, "y" * 80]]
    text = table(["a", "b"], rows, max_width=60)
    assert "…" in text
    assert text.splitlines()[-1].startswith("(2 cell(s) cut to fit 60 columns")
    assert "--format json" in text.splitlines()[-1]
    whole = table(["a", "b"], [["x", "y"]], max_width=60)
    assert "cut" not in whole


def test_progress_is_plain_lines_off_a_terminal():
    stream = io.StringIO()
    printer = StepPrinter("loading", stream=stream)
    printer(Step("a.ttl", done=0, total=2))
    printer(Step("reasoning", done=1, total=2))
    printer.close()
    assert stream.getvalue().splitlines() == ["loading: 1/2 a.ttl", "loading: 2/2 reasoning"]


def test_load_reports_each_file_and_the_reasoning_step(run, tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.ttl").write_text(f"<http://example.org/{name}> <http://example.org/p> 1 .\n")
    result = run("load", str(tmp_path / "a.ttl"), str(tmp_path / "b.ttl"))
    assert result.exit_code == 0, result.output
    assert "loading: 1/3" in result.output and "loading: 3/3 reasoning" in result.output
