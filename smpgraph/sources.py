"""The founding text of smpgraph: the IOM paper on skills mobility partnerships, paragraph by paragraph.

IOM, Standing Committee on Programmes and Finance, twenty-fifth session, "Skills-based migration and
partnerships: elements and essential prerequisites". Its 31 numbered paragraphs are cited everywhere in
smpgraph as ``https://w3id.org/smpgraph/id/source/iom-smp-prerequisites#para-N``; this module reads their
text from ``data/sources/iom-smp-prerequisites.txt`` so that the web pages can quote what they cite.
``scripts/generate_reference.py`` uses the same parser to describe the paragraphs in
``data/reference/iom-paper.ttl``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final

from smpgraph.errors import InputError, ResourceNotFoundError
from smpgraph.resources import resource_dir

__all__ = [
    "PARAGRAPH_COUNT",
    "PREREQUISITE_PARAGRAPHS",
    "SOURCE_FILE",
    "Paragraph",
    "paragraph_text",
    "paragraphs",
    "parse_paragraphs",
]

#: the paper has exactly this many numbered paragraphs
PARAGRAPH_COUNT: Final = 31
#: paragraphs that each state one prerequisite and open with its title ("Long- and mid-term planning: ...")
PREREQUISITE_PARAGRAPHS: Final = range(23, 31)
#: the text of the paper, relative to the bundled ``data`` folder
SOURCE_FILE: Final = "sources/iom-smp-prerequisites.txt"

# "- 7. Under the ..." or "30. **Cost ..." at the start of a block
_MARKER: Final = re.compile(r"^(?:-\s+)?(\d{1,2})\.\s+(.*)$", re.DOTALL)
_BLANK_LINES: Final = re.compile(r"\n\s*\n")
# a numbered paragraph may follow the previous one on the next line, without a blank line
_MARKER_LINE: Final = re.compile(r"\n(?=(?:-\s+)?\d{1,2}\.\s)")
_SPACES: Final = re.compile(r"\s+")


@dataclass(frozen=True)
class Paragraph:
    """One numbered paragraph of the IOM paper.

    Attributes:
        number: its number, 1 to 31.
        section: the heading it stands under, e.g. ``"Stakeholders"``.
        title: the prerequisite it states (paragraphs 23-30 only), e.g. ``"Data for evidence-based policy"``.
        text: its whole text as printed, title included, on one line and without Markdown emphasis.
    """

    number: int
    section: str
    title: str | None
    text: str


def parse_paragraphs(text: str) -> list[Paragraph]:
    """Split the text of the IOM paper into its numbered paragraphs.

    A block (text between blank lines) or line that starts with ``N.`` or ``- N.`` opens paragraph N. A block
    without a number continues the open paragraph when it starts in lower case (a page break), is a
    footnote when it ends with a full stop, and is otherwise a section heading.

    Args:
        text: the paper as plain text (``data/sources/iom-smp-prerequisites.txt``).

    Returns:
        The paragraphs in order.

    Raises:
        InputError: the paragraphs are not numbered 1 to 31 in order, one precedes any heading, or a
            prerequisite paragraph has no title.

    Examples:
        >>> text = "Introduction\\n\\n" + "\\n".join(f"- {n}. **Title {n}:** Text {n}." for n in range(1, 32))
        >>> found = parse_paragraphs(text)
        >>> found[1]
        Paragraph(number=2, section='Introduction', title=None, text='Title 2: Text 2.')
        >>> found[22].title
        'Title 23'
    """
    section: str | None = None
    opened: list[tuple[int, str, list[str]]] = []
    blocks = [part for block in _BLANK_LINES.split(text) for part in _MARKER_LINE.split(block)]
    for block in blocks:
        line = _SPACES.sub(" ", block).strip()
        if not line:
            continue
        marker = _MARKER.match(line)
        if marker:
            number = int(marker.group(1))
            expected = len(opened) + 1
            if number != expected:
                raise InputError(f"IOM paper: found paragraph {number} where paragraph {expected} was expected")
            if section is None:
                raise InputError(f"IOM paper: paragraph {number} stands under no heading")
            opened.append((number, section, [marker.group(2)]))
        elif opened and line[0].islower():
            opened[-1][2].append(line)
        elif opened and line.endswith("."):
            continue  # a footnote, printed at the foot of the page
        else:
            section = line
    if len(opened) != PARAGRAPH_COUNT:
        raise InputError(f"IOM paper: found {len(opened)} paragraphs, expected {PARAGRAPH_COUNT}")
    return [_paragraph(number, heading, " ".join(parts)) for number, heading, parts in opened]


def _paragraph(number: int, section: str, raw: str) -> Paragraph:
    text = raw.replace("**", "").strip()
    title = None
    if number in PREREQUISITE_PARAGRAPHS:
        head, colon, _ = text.partition(":")
        if not colon or not head.strip():
            raise InputError(f"IOM paper: prerequisite paragraph {number} has no title")
        title = head.strip()
    return Paragraph(number=number, section=section, title=title, text=text)


@cache
def _bundled_paragraphs() -> tuple[Paragraph, ...]:
    path = resource_dir("data") / SOURCE_FILE
    if not path.is_file():
        raise ResourceNotFoundError(f"the IOM paper is missing from this installation: {path}")
    return tuple(parse_paragraphs(path.read_text(encoding="utf-8")))


def paragraphs() -> list[Paragraph]:
    """The 31 paragraphs of the IOM paper, in order.

    Returns:
        A new list; the file is read once per process.

    Raises:
        ResourceNotFoundError: the bundled text is missing.
        InputError: the bundled text does not have 31 numbered paragraphs.
    """
    return list(_bundled_paragraphs())


def paragraph_text(n: int) -> str:
    """The text of paragraph ``n`` of the IOM paper.

    Args:
        n: the paragraph number, 1 to 31.

    Returns:
        Its text on one line, prerequisite title included.

    Raises:
        ResourceNotFoundError: there is no paragraph ``n``, or the bundled text is missing.

    Examples:
        >>> paragraph_text(7).startswith("Under the overarching principle of migrant well-being")
        True
    """
    if not 1 <= n <= PARAGRAPH_COUNT:
        raise ResourceNotFoundError(f"the IOM paper has no paragraph {n}; choose 1 to {PARAGRAPH_COUNT}")
    return _bundled_paragraphs()[n - 1].text
