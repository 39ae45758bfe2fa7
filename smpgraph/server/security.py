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
from typing import Final

from flask import Flask, Response, g, request

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


def mark_read() -> None:
    """Say that the current request only reads (a SPARQL query sent by POST): CORS may allow it."""
    g.smpgraph_read = True


def _is_read_post_path(path: str) -> bool:
    return path.rstrip("/") in _READ_POST_PATHS or path.startswith("/api/v1/validate")


def _preflight() -> Response | None:
    if request.method != "OPTIONS":
        g.smpgraph_started = time.perf_counter()
        return None
    g.smpgraph_started = time.perf_counter()
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


def _finish(response: Response) -> Response:
    headers = response.headers
    for name, value in SECURITY_HEADERS.items():
        headers.setdefault(name, value)
    method = request.method
    if method in ("GET", "HEAD") or (method == "POST" and g.get("smpgraph_read", False)):
        headers["Access-Control-Allow-Origin"] = "*"
        headers["Access-Control-Expose-Headers"] = CORS_EXPOSED_HEADERS
        headers.add("Vary", "Origin")
    if access_logger.isEnabledFor(logging.INFO):
        started = g.get("smpgraph_started")
        took = (time.perf_counter() - started) * 1000 if started is not None else 0.0
        target = request.path
        if method in ("GET", "HEAD") and request.query_string:
            query = request.query_string.decode("latin-1")
            target += "?" + (query if len(query) <= _MAX_LOGGED_QUERY else query[:_MAX_LOGGED_QUERY] + "...")
        access_logger.info(
            "%s %s %s %d %s %.1fms",
            request.remote_addr or "-",
            method,
            target,
            response.status_code,
            response.content_length,
            took,
        )
    return response


def register(app: Flask) -> None:
    """Install the preflight handler, the security headers and the access log on ``app``."""
    app.before_request(_preflight)
    app.after_request(_finish)


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
