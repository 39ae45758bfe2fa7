"""The context a draft is validated with: what it mentions, described from the reference data and the store,
and the slice of the ontology the data can reach (docs/design/engine-pitfalls.md #11: validation runs on this
small graph, with focus nodes, never on the whole store)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

from rdflib import DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD, Graph, URIRef
from rdflib.term import Node

from smpgraph.namespaces import SMP
from smpgraph.validation.shapes import ontology_slice, reference_graph

if TYPE_CHECKING:
    from smpgraph.store.base import GraphStore

__all__ = ["add_draft_context", "add_reference_context", "mentioned_iris"]

#: vocabularies whose terms the ontology context describes; never looked up in the store
_VOCABULARIES: Final = tuple(str(ns) for ns in (SMP, RDF, RDFS, OWL, XSD, SH, SKOS, DCTERMS))


def mentioned_iris(graph: Graph) -> list[URIRef]:
    """The IRIs a draft refers to but does not describe: the objects that are not its own subjects.

    Classes (objects of ``rdf:type``) and terms of the vocabularies the ontology covers are left out.
    """
    subjects = set(graph.subjects())
    found: set[URIRef] = set()
    for _, predicate, obj in graph:
        if (
            isinstance(obj, URIRef)
            and predicate != RDF.type
            and obj not in subjects
            and not str(obj).startswith(_VOCABULARIES)
        ):
            found.add(obj)
    return sorted(found)


def add_draft_context(data: Graph, mentioned: Sequence[URIRef], store: GraphStore | None) -> None:
    """Add the CBDs of the mentioned IRIs (reference data, then the store), then the ontology slice they need.

    Nothing here grows with the knowledge graph: one DESCRIBE of the mentioned IRIs, cached reference
    CBDs, and the slice of the cached ontology closure that the data can reach (:func:`ontology_slice`).
    """
    add_reference_context(data, mentioned)
    if store is not None and mentioned:
        for triple in store.describe(str(iri) for iri in mentioned):
            data.add(triple)
    for triple in ontology_slice(data):
        data.add(triple)


def add_reference_context(data: Graph, iris: Iterable[URIRef]) -> None:
    """Add the CBD of each IRI from the bundled reference data (countries, ISCO, code lists), where it has one."""
    for iri in iris:
        for triple in _reference_cbd(iri):
            data.add(triple)


@functools.lru_cache(maxsize=4096)
def _reference_cbd(iri: URIRef) -> tuple[tuple[Node, Node, Node], ...]:
    """The CBD of one IRI in the bundled reference data (static, so cached per process)."""
    reference = reference_graph()
    if not len(reference) or (iri, None, None) not in reference:
        return ()
    return tuple(reference.cbd(iri))
