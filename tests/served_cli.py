"""``smpgraph serve`` as a real background process on a data dir, and the ``smpgraph`` script run beside it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from smpgraph.store.advert import ADVERT_FILE, ServerAdvert, live_advert

#: the console script of the venv that runs the tests (``.venv/bin/smpgraph`` in a checkout)
SCRIPT = Path(sys.executable).parent / "smpgraph"


def clean_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a command on ``data_dir``: no SMPGRAPH_* setting of the caller leaks in."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("SMPGRAPH_")}
    env["SMPGRAPH_DATA_DIR"] = str(data_dir)
    env["COLUMNS"] = "200"
    env.update(extra)
    return env


@dataclass
class Served:
    """A running ``smpgraph serve`` and what it advertised."""

    process: subprocess.Popen[bytes]
    data_dir: Path
    advert: ServerAdvert
    log: Path

    def stop(self) -> int:
        """Stop the server as an operator would (SIGTERM); its exit code."""
        if self.process.poll() is None:
            self.process.terminate()
        return self.process.wait()


def start_server(data_dir: Path, log: Path, *args: str, env: dict[str, str]) -> Served:
    """Start ``smpgraph serve --port 0 ARGS`` on ``data_dir`` and wait until it advertises itself and answers.

    The wait ends when the server answers or when the process ends (then the test fails with its log).
    """
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(SCRIPT), "serve", "--port", "0", "--no-access-log", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    while True:
        if process.poll() is not None:
            raise AssertionError(f"smpgraph serve ended ({process.returncode}):\n{log.read_text()}")
        if (data_dir / ADVERT_FILE).exists():
            advert, _ = live_advert(data_dir)
            if advert is not None:
                return Served(process, data_dir, advert, log)
        time.sleep(0.5)


def run_cli(*args: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``smpgraph ARGS`` as its own process."""
    return subprocess.run([str(SCRIPT), *args], env=env, cwd=cwd, capture_output=True, text=True, check=False)
