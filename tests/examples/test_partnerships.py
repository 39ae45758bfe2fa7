"""The 35 partnerships of data/partnerships (issue 16) follow the provenance pattern of ADR 0004 and ADR 0017.

Every fact node has its source pages and one certainty; every page the bundled partnerships cite has a title and a
publisher; every partnership is typed as the research note (data/sources/domain-sources-2.md) states it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDFS, SKOS

ROOT = Path(__file__).resolve().parents[2]
PARTNERSHIPS = ROOT / "data" / "partnerships"
#: files of data/partnerships that describe no partnership
SHARED = {"organisations.ttl", "sources.ttl"}
PARTNERSHIP_FILES = sorted(path for path in PARTNERSHIPS.glob("*.ttl") if path.name not in SHARED)
EXAMPLES = sorted((ROOT / "data" / "examples").glob("*.ttl"))
LISTS = sorted((ROOT / "data" / "lists").glob("*.ttl"))
VOCABULARY = ROOT / "docs" / "design" / "vocabulary.md"
SMP = "https://w3id.org/smpgraph/ontology#"
ID = "https://w3id.org/smpgraph/id/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
ISCO = "http://data.europa.eu/esco/isco/C"
FOAF_DOCUMENT = URIRef("http://xmlns.com/foaf/0.1/Document")
PARTNERSHIP_CLASSES = {
    URIRef(SMP + name)
    for name in (
        "Partnership",
        "SkillsMobilityPartnership",
        "LabourMobilityPathway",
        "CooperationFramework",
        "ComplementaryPathway",
    )
}
#: the kinds of fact node: ADR 0004's, and the coordination body of ADR 0017
FACT_KINDS = {
    "membership": "org:Membership",
    "training": "TrainingProgramme",
    "recognition": "RecognitionArrangement",
    "corridor": "Corridor",
    "mobility-scheme": "MobilityScheme",
    "participant-count": "ParticipantCount",
    "cost-share": "CostShare",
    "provision": "Provision",
    "coordination-body": "CoordinationBody",
}


def _closure(ontology: Graph, name: str) -> set[URIRef]:
    top = URIRef(SMP + name) if ":" not in name else ORG.Membership
    return {top, *ontology.transitive_subjects(RDFS.subClassOf, top)}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def data() -> Graph:
    graph = Graph()
    for path in sorted(PARTNERSHIPS.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _partnerships(graph: Graph) -> set[URIRef]:
    return {s for cls in PARTNERSHIP_CLASSES for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}


def _fact_nodes(graph: Graph) -> set[URIRef]:
    return {
        s
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef)
        and re.fullmatch(rf"{re.escape(ID)}(partnership/[a-z0-9-]+/[a-z-]+/\d+|instrument/.+)", str(s))
    }


def test_one_partnership_per_file_at_its_slug() -> None:
    for path in PARTNERSHIP_FILES:
        graph = Graph().parse(path, format="turtle")
        assert _partnerships(graph) == {URIRef(f"{ID}partnership/{path.stem}")}, path.name


def test_the_note_supports_35_distinct_schemes(data: Graph) -> None:
    assert len(PARTNERSHIP_FILES) == 35
    examples = Graph()
    for path in EXAMPLES:
        examples.parse(path, format="turtle")
    assert not _partnerships(data) & _partnerships(examples)  # none repeats one of the twelve examples


def test_every_partnership_has_label_description_and_sources(data: Graph) -> None:
    for partnership in _partnerships(data):
        assert any(label.language == "en" for label in data.objects(partnership, RDFS.label)), partnership  # type: ignore[attr-defined]
        assert data.value(partnership, DCTERMS.description) is not None, partnership
        sources = list(data.objects(partnership, DCTERMS.source))
        assert sources and all(str(source).startswith("https://") for source in sources), partnership


def test_every_fact_node_has_a_source_and_one_certainty(data: Graph) -> None:
    problems = []
    for node in sorted(_fact_nodes(data)):
        sources = list(data.objects(node, PROV.wasDerivedFrom))
        certainties = list(data.objects(node, URIRef(SMP + "certainty")))
        if not sources or any(not str(source).startswith("https://") for source in sources):
            problems.append(f"{node}: sources {sources}")
        if certainties not in ([URIRef(SMP + "Verified")], [URIRef(SMP + "Uncertain")]):
            problems.append(f"{node}: certainty {certainties}")
    assert not problems, "\n".join(problems)
    assert len(_fact_nodes(data)) > 300  # the note's 331 rows, less those left out, plus the instruments


def test_uncertain_nodes_say_why(data: Graph) -> None:
    for node in data.subjects(URIRef(SMP + "certainty"), URIRef(SMP + "Uncertain")):
        assert data.value(node, RDFS.comment) is not None, node


def test_fact_nodes_sit_under_their_partnership_and_kind(data: Graph, ontology: Graph) -> None:
    for node in _fact_nodes(data):
        if "/instrument/" in str(node):
            assert (None, URIRef(SMP + "hasInstrument"), node) in data, node
            continue
        slug, kind = str(node).removeprefix(f"{ID}partnership/").split("/")[:2]
        assert kind in FACT_KINDS, node
        assert set(data.objects(node, RDF.type)) & _closure(ontology, FACT_KINDS[kind]), node
        owner = URIRef(f"{ID}partnership/{slug}")
        assert (owner, None, node) in data, node
        if kind == "membership":
            assert data.value(node, ORG.organization) == owner, node
            assert data.value(node, ORG.member) is not None and data.value(node, ORG.role) is not None, node


def test_every_cited_page_has_a_title_and_a_publisher() -> None:
    graph = Graph()
    for path in (*EXAMPLES, *sorted(PARTNERSHIPS.glob("*.ttl")), *LISTS):
        graph.parse(path, format="turtle")
    cited = {
        page
        for predicate in (DCTERMS.source, PROV.wasDerivedFrom, RDFS.seeAlso)
        for page in graph.objects(None, predicate)
        if str(page).startswith("https://") and not str(page).startswith("https://w3id.org/smpgraph/")
    }
    assert len(cited) > 200
    untitled = sorted(str(page) for page in cited if graph.value(page, DCTERMS.title) is None)
    assert not untitled, untitled
    for page in cited:
        assert (page, RDF.type, FOAF_DOCUMENT) in graph, page
        publisher = graph.value(page, DCTERMS.publisher)
        assert publisher is not None and graph.value(publisher, RDFS.label) is not None, page
        assert graph.value(page, RDFS.comment) is not None, page  # where the title comes from


def test_organisations_and_funds_are_described(data: Graph) -> None:
    described = Graph()
    for path in (*EXAMPLES, *sorted(PARTNERSHIPS.glob("*.ttl")), *LISTS):
        described.parse(path, format="turtle")
    for prefix in ("org/", "fund/"):
        used = {o for o in data.objects() if isinstance(o, URIRef) and str(o).startswith(ID + prefix)}
        for term in used:
            assert described.value(term, RDF.type) is not None and described.value(term, RDFS.label) is not None, term


def test_funders_are_memberships_with_their_funds(data: Graph) -> None:
    funder = URIRef(SMP + "FunderRole")
    funded = {data.value(m, ORG.organization) for m in data.subjects(ORG.role, funder)}
    slugs = {str(p).rsplit("/", 1)[1] for p in funded}
    assert {"gsp-nursing", "wafira", "move-green", "ge-de-circular", "mobilise", "pem-wecco"} <= slugs
    through = {
        str(data.value(m, ORG.organization)).rsplit("/", 1)[1]
        for m in data.subjects(ORG.role, funder)
        if (m, URIRef(SMP + "fundedThrough"), URIRef(ID + "fund/amif")) in data
    }
    assert through == {"wafira", "move-green"}


def test_countries_and_occupations_use_the_contract_iris(data: Graph) -> None:
    countries = (
        "originCountry",
        "destinationCountry",
        "jurisdiction",
        "trainingCountry",
        "sourceJurisdiction",
        "targetJurisdiction",
        "organOf",
    )
    for name in countries:
        for country in data.objects(None, URIRef(SMP + name)):
            assert str(country).startswith(COUNTRY), (name, country)
    for name in ("coversOccupation", "targetsOccupation", "forOccupation"):
        for occupation in data.objects(None, URIRef(SMP + name)):
            assert re.fullmatch(rf"{re.escape(ISCO)}\d{{1,4}}", str(occupation)), occupation


def test_covered_occupations_are_carried_by_an_uncertain_fact_node(data: Graph) -> None:
    """ADR 0004, 4-5: an ISCO code is our mapping ([~]), so the node that carries it is uncertain."""
    for partnership, occupation in data.subject_objects(URIRef(SMP + "coversOccupation")):
        carriers = [
            fact
            for _, fact in data.predicate_objects(partnership)
            for name in ("targetsOccupation", "forOccupation")
            if (fact, URIRef(SMP + name), occupation) in data
        ]
        assert carriers, (partnership, occupation)
        assert all(data.value(fact, URIRef(SMP + "certainty")) == URIRef(SMP + "Uncertain") for fact in carriers)


def test_every_smp_term_is_defined_and_named_in_the_vocabulary(data: Graph, ontology: Graph) -> None:
    text = VOCABULARY.read_text(encoding="utf-8")
    named = {
        name for span in re.findall(r"`([^`]*)`", text) for name in re.findall(r"smp:([A-Za-z][A-Za-z0-9_]*)", span)
    }
    graph = data + Graph().parse(ROOT / "data" / "lists" / "who-ssl-2023.ttl", format="turtle")
    used = {
        str(term)[len(SMP) :]
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(SMP)
    }
    assert not used - named, sorted(used - named)
    assert not {name for name in used if (URIRef(SMP + name), None, None) not in ontology}


def test_the_who_list_records_54_sourced_countries_and_not_the_55th() -> None:
    graph = Graph().parse(ROOT / "data" / "lists" / "who-ssl-2023.ttl", format="turtle")
    listed = URIRef(ID + "list/who-ssl-2023")
    members = set(graph.subjects(URIRef(SMP + "listedIn"), listed))
    assert len(members) == 54
    assert all(str(member).startswith(COUNTRY) for member in members)
    assert URIRef(COUNTRY + "NPL") not in members  # the probable 55th is not confirmed
    unconfirmed = [s for s in graph.subjects(RDF.object, listed) if (s, RDF.subject, URIRef(COUNTRY + "NPL")) in graph]
    assert len(unconfirmed) == 1
    assert graph.value(unconfirmed[0], URIRef(SMP + "certainty")) == URIRef(SMP + "Uncertain")
    nhs = "https://www.nhsemployers.org/your-workforce/recruit/employer-led-recruitment/international-recruitment/"
    assert any(str(page).startswith(nhs) for page in graph.objects(listed, PROV.wasDerivedFrom))
    assert (listed, RDF.type, SKOS.Collection) in graph


def test_the_who_list_names_equal_the_note() -> None:
    """The 54 names of the note's UK list, mapped to ISO codes with pycountry, are the recorded members."""
    pycountry = pytest.importorskip("pycountry")
    note = (ROOT / "data" / "sources" / "domain-sources-2.md").read_text(encoding="utf-8")
    table = note.split("UK red list (54 names", 1)[1].split("Use in the graph", 1)[0]
    names = [
        re.sub(r"\s*\(\+.*$", "", name).strip()
        for row in table.splitlines()
        if row.startswith("| ") and not row.startswith("| WHO region")
        for name in re.split(r",\s*(?![^()]*\))", row.split("|")[2])
    ]
    aliases = {
        "Congo (Democratic Republic)": "COD",
        "Laos": "LAO",
        "Micronesia (Federated States of)": "FSM",
        "Tanzania": "TZA",
    }
    codes = {aliases.get(name) or pycountry.countries.lookup(name).alpha_3 for name in names}
    graph = Graph().parse(ROOT / "data" / "lists" / "who-ssl-2023.ttl", format="turtle")
    members = {str(s).removeprefix(COUNTRY) for s in graph.subjects(URIRef(SMP + "listedIn"), None)}
    assert len(names) == 54
    assert codes == members


def test_source_pages_are_generated_from_the_data(tmp_path: Path) -> None:
    """data/partnerships/sources.ttl is what scripts/generate_source_pages.py writes from the data today."""
    import subprocess
    import sys

    output = tmp_path / "sources.ttl"
    script = ROOT / "scripts" / "generate_source_pages.py"
    subprocess.run([sys.executable, str(script), "--output", str(output)], check=True, capture_output=True)
    assert output.read_text(encoding="utf-8") == (PARTNERSHIPS / "sources.ttl").read_text(encoding="utf-8")
