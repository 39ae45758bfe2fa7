"""Readiness of the coded bilateral labour agreements and the share table (issue 9, item 3; ADR 0007).

The table "share of agreements that provide X" that ``smpgraph validate --all`` prints is recomputed here
from ``data/sources/bla/bla-coding.csv`` with ``data/mappings/bla-provisions.tsv`` and must agree exactly.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from smpgraph.namespaces import SMP
from smpgraph.store import open_store
from smpgraph.store.base import GraphStore
from smpgraph.validation import Readiness, ValidationReport, readiness_shares, validate_all
from smpgraph.validation.render import shares_text
from smpgraph.validation.shapes import CONCEPTS

ROOT = Path(__file__).resolve().parents[2]
CODING = ROOT / "data" / "sources" / "bla" / "bla-coding.csv"
MAPPING = ROOT / "data" / "mappings" / "bla-provisions.tsv"
BLA = "https://w3id.org/smpgraph/id/bla/"


def _expected_levels() -> dict[str, dict[URIRef, Readiness]]:
    """Per coded agreement, the readiness of every concept, from the CSV and the mapping table alone."""
    items: dict[URIRef, list[str]] = {}
    with MAPPING.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            for curie in row["concepts"].split():
                items.setdefault(SMP[curie.removeprefix("smp:")], []).append(row["variable"])
    levels: dict[str, dict[URIRef, Readiness]] = {}
    with CODING.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            own: dict[URIRef, Readiness] = {}
            for concept in CONCEPTS:
                flags = [float(row[variable]) == 1 for variable in items.get(concept.iri, [])]
                if not flags:
                    own[concept.iri] = Readiness.NOT_ASSESSED
                elif all(flags):
                    own[concept.iri] = Readiness.COMPLETE
                elif any(flags):
                    own[concept.iri] = Readiness.PARTIAL
                else:
                    own[concept.iri] = Readiness.ABSENT
            levels[BLA + row["treatyID"].strip()] = own
    return levels


@pytest.fixture(scope="module")
def bla_store() -> Iterator[GraphStore]:
    store = open_store(backend="memory")
    store.load(ROOT / "data" / "bla" / "bla.ttl", reason=False)
    yield store
    store.close()


@pytest.fixture(scope="module")
def reports(bla_store: GraphStore) -> dict[object, ValidationReport]:
    return validate_all(bla_store)  # type: ignore[return-value]


def test_each_coded_agreement_gets_the_readiness_of_its_coding(reports: dict[object, ValidationReport]) -> None:
    expected = _expected_levels()
    assert len(expected) == 570
    coded = {str(key): report.agreements[0] for key, report in reports.items() if report.agreements[0].coded}
    assert sorted(coded) == sorted(expected)
    for agreement, levels in expected.items():
        actual = {entry.concept: entry.readiness for entry in coded[agreement].readiness}
        assert actual == levels, agreement


def test_uncoded_agreements_are_not_assessed_rather_than_absent(reports: dict[object, ValidationReport]) -> None:
    uncoded = [report.agreements[0] for report in reports.values() if not report.agreements[0].coded]
    assert len([item for item in uncoded if str(item.agreement).startswith(BLA)]) == 1_222 - 570
    for item in uncoded:
        assert all(entry.readiness is not Readiness.ABSENT for entry in item.readiness if not item.full_smp)


def test_share_table_equals_the_csv(reports: dict[object, ValidationReport]) -> None:
    expected = _expected_levels()
    shares = readiness_shares(report.agreements[0] for report in reports.values())
    assert [row.concept for row in shares] == [concept.iri for concept in CONCEPTS]
    for row in shares:
        levels = [own[row.concept] for own in expected.values()]
        assert row.total == 570
        assert (row.complete, row.partial, row.absent, row.not_assessed) == tuple(
            levels.count(level)
            for level in (Readiness.COMPLETE, Readiness.PARTIAL, Readiness.ABSENT, Readiness.NOT_ASSESSED)
        ), row.label
        assert row.provide == sum(level.provides for level in levels)
    recognition = next(row for row in shares if row.concept == SMP.SkillsRecognition)
    with CODING.open(encoding="utf-8", newline="") as handle:
        credentials = sum(1 for r in csv.DictReader(handle) if float(r["credentials"]) == 1)
    assert recognition.provide == credentials


def test_share_table_text_lists_every_concept(reports: dict[object, ValidationReport]) -> None:
    text = shares_text(readiness_shares(report.agreements[0] for report in reports.values()))
    assert "570 coded agreements" in text
    assert len(text.splitlines()) == 2 + len(CONCEPTS)


def test_cli_summary_without_coded_agreements(tmp_path: Path) -> None:
    from smpgraph.cli import cli
    from smpgraph.cli.validate import command

    if "validate" not in cli.commands:
        cli.add_command(command)
    args = ["--backend", "memory", "--data-dir", str(tmp_path), "validate", "--all", "--summary"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "No coded agreements" in result.stdout
