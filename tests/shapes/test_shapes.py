"""Shape tests (docs/design/conventions.md#tests).

Every valid fixture conforms; every invalid fixture yields exactly its header.

Each ``tests/shapes/invalid/<shape>-NN.ttl`` lists its expected results in ``# expect:`` lines
(focus node | path | source shape | severity); the runner compares them as a multiset with what
:func:`smpgraph.validation.validate` reports. A meta-test requires an invalid case for every shape.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from smpgraph.validation import validate
from smpgraph.validation.shapes import load_catalog

HERE = Path(__file__).parent
VALID = sorted((HERE / "valid").glob("*.ttl"))
INVALID = sorted((HERE / "invalid").glob("*.ttl"))
_PREFIXES = {
    "id": "https://w3id.org/smpgraph/id/",
    "smp": "https://w3id.org/smpgraph/ontology#",
    "smpsh": "https://w3id.org/smpgraph/shapes#",
    "sh": "http://www.w3.org/ns/shacl#",
    "org": "http://www.w3.org/ns/org#",
}
_EXPECT = re.compile(r"^# expect: (.+?) \| (.+?) \| (.+?) \| (.+?)\s*$")


def _expand(curie: str) -> str:
    if curie == "-":
        return "-"
    prefix, _, local = curie.partition(":")
    return _PREFIXES[prefix] + local


def _expected(path: Path) -> Counter[tuple[str, str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _EXPECT.match(line)
        if match:
            focus, prop, shape, severity = (_expand(part) for part in match.groups())
            rows.append((focus, prop, shape, severity.rsplit("#", 1)[1]))
    return Counter(rows)


def _actual(path: Path) -> Counter[tuple[str, str, str, str]]:
    report = validate(Graph().parse(path, format="turtle"))
    return Counter(
        (
            str(result.focus_node),
            str(result.path) if result.path is not None else "-",
            str(result.source_shape),
            result.severity.name.capitalize(),
        )
        for result in report.results
    )


@pytest.mark.parametrize("fixture", VALID, ids=lambda path: path.stem)
def test_valid_fixture_conforms(fixture: Path) -> None:
    report = validate(Graph().parse(fixture, format="turtle"))
    assert [(str(r.source_shape), str(r.focus_node)) for r in report.results] == []
    assert report.conforms


@pytest.mark.parametrize("fixture", INVALID, ids=lambda path: path.stem)
def test_invalid_fixture_yields_exactly_its_header(fixture: Path) -> None:
    expected = _expected(fixture)
    assert expected, f"{fixture.name} lists no expected result"
    assert _actual(fixture) == expected


def test_every_shape_has_an_invalid_case() -> None:
    covered = {path.stem.rsplit("-", 1)[0] for path in INVALID}
    shapes = {str(iri).split("#", 1)[1] for iri in load_catalog().shapes}
    assert sorted(shapes - covered) == []


def test_every_invalid_case_names_a_shape() -> None:
    shapes = {str(iri).split("#", 1)[1] for iri in load_catalog().shapes}
    assert sorted({path.stem.rsplit("-", 1)[0] for path in INVALID} - shapes) == []


def test_fixture_focus_nodes_are_iris() -> None:
    for path in INVALID:
        for focus, *_ in _expected(path):
            assert URIRef(focus).startswith("https://")
