"""The HTTP server: a Flask application factory (SPARQL 1.1 Protocol, Graph Store Protocol, HTTP API, web pages).

Importing this package creates nothing; :func:`create_app` builds a configured app around a store.
``smpgraph serve`` runs it under waitress. What a request works with (store, settings, heavy work) is in
:mod:`smpgraph.server.context`; :func:`create_app` is the only code that knows both the server and the
web workbench (:mod:`smpgraph.web`), whose blueprint it registers.
"""

from __future__ import annotations

from flask import Flask

from smpgraph.config import Settings
from smpgraph.store.base import GraphStore

__all__ = ["Warming", "create_app", "warm_pages"]


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
    from smpgraph.server import api, backup, context, errors, gsp, security, sparql, visual

    settings = settings or Settings.from_env()
    if store is None:
        from smpgraph.store import open_store

        store = open_store(settings)
    app = Flask("smpgraph.server", static_folder=None)
    app.config.from_mapping(
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        MAX_FORM_MEMORY_SIZE=settings.max_request_bytes,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    context.install(app, store=store, settings=settings)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(gsp.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(visual.bp)
    app.register_blueprint(backup.bp)
    app.register_blueprint(web.bp)
    security.register(app)
    errors.register(app)
    return app


class Warming:
    """Page caches being built in a background thread by ``smpgraph serve`` (``/healthz``: ``pages_warm``)."""

    def __init__(self, app: Flask) -> None:
        import threading

        from smpgraph.server.context import mark_pages_warm
        from smpgraph.web.warm import warm_pages as warm

        self._stop = threading.Event()
        mark_pages_warm(app, False)
        self._thread = threading.Thread(target=warm, args=(app,), kwargs={"stop": self._stop}, name="smpgraph-warm")
        self._thread.start()

    def stop(self, timeout_s: float = 60.0) -> None:
        """Ask the thread to end before its next step and wait for it (before the store is closed)."""
        self._stop.set()
        self._thread.join(timeout_s)


def warm_pages(app: Flask) -> float:
    """Build the page caches of ``app`` ahead of the first visitor (:func:`smpgraph.web.warm.warm_pages`);
    returns the seconds it took. ``smpgraph serve`` builds them in the background with :class:`Warming`, and
    ``/healthz`` says ``pages_warm: false`` until they are built."""
    from smpgraph.web.warm import warm_pages as warm

    return warm(app)
