"""``smpgraph load``: load RDF files or folders into the store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

import click

from smpgraph.bundle import load_bundled
from smpgraph.cli import CliContext, pass_context
from smpgraph.cli._progress import StepPrinter
from smpgraph.errors import ResourceNotFoundError
from smpgraph.progress import Step
from smpgraph.store.formats import SUFFIXES, check_syntax

_RDF_NAMESPACE: Final = b"http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: suffixes that other kinds of file share with RDF: in a folder they are sniffed before they are taken
_AMBIGUOUS: Final = frozenset({".xml", ".json"})
_SNIFF_BYTES: Final = 8192


@dataclass(frozen=True, slots=True)
class FileSelection:
    """The files a load reads, and the files of the folders named that it passes over (with why)."""

    files: list[Path]
    skipped: list[tuple[Path, str]]


def _not_rdf_because(path: Path) -> str | None:
    """Why a ``.xml`` or ``.json`` file found in a folder is not RDF (an XML catalog, a plain JSON file), or None."""
    if path.suffix.lower() not in _AMBIGUOUS:
        return None
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if path.suffix.lower() == ".xml":
        return None if _RDF_NAMESPACE in head else "XML without the RDF namespace (e.g. an XML catalog)"
    return None if b'"@context"' in head or b'"@id"' in head or b'"@graph"' in head else "JSON that is not JSON-LD"


def collect_files(paths: tuple[Path, ...]) -> FileSelection:
    """The RDF files named, folders expanded (recursively, sorted).

    A file named explicitly is always taken (and fails loudly if it is not RDF); in a folder, ``.xml`` and
    ``.json`` files that are not RDF are passed over and listed in ``skipped``.

    Raises:
        ResourceNotFoundError: a path does not exist, or a folder holds no RDF file.
    """
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found = []
            for candidate in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
                reason = _not_rdf_because(candidate)
                if reason is None:
                    found.append(candidate)
                else:
                    skipped.append((candidate, reason))
            if not found:
                raise ResourceNotFoundError(f"{path}: no RDF file in this folder ({', '.join(sorted(SUFFIXES))})")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise ResourceNotFoundError(f"{path}: no such file or folder")
    return FileSelection(files, skipped)


@click.command("load")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--bundled", is_flag=True, help="Load the ontology, reference data and examples smpgraph ships.")
@click.option("--graph", "graph", default=None, help="Load into this named graph (IRI).")
@click.option("--no-reason", is_flag=True, help="Skip recomputing the inferred graph.")
@pass_context
def command(ctx: CliContext, paths: tuple[Path, ...], bundled: bool, graph: str | None, no_reason: bool) -> None:
    """Load RDF files or folders (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML).

    Loading a file again replaces what it loaded before, atomically. In folders, files that are not RDF
    (an XML catalog, plain JSON) are skipped, and said so on stderr. Progress goes to stderr.
    """
    if bundled:
        printer = StepPrinter("bundled data")
        try:
            loaded = load_bundled(ctx.store(), reason=not no_reason, progress=printer)
        finally:
            printer.close()
        changed = [report for report in loaded if not report.unchanged]
        click.echo(f"bundled data: {len(changed)} of {len(loaded)} files loaded (the rest were unchanged)")
        if not paths:
            return
    if not paths:
        raise click.UsageError("name at least one file or folder, or use --bundled")
    selection = collect_files(paths)
    for path, reason in selection.skipped:
        click.echo(f"skipped {path}: not RDF ({reason})", err=True)
    files = selection.files
    for path in files:  # every file must parse before any is written
        check_syntax(path)
    store = ctx.store()
    total = 0
    # one file is reasoned with its load (incrementally when it is small, docs/decisions/0014); several files
    # are loaded first and reasoned once; a command-line load has no write deadline
    with_load = len(files) == 1 and not no_reason
    steps = len(files) + (0 if no_reason or with_load else 1)
    printer = StepPrinter("loading")
    reports = []
    try:
        for done, path in enumerate(files):
            printer(Step(str(path), done=done, total=steps))
            report = store.load(path, graph=graph, reason=with_load, timeout_s=0)
            reports.append(report)
            total += report.triples
        if not no_reason and not with_load:
            printer(Step("reasoning (OWL 2 RL closure)", done=len(files), total=steps))
            store.reason()
    finally:
        printer.close()
    for report in reports:
        verb = "replaced" if report.replaced else "loaded"
        click.echo(f"{verb} {report.triples} triples from {report.source} into <{report.graph}>")
    if not no_reason:
        state = store.metadata.reasoning
        click.echo(f"reasoned: {state.inferred_triples} inferred triples ({state.engine})")
    click.echo(f"total: {total} triples from {len(reports)} file(s)")
