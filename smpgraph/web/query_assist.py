"""What helps a person write and read a query: completions, the error's position, chart data, /sparql help.

``GET /query/terms.json?lang=`` lists our prefixes and the classes and properties of the knowledge graph
under them, each with its label in the page's language (the editor completes ``smp:Tra`` from it).
:func:`error_position` finds the line and column a SPARQL syntax error names, so the editor can mark them.
:func:`chart_data` lays out a SELECT result for the chart views (label and number columns) and the map view
(columns of country IRIs, by their ISO 3166-1 alpha-3 code).
A browser that opens ``/sparql`` with no query (``Accept`` prefers ``text/html`` by name) gets a help page;
every other client keeps the SPARQL Protocol's content negotiation (the service description).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Final

from flask import Response, jsonify, render_template, request
from rdflib import URIRef

from smpgraph.i18n import LANGUAGE_NAMES, LANGUAGES
from smpgraph.namespaces import COUNTRY, ID, PREFIXES
from smpgraph.server.context import current_store
from smpgraph.store.base import SelectResult
from smpgraph.web.blueprint import CONTENT_SECURITY_POLICY, bp, current_language
from smpgraph.web.terms import TermView, fetch_labels

__all__ = ["ErrorPosition", "chart_data", "error_position", "wants_html"]

_POSITION: Final = re.compile(r"\b(?:error )?at (\d+):(\d+)\b")
_COUNTRY_CODE: Final = re.compile(r"[A-Z]{2,3}")
#: where our country IRIs live: the EU country authority table, and ours for Kosovo (``id/country/XK``)
_COUNTRY_BASES: Final = (str(COUNTRY), f"{ID}country/")
_NUMERIC_TYPES: Final = frozenset(
    f"xsd:{name}"
    for name in (
        "integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
        "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
    )
)  # fmt: skip
_TERMS_QUERY: Final = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?term ?kind WHERE {
  { ?term a owl:Class . BIND("class" AS ?kind) } UNION { ?term a rdfs:Class . BIND("class" AS ?kind) }
  UNION { ?term a owl:ObjectProperty . BIND("property" AS ?kind) }
  UNION { ?term a owl:DatatypeProperty . BIND("property" AS ?kind) }
  UNION { ?term a rdf:Property . BIND("property" AS ?kind) }
  FILTER(isIRI(?term))
}
"""
#: the SPARQL Protocol's own media types: a client naming any of them above text/html wants data
_MACHINE_TYPES: Final = (
    "text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
    "application/sparql-results+json", "application/sparql-results+xml", "application/json",
)  # fmt: skip


class ErrorPosition(tuple[int, int]):
    """The 1-based line and column a syntax error names."""

    @property
    def line(self) -> int:
        """The line (1-based)."""
        return self[0]

    @property
    def column(self) -> int:
        """The column (1-based)."""
        return self[1]


def error_position(message: str) -> ErrorPosition | None:
    """The position a SPARQL error message names (``error at 3:18``), or None.

    Examples:
        >>> error_position("SPARQL syntax error: error at 3:18: expected one of ABS")
        (3, 18)
        >>> error_position("the query took too long") is None
        True
    """
    match = _POSITION.search(message)
    return ErrorPosition((int(match.group(1)), int(match.group(2)))) if match else None


def _number(text: str, datatype: str | None) -> float | None:
    if datatype not in _NUMERIC_TYPES:
        return None
    try:
        return float(Decimal(text))
    except (InvalidOperation, ValueError):
        return None


def _country(cell: TermView) -> str | None:
    """The code of a country IRI of ours (``.../authority/country/MAR`` -> ``MAR``, Kosovo's ``XK``), or None."""
    if not cell.is_iri or not cell.title:
        return None
    for base in _COUNTRY_BASES:
        if cell.title.startswith(base) and _COUNTRY_CODE.fullmatch(code := cell.title[len(base) :]):
            return code
    return None


