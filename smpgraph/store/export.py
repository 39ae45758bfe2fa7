"""Exports: a graph or a dataset written to a file in one piece (every backend writes through here)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from smpgraph.errors import InputError
from smpgraph.namespaces import PREFIXES
from smpgraph.store.formats import oxigraph_rdf_format
from smpgraph.store.model import ResultFormat
from smpgraph.store.results import write_triples


def export_triples(out: Path, triples: Sequence[ox.Triple], result_format: ResultFormat) -> int:
    """Write one graph's ``triples`` to ``out``; the number written.

    Raises:
        UnsupportedFormatError: ``result_format`` is not a graph format.
        InputError: the file cannot be written.
    """
    write_atomically(out, write_triples(triples, result_format, PREFIXES))
    return len(triples)


def export_dataset(out: Path, quads: Sequence[ox.Quad], result_format: ResultFormat) -> int:
    """Write a dataset to ``out``: the quads in a quad format, else the union of its graphs (sorted, no repeats).

    Returns:
        The number of quads or triples written.

    Raises:
        UnsupportedFormatError: a results format was asked for.
        InputError: the file cannot be written.
    """
    rdf_format = oxigraph_rdf_format(result_format)
    if result_format.is_quads:
        write_atomically(out, ox.serialize(quads, format=rdf_format) or b"")
        return len(quads)
    unique = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    return export_triples(out, unique, result_format)


def write_atomically(out: Path, data: bytes) -> None:
    """Write ``data`` to ``out`` through a temporary file and a rename.

    Raises:
        InputError: the file cannot be written.
    """
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"{out}: cannot be written: {exc.strerror}") from None
