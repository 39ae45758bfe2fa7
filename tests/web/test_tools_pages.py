"""The query page's helpers and the draft builder through Flask's test client: the /sparql help page and its
content negotiation, examples that answer, completion terms, chart data, templates, the form's description,
the report's YAML keys, quotes and stamps (no browser)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from rdflib import Graph

from smpgraph.config import Settings
from smpgraph.drafts import load_draft
from smpgraph.drafts.schema import AGREEMENT
from smpgraph.sources import paragraph_text
from smpgraph.store import GraphStore, open_store
from smpgraph.web.builder import SECTIONS, template_path
from smpgraph.web.examples import examples, parse_example
from smpgraph.web.query_assist import error_position, wants_html
from smpgraph.web.validate import split_yaml_hint
from tests.web.conftest import XSS

REPO = Path(__file__).resolve().parent.parent.parent
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


# -- /sparql: a help page for browsers, the service description for every other client


def test_a_browser_opening_sparql_gets_a_help_page(client: FlaskClient) -> None:
    response = client.get("/sparql", headers=BROWSER)
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "<h1>The SPARQL endpoint</h1>" in html and 'href="/query"' in html
    assert "Content-Security-Policy" in response.headers
    french = client.get("/sparql?lang=fr", headers=BROWSER).get_data(as_text=True)
    assert '<html lang="fr">' in french and "<h1>Le point d" in french


@pytest.mark.parametrize("accept", [None, "*/*", "text/turtle", "application/ld+json", "text/turtle, text/html;q=0.5"])
def test_machines_keep_content_negotiation_at_sparql(client: FlaskClient, accept: str | None) -> None:
    response = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype in ("text/turtle", "application/ld+json")
    Graph().parse(data=response.get_data(as_text=True), format="json-ld" if "json" in response.mimetype else "turtle")


def test_a_browser_query_at_sparql_is_still_answered(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK {}"}, headers=BROWSER)
    assert response.mimetype == "application/sparql-results+xml"


def test_wants_html() -> None:
    assert wants_html("text/html")
    assert not wants_html("application/sparql-results+json, text/html;q=0.9")
    assert not wants_html("text/html;q=0")


# -- examples


@pytest.fixture(scope="module")
def reasoned_store() -> Iterator[GraphStore]:
    """The bundled knowledge graph with its OWL RL closure, as ``smpgraph serve`` has it."""
    from smpgraph.bundle import load_bundled

    store = open_store(Settings(backend="memory"))
    load_bundled(store)
    yield store
    store.close()


@pytest.mark.slow
def test_every_example_answers_on_the_bundled_data(reasoned_store: GraphStore) -> None:
    offered = examples()
    assert len(offered) >= 20
    empty = [item.key for item in offered if not getattr(reasoned_store.query(item.sparql), "rows", ())]
    assert empty == []


def test_examples_carry_no_test_notes() -> None:
    for item in examples():
        assert not re.search(r"^#\s*(Fixture|Expected|Requires)\b", item.sparql, re.MULTILINE), item.key
        assert item.sparql.startswith(f"# {item.label} ")
        assert item.paragraph is not None and 1 <= item.paragraph <= 31
        assert not item.empty_by_design


def test_an_example_expected_to_return_nothing_is_not_offered() -> None:
    text = (
        "# CQ-99 Which?\n# Source: iom-smp-prerequisites para. 27\n# Fixture: x\n"
        "# Expected: none. The empty answer is\n#        the finding.\nSELECT * WHERE { ?s ?p ?o }\n"
    )
    item = parse_example("cq-99-x.rq", text)
    assert item is not None and item.empty_by_design and item.paragraph == 27
    assert item.sparql == "# CQ-99 Which?\n# Source: iom-smp-prerequisites para. 27\nSELECT * WHERE { ?s ?p ?o }\n"
    assert "cq-03" not in {example.key for example in examples()}  # its notes say: none


# -- the query page


def test_completion_terms_have_labels(client: FlaskClient) -> None:
    data = client.get("/query/terms.json?lang=fr").get_json()
    assert data["prefixes"]["smp"] == "https://w3id.org/smpgraph/ontology#"
    terms = {item["name"]: item for item in data["terms"]}
    assert terms["smp:TrainingProgramme"]["kind"] == "class"
    assert terms["smp:TrainingProgramme"]["label"] == "Programme de formation"
    assert terms["smp:hasTraining"]["kind"] == "property"


def test_the_error_position_is_given_to_the_editor(client: FlaskClient) -> None:
    response = client.get("/query", query_string={"query": "SELECT ?x\nWHERE { ?x ?y ?z .\n  FILTER(?x = ) }"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'data-error-line="3" data-error-column="18"' in html
    assert "(line 3, column 18)" in html
    assert error_position("timeout") is None


def test_an_aggregate_result_has_chart_data_and_a_permalink(client: FlaskClient) -> None:
    query = next(item.sparql for item in examples() if item.key == "cq-08")
    html = client.get("/query", query_string={"query": query, "view": "pie", "lang": "en"}).get_data(as_text=True)
    raw = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S)
    assert raw is not None
    chart = json.loads(raw.group(1))
    assert chart["columns"] == ["stakeholder", "partnerships"]
    assert list(chart["numbers"]) == ["partnerships"] and max(chart["numbers"]["partnerships"]) >= 2
    assert len(chart["labels"]["stakeholder"]) == len(chart["numbers"]["partnerships"])
    assert 'value="pie" checked' in html
    permalink = re.search(r'id="permalink" href="([^"]+)"', html)
    assert permalink is not None and "view=pie" in permalink.group(1) and "lang=en" in permalink.group(1)


def test_a_result_without_numbers_offers_no_chart(client: FlaskClient) -> None:
    html = client.get("/query", query_string={"query": "SELECT ?s WHERE { ?s a ?c } LIMIT 3"}).get_data(as_text=True)
    assert 'id="chart-data"' not in html and "A chart needs a column of numbers" in html


#: partnerships per origin country: a column of country IRIs and a column of numbers
PER_ORIGIN = """PREFIX smp: <https://w3id.org/smpgraph/ontology#>
SELECT ?origin (COUNT(DISTINCT ?partnership) AS ?partnerships) WHERE {
  ?partnership smp:hasCorridor ?corridor . ?corridor smp:originCountry ?origin .
} GROUP BY ?origin ORDER BY DESC(?partnerships)"""


def _chart(html: str) -> dict[str, Any]:
    raw = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S)
    assert raw is not None
    data: dict[str, Any] = json.loads(raw.group(1))
    return data


def test_a_result_with_countries_offers_the_map_view(client: FlaskClient) -> None:
    html = client.get("/query", query_string={"query": PER_ORIGIN, "view": "map", "lang": "fr"}).get_data(as_text=True)
    chart = _chart(html)
    codes = chart["countries"]["origin"]
    assert codes and all(re.fullmatch(r"[A-Z]{2,3}", code) for code in codes) and "MAR" in codes
    assert len(codes) == len(chart["numbers"]["partnerships"]) == len(chart["labels"]["origin"])
    assert chart["labels"]["origin"][codes.index("MAR")] == "Maroc"  # the country's label in the page's language
    assert (
        'name="view-choice" value="map" checked' in html and "> Carte</label>" in html and 'id="chart-country"' in html
    )
    assert "viz/world.js" in html and "query_map.js" in html and "countries-110m.json" in html
    assert 'name="view-choice" value="bar"' in html  # the number column still offers the charts
    permalink = re.search(r'id="permalink" href="([^"]+)"', html)
    assert permalink is not None and "view=map" in permalink.group(1)
    only_countries = PER_ORIGIN.replace("(COUNT(DISTINCT ?partnership) AS ?partnerships)", "").replace(
        "GROUP BY ?origin ORDER BY DESC(?partnerships)", ""
    )
    html = client.get("/query", query_string={"query": only_countries, "view": "map"}).get_data(as_text=True)
    chart = _chart(html)
    assert chart["numbers"] == {} and "MAR" in chart["countries"]["origin"]
    assert (
        'name="view-choice" value="map" checked' in html
        and 'name="view-choice" value="bar"' not in html
        and 'id="chart-number"' not in html
    )


def test_a_result_without_countries_offers_no_map(client: FlaskClient) -> None:
    query = next(item.sparql for item in examples() if item.key == "cq-08")
    html = client.get("/query", query_string={"query": query, "view": "map"}).get_data(as_text=True)
    assert _chart(html)["countries"] == {}
    assert (
        'name="view-choice" value="map"' not in html
        and "query_map.js" not in html
        and 'name="view-choice" value="table" checked' in html
    )
    html = client.get("/query", query_string={"query": "SELECT ?s WHERE { ?s a ?c } LIMIT 3"}).get_data(as_text=True)
    assert 'name="view-choice" value="map"' not in html


# -- the draft builder


def test_the_sections_place_every_key_of_the_schema_once() -> None:
    placed = [key for _, _, keys in SECTIONS for key in keys]
    assert sorted(placed) == sorted(AGREEMENT.keys)


def test_the_form_description(client: FlaskClient) -> None:
    data = client.get("/validate/form.json?lang=fr").get_json()
    titles = [section["title"] for section in data["sections"]]
    assert "Formation" in titles and "Le partenariat" in titles
    keys = {field["key"] for section in data["sections"] for field in section["fields"]}
    assert keys == set(AGREEMENT.keys)
    countries = dict(data["lists"]["country"])
    assert countries["MA"] == "Maroc" and countries["DE"] == "Allemagne"
    assert dict(data["lists"]["isco"])["2221"]
    assert [code for code, _ in data["lists"]["eqf"]] == [str(n) for n in range(1, 9)]
    assert "de" in dict(data["lists"]["language"])
    training = next(f for s in data["sections"] for f in s["fields"] if f["key"] == "training")
    assert training["many"] and ["languageTraining", "Formation linguistique"] in training["object"]["kinds"]
    status = next(f for s in data["sections"] for f in s["fields"] if f["key"] == "status")
    assert dict(status["codes"])["draft"] != "draft"  # the concept's label
    assert data["words"]["country"] == "pays"


@pytest.mark.parametrize("name", ["complete", "minimal"])
def test_templates_download_and_read(client: FlaskClient, name: str, tmp_path: Path) -> None:
    response = client.get(f"/validate/template/{name}.yaml")
    assert response.status_code == 200
    assert f'filename="{name}-draft.yaml"' in response.headers["Content-Disposition"]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(response.get_data())
    draft = load_draft(path)  # structurally valid: read without error
    assert len(draft.graph) > 5
    as_json = client.get(f"/validate/template/{name}.json").get_json()
    assert as_json == json.loads(json.dumps(yaml.safe_load(template_path(name).read_text()), default=str))


def test_an_unknown_template_is_a_404(client: FlaskClient) -> None:
    assert client.get("/validate/template/other.yaml").status_code == 404


def test_the_minimal_template_reports_what_is_missing(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/validate", data=template_path("minimal").read_bytes(), content_type="application/yaml"
    )
    assert response.status_code == 200
    absent = [e["label"] for e in response.get_json()["agreements"][0]["readiness"] if e["readiness"] == "absent"]
    assert "Training" in absent


# -- the report


def test_split_yaml_hint() -> None:
    assert split_yaml_hint("Add. YAML: `training` → `location`.") == ("Add.", "training → location")
    assert split_yaml_hint("Nothing to add.") == ("Nothing to add.", None)


def _post(client: FlaskClient, lang: str) -> str:
    data = (REPO / "data" / "drafts" / "missing-training.yaml").read_bytes()
    response = client.post(
        f"/validate?lang={lang}",
        data={"file": (io.BytesIO(data), "missing-training.yaml"), "format": "auto"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_report_shows_yaml_keys_quotes_and_its_stamp(client: FlaskClient) -> None:
    html = _post(client, "en")
    assert '<span class="yaml-hint">YAML key to add: <code>training → location, provider, occupation</code>' in html
    cite = '<blockquote cite="/source/iom-smp-prerequisites#para-7" lang="en">'
    assert f"{cite}{escape(paragraph_text(7))}</blockquote>" in html
    stamp = re.search(r'<p class="stamp">(.*?)</p>', html)
    assert stamp is not None
    assert re.fullmatch(
        r"Report of \d{4}-\d\d-\d\d, knowledge graph data version [\w.+-]+, draft: missing-training\.yaml\.",
        stamp.group(1),
    )
    assert 'id="report-heading" tabindex="-1"' in html


def test_the_french_report_has_no_english_severities(client: FlaskClient) -> None:
    html = _post(client, "fr")
    assert not re.search(r"\bVIOLATION\b|\bINFO\b|\b\d+ info\b", html)
    assert "non-conformité" in html


@pytest.mark.parametrize("choice", ["json", "ttl", "html"])
def test_downloads_are_stamped(client: FlaskClient, choice: str) -> None:
    draft = (REPO / "data" / "drafts" / "missing-training.yaml").read_text(encoding="utf-8")
    response = client.post(
        "/validate/download?lang=en",
        data={"draft": draft, "format": "yaml", "download": choice, "file_name": "missing-training.yaml"},
    )
    assert response.status_code == 200
    assert re.search(rf'filename="validation-report-missing-training-\d{{4}}-\d\d-\d\d\.{choice}"',
                     response.headers["Content-Disposition"])  # fmt: skip
    assert response.headers["SMPGraph-Data-Version"]
    body = response.get_data(as_text=True)
    if choice == "json":
        assert json.loads(body)["agreements"][0]["origin"] == "missing-training.yaml"
    elif choice == "ttl":
        assert body.startswith("# Report of ") and "draft: missing-training.yaml." in body.splitlines()[0]
        Graph().parse(data=body, format="turtle")
    else:
        assert '<body>\n<p class="stamp">Report of ' in body


def test_chart_data_is_escaped(hostile_app: Flask) -> None:
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?label (COUNT(*) AS ?n) WHERE { ?s rdfs:label ?label } GROUP BY ?label"
    )
    html = hostile_app.test_client().get("/query", query_string={"query": query}).get_data(as_text=True)
    data = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S)
    assert data is not None and "<script>" not in data.group(1)
    assert XSS in json.loads(data.group(1))["labels"]["label"][0]
