"""A first load into an empty graph, and any large load, go through the engine's bulk loader and stay atomic
(issue 15, item 5; docs/decisions/0023-bounded-memory-load.md): a failure leaves the graphs as they were, a
crash is undone when the store is next opened (from a backup when the load replaced or added to triples),
a small load into a graph that has triples is still one transaction."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import smpgraph.store.oxigraph_load as load_module
from smpgraph.cli import cli
from smpgraph.cli.commands import register
from smpgraph.config import Settings
from smpgraph.errors import RdfSyntaxError
from smpgraph.store import open_store
from smpgraph.store.backup import OX_DIR
from smpgraph.store.load_marker import BACKUP_FILE, MARKER_FILE, LoadMarker

register(cli)
EX = "http://example.org/"
GRAPH = "https://w3id.org/smpgraph/id/graph/test-bulk"
TTL = (
    f"@prefix ex: <{EX}> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    'ex:a ex:p "x" ; ex:q ex:b ; ex:r <relative> .\n'
    'ex:b ex:p "y"@en , "3"^^xsd:integer , "tab\\there" .\n'
)


def _settings() -> Settings:
    return Settings(backend="oxigraph", reasoner="none")


def _quads(folder: Path) -> set[str]:
    store = open_store(_settings(), path=folder)
    try:
        return {str(quad) for quad in store._engine().quads_for_pattern(None, None, None, ox.NamedNode(GRAPH))}
    finally:
        store.close()


def _nt_lines(count: int) -> str:
    return "".join(f'<{EX}s{i}> <{EX}p> "value {i}" .\n' for i in range(count))


@pytest.fixture
def paths_taken(monkeypatch):
    """Which path each load took (True: bulk), seen through the real loading function."""
    taken: list[bool] = []
    real = load_module.load_new

    def recording(engine, source, *, bulk):
        taken.append(bulk)
        return real(engine, source, bulk=bulk)

    monkeypatch.setattr(load_module, "load_new", recording)
    return taken


def test_a_first_load_goes_the_bulk_path_and_gives_the_transactional_quads(tmp_path, paths_taken):
    data = tmp_path / "data.ttl"
    data.write_text(TTL, encoding="utf-8")
    bulk_dir, tx_dir = tmp_path / "bulk", tmp_path / "tx"
    store = open_store(_settings(), path=bulk_dir)
    report = store.load(data, graph=GRAPH, reason=False)
    store.close()
    # the same file into a graph that already holds a triple: one transaction
    store = open_store(_settings(), path=tx_dir)
    store.update(f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{EX}z> <{EX}p> <{EX}z> }} }}", reason=False)
    store.load(data, graph=GRAPH, reason=False)
    store.close()
    assert paths_taken == [True, False]
    assert report.triples == 6
    extra = f"<{EX}z> <{EX}p> <{EX}z> <{GRAPH}>"
    bulk, transactional = _quads(bulk_dir), _quads(tx_dir)
    assert extra in transactional
    assert bulk == transactional - {extra}
    assert f"<{EX}a> <{EX}r> <https://w3id.org/smpgraph/id/graph/relative> <{GRAPH}>" in bulk
    assert not (bulk_dir / MARKER_FILE).exists()


def test_a_syntax_error_deep_in_a_file_leaves_the_graph_empty_and_names_the_line(tmp_path, paths_taken):
    data = tmp_path / "big.nt"
    data.write_text(_nt_lines(150_000) + f'<{EX}bad> <{EX}p "x" .\n' + _nt_lines(10), encoding="utf-8")
    store = open_store(_settings(), path=tmp_path / "store")
    try:
        with pytest.raises(RdfSyntaxError) as caught:
            store.load(data, graph=GRAPH, reason=False)
        assert caught.value.line == 150_001
        assert paths_taken == [True]
        assert not store.has_graph(GRAPH)
        assert len(store) == 0
        assert store.metadata.record_for_source(str(data.resolve())) is None
        assert not (tmp_path / "store" / MARKER_FILE).exists()
    finally:
        store.close()


def test_the_cli_reports_a_deep_syntax_error_in_one_line_with_exit_2(tmp_path):
    data = tmp_path / "big.nt"
    data.write_text(_nt_lines(120_000) + f'<{EX}bad> <{EX}p "x" .\n', encoding="utf-8")
    env = {"SMPGRAPH_DATA_DIR": str(tmp_path / "store"), "SMPGRAPH_REASONER": "none"}
    result = CliRunner().invoke(cli, ["load", "--no-reason", str(data)], env=env, catch_exceptions=False)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "big.nt:120001" in lines[0], result.stderr
    store = open_store(_settings(), path=tmp_path / "store")
    try:
        assert len(store) == 0
    finally:
        store.close()


def test_a_marker_left_by_a_crash_clears_the_half_loaded_graph_at_the_next_open(tmp_path):
    folder = tmp_path / "store"
    store = open_store(_settings(), path=folder)
    other = tmp_path / "other.ttl"
    other.write_text(TTL, encoding="utf-8")
    store.load(other, graph=f"{GRAPH}-kept", reason=False)
    store.close()
    # what a process killed during a bulk load leaves: its marker, and part of the graph
    engine = ox.Store(str(folder / OX_DIR))
    engine.extend([ox.Quad(ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}p"), ox.Literal("half"), ox.NamedNode(GRAPH))])
    engine.flush()
    del engine
    LoadMarker(GRAPH, "half.nt", existed=False).write(folder)

    store = open_store(_settings(), path=folder, read_only=True)  # `smpgraph info` opens it so
    try:
        assert not store.has_graph(GRAPH)
        assert store.has_graph(f"{GRAPH}-kept") and len(store) == 6
        notice = store.info().extras["interrupted_load"]
        assert "half.nt" in notice and GRAPH in notice
        assert not (folder / MARKER_FILE).exists()
    finally:
        store.close()


_CHILD = """
import sys
from pathlib import Path
from smpgraph.config import Settings
from smpgraph.store import open_store
store = open_store(Settings(backend="oxigraph", reasoner="none"), path=Path(sys.argv[1]))
store.load(Path(sys.argv[2]), graph=sys.argv[3], reason=False)
"""


def test_a_process_killed_during_a_bulk_load_leaves_no_partial_graph(tmp_path):
    folder, data = tmp_path / "store", tmp_path / "large.nt"
    data.write_text(_nt_lines(600_000), encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(folder), str(data), GRAPH], stdout=subprocess.DEVNULL)
    marker = folder / MARKER_FILE
    while not marker.exists() and child.poll() is None:
        time.sleep(0.005)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert marker.exists(), "the load ended before the kill: make the generated file larger"

    result = CliRunner().invoke(
        cli, ["info"], env={"SMPGRAPH_DATA_DIR": str(folder), "SMPGRAPH_REASONER": "none"}, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "interrupted" in result.output and "large.nt" in result.output
    assert _quads(folder) == set()
    assert not marker.exists()


def test_replacing_a_non_empty_graph_is_still_atomic(tmp_path, paths_taken):
    store = open_store(_settings(), path=tmp_path / "store")
    try:
        data = tmp_path / "data.nt"
        data.write_text(_nt_lines(5), encoding="utf-8")
        store.load(data, graph=GRAPH, reason=False)
        before = set(store._engine().quads_for_pattern(None, None, None, ox.NamedNode(GRAPH)))
        # a new version of the same source that breaks deep inside: the old version stays whole
        data.write_text(_nt_lines(50_000) + f'<{EX}bad> <{EX}p "x" .\n', encoding="utf-8")
        with pytest.raises(RdfSyntaxError):
            store.load(data, graph=GRAPH, reason=False)
        # another source into the same graph, which has triples now: one transaction, all or nothing
        other = tmp_path / "other.nt"
        other.write_text(_nt_lines(50_000) + f'<{EX}bad> <{EX}p "x" .\n', encoding="utf-8")
        with pytest.raises(RdfSyntaxError):
            store.load(other, graph=GRAPH, reason=False)
        assert set(store._engine().quads_for_pattern(None, None, None, ox.NamedNode(GRAPH))) == before
        assert paths_taken == [True, False]
    finally:
        store.close()


def _graph_quads(store, graph: str = GRAPH) -> set[ox.Quad]:
    return set(store._engine().quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def test_a_large_new_version_replaces_the_old_in_bounded_memory(tmp_path, paths_taken):
    folder, data = tmp_path / "store", tmp_path / "data.nt"
    store = open_store(_settings(), path=folder)
    try:
        data.write_text(_nt_lines(30), encoding="utf-8")
        store.load(data, graph=GRAPH, reason=False)
        data.write_text(_nt_lines(120_000)[len(_nt_lines(10)) :], encoding="utf-8")  # s10 .. s119999: > 5 MB
        report = store.load(data, graph=GRAPH, reason=False)
        assert report.replaced and report.triples == 119_990
        now = {str(q.subject) for q in _graph_quads(store)}
        assert len(now) == 119_990 and f"<{EX}s0>" not in now and f"<{EX}s10>" in now and f"<{EX}s119999>" in now
        assert paths_taken == [True, True]  # the bulk loader both times, not one transaction of the whole file
        assert not (folder / MARKER_FILE).exists() and not (folder / BACKUP_FILE).exists()
    finally:
        store.close()


def test_a_large_new_version_that_breaks_leaves_the_old_one_whole(tmp_path, paths_taken):
    folder, data = tmp_path / "store", tmp_path / "data.nt"
    store = open_store(_settings(), path=folder)
    try:
        data.write_text(_nt_lines(40) + '<http://example.org/t> <http://example.org/p> "tab\\there"@en .\n')
        store.load(data, graph=GRAPH, reason=False)
        before = _graph_quads(store)
        data.write_text(_nt_lines(120_000) + f'<{EX}bad> <{EX}p "x" .\n', encoding="utf-8")
        with pytest.raises(RdfSyntaxError, match=":120001:"):
            store.load(data, graph=GRAPH, reason=False)
        assert _graph_quads(store) == before
        assert store.metadata.record_for_source(str(data.resolve())).triples == 41
        assert not (folder / MARKER_FILE).exists() and not (folder / BACKUP_FILE).exists()
    finally:
        store.close()


def test_a_large_load_into_a_shared_graph_adds_and_undoes_only_its_own(tmp_path, paths_taken):
    folder, first, other = tmp_path / "store", tmp_path / "first.ttl", tmp_path / "other.nt"
    store = open_store(_settings(), path=folder)
    try:
        first.write_text(TTL, encoding="utf-8")
        store.load(first, graph=GRAPH, reason=False)
        before = _graph_quads(store)
        other.write_text(_nt_lines(120_000) + f'<{EX}bad> <{EX}p "x" .\n', encoding="utf-8")
        with pytest.raises(RdfSyntaxError):
            store.load(other, graph=GRAPH, reason=False, bulk=True)
        assert _graph_quads(store) == before
        other.write_text(_nt_lines(1_000), encoding="utf-8")
        report = store.load(other, graph=GRAPH, reason=False, bulk=True)
        assert report.triples == 1_000 and len(_graph_quads(store)) == len(before) + 1_000
        assert paths_taken == [True, True, True]
    finally:
        store.close()


_REPLACING_CHILD = """
import sys
from pathlib import Path
from smpgraph.config import Settings
from smpgraph.store import open_store
store = open_store(Settings(backend="oxigraph", reasoner="none"), path=Path(sys.argv[1]))
Path(sys.argv[2]).write_text(sys.argv[4] * 600_000, encoding="utf-8")  # the new version
store.load(Path(sys.argv[2]), graph=sys.argv[3], reason=False)
"""


def test_a_process_killed_while_replacing_a_graph_gets_the_old_version_back(tmp_path):
    folder, data = tmp_path / "store", tmp_path / "data.nt"
    store = open_store(_settings(), path=folder)
    data.write_text(_nt_lines(2_000), encoding="utf-8")
    store.load(data, graph=GRAPH, reason=False)
    store.close()
    before = _quads(folder)
    line = f'<{EX}new> <{EX}p> "a new version, repeated" .\n'
    child = subprocess.Popen(
        [sys.executable, "-c", _REPLACING_CHILD, str(folder), str(data), GRAPH, line], stdout=subprocess.DEVNULL
    )
    marker = folder / MARKER_FILE
    while not marker.exists() and child.poll() is None:
        time.sleep(0.005)
    time.sleep(0.05)  # into the clearing or the load
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert marker.exists(), "the load ended before the kill: make the generated file larger"
    assert (folder / BACKUP_FILE).exists()

    store = open_store(_settings(), path=folder, read_only=True)
    try:
        assert "put back" in store.info().extras["interrupted_load"]
    finally:
        store.close()
    assert _quads(folder) == before
    assert not marker.exists() and not (folder / BACKUP_FILE).exists()


def test_a_large_new_version_replaces_a_graph_with_blank_nodes(tmp_path):
    folder, data = tmp_path / "store", tmp_path / "data.nt"
    store = open_store(_settings(), path=folder)
    try:
        data.write_text(f"_:a <{EX}p> _:b .\n<{EX}s> <{EX}p> _:c .\n_:c <{EX}q> <{EX}o> .\n", encoding="utf-8")
        store.load(data, graph=GRAPH, reason=False)
        data.write_text(_nt_lines(120_000), encoding="utf-8")
        store.load(data, graph=GRAPH, reason=False)
        quads = _graph_quads(store)
        assert len(quads) == 120_000 and not any(isinstance(q.subject, ox.BlankNode) for q in quads)
    finally:
        store.close()
