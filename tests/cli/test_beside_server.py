"""The command line beside a running ``smpgraph serve`` (ADR 0019): real processes, real HTTP.

The server holds the store; reads go through its SPARQL endpoint, ``update`` and ``backup`` go through it
with the token, other writes refuse with one line that says how. ``server.json`` never holds the token.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from served_cli import Served, clean_env, run_cli, start_server

from smpgraph.store.advert import ADVERT_FILE, ServerAdvert, live_advert, read_advert, remove_advert, write_advert

REPO = Path(__file__).resolve().parents[2]
TOKEN = "beside-server-test-token"
PALIM = "https://w3id.org/smpgraph/id/partnership/palim"
#: the server's row cap, far below the store's size: reads through it must not be cut by it
SERVER_ROW_CAP = 20


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server with a token on a store that holds PALIM (no bundled data: it starts in seconds)."""
    root = tmp_path_factory.mktemp("beside")
    data_dir = root / "store"
    env = clean_env(data_dir)
    loaded = run_cli("load", str(REPO / "data/examples/palim.ttl"), env=env)
    assert loaded.returncode == 0, loaded.stderr
    alone = run_cli("validate", "--all", "--format", "json", env=env)  # the store read by the command itself
    (root / "validate-alone.json").write_text(alone.stdout, encoding="utf-8")
    server_env = clean_env(data_dir, SMPGRAPH_UPDATE_TOKEN=TOKEN, SMPGRAPH_MAX_ROWS=str(SERVER_ROW_CAP))
    server = start_server(data_dir, root / "serve.log", "--no-bundled", env=server_env)
    yield server
    server.stop()


def test_the_advert_names_the_server_but_never_the_token(served: Served) -> None:
    text = (served.data_dir / ADVERT_FILE).read_text(encoding="utf-8")
    assert TOKEN not in text
    fields = json.loads(text)
    assert fields["pid"] == served.process.pid
    assert fields["writable"] is True
    assert requests.get(fields["url"] + "healthz", timeout=30).status_code == 200


def test_reads_go_through_the_server(served: Served) -> None:
    env = clean_env(served.data_dir)
    result = run_cli("query", f"SELECT ?label WHERE {{ <{PALIM}> rdfs:label ?label }}", "--format", "csv", env=env)
    assert result.returncode == 0, result.stderr
    assert "PALIM" in result.stdout
    assert result.stderr.count("\n") == 1 and f"reading through {served.advert.sparql_url}" in result.stderr
    info = run_cli("info", "--format", "json", env=env)
    assert info.returncode == 0, info.stderr
    assert json.loads(info.stdout)["total_triples"] > 100


def test_reads_through_the_server_are_not_cut_by_its_row_cap(served: Served) -> None:
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    env = clean_env(served.data_dir)
    result = run_cli("query", everything, "--format", "csv", "--limit", "0", env=env)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) - 1 >= 171  # every triple of PALIM, not the server's 20
    # a client without the local read key gets the server's cap, and is told so
    plain = requests.get(served.advert.sparql_url, params={"query": everything}, timeout=30)
    assert len(plain.json()["results"]["bindings"]) == SERVER_ROW_CAP
    assert plain.headers["SMPGraph-Results-Truncated"] == "true"
    # validation through the server finds what it finds on the store itself
    beside = run_cli("validate", "--all", "--format", "json", env=env)
    alone = (served.data_dir.parent / "validate-alone.json").read_text(encoding="utf-8")
    assert json.loads(beside.stdout) == json.loads(alone)


def test_an_update_goes_through_the_server_with_the_token(served: Served) -> None:
    label = "written beside the server"
    sent = run_cli(
        "update",
        f'INSERT DATA {{ <urn:beside> rdfs:label "{label}" }}',
        env=clean_env(served.data_dir, SMPGRAPH_UPDATE_TOKEN=TOKEN),
    )
    assert sent.returncode == 0, sent.stderr
    assert served.advert.url in sent.stdout
    seen = run_cli(
        "query", "SELECT ?l WHERE { <urn:beside> rdfs:label ?l }", "--format", "csv", env=clean_env(served.data_dir)
    )
    assert label in seen.stdout


@pytest.mark.parametrize(
    ("args", "token", "expected"),
    [
        (("update", 'INSERT DATA { <urn:a> rdfs:label "a" }'), None, "SMPGRAPH_UPDATE_TOKEN"),
        (("update", 'INSERT DATA { <urn:a> rdfs:label "a" }'), "wrong-token", "bearer token is not the one"),
        (("load", str(REPO / "data/examples/palim.ttl")), TOKEN, "Graph Store"),
        (("reason",), TOKEN, "stop the server"),
        (("serve", "--port", "0", "--no-bundled"), TOKEN, "already served by `smpgraph serve`"),
        (("backup", "/tmp/never-written"), None, "set SMPGRAPH_UPDATE_TOKEN"),
    ],
)
def test_writes_without_the_server_refuse_with_one_line(
    served: Served, args: tuple[str, ...], token: str | None, expected: str
) -> None:
    extra = {"SMPGRAPH_UPDATE_TOKEN": token} if token else {}
    result = run_cli(*args, env=clean_env(served.data_dir, **extra))
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("smpgraph: error:")]
    assert len(errors) == 1 and expected in errors[0], result.stderr
    assert "Traceback" not in result.stderr


