"""A plain install is the whole product: the wheel, installed WITHOUT the dev group into a fresh venv, loads
the bundled data, answers queries, validates, finds gaps, serves SPARQL over HTTP and talks to a remote engine.

The fresh venv installs from the wheelhouse that ``make install`` downloads (``.venv/wheelhouse``: the runtime
dependencies only), never from the network during the test. A dependency the code needs but ``pyproject.toml``
does not declare fails here with an ImportError.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WHEELHOUSE = REPO / ".venv" / "wheelhouse"
sys.path.insert(0, str(REPO / "tests" / "engines"))
from engine_launch import EngineMissingError, free_port, start_oxigraph  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.engines]


@pytest.fixture(scope="module")
def plain_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not WHEELHOUSE.is_dir():
        pytest.fail(f"{WHEELHOUSE} is missing: run `make install` (it downloads the runtime wheels)")
    out = tmp_path_factory.mktemp("plain")
    venv = out / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300)
    installed = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-index",
            "--find-links",
            str(WHEELHOUSE),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert installed.returncode == 0, installed.stderr
    return venv


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp), "SMPGRAPH_DATA_DIR": str(tmp / "store"), **extra}


def _run(venv: Path, tmp: Path, *args: str, timeout: int = 600, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv / "bin" / "smpgraph"), *args],
        capture_output=True,
        text=True,
        env=_env(tmp, **extra),
        cwd=tmp,
        timeout=timeout,
    )


def test_the_plain_install_has_no_dev_tools(plain_venv: Path) -> None:
    listed = subprocess.run(
        [str(plain_venv / "bin" / "python"), "-m", "pip", "list", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    names = {entry["name"].lower() for entry in json.loads(listed.stdout)}
    assert "smpgraph" in names and "requests" in names
    assert not names & {"pytest", "pandas", "matplotlib", "pycountry", "oxigraph", "playwright"}


@pytest.fixture(scope="module")
def loaded(plain_venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("data")
    result = _run(plain_venv, tmp, "load", "--bundled")
    assert result.returncode == 0, result.stderr
    assert "bundled data:" in result.stdout
    return tmp


def test_query_validate_and_gaps_from_a_plain_install(plain_venv: Path, loaded: Path) -> None:
    query = _run(
        plain_venv,
        loaded,
        "query",
        "--format",
        "csv",
        "SELECT (COUNT(?p) AS ?n) { ?p a smp:SkillsMobilityPartnership }",
    )
    assert query.returncode == 0, query.stderr
    assert int(query.stdout.splitlines()[1]) > 0
    draft = REPO / "data" / "drafts" / "complete.yaml"
    validated = _run(plain_venv, loaded, "validate", str(draft))
    assert validated.returncode == 0, validated.stdout + validated.stderr
    gaps = _run(plain_venv, loaded, "gaps", "--format", "json")
    assert gaps.returncode == 0, gaps.stderr
    assert json.loads(gaps.stdout)


@pytest.fixture
def served(plain_venv: Path, loaded: Path) -> Iterator[str]:
    port = free_port()
    log = loaded / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(plain_venv / "bin" / "smpgraph"), "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=_env(loaded),
            cwd=loaded,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if process.poll() is not None:
                pytest.fail(f"serve exited: {log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)


def test_serve_from_a_plain_install_answers_sparql(served: str) -> None:
    query = urllib.parse.urlencode({"query": "ASK { ?p a smp:SkillsMobilityPartnership }"})
    request = urllib.request.Request(f"{served}/sparql?{query}", headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert json.loads(response.read())["boolean"] is True


def test_the_sparql_backend_from_a_plain_install(plain_venv: Path, tmp_path: Path) -> None:
    try:
        engine = start_oxigraph(timeout_s=5)
    except EngineMissingError as exc:
        pytest.fail(f"the Oxigraph server is needed for this test: {exc}")
    try:
        remote = {
            "SMPGRAPH_BACKEND": "sparql",
            "SMPGRAPH_SPARQL_QUERY_URL": engine.query_url,
            "SMPGRAPH_SPARQL_UPDATE_URL": engine.update_url,
            "SMPGRAPH_SPARQL_GSP_URL": engine.gsp_url,
            "SMPGRAPH_REASONER": "none",
        }
        loaded = _run(plain_venv, tmp_path, "load", str(REPO / "data" / "examples" / "palim.ttl"), **remote)
        assert loaded.returncode == 0, loaded.stderr
        query = _run(plain_venv, tmp_path, "query", "--format", "csv", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", **remote)
        assert query.returncode == 0, query.stderr
        assert int(query.stdout.splitlines()[1]) > 100
    finally:
        engine.stop()
