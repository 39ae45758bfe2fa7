"""Loading into the embedded engine: the source of a load, its checksum, its parse, and the writes.

A triple source is read by the engine itself: by its bulk loader when the target graph has no triples
yet, or when the load is large (over 5 MB) on disk: then the graphs it changes are copied to a backup
first, and put back on failure or, after a crash, at the next open (bounded memory, see ADR 0023); a
small load into a graph that has triples is one transaction. A dataset, or a small new version of a
source, is parsed here first, and a replacement is one SPARQL update that drops the old graphs and
inserts the new quads, so readers see the old version or the new one, never a mix. The engine is passed
as the function that returns it (see :mod:`smpgraph.store.oxigraph`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from smpgraph.errors import InputError, RdfSyntaxError, ResourceNotFoundError, UnsupportedFormatError
from smpgraph.store.formats import format_for_path, oxigraph_rdf_format, parser_detail
from smpgraph.store.load_marker import LoadMarker, clear_in_chunks, remove_marker
from smpgraph.store.model import ResultFormat
from smpgraph.store.naming import graph_for_file


@dataclass(frozen=True, slots=True)
class Source:
    """One source of a load: a file (not read yet) or the data itself.

    Attributes:
        path: the file, when the source is one.
        data: the bytes, when the source is given as bytes.
        name: the source's name in the provenance records.
        format: its RDF format.
        target: the graph its triples go to (a dataset's own graphs aside).
    """

    path: Path | None
    data: bytes | None
    name: str
    format: ResultFormat
    target: URIRef

    def checksum(self) -> str:
        """``sha256:`` and the SHA-256 of the bytes, a file read in chunks (never held whole).

        Raises:
            ResourceNotFoundError: the file cannot be read.
        """
        if self.data is not None:
            return "sha256:" + hashlib.sha256(self.data).hexdigest()
        assert self.path is not None
        try:
            with self.path.open("rb") as stream:
                return "sha256:" + hashlib.file_digest(stream, "sha256").hexdigest()
        except OSError as exc:
            raise ResourceNotFoundError(f"{self.name}: cannot be read: {exc.strerror}") from None

    def size(self) -> int:
        """The number of bytes of the source (0 when the file cannot be read: reading it will say why)."""
        if self.data is not None:
            return len(self.data)
        assert self.path is not None
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    def read(self) -> bytes:
        """The source's bytes.

        Raises:
            ResourceNotFoundError: the file cannot be read.
        """
        if self.data is not None:
            return self.data
        assert self.path is not None
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise ResourceNotFoundError(f"{self.name}: cannot be read: {exc.strerror}") from None


def read_source(source: Path | str | bytes, *, graph: str | None, fmt: ResultFormat | None, name: str | None) -> Source:
    """The file (or the data), the source's name, its format and its target graph; a file is not read.

    Raises:
        InputError: bytes without a format or a name, or an invalid graph IRI.
        ResourceNotFoundError: the file does not exist.
        UnsupportedFormatError: a results format was named.
    """
    if isinstance(source, bytes):
        if fmt is None or name is None:
            raise InputError("loading bytes needs a format and a name")
        target = URIRef(graph) if graph else URIRef(graph_for_file(Path(name)))
        loaded = Source(None, source, name, fmt, target)
    else:
        path = Path(source)
        if not path.is_file():
            raise ResourceNotFoundError(f"{path}: no such file")
        target = URIRef(graph) if graph else graph_for_file(path)
        loaded = Source(path, None, name or str(path.resolve()), fmt or format_for_path(path), target)
    if loaded.format.is_tabular:
        raise UnsupportedFormatError(f"{loaded.name}: {loaded.format.name} is a results format, not RDF")
    try:
        ox.NamedNode(str(loaded.target))
    except ValueError as exc:
        raise InputError(f"invalid graph IRI {str(loaded.target)!r}: {exc}") from None
    return loaded


def parse_quads(source: Source) -> list[ox.Quad]:
    """The source's quads, triples outside a graph put in its target graph.

    Raises:
        RdfSyntaxError: the data does not parse.
        InputError: a graph name is a blank node.
    """
    target_node = ox.NamedNode(str(source.target))
    try:
        parsed = list(ox.parse(source.read(), format=oxigraph_rdf_format(source.format), base_iri=str(source.target)))
    except SyntaxError as exc:
        raise syntax_error(source.name, exc) from None
    quads: list[ox.Quad] = []
    for quad in parsed:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            quads.append(ox.Quad(quad.subject, quad.predicate, quad.object, target_node))
        elif isinstance(quad.graph_name, ox.BlankNode):
            raise InputError(f"{source.name}: blank-node graph names are not supported")
        else:
            quads.append(quad)
    return quads


def graph_names_of(quads: Sequence[ox.Quad]) -> list[str]:
    """The IRIs of the graphs ``quads`` are in, sorted (every quad is in a named graph)."""
    return sorted({quad.graph_name.value for quad in quads if isinstance(quad.graph_name, ox.NamedNode)})


def load_new(engine: Callable[[], ox.Store], source: Source, *, bulk: bool) -> int:
    """Write a first load of a triple source into its target graph; the number of triples it added.

    The engine reads the file itself (no copy of it in Python). The transactional path is one engine
    transaction, which holds every quad in memory until it commits (about 1.7 KB a triple). The bulk path,
    for a graph with no triples yet, is the engine's bulk loader: it commits in chunks (memory bounded),
    so it is not one transaction: the caller puts the graph back as it was on a failure, and keeps a
    marker against a crash (:mod:`smpgraph.store.load_marker`).

    Raises:
        SyntaxError: the engine's parser failed (transactional path: nothing was written).
        OSError: the store could not be written (idem).
    """
    node = ox.NamedNode(str(source.target))
    path = None if source.path is None else str(source.path)
    rdf_format = oxigraph_rdf_format(source.format)
    if bulk:
        engine().bulk_load(source.data, rdf_format, path=path, base_iri=node.value, to_graph=node)
        return count_triples(engine, node.value)
    before = count_triples(engine, node.value) if engine().contains_named_graph(node) else 0
    engine().load(source.data, rdf_format, path=path, base_iri=node.value, to_graph=node)
    return count_triples(engine, node.value) - before


def load_triples(
    engine: Callable[[], ox.Store],
    folder: Path | None,
    source: Source,
    replaced: Sequence[str],
    *,
    large: bool,
) -> int:
    """Load a triple source the engine reads itself, replacing the graphs ``replaced`` (an earlier version's);
    the number of triples of the target graph that the load accounts for.

    Into an empty graph, or any large load (``large``, on disk), by the bulk loader with a marker in the data
    ``folder`` meanwhile (a crash leaves it, and the next open puts the graphs back); graphs that hold
    triples are copied to a backup file first, and the replaced ones cleared, in chunks. A small load into a
    graph that has triples is one transaction. ADR 0023.

    Raises:
        SyntaxError: the engine's parser failed (the graphs were put back as they were).
        OSError: the store could not be written (idem, unless putting back failed too: the marker stays).
    """
    node = ox.NamedNode(str(source.target))
    filled = [graph for graph in dict.fromkeys((*replaced, node.value)) if _has_triples(engine, graph)]
    if filled and not large:
        return load_new(engine, source, bulk=False)
    marker = LoadMarker(node.value, source.name, existed=engine().contains_named_graph(node), saved=tuple(filled))
    if folder is not None:
        marker.save(engine, folder)
        marker.write(folder)
    try:
        for graph in replaced:
            clear_in_chunks(engine, ox.NamedNode(graph))
            if graph != node.value:
                engine().remove_graph(ox.NamedNode(graph))
        before = 0 if node.value in replaced else count_triples(engine, node.value)
        added = load_new(engine, source, bulk=True) - before
    except BaseException:
        marker.undo(engine, folder)  # should this fail too, the marker stays: the next open retries
        if folder is not None:
            remove_marker(folder)
        raise
    if folder is not None:
        remove_marker(folder)
    return added


def _has_triples(engine: Callable[[], ox.Store], graph: str) -> bool:
    return next(engine().quads_for_pattern(None, None, None, ox.NamedNode(graph)), None) is not None


def count_triples(engine: Callable[[], ox.Store], graph: str) -> int:
    """The number of triples in the named graph ``graph``."""
    result = engine().query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert isinstance(result, ox.QuerySolutions)
    for solution in result:
        return int(solution[0].value)
    return 0


def replace_update(graphs: Sequence[str], quads: Sequence[ox.Quad]) -> str:
    """One SPARQL update that drops ``graphs`` and inserts ``quads``: a single transaction."""
    by_graph: dict[str, list[str]] = {}
    for quad in quads:
        if isinstance(quad.graph_name, ox.NamedNode):
            by_graph.setdefault(quad.graph_name.value, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    drops = "".join(f"DROP SILENT GRAPH <{graph}> ;\n" for graph in graphs)
    blocks = "".join(f"GRAPH <{graph}> {{\n" + "\n".join(lines) + "\n}\n" for graph, lines in by_graph.items())
    return drops + (f"INSERT DATA {{\n{blocks}}}" if blocks else "CLEAR SILENT GRAPH <urn:smpgraph:nothing>")


def rdflib_to_quads(graph: Graph, node: ox.NamedNode) -> list[ox.Quad]:
    """An rdflib graph's triples as quads in the graph ``node`` (through N-Triples: the engine's own terms)."""
    data = graph.serialize(format="nt", encoding="utf-8")
    return [ox.Quad(t.subject, t.predicate, t.object, node) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def syntax_error(source: str, exc: SyntaxError) -> RdfSyntaxError:
    """The error for a parse failure of ``source``, with its line and column."""
    return RdfSyntaxError(source, parser_detail(exc), line=exc.lineno, column=exc.offset)


def graph_lines(engine: Callable[[], ox.Store], node: ox.NamedNode) -> set[str]:
    """One graph as the set of its N-Triples lines, written by the engine."""
    if not engine().contains_named_graph(node):
        return set()
    data = engine().dump(format=ox.RdfFormat.N_TRIPLES, from_graph=node) or b""
    return set(data.decode("utf-8").splitlines())


def joined_lines(lines: Iterable[str]) -> str:
    """N-Triples lines joined into one document."""
    return "".join(f"{line}\n" for line in lines)
