"""Graph IRIs: derived from files, and as the store takes them (docs/decisions/0001-graph-naming.md)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath

import pyoxigraph as ox
from rdflib import URIRef

from smpgraph.errors import InputError
from smpgraph.namespaces import GRAPH
from smpgraph.store.metadata import DEFAULT_GRAPH

#: the graph of the UN DESA migrant stocks (docs/decisions/0018-migrant-stocks-and-corridor-gaps.md)
STOCKS_GRAPH_IRI = f"{GRAPH}stocks"
#: asserted graphs the OWL RL closure does not read: statistical observations with no axiom of our
#: ontology on them, whose 270k triples would only add time to every recompute (ADR 0018)
UNREASONED_GRAPHS = (STOCKS_GRAPH_IRI,)

_UNSAFE = re.compile(r"[^A-Za-z0-9._~-]+")


def slug(text: str) -> str:
    """A lower-case IRI-safe slug of ``text``."""
    return _UNSAFE.sub("-", text).strip("-").lower() or "graph"


def graph_for_file(path: Path) -> URIRef:
    """The graph of a user's file: ``graph/file/{stem}-{8 hex of the absolute path's sha256}``."""
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:8]
    return URIRef(f"{GRAPH}file/{slug(path.stem)}-{digest}")


def graph_for_bundled(kind: str, relative: PurePosixPath) -> URIRef:
    """The graph of a bundled file: ``graph/{kind}/{path without suffix}``."""
    parts = [slug(part) for part in relative.with_suffix("").parts]
    return URIRef(f"{GRAPH}{kind}/{'/'.join(parts)}")


def graph_iri(graph: str | None) -> str:
    """The IRI of a graph argument (``None``: the store's default graph), checked by the engine.

    Raises:
        InputError: the IRI is invalid.
    """
    try:
        return ox.NamedNode(str(DEFAULT_GRAPH) if graph is None else graph).value
    except ValueError as exc:
        raise InputError(f"invalid graph IRI {graph!r}: {exc}") from None
