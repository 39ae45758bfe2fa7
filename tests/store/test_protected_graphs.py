"""The inferred and metadata graphs stay protected on every SPARQL Update path of the embedded store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from smpgraph.config import Settings
from smpgraph.errors import UpdateNotAllowedError
from smpgraph.store import ResultFormat, open_store
from smpgraph.store.metadata import DEFAULT_GRAPH, INFERRED_GRAPH, META_GRAPH
from smpgraph.store.oxigraph import OxigraphStore
from smpgraph.store.protection import update_targets

INF = str(INFERRED_GRAPH)
META = str(META_GRAPH)
ONTOLOGY = b"""
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Dog rdfs:subClassOf ex:Animal .
ex:rex a ex:Dog .
"""
INFERRED_TRIPLE = (
    "http://example.org/rex",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://example.org/Animal",
)

REFUSED = [
    f"MOVE <{INF}> TO <urn:x>",
    f"MOVE SILENT GRAPH <{INF}> TO DEFAULT",
    f"MOVE DEFAULT TO <{META}>",
    f"INSERT DATA {{ GRAPH <{INF}> {{ <urn:a> <urn:b> <urn:c> }} }}",
    f"DELETE DATA {{ GRAPH <{INF}> {{ <http://example.org/rex> a <http://example.org/Animal> }} }}",
    f"INSERT DATA {{ GRAPH <{META}> {{ <urn:a> <urn:b> <urn:c> }} }}",
    f"PREFIX g: <{INF.rsplit('/', 1)[0]}/> INSERT DATA {{ GRAPH g:meta {{ <urn:a> <urn:b> <urn:c> }} }}",
    f"BASE <{INF.rsplit('/', 1)[0]}/> CLEAR GRAPH <inferred>",
    f"CLEAR GRAPH <{INF}>",
    f"CLEAR SILENT GRAPH <{META}>",
    f"DROP GRAPH <{INF}>",
    f"DROP SILENT GRAPH <{META}>",
    f"CREATE GRAPH <{META}>",
    f"COPY <urn:x> TO <{INF}>",
    f"ADD DEFAULT TO <{INF}>",
    f"WITH <{INF}> INSERT {{ <urn:a> <urn:b> <urn:c> }} WHERE {{}}",
    f"WITH <{INF}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    f"DELETE WHERE {{ GRAPH <{INF}> {{ ?s ?p ?o }} }}",
    f"INSERT {{ GRAPH <{META}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}",
    f"DELETE {{ GRAPH <{INF}> {{ ?s ?p ?o }} }} USING <{INF}> WHERE {{ ?s ?p ?o }}",
    f"INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} ; DROP GRAPH <{INF}>",
    # graphs only the data names: refused while the update runs, the whole request rolled back
    f"INSERT {{ GRAPH ?g {{ <urn:a> <urn:b> <urn:c> }} }} WHERE {{ BIND(<{INF}> AS ?g) }}",
    f"INSERT {{ GRAPH ?g {{ <urn:a> <urn:b> <urn:c> }} }} WHERE {{ VALUES ?g {{ <{META}> }} }}",
    f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} USING NAMED <{INF}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    f"INSERT DATA {{ <urn:s> <urn:p> <{INF}> }} ; "
    "INSERT { GRAPH ?g { <urn:a> <urn:b> <urn:c> } } WHERE { <urn:s> <urn:p> ?g }",
]


@pytest.fixture
def store():
    settings = Settings(backend="memory", reasoner="owlrl")
    store = open_store(settings)
    store.load(ONTOLOGY, format=ResultFormat.TURTLE, name="dogs.ttl", graph="http://example.org/dogs")
    yield store
    store.close()


def _snapshot(store: OxigraphStore) -> tuple[set[str], str]:
    quads = {str(quad) for quad in store._ox.quads_for_pattern(None, None, None, None)}
    return quads, store.metadata.as_graph().serialize(format="nt")


def _has_inferred(store: OxigraphStore) -> bool:
    s, p, o = (ox.NamedNode(term) for term in INFERRED_TRIPLE)
    return bool(list(store._ox.quads_for_pattern(s, p, o, ox.NamedNode(INF))))


@pytest.mark.parametrize("update", REFUSED)
def test_a_write_to_a_protected_graph_is_refused_and_changes_nothing(store, update):
    assert _has_inferred(store)
    before = _snapshot(store)
    with pytest.raises(UpdateNotAllowedError) as refused:
        store.update(update)
    message = str(refused.value)
    assert f"<{INF}>" in message or f"<{META}>" in message
    assert "nothing was changed" in message
    assert _snapshot(store) == before


def test_reading_a_protected_graph_is_allowed(store):
    store.update(f"COPY <{INF}> TO <urn:copy>", reason=False)
    store.update(f"INSERT {{ GRAPH <urn:found> {{ ?s ?p ?o }} }} USING <{INF}> WHERE {{ ?s ?p ?o }}", reason=False)
    for graph in ("urn:copy", "urn:found"):
        assert len(store.get_graph(graph)) == len(store.get_graph(INF)) > 0


def test_graph_variables_of_an_update_range_over_the_users_graphs(store):
    store.update("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", reason=False)
    assert len(store.get_graph("http://example.org/dogs")) == 0
    assert _has_inferred(store)  # not a write to the inferred graph, and no refusal either


@pytest.mark.parametrize("update", ["CLEAR ALL", "DROP ALL", "CLEAR SILENT ALL", "DROP NAMED", "CLEAR NAMED"])
def test_clear_and_drop_all_or_named_act_on_the_users_graphs(store, update):
    store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }", reason=False)
    store.update(update, reason=False)
    assert not store.has_graph("http://example.org/dogs") or len(store.get_graph("http://example.org/dogs")) == 0
    assert _has_inferred(store)  # left to smpgraph, which brings it up to date after the write
    assert len(store.get_graph(None)) == (1 if "NAMED" in update else 0)
    store.update(update)
    assert not _has_inferred(store)  # recomputed from what is left: nothing to infer


def test_an_update_that_empties_a_loaded_graph_is_reloaded_at_the_next_start(tmp_path):
    data = tmp_path / "dogs.ttl"
    data.write_bytes(ONTOLOGY)
    settings = Settings(backend="oxigraph", data_dir=tmp_path / "store", reasoner="none")
    with open_store(settings) as store:
        assert store.load(data, skip_unchanged=True).triples == 2
        store.update("CLEAR NAMED")
        assert len(store) == 0
    with open_store(settings) as store:  # a restart: `smpgraph serve` loads the bundle again this way
        report = store.load(data, skip_unchanged=True)
        assert not report.unchanged and report.triples == 2
        assert len(store) == 2


def test_a_graph_emptied_behind_the_metadatas_back_is_reloaded(tmp_path):
    data = tmp_path / "dogs.ttl"
    data.write_bytes(ONTOLOGY)
    settings = Settings(backend="oxigraph", data_dir=tmp_path / "store", reasoner="none")
    with open_store(settings) as store:
        graph = store.load(data, skip_unchanged=True).graph
        store._ox.remove_graph(ox.NamedNode(str(graph)))  # e.g. a store emptied by an earlier version
        report = store.load(data, skip_unchanged=True)
        assert not report.unchanged and len(store) == 2


@pytest.mark.parametrize(
    ("update", "graphs", "variable", "every"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", {str(DEFAULT_GRAPH)}, False, False),
        (
            "PREFIX : <http://e/> DELETE DATA { GRAPH :g { :a :b :c } } ; CLEAR GRAPH :h",
            {"http://e/g", "http://e/h"},
            False,
            False,
        ),
        ("COPY <urn:a> TO <urn:b> ; ADD <urn:c> TO DEFAULT", {"urn:b", str(DEFAULT_GRAPH)}, False, False),
        ("MOVE <urn:a> TO <urn:b>", {"urn:a", "urn:b"}, False, False),
        (
            "WITH <urn:w> DELETE { ?s ?p ?o } INSERT { GRAPH <urn:i> { ?s ?p ?o } } WHERE { ?s ?p ?o }",
            {"urn:w", "urn:i"},
            False,
            False,
        ),
        ("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", set(), True, False),
        ("DROP SILENT NAMED", set(), False, True),
        ('INSERT DATA { <urn:a> <urn:b> "a ; INSERT DATA { GRAPH <urn:x> { } }" }', {str(DEFAULT_GRAPH)}, False, False),
    ],
)
def test_update_targets_come_from_a_parse(update, graphs, variable, every):
    targets = update_targets(update)
    assert (set(targets.graphs), targets.variable, targets.every_graph) == (graphs, variable, every)


def test_a_large_insert_data_is_analysed_quickly():
    body = "\n".join(f'<http://example.org/s{i}> <http://example.org/p> "v {i}" .' for i in range(5000))
    targets = update_targets(f"INSERT DATA {{ GRAPH <urn:big> {{ {body} }} }}")
    assert targets.graphs == {"urn:big"}
