"""Inconsistencies of ontology + data under OWL 2 RL: the rules whose conclusion is ``false``.

The checks are the consistency rules of `OWL 2 Profiles, section 4.3
<https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules>`_ that owlrl reports
(``cls-nothing2``, ``eq-diff1..3``, ``prp-irp``, ``prp-asyp``, ``prp-pdw``, ``prp-adp``, ``prp-npa1..2``,
``cls-com``, ``cls-maxc1``, ``cls-maxqc1..2``, ``cax-dw``, ``cax-adc``, ``dt-not-type``). They run over the
asserted triples plus the closure of either engine, so the result does not depend on the engine (reasonable
only logs some of them, and owlrl reports them as free text). An inconsistency is an outcome: it is
returned, never raised.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from smpgraph.reasoning.closure import DEFAULT_ENGINE, Inferences, ReasoningEngine, compute_inferences


class InconsistencyRule(enum.Enum):
    """The OWL 2 RL rule that found an inconsistency (its name in the specification)."""

    CLS_NOTHING2 = "cls-nothing2"
    EQ_DIFF1 = "eq-diff1"
    EQ_DIFF2 = "eq-diff2"
    PRP_IRP = "prp-irp"
    PRP_ASYP = "prp-asyp"
    PRP_PDW = "prp-pdw"
    PRP_ADP = "prp-adp"
    PRP_NPA1 = "prp-npa1"
    PRP_NPA2 = "prp-npa2"
    CLS_COM = "cls-com"
    CLS_MAXC1 = "cls-maxc1"
    CLS_MAXQC1 = "cls-maxqc1"
    CAX_DW = "cax-dw"
    CAX_ADC = "cax-adc"
    DT_NOT_TYPE = "dt-not-type"


@dataclass(frozen=True, slots=True, order=True)
class Inconsistency:
    """One violation of an OWL 2 RL consistency rule.

    Attributes:
        rule: the rule violated.
        focus: the individual (or literal, for ``dt-not-type``) at fault.
        terms: the other resources involved, in the rule's order (classes, properties, individuals).
        message: a sentence for a data steward, naming the IRIs.
    """

    rule: InconsistencyRule
    focus: Node
    terms: tuple[Node, ...]
    message: str


def check_consistency(
    graph: Graph, *, engine: ReasoningEngine = DEFAULT_ENGINE, inferences: Inferences | None = None
) -> list[Inconsistency]:
    """List the inconsistencies of ``graph`` (ontology + data) under OWL 2 RL.

    Args:
        graph: ontology and data, asserted; not modified.
        engine: the engine that computes the closure, when ``inferences`` is not given.
        inferences: a closure already computed for ``graph``, to reuse.

    Returns:
        The inconsistencies, sorted and without duplicates; empty if the graph is consistent.

    Raises:
        ReasoningError: the engine failed.

    Examples:
        >>> from rdflib import Graph
        >>> g = Graph().parse(format="turtle", data='''
        ...     @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix ex: <http://example.org/> .
        ...     ex:Person owl:disjointWith ex:Organisation . ex:acme a ex:Person, ex:Organisation .''')
        >>> [(i.rule.value, str(i.focus)) for i in check_consistency(g)]
        [('cax-dw', 'http://example.org/acme')]
    """
    if inferences is None:
        inferences = compute_inferences(graph, engine=engine)
    combined = Graph()
    for triple in graph:
        combined.add(triple)
    for triple in inferences.graph:
        combined.add(triple)
    found = {
        *_nothing(combined),
        *_different(combined, graph),
        *_property_rules(combined, graph),
        *_negative_assertions(combined),
        *_class_rules(combined, graph),
        *_cardinality(combined),
        *_ill_typed(graph),
    }
    return sorted(found, key=lambda item: (item.rule.value, str(item.focus), tuple(map(str, item.terms))))


def _members(graph: Graph, node: Node) -> list[Node]:
    # read from the asserted graph: eq-rep-o may give an inferred list node several rdf:first
    members: list[Node] = []
    for predicate in (OWL.members, OWL.distinctMembers):
        for head in graph.objects(node, predicate):
            members.extend(Collection(graph, head))
    return members


def _same(graph: Graph, left: Node, right: Node) -> bool:
    return left == right or (left, OWL.sameAs, right) in graph or (right, OWL.sameAs, left) in graph


def _nothing(graph: Graph) -> Iterator[Inconsistency]:
    for individual in graph.subjects(RDF.type, OWL.Nothing):
        yield Inconsistency(
            InconsistencyRule.CLS_NOTHING2, individual, (OWL.Nothing,), f"{individual} is a member of owl:Nothing"
        )


def _different(graph: Graph, asserted: Graph) -> Iterator[Inconsistency]:
    # every inferred owl:differentFrom is an asserted one rewritten by eq-rep-*: checking those suffices
    for left, _, right in asserted.triples((None, OWL.differentFrom, None)):
        if _same(graph, left, right):
            yield Inconsistency(
                InconsistencyRule.EQ_DIFF1,
                left,
                (right,),
                f"{left} and {right} are both owl:sameAs and owl:differentFrom",
            )
    for group in graph.subjects(RDF.type, OWL.AllDifferent):
        for left, right in itertools.combinations(_members(asserted, group), 2):
            if _same(graph, left, right):
                yield Inconsistency(
                    InconsistencyRule.EQ_DIFF2,
                    left,
                    (right, group),
                    f"{left} and {right} are owl:sameAs but listed in owl:AllDifferent {group}",
                )


def _property_rules(graph: Graph, asserted: Graph) -> Iterator[Inconsistency]:
    for prop in graph.subjects(RDF.type, OWL.IrreflexiveProperty):
        for subject, obj in graph.subject_objects(prop):
            if subject == obj:
                yield Inconsistency(
                    InconsistencyRule.PRP_IRP,
                    subject,
                    (prop,),
                    f"{subject} is related to itself by the irreflexive property {prop}",
                )
    for prop in graph.subjects(RDF.type, OWL.AsymmetricProperty):
        for subject, obj in graph.subject_objects(prop):
            if str(subject) <= str(obj) and (obj, prop, subject) in graph:  # each pair once
                yield Inconsistency(
                    InconsistencyRule.PRP_ASYP,
                    subject,
                    (prop, obj),
                    f"{subject} and {obj} are related both ways by the asymmetric property {prop}",
                )
    pairs: list[tuple[Node, Node, InconsistencyRule]] = [
        (first, second, InconsistencyRule.PRP_PDW) for first, second in graph.subject_objects(OWL.propertyDisjointWith)
    ]
    for group in graph.subjects(RDF.type, OWL.AllDisjointProperties):
        pairs.extend(
            (first, second, InconsistencyRule.PRP_ADP)
            for first, second in itertools.combinations(_members(asserted, group), 2)
        )
    for first, second, rule in pairs:
        for subject, obj in graph.subject_objects(first):
            if (subject, second, obj) in graph:
                yield Inconsistency(
                    rule,
                    subject,
                    (first, second, obj),
                    f"{subject} is related to {obj} by the disjoint properties {first} and {second}",
                )


def _negative_assertions(graph: Graph) -> Iterator[Inconsistency]:
    for assertion in graph.subjects(RDF.type, OWL.NegativePropertyAssertion):
        source = graph.value(assertion, OWL.sourceIndividual)
        prop = graph.value(assertion, OWL.assertionProperty)
        if source is None or prop is None:
            continue
        for rule, target_property in (
            (InconsistencyRule.PRP_NPA1, OWL.targetIndividual),
            (InconsistencyRule.PRP_NPA2, OWL.targetValue),
        ):
            for target in graph.objects(assertion, target_property):
                if (source, prop, target) in graph:
                    yield Inconsistency(
                        rule,
                        source,
                        (prop, target),
                        f"{source} {prop} {target} contradicts a negative property assertion",
                    )


def _class_rules(graph: Graph, asserted: Graph) -> Iterator[Inconsistency]:
    pairs: list[tuple[Node, Node, InconsistencyRule]] = [
        (first, second, InconsistencyRule.CAX_DW) for first, second in graph.subject_objects(OWL.disjointWith)
    ]
    pairs.extend(
        (first, second, InconsistencyRule.CLS_COM) for first, second in graph.subject_objects(OWL.complementOf)
    )
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        pairs.extend(
            (first, second, InconsistencyRule.CAX_ADC)
            for first, second in itertools.combinations(_members(asserted, group), 2)
        )
    for first, second, rule in pairs:
        for individual in graph.subjects(RDF.type, first):
            if (individual, RDF.type, second) in graph:
                yield Inconsistency(
                    rule,
                    individual,
                    (first, second),
                    f"{individual} is a member of the disjoint classes {first} and {second}",
                )


def _cardinality(graph: Graph) -> Iterator[Inconsistency]:
    for predicate, rule in (
        (OWL.maxCardinality, InconsistencyRule.CLS_MAXC1),
        (OWL.maxQualifiedCardinality, InconsistencyRule.CLS_MAXQC1),
    ):
        for restriction, bound in graph.subject_objects(predicate):
            if not isinstance(bound, Literal) or bound.value != 0:
                continue
            prop = graph.value(restriction, OWL.onProperty)
            on_class = graph.value(restriction, OWL.onClass)
            if prop is None:
                continue
            for individual in graph.subjects(RDF.type, restriction):
                for value in graph.objects(individual, prop):
                    if on_class is None or on_class == OWL.Thing or (value, RDF.type, on_class) in graph:
                        yield Inconsistency(
                            rule,
                            individual,
                            (prop, value),
                            f"{individual} has a value {value} for {prop}, which allows none",
                        )


def _ill_typed(graph: Graph) -> Iterator[Inconsistency]:
    for subject, prop, obj in graph:
        if isinstance(obj, Literal) and obj.ill_typed:
            yield Inconsistency(
                InconsistencyRule.DT_NOT_TYPE,
                obj,
                (subject, prop),
                f"{subject} {prop} has the literal {obj.n3()}, not valid for its datatype",
            )
