"""The example partnerships follow the provenance pattern of docs/decisions/0004-provenance.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDFS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.ttl"))
PARTNERSHIP_FILES = [path for path in EXAMPLE_FILES if path.name != "organisations.ttl"]
VOCABULARY = ROOT / "docs" / "design" / "vocabulary.md"
SMP = Namespace("https://w3id.org/smpgraph/ontology#")
ID = "https://w3id.org/smpgraph/id/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
ISCO = "http://data.europa.eu/esco/isco/C"

PARTNERSHIP_CLASSES = {SMP.SkillsMobilityPartnership, SMP.LabourMobilityPathway}
#: the kinds of fact node (docs/decisions/0004-provenance.md) and the classes that make a node one of them
FACT_KINDS = {
    "membership": {ORG.Membership},
    "training": {SMP.TrainingProgramme, SMP.LanguageTraining, SMP.PreDepartureOrientation},
    "qualification": {SMP.Qualification},
    "recognition": {
        SMP.RecognitionArrangement,
        SMP.MutualRecognition,
        SMP.EquivalenceWithCompensation,
        SMP.SkillsTesting,
        SMP.DestinationQualificationAtOrigin,
        SMP.NoRecognitionRequired,
    },
    "corridor": {SMP.Corridor},
    "mobility-scheme": {SMP.MobilityScheme},
    "participant-count": {SMP.ParticipantCount},
    "cost-share": {SMP.CostShare},
    "provision": {
        SMP.Provision,
        SMP.LocalEmploymentMeasure,
        SMP.GenderProvision,
        SMP.ReturnAndReintegration,
        SMP.DiasporaEngagement,
        SMP.RemittanceFacilitation,
        SMP.SocialProtection,
        SMP.SocialSecurityPortability,
        SMP.FamilyProvision,
        SMP.ResidencePathway,
        SMP.InformationToMigrants,
        SMP.ComplaintMechanism,
        SMP.WageProtection,
        SMP.RecruitmentFeeBan,
        SMP.EqualTreatment,
        SMP.InformationExchange,
    },
    "data-sharing": {SMP.DataSharingArrangement},
}
FACT_CLASSES = set().union(*FACT_KINDS.values())
REQUIRED_SLUGS = {
    "palim",
    "triple-win",
    "thamm",
    "aptc",
    "match",
    "digital-explorers",
    "de-ma-hospitality",
    "de-vn-care",
    "yes-kosovo",
    "wb-regulation",
    "jp-ssw",
    "it-tn-construction",
}


def load(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@pytest.fixture(scope="module")
def examples() -> Graph:
    graph = Graph()
    for path in EXAMPLE_FILES:
        graph.parse(path, format="turtle")
    return graph


def fact_nodes(graph: Graph) -> set[URIRef]:
    nodes = {node for cls in FACT_CLASSES for node in graph.subjects(RDF.type, cls)}
    nodes |= {node for node in graph.subjects(RDF.type, None) if "/instrument/" in str(node)}
    return {node for node in nodes if isinstance(node, URIRef)}


def vocabulary_names() -> set[str]:
    """Every `smp:Name` written in backticks in the vocabulary contract."""
    text = VOCABULARY.read_text(encoding="utf-8")
    names: set[str] = set()
    for span in re.findall(r"`([^`]*)`", text):
        names.update(re.findall(r"smp:([A-Za-z][A-Za-z0-9_]*)", span))
    return names


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_file_parses(path: Path) -> None:
    assert len(load(path)) > 0


def test_all_required_partnerships_present() -> None:
    assert {path.stem for path in PARTNERSHIP_FILES} >= REQUIRED_SLUGS


@pytest.mark.parametrize("path", PARTNERSHIP_FILES, ids=lambda path: path.stem)
def test_one_partnership_per_file_at_its_slug(path: Path) -> None:
    graph = load(path)
    partnerships = {s for cls in PARTNERSHIP_CLASSES for s in graph.subjects(RDF.type, cls)}
    assert partnerships == {URIRef(f"{ID}partnership/{path.stem}")}


@pytest.mark.parametrize("path", PARTNERSHIP_FILES, ids=lambda path: path.stem)
def test_partnership_has_label_description_and_source(path: Path) -> None:
    graph = load(path)
    partnership = URIRef(f"{ID}partnership/{path.stem}")
    labels = list(graph.objects(partnership, RDFS.label))
    assert any(isinstance(label, Literal) and label.language == "en" for label in labels)
    assert any(graph.objects(partnership, DCTERMS.description))
    sources = list(graph.objects(partnership, DCTERMS.source))
    assert sources
    assert all(str(source).startswith("https://") for source in sources)


def test_every_fact_node_has_source_and_one_certainty(examples: Graph) -> None:
    problems = []
    for node in sorted(fact_nodes(examples)):
        sources = list(examples.objects(node, PROV.wasDerivedFrom))
        certainties = list(examples.objects(node, SMP.certainty))
        if not sources:
            problems.append(f"{node}: no prov:wasDerivedFrom")
        if any(not str(source).startswith("https://") for source in sources):
            problems.append(f"{node}: source is not an https:// IRI")
        if len(certainties) != 1 or certainties[0] not in {SMP.Verified, SMP.Uncertain}:
            problems.append(f"{node}: certainty {certainties}")
    assert not problems, "\n".join(problems)


def test_fact_nodes_sit_under_their_partnership_and_kind(examples: Graph) -> None:
    problems = []
    for node in fact_nodes(examples):
        if "/instrument/" in str(node):
            continue
        match = re.fullmatch(rf"{re.escape(ID)}partnership/([a-z0-9-]+)/([a-z-]+)/(\d+)", str(node))
        if not match:
            problems.append(f"{node}: IRI not id:partnership/{{slug}}/{{kind}}/{{n}}")
            continue
        kind = match.group(2)
        types = set(examples.objects(node, RDF.type))
        if kind not in FACT_KINDS or not types & FACT_KINDS[kind]:
            problems.append(f"{node}: kind {kind!r} does not match its types")
        owner = URIRef(f"{ID}partnership/{match.group(1)}")
        linked = (
            (owner, None, node) in examples
            or (node, ORG.organization, owner) in examples
            or any((owner, None, fact) in examples for fact in examples.subjects(None, node))
        )
        if not linked:
            problems.append(f"{node}: not linked from {owner}")
    assert not problems, "\n".join(problems)


def test_memberships_are_complete(examples: Graph) -> None:
    for membership in examples.subjects(RDF.type, ORG.Membership):
        partnership = examples.value(membership, ORG.organization)
        assert partnership is not None, membership
        assert (partnership, SMP.hasMembership, membership) in examples, membership
        assert examples.value(membership, ORG.member) is not None, membership
        assert examples.value(membership, ORG.role) is not None, membership


def test_uncertain_nodes_say_why(examples: Graph) -> None:
    for node in examples.subjects(SMP.certainty, SMP.Uncertain):
        assert examples.value(node, RDFS.comment) is not None, f"{node} is uncertain without a comment"


def test_covered_occupations_are_carried_by_a_fact_node(examples: Graph) -> None:
    carriers = (SMP.targetsOccupation, SMP.forOccupation, SMP.qualifiesFor)
    for partnership, occupation in examples.subject_objects(SMP.coversOccupation):
        facts = {o for _, o in examples.predicate_objects(partnership)} | {
            q for _, _, q in examples.triples((None, SMP.leadsToQualification, None))
        }
        assert any((fact, carrier, occupation) in examples for fact in facts for carrier in carriers), (
            f"{partnership} covers {occupation} but no fact node of it carries the occupation"
        )


def test_countries_and_occupations_use_the_contract_iris(examples: Graph) -> None:
    country_properties = (
        SMP.originCountry,
        SMP.destinationCountry,
        SMP.jurisdiction,
        SMP.trainingCountry,
        SMP.sourceJurisdiction,
        SMP.targetJurisdiction,
    )
    for prop in country_properties:
        for country in examples.objects(None, prop):
            assert str(country).startswith(COUNTRY) or str(country) == f"{ID}country/XK", country
    for prop in (SMP.coversOccupation, SMP.targetsOccupation, SMP.forOccupation):
        for occupation in examples.objects(None, prop):
            assert re.fullmatch(rf"{re.escape(ISCO)}\d{{1,4}}", str(occupation)), occupation


def test_organisations_are_typed_and_referenced_ones_exist(examples: Graph) -> None:
    organisations = load(EXAMPLES / "organisations.ttl")
    described = {s for s in organisations.subjects(RDF.type, None) if str(s).startswith(f"{ID}org/")}
    used = {o for o in examples.objects() if isinstance(o, URIRef) and str(o).startswith(f"{ID}org/")}
    assert used <= described, sorted(used - described)
    for organisation in described:
        assert organisations.value(organisation, RDFS.label) is not None, organisation


def test_every_smp_term_is_named_in_the_vocabulary(examples: Graph) -> None:
    known = vocabulary_names()
    used = {
        str(term)[len(str(SMP)) :]
        for triple in examples
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(SMP))
    }
    assert not used - known, f"not in docs/design/vocabulary.md: {sorted(used - known)}"
