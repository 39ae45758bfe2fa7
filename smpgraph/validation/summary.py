"""The summary of a validation of many agreements (``smpgraph validate --all --summary``), in every format.

The summary is what a reader of ``--all`` needs in one screen: how many agreements, in which world (drafts
or real agreements described from sources), the findings by severity and category, the table "share of
the coded agreements that provide X" (:func:`smpgraph.validation.readiness.readiness_shares`) and the
closing note: every Violation, each with the sources it rests on. Text, Markdown and HTML are for people
(:mod:`smpgraph.validation.render`); JSON follows ``docs/schemas/validation-summary.schema.json``; Turtle
writes one ``smp:ReadinessShare`` per concept.
"""

from __future__ import annotations

import html as _html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, XSD

from smpgraph.namespaces import SMP, bind_prefixes
from smpgraph.validation import render
from smpgraph.validation.readiness import ReadinessShare
from smpgraph.validation.report import FindingCategory, Readiness, Severity, ValidationReport, ValidationResult, World
from smpgraph.validation.serialize import ReportFormat, result_data

__all__ = ["SUMMARY_SCHEMA_ID", "ValidationSummary", "serialize_summary", "summarize", "with_closing_note"]

#: the ``$id`` of the JSON Schema the JSON summary follows
SUMMARY_SCHEMA_ID: Final = "https://w3id.org/smpgraph/schemas/validation-summary.schema.json"


@dataclass(frozen=True, slots=True)
class ValidationSummary:
    """The outcome of a validation of many agreements, without the per-agreement reports.

    Attributes:
        report: the report it summarises (its results give the counts and the Violations).
        shares: the share table over the coded agreements (empty when none is coded).
    """

    report: ValidationReport
    shares: tuple[ReadinessShare, ...]

    @property
    def worlds(self) -> dict[World, int]:
        """How many agreements are validated in each world."""
        return {world: sum(1 for item in self.report.agreements if item.world is world) for world in World}

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        """Every Violation, in report order."""
        return tuple(result for result in self.report.results if result.severity is Severity.VIOLATION)


def summarize(report: ValidationReport, shares: Sequence[ReadinessShare]) -> ValidationSummary:
    """The summary of ``report`` with its share table."""
    return ValidationSummary(report=report, shares=tuple(shares))


def _counts_line(summary: ValidationSummary) -> str:
    worlds = summary.worlds
    lang = summary.report.lang
    split = render.message("worlds", lang).format(closed=worlds[World.CLOSED], open=worlds[World.OPEN])
    return f"{render.message('title', lang)}: {render.summary_line(summary.report)} [{split}]"


def _text(summary: ValidationSummary) -> str:
    lang = summary.report.lang
    lines = [_counts_line(summary), render.categories_line(summary.report), ""]
    lines.append(render.shares_text(summary.shares, lang).rstrip("\n"))
    lines += ["", *render.gaps_lines(summary.report)]
    return "\n".join(lines) + "\n"


def _markdown(summary: ValidationSummary) -> str:
    lang = summary.report.lang
    md = render.escape_markdown  # the reports' own escaping
    lines = [f"# {md(_counts_line(summary))}", "", md(render.categories_line(summary.report)), ""]
    if summary.shares:
        lines += [md(render.message("shares", lang).format(total=summary.shares[0].total)), ""]
        lines += [_share_header("|", lang), "|---|---:|---:|---:|---:|---:|---:|"]
        lines += ["| " + " | ".join(md(cell) for cell in _share_cells(row)) + " |" for row in summary.shares]
    else:
        lines.append(md(render.message("no_shares", lang)))
    lines += ["", f"## {md(render.message('gaps', lang))}", ""]
    lines += [md(line) for line in render.gaps_lines(summary.report)]
    return "\n".join(lines) + "\n"


def _share_header(separator: str, lang: str) -> str:
    levels = [Readiness.COMPLETE, Readiness.PARTIAL, Readiness.ABSENT, Readiness.NOT_ASSESSED]
    cells = [
        "",
        render.message("provide", lang),
        render.message("share", lang),
        *(render.readiness_word(lvl, lang) for lvl in levels),
    ]
    return f"{separator} " + f" {separator} ".join(cells) + f" {separator}"