def chart_data(columns: Sequence[str], rows: Sequence[Sequence[TermView]]) -> dict[str, object] | None:
    """A SELECT result as the chart and map views read it, or None without a column of numbers or countries.

    Returns:
        ``columns`` (names), ``labels`` (column -> the texts shown), ``numbers`` (column -> numbers, for the
        columns whose bound values are all numeric literals; unbound cells are None) and ``countries``
        (column -> alpha-3 codes, for the columns whose bound values are all country IRIs of ours).
    """
    if not columns or not rows:
        return None
    labels: dict[str, list[str]] = {}
    numbers: dict[str, list[float | None]] = {}
    countries: dict[str, list[str | None]] = {}
    for index, column in enumerate(columns):
        cells = [row[index] for row in rows]
        labels[column] = [cell.text for cell in cells]
        values = [_number(cell.text, cell.title) if cell.text else None for cell in cells]
        bound = [value for value, cell in zip(values, cells, strict=True) if cell.text]
        if bound and all(value is not None for value in bound):
            numbers[column] = values
        codes = [_country(cell) if cell.text else None for cell in cells]
        if any(codes) and all(code is not None for code, cell in zip(codes, cells, strict=True) if cell.text):
            countries[column] = codes
    if not numbers and not countries:
        return None
    return {"columns": list(columns), "labels": labels, "numbers": numbers, "countries": countries}


def _prefixed(iri: str) -> str | None:
    for name, namespace in PREFIXES.items():
        if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z_][\w.-]*", iri[len(namespace) :]):
            return f"{name}:{iri[len(namespace) :]}"
    return None


@bp.get("/query/terms.json")
def query_terms() -> Response:
    """Our prefixes and the classes and properties under them, with their labels (for completion)."""
    store = current_store()
    result = store.query(_TERMS_QUERY)
    kinds: dict[str, str] = {}
    if isinstance(result, SelectResult):
        for term, kind in result.rows:
            if isinstance(term, URIRef):
                kinds.setdefault(str(term), str(kind))
    named = {iri: name for iri in kinds if (name := _prefixed(iri)) is not None}
    labels = fetch_labels(store, named, current_language())
    terms = sorted(
        ({"name": name, "kind": kinds[iri], "label": labels.get(iri, "")} for iri, name in named.items()),
        key=lambda item: item["name"].lower(),
    )
    response = jsonify({"prefixes": PREFIXES, "terms": terms})
    response.headers["Cache-Control"] = "max-age=300"
    response.headers.add("Vary", "Accept-Language")
    return response


def wants_html(accept: str | None) -> bool:
    """Whether an ``Accept`` header names HTML above every SPARQL result or RDF type (a browser's does).

    Examples:
        >>> wants_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
        True
        >>> wants_html("*/*"), wants_html(None), wants_html("text/turtle, text/html;q=0.5")
        (False, False, False)
    """
    if not accept:
        return False
    from werkzeug.datastructures import MIMEAccept
    from werkzeug.http import parse_accept_header

    parsed = parse_accept_header(accept, MIMEAccept)
    html = max((quality for value, quality in parsed if value in ("text/html", "application/xhtml+xml")), default=0)
    machine = max((parsed[media] for media in _MACHINE_TYPES), default=0)
    return html > 0 and html > machine


@bp.before_app_request
def _sparql_help() -> Response | None:
    """``GET /sparql`` from a browser, with no query or update: the help page instead of Turtle."""
    if request.path != "/sparql" or request.method != "GET" or set(request.args) - {"lang"}:
        return None
    if not wants_html(request.headers.get("Accept")):
        return None
    from smpgraph.web.examples import examples

    lang = current_language()
    languages = [(code, LANGUAGE_NAMES[code], f"/sparql?lang={code}") for code in LANGUAGES]
    example = next(iter(examples()), None)
    body = render_template("web/sparql_help.html", prefixes=PREFIXES, example=example, lang=lang, languages=languages)
    response = Response(body, mimetype="text/html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers.add("Vary", "Accept")
    response.headers.add("Vary", "Accept-Language")
    return response
