"""Human-readable reports: plain text, Markdown and standalone HTML, in English, French or Spanish.

Findings are grouped by agreement, then by the component or prerequisite they concern, each with its
severity, the paragraph of the IOM paper and the fix (the shape's message). Every format opens with the
readiness summary. All text from the draft (titles, IRIs, values) is escaped in Markdown and HTML.
The words around the findings come from the catalogs of :mod:`smpgraph.i18n` (keys ``report.*``,
``kind.*``, ``readiness.*``); the web page of a report groups and titles findings with
:func:`findings_by_concept` and :func:`group_title`, as these reports do.
"""

from __future__ import annotations

import html as _html
from collections.abc import Iterator, Sequence
from typing import Final

from rdflib import URIRef

from smpgraph.i18n import translate
from smpgraph.namespaces import PREFIXES
from smpgraph.validation.readiness import ReadinessShare
from smpgraph.validation.report import (
    AgreementReport,
    FindingCategory,
    Readiness,
    Severity,
    ValidationReport,
    ValidationResult,
)
from smpgraph.validation.shapes import CONCEPTS

__all__ = [
    "REPORT_CSS",
    "categories_line",
    "escape_markdown",
    "findings_by_concept",
    "gaps_lines",
    "group_title",
    "html",
    "markdown",
    "message",
    "readiness_word",
    "shares_text",
    "short",
    "summary_line",
    "text",
    "world_line",
]

_ORDER: Final = {concept.iri: index for index, concept in enumerate(CONCEPTS)}
_LABELS: Final = {concept.iri: concept for concept in CONCEPTS}


def short(node: object) -> str:
    """A compact name for a term: a prefixed name where a prefix fits, else the full text."""
    if node is None:
        return ""
    text = str(node)
    if isinstance(node, URIRef):
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if text.startswith(namespace) and len(text) > len(namespace):
                local = text[len(namespace) :]
                if "#" not in local:
                    return f"{prefix}:{local}"
        return text
    return text


def findings_by_concept(item: AgreementReport) -> Iterator[tuple[URIRef | None, list[ValidationResult]]]:
    """The agreement's results grouped by concept, in the paper's order; unassessed results last.

    Yields:
        ``(concept, results)``: a component, prerequisite or principle and its results, then
        ``(None, results)`` for the results about no concept, if any.
    """
    concepts = sorted({r.concept for r in item.results if r.concept is not None}, key=lambda c: _ORDER.get(c, 99))
    for concept in concepts:
        yield concept, [r for r in item.results if r.concept == concept]
    rest = [r for r in item.results if r.concept is None]
    if rest:
        yield None, rest


def group_title(concept: URIRef | None, lang: str, item: AgreementReport) -> str:
    """The heading of a group of :func:`findings_by_concept`: the concept's label and kind, in ``lang``.

    ``None`` (the findings about no concept) is titled "Other findings".
    """
    if concept is None:
        return translate("report.other_findings", lang)
    entry = next((e for e in item.readiness if e.concept == concept), None)
    info = _LABELS.get(concept)
    label = entry.label if entry is not None else (info.label(lang) if info is not None else short(concept))
    kind = translate(f"kind.{info.kind.value}", lang) if info is not None else ""
    return f"{label} ({kind})" if kind else label


def readiness_word(readiness: Readiness, lang: str) -> str:
    """A readiness level in words, in ``lang``."""
    return translate(f"readiness.{readiness.value}", lang)


_word = readiness_word


def message(key: str, lang: str) -> str:
    """The report message ``report.<key>`` of the catalog in ``lang``; fill its ``{fields}`` with ``.format``."""
    return translate(f"report.{key}", lang)


def _severity(severity: Severity, lang: str) -> str:
    return translate(f"report.severity.{severity.label}", lang)


def summary_line(report: ValidationReport) -> str:
    """How many agreements and findings of each severity, in the report's language."""
    counts = {severity.label: report.count(severity) for severity in Severity}
    return translate("report.summary", report.lang, agreements=len(report.agreements), **counts)


def categories_line(report: ValidationReport) -> str:
    """How many findings are policy gaps, data-quality findings, and not recorded by the sources."""
    policy = sum(1 for r in report.results if r.category is FindingCategory.POLICY)
    return message("categories", report.lang).format(
        policy=policy,
        quality=len(report.results) - policy,
        unrecorded=sum(1 for r in report.results if r.not_recorded),
    )


