"""The map's and the networks' JSON (issue 18, items 1-2): pure functions over the toy networks."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from smpgraph.analysis.agreements import network_from_rows, report_from_network
from smpgraph.analysis.mapdata import map_payload, partnership_years
from smpgraph.analysis.netjson import LAYOUT_SIZE, agreement_network, cooperation_network, jurisdictions
from smpgraph.analysis.report import report_from_views
from smpgraph.resources import query_text
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
    assert payload["stocks"] == []  # no migrant stocks in the graph yet (issue 16)
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
