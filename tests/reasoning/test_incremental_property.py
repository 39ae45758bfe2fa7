"""Random write sequences: after every write, the incrementally maintained inferred graph equals a full recompute.

The store holds our ontology (with its imports), two examples, the organisations and two reference schemes
(SDG, ISCED-F: ``skos:broader`` hierarchies), reasoned in full. Hypothesis then draws writes: inserts from
those files, from their own inferences (so a write may assert a triple that is inferred, and a later one
delete it while it is still entailed), and from small synthetic triples in our vocabulary (memberships and
their inverses, the ``smp:hasStakeholder`` chain, transitive and symmetric SKOS properties, ``owl:sameAs``,
range-typed literals, labels the store drops), and deletes of asserted triples, entailed or not. A rare
schema triple or blank node forces a full recompute, after which the rules are compiled again and the
sequence goes on. After each write the inferred graph must equal the store's full recompute (reasonable +
prp-spo2, filtered), and the in-memory index must give the same delta as the Oxigraph one. A last test
compares with owlrl, the reference engine, on the schema axioms alone (owlrl is too slow for the ontology's
thousands of labels).
"""

from __future__ import annotations

from functools import cache
from itertools import product
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from smpgraph.reasoning import ReasoningEngine, compute_inferences, ntriples_lines
from smpgraph.reasoning.incremental import IncrementalReasoner, InferenceDelta, NeedsFullRecompute
from smpgraph.reasoning.incremental_index import INFERRED_GRAPH, MemoryIndex, Triple, ntriples_line
from smpgraph.reasoning.incremental_store import MaintainedStore, full_inferred_lines, graph_lines, recompute

ROOT = Path(__file__).resolve().parents[2]
DATA = ox.NamedNode("urn:test:data")
DATA_FILES = ("examples/triple-win.ttl", "examples/palim.ttl", "examples/organisations.ttl", "reference/sdg.ttl")
NS = {
    "smp": "https://w3id.org/smpgraph/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "ex": "https://example.org/",
    "id": "https://w3id.org/smpgraph/id/",
}
#: the schema axioms owlrl reasons over in the last test
SCHEMA_PREDICATES = {NS["rdfs"] + name for name in ("subClassOf", "subPropertyOf", "domain", "range")} | {
    NS["owl"] + name for name in ("inverseOf", "equivalentClass", "propertyChainAxiom", "disjointWith")
}


def _node(name: str) -> ox.NamedNode:
    prefix, local = name.split(":", 1)
    return ox.NamedNode(NS[prefix] + local)


def _t(s: str, p: str, o: str | ox.Literal) -> Triple:
    return _node(s), _node(p), o if isinstance(o, ox.Literal) else _node(o)


@cache
def _synthetic() -> tuple[Triple, ...]:
    """Small triples in our vocabulary, on a few individuals, some of them IRIs of the examples."""
    partnerships = ["ex:p0", "ex:p1", "id:partnership/triple-win"]
    memberships = ["ex:m0", "ex:m1", "id:partnership/triple-win/membership/1"]
    agents = ["ex:a", "ex:b", "ex:c", "id:org/giz"]
    concepts = ["ex:a", "ex:b", "ex:c", "ex:d"]
    found: list[Triple] = []
    found += [_t(p, "smp:hasMembership", m) for p, m in product(partnerships, memberships)]
    found += [_t(m, "org:organization", p) for p, m in product(partnerships[:2], memberships)]
    found += [_t(m, "org:member", a) for m, a in product(memberships, agents)]
    found += [_t(a, "org:hasMembership", m) for m, a in product(memberships[:2], agents[:3])]
    found += [_t(p, "smp:hasStakeholder", a) for p, a in product(partnerships[:2], agents[:2])]
    for prop in ("org:memberOf", "org:subOrganizationOf", "org:hasMember"):
        found += [_t(x, prop, y) for x, y in product(agents[:3], agents[:3]) if x != y]
    for prop in ("skos:broader", "skos:narrower", "skos:broaderTransitive", "skos:related", "skos:exactMatch"):
        found += [_t(x, prop, y) for x, y in product(concepts, concepts) if x != y]
    found += [_t("ex:d", "skos:relatedMatch", "ex:a"), _t("ex:c", "skos:closeMatch", "ex:b")]
    classes = ["smp:Ministry", "org:Organization", "foaf:Organization", "smp:Partnership", "org:Membership"]
    found += [_t(x, "rdf:type", c) for x, c in product(["ex:a", "ex:b", "ex:m0", "ex:p0"], classes)]
    found += [_t("ex:a", "rdf:type", "owl:NamedIndividual"), _t("ex:a", "rdf:type", "skos:Concept")]
    found += [_t(x, "owl:sameAs", y) for x, y in (("ex:a", "ex:b"), ("ex:b", "ex:c"), ("ex:m0", "ex:m1"))]
    found += [_t("ex:p0", "owl:sameAs", "id:partnership/triple-win")]
    found += [_t("ex:a", "skos:prefLabel", ox.Literal("a", language="en")), _t("ex:b", "rdfs:label", ox.Literal("b"))]
    found += [_t("ex:p0", "smp:startDate", ox.Literal("2020-01-01", datatype=_node("xsd:date")))]
    found += [_t("ex:m0", "org:member", ox.Literal("somebody"))]  # a literal where an inverse would put it first
    found += [_t("ex:Sub", "rdfs:subClassOf", "smp:Ministry"), (_node("ex:a"), _node("org:memberOf"), ox.BlankNode())]
    return tuple(found)


