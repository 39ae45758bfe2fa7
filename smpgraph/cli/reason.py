"""``smpgraph reason``: recompute the inferred graph."""

from __future__ import annotations

import time

import click

from smpgraph.cli import CliContext, pass_context


@click.command("reason")
@pass_context
def command(ctx: CliContext) -> None:
    """Recompute the OWL 2 RL closure of ontology and data into the inferred graph."""
    started = time.perf_counter()
    state = ctx.store().reason()
    click.echo(f"{state.inferred_triples} inferred triples ({state.engine}) in {time.perf_counter() - started:.1f} s")
