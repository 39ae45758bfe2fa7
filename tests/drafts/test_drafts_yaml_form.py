"""The YAML form of drafts: strict keys and codes, safe YAML, code resolution (issue 3, item 4)."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import ORG, RDF, XSD

from smpgraph.drafts import DraftFormat, load_draft
from smpgraph.errors import DraftError
from smpgraph.namespaces import COUNTRY, ISCO, SDG, SMP

AGREEMENT = URIRef("https://w3id.org/smpgraph/id/partnership/t")


def _load(body: str):
    return load_draft(f"id: partnership/t\n{body}", format=DraftFormat.YAML, source_name="t.yaml")


def test_yaml_resolves_countries_occupations_and_codes() -> None:
    graph = _load("status: draft\norigin: NO\ndestination: XK\noccupations: ['0110', 2221]\nsdgs: [8, '8.10']\n").graph
    assert (AGREEMENT, RDF.type, SMP.SkillsMobilityPartnership) in graph
    assert (AGREEMENT, SMP.status, SMP.Draft) in graph
    assert (AGREEMENT, SMP.originCountry, COUNTRY.NOR) in graph  # "NO" is Norway, not YAML 1.1 false
    assert (AGREEMENT, SMP.destinationCountry, URIRef("https://w3id.org/smpgraph/id/country/XK")) in graph
    assert (AGREEMENT, SMP.coversOccupation, ISCO["0110"]) in graph
    assert (AGREEMENT, SMP.coversOccupation, ISCO["2221"]) in graph
    assert (AGREEMENT, SMP.alignedWithSDG, SDG["8.10"]) in graph


def test_stakeholders_entry_becomes_a_membership() -> None:
    graph = _load(
        "stakeholders:\n  - organisation: {id: org/example-a, type: tradeUnion}\n    role: workerRepresentative\n"
    ).graph
    membership = URIRef(f"{AGREEMENT}/membership/1")
    organisation = URIRef("https://w3id.org/smpgraph/id/org/example-a")
    assert (AGREEMENT, SMP.hasMembership, membership) in graph
    assert (membership, RDF.type, ORG.Membership) in graph
    assert (membership, ORG.member, organisation) in graph
    assert (membership, ORG.role, SMP.WorkerRepresentativeRole) in graph
    assert (organisation, RDF.type, SMP.TradeUnion) in graph


def test_training_location_and_numbers_are_typed() -> None:
    graph = _load("training:\n  location: origin\n  durationMonths: 9\n  languageLevel: B1\n").graph
    training = URIRef(f"{AGREEMENT}/training/1")
    assert (training, SMP.trainingLocation, SMP.AtOrigin) in graph
    assert (training, SMP.durationMonths, Literal("9.0", datatype=XSD.decimal)) in graph
    assert (training, SMP.targetLanguageLevel, URIRef("https://w3id.org/smpgraph/id/cefr/B1")) in graph


def test_cost_paid_by_workers_uses_the_migrant_workers_individual() -> None:
    graph = _load("costs:\n  - payer: migrantWorkers\n    share: 1\n").graph
    assert (URIRef(f"{AGREEMENT}/cost-share/1"), SMP.payer, SMP.MigrantWorkers) in graph


@pytest.mark.parametrize(
    ("body", "pattern"),
    [
        ("status: draft\nstatus: signed\n", r"t\.yaml:3: duplicate key 'status'"),
        ("origin: ma\n", r"t\.yaml:2: unknown country code 'ma'"),
        ("training:\n  location: abroad\n", r"t\.yaml:3: unknown location 'abroad'"),
        ("stakeholders:\n  - country: MA\n    role: boss\n", r"t\.yaml:4: unknown role 'boss'"),
        ("sdgs: [8.10]\n", r"t\.yaml:2: write the SDG target 8.10 in quotes"),
        ("planningHorizonYears: soon\n", r"t\.yaml:2: 'planningHorizonYears' must be an integer"),
        ("recruitmentFeesChargedToWorkers: maybe\n", r"t\.yaml:2: 'recruitmentFeesChargedToWorkers' must be true"),
        ("title: !!python/object:os.system {}\n", r"t\.yaml:2: 'title' takes a single value here"),
        ("title: !!python/name:os.system ''\n", r"t\.yaml:2: YAML tag .* is not allowed"),
        ("<<: {status: draft}\n", r"t\.yaml:2: keys of a draft must be plain words"),
        ("origin:\n", r"t\.yaml:2: 'origin' has no value"),
        ("provisions: [gender, holidays]\n", r"t\.yaml:2: unknown provisions 'holidays'"),
        ("stakeholders:\n  - organisation: {type: ministry}\n", r"t\.yaml:3: an organisation given as a mapping needs"),
    ],
)
def test_yaml_mistake_is_named_with_its_line(body: str, pattern: str) -> None:
    with pytest.raises(DraftError, match=pattern):
        _load(body)


def test_yaml_that_is_a_list_has_no_agreement() -> None:
    with pytest.raises(DraftError, match="no agreement found"):
        load_draft("- a\n- b\n", format=DraftFormat.YAML)


def test_empty_yaml_has_no_agreement() -> None:
    with pytest.raises(DraftError, match="no agreement found"):
        load_draft("# nothing\n", format=DraftFormat.YAML)


def test_recursive_alias_is_refused_not_followed() -> None:
    with pytest.raises(DraftError):
        load_draft("id: partnership/t\noccupations: &a [*a]\n")


def test_format_is_guessed_from_content() -> None:
    turtle = (
        "@prefix smp: <https://w3id.org/smpgraph/ontology#> .\n"
        "<https://w3id.org/smpgraph/id/partnership/t> a smp:LabourMobilityPathway .\n"
    )
    assert load_draft(turtle).format is DraftFormat.TURTLE
    assert load_draft("id: partnership/t\n").format is DraftFormat.YAML
    assert (
        load_draft(
            '{"@context": "https://w3id.org/smpgraph/context/smpgraph.jsonld", "id": "partnership/t",'
            ' "partnership": "labourMobilityPathway"}'
        ).format
        is DraftFormat.JSON_LD
    )
