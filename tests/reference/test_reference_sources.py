"""smpgraph.sources: the IOM paper, paragraph by paragraph."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# smpgraph may not be installed in the environment running the tests; a source checkout is enough.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from smpgraph.errors import InputError, ResourceNotFoundError
from smpgraph.sources import Paragraph, paragraph_text, paragraphs, parse_paragraphs


def test_paragraphs_are_31_in_order() -> None:
    found = paragraphs()
    assert [p.number for p in found] == list(range(1, 32))
    assert all(isinstance(p, Paragraph) and p.text for p in found)


def test_paragraphs_carry_their_section() -> None:
    sections = {p.number: p.section for p in paragraphs()}
    assert sections[1] == "Introduction"
    assert sections[8] == sections[9] == "Stakeholders"
    assert sections[10] == sections[14] == "Challenges"
    assert sections[23] == "IOM: Scaling up skills partnerships at the global level"
    assert sections[31] == "Conclusion"


def test_prerequisite_paragraphs_have_titles() -> None:
    titles = {p.number: p.title for p in paragraphs()}
    assert titles[23] == "Long- and mid-term planning"
    assert titles[28] == "Address the social aspects of employment and mobility"
    assert titles[30] == "Cost reduction and sharing"
    assert all((title is not None) == (23 <= n <= 30) for n, title in titles.items())


def test_paragraph_text_joins_page_breaks_and_drops_footnotes() -> None:
    assert "boost human capital and development in countries" in paragraph_text(5)
    assert "that the approach calls for" in paragraph_text(24)
    assert "Regional Consultative Process" not in paragraph_text(17)
    assert "**" not in paragraph_text(30)
    assert paragraph_text(7).startswith("Under the overarching principle of migrant well-being")


@pytest.mark.parametrize("n", [0, 32, -1])
def test_paragraph_text_rejects_unknown_numbers(n: int) -> None:
    with pytest.raises(ResourceNotFoundError):
        paragraph_text(n)


def test_paragraphs_returns_a_fresh_list() -> None:
    first = paragraphs()
    first.clear()
    assert len(paragraphs()) == 31


def test_parse_paragraphs_rejects_a_gap() -> None:
    with pytest.raises(InputError, match="paragraph 3 where paragraph 2"):
        parse_paragraphs("Heading\n\n1. One.\n\n3. Three.")


def test_parse_paragraphs_rejects_a_short_text() -> None:
    with pytest.raises(InputError, match="found 1 paragraphs"):
        parse_paragraphs("Heading\n\n1. One.")
