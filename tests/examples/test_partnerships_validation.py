"""The 35 partnerships of data/partnerships validated as what each is (issue 16; ADR 0007, ADR 0017).

They are real agreements described from sources, so they are read in the open world: what the sources do not
say is "not recorded" (Info), never absent. Each is judged by the shapes of its own kind: a full SMP by the SMP
shapes, a pathway (refugee pathways included) by the pathway shapes, a cooperation framework by the shapes of
every partnership only. No source states a gap that would be a Warning or a Violation; the one finding that
is more than silence about a component is listed below with its reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import URIRef

from smpgraph.store import open_store
from smpgraph.store.base import GraphStore
from smpgraph.validation import Severity, ValidationReport, validate_all
from smpgraph.validation.report import World, WorldBasis

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/smpgraph/id/partnership/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
SHARED = {"organisations.ttl", "sources.ttl"}
SLUGS = sorted(path.stem for path in (ROOT / "data" / "partnerships").glob("*.ttl") if path.name not in SHARED)

#: the kind of each partnership, as the research note states it (ADR 0017); the rest are labour mobility pathways
SMPS = {"gsp-nursing", "ge-de-circular"}
FRAMEWORKS = {"de-ke-mmp", "in-de-mmpa", "eu-talent-partnerships"}
REFUGEE_PATHWAYS = {"uk-dtmp", "ca-empp", "au-srlap"}

#: documented, sourced gaps: (partnership, shape, value) -> why the finding stands
HEALTH_WORKER_GAPS = {
    ("santegidio-labour-corridors", "Partnership-healthWorkerSafeguards", "CIV"): (
        "Nurses are trained in Côte d'Ivoire, on the WHO 2023 list (NHS Employers' UK list); the protocol is between"
        " Sant'Egidio and Italian ministries, and no source names an agreement with Côte d'Ivoire."
    ),
    ("santegidio-labour-corridors", "Partnership-healthWorkerSafeguards", "ETH"): (
        "Nurses are trained in Ethiopia, on the WHO 2023 list (NHS Employers' UK list); the protocol is between"
        " Sant'Egidio and Italian ministries, and no source names an agreement with Ethiopia."
    ),
}


@pytest.fixture(scope="module")
def reports() -> Iterator[dict[object, ValidationReport]]:
    store: GraphStore = open_store(backend="memory")
    for path in (
        *sorted((ROOT / "data" / "reference").glob("*.ttl")),
        *sorted((ROOT / "data" / "partnerships").glob("*.ttl")),
        *sorted((ROOT / "data" / "lists").glob("*.ttl")),
    ):
        store.load(path, reason=False)
    yield validate_all(store)  # type: ignore[misc]
    store.close()


def _shape(result: object) -> str:
    return str(result.source_shape).split("#", 1)[1]  # type: ignore[attr-defined]


def test_all_35_are_validated(reports: dict[object, ValidationReport]) -> None:
    assert sorted(str(agreement).removeprefix(ID) for agreement in reports) == SLUGS
    assert len(SLUGS) == 35


@pytest.mark.parametrize("slug", SLUGS)
def test_each_passes_its_own_shapes_in_the_open_world(reports: dict[object, ValidationReport], slug: str) -> None:
    report = reports[URIRef(ID + slug)]
    item = report.agreements[0]
    assert (item.world, item.world_basis) == (World.OPEN, WorldBasis.SOURCES) and item.sources
    assert report.passes(Severity.WARNING)
    assert all(result.severity is Severity.INFO for result in report.results if result.not_recorded)
    stated = [(_shape(r), r.severity.label) for r in report.results if not r.not_recorded]
    assert stated == []  # no source states a gap


@pytest.mark.parametrize("slug", SLUGS)
def test_each_is_judged_by_the_shapes_of_its_kind(reports: dict[object, ValidationReport], slug: str) -> None:
    families = {_shape(result).split("-", 1)[0] for result in reports[URIRef(ID + slug)].results}
    if slug in SMPS:
        assert "SkillsMobilityPartnership" in families and "LabourMobilityPathway" not in families
    elif slug in FRAMEWORKS:  # the shapes of every partnership and of its fact nodes, none of a scheme's
        assert "Partnership" in families and not families & {"SkillsMobilityPartnership", "LabourMobilityPathway"}
    else:
        assert "LabourMobilityPathway" in families and "SkillsMobilityPartnership" not in families


def test_health_worker_recruitment_gaps_are_the_documented_ones(reports: dict[object, ValidationReport]) -> None:
    found = {
        (str(agreement).removeprefix(ID), _shape(result), str(result.value).removeprefix(COUNTRY))
        for agreement, report in reports.items()
        for result in report.results
        if _shape(result) == "Partnership-healthWorkerSafeguards"
    }
    assert found == set(HEALTH_WORKER_GAPS)
    for agreement, report in reports.items():
        for result in report.results:
            if _shape(result) == "Partnership-healthWorkerSafeguards":
                assert result.not_recorded and result.severity is Severity.INFO, agreement


def test_the_reference_engine_gives_the_same_findings(reports: dict[object, ValidationReport]) -> None:
    """pyshacl (the reference) and the compiled shapes agree on the 35, the health-worker shape included."""
    store: GraphStore = open_store(backend="memory")
    for path in (
        *sorted((ROOT / "data" / "reference").glob("*.ttl")),
        *sorted((ROOT / "data" / "partnerships").glob("*.ttl")),
        *sorted((ROOT / "data" / "lists").glob("*.ttl")),
    ):
        store.load(path, reason=False)
    try:
        reference = validate_all(store, engine="pyshacl")
    finally:
        store.close()

    def findings(found: dict[object, ValidationReport]) -> set[tuple[str, ...]]:
        return {
            (
                str(agreement),
                str(r.source_shape),
                str(r.focus_node),
                str(r.value),
                r.severity.label,
                str(r.not_recorded),
            )
            for agreement, report in found.items()
            for r in report.results
        }

    assert findings(reference) == findings(reports)
    assert any("healthWorkerSafeguards" in row[1] for row in findings(reference))
