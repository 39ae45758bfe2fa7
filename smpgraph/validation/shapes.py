"""The shapes graph, its catalogue of shapes and concepts, and the ontology context validation needs.

Everything here is loaded once per process and cached: the shapes in ``shapes/*.ttl`` (the meta-shapes in
``shapes/meta/`` are not part of validation), what each shape assesses (``smp:assesses``), and the slice of
the ontology closure a draft is validated with (types and the class hierarchy). See issue 4, items 1 and 2.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from smpgraph.domain import LANGUAGES as LANGUAGES
from smpgraph.errors import ResourceNotFoundError, ShapesGraphError
from smpgraph.namespaces import IOM_PAPER, SMP
from smpgraph.resources import resource_dir
from smpgraph.validation.report import ConceptKind, FindingCategory, Severity

__all__ = [
    "CONCEPTS",
    "ConceptInfo",
    "ShapeInfo",
    "ShapesCatalog",
    "load_catalog",
    "ontology_context",
    "ontology_slice",
    "reference_graph",
    "subclass_pairs",
    "subclasses_of",
    "superclasses",
]

logger = logging.getLogger(__name__)

#: the shapes file whose shapes are about the quality of a description (every other file holds policy shapes)
DATA_QUALITY_FILE: Final = "data-quality.ttl"

#: the ontology triples a draft is validated with: typing and the class hierarchy (what sh:class and the
#: SPARQL constraints' ``rdf:type/rdfs:subClassOf*`` read); labels and definitions are not needed
_CONTEXT_PREDICATES: Final = frozenset({RDF.type, RDFS.subClassOf})


@dataclass(frozen=True, slots=True)
class ConceptInfo:
    """A component, principle or prerequisite of the IOM paper.

    Attributes:
        iri: the concept (e.g. ``smp:Training``).
        kind: component, principle or prerequisite.
        labels: its name by language.
        source: the paragraph that defines it.
    """

    iri: URIRef
    kind: ConceptKind
    labels: Mapping[str, str]
    source: URIRef

    def label(self, lang: str) -> str:
        """Its name in ``lang``, else in English."""
        return self.labels.get(lang) or self.labels["en"]


def _concept(name: str, kind: ConceptKind, para: int, en: str, fr: str, es: str) -> ConceptInfo:
    return ConceptInfo(SMP[name], kind, {"en": en, "fr": fr, "es": es}, IOM_PAPER[f"para-{para}"])


_C, _P = ConceptKind.COMPONENT, ConceptKind.PREREQUISITE
#: the concepts readiness is reported on, in the paper's order (para 7, then paras 22-30)
CONCEPTS: Final[tuple[ConceptInfo, ...]] = (
    _concept("FormalisedStateCooperation", _C, 7, "Formalised State cooperation",
             "Coopération formalisée entre États", "Cooperación formalizada entre Estados"),
    _concept("MultiStakeholderInvolvement", _C, 7, "Multi-stakeholder involvement",
             "Participation de multiples parties prenantes", "Participación de múltiples partes interesadas"),
    _concept("Training", _C, 7, "Training", "Formation", "Formación"),
    _concept("SkillsRecognition", _C, 7, "Skills recognition", "Reconnaissance des compétences",
             "Reconocimiento de competencias"),
    _concept("MigrationMobility", _C, 7, "Migration / mobility", "Migration / mobilité", "Migración / movilidad"),
    _concept("MigrantWellBeing", ConceptKind.PRINCIPLE, 7, "Migrant well-being", "Bien-être des migrants",
             "Bienestar de los migrantes"),
    _concept("GenderConsideration", _P, 22, "Gender", "Genre", "Género"),
    _concept("LongTermPlanning", _P, 23, "Long- and mid-term planning", "Planification à long et moyen terme",
             "Planificación a largo y medio plazo"),
    _concept("MultiStakeholderPolicyCoherence", _P, 24, "Multi-stakeholder approach and policy coherence",
             "Approche multipartite et cohérence des politiques",
             "Enfoque multipartito y coherencia de las políticas"),
    _concept("EvidenceBasedPolicy", _P, 25, "Data for evidence-based policy",
             "Données pour des politiques fondées sur des preuves", "Datos para políticas basadas en pruebas"),
    _concept("LocalDevelopmentJobCreation", _P, 26, "Local development and job creation",
             "Développement local et création d'emplois", "Desarrollo local y creación de empleo"),
    _concept("SkillsClassificationRecognition", _P, 27, "Skills classification and recognition",
             "Classification et reconnaissance des compétences",
             "Clasificación y reconocimiento de competencias"),
    _concept("SocialAspects", _P, 28, "Social aspects of employment and mobility",
             "Aspects sociaux de l'emploi et de la mobilité", "Aspectos sociales del empleo y la movilidad"),
    _concept("MigrationConsiderations", _P, 29, "Migration considerations", "Considérations migratoires",
             "Consideraciones migratorias"),
    _concept("CostReductionSharing", _P, 30, "Cost reduction and sharing", "Réduction et partage des coûts",
             "Reducción y reparto de los costes"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ShapeInfo:
    """What a report needs to know about one shape.

    Attributes:
        iri: the shape.
        severity: its ``sh:severity``.
        messages: its ``sh:message`` by language.
        comment: its ``rdfs:comment`` (English).
        sources: its ``dcterms:source`` values.
        concept: the concept it assesses (``smp:assesses``).
        presence: True when its failure means the concept is absent (``smp:presenceCheck``).
        target_classes: its ``sh:targetClass`` values.
        path: its ``sh:path`` when that is a single property, else the first property of the sequence.
        not_recorded_messages: its ``smp:notRecordedMessage`` by language: what a report says instead of
            ``messages`` when the shape finds something missing in a real agreement described from sources.
        category: policy or data quality (by the file it is written in).
        sparql_absence: True when its SPARQL constraint reports that something is not stated
            (``smp:reportsAbsence true``).
        has_value: its ``sh:hasValue`` (e.g. the provision class a good-practice shape looks for).
    """

    iri: URIRef
    severity: Severity
    messages: Mapping[str, str]
    comment: str
    sources: tuple[URIRef, ...]
    concept: URIRef | None
    presence: bool
    target_classes: tuple[URIRef, ...]
    path: URIRef | None
    not_recorded_messages: Mapping[str, str] = dataclasses.field(default_factory=dict)
    category: FindingCategory = FindingCategory.POLICY
    sparql_absence: bool = False
    has_value: URIRef | None = None

    def message(self, lang: str) -> str:
        """Its message in ``lang``, else in English, else any."""
        return self.messages.get(lang) or self.messages.get("en") or next(iter(self.messages.values()), "")

    def not_recorded_message(self, lang: str) -> str:
        """Its not-recorded message in ``lang`` (else English), else its message."""
        return self.not_recorded_messages.get(lang) or self.not_recorded_messages.get("en") or self.message(lang)

    @property
    def source(self) -> URIRef | None:
        """The IOM paragraph it cites, else its first source."""
        paragraphs = [source for source in self.sources if str(source).startswith(str(IOM_PAPER))]
        candidates = paragraphs or list(self.sources)
        return candidates[0] if candidates else None


@dataclass(frozen=True, slots=True)
class ShapesCatalog:
    """The shapes graph and what each shape and concept is.

    Attributes:
        graph: every shape of ``shapes/*.ttl``, as pyshacl reads them.
        shapes: the named shapes, by IRI.
        concepts: the assessed concepts, by IRI, in the paper's order.
    """

    graph: Graph
    shapes: Mapping[URIRef, ShapeInfo]
    concepts: Mapping[URIRef, ConceptInfo]

    def applicable_concepts(self, classes: Iterable[Node]) -> list[ConceptInfo]:
        """The concepts with a presence shape that targets one of ``classes`` (readiness is reported on these).

        Args:
            classes: every class of an agreement, superclasses included.

        Returns:
            The concepts, in the paper's order.
        """
        wanted = set(classes)
        assessed = {
            shape.concept
            for shape in self.shapes.values()
            if shape.presence and shape.concept is not None and wanted.intersection(shape.target_classes)
        }
        return [concept for iri, concept in self.concepts.items() if iri in assessed]


@functools.lru_cache(maxsize=1)
def load_catalog() -> ShapesCatalog:
    """Load ``shapes/*.ttl`` once and index its shapes.

    Returns:
        The cached catalogue.

    Raises:
        ShapesGraphError: a shapes file does not parse or a shape lacks a severity (a bug in smpgraph).
    """
    graph = Graph()
    try:
        files = sorted(resource_dir("shapes").glob("*.ttl"))
    except ResourceNotFoundError as exc:
        raise ShapesGraphError(f"the shapes are not installed: {exc}") from exc
    quality: set[Node] = set()
    for path in files:
        try:
            own = Graph().parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many kinds on bad Turtle
            raise ShapesGraphError(f"{path.name}: {exc}") from exc
        if path.name == DATA_QUALITY_FILE:
            quality.update(own.subjects(SH.severity, None))
        graph += own
    shapes: dict[URIRef, ShapeInfo] = {}
    for node in set(graph.subjects(SH.severity, None)):
        if isinstance(node, URIRef):
            category = FindingCategory.DATA_QUALITY if node in quality else FindingCategory.POLICY
            shapes[node] = _shape_info(graph, node, category)
    concepts = {concept.iri: _with_ontology_labels(concept) for concept in CONCEPTS}
    logger.debug("loaded %d shapes from %d files", len(shapes), len(files))
    return ShapesCatalog(graph=graph, shapes=shapes, concepts=concepts)


def _by_language(graph: Graph, node: URIRef, predicate: URIRef) -> dict[str, str]:
    return {
        str(message.language): str(message)
        for message in graph.objects(node, predicate)
        if isinstance(message, Literal) and message.language
    }


def _shape_info(graph: Graph, node: URIRef, category: FindingCategory) -> ShapeInfo:
    messages = _by_language(graph, node, SH.message)
    comment = next((str(c) for c in graph.objects(node, RDFS.comment)), "")
    concept = graph.value(node, SMP.assesses)
    presence = graph.value(node, SMP.presenceCheck)
    absence = graph.value(node, SMP.reportsAbsence)
    return ShapeInfo(
        iri=node,
        severity=Severity.from_iri(graph.value(node, SH.severity)),
        messages=messages,
        comment=comment,
        sources=tuple(sorted(s for s in graph.objects(node, DCTERMS.source) if isinstance(s, URIRef))),
        concept=concept if isinstance(concept, URIRef) else None,
        presence=isinstance(presence, Literal) and presence.toPython() is True,
        target_classes=tuple(t for t in graph.objects(node, SH.targetClass) if isinstance(t, URIRef)),
        path=_first_property(graph, graph.value(node, SH.path)),
        not_recorded_messages=_by_language(graph, node, SMP.notRecordedMessage),
        category=category,
        sparql_absence=isinstance(absence, Literal) and absence.toPython() is True,
        has_value=has_value if isinstance(has_value := graph.value(node, SH.hasValue), URIRef) else None,
    )


def _first_property(graph: Graph, path: Node | None) -> URIRef | None:
    """The property of a predicate path, or the first property of a sequence path."""
    if path is None or isinstance(path, URIRef):
        return path
    if graph.value(path, RDF.first) is not None:
        first = next(iter(Collection(graph, path)), None)
        return first if isinstance(first, URIRef) else None
    return None


def _with_ontology_labels(concept: ConceptInfo) -> ConceptInfo:
    """The concept with the ontology's labels, where the ontology has them."""
    ontology = _ontology()
    labels = dict(concept.labels)
    for predicate in (RDFS.label, SKOS.prefLabel):
        for label in ontology.objects(concept.iri, predicate):
            if isinstance(label, Literal) and label.language in LANGUAGES:
                labels[str(label.language)] = str(label)
    return ConceptInfo(concept.iri, concept.kind, labels, concept.source)


@functools.lru_cache(maxsize=1)
def _ontology() -> Graph:
    """Every ``ontology/*.ttl``, asserted (an empty graph where the ontology is not installed)."""
    graph = Graph()
    try:
        files: list[Path] = sorted(resource_dir("ontology").glob("*.ttl"))
    except ResourceNotFoundError:
        logger.warning("the ontology is not installed; validating without it")
        return graph
    for path in files:
        graph.parse(path, format="turtle")
    return graph


@functools.lru_cache(maxsize=1)
def ontology_context() -> Graph:
    """The slice of the ontology closure a draft is validated with: typing and the class hierarchy.

    The closure is computed once with :func:`smpgraph.reasoning.compute_inferences` where that is
    available (the asserted ontology otherwise), then cut down to ``rdf:type`` and ``rdfs:subClassOf``.
    """
    ontology = _ontology()
    full = Graph()
    for triple in ontology:
        full.add(triple)
    try:
        from smpgraph.reasoning import compute_inferences

        for triple in compute_inferences(ontology).graph:
            full.add(triple)
    except Exception:  # the closure is an optimisation of what shapes read; the asserted ontology suffices
        logger.warning("ontology closure unavailable; validating with the asserted ontology", exc_info=True)
    context = Graph()
    for predicate in _CONTEXT_PREDICATES:
        for subject, _, obj in full.triples((None, predicate, None)):
            if obj not in (OWL.Thing, RDFS.Resource) and subject != obj:
                context.add((subject, predicate, obj))
    return context


@functools.lru_cache(maxsize=1)
def _superclass_map() -> dict[Node, frozenset[Node]]:
    context = ontology_context()
    direct: dict[Node, set[Node]] = {}
    for subject, obj in context.subject_objects(RDFS.subClassOf):
        direct.setdefault(subject, set()).add(obj)
    closed: dict[Node, frozenset[Node]] = {}
    for start in direct:
        seen: set[Node] = set()
        todo = list(direct[start])
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(direct.get(current, ()))
        closed[start] = frozenset(seen)
    return closed


@functools.lru_cache(maxsize=1)
def _subclass_map() -> dict[Node, frozenset[Node]]:
    down: dict[Node, set[Node]] = {}
    for cls, supers in _superclass_map().items():
        for sup in supers:
            down.setdefault(sup, set()).add(cls)
    return {cls: frozenset(subs) for cls, subs in down.items()}


def subclasses_of(cls: Node) -> frozenset[Node]:
    """``cls`` and all its subclasses in the ontology closure (what ``rdf:type/rdfs:subClassOf*`` reaches)."""
    return _subclass_map().get(cls, frozenset()) | {cls}


@functools.lru_cache(maxsize=1)
def subclass_pairs() -> tuple[tuple[Node, Node], ...]:
    """Every ``(class, superclass)`` pair of the reflexive-transitive closure of ``rdfs:subClassOf``.

    The compiled SPARQL rules join on these pairs instead of walking ``rdfs:subClassOf*`` in the store, so
    they do not depend on whether (or which version of) the ontology is loaded there.
    """
    pairs: set[tuple[Node, Node]] = set()
    context = ontology_context()
    classes = set(context.subjects(RDFS.subClassOf)) | set(context.objects(RDFS.subClassOf))
    for cls in classes:
        pairs.add((cls, cls))
        pairs.update((cls, sup) for sup in _superclass_map().get(cls, ()))
    return tuple(sorted(pairs))


@functools.lru_cache(maxsize=1)
def _context_index() -> tuple[dict[Node, tuple[tuple[Node, Node, Node], ...]], dict[Node, tuple[Node, ...]]]:
    """The ontology context indexed by subject: its triples, and the ``rdf:type`` objects."""
    by_subject: dict[Node, list[tuple[Node, Node, Node]]] = {}
    types: dict[Node, list[Node]] = {}
    for triple in ontology_context():
        by_subject.setdefault(triple[0], []).append(triple)
        if triple[1] == RDF.type:
            types.setdefault(triple[0], []).append(triple[2])
    return {k: tuple(v) for k, v in by_subject.items()}, {k: tuple(v) for k, v in types.items()}


def ontology_slice(graph: Graph) -> list[tuple[Node, Node, Node]]:
    """The part of :func:`ontology_context` that validating ``graph`` can read.

    Shapes only walk the ontology upwards from the data: ``rdf:type/rdfs:subClassOf*`` from a typed node,
    ``sh:class`` from a value, and pyshacl's target-class check from a focus node's types. So the slice is
    the context triples of every node of ``graph`` (the ``rdf:type`` of individuals such as
    ``smp:AtOrigin``), then of every class those nodes have, and of all their superclasses. It gives the
    same results as the whole context, for a fraction of the triples (issue 4, item 7).

    Args:
        graph: the draft with the CBDs of what it mentions.

    Returns:
        The triples to add to the data graph.
    """
    by_subject, types = _context_index()
    superclass = _superclass_map()
    nodes: set[Node] = set()
    for subject, predicate, obj in graph:
        nodes.add(subject)
        nodes.add(obj)
        if predicate == RDF.type:
            nodes.update(superclass.get(obj, ()))
    for node in list(nodes):
        for cls in types.get(node, ()):
            nodes.add(cls)
            nodes.update(superclass.get(cls, ()))
    return [triple for node in nodes for triple in by_subject.get(node, ())]


def superclasses(classes: Iterable[Node]) -> set[Node]:
    """``classes`` with all their superclasses in the ontology."""
    mapping = _superclass_map()
    result: set[Node] = set()
    for cls in classes:
        result.add(cls)
        result.update(mapping.get(cls, ()))
    return result


@functools.lru_cache(maxsize=1)
def reference_graph() -> Graph:
    """The bundled reference data and lists (``data/reference/*.ttl``: countries, code lists;
    ``data/lists/*.ttl``: lists of countries such as the WHO health workforce safeguards list), or an empty graph.

    Validation takes the concise bounded description of each IRI a draft mentions from it, as from the
    store, so that a draft naming a country is checked against what the country is, even with no store.
    """
    graph = Graph()
    try:
        data = resource_dir("data")
        files = sorted(data.joinpath("reference").glob("*.ttl")) + sorted(data.joinpath("lists").glob("*.ttl"))
    except ResourceNotFoundError:
        return graph
    for path in files:
        graph.parse(path, format="turtle")
    return graph
