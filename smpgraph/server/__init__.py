"""The HTTP server: a Flask application factory (SPARQL 1.1 Protocol, Graph Store Protocol, HTTP API).

Importing this package creates nothing; :func:`create_app` builds a configured app around a store.
``smpgraph serve`` runs it under waitress.
"""

from __future__ import annotations

from typing import cast

from flask import Flask, Response, current_app

from smpgraph.config import Settings
from smpgraph.store.base import GraphStore

__all__ = ["create_app", "current_settings", "current_store", "empty_response"]


def create_app(settings: Settings | None = None, *, store: GraphStore | None = None) -> Flask:
    """Build a configured Flask app.

    Args:
        settings: the settings (default: from ``SMPGRAPH_*`` variables).
        store: the store to serve (default: opened from the settings; the caller of ``create_app``
            then owns neither, and the app closes nothing).

    Returns:
        The app, with the SPARQL endpoint at ``/sparql``, the Graph Store at ``/data``, the HTTP API
        under ``/api/v1`` and ``/healthz``, and the web workbench (HTML pages) at ``/``.
    """
    from smpgraph import web
    from smpgraph.server import api, errors, gsp, security, sparql

    settings = settings or Settings.from_env()
    if store is None:
        from smpgraph.store import open_store

        store = open_store(settings)
    app = Flask("smpgraph.server", static_folder=None)
    app.config.from_mapping(
        SMPGRAPH=settings,
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        MAX_FORM_MEMORY_SIZE=settings.max_request_bytes,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["smpgraph"] = store
    app.register_blueprint(sparql.bp)
    app.register_blueprint(gsp.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(web.bp)
    security.register(app)
    errors.register(app)
    return app


def current_store() -> GraphStore:
    """The store of the app handling the current request."""
    return cast("GraphStore", current_app.extensions["smpgraph"])


def current_settings() -> Settings:
    """The settings of the app handling the current request."""
    return cast("Settings", current_app.config["SMPGRAPH"])


def empty_response(status: int, *, location: str | None = None) -> Response:
    """A response without a body (and so without a ``Content-Type``)."""
    response = Response(status=status)
    del response.headers["Content-Type"]
    if location is not None:
        response.headers["Location"] = location
    return response
