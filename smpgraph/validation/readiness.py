"""Readiness of an agreement on each component and prerequisite (issue 4, item 3).

The scale is that of IOM's Migration Governance Indicators: a concept is **absent** when one of its
presence shapes (``smp:presenceCheck true``) reports the agreement, **complete** when none of its shapes
reports anything about the agreement or the nodes it describes, and **partial** otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib.term import Node

from smpgraph.validation.report import Readiness, ReadinessItem, ValidationResult
from smpgraph.validation.shapes import ShapesCatalog

__all__ = ["assess_readiness"]


def assess_readiness(
    results: Sequence[ValidationResult], catalog: ShapesCatalog, classes: Iterable[Node], *, lang: str = "en"
) -> tuple[ReadinessItem, ...]:
    """The readiness items of one agreement.

    Args:
        results: the results that belong to the agreement.
        catalog: the shapes, with what each assesses and which are presence checks.
        classes: the agreement's classes, superclasses included (they decide which concepts apply:
            those with a presence shape targeting one of them).
        lang: the language of the concept labels.

    Returns:
        One item per applicable concept, in the paper's order.
    """
    items = []
    for concept in catalog.applicable_concepts(classes):
        own = [result for result in results if result.concept == concept.iri]
        absent = any(
            (shape := catalog.shapes.get(result.source_shape)) is not None and shape.presence  # type: ignore[call-overload]
            for result in own
        )
        readiness = Readiness.ABSENT if absent else (Readiness.PARTIAL if own else Readiness.COMPLETE)
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