def _share_cells(row: ReadinessShare) -> list[str]:
    counts = (row.complete, row.partial, row.absent, row.not_assessed)
    return [row.label, str(row.provide), f"{float(row.share) * 100:.1f}%", *(str(count) for count in counts)]


def _html_page(summary: ValidationSummary) -> str:
    lang = summary.report.lang
    esc = _html.escape
    title = render.message("title", lang)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">',
        f"<title>{esc(title)}</title>\n<style>{render.REPORT_CSS}</style>\n</head>\n<body>",
        f"<h1>{esc(title)}</h1>\n<p>{esc(_counts_line(summary))}<br>{esc(render.categories_line(summary.report))}</p>",
    ]
    if summary.shares:
        parts.append(f"<h2>{esc(render.message('shares', lang).format(total=summary.shares[0].total))}</h2>\n<table>")
        header = _share_header("|", lang).strip("| ").split(" | ")
        parts.append("<tr>" + "".join(f"<th>{esc(cell)}</th>" for cell in ["", *header[1:]]) + "</tr>")
        for row in summary.shares:
            parts.append("<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in _share_cells(row)) + "</tr>")
        parts.append("</table>")
    else:
        parts.append(f"<p>{esc(render.message('no_shares', lang))}</p>")
    parts.append(f"<h2>{esc(render.message('gaps', lang))}</h2>\n<pre>")
    parts.append(esc("\n".join(render.gaps_lines(summary.report))))
    parts.append("</pre>\n</body>\n</html>\n")
    return "\n".join(parts)


def _json_data(summary: ValidationSummary) -> dict[str, Any]:
    report = summary.report
    return {
        "$schema": SUMMARY_SCHEMA_ID,
        "lang": report.lang,
        "agreements": len(report.agreements),
        "worlds": {world.value: count for world, count in summary.worlds.items()},
        "counts": {severity.label: report.count(severity) for severity in reversed(Severity)},
        "categories": {
            category.value: sum(1 for r in report.results if r.category is category) for category in FindingCategory
        },
        "not_recorded": sum(1 for r in report.results if r.not_recorded),
        "shares": [
            {
                "concept": str(row.concept),
                "label": row.label,
                "kind": row.kind.value,
                "total": row.total,
                "provide": row.provide,
                "share": float(row.share),
                "complete": row.complete,
                "partial": row.partial,
                "absent": row.absent,
                "not_assessed": row.not_assessed,
            }
            for row in summary.shares
        ],
        "violations": [result_data(result) for result in summary.violations],
    }


def _graph(summary: ValidationSummary) -> Graph:
    graph = bind_prefixes(Graph())
    for row in summary.shares:
        node = BNode()
        graph.add((node, RDF.type, SMP.ReadinessShare))
        graph.add((node, SMP.assesses, row.concept))
        graph.add((node, SMP.agreementsProviding, Literal(row.provide, datatype=XSD.integer)))
        graph.add((node, SMP.codedAgreements, Literal(row.total, datatype=XSD.integer)))
    return graph


def serialize_summary(summary: ValidationSummary, fmt: ReportFormat | str = ReportFormat.TEXT) -> str:
    """The summary in one format (text, JSON, Turtle, Markdown or HTML)."""
    fmt = fmt if isinstance(fmt, ReportFormat) else ReportFormat.from_name(fmt)
    if fmt is ReportFormat.JSON:
        return json.dumps(_json_data(summary), ensure_ascii=False, indent=2) + "\n"
    if fmt is ReportFormat.TURTLE:
        return _graph(summary).serialize(format="turtle")
    if fmt is ReportFormat.MARKDOWN:
        return _markdown(summary)
    if fmt is ReportFormat.HTML:
        return _html_page(summary)
    return _text(summary)


def with_closing_note(text: str, summary: ValidationSummary, fmt: ReportFormat) -> str:
    """A full report of ``--all`` followed by the share table and the closing note, in text or Markdown.

    JSON, Turtle and HTML reports stay whole documents (their results carry the evidence); the summary of
    the same run gives the table and the note in those formats.
    """
    if fmt is ReportFormat.TEXT:
        return text + "\n" + _text(summary).split("\n", 2)[2]
    if fmt is ReportFormat.MARKDOWN:
        return text + "\n" + _markdown(summary).split("\n", 2)[2]
    return text
