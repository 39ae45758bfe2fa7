"""The command line beside a running ``smpgraph serve``: reads go through the server, writes are refused.

``smpgraph serve`` holds the on-disk store (one process at a time can open it) and advertises its URL in the
data dir (:mod:`smpgraph.store.advert`). A reading command then opens the ``sparql`` backend on that URL and
says so in one line on stderr; a writing command is refused with one line that says how to write.
See docs/decisions/0019-cli-beside-server.md.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Final

import click

from smpgraph.errors import BackendUnavailableError, InputError, SmpGraphError, StoreLockedError
from smpgraph.store.advert import LOCAL_KEY_HEADER, ServerAdvert, live_advert

if TYPE_CHECKING:
    from smpgraph.config import Settings
    from smpgraph.store.base import GraphStore

__all__ = ["backup_through_server", "open_beside_server", "server_on", "update_through_server"]

#: how long the server may take to copy the store or apply an update (it has its own write deadline)
SERVER_TIMEOUT_S: Final = 600.0


def server_on(settings: Settings) -> ServerAdvert | None:
    """The live server advertised in the data dir of the embedded on-disk store of ``settings``, if any."""
    if settings.backend != "oxigraph":
        return None
    advert, _ = live_advert(settings.resolved_data_dir())
    return advert


def open_beside_server(settings: Settings, locked: StoreLockedError, *, read_only: bool) -> GraphStore:
    """The store to use when the on-disk store is locked: the live server's SPARQL endpoint, for reading.

    Raises:
        StoreLockedError: no live server advertises itself (the message says why), or the command writes.
        BackendUnavailableError: the server does not answer as a SPARQL endpoint.
    """
    data_dir = settings.resolved_data_dir()
    if settings.backend != "oxigraph":
        raise locked
    advert, why = live_advert(data_dir)
    if advert is None:
        raise StoreLockedError(f"the store at {data_dir} is in use by another process and {why}; stop that process")
    command = click.get_current_context(silent=True)
    if command is not None and command.info_name == "serve":
        raise StoreLockedError(
            f"the store at {data_dir} is already served by `smpgraph serve` at {advert.url} (pid {advert.pid}); "
            "use that server, or another --data-dir"
        )
    if not read_only:
        how = (
            f"send writes to the server (SPARQL updates to {advert.sparql_url}, files to the Graph Store at "
            f"{advert.gsp_url}) with the header 'Authorization: Bearer $SMPGRAPH_UPDATE_TOKEN'"
            if advert.writable
            else "the server is read-only (started without SMPGRAPH_UPDATE_TOKEN)"
        )
        raise StoreLockedError(
            f"the store at {data_dir} is served by `smpgraph serve` at {advert.url} (pid {advert.pid}); "
            f"this command writes: {how}, or stop the server and run it again"
        )
    from smpgraph.store.remote import RemoteStore

    remote = replace(
        settings,
        backend="sparql",
        sparql_query_url=advert.sparql_url,
        sparql_gsp_url=advert.gsp_url,
        sparql_update_url=None,
        sparql_user=None,
        sparql_password=None,
        sparql_token=None,
        sparql_server_max_rows=0,
    )
    click.echo(
        f"smpgraph: the store at {data_dir} is held by `smpgraph serve` (pid {advert.pid}); "
        f"reading through {advert.sparql_url}",
        err=True,
    )
    try:
        store = RemoteStore(remote, read_only=True)
    except BackendUnavailableError as exc:
        raise BackendUnavailableError(f"the server at {advert.url} does not answer SPARQL queries: {exc}") from exc
    if advert.read_key:  # the server's row cap is lifted: this command reads what the store itself would give
        store.client.send_secret_header(LOCAL_KEY_HEADER, advert.read_key)
    return store


def backup_through_server(advert: ServerAdvert, target: Path, token: str | None) -> tuple[str, int]:
    """Ask the server to copy its store into the new folder ``target`` (on this machine); (folder, quads).

    Raises:
        InputError: no token to send, or the server refuses (the message is the server's).
        SmpGraphError: the server fails or does not answer.
    """
    if not advert.writable:
        raise InputError(
            f"the store is served by `smpgraph serve` at {advert.url} (pid {advert.pid}) without an update token, "
            "so it takes no backup: stop it and run this again, or restart it with SMPGRAPH_UPDATE_TOKEN set"
        )
    if not token:
        raise InputError(
            f"the store is served by `smpgraph serve` at {advert.url} (pid {advert.pid}); the server takes the "
            "backup: set SMPGRAPH_UPDATE_TOKEN to its token and run this again, or stop the server"
        )
    body = _post(advert, "api/v1/backup", token, what="backup", json={"target": str(target.resolve())})
    quads = body.get("quads", 0)
    return str(body.get("target", target)), quads if isinstance(quads, int) else 0


def update_through_server(advert: ServerAdvert, sparql: str, token: str) -> None:
    """Send the SPARQL update ``sparql`` to the server, which applies and reasons it under its write deadline.

    Raises:
        InputError: the server refuses the update (the message is the server's).
        SmpGraphError: the server fails or does not answer.
    """
    _post(advert, "sparql", token, what="update", data={"update": sparql})


def _post(
    advert: ServerAdvert,
    path: str,
    token: str,
    *,
    what: str,
    json: dict[str, str] | None = None,
    data: dict[str, str] | None = None,
) -> dict[str, object]:
    """POST to the server with the bearer token; the JSON answer ({} if none)."""
    import requests

    try:
        response = requests.post(
            f"{advert.url}{path}",
            json=json,
            data=data,
            headers={"Authorization": f"Bearer {token}"},
            timeout=SERVER_TIMEOUT_S,
            proxies={"http": "", "https": ""},  # the server is on this machine
        )
    except requests.RequestException as exc:
        raise SmpGraphError(f"the server at {advert.url} did not answer the {what}: {type(exc).__name__}") from None
    try:
        answer = response.json() if response.content else {}
    except ValueError:
        answer = {}
    detail = answer.get("detail", response.reason) if isinstance(answer, dict) else response.reason
    if response.status_code >= 500:
        raise SmpGraphError(f"the server could not do the {what}: {detail}")
    if response.status_code >= 400:
        raise InputError(f"the server refused the {what}: {detail}")
    return answer if isinstance(answer, dict) else {}
