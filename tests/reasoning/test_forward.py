"""The full closure by the compiled rules (``smpgraph.reasoning.forward``) equals the store's reasonable path.

The store's full recompute now runs the compiled rules forwards over the store, in bounded memory; reasonable
+ ``prp-spo2`` (``incremental_store.full_inferred_lines``) stays the reference it must equal, and the path for
what the rules cannot see. Checked on the ontology with the examples, organisations and SDG scheme, on
generated partnerships in small batches (so that conclusions cross batches), and on random sets of data and
synthetic triples in our vocabulary (chains, inverses, transitive and symmetric SKOS properties, ``owl:sameAs``,
range-typed literals); a blank node in the data or a schema the rules do not compile sends the work to reasonable.
"""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from smpgraph.reasoning import ReasoningEngine
from smpgraph.reasoning.forward import ForwardClosure, forward_closure
from smpgraph.reasoning.incremental import NeedsFullRecompute
from smpgraph.reasoning.incremental_index import INFERRED_GRAPH, Triple
from smpgraph.reasoning.incremental_store import full_inferred_lines
from smpgraph.reasoning.materialise import ClosureMethod, materialise
from tests.reasoning.test_incremental_property import DATA, ROOT, _base, _node, _synthetic

IGNORED = ox.NamedNode("urn:test:ignored")


def _ontology_store() -> ox.Store:
    store = ox.Store()
    for path in sorted((ROOT / "ontology").rglob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f"urn:test:{path.name}"))
    return store


def _asserted_graphs(store: ox.Store) -> list[ox.NamedNode | ox.DefaultGraph]:
    return [ox.DefaultGraph(), *(g for g in store.named_graphs() if g not in (INFERRED_GRAPH, IGNORED))]  # type: ignore[misc]


def _forward(store: ox.Store, batch: int = 20_000) -> ForwardClosure | NeedsFullRecompute:
    return forward_closure(lambda: store, _asserted_graphs(store), batch=batch)


def _reference(store: ox.Store) -> frozenset[str]:
    """reasonable + prp-spo2 over the asserted graphs only (a copy without the inferred and ignored graphs)."""
    copy = ox.Store()
    copy.extend(q for q in store.quads_for_pattern(None, None, None) if q.graph_name not in (INFERRED_GRAPH, IGNORED))
    return full_inferred_lines(copy)


@cache
def _with_examples() -> bytes:
    store = ox.Store()
    store.load(_base()[0], format=ox.RdfFormat.N_QUADS)
    store.remove_graph(INFERRED_GRAPH)
    return store.dump(format=ox.RdfFormat.N_QUADS) or b""


def _load(quads: bytes) -> ox.Store:
    store = ox.Store()
    store.load(quads, format=ox.RdfFormat.N_QUADS)
    return store


def test_examples_equal_the_reference() -> None:
    store = _load(_with_examples())
    result = _forward(store)
    assert isinstance(result, ForwardClosure), result
    assert result.lines == _reference(store)
    assert len(result.lines) > 1_000  # the examples entail types, inverses, chains: not a vacuous comparison


def test_generated_partnerships_in_small_batches_equal_the_reference() -> None:
    store = _ontology_store()
    lines = "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in generate(60, seed=7))
    store.load(lines.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=DATA)
    done: list[int] = []
    result = forward_closure(lambda: store, _asserted_graphs(store), batch=257, progress=done.append)
    assert isinstance(result, ForwardClosure), result
    assert result.lines == _reference(store)
    assert len(done) > 10 and done == sorted(done) and done[-1] <= result.premises


def test_ignored_graphs_are_neither_premises_nor_lookups() -> None:
    store = _load(_with_examples())
    member = next(store.quads_for_pattern(None, _node("org:member"), None, DATA))
    store.add(ox.Quad(member.subject, _node("org:member"), _node("ex:outsider"), IGNORED))
    store.add(ox.Quad(_node("ex:q"), _node("smp:hasMembership"), member.subject, IGNORED))
    result = _forward(store)
    assert isinstance(result, ForwardClosure)
    assert not any("outsider" in line or "example.org/q>" in line for line in result.lines)
    assert result.lines == _reference(store)


def test_a_blank_node_in_the_data_is_left_to_reasonable() -> None:
    store = _load(_with_examples())
    store.add(ox.Quad(_node("ex:a"), _node("org:memberOf"), ox.BlankNode(), DATA))
    result = _forward(store)
    assert isinstance(result, NeedsFullRecompute)
    assert "blank node" in result.reason
    done = materialise(lambda: store, engine=ReasoningEngine.REASONABLE, exclude=[INFERRED_GRAPH])
    assert done.method is ClosureMethod.REASONABLE
    assert done.lines == _reference(store)


def test_materialise_takes_the_compiled_rules_first() -> None:
    store = _load(_with_examples())
    done = materialise(lambda: store, engine=ReasoningEngine.REASONABLE, exclude=[INFERRED_GRAPH])
    assert done.method is ClosureMethod.FORWARD
    assert done.lines == _reference(store)
    assert materialise(lambda: store, engine=ReasoningEngine.OWLRL).method is ClosureMethod.OWLRL


@st.composite
def _data_sets(draw: st.DrawFn) -> list[Triple]:
    _, real, entailed = _base()
    synthetic = [t for t in _synthetic() if not any(type(term) is ox.BlankNode for term in t)]
    return draw(st.lists(st.sampled_from((*real, *entailed, *synthetic)), min_size=1, max_size=60, unique=True))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_data_sets(), st.integers(min_value=1, max_value=40))
def test_random_data_equals_the_reference(triples: list[Triple], batch: int) -> None:
    store = _ontology_store()
    store.extend(ox.Quad(s, p, o, DATA) for s, p, o in triples)  # type: ignore[arg-type]
    result = _forward(store, batch=batch)
    expected = _reference(store)
    if isinstance(result, NeedsFullRecompute):  # e.g. an inverse that would make a literal a subject
        done = materialise(lambda: store, engine=ReasoningEngine.REASONABLE, exclude=[INFERRED_GRAPH])
        assert done.method is ClosureMethod.REASONABLE and done.lines == expected, result.reason
        return
    assert result.lines == expected, (sorted(result.lines - expected)[:5], sorted(expected - result.lines)[:5])


@pytest.mark.slow  # about 10 s: the bundled data without the migrant stocks, both engines
def test_bundled_data_equals_the_reference() -> None:
    from smpgraph.bundle import bundled_files
    from smpgraph.store.naming import UNREASONED_GRAPHS

    store = ox.Store()
    for item in bundled_files():
        if str(item.graph) not in UNREASONED_GRAPHS:
            store.load(path=str(item.path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(item.graph)))
    result = _forward(store)
    assert isinstance(result, ForwardClosure), result
    assert result.lines == _reference(store)