def test_the_server_takes_the_backup(served: Served, tmp_path: Path) -> None:
    target = tmp_path / "copy"
    result = run_cli("backup", str(target), env=clean_env(served.data_dir, SMPGRAPH_UPDATE_TOKEN=TOKEN))
    assert result.returncode == 0, result.stderr
    assert (target / "smpgraph-backup.json").is_file()
    # the copy is a store of its own: it opens and holds PALIM
    copy = run_cli("query", f"ASK {{ <{PALIM}> ?p ?o }}", env=clean_env(target))
    assert copy.stdout.strip() == "yes", copy.stderr


def test_the_backup_route_needs_the_token_and_an_absolute_new_folder(served: Served, tmp_path: Path) -> None:
    url = served.advert.url + "api/v1/backup"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert requests.post(url, json={"target": str(tmp_path / "x")}, timeout=30).status_code == 401
    relative = requests.post(url, json={"target": "relative/path"}, headers=auth, timeout=30)
    assert relative.status_code == 400 and "absolute" in relative.json()["detail"]
    assert requests.post(url, json={"target": str(tmp_path)}, headers=auth, timeout=30).status_code == 400  # exists


def test_validate_says_why_the_graph_could_not_be_opened(tmp_path: Path) -> None:
    data_dir = tmp_path / "held"
    script = (
        "import pathlib, sys\n"
        "from smpgraph.config import Settings\n"
        "from smpgraph.store import open_store\n"
        "store = open_store(Settings(data_dir=pathlib.Path(sys.argv[1])))\n"
        "print('open', flush=True)\n"
        "input()\n"
    )
    # a process that holds the store's lock and is no server (it advertises nothing)
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(data_dir)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        result = run_cli("validate", str(REPO / "data/drafts/complete.yaml"), env=clean_env(data_dir))
        assert result.returncode == 0
        assert "could not be opened (the store at" in result.stderr and "no server advertises itself" in result.stderr
        query = run_cli("query", "ASK {}", env=clean_env(data_dir))
        assert query.returncode == 2 and "no server advertises itself" in query.stderr
    finally:
        holder.communicate("\n")


def test_a_stale_or_foreign_advert_is_not_live(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    write_advert(tmp_path, ServerAdvert("http://127.0.0.1:9/", int(dead.stdout), 3, False))
    advert, why = live_advert(tmp_path)
    assert advert is None and "is gone" in why
    write_advert(tmp_path, ServerAdvert("http://127.0.0.1:9/", os.getpid(), 3, False))  # live pid, nothing answers
    advert, why = live_advert(tmp_path)
    assert advert is None and "does not answer" in why
    remove_advert(tmp_path, os.getpid() + 1)  # another server's advert stays
    assert read_advert(tmp_path) is not None
    remove_advert(tmp_path, os.getpid())
    assert read_advert(tmp_path) is None
    (tmp_path / ADVERT_FILE).write_text("not json", encoding="utf-8")
    assert read_advert(tmp_path) is None


def test_healthz_says_when_the_page_caches_built_at_start_are_ready(served: Served) -> None:
    """``serve`` builds the page caches in the background; /healthz says false until they are built."""
    import time

    url = served.advert.url + "healthz"
    seen = []
    for _ in range(600):  # until built (a few seconds on one partnership), not a time limit on the build
        seen.append(requests.get(url, timeout=30).json()["pages_warm"])
        if seen[-1] is True:
            break
        time.sleep(0.1)
    assert seen[-1] is True
    assert set(seen) <= {False, True}  # never None: this server builds them ahead


def test_a_stop_while_the_page_caches_are_built_is_clean(tmp_path: Path) -> None:
    """SIGTERM while ``serve`` still builds its page caches in the background: exit 0, nothing crashes (a
    thread left running under a closed store ended the process with SIGSEGV)."""
    data_dir = tmp_path / "store"
    env = clean_env(data_dir)
    for name in ("palim.ttl", "thamm.ttl", "triple-win.ttl"):
        assert run_cli("load", str(REPO / "data/examples" / name), "--no-reason", env=env).returncode == 0
    server = start_server(data_dir, tmp_path / "serve.log", "--no-bundled", env=env)
    warm = requests.get(server.advert.url + "healthz", timeout=30).json()["pages_warm"]
    assert server.stop() == 0, server.log.read_text()
    assert warm in (False, True)  # False when the stop came during the build, as it mostly does
    assert "stopped" in server.log.read_text()


def test_a_clean_stop_removes_the_advert(served: Served) -> None:
    assert served.stop() == 0
    assert not (served.data_dir / ADVERT_FILE).exists()
