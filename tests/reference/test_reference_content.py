"""Counts, labels, hierarchy and IRI patterns of the generated reference data (issue 3, items 2 and 8)."""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

import pycountry
import pyoxigraph
import pytest
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, VOID

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "data" / "reference"
SMP = Namespace("https://w3id.org/smpgraph/ontology#")
ID = "https://w3id.org/smpgraph/id/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
ISCO = "http://data.europa.eu/esco/isco/C"
PAPER = URIRef(f"{ID}source/iom-smp-prerequisites")
TURTLE_FILES = [*sorted(REFERENCE.glob("*.ttl")), ROOT / "data" / "void.ttl"]

# IRI patterns of docs/design/vocabulary.md, per generated file (subjects only)
PATTERNS = {
    "countries.ttl": [
        rf"{re.escape(COUNTRY)}[A-Z]{{3}}",
        rf"{re.escape(ID)}country/XK",
        rf"{re.escape(ID)}country/historic/[A-Z]{{4}}",
        rf"{re.escape(ID)}scheme/(historic-)?countries",
    ],
    "isco08.ttl": [rf"{re.escape(ISCO)}\d{{1,4}}", r"http://data\.europa\.eu/esco/concept-scheme/isco"],
    "eqf.ttl": [r"http://data\.europa\.eu/snb/eqf/[1-8]", r"http://data\.europa\.eu/snb/eqf/25831c2"],
    "isced-2011.ttl": [rf"{re.escape(ID)}isced-2011/[0-8]", rf"{re.escape(ID)}scheme/isced-2011"],
    "isced-f.ttl": [r"http://data\.europa\.eu/snb/isced-f/\d{2,4}", r"http://data\.europa\.eu/snb/isced-f/25831c2"],
    "cefr.ttl": [rf"{re.escape(ID)}cefr/[ABC][12]", rf"{re.escape(ID)}scheme/cefr"],
    "sdg.ttl": [r"http://metadata\.un\.org/sdg/\d{1,2}(\.(\d{1,2}|[a-z]))?", rf"{re.escape(ID)}scheme/sdg"],
    "gcm.ttl": [rf"{re.escape(ID)}gcm/objective/([1-9]|1\d|2[0-3])", rf"{re.escape(ID)}scheme/gcm-objectives"],
    "iom-paper.ttl": [
        rf"{re.escape(ID)}source/iom-smp-prerequisites(#para-([1-9]|[12]\d|3[01]))?",
        rf"{re.escape(ID)}org/iom",
    ],
}


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {path.name: Graph().parse(path, format="turtle") for path in REFERENCE.glob("*.ttl")}


def labels(graph: Graph, subject: URIRef, predicate: URIRef = SKOS.prefLabel) -> dict[str, str]:
    found: dict[str, str] = {}
    for label in graph.objects(subject, predicate):
        assert isinstance(label, Literal)
        assert (label.language or "") not in found, f"{subject} has two {predicate} in {label.language}"
        found[label.language or ""] = str(label)
    return found


def concepts(graph: Graph) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef))


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda path: path.name)
def test_reference_parses_with_rdflib_and_oxigraph(path: Path) -> None:
    rdflib_count = len(Graph().parse(path, format="turtle"))
    oxigraph_count = len(list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)))
    assert rdflib_count == oxigraph_count > 0


def test_reference_every_subject_matches_the_contract(graphs: dict[str, Graph]) -> None:
    assert set(graphs) == set(PATTERNS)
    for name, graph in graphs.items():
        allowed = re.compile("|".join(f"(?:{pattern})" for pattern in PATTERNS[name]))
        strays = sorted(str(s) for s in set(graph.subjects()) if not allowed.fullmatch(str(s)))
        assert not strays, f"{name}: IRIs outside the contract: {strays[:5]}"


def test_reference_every_concept_is_labelled_and_in_a_scheme(graphs: dict[str, Graph]) -> None:
    for name, graph in graphs.items():
        for concept in concepts(graph):
            assert "en" in labels(graph, concept), f"{name}: {concept} has no English prefLabel"
            schemes = list(graph.objects(concept, SKOS.inScheme))
            assert len(schemes) == 1, f"{name}: {concept} is in {len(schemes)} schemes"
            assert (schemes[0], RDF.type, SKOS.ConceptScheme) in graph
            assert graph.value(concept, SKOS.notation) is not None


