"""Two kinds of absence: a draft is a closed world, a real agreement described from sources an open one.

A draft says what its parties will do, so what it does not say, it lacks: a shape that finds something
missing reports a gap at its own severity, and the concept it checks is *absent*. A real agreement in the
knowledge graph is described from the sources we have (web pages, the BLA dataset), which rarely say
everything, so what they do not mention is *not recorded*: the finding is an Info that says "the sources
we have do not say ...", and the concept is *not recorded*, never absent. Absence in a real agreement
needs a source that says so (a BLA item coded 0, an arrangement stating that no recognition is
required, recruitment fees charged to the workers); those stay gaps at their severity and carry the
sources of the facts they rest on as evidence. See docs/decisions/0007-validation-semantics.md.

Which world applies is decided per agreement (:func:`decide_world`) unless the caller chooses: an agreement
whose status is ``smp:Draft`` is a draft; one that cites the sources it is described from
(``dcterms:source`` or ``prov:wasDerivedFrom`` on the agreement itself) is a real agreement; one that cites
nothing is read as a draft.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable
from typing import Final

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import IdentifiedNode, Node

from smpgraph.namespaces import SMP
from smpgraph.validation.report import Severity, ValidationResult, World, WorldBasis
from smpgraph.validation.shapes import ShapesCatalog

__all__ = ["SOURCE_PREDICATES", "apply_world", "decide_world", "node_sources", "parse_world"]

#: the predicates by which a node cites the sources it is described from
SOURCE_PREDICATES: Final = (DCTERMS.source, PROV.wasDerivedFrom)


def parse_world(name: str | None) -> World | None:
    """The world called ``closed``/``draft`` or ``open``/``sources``; None for ``auto`` or nothing.

    Raises:
        ValueError: the name is none of these.
    """
    if name is None or name == "auto":
        return None
    aliases = {"closed": World.CLOSED, "draft": World.CLOSED, "open": World.OPEN, "sources": World.OPEN}
    try:
        return aliases[name]
    except KeyError:
        raise ValueError(f"unknown world {name!r}; choose from auto, draft (closed), sources (open)") from None


def node_sources(graph: Graph, nodes: Iterable[Node | None]) -> tuple[URIRef, ...]:
    """The sources the nodes cite, sorted and without repeats."""
    found: set[URIRef] = set()
    for node in nodes:
        if isinstance(node, IdentifiedNode):
            for predicate in SOURCE_PREDICATES:
                found.update(o for o in graph.objects(node, predicate) if isinstance(o, URIRef))
    return tuple(sorted(found))


def decide_world(
    graph: Graph, agreement: IdentifiedNode, chosen: World | None = None
) -> tuple[World, WorldBasis, tuple[URIRef, ...]]:
    """The world an agreement is validated in, why, and the sources it cites for itself.

    Args:
        graph: at least the agreement's own statements (status and sources).
        agreement: the agreement.
        chosen: the world the caller chose, if any.

    Returns:
        ``(world, basis, sources)``.
    """
    sources = node_sources(graph, [agreement])
    if chosen is not None:
        return chosen, WorldBasis.CHOSEN, sources
    if (agreement, SMP.status, SMP.Draft) in graph:
        return World.CLOSED, WorldBasis.DRAFT_STATUS, sources
    if sources:
        return World.OPEN, WorldBasis.SOURCES, sources
    return World.CLOSED, WorldBasis.NO_SOURCES, sources


def apply_world(
    result: ValidationResult,
    world: World,
    graph: Graph,
    catalog: ShapesCatalog,
    lang: str,
    *,
    coded_absent: Collection[URIRef] = frozenset(),
) -> ValidationResult:
    """A result as its agreement's world reads it.

    In the closed world the result is kept as is. In the open world an absence becomes a not-recorded
    Info with the shape's not-recorded message, unless the agreement's coding states it (the shape looks
    for a provision class or concept in ``coded_absent``): then it stays a gap, with the agreement's
    sources as evidence. Any other finding (a stated fact that is wrong, or that states the gap) keeps its
    severity and gets, as evidence, the sources of its focus node and value.
    """
    if world is World.CLOSED:
        return result
    shape = catalog.shapes.get(result.source_shape) if isinstance(result.source_shape, URIRef) else None
    if result.absence:
        if shape is not None and shape.has_value is not None and shape.has_value in coded_absent:
            return dataclasses.replace(result, evidence=node_sources(graph, [result.agreement]))
        message = shape.not_recorded_message(lang) if shape is not None else result.message
        return dataclasses.replace(result, severity=Severity.INFO, message=message, not_recorded=True)
    return dataclasses.replace(result, evidence=node_sources(graph, [result.focus_node, result.value]))
