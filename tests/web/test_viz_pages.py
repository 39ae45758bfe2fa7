"""The corridor map, the network pages and the report pages through Flask's test client (issue 18, items 1-3)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from smpgraph.analysis import agreement_report, gap_report
from smpgraph.i18n import CATALOGS
from smpgraph.store import GraphStore
from smpgraph.web.blueprint import CONTENT_SECURITY_POLICY
from tests.web.conftest import XSS

STATIC = Path(__file__).resolve().parent.parent.parent / "smpgraph" / "web" / "static"
PAGES = ["/map", "/network", "/network/agreements", "/gaps", "/gaps/agreements"]
HTML = {"Accept": "text/html"}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize("url", PAGES)
def test_page_is_accessible_and_translated(client: FlaskClient, url: str, lang: str) -> None:
    response = client.get(f"{url}?lang={lang}", headers=HTML)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "style=" not in html  # the policy allows no inline style
    for control in re.findall(r'<(?:input|textarea|select)\b[^>]*\bid="([^"]+)"', html):
        assert f'for="{control}"' in html, f"control #{control} of {url} has no label"
    keys = {key for key in CATALOGS["en"] if key.startswith(("map.", "graph.", "gaps."))}
    assert not [key for key in keys if key in html], "an untranslated key is on the page"
    assert 'aria-current="page"' in html


def test_the_vendored_files_are_served_with_their_licences(client: FlaskClient) -> None:
    for name in (
        "vendor/world-atlas-2.0.2/countries-110m.json",
        "vendor/topojson-client-3.1.0/topojson-client.min.js",
        "vendor/cytoscape-3.35.0/cytoscape.min.js",
        "map/iso-numeric.json",
        "viz/map.js",
        "viz/network.js",
        "viz/tables.js",
        "viz/charts.js",
        "viz/viz.css",
    ):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200, name
        response.close()
        folder = (STATIC / name).parent
        if folder.parent.name == "vendor":
            assert (folder / "LICENSE").is_file(), f"{folder} has no licence"
    assert "public domain" in (STATIC / "vendor" / "world-atlas-2.0.2" / "NOTICE").read_text(encoding="utf-8")


def test_gap_tables_cite_paragraphs_and_download_as_csv(client: FlaskClient, web_store: GraphStore) -> None:
    report = gap_report(web_store)
    html = client.get("/gaps", headers=HTML).get_data(as_text=True)
    for section in report.sections():
        assert f'id="{section.name}"' in html
        assert f"/gaps/{section.name}.csv" in html
    assert '<a href="/source/iom-smp-prerequisites#para-11"' in html
    response = client.get("/gaps/brokers.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="gaps-brokers.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == list(report.brokers.rows()[0])
    assert [row[0] for row in rows[1:]] == [b.stakeholder for b in report.brokers]
    assert len(rows) - 1 == len(report.brokers)
    whole = client.get("/gaps/missing_stakeholders.csv").get_data(as_text=True)
    assert len(whole.splitlines()) - 1 == len(report.missing_stakeholders) > 200  # the page shows 200, the CSV all


def test_agreement_tables_and_charts(client: FlaskClient, web_store: GraphStore) -> None:
    report = agreement_report(web_store)
    html = client.get("/gaps/agreements", headers=HTML).get_data(as_text=True)
    assert 'data-chart="agreements_per_decade"' in html and 'data-chart="provision_coverage"' in html
    decades = list(
        csv.DictReader(io.StringIO(client.get("/gaps/agreements/agreements_per_decade.csv").get_data(as_text=True)))
    )
    assert [(int(row["decade"]), int(row["agreements"])) for row in decades] == [
        (d.decade, d.agreements) for d in report.agreements_per_decade
    ]


def test_unknown_tables_are_404(client: FlaskClient) -> None:
    for url in ("/gaps/nothing.csv", "/gaps/agreements/nothing.csv"):
        response = client.get(url)
        assert response.status_code == 404
        assert "no table" in response.get_json()["detail"]


def test_hostile_labels_are_escaped(hostile_app: Flask) -> None:
    client = hostile_app.test_client()
    html = client.get("/gaps", headers=HTML).get_data(as_text=True)
    assert XSS not in html and "&lt;script&gt;" in html
    for url in ("/map", "/network"):
        assert XSS not in client.get(url, headers=HTML).get_data(as_text=True)
    nodes = client.get("/api/v1/network").get_json()["nodes"]
    assert f"{XSS} org" in {node["label"] for node in nodes}  # data stay data; the page sets it as text


def test_a_store_without_agreements_says_so(hostile_app: Flask) -> None:
    response = hostile_app.test_client().get("/gaps/agreements?lang=fr", headers=HTML)
    assert response.status_code == 200
    assert "smpgraph import bla" in response.get_data(as_text=True)


def test_an_empty_store_says_there_is_nothing_to_analyse() -> None:
    from smpgraph.config import Settings
    from smpgraph.server import create_app
    from smpgraph.store import open_store

    with open_store(Settings(backend="memory", reasoner="none")) as empty:
        client = create_app(Settings(backend="memory", reasoner="none"), store=empty).test_client()
        response = client.get("/gaps", headers=HTML)
        assert response.status_code == 200
        assert "no partnership to analyse" in response.get_data(as_text=True)
