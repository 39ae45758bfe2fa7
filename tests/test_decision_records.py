"""Documentation that others rely on stays true: decision records are indexed and have a status, and nothing
in the repository cites a document that is not in it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DECISIONS = REPO / "docs" / "decisions"
STATUSES = ("proposed", "accepted", "superseded by")

# documents that live outside this repository (the team's notes and guides): citing them leaves a reader stuck
OUTSIDE = re.compile(
    r"\.\./shared|DEVELOPERS\.md|STYLE\.md|\bSTYLE B\d|perf-baseline|external-engine\.md|\bthe brief\b"
)
VENDORED = ("smpgraph/web/static/vendor/",)


def _records() -> list[Path]:
    return sorted(path for path in DECISIONS.glob("[0-9][0-9][0-9][0-9]-*.md"))


def test_there_are_decision_records() -> None:
    assert len(_records()) >= 10


@pytest.mark.parametrize("record", _records(), ids=lambda path: path.stem)
def test_decision_record_is_indexed_and_has_a_status(record: Path) -> None:
    text = record.read_text(encoding="utf-8")
    number = record.name[:4]
    assert text.startswith(f"# {number} "), f"{record.name} starts with '# {number} Title'"
    status = re.search(r"^Status: (.+)$", text, re.MULTILINE)
    assert status, f"{record.name} has a 'Status:' line"
    assert status.group(1).startswith(STATUSES), f"{record.name}: status {status.group(1)!r}"
    index = (DECISIONS / "README.md").read_text(encoding="utf-8")
    assert f"]({record.name})" in index, f"{record.name} is listed in docs/decisions/README.md"


def _tracked_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return [
        REPO / name for name in listed if not name.startswith(VENDORED) and name != "tests/test_decision_records.py"
    ]


def test_nothing_cites_a_document_outside_the_repository() -> None:
    offenders = []
    for path in _tracked_text_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()[:100]}")
    assert not offenders, "cite a document in the repository instead:\n" + "\n".join(offenders)
