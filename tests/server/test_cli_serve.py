"""``smpgraph serve`` as a subprocess: first start loads the bundled data, a restart reuses the store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

# until "serve" is listed in smpgraph/cli/commands.py, the test adds it to the group itself
RUNNER = (
    "import sys\n"
    "from smpgraph.cli import cli, commands\n"
    "from smpgraph.cli.serve import command\n"
    "commands.register(cli)\n"
    "if 'serve' not in cli.commands: cli.add_command(command)\n"
    "cli.main(args=sys.argv[1:], prog_name='smpgraph')\n"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _without_token() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name != "SMPGRAPH_UPDATE_TOKEN"}


def _start(data_dir: Path, port: int, *extra: str) -> tuple[subprocess.Popen[str], str]:
    env = {**_without_token(), "SMPGRAPH_REASONER": "none"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            RUNNER,
            "serve",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
            "--threads",
            "2",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    return process, line


def _stop(process: subprocess.Popen[str]) -> str:
    process.terminate()
    try:
        _, err = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return err


@pytest.mark.slow
def test_serve_loads_bundled_then_reuses_the_store(tmp_path: Path) -> None:
    port = _free_port()
    process, line = _start(tmp_path / "store", port)
    try:
        assert line.strip() == f"smpgraph: serving http://127.0.0.1:{port}/ (SPARQL at /sparql)"
        response = requests.get(
            f"http://127.0.0.1:{port}/sparql",
            params={"query": "ASK { ?s a <http://www.w3.org/2002/07/owl#Ontology> }"},
            timeout=10,
        )
        assert response.json()["boolean"] is True
        refused = requests.post(f"http://127.0.0.1:{port}/sparql", data={"update": "CLEAR ALL"}, timeout=10)
        assert refused.status_code == 403
    finally:
        err = _stop(process)
    assert "file(s) loaded" in err
    assert "GET /sparql" in err  # the access log, flushed at the stop (SIGTERM)
    assert err.rstrip().endswith("smpgraph: stopped")
    assert "CLEAR" not in err
    process, line = _start(tmp_path / "store", port)
    try:
        assert "serving" in line
    finally:
        err = _stop(process)
    assert "bundled data: 0 file(s) loaded" in err


@pytest.mark.parametrize("token", ["", "   ", " padded "])
def test_a_blank_update_token_is_refused_at_start(tmp_path, token):
    env = {**_without_token(), "SMPGRAPH_UPDATE_TOKEN": token, "SMPGRAPH_DATA_DIR": str(tmp_path / "store")}
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, "serve", "--port", str(_free_port())],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "SMPGRAPH_UPDATE_TOKEN" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
