"""``smpgraph export``: one graph or the whole dataset to a file or stdout."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from smpgraph.cli import CliContext, pass_context
from smpgraph.cli._output import echo_bytes
from smpgraph.store.formats import format_by_name, format_for_path


@click.command("export")
@click.option("--graph", default=None, help="Export only this graph (IRI); default: every graph.")
@click.option("--format", "fmt", default=None, help="ttl, nt, nq, trig, jsonld, rdfxml (default: by suffix, else nq).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File to write.")
@pass_context
def command(ctx: CliContext, graph: str | None, fmt: str | None, output: Path | None) -> None:
    """Export one graph, or the whole dataset with its graph names (N-Quads, TriG)."""
    if fmt is not None:
        chosen = format_by_name(fmt)
    elif output is not None:
        chosen = format_for_path(output)
    else:
        chosen = format_by_name("nq" if graph is None else "ttl")
    store = ctx.store(read_only=True)
    if output is not None:
        count = store.export(output, chosen, graph=graph)
        click.echo(f"wrote {count} {'quads' if chosen.is_quads else 'triples'} to {output}", err=True)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"export.{chosen.suffix}"
        store.export(path, chosen, graph=graph)
        echo_bytes(path.read_bytes())
