"""compute_inferences on small hand-made ontologies, with both engines (issue 2, item 3)."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.namespace import ORG, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from smpgraph.namespaces import SMP
from smpgraph.reasoning import DEFAULT_ENGINE, Inferences, ReasoningEngine, compute_inferences

EX = Namespace("http://example.org/")

PREFIXES = """
@prefix smp: <https://w3id.org/smpgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""

# the axioms of SKOS and ORG that matter here, as the vendored vocabularies state them
SKOS_AXIOMS = """
skos:broaderTransitive a owl:ObjectProperty, owl:TransitiveProperty .
skos:broader a owl:ObjectProperty ; rdfs:subPropertyOf skos:broaderTransitive ; owl:inverseOf skos:narrower .
"""
ORG_AXIOMS = """
smp:hasMembership a owl:ObjectProperty ; rdfs:range org:Membership .
org:member a owl:ObjectProperty ; rdfs:domain org:Membership .
"""
SMP_AXIOMS = """
smp:SkillsMobilityPartnership a owl:Class ; rdfs:subClassOf smp:Partnership .
smp:Partnership a owl:Class ; rdfs:subClassOf org:OrganizationalCollaboration .
smp:hasStakeholder a owl:ObjectProperty ; rdfs:domain smp:Partnership ; rdfs:range smp:Stakeholder ;
    owl:propertyChainAxiom ( smp:hasMembership org:member ) .
smp:stakeholderIn a owl:ObjectProperty ; owl:inverseOf smp:hasStakeholder .
smp:count a owl:DatatypeProperty ; rdfs:domain smp:ParticipantCount ; rdfs:range xsd:integer .
"""

ENGINES = pytest.mark.parametrize("engine", list(ReasoningEngine), ids=lambda engine: engine.value)


def parse(*turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + "\n".join(turtle), format="turtle")


def infer(engine: ReasoningEngine, *turtle: str) -> Graph:
    return compute_inferences(parse(*turtle), engine=engine).graph


@ENGINES
def test_compute_inferences_follows_subclasses(engine: ReasoningEngine) -> None:
    inferred = infer(engine, SMP_AXIOMS, "ex:palim a smp:SkillsMobilityPartnership .")
    assert (EX.palim, RDF.type, SMP.Partnership) in inferred
    assert (EX.palim, RDF.type, ORG.OrganizationalCollaboration) in inferred
    assert (SMP.SkillsMobilityPartnership, RDFS.subClassOf, SMP.SkillsMobilityPartnership) not in inferred


@ENGINES
def test_compute_inferences_applies_inverses(engine: ReasoningEngine) -> None:
    inferred = infer(engine, SMP_AXIOMS, "ex:palim smp:hasStakeholder ex:enabel .")
    assert (EX.enabel, SMP.stakeholderIn, EX.palim) in inferred


@ENGINES
def test_compute_inferences_makes_broader_transitive_only(engine: ReasoningEngine) -> None:
    inferred = infer(engine, SKOS_AXIOMS, "ex:a skos:broader ex:b . ex:b skos:broader ex:c . ex:c skos:broader ex:d .")
    assert (EX.a, SKOS.broaderTransitive, EX.d) in inferred
    assert (EX.b, SKOS.broaderTransitive, EX.d) in inferred
    assert (EX.a, SKOS.broaderTransitive, EX.b) in inferred
    assert (EX.d, SKOS.narrower, EX.c) in inferred
    assert not set(inferred.triples((None, SKOS.broader, None))), "skos:broader must stay the direct link"


@ENGINES
def test_compute_inferences_applies_property_chain(engine: ReasoningEngine) -> None:
    inferred = infer(
        engine,
        SMP_AXIOMS,
        ORG_AXIOMS,
        """ex:palim smp:hasMembership ex:m1, ex:m2 .
           ex:m1 org:member ex:enabel .
           ex:m2 org:member ex:anapec .
           ex:other smp:hasMembership [ org:member ex:anapec ] .""",
    )
    for stakeholder in (EX.enabel, EX.anapec):
        assert (EX.palim, SMP.hasStakeholder, stakeholder) in inferred
        assert (stakeholder, SMP.stakeholderIn, EX.palim) in inferred
        assert (stakeholder, RDF.type, SMP.Stakeholder) in inferred
    assert (EX.other, SMP.hasStakeholder, EX.anapec) in inferred
    assert (EX.palim, RDF.type, SMP.Partnership) in inferred  # domain of the chained property
    assert (EX.m1, RDF.type, ORG.Membership) in inferred


@ENGINES
def test_compute_inferences_applies_chain_on_chained_results(engine: ReasoningEngine) -> None:
    # a chain whose input is itself produced by a chain: reasonable needs a second round
    inferred = infer(
        engine,
        "ex:grandparent owl:propertyChainAxiom ( ex:parent ex:parent ) .",
        "ex:ancestor4 owl:propertyChainAxiom ( ex:grandparent ex:grandparent ) .",
        "ex:a ex:parent ex:b . ex:b ex:parent ex:c . ex:c ex:parent ex:d . ex:d ex:parent ex:e .",
    )
    assert (EX.a, EX.grandparent, EX.c) in inferred
    assert (EX.a, EX.ancestor4, EX.e) in inferred


