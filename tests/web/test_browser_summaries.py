"""The summary pages in Debian's headless Chromium (Playwright), as a reader uses them (issue 17).

Task (a): in French, from Morocco's page open THAMM and read its parties by side, corridors, readiness table,
formatted figures and a source that links out. Task (b): in Spanish, open a bilateral labour agreement and
read its provisions. On a 390-px-wide phone no page type is wider than the screen; axe-core (vendored from
npm, ``tests/web/vendor/``) finds no serious or critical violation on any page type.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
MOROCCO = "http://publications.europa.eu/resource/authority/country/MAR"
GIZ_PAGE = "https://www.giz.de/en/worldwide/92649.html"
Shot = Callable[[Any, str], Path]

#: one URL of each page type of the workbench
PAGE_TYPES = {
    "home": "/",
    "query": "/query",
    "query-results": "/query?query=" + quote("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 50"),
    "validate": "/validate",
    "explore": "/explore",
    "corridors": "/explore/corridors",
    "network": "/network",
    "paper": "/source/iom-smp-prerequisites",
    "partnership": "/id/partnership/thamm",
    "agreement": "/id/bla/79",
    "source": f"/resource?iri={quote(GIZ_PAGE, safe='')}",
    "organisation": "/id/org/enabel",
    "country": f"/resource?iri={quote(MOROCCO, safe='')}",
}


@pytest.fixture
def localised(chromium: Any, live_url: str) -> Iterator[Callable[..., Any]]:
    """A factory of fresh pages in a given locale and width."""
    contexts: list[Any] = []

    def open_page(locale: str, width: int = 1280, height: int = 900, *, bypass_csp: bool = False) -> Any:
        context = chromium.new_context(
            viewport={"width": width, "height": height}, locale=locale, base_url=live_url, bypass_csp=bypass_csp
        )
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(20_000)
        return tab

    yield open_page
    for context in contexts:
        context.close()


def test_a_french_officer_reads_thamm(localised: Callable[..., Any], screenshot: Shot) -> None:
    page = localised("fr-FR")
    page.goto(f"/resource?iri={quote(MOROCCO, safe='')}")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("link", name=re.compile(r"^THAMM")).first.click()
    page.wait_for_url(re.compile(r"/id/partnership/thamm"))
    assert page.locator("h1").inner_text().startswith("THAMM : vers une approche globale")
    origin = page.locator("section.side-origin")
    assert "Côté origine" in origin.locator("h3").inner_text()
    assert "ANAPEC" in origin.inner_text() and "État d'origine" in origin.inner_text()
    assert "GIZ" in page.locator("section.side-destination").inner_text()
    assert "Organisation internationale pour les migrations" in page.locator("section.side-third").inner_text()
    corridors = page.locator(".corridor").all_inner_texts()
    assert "Maroc → Allemagne" in corridors and "Maroc → Belgique" in corridors and len(corridors) == 7
    rows = page.locator("table.readiness tbody tr")
    assert rows.count() == 15  # 5 components, 9 prerequisites and migrant well-being
    assert page.locator("table.readiness").get_by_text("Formation", exact=True).count() == 1
    assert page.locator(".badge-not-recorded").count() > 0
    assert page.locator("dd.amount").inner_text() == "25\u202f000\u202f000\xa0€"
    link_out = page.locator(f'.source-list a.link-out[href="{GIZ_PAGE}"]')
    assert link_out.count() == 1
    page.locator("ul.parties .cite-mark").first.click()  # the marker opens the source's page
    page.wait_for_url(re.compile(r"/resource\?iri=https"))
    assert page.locator("a.link-out").first.get_attribute("href").startswith("https://")
    assert page.locator(".fact").count() > 0
    screenshot(page, "summary-thamm-fr-source")


def test_a_spanish_reader_sees_the_provisions_of_an_agreement(localised: Callable[..., Any], screenshot: Shot) -> None:
    page = localised("es-ES")
    page.goto("/id/bla/79")
    assert page.locator("h1").inner_text().startswith("Canadá – Filipinas (2008), ")
    checklist = page.locator("table.checklist")
    assert checklist.locator("tr.check").count() == 34
    credentials = checklist.locator("tr.check").filter(has_text="Reconocimiento de competencias y cualificaciones")
    assert credentials.locator(".badge").inner_text().strip() == "prevista"
    social = checklist.locator("tr.check").filter(has_text="Protección social y atención de salud")
    assert social.locator(".badge").inner_text().strip() == "no prevista"
    assert checklist.get_by_text("Interlocutores sociales y sociedad civil").count() == 1
    screenshot(page, "summary-bla-79-es")


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_page_is_wider_than_a_phone(localised: Callable[..., Any], kind: str) -> None:
    page = localised("en-GB", width=390, height=844)
    page.goto(PAGE_TYPES[kind])
    page.wait_for_load_state("networkidle")  # the drawn pages fill their controls from their data
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"{kind}: {width} px wide on a {viewport} px screen"


def test_the_pages_have_a_favicon(localised: Callable[..., Any], live_url: str) -> None:
    page = localised("en-GB")
    page.goto("/id/partnership/thamm")
    href = page.locator('link[rel="icon"]').get_attribute("href")
    assert href
    response = page.request.get(live_url + href)
    assert response.status == 200 and "svg" in response.headers["content-type"]
    assert page.request.get(live_url + "/favicon.ico").status == 200  # redirected to the icon


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_finds_no_serious_violation(localised: Callable[..., Any], kind: str) -> None:
    page = localised("fr-FR", bypass_csp=True)  # axe is injected as an inline script
    page.goto(PAGE_TYPES[kind])
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, json.dumps(serious, indent=1)
