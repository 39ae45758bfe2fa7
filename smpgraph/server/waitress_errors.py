"""The errors waitress answers itself (before the app sees a request) as smpgraph's JSON errors.

waitress refuses a body larger than its limit as soon as it has read the headers: by ``Content-Length``,
or, for a chunked body, as soon as more than the limit has arrived; the body is never buffered. smpgraph
sets that limit to ``SMPGRAPH_MAX_REQUEST_BYTES`` (server/wsgi.py), so every oversized body gets this
413, in the same JSON shape as every other error (``{"error", "detail"}``, server/errors.py).

After such a 413 the connection is not cut while the client is still sending (a client that writes its
whole body before reading would see a reset, not the answer): the server stops writing, then reads and
discards what comes, up to :data:`LINGER_BYTES`, until the client closes (or the channel times out).
"""

from __future__ import annotations

import json
import socket
from http import HTTPStatus
from typing import Any, Final

from waitress.channel import HTTPChannel
from waitress.task import ErrorTask
from waitress.utilities import RequestEntityTooLarge

from smpgraph.server.security import SECURITY_HEADERS

#: how much of a refused body is read and thrown away before the connection is closed anyway
LINGER_BYTES: Final = 64 * 1024 * 1024


class JsonErrorTask(ErrorTask):  # type: ignore[misc]
    """waitress's error response, as a JSON body with the security headers."""

    def execute(self) -> None:
        error = self.request.error
        if isinstance(error, RequestEntityTooLarge):
            limit = self.channel.adj.max_request_body_size - 1
            detail = f"the request body is larger than the {limit} bytes this server accepts"
            self.channel.linger = True
        else:
            detail = str(error.body)
        try:
            reason = HTTPStatus(error.code).phrase.lower()
        except ValueError:
            reason = "error"
        body = json.dumps({"error": reason, "detail": detail}).encode("utf-8")
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.response_headers.extend(SECURITY_HEADERS.items())
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class JsonErrorChannel(HTTPChannel):  # type: ignore[misc]
    """A waitress channel that answers its own errors in JSON and lingers after a 413."""

    error_task_class = JsonErrorTask

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.linger = False
        self.draining = False
        self.drained = 0

    def handle_close(self) -> None:
        if self.linger and not self.draining and self.connected:  # the answer is sent: stop writing, drain
            self.draining = True
            self.will_close = False
            try:
                self.socket.shutdown(socket.SHUT_WR)
                return
            except OSError:
                pass
        super().handle_close()

    def readable(self) -> bool:
        return True if self.draining else bool(super().readable())

    def writable(self) -> bool:
        return False if self.draining else bool(super().writable())

    def handle_read(self) -> None:
        if not self.draining:
            super().handle_read()
            return
        try:
            data = self.recv(self.adj.recv_bytes)
        except OSError:
            data = b""
        self.drained += len(data)
        if not data or self.drained > LINGER_BYTES:
            self.draining = self.linger = False
            super().handle_close()


def install(server: Any) -> None:
    """Make ``server`` (one waitress server, or several listening sockets) answer its errors in JSON."""
    servers = list(server.map.values()) if hasattr(server, "effective_listen") and hasattr(server, "map") else []
    for each in [server, *servers]:
        if hasattr(each, "channel_class"):
            each.channel_class = JsonErrorChannel
