"""The HTTP API: ``/healthz``, ``/api/v1/openapi.json``, validation of drafts and stored agreements, gaps.

``POST /api/v1/validate`` takes a draft (Turtle, JSON-LD or YAML by ``Content-Type``, else guessed) and
answers the report as JSON, Turtle or HTML by ``Accept``; the draft is neither stored nor logged.
``GET /api/v1/agreements/validation?iri=`` validates an agreement of the knowledge graph, and
``GET /api/v1/gaps`` runs the cooperation-gap analyses. These heavy requests share a cap on how many
run at once and the query deadline (503 past either).
"""

from __future__ import annotations

import json
from typing import Any, Final

from flask import Blueprint, Response, jsonify, request
from rdflib import URIRef

from smpgraph.errors import ResourceNotFoundError, SmpGraphError
from smpgraph.i18n import LANGUAGES, translate
from smpgraph.server.context import current_store, pages_warm, run_heavy, validate_submission
from smpgraph.server.errors import ProtocolError, UnsupportedMediaTypeError
from smpgraph.server.negotiation import GRAPH_OFFERS, TABULAR_OFFERS, choose_media_type
from smpgraph.server.security import mark_read

bp = Blueprint("api", __name__)

_REPORT_TYPES: Final = ("application/json", "text/turtle", "text/html")
_DRAFT_TYPES: Final = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
    "application/yaml": "yaml",
    "application/x-yaml": "yaml",
    "text/yaml": "yaml",
    "text/x-yaml": "yaml",
}


@bp.get("/healthz")
def healthz() -> Response:
    """Liveness and readiness: the store answers a trivial query; whether reasoning is fresh; whether the page
    caches that ``smpgraph serve`` builds in the background at start are built (``pages_warm``)."""
    store = current_store()
    try:
        store.query("ASK {}", timeout_s=5.0)
    except SmpGraphError as exc:
        response = jsonify({"status": "unavailable", "detail": str(exc)})
        response.status_code = 503
        return response
    state = store.metadata.reasoning
    fresh = store.metadata.fresh
    return jsonify(
        {
            "status": "ok",
            "store": {"backend": store.backend},
            "pages_warm": pages_warm(),
            "reasoning": {
                "fresh": fresh,
                "engine": state.engine,
                "inferred_triples": state.inferred_triples,
                "computed_at": state.computed_at.isoformat() if state.computed_at else None,
            },
        }
    )


@bp.get("/api/v1/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3 document of every route of this server."""
    return jsonify(openapi_document())


def _lang() -> str:
    """The language of the answer: ``?lang=`` (refused when not offered), else ``Accept-Language``, else English.

    Raises:
        ProtocolError: ``?lang=`` names a language the catalogs do not have.
    """
    lang = request.args.get("lang")
    if lang:
        if lang not in LANGUAGES:
            raise ProtocolError(translate("api.language", LANGUAGES[0], given=lang, languages=", ".join(LANGUAGES)))
        return lang
    for tag, quality in request.accept_languages:
        primary = str(tag).split("-")[0].strip().lower()
        if quality > 0 and primary in LANGUAGES:
            return primary
    return LANGUAGES[0]


def _report_response(report: Any) -> Response:
    from smpgraph.validation import ReportFormat, serialize

    media_type = choose_media_type(request.headers.get("Accept"), _REPORT_TYPES)
    fmt = {"application/json": ReportFormat.JSON, "text/turtle": ReportFormat.TURTLE, "text/html": ReportFormat.HTML}[
        media_type
    ]
    body = serialize(report, fmt)
    charset = "" if media_type == "application/json" else "; charset=utf-8"
    return Response(body, content_type=media_type + charset)


@bp.post("/api/v1/validate")
def validate_draft() -> Response:
    """Validate a draft agreement sent as the request body; nothing is stored or logged."""
    from smpgraph.drafts.model import DraftFormat

    lang = _lang()
    mimetype = request.mimetype
    fmt: DraftFormat | None = None
    if mimetype and mimetype not in ("text/plain", "application/octet-stream"):
        name = _DRAFT_TYPES.get(mimetype)
        if name is None:
            types = ", ".join(sorted(_DRAFT_TYPES))
            raise UnsupportedMediaTypeError(translate("api.draft_type", lang, types=types, given=mimetype))
        fmt = DraftFormat(name)
    data = request.get_data(cache=False)
    choose_media_type(request.headers.get("Accept"), _REPORT_TYPES)  # 406 before the work
    standard = request.args.get("standard", "iom")
    if standard not in ("iom", "ilo"):
        raise ProtocolError(translate("api.standard", lang, given=standard))
    if standard == "ilo":  # the ILO provisions of bilateral labour agreements (issue 19), as JSON
        from smpgraph.server.context import check_submission_ilo
        from smpgraph.validation.ilo_render import ilo_json_data

        reports = check_submission_ilo(data, fmt, lang=lang, origin="<request body>")
        mark_read()
        return Response(json.dumps(ilo_json_data(reports, lang), ensure_ascii=False), content_type="application/json")
    report = validate_submission(data, fmt, lang=lang, origin="<request body>")
    mark_read()
    return _report_response(report)


@bp.get("/api/v1/agreements/validation")
def validate_stored() -> Response:
    """Validate one agreement of the knowledge graph, named by ``?iri=``."""
    from smpgraph.validation.all import list_agreements, validate_agreement

    lang = _lang()
    iris = request.args.getlist("iri")
    if len(iris) != 1:
        raise ProtocolError(translate("api.one_iri", lang))
    choose_media_type(request.headers.get("Accept"), _REPORT_TYPES)
    store = current_store()
    iri = URIRef(iris[0])

    def work() -> Any:
        if iri not in set(list_agreements(store)):
            raise ResourceNotFoundError(translate("api.no_agreement", lang, iri=iri))
        return validate_agreement(store, iri, lang=lang)

    report = run_heavy(work, what="validation")
    return _report_response(report)


@bp.get("/api/v1/gaps")
def gaps() -> Response:
    """The cooperation-gap analyses of the partnership network, as JSON."""
    from smpgraph.analysis import gaps_payload

    store = current_store()
    payload = run_heavy(lambda: gaps_payload(store), what="analysis")
    return jsonify(payload)


# -- the OpenAPI document --------------------------------------------------------------------------

_ERROR_REF: Final = {"$ref": "#/components/responses/Error"}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(code): _ERROR_REF for code in codes}


