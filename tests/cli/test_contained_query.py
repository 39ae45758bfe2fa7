"""``smpgraph query`` and ``smpgraph update`` on hostile input (ADR 0012): exit 2 with one line, never exit 139."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from smpgraph.store.guard import MAX_DEPTH

EX = "http://example.org/"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture
def smpgraph(tmp_path: Path):  # type: ignore[no-untyped-def]
    data = tmp_path / "data.nt"
    data.write_text("".join(f'<{EX}s{i}> <{EX}p{i % 7}> "{i}" .\n' for i in range(2000)))
    env = {**os.environ, "SMPGRAPH_DATA_DIR": str(tmp_path / "store"), "SMPGRAPH_REASONER": "none"}

    def start(*args: str, **extra_env: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "smpgraph", *args],
            env={**env, **extra_env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(*args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
        process = start(*args, **extra_env)
        out, err = process.communicate()
        return subprocess.CompletedProcess(process.args, process.returncode, out, err)

    assert run("load", str(data)).returncode == 0
    run.start = start  # type: ignore[attr-defined]
    return run


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_a_deep_query_exits_2_naming_the_depth_and_the_limit(smpgraph) -> None:  # type: ignore[no-untyped-def]
    done = smpgraph("query", "SELECT * " + "{" * 2500 + " ?s ?p ?o " + "}" * 2500)
    assert done.returncode == 2
    line = _one_line(done.stderr)
    assert "129 levels deep" in line
    assert f"the limit is {MAX_DEPTH}" in line


def test_a_deep_update_exits_2(smpgraph) -> None:  # type: ignore[no-untyped-def]
    done = smpgraph("update", "INSERT DATA { <urn:s> <urn:p> " + "(" * 12000 + "1" + ")" * 12000 + " }")
    assert done.returncode == 2
    assert "update is nested" in _one_line(done.stderr)


def test_a_query_past_the_memory_cap_exits_2(smpgraph) -> None:  # type: ignore[no-untyped-def]
    hungry = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
    done = smpgraph("query", "--timeout", "120", hungry, SMPGRAPH_QUERY_MEMORY_MB="256")
    assert done.returncode == 2
    assert "256 MB" in _one_line(done.stderr)


def test_a_runaway_query_ends_at_its_deadline(smpgraph) -> None:  # type: ignore[no-untyped-def]
    done = smpgraph("query", "--timeout", "1", CROSS_JOIN)
    assert done.returncode == 3  # a deadline is not bad input
    assert "deadline of 1 s" in _one_line(done.stderr)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def test_an_engine_crash_exits_2_with_one_line(smpgraph) -> None:  # type: ignore[no-untyped-def]
    process = smpgraph.start("query", "--timeout", "120", CROSS_JOIN)
    began = time.monotonic()
    busy = None
    while busy is None:
        assert time.monotonic() - began < 60, "no worker ran the query"
        workers = [worker for server in _children(process.pid) for worker in _children(server)]
        hot = [worker for worker in workers if _cpu_ticks(worker) > 50]  # half a second of CPU: the query
        busy = hot[0] if hot else None
        time.sleep(0.05)
    os.kill(busy, signal.SIGSEGV)  # what a stack overflow in the engine does
    _, err = process.communicate()
    assert process.returncode == 2
    line = _one_line(err)
    assert "crashed" in line
    assert "SIGSEGV" in line
