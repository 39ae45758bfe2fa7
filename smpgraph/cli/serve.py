"""``smpgraph serve``: the SPARQL endpoint, Graph Store and HTTP API under waitress.

On a fresh machine the first start loads and reasons the bundled ontology, reference data and examples;
later starts reuse the store and reload only bundled files whose checksum changed.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Final

import click

from smpgraph.cli import CliContext, pass_context
from smpgraph.errors import SmpGraphError
from smpgraph.store.advert import ServerAdvert, remove_advert, write_advert

if TYPE_CHECKING:
    from smpgraph.config import Settings
    from smpgraph.store.base import GraphStore

logger = logging.getLogger(__name__)

_LOOPBACK: Final = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1", "[::]": "::1"}  # noqa: S104 (a mapping)


@click.command("serve")
@click.option("--host", default=None, help="Address to listen on [env SMPGRAPH_HOST; default: 127.0.0.1].")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=None, help="Port [env SMPGRAPH_PORT; default 8000; 0: any]."
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the store [env SMPGRAPH_DATA_DIR; default: the user's data dir].",
)
@click.option(
    "--threads", type=click.IntRange(1, 256), default=None, help="Worker threads [env SMPGRAPH_THREADS; default: 8]."
)
@click.option("--no-bundled", is_flag=True, help="Do not load the bundled ontology, reference data and examples.")
@click.option("--access-log/--no-access-log", default=True, show_default=True, help="Log each request (never bodies).")
@pass_context
def command(
    ctx: CliContext,
    host: str | None,
    port: int | None,
    data_dir: Path | None,
    threads: int | None,
    no_bundled: bool,
    access_log: bool,
) -> None:
    """Serve SPARQL 1.1 (query, update with a token), the Graph Store Protocol and the HTTP API."""
    from smpgraph.bundle import load_bundled
    from smpgraph.cli._progress import StepPrinter
    from smpgraph.server import Warming, create_app
    from smpgraph.server.accesslog import BatchedLineHandler
    from smpgraph.server.sparql import LOCAL_KEY_CONFIG
    from smpgraph.server.wsgi import create_server

    settings = ctx.settings
    changes: dict[str, object] = {"host": host, "port": port, "threads": threads, "data_dir": data_dir}
    settings = replace(settings, **{name: value for name, value in changes.items() if value is not None})  # type: ignore[arg-type]
    ctx.settings = settings
    store = ctx.store(read_only=False)
    if not no_bundled:
        printer = StepPrinter("smpgraph: bundled data")
        try:
            reports = load_bundled(store, progress=printer)
        finally:
            printer.close()
        changed = [report for report in reports if not report.unchanged]
        click.echo(
            f"smpgraph: bundled data: {len(changed)} file(s) loaded, {len(reports) - len(changed)} unchanged",
            err=True,
        )
    if settings.update_token:  # compile the incremental rules now, so that the first write needs not
        threading.Thread(target=_prepare_writes, args=(store,), name="smpgraph-prepare-writes", daemon=True).start()
    access = logging.getLogger("smpgraph.server.access")
    handler = BatchedLineHandler(sys.stderr) if access_log else None
    if handler is not None:
        handler.setFormatter(logging.Formatter("%(message)s"))
        access.addHandler(handler)
        access.setLevel(logging.INFO)
        access.propagate = False
    store.query("ASK {}")  # the query workers start now, not on the first request (ADR 0012)
    app = create_app(settings, store=store)
    # the graph views, explore index and readiness of every partnership, before the first visitor asks
    warming = Warming(app)
    read_key = secrets.token_urlsafe(32)  # lifts the row cap for the command line beside us (ADR 0019)
    app.config[LOCAL_KEY_CONFIG] = read_key
    server = create_server(app, settings)
    url = f"http://{_url_host(settings.host)}:{server.effective_port}/"
    advertised = _advertise(store, settings, server.effective_port, read_key)
    click.echo(f"smpgraph: serving {url} (SPARQL at /sparql)", err=False)
    in_main = threading.current_thread() is threading.main_thread()  # signal handlers live there only
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm) if in_main else None  # stop cleanly on SIGTERM too
    try:
        server.run()  # returns on Ctrl-C or SIGTERM: waitress catches the KeyboardInterrupt and closes
    except KeyboardInterrupt:
        pass
    finally:
        if in_main and previous is not None:
            signal.signal(signal.SIGTERM, previous)
        server.close()
        warming.stop()  # before the store is closed under it
        if advertised is not None:
            remove_advert(advertised, os.getpid())
        if handler is not None:
            access.removeHandler(handler)
            handler.close()
    click.echo("smpgraph: stopped", err=True)


def _advertise(store: GraphStore, settings: Settings, port: int, read_key: str) -> Path | None:
    """Write ``server.json`` into the data dir of an on-disk store, so that the command line reads through us."""
    from smpgraph.store.oxigraph import OxigraphStore

    if not isinstance(store, OxigraphStore) or store.path is None:
        return None
    host = _LOOPBACK.get(settings.host, settings.host)  # a wildcard address is reached on the loopback
    advert = ServerAdvert(
        url=f"http://{_url_host(host)}:{port}/",
        pid=os.getpid(),
        generation=store.metadata.generation,
        writable=settings.update_token is not None,  # whether a token is set; never the token
        read_key=read_key,
    )
    try:
        write_advert(store.path, advert)
    except OSError as exc:  # the server still serves; the command line then only refuses, as before
        logger.warning("could not advertise the server in %s: %s", store.path, exc)
        return None
    return store.path


def _prepare_writes(store: GraphStore) -> None:
    try:
        store.prepare_writes()
    except SmpGraphError as exc:  # e.g. the store closed while starting: the first write will compile instead
        logger.warning("could not prepare incremental reasoning: %s", exc)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
