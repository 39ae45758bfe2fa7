"""``smpgraph backup`` and ``smpgraph restore``."""

from __future__ import annotations

from pathlib import Path

import click

from smpgraph.cli import CliContext, pass_context
from smpgraph.cli._beside import backup_through_server, server_on
from smpgraph.errors import InputError
from smpgraph.store.backup import restore_store
from smpgraph.store.base import SupportsBackup


@click.command("backup")
@click.argument("target", type=click.Path(path_type=Path))
@pass_context
def backup_command(ctx: CliContext, target: Path) -> None:
    """Copy the whole store into the new folder TARGET, consistently, while it is in use.

    While `smpgraph serve` holds the store, the server takes the copy (it needs SMPGRAPH_UPDATE_TOKEN).
    """
    store = ctx.store(read_only=True)
    if isinstance(store, SupportsBackup):
        click.echo(f"backed up {len(store)} quads to {store.backup(target)}")
        return
    advert = server_on(ctx.settings)  # the on-disk store is held by `smpgraph serve`: it takes the copy
    if advert is None:
        raise InputError(f"the {ctx.settings.backend} backend has no backup; use the engine's own tools")
    folder, quads = backup_through_server(advert, target, ctx.settings.update_token)
    click.echo(f"backed up {quads} quads to {folder} (taken by the server at {advert.url})")


@click.command("restore")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing store.")
@pass_context
def restore_command(ctx: CliContext, source: Path, force: bool) -> None:
    """Replace the store with the backup in folder SOURCE (the store must not be running)."""
    if ctx.settings.backend != "oxigraph":
        raise InputError("restore works on the embedded on-disk store only")
    target = restore_store(source, ctx.settings.resolved_data_dir(), force=force)
    click.echo(f"restored {source} into {target}")


commands = [backup_command, restore_command]