def _content(*media_types: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {media_type: {"schema": schema or {"type": "string"}} for media_type in media_types}


_JSON_OBJECT: Final = {"application/json": {"schema": {"type": "object"}}}
_QUERY_TYPES: Final = tuple(f.media_type for f in (*TABULAR_OFFERS, *GRAPH_OFFERS))
_GRAPH_TYPES: Final = tuple(f.media_type for f in GRAPH_OFFERS)
_AUTH: Final[list[dict[str, list[str]]]] = [{"bearer": []}]


def _param(name: str, where: str, description: str, *, array: bool = False, required: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": {"type": "string"}} if array else {"type": "string"}
    param: dict[str, Any] = {"name": name, "in": where, "description": description, "schema": schema}
    if array:
        param["style"], param["explode"] = "form", True
    if required:
        param["required"] = True
    return param


def _gsp_operations(direct: bool) -> dict[str, Any]:
    params = (
        [_param("path", "path", "the rest of the graph's URL", required=True)]
        if direct
        else [
            _param("default", "query", "name the default graph (no value)"),
            _param("graph", "query", "the graph IRI (indirect identification)"),
        ]
    )
    body = {"required": False, "content": _content(*_GRAPH_TYPES, "multipart/form-data")}
    return {
        "parameters": params,
        "get": {
            "summary": "Read a graph (HEAD too)",
            "responses": {"200": {"description": "the graph", "content": _content(*_GRAPH_TYPES)}}
            | _errors(400, 404, 406),
        },
        "put": {
            "summary": "Replace a graph",
            "security": _AUTH,
            "requestBody": body,
            "responses": {"201": {"description": "created"}, "204": {"description": "replaced"}}
            | _errors(400, 401, 403, 413, 415),
        },
        "post": {
            "summary": "Add to a graph" + ("" if direct else "; without ?graph or ?default, create a new one"),
            "security": _AUTH,
            "requestBody": body,
            "responses": {
                "201": {"description": "created; Location names the graph"},
                "204": {"description": "added"},
            }
            | _errors(400, 401, 403, 413, 415),
        },
        "delete": {
            "summary": "Delete a graph",
            "security": _AUTH,
            "responses": {"204": {"description": "deleted"}} | _errors(400, 401, 403, 404),
        },
    }


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the server's routes (the test suite checks it against the URL map)."""
    import smpgraph

    dataset = [
        _param("default-graph-uri", "query", "a graph of the default graph", array=True),
        _param("named-graph-uri", "query", "a named graph of the dataset", array=True),
    ]
    report = {
        "200": {"description": "the validation report", "content": _content(*_REPORT_TYPES)},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "smpgraph",
            "version": smpgraph.__version__,
            "description": "SPARQL 1.1 endpoint, Graph Store and HTTP API of the Skills Mobility Partnerships "
            "knowledge graph. Errors are JSON {error, detail}.",
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/sparql": {
                "get": {
                    "summary": "SPARQL query (?query=) or, without a query, the service description",
                    "parameters": [_param("query", "query", "the SPARQL query"), *dataset],
                    "responses": {"200": {"description": "results", "content": _content(*_QUERY_TYPES)}}
                    | _errors(400, 403, 406, 503),
                },
                "post": {
                    "summary": "SPARQL query or update (updates need the bearer token)",
                    "parameters": [
                        *dataset,
                        _param("using-graph-uri", "query", "a graph of the update's WHERE", array=True),
                        _param("using-named-graph-uri", "query", "a named graph of the update's WHERE", array=True),
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/sparql-query": {"schema": {"type": "string"}},
                            "application/sparql-update": {"schema": {"type": "string"}},
                            "application/x-www-form-urlencoded": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"query": {"type": "string"}, "update": {"type": "string"}},
                                }
                            },
                        },
                    },
                    "security": [{}, *_AUTH],
                    "responses": {
                        "200": {"description": "query results", "content": _content(*_QUERY_TYPES)},
                        "204": {"description": "update done"},
                    }
                    | _errors(400, 401, 403, 406, 413, 415, 503),
                },
            },
            "/data": _gsp_operations(direct=False),
            "/data/{path}": _gsp_operations(direct=True),
            "/healthz": {
                "get": {
                    "summary": "Health: the store answers; reasoning freshness",
                    "responses": {
                        "200": {"description": "healthy", "content": _JSON_OBJECT},
                        "503": {"description": "the store does not answer"},
                    },
                }
            },
            "/api/v1/backup": {
                "post": {
                    "summary": "Copy the store into a new folder on the server's machine (needs the bearer token)",
                    "requestBody": {"required": True, "content": _JSON_OBJECT},
                    "security": _AUTH,
                    "responses": {"200": {"description": "the folder and its quads", "content": _JSON_OBJECT}}
                    | _errors(400, 401, 403),
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {"200": {"description": "OpenAPI 3", "content": _JSON_OBJECT}},
                }
            },
            "/api/v1/validate": {
                "post": {
                    "summary": "Validate a draft agreement (not stored, not logged)",
                    "parameters": [
                        _param("lang", "query", "en, fr or es"),
                        _param(
                            "standard",
                            "query",
                            "iom (default: the IOM paper's shapes) or ilo (the 34 ILO "
                            "provisions of bilateral labour agreements, with shares among real agreements; JSON)",
                        ),
                    ],
                    "requestBody": {"required": True, "content": _content(*_DRAFT_TYPES)},
                    "responses": report | _errors(400, 406, 413, 415, 503),
                }
            },
            "/api/v1/agreements/validation": {
                "get": {
                    "summary": "Validate an agreement of the knowledge graph",
                    "parameters": [
                        _param("iri", "query", "the agreement's IRI", required=True),
                        _param("lang", "query", "en, fr or es"),
                    ],
                    "responses": report | _errors(400, 404, 406, 503),
                }
            },
            "/api/v1/network": {
                "get": {
                    "summary": "A network with node positions: stakeholders and countries, or countries by agreements",
                    "parameters": [
                        _param("view", "query", "cooperation (default) or agreements"),
                        _param("lang", "query", "en, fr or es"),
                    ],
                    "responses": {"200": {"description": "nodes and edges", "content": _JSON_OBJECT}}
                    | _errors(400, 503),
                }
            },
            "/api/v1/map": {
                "get": {
                    "summary": "Partnerships, corridors and agreement pairs by country and decade, and the largest "
                    "migrant stock corridors per year (the corridor map)",
                    "parameters": [_param("lang", "query", "en, fr or es")],
                    "responses": {"200": {"description": "the map's data", "content": _JSON_OBJECT}}
                    | _errors(400, 503),
                }
            },
            "/api/v1/map/readiness": {
                "get": {
                    "summary": "Readiness score (0..1) of the partnerships of each corridor",
                    "responses": {"200": {"description": "scores", "content": _JSON_OBJECT}} | _errors(503),
                }
            },
            "/api/v1/gaps": {
                "get": {
                    "summary": "Cooperation-gap analyses of the partnership network, the agreement network "
                    "(key agreements) and the migrant stocks by corridor (key stocks)",
                    "responses": {"200": {"description": "the gap report", "content": _JSON_OBJECT}}
                    | _errors(400, 503),
                }
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error", "detail"],
                    "properties": {"error": {"type": "string"}, "detail": {"type": "string"}},
                }
            },
            "responses": {
                "Error": {
                    "description": "an error",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            },
        },
    }
