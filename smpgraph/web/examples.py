"""The competency questions, offered on the query page as ready examples.

Each ``cq-NN-<slug>.rq`` file states its question on its first line (``# CQ-NN question``) and the IOM
paragraph it serves on a ``# Source: ... para. N`` line. The other header lines (``# Fixture:``,
``# Expected:``, ``# Requires:`` and their continuations) are notes for the test suite: the page shows
neither them nor a question whose notes say it is expected to return nothing (``# Expected: none``), as
such an example would only show a person an empty table. The files are the test suite's own
(``tests/competency/``) in a source checkout, or ``competency/`` among the bundled resources of an
installed wheel when the build puts them there; without either the page simply offers none.
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
_SOURCE: Final = re.compile(r"^#\s*Source:.*?para(?:graph)?\.?\s*(\d+)", re.IGNORECASE)
_NOTE: Final = re.compile(r"^#\s*(Fixture|Expected|Requires)\s*:", re.IGNORECASE)
_EMPTY: Final = re.compile(r"^#\s*Expected\s*:\s*(none|nothing|no rows?|empty)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Example:
    """One ready query.

    Attributes:
        key: its identifier, e.g. ``cq-01``.
        label: ``CQ-01``.
        question: the question it answers (in English, as the file states it).
        sparql: the query text, without the test suite's notes.
        paragraph: the paragraph of the IOM paper the question serves, if the file names one.
        empty_by_design: whether the file's notes expect no answer (such an example is not offered).
    """

    key: str
    label: str
    question: str
    sparql: str
    paragraph: int | None = None
    empty_by_design: bool = False


def _strip_notes(lines: list[str]) -> tuple[list[str], bool]:
    """The lines without the test notes (a note runs on over the ``#`` lines that follow it, up to the query)."""
    kept: list[str] = []
    in_note = False
    empty = False
    for line in lines:
        stripped = line.strip()
        if _NOTE.match(stripped):
            in_note = True
            empty = empty or bool(_EMPTY.match(stripped))
            continue
        if in_note and stripped.startswith("#") and not _SOURCE.match(stripped):
            continue
        in_note = False
        kept.append(line)
    return kept, empty


def parse_example(name: str, text: str) -> Example | None:
    """An example from a competency-question file, or None when its first line is no ``# CQ-NN`` header.

    Examples:
        >>> parse_example("cq-07-x.rq", "# CQ-07 Who pays?\\nSELECT * WHERE {}").question
        'Who pays?'
        >>> parse_example("cq-07-x.rq", "# CQ-07 Who?\\n# Expected: a note\\nSELECT * WHERE {}").sparql
        '# CQ-07 Who?\\nSELECT * WHERE {}'
    """
    lines = text.splitlines()
    first = lines[0] if lines else ""
    match = _HEADER.match(first.strip())
    if not match:
        return None
    paragraph = next((int(found.group(1)) for line in lines if (found := _SOURCE.match(line.strip()))), None)
    kept, empty = _strip_notes(lines)
    return Example(
        key=name[:5].lower(),
        label=match.group(1),
        question=match.group(2).strip(),
        sparql="\n".join(kept) + ("\n" if text.endswith("\n") else ""),
        paragraph=paragraph,
        empty_by_design=empty,
    )


def _folders() -> tuple[Path, ...]:
    root = resource_root()
    return (root / "competency", root / "tests" / "competency")


@cache
def examples() -> tuple[Example, ...]:
    """The competency questions found in this installation that answer something, in order (read once)."""
    for folder in _folders():
        files = sorted(folder.glob("cq-*.rq")) if folder.is_dir() else []
        found = [parse_example(path.name, path.read_text(encoding="utf-8")) for path in files]
        items = tuple(item for item in found if item is not None and not item.empty_by_design)
        if items:
            return items
    return ()