@cache
def _base() -> tuple[bytes, tuple[Triple, ...], tuple[Triple, ...]]:
    """The reasoned store as N-Quads, the data triples, and a sample of what they entail."""
    store = ox.Store()
    for path in sorted((ROOT / "ontology").rglob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f"urn:test:{path.name}"))
    for name in DATA_FILES:
        store.load(path=str(ROOT / "data" / name), format=ox.RdfFormat.TURTLE, to_graph=DATA)
    recompute(store)
    data = tuple(
        sorted(((q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, DATA)), key=str)
    )
    inferred = sorted(
        ((q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, INFERRED_GRAPH)), key=str
    )
    return store.dump(format=ox.RdfFormat.N_QUADS) or b"", data, tuple(inferred[:: max(1, len(inferred) // 150)])


def _fresh_store() -> MaintainedStore:
    store = ox.Store()
    store.load(_base()[0], format=ox.RdfFormat.N_QUADS)
    return MaintainedStore(store)


def _mirror(store: ox.Store) -> MemoryIndex:
    quads = list(store.quads_for_pattern(None, None, None))
    return MemoryIndex(
        [(q.subject, q.predicate, q.object) for q in quads if q.graph_name != INFERRED_GRAPH],
        [(q.subject, q.predicate, q.object) for q in quads if q.graph_name == INFERRED_GRAPH],
    )


def _check_sequence(data: st.DataObject, steps: int) -> None:
    maintained = _fresh_store()
    memory = _mirror(maintained.store)
    _, real, entailed = _base()
    pool = (*real, *entailed, *_synthetic())
    for _ in range(steps):
        asserted = sorted(
            {(q.subject, q.predicate, q.object) for q in maintained.store.quads_for_pattern(None, None, None, DATA)},
            key=str,
        )
        inserted = data.draw(st.lists(st.sampled_from(pool), max_size=6), label="insert")
        removed = data.draw(st.lists(st.sampled_from(asserted), max_size=6), label="delete") if asserted else []
        if data.draw(st.booleans(), label="also delete something entailed"):
            removed.append(data.draw(st.sampled_from(entailed)))
        memory.remove_asserted(t for t in removed if t not in inserted)
        memory.add_asserted(inserted)
        expected = IncrementalReasoner.compile(memory).apply(memory, inserted=inserted, removed=removed)
        result = maintained.write(DATA, inserted=inserted, removed=[t for t in removed if t not in inserted])
        maintained_lines, full = graph_lines(maintained.store), full_inferred_lines(maintained.store)
        assert maintained_lines == full, (
            f"after +{[ntriples_line(t) for t in inserted]} -{[ntriples_line(t) for t in removed]}: "
            f"only maintained {sorted(maintained_lines - full)[:6]}, only full {sorted(full - maintained_lines)[:6]}"
        )
        if isinstance(result, InferenceDelta):
            assert expected == result
            memory.remove_inferred(result.removed)
            memory.add_inferred(result.added)
        else:
            assert isinstance(expected, NeedsFullRecompute)
            memory = _mirror(maintained.store)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_random_writes_equal_a_full_recompute(data: st.DataObject) -> None:
    _check_sequence(data, steps=4)


@pytest.mark.slow  # a full recompute per write: 0.3 s on an idle machine, 1 s on a busy one (160 writes)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_many_random_writes_equal_a_full_recompute(data: st.DataObject) -> None:
    _check_sequence(data, steps=8)


@cache
def _schema_only() -> bytes:
    store = ox.Store()
    full = ox.Store()
    for path in sorted((ROOT / "ontology").rglob("*.ttl")):
        full.load(path=str(path), format=ox.RdfFormat.TURTLE)
    for quad in full.quads_for_pattern(None, None, None):
        characteristic = quad.predicate == _node("rdf:type") and quad.object in (
            _node("owl:TransitiveProperty"),
            _node("owl:SymmetricProperty"),
        )
        if quad.predicate.value in SCHEMA_PREDICATES or characteristic or isinstance(quad.subject, ox.BlankNode):
            store.add(quad)
    recompute(store)
    return store.dump(format=ox.RdfFormat.N_QUADS) or b""


def _owlrl_lines(store: ox.Store) -> set[str]:
    asserted = {q for q in store.quads_for_pattern(None, None, None) if q.graph_name != INFERRED_GRAPH}
    text = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in asserted)
    inferred = compute_inferences(Graph().parse(data=text, format="nt"), engine=ReasoningEngine.OWLRL).graph
    exclude = {line for line in text.splitlines()}
    return set(ntriples_lines(inferred, exclude=exclude))


def _check_against_owlrl(writes: list[tuple[list[Triple], list[Triple]]]) -> None:
    store = ox.Store()
    store.load(_schema_only(), format=ox.RdfFormat.N_QUADS)
    maintained = MaintainedStore(store)
    assert maintained.reasoner.supported
    for inserted, removed in writes:
        maintained.write(DATA, inserted=inserted, removed=[t for t in removed if t not in inserted])
        assert set(graph_lines(store)) == _owlrl_lines(store)


def test_a_write_sequence_equals_owlrl() -> None:
    s = _synthetic()
    memberships = [t for t in s if t[1] in (_node("smp:hasMembership"), _node("org:member"))][:6]
    same = [t for t in s if t[1] == _node("owl:sameAs")][:2]
    skos = [t for t in s if t[1] in (_node("skos:broader"), _node("skos:exactMatch"))][:6]
    _check_against_owlrl([(memberships + skos, []), (same, memberships[:2]), ([], same[:1] + skos[:3])])


@pytest.mark.slow  # owlrl takes about a second per write, even on the schema alone
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from([t for t in _synthetic() if t[1] != _node("rdfs:subClassOf")]), max_size=8),
            st.lists(st.sampled_from(_synthetic()[:120]), max_size=4),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_random_writes_equal_owlrl(writes: list[tuple[list[Triple], list[Triple]]]) -> None:
    _check_against_owlrl(writes)
