"""Bad drafts give one clear line naming the file, the line and the problem (issue 4, items 2 and 6)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smpgraph.drafts import load_draft
from smpgraph.drafts.codes import isco_codes
from smpgraph.errors import DraftError, InputError, RdfSyntaxError, SmpGraphError, UnsupportedFormatError

BAD = Path(__file__).resolve().parent / "bad"

CASES = [
    ("unknown-key.yaml", DraftError, 5, r"unknown key 'rol' in stakeholders entry"),
    ("bad-country.yaml", DraftError, 4, r"unknown country code 'XY'"),
    ("unknown-code.yaml", DraftError, 2, r"unknown status 'drafted'"),
    ("unparsable.yaml", DraftError, 5, r"YAML does not parse"),
    ("unparsable.ttl", RdfSyntaxError, 5, r"Turtle does not parse"),
    ("no-agreement.ttl", DraftError, None, r"no agreement found"),
    ("no-agreement.yaml", DraftError, 2, r"no agreement found: required key 'id' is missing"),
    ("remote-context.jsonld", DraftError, None, r"remote JSON-LD @context 'http://example\.org/"),
    ("billion-laughs.yaml", DraftError, 5, r"more than \d+ YAML aliases"),
]


@pytest.mark.parametrize(("name", "error", "line", "pattern"), CASES, ids=[case[0] for case in CASES])
def test_bad_draft_gives_one_clear_line(name: str, error: type[Exception], line: int | None, pattern: str) -> None:
    path = BAD / name
    with pytest.raises(error) as caught:
        load_draft(path)
    message = str(caught.value)
    assert "\n" not in message
    assert isinstance(caught.value, InputError)
    prefix = f"{path}:{line}:" if line is not None else f"{path}: "
    assert message.startswith(prefix), message
    assert re.search(pattern, message), message


def test_unparsable_yaml_names_line_and_column() -> None:
    with pytest.raises(DraftError, match=r"unparsable\.yaml:5:4: "):
        load_draft(BAD / "unparsable.yaml")


def test_unparsable_turtle_reports_its_line() -> None:
    with pytest.raises(RdfSyntaxError) as caught:
        load_draft(BAD / "unparsable.ttl")
    assert caught.value.line == 5


@pytest.mark.skipif(isco_codes() is None, reason="no ISCO-08 table bundled")
def test_unknown_isco_code_is_named_with_its_line() -> None:
    with pytest.raises(DraftError, match=r"bad-isco\.yaml:2: unknown ISCO-08 code '9999'"):
        load_draft(BAD / "bad-isco.yaml")


def test_unsupported_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "draft.rdf"
    path.write_text("<rdf:RDF/>", encoding="utf-8")
    with pytest.raises(UnsupportedFormatError, match=r"draft\.rdf"):
        load_draft(path)


def test_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(SmpGraphError, match="no such file"):
        load_draft(tmp_path / "absent.yaml")


def test_bytes_that_are_not_utf8_are_a_draft_error() -> None:
    with pytest.raises(DraftError, match="not UTF-8"):
        load_draft(b"id: partnership/x\ntitle: \xff\xfe\n")


def test_invalid_json_reports_line_and_column() -> None:
    with pytest.raises(RdfSyntaxError, match=r"^<draft>:2:\d+: JSON does not parse"):
        load_draft('{"@id": "partnership/x",\n  "status": }')


def test_json_ld_without_agreement_is_a_draft_error() -> None:
    with pytest.raises(DraftError, match="no agreement found"):
        load_draft('{"@id": "http://example.org/x", "http://example.org/p": "v"}')
