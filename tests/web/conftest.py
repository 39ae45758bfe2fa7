"""Fixtures of the web workbench tests: the bundled knowledge graph in memory (loaded once), the app, a
test client, a live waitress server and a headless Chromium driven by Playwright.

The store is loaded with ``load_bundled(store, reason=False)``: the pages need no inference (they follow
subclasses and memberships in their queries), and skipping the OWL RL closure keeps the whole module
under a minute and a half. Browser tests are marked ``browser``; without ``/usr/bin/chromium`` they are
skipped, unless ``SMPGRAPH_REQUIRE_BROWSER=1`` (CI) makes that a failure.
"""

from __future__ import annotations

import os
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from smpgraph.config import Settings
from smpgraph.server import create_app
from smpgraph.server.wsgi import create_server
from smpgraph.store import GraphStore, ResultFormat, open_store
from tests.server.conftest import start_in_thread

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
XSS = "<script>alert(1)</script>"

#: a tiny graph whose every label is an injection attempt (escaping tests)
HOSTILE_TTL = f"""
@prefix smp: <https://w3id.org/smpgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@base <https://w3id.org/smpgraph/id/> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
@prefix isco: <http://data.europa.eu/esco/isco/C> .
smp:SkillsMobilityPartnership rdfs:subClassOf smp:Partnership .
<partnership/xss> a smp:SkillsMobilityPartnership ;
    rdfs:label "{XSS}"@en ;
    <http://purl.org/dc/terms/description> "{XSS} description"@en ;
    smp:sector "{XSS} sector"@en ;
    smp:status smp:InForce ;
    smp:originCountry country:XXA ; smp:destinationCountry country:XXB ;
    smp:coversOccupation isco:9999 ;
    smp:hasCorridor <partnership/xss/corridor/1> ;
    smp:hasMembership <partnership/xss/membership/1> , <partnership/xss/membership/2> .
<partnership/xss/corridor/1> smp:originCountry country:XXA ; smp:destinationCountry country:XXB .
<partnership/xss/membership/1> org:member <org/xss> ; org:role smp:ImplementerRole .
<partnership/xss/membership/2> org:member <org/xss-two> ; org:role smp:FunderRole .
<org/xss> a smp:Stakeholder , org:Organization ; rdfs:label "{XSS} org"@en .
<org/xss-two> a smp:Stakeholder , org:Organization ; rdfs:label "{XSS} funder"@en .
country:XXA a smp:Country ; skos:prefLabel "{XSS} origin"@en .
country:XXB a smp:Country ; skos:prefLabel "{XSS} destination"@en .
isco:9999 skos:prefLabel "{XSS} occupation"@en .
smp:InForce rdfs:label "{XSS} status"@en .
""".encode()


@pytest.fixture(scope="session")
def web_store() -> Iterator[GraphStore]:
    """The bundled knowledge graph, in memory, without the OWL RL closure; read-only by convention."""
    from smpgraph.bundle import load_bundled

    store = open_store(Settings(backend="memory", reasoner="none"))
    load_bundled(store, reason=False)
    yield store
    store.close()


@pytest.fixture(scope="session")
def web_app(web_store: GraphStore) -> Flask:
    """The whole app (endpoint, API and web pages) over the bundled graph."""
    return create_app(Settings(backend="memory", reasoner="none"), store=web_store)


@pytest.fixture
def client(web_app: Flask) -> FlaskClient:
    """A Flask test client of :func:`web_app`."""
    return web_app.test_client()


@pytest.fixture(scope="session")
def hostile_app() -> Iterator[Flask]:
    """An app over a tiny graph whose labels are ``<script>`` injections."""
    settings = Settings(backend="memory", reasoner="none")
    store = open_store(settings)
    store.load(
        HOSTILE_TTL,
        format=ResultFormat.TURTLE,
        name="hostile.ttl",
        graph="https://w3id.org/smpgraph/id/graph/test",
        reason=False,
    )
    yield create_app(settings, store=store)
    store.close()


@pytest.fixture(scope="session")
def live_url(web_app: Flask) -> Iterator[str]:
    """The app served by waitress on 127.0.0.1 (a free port) in a background thread."""
    server: Any = create_server(web_app, web_app.config["SMPGRAPH"], host="127.0.0.1", port=0)
    stop = start_in_thread(server, "waitress-web")
    url = f"http://127.0.0.1:{server.effective_port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    yield url
    stop()


def _require_browser() -> bool:
    return os.environ.get("SMPGRAPH_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run .ci/install-browser (apt-get install chromium)"
        if _require_browser():
            pytest.fail(message)
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if _require_browser():
            pytest.fail("playwright is not installed (it is in the dev dependency group)")
        pytest.skip("playwright is not installed (it is in the dev dependency group)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, live_url: str) -> Iterator[Any]:
    """A fresh browser page (English, 1280x900) that records console errors in ``page.console_errors``."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", base_url=live_url)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.console_errors = errors
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def screenshot() -> Callable[[Any, str], Path]:
    """Save a full-page screenshot of a page under ``tests/artifacts/screenshots/{name}.png``."""

    def save(page: Any, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
