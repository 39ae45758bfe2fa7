"""The interface in English, French and Spanish; every value from the graph or a draft is escaped."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from smpgraph.i18n import CATALOGS, LANGUAGES, translate
from smpgraph.validation import ConceptKind, Readiness, Severity
from smpgraph.web.language import COOKIE

XSS = "<script>alert(1)</script>"

REPO = Path(__file__).resolve().parent.parent.parent
TEMPLATES = REPO / "smpgraph" / "web" / "templates" / "web"
RENDER = REPO / "smpgraph" / "validation" / "render.py"


def test_catalogs_have_the_same_keys() -> None:
    assert set(CATALOGS) == set(LANGUAGES)
    keys = set(CATALOGS["en"])
    for lang in LANGUAGES:
        assert set(CATALOGS[lang]) == keys, lang
        assert all(text.strip() for text in CATALOGS[lang].values())


def test_every_key_used_by_a_template_exists() -> None:
    used = {key for path in TEMPLATES.glob("*.html") for key in re.findall(r"_\('([a-z_.]+)'", path.read_text())}
    fixed = {key for key in used if not key.endswith(".")}
    assert fixed <= set(CATALOGS["en"])


def test_every_key_of_the_reports_exists() -> None:
    """The validation reports take their words from the same catalogs as the pages."""
    fixed = set(re.findall(r"translate\(\s*[\"']([a-z_.]+)[\"']", RENDER.read_text()))
    built = {f"report.severity.{severity.label}" for severity in Severity}
    built |= {f"readiness.{level.value}" for level in Readiness} | {f"kind.{kind.value}" for kind in ConceptKind}
    assert "report.title" in fixed and len(fixed) > 10
    assert fixed | built <= set(CATALOGS["en"])


def test_translate_falls_back_to_english_then_to_the_key() -> None:
    assert translate("report.severity.violation", "es") == "INFRACCIÓN"
    assert translate("report.severity.violation", "de") == "VIOLATION"
    assert translate("no.such.key", "fr") == "no.such.key"
    assert translate("query.rows", "fr", n=3) == "3 lignes."


def test_accept_language_chooses_the_interface(client: FlaskClient) -> None:
    html = client.get("/", headers={"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="fr">' in html and "Interroger" in html
    spanish = client.get("/explore", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="es">' in spanish and "Explorar asociaciones" in spanish


def test_switch_sets_a_cookie_that_is_remembered(client: FlaskClient) -> None:
    response = client.get("/query?lang=fr", headers={"Accept-Language": "en"})
    assert f"{COOKIE}=fr" in response.headers["Set-Cookie"]
    assert '<html lang="fr">' in response.get_data(as_text=True)
    later = client.get("/validate", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="fr">' in later and "Valider un projet d&#39;accord" in later
    assert 'href="/validate?lang=es"' in later and 'aria-current="true">Français' in later


def test_validation_messages_follow_the_language(client: FlaskClient) -> None:
    draft = (REPO / "data" / "drafts" / "missing-training.yaml").read_text(encoding="utf-8")
    html = client.post("/validate?lang=es", data={"draft": draft}).get_data(as_text=True)
    assert '<html lang="es">' in html
    assert "Documento de la OIM, párrafo 7" in html
    assert re.search(r'<tr class="level-absent">\s*<th scope="row">Formación</th>', html)
    assert "ausente" in html


def test_labels_follow_the_language(client: FlaskClient) -> None:
    french = client.get("/id/partnership/palim?lang=fr", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<h1>PALIM : projet pilote" in french


PAGE_TYPES = [
    "/explore",
    "/explore?q=script",
    "/explore/corridors",
    "/id/partnership/xss",
    "/id/org/xss",
    f"/resource?iri={quote('http://publications.europa.eu/resource/authority/country/XXA')}",
    f"/resource?iri={quote('http://data.europa.eu/esco/isco/C9999')}",
    "/query?query=" + quote("SELECT ?s ?label WHERE { ?s ?p ?label FILTER(isLiteral(?label)) }"),
    "/query?query=" + quote('SELECT ?x WHERE { BIND("<script>alert(1)</script>" AS ?x) }'),
    "/query?query=" + quote("SELECT <script>alert(1)</script>"),
    "/id/partnership/<script>alert(1)</script>",
]


@pytest.fixture
def hostile(hostile_app: Flask) -> FlaskClient:
    return hostile_app.test_client()


@pytest.mark.parametrize("url", PAGE_TYPES)
def test_graph_values_are_rendered_inert(hostile: FlaskClient, url: str) -> None:
    response = hostile.get(url, headers={"Accept": "text/html"})
    html = response.get_data(as_text=True)
    assert response.status_code in (200, 400, 404)
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'; script-src 'self'")


def test_draft_values_are_rendered_inert(hostile: FlaskClient) -> None:
    draft = (REPO / "data" / "drafts" / "missing-training.ttl").read_text(encoding="utf-8")
    subject = "<https://w3id.org/smpgraph/id/partnership/example-missing-training>"
    draft += f'\n{subject} <http://www.w3.org/2000/01/rdf-schema#label> "{XSS}"@en .\n'
    html = hostile.post("/validate", data={"draft": draft, "format": "turtle"}).get_data(as_text=True)
    assert "level-absent" in html
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    broken = hostile.post("/validate", data={"draft": XSS, "format": "turtle"}).get_data(as_text=True)
    assert XSS not in broken
