"""check_consistency on small inconsistent ontologies, cross-checked against owlrl's own report."""

from __future__ import annotations

import owlrl
import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from smpgraph.reasoning import InconsistencyRule, ReasoningEngine, check_consistency, compute_inferences

EX = Namespace("http://example.org/")
ERROR_MESSAGE = Namespace("http://www.daml.org/2002/03/agents/agent-ont#").ErrorMessage

PREFIXES = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""

CASES = {
    "nothing": ("ex:Ghost rdfs:subClassOf owl:Nothing . ex:casper a ex:Ghost .", InconsistencyRule.CLS_NOTHING2),
    "same-different": ("ex:a owl:sameAs ex:b . ex:b owl:differentFrom ex:a .", InconsistencyRule.EQ_DIFF1),
    "all-different": (
        "[] a owl:AllDifferent ; owl:members ( ex:a ex:b ex:c ) . ex:b owl:sameAs ex:a .",
        InconsistencyRule.EQ_DIFF2,
    ),
    "disjoint-with": (
        "ex:Ministry owl:disjointWith ex:Employer . ex:TVET rdfs:subClassOf ex:Employer ."
        " ex:x a ex:Ministry, ex:TVET .",
        InconsistencyRule.CAX_DW,
    ),
    "all-disjoint-classes": (
        "[] a owl:AllDisjointClasses ; owl:members ( ex:A ex:B ex:C ) . ex:x a ex:A, ex:C .",
        InconsistencyRule.CAX_ADC,
    ),
    "irreflexive": ("ex:employs a owl:IrreflexiveProperty . ex:x ex:employs ex:x .", InconsistencyRule.PRP_IRP),
    "asymmetric": (
        "ex:funds a owl:AsymmetricProperty . ex:x ex:funds ex:y . ex:y ex:funds ex:x .",
        InconsistencyRule.PRP_ASYP,
    ),
    "disjoint-properties": (
        "ex:p owl:propertyDisjointWith ex:q . ex:x ex:p ex:y ; ex:q ex:y .",
        InconsistencyRule.PRP_PDW,
    ),
    "complement": ("ex:A owl:complementOf ex:B . ex:x a ex:A, ex:B .", InconsistencyRule.CLS_COM),
    "negative-assertion": (
        "[] a owl:NegativePropertyAssertion ; owl:sourceIndividual ex:x ; owl:assertionProperty ex:p ;"
        " owl:targetIndividual ex:y . ex:x ex:p ex:y .",
        InconsistencyRule.PRP_NPA1,
    ),
    "max-cardinality-zero": (
        "ex:C owl:equivalentClass [ a owl:Restriction ; owl:onProperty ex:p ; owl:maxCardinality 0 ] ."
        " ex:x a ex:C ; ex:p ex:y .",
        InconsistencyRule.CLS_MAXC1,
    ),
    "ill-typed-literal": ('ex:x ex:count "twelve"^^xsd:integer .', InconsistencyRule.DT_NOT_TYPE),
}


def parse(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


def owlrl_reports_error(graph: Graph) -> bool:
    working = Graph()
    for triple in graph:
        working.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(working)
    return (None, RDF.type, ERROR_MESSAGE) in working


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("engine", list(ReasoningEngine), ids=lambda engine: engine.value)
@pytest.mark.parametrize(("turtle", "rule"), list(CASES.values()), ids=list(CASES))
def test_check_consistency_finds_rule(turtle: str, rule: InconsistencyRule, engine: ReasoningEngine) -> None:
    graph = parse(turtle)
    found = check_consistency(graph, engine=engine)
    assert [item.rule for item in found] == [rule]
    assert found[0].message
    assert owlrl_reports_error(graph), "owlrl, the reference, must see the same inconsistency"


def test_check_consistency_names_the_individual_and_classes() -> None:
    found = check_consistency(parse(CASES["disjoint-with"][0]))
    assert found[0].focus == EX.x
    assert found[0].terms == (EX.Ministry, EX.Employer)
    assert str(EX.x) in found[0].message


@pytest.mark.parametrize("engine", list(ReasoningEngine), ids=lambda engine: engine.value)
def test_check_consistency_returns_nothing_for_consistent_graph(engine: ReasoningEngine) -> None:
    graph = parse(
        "ex:Ministry owl:disjointWith ex:Employer . ex:x a ex:Ministry . ex:y a ex:Employer ."
        " ex:a owl:sameAs ex:b . ex:a owl:differentFrom ex:c . ex:x ex:count 12 ."
    )
    assert check_consistency(graph, engine=engine) == []
    assert not owlrl_reports_error(graph)


def test_check_consistency_reuses_given_inferences() -> None:
    graph = parse(CASES["disjoint-with"][0])
    inferences = compute_inferences(graph, engine=ReasoningEngine.OWLRL)
    assert [item.rule for item in check_consistency(graph, inferences=inferences)] == [InconsistencyRule.CAX_DW]


def test_check_consistency_sees_last_member_of_all_different() -> None:
    # owlrl 7.6 skips the last list member in eq-diff2 (range(i + 1, len(zis) - 1)); the rule has no such limit
    graph = parse("[] a owl:AllDifferent ; owl:distinctMembers ( ex:a ex:b ex:c ) . ex:c owl:sameAs ex:a .")
    found = check_consistency(graph)
    assert [(item.rule, {item.focus, item.terms[0]}) for item in found] == [(InconsistencyRule.EQ_DIFF2, {EX.a, EX.c})]
