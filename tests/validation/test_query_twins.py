"""Each SHACL-SPARQL constraint has a twin in smpgraph/queries/shapes/
(docs/design/conventions.md#shapes), tested on its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from smpgraph.resources import query_text

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "smpgraph" / "queries" / "shapes"
SHAPES = Graph()
for _path in sorted(ROOT.glob("shapes/**/*.ttl")):
    SHAPES.parse(_path)
SPARQL_SHAPES = sorted(
    (str(shape).split("#", 1)[1], str(SHAPES.value(constraint, SH.select)).strip())
    for shape, constraint in SHAPES.subject_objects(SH.sparql)
)
PARTNERSHIP = URIRef("https://w3id.org/smpgraph/id/partnership/t")
PREFIXES = """
@base <https://w3id.org/smpgraph/id/> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
@prefix isco: <http://data.europa.eu/esco/isco/C> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix smp: <https://w3id.org/smpgraph/ontology#> .
"""


def _body(text: str) -> str:
    lines = [line for line in text.splitlines() if not line.startswith(("#", "PREFIX"))]
    return "\n".join(lines).strip()


@pytest.mark.parametrize(("name", "select"), SPARQL_SHAPES, ids=[name for name, _ in SPARQL_SHAPES])
def test_twin_matches_the_shape_word_for_word(name: str, select: str) -> None:
    assert _body(query_text(f"shapes/{name}.rq")) == select


def test_every_twin_belongs_to_a_shape() -> None:
    assert sorted(path.stem for path in QUERIES.glob("*.rq")) == sorted(name for name, _ in SPARQL_SHAPES)


def _rows(name: str, data: str, this: URIRef = PARTNERSHIP) -> list[tuple[str, ...]]:
    graph = Graph().parse(format="turtle", data=PREFIXES + data)
    result = graph.query(query_text(f"shapes/{name}.rq"), initBindings={"this": this})
    return sorted(tuple(str(value) for value in row) for row in result)  # type: ignore[union-attr]


def test_state_parties_names_the_missing_role() -> None:
    data = """<partnership/t> smp:hasMembership <m1> . <m1> org:role smp:OriginStateRole ; org:member country:MAR .
              country:MAR a smp:Country ."""
    rows = _rows("SkillsMobilityPartnership-stateParties", data)
    assert rows == [(str(PARTNERSHIP), "https://w3id.org/smpgraph/ontology#DestinationStateRole")]


def test_non_state_stakeholder_ignores_government_bodies() -> None:
    data = """smp:Ministry rdfs:subClassOf smp:GovernmentBody . smp:GovernmentBody rdfs:subClassOf smp:Stakeholder .
              smp:TradeUnion rdfs:subClassOf smp:Stakeholder .
              <partnership/t> smp:hasMembership <m1> . <m1> org:member <org/ministry> .
              <org/ministry> a smp:Ministry ."""
    assert len(_rows("SkillsMobilityPartnership-nonStateStakeholder", data)) == 1
    data += "<partnership/t> smp:hasMembership <m2> . <m2> org:member <org/union> . <org/union> a smp:TradeUnion ."
    assert _rows("SkillsMobilityPartnership-nonStateStakeholder", data) == []


def test_cost_sharing_needs_two_payers_besides_the_workers() -> None:
    one = """<partnership/t> smp:hasCostShare <c1> , <c2> . <c1> smp:payer country:BEL .
             <c2> smp:payer smp:MigrantWorkers ."""
    assert len(_rows("SkillsMobilityPartnership-costSharing", one)) == 1
    two = one + "<partnership/t> smp:hasCostShare <c3> . <c3> smp:payer <org/employer> ."
    assert _rows("SkillsMobilityPartnership-costSharing", two) == []
    assert _rows("SkillsMobilityPartnership-costSharing", "<partnership/t> a smp:SkillsMobilityPartnership .") == []


def test_occupation_recognition_wants_the_destination_jurisdiction() -> None:
    data = """<partnership/t> smp:coversOccupation isco:2512 ; smp:destinationCountry country:BEL ;
                  smp:hasRecognitionArrangement <r1> .
              <r1> smp:forOccupation isco:2512 ; smp:targetJurisdiction country:FRA ."""
    assert _rows("SkillsMobilityPartnership-occupationRecognition", data) == [
        (str(PARTNERSHIP), "http://data.europa.eu/esco/isco/C2512")
    ]
    fixed = data.replace("country:FRA", "country:BEL")
    assert _rows("SkillsMobilityPartnership-occupationRecognition", fixed) == []


def test_local_employment_only_applies_to_training_at_origin() -> None:
    data = "<partnership/t> smp:hasTraining <t1> . <t1> smp:trainingLocation smp:AtDestination ."
    assert _rows("SkillsMobilityPartnership-localEmploymentMeasure", data) == []
    at_origin = data.replace("smp:AtDestination", "smp:AtOrigin")
    assert len(_rows("SkillsMobilityPartnership-localEmploymentMeasure", at_origin)) == 1
    measured = at_origin + "<partnership/t> smp:hasProvision <p1> . <p1> a smp:LocalEmploymentMeasure ."
    assert _rows("SkillsMobilityPartnership-localEmploymentMeasure", measured) == []


def test_recognition_not_required_is_its_own_finding() -> None:
    assert len(_rows("SkillsMobilityPartnership-recognition", "<partnership/t> a smp:SkillsMobilityPartnership .")) == 1
    data = "<partnership/t> smp:hasRecognitionArrangement <r1> . <r1> a smp:NoRecognitionRequired ."
    assert _rows("SkillsMobilityPartnership-recognition", data) == []  # an arrangement is stated...
    assert len(_rows("SkillsMobilityPartnership-recognitionNotRequired", data)) == 1  # ...that recognises nothing
    data += "<partnership/t> smp:hasRecognitionArrangement <r2> . <r2> a smp:MutualRecognition ."
    assert _rows("SkillsMobilityPartnership-recognitionNotRequired", data) == []


def test_a_state_party_may_be_an_organ_of_the_state() -> None:
    data = """<partnership/t> smp:hasMembership <m1> , <m2> .
              <m1> org:role smp:OriginStateRole ; org:member <org/agency> .
              <m2> org:role smp:DestinationStateRole ; org:member country:BEL .
              country:MAR a smp:Country . country:BEL a smp:Country .
              <org/agency> org:subOrganizationOf <org/ministry> ."""
    rows = _rows("SkillsMobilityPartnership-stateParties", data)
    assert rows == [(str(PARTNERSHIP), "https://w3id.org/smpgraph/ontology#OriginStateRole")]
    assert _rows("SkillsMobilityPartnership-stateParties", data + "<org/ministry> smp:organOf country:MAR .") == []


def test_undirected_state_parties_need_two_states_and_no_direction() -> None:
    data = """<partnership/t> smp:hasMembership <m1> , <m2> .
              <m1> org:role smp:StatePartyRole ; org:member country:MAR .
              <m2> org:role smp:StatePartyRole ; org:member country:MAR .
              country:MAR a smp:Country . country:CAN a smp:Country ."""
    assert len(_rows("Partnership-twoStateParties", data)) == 1
    assert (
        _rows(
            "Partnership-twoStateParties",
            data.replace(
                "<m2> org:role smp:StatePartyRole ; org:member country:MAR",
                "<m2> org:role smp:StatePartyRole ; org:member country:CAN",
            ),
        )
        == []
    )
    assert _rows("Partnership-originCountry", data) == []
    assert len(_rows("Partnership-originCountry", "<partnership/t> a smp:Partnership .")) == 1


@pytest.mark.parametrize(
    "name",
    [
        "SkillsMobilityPartnership-mobility",
        "SkillsMobilityPartnership-employerSide",
        "SkillsMobilityPartnership-workerSide",
        "SkillsMobilityPartnership-educationProvider",
        "SkillsMobilityPartnership-migrationAuthority",
        "SkillsMobilityPartnership-sexDisaggregatedData",
        "SkillsMobilityPartnership-socialProvision",
        "LabourMobilityPathway-mobility",
        "LabourMobilityPathway-nonStateStakeholder",
        "LabourMobilityPathway-recognition",
        "LabourMobilityPathway-stateParties",
    ],
)
def test_an_empty_partnership_is_reported(name: str) -> None:
    assert len(_rows(name, "<partnership/t> a smp:SkillsMobilityPartnership .")) >= 1


def test_recognition_qualifications_accept_an_occupation() -> None:
    arrangement = URIRef("https://w3id.org/smpgraph/id/r1")
    assert len(_rows("RecognitionArrangement-qualifications", "<r1> a smp:MutualRecognition .", arrangement)) == 1
    ok = "<r1> a smp:MutualRecognition ; smp:forOccupation isco:2512 ."
    assert _rows("RecognitionArrangement-qualifications", ok, arrangement) == []


def test_migration_authority_elsewhere_does_not_count() -> None:
    other = (
        "<partnership/o> smp:hasMembership <m9> . <m9> org:member <org/agency> . <org/agency> a smp:MigrationAgency ."
    )
    data = "<partnership/t> smp:hasMembership <m1> . <m1> org:member <org/union> ; org:role smp:WorkerRole . " + other
    assert len(_rows("SkillsMobilityPartnership-migrationAuthority", data)) == 1
    by_role = data.replace("smp:WorkerRole", "smp:MigrationAuthorityRole")
    assert _rows("SkillsMobilityPartnership-migrationAuthority", by_role) == []
    by_class = data + "<partnership/t> smp:hasMembership <m2> . <m2> org:member <org/agency> ."
    assert _rows("SkillsMobilityPartnership-migrationAuthority", by_class) == []


def test_occupation_recognition_without_occupation_covers_only_its_own_arrangement() -> None:
    data = """<partnership/t> smp:coversOccupation isco:2512 ; smp:destinationCountry country:BEL ;
                  smp:hasRecognitionArrangement <r1> .
              <r1> smp:forOccupation isco:7212 ; smp:targetJurisdiction country:BEL .
              <partnership/o> smp:hasRecognitionArrangement <r9> . <r9> smp:targetJurisdiction country:BEL ."""
    assert len(_rows("SkillsMobilityPartnership-occupationRecognition", data)) == 1
    general = data + "<partnership/t> smp:hasRecognitionArrangement <r9> ."
    assert _rows("SkillsMobilityPartnership-occupationRecognition", general) == []
