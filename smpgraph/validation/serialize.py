"""Serialise a validation report: text, JSON, Turtle, Markdown and HTML (issue 4, items 2 and 3).

JSON follows the published schema ``docs/schemas/validation-report.schema.json``; Turtle is a standard
``sh:ValidationReport`` (with the readiness summary as ``smp:ReadinessAssessment`` nodes); text, Markdown
and HTML are for people and are rendered by :mod:`smpgraph.validation.render`. Every format carries the
readiness summary. The endpoint and the web page reuse these functions.
"""

from __future__ import annotations

import enum
import json
from typing import Any, Final

from rdflib import BNode, Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, SH
from rdflib.term import Node

from smpgraph.namespaces import SMP, bind_prefixes
from smpgraph.validation.report import Readiness, Severity, ValidationReport, ValidationResult

__all__ = ["JSON_SCHEMA_ID", "LEVELS", "ReportFormat", "node_text", "serialize", "to_graph", "to_json_data"]

#: the ``$id`` of the JSON Schema the JSON output follows
JSON_SCHEMA_ID: Final = "https://w3id.org/smpgraph/schemas/validation-report.schema.json"


class ReportFormat(enum.Enum):
    """The output formats of a report, with their media type."""

    TEXT = ("text", "text/plain; charset=utf-8")
    JSON = ("json", "application/json")
    TURTLE = ("ttl", "text/turtle")
    MARKDOWN = ("md", "text/markdown; charset=utf-8")
    HTML = ("html", "text/html; charset=utf-8")

    @property
    def name_on_cli(self) -> str:
        """The name used by ``--format``."""
        return self.value[0]

    @property
    def media_type(self) -> str:
        """The IANA media type."""
        return self.value[1]

    @classmethod
    def from_name(cls, name: str) -> ReportFormat:
        """The format called ``name`` (``text``, ``json``, ``ttl``, ``md``, ``html``).

        Raises:
            ValueError: no format has that name.
        """
        for member in cls:
            if member.name_on_cli == name:
                return member
        raise ValueError(f"unknown report format {name!r}; choose from {', '.join(m.name_on_cli for m in cls)}")


def serialize(report: ValidationReport, fmt: ReportFormat | str = ReportFormat.TEXT) -> str:
    """The report in one format.

    Args:
        report: the report.
        fmt: a :class:`ReportFormat` or its name.

    Returns:
        The serialised report, as text.
    """
    from smpgraph.validation import render

    fmt = fmt if isinstance(fmt, ReportFormat) else ReportFormat.from_name(fmt)
    if fmt is ReportFormat.JSON:
        return json.dumps(to_json_data(report), ensure_ascii=False, indent=2) + "\n"
    if fmt is ReportFormat.TURTLE:
        return to_graph(report).serialize(format="turtle")
    if fmt is ReportFormat.MARKDOWN:
        return render.markdown(report)
    if fmt is ReportFormat.HTML:
        return render.html(report)
    return render.text(report)


def node_text(node: Node | None) -> str | None:
    """A term as a string: an IRI as is, a blank node as ``_:id``, a literal as its lexical form."""
    if node is None:
        return None
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def result_data(result: ValidationResult) -> dict[str, Any]:
    """One finding as the JSON report writes it."""
    return {
        "agreement": node_text(result.agreement),
        "focus_node": node_text(result.focus_node),
        "path": node_text(result.path),
        "severity": result.severity.label,
        "message": result.message,
        "source_shape": node_text(result.source_shape),
        "source": node_text(result.source),
        "paragraph": result.paragraph,
        "concept": node_text(result.concept),
        "value": node_text(result.value),
        "category": result.category.value,
        "not_recorded": result.not_recorded,
        "evidence": [str(source) for source in result.evidence],
    }


def to_json_data(report: ValidationReport) -> dict[str, Any]:
    """The report as JSON-ready data, following ``docs/schemas/validation-report.schema.json``."""
    return {
        "$schema": JSON_SCHEMA_ID,
        "lang": report.lang,
        "conforms": report.conforms,
        "counts": {severity.label: report.count(severity) for severity in reversed(Severity)},
        "agreements": [
            {
                "agreement": node_text(item.agreement),
                "label": item.label,
                "full_smp": item.full_smp,
                "origin": item.origin,
                "coded": item.coded,
                "world": item.world.value,
                "world_basis": item.world_basis.value,
                "sources": [str(source) for source in item.sources],
                "counts": {
                    severity.label: sum(1 for r in item.results if r.severity is severity)
                    for severity in reversed(Severity)
                },
                "readiness": [
                    {
                        "concept": str(entry.concept),
                        "label": entry.label,
                        "kind": entry.kind.value,
                        "readiness": entry.readiness.value,
                        "findings": entry.findings,
                        "source": node_text(entry.source),
                    }
                    for entry in item.readiness
                ],
            }
            for item in report.agreements
        ],
        "results": [result_data(result) for result in report.results],
    }


#: the ontology's readiness levels
LEVELS: Final = {
    Readiness.ABSENT: SMP.Absent,
    Readiness.PARTIAL: SMP.Partial,
    Readiness.COMPLETE: SMP.Complete,
    Readiness.NOT_ASSESSED: SMP.NotAssessed,
    Readiness.NOT_RECORDED: SMP.NotRecorded,
}


def to_graph(report: ValidationReport) -> Graph:
    """The report as a standard ``sh:ValidationReport`` graph, plus the readiness summary.

    Each result carries ``sh:focusNode``, ``sh:resultPath``, ``sh:resultSeverity``, ``sh:sourceShape``,
    ``sh:resultMessage`` (in the report's language) and ``sh:value``, and also ``dcterms:source`` (the
    paragraph), ``smp:assesses`` (the concept) and, for findings about a real agreement's stated facts,
    ``prov:wasDerivedFrom`` (the sources they rest on).
    """
    graph = bind_prefixes(Graph())
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms)))
    for result in report.results:
        node = BNode()
        graph.add((root, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, result.focus_node))
        graph.add((node, SH.resultSeverity, result.severity.iri))
        graph.add((node, SH.sourceShape, result.source_shape))
        graph.add((node, SH.resultMessage, Literal(result.message, lang=report.lang)))
        for predicate, obj in (
            (SH.resultPath, result.path),
            (SH.value, result.value),
            (DCTERMS.source, result.source),
            (SMP.assesses, result.concept),
        ):
            if obj is not None:
                graph.add((node, predicate, obj))
        for source in result.evidence:
            graph.add((node, PROV.wasDerivedFrom, source))
    for item in report.agreements:
        for entry in item.readiness:
            node = BNode()
            graph.add((root, SMP.hasReadinessAssessment, node))
            graph.add((node, RDF.type, SMP.ReadinessAssessment))
            graph.add((node, SMP.assessedAgreement, item.agreement))
            graph.add((node, SMP.assesses, entry.concept))
            graph.add((node, SMP.readinessLevel, LEVELS[entry.readiness]))
    return graph
