"""The ontology stays within OWL 2 RL in the ways that are easy to break by hand."""

from __future__ import annotations

from rdflib import BNode, Graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from smpgraph.namespaces import SMP


def test_no_existential_or_union_constructs(own_ontology: Graph):
    forbidden = [OWL.someValuesFrom, OWL.unionOf, OWL.minCardinality, OWL.cardinality, OWL.complementOf]
    assert [p for p in forbidden if (None, p, None) in own_ontology] == []


def test_no_anonymous_superclass_domain_or_range(own_ontology: Graph):
    for predicate in (RDFS.subClassOf, RDFS.domain, RDFS.range):
        assert [s for s, o in own_ontology.subject_objects(predicate) if isinstance(o, BNode)] == []


def test_skos_broader_is_never_made_transitive(full_ontology: Graph):
    assert (SKOS.broader, RDF.type, OWL.TransitiveProperty) not in full_ontology
    assert (SKOS.broaderTransitive, RDF.type, OWL.TransitiveProperty) in full_ontology
    assert (SKOS.broader, RDFS.subPropertyOf, SKOS.broaderTransitive) in full_ontology


def test_concepts_are_typed_with_their_concept_class(own_ontology: Graph):
    for concept in own_ontology.subjects(RDF.type, SKOS.Concept):
        classes = [c for c in own_ontology.objects(concept, RDF.type) if c != SKOS.Concept]
        assert classes, f"{concept} has no concept class"
        for cls in classes:
            assert (cls, RDFS.subClassOf, SKOS.Concept) in own_ontology or cls == SMP.StakeholderRole
        assert (concept, SKOS.inScheme, None) in own_ontology


def test_has_stakeholder_chain_and_inverse(own_ontology: Graph):
    assert (SMP.stakeholderIn, OWL.inverseOf, SMP.hasStakeholder) in own_ontology
    chain = own_ontology.value(SMP.hasStakeholder, OWL.propertyChainAxiom)
    assert chain is not None
    from rdflib.collection import Collection

    assert [str(x) for x in Collection(own_ontology, chain)] == [
        "https://w3id.org/smpgraph/ontology#hasMembership",
        "http://www.w3.org/ns/org#member",
    ]
