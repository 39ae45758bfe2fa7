"""``smpgraph info``: what the store holds."""

from __future__ import annotations

import json

import click
from rdflib import URIRef

import smpgraph
from smpgraph.cli import CliContext, pass_context
from smpgraph.cli._output import short, table


@click.command("info")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_context
def command(ctx: CliContext, fmt: str) -> None:
    """Graphs, triple counts, provenance of each load and whether reasoning is fresh."""
    info = ctx.store(read_only=True).info()
    if fmt == "json":
        payload = {
            "version": smpgraph.__version__,
            "backend": info.backend,
            "location": info.location,
            "total_triples": info.total_triples,
            "reasoning": {
                "fresh": info.reasoning.fresh,
                "inferred_triples": info.reasoning.inferred_triples,
                "engine": info.reasoning.engine,
                "computed_at": info.reasoning.computed_at.isoformat() if info.reasoning.computed_at else None,
            },
            "graphs": [
                {
                    "graph": str(g.graph),
                    "triples": g.triples,
                    "source": g.source,
                    "checksum": g.checksum,
                    "loaded_at": g.loaded_at.isoformat() if g.loaded_at else None,
                }
                for g in info.graphs
            ],
        }
        click.echo(json.dumps(payload, indent=2))
        return
    click.echo(f"smpgraph {smpgraph.__version__}; store: {info.backend} at {info.location}")
    state = info.reasoning
    freshness = "fresh" if state.fresh else "STALE (run `smpgraph reason`)"
    click.echo(
        f"triples: {info.total_triples}; inferred: {state.inferred_triples} ({state.engine or '-'}, {freshness})"
    )
    if "interrupted_load" in info.extras:  # the store cleared a graph a crash left half loaded (ADR 0023)
        click.echo(f"note: {info.extras['interrupted_load']}")
    rows = [
        [short(URIRef(g.graph)), str(g.triples), g.source or "", g.loaded_at.isoformat() if g.loaded_at else ""]
        for g in info.graphs
    ]
    if rows:
        click.echo(table(["graph", "triples", "source", "loaded"], rows))
