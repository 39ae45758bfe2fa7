"""Write SELECT and ASK results in the W3C formats (JSON, XML, CSV, TSV) and graphs in RDF formats.

smpgraph writes tabular results itself rather than through the engine's writer because it stops at
the row cap while reading and must say the result was truncated; the work per row is small.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Final
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from smpgraph.errors import UnsupportedFormatError
from smpgraph.namespaces import PREFIXES
from smpgraph.store.base import QueryForm, ResultFormat, SerializedResult
from smpgraph.store.formats import oxigraph_rdf_format
from smpgraph.store.terms import XSD_STRING

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
Row = Sequence[OxTerm | None]

_SPARQL_RESULTS_NS: Final = "http://www.w3.org/2005/sparql-results#"


def serialize_result(
    form: QueryForm,
    result_format: ResultFormat | None,
    *,
    boolean: bool = False,
    variables: Sequence[str] = (),
    rows: Sequence[Row] = (),
    triples: Sequence[ox.Triple] = (),
    truncated: bool = False,
) -> SerializedResult:
    """One query result in the format asked for (SPARQL JSON for SELECT/ASK, Turtle for graphs by default).

    Every backend serialises through this function, so that all of them answer alike.

    Raises:
        UnsupportedFormatError: the format does not fit the query form.
    """
    if form is QueryForm.ASK:
        fmt = result_format or ResultFormat.JSON
        return SerializedResult(form, fmt, write_ask(boolean, fmt))
    if form is QueryForm.SELECT:
        fmt = result_format or ResultFormat.JSON
        return SerializedResult(form, fmt, write_select(variables, rows, fmt), truncated=truncated)
    fmt = result_format or ResultFormat.TURTLE
    return SerializedResult(form, fmt, write_triples(triples, fmt, PREFIXES), truncated=truncated)


def write_select(variables: Sequence[str], rows: Sequence[Row], fmt: ResultFormat) -> bytes:
    """Serialise SELECT rows.

    Raises:
        UnsupportedFormatError: ``fmt`` is not a results format.
    """
    if fmt is ResultFormat.JSON:
        return _json_select(variables, rows)
    if fmt is ResultFormat.XML:
        return _xml_select(variables, rows)
    if fmt is ResultFormat.CSV:
        return _csv_select(variables, rows)
    if fmt is ResultFormat.TSV:
        return _tsv_select(variables, rows)
    raise UnsupportedFormatError(f"SELECT results cannot be written as {fmt.name}; use JSON, XML, CSV or TSV")


def write_ask(value: bool, fmt: ResultFormat) -> bytes:
    """Serialise an ASK answer.

    Raises:
        UnsupportedFormatError: ``fmt`` is not a results format.
    """
    if fmt is ResultFormat.JSON:
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt is ResultFormat.XML:
        word = "true" if value else "false"
        return (
            f'<?xml version="1.0"?>\n<sparql xmlns="{_SPARQL_RESULTS_NS}"><head/><boolean>{word}</boolean></sparql>\n'
        ).encode()
    if fmt in (ResultFormat.CSV, ResultFormat.TSV):
        return ("true\n" if value else "false\n").encode()
    raise UnsupportedFormatError(f"ASK results cannot be written as {fmt.name}; use JSON, XML, CSV or TSV")


def write_triples(triples: Sequence[ox.Triple], fmt: ResultFormat, prefixes: dict[str, str] | None = None) -> bytes:
    """Serialise CONSTRUCT or DESCRIBE triples in an RDF format.

    Raises:
        UnsupportedFormatError: ``fmt`` is not an RDF graph format.
    """
    if fmt.is_tabular or fmt.is_quads:
        raise UnsupportedFormatError(
            f"graph results cannot be written as {fmt.name}; use Turtle, N-Triples, JSON-LD or RDF/XML"
        )
    rdf_format = oxigraph_rdf_format(fmt)
    if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) and prefixes:
        return ox.serialize(triples, format=rdf_format, prefixes=used_prefixes(triples, prefixes)) or b""
    return ox.serialize(triples, format=rdf_format) or b""


def used_prefixes(triples: Sequence[ox.Triple], prefixes: dict[str, str]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of ``triples`` starts with (keeps Turtle headers short)."""
    iris = {
        term.value
        for triple in triples
        for term in (triple.subject, triple.predicate, triple.object)
        if isinstance(term, ox.NamedNode)
    }
    iris.update(t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal))
    return {prefix: ns for prefix, ns in prefixes.items() if any(iri.startswith(ns) for iri in iris)}


def _json_term(term: OxTerm) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    datatype = term.datatype.value
    if datatype == XSD_STRING:
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": datatype}


def _json_select(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    bindings = [
        {name: _json_term(value) for name, value in zip(variables, row, strict=True) if value is not None}
        for row in rows
    ]
    return json.dumps(
        {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}, ensure_ascii=False
    ).encode()


def _xml_term(term: OxTerm) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    datatype = term.datatype.value
    if datatype == XSD_STRING:
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal datatype={quoteattr(datatype)}>{escape(term.value)}</literal>"


def _xml_select(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    out = io.StringIO()
    out.write(f'<?xml version="1.0"?>\n<sparql xmlns="{_SPARQL_RESULTS_NS}"><head>')
    for name in variables:
        out.write(f"<variable name={quoteattr(name)}/>")
    out.write("</head><results>")
    for row in rows:
        out.write("<result>")
        for name, value in zip(variables, row, strict=True):
            if value is not None:
                out.write(f"<binding name={quoteattr(name)}>{_xml_term(value)}</binding>")
        out.write("</result>")
    out.write("</results></sparql>\n")
    return out.getvalue().encode()


def _csv_select(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(
            [
                "" if value is None else ("_:" + value.value if isinstance(value, ox.BlankNode) else value.value)
                for value in row
            ]
        )
    return out.getvalue().encode()


def _tsv_term(term: OxTerm) -> str:
    return str(term).replace("\t", "\\t")  # N-Triples syntax, which escapes quotes and line breaks


def _tsv_select(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    lines = ["\t".join("?" + name for name in variables)]
    lines.extend("\t".join("" if value is None else _tsv_term(value) for value in row) for row in rows)
    return ("\n".join(lines) + "\n").encode()
