"""Write SELECT and ASK results in the W3C formats (JSON, XML, CSV, TSV) and graphs in RDF formats.

Two writers for each kind of result. :func:`engine_select_bytes` and :func:`engine_graph_bytes` let
Oxigraph write a result within the row cap in one call: reading a result row by row from Python
releases and takes back the GIL for every row, which under concurrent requests became the server's
main cost (context switches, see docs/decisions/0010-select-results-writer.md). A result that may be
longer than the cap is read row by row instead (:func:`write_select`, :func:`write_triples`), which
stops at the cap and says the result was truncated.
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
from smpgraph.store.formats import oxigraph_rdf_format
from smpgraph.store.model import QueryForm, ResultFormat, SerializedResult
from smpgraph.store.terms import XSD_STRING, OxTerm

Row = Sequence[OxTerm | None]

_SPARQL_RESULTS_NS: Final = "http://www.w3.org/2005/sparql-results#"
_OX_RESULTS: Final = {
    ResultFormat.JSON: ox.QueryResultsFormat.JSON,
    ResultFormat.XML: ox.QueryResultsFormat.XML,
    ResultFormat.CSV: ox.QueryResultsFormat.CSV,
    ResultFormat.TSV: ox.QueryResultsFormat.TSV,
}
ENGINE_BYTES_PER_ROW: Final = 1024
"""Budget of the engine writer: ``max_rows`` times this many bytes, past which the row-by-row reader takes over."""


class _OverBudgetError(Exception):
    """Raised inside the engine writer's output to stop it."""


class _Budgeted:
    """A binary output for ``QuerySolutions.serialize`` that keeps the chunks and stops past ``limit`` bytes."""

    __slots__ = ("chunks", "limit", "size")

    def __init__(self, limit: int) -> None:
        self.chunks: list[bytes] = []
        self.limit = limit
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.limit and self.size > self.limit:
            raise _OverBudgetError
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the chunks stay in memory."""


def engine_select_bytes(solutions: ox.QuerySolutions, fmt: ResultFormat, max_rows: int) -> bytes | None:
    """Serialise ``solutions`` with Oxigraph's own writer, or None if the result may exceed ``max_rows``.

    ``max_rows`` 0 means no cap. Past the cap, or past ``max_rows * ENGINE_BYTES_PER_ROW`` bytes, the
    writer is stopped and None returned: ``solutions`` is then spent and the caller must run the query
    again and read it row by row. The row count is bounded from above by cheap byte counts that are
    exact for XML and TSV (their literals escape ``<`` and line breaks) and an upper bound for JSON and
    CSV (a literal may contain ``},{`` or a line break), so a result within the cap is never mistaken
    for a longer one, and a rare false alarm only costs the slower path.

    Raises:
        UnsupportedFormatError: ``fmt`` is not a results format.
    """
    engine_format = _OX_RESULTS.get(fmt)
    if engine_format is None:
        raise _not_a_table("SELECT", fmt)
    output = _Budgeted(max_rows * ENGINE_BYTES_PER_ROW)
    try:
        solutions.serialize(output, format=engine_format)  # type: ignore[arg-type]  # any object with write()
    except _OverBudgetError:
        return None
    data = b"".join(output.chunks)
    if max_rows and _max_rows_in(data, fmt) > max_rows:
        return None
    return data


def engine_graph_bytes(
    triples: ox.QueryTriples, fmt: ResultFormat, max_triples: int, prefixes: dict[str, str] | None = None
) -> bytes | None:
    """Serialise a CONSTRUCT or DESCRIBE result with the engine's writers, or None if it may exceed the cap.

    The engine first writes N-Triples in one call (one line per triple, so the count is exact), within a
    budget of ``max_triples * ENGINE_BYTES_PER_ROW`` bytes; other formats are written from a scratch
    in-memory store loaded with those lines, Turtle with the ``prefixes`` whose namespace occurs. None
    means: ``triples`` is spent; run the query again and read it triple by triple.

    Raises:
        UnsupportedFormatError: ``fmt`` is not an RDF graph format.
    """
    _check_graph_format(fmt)
    output = _Budgeted(max_triples * ENGINE_BYTES_PER_ROW)
    try:
        triples.serialize(output, format=ox.RdfFormat.N_TRIPLES)  # type: ignore[arg-type]  # any object with write()
    except _OverBudgetError:
        return None
    ntriples = b"".join(output.chunks)
    if max_triples and ntriples.count(b"\n") > max_triples:
        return None
    if fmt is ResultFormat.NTRIPLES:
        return ntriples
    scratch = ox.Store()
    scratch.load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    rdf_format = oxigraph_rdf_format(fmt)
    used = None
    if fmt is ResultFormat.TURTLE and prefixes:
        used = {prefix: ns for prefix, ns in prefixes.items() if b"<" + ns.encode() in ntriples}
    return scratch.dump(format=rdf_format, from_graph=ox.DefaultGraph(), prefixes=used) or b""


def _not_a_table(form: str, fmt: ResultFormat) -> UnsupportedFormatError:
    return UnsupportedFormatError(f"{form} results cannot be written as {fmt.name}; use JSON, XML, CSV or TSV")


def _check_graph_format(fmt: ResultFormat) -> None:
    if fmt.is_tabular or fmt.is_quads:
        raise UnsupportedFormatError(
            f"graph results cannot be written as {fmt.name}; use Turtle, N-Triples, JSON-LD or RDF/XML"
        )


def _max_rows_in(data: bytes, fmt: ResultFormat) -> int:
    """An upper bound of the number of solutions in an Oxigraph-written result (exact for XML and TSV)."""
    if fmt is ResultFormat.XML:
        return data.count(b"<result>")
    if fmt is ResultFormat.JSON:  # consecutive rows are joined by "},{"; no row at all: "bindings":[]
        return 0 if data.endswith(b'"bindings":[]}}') else data.count(b"},{") + 1
    return max(0, data.count(b"\n") - 1)  # CSV and TSV: a header line, then one line per row


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
    fmt = result_format or default_format(form)
    if form is QueryForm.ASK:
        return SerializedResult(form, fmt, write_ask(boolean, fmt))
    if form is QueryForm.SELECT:
        return SerializedResult(form, fmt, write_select(variables, rows, fmt), truncated=truncated)
    return SerializedResult(form, fmt, write_triples(triples, fmt, PREFIXES), truncated=truncated)


def default_format(form: QueryForm) -> ResultFormat:
    """The format of a result when none is asked for: SPARQL JSON for SELECT and ASK, Turtle for graphs."""
    return ResultFormat.JSON if form in (QueryForm.SELECT, QueryForm.ASK) else ResultFormat.TURTLE


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
    raise _not_a_table("SELECT", fmt)


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
    raise _not_a_table("ASK", fmt)


def write_triples(triples: Sequence[ox.Triple], fmt: ResultFormat, prefixes: dict[str, str] | None = None) -> bytes:
    """Serialise CONSTRUCT or DESCRIBE triples in an RDF format.

    Raises:
        UnsupportedFormatError: ``fmt`` is not an RDF graph format.
    """
    _check_graph_format(fmt)
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
