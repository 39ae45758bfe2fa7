"""Security headers, CORS for reads only, and the access log (never request bodies).

CORS: any origin may *read* (GET and HEAD everywhere, and the POSTs that only read: SPARQL queries and
validation of a draft). Preflights never allow the ``Authorization`` header, so a browser on another
origin cannot send a write with a token; writes are for clients that are not browsers, or same-origin.

The access log (logger ``smpgraph.server.access``, INFO) has the client address, method, path,
status, size and duration. The query string is logged for GET and HEAD only, shortened; request bodies
(queries sent by POST, updates, uploaded graphs, drafts) are never logged.
"""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

from flask import Flask, Response, request

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

from smpgraph.errors import UpdateNotAllowedError
from smpgraph.server.errors import AuthenticationError

access_logger = logging.getLogger("smpgraph.server.access")

SECURITY_HEADERS: Final = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "interest-cohort=()",
}
#: request headers a cross-origin reader may send (no Authorization: no cross-origin writes)
CORS_ALLOWED_HEADERS: Final = "Accept, Content-Type"
CORS_EXPOSED_HEADERS: Final = "SMPGraph-Results-Truncated, Location, Content-Length"
#: paths where a cross-origin POST only reads
_READ_POST_PATHS: Final = ("/sparql", "/api/v1/validate")
_MAX_LOGGED_QUERY: Final = 200


_READ_FLAG: Final = "smpgraph.read"
_SECURITY_PAIRS: Final = tuple(SECURITY_HEADERS.items())
_CORS_READ_HEADERS: Final = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", CORS_EXPOSED_HEADERS),
    ("Vary", "Origin"),
)
_CORS_NAMES: Final = frozenset(name.lower() for name, _ in _CORS_READ_HEADERS if name != "Vary")


def mark_read() -> None:
    """Say that the current request only reads (a SPARQL query sent by POST): CORS may allow it."""
    request.environ[_READ_FLAG] = True


def _is_read_post_path(path: str) -> bool:
    return path.rstrip("/") in _READ_POST_PATHS or path.startswith("/api/v1/validate")


def _preflight() -> Response | None:
    if request.method != "OPTIONS":
        return None
    wanted = request.headers.get("Access-Control-Request-Method")
    if wanted is None or "Origin" not in request.headers:
        return None  # a plain OPTIONS: Flask answers with Allow
    response = Response(status=204)
    allowed = wanted in ("GET", "HEAD") or (wanted == "POST" and _is_read_post_path(request.path))
    if allowed:
        requested = {h.strip().lower() for h in request.headers.get("Access-Control-Request-Headers", "").split(",")}
        requested.discard("")
        if requested <= {"accept", "content-type"}:
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST"
            response.headers["Access-Control-Allow-Headers"] = CORS_ALLOWED_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
    return response


class ResponseHeaders:
    """WSGI middleware: the security headers (unless the app set its own), CORS for reads, the access log.

    It works on the header list the app hands to ``start_response``: plain tuples, constant ones
    validated once here, instead of Werkzeug's per-header checks (about 40 us per request before).
    It wraps every response, error pages included.
    """

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        method = environ.get("REQUEST_METHOD", "GET")

        def finish(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            present = {name.lower() for name, _ in headers}
            headers.extend(pair for pair in _SECURITY_PAIRS if pair[0].lower() not in present)
            if method in ("GET", "HEAD") or (method == "POST" and environ.get(_READ_FLAG)):
                if present & _CORS_NAMES:
                    headers[:] = [pair for pair in headers if pair[0].lower() not in _CORS_NAMES]
                headers.extend(_CORS_READ_HEADERS)
            if access_logger.isEnabledFor(logging.INFO):
                _log_access(environ, method, status, headers, started)
            return start_response(status, headers, exc_info)

        return self.app(environ, finish)


def _log_access(
    environ: WSGIEnvironment, method: str, status: str, headers: list[tuple[str, str]], started: float
) -> None:
    target = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    query = environ.get("QUERY_STRING", "")
    if method in ("GET", "HEAD") and query:
        target += "?" + (query if len(query) <= _MAX_LOGGED_QUERY else query[:_MAX_LOGGED_QUERY] + "...")
    size = next((value for name, value in headers if name.lower() == "content-length"), "-")
    access_logger.info(
        "%s %s %s %s %s %.1fms",
        environ.get("REMOTE_ADDR") or "-",
        method,
        target,
        status.split(" ", 1)[0],
        size,
        (time.perf_counter() - started) * 1000,
    )


def register(app: Flask) -> None:
    """Install the preflight handler, and the security headers, CORS and access log middleware, on ``app``."""
    app.before_request(_preflight)
    app.wsgi_app = ResponseHeaders(app.wsgi_app)  # type: ignore[method-assign]


def require_update_token(token: str | None) -> None:
    """Check the request's bearer token against the configured one, in constant time.

    Args:
        token: the configured update token (``None``: the endpoint is read-only).

    Raises:
        UpdateNotAllowedError: no token is configured (HTTP 403).
        AuthenticationError: the token is missing or wrong (HTTP 401 with ``WWW-Authenticate: Bearer``).
    """
    if not token:
        raise UpdateNotAllowedError("this endpoint is read-only: the operator has not set SMPGRAPH_UPDATE_TOKEN")
    header = request.headers.get("Authorization", "")
    scheme, _, presented = header.partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        raise AuthenticationError("this write needs the header 'Authorization: Bearer <token>'")
    if not hmac.compare_digest(presented.strip().encode("utf-8"), token.encode("utf-8")):
        raise AuthenticationError("the bearer token is not the one this server accepts")
