"""How query results reach the terminal: a text table, or a machine format."""

from __future__ import annotations

import shutil
import sys
from typing import Final

from rdflib import Literal, URIRef

from smpgraph.namespaces import PREFIXES
from smpgraph.store.base import Term

_BY_LENGTH: Final = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def short(term: Term | None) -> str:
    """A term as people read it: CURIEs for our prefixes, literals by value."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in _BY_LENGTH:
            if text.startswith(namespace) and text != namespace:
                return f"{prefix}:{text[len(namespace) :]}"
        return f"<{text}>"
    if isinstance(term, Literal):
        return f"{term}@{term.language}" if term.language else str(term)
    return f"_:{term}"


def table(headers: list[str], rows: list[list[str]], *, max_width: int | None = None) -> str:
    """A plain-text table with a header rule, fitted to the terminal.

    When a cell has to be cut to fit (it ends in ``…``), a last line says how many were and how to see them
    whole: nothing is cut silently.

    >>> print(table(["graph", "triples"], [["id:graph/a", "3"]]))
    graph       triples
    ----------  -------
    id:graph/a  3
    """
    width = max_width or shutil.get_terminal_size((120, 20)).columns
    cols = len(headers)
    widths = [len(h) for h in headers]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(cell.replace("\n", " ")))
    # shrink the widest column first, one character at a time, keeping the first column (the key) whole
    # while another column can still give; no column goes under 10
    room = width - 2 * (cols - 1)
    while sum(widths) > room:
        candidates = [index for index in range(1, cols) if widths[index] > 10] or [
            index for index in range(cols) if widths[index] > 10
        ]
        if not candidates:
            break
        widest = max(candidates, key=lambda index: widths[index])
        widths[widest] -= 1
    cut = 0

    def fit(cell: str, w: int) -> str:
        nonlocal cut
        cell = cell.replace("\n", " ")
        if len(cell) <= w:
            return cell
        cut += 1
        return cell[: max(w - 1, 0)] + "…"

    lines = ["  ".join(fit(h, w).ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(fit(c, w).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows)
    if cut:
        lines.append(
            f"({cut} cell(s) cut to fit {width} columns, ending in …; "
            "see them whole with --format json, or in a wider terminal)"
        )
    return "\n".join(lines)


def echo_bytes(data: bytes) -> None:
    """Write bytes to stdout as they are."""
    stream = sys.stdout.buffer
    stream.write(data)
    if data and not data.endswith(b"\n"):
        stream.write(b"\n")
    stream.flush()
