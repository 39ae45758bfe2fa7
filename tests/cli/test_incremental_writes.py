"""``smpgraph load FILE`` and ``smpgraph update`` reason with the write (issue 15): the inference is there at
once, a retraction takes it away, and ``update --timeout`` refuses a write past it, changing nothing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from smpgraph.cli import cli
from smpgraph.cli.commands import register

register(cli)

ORG = "http://www.w3.org/ns/org#"
SCHEMA = (
    f"@prefix org: <{ORG}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    "org:member owl:inverseOf org:hasMembership .\n"
)
DATA = f"<https://example.org/m> <{ORG}member> <https://example.org/a> .\n"
INFERRED = f"ASK {{ <https://example.org/a> <{ORG}hasMembership> <https://example.org/m> }}"


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()

    def invoke(*args: str):
        env = {"SMPGRAPH_DATA_DIR": str(tmp_path / "store"), "SMPGRAPH_REASONER": "reasonable"}
        return runner.invoke(cli, list(args), env=env, catch_exceptions=False)

    return invoke


def test_load_and_update_reason_with_the_write(run, tmp_path):
    (tmp_path / "schema.ttl").write_text(SCHEMA)
    (tmp_path / "data.nt").write_text(DATA)
    assert run("load", str(tmp_path / "schema.ttl")).exit_code == 0
    loaded = run("load", str(tmp_path / "data.nt"))
    assert loaded.exit_code == 0, loaded.output
    assert "reasoned: 1 inferred triples (reasonable)" in loaded.output
    assert run("query", INFERRED).stdout.strip() == "yes"
    pattern = f"GRAPH ?g {{ <https://example.org/m> <{ORG}member> ?a }}"  # the file's graph
    retracted = run("update", f"DELETE {{ {pattern} }} WHERE {{ {pattern} }}")
    assert retracted.exit_code == 0, retracted.output
    assert run("query", INFERRED).stdout.strip() == "no"
    refused = run("update", "--timeout", "1e-9", f"INSERT DATA {{ {DATA} }}")
    assert refused.exit_code == 3
    assert "deadline" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert run("query", INFERRED).stdout.strip() == "no"
    assert run("query", "ASK { <https://example.org/m> ?p ?o }").stdout.strip() == "no"
