"""``smpgraph query`` and ``smpgraph update``: SPARQL from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from smpgraph.cli import CliContext, fail, pass_context
from smpgraph.cli._beside import server_on, update_through_server
from smpgraph.cli._output import echo_bytes, short, table
from smpgraph.errors import StoreLockedError
from smpgraph.store.base import AskResult, GraphResult, QueryForm, ResultFormat
from smpgraph.store.formats import format_by_name

_FORMATS = ["table", "json", "xml", "csv", "tsv", "ttl", "nt", "jsonld", "rdfxml"]


def read_sparql(text: str | None, file: Path | None) -> str:
    """The SPARQL text from the argument, a file, or standard input (``-``)."""
    if file is not None:
        if str(file) == "-":
            return sys.stdin.read()
        if not file.is_file():
            fail(f"{file}: no such file")
        return file.read_text(encoding="utf-8")
    if text is None:
        fail("give a query as an argument or with -f FILE")
    assert text is not None
    return text


@click.command("query")
@click.argument("sparql", required=False)
@click.option("-f", "--file", "file", type=click.Path(path_type=Path), help="Read the query from FILE ('-': stdin).")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="table", show_default=True)
@click.option("--limit", "max_rows", type=int, default=None, help="Row cap (default: SMPGRAPH_MAX_ROWS).")
@click.option("--timeout", "timeout_s", type=float, default=None, help="Deadline in seconds.")
@pass_context
def command(
    ctx: CliContext, sparql: str | None, file: Path | None, fmt: str, max_rows: int | None, timeout_s: float | None
) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE); our prefixes are predeclared."""
    text = read_sparql(sparql, file)
    store = ctx.store(read_only=True)
    if fmt == "table":
        result = store.query(text, max_rows=max_rows, timeout_s=timeout_s)
        if isinstance(result, AskResult):
            click.echo("yes" if result.value else "no")
            return
        if isinstance(result, GraphResult):
            echo_bytes(result.graph.serialize(format="turtle").encode())
            truncated = result.truncated
        else:
            rows = [[short(term) for term in row] for row in result.rows]
            click.echo(table(list(result.variables), rows))
            click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)
            truncated = result.truncated
        if truncated:
            click.echo("warning: results truncated at the row cap; use --limit to raise it", err=True)
        return
    wanted: ResultFormat = format_by_name(fmt)
    serialized = store.query_serialized(text, _fit(wanted, text), max_rows=max_rows, timeout_s=timeout_s)
    echo_bytes(serialized.body)
    if serialized.truncated:
        click.echo("warning: results truncated at the row cap; use --limit to raise it", err=True)


def _fit(wanted: ResultFormat, text: str) -> ResultFormat:
    """Accept ``json`` for graph results too (as JSON-LD)."""
    from smpgraph.store.sparql_text import query_form

    form = query_form(text)
    if form in (QueryForm.CONSTRUCT, QueryForm.DESCRIBE) and wanted is ResultFormat.JSON:
        return ResultFormat.JSONLD
    return wanted


@click.command("update")
@click.argument("sparql", required=False)
@click.option("-f", "--file", "file", type=click.Path(path_type=Path), help="Read the update from FILE ('-': stdin).")
@click.option("--no-reason", is_flag=True, help="Skip bringing the inferred graph up to date.")
@click.option("--timeout", "timeout_s", type=float, default=0.0, help="Deadline in seconds (default: none).")
@pass_context
def update_command(ctx: CliContext, sparql: str | None, file: Path | None, no_reason: bool, timeout_s: float) -> None:
    """Run a SPARQL update; its WHERE sees the same dataset as queries.

    The inferred graph follows incrementally (a schema change recomputes it in full). While `smpgraph serve`
    holds the store, the update is sent to it when SMPGRAPH_UPDATE_TOKEN is set (the server reasons it).
    """
    text = read_sparql(sparql, file)
    try:
        store = ctx.store()
    except StoreLockedError:  # `smpgraph serve` holds the store: send the update to it, with the token
        advert = server_on(ctx.settings)
        token = ctx.settings.update_token
        if advert is None or not advert.writable or not token:
            raise
        update_through_server(advert, text, token)
        click.echo(f"ok (applied and reasoned by the server at {advert.url})")
        return
    store.update(text, reason=not no_reason, timeout_s=timeout_s)
    click.echo("ok")


commands = [command]
