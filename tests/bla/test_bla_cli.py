"""``smpgraph import bla DIR``: exit codes and outputs (0 ok, 2 bad input, one line on stderr;
docs/design/conventions.md#errors)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from smpgraph.cli import cli
from smpgraph.cli.importer import command

pytestmark = pytest.mark.slow  # seconds each: in `make test`, not in `make test-fast`

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "data" / "sources" / "bla"


@pytest.fixture(scope="module", autouse=True)
def registered() -> None:
    if "import" not in cli.commands:  # until smpgraph.cli.commands lists "importer"
        cli.add_command(command)


def invoke(*args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(cli, ["--backend", "memory", *args])
    return result.exit_code, result.stdout, result.stderr


def test_missing_folder_exits_2_with_one_line(tmp_path: Path) -> None:
    code, _, err = invoke("import", "bla", str(tmp_path / "nowhere"))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "no such folder" in err


def test_missing_csv_exits_2(tmp_path: Path) -> None:
    shutil.copy(SOURCES / "bla-formation.csv", tmp_path / "bla-formation.csv")
    code, _, err = invoke("import", "bla", str(tmp_path))
    assert code == 2 and "bla-coding.csv" in err and len(err.strip().splitlines()) == 1


def test_malformed_csv_exits_2(tmp_path: Path) -> None:
    shutil.copy(SOURCES / "bla-coding.csv", tmp_path / "bla-coding.csv")
    (tmp_path / "bla-formation.csv").write_text("treatyID,year\nx,1999\n", encoding="utf-8")
    code, _, err = invoke("import", "bla", str(tmp_path))
    assert code == 2 and "missing column" in err and len(err.strip().splitlines()) == 1


def test_import_writes_turtle_and_loads(tmp_path: Path) -> None:
    out = tmp_path / "bla.ttl"
    code, stdout, _ = invoke("import", "bla", str(SOURCES), "--output", str(out), "--load", "--no-reason")
    assert code == 0, stdout
    assert "1222 agreements, 570 coded" in stdout and "loaded" in stdout
    assert out.read_text(encoding="utf-8").startswith("# Imported by smpgraph import bla")
