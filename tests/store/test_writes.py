"""The write path of the embedded store (issue 15, phase 2): which writes are reasoned incrementally, what the
inferred graph holds afterwards, and the write deadline (a write past it changes nothing).

The store holds our ontology and two examples, reasoned in full; after each write its inferred graph is
compared with a full recompute of its asserted graphs (``incremental_store.full_inferred_lines``, the
store's own reasoning path).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from smpgraph.config import Settings
from smpgraph.errors import QueryTimeoutError, UpdateNotAllowedError
from smpgraph.reasoning.incremental_index import INFERRED_GRAPH
from smpgraph.reasoning.incremental_store import full_inferred_lines, graph_lines
from smpgraph.store import ResultFormat, open_store
from smpgraph.store import writes as write_module
from smpgraph.store.naming import STOCKS_GRAPH_IRI
from smpgraph.store.oxigraph import OxigraphStore
from smpgraph.store.writes import WriteMode

ROOT = Path(__file__).resolve().parents[2]
EX = "https://example.org/"
SMP = "https://w3id.org/smpgraph/ontology#"
ORG = "http://www.w3.org/ns/org#"
TRIPLE_WIN = "https://w3id.org/smpgraph/id/partnership/triple-win"


@cache
def _base() -> bytes:
    """Our ontology and two examples as N-Quads (one graph per file)."""
    store = ox.Store()
    files = [*sorted((ROOT / "ontology").rglob("*.ttl")), ROOT / "data/examples/triple-win.ttl"]
    for path in [*files, ROOT / "data/examples/palim.ttl"]:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f"urn:test:{path.name}"))
    return store.dump(format=ox.RdfFormat.N_QUADS) or b""


@pytest.fixture
def store() -> Iterator[OxigraphStore]:
    opened = open_store(Settings(backend="memory", write_timeout_s=0))
    assert isinstance(opened, OxigraphStore)
    opened.load(_base(), format=ResultFormat.NQUADS, name="base.nq")
    assert opened.last_write is not None and opened.last_write.mode is WriteMode.FULL  # the schema came in
    yield opened
    opened.close()


def _asserted(store: OxigraphStore) -> set[ox.Quad]:
    return {q for q in store._engine().quads_for_pattern(None, None, None) if q.graph_name != INFERRED_GRAPH}


def _forget_the_last_full_recompute(store: OxigraphStore) -> None:
    """So that a full write is tried (and rolled back) rather than refused before it starts."""
    assert store._writes is not None
    store._writes.last_full_seconds = None


def _assert_reasoned(store: OxigraphStore) -> None:
    engine = store._engine()
    maintained, full = graph_lines(engine), full_inferred_lines(engine)
    assert maintained == full, (
        f"only maintained {sorted(maintained - full)[:5]}, only full {sorted(full - maintained)[:5]}"
    )
    assert store.info().reasoning.fresh


def _member(partnership: str, membership: str, agent: str) -> str:
    return (
        f"<{EX}{partnership}> <{SMP}hasMembership> <{EX}{membership}> .\n"
        f"<{EX}{membership}> <{ORG}member> <{EX}{agent}> .\n"
    )


def test_a_data_write_is_incremental_and_equals_a_full_recompute(store: OxigraphStore) -> None:
    store.update(f"INSERT DATA {{ {_member('p', 'm', 'a')} }}")
    assert store.last_write is not None and store.last_write.mode is WriteMode.INCREMENTAL
    assert store.last_write.inferred_added > 0  # hasStakeholder through the chain, types from ranges
    stakeholder = f"ASK {{ <{EX}p> <{SMP}hasStakeholder> <{EX}a> }}"
    assert store.query(stakeholder).value  # type: ignore[union-attr]
    _assert_reasoned(store)
    store.update(f"DELETE DATA {{ <{EX}m> <{ORG}member> <{EX}a> }}")
    assert store.last_write.mode is WriteMode.INCREMENTAL and store.last_write.inferred_removed > 0
    assert not store.query(stakeholder).value  # type: ignore[union-attr]
    _assert_reasoned(store)


def test_where_forms_are_incremental(store: OxigraphStore) -> None:
    store.update(f"INSERT DATA {{ {_member('p', 'm', 'a')} }}")
    store.update(
        f"DELETE {{ ?m <{ORG}member> ?a }} INSERT {{ ?m <{ORG}member> <{EX}b> }} WHERE {{ ?m <{ORG}member> ?a }}"
    )
    assert store.last_write is not None and store.last_write.mode is WriteMode.INCREMENTAL
    _assert_reasoned(store)
    store.update(f"DELETE WHERE {{ <{EX}p> ?p ?o }}")
    assert store.last_write.mode is WriteMode.INCREMENTAL
    _assert_reasoned(store)


def test_moving_a_triple_between_graphs_changes_no_inference(store: OxigraphStore) -> None:
    store.update(f"INSERT DATA {{ GRAPH <{EX}g1> {{ {_member('p', 'm', 'a')} }} }}")
    before = graph_lines(store._engine())
    store.update(f"MOVE GRAPH <{EX}g1> TO GRAPH <{EX}g2>")  # not computed in advance: the full path
    assert store.last_write is not None and store.last_write.mode is WriteMode.FULL
    store.update(
        f"DELETE {{ GRAPH <{EX}g2> {{ ?s ?p ?o }} }} INSERT {{ GRAPH <{EX}g3> {{ ?s ?p ?o }} }} "
        f"WHERE {{ GRAPH <{EX}g2> {{ ?s ?p ?o }} }}"
    )
    assert store.last_write.mode is WriteMode.INCREMENTAL and store.last_write.inferred_added == 0
    assert store.last_write.inferred_removed == 0 and graph_lines(store._engine()) == before
    _assert_reasoned(store)


def test_asserting_an_inferred_triple_moves_it_out_of_the_inferred_graph(store: OxigraphStore) -> None:
    store.update(f"INSERT DATA {{ {_member('p', 'm', 'a')} }}")
    inferred = f"<{EX}p> <{SMP}hasStakeholder> <{EX}a> ."
    assert inferred in graph_lines(store._engine())
    store.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ {inferred} }} }}")
    assert inferred not in graph_lines(store._engine())
    _assert_reasoned(store)
    store.drop_graph(f"{EX}g")
    assert store.last_write is not None and store.last_write.mode is WriteMode.INCREMENTAL
    assert inferred in graph_lines(store._engine())  # still entailed: back in the inferred graph
    _assert_reasoned(store)


def test_graph_store_writes_and_small_loads_are_incremental(store: OxigraphStore) -> None:
    data = Graph().parse(data=_member("p", "m", "a"), format="nt")
    assert store.put_graph(f"{EX}g", data) is False
    assert store.last_write is not None and store.last_write.mode is WriteMode.INCREMENTAL
    _assert_reasoned(store)
    assert store.put_graph(f"{EX}g", Graph().parse(data=_member("p", "m", "b"), format="nt")) is True
    assert store.last_write.mode is WriteMode.INCREMENTAL
    _assert_reasoned(store)
    report = store.load(_member("q", "n", "c").encode(), format=ResultFormat.NTRIPLES, name="small.nt")
    assert store.last_write.mode is WriteMode.INCREMENTAL and report.triples == 2
    report = store.load(_member("q", "n", "d").encode(), format=ResultFormat.NTRIPLES, name="small.nt")
    assert store.last_write.mode is WriteMode.INCREMENTAL and report.replaced
    _assert_reasoned(store)
    assert store.drop_graph(f"{EX}g") is True
    assert store.last_write.mode is WriteMode.INCREMENTAL
    _assert_reasoned(store)


def test_a_schema_write_recomputes_then_writes_are_incremental_again(store: OxigraphStore) -> None:
    store.update(f"INSERT DATA {{ <{EX}Sub> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{SMP}Ministry> }}")
    assert store.last_write is not None and store.last_write.mode is WriteMode.FULL
    assert "schema" in (store.last_write.reason or "")
    store.update(f"INSERT DATA {{ <{EX}x> a <{EX}Sub> }}")
    assert store.last_write.mode is WriteMode.INCREMENTAL  # compiled again, with the new subclass
    assert store.query(f"ASK {{ <{EX}x> a <{SMP}Ministry> }}").value  # type: ignore[union-attr]
    _assert_reasoned(store)


def test_an_unreasoned_write_makes_the_next_one_full(store: OxigraphStore) -> None:
    store.update(f"INSERT DATA {{ {_member('p', 'm', 'a')} }}", reason=False)
    assert store.last_write is not None and store.last_write.mode is WriteMode.UNREASONED
    assert not store.info().reasoning.fresh
    store.update(f"INSERT DATA {{ {_member('q', 'n', 'b')} }}")
    assert store.last_write.mode is WriteMode.FULL and "not up to date" in (store.last_write.reason or "")
    _assert_reasoned(store)


def test_a_large_write_is_reasoned_in_full(store: OxigraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write_module, "MAX_INCREMENTAL_QUADS", 3)
    store.update(f"INSERT DATA {{ {_member('p', 'm', 'a')} {_member('q', 'n', 'b')} }}")
    assert store.last_write is not None and store.last_write.mode is WriteMode.FULL
    assert "more than 3" in (store.last_write.reason or "")
    _assert_reasoned(store)


def test_a_write_past_its_deadline_changes_nothing(store: OxigraphStore) -> None:
    store.update(f"INSERT DATA {{ {_member('p', 'm', 'a')} }}")
    asserted, inferred, generation = _asserted(store), graph_lines(store._engine()), store.metadata.generation
    with pytest.raises(QueryTimeoutError, match="nothing was changed"):
        store.update(f"INSERT DATA {{ {_member('q', 'n', 'b')} }}", timeout_s=1e-9)
    with pytest.raises(QueryTimeoutError, match="nothing was changed"):
        store.put_graph(f"{EX}g", Graph().parse(data=_member("q", "n", "b"), format="nt"), timeout_s=1e-9)
    assert _asserted(store) == asserted and graph_lines(store._engine()) == inferred
    assert store.metadata.generation == generation and store.info().reasoning.fresh


def test_a_full_write_past_its_deadline_is_rolled_back(store: OxigraphStore) -> None:
    subclass = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
    schema = f"INSERT DATA {{ GRAPH <urn:test:core.ttl> {{ <{EX}Sub> {subclass} <{SMP}Ministry> }} }}"
    asserted, inferred, graphs = _asserted(store), graph_lines(store._engine()), store.graph_names()
    _forget_the_last_full_recompute(store)
    with pytest.raises(QueryTimeoutError, match="rolled back"):
        store.update(schema, timeout_s=1e-9)
    assert _asserted(store) == asserted and graph_lines(store._engine()) == inferred
    assert store.graph_names() == graphs and store.info().reasoning.fresh
    with pytest.raises(QueryTimeoutError, match=r"took .* last time"):  # refused before it starts
        store.drop_graph("urn:test:core.ttl", timeout_s=1e-9)
    store.update(f"INSERT DATA {{ {_member('p', 'm', 'a')} }}")
    assert store.last_write is not None and store.last_write.mode is WriteMode.INCREMENTAL
    _assert_reasoned(store)


def test_a_full_write_to_graphs_only_the_data_names_is_rolled_back(store: OxigraphStore) -> None:
    asserted, inferred, graphs = _asserted(store), graph_lines(store._engine()), store.graph_names()
    subclass = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
    _forget_the_last_full_recompute(store)
    with pytest.raises(QueryTimeoutError, match="rolled back"):  # every user graph was saved, and put back
        store.update(
            f"DELETE {{ GRAPH ?g {{ ?s {subclass} ?o }} }} WHERE {{ GRAPH ?g {{ ?s {subclass} ?o }} }}", timeout_s=1e-9
        )
    assert _asserted(store) == asserted and graph_lines(store._engine()) == inferred
    assert store.graph_names() == graphs and store.info().reasoning.fresh


def test_a_variable_graph_template_may_not_write_the_inferred_graph(store: OxigraphStore) -> None:
    asserted = _asserted(store)
    with pytest.raises(UpdateNotAllowedError, match="inferred graph"):
        store.update(
            f"INSERT {{ GRAPH ?g {{ <{EX}a> <{EX}b> <{EX}c> }} }} WHERE {{ VALUES ?g {{ <{INFERRED_GRAPH.value}> }} }}"
        )
    assert _asserted(store) == asserted
    _assert_reasoned(store)


def test_waiting_for_another_write_counts_against_the_deadline(store: OxigraphStore) -> None:
    asserted = _asserted(store)
    held = threading.Event()

    def hold_the_lock() -> None:
        with store._write_lock:
            held.set()
            time.sleep(0.3)

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    held.wait()
    with pytest.raises(QueryTimeoutError, match="nothing was changed"):
        store.update(f"INSERT DATA {{ {_member('p', 'm', 'a')} }}", timeout_s=0.2)  # waits 0.3 s for the lock
    holder.join()
    assert _asserted(store) == asserted


def test_prepare_writes_compiles_the_rules_before_the_first_write(store: OxigraphStore) -> None:
    assert store._writes is not None
    store._writes.invalidate()
    store.prepare_writes()
    assert store._writes._reasoner is not None
    store.update(f"INSERT DATA {{ {_member('p', 'm', 'a')} }}")
    assert store.last_write is not None and store.last_write.mode is WriteMode.INCREMENTAL
    read_only = open_store(Settings(backend="memory"), read_only=True)
    read_only.prepare_writes()  # nothing to prepare
    read_only.close()


def test_the_unreasoned_stocks_graph_feeds_no_inference_to_a_write(store: OxigraphStore) -> None:
    stocks = f"<{STOCKS_GRAPH_IRI}>"
    derived = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
    store.update(f"INSERT DATA {{ GRAPH {stocks} {{ <{EX}m> <{ORG}member> <{EX}a> . <{EX}o> {derived} <{EX}s> }} }}")
    store.update(f"INSERT DATA {{ <{EX}p> <{SMP}hasMembership> <{EX}m> }}")  # the chain's next step is in stocks
    assert store.last_write is not None and store.last_write.mode is WriteMode.INCREMENTAL
    assert graph_lines(store._engine()) == store._closure_lines()  # what a full recompute keeps: stocks left out
    assert not store.query(f"ASK {{ <{EX}p> <{SMP}hasStakeholder> <{EX}a> }}").value  # type: ignore[union-attr]
    store.update(f"DELETE DATA {{ GRAPH {stocks} {{ <{EX}m> <{ORG}member> <{EX}a> }} }}")
    store.update(f"INSERT DATA {{ <{EX}m> <{ORG}member> <{EX}a> }}")  # now asserted where it counts
    assert store.last_write.mode is WriteMode.INCREMENTAL
    assert store.query(f"ASK {{ <{EX}p> <{SMP}hasStakeholder> <{EX}a> }}").value  # type: ignore[union-attr]
    assert graph_lines(store._engine()) == store._closure_lines()