def world_line(item: AgreementReport, lang: str) -> str:
    """The agreement's world and why, in ``lang``."""
    basis = message(f"basis.{item.world_basis.value}", lang).format(n=len(item.sources))
    return f"{message('world', lang)}: {message(f'world.{item.world.value}', lang)} ({basis})"


def _marks(result: ValidationResult, lang: str) -> str:
    """The finding's category, and its evidence when it rests on stated facts of a real agreement."""
    text = f"[{message(f'category.{result.category.value}', lang)}]"
    if result.evidence:
        text += f" {message('evidence', lang)}: " + ", ".join(str(source) for source in result.evidence)
    return text


def gaps_lines(report: ValidationReport) -> list[str]:
    """The closing note: every Violation with its agreement, shape and evidence (or that there is none)."""
    lang = report.lang
    violations = [r for r in report.results if r.severity is Severity.VIOLATION]
    if not violations:
        return [message("nogaps", lang)]
    lines = [message("gapshead", lang).format(n=len(violations))]
    for result in violations:
        lines.append(f"- {short(result.agreement)}: {short(result.source_shape)} {short(result.focus_node)}")
        lines.append(f"  {result.message}")
        if result.evidence:
            lines.append(f"  {message('evidence', lang)}: " + ", ".join(str(source) for source in result.evidence))
    return lines


def _kind(item: AgreementReport, lang: str) -> str:
    return translate("report.kind.smp" if item.full_smp else "report.kind.other", lang)


def _source(result: ValidationResult, lang: str) -> str:
    paragraph = result.paragraph
    where = f"{translate('report.para', lang)} {paragraph}" if paragraph is not None else short(result.source)
    return f"{where}; {translate('report.rule', lang)} {short(result.source_shape)}"


def text(report: ValidationReport) -> str:
    """The report as plain text for a terminal."""
    lang = report.lang
    lines = [f"{translate('report.title', lang)}: {summary_line(report)}", categories_line(report)]
    for item in report.agreements:
        heading = short(item.agreement) + (f' "{item.label}"' if item.label else "")
        lines += ["", f"{translate('report.agreement', lang)}: {heading}"]
        lines.append(f"  {_kind(item, lang)}" + (f" [{item.origin}]" if item.origin else ""))
        lines.append(f"  {world_line(item, lang)}")
        lines.append(f"  {translate('report.readiness', lang)}:")
        width = max((len(entry.label) for entry in item.readiness), default=0)
        for entry in item.readiness:
            lines.append(f"    {entry.label.ljust(width)}  {_word(entry.readiness, lang)}")
        if not item.results:
            lines.append(f"  {translate('report.none', lang)}")
        for concept, results in findings_by_concept(item):
            lines.append(f"  {group_title(concept, lang, item)}")
            for result in results:
                about = short(result.focus_node) + (f" {short(result.path)}" if result.path else "")
                if result.value is not None:
                    about += f" ({translate('report.value', lang)}: {short(result.value)})"
                lines.append(f"    {_severity(result.severity, lang)}  {about}")
                lines.append(f"      {result.message}")
                lines.append(f"      {_source(result, lang)} {_marks(result, lang)}")
    return "\n".join(lines) + "\n"


def escape_markdown(value: object) -> str:
    """Escape text for a Markdown table cell or paragraph."""
    out = str(value).replace("\\", "\\\\")
    for char in "|*_`[]<>#":
        out = out.replace(char, "\\" + char)
    return out.replace("\n", " ")


_md = escape_markdown


def markdown(report: ValidationReport) -> str:
    """The report as Markdown (tables for readiness and findings)."""
    lang = report.lang
    lines = [
        f"# {translate('report.title', lang)}",
        "",
        _md(summary_line(report)),
        "",
        _md(categories_line(report)),
    ]
    for item in report.agreements:
        heading = short(item.agreement) + (f" ({item.label})" if item.label else "")
        lines += [
            "",
            f"## {translate('report.agreement', lang)}: {_md(heading)}",
            "",
            _md(_kind(item, lang)),
            "",
        ]
        lines += [_md(world_line(item, lang)), ""]
        lines += [f"### {translate('report.readiness', lang)}", "", "| | |", "|---|---|"]
        lines += [f"| {_md(entry.label)} | {_word(entry.readiness, lang)} |" for entry in item.readiness]
        lines += ["", f"### {translate('report.findings', lang)}", ""]
        if not item.results:
            lines.append(_md(translate("report.none", lang)))
        for concept, results in findings_by_concept(item):
            lines += [f"#### {_md(group_title(concept, lang, item))}", ""]
            for result in results:
                about = short(result.focus_node) + (f" {short(result.path)}" if result.path else "")
                lines.append(
                    f"- **{_severity(result.severity, lang)}** {_md(result.message)} "
                    f"({_md(about)}; {_md(_source(result, lang))}; {_md(_marks(result, lang))})"
                )
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


