"""The competency questions, offered on the query page as ready examples.

Each ``cq-NN-<slug>.rq`` file states its question on its first line (``# CQ-NN question``). They are
the test suite's own files (``tests/competency/``) in a source checkout, or ``competency/`` among the
bundled resources of an installed wheel when the build puts them there; without either the page simply
offers none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from smpgraph.resources import resource_root

__all__ = ["Example", "examples", "parse_example"]

_HEADER: Final = re.compile(r"^#\s*(CQ-\d+)\s+(.*)$")


@dataclass(frozen=True, slots=True)
class Example:
    """One ready query.

    Attributes:
        key: its identifier, e.g. ``cq-01``.
        label: ``CQ-01``.
        question: the question it answers (in English, as the file states it).
        sparql: the query text.
    """

    key: str
    label: str
    question: str
    sparql: str


def parse_example(name: str, text: str) -> Example | None:
    """An example from a competency-question file, or None when its first line is no ``# CQ-NN`` header.

    Examples:
        >>> parse_example("cq-07-x.rq", "# CQ-07 Who pays?\\nSELECT * WHERE {}").question
        'Who pays?'
    """
    first = text.splitlines()[0] if text else ""
    match = _HEADER.match(first.strip())
    if not match:
        return None
    return Example(key=name[:5].lower(), label=match.group(1), question=match.group(2).strip(), sparql=text)


def _folders() -> tuple[Path, ...]:
    root = resource_root()
    return (root / "competency", root / "tests" / "competency")


@cache
def examples() -> tuple[Example, ...]:
    """The competency questions found in this installation, in order (read once per process)."""
    for folder in _folders():
        files = sorted(folder.glob("cq-*.rq")) if folder.is_dir() else []
        found = [parse_example(path.name, path.read_text(encoding="utf-8")) for path in files]
        items = tuple(item for item in found if item is not None)
        if items:
            return items
    return ()
