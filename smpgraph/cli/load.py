"""``smpgraph load``: load RDF files or folders into the store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from smpgraph.bundle import load_bundled
from smpgraph.cli import CliContext, pass_context
from smpgraph.errors import ResourceNotFoundError
from smpgraph.store.formats import SUFFIXES, check_syntax


def collect_files(paths: tuple[Path, ...]) -> list[Path]:
    """The RDF files named, folders expanded (recursively, sorted).

    Raises:
        ResourceNotFoundError: a path does not exist, or a folder holds no RDF file.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                raise ResourceNotFoundError(f"{path}: no RDF file in this folder ({', '.join(sorted(SUFFIXES))})")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise ResourceNotFoundError(f"{path}: no such file or folder")
    return files


@click.command("load")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--bundled", is_flag=True, help="Load the ontology, reference data and examples smpgraph ships.")
@click.option("--graph", "graph", default=None, help="Load into this named graph (IRI).")
@click.option("--no-reason", is_flag=True, help="Skip recomputing the inferred graph.")
@pass_context
def command(ctx: CliContext, paths: tuple[Path, ...], bundled: bool, graph: str | None, no_reason: bool) -> None:
    """Load RDF files or folders (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML).

    Loading a file again replaces what it loaded before, atomically.
    """
    if bundled:
        loaded = load_bundled(ctx.store(), reason=not no_reason)
        changed = [report for report in loaded if not report.unchanged]
        click.echo(f"bundled data: {len(changed)} of {len(loaded)} files loaded (the rest were unchanged)")
        if not paths:
            return
    if not paths:
        raise click.UsageError("name at least one file or folder, or use --bundled")
    files = collect_files(paths)
    for path in files:  # every file must parse before any is written
        check_syntax(path)
    store = ctx.store()
    total = 0
    show_bar = len(files) > 1 or any(f.stat().st_size > 5_000_000 for f in files)
    with click.progressbar(files, label="loading", file=sys.stderr, hidden=not show_bar) as bar:
        reports = []
        for path in bar:
            report = store.load(path, graph=graph, reason=False)
            reports.append(report)
            total += report.triples
    for report in reports:
        verb = "replaced" if report.replaced else "loaded"
        click.echo(f"{verb} {report.triples} triples from {report.source} into <{report.graph}>")
    if not no_reason:
        state = store.reason()
        click.echo(f"reasoned: {state.inferred_triples} inferred triples ({state.engine})")
    click.echo(f"total: {total} triples from {len(reports)} file(s)")
