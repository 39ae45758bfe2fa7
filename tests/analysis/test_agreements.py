"""The bilateral labour agreement network (issue 9, item 4).

Two kinds of test: a hand-made network whose answers are known by construction (its Turtle goes through
the package's own ``bla_*.rq`` queries with rdflib), and the real data (``data/bla/bla.ttl``) checked
against the same figures recomputed with pandas from the source CSVs in ``data/sources/bla``.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph

from smpgraph.analysis.agreements import (
    AGREEMENT_QUERIES,
    RECOGNITION_ITEM,
    TRAINING_ITEM,
    AgreementRows,
    agreement_report,
    agreements_per_decade,
    connected_countries,
    country_communities,
    network_from_rows,
    provision_coverage,
    report_from_network,
    uncovered_corridors,
)
from smpgraph.analysis.model import paragraph
from smpgraph.domain import UNKNOWN_YEAR
from smpgraph.errors import AnalysisError
from smpgraph.resources import query_text

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "data" / "sources" / "bla"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
SMP = "https://w3id.org/smpgraph/ontology#"
A, B, C, D = (f"{COUNTRY}{code}" for code in ("AAA", "BBB", "CCC", "DDD"))

# Five agreements between four countries:
#   1  A-B 1995 coded: recognition (18) yes, training (17) no
#   2  A-B 2003 coded: (18) no, (17) no
#   3  A-C 2001 coded: (18) no, (17) yes
#   4  C-D 1960 not coded
#   5  B-C year unknown, coded: (18) no, (17) no
# So: decades 1960: 1, 1990: 1, 2000: 2 (one unknown); without recognition: A-C, B-C (A-B has it, C-D is
# not coded); without training: A-B, B-C; C has the most agreements and partners and is the only broker.
_HEAD = """
@prefix smp: <https://w3id.org/smpgraph/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
country:AAA skos:prefLabel "Aland"@en . country:BBB skos:prefLabel "Bland"@en .
"""


def _agreement(n: int, a: str, b: str, year: int | None, codes: dict[str, bool] | None) -> str:
    text = f"<urn:bla:{n}> a smp:Partnership ; smp:hasInstrument <urn:bla:{n}/i> .\n"
    text += f"<urn:bla:{n}/i> a smp:BilateralLabourMigrationAgreement ; smp:party country:{a}, country:{b} ;"
    text += f' dcterms:title "Agreement {n}"'
    text += f' ; dcterms:date "{year}"^^xsd:gYear .\n' if year is not None else " .\n"
    terms = {"(18)": "smp:SkillsRecognition", "(17)": "smp:Training"}
    for item, present in (codes or {}).items():
        text += (
            f"<urn:bla:{n}/a{item}> a smp:ProvisionAssessment ; smp:assessedAgreement <urn:bla:{n}> ; "
            f'smp:codebookItem "{item}" ; smp:codedPresent {str(present).lower()} ; '
            f"smp:assessedProvision {terms[item]} .\n"
        )
    return text


TOY = _HEAD + "".join(
    [
        _agreement(1, "AAA", "BBB", 1995, {"(18)": True, "(17)": False}),
        _agreement(2, "AAA", "BBB", 2003, {"(18)": False, "(17)": False}),
        _agreement(3, "AAA", "CCC", 2001, {"(18)": False, "(17)": True}),
        _agreement(4, "CCC", "DDD", 1960, None),
        _agreement(5, "BBB", "CCC", None, {"(18)": False, "(17)": False}),
    ]
)


def rows_of(turtle: str) -> AgreementRows:
    """Run the package's agreement queries over Turtle with rdflib."""
    graph = Graph().parse(data=turtle, format="turtle")
    results = {}
    for field_name, name in AGREEMENT_QUERIES.items():
        result = graph.query(query_text(f"analysis/{name}.rq"))
        names = [str(v) for v in result.vars or ()]
        results[field_name] = [
            {k: v for k, v in zip(names, row, strict=True) if v is not None}
            for row in result  # type: ignore[union-attr]
        ]
    return AgreementRows(**results)


