"""Readiness of an agreement on each component and prerequisite (issue 4, item 3; issue 9, item 3).

The scale is that of IOM's Migration Governance Indicators. From the shapes: a concept is **absent** when
one of its presence shapes (``smp:presenceCheck true``) reports the agreement, **complete** when none of
its shapes reports anything about the agreement or the nodes it describes, and **partial** otherwise. In
the open world of a real agreement described from sources (:mod:`smpgraph.validation.world`), a presence
shape that only finds the sources silent makes the concept **not recorded**, never absent; a concept that
is there but with details the sources do not give is partial.

From coded provisions (``smp:ProvisionAssessment`` nodes, e.g. the 570 coded bilateral labour agreements;
see docs/decisions/0007-validation-semantics.md): for each concept that at least one codebook item of the
agreement maps to, **absent** when every such item is coded absent, **complete** when every such item is
coded present, **partial** when some are; a concept no coded item maps to is **not assessed**, never absent.
The coding decides for the concepts it assesses; the shapes decide for the others.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import IdentifiedNode, Node

from smpgraph.namespaces import SMP
from smpgraph.validation.report import AgreementReport, ConceptKind, Readiness, ReadinessItem, ValidationResult
from smpgraph.validation.shapes import CONCEPTS, ShapesCatalog

__all__ = [
    "ASSESSMENT_QUERY",
    "CodedItem",
    "ReadinessShare",
    "assess_readiness",
    "coded_absent",
    "coded_items_from_rows",
    "coded_items_in_graph",
    "coded_readiness",
    "readiness_shares",
]

_CONCEPT_IRIS: Final = frozenset(concept.iri for concept in CONCEPTS)

#: the coded provisions of every agreement in a store, one row per (assessment, concept or provision class it
#: names): the concepts give readiness, the provision classes say which good practice the coding rules out
ASSESSMENT_QUERY: Final = """PREFIX smp: <https://w3id.org/smpgraph/ontology#>
SELECT DISTINCT ?agreement ?concept ?item ?present WHERE {
  ?assessment a smp:ProvisionAssessment ;
      smp:assessedAgreement ?agreement ;
      smp:codebookItem ?item ;
      smp:codedPresent ?present .
  OPTIONAL { ?assessment smp:assessedProvision ?concept . FILTER (isIRI(?concept)) }
}"""


@dataclass(frozen=True, slots=True, order=True)
class CodedItem:
    """One coded codebook item of one agreement, for one concept it maps to.

    Attributes:
        concept: the component, prerequisite or principle (or the provision class, e.g.
            ``smp:ComplaintMechanism``) the item maps to, or None (an item that maps to none still makes the
            agreement coded).
        item: the codebook number, e.g. ``"(18)"``.
        present: coded 1 (True) or coded 0 (False).
    """

    concept: URIRef | None
    item: str
    present: bool


def coded_items_in_graph(graph: Graph) -> dict[IdentifiedNode, set[CodedItem]]:
    """The coded items of every agreement that ``graph`` holds assessments for (drafts, extracted subgraphs)."""
    found: dict[IdentifiedNode, set[CodedItem]] = defaultdict(set)
    for assessment in graph.subjects(RDF.type, SMP.ProvisionAssessment):
        agreement = graph.value(assessment, SMP.assessedAgreement)
        item = graph.value(assessment, SMP.codebookItem)
        flag = graph.value(assessment, SMP.codedPresent)
        if not isinstance(agreement, IdentifiedNode) or item is None or not isinstance(flag, Literal):
            continue
        concepts: list[URIRef | None] = [
            c for c in graph.objects(assessment, SMP.assessedProvision) if isinstance(c, URIRef)
        ]
        for concept in concepts or [None]:
            found[agreement].add(CodedItem(concept, str(item), _true(flag)))
    return dict(found)


def coded_items_from_rows(rows: Iterable[Sequence[Node | None]]) -> dict[IdentifiedNode, set[CodedItem]]:
    """The coded items per agreement from the rows of :data:`ASSESSMENT_QUERY`."""
    found: dict[IdentifiedNode, set[CodedItem]] = defaultdict(set)
    for agreement, concept, item, flag in rows:
        if isinstance(agreement, IdentifiedNode) and item is not None and isinstance(flag, Literal):
            found[agreement].add(CodedItem(concept if isinstance(concept, URIRef) else None, str(item), _true(flag)))
    return dict(found)


def _true(flag: Literal) -> bool:
    return flag.toPython() is True


def coded_readiness(items: Iterable[CodedItem]) -> dict[URIRef, Readiness]:
    """The readiness of each concept the coded items assess (the rule in the module docstring)."""
    by_concept: dict[URIRef, list[bool]] = defaultdict(list)
    for entry in items:
        if entry.concept is not None and entry.concept in _CONCEPT_IRIS:
            by_concept[entry.concept].append(entry.present)
    levels: dict[URIRef, Readiness] = {}
    for concept, flags in by_concept.items():
        if all(flags):
            levels[concept] = Readiness.COMPLETE
        elif any(flags):
            levels[concept] = Readiness.PARTIAL
        else:
            levels[concept] = Readiness.ABSENT
    return levels


def coded_absent(items: Iterable[CodedItem]) -> frozenset[URIRef]:
    """The concepts and provision classes that every coded item mapping to them codes absent (0).

    In the open world of a real agreement these are the absences a source states: a shape that finds one
    of them missing reports a gap backed by the coding, not silence (:mod:`smpgraph.validation.world`).
    """
    flags: dict[URIRef, list[bool]] = defaultdict(list)
    for entry in items:
        if entry.concept is not None:
            flags[entry.concept].append(entry.present)
    return frozenset(concept for concept, values in flags.items() if not any(values))


def assess_readiness(
    results: Sequence[ValidationResult],
    catalog: ShapesCatalog,
    classes: Iterable[Node],
    *,
    lang: str = "en",
    coded: Mapping[URIRef, Readiness] | None = None,
) -> tuple[ReadinessItem, ...]:
    """The readiness items of one agreement.

    Args:
        results: the results that belong to the agreement.
        catalog: the shapes, with what each assesses and which are presence checks.
        classes: the agreement's classes, superclasses included (they decide which concepts the shapes
            assess: those with a presence shape targeting one of them).
        lang: the language of the concept labels.
        coded: for a coded agreement, the readiness its coding gives (:func:`coded_readiness`); then every
            concept gets an item, ``not assessed`` where neither the coding nor a presence shape assesses it.

    Returns:
        One item per applicable concept (every concept for a coded agreement), in the paper's order.
    """
    by_concept: dict[URIRef, list[ValidationResult]] = defaultdict(list)
    for result in results:
        if result.concept is not None:
            by_concept[result.concept].append(result)
    applicable = {concept.iri for concept in catalog.applicable_concepts(classes)}
    concepts = catalog.concepts.values() if coded is not None else catalog.applicable_concepts(classes)
    items = []
    for concept in concepts:
        own = by_concept.get(concept.iri, [])
        if coded is not None and concept.iri in coded:
            readiness = coded[concept.iri]
        elif concept.iri in applicable:
            missing = [
                result
                for result in own
                if (shape := catalog.shapes.get(result.source_shape)) is not None and shape.presence  # type: ignore[call-overload]
            ]
            if any(not result.not_recorded for result in missing):
                readiness = Readiness.ABSENT
            elif missing:
                readiness = Readiness.NOT_RECORDED
            else:
                readiness = Readiness.PARTIAL if own else Readiness.COMPLETE
        else:
            readiness = Readiness.NOT_ASSESSED
        items.append(
            ReadinessItem(
                concept=concept.iri,
                label=concept.label(lang),
                kind=concept.kind,
                readiness=readiness,
                findings=len(own),
                source=concept.source,
            )
        )
    return tuple(items)


@dataclass(frozen=True, slots=True)
class ReadinessShare:
    """How many coded agreements provide one concept (issue 9, item 3).

    Attributes:
        concept: the component, prerequisite or principle.
        label: its name.
        kind: component, prerequisite or principle.
        total: the coded agreements (the denominator: 570 for the BLA dataset).
        complete: agreements where it is complete.
        partial: agreements where it is partial.
        absent: agreements where it is coded absent.
        not_assessed: agreements where nothing coded assesses it.
    """

    concept: URIRef
    label: str
    kind: ConceptKind
    total: int
    complete: int
    partial: int
    absent: int
    not_assessed: int

    @property
    def provide(self) -> int:
        """Agreements that provide it: partial or complete."""
        return self.complete + self.partial

    @property
    def share(self) -> Fraction:
        """``provide / total`` exactly (0 when nothing is coded)."""
        return Fraction(self.provide, self.total) if self.total else Fraction(0)


def readiness_shares(agreements: Iterable[AgreementReport]) -> list[ReadinessShare]:
    """The table "share of agreements that provide X" over the coded agreements, one row per concept.

    Args:
        agreements: agreement reports; only the coded ones (``coded`` True) count.

    Returns:
        One row per concept, in the paper's order (empty when no agreement is coded).
    """
    coded = [item for item in agreements if item.coded]
    if not coded:
        return []
    counts: dict[URIRef, dict[Readiness, int]] = {c.iri: dict.fromkeys(Readiness, 0) for c in CONCEPTS}
    labels: dict[URIRef, str] = {}
    for item in coded:
        levels = {entry.concept: entry for entry in item.readiness}
        for concept in CONCEPTS:
            entry = levels.get(concept.iri)
            counts[concept.iri][entry.readiness if entry is not None else Readiness.NOT_ASSESSED] += 1
            if entry is not None:
                labels.setdefault(concept.iri, entry.label)
    return [
        ReadinessShare(
            concept=concept.iri,
            label=labels.get(concept.iri, concept.label("en")),
            kind=concept.kind,
            total=len(coded),
            complete=counts[concept.iri][Readiness.COMPLETE],
            partial=counts[concept.iri][Readiness.PARTIAL],
            absent=counts[concept.iri][Readiness.ABSENT],
            not_assessed=counts[concept.iri][Readiness.NOT_ASSESSED],
        )
        for concept in CONCEPTS
    ]
