"""Read a draft agreement (YAML, JSON-LD or Turtle) into an rdflib graph.

The entry point is :func:`load_draft`. YAML goes through :mod:`smpgraph.drafts.yamlform` to JSON-LD, and
JSON-LD (from YAML or not) is parsed with the bundled context only: no context is ever fetched. Literals
of numeric and boolean datatypes are put in canonical form so that ``9`` and ``9.0`` as decimals are the
same term in every format. Draft text is never logged.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.plugins.parsers.jsonld import to_rdf
from rdflib.plugins.parsers.notation3 import BadSyntax

from smpgraph.domain import PARTNERSHIP_CLASSES
from smpgraph.drafts.context import localise_contexts
from smpgraph.drafts.model import UNSUPPORTED_SUFFIXES, Draft, DraftFormat
from smpgraph.drafts.yamlform import yaml_to_jsonld
from smpgraph.errors import DraftError, RdfSyntaxError, ResourceNotFoundError, SmpGraphError, UnsupportedFormatError
from smpgraph.namespaces import bind_prefixes

#: largest draft read, in bytes; a draft agreement is a few kilobytes
MAX_DRAFT_BYTES: Final = 2 * 1024 * 1024


def load_draft(
    path_or_text: Path | str | bytes,
    *,
    format: DraftFormat | None = None,
    source_name: str | None = None,
) -> Draft:
    """Read a draft agreement.

    Args:
        path_or_text: a :class:`~pathlib.Path` to read, or the draft's text (``str`` or UTF-8 ``bytes``).
        format: its format; by default guessed from the file extension, else from the content.
        source_name: the name used in messages; by default the file path, else ``"<draft>"``.

    Returns:
        The draft's graph and the agreements it describes.

    Raises:
        DraftError: the draft cannot be read: YAML that does not parse (line:column), an unknown key,
            code, country or ISCO code (line), a remote JSON-LD context, no agreement in it, too large.
        RdfSyntaxError: Turtle or JSON that does not parse (with the line where known).
        UnsupportedFormatError: the file extension is one drafts cannot use.
        ResourceNotFoundError: the path does not exist.

    Examples:
        >>> draft = load_draft("id: partnership/doc-example\\nstatus: draft\\n")
        >>> [str(iri) for iri in draft.agreements]
        ['https://w3id.org/smpgraph/id/partnership/doc-example']
    """
    data: str | bytes
    if isinstance(path_or_text, Path):
        source = source_name or str(path_or_text)
        data = _read_file(path_or_text, source)
        if format is None:
            suffix = path_or_text.suffix.lower()
            if suffix in UNSUPPORTED_SUFFIXES:
                raise UnsupportedFormatError(f"{source}: drafts are Turtle, JSON-LD or YAML, not {suffix}")
            format = DraftFormat.from_suffix(suffix)
    else:
        source = source_name or "<draft>"
        data = path_or_text
    text = _decode(data, source)
    if format is None:
        format = DraftFormat.from_content(text)
    try:
        graph = _parse(text, format, source)
    except SmpGraphError:
        raise
    except RecursionError as exc:
        raise DraftError(f"{source}: draft is nested too deeply") from exc
    _canonicalise_literals(graph)
    agreements = tuple(
        sorted({s for cls in PARTNERSHIP_CLASSES for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)})
    )
    if not agreements:
        raise DraftError(
            f"{source}: no agreement found (nothing is typed smp:SkillsMobilityPartnership, "
            "smp:LabourMobilityPathway or smp:Partnership)"
        )
    return Draft(graph=bind_prefixes(graph), agreements=agreements, format=format)


def _read_file(path: Path, source: str) -> bytes:
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_DRAFT_BYTES + 1)
    except FileNotFoundError as exc:
        raise ResourceNotFoundError(f"{source}: no such file") from exc
    except OSError as exc:
        raise DraftError(f"{source}: cannot read: {exc.strerror or exc}") from exc
    return data


def _decode(data: str | bytes, source: str) -> str:
    if len(data) > MAX_DRAFT_BYTES:
        raise DraftError(f"{source}: draft too large (more than {MAX_DRAFT_BYTES // 1024} KiB)")
    if isinstance(data, str):
        text = data
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DraftError(f"{source}: not UTF-8 text (byte {exc.start})") from exc
    return text.removeprefix("\ufeff")


def _parse(text: str, format: DraftFormat, source: str) -> Graph:
    if format is DraftFormat.YAML:
        return _jsonld_graph(yaml_to_jsonld(text, source), source)
    if format is DraftFormat.JSON_LD:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RdfSyntaxError(source, f"JSON does not parse: {exc.msg}", line=exc.lineno, column=exc.colno) from exc
        return _jsonld_graph(localise_contexts(document, source), source)
    return _turtle_graph(text, source)


def _jsonld_graph(document: Any, source: str) -> Graph:
    graph = Graph()
    try:
        to_rdf(document, graph)
    except SmpGraphError:
        raise
    except RecursionError:
        raise
    except Exception as exc:  # rdflib raises many types on malformed JSON-LD; the parser is the boundary
        raise RdfSyntaxError(source, f"invalid JSON-LD: {exc}") from exc
    return graph


def _turtle_graph(text: str, source: str) -> Graph:
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle", publicID="https://w3id.org/smpgraph/id/")
    except BadSyntax as exc:
        why = getattr(exc, "_why", "bad syntax")
        raise RdfSyntaxError(source, f"Turtle does not parse: {why}", line=exc.lines + 1) from exc
    except RecursionError:
        raise
    except Exception as exc:  # rdflib raises many types on malformed Turtle; the parser is the boundary
        raise RdfSyntaxError(source, f"Turtle does not parse: {exc}") from exc
    return graph


def _canonical(literal: Literal) -> Literal:
    datatype = literal.datatype
    lexical = str(literal).strip()
    try:
        if datatype == XSD.decimal:
            value = Decimal(lexical)
            if not value.is_finite():
                return literal
            text = format(value.normalize(), "f")
            return Literal(text if "." in text else f"{text}.0", datatype=XSD.decimal)
        if datatype == XSD.integer:
            return Literal(str(int(lexical)), datatype=XSD.integer)
        if datatype == XSD.boolean and lexical in ("1", "0", "true", "false"):
            return Literal("true" if lexical in ("1", "true") else "false", datatype=XSD.boolean)
    except (InvalidOperation, ValueError):
        return literal
    return literal


def _canonicalise_literals(graph: Graph) -> None:
    changes = []
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in (XSD.decimal, XSD.integer, XSD.boolean):
            canonical = _canonical(o)
            if str(canonical) != str(o):
                changes.append((s, p, o, canonical))
    for s, p, old, new in changes:
        graph.remove((s, p, old))
        graph.add((s, p, new))
