"""The ILO standard report (:mod:`smpgraph.validation.standard`) as text, JSON, Markdown and HTML.

Per provision: provided or not, the YAML keys to state it, and the share of the coded real agreements that
provide it, overall and in each peer group; then the five most similar real agreements, linked by IRI. The
strings are those of :mod:`smpgraph.validation.render`; every text from the draft is escaped.
"""

from __future__ import annotations

import html as _html
import json
from collections.abc import Sequence
from typing import Any, Final

from rdflib import URIRef

from smpgraph.validation.render import escape_markdown as _md
from smpgraph.validation.render import message as _m
from smpgraph.validation.render import short
from smpgraph.validation.serialize import ReportFormat, node_text
from smpgraph.validation.standard import IloReport

__all__ = ["ILO_SCHEMA_ID", "html_fragment", "ilo_json_data", "serialize_ilo"]

#: the ``$id`` of the JSON Schema the JSON output follows
ILO_SCHEMA_ID: Final = "https://w3id.org/smpgraph/schemas/ilo-report.schema.json"


def _pct(provide: int, total: int) -> str:
    return f"{provide / total * 100:.0f}% ({provide}/{total})" if total else "–"


def _group_lines(report: IloReport) -> list[str]:
    lang = report.lang
    lines = [_m("ilo.groups", lang) + ":"]
    for group in report.groups:
        basis = ", ".join(short(URIRef(item)) if item.startswith("http") else item for item in group.basis)
        if group.scope.value != "all" and not group.basis:
            basis = _m("ilo.nobasis", lang)
        lines.append(
            f"  {_m('ilo.' + group.scope.value, lang)}: {len(group.members)}" + (f" [{basis}]" if basis else "")
        )
    return lines


def _text_one(report: IloReport) -> list[str]:
    lang = report.lang
    n = len(report.findings)
    head = short(report.agreement) + (f' "{report.label}"' if report.label else "")
    lines = [
        _m("ilo.title", lang).format(n=n),
        head,
        _m("ilo.count", lang).format(provided=report.provided, n=n),
    ]
    lines += _group_lines(report)
    scopes = "  ".join(f"{_m('ilo.' + g.scope.value, lang):>12}" for g in report.groups)
    lines += ["", f"{'':52} {_m('ilo.shares', lang)}", f"{'':52} {scopes}"]
    for finding in report.findings:
        state = _m("ilo.provided" if finding.provided else "ilo.missing", lang)
        name = f"{finding.provision.item} {finding.provision.label}"[:38]
        cells = "  ".join(f"{_pct(*share):>12}" for share in finding.shares)
        lines.append(f"{name:38} {state:13} {cells}")
        if not finding.provided:
            lines.append(f"    {_m('ilo.yaml', lang)}: {finding.provision.yaml}")
    lines += ["", _m("ilo.similar", lang) + ":"]
    if not report.similar:
        lines.append("  " + _m("ilo.nocoded", lang))
    for similar in report.similar:
        label = similar.agreement.label or short(similar.agreement.agreement)
        lines.append(f"  {float(similar.similarity):.2f}  {label}  <{similar.agreement.agreement}>")
    return lines


def _markdown_one(report: IloReport) -> list[str]:
    lang = report.lang
    n = len(report.findings)
    heading = short(report.agreement) + (f" ({report.label})" if report.label else "")
    lines = [f"# {_md(_m('ilo.title', lang).format(n=n))}", "", f"## {_md(heading)}", ""]
    lines += [_md(_m("ilo.count", lang).format(provided=report.provided, n=n)), ""]
    lines += [f"- {_md(line.strip())}" for line in _group_lines(report)[1:]]
    scopes = " | ".join(_md(_m("ilo." + g.scope.value, lang)) for g in report.groups)
    lines += [
        "",
        f"| | | {_md(_m('ilo.yaml', lang))} | {scopes} |",
        "|---|---|---|" + "---:|" * len(report.groups),
    ]
    for finding in report.findings:
        state = _m("ilo.provided" if finding.provided else "ilo.missing", lang)
        yaml = "" if finding.provided else finding.provision.yaml
        cells = " | ".join(_md(_pct(*share)) for share in finding.shares)
        lines.append(
            f"| {_md(finding.provision.item + ' ' + finding.provision.label)} | {_md(state)} | {_md(yaml)} | {cells} |"
        )
    lines += ["", f"### {_md(_m('ilo.similar', lang))}", ""]
    for similar in report.similar:
        label = similar.agreement.label or short(similar.agreement.agreement)
        lines.append(f"- {float(similar.similarity):.2f} [{_md(label)}](<{similar.agreement.agreement}>)")
    if not report.similar:
        lines.append(_md(_m("ilo.nocoded", lang)))
    return lines


