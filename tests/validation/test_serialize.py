"""Serialisers: text, JSON (against the published schema), Turtle (sh:ValidationReport), Markdown, HTML."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

from smpgraph.drafts import load_draft
from smpgraph.namespaces import SMP
from smpgraph.validation import ReportFormat, Severity, ValidationReport, serialize, validate

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "validation-report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report() -> ValidationReport:
    return ValidationReport.merge(
        [
            validate(load_draft(ROOT / "data" / "drafts" / name), origin=name)
            for name in ("missing-training.ttl", "missing-stakeholders.yaml", "complete.ttl")
        ]
    )


def test_json_validates_against_the_published_schema(report: ValidationReport) -> None:
    data = json.loads(serialize(report, ReportFormat.JSON))
    jsonschema.validate(data, SCHEMA)
    assert data["counts"]["violation"] == report.count(Severity.VIOLATION)
    assert {entry["readiness"] for item in data["agreements"] for entry in item["readiness"]} >= {"absent", "complete"}
    assert data["results"][0]["paragraph"] == 7


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_turtle_is_a_standard_validation_report(report: ValidationReport) -> None:
    graph = Graph().parse(data=serialize(report, "ttl"), format="turtle")
    root = graph.value(predicate=RDF.type, object=SH.ValidationReport)
    assert root is not None
    assert graph.value(root, SH.conforms) == Literal(False)
    assert len(list(graph.objects(root, SH.result))) == len(report.results)
    assert len(list(graph.objects(root, SMP.hasReadinessAssessment))) == sum(
        len(a.readiness) for a in report.agreements
    )
    for result in graph.objects(root, SH.result):
        assert graph.value(result, SH.focusNode) is not None
        assert graph.value(result, SH.sourceShape) is not None
        assert graph.value(result, SH.resultSeverity) in {SH.Violation, SH.Warning, SH.Info}


def test_text_groups_by_component_with_paragraph_and_fix(report: ValidationReport) -> None:
    out = serialize(report, "text")
    assert "Readiness:" in out
    assert "IOM paper, para. 7" in out
    assert "Add at least one training programme" in out
    assert "missing-training.ttl" in out


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_other_languages(lang: str) -> None:
    out = serialize(validate(load_draft(ROOT / "data" / "drafts" / "missing-training.ttl"), lang=lang), "text")
    assert ("Formation" if lang == "fr" else "Formación") in out


def test_markdown_and_html_escape_draft_text() -> None:
    graph = load_draft(ROOT / "data" / "drafts" / "missing-training.ttl").graph
    from rdflib.namespace import DCTERMS

    agreement = next(graph.subjects(RDF.type, SMP.SkillsMobilityPartnership))
    graph.set((agreement, DCTERMS.title, Literal("<script>alert(1)</script> | *x*")))
    report = validate(graph)
    page = serialize(report, ReportFormat.HTML)
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert page.startswith("<!DOCTYPE html>")
    assert "Readiness" in page
    md = serialize(report, ReportFormat.MARKDOWN)
    assert "<script>" not in md
    assert "\\| \\*x\\*" in md
    assert "| Training | absent |" in md
