"""Find the files smpgraph ships: ontology, shapes, data and SPARQL queries.

In an installed wheel they live in ``smpgraph/_resources`` (put there by the build); in a source
checkout they are the top-level ``ontology/``, ``shapes/`` and ``data/`` folders. Nothing else in
smpgraph knows where they are.
"""

from __future__ import annotations

from importlib import resources as _resources
from pathlib import Path

from smpgraph.errors import ResourceNotFoundError

_KINDS = ("ontology", "shapes", "data")


def resource_root() -> Path:
    """The folder holding ``ontology/``, ``shapes/`` and ``data/``."""
    packaged = Path(str(_resources.files("smpgraph"))) / "_resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent


def resource_dir(kind: str) -> Path:
    """The folder of one kind of bundled resource.

    Args:
        kind: ``"ontology"``, ``"shapes"`` or ``"data"``.

    Returns:
        Its path.

    Raises:
        ResourceNotFoundError: the kind is unknown or the folder is missing from this installation.
    """
    if kind not in _KINDS:
        raise ResourceNotFoundError(f"unknown resource kind {kind!r}; choose from {', '.join(_KINDS)}")
    path = resource_root() / kind
    if not path.is_dir():
        raise ResourceNotFoundError(f"bundled {kind} folder not found at {path}")
    return path


def query_text(name: str) -> str:
    """The text of a SPARQL file shipped inside the package (``smpgraph/queries/{name}``)."""
    path = Path(__file__).resolve().parent / "queries" / name
    if not path.is_file():
        raise ResourceNotFoundError(f"bundled query {name!r} not found")
    return path.read_text(encoding="utf-8")
