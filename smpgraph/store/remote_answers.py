"""Reading a remote engine's answers: SPARQL JSON into engine terms, RDF bodies into triples.

SPARQL JSON is read into engine terms with the literal typing normalised: ``xsd:string`` becomes a
plain literal, Virtuoso's ``typed-literal`` and its ``"1"``/``"0"`` booleans are read as RDF 1.1 terms,
its ``nodeID://`` blank nodes as blank nodes (docs/decisions/0006-remote-store.md).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any, Final

import pyoxigraph as ox
import requests

from smpgraph.errors import SmpGraphError
from smpgraph.store.formats import format_by_media_type, oxigraph_rdf_format
from smpgraph.store.terms import OxTerm

N_TRIPLES: Final = "application/n-triples"
XSD: Final = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING: Final = XSD + "string"
_XSD_BOOLEAN: Final = XSD + "boolean"
_RDF_LANG_STRING: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_BNODE_ID: Final = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_\-.]*$")


@dataclass(frozen=True, slots=True)
class SelectRows:
    """Rows of a SELECT read from SPARQL JSON, with what the engine said about its own row cap."""

    variables: tuple[str, ...]
    rows: list[tuple[OxTerm | None, ...]]
    server_capped: bool


def select_rows(response: requests.Response) -> SelectRows:
    """The rows of a SELECT answer in SPARQL JSON (``None`` where unbound).

    Raises:
        SmpGraphError: the body is not SPARQL JSON.
    """
    payload = _json(response)
    variables = tuple(str(v) for v in payload.get("head", {}).get("vars", []))
    cache: dict[tuple[str, ...], OxTerm] = {}
    rows = [
        tuple(_term(binding[name], cache) if name in binding else None for name in variables)
        for binding in payload.get("results", {}).get("bindings", [])
    ]
    return SelectRows(variables, rows, engine_capped(response))


def engine_capped(response: requests.Response) -> bool:
    """Whether the engine says it cut the answer at its row cap (Virtuoso's header, or smpgraph serve's)."""
    return "X-SPARQL-MaxRows" in response.headers or response.headers.get("SMPGraph-Results-Truncated") == "true"


def ask_answer(response: requests.Response) -> bool:
    """The answer of an ASK in SPARQL JSON.

    Raises:
        SmpGraphError: the body is not SPARQL JSON.
    """
    value = _json(response).get("boolean")
    if isinstance(value, str):  # some engines send "true"/"1"
        return value.strip().lower() in ("true", "1")
    return bool(value)


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError:
        raise SmpGraphError(
            f"the engine answered {response.headers.get('Content-Type', 'untyped')} that is not SPARQL JSON"
        ) from None
    if not isinstance(payload, dict):
        raise SmpGraphError("the engine's SPARQL JSON is not an object")
    return payload


def _term(binding: dict[str, str], cache: dict[tuple[str, ...], OxTerm]) -> OxTerm:
    """One SPARQL JSON binding as an engine term, with the literal typing normalised."""
    kind = binding.get("type", "")
    value = binding.get("value", "")
    lang = binding.get("xml:lang")
    datatype = binding.get("datatype")
    key = (kind, value, lang or "", datatype or "")
    term = cache.get(key)
    if term is not None:
        return term
    if kind == "uri":
        term = ox.NamedNode(value)
    elif kind == "bnode":
        label = value.removeprefix("nodeID://").removeprefix("_:")
        if not _BNODE_ID.match(label):
            label = "h" + hashlib.sha256(label.encode()).hexdigest()[:24]
        term = ox.BlankNode(label)
    elif lang:
        term = ox.Literal(value, language=lang)
    elif datatype and datatype not in (_XSD_STRING, _RDF_LANG_STRING):
        if datatype == _XSD_BOOLEAN and value in ("1", "0"):  # Virtuoso writes booleans as 1/0 in JSON
            value = "true" if value == "1" else "false"
        term = ox.Literal(value, datatype=ox.NamedNode(datatype))
    else:
        term = ox.Literal(value)
    cache[key] = term
    return term


def parse_triples(response: requests.Response) -> list[ox.Triple]:
    """The RDF body of an answer as triples (N-Triples unless the engine said otherwise).

    Raises:
        SmpGraphError: the body does not parse.
    """
    fmt = format_by_media_type(response.headers.get("Content-Type", N_TRIPLES))
    rdf_format = ox.RdfFormat.N_TRIPLES
    if fmt is not None and not fmt.is_tabular:
        rdf_format = oxigraph_rdf_format(fmt)
    try:
        return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.content, format=rdf_format)]
    except SyntaxError as exc:
        raise SmpGraphError(f"the engine's {rdf_format} answer does not parse: {exc}") from None
