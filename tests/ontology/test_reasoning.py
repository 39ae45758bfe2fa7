"""The OWL RL closure of ontology plus vendored imports is consistent, and the axioms smpgraph relies on
(property chain, inverses, SKOS transitivity) give the expected inferences."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from smpgraph.namespaces import SMP
from tests.ontology._support import copy_graph, owlrl_closure, owlrl_errors

EX = "http://example.org/"
EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def test_closure_has_no_errors(closed_ontology: Graph):
    assert owlrl_errors(closed_ontology) == []


def test_closure_has_no_unsatisfiable_members(closed_ontology: Graph):
    assert list(closed_ontology.subjects(RDF.type, OWL.Nothing)) == []


def test_closure_has_no_same_as_different_from_clash(closed_ontology: Graph):
    clashes = [
        (s, o)
        for s, o in closed_ontology.subject_objects(OWL.sameAs)
        if s != o and (s, OWL.differentFrom, o) in closed_ontology
    ]
    assert clashes == []


def test_closure_detects_an_inconsistency(full_ontology: Graph):
    """The consistency check is real: a concept that is also a concept scheme (disjoint in SKOS) fails."""
    graph = copy_graph(full_ontology)
    graph.add((SMP.Draft, RDF.type, SKOS.ConceptScheme))
    assert owlrl_errors(owlrl_closure(graph)) != []


@pytest.fixture(scope="module")
def reasoned_partnership(full_ontology: Graph) -> Graph:
    graph = copy_graph(full_ontology)
    graph.parse(
        data=f"""
        @prefix org: <http://www.w3.org/ns/org#> .
        @prefix smp: <https://w3id.org/smpgraph/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <{EX}p> a smp:SkillsMobilityPartnership ; smp:hasMembership <{EX}m1> , <{EX}m2> .
        <{EX}m1> a org:Membership ; org:organization <{EX}p> ; org:member <{EX}enabel> ; org:role smp:ImplementerRole .
        <{EX}m2> a org:Membership ; org:organization <{EX}p> ; org:member <{EX}mar> ; org:role smp:OriginStateRole .
        <{EX}enabel> a smp:DevelopmentAgency .
        <{EX}mar> a smp:Country .
        <{EX}committee> a smp:JointCommittee ; org:hasMember <{EX}enabel> .
        <{EX}c2221> skos:broader <{EX}c222> . <{EX}c222> skos:broader <{EX}c22> .
        """,
        format="turtle",
    )
    return owlrl_closure(graph)


def test_has_stakeholder_is_derived_by_the_property_chain(reasoned_partnership: Graph):
    p = URIRef(f"{EX}p")
    assert set(reasoned_partnership.objects(p, SMP.hasStakeholder)) == {URIRef(f"{EX}enabel"), URIRef(f"{EX}mar")}
    assert (URIRef(f"{EX}mar"), SMP.stakeholderIn, p) in reasoned_partnership


def test_memberships_do_not_make_stakeholders_partnerships(reasoned_partnership: Graph):
    """Guards the deliberate omission of ORG's smp:hasMembership owl:inverseOf org:member."""
    assert (URIRef(f"{EX}enabel"), RDF.type, SMP.Partnership) not in reasoned_partnership
    assert (URIRef(f"{EX}p"), SMP.hasStakeholder, URIRef(f"{EX}p")) not in reasoned_partnership


def test_class_hierarchy_and_org_inverse(reasoned_partnership: Graph):
    org = "http://www.w3.org/ns/org#"
    p, enabel = URIRef(f"{EX}p"), URIRef(f"{EX}enabel")
    assert (p, RDF.type, URIRef(org + "OrganizationalCollaboration")) in reasoned_partnership
    assert (enabel, RDF.type, SMP.Stakeholder) in reasoned_partnership
    assert (enabel, URIRef(org + "memberOf"), URIRef(f"{EX}committee")) in reasoned_partnership
    assert (SMP.ImplementerRole, RDF.type, URIRef(org + "Role")) in reasoned_partnership


def test_skos_broader_transitive_but_broader_not(reasoned_partnership: Graph):
    leaf, top = URIRef(f"{EX}c2221"), URIRef(f"{EX}c22")
    assert (leaf, SKOS.broaderTransitive, top) in reasoned_partnership
    assert (leaf, SKOS.broader, top) not in reasoned_partnership
    assert (top, SKOS.narrowerTransitive, leaf) in reasoned_partnership


@pytest.mark.slow
def test_closure_with_examples_is_consistent(full_ontology: Graph):
    files = sorted(EXAMPLES.glob("*.ttl"))
    if not files:
        pytest.skip("no example partnerships yet in data/examples/")
    graph = copy_graph(full_ontology)
    for path in files:
        graph.parse(path, format="turtle")
    closed = owlrl_closure(graph)
    assert owlrl_errors(closed) == []
    assert list(closed.subjects(RDF.type, OWL.Nothing)) == []
