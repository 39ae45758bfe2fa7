"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/data``.

Graphs are named by ``?default``, ``?graph=IRI`` (indirect identification) or by the request URL itself
(direct identification, ``/data/{path}``). GET and HEAD are open to everyone; PUT (replace), POST (add;
on ``/data`` itself: create a new graph, 201 with its ``Location``) and DELETE need the update token.
Bodies are read by the engine in Turtle, N-Triples, JSON-LD or RDF/XML (or ``multipart/form-data`` of
those), never fetching anything (JSON-LD remote contexts are refused). The metadata graph is served
read-only from the store's provenance records; the inferred graph is computed, so it is read-only too.

Statuses: 200 graph, 201 created, 204 replaced/added/deleted, 400 bad graph IRI or RDF syntax (file,
line), 401/403 as for updates, 404 no such graph, 406, 413, 415 body media type not read.
"""

from __future__ import annotations

import uuid
from typing import Final

import pyoxigraph as ox
from flask import Blueprint, Response, request
from rdflib import Graph

from smpgraph.errors import RdfSyntaxError, ResourceNotFoundError, UpdateNotAllowedError
from smpgraph.server.context import current_settings, current_store
from smpgraph.server.errors import ProtocolError, UnsupportedMediaTypeError, empty_response
from smpgraph.server.negotiation import GRAPH_OFFERS, choose_format, content_type
from smpgraph.server.security import require_update_token
from smpgraph.store.base import GraphStore, ResultFormat
from smpgraph.store.formats import format_by_media_type, format_for_path, oxigraph_rdf_format
from smpgraph.store.metadata import INFERRED_GRAPH, META_GRAPH
from smpgraph.store.terms import triples_to_graph

bp = Blueprint("gsp", __name__)

_METHODS: Final = ["GET", "PUT", "POST", "DELETE"]
_RDFLIB_NAMES: Final = {
    ResultFormat.TURTLE: "turtle",
    ResultFormat.NTRIPLES: "nt",
    ResultFormat.JSONLD: "json-ld",
    ResultFormat.RDFXML: "xml",
}


class _Dataset:
    """Marker: the request names no graph (``/data`` without ``?default`` or ``?graph=``)."""


_NO_GRAPH: Final = _Dataset()


@bp.route("/data", methods=_METHODS)
def indirect() -> Response:
    """``/data?default`` and ``/data?graph=IRI``; POST to ``/data`` alone creates a graph."""
    args = request.args
    graphs = args.getlist("graph")
    if "default" in args and graphs:
        raise ProtocolError("give either ?default or ?graph=IRI, not both")
    if len(graphs) > 1:
        raise ProtocolError(f"the request names {len(graphs)} graphs; give one ?graph=IRI")
    if "default" in args:
        return _handle(None)
    if graphs:
        return _handle(_check_iri(graphs[0]))
    return _handle(_NO_GRAPH)


@bp.route("/data/<path:path>", methods=_METHODS)
def direct(path: str) -> Response:
    """Direct identification: the graph IRI is the request URL (without its query string)."""
    del path  # the whole URL is the name
    if "graph" in request.args or "default" in request.args:
        raise ProtocolError("a graph named by its URL takes no ?graph= or ?default parameter")
    return _handle(_check_iri(request.base_url))


def _check_iri(iri: str) -> str:
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise ProtocolError(f"not an absolute IRI: {iri!r} ({exc})") from None
    return iri


def _handle(target: str | _Dataset | None) -> Response:
    store = current_store()
    if request.method in ("GET", "HEAD"):  # for HEAD, werkzeug drops the body
        if isinstance(target, _Dataset):
            raise ProtocolError("name the graph to read: /data?default, /data?graph=IRI or /data/{path}")
        return _get(store, target)
    require_update_token(current_settings().update_token)
    if target is not None and not isinstance(target, _Dataset) and target in (str(META_GRAPH), str(INFERRED_GRAPH)):
        raise UpdateNotAllowedError(f"<{target}> is maintained by smpgraph itself and cannot be written")
    if request.method == "DELETE":
        if isinstance(target, _Dataset):
            raise ProtocolError("name the graph to delete: /data?default, /data?graph=IRI or /data/{path}")
        if target is not None and not _exists(store, target):
            raise ResourceNotFoundError(f"no graph <{target}> in the store")
        store.drop_graph(target)
        return empty_response(204)
    created_here = isinstance(target, _Dataset)
    if isinstance(target, _Dataset):
        if request.method != "POST":
            raise ProtocolError("name the graph to replace: /data?default, /data?graph=IRI or /data/{path}")
        iri: str | None = f"{request.host_url}data/graphs/{uuid.uuid4().hex}"
    else:
        iri = target
    data = _read_body(iri or request.base_url)
    existed = store.put_graph(iri, data, replace=request.method == "PUT")
    if created_here or not existed:
        return empty_response(201, location=iri)
    return empty_response(204)


def _exists(store: GraphStore, iri: str) -> bool:
    return store.has_graph(iri)


def _get(store: GraphStore, target: str | None) -> Response:
    fmt = choose_format(request.headers.get("Accept"), GRAPH_OFFERS)
    if target == str(META_GRAPH):
        body = store.metadata.public_graph().serialize(format=_RDFLIB_NAMES[fmt], encoding="utf-8")  # no local paths
    else:
        body = store.graph_bytes(target, fmt)
    return Response(body, content_type=content_type(fmt))


def _read_body(base_iri: str) -> Graph:
    """The request body as an rdflib Graph, parsed by the engine (which never fetches anything).

    Raises:
        UnsupportedMediaTypeError: the body's media type is not an RDF graph format.
        RdfSyntaxError: the body does not parse (line and column named).
    """
    mimetype = request.mimetype
    graph = Graph()
    if mimetype == "multipart/form-data":
        if not request.files:
            raise ProtocolError("the multipart body has no file part")
        for name, part in request.files.items(multi=True):
            fmt = format_by_media_type(part.mimetype) if part.mimetype else None
            if fmt is None and part.filename:
                fmt = format_for_path(part.filename)
            _parse_into(graph, part.read(), _graph_format(fmt, part.mimetype), base_iri, f"part {name!r}")
        return graph
    fmt = format_by_media_type(mimetype) if mimetype else None
    _parse_into(graph, request.get_data(cache=False), _graph_format(fmt, mimetype), base_iri, "request body")
    return graph


def _graph_format(fmt: ResultFormat | None, mimetype: str | None) -> ResultFormat:
    if fmt is None or fmt.is_tabular or fmt.is_quads:
        raise UnsupportedMediaTypeError(
            f"the body must be an RDF graph ({', '.join(f.media_type for f in GRAPH_OFFERS)}), "
            f"not {mimetype or 'untyped'}"
        )
    return fmt


def _parse_into(graph: Graph, data: bytes, fmt: ResultFormat, base_iri: str, source: str) -> None:
    try:
        quads = ox.parse(data, format=oxigraph_rdf_format(fmt), base_iri=base_iri)
        triples_to_graph((ox.Triple(q.subject, q.predicate, q.object) for q in quads), graph)
    except SyntaxError as exc:
        message = str(exc)
        detail = message.split(": ", 1)[1] if message.startswith("Parser error") and ": " in message else message
        raise RdfSyntaxError(source, detail, line=exc.lineno, column=exc.offset) from None
    except ValueError as exc:
        raise RdfSyntaxError(source, str(exc)) from None