@pytest.fixture(scope="module")
def toy():
    return network_from_rows(rows_of(TOY), item_labels={"(18)": "Recognition of Skills and Qualifications"})


def test_network_has_one_edge_per_agreement_and_weights_per_pair(toy):
    assert toy.graph.number_of_edges() == 5
    assert toy.graph[A][B]["urn:bla:1"]["year"] == 1995
    assert toy.graph[B][C]["urn:bla:5"]["year"] == ""  # unknown
    assert toy.simple[A][B] == {"weight": 2, "distance": 0.5, "first_year": 1995, "last_year": 2003}
    assert toy.graph.nodes[A] == {"label": "Aland", "type": "country"}
    assert toy.label(C) == "CCC"
    assert toy.agreements["urn:bla:4"].coded is False
    assert toy.agreements["urn:bla:2"].items == {"(18)": False, "(17)": False}


def test_agreements_per_decade(toy):
    found = agreements_per_decade(toy)
    assert [(d.decade, d.agreements, d.coded, d.countries, d.pairs) for d in found] == [
        (1960, 1, 0, 2, 1),
        (1990, 1, 1, 2, 1),
        (2000, 2, 2, 3, 2),
    ]
    assert found.notes == ("1 agreement(s) of unknown year left out",)
    assert found.sources == (paragraph(7),)


def test_provision_coverage_counts_coded_agreements_only(toy):
    found = {(c.key, c.decade): c for c in provision_coverage(toy)}
    overall = found[(RECOGNITION_ITEM, None)]
    assert (overall.present, overall.coded, overall.share) == (1, 4, 0.25)
    assert (found[(RECOGNITION_ITEM, 2000)].present, found[(RECOGNITION_ITEM, 2000)].coded) == (0, 2)
    assert (found[(RECOGNITION_ITEM, 1990)].present, found[(RECOGNITION_ITEM, 1990)].coded) == (1, 1)
    assert (RECOGNITION_ITEM, 1960) not in found  # the 1960s agreement is not coded
    assert found[(f"{SMP}Training", None)].present == 1
    assert found[(RECOGNITION_ITEM, None)].label == "(18) Recognition of Skills and Qualifications"
    assert found[(f"{SMP}SkillsRecognition", None)].label == "skills recognition"


def test_corridors_without_recognition_and_training(toy):
    no_recognition = uncovered_corridors(toy, RECOGNITION_ITEM)
    assert {(c.country_a, c.country_b) for c in no_recognition} == {(A, C), (B, C)}
    assert no_recognition.notes == ("1 pair(s) with agreements, none coded, left out (their provisions are unknown)",)
    assert paragraph(27) in no_recognition.sources
    no_training = uncovered_corridors(toy, TRAINING_ITEM)
    assert {(c.country_a, c.country_b) for c in no_training} == {(A, B), (B, C)}
    first = no_training.items[0]  # A-B: two coded agreements, the most
    assert (first.country_a, first.agreements, first.coded, first.uncoded) == (A, 2, 2, 0)
    assert (first.first_year, first.last_year) == (1995, 2003)


def test_connected_countries_rank_and_broker(toy):
    found = connected_countries(toy)
    top = found.items[0]
    assert (top.country, top.agreements, top.partners) == (C, 3, 3)
    assert top.betweenness == pytest.approx(nx.betweenness_centrality(toy.simple, weight="distance")[C])
    assert top.betweenness > 0
    assert {c.country: c.agreements for c in found} == {A: 3, B: 3, C: 3, D: 1}
    assert all(c.betweenness == 0 for c in found if c.country != C)


def test_communities_partition_the_countries_reproducibly(toy):
    found = country_communities(toy, seed=3)
    members = [c for community in found for c in community.countries]
    assert sorted(members) == sorted(toy.simple)
    assert found == country_communities(toy, seed=3)
    assert sum(c.internal for c in found) + sum(c.external for c in found) // 2 == 5