def _html_one(report: IloReport) -> list[str]:
    lang = report.lang
    esc = _html.escape
    n = len(report.findings)
    heading = short(report.agreement) + (f" ({report.label})" if report.label else "")
    parts = [
        f"<section>\n<h2>{esc(heading)}</h2>",
        f"<p>{esc(_m('ilo.count', lang).format(provided=report.provided, n=n))}</p>",
    ]
    parts.append("<ul>" + "".join(f"<li>{esc(line.strip())}</li>" for line in _group_lines(report)[1:]) + "</ul>")
    head = "".join(f"<th>{esc(_m('ilo.' + g.scope.value, lang))}</th>" for g in report.groups)
    parts.append(f"<table>\n<tr><th></th><th></th><th>{esc(_m('ilo.yaml', lang))}</th>{head}</tr>")
    for finding in report.findings:
        state = "provided" if finding.provided else "missing"
        cells = "".join(f"<td>{esc(_pct(*share))}</td>" for share in finding.shares)
        yaml = "" if finding.provided else finding.provision.yaml
        parts.append(
            f"<tr><td>{esc(finding.provision.item)} {esc(finding.provision.label)}</td>"
            f'<td class="{state}">{esc(_m("ilo." + state, lang))}</td><td>{esc(yaml)}</td>{cells}</tr>'
        )
    parts.append(f"</table>\n<h3>{esc(_m('ilo.similar', lang))}</h3>\n<ol>")
    for similar in report.similar:
        label = similar.agreement.label or short(similar.agreement.agreement)
        href = esc(str(similar.agreement.agreement), quote=True)
        parts.append(f'<li><a href="{href}">{esc(label)}</a> ({float(similar.similarity):.2f})</li>')
    parts.append("</ol>" + ("" if report.similar else f"<p>{esc(_m('ilo.nocoded', lang))}</p>") + "\n</section>")
    return parts


def html_fragment(reports: Sequence[IloReport], lang: str = "en") -> str:
    """The reports as an HTML fragment for a page (a heading, then one section per agreement)."""
    n = len(reports[0].findings) if reports else 0
    parts = [f"<h2>{_html.escape(_m('ilo.title', lang).format(n=n))}</h2>"]
    for report in reports:
        parts += _html_one(report)
    return "\n".join(parts)


def ilo_json_data(reports: Sequence[IloReport], lang: str = "en") -> dict[str, Any]:
    """The reports as JSON-ready data, following ``docs/schemas/ilo-report.schema.json``."""
    return {
        "$schema": ILO_SCHEMA_ID,
        "lang": lang,
        "standard": "ilo",
        "agreements": [
            {
                "agreement": node_text(report.agreement),
                "label": report.label,
                "origin": report.origin,
                "provided": report.provided,
                "groups": [
                    {"scope": g.scope.value, "basis": list(g.basis), "agreements": len(g.members)}
                    for g in report.groups
                ],
                "provisions": [
                    {
                        "item": f.provision.item,
                        "variable": f.provision.variable,
                        "label": f.provision.label,
                        "provided": f.provided,
                        "yaml": f.provision.yaml,
                        "shares": [
                            {"scope": g.scope.value, "provide": s[0], "total": s[1]}
                            for g, s in zip(report.groups, f.shares, strict=True)
                        ],
                    }
                    for f in report.findings
                ],
                "similar": [
                    {
                        "agreement": str(s.agreement.agreement),
                        "label": s.agreement.label,
                        "year": s.agreement.year,
                        "similarity": float(s.similarity),
                        "shared": s.shared,
                    }
                    for s in report.similar
                ],
            }
            for report in reports
        ],
    }


def serialize_ilo(reports: Sequence[IloReport], fmt: ReportFormat | str = ReportFormat.TEXT, lang: str = "en") -> str:
    """The ILO reports in one format (text, JSON, Markdown or HTML; Turtle is refused).

    Raises:
        ValueError: the format is Turtle (the ILO report has no RDF form).
    """
    fmt = fmt if isinstance(fmt, ReportFormat) else ReportFormat.from_name(fmt)
    if fmt is ReportFormat.JSON:
        return json.dumps(ilo_json_data(reports, lang), ensure_ascii=False, indent=2) + "\n"
    if fmt is ReportFormat.TURTLE:
        raise ValueError("the ILO standard report is written as text, json, md or html, not ttl")
    if fmt is ReportFormat.MARKDOWN:
        return "\n".join(line for report in reports for line in [*_markdown_one(report), ""]).rstrip() + "\n"
    if fmt is ReportFormat.HTML:
        from smpgraph.validation.render import REPORT_CSS

        esc = _html.escape
        title = _m("ilo.title", lang).format(n=len(reports[0].findings) if reports else 34)
        body = [
            f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">',
            f"<title>{esc(title)}</title>\n<style>{REPORT_CSS}.provided{{color:#070}}.missing{{color:#a60}}</style>\n</head>\n<body>",
            f"<h1>{esc(title)}</h1>",
        ]
        for report in reports:
            body += _html_one(report)
        return "\n".join(body) + "\n</body>\n</html>\n"
    return "\n\n".join("\n".join(_text_one(report)) for report in reports) + "\n"
