"""Every page of the web workbench through Flask's test client: content, links, statuses, headers."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient

from smpgraph.web.blueprint import CONTENT_SECURITY_POLICY

REPO = Path(__file__).resolve().parent.parent.parent
PALIM = "https://w3id.org/smpgraph/id/partnership/palim"
MOROCCO = "http://publications.europa.eu/resource/authority/country/MAR"
NURSES = "http://data.europa.eu/esco/isco/C2221"
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}

PAGES = [
    "/",
    "/query",
    "/validate",
    "/explore",
    "/explore/corridors",
    "/network",
    "/source/iom-smp-prerequisites",
    "/id/partnership/palim",
    "/id/org/enabel",
    f"/resource?iri={quote(MOROCCO)}",
    f"/resource?iri={quote(NURSES)}",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_is_accessible_html(client: FlaskClient, url: str) -> None:
    response = client.get(url, headers=HTML)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert re.search(r'<html lang="en">', html)
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    for control in re.findall(r'<(?:input|textarea|select)\b[^>]*\bid="([^"]+)"', html):
        assert f'for="{control}"' in html, f"control #{control} of {url} has no label"


def test_static_files_are_served(client: FlaskClient) -> None:
    for name in (
        "web.css",
        "query.js",
        "vendor/codemirror-5.65.21/lib/codemirror.js",
        "vendor/codemirror-5.65.21/mode/sparql/sparql.js",
    ):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200
        response.close()


def test_home_counts_the_partnerships(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert re.search(r"holds \d+ partnerships and \d{3,} bilateral labour agreements", html)


def test_query_page_offers_prefixes_and_competency_questions(client: FlaskClient) -> None:
    html = client.get("/query").get_data(as_text=True)
    assert "PREFIX smp: &lt;https://w3id.org/smpgraph/ontology#&gt;" in html
    files = (REPO / "tests" / "competency").glob("cq-*.rq")  # those whose notes expect no answer are not offered
    offered = [path for path in files if "# Expected: none" not in path.read_text(encoding="utf-8")]
    assert len(re.findall(r'href="/query\?example=cq-\d\d"', html)) == len(offered)
    example = client.get("/query?example=cq-01").get_data(as_text=True)
    assert "CQ-01" in example and "isco:2221" in example


def test_query_results_link_to_pages(client: FlaskClient) -> None:
    sparql = f"SELECT ?p ?c WHERE {{ BIND(<{PALIM}> AS ?p) BIND(<{MOROCCO}> AS ?c) }}"
    response = client.get("/query", query_string={"query": sparql})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="/id/partnership/palim"' in html
    assert f'href="/resource?iri={quote(MOROCCO, safe="")}"' in html
    for suffix in ("srj", "srx", "csv", "tsv"):
        assert f"format={suffix}" in html


def test_query_error_is_shown_next_to_the_query(client: FlaskClient) -> None:
    response = client.get("/query", query_string={"query": "SELECT ?x WHERE { ?x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="query-error"' in html and 'role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert "SELECT ?x WHERE { ?x" in html  # the query stays in the editor


def test_query_row_cap_notice(client: FlaskClient) -> None:
    response = client.get("/query", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    html = response.get_data(as_text=True)
    assert "Only the first 1000 rows are shown" in html
    assert html.count("<tr>") == 1001


def test_query_ask_and_construct(client: FlaskClient) -> None:
    ask = client.get("/query", query_string={"query": f"ASK {{ <{PALIM}> ?p ?o }}"}).get_data(as_text=True)
    assert "Yes (true)" in ask
    construct = client.get(
        "/query", query_string={"query": f"CONSTRUCT {{ <{PALIM}> ?p ?o }} WHERE {{ <{PALIM}> ?p ?o }}"}
    ).get_data(as_text=True)
    assert "format=ttl" in construct and "format=jsonld" in construct


def test_download_csv_opens_in_a_spreadsheet(client: FlaskClient) -> None:
    sparql = f"SELECT ?p WHERE {{ BIND(<{PALIM}> AS ?p) }}"
    response = client.get("/query/download", query_string={"query": sparql, "format": "csv"})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="smpgraph-results.csv"'
    assert response.get_data(as_text=True).splitlines() == ["p", PALIM]


@pytest.mark.parametrize(
    ("suffix", "media_type"),
    [
        ("srj", "application/sparql-results+json"),
        ("srx", "application/sparql-results+xml"),
        ("tsv", "text/tab-separated-values"),
    ],
)
def test_download_every_tabular_format(client: FlaskClient, suffix: str, media_type: str) -> None:
    response = client.get(
        "/query/download", query_string={"query": "SELECT ?x WHERE { BIND(1 AS ?x) }", "format": suffix}
    )
    assert response.mimetype == media_type
    assert f"smpgraph-results.{suffix}" in response.headers["Content-Disposition"]


def test_download_refuses_a_format_of_another_form(client: FlaskClient) -> None:
    response = client.get("/query/download", query_string={"query": "ASK {}", "format": "ttl"})
    assert response.status_code == 400


def test_validate_reports_the_missing_component(client: FlaskClient) -> None:
    draft = (REPO / "data" / "drafts" / "missing-training.yaml").read_text(encoding="utf-8")
    response = client.post("/validate", data={"draft": draft, "format": "auto"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    row = re.search(r'<tr class="level-absent">\s*<th scope="row">([^<]+)</th>', html)
    assert row is not None and row.group(1) == "Training"
    assert 'href="/source/iom-smp-prerequisites#para-7"' in html
    assert "IOM paper, paragraph 7" in html


def test_validate_upload_and_download(client: FlaskClient) -> None:
    path = REPO / "data" / "drafts" / "missing-training.ttl"
    with path.open("rb") as handle:
        response = client.post(
            "/validate", data={"file": (handle, path.name), "format": "auto"}, content_type="multipart/form-data"
        )
    assert response.status_code == 200
    assert "level-absent" in response.get_data(as_text=True)
    draft = path.read_text(encoding="utf-8")
    for choice, media_type in (("json", "application/json"), ("ttl", "text/turtle"), ("html", "text/html")):
        download = client.post("/validate/download", data={"draft": draft, "format": "turtle", "download": choice})
        assert download.status_code == 200
        assert download.mimetype == media_type
        assert re.fullmatch(
            rf'attachment; filename="validation-report-draft-\d{{4}}-\d\d-\d\d\.{choice}"',
            download.headers["Content-Disposition"],
        )
    assert '"readiness": "absent"' in client.post(
        "/validate/download", data={"draft": draft, "download": "json"}
    ).get_data(as_text=True)


def test_validate_shows_a_syntax_error_by_the_form(client: FlaskClient) -> None:
    response = client.post("/validate", data={"draft": "@prefix broken", "format": "turtle"})
    assert response.status_code == 400
    assert 'id="draft-error"' in response.get_data(as_text=True)
    empty = client.post("/validate", data={"draft": "  "})
    assert empty.status_code == 400 and "Paste a draft" in empty.get_data(as_text=True)


def test_validate_never_logs_the_draft(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    secret = "confidential-clause-8271"
    draft = (REPO / "data" / "drafts" / "missing-training.yaml").read_text(encoding="utf-8")
    draft = draft.replace("status: draft", f"status: draft\n# {secret}", 1)
    with caplog.at_level("DEBUG"):
        client.post("/validate", data={"draft": draft})
    assert secret not in caplog.text


def test_paper_has_31_anchored_paragraphs(client: FlaskClient) -> None:
    html = client.get("/source/iom-smp-prerequisites").get_data(as_text=True)
    assert [int(n) for n in re.findall(r'<p id="para-(\d+)"', html)] == list(range(1, 32))


def test_paper_iri_opens_the_paper_page(client: FlaskClient) -> None:
    response = client.get("/id/source/iom-smp-prerequisites", headers=HTML)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/source/iom-smp-prerequisites")


def test_partnership_page_lists_stakeholders_and_links(client: FlaskClient) -> None:
    html = client.get("/id/partnership/palim", headers=HTML).get_data(as_text=True)
    assert "<h1>PALIM" in html
    assert 'href="/id/org/enabel"' in html
    assert f'href="/resource?iri={quote(MOROCCO, safe="")}"' in html
    assert "?format=ttl" in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"/resource?iri={quote(MOROCCO)}", 'href="/id/partnership/palim"'),
        (f"/resource?iri={quote(NURSES)}", 'href="/id/partnership/triple-win"'),
        ("/id/org/enabel", 'href="/id/partnership/palim"'),
    ],
)
def test_country_occupation_stakeholder_pages_list_partnerships(client: FlaskClient, url: str, expected: str) -> None:
    assert expected in client.get(url, headers=HTML).get_data(as_text=True)


@pytest.mark.parametrize(
    ("accept", "media_type", "marker"),
    [
        ("text/turtle", "text/turtle", "@prefix"),
        ("application/ld+json", "application/ld+json", '"@id"'),
        ("application/n-triples", "application/n-triples", f"<{PALIM}>"),
        ("application/rdf+xml", "application/rdf+xml", "rdf:RDF"),
        (HTML["Accept"], "text/html", "<!DOCTYPE html>"),
    ],
)
def test_id_content_negotiation(client: FlaskClient, accept: str, media_type: str, marker: str) -> None:
    response = client.get("/id/partnership/palim", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert "Accept" in response.headers.get_all("Vary")
    assert marker in response.get_data(as_text=True)


def test_id_format_parameter(client: FlaskClient) -> None:
    response = client.get("/id/partnership/palim?format=nt")
    assert response.mimetype == "application/n-triples"


def test_id_unknown_is_404_for_people_and_machines(client: FlaskClient) -> None:
    page = client.get("/id/partnership/does-not-exist", headers=HTML)
    assert page.status_code == 404 and page.mimetype == "text/html"
    data = client.get("/id/partnership/does-not-exist", headers={"Accept": "text/turtle"})
    assert data.status_code == 404 and data.mimetype == "application/json"


def test_resource_page_of_our_iri_redirects_and_bad_iri_is_400(client: FlaskClient) -> None:
    response = client.get("/resource", query_string={"iri": PALIM})
    assert response.status_code == 303 and response.headers["Location"].endswith("/id/partnership/palim")
    assert client.get("/resource", query_string={"iri": "http://x/> } DROP ALL"}).status_code == 400
    assert client.get("/resource").status_code == 400


def test_explore_facets_filter_and_count(client: FlaskClient) -> None:
    html = client.get("/explore").get_data(as_text=True)
    for facet in ("kind", "country", "decade", "provision", "occupation", "sector", "funder", "objective", "status"):
        assert f'id="facet-{facet}"' in html
    total = int(re.search(r"(\d+) of (\d+) partnerships", html).group(2))  # type: ignore[union-attr]
    filtered = client.get("/explore", query_string={"country": MOROCCO}).get_data(as_text=True)
    shown, all_ = (int(n) for n in re.search(r"(\d+) of (\d+) partnerships", filtered).groups())  # type: ignore[union-attr]
    assert all_ == total and 0 < shown < total
    assert 'href="/id/partnership/palim"' in filtered
    assert re.search(rf'<option value="{re.escape(MOROCCO)}" selected>Morocco \({shown}\)</option>', filtered)
    both = client.get(
        "/explore", query_string={"country": MOROCCO, "status": "https://w3id.org/smpgraph/ontology#Ended"}
    ).get_data(as_text=True)
    assert int(re.search(r"(\d+) of", both).group(1)) <= shown  # type: ignore[union-attr]


def test_explore_occupation_and_text(client: FlaskClient) -> None:
    html = client.get("/explore", query_string={"occupation": NURSES}).get_data(as_text=True)
    assert 'href="/id/partnership/triple-win"' in html
    palim = client.get("/explore", query_string={"q": "palim"}).get_data(as_text=True)
    assert re.search(r"1 of \d+ partnerships", palim)


def test_explore_pages(client: FlaskClient) -> None:
    html = client.get("/explore", query_string={"page": "2"}).get_data(as_text=True)
    assert 'rel="prev"' in html and '<ol class="match-list" start="51">' in html


def test_corridor_matrix(client: FlaskClient) -> None:
    html = client.get("/explore/corridors").get_data(as_text=True)
    assert '<table class="matrix">' in html
    assert re.search(r'<th scope="row"><a href="/resource\?iri=[^"]*PHL"', html)
    assert 'href="/id/partnership/triple-win"' in html


def test_old_network_page_redirects_to_the_interactive_one(client: FlaskClient) -> None:
    response = client.get("/explore/network?lang=fr")
    assert response.status_code == 301 and response.headers["Location"] == "/network?lang=fr"
    assert client.get("/explore/network.svg").status_code == 404
    home = client.get("/", headers=HTML).get_data(as_text=True)
    assert 'href="/network"' in home and "/explore/network" not in home
