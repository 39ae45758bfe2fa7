"""``smpgraph update`` refuses writes to protected graphs (exit 2, one line); ``query`` honours FROM."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from smpgraph.cli import cli
from smpgraph.cli.commands import register

register(cli)

TTL = "@prefix ex: <http://example.org/> .\nex:a ex:p 1 .\nex:b ex:p 2 .\n"


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()

    def invoke(*args: str):
        env = {"SMPGRAPH_DATA_DIR": str(tmp_path / "store"), "SMPGRAPH_REASONER": "none"}
        return runner.invoke(cli, list(args), env=env, catch_exceptions=False)

    return invoke


@pytest.mark.parametrize(
    "update",
    [
        "MOVE <https://w3id.org/smpgraph/id/graph/inferred> TO <urn:x>",
        "CLEAR GRAPH <https://w3id.org/smpgraph/id/graph/meta>",
        "INSERT DATA { GRAPH <https://w3id.org/smpgraph/id/graph/inferred> { <urn:a> <urn:b> <urn:c> } }",
    ],
)
def test_update_of_a_protected_graph_exits_2_naming_it(run, update):
    result = run("update", update)
    assert result.exit_code == 2
    assert "https://w3id.org/smpgraph/id/graph/" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_query_from_names_the_dataset(run, tmp_path):
    data = tmp_path / "a.ttl"
    data.write_text(TTL)
    assert run("load", "--graph", "urn:g:a", str(data)).exit_code == 0
    assert run("update", "INSERT DATA { GRAPH <urn:g:b> { <urn:x> <urn:y> <urn:z> } }").exit_code == 0
    query = "SELECT (COUNT(*) AS ?n) FROM <urn:g:b> WHERE { ?s ?p ?o }"
    result = run("query", "--format", "json", query)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"] == "1"
