"""The platform commands through the real entry point: exit codes, one-line errors, round trips."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from smpgraph.cli import cli
from smpgraph.cli.commands import register

register(cli)

TTL = '@prefix ex: <http://example.org/> .\nex:a ex:p "x" ; ex:q ex:b .\n'


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        env = {"SMPGRAPH_DATA_DIR": str(tmp_path / "store"), "SMPGRAPH_REASONER": "none"}
        return runner.invoke(cli, list(args), env=env, input=input, catch_exceptions=False)

    return invoke


def test_load_query_info_export(run, tmp_path):
    data = tmp_path / "a.ttl"
    data.write_text(TTL)
    result = run("load", str(data))
    assert result.exit_code == 0, result.output
    assert "loaded 2 triples" in result.output
    result = run("query", "--format", "json", "SELECT ?o WHERE { ?s ex:p ?o }".replace("ex:", "<http://example.org/"))
    assert result.exit_code == 2  # a malformed IRI is bad input, not a crash
    result = run("query", "--format", "json", "SELECT ?o WHERE { ?s <http://example.org/p> ?o }")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"] == [{"o": {"type": "literal", "value": "x"}}]
    result = run("query", "SELECT ?o WHERE { ?s <http://example.org/p> ?o }")
    assert result.exit_code == 0 and "x" in result.stdout
    info = json.loads(run("info", "--format", "json").stdout)
    assert info["total_triples"] == 2 and info["graphs"][0]["source"] == str(data.resolve())
    out = tmp_path / "out.nq"
    assert run("export", "-o", str(out)).exit_code == 0
    assert out.read_text().count("\n") == 2


def test_update_and_query_from_file_and_stdin(run, tmp_path):
    assert run("update", 'INSERT DATA { <urn:a> <urn:b> "c" }').exit_code == 0
    query = tmp_path / "q.rq"
    query.write_text('ASK { <urn:a> <urn:b> "c" }')
    assert run("query", "-f", str(query)).stdout.strip() == "yes"
    assert run("query", "-f", "-", input='ASK { <urn:a> <urn:b> "d" }').stdout.strip() == "no"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("load", "missing.ttl"), "no such file"),
        (("query", "SELECT * WHERE { ?s ?p }"), "SPARQL syntax error"),
        (("query", "SELECT * WHERE { SERVICE <http://x.org/> { ?s ?p ?o } }"), "SERVICE is disabled"),
        (("update", "LOAD <http://example.org/x.ttl>"), "LOAD is disabled"),
        (("export", "--format", "docx"), "unknown format"),
        (("query", "--format", "csv", "-f", "nope.rq"), "no such file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(run, args, needle):
    result = run(*args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in result.output


def test_malformed_rdf_names_file_and_line(run, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(TTL + 'ex:c ex:p "open .\n')
    result = run("load", str(bad))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"smpgraph: error: {bad}:3:11: Unexpected end of file"


def test_unknown_format_lists_the_supported_ones(run, tmp_path):
    odd = tmp_path / "data.docx"
    odd.write_text(TTL)
    result = run("load", str(odd))
    assert result.exit_code == 2 and ".ttl" in result.stderr and ".jsonld" in result.stderr


def test_backup_and_restore(run, tmp_path):
    data = tmp_path / "a.ttl"
    data.write_text(TTL)
    run("load", str(data))
    assert run("backup", str(tmp_path / "bk")).exit_code == 0
    run("update", "DROP ALL")
    assert json.loads(run("info", "--format", "json").stdout)["total_triples"] == 0
    assert run("restore", str(tmp_path / "bk")).exit_code == 2  # refuses to overwrite without --force
    assert run("restore", str(tmp_path / "bk"), "--force").exit_code == 0
    assert json.loads(run("info", "--format", "json").stdout)["total_triples"] == 2


def test_python_dash_m_and_a_second_writer(tmp_path):
    env = {"SMPGRAPH_DATA_DIR": str(tmp_path / "store"), "PATH": "/usr/bin:/bin", "SMPGRAPH_REASONER": "none"}
    version = subprocess.run([sys.executable, "-m", "smpgraph", "--version"], capture_output=True, text=True, env=env)
    assert version.returncode == 0 and "smpgraph" in version.stdout
    from smpgraph.config import Settings
    from smpgraph.store import open_store

    holder = open_store(Settings(reasoner="none"), path=tmp_path / "store")
    try:
        data = tmp_path / "a.ttl"
        data.write_text(TTL)
        second = subprocess.run(
            [sys.executable, "-m", "smpgraph", "load", str(data)], capture_output=True, text=True, env=env, timeout=120
        )
        assert second.returncode == 2
        assert second.stderr.count("\n") == 1 and "in use by another process" in second.stderr
    finally:
        holder.close()


def test_usage_error_is_exit_2(run):
    result = run("query", "--format", "nonsense", "ASK {}")
    assert result.exit_code == 2
