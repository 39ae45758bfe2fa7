"""RDF formats: names, file suffixes and media types, and their Oxigraph equivalents."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath
from typing import Final

import pyoxigraph as ox

from smpgraph.errors import UnsupportedFormatError
from smpgraph.store.model import ResultFormat

#: the formats ``load`` reads, by file suffix
SUFFIXES: Final[dict[str, ResultFormat]] = {
    ".ttl": ResultFormat.TURTLE,
    ".turtle": ResultFormat.TURTLE,
    ".nt": ResultFormat.NTRIPLES,
    ".ntriples": ResultFormat.NTRIPLES,
    ".nq": ResultFormat.NQUADS,
    ".nquads": ResultFormat.NQUADS,
    ".trig": ResultFormat.TRIG,
    ".jsonld": ResultFormat.JSONLD,
    ".json": ResultFormat.JSONLD,
    ".rdf": ResultFormat.RDFXML,
    ".owl": ResultFormat.RDFXML,
    ".xml": ResultFormat.RDFXML,
}

#: names accepted by ``--format`` and their formats
NAMES: Final[dict[str, ResultFormat]] = {
    "json": ResultFormat.JSON,
    "xml": ResultFormat.XML,
    "csv": ResultFormat.CSV,
    "tsv": ResultFormat.TSV,
    "ttl": ResultFormat.TURTLE,
    "turtle": ResultFormat.TURTLE,
    "nt": ResultFormat.NTRIPLES,
    "ntriples": ResultFormat.NTRIPLES,
    "nq": ResultFormat.NQUADS,
    "nquads": ResultFormat.NQUADS,
    "trig": ResultFormat.TRIG,
    "jsonld": ResultFormat.JSONLD,
    "json-ld": ResultFormat.JSONLD,
    "rdfxml": ResultFormat.RDFXML,
    "xml-rdf": ResultFormat.RDFXML,
}

_OX_RDF: Final = {
    ResultFormat.TURTLE: ox.RdfFormat.TURTLE,
    ResultFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    ResultFormat.NQUADS: ox.RdfFormat.N_QUADS,
    ResultFormat.TRIG: ox.RdfFormat.TRIG,
    ResultFormat.JSONLD: ox.RdfFormat.JSON_LD,
    ResultFormat.RDFXML: ox.RdfFormat.RDF_XML,
}

_BY_MEDIA_TYPE: Final = {fmt.media_type: fmt for fmt in ResultFormat} | {
    "application/x-turtle": ResultFormat.TURTLE,
    "text/n3": ResultFormat.TURTLE,
    "text/plain": ResultFormat.NTRIPLES,
    "application/json": ResultFormat.JSONLD,
    "application/xml": ResultFormat.RDFXML,
    "text/xml": ResultFormat.RDFXML,
}


def format_for_path(path: PurePath | str) -> ResultFormat:
    """The RDF format of a file, by its suffix.

    Raises:
        UnsupportedFormatError: the suffix is not one smpgraph reads; the message lists those it reads.
    """
    suffix = PurePath(str(path)).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    raise UnsupportedFormatError(
        f"{path}: unknown RDF format {suffix or '(no suffix)'!r}; supported: {', '.join(sorted(SUFFIXES))}"
    )


def format_by_name(name: str) -> ResultFormat:
    """A format from its short name (``ttl``, ``json``...).

    Raises:
        UnsupportedFormatError: the name is unknown; the message lists the known names.
    """
    try:
        return NAMES[name.lower()]
    except KeyError:
        raise UnsupportedFormatError(f"unknown format {name!r}; supported: {', '.join(sorted(NAMES))}") from None


def format_by_media_type(media_type: str) -> ResultFormat | None:
    """A format from a media type (parameters such as ``charset`` ignored), or None."""
    return _BY_MEDIA_TYPE.get(media_type.split(";", 1)[0].strip().lower())


def oxigraph_rdf_format(fmt: ResultFormat) -> ox.RdfFormat:
    """The Oxigraph RDF format of a graph or dataset format.

    Raises:
        UnsupportedFormatError: ``fmt`` is a results format (JSON, XML, CSV, TSV).
    """
    try:
        return _OX_RDF[fmt]
    except KeyError:
        raise UnsupportedFormatError(f"{fmt.name} is a results format, not an RDF format") from None


def check_syntax(path: PurePath, fmt: ResultFormat | None = None) -> int:
    """Parse a file completely without storing it; returns its number of triples or quads.

    Raises:
        RdfSyntaxError: the file does not parse (file, line and problem named).
        UnsupportedFormatError: the format is unknown.
    """
    fmt = fmt or format_for_path(path)
    return _count_parsed(ox.parse(path=str(path), format=oxigraph_rdf_format(fmt), base_iri=_CHECK_BASE), str(path))


def check_syntax_bytes(data: bytes, fmt: ResultFormat, name: str) -> int:
    """Parse data completely without storing it; returns its number of triples or quads.

    Raises:
        RdfSyntaxError: the data does not parse (name, line and problem named).
    """
    return _count_parsed(ox.parse(data, format=oxigraph_rdf_format(fmt), base_iri=_CHECK_BASE), name)


_CHECK_BASE: Final = "urn:smpgraph:check"
_WHERE_SUFFIX: Final = re.compile(r"\s*\((?:[^()]*, )?line \d+\)$")


def parser_detail(exc: SyntaxError) -> str:
    """The engine's parse error without its own position prefix and suffix (smpgraph adds file:line)."""
    message = str(exc)
    if message.startswith("Parser error") and ": " in message:
        message = message.split(": ", 1)[1]
    return _WHERE_SUFFIX.sub("", message)


def _count_parsed(parser: Iterable[object], name: str) -> int:
    from smpgraph.errors import RdfSyntaxError

    count = 0
    try:
        for count, _ in enumerate(parser, 1):  # noqa: B007 - only the count is wanted
            pass
    except SyntaxError as exc:
        raise RdfSyntaxError(name, parser_detail(exc), line=exc.lineno, column=exc.offset) from None
    return count
