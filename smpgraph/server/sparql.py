"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: queries, authenticated updates, service description.

Queries: GET ``?query=``, POST ``application/x-www-form-urlencoded`` (``query=``) and POST
``application/sparql-query``, with ``default-graph-uri`` / ``named-graph-uri``; results negotiated
by ``Accept`` (q-values). Updates: POST ``update=`` or ``application/sparql-update`` with
``using-graph-uri`` / ``using-named-graph-uri``, only with the operator's bearer token.
GET without a query answers the service description (Turtle, N-Triples, JSON-LD or RDF/XML).

Statuses: 200 results, 204 update done, 400 malformed request or query (the parser's message),
401 missing or wrong token, 403 read-only endpoint or refused ``SERVICE``/``LOAD``, 405 other
methods, 406 no acceptable format, 413 body too large, 415 body media type or charset not read,
503 deadline passed or too many queries running.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Sequence
from typing import Final, TypeVar

from flask import Blueprint, Response, current_app, request
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF
from werkzeug.datastructures import MultiDict

from smpgraph.errors import QueryError
from smpgraph.server.context import current_settings, current_store
from smpgraph.server.errors import ProtocolError, UnsupportedMediaTypeError, empty_response
from smpgraph.server.negotiation import GRAPH_OFFERS, choose_format, content_type, offers_for
from smpgraph.server.security import mark_read, require_update_token
from smpgraph.store.advert import LOCAL_KEY_HEADER
from smpgraph.store.base import ResultFormat, SerializedResult
from smpgraph.store.sparql_text import query_form

bp = Blueprint("sparql", __name__)

SD: Final = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS: Final = Namespace("http://www.w3.org/ns/formats/")
TRUNCATED_HEADER: Final = "SMPGraph-Results-Truncated"
#: the app's config key of the local read key that `smpgraph serve` advertises in its data dir (ADR 0019)
LOCAL_KEY_CONFIG: Final = "SMPGRAPH_LOCAL_READ_KEY"

#: W3C format IRIs (http://www.w3.org/ns/formats/) of the formats the endpoint writes
FORMAT_IRIS: Final = {
    ResultFormat.JSON: FORMATS.SPARQL_Results_JSON,
    ResultFormat.XML: FORMATS.SPARQL_Results_XML,
    ResultFormat.CSV: FORMATS.SPARQL_Results_CSV,
    ResultFormat.TSV: FORMATS.SPARQL_Results_TSV,
    ResultFormat.TURTLE: FORMATS.Turtle,
    ResultFormat.NTRIPLES: FORMATS["N-Triples"],
    ResultFormat.JSONLD: FORMATS["JSON-LD"],
    ResultFormat.RDFXML: FORMATS.RDF_XML,
}
_RDFLIB_NAMES: Final = {
    ResultFormat.TURTLE: "turtle",
    ResultFormat.NTRIPLES: "nt",
    ResultFormat.JSONLD: "json-ld",
    ResultFormat.RDFXML: "xml",
}
_FORM: Final = "application/x-www-form-urlencoded"
_QUERY: Final = "application/sparql-query"
_UPDATE: Final = "application/sparql-update"

T = TypeVar("T")


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """The SPARQL 1.1 Protocol: dispatch a request to a query, an update or the service description."""
    if request.method == "GET":
        args = request.args
        if "update" in args:
            raise ProtocolError("an update must be sent by POST (SPARQL 1.1 Protocol 2.2), not by GET")
        if "query" not in args:
            return service_description()
        return _query(_single(args, "query"), args, args)
    mimetype = request.mimetype
    if mimetype == _FORM:
        _check_charset()
        form = request.form
        if "query" in form and "update" in form:
            raise ProtocolError("the request has both a query and an update parameter; send one")
        if "update" in form:
            return _update(_single(form, "update"), request.args, form)
        if "query" in form:
            return _query(_single(form, "query"), request.args, form)
        raise ProtocolError("the form has no 'query' or 'update' parameter")
    if mimetype == _QUERY:
        return _query(_body_text(), request.args, MultiDict())
    if mimetype == _UPDATE:
        require_update_token(current_settings().update_token)
        return _update(_body_text(), request.args, MultiDict(), checked=True)
    raise UnsupportedMediaTypeError(
        f"a POST to the SPARQL endpoint must be {_FORM}, {_QUERY} or {_UPDATE}, not {mimetype or 'untyped'}"
    )


def _single(params: MultiDict[str, str], name: str) -> str:
    values = params.getlist(name)
    if len(values) != 1:
        raise ProtocolError(f"the request has {len(values)} '{name}' parameters; the protocol allows exactly one")
    return values[0]


def _check_charset() -> None:
    charset = request.mimetype_params.get("charset")
    if charset is not None and charset.strip().lower() not in ("utf-8", "utf8"):
        raise UnsupportedMediaTypeError(f"the body must be UTF-8, not {charset}")


def _body_text() -> str:
    _check_charset()
    data = request.get_data(cache=False)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(f"the body is not valid UTF-8 (byte {exc.start})") from None


def _graph_params(first: MultiDict[str, str], second: MultiDict[str, str], name: str) -> list[str]:
    values = first.getlist(name)
    if second is not first:
        values += second.getlist(name)
    return values


def _with_base(run: Callable[[str], T], text: str) -> T:
    """Run ``text``; if relative IRIs make it fail, run it again with the endpoint as base IRI.

    The endpoint is the service-defined base IRI the protocol allows; the first error (with the
    positions the user wrote) is the one reported when both attempts fail.
    """
    try:
        return run(text)
    except QueryError as exc:
        message = str(exc)
        if "syntax error" not in message or "IRI" not in message:
            raise
        try:
            return run(f"BASE <{request.base_url}>\n{text}")
        except QueryError:
            raise exc from None


def _query(text: str, args: MultiDict[str, str], form: MultiDict[str, str]) -> Response:
    settings = current_settings()
    store = current_store()
    default_graphs = _graph_params(args, form, "default-graph-uri")
    named_graphs = _graph_params(args, form, "named-graph-uri")
    fmt = choose_format(request.headers.get("Accept"), offers_for(query_form(text)))

    def run(sparql: str) -> SerializedResult:
        return store.query_serialized(
            sparql,
            fmt,
            default_graphs=default_graphs or None,
            named_graphs=named_graphs or None,
            timeout_s=settings.query_timeout_s,
            max_rows=0 if _local_reader() else settings.max_rows,
        )

    result = _with_base(run, text)
    mark_read()
    response = Response(result.body, content_type=content_type(result.format))
    if result.truncated:
        response.headers[TRUNCATED_HEADER] = "true"
    return response


def _local_reader() -> bool:
    """Whether the request carries the local read key (a command on this machine's data dir): no row cap."""
    key = current_app.config.get(LOCAL_KEY_CONFIG)
    presented = request.headers.get(LOCAL_KEY_HEADER)
    return bool(key and presented and hmac.compare_digest(presented.encode("utf-8"), str(key).encode("utf-8")))


def _update(text: str, args: MultiDict[str, str], form: MultiDict[str, str], *, checked: bool = False) -> Response:
    settings = current_settings()
    if not checked:
        require_update_token(settings.update_token)
    store = current_store()
    using = _graph_params(args, form, "using-graph-uri")
    using_named = _graph_params(args, form, "using-named-graph-uri")

    def run(sparql: str) -> None:
        store.update(sparql, using_graphs=using or None, using_named_graphs=using_named or None)

    _with_base(run, text)
    return empty_response(204)


def describe_service(endpoint_url: str, *, updates: bool, allow_service: bool, graphs: Sequence[str]) -> Graph:
    """The SPARQL 1.1 Service Description of this endpoint.

    Args:
        endpoint_url: the endpoint's URL (``sd:endpoint``).
        updates: whether updates are enabled (an update token is configured).
        allow_service: whether ``SERVICE`` is allowed (``sd:BasicFederatedQuery``).
        graphs: the named graphs of the default dataset.
    """
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    graph.bind("dcterms", DCTERMS)
    service = BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint_url)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if updates:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    for iri in FORMAT_IRIS.values():
        graph.add((service, SD.resultFormat, iri))
    for fmt in GRAPH_OFFERS:
        graph.add((service, SD.inputFormat, FORMAT_IRIS[fmt]))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    graph.add((SD.UnionDefaultGraph, RDF.type, SD.Feature))
    if allow_service:
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
        graph.add((SD.BasicFederatedQuery, RDF.type, SD.Feature))
    graph.add(
        (
            service,
            DCTERMS.description,
            Literal(
                "smpgraph: the Skills Mobility Partnerships knowledge graph. The default graph is the union of "
                "every named graph, including the materialised OWL RL inferences.",
                lang="en",
            ),
        )
    )
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default_graph = BNode()
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    for name in graphs:
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
    return graph


def service_description() -> Response:
    """GET ``/sparql`` without a query: the service description, negotiated."""
    settings = current_settings()
    fmt = choose_format(request.headers.get("Accept"), GRAPH_OFFERS)
    graph = describe_service(
        request.base_url,
        updates=bool(settings.update_token),
        allow_service=settings.allow_service,
        graphs=[str(name) for name in current_store().graph_names()],
    )
    body = graph.serialize(format=_RDFLIB_NAMES[fmt], encoding="utf-8")
    return Response(body, content_type=content_type(fmt))
