"""validate(): drafts, real examples, readiness, and what is never done with a draft (issue 4)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from smpgraph.drafts import load_draft
from smpgraph.errors import DraftError, InputError
from smpgraph.namespaces import SMP, SMPSH
from smpgraph.store import open_store
from smpgraph.validation import Readiness, Severity, validate, validate_all
from smpgraph.validation.report import World, WorldBasis

ROOT = Path(__file__).resolve().parents[2]
DRAFTS = ROOT / "data" / "drafts"
EXAMPLES = ROOT / "data" / "examples"

MISSING = {
    "missing-cost-sharing": ("SkillsMobilityPartnership-costSharing", SMP.CostReductionSharing),
    "missing-gender": ("SkillsMobilityPartnership-genderProvision", SMP.GenderConsideration),
    "missing-local-employment": ("SkillsMobilityPartnership-localEmploymentMeasure", SMP.LocalDevelopmentJobCreation),
    "missing-mobility": ("SkillsMobilityPartnership-mobility", SMP.MigrationMobility),
    "missing-monitoring": ("SkillsMobilityPartnership-hasMonitoringPlan", SMP.EvidenceBasedPolicy),
    "missing-planning": ("SkillsMobilityPartnership-planningHorizonYears", SMP.LongTermPlanning),
    "missing-recognition": ("SkillsMobilityPartnership-recognition", SMP.SkillsRecognition),
    "missing-return": ("SkillsMobilityPartnership-returnAndReintegration", SMP.SocialAspects),
    "missing-stakeholders": ("SkillsMobilityPartnership-nonStateStakeholder", SMP.MultiStakeholderInvolvement),
    "missing-state-cooperation": ("SkillsMobilityPartnership-hasInstrument", SMP.FormalisedStateCooperation),
    "missing-training": ("SkillsMobilityPartnership-hasTraining", SMP.Training),
}


@pytest.fixture(scope="module")
def examples_store():
    store = open_store(backend="memory")
    for path in (*sorted((ROOT / "data" / "reference").glob("*.ttl")), *sorted(EXAMPLES.glob("*.ttl"))):
        store.load(path, reason=False)
    yield store
    store.close()


@pytest.mark.parametrize("path", sorted(DRAFTS.glob("complete.*")), ids=lambda path: path.name)
def test_complete_draft_passes_at_every_severity(path: Path) -> None:
    report = validate(load_draft(path))
    assert report.conforms
    assert report.passes(Severity.INFO)
    assert all(item.readiness is Readiness.COMPLETE for item in report.agreements[0].readiness)


@pytest.mark.parametrize("path", sorted(DRAFTS.glob("missing-*.*")), ids=lambda path: path.name)
def test_missing_draft_yields_the_finding_it_was_made_for(path: Path) -> None:
    shape, concept = MISSING[path.stem]
    report = validate(load_draft(path))
    assert SMPSH[shape] in {result.source_shape for result in report.results}
    readiness = {item.concept: item.readiness for item in report.agreements[0].readiness}
    expected = Readiness.PARTIAL if path.stem in {"missing-cost-sharing", "missing-return"} else Readiness.ABSENT
    assert readiness[concept] is expected


def test_palim_sources_name_no_recognition_arrangement(examples_store: object) -> None:
    report = validate(Graph().parse(EXAMPLES / "palim.ttl"), store=examples_store)  # type: ignore[arg-type]
    item = report.agreements[0]
    assert item.world is World.OPEN and item.world_basis is WorldBasis.SOURCES and item.sources
    finding = next(r for r in report.results if r.source_shape == SMPSH["SkillsMobilityPartnership-recognition"])
    assert (finding.severity, finding.not_recorded) == (Severity.INFO, True)  # silence, not absence
    assert finding.message.startswith("The sources we have do not ")
    readiness = {entry.concept: entry.readiness for entry in item.readiness}
    assert readiness[SMP.SkillsRecognition] is Readiness.NOT_RECORDED
    assert readiness[SMP.Training] is Readiness.COMPLETE
    assert Readiness.ABSENT not in readiness.values()


def test_the_same_agreement_read_as_a_draft_lacks_what_it_does_not_say(examples_store: object) -> None:
    graph = Graph().parse(EXAMPLES / "palim.ttl")
    report = validate(graph, store=examples_store, world=World.CLOSED)  # type: ignore[arg-type]
    item = report.agreements[0]
    assert (item.world, item.world_basis) == (World.CLOSED, WorldBasis.CHOSEN)
    shapes = {(result.source_shape, result.severity) for result in report.results}
    assert (SMPSH["SkillsMobilityPartnership-recognition"], Severity.VIOLATION) in shapes
    assert {entry.concept: entry.readiness for entry in item.readiness}[SMP.SkillsRecognition] is Readiness.ABSENT


def test_western_balkans_regulation_states_that_no_recognition_is_required(examples_store: object) -> None:
    report = validate(Graph().parse(EXAMPLES / "wb-regulation.ttl"), store=examples_store)  # type: ignore[arg-type]
    item = report.agreements[0]
    assert not item.full_smp
    stated = next(r for r in report.results if r.source_shape == SMPSH["LabourMobilityPathway-recognitionNotRequired"])
    assert not stated.not_recorded and stated.severity is Severity.INFO  # a sourced gap, at a pathway's severity
    assert stated.evidence  # the sources of the arrangement that states it
    assert all(result.severity < Severity.VIOLATION for result in report.results)  # not broken, just not an SMP
    readiness = {entry.concept: entry.readiness for entry in item.readiness}
    assert readiness[SMP.Training] is Readiness.NOT_RECORDED
    assert readiness[SMP.SkillsRecognition] is Readiness.ABSENT  # the source says so
    assert readiness[SMP.MigrationMobility] is Readiness.COMPLETE
    assert SMP.CostReductionSharing not in readiness  # prerequisites are assessed for full SMPs only


def test_results_carry_paragraph_message_and_concept_in_the_chosen_language() -> None:
    report = validate(load_draft(DRAFTS / "missing-training.ttl"), lang="es")
    result = next(r for r in report.results if r.source_shape == SMPSH["SkillsMobilityPartnership-hasTraining"])
    assert result.paragraph == 7
    assert result.concept == SMP.Training
    assert result.path == SMP.hasTraining
    assert result.message.startswith("Añada")
    assert result.agreement == report.agreements[0].agreement


def test_partial_readiness_when_only_a_secondary_shape_fails() -> None:
    report = validate(load_draft(DRAFTS / "missing-cost-sharing.ttl"))
    readiness = {item.concept: item.readiness for item in report.agreements[0].readiness}
    assert readiness[SMP.CostReductionSharing] is Readiness.PARTIAL


def test_blank_node_fact_nodes_are_validated_and_reported_as_blank_nodes() -> None:
    graph = Graph().parse(ROOT / "tests" / "shapes" / "valid" / "complete-smp.ttl")
    training = URIRef("https://w3id.org/smpgraph/id/partnership/t/training/1")
    blank = BNode()
    for predicate, obj in list(graph.predicate_objects(training)):
        if predicate != SMP.trainingLocation:
            graph.add((blank, predicate, obj))
    graph.remove((training, None, None))
    graph.remove((None, None, training))
    graph.add((URIRef("https://w3id.org/smpgraph/id/partnership/t"), SMP.hasTraining, blank))
    report = validate(graph)
    assert [(r.focus_node, r.source_shape) for r in report.results] == [
        (blank, SMPSH["TrainingProgramme-trainingLocation"])
    ]


def test_a_graph_without_agreement_is_bad_input() -> None:
    graph = Graph()
    graph.add((URIRef("urn:x"), RDF.type, SMP.Country))
    with pytest.raises(DraftError, match="no agreement"):
        validate(graph)


def test_unknown_language_is_bad_input() -> None:
    with pytest.raises(InputError):
        validate(load_draft(DRAFTS / "complete.ttl"), lang="de")


def test_validation_does_not_scale_with_the_store_and_uses_it(examples_store: object) -> None:
    report = validate(load_draft(DRAFTS / "complete.yaml"), store=examples_store)  # type: ignore[arg-type]
    assert report.conforms


def test_a_draft_is_never_logged_nor_stored(caplog: pytest.LogCaptureFixture, examples_store: object) -> None:
    draft = load_draft(DRAFTS / "missing-gender.ttl")
    secrets = {str(draft.agreements[0])} | {
        str(o) for o in draft.graph.objects() if isinstance(o, Literal) and len(str(o)) > 8
    }
    before = len(examples_store)  # type: ignore[arg-type]
    with caplog.at_level(logging.DEBUG):
        validate(draft, store=examples_store)  # type: ignore[arg-type]
    assert len(examples_store) == before  # type: ignore[arg-type]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert not [secret for secret in secrets if secret and secret in logged]


def test_validate_all_reports_per_agreement(examples_store: object) -> None:
    reports = validate_all(examples_store)  # type: ignore[arg-type]
    palim = reports[URIRef("https://w3id.org/smpgraph/id/partnership/palim")]
    assert SMPSH["SkillsMobilityPartnership-recognition"] in {r.source_shape for r in palim.results}
    assert all(r.severity is Severity.INFO for r in palim.results)
    wb = reports[URIRef("https://w3id.org/smpgraph/id/partnership/wb-regulation")]
    assert SMPSH["LabourMobilityPathway-hasTraining"] in {r.source_shape for r in wb.results}
    assert all(len(report.agreements) == 1 for report in reports.values())


ORGAN_DRAFT = """id: partnership/organ-test
status: draft
origin: MA
destination: BE
stakeholders:
  - organisation: {id: org/test-labour-ministry, type: ministry{organ}}
    role: originState
  - country: BE
    role: destinationState
