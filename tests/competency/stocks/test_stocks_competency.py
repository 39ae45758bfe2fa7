"""Competency questions over the migrant stocks (issue 16, item 4).

The store holds the country code list, the example partnerships, the imported BLAs (in ``graph/bla``) and
the shipped stocks (in ``graph/stocks``), loaded through the product's store API. Every expected answer is
recomputed **independently** with pandas from the UN CSV and the reviewed name table (and, for the
agreements, from the BLA dataset's CSV files and its country table), never from the graph. The partnerships'
corridors are the one input taken from the report: the gap views that produce them have their own tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from smpgraph.analysis.stocks import StockReport, stock_report
from smpgraph.bla.countries import read_country_table
from smpgraph.bundle import BLA_GRAPH, STOCKS_GRAPH
from smpgraph.config import Settings
from smpgraph.domain import UNKNOWN_YEAR
from smpgraph.store import SelectResult, open_store
from smpgraph.store.base import GraphStore

pytestmark = pytest.mark.slow  # loads about 470k triples

ROOT = Path(__file__).resolve().parents[3]
UN_CSV = ROOT / "data" / "sources" / "undesa" / "migrant-stock-origin-destination-2019.csv"
UN_TABLE = ROOT / "data" / "mappings" / "undesa-countries.tsv"
BLA_SOURCES = ROOT / "data" / "sources" / "bla"
YEARS = (1990, 2000, 2010, 2019)
TOP = 100


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    store = open_store(Settings(backend="memory"))
    store.load(ROOT / "data" / "reference" / "countries.ttl", reason=False)
    for path in sorted((ROOT / "data" / "examples").glob("*.ttl")):
        store.load(path, reason=False)
    store.load(ROOT / "data" / "bla" / "bla.ttl", graph=str(BLA_GRAPH), reason=False)
    store.load(ROOT / "data" / "stocks" / "undesa.ttl", graph=str(STOCKS_GRAPH), reason=False)
    yield store
    store.close()


@pytest.fixture(scope="module")
def report(store: GraphStore) -> StockReport:
    return stock_report(store, top=TOP)


@pytest.fixture(scope="module")
def stocks() -> pd.DataFrame:
    """One row per (year, origin IRI, destination IRI, stock, both ends countries), from the CSV with pandas."""
    wide = pd.read_csv(UN_CSV, dtype=str, keep_default_na=False)
    long = wide.melt(id_vars=["Year", "Dest"], var_name="Origin", value_name="cell")
    long["stock"] = pd.to_numeric(long["cell"], errors="coerce").fillna(0).astype("int64")
    long["year"] = long["Year"].astype(int)
    skip = sum(1 for line in UN_TABLE.read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    table = pd.read_csv(UN_TABLE, sep="\t", skiprows=skip, dtype=str, keep_default_na=False)
    iri = dict(zip(table["name"], table["iri"], strict=True))
    country = dict(zip(table["name"], table["kind"] == "country", strict=True))
    long["origin"] = long["Origin"].map(iri)
    long["destination"] = long["Dest"].map(iri)
    long["countries"] = long["Origin"].map(country) & long["Dest"].map(country)
    return long[["year", "origin", "destination", "stock", "countries", "Origin", "Dest"]]


@pytest.fixture(scope="module")
def agreements() -> pd.DataFrame:
    """One row per agreement: sorted pair of party IRIs, year, coded, skills (17) or recognition (18) present."""
    countries = read_country_table()
    formation = pd.read_csv(BLA_SOURCES / "bla-formation.csv")
    coding = pd.read_csv(BLA_SOURCES / "bla-coding.csv")
    provisions = pd.read_csv(ROOT / "data" / "mappings" / "bla-provisions.tsv", sep="\t")
    variable = dict(zip(provisions["item"], provisions["variable"], strict=True))

    def party(name: str, code: int, year: int) -> str:
        return str(countries.resolve(name, int(code), None if year == UNKNOWN_YEAR else int(year)).iri)

    pairs = [
        tuple(sorted((party(a, ca, y), party(b, cb, y))))
        for a, ca, b, cb, y in zip(
            formation.countryA, formation.codeA, formation.countryB, formation.codeB, formation.year, strict=True
        )
    ]
    frame = pd.DataFrame({"treatyID": formation.treatyID, "pair": pairs, "year": formation.year})
    coded = coding.set_index("treatyID")
    frame["coded"] = frame.treatyID.isin(coded.index)
    skills = coded[variable["(17)"]].eq(1) | coded[variable["(18)"]].eq(1)
    frame["skills"] = frame.treatyID.map(skills).fillna(False).astype(bool)
    return frame


def _covered(report: StockReport, agreements: pd.DataFrame) -> set[tuple[str, str]]:
    """Directed corridors with an agreement or a partnership: both directions of every BLA pair."""
    found = {(a, b) for a, b in agreements.pair} | {(b, a) for a, b in agreements.pair}
    return found | set(report.cooperation.partnerships)


def test_totals_per_year_equal_the_csv(store, stocks):
    result = store.query(
        """PREFIX undesa: <https://w3id.org/smpgraph/id/undesa/>
        PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
        SELECT ?period (SUM(?stock) AS ?total) (COUNT(*) AS ?n) WHERE {
          ?o undesa:stock ?stock ; sdmx-dimension:refPeriod ?period } GROUP BY ?period""",
        max_rows=0,
    )
    assert isinstance(result, SelectResult)
    found = {int(str(r["period"])): (int(r["total"]), int(r["n"])) for r in result.dicts()}  # type: ignore[call-overload]
    kept = stocks[stocks.year.isin(YEARS)]
    expected = {
        int(year): (int(group.stock.sum()), int((group.stock > 0).sum())) for year, group in kept.groupby("year")
    }
    assert found == expected
    assert found[2019][0] == 270_048_342


def test_all_seven_years_import_to_the_csv_totals(stocks):
    from smpgraph.stocks import ALL_YEARS, import_undesa

    totals = import_undesa(UN_CSV.parent, years=ALL_YEARS).totals()
    assert totals == {int(y): int(t) for y, t in stocks.groupby("year").stock.sum().items()}


def test_largest_uncovered_corridors_equal_pandas(report, stocks, agreements):
    covered = _covered(report, agreements)
    last = stocks[(stocks.year == 2019) & stocks.countries & (stocks.stock > 0) & (stocks.origin != stocks.destination)]
    last = last[[(o, d) not in covered for o, d in zip(last.origin, last.destination, strict=True)]]
    expected = last.sort_values(["stock", "origin", "destination"], ascending=[False, True, True]).head(TOP)
    found = [(c.origin, c.destination, c.stock_last) for c in report.largest_uncovered_corridors]
    assert found == list(zip(expected.origin, expected.destination, expected.stock, strict=True))
    assert all(c.partnerships == 0 and c.agreements == 0 for c in report.largest_uncovered_corridors)
    assert report.largest_uncovered_corridors.items[0].label == "Syrian Arab Republic → Türkiye"


def test_growing_uncovered_corridors_equal_pandas(report, stocks, agreements):
    covered = _covered(report, agreements)
    both = stocks[stocks.countries & (stocks.origin != stocks.destination) & stocks.year.isin([1990, 2019])]
    wide = both.pivot_table(index=["origin", "destination"], columns="year", values="stock", aggfunc="sum")
    wide = wide.fillna(0).reset_index()
    wide["growth"] = wide[2019] - wide[1990]
    open_ = pd.Series([(o, d) not in covered for o, d in zip(wide.origin, wide.destination, strict=True)])
    wide = wide[(wide.growth > 0).to_numpy() & open_.to_numpy()]
    expected = wide.sort_values(["growth", "origin", "destination"], ascending=[False, True, True]).head(TOP)
    found = [(c.origin, c.destination, c.growth) for c in report.growing_uncovered_corridors]
    assert found == [
        (o, d, int(g)) for o, d, g in zip(expected.origin, expected.destination, expected.growth, strict=True)
    ]


def test_agreement_pairs_without_skills_equal_pandas(report, stocks, agreements):
    last = stocks[stocks.year == 2019].groupby(["origin", "destination"]).stock.sum().to_dict()
    rows = []
    for pair, group in agreements.groupby("pair"):
        a, b = pair
        if not group.coded.any() or group[group.coded].skills.any():
            continue
        rows.append((a, b, last.get((a, b), 0) + last.get((b, a), 0)))
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    found = [(p.country_a, p.country_b, p.stock_ab + p.stock_ba) for p in report.agreements_without_skills]
    assert found == rows[:TOP]
    assert f"{len(rows)} pairs have coded BLAs" in report.agreements_without_skills.notes[0]


def test_coverage_by_decade_equals_pandas(report, stocks, agreements):
    by_year = {c.year: c for c in report.stock_coverage_by_decade}
    assert sorted(by_year) == list(YEARS)
    for year in YEARS:
        signed = agreements[(agreements.year != UNKNOWN_YEAR) & (agreements.year <= year)]
        pairs = set(signed.pair)
        rows = stocks[stocks.year == year]
        on_bla = [tuple(sorted((o, d))) in pairs for o, d in zip(rows.origin, rows.destination, strict=True)]
        assert by_year[year].world == int(rows.stock.sum())
        assert by_year[year].agreements == int(rows.stock[on_bla].sum())
        assert by_year[year].partnerships <= by_year[year].any_agreement <= by_year[year].world
        assert by_year[year].agreements <= by_year[year].any_agreement


def test_partnership_corridors_carry_the_csv_stocks(report, stocks):
    lookup = stocks.groupby(["year", "origin", "destination"]).stock.sum().to_dict()
    assert len(report.partnership_corridors) >= 10
    for found in report.partnership_corridors:
        for year, value in found.stocks:
            assert value == lookup.get((year, found.origin, found.destination), 0)
    partnerships = {f.partnership for f in report.partnership_corridors}
    assert not any("/bla/" in iri for iri in partnerships)  # partnerships and BLAs are counted apart
    summary = report.summary()
    assert summary["agreements"] == 1222 and summary["partnerships"] == len(partnerships)
