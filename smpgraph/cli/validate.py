"""``smpgraph validate``: check draft agreements (or every stored agreement) against the IOM shapes.

Exit codes: 0 the drafts pass (no finding at or above ``--fail-on``), 1 they do not, 2 bad input (one
line on stderr). A draft is read, validated in memory and forgotten: it is never stored or logged.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import click

from smpgraph.cli import EXIT_NOT_CONFORMING, EXIT_OK, CliContext, pass_context
from smpgraph.domain import DEFAULT_LANGUAGE, LANGUAGES
from smpgraph.errors import InputError, SmpGraphError
from smpgraph.validation.readiness import readiness_shares
from smpgraph.validation.render import shares_text
from smpgraph.validation.report import Severity, ValidationReport
from smpgraph.validation.serialize import ReportFormat, serialize

if TYPE_CHECKING:
    from smpgraph.store.base import GraphStore

logger = logging.getLogger(__name__)

_FORMATS = [member.name_on_cli for member in ReportFormat]


@click.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--all",
    "validate_stored",
    is_flag=True,
    help="Validate every agreement in the knowledge graph, with the shapes compiled to SPARQL and run on the "
    "store (proven equal to pyshacl; see --engine). Drafts (FILE...) are always validated with pyshacl. "
    "After the reports comes the table of the share of coded agreements (e.g. the BLA dataset) that "
    "provide each component and prerequisite.",
)
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="Engine for --all: the compiled SPARQL rules on the store, or pyshacl per batch (the reference; slower).",
)
@click.option(
    "--summary",
    is_flag=True,
    help="With --all: print only the share table of the coded agreements, not the per-agreement reports.",
)
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=DEFAULT_LANGUAGE, show_default=True, help="Language.")
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning", "info"]),
    default="violation",
    show_default=True,
    help="Lowest severity that makes the command exit 1.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False, writable=True),
    default=None,
    help="Write the report to this file instead of standard output.",
)
@pass_context
def command(
    ctx: CliContext,
    files: tuple[Path, ...],
    validate_stored: bool,
    fmt: str,
    lang: str,
    fail_on: str,
    output: Path | None,
    engine: str,
    summary: bool,
) -> None:
    """Validate draft agreements (Turtle, JSON-LD or YAML) against the SMP components and prerequisites.

    Each finding names the paragraph of the IOM paper it comes from and what to add. A readiness summary
    (absent, partial, complete) is given for each component and prerequisite.
    """
    if not files and not validate_stored:
        raise InputError("name at least one draft FILE, or use --all")
    if summary and not validate_stored:
        raise InputError("--summary needs --all")
    from smpgraph.drafts import load_draft
    from smpgraph.validation import validate, validate_all

    drafts = [(str(path), load_draft(path)) for path in files]  # bad input fails here, before any work
    store = _open_store(ctx, required=validate_stored)
    reports: list[ValidationReport] = [validate(draft, store=store, lang=lang, origin=name) for name, draft in drafts]
    if validate_stored and store is not None:
        reports.extend(validate_all(store, lang=lang, engine=engine).values())
    report = ValidationReport.merge(reports, lang=lang)
    shares = readiness_shares(report.agreements) if validate_stored else []
    if summary:
        text = shares_text(shares, lang)
    else:
        text = serialize(report, ReportFormat.from_name(fmt))
        if shares and fmt == "text":
            text += "\n" + shares_text(shares, lang)
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{output}: cannot write the report: {exc.strerror or exc}") from exc
    else:
        click.echo(text, nl=False)
    ctx_exit = EXIT_OK if report.passes(Severity.from_label(fail_on)) else EXIT_NOT_CONFORMING
    click.get_current_context().exit(ctx_exit)


def _open_store(ctx: CliContext, *, required: bool) -> GraphStore | None:
    """The knowledge graph, read-only; for drafts alone, validation goes on without it if it cannot open."""
    try:
        return ctx.store(read_only=True)
    except SmpGraphError:
        if required:
            raise
        logger.warning("the knowledge graph could not be opened; validating with the bundled reference data only")
        return None