def test_report_serialises_and_converts_to_frames(toy):
    pytest.importorskip("pandas")
    report = report_from_network(toy)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["summary"]["agreements"] == 5
    assert data["summary"]["coded"] == 4
    assert data["sections"]["corridors_without_recognition"]["count"] == 2
    frames = report.frames()
    assert list(frames["agreements_per_decade"]["agreements"]) == [1, 1, 2]
    assert frames["connected_countries"].attrs["sources"] == [paragraph(7)]


def test_no_agreement_raises():
    with pytest.raises(AnalysisError, match="no bilateral labour agreement"):
        network_from_rows(AgreementRows())


def test_plots_write_png_and_svg(toy, tmp_path):
    pytest.importorskip("matplotlib")
    from smpgraph.analysis.plots import plot_agreement_report

    written = plot_agreement_report(report_from_network(toy), tmp_path, min_coded=1)
    assert len(written) == 6
    assert all(path.stat().st_size > 1000 for path in written)
    assert b"<svg" in (tmp_path / "provision-coverage.svg").read_bytes()[:2000]
    assert (tmp_path / "agreements-per-decade.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# -- the real data --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    if not (ROOT / "data" / "bla" / "bla.ttl").exists():
        pytest.skip("no BLA data")
    from smpgraph.config import Settings
    from smpgraph.store import open_store

    store = open_store(Settings(backend="memory"))
    store.load(ROOT / "data" / "bla" / "bla.ttl", reason=False)
    store.load(ROOT / "data" / "reference" / "countries.ttl", reason=False)
    return store, agreement_report(store)


@pytest.fixture(scope="module")
def csv():
    pd = pytest.importorskip("pandas")
    from smpgraph.bla.countries import read_country_table

    table = read_country_table()
    formation = pd.read_csv(SOURCES / "bla-formation.csv")
    coding = pd.read_csv(SOURCES / "bla-coding.csv")

    def iri(name: str, code: int, year: int) -> str:
        return str(table.resolve(name, int(code), None if year == UNKNOWN_YEAR else int(year)).iri)

    for frame in (formation, coding):
        frame["a"] = [iri(n, c, y) for n, c, y in zip(frame.countryA, frame.codeA, frame.year, strict=True)]
        frame["b"] = [iri(n, c, y) for n, c, y in zip(frame.countryB, frame.codeB, frame.year, strict=True)]
        frame["pair"] = [tuple(sorted(p)) for p in zip(frame.a, frame.b, strict=True)]
    provisions = pd.read_csv(ROOT / "data" / "mappings" / "bla-provisions.tsv", sep="\t")
    return formation, coding, dict(zip(provisions["item"], provisions["variable"], strict=True))


def test_real_agreements_per_decade_equal_the_csv(real, csv):
    formation, _, _ = csv
    known = formation[formation.year != UNKNOWN_YEAR]
    expected = (known.year // 10 * 10).value_counts().sort_index()
    _, report = real
    assert {d.decade: d.agreements for d in report.agreements_per_decade} == {
        int(k): int(v) for k, v in expected.items()
    }
    assert report.summary()["agreements"] == len(formation) == 1222
    assert report.summary()["unknown_year"] == int((formation.year == UNKNOWN_YEAR).sum())


def test_real_coverage_per_item_and_decade_equals_the_csv(real, csv):
    _, coding, variables = csv
    _, report = real
    found = {(c.key, c.decade): c for c in report.provision_coverage if c.kind == "item"}
    coding = coding.assign(decade=coding.year // 10 * 10)
    for item, variable in variables.items():
        assert found[(item, None)].coded == len(coding) == 570
        assert found[(item, None)].present == int((coding[variable] == 1).sum()), item
    by_decade = coding.groupby("decade")["credentials"].agg(["sum", "count"])
    for decade, (present, coded) in by_decade.iterrows():
        row = found[(RECOGNITION_ITEM, int(decade))]
        assert (row.present, row.coded) == (int(present), int(coded))


def test_real_coverage_overall_equals_the_shares_table(real):
    from smpgraph.bla.shares import provision_shares

    store, report = real
    shares = {(s.kind, s.key): (s.present, s.total) for s in provision_shares(store)}
    for row in report.provision_coverage:
        if row.decade is None and (row.kind, row.key) in shares:
            assert (row.present, row.coded) == shares[(row.kind, row.key)], row.key


@pytest.mark.parametrize(("item", "variable"), [(RECOGNITION_ITEM, "credentials"), (TRAINING_ITEM, "mig_human_cap")])
def test_real_corridors_without_a_provision_equal_the_csv(real, csv, item, variable):
    _, coding, _ = csv
    _, report = real
    never = coding.groupby("pair")[variable].max()
    expected = {pair for pair, provided in never.items() if provided == 0 and pair[0] != pair[1]}
    section = report.corridors_without_recognition if item == RECOGNITION_ITEM else report.corridors_without_training
    assert {(c.country_a, c.country_b) for c in section} == expected
    counts = coding.groupby("pair").size()
    assert all(c.coded == counts[(c.country_a, c.country_b)] for c in section)


def test_real_most_connected_countries_equal_the_csv(real, csv):
    formation, _, _ = csv
    _, report = real
    counts = formation.a.value_counts().add(formation.b.value_counts(), fill_value=0)
    for country in report.connected_countries.items[:10]:
        assert country.agreements == counts[country.country]
    assert report.connected_countries.items[0].agreements == counts.max()
    partners = {c: len({p for p in formation.pair if c in p} - {(c, c)}) for c in counts.index[:5]}
    by_iri = {c.country: c for c in report.connected_countries}
    assert all(by_iri[c].partners == n for c, n in partners.items())


def test_gaps_payload_carries_the_agreement_network(real):
    from smpgraph.analysis import gaps_payload
    from smpgraph.config import Settings
    from smpgraph.store import open_store

    store = open_store(Settings(backend="memory"))  # the gap report needs stakeholders: add the examples
    for path in [ROOT / "data" / "bla" / "bla.ttl", *sorted((ROOT / "data" / "examples").glob("*.ttl"))]:
        store.load(path, reason=False)
    payload = gaps_payload(store)
    assert {"summary", "sections", "agreements"} <= set(payload)
    agreements = payload["agreements"]
    assert isinstance(agreements, dict)
    assert agreements["summary"]["agreements"] == 1222  # type: ignore[index]
    json.dumps(payload)


def test_cli_agreements_tables_json_export_and_plots(real, tmp_path):
    pytest.importorskip("matplotlib")
    from smpgraph.cli import CliContext
    from smpgraph.cli.gaps import command
    from smpgraph.config import Settings

    store, _ = real
    runner = CliRunner()
    result = runner.invoke(command, ["--agreements"], obj=CliContext(Settings(backend="memory"), _store=store))
    assert result.exit_code == 0, result.output
    assert "1222 bilateral labour agreements (570 coded)" in result.output
    assert "Country pairs with agreements but no recognition" in result.output
    out, figures = tmp_path / "countries.graphml", tmp_path / "fig"
    result = runner.invoke(
        command,
        ["--agreements", "--format", "json", "--export", str(out), "--plot", str(figures)],
        obj=CliContext(Settings(backend="memory"), _store=store),
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["coded"] == 570
    back = nx.read_graphml(out)
    assert back.number_of_nodes() == 170
    assert "community" in back.nodes[f"{COUNTRY}FRA"]
    names = sorted(p.name for p in figures.iterdir())
    assert names == sorted(
        f"{n}.{s}" for n in ("agreements-per-decade", "provision-coverage", "country-network") for s in ("png", "svg")
    )
