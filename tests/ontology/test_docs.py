"""docs/ontology-reference.md is generated from the ontology and up to date (drift test)."""

from __future__ import annotations

from pathlib import Path

from smpgraph.ontology.docs import HEADER, REFERENCE_PATH, render_reference, write_reference

ROOT = Path(__file__).resolve().parents[2]


def test_reference_is_marked_generated():
    assert render_reference().startswith(HEADER)


def test_reference_lists_terms_with_sources():
    page = render_reference()
    assert "| `smp:SkillsMobilityPartnership` | Skills Mobility Partnership |" in page
    assert "`smp:Partnership`" in page and "para 4, para 7" in page
    assert "| `smp:hasInstrument` | has instrument |" in page


def test_reference_has_not_drifted():
    committed = (ROOT / REFERENCE_PATH).read_text(encoding="utf-8")
    assert committed == render_reference(), "run `python -m smpgraph.ontology.docs` and commit the result"


def test_write_reference(tmp_path: Path):
    target = write_reference(tmp_path / "reference.md")
    assert target.read_text(encoding="utf-8") == render_reference()
