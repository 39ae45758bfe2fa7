"""The data smpgraph ships: which files, into which graphs, loaded how.

``smpgraph serve`` (and ``smpgraph load --bundled``) load them on first start and, later, reload only
the files whose checksum changed (the checksums are in the metadata graph).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final

from rdflib import URIRef

from smpgraph.namespaces import GRAPH
from smpgraph.progress import ProgressCallback, Step
from smpgraph.resources import resource_dir
from smpgraph.store.base import GraphStore, LoadReport
from smpgraph.store.naming import STOCKS_GRAPH_IRI, graph_for_bundled

#: (kind, glob) of the bundled files that make up the knowledge graph, in load order
BUNDLED_PARTS: Final = (
    ("ontology", "**/*.ttl"),
    ("data", "reference/*.ttl"),
    ("data", "examples/*.ttl"),
    ("data", "partnerships/*.ttl"),
    ("data", "lists/*.ttl"),
    ("data", "bla/*.ttl"),
    ("data", "stocks/*.ttl"),
    ("data", "void.ttl"),
)

#: bundled files whose graph is named by a decision record rather than by their path
BLA_GRAPH: Final = URIRef(f"{GRAPH}bla")
#: the UN DESA migrant stocks (not reasoned: see ``smpgraph.store.naming.UNREASONED_GRAPHS``)
STOCKS_GRAPH: Final = URIRef(STOCKS_GRAPH_IRI)
_GRAPH_OVERRIDES: Final = {("data", "bla/bla.ttl"): BLA_GRAPH, ("data", "stocks/undesa.ttl"): STOCKS_GRAPH}
#: bundled files at least this large (the BLAs, the stocks) go through the embedded engine's bulk loader: two to
#: four times faster than one transaction (measured on the stocks, 272k triples), and at a first start no
#: reader can see the store yet (ADR 0018)
BULK_BYTES: Final = 4_000_000


@dataclass(frozen=True, slots=True)
class BundledFile:
    """One bundled file and the graph it goes to."""

    path: Path
    graph: URIRef
    name: str


def bundled_files() -> list[BundledFile]:
    """Every bundled file of the knowledge graph, in load order."""
    files: list[BundledFile] = []
    for kind, pattern in BUNDLED_PARTS:
        root = resource_dir(kind)
        for path in sorted(root.glob(pattern)):
            relative = PurePosixPath(path.relative_to(root).as_posix())
            graph = _GRAPH_OVERRIDES.get((kind, str(relative))) or graph_for_bundled(kind, relative)
            files.append(BundledFile(path, graph, f"smpgraph:{kind}/{relative}"))
    return files


def _load(store: GraphStore, item: BundledFile) -> LoadReport:
    from smpgraph.store.oxigraph import OxigraphStore

    if isinstance(store, OxigraphStore) and item.path.stat().st_size >= BULK_BYTES:
        return store.load(
            item.path, graph=str(item.graph), name=item.name, reason=False, skip_unchanged=True, bulk=True
        )
    return store.load(item.path, graph=str(item.graph), name=item.name, reason=False, skip_unchanged=True)


def load_bundled(
    store: GraphStore, *, reason: bool = True, progress: ProgressCallback | None = None
) -> list[LoadReport]:
    """Load the bundled files that are new or changed since the last time; reason once if any were.

    ``progress`` is told of each file before it is read and of the reasoning step (one more step).
    """
    items = bundled_files()
    total = len(items) + (1 if reason else 0)
    reports = []
    for done, item in enumerate(items):
        if progress is not None:
            progress(Step(f"loading {item.name.removeprefix('smpgraph:')}", done=done, total=total))
        reports.append(_load(store, item))
    changed = [report for report in reports if not report.unchanged]
    if reason and (changed or not store.info().reasoning.fresh):
        if progress is not None:
            progress(Step("reasoning (OWL 2 RL closure)", done=len(items), total=total))
        store.reason()
    return reports