"""


def test_a_ministry_counts_as_its_state_party_only_when_it_says_whose_organ_it_is() -> None:
    shape = SMPSH["SkillsMobilityPartnership-stateParties"]
    silent = validate(load_draft(ORGAN_DRAFT.replace("{organ}", "")))
    missing = [r for r in silent.results if r.source_shape == shape]
    assert [(r.value, r.severity) for r in missing] == [(SMP.OriginStateRole, Severity.VIOLATION)]
    assert "`organOf:`" in missing[0].message and "`role: originState`" in missing[0].message
    organ = validate(load_draft(ORGAN_DRAFT.replace("{organ}", ", organOf: MA")))
    assert shape not in {r.source_shape for r in organ.results}


def test_a_bla_with_two_state_parties_and_no_direction_has_no_violation() -> None:
    graph = Graph().parse(ROOT / "tests" / "shapes" / "valid" / "undirected-agreement.ttl")
    for world in (World.CLOSED, World.OPEN):
        assert validate(graph, world=world).passes(Severity.INFO)
    bla = Graph().parse(ROOT / "data" / "bla" / "bla.ttl")
    one = URIRef("https://w3id.org/smpgraph/id/bla/1")
    report = validate(bla.cbd(one) + _memberships(bla, one))
    assert report.agreements[0].world is World.OPEN
    assert report.passes(Severity.VIOLATION)
    shapes = {str(r.source_shape).rsplit("#", 1)[1] for r in report.results}
    assert not shapes & {"Partnership-originCountry", "Partnership-destinationCountry", "Membership-role"}


def _memberships(graph: Graph, agreement: URIRef) -> Graph:
    found = Graph()
    for membership in graph.objects(agreement, SMP.hasMembership):
        for triple in graph.triples((membership, None, None)):
            found.add(triple)
    return found
