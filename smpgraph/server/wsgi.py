"""The production WSGI server: waitress, configured from the settings.

One place for ``smpgraph serve``, the HTTP tests and the benchmarks, so that all of them measure and
test the same server stack.
"""

from __future__ import annotations

from typing import Any

from smpgraph.config import Settings


def create_server(app: Any, settings: Settings, *, host: str | None = None, port: int | None = None) -> Any:
    """A waitress server for the WSGI ``app`` (not yet running: call its ``run()``).

    Args:
        app: any WSGI application (smpgraph's, or a bare one in benchmarks).
        settings: threads, the request size limit and the query deadline come from here.
        host, port: override ``settings.host`` and ``settings.port`` (port 0: any free port).

    Returns:
        The waitress server; ``effective_port`` is the port it listens on.
    """
    import waitress

    from smpgraph.server.waitress_errors import install

    deadline = int(settings.query_timeout_s) if settings.query_timeout_s else 3600
    server = waitress.create_server(
        app,
        host=settings.host if host is None else host,
        port=settings.port if port is None else port,
        threads=settings.threads,
        ident="smpgraph",
        # waitress refuses a larger body by its Content-Length (or as a chunked body passes it), unread
        max_request_body_size=settings.max_request_bytes + 1,
        channel_timeout=max(60, deadline + 30),  # a connection stays open while its query may run
        clear_untrusted_proxy_headers=True,
    )
    install(server)  # its own errors (413 above all) answered in smpgraph's JSON
    return server
