"""What only the remote store has: engine quirks, validation, analysis, the HTTP endpoint and migrate (issue 8)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner
from engine_support import remote_settings, wipe
from rdflib import BNode, Graph, Literal, URIRef

from smpgraph.config import Settings
from smpgraph.store import open_store
from smpgraph.store.base import ResultFormat
from smpgraph.store.remote import SYSTEM_GRAPHS, RemoteStore
from smpgraph.store.remote_text import GENID

pytestmark = pytest.mark.engines

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "data" / "examples").glob("*.ttl"))
EX = "http://example.org/"


@pytest.fixture
def remote(remote_engine) -> RemoteStore:
    store = RemoteStore(remote_settings(remote_engine))
    wipe(store)
    store.close()
    store = RemoteStore(remote_settings(remote_engine))
    yield store
    store.close()


def test_system_graphs_are_not_graphs_of_the_store(remote: RemoteStore) -> None:
    remote.load(b"<urn:a> <urn:b> <urn:c> .", graph=f"{EX}g", format=ResultFormat.NTRIPLES, name="x", reason=False)
    names = {str(g) for g in remote.graph_names()}
    assert names == {f"{EX}g"} and not names & SYSTEM_GRAPHS
    assert remote.info().total_triples == 1


def test_without_gsp_loads_in_chunks_and_skolemises_blank_nodes(remote_engine) -> None:
    store = RemoteStore(remote_settings(remote_engine, sparql_gsp_url=None))
    wipe(store)
    data = "".join(f"<{EX}s{i}> <{EX}p> [ <{EX}q> {i} ] .\n" for i in range(1200)).encode()  # 2400 triples
    report = store.load(data, graph=f"{EX}chunked", format=ResultFormat.TURTLE, name="c.ttl", reason=False)
    assert report.triples == 2400
    objects = store.query(f"SELECT ?o WHERE {{ <{EX}s7> <{EX}p> ?o }}").rows
    assert str(objects[0][0]).startswith(GENID)
    small = b"".join(data.splitlines(keepends=True)[:5])
    again = store.load(small, graph=f"{EX}chunked", format=ResultFormat.TURTLE, name="c.ttl", reason=False)
    assert again.replaced and again.triples == 10 and len(store.get_graph(f"{EX}chunked")) == 10
    assert not any(str(g).startswith(f"{EX}staging") for g in store.graph_names())
    graph = Graph()
    graph.add((BNode(), URIRef(f"{EX}p"), Literal("bnode via put")))
    store.put_graph(f"{EX}put", graph, reason=False)
    assert all(isinstance(s, URIRef) for s in store.get_graph(f"{EX}put").subjects())
    store.close()


def test_a_configured_server_cap_is_reported_as_truncation(remote_engine) -> None:
    store = RemoteStore(remote_settings(remote_engine, sparql_server_max_rows=5))
    wipe(store)
    data = "".join(f'<{EX}s{i}> <{EX}p> "v" .\n' for i in range(5)).encode()
    store.load(data, graph=f"{EX}cap", format=ResultFormat.NTRIPLES, name="cap.nt", reason=False)
    assert store.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }} LIMIT 5", max_rows=0).truncated
    store.close()


def test_virtuoso_row_cap_is_detected(engines) -> None:
    from engine_support import get_engine

    engine = get_engine(engines, "virtuoso")
    store = RemoteStore(remote_settings(engine))
    assert store.client.engine == "virtuoso" and store.server_max_rows == 1_000_000
    store.close()


def test_validation_and_analysis_on_the_remote_store(remote: RemoteStore) -> None:
    from smpgraph.analysis.report import gap_report
    from smpgraph.drafts import load_draft
    from smpgraph.validation import validate

    if not EXAMPLES:
        pytest.skip("no example data")
    remote.load_many(EXAMPLES, reason=False)
    report = validate(load_draft(ROOT / "data" / "drafts" / "complete.yaml"), store=remote)
    assert report.conforms
    memory = open_store(Settings(backend="memory", reasoner="none"))
    memory.load_many(EXAMPLES, reason=False)
    remote_gaps, local_gaps = gap_report(remote), gap_report(memory)
    assert set(remote_gaps.views.partnerships) == set(local_gaps.views.partnerships)
    assert remote_gaps.views.partnerships
    memory.close()


def test_http_endpoint_in_front_of_the_remote_store(remote_engine, remote: RemoteStore) -> None:
    from smpgraph.server import create_app

    token = "endpoint-token-123"
    settings = dataclasses.replace(remote.settings, update_token=token)
    client = create_app(settings, store=remote).test_client()
    update = f"INSERT DATA {{ GRAPH <{EX}http> {{ <{EX}h> <{EX}p> 'via http' }} }}"
    assert client.post("/sparql", data={"update": update}).status_code == 401
    done = client.post("/sparql", data={"update": update}, headers={"Authorization": f"Bearer {token}"})
    assert done.status_code == 204
    answer = client.get(
        "/sparql",
        query_string={"query": f"SELECT ?o WHERE {{ <{EX}h> ?p ?o }}"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert answer.status_code == 200 and answer.json["results"]["bindings"][0]["o"]["value"] == "via http"
    turtle = client.get(
        "/sparql", query_string={"query": f"CONSTRUCT WHERE {{ <{EX}h> ?p ?o }}"}, headers={"Accept": "text/turtle"}
    )
    assert turtle.status_code == 200 and len(Graph().parse(data=turtle.data, format="turtle")) == 1
    assert client.get("/sparql", query_string={"query": "SELECT * WHERE {"}).status_code == 400


def test_migrate_to_the_engine_and_back(remote_engine, remote: RemoteStore, tmp_path: Path) -> None:
    from smpgraph.cli import CliContext
    from smpgraph.cli.migrate import command

    remote.close()
    local = Settings(backend="oxigraph", data_dir=tmp_path / "a", reasoner="none")
    store = open_store(local)
    store.load_many(EXAMPLES[:3], reason=False)
    expected = {str(g.graph): g.triples for g in store.info().graphs}
    store.close()
    env = {
        "SMPGRAPH_SPARQL_USER": remote_engine.user or "",
        "SMPGRAPH_SPARQL_PASSWORD": remote_engine.password or "",
    }
    overrides = remote_engine.settings_overrides()
    args = ["--update-url", str(overrides["sparql_update_url"]), "--gsp-url", str(overrides["sparql_gsp_url"])]
    if remote_engine.user:
        args += ["--user", remote_engine.user]
    context = CliContext(dataclasses.replace(local, sparql_password=remote_engine.password))
    result = CliRunner().invoke(command, ["--to-sparql", remote_engine.query_url, *args], obj=context, env=env)
    context.close()
    assert result.exit_code == 0, result.output
    assert "counts match" in result.output
    back = CliContext(Settings(backend="oxigraph", data_dir=tmp_path / "b", reasoner="none",
                               sparql_password=remote_engine.password))  # fmt: skip
    result = CliRunner().invoke(command, ["--from-sparql", remote_engine.query_url, *args], obj=back)
    back.close()
    assert result.exit_code == 0, result.output
    copied = open_store(Settings(backend="oxigraph", data_dir=tmp_path / "b", reasoner="none"))
    assert {str(g.graph): g.triples for g in copied.info().graphs} == expected
    assert {r.source for r in copied.metadata.sources.values()} == {str(p.resolve()) for p in EXAMPLES[:3]}  # type: ignore[attr-defined]
    copied.close()


def test_migrate_reports_a_count_mismatch_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from smpgraph.cli import migrate

    source = open_store(Settings(backend="memory", reasoner="none"))
    source.load(b"<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> <urn:d> .", format=ResultFormat.NTRIPLES, name="x.nt",
                graph="urn:g", reason=False)  # fmt: skip
    target = open_store(Settings(backend="memory", reasoner="none"))
    real_put = target.put_graph

    def lossy_put(graph, data, **kwargs):
        data.remove((URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:d")))
        return real_put(graph, data, **kwargs)

    monkeypatch.setattr(target, "put_graph", lossy_put)
    assert migrate.copy_store(source, target) == {"urn:g": (2, 1)}
