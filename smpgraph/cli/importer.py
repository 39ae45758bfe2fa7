"""``smpgraph import``: convert external datasets to RDF in our ontology (``smpgraph import bla DIR``)."""

from __future__ import annotations

from pathlib import Path

import click

from smpgraph.bundle import BLA_GRAPH
from smpgraph.cli import CliContext, pass_context
from smpgraph.store.base import ResultFormat

#: ``--load`` writes to the graph and under the source name ``smpgraph serve`` uses for the bundled
#: data/bla/bla.ttl, so that an import replaces the bundled agreements instead of doubling them
BLA_SOURCE_NAME = "smpgraph:data/bla/bla.ttl"


@click.group("import")
def command() -> None:
    """Convert an external dataset to RDF in the smpgraph ontology."""


@command.command("bla")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write the Turtle here."
)
@click.option("--load", is_flag=True, help="Load the result into the store (replacing the bundled BLA graph).")
@click.option("--no-reason", is_flag=True, help="With --load: skip recomputing the inferred graph.")
@pass_context
def bla(ctx: CliContext, directory: Path, output: Path | None, load: bool, no_reason: bool) -> None:
    """Import the Bilateral Labor Agreements Dataset (Chilton and Woda) from DIRECTORY.

    DIRECTORY holds bla-formation.csv and bla-coding.csv. Without --output or --load the Turtle goes to
    standard output. Country names map through data/mappings/bla-countries.tsv and coded items through
    data/mappings/bla-provisions.tsv; a name that does not map is an error (exit 2).
    """
    from smpgraph.bla.importer import import_bla

    result = import_bla(directory)
    text = result.turtle((f"Imported by smpgraph import bla from {directory}",))
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}: {result.summary()}", err=load)
    if load:
        store = ctx.store()
        report = store.load(
            text.encode("utf-8"),
            graph=str(BLA_GRAPH),
            format=ResultFormat.TURTLE,
            name=BLA_SOURCE_NAME,
            reason=not no_reason,
        )
        click.echo(f"loaded {report.triples} triples into <{report.graph}>: {result.summary()}")
    if output is None and not load:
        click.echo(text, nl=False)
