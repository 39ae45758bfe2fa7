"""The vocabulary incremental reasoning tests terms against: which triples are data, which the store keeps.

:mod:`smpgraph.reasoning.incremental_rules` compiles the schema with these terms, and
:mod:`smpgraph.reasoning.incremental` checks each written and derived triple with :func:`is_kept` (the store's
filter of the closure) and :func:`schema_reason` (a write that changes the schema needs a full recompute).
"""

from __future__ import annotations

from typing import Final

import pyoxigraph as ox

from smpgraph.reasoning.closure import AXIOMATIC_NAMESPACES, SCHEMA_NAMESPACES
from smpgraph.reasoning.incremental_index import Term, Triple

RDF_NS: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS: Final = "http://www.w3.org/2000/01/rdf-schema#"
OWL_NS: Final = "http://www.w3.org/2002/07/owl#"

TYPE: Final = ox.NamedNode(RDF_NS + "type")
FIRST: Final = ox.NamedNode(RDF_NS + "first")
REST: Final = ox.NamedNode(RDF_NS + "rest")
NIL: Final = ox.NamedNode(RDF_NS + "nil")
SUB_CLASS_OF: Final = ox.NamedNode(RDFS_NS + "subClassOf")
SUB_PROPERTY_OF: Final = ox.NamedNode(RDFS_NS + "subPropertyOf")
DOMAIN: Final = ox.NamedNode(RDFS_NS + "domain")
RANGE: Final = ox.NamedNode(RDFS_NS + "range")
EQUIVALENT_CLASS: Final = ox.NamedNode(OWL_NS + "equivalentClass")
EQUIVALENT_PROPERTY: Final = ox.NamedNode(OWL_NS + "equivalentProperty")
INVERSE_OF: Final = ox.NamedNode(OWL_NS + "inverseOf")
UNION_OF: Final = ox.NamedNode(OWL_NS + "unionOf")
CHAIN: Final = ox.NamedNode(OWL_NS + "propertyChainAxiom")
SAME_AS: Final = ox.NamedNode(OWL_NS + "sameAs")
SYMMETRIC: Final = ox.NamedNode(OWL_NS + "SymmetricProperty")
TRANSITIVE: Final = ox.NamedNode(OWL_NS + "TransitiveProperty")
#: the class of inconsistent individuals (its memberships are kept)
NOTHING_IRI: Final = OWL_NS + "Nothing"

#: schema-namespace predicates that a data write may use: they state facts, no axioms
DATA_SCHEMA_PREDICATES: Final = frozenset(
    ox.NamedNode(iri)
    for iri in (
        RDF_NS + "type",
        RDFS_NS + "label",
        RDFS_NS + "comment",
        RDFS_NS + "seeAlso",
        RDFS_NS + "isDefinedBy",
        OWL_NS + "sameAs",
        OWL_NS + "differentFrom",
        OWL_NS + "versionInfo",
        OWL_NS + "versionIRI",
        OWL_NS + "priorVersion",
        OWL_NS + "imports",
        OWL_NS + "deprecated",
    )
)
#: schema-namespace classes a data triple may give something: the closure infers nothing from them
INERT_SCHEMA_CLASSES: Final = frozenset(
    ox.NamedNode(iri)
    for iri in (
        OWL_NS + "Thing",
        OWL_NS + "NamedIndividual",
        OWL_NS + "Class",
        OWL_NS + "ObjectProperty",
        OWL_NS + "DatatypeProperty",
        OWL_NS + "AnnotationProperty",
        RDFS_NS + "Resource",
        RDFS_NS + "Literal",
        RDFS_NS + "Class",
        RDFS_NS + "Datatype",
        RDF_NS + "Property",
    )
)


def is_named(term: Term) -> bool:
    """True for an IRI outside the rdf:, rdfs:, owl: and xsd: namespaces (a term the store keeps facts about)."""
    return type(term) is ox.NamedNode and not term.value.startswith(AXIOMATIC_NAMESPACES)


def is_kept(triple: Triple) -> bool:
    """Whether the store keeps this triple when it is inferred (before the "not asserted" test).

    The same definition as :func:`smpgraph.reasoning.ntriples_lines`, on Oxigraph terms: no literal or
    blank subject, no rdf:/rdfs:/owl:/xsd: subject, no blank object, no reflexive ``owl:sameAs``, no schema
    predicate other than ``rdf:type``, ``owl:sameAs`` and ``owl:differentFrom``, and no ``rdf:type`` to an
    rdf:/rdfs:/owl: class other than ``owl:Nothing``.
    """
    subject, predicate, obj = triple
    if type(subject) is not ox.NamedNode or subject.value.startswith(AXIOMATIC_NAMESPACES):
        return False
    if type(obj) is ox.BlankNode:
        return False
    iri = predicate.value
    if iri.startswith(SCHEMA_NAMESPACES):
        if predicate == TYPE:
            return obj.value == NOTHING_IRI or not obj.value.startswith(SCHEMA_NAMESPACES)
        if predicate == SAME_AS:
            return not (type(obj) is ox.NamedNode and obj.value == subject.value)
        return iri == OWL_NS + "differentFrom"
    return True


def schema_reason(triple: Triple) -> str | None:
    """Why writing this triple changes the schema (then the closure is recomputed in full), or None for data."""
    _, predicate, obj = triple
    if predicate == TYPE:
        if type(obj) is ox.NamedNode and obj.value.startswith(SCHEMA_NAMESPACES) and obj not in INERT_SCHEMA_CLASSES:
            return f"it declares something a {obj.value}"
        return None
    if predicate.value.startswith(SCHEMA_NAMESPACES) and predicate not in DATA_SCHEMA_PREDICATES:
        return f"its predicate {predicate.value} is schema vocabulary"
    return None
