"""The ``smpgraph`` command line: a click group whose commands are short modules.

Exit codes (docs/design/conventions.md#errors): 0 ok, 1 does not conform, 2 bad input or usage, 3 internal error.
Errors reach the user as one line on stderr, never as a traceback.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from smpgraph.config import Settings
from smpgraph.errors import SmpGraphError

if TYPE_CHECKING:
    from smpgraph.store.base import GraphStore

EXIT_OK = 0
EXIT_NOT_CONFORMING = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class CliContext:
    """What every command receives: the settings and a store opened on first use."""

    settings: Settings
    _store: GraphStore | None = field(default=None, repr=False)
    read_only: bool = False

    def store(self, *, read_only: bool | None = None) -> GraphStore:
        """The store of these settings, opened once (read-only where the command only reads).

        When ``smpgraph serve`` holds the on-disk store, a reading command reads through the server's SPARQL
        endpoint and a writing one is refused with how to write (docs/decisions/0019-cli-beside-server.md).
        """
        if self._store is None:
            from smpgraph.cli._beside import open_beside_server
            from smpgraph.errors import StoreLockedError
            from smpgraph.store import open_store

            reading = self.read_only if read_only is None else read_only
            try:
                self._store = open_store(self.settings, read_only=reading)
            except StoreLockedError as exc:
                self._store = open_beside_server(self.settings, exc, read_only=reading)
        return self._store

    def close(self) -> None:
        """Close the store if it was opened."""
        if self._store is not None:
            self._store.close()
            self._store = None


pass_context = click.make_pass_decorator(CliContext)


def fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    """Print one line on stderr and exit with ``code``."""
    click.echo(f"smpgraph: error: {message}", err=True)
    sys.exit(code)


class _Group(click.Group):
    """A click group that turns every error into one line on stderr and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SmpGraphError as exc:
            fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            fail("interrupted", EXIT_INTERNAL)
        except BrokenPipeError:
            sys.exit(EXIT_OK)
        except Exception as exc:  # the one place where anything unexpected is caught
            logging.getLogger("smpgraph").debug("internal error", exc_info=True)
            fail(f"internal error: {type(exc).__name__}: {exc}", EXIT_INTERNAL)
        return None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except click.UsageError as exc:  # pragma: no cover - click handles it in standalone mode
            fail(exc.format_message(), EXIT_BAD_INPUT)
        return None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="smpgraph", prog_name="smpgraph")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the embedded store [env SMPGRAPH_DATA_DIR; default: the user's data dir].",
)
@click.option(
    "--backend",
    type=click.Choice(["oxigraph", "memory", "sparql"]),
    default=None,
    help="Store backend [env SMPGRAPH_BACKEND; default: oxigraph].",
)
@click.option("-v", "--verbose", count=True, help="More log output (repeat for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, backend: str | None, verbose: int, quiet: bool) -> None:
    """smpgraph: a knowledge graph of Skills Mobility Partnerships.

    Load RDF, query it with SPARQL, reason over it, validate draft agreements and
    find where cooperation is missing.
    """
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    settings = Settings.from_env(data_dir=data_dir, backend=backend)
    cli_context = CliContext(settings)
    ctx.obj = cli_context
    ctx.call_on_close(cli_context.close)


def _register() -> None:
    """Attach the commands (each its own module)."""
    from smpgraph.cli import commands

    commands.register(cli)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``smpgraph`` script and ``python -m smpgraph``."""
    _register()
    cli.main(args=list(argv) if argv is not None else None, prog_name="smpgraph")
