"""The one place where errors become HTTP responses.

Every error answers with a JSON body ``{"error": <reason phrase>, "detail": <what went wrong>}``:
:class:`~smpgraph.errors.SmpGraphError` subclasses by their ``http_status`` (bad input 400, refused
``SERVICE``/``LOAD`` and read-only 403, missing graph 404, deadline and busy 503), werkzeug's HTTP
errors by their code (405, 413, ...), and anything unexpected as 500 with a generic message: the
traceback goes to the server log, never to the client. :func:`empty_response` is the other answer
without a representation: the body-less 201 or 204 of a write.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Final

from flask import Flask, Response, current_app, json, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from smpgraph.errors import InputError, SmpGraphError, StoreBusyError

logger = logging.getLogger(__name__)

_JSON: Final = "application/json"


class AuthenticationError(SmpGraphError):
    """A write without the right bearer token (HTTP 401 with ``WWW-Authenticate: Bearer``)."""

    exit_code = 2
    http_status = 401


class ProtocolError(InputError):
    """A request that breaks the SPARQL 1.1 Protocol or the Graph Store Protocol (HTTP 400)."""


class UnsupportedMediaTypeError(InputError):
    """A request body whose media type or character set the endpoint does not read (HTTP 415)."""

    http_status = 415


def error_response(status: int, detail: str, *, headers: dict[str, str] | None = None) -> Response:
    """A JSON error response."""
    try:
        reason = HTTPStatus(status).phrase.lower()
    except ValueError:
        reason = "error"
    body = json.dumps({"error": reason, "detail": detail})
    response = Response(body, status=status, mimetype=_JSON)
    if headers:
        response.headers.update(headers)
    return response


def empty_response(status: int, *, location: str | None = None) -> Response:
    """A response without a body (and so without a ``Content-Type``)."""
    response = Response(status=status)
    del response.headers["Content-Type"]
    if location is not None:
        response.headers["Location"] = location
    return response


def _smpgraph_error(exc: SmpGraphError) -> Response:
    status = exc.http_status
    detail = str(exc) or type(exc).__name__
    headers: dict[str, str] = {}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="smpgraph"'
    if isinstance(exc, StoreBusyError) or status == 503:
        headers["Retry-After"] = "1"
    if status >= 500:
        logger.warning("%s %s: %s", request.method, request.path, detail)
    return error_response(status, detail, headers=headers)


def _http_error(exc: HTTPException) -> Response:
    status = exc.code or 500
    if isinstance(exc, RequestEntityTooLarge):
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        detail = f"the request body is larger than the {limit} bytes this server accepts"
    else:
        detail = exc.description or HTTPStatus(status).phrase
    headers = {
        name: value for name, value in exc.get_headers() if name.lower() not in ("content-type", "content-length")
    }
    return error_response(status, detail, headers=headers)


def _unexpected(exc: Exception) -> Response:
    if isinstance(exc, HTTPException):
        return _http_error(exc)
    if isinstance(exc, SmpGraphError):
        return _smpgraph_error(exc)
    logger.error("internal error on %s %s", request.method, request.path, exc_info=exc)
    return error_response(500, "internal error; the server log has the details")


def register(app: Flask) -> None:
    """Install the error handlers on ``app``."""
    app.register_error_handler(SmpGraphError, _smpgraph_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
