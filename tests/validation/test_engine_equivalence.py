"""The shapes compiled to SPARQL give exactly what pyshacl gives (issue 4, item 7; ADR 0007).

pyshacl is the reference. Over the examples, the drafts, the BLA data and 200 synthetic partnerships, both
engines of ``validate_all`` must report the same multiset of (agreement, focus node, path, shape, severity,
value) and the same readiness; each draft validated alone by pyshacl must give what the compiled rules give
for it in a store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.generate import generate
from smpgraph.drafts import load_draft
from smpgraph.store import open_store
from smpgraph.store.base import GraphStore, ResultFormat
from smpgraph.validation import ValidationReport, validate, validate_all
from smpgraph.validation.compiled import compile_select, compile_shapes

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "data" / "examples").glob("*.ttl"))
REFERENCE = sorted((ROOT / "data" / "reference").glob("*.ttl"))
DRAFTS = sorted((ROOT / "data" / "drafts").glob("*.ttl"))

Key = tuple[str, str, str, str, str, str]


def _store(*paths: Path, synthetic: int = 0) -> GraphStore:
    store = open_store(backend="memory")
    for path in (*REFERENCE, *paths):
        store.load(path, reason=False)
    if synthetic:
        lines = "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in generate(synthetic, seed=11))
        store.load(lines.encode("utf-8"), format=ResultFormat.NTRIPLES, name="synthetic.nt", reason=False)
    return store


def _results(reports: dict[object, ValidationReport]) -> Counter[Key]:
    return Counter(
        (
            str(agreement),
            str(result.focus_node),
            str(result.path),
            str(result.source_shape),
            result.severity.label,
            str(result.value),
        )
        for agreement, report in reports.items()
        for result in report.results
    )


def _readiness(reports: dict[object, ValidationReport]) -> dict[str, list[tuple[str, str, int]]]:
    return {
        str(agreement): [(str(e.concept), e.readiness.value, e.findings) for e in report.agreements[0].readiness]
        for agreement, report in reports.items()
    }


def _compare(store: GraphStore) -> int:
    compiled = validate_all(store, engine="sparql")
    reference = validate_all(store, engine="pyshacl")
    assert sorted(map(str, compiled)) == sorted(map(str, reference))
    expected, actual = _results(reference), _results(compiled)
    assert actual - expected == Counter(), "the compiled rules report more than pyshacl"
    assert expected - actual == Counter(), "the compiled rules miss results pyshacl reports"
    assert _readiness(compiled) == _readiness(reference)
    return sum(expected.values())


@pytest.fixture(scope="module")
def examples() -> Iterator[GraphStore]:
    store = _store(*EXAMPLES)
    yield store
    store.close()


def test_examples_give_the_same_results(examples: GraphStore) -> None:
    assert _compare(examples) > 0


@pytest.mark.slow
def test_bla_data_gives_the_same_results() -> None:
    store = _store(ROOT / "data" / "bla" / "bla.ttl")
    try:
        assert _compare(store) > 1_000
    finally:
        store.close()


@pytest.mark.slow
def test_synthetic_partnerships_give_the_same_results() -> None:
    store = _store(synthetic=200)
    try:
        assert _compare(store) > 0
    finally:
        store.close()


@pytest.mark.parametrize("path", DRAFTS, ids=lambda path: path.name)
def test_each_draft_gives_the_same_results_alone_and_compiled(path: Path) -> None:
    reference = validate(load_draft(path))
    store = _store(path)
    try:
        compiled = validate_all(store, engine="sparql")
    finally:
        store.close()
    assert _results(compiled) == _results(reference.by_agreement())  # type: ignore[arg-type]


def test_every_shape_compiles_and_not_exists_becomes_minus_at_the_top() -> None:
    rules = compile_shapes()
    assert {rule.constraint for rule in rules} >= {"minCount", "maxCount", "class", "hasValue", "in", "sparql"}
    select = "SELECT $this WHERE { FILTER NOT EXISTS { $this <urn:p> ?x . FILTER NOT EXISTS { ?x <urn:q> ?y } } }"
    compiled = compile_select(select, "{ TARGET }")
    assert "MINUS { $this <urn:p> ?x . FILTER NOT EXISTS { ?x <urn:q> ?y } }" in compiled
    assert compiled.index("TARGET") < compiled.index("MINUS")
