"""``POST /api/v1/backup``: the server copies its store into a new folder on its own machine (with the token).

While ``smpgraph serve`` holds the on-disk store, ``smpgraph backup`` cannot open it; it asks the server
instead, which takes the same consistent copy (:meth:`OxigraphStore.backup`). The copy is written on the
server's file system, so the route needs the operator's bearer token, like every write.
See docs/decisions/0019-cli-beside-server.md.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, jsonify, request

from smpgraph.errors import InputError
from smpgraph.server.context import current_settings, current_store
from smpgraph.server.errors import ProtocolError
from smpgraph.server.security import require_update_token
from smpgraph.store.base import SupportsBackup

bp = Blueprint("backup", __name__)


@bp.post("/api/v1/backup")
def backup() -> Response:
    """Copy the whole store into the new folder named by the JSON body ``{"target": "/absolute/path"}``."""
    require_update_token(current_settings().update_token)
    payload = request.get_json(silent=True)
    target = payload.get("target") if isinstance(payload, dict) else None
    if not isinstance(target, str) or not target or "\x00" in target:
        raise ProtocolError('send a JSON body {"target": "/absolute/path/of/a/new/folder"}')
    folder = Path(target)
    if not folder.is_absolute():
        raise ProtocolError(f"{target}: the backup folder must be an absolute path on the server's machine")
    store = current_store()
    if not isinstance(store, SupportsBackup):
        raise InputError(f"the {store.backend} backend has no backup; use the engine's own tools")
    written = store.backup(folder)
    return jsonify({"target": str(written), "quads": len(store)})
