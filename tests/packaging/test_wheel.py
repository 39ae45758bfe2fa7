"""The built wheel carries the ontology, shapes, data and queries and runs offline (issue 2, item 1)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # seconds each: in `make test`, not in `make test-fast`

REPO = Path(__file__).resolve().parents[2]


def test_wheel_contains_the_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("ontology", "shapes", "data"):
        source = [p for p in (REPO / folder).rglob("*") if p.is_file()]
        assert source, folder
        for path in source:
            assert f"smpgraph/_resources/{path.relative_to(REPO).as_posix()}" in names, path
    for query in (REPO / "smpgraph" / "queries").rglob("*.rq"):
        assert query.relative_to(REPO).as_posix() in names


def test_installed_wheel_runs_offline(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        # the wheel first, then the dependencies of this environment (not the source tree)
        "PYTHONPATH": os.pathsep.join([str(target), sysconfig.get_paths()["purelib"]]),
        "SMPGRAPH_DATA_DIR": str(tmp_path / "store"),
        "PYTHONNOUSERSITE": "1",
    }
    where = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            "import sys; sys.path[:0] = __import__('os').environ['PYTHONPATH'].split(':');"
            "import smpgraph, smpgraph.resources as r; print(smpgraph.__file__); print(r.resource_dir('ontology'))",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=True,
    )
    module_file, ontology_dir = where.stdout.split()
    assert module_file.startswith(str(target)) and ontology_dir.startswith(str(target / "smpgraph" / "_resources"))
    code = (
        "import sys; sys.path[:0] = __import__('os').environ['PYTHONPATH'].split(':');"
        "from smpgraph.cli import main; sys.argv = ['smpgraph'] + sys.argv[1:]; main()"
    )
    info = subprocess.run(
        [sys.executable, "-I", "-c", code, "info"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert info.returncode == 0, info.stderr
    assert "smpgraph 0.1.0" in info.stdout
    loaded = subprocess.run(
        [sys.executable, "-I", "-c", code, "load", "--bundled", "--no-reason"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert "bundled data:" in loaded.stdout
