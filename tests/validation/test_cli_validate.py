"""``smpgraph validate`` through click's CliRunner: exit codes 0, 1, 2 and one line of error."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from rdflib import Graph

from smpgraph.cli import cli
from smpgraph.cli.validate import command

ROOT = Path(__file__).resolve().parents[2]
DRAFTS = ROOT / "data" / "drafts"
EXAMPLES = ROOT / "data" / "examples"

if "validate" not in cli.commands:
    cli.add_command(command)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    path.mkdir()
    return path


def _run(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--backend", "memory", "--data-dir", str(data_dir), "validate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_complete_draft_exits_0(data_dir: Path) -> None:
    code, out, _ = _run(data_dir, str(DRAFTS / "complete.yaml"), "--fail-on", "info")
    assert code == 0
    assert "complete" in out


def test_missing_component_exits_1(data_dir: Path) -> None:
    code, out, _ = _run(data_dir, str(DRAFTS / "missing-training.ttl"))
    assert code == 1
    assert "hasTraining" in out


def test_fail_on_warning(data_dir: Path) -> None:
    assert _run(data_dir, str(DRAFTS / "missing-gender.ttl"))[0] == 0
    assert _run(data_dir, str(DRAFTS / "missing-gender.ttl"), "--fail-on", "warning")[0] == 1


def test_several_files_json(data_dir: Path) -> None:
    code, out, _ = _run(
        data_dir, str(DRAFTS / "complete.ttl"), str(DRAFTS / "missing-mobility.yaml"), "--format", "json"
    )
    assert code == 1
    data = json.loads(out)
    assert len(data["agreements"]) == 2


def test_output_file(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code, out, _ = _run(data_dir, str(DRAFTS / "complete.ttl"), "--format", "html", "--output", str(target))
    assert code == 0
    assert out == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("content", "suffix"),
    [
        ("@prefix smp: <https://w3id.org/smpgraph/ontology#> .\n<urn:a> smp:x .\n", ".ttl"),
        ("id: partnership/x\nstatus: draft\nnot_a_key: 1\n", ".yaml"),
        ("@prefix smp: <https://w3id.org/smpgraph/ontology#> .\n<urn:a> a smp:Country .\n", ".ttl"),
        ("id: partnership/x\nstatus: draft\norigin: [ZZ]\n", ".yaml"),
    ],
    ids=["unparsable", "unknown-key", "no-agreement", "unknown-country"],
)
def test_bad_input_exits_2_with_one_line(data_dir: Path, tmp_path: Path, content: str, suffix: str) -> None:
    draft = tmp_path / f"draft{suffix}"
    draft.write_text(content, encoding="utf-8")
    code, out, err = _run(data_dir, str(draft))
    assert code == 2, err
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("smpgraph: error:")


def test_no_file_and_no_all_exits_2(data_dir: Path) -> None:
    assert _run(data_dir)[0] == 2


def test_drafts_are_never_written(data_dir: Path) -> None:
    _run(data_dir, str(DRAFTS / "missing-training.ttl"))
    assert list(data_dir.rglob("*")) == []


# -- validate --all on real agreements (issue 19) -----------------------------------------------------------


@pytest.fixture(scope="module")
def examples_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the reference data and the example partnerships (real agreements)."""
    from smpgraph.store import open_store

    path = tmp_path_factory.mktemp("examples-store")
    with open_store(path=path, backend="oxigraph") as store:
        for file in (*sorted((ROOT / "data" / "reference").glob("*.ttl")), *sorted(EXAMPLES.glob("*.ttl"))):
            store.load(file, reason=False)
    return path


def _run_all(path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--backend", "oxigraph", "--data-dir", str(path), "validate", "--all", *args])
    return result.exit_code, result.stdout, result.stderr


def test_all_on_real_agreements_passes_and_says_why(examples_dir: Path) -> None:
    code, out, err = _run_all(examples_dir)
    assert code == 0, err  # nothing the sources state is a Violation
    assert "open: a real agreement described from sources" in out
    assert "The sources we have do not" in out
    assert "No Violation" in out.splitlines()[-1]
    assert _run_all(examples_dir, "--fail-on", "info")[0] == 1  # the not-recorded findings are Info


@pytest.mark.parametrize("fmt", ["text", "json", "ttl", "md", "html"])
def test_all_summary_works_in_every_format(examples_dir: Path, fmt: str) -> None:
    code, out, err = _run_all(examples_dir, "--summary", "--format", fmt)
    assert code == 0, err
    if fmt == "json":
        schema = json.loads((ROOT / "docs" / "schemas" / "validation-summary.schema.json").read_text(encoding="utf-8"))
        data = json.loads(out)
        jsonschema.validate(data, schema)
        assert data["agreements"] == 12 and data["worlds"] == {"closed": 0, "open": 12}
        assert data["violations"] == []
    elif fmt == "ttl":
        assert Graph().parse(data=out, format="turtle") is not None
    elif fmt == "html":
        assert out.startswith("<!DOCTYPE html>")
    else:
        assert "12 agreement(s)" in out


def test_only_selects_policy_or_data_quality(examples_dir: Path) -> None:
    both = json.loads(_run_all(examples_dir, "--format", "json")[1])
    policy = json.loads(_run_all(examples_dir, "--format", "json", "--only", "policy")[1])
    quality = json.loads(_run_all(examples_dir, "--format", "json", "--only", "data-quality")[1])
    assert {r["category"] for r in policy["results"]} == {"policy"}
    assert {r["category"] for r in quality["results"]} == {"data-quality"}
    assert len(policy["results"]) + len(quality["results"]) == len(both["results"])


def test_all_read_as_drafts_fails_on_what_the_sources_do_not_say(examples_dir: Path) -> None:
    code, out, _ = _run_all(examples_dir, "--world", "draft", "--summary")
    assert code == 1
    assert "Violation(s)" in out
