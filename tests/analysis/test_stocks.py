"""The migrant-stock tables on hand-made rows (pure), and ``smpgraph gaps --stocks`` on a small store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smpgraph.analysis.agreements.network import AgreementRows, network_from_rows
from smpgraph.analysis.model import paragraph
from smpgraph.analysis.stocks import (
    CAVEATS,
    StockRows,
    cooperation_from,
    report_from_stocks,
    stock_data_from_rows,
    stocks_payload,
)
from smpgraph.analysis.views import ViewRows, views_from_rows
from smpgraph.cli import cli
from smpgraph.config import Settings
from smpgraph.errors import AnalysisError
from smpgraph.namespaces import COUNTRY, SMP
from smpgraph.stocks.areas import AREA
from smpgraph.store import open_store
from smpgraph.store.base import ResultFormat

A, B, C, D = (str(COUNTRY[code]) for code in ("AAA", "BBB", "CCC", "DDD"))
REGION = AREA + "caribbean"
SMP_IRI = "https://w3id.org/smpgraph/id/partnership/toy"
GAP_PARAGRAPHS = {paragraph(n) for n in (2, 3, 4, 5, 10, 11, 12, 13, 14)}


def observation(origin: str, destination: str, year: int, stock: int) -> dict[str, object]:
    return {"origin": origin, "destination": destination, "period": str(year), "stock": str(stock)}


ROWS = StockRows(
    observations=[
        observation(A, B, 1990, 100),
        observation(A, B, 2019, 1000),  # grew by 900, a partnership on it
        observation(B, A, 2019, 50),
        observation(C, D, 1990, 500),
        observation(C, D, 2019, 400),  # shrank, a BLA on the pair (signed 2005, coded, no skills)
        observation(D, C, 2019, 30),  # the same BLA covers the other direction
        observation(A, C, 1990, 10),
        observation(A, C, 2019, 700),  # grew by 690, nothing on it
        observation(B, D, 2019, 800),  # the largest without anything, new since 1990
        observation(A, REGION, 2019, 5000),  # a UN region: world total only
    ],
    partnerships=[{"partnership": SMP_IRI, "start": "2016"}],
    labels=[{"node": A, "label": "Aland"}, {"node": REGION, "label": "Caribbean"}],
)
AGREEMENTS = AgreementRows(
    agreements=[
        {"agreement": "urn:bla:1", "year": "2005", "party": C},
        {"agreement": "urn:bla:1", "year": "2005", "party": D},
        {"agreement": "urn:bla:2", "party": A},  # year unknown
        {"agreement": "urn:bla:2", "party": D},
    ],
    assessments=[{"agreement": "urn:bla:1", "codes": "item=(17)=0 item=(18)=0 item=(5)=1"}],
)
VIEWS = ViewRows(
    partnerships=[{"partnership": SMP_IRI, "type": str(SMP.SkillsMobilityPartnership), "origin": A, "destination": B}]
)


@pytest.fixture(scope="module")
def report():
    data = stock_data_from_rows(ROWS)
    coop = cooperation_from(views_from_rows(VIEWS), network_from_rows(AGREEMENTS), ROWS)
    return report_from_stocks(data, coop)


def test_world_totals_keep_regions_and_corridors_leave_them_out(report):
    data = report.data
    assert data.years == (1990, 2019)
    assert data.world(2019) == 1000 + 50 + 400 + 30 + 700 + 800 + 5000
    assert all(REGION not in corridor for corridor in data.country_corridors())
    assert data.label(A) == "Aland" and data.label(B) == "BBB"


def test_largest_uncovered_corridors(report):
    found = [(c.origin, c.destination, c.stock_last, c.rank) for c in report.largest_uncovered_corridors]
    # A->B has a partnership (directed: B->A has none); C-D has a BLA (both directions)
    assert found == [(B, D, 800, 1), (A, C, 700, 2), (B, A, 50, 3)]
    table = report.largest_uncovered_corridors
    assert set(table.sources) == {paragraph(3), paragraph(4), paragraph(14)}
    assert set(CAVEATS) <= set(table.notes)
    assert "3 corridors between two countries" in table.notes[0]


def test_growing_uncovered_corridors(report):
    found = [(c.origin, c.destination, c.growth) for c in report.growing_uncovered_corridors]
    assert found == [(B, D, 800), (A, C, 690), (B, A, 50)]
    assert report.growing_uncovered_corridors.items[0].row()["growth_pct"] is None  # nothing in 1990


def test_agreement_pairs_without_skills_count_both_directions(report):
    [pair] = report.agreements_without_skills
    assert (pair.country_a, pair.country_b, pair.stock_ab, pair.stock_ba, pair.coded) == (C, D, 400, 30, 1)
    assert "1 pair(s) whose agreements are all uncoded" in report.agreements_without_skills.notes[1]


def test_partnership_corridors_size_and_trend(report):
    [found] = report.partnership_corridors
    assert (found.partnership, found.origin, found.destination) == (SMP_IRI, A, B)
    assert found.stocks == ((1990, 100), (2019, 1000)) and found.trend == "growing"
    assert found.rank == 1 and found.reverse_stock == 50 and found.agreements == 0
    assert found.row()["stock_2019"] == 1000


def test_coverage_by_decade_counts_partnerships_and_agreements_apart(report):
    by_year = {c.year: c for c in report.stock_coverage_by_decade}
    assert by_year[1990].agreements == 0 and by_year[1990].partnerships == 0  # BLA 2005, partnership 2016
    assert by_year[2019].agreements == 430  # C->D and D->C; the undated A-D agreement is left out
    assert by_year[2019].partnerships == 1000
    assert by_year[2019].any_agreement == 1430
    assert by_year[2019].row()["share_any_pct"] == round(100 * 1430 / by_year[2019].world, 2)
    assert "1 agreement(s) of unknown year" in report.stock_coverage_by_decade.notes[0]


def test_every_table_cites_the_gap_paragraphs_and_serialises(report):
    for section in report.sections():
        assert section.sources and set(section.sources) <= GAP_PARAGRAPHS
        assert any("UN DESA estimates" in note for note in section.notes)
    payload = report.to_dict()
    json.dumps(payload)
    assert payload["summary"]["partnerships"] == 1 and payload["summary"]["agreements"] == 2  # type: ignore[index]


def test_no_stock_is_an_analysis_error_and_no_payload():
    with pytest.raises(AnalysisError, match="no migrant stock"):
        stock_data_from_rows(StockRows())
    store = open_store(Settings(backend="memory"))
    assert stocks_payload(store) is None


TOY_TTL = """
@prefix undesa: <https://w3id.org/smpgraph/id/undesa/> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:o:1> undesa:origin country:SYR; undesa:destination country:TUR; sdmx-dimension:refPeriod "2019"^^xsd:gYear;
  undesa:stock 3743494 .
