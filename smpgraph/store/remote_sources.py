"""Sources of the remote store's loads: reading a file or bytes, parsing it by graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from smpgraph.errors import InputError, ResourceNotFoundError
from smpgraph.store.formats import format_for_path, oxigraph_rdf_format, parser_detail
from smpgraph.store.metadata import META_GRAPH
from smpgraph.store.model import ResultFormat
from smpgraph.store.naming import graph_for_file


def read_source(
    source: Path | str | bytes, *, graph: str | None, fmt: ResultFormat | None, name: str | None
) -> tuple[bytes, str, ResultFormat, URIRef]:
    """The bytes, source name, format and target graph of a load.

    Raises:
        InputError: bytes without a format or a name.
        ResourceNotFoundError: the file does not exist or cannot be read.
    """
    if isinstance(source, bytes):
        if fmt is None or name is None:
            raise InputError("loading bytes needs a format and a name")
        return source, name, fmt, URIRef(graph) if graph else URIRef(graph_for_file(Path(name)))
    path = Path(source)
    if not path.is_file():
        raise ResourceNotFoundError(f"{path}: no such file")
    fmt = fmt or format_for_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ResourceNotFoundError(f"{path}: cannot be read: {exc.strerror}") from None
    return data, name or str(path.resolve()), fmt, URIRef(graph) if graph else graph_for_file(path)


def parse_by_graph(data: bytes, fmt: ResultFormat, source_name: str, target: URIRef) -> dict[str, list[ox.Triple]]:
    """The data's triples by graph (triples outside a graph go to ``target``)."""
    from smpgraph.errors import RdfSyntaxError, UnsupportedFormatError

    if fmt.is_tabular:
        raise UnsupportedFormatError(f"{source_name}: {fmt.name} is a results format, not RDF")
    try:
        ox.NamedNode(str(target))
    except ValueError as exc:
        raise InputError(f"invalid graph IRI {str(target)!r}: {exc}") from None
    by_graph: dict[str, list[ox.Triple]] = {str(target): []} if not fmt.is_quads else {}
    try:
        for quad in ox.parse(data, format=oxigraph_rdf_format(fmt), base_iri=str(target)):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                key = str(target)
            elif isinstance(quad.graph_name, ox.NamedNode):
                key = quad.graph_name.value
            else:
                raise InputError(f"{source_name}: blank-node graph names are not supported")
            by_graph.setdefault(key, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
    except SyntaxError as exc:
        raise RdfSyntaxError(source_name, parser_detail(exc), line=exc.lineno, column=exc.offset) from None
    if str(META_GRAPH) in by_graph:
        raise InputError(f"{source_name}: the graph <{META_GRAPH}> is reserved for smpgraph's metadata")
    return by_graph
