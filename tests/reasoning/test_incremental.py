"""Incremental reasoning (issue 15, item 1): each case against the store's full recompute.

Every test writes to a pyoxigraph store that holds our ontology (with its imports) and its closure, through
:class:`~smpgraph.reasoning.incremental_store.MaintainedStore`, and checks that the inferred graph it
maintains equals :func:`~smpgraph.reasoning.incremental_store.full_inferred_lines` (reasonable + prp-spo2,
filtered as the store filters). ``test_incremental_property.py`` does the same on random write sequences.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from smpgraph.reasoning import ntriples_lines
from smpgraph.reasoning.incremental import IncrementalReasoner, InferenceDelta, NeedsFullRecompute
from smpgraph.reasoning.incremental_index import INFERRED_GRAPH, MemoryIndex, OxigraphIndex, Triple, parse_triples
from smpgraph.reasoning.incremental_rules import compile_rules
from smpgraph.reasoning.incremental_store import MaintainedStore, full_inferred_lines, graph_lines, recompute
from smpgraph.reasoning.incremental_vocab import is_kept

ROOT = Path(__file__).resolve().parents[2]
DATA = ox.NamedNode("urn:test:data")
PREFIXES = """
@prefix smp: <https://w3id.org/smpgraph/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix ex: <https://example.org/> .
"""


@cache
def _ontology_dump() -> bytes:
    store = ox.Store()
    for path in sorted((ROOT / "ontology").rglob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f"urn:test:{path.name}"))
    recompute(store)
    return store.dump(format=ox.RdfFormat.N_QUADS) or b""


def maintained(turtle: str = "") -> MaintainedStore:
    """A store with the ontology, ``turtle`` as data in DATA, and the full closure."""
    store = ox.Store()
    store.load(_ontology_dump(), format=ox.RdfFormat.N_QUADS)
    if turtle:
        store.load((PREFIXES + turtle).encode(), format=ox.RdfFormat.TURTLE, to_graph=DATA)
        recompute(store)
    return MaintainedStore(store)


def triples(turtle: str) -> list[Triple]:
    return list(parse_triples(PREFIXES + turtle, ox.RdfFormat.TURTLE))


def assert_equals_full(store: MaintainedStore) -> None:
    maintained_lines, full = graph_lines(store.store), full_inferred_lines(store.store)
    assert maintained_lines == full, (
        f"only maintained: {sorted(maintained_lines - full)[:8]}; only full: {sorted(full - maintained_lines)[:8]}"
    )


def write(store: MaintainedStore, *, insert: str = "", delete: str = "") -> InferenceDelta:
    result = store.write(DATA, inserted=triples(insert), removed=triples(delete))
    assert isinstance(result, InferenceDelta), result
    assert_equals_full(store)
    return result


def lines(found: frozenset[Triple]) -> set[str]:
    return {f"{s} {p} {o} ." for s, p, o in found}


SMP, ORG, EX = "https://w3id.org/smpgraph/ontology#", "http://www.w3.org/ns/org#", "https://example.org/"


def test_our_ontology_compiles_to_tables() -> None:
    tables = compile_rules(OxigraphIndex(maintained().store))
    assert tables.unsupported == ()
    (chain,) = tables.chains_by_implied[ox.NamedNode(SMP + "hasStakeholder")]
    assert [step.value for step in chain.steps] == [SMP + "hasMembership", ORG + "member"]
    assert ox.NamedNode(SMP + "stakeholderIn") in tables.inverses[ox.NamedNode(SMP + "hasStakeholder")]
    assert ox.NamedNode("http://www.w3.org/2004/02/skos/core#broaderTransitive") in tables.transitive
    assert len(tables.symmetric) == 4
    foaf, org = ox.NamedNode("http://xmlns.com/foaf/0.1/Organization"), ox.NamedNode(ORG + "Organization")
    assert org in tables.class_supers[foaf] and foaf in tables.class_supers[org]


def test_a_membership_infers_the_chain_its_inverses_and_types() -> None:
    store = maintained()
    delta = write(store, insert="ex:p smp:hasMembership ex:m . ex:m org:member ex:o .")
    added = lines(delta.added)
    assert f"<{EX}p> <{SMP}hasStakeholder> <{EX}o> ." in added
    assert f"<{EX}o> <{SMP}stakeholderIn> <{EX}p> ." in added
    assert f"<{EX}m> <{ORG}organization> <{EX}p> ." in added
    assert f"<{EX}p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SMP}Partnership> ." in added
    assert not delta.removed


def test_a_delete_keeps_what_has_another_derivation() -> None:
    store = maintained("""ex:p smp:hasMembership ex:m1, ex:m2 . ex:m1 org:member ex:o . ex:m2 org:member ex:o .""")
    delta = write(store, delete="ex:p smp:hasMembership ex:m1 .")
    assert delta.rederived > 0
    assert f"<{EX}p> <{SMP}hasStakeholder> <{EX}o> ." not in lines(delta.removed)
    assert f"<{EX}m1> <{ORG}organization> <{EX}p> ." in lines(delta.removed)
    delta = write(store, delete="ex:p smp:hasMembership ex:m2 .")
    assert f"<{EX}p> <{SMP}hasStakeholder> <{EX}o> ." in lines(delta.removed)


def test_inserting_an_inferred_triple_moves_it_out_of_the_inferred_graph_and_back() -> None:
    store = maintained("ex:p smp:hasMembership ex:m . ex:m org:member ex:o .")
    stakeholder = f"<{EX}o> <{SMP}stakeholderIn> <{EX}p> ."
    assert stakeholder in graph_lines(store.store)
    delta = write(store, insert="ex:o smp:stakeholderIn ex:p .")
    assert lines(delta.removed) == {stakeholder} and not delta.added
    delta = write(store, delete="ex:o smp:stakeholderIn ex:p .")
    assert lines(delta.added) == {stakeholder} and not delta.removed


def test_deleting_a_triple_that_is_asserted_and_entailed() -> None:
    store = maintained("ex:o a org:Organization, foaf:Organization, foaf:Agent .")
    agent = f"<{EX}o> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://xmlns.com/foaf/0.1/Agent> ."
    delta = write(store, delete="ex:o a foaf:Agent, foaf:Organization .")
    assert agent in lines(delta.added)
    delta = write(store, delete="ex:o a org:Organization .")
    assert agent in lines(delta.removed)
    assert not graph_lines(store.store) - graph_lines(maintained().store)


def test_transitive_properties_rederive_around_a_deleted_edge() -> None:
    store = maintained(
        "ex:a skos:broader ex:b . ex:b skos:broader ex:c . ex:c skos:broader ex:d . ex:a skos:broader ex:c ."
    )
    write(store, delete="ex:b skos:broader ex:c .")
    write(store, delete="ex:a skos:broader ex:c .")
    write(store, insert="ex:b skos:broaderTransitive ex:c . ex:d skos:narrower ex:e .")
    write(store, insert="ex:e skos:exactMatch ex:f . ex:f skos:exactMatch ex:g . ex:g skos:relatedMatch ex:a .")
    write(store, delete="ex:f skos:exactMatch ex:g .")


def test_equality_is_maintained() -> None:
    store = maintained("ex:p smp:hasMembership ex:m . ex:m org:member ex:o . ex:o2 a smp:Ministry .")
    write(store, insert="ex:o owl:sameAs ex:o2 .")
    write(store, insert="ex:o2 owl:sameAs ex:o3 . ex:o3 skos:prefLabel 'three'@en .")
    write(store, delete="ex:o owl:sameAs ex:o2 .")
    write(store, insert="ex:q smp:hasMembership ex:m .", delete="ex:o2 owl:sameAs ex:o3 .")


def test_literals_typed_by_a_range_and_labels_the_store_drops() -> None:
    store = maintained()
    delta = write(store, insert="ex:p smp:startDate '2020-01-01'^^xsd:date . ex:p skos:prefLabel 'p'@en .")
    assert all(not isinstance(s, ox.Literal) and "rdf-schema#label" not in p.value for s, p, _ in delta.added)
    write(store, delete="ex:p skos:prefLabel 'p'@en .")


def test_a_named_individual_declaration_is_data() -> None:
    store = maintained()
    write(store, insert="ex:x a owl:NamedIndividual, smp:Ministry .")


@pytest.mark.parametrize(
    "turtle",
    [
        "ex:A rdfs:subClassOf smp:Ministry .",
        "ex:p a owl:TransitiveProperty .",
        "ex:p rdfs:domain smp:Ministry .",
        "ex:p owl:inverseOf org:member .",
        "ex:x owl:sameAs smp:Ministry .",
        "ex:x org:member [ a smp:Ministry ] .",
    ],
)
def test_schema_changes_and_blank_nodes_need_a_full_recompute(turtle: str) -> None:
    store = maintained("ex:x a smp:Ministry . ex:y ex:p ex:z .")
    result = store.write(DATA, inserted=triples(turtle))
    assert isinstance(result, NeedsFullRecompute)
    assert_equals_full(store)  # the store recomputed


def test_a_literal_where_the_rules_would_make_it_a_subject_needs_a_full_recompute() -> None:
    store = maintained()
    result = store.write(DATA, inserted=triples("ex:m org:member 'somebody' ."))
    assert isinstance(result, NeedsFullRecompute) and "does not keep" in result.reason
    assert_equals_full(store)


@pytest.mark.parametrize(
    ("turtle", "reason"),
    [
        ("ex:p a owl:FunctionalProperty .", "FunctionalProperty"),
        ("ex:R owl:someValuesFrom ex:C .", "someValuesFrom"),
        ("ex:x ex:p [ ex:q ex:y ] .", "blank nodes"),
        ("ex:x owl:sameAs smp:Ministry .", "sameAs"),
        ("owl:Thing rdfs:subClassOf ex:C .", "has superclasses"),
        ("skos:prefLabel rdfs:subPropertyOf rdfs:subClassOf .", "schema predicate"),
        ("ex:p rdfs:range owl:TransitiveProperty .", "membership of"),
    ],
)
def test_what_the_compiled_rules_cannot_maintain(turtle: str, reason: str) -> None:
    store = maintained(turtle)
    reasoner = IncrementalReasoner.compile(OxigraphIndex(store.store))
    assert not reasoner.supported
    assert any(reason in line for line in reasoner.tables.unsupported), reasoner.tables.unsupported
    result = reasoner.apply(OxigraphIndex(store.store), inserted=triples("ex:a a smp:Ministry ."))
    assert isinstance(result, NeedsFullRecompute)


RDFLIB_CASES = [
    (URIRef(EX + "a"), RDF.type, URIRef(SMP + "Ministry")),
    (URIRef(EX + "a"), RDF.type, OWL.Thing),
    (URIRef(EX + "a"), RDF.type, OWL.Nothing),
    (URIRef(EX + "a"), OWL.sameAs, URIRef(EX + "a")),
    (URIRef(EX + "a"), OWL.sameAs, URIRef(EX + "b")),
    (URIRef(EX + "a"), OWL.differentFrom, URIRef(EX + "b")),
    (URIRef(EX + "a"), RDFS.label, Literal("a")),
    (URIRef(EX + "a"), RDFS.subClassOf, URIRef(EX + "b")),
    (URIRef(EX + "a"), URIRef(EX + "p"), Literal("1", datatype=XSD.integer)),
    (URIRef(EX + "a"), URIRef(EX + "p"), Literal("x", lang="en")),
    (URIRef(EX + "a"), URIRef(EX + "p"), BNode("b1")),
    (BNode("b1"), URIRef(EX + "p"), URIRef(EX + "a")),
    (OWL.Thing, URIRef(EX + "p"), URIRef(EX + "a")),
    (URIRef("http://www.w3.org/2001/XMLSchema#string"), RDF.type, URIRef(EX + "C")),
    (Literal("x"), RDF.type, URIRef(EX + "C")),
    (URIRef(EX + "a"), RDF.first, URIRef(EX + "b")),
    (URIRef(EX + "a"), RDF.type, Literal(str(OWL.Class))),
]


def test_is_kept_is_the_stores_filter() -> None:
    """``is_kept`` on Oxigraph terms keeps exactly what ``ntriples_lines`` keeps of the same rdflib triples."""
    for triple in RDFLIB_CASES:
        expected = bool(ntriples_lines([triple]))  # type: ignore[list-item]
        s, p, o = (_ox(term) for term in triple)
        assert is_kept((s, p, o)) == expected, triple  # type: ignore[arg-type]


def _ox(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def test_the_memory_index_gives_the_same_delta_as_the_store() -> None:
    store = maintained("ex:p smp:hasMembership ex:m . ex:m org:member ex:o . ex:a skos:broader ex:b .")
    quads = list(store.store.quads_for_pattern(None, None, None))
    memory = MemoryIndex(
        [(q.subject, q.predicate, q.object) for q in quads if q.graph_name != INFERRED_GRAPH],
        [(q.subject, q.predicate, q.object) for q in quads if q.graph_name == INFERRED_GRAPH],
    )
    removed, inserted = (
        triples("ex:m org:member ex:o ."),
        triples("ex:b skos:broader ex:c . ex:q smp:hasMembership ex:m ."),
    )
    memory.remove_asserted(removed)
    memory.add_asserted(inserted)
    expected = store.write(DATA, inserted=inserted, removed=removed)
    assert IncrementalReasoner.compile(memory).apply(memory, inserted=inserted, removed=removed) == expected


def test_typed_literals_are_compared_as_the_store_stores_them() -> None:
    """``"1.50"^^xsd:decimal`` is stored as ``"1.5"``: deleting it by either form retracts what it entailed."""
    store = maintained("ex:quota rdfs:domain ex:Scheme . ex:x ex:quota '1.50'^^xsd:decimal .")
    assert f"<{EX}x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Scheme> ." in graph_lines(store.store)
    delta = write(store, delete="ex:x ex:quota '1.50'^^xsd:decimal .")
    assert lines(delta.removed) == {f"<{EX}x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Scheme> ."}