<urn:o:2> undesa:origin country:SYR; undesa:destination country:TUR; sdmx-dimension:refPeriod "1990"^^xsd:gYear;
  undesa:stock 5247 .
"""


def test_cli_gaps_stocks_tables_json_csv_plots_and_errors(tmp_path: Path):
    from smpgraph.cli import CliContext
    from smpgraph.cli.gaps import command

    def run(*args: str, data: str | None = TOY_TTL):
        settings = Settings(backend="memory")
        store = open_store(settings)
        if data is not None:
            store.load(data.encode(), graph=str(AREA), format=ResultFormat.TURTLE, name="toy", reason=False)
        return CliRunner().invoke(command, ["--stocks", *args], obj=CliContext(settings, _store=store))

    table = run()
    assert table.exit_code == 0, table.output
    assert "Largest corridors (2019 stock)" in table.output and "IOM paras. 3, 4, 14" in table.output
    as_json = json.loads(run("--format", "json").output)
    [largest] = as_json["sections"]["largest_uncovered_corridors"]["items"]
    assert largest["stock_2019"] == 3743494 and largest["growth"] == 3743494 - 5247
    as_csv = run("--format", "csv").output.splitlines()
    assert as_csv[0] == "section,subject,label,finding,sources" and len(as_csv) >= 4
    plots = run("--format", "json", "--plot", str(tmp_path / "figures"))
    assert plots.exit_code == 0, plots.output
    assert (tmp_path / "figures" / "stock-coverage.svg").is_file()
    assert run("--agreements").exit_code == 2
    assert run("--export", str(tmp_path / "x.graphml")).exit_code == 2
    cli.add_command(command)
    empty = CliRunner().invoke(cli, ["--backend", "memory", "gaps", "--stocks"])
    assert empty.exit_code == 2 and "no migrant stock" in empty.output
