"""Code tables a YAML draft is checked against: ISCO-08 groups (countries live in :mod:`.countries`).

The ISCO-08 table is the repository's copy (``data/sources/isco08.tsv``, else the generated
``data/reference/isco08.ttl``); if neither is present the check is skipped, not failed.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from smpgraph.errors import ResourceNotFoundError
from smpgraph.resources import resource_dir

logger = logging.getLogger(__name__)

_ISCO_IRI = "http://data.europa.eu/esco/isco/C"


def _read_tsv(path: Path) -> frozenset[str]:
    codes: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        code = line.split("\t", 1)[0].strip()
        if code:
            codes.add(code)
    return frozenset(codes)


def _read_turtle(path: Path) -> frozenset[str]:
    from rdflib import Graph, URIRef

    try:
        graph = Graph().parse(path, format="turtle")
    except Exception:  # a broken reference file must not break reading drafts; the QC tests catch it
        logger.warning("cannot parse %s; ISCO codes in drafts are not checked", path)
        return frozenset()
    return frozenset(
        str(node)[len(_ISCO_IRI) :]
        for node in graph.subjects(unique=True)
        if isinstance(node, URIRef) and str(node).startswith(_ISCO_IRI)
    )


@functools.cache
def isco_codes() -> frozenset[str] | None:
    """The ISCO-08 codes known to this installation, or ``None`` when no table is bundled."""
    try:
        data = resource_dir("data")
    except ResourceNotFoundError:
        return None
    tsv = data / "sources" / "isco08.tsv"
    if tsv.is_file():
        return _read_tsv(tsv)
    turtle = data / "reference" / "isco08.ttl"
    if turtle.is_file():
        codes = _read_turtle(turtle)
        return codes or None
    logger.warning("no ISCO-08 table bundled; ISCO codes in drafts are not checked")
    return None
