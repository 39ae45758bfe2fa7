"""The README's command-line flow: ``smpgraph serve`` runs on a data dir with the bundled data (a real process,
real HTTP), and each example of the block after "While `make serve` runs" works, in order, on the same data dir.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from served_cli import SCRIPT, Served, clean_env, start_server

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
MARKER = "While `make serve` runs"

#: what each README example must print (stdout, or the file it writes), by its first words after the script
EXPECTED: dict[str, str] = {
    "info": "id:graph/data/examples/palim",
    "query 'SELECT": "id:partnership/",
    "query -f": "",  # checked on answer.csv below
    "export --graph": "",  # checked on palim.ttl below
    "export -o": "",  # checked on everything.nq below
    "validate data/drafts/complete.yaml --standard ilo": "ILO standard",
    "validate data/drafts/complete.yaml": "Validation report",
    "validate --all": "Validation report",
    "gaps --agreements": "bilateral labour agreements",
    "gaps": "partnerships",
}


def readme_flow() -> list[str]:
    """The commands of the README block after the marker, comments removed."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text[text.index(MARKER) :], re.DOTALL)
    assert block is not None, "the README has a shell block after the marker"
    commands = [re.sub(r"\s+#.*$", "", line).strip() for line in block.group(1).splitlines()]
    return [command for command in commands if command]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``smpgraph serve`` as `make serve` runs it (bundled data, no token) on a fresh data dir."""
    root = tmp_path_factory.mktemp("readme")
    server = start_server(root / "store", root / "serve.log", env=clean_env(root / "store"))
    yield server
    server.stop()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder like the checkout: the README's relative paths resolve, the files it writes land here."""
    for name in ("data", "tests"):
        (tmp_path / name).symlink_to(REPO / name)
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "smpgraph").symlink_to(SCRIPT)
    return tmp_path


def test_the_flow_covers_the_readme() -> None:
    commands = readme_flow()
    assert all(command.startswith(".venv/bin/smpgraph ") for command in commands), "the README names the venv"
    for command in commands:
        rest = command.removeprefix(".venv/bin/smpgraph ")
        assert any(rest.startswith(key) for key in EXPECTED), f"no expectation for README example {command!r}"


def test_each_readme_example_works_beside_the_server(served: Served, workdir: Path) -> None:
    env = clean_env(served.data_dir)
    for command in readme_flow():
        result = subprocess.run(command, shell=True, cwd=workdir, env=env, capture_output=True, text=True, check=False)
        rest = command.removeprefix(".venv/bin/smpgraph ")
        allowed = {0, 1} if rest.startswith("validate --all") else {0}  # exit 1: some real agreements do not conform
        assert result.returncode in allowed, f"{command}: exit {result.returncode}: {result.stderr}"
        assert f"reading through {served.advert.sparql_url}" in result.stderr, f"{command}: {result.stderr}"
        assert "error" not in result.stderr.lower(), f"{command}: {result.stderr}"
        expected = next(value for key, value in EXPECTED.items() if rest.startswith(key))
        assert expected in result.stdout, f"{command}: {result.stdout[:500]}"
    answer = (workdir / "answer.csv").read_text(encoding="utf-8").splitlines()
    assert answer[0].startswith("partnership") and len(answer) > 1
    palim = Graph().parse(workdir / "palim.ttl")
    assert len(palim) > 100
    everything = Dataset()
    everything.parse(workdir / "everything.nq", format="nquads")
    assert len(everything) > 100_000  # the bundled knowledge graph with its inferences


def test_a_write_beside_the_server_says_how(served: Served, workdir: Path) -> None:
    result = subprocess.run(
        [str(SCRIPT), *shlex.split("load data/examples/palim.ttl")],
        cwd=workdir,
        env=clean_env(served.data_dir),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and served.advert.url in result.stderr
    assert "started without SMPGRAPH_UPDATE_TOKEN" in result.stderr
