"""The drafts in data/drafts: YAML and its Turtle and JSON-LD twins give the same graph (issue 3, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.compare import isomorphic, to_isomorphic

from smpgraph.drafts import DraftFormat, load_draft

DRAFTS = Path(__file__).resolve().parents[2] / "data" / "drafts"
YAML_DRAFTS = sorted(DRAFTS.glob("*.yaml"))
INCOMPLETE = [
    "missing-training",
    "missing-recognition",
    "missing-mobility",
    "missing-stakeholders",
    "missing-state-cooperation",
    "missing-gender",
    "missing-cost-sharing",
    "missing-local-employment",
    "missing-return",
    "missing-monitoring",
    "missing-planning",
]


def _diff(left_path: Path, right_path: Path) -> str:
    left = to_isomorphic(load_draft(left_path).graph)
    right = to_isomorphic(load_draft(right_path).graph)
    only_left = sorted(left - right)[:5]
    only_right = sorted(right - left)[:5]
    return f"only in {left_path.name}: {only_left}\nonly in {right_path.name}: {only_right}"


def test_every_draft_named_in_the_issue_exists() -> None:
    names = {path.stem for path in YAML_DRAFTS}
    assert {"complete", *INCOMPLETE} <= names
    assert (DRAFTS / "complete.ttl").is_file()
    assert (DRAFTS / "complete.jsonld").is_file()
    assert len([name for name in INCOMPLETE if (DRAFTS / f"{name}.ttl").is_file()]) >= 3


@pytest.mark.parametrize("yaml_path", YAML_DRAFTS, ids=lambda path: path.stem)
def test_yaml_draft_has_one_agreement_named_by_its_id(yaml_path: Path) -> None:
    draft = load_draft(yaml_path)
    assert draft.format is DraftFormat.YAML
    assert draft.agreements == (URIRef(f"https://w3id.org/smpgraph/id/partnership/example-{yaml_path.stem}"),)


@pytest.mark.parametrize(
    "yaml_path", [path for path in YAML_DRAFTS if path.with_suffix(".ttl").is_file()], ids=lambda path: path.stem
)
def test_yaml_and_turtle_twins_give_the_same_graph(yaml_path: Path) -> None:
    turtle_path = yaml_path.with_suffix(".ttl")
    from_yaml = load_draft(yaml_path)
    from_turtle = load_draft(turtle_path)
    assert from_turtle.format is DraftFormat.TURTLE
    assert isomorphic(from_yaml.graph, from_turtle.graph), _diff(yaml_path, turtle_path)
    assert from_yaml.agreements == from_turtle.agreements


def test_yaml_and_jsonld_twins_give_the_same_graph() -> None:
    from_yaml = load_draft(DRAFTS / "complete.yaml")
    from_jsonld = load_draft(DRAFTS / "complete.jsonld")
    assert from_jsonld.format is DraftFormat.JSON_LD
    assert isomorphic(from_yaml.graph, from_jsonld.graph), _diff(DRAFTS / "complete.yaml", DRAFTS / "complete.jsonld")


def test_yaml_draft_mints_deterministic_fact_node_iris() -> None:
    first = load_draft(DRAFTS / "complete.yaml").graph
    second = load_draft((DRAFTS / "complete.yaml").read_text(encoding="utf-8")).graph
    assert set(first) == set(second)
    assert not any(term.__class__.__name__ == "BNode" for triple in first for term in triple)
    membership = URIRef("https://w3id.org/smpgraph/id/partnership/example-complete/membership/1")
    assert (None, None, membership) in first


@pytest.mark.parametrize("name", INCOMPLETE)
def test_incomplete_draft_differs_from_the_complete_one(name: str) -> None:
    complete = load_draft(DRAFTS / "complete.yaml").graph
    incomplete = load_draft(DRAFTS / f"{name}.yaml").graph
    assert len(incomplete) < len(complete) or name == "missing-cost-sharing"
    assert "Example draft (fictional)" in (DRAFTS / f"{name}.yaml").read_text(encoding="utf-8")