REPORT_CSS: Final = (
    "body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}"
    "table{border-collapse:collapse}td{padding:.2em .8em;border-bottom:1px solid #ddd}"
    ".absent{color:#a00}.partial{color:#a60}.complete{color:#070}.not-recorded,.not-assessed{color:#666}"
    ".violation{color:#a00;font-weight:bold}.warning{color:#a60;font-weight:bold}.info{color:#046}"
    "li{margin:.4em 0}small{color:#666}"
)


def html(report: ValidationReport) -> str:
    """The report as a standalone HTML page (no scripts, no external resources; everything escaped)."""
    lang = report.lang
    esc = _html.escape
    parts = [
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">',
        f"<title>{esc(translate('report.title', lang))}</title>\n<style>{REPORT_CSS}</style>\n</head>\n<body>",
        f"<h1>{esc(translate('report.title', lang))}</h1>\n"
        f"<p>{esc(summary_line(report))}<br>{esc(categories_line(report))}</p>",
    ]
    for item in report.agreements:
        heading = short(item.agreement) + (f" ({item.label})" if item.label else "")
        parts.append(f"<section>\n<h2>{esc(translate('report.agreement', lang))}: {esc(heading)}</h2>")
        parts.append(
            f"<p>{esc(_kind(item, lang))}<br>{esc(world_line(item, lang))}</p>\n"
            f"<h3>{esc(translate('report.readiness', lang))}</h3>\n<table>"
        )
        for entry in item.readiness:
            state = entry.readiness.value
            parts.append(
                f'<tr><td>{esc(entry.label)}</td><td class="{state}">{esc(_word(entry.readiness, lang))}</td></tr>'
            )
        parts.append(f"</table>\n<h3>{esc(translate('report.findings', lang))}</h3>")
        if not item.results:
            parts.append(f"<p>{esc(translate('report.none', lang))}</p>")
        for concept, results in findings_by_concept(item):
            parts.append(f"<h4>{esc(group_title(concept, lang, item))}</h4>\n<ul>")
            for result in results:
                about = short(result.focus_node) + (f" {short(result.path)}" if result.path else "")
                parts.append(
                    f'<li><span class="{result.severity.label}">{esc(_severity(result.severity, lang))}</span> '
                    f"{esc(result.message)}<br>"
                    f"<small>{esc(about)}; {esc(_source(result, lang))}; {esc(_marks(result, lang))}</small></li>"
                )
            parts.append("</ul>")
        parts.append("</section>")
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


def shares_text(shares: Sequence[ReadinessShare], lang: str = "en") -> str:
    """The table "share of agreements that provide X" over the coded agreements, as plain text.

    Args:
        shares: the rows of :func:`smpgraph.validation.readiness.readiness_shares`.
        lang: the language of the headings.

    Returns:
        The table, one line per concept: provide (partial + complete) of total, the share in per cent,
        then complete, partial, absent and not assessed.
    """
    if not shares:
        return translate("report.no_shares", lang) + "\n"
    width = max(len(row.label) for row in shares)
    levels = [Readiness.COMPLETE, Readiness.PARTIAL, Readiness.ABSENT, Readiness.NOT_ASSESSED]
    head = [readiness_word(level, lang) for level in levels]
    lines = [
        translate("report.shares", lang, total=shares[0].total),
        f"{'':{width}}  {translate('report.provide', lang):>8}  {translate('report.share', lang):>7}  "
        + "  ".join(f"{h:>12}" for h in head),
    ]
    for row in shares:
        counts = (row.complete, row.partial, row.absent, row.not_assessed)
        lines.append(
            f"{row.label:{width}}  {row.provide:>8}  {float(row.share) * 100:6.1f}%  "
            + "  ".join(f"{count:>12}" for count in counts)
        )
    return "\n".join(lines) + "\n"
