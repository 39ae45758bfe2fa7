"""The BLA import (issue 9): mapping tables, counts, coded absent versus not coded, dates, shares, drift."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from smpgraph.bla import import_bla, provision_shares, read_country_table, read_provision_table
from smpgraph.bla.countries import UnmappedCountryError
from smpgraph.bla.importer import BlaImport, parse_date
from smpgraph.config import Settings
from smpgraph.domain import UNKNOWN_YEAR
from smpgraph.errors import InputError, ResourceNotFoundError
from smpgraph.namespaces import SMP
from smpgraph.store import open_store
from smpgraph.store.base import GraphStore

pytestmark = pytest.mark.slow  # seconds each: in `make test`, not in `make test-fast`

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "data" / "sources" / "bla"
COMMITTED = ROOT / "data" / "bla" / "bla.ttl"
BLA = "https://w3id.org/smpgraph/id/bla/"
EU = "http://publications.europa.eu/resource/authority/country/"
HISTORIC = "https://w3id.org/smpgraph/id/country/historic/"


@pytest.fixture(scope="module")
def result() -> BlaImport:
    return import_bla(SOURCES)


@pytest.fixture(scope="module")
def graph(result: BlaImport) -> Graph:
    return result.graph


@pytest.fixture(scope="module")
def formation() -> pd.DataFrame:
    return pd.read_csv(SOURCES / "bla-formation.csv")


@pytest.fixture(scope="module")
def coding() -> pd.DataFrame:
    return pd.read_csv(SOURCES / "bla-coding.csv")


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    store = open_store(Settings(backend="memory"))
    store.load(COMMITTED, reason=False)
    yield store
    store.close()


def node(treaty_id: int, suffix: str = "") -> URIRef:
    return URIRef(f"{BLA}{treaty_id}{suffix}")


# -- Mapping tables ----------------------------------------------------------------------------------


def test_every_country_name_of_both_files_maps(formation: pd.DataFrame, coding: pd.DataFrame) -> None:
    table = read_country_table()
    parties = set()
    for frame in (formation, coding):
        for side in "AB":
            for name, code, year in zip(frame[f"country{side}"], frame[f"code{side}"], frame["year"], strict=True):
                parties.add((name, int(code), None if year == UNKNOWN_YEAR else int(year)))
    table.check(parties)  # raises naming every name that does not map
    assert len({(n, c) for n, c, _ in parties}) == 172


def test_every_row_of_the_country_table_is_used_and_its_iri_exists(formation: pd.DataFrame) -> None:
    countries = Graph().parse(ROOT / "data" / "reference" / "countries.ttl")
    known = set(countries.subjects(RDF.type, SMP.Country))
    table = read_country_table()
    for row in table.rows:
        assert row.iri in known, f"{row.name}: {row.iri} is not in data/reference/countries.ttl"
        assert str(row.iri).startswith((EU, HISTORIC)) or row.iri == URIRef("https://w3id.org/smpgraph/id/country/XK")
        if str(row.iri).startswith(EU):
            assert row.alpha3 == str(row.iri).removeprefix(EU) and len(row.alpha2) == 2
        if str(row.iri).startswith(HISTORIC):
            assert row.alpha4 == str(row.iri).removeprefix(HISTORIC) and row.note
    names = set(formation["countryA"]) | set(formation["countryB"])
    assert {row.name for row in table.rows} <= names | {"United States"}


def test_historical_states_map_as_documented() -> None:
    table = read_country_table()
    assert table.resolve("West Germany", 255, 1960).iri == URIRef(f"{EU}DEU")
    assert table.resolve("East Germany", 265, 1972).iri == URIRef(f"{HISTORIC}DDDE")
    assert table.resolve("Russia", 365, 1991).iri == URIRef(f"{HISTORIC}SUHH")
    assert table.resolve("Russia", 365, 1992).iri == URIRef(f"{EU}RUS")
    assert table.resolve("Yugoslavia", 345, 1995).iri == URIRef(f"{HISTORIC}YUCS")
    assert table.resolve("Czechoslovakia", 315, 1991).iri == URIRef(f"{HISTORIC}CSHH")
    assert table.resolve("Kosovo", 347, 2010).iri == URIRef("https://w3id.org/smpgraph/id/country/XK")
    with pytest.raises(UnmappedCountryError, match="Russia"):
        table.resolve("Russia", 365, None)  # bounded rows need a year


def test_provision_table_covers_every_coded_item_with_declared_terms(coding: pd.DataFrame) -> None:
    codebook = pd.read_csv(SOURCES / "bla-coding-codebook.tsv", sep="\t")
    numbered = {
        v: label.split(" ", 1)[0]
        for v, label in zip(codebook["variable"], codebook["label"].fillna(""), strict=True)
        if label.startswith("(")
    }
    items = read_provision_table()
    assert {item.variable: item.item for item in items} == numbered
    assert len(items) == 34
    ontology = Graph()
    for path in (ROOT / "ontology").glob("*.ttl"):
        ontology.parse(path)
    provision_classes = set(ontology.transitive_subjects(RDFS.subClassOf, SMP.Provision))
    concepts = {s for s in ontology.subjects(RDF.type, SKOS.Concept)}
    for item in items:
        assert item.variable in coding.columns
        assert item.description
        if item.provision_class is not None:
            assert item.provision_class in provision_classes - {SMP.Provision}, item.provision_class
        for concept in item.concepts:
            assert concept in concepts, concept
        assert (ontology.value(item.provision_class, RDF.type) if item.provision_class else OWL.Class) == OWL.Class


# -- Counts, coded absent versus not coded -------------------------------------------------------------


def test_counts(result: BlaImport, graph: Graph, coding: pd.DataFrame) -> None:
    assert result.agreements == 1222 and result.coded == 570
    assert len(set(graph.subjects(RDF.type, SMP.Partnership))) == 1222
    assert len(set(graph.subjects(RDF.type, SMP.BilateralLabourMigrationAgreement))) == 1222
    assessments = set(graph.subjects(RDF.type, SMP.ProvisionAssessment))
    assert len(assessments) == result.assessments == 570 * 34
    assessed = {graph.value(a, SMP.assessedAgreement) for a in assessments}
    assert len(assessed) == 570
    variables = [item.variable for item in read_provision_table()]
    assert result.present == int(coding[variables].to_numpy().sum())


def test_coded_absent_is_distinct_from_not_coded(graph: Graph, formation: pd.DataFrame, coding: pd.DataFrame) -> None:
    coded = set(coding["treatyID"])
    uncoded = sorted(set(formation["treatyID"]) - coded)
    assert len(uncoded) == 652
    for treaty in uncoded[:50]:
        assert not list(graph.subjects(SMP.assessedAgreement, node(treaty)))
    row = coding[coding["treatyID"] == 1].iloc[0]
    assessment = node(1, "/assessment/credentials")
    assert graph.value(assessment, SMP.codedPresent) == Literal(bool(row["credentials"]))
    assert graph.value(assessment, SMP.codebookItem) == Literal("(18)")
    present = coding[coding["credentials"] == 1]["treatyID"].iloc[0]
    assert graph.value(node(present, "/assessment/credentials"), SMP.codedPresent) == Literal(True)


def test_present_items_get_provision_nodes(graph: Graph, coding: pd.DataFrame) -> None:
    for variable, cls in (("reintegration", SMP.ReturnAndReintegration), ("wage_prot", SMP.WageProtection)):
        treaties = set(coding[coding[variable] == 1]["treatyID"])
        having = {
            int(str(p).removeprefix(BLA))
            for p, prov in graph.subject_objects(SMP.hasProvision)
            if (prov, RDF.type, cls) in graph and str(prov).endswith(f"/provision/{variable}")
        }
        assert having == treaties
    committees = {int(str(p).removeprefix(BLA)) for p in graph.subjects(SMP.hasCoordinationBody, None)}
    assert committees == set(coding[coding["joint_commit"] == 1]["treatyID"])
    no_fees = {
        int(str(p).removeprefix(BLA)) for p in graph.subjects(SMP.recruitmentFeesChargedToWorkers, Literal(False))
    }
    assert no_fees == set(coding[coding["recruit_cost_mig"] == 1]["treatyID"])


def test_every_node_cites_the_dataset(graph: Graph) -> None:
    source = URIRef("https://www.law.uchicago.edu/bilateral-labor-agreements-dataset")
    for subject in set(graph.subjects()):
        if str(subject).startswith(BLA) and "/original-dataset/" not in str(subject):
            assert (subject, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), source) in graph, subject
            assert graph.value(subject, SMP.certainty) == SMP.Verified, subject


def test_memberships_are_neutral(graph: Graph) -> None:
    roles = set(graph.objects(None, URIRef("http://www.w3.org/ns/org#role")))
    assert roles == {SMP.StatePartyRole}  # State parties; the dataset does not say which is origin or destination
    assert not set(graph.subjects(SMP.originCountry, None))


# -- Dates, years, languages ------------------------------------------------------------------------------


def test_dates_and_unknown_year(graph: Graph) -> None:
    instrument = node(1, "/instrument")
    assert graph.value(instrument, SMP.dateSigned) == Literal("1947-05-19", datatype=XSD.date)
    assert graph.value(instrument, DCTERMS.date) == Literal("1947", datatype=XSD.gYear)
    assert Literal("en", datatype=XSD.language) in set(graph.objects(instrument, DCTERMS.language))
    unknown = node(1079, "/instrument")
    assert graph.value(unknown, DCTERMS.date) is None
    assert "unknown" in str(graph.value(unknown, RDFS.comment))
    assert graph.value(node(659, "/instrument"), SMP.dateSigned) is None  # "5/2/2997"
    assert graph.value(node(77, "/instrument"), SMP.dateSigned) is None  # two dates in one cell
    assert graph.value(node(722, "/instrument"), SMP.dateRatified) is None  # "5/29/2007 or sooner"
    assert parse_date("2/30/2001") is None and parse_date("") is None
    years = [Literal(o).toPython() for o in graph.objects(None, DCTERMS.date)]
    assert len(years) == 1221


def test_historical_parties_in_the_graph(graph: Graph) -> None:
    parties = set(graph.objects(node(646, "/instrument"), SMP.party))  # Finland - Russia, 1982
    assert URIRef(f"{HISTORIC}SUHH") in parties
    parties = set(graph.objects(node(647, "/instrument"), SMP.party))  # Finland - Russia, 1992
    assert URIRef(f"{EU}RUS") in parties


# -- Share of agreements that provide X (issue 9, item 3) ----------------------------------------------------


def test_provision_shares_from_sparql_equal_the_csv(store: GraphStore, coding: pd.DataFrame) -> None:
    shares = provision_shares(store)
    items = read_provision_table()
    by_item = {s.key: s for s in shares if s.kind == "item"}
    assert len(by_item) == 34
    for item in items:
        share = by_item[item.item]
        assert share.total == 570
        assert share.present == int((coding[item.variable] == 1).sum()), item.item
    by_term = {s.key: s for s in shares if s.kind == "term"}
    terms = {term for item in items for term in item.terms}
    for term in terms:
        variables = [item.variable for item in items if term in item.terms]
        expected = int((coding[variables] == 1).any(axis=1).sum())
        assert by_term.get(str(term)) is not None or expected == 0
        if expected:
            assert by_term[str(term)].present == expected, term
            assert by_term[str(term)].total == 570


# -- Errors ---------------------------------------------------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "bla"
    shutil.copytree(SOURCES, folder)
    return folder


def test_unmapped_name_is_named(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    for name in ("bla-formation.csv", "bla-coding.csv"):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace(",Canada,", ",Canadia,"), encoding="utf-8")
    with pytest.raises(UnmappedCountryError, match="Canadia"):
        import_bla(folder)


def test_missing_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(ResourceNotFoundError):
        import_bla(tmp_path / "nowhere")
    folder = _copy(tmp_path)
    (folder / "bla-coding.csv").unlink()
    with pytest.raises(ResourceNotFoundError, match=r"bla-coding\.csv"):
        import_bla(folder)
    (folder / "bla-coding.csv").write_text("treatyID,countryA\n1,X\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        import_bla(folder)
    shutil.copy(SOURCES / "bla-coding.csv", folder / "bla-coding.csv")
    text = (folder / "bla-coding.csv").read_text(encoding="utf-8").splitlines()
    text[1] = text[1][: text[1].rindex(",")] + ",7"
    (folder / "bla-coding.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="0 or 1"):
        import_bla(folder)


# -- The committed file is what the script generates ------------------------------------------------------------


def test_committed_file_is_generated_and_has_not_drifted(tmp_path: Path) -> None:
    out = tmp_path / "bla.ttl"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_bla.py"), "--output", str(out)], check=True, capture_output=True
    )
    committed = COMMITTED.read_text(encoding="utf-8")
    assert committed.startswith("# GENERATED by scripts/build_bla.py from ")
    assert committed == out.read_text(encoding="utf-8"), "data/bla/bla.ttl has drifted: run python scripts/build_bla.py"