@ENGINES
def test_compute_inferences_applies_domain_and_range(engine: ReasoningEngine) -> None:
    inferred = infer(engine, SMP_AXIOMS, "ex:palim smp:hasStakeholder ex:enabel . ex:c1 smp:count 12 .")
    assert (EX.palim, RDF.type, SMP.Partnership) in inferred
    assert (EX.enabel, RDF.type, SMP.Stakeholder) in inferred
    assert (EX.c1, RDF.type, SMP.ParticipantCount) in inferred


@ENGINES
def test_compute_inferences_guards_same_as(engine: ReasoningEngine) -> None:
    inferred = infer(
        engine,
        "ex:morocco owl:sameAs ex:q1028 . ex:q1028 ex:capital ex:rabat . ex:enabel ex:label 'Enabel'@en .",
    )
    assert (EX.morocco, EX.capital, EX.rabat) in inferred
    assert (EX.q1028, OWL.sameAs, EX.morocco) in inferred
    assert not [(s, o) for s, o in inferred.subject_objects(OWL.sameAs) if s == o]


@ENGINES
def test_compute_inferences_filters_residue(engine: ReasoningEngine) -> None:
    inferred = infer(
        engine, SMP_AXIOMS, ORG_AXIOMS, "ex:c1 smp:count 12 ; ex:note 'x'@en . ex:palim smp:hasMembership [] ."
    )
    axiomatic = (str(RDF), str(RDFS), str(OWL), str(XSD))
    for subject, predicate, obj in inferred:
        assert not isinstance(subject, Literal)
        assert not str(subject).startswith(axiomatic)
        assert not (predicate == RDF.type and obj == OWL.Thing)
    assert (XSD.string, RDF.type, RDFS.Datatype) not in inferred


def test_compute_inferences_drops_blank_nodes_the_reasoner_made() -> None:
    # owlrl records an inconsistency as a new blank node carrying the message: it is not an inference
    inferred = infer(ReasoningEngine.OWLRL, "ex:A owl:disjointWith ex:B . ex:x a ex:A, ex:B .")
    assert not [term for triple in inferred for term in triple if isinstance(term, BNode)]


@ENGINES
def test_compute_inferences_keeps_input_blank_nodes(engine: ReasoningEngine) -> None:
    graph = parse(SMP_AXIOMS, ORG_AXIOMS, "ex:palim smp:hasMembership [ org:member ex:enabel ] .")
    membership: Node = next(graph.objects(EX.palim, SMP.hasMembership))
    inferred = compute_inferences(graph, engine=engine).graph
    assert (membership, RDF.type, ORG.Membership) in inferred


@ENGINES
def test_compute_inferences_returns_only_new_triples_and_leaves_input_alone(engine: ReasoningEngine) -> None:
    graph = parse(SMP_AXIOMS, "ex:palim a smp:SkillsMobilityPartnership ; smp:hasStakeholder ex:enabel .")
    before = set(graph)
    result = compute_inferences(graph, engine=engine)
    assert set(graph) == before
    assert isinstance(result, Inferences)
    assert result.engine is engine
    assert result.asserted_count == len(before)
    assert result.seconds >= 0
    assert result.inferred_count == len(result.graph) > 0
    assert not set(result.graph) & before


@pytest.mark.parametrize(
    "turtle",
    [
        SMP_AXIOMS + ORG_AXIOMS + "ex:p a smp:SkillsMobilityPartnership ; smp:hasMembership [ org:member ex:o ] .",
        SKOS_AXIOMS + "ex:a skos:broader ex:b . ex:b skos:broader ex:c . ex:x owl:sameAs ex:y . ex:y ex:q ex:a .",
        "ex:p a owl:SymmetricProperty . ex:a ex:p ex:b . ex:f a owl:FunctionalProperty . ex:a ex:f ex:c, ex:d .",
        "ex:C owl:equivalentClass ex:D . ex:x a ex:C . ex:D rdfs:subClassOf [ a owl:Restriction ;"
        " owl:onProperty ex:r ; owl:hasValue ex:v ] .",
    ],
    ids=["smp", "skos-sameas", "symmetric-functional", "equivalent-hasvalue"],
)
def test_compute_inferences_engines_agree_on_small_ontologies(turtle: str) -> None:
    graph = parse(turtle)
    reference = set(compute_inferences(graph, engine=ReasoningEngine.OWLRL).graph)
    fast = set(compute_inferences(graph, engine=ReasoningEngine.REASONABLE).graph)
    assert fast == reference


def test_default_engine_is_reasonable() -> None:
    # the default is only allowed because tests/reasoning/test_engines_agree.py passes
    assert DEFAULT_ENGINE is ReasoningEngine.REASONABLE