def test_reference_isco_has_619_groups_in_four_levels(graphs: dict[str, Graph]) -> None:
    graph = graphs["isco08.ttl"]
    groups = concepts(graph)
    per_level = {level: 0 for level in range(1, 5)}
    for group in groups:
        code = str(graph.value(group, SKOS.notation))
        assert str(group) == ISCO + code
        per_level[len(code)] += 1
        broader = list(graph.objects(group, SKOS.broader))
        if len(code) == 1:
            assert not broader
            assert (group, SKOS.topConceptOf, URIRef("http://data.europa.eu/esco/concept-scheme/isco")) in graph
        else:
            assert broader == [URIRef(ISCO + code[:-1])], f"{code} should sit under {code[:-1]}"
            assert (broader[0], RDF.type, SKOS.Concept) in graph
    assert len(groups) == 619
    assert per_level == {1: 10, 2: 43, 3: 130, 4: 436}
    assert not list(graph.triples((None, SKOS.broaderTransitive, None)))
    assert str(graph.value(URIRef(ISCO + "2221"), SKOS.prefLabel)) == "Nursing professionals"
    assert URIRef(ISCO + "0110") in groups


def test_reference_has_every_iso_country_in_three_languages(graphs: dict[str, Graph]) -> None:
    graph = graphs["countries.ttl"]
    for country in pycountry.countries:
        iri = URIRef(COUNTRY + country.alpha_3)
        assert (iri, RDF.type, SMP.Country) in graph, country.alpha_3
        assert set(labels(graph, iri)) == {"en", "fr", "es"}, country.alpha_3
        assert graph.value(iri, SMP.isoAlpha2) == Literal(country.alpha_2)
        assert graph.value(iri, SMP.isoAlpha3) == Literal(country.alpha_3)
    current = [c for c in graph.subjects(RDF.type, SMP.Country) if str(c).startswith(COUNTRY)]
    assert len(current) == len(pycountry.countries)
    assert labels(graph, URIRef(COUNTRY + "DEU")) == {"en": "Germany", "fr": "Allemagne", "es": "Alemania"}


