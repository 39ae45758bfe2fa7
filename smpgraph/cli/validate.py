"""``smpgraph validate``: check draft agreements (or every stored agreement) against the IOM shapes.

Exit codes: 0 the drafts (or, with ``--all``, the stored agreements) pass: no finding at or above
``--fail-on`` among those selected by ``--only``; 1 they do not; 2 bad input (one line on stderr). A draft is
read, validated in memory and forgotten: it is never stored or logged.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from smpgraph.cli import EXIT_NOT_CONFORMING, EXIT_OK, CliContext, pass_context
from smpgraph.domain import DEFAULT_LANGUAGE, LANGUAGES
from smpgraph.errors import InputError, SmpGraphError
from smpgraph.validation.readiness import readiness_shares
from smpgraph.validation.report import FindingCategory, Severity, ValidationReport
from smpgraph.validation.serialize import ReportFormat, serialize
from smpgraph.validation.summary import serialize_summary, summarize, with_closing_note
from smpgraph.validation.world import parse_world

if TYPE_CHECKING:
    from smpgraph.store.base import GraphStore


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
    help="With --all: print only the counts, the share table of the coded agreements and the closing note "
    "(every Violation with its evidence), in any --format, not the per-agreement reports.",
)
@click.option(
    "--only",
    type=click.Choice([category.value for category in FindingCategory]),
    default=None,
    help="Report (and fail on) only the policy gaps or only the data-quality findings [default: both].",
)
@click.option(
    "--standard",
    type=click.Choice(["iom", "ilo"]),
    default="iom",
    show_default=True,
    help="iom: the components and prerequisites of the IOM paper (the shapes). ilo: the 34 ILO best-practice "
    "provisions of bilateral labour agreements, each with the YAML keys to state it and its share among the coded "
    "real agreements of the knowledge graph (overall, same destination, origin, region and decade), and the five "
    "most similar real agreements. Drafts only; --fail-on info fails when a provision is not provided.",
)
@click.option(
    "--world",
    type=click.Choice(["auto", "draft", "sources"]),
    default="auto",
    show_default=True,
    help="How silence is read: 'draft' (closed world: what it does not say, it lacks), 'sources' (open world: a "
    "real agreement whose sources may be silent; absences are 'not recorded', Info), or 'auto': a draft unless "
    "the agreement cites its sources and its status is not draft.",
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
    only: str | None,
    world: str,
    standard: str,
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

    if standard == "ilo":
        _check_ilo(ctx, files, validate_stored=validate_stored, fmt=fmt, lang=lang, fail_on=fail_on, output=output)
        return
    chosen = parse_world(world)
    drafts = [(str(path), load_draft(path)) for path in files]  # bad input fails here, before any work
    store = _open_store(ctx, required=validate_stored)
    reports: list[ValidationReport] = [
        validate(draft, store=store, lang=lang, origin=name, world=chosen) for name, draft in drafts
    ]
    if validate_stored and store is not None:
        reports.extend(validate_all(store, lang=lang, engine=engine, world=chosen).values())
    report = ValidationReport.merge(reports, lang=lang)
    if only is not None:
        report = report.only([FindingCategory.from_name(only)])
    report_format = ReportFormat.from_name(fmt)
    shares = readiness_shares(report.agreements) if validate_stored else []
    if summary:
        text = serialize_summary(summarize(report, shares), report_format)
    else:
        text = serialize(report, report_format)
        if validate_stored:
            text = with_closing_note(text, summarize(report, shares), report_format)
    _write(text, output)
    ctx_exit = EXIT_OK if report.passes(Severity.from_label(fail_on)) else EXIT_NOT_CONFORMING
    click.get_current_context().exit(ctx_exit)


def _write(text: str, output: Path | None) -> None:
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{output}: cannot write the report: {exc.strerror or exc}") from exc
    else:
        click.echo(text, nl=False)


def _check_ilo(
    ctx: CliContext,
    files: tuple[Path, ...],
    *,
    validate_stored: bool,
    fmt: str,
    lang: str,
    fail_on: str,
    output: Path | None,
) -> None:
    """``--standard ilo``: each draft against the ILO provisions, with shares among the coded real agreements."""
    from smpgraph.drafts import load_draft
    from smpgraph.validation.ilo_render import serialize_ilo
    from smpgraph.validation.standard import check_ilo

    if validate_stored:
        raise InputError("--standard ilo checks drafts (FILE...), not --all")
    if fmt == ReportFormat.TURTLE.name_on_cli:
        raise InputError("--standard ilo writes text, json, md or html, not ttl")
    drafts = [(str(path), load_draft(path)) for path in files]
    store = _open_store(ctx, required=False)
    reports = [report for name, draft in drafts for report in check_ilo(draft, store=store, lang=lang, origin=name)]
    _write(serialize_ilo(reports, fmt, lang), output)
    missing = any(not finding.provided for report in reports for finding in report.findings)
    failed = missing and Severity.from_label(fail_on) is Severity.INFO
    click.get_current_context().exit(EXIT_NOT_CONFORMING if failed else EXIT_OK)


def _open_store(ctx: CliContext, *, required: bool) -> GraphStore | None:
    """The knowledge graph, read-only; for drafts alone, validation goes on without it if it cannot open."""
    try:
        return ctx.store(read_only=True)
    except SmpGraphError as exc:
        if required:
            raise
        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        click.echo(
            f"smpgraph: warning: the knowledge graph could not be opened ({why}); "
            "validating with the bundled reference data only",
            err=True,
        )
        return None
