"""The validation page: paste or upload a draft agreement, read its readiness report, print or download it.

The report is :func:`smpgraph.server.context.validate_submission` (as for the HTTP API) in the page's
language, grouped by component and prerequisite as :mod:`smpgraph.validation.render` groups it; every
finding links to the paragraph of the IOM paper it cites. Downloads (JSON, Turtle, HTML) are
:func:`smpgraph.validation.serialize`. A draft is neither stored nor logged: it lives only in the request
that carries it (the page posts it again to download), and the responses are ``Cache-Control: no-store``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from flask import Response, render_template, request
from rdflib import URIRef
from rdflib.term import Node

from smpgraph.drafts.model import DraftFormat
from smpgraph.errors import SmpGraphError
from smpgraph.server.context import check_submission_ilo, validate_submission
from smpgraph.validation import ReportFormat, Severity, ValidationReport, ValidationResult, serialize
from smpgraph.validation.render import findings_by_concept, group_title, message, world_line
from smpgraph.validation.report import AgreementReport, ReadinessItem
from smpgraph.web.blueprint import bp, current_language, no_store
from smpgraph.web.terms import TermView, href_for, paragraph_href, term_view

__all__ = ["FindingGroup", "FindingView", "group_findings"]

_DOWNLOADS: Final = {"json": ReportFormat.JSON, "ttl": ReportFormat.TURTLE, "html": ReportFormat.HTML}
_MEDIA: Final = {"json": "application/json", "ttl": "text/turtle; charset=utf-8", "html": "text/html; charset=utf-8"}
#: what the report calls the draft's source (a draft of this page has no file name worth keeping)
_ORIGIN: Final = "<draft>"
_FORMATS: Final = {"turtle": DraftFormat.TURTLE, "json-ld": DraftFormat.JSON_LD, "yaml": DraftFormat.YAML}


@dataclass(frozen=True, slots=True)
class FindingView:
    """One finding as the page shows it."""

    severity: str
    message: str
    about: TermView
    path: TermView | None
    paragraph: int | None
    paragraph_href: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class FindingGroup:
    """The findings about one component or prerequisite (``concept`` None: the others)."""

    title: str
    concept: str | None
    readiness: str | None
    findings: tuple[FindingView, ...]


def _draft_term(node: Node) -> TermView:
    """A node of the draft: shown, not linked (the draft is not in the knowledge graph)."""
    view = term_view(node)
    return TermView(text=view.text, title=view.title)


def _finding(result: ValidationResult) -> FindingView:
    paragraph = result.paragraph
    return FindingView(
        severity=result.severity.label,
        message=result.message,
        about=_draft_term(result.focus_node),
        path=term_view(result.path) if result.path is not None else None,
        paragraph=paragraph,
        paragraph_href=paragraph_href(paragraph) if paragraph is not None else None,
        source=href_for(str(result.source)) if result.source is not None and paragraph is None else None,
    )


def group_findings(item: AgreementReport, lang: str) -> list[FindingGroup]:
    """The findings of one agreement grouped by component or prerequisite, in the paper's order.

    The grouping and the group titles are those of the HTML and Markdown reports.
    """
    readiness: dict[URIRef, ReadinessItem] = {entry.concept: entry for entry in item.readiness}
    groups = []
    for concept, results in findings_by_concept(item):
        entry = readiness.get(concept) if concept is not None else None
        groups.append(
            FindingGroup(
                title=group_title(concept, lang, item),
                concept=str(concept) if concept is not None else None,
                readiness=entry.readiness.value if entry is not None else None,
                findings=tuple(_finding(result) for result in results),
            )
        )
    return groups


def _ilo_html(data: bytes, fmt: DraftFormat | None, lang: str) -> str:
    """The draft checked against the ILO provisions, as an HTML fragment (every draft text escaped)."""
    from smpgraph.validation.ilo_render import html_fragment

    return html_fragment(check_submission_ilo(data, fmt, lang=lang, origin=_ORIGIN), lang)


def _submitted() -> tuple[bytes, DraftFormat | None, str]:
    """The draft of the request (an uploaded file wins over the text box), its format and its text."""
    upload = request.files.get("file")
    fmt = _FORMATS.get(request.form.get("format", "auto"))
    if upload is not None and upload.filename:
        data = upload.read()
        if fmt is None:
            suffix = "." + upload.filename.rsplit(".", 1)[-1] if "." in upload.filename else ""
            fmt = DraftFormat.from_suffix(suffix)
    else:
        data = request.form.get("draft", "").encode("utf-8")
    return data, fmt, data.decode("utf-8", errors="replace")


@bp.route("/validate", methods=["GET", "POST"])
@no_store
def validate_page() -> Response:
    """The form; after a POST, the report (or why the draft could not be read) below it."""
    lang = current_language()
    report: ValidationReport | None = None
    error: str | None = None
    error_key: str | None = None
    text = ""
    fmt_name = request.form.get("format", "auto")
    standard = request.form.get("standard", "iom")
    ilo_html = ""
    status = 200
    if request.method == "POST":
        data, fmt, text = _submitted()
        if not data.strip():
            error_key = "validate.empty"
            status = 400
        else:
            try:
                if standard == "ilo":  # the ILO provisions (issue 19): their own table, escaped by the renderer
                    ilo_html = _ilo_html(data, fmt, lang)
                else:
                    report = validate_submission(data, fmt, lang=lang, origin=_ORIGIN)
            except SmpGraphError as exc:
                error = str(exc)
                status = exc.http_status if 400 <= exc.http_status < 600 else 400
    agreements = []
    if report is not None:
        for item in report.agreements:
            agreements.append((item, _draft_term(item.agreement), group_findings(item, lang)))
    counts = {severity.label: report.count(severity) for severity in Severity} if report is not None else {}
    world_lines = [world_line(item, lang) for item in report.agreements] if report is not None else []
    body = render_template(
        "web/validate.html",
        report=report,
        counts=counts,
        agreements=agreements,
        world_lines=world_lines,
        standard=standard,
        standard_label=message("standard", lang),
        standard_options=[(value, message(f"standard.{value}", lang)) for value in ("iom", "ilo")],
        ilo_html=ilo_html,
        error=error,
        error_key=error_key,
        draft=text,
        format_name=fmt_name,
    )
    return Response(body, status=status, mimetype="text/html")


@bp.post("/validate/download")
@no_store
def validate_download() -> Response:
    """The report of the posted draft as an attachment: ``download=json|ttl|html``."""
    from smpgraph.server.errors import ProtocolError

    choice = request.form.get("download", "json")
    report_format = _DOWNLOADS.get(choice)
    if report_format is None:
        raise ProtocolError(f"download the report as json, ttl or html, not {choice!r}")
    data, fmt, _ = _submitted()
    report = validate_submission(data, fmt, lang=current_language(), origin=_ORIGIN)
    response = Response(serialize(report, report_format), content_type=_MEDIA[choice])
    response.headers["Content-Disposition"] = f'attachment; filename="validation-report.{choice}"'
    return response
