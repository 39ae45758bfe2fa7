"""The query page: a SPARQL editor, the competency questions as examples, results as a linked table.

``GET /query?query=`` runs a query (read-only, with the server's deadline and row cap) and shows the
result; ``GET /query/download?query=&format=`` answers it in any result format the SPARQL endpoint
writes, serialised by the engine as ``/sparql`` does, as an attachment (CSV opens in a spreadsheet).
A result is shown as a table, as a bar, line or pie chart when a column holds numbers, and as a world map
(``static/query_map.js`` over the outline of ``static/viz/world.js``) when a column holds country IRIs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from flask import Response, render_template, request, url_for

from smpgraph.errors import SmpGraphError
from smpgraph.namespaces import PREFIXES
from smpgraph.server.context import current_settings, current_store
from smpgraph.server.negotiation import content_type, offers_for
from smpgraph.store.base import AskResult, GraphResult, QueryResult, ResultFormat, SelectResult
from smpgraph.store.sparql_text import query_form
from smpgraph.web.blueprint import bp, current_language
from smpgraph.web.examples import examples
from smpgraph.web.query_assist import chart_data, error_position
from smpgraph.web.terms import TermView, fetch_labels, term_view

__all__ = ["DISPLAY_ROWS", "VIEWS", "ResultTable", "result_table"]

#: the ways the page shows a result (``?view=``); the charts need a column of numbers, the map one of countries
VIEWS: Final = ("table", "bar", "line", "pie", "map")
_CHARTS: Final = ("bar", "line", "pie")
#: rows shown on the page at most (downloads go up to the server's row cap)
DISPLAY_ROWS: Final = 1000
_DEFAULT_BODY: Final = (
    "SELECT ?partnership ?label WHERE {\n"
    "  ?partnership a smp:SkillsMobilityPartnership ;\n"
    "               rdfs:label ?label .\n"
    '  FILTER(langMatches(lang(?label), "en"))\n'
    "}\nORDER BY ?label\nLIMIT 50\n"
)
_DOWNLOAD_NAMES: Final = {
    ResultFormat.JSON: "SPARQL JSON",
    ResultFormat.XML: "SPARQL XML",
    ResultFormat.CSV: "CSV",
    ResultFormat.TSV: "TSV",
    ResultFormat.TURTLE: "Turtle",
    ResultFormat.NTRIPLES: "N-Triples",
    ResultFormat.JSONLD: "JSON-LD",
    ResultFormat.RDFXML: "RDF/XML",
}


@dataclass(frozen=True, slots=True)
class ResultTable:
    """A query result laid out for the page.

    Attributes:
        columns: the column headings.
        rows: the cells.
        truncated: True when a row cap cut the result short.
        boolean: the answer of an ASK query (then there are no columns).
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[TermView, ...], ...]
    truncated: bool = False
    boolean: bool | None = None


def result_table(result: QueryResult, labels: dict[str, str] | None = None) -> ResultTable:
    """Lay out a SELECT, ASK, CONSTRUCT or DESCRIBE result as a table (a graph as subject/predicate/object)."""
    if isinstance(result, AskResult):
        return ResultTable(columns=(), rows=(), boolean=result.value)
    if isinstance(result, SelectResult):
        rows = tuple(tuple(term_view(term, labels) for term in row) for row in result.rows)
        return ResultTable(columns=result.variables, rows=rows, truncated=result.truncated)
    assert isinstance(result, GraphResult)
    triples = sorted(result.graph, key=lambda triple: tuple(str(term) for term in triple))
    rows = tuple(tuple(term_view(term, labels) for term in triple) for triple in triples)
    return ResultTable(columns=("subject", "predicate", "object"), rows=rows, truncated=result.truncated)


def _iris(result: QueryResult) -> set[str]:
    from rdflib import URIRef

    if isinstance(result, SelectResult):
        return {str(term) for row in result.rows for term in row if isinstance(term, URIRef)}
    if isinstance(result, GraphResult):
        return {str(term) for triple in result.graph for term in triple if isinstance(term, URIRef)}
    return set()


def default_query() -> str:
    """The query the editor opens with: our prefixes, then a simple SELECT."""
    used = ("smp", "rdfs")
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in used) + _DEFAULT_BODY


@bp.get("/query")
def query_page() -> tuple[str, int]:
    """The editor; with ``?query=``, also the result or the error."""
    text = request.args.get("query")
    example_key = request.args.get("example")
    chosen = next((item for item in examples() if item.key == example_key), None)
    if text is None and chosen is not None:
        text = chosen.sparql
    table: ResultTable | None = None
    error: str | None = None
    formats: list[tuple[str, str]] = []
    view = request.args.get("view", "table")
    view = view if view in VIEWS else "table"
    status = 200
    if text is not None and text.strip():
        settings = current_settings()
        store = current_store()
        cap = min(settings.max_rows, DISPLAY_ROWS) if settings.max_rows else DISPLAY_ROWS
        try:
            form = query_form(text)
            result = store.query(text, timeout_s=settings.query_timeout_s, max_rows=cap)
            labels = fetch_labels(store, _iris(result), current_language())
            table = result_table(result, labels)
            formats = [(fmt.suffix, _DOWNLOAD_NAMES[fmt]) for fmt in offers_for(form)]
        except SmpGraphError as exc:
            error = str(exc)
            status = exc.http_status if 400 <= exc.http_status < 600 else 400
    position = error_position(error) if error else None
    chart = chart_data(table.columns, table.rows) if table is not None and table.boolean is None else None
    offered = ["table"]
    if chart is not None:
        offered += list(_CHARTS) if chart["numbers"] else []
        offered += ["map"] if chart["countries"] else []
    return (
        render_template(
            "web/query.html",
            view=view,
            views=offered,
            chart=chart,
            error_line=position.line if position else None,
            error_column=position.column if position else None,
            query=text if text is not None else default_query(),
            ran=text is not None and bool(text.strip()),
            table=table,
            error=error,
            formats=formats,
            examples=examples(),
            chosen=chosen,
            prefixes=PREFIXES,
            display_rows=DISPLAY_ROWS,
            max_rows=current_settings().max_rows,
            world_url=url_for("web.static", filename="vendor/world-atlas-2.0.2/countries-110m.json"),
            codes_url=url_for("web.static", filename="map/iso-numeric.json"),
        ),
        status,
    )


@bp.get("/query/download")
def query_download() -> Response:
    """The result of ``?query=`` in ``?format=`` (a suffix: csv, tsv, srj, srx, ttl, nt, jsonld, rdf)."""
    from smpgraph.server.errors import ProtocolError

    text = request.args.get("query", "")
    suffix = request.args.get("format", "csv")
    if not text.strip():
        raise ProtocolError("name the query to download with ?query=")
    offers = offers_for(query_form(text))
    fmt = next((offer for offer in offers if offer.suffix == suffix), None)
    if fmt is None:
        choices = ", ".join(offer.suffix for offer in offers)
        raise ProtocolError(f"this query's result can be downloaded as {choices}, not {suffix!r}")
    settings = current_settings()
    result = current_store().query_serialized(text, fmt, timeout_s=settings.query_timeout_s, max_rows=settings.max_rows)
    response = Response(result.body, content_type=content_type(result.format))
    response.headers["Content-Disposition"] = f'attachment; filename="smpgraph-results.{fmt.suffix}"'
    if result.truncated:
        response.headers["SMPGraph-Results-Truncated"] = "true"
    return response
