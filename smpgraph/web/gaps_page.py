"""The gap analysis and the agreements report as pages (issue 18, item 3).

Every table of :class:`~smpgraph.analysis.report.GapReport` (``/gaps``) and of
:class:`~smpgraph.analysis.agreements.AgreementNetworkReport` (``/gaps/agreements``) with what it measures,
the paragraphs of the IOM paper it serves and its notes; the tables sort in the browser
(``static/viz/tables.js``) and download as CSV (``/gaps/{section}.csv``: the rows of
``Findings.rows``, list cells joined with ``"; "`` as in ``Findings.to_frame``). The figures of the CLI are
drawn as interactive SVG charts from the same numbers (``static/viz/charts.js``). Reports are cached per
data version and shared with the map and the networks (:mod:`smpgraph.server.visual`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from flask import Response, render_template

from smpgraph.analysis.results import Findings, JsonValue
from smpgraph.errors import AnalysisError, ResourceNotFoundError
from smpgraph.server.visual import shared_agreement_report, shared_gap_report
from smpgraph.web.blueprint import bp
from smpgraph.web.terms import TermView, href_for

__all__ = ["MAX_ROWS", "Table", "agreements_report_page", "findings_csv", "gaps_page", "table_of"]

#: rows shown per table on the page (the CSV has them all)
MAX_ROWS: Final = 200
_PARAGRAPH_MARK: Final = "#para-"


@dataclass(frozen=True, slots=True)
class Table:
    """One findings table as the page shows it: columns, cells (text and link), and where it comes from."""

    name: str
    title: str
    count: int
    columns: tuple[str, ...]
    rows: tuple[tuple[TermView, ...], ...]
    sources: tuple[TermView, ...]
    notes: tuple[str, ...]
    approximate: bool


def _cell(value: JsonValue) -> TermView:
    if isinstance(value, list):
        return TermView(text="; ".join(_short(str(v)) for v in value), title="; ".join(str(v) for v in value))
    if value is None:
        return TermView(text="")
    if isinstance(value, float):
        return TermView(text=f"{value:.4g}")
    text = str(value)
    if text.startswith(("http://", "https://")) and " " not in text:
        return TermView(text=_short(text), href=href_for(text), title=text, is_iri=True)
    return TermView(text=text)


def _short(text: str) -> str:
    return text.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] if text.startswith("http") else text


def _source(iri: str) -> TermView:
    number = iri.rpartition(_PARAGRAPH_MARK)[2] if _PARAGRAPH_MARK in iri else ""
    return TermView(text=f"§{number}" if number else _short(iri), href=href_for(iri), title=iri, is_iri=True)


def table_of(section: Findings[Any], *, limit: int = MAX_ROWS) -> Table:
    """The page's view of a findings table: its first ``limit`` rows, every value a cell."""
    rows = section.rows()
    columns = tuple(rows[0]) if rows else ()
    return Table(
        name=section.name,
        title=section.title,
        count=len(rows),
        columns=columns,
        rows=tuple(tuple(_cell(row.get(column)) for column in columns) for row in rows[:limit]),
        sources=tuple(_source(s) for s in section.sources),
        notes=section.notes,
        approximate=section.approximate,
    )


def findings_csv(section: Findings[Any]) -> str:
    """Every row of a findings table as CSV (a header of its column names; list cells joined with ``"; "``)."""
    rows = section.rows()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = list(rows[0]) if rows else ["subject", "summary"]
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            ["; ".join(str(v) for v in value) if isinstance(value, list) else value for value in row.values()]
        )
    return out.getvalue()


def _gap_report() -> Any:
    return shared_gap_report()


def _agreement_report() -> Any:
    return shared_agreement_report()


def _section(report: Any, name: str) -> Findings[Any]:
    for section in report.sections():
        if section.name == name:
            return section  # type: ignore[no-any-return]
    raise ResourceNotFoundError(f"no table {name!r} in this report")


def _csv_response(section: Findings[Any], prefix: str) -> Response:
    response = Response(findings_csv(section), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{prefix}-{section.name}.csv"'
    return response


def _gap_charts(report: Any) -> Iterator[tuple[str, JsonValue]]:
    yield "topic_coverage", [{"label": row["topic"], "value": row["share"]} for row in report.topic_coverage.rows()]
    yield "brokers", [{"label": row["label"], "value": row["betweenness"]} for row in report.brokers.rows()]


def _agreement_charts(report: Any) -> Iterator[tuple[str, JsonValue]]:
    from smpgraph.analysis.plots import PLOTTED_TERMS

    decades = report.agreements_per_decade.rows()
    yield "agreements_per_decade", [{"label": str(row["decade"]), "value": row["agreements"]} for row in decades]
    series: dict[str, list[JsonValue]] = {}
    for row in report.provision_coverage.rows():
        if row["key"] in PLOTTED_TERMS and isinstance(row["decade"], int) and row["share"] is not None:
            series.setdefault(str(row["label"]), []).append({"x": row["decade"], "y": row["share"]})
    yield "provision_coverage", [{"label": label, "points": points} for label, points in sorted(series.items())]
    top = report.connected_countries.rows()[:20]
    yield "connected_countries", [{"label": row["label"], "value": row["agreements"]} for row in top]


@bp.get("/gaps")
def gaps_page() -> str:
    """Every table of the cooperation-gap analysis, with its charts."""
    try:
        report = _gap_report()
    except AnalysisError:  # no partnership or no stakeholder to analyse: say so on the page
        return render_template("web/gaps.html", kind="gaps", tables=[], summary={}, charts="{}", max_rows=0)
    return render_template(
        "web/gaps.html",
        kind="gaps",
        tables=[table_of(section) for section in report.sections()],
        summary=report.summary(),
        charts=json.dumps(dict(_gap_charts(report)), ensure_ascii=False),
        max_rows=MAX_ROWS,
    )


@bp.get("/gaps/<name>.csv")
def gaps_csv(name: str) -> Response:
    """One table of the gap analysis as CSV."""
    return _csv_response(_section(_gap_report(), name), "gaps")


@bp.get("/gaps/agreements")
def agreements_report_page() -> str:
    """Every table of the bilateral labour agreement network report, with its charts."""
    try:
        report = _agreement_report()
    except AnalysisError as exc:  # a store without the agreements dataset: say so on the page
        if "no bilateral labour agreement" not in str(exc):
            raise
        return render_template("web/gaps.html", kind="agreements", tables=[], summary={}, charts="{}", max_rows=0)
    return render_template(
        "web/gaps.html",
        kind="agreements",
        tables=[table_of(section) for section in report.sections()],
        summary=report.summary(),
        charts=json.dumps(dict(_agreement_charts(report)), ensure_ascii=False),
        max_rows=MAX_ROWS,
    )


@bp.get("/gaps/agreements/<name>.csv")
def agreements_csv(name: str) -> Response:
    """One table of the agreements report as CSV."""
    return _csv_response(_section(_agreement_report(), name), "agreements")
