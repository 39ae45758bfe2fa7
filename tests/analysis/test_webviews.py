"""The map's and the networks' JSON (issue 18, items 1-2): pure functions over the toy networks."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from smpgraph.analysis.agreements import network_from_rows, report_from_network
from smpgraph.analysis.mapdata import map_payload, partnership_years, stock_layer
from smpgraph.analysis.netjson import LAYOUT_SIZE, agreement_network, cooperation_network, jurisdictions
from smpgraph.analysis.report import report_from_views
from smpgraph.analysis.stocks import StockData, cooperation_from, fetch_stock_rows, stock_data_from_rows
from smpgraph.bundle import STOCKS_GRAPH
from smpgraph.config import Settings
from smpgraph.resources import query_text
from smpgraph.store import open_store
from tests.analysis.analysis_toy import COUNTRY, ID, PREFIXES, TOY, views_of
from tests.analysis.test_agreements import TOY as BLA_TOY
from tests.analysis.test_agreements import rows_of as agreement_rows_of

EXTRA = (
    PREFIXES
    + """
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
id:org\\/employer smp:jurisdiction country:BEL .
id:org\\/broker smp:jurisdiction country:MAR , country:BEL .
id:partnership\\/p1 smp:startDate "2019-03-01"^^xsd:date , "2021-01-01"^^xsd:date .
"""
)


def _rows(turtle: str, name: str) -> list[dict[str, object]]:
    result = Graph().parse(data=turtle, format="turtle").query(query_text(f"analysis/{name}.rq"))
    names = [str(v) for v in result.vars or ()]
    return [{n: v for n, v in zip(names, row, strict=True) if v is not None} for row in result]  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def gaps():
    return report_from_views(views_of(TOY))


@pytest.fixture(scope="module")
def agreements():
    return report_from_network(network_from_rows(agreement_rows_of(BLA_TOY)))


def test_the_queries_read_jurisdictions_and_start_years():
    found = jurisdictions(_rows(EXTRA, "jurisdictions"))
    assert found == {f"{ID}org/employer": {f"{COUNTRY}BEL"}, f"{ID}org/broker": {f"{COUNTRY}MAR", f"{COUNTRY}BEL"}}
    assert partnership_years(_rows(EXTRA, "partnership_years")) == {f"{ID}partnership/p1": 2019}


def test_cooperation_network_has_stakeholders_countries_and_the_overlays(gaps):
    found = jurisdictions(_rows(EXTRA, "jurisdictions"))
    payload = cooperation_network(gaps, found, {f"{COUNTRY}BEL": "Belgique"})
    nodes = {node["id"]: node for node in payload["nodes"]}
    broker = nodes[f"{ID}org/broker"]
    assert broker["kind"] == "stakeholder" and broker["broker"] > 0  # the only bridge between p1 and p2
    assert broker["partnerships"] == [f"{ID}partnership/p1", f"{ID}partnership/p2"]
    assert nodes[f"{COUNTRY}BEL"]["kind"] == "country" and nodes[f"{COUNTRY}BEL"]["label"] == "Belgique"
    assert {n["community"] for n in nodes.values() if n["kind"] == "stakeholder" and n["degree"]} - {None}
    assert all(abs(n["x"]) <= LAYOUT_SIZE and abs(n["y"]) <= LAYOUT_SIZE for n in nodes.values())
    kinds = {(e["source"], e["target"]): e["kind"] for e in payload["edges"]}
    assert kinds[(f"{ID}org/employer", f"{COUNTRY}BEL")] == "jurisdiction"
    shared = [
        e for e in payload["edges"] if e["kind"] == "cooperation" and f"{ID}org/broker" in (e["source"], e["target"])
    ]
    assert shared and all(e["partnerships"] for e in shared)
    assert cooperation_network(gaps, found, {f"{COUNTRY}BEL": "Belgique"}) == payload  # the layout is seeded
    json.dumps(payload)


def test_agreement_network_weights_pairs_and_marks_the_broker(agreements):
    payload = agreement_network(agreements)
    nodes = {node["id"].rsplit("/", 1)[-1]: node for node in payload["nodes"]}
    assert set(nodes) == {"AAA", "BBB", "CCC", "DDD"}
    assert nodes["CCC"]["broker"] is not None and nodes["AAA"]["broker"] is None  # C is the only broker
    assert nodes["AAA"]["label"] == "Aland"
    pairs = {(e["source"].rsplit("/", 1)[-1], e["target"].rsplit("/", 1)[-1]): e for e in payload["edges"]}
    assert pairs[("AAA", "BBB")]["weight"] == 2 and pairs[("AAA", "BBB")]["first_year"] == 1995
    assert all(node["community"] is not None for node in nodes.values())


def test_map_payload_separates_partnerships_from_agreements(gaps, agreements):
    views = views_of(TOY)
    payload = map_payload(views, agreements.network, {f"{ID}partnership/p1": 2019})
    partnerships = {p["id"].rsplit("/", 1)[-1]: p for p in payload["partnerships"]}
    assert partnerships["p1"]["decade"] == 2010 and partnerships["p1"]["corridors"] == [["MAR", "BEL"]]
    assert partnerships["p2"]["decade"] is None
    assert {"MAR", "BEL", "AAA", "CCC"} <= set(payload["countries"])
    corridors = {(c["origin"], c["destination"]): c["partnerships"] for c in payload["corridors"]}
    assert corridors[("MAR", "BEL")] == [f"{ID}partnership/p1"]
    pairs = {(p["a"], p["b"]): p for p in payload["pairs"]}
    assert pairs[("AAA", "BBB")]["decades"] == {"1990": 1, "2000": 1}
    assert pairs[("BBB", "CCC")]["decades"] == {"": 1}  # year unknown: counted, in no decade
    assert payload["decades"] == [1960, 1990, 2000, 2010]
    assert payload["stocks"] == {"years": [], "top": 250, "corridors": [], "countries": {}}  # no stock given
    no_agreements = map_payload(views, None, {})
    assert no_agreements["pairs"] == [] and len(no_agreements["partnerships"]) == len(payload["partnerships"])


def test_a_pathway_resting_on_a_bilateral_agreement_is_drawn_as_a_partnership():
    """A pathway whose instrument is a BLA (as Canada's SAWP) is a partnership on the map; a plain agreement is not."""
    turtle = (
        PREFIXES
        + """
id:partnership\\/q a smp:LabourMobilityPathway ; smp:hasInstrument id:partnership\\/q\\/i ;
    smp:originCountry country:MEX ; smp:destinationCountry country:CAN .
id:partnership\\/q\\/i a smp:BilateralLabourMigrationAgreement ; smp:party country:MEX , country:CAN .
id:bla\\/1 a smp:Partnership ; smp:hasInstrument id:bla\\/1\\/i .
id:bla\\/1\\/i a smp:BilateralLabourMigrationAgreement ; smp:party country:MEX , country:CAN .
"""
    )
    payload = map_payload(views_of(turtle), None, {})
    assert [p["id"] for p in payload["partnerships"]] == [f"{ID}partnership/q"]


ROOT = Path(__file__).resolve().parents[2]
UN_CSV = ROOT / "data" / "sources" / "undesa" / "migrant-stock-origin-destination-2019.csv"
UN_TABLE = ROOT / "data" / "mappings" / "undesa-countries.tsv"
Cell = tuple[int, str, str]  # year, origin name, destination name


@pytest.fixture(scope="module")
def stock_rows() -> Iterator[object]:
    """The rows of the stock queries over the shipped ``data/stocks/undesa.ttl``, through the product's reader."""
    store = open_store(Settings(backend="memory", reasoner="none"))
    store.load(ROOT / "data" / "stocks" / "undesa.ttl", graph=str(STOCKS_GRAPH), reason=False)
    yield fetch_stock_rows(store)
    store.close()


@pytest.fixture(scope="module")
def un_table() -> tuple[dict[Cell, int], dict[str, str]]:
    """The UN CSV's cells above zero of 1990, 2000, 2010, 2019 and UN name -> alpha-3 (empty for aggregates)."""
    lines = [line for line in UN_TABLE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    names = {row["name"]: row["alpha3"] for row in csv.DictReader(lines, delimiter="\t")}
    cells: dict[Cell, int] = {}
    with UN_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            year = int(row.pop("Year"))
            destination = row.pop("Dest")
            if year not in (1990, 2000, 2010, 2019):
                continue
            for origin, cell in row.items():
                if cell.strip().isdigit() and int(cell) > 0:
                    cells[(year, origin, destination)] = int(cell)
    return cells, names


def test_map_payload_carries_the_largest_stock_corridors_of_the_un_table(stock_rows, un_table):
    """The stock layer against the UN CSV (recomputed here with csv, not by the graph): each year's largest
    corridors between two countries, their stocks, the countries' totals, and no UN region as a country."""
    cells, names = un_table
    data: StockData = stock_data_from_rows(stock_rows)
    views = views_of(TOY)
    payload = map_payload(views, None, {}, stocks=data, cooperation=cooperation_from(views, None, stock_rows), top=50)
    layer = payload["stocks"]
    years = [1990, 2000, 2010, 2019]
    assert layer["years"] == years and layer["top"] == 50
    between = {(year, names[o], names[d]): n for (year, o, d), n in cells.items() if names[o] and names[d] and o != d}
    expected: set[tuple[str, str]] = set()
    for year in years:
        ranked = sorted(((n, o, d) for (y, o, d), n in between.items() if y == year), key=lambda r: (-r[0], r[1:]))
        assert ranked[50][0] < ranked[49][0]  # no tie at the cut, so the top 50 is one set
        expected |= {(o, d) for _, o, d in ranked[:50]}
    corridors = {(c["origin"], c["destination"]): c for c in layer["corridors"]}
    assert set(corridors) == expected
    largest = max((n, o, d) for (y, o, d), n in between.items() if y == 2019)
    first = layer["corridors"][0]
    assert (first["origin"], first["destination"]) == largest[1:]  # sorted by the last year's stock
    assert first["stock"] == [between.get((year, *largest[1:]), 0) for year in years]
    # totals: every cell of the country's row (immigrants) or column (emigrants), UN areas at the other end included
    code = {name: alpha3 for name, alpha3 in names.items() if alpha3}
    immigrants: dict[tuple[int, str], int] = defaultdict(int)
    emigrants: dict[tuple[int, str], int] = defaultdict(int)
    for (year, o, d), n in cells.items():
        if o != d:
            immigrants[(year, code.get(d, ""))] += n
            emigrants[(year, code.get(o, ""))] += n
    for country in ("USA", largest[1], "MAR"):
        assert layer["countries"][country]["immigrants"] == [immigrants[(y, country)] for y in years]
        assert layer["countries"][country]["emigrants"] == [emigrants[(y, country)] for y in years]
    drawn = {c["origin"] for c in layer["corridors"]} | {c["destination"] for c in layer["corridors"]}
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in drawn | set(layer["countries"]))  # no UN region or area
    assert len(layer["countries"]) == len(set(code.values()))
    assert drawn <= set(payload["countries"]) and payload["countries"][largest[1]]["label"]
    # coverage: the toy's partnership p1 runs Morocco -> Belgium (all corridors kept, to reach it)
    toy = dataclasses.replace(stock_rows, partnerships=[{"partnership": URIRef(f"{ID}partnership/p1")}])
    every = stock_layer(data, cooperation_from(views, None, toy), top=len(data.stocks))
    marbel = next(c for c in every["corridors"] if (c["origin"], c["destination"]) == ("MAR", "BEL"))
    assert marbel["partnerships"] == 1 and marbel["agreements"] == 0
    assert marbel["stock"] == [between[(year, "MAR", "BEL")] for year in years]
    json.dumps(payload)