def test_reference_has_kosovo(graphs: dict[str, Graph]) -> None:
    graph = graphs["countries.ttl"]
    kosovo = URIRef(f"{ID}country/XK")
    assert (kosovo, RDF.type, SMP.Country) in graph
    assert labels(graph, kosovo) == {"en": "Kosovo", "fr": "Kosovo", "es": "Kosovo"}
    assert (kosovo, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q1246")) in graph
    assert graph.value(kosovo, SKOS.scopeNote) is not None
    assert graph.value(kosovo, SMP.isoAlpha2) == Literal("XK")


def test_reference_has_historic_countries(graphs: dict[str, Graph]) -> None:
    graph = graphs["countries.ttl"]
    for former in pycountry.historic_countries:
        iri = URIRef(f"{ID}country/historic/{former.alpha_4}")
        assert (iri, RDF.type, SMP.Country) in graph
        assert "en" in labels(graph, iri)
        if getattr(former, "withdrawal_date", None):
            assert str(graph.value(iri, DCTERMS.valid)).startswith(f"end={former.withdrawal_date};")


def test_reference_links_only_verified_wikidata_ids(graphs: dict[str, Graph]) -> None:
    with (ROOT / "data" / "sources" / "wikidata-countries.tsv").open(encoding="utf-8") as handle:
        verified = {row["qid"] for row in csv.DictReader(handle, delimiter="\t")}
    linked = {str(o).rsplit("/", 1)[1] for o in graphs["countries.ttl"].objects(None, SKOS.exactMatch)}
    assert linked == verified
    assert len(linked) == 38


def test_reference_small_code_lists(graphs: dict[str, Graph]) -> None:
    assert len(concepts(graphs["eqf.ttl"])) == 8
    assert len(concepts(graphs["isced-2011.ttl"])) == 9
    cefr = graphs["cefr.ttl"]
    assert sorted(str(cefr.value(c, SKOS.notation)) for c in cefr.subjects(RDF.type, SMP.CEFRLevel)) == [
        "A1",
        "A2",
        "B1",
        "B2",
        "C1",
        "C2",
    ]
    for level in cefr.subjects(RDF.type, SMP.CEFRLevel):
        assert set(labels(cefr, level)) == {"en", "fr", "es"}
    gcm = graphs["gcm.ttl"]
    assert len(list(gcm.subjects(RDF.type, SMP.GCMObjective))) == 23
    assert str(gcm.value(URIRef(f"{ID}gcm/objective/18"), SKOS.prefLabel)) == "Skills development and recognition"


def test_reference_isced_f_fields(graphs: dict[str, Graph]) -> None:
    graph = graphs["isced-f.ttl"]
    codes = {str(graph.value(c, SKOS.notation)): c for c in concepts(graph)}
    widths = [len(code) for code in codes]
    assert (widths.count(2), widths.count(3)) == (11, 29)
    assert {"0611", "0613", "0713", "0714", "0715", "0716", "0732", "0913", "0921", "1013", "1015"} <= set(codes)
    for code, concept in codes.items():
        if len(code) > 2:
            assert graph.value(concept, SKOS.broader) == codes[code[:-1]]


def test_reference_sdg_goals_and_targets(graphs: dict[str, Graph]) -> None:
    graph = graphs["sdg.ttl"]
    sdg = "http://metadata.un.org/sdg/"
    goals = {str(g) for g in graph.subjects(RDF.type, SMP.SDGGoal)}
    targets = {str(t) for t in graph.subjects(RDF.type, SMP.SDGTarget)}
    assert goals == {f"{sdg}{n}" for n in ("4", "8", "10")}
    assert targets == {f"{sdg}{n}" for n in ("4.3", "4.4", "8.5", "8.8", "10.7", "10.c")}
    for target in targets:
        assert str(graph.value(URIRef(target), SKOS.broader)) == sdg + target.removeprefix(sdg).split(".")[0]


def test_reference_iom_paper_has_31_paragraphs(graphs: dict[str, Graph]) -> None:
    graph = graphs["iom-paper.ttl"]
    paragraphs = sorted(graph.subjects(DCTERMS.isPartOf, PAPER), key=lambda p: int(str(p).rsplit("-", 1)[1]))
    assert len(paragraphs) == 31
    for n, paragraph in enumerate(paragraphs, start=1):
        assert str(paragraph) == f"{PAPER}#para-{n}"
        number = graph.value(paragraph, SMP.paragraphNumber)
        assert isinstance(number, Literal)
        assert number.datatype == XSD.integer
        assert number.toPython() == n
        assert labels(graph, paragraph, RDFS.label)["en"] == f"IOM SMP paper, para. {n}"
        assert set(labels(graph, paragraph, RDFS.label)) == {"en", "fr", "es"}
        assert graph.value(paragraph, SMP.section) is not None
        assert (graph.value(paragraph, DCTERMS.title) is not None) == (23 <= n <= 30)
    assert str(graph.value(URIRef(f"{PAPER}#para-8"), SMP.section)) == "Stakeholders"
    assert str(graph.value(URIRef(f"{PAPER}#para-25"), DCTERMS.title)) == "Data for evidence-based policy"
    assert graph.value(PAPER, DCTERMS.title) is not None
    assert graph.value(PAPER, DCTERMS.publisher) == URIRef(f"{ID}org/iom")


def test_reference_void_describes_the_dataset() -> None:
    graph = Graph().parse(ROOT / "data" / "void.ttl", format="turtle")
    dataset = URIRef(f"{ID}dataset")
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert graph.value(dataset, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    rights = {str(r) for r in graph.objects(dataset, DCTERMS.rights)}
    assert "This service uses the ESCO classification of the European Commission." in rights
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    dcat_version = URIRef(f"{DCAT}version")  # DCAT 3: not in rdflib's DCAT 2 namespace
    assert str(graph.value(dataset, dcat_version)) == version
    assert str(graph.value(dataset, VOID.uriSpace)) == ID
    subsets = {str(s).rsplit("/", 1)[1] for s in graph.objects(dataset, VOID.subset)}
    assert subsets == {"ontology", "reference", "examples", "bla", "partnerships", "lists", "stocks"}
    bla = URIRef("https://www.law.uchicago.edu/bilateral-labor-agreements-dataset")
    assert bla in set(graph.objects(dataset, DCTERMS.source))
    assert graph.value(bla, DCTERMS.license) == URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
    assert PAPER in set(graph.objects(dataset, DCTERMS.source))
    assert graph.value(dataset, DCTERMS.publisher) is not None
    assert set(graph.objects(dataset, VOID.vocabulary))
