"""The validation page: paste or upload a draft agreement, read its readiness report, print or download it.

The report is :func:`smpgraph.server.context.validate_submission` (as for the HTTP API) in the page's
language, grouped by component and prerequisite as :mod:`smpgraph.validation.render` groups it; every
finding links to the paragraph of the IOM paper it cites. Downloads (JSON, Turtle, HTML) are
:func:`smpgraph.validation.serialize`. A draft is neither stored nor logged: it lives only in the request
that carries it (the page posts it again to download), and the responses are ``Cache-Control: no-store``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from flask import Response, render_template, request, url_for
from markupsafe import escape
from rdflib import URIRef
from rdflib.term import Node

from smpgraph.drafts.model import DraftFormat
from smpgraph.errors import ResourceNotFoundError, SmpGraphError
from smpgraph.i18n import translate
from smpgraph.server.context import check_submission_ilo, current_store, validate_submission
from smpgraph.sources import paragraph_text
from smpgraph.store.base import SelectResult
from smpgraph.validation import ReportFormat, Severity, ValidationReport, ValidationResult, serialize
from smpgraph.validation.render import findings_by_concept, group_title, message, world_line
from smpgraph.validation.report import AgreementReport, ReadinessItem
from smpgraph.web.blueprint import bp, current_language, no_store
from smpgraph.web.builder import form_state
from smpgraph.web.terms import TermView, href_for, paragraph_href, term_view

__all__ = ["FindingGroup", "FindingView", "Stamp", "group_findings", "split_yaml_hint", "stamp"]

_DOWNLOADS: Final = {"json": ReportFormat.JSON, "ttl": ReportFormat.TURTLE, "html": ReportFormat.HTML}
_MEDIA: Final = {"json": "application/json", "ttl": "text/turtle; charset=utf-8", "html": "text/html; charset=utf-8"}
#: what the report calls the draft's source (a draft of this page has no file name worth keeping)
_ORIGIN: Final = "<draft>"
_FORMATS: Final = {"turtle": DraftFormat.TURTLE, "json-ld": DraftFormat.JSON_LD, "yaml": DraftFormat.YAML}
_YAML_HINT: Final = re.compile(r"\s*YAML\s?:\s*")
_VERSION_QUERY: Final = (
    "PREFIX void: <http://rdfs.org/ns/void#> PREFIX owl: <http://www.w3.org/2002/07/owl#> "
    "SELECT ?version WHERE { ?dataset a void:Dataset ; owl:versionInfo ?version } ORDER BY ?version LIMIT 1"
)


@dataclass(frozen=True, slots=True)
class FindingView:
    """One finding as the page shows it.

    Attributes:
        message: what the finding says, without its YAML hint.
        yaml_hint: the YAML keys to add (``training`` → ``location``, ...), if the message names them.
        quote: the text of the cited paragraph of the IOM paper, if any.
    """

    severity: str
    message: str
    about: TermView
    path: TermView | None
    paragraph: int | None
    paragraph_href: str | None
    source: str | None
    yaml_hint: str | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a printed or downloaded report says about itself: when, against which data, of which file."""

    date: str
    data_version: str
    file_name: str


def split_yaml_hint(message: str) -> tuple[str, str | None]:
    """A finding's message and the YAML keys it tells to add (the messages end ``YAML: `key` → ...``).

    Examples:
        >>> split_yaml_hint("Add training. YAML: `training` → `location`.")
        ('Add training.', 'training → location')
        >>> split_yaml_hint("Ajoutez. YAML : `training`.")
        ('Ajoutez.', 'training')
        >>> split_yaml_hint("No hint here.")
        ('No hint here.', None)
    """
    match = _YAML_HINT.search(message)
    if match is None:
        return message, None
    hint = message[match.end() :].replace("`", "").strip().rstrip(".")
    return message[: match.start()].rstrip(), hint or None


def _quote(paragraph: int) -> str | None:
    try:
        return paragraph_text(paragraph)
    except ResourceNotFoundError:
        return None


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
    text, hint = split_yaml_hint(result.message)
    return FindingView(
        severity=result.severity.label,
        message=text,
        yaml_hint=hint,
        quote=_quote(paragraph) if paragraph is not None else None,
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


def _submitted() -> tuple[bytes, DraftFormat | None, str, str]:
    """The draft of the request (an uploaded file wins over the text box), its format, text and file name."""
    upload = request.files.get("file")
    fmt = _FORMATS.get(request.form.get("format", "auto"))
    name = request.form.get("file_name", "").strip()[:200]
    if upload is not None and upload.filename:
        data = upload.read()
        name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:200]
        if fmt is None:
            suffix = "." + upload.filename.rsplit(".", 1)[-1] if "." in upload.filename else ""
            fmt = DraftFormat.from_suffix(suffix)
    else:
        data = request.form.get("draft", "").encode("utf-8")
    return data, fmt, data.decode("utf-8", errors="replace"), name


def _data_version() -> str:
    """The version of the knowledge graph's data (its VoID description), else of the installed package."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        result = current_store().query(_VERSION_QUERY, timeout_s=5.0)
    except SmpGraphError:
        result = None
    if isinstance(result, SelectResult) and result.rows:
        return str(result.rows[0][0])
    try:
        return version("smpgraph")
    except PackageNotFoundError:
        return "unknown"


def stamp(file_name: str, lang: str) -> Stamp:
    """The stamp of a report made now, in ``lang`` (a pasted draft has no file name of its own)."""
    return Stamp(
        date=dt.datetime.now(dt.UTC).date().isoformat(),
        data_version=_data_version(),
        file_name=file_name or translate("validate.pasted", lang),
    )


def _stamp_line(mark: Stamp, lang: str) -> str:
    return translate("validate.stamp", lang, date=mark.date, version=mark.data_version, file=mark.file_name)


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
    file_name = ""
    if request.method == "POST":
        data, fmt, text, file_name = _submitted()
        if not data.strip():
            error_key = "validate.empty"
            status = 400
        else:
            try:
                if standard == "ilo":  # the ILO provisions (issue 19): their own table, escaped by the renderer
                    ilo_html = _ilo_html(data, fmt, lang)
                else:
                    report = validate_submission(data, fmt, lang=lang, origin=file_name or _ORIGIN)
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
        file_name=file_name,
        stamp=_stamp_line(stamp(file_name, lang), lang) if report is not None else "",
        api_url=url_for("api.validate_draft", lang=lang),
        builder_state=form_state(text) if request.form.get("builder") == "1" else None,
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
    data, fmt, _, file_name = _submitted()
    lang = current_language()
    report = validate_submission(data, fmt, lang=lang, origin=file_name or _ORIGIN)
    mark = stamp(file_name, lang)
    body = serialize(report, report_format)
    line = _stamp_line(mark, lang)
    if choice == "ttl":  # a comment heads the Turtle
        body = f"# {line.replace(chr(10), ' ')}\n{body}"
    elif choice == "html":  # a paragraph opens the page's body
        body = body.replace("<body>", f'<body>\n<p class="stamp">{escape(line)}</p>', 1)
    # JSON keeps its published schema: its agreements carry the file name (origin), its name the date
    response = Response(body, content_type=_MEDIA[choice])
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", file_name.rsplit(".", 1)[0])[:60].strip("-.") or "draft"
    response.headers["Content-Disposition"] = f'attachment; filename="validation-report-{stem}-{mark.date}.{choice}"'
    response.headers["SMPGraph-Report-Date"] = mark.date
    response.headers["SMPGraph-Data-Version"] = mark.data_version
    return response
