"""``smpgraph import``: convert external datasets to RDF (``smpgraph import bla DIR``, ``import undesa DIR``)."""

from __future__ import annotations

from pathlib import Path

import click

from smpgraph.bundle import BLA_GRAPH, STOCKS_GRAPH
from smpgraph.cli import CliContext, pass_context
from smpgraph.store.base import ResultFormat

#: ``--load`` writes to the graph and under the source name ``smpgraph serve`` uses for the bundled
#: data/bla/bla.ttl, so that an import replaces the bundled agreements instead of doubling them
BLA_SOURCE_NAME = "smpgraph:data/bla/bla.ttl"
#: the same for the bundled data/stocks/undesa.ttl
STOCKS_SOURCE_NAME = "smpgraph:data/stocks/undesa.ttl"


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
    _deliver(ctx, text, result.summary(), output, (str(BLA_GRAPH), BLA_SOURCE_NAME) if load else None, not no_reason)


@command.command("undesa")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write the Turtle here."
)
@click.option("--load", is_flag=True, help="Load the result into the store (replacing the bundled stocks graph).")
@pass_context
def undesa(ctx: CliContext, directory: Path, output: Path | None, load: bool) -> None:
    """Import UN DESA's International Migrant Stock 2019 (origin x destination) from DIRECTORY.

    DIRECTORY holds migrant-stock-origin-destination-2019.csv. The result is RDF Data Cube observations,
    one per corridor and year (1990, 2000, 2010, 2019) with a stock above zero; with the bundled table it
    equals data/stocks/undesa.ttl byte for byte. Names map through data/mappings/undesa-countries.tsv; a
    name it does not list is an error (exit 2). The stocks graph is not reasoned (ADR 0018), so --load
    does not recompute the inferred graph.
    """
    from smpgraph.stocks.importer import SHIPPED_HEADER, import_undesa

    result = import_undesa(directory)
    text = result.turtle(SHIPPED_HEADER)
    _deliver(ctx, text, result.summary(), output, (str(STOCKS_GRAPH), STOCKS_SOURCE_NAME) if load else None, False)


def _deliver(
    ctx: CliContext, text: str, summary: str, output: Path | None, target: tuple[str, str] | None, reason: bool
) -> None:
    """Write an import's Turtle to ``output``, load it into ``target`` (graph, source name), or print it."""
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}: {summary}", err=target is not None)
    if target is not None:
        graph, name = target
        report = ctx.store().load(
            text.encode("utf-8"), graph=graph, format=ResultFormat.TURTLE, name=name, reason=reason
        )
        click.echo(f"loaded {report.triples} triples into <{report.graph}>: {summary}")
    if output is None and target is None:
        click.echo(text, nl=False)
