"""``smpgraph serve``: the SPARQL endpoint, Graph Store and HTTP API under waitress.

On a fresh machine the first start loads and reasons the bundled ontology, reference data and examples;
later starts reuse the store and reload only bundled files whose checksum changed.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import click

from smpgraph.cli import CliContext, pass_context

logger = logging.getLogger(__name__)


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
    from smpgraph.server import create_app
    from smpgraph.server.wsgi import create_server

    settings = ctx.settings
    changes: dict[str, object] = {"host": host, "port": port, "threads": threads, "data_dir": data_dir}
    settings = replace(settings, **{name: value for name, value in changes.items() if value is not None})  # type: ignore[arg-type]
    ctx.settings = settings
    store = ctx.store(read_only=False)
    if not no_bundled:
        reports = load_bundled(store)
        changed = [report for report in reports if not report.unchanged]
        click.echo(
            f"smpgraph: bundled data: {len(changed)} file(s) loaded, {len(reports) - len(changed)} unchanged",
            err=True,
        )
    if access_log:
        logging.getLogger("smpgraph.server.access").setLevel(logging.INFO)
        if not logging.getLogger().handlers:
            logging.basicConfig(format="%(message)s")
    app = create_app(settings, store=store)
    server = create_server(app, settings)
    url = f"http://{_url_host(settings.host)}:{server.effective_port}/"
    click.echo(f"smpgraph: serving {url} (SPARQL at /sparql)", err=False)
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("smpgraph: stopped", err=True)
    finally:
        server.close()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
