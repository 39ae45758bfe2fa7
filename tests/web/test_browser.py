"""End-to-end tests in Debian's headless Chromium (Playwright), against the app served by waitress.

Each saves a screenshot under ``tests/artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent.parent
Shot = Callable[[Any, str], Path]


def _no_csp_violations(page: Any) -> None:
    assert not [text for text in page.console_errors if "Content Security Policy" in text], page.console_errors


def test_run_a_query_and_see_rows(page: Any, screenshot: Shot) -> None:
    page.goto("/query")
    assert page.locator(".CodeMirror").count() == 1  # the editor replaced the textarea
    assert page.locator(".CodeMirror .cm-keyword").count() > 0  # SPARQL is highlighted
    page.get_by_role("link", name=re.compile(r"CQ-12")).click()
    page.wait_for_url(re.compile(r"example=cq-12"))
    assert "destinationCountry" in page.locator(".CodeMirror").inner_text()
    page.get_by_role("button", name="Run query").click()
    page.wait_for_url(re.compile(r"query="))
    rows = page.locator(".results-table tbody tr")
    assert rows.count() > 0
    assert page.locator(".results-table a[href^='/id/partnership/']").count() > 0
    assert page.get_by_role("link", name="CSV").get_attribute("href").startswith("/query/download?")
    _no_csp_violations(page)
    screenshot(page, "query-results")


def test_keyboard_leaves_the_editor_and_shows_errors(page: Any, screenshot: Shot) -> None:
    page.goto("/query")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.locator(".CodeMirror").click()
    page.keyboard.press("Control+a")
    page.keyboard.type("SELECT ?x WHERE { ?x")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") != "TEXTAREA" or page.evaluate(
        "!document.activeElement.closest('.CodeMirror')"
    )
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#query-error")
    assert "syntax" in page.locator("#query-error").inner_text().lower()
    screenshot(page, "query-error")


def test_validate_an_incomplete_draft(page: Any, screenshot: Shot) -> None:
    page.goto("/validate")
    page.get_by_label("Or upload a file").set_input_files(str(REPO / "data" / "drafts" / "missing-training.yaml"))
    page.get_by_role("button", name="Validate").click()
    page.wait_for_selector(".report")
    absent = page.locator("tr.level-absent th")
    assert absent.all_inner_texts() == ["Training"]
    training = page.locator("section.finding-group").filter(has=page.locator("h5", has_text="Training"))
    link = training.locator("a.cite").first
    assert link.get_attribute("href") == "/source/iom-smp-prerequisites#para-7"
    assert page.locator(".print-button").is_visible()
    _no_csp_violations(page)
    screenshot(page, "validate-missing-training")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    screenshot(page, "validate-print")
    page.emulate_media(media="screen")
    link.click()
    page.wait_for_url(re.compile(r"#para-7$"))
    assert page.locator("#para-7").inner_text().startswith("7.")
    screenshot(page, "paper-para-7")


def test_search_by_country_and_follow_links(page: Any, screenshot: Shot) -> None:
    page.goto("/explore")
    page.get_by_label("Country", exact=True).select_option(
        value="http://publications.europa.eu/resource/authority/country/MAR"
    )
    page.get_by_role("button", name="Apply filters").first.click()
    page.wait_for_url(re.compile(r"country="))
    heading = page.locator("#matches-heading").inner_text()
    shown, total = (int(n) for n in re.findall(r"\d+", heading)[:2])
    assert 0 < shown < total
    screenshot(page, "explore-morocco")
    page.get_by_role("link", name=re.compile(r"^PALIM")).click()
    page.wait_for_url(re.compile(r"/id/partnership/palim$"))
    assert page.locator("h1").inner_text().startswith("PALIM")
    screenshot(page, "partnership-palim")
    page.locator("section.side-destination").get_by_role("link", name=re.compile("Enabel")).first.click()
    page.wait_for_url(re.compile(r"/id/org/enabel$"))
    assert page.locator("#partnerships-heading").is_visible()
    screenshot(page, "stakeholder-enabel")


def test_philippines_agreements_on_recognition_in_four_interactions(page: Any, screenshot: Shot) -> None:
    """Task (c): the Philippines' agreements that provide recognition of qualifications (12 in the data,
    as tests/web/test_explore.py computes from bla.ttl): choose a country, tick a provision, apply."""
    page.goto("/explore")
    country = page.get_by_label("Country", exact=True)
    philippines = country.locator("option", has_text=re.compile(r"^Philippines \(")).inner_text()
    country.select_option(label=philippines)  # 1
    page.get_by_label(re.compile(r"Recognition of Skills and Qualifications")).check()  # 2
    page.get_by_role("button", name="Apply filters").first.click()  # 3
    page.wait_for_url(re.compile(r"provision=credentials"))
    assert page.locator("#matches-heading").inner_text().startswith("12 of ")
    assert page.locator(".match-list > li").count() == 12
    _no_csp_violations(page)
    screenshot(page, "explore-philippines-recognition")


def test_explore_on_a_phone_and_by_keyboard(chromium: Any, live_url: str, page: Any, screenshot: Shot) -> None:
    phone = chromium.new_page(viewport={"width": 390, "height": 844}, base_url=live_url)
    try:
        phone.goto("/explore?status=https://w3id.org/smpgraph/ontology%23Ended")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        folded = phone.evaluate("[...document.querySelectorAll('details.facet')].filter(d => !d.open).length")
        assert folded == phone.locator("details.facet").count() - 1  # only the chosen facet stays open
        assert phone.locator("#facet-status").evaluate("d => d.open")
        screenshot(phone, "explore-phone")
    finally:
        phone.close()
    page.goto("/explore")
    presses = 0
    while page.evaluate("document.activeElement.textContent") != "Apply filters" and presses < 40:
        page.keyboard.press("Tab")
        presses += 1
    assert presses <= 20  # 224 before the form put its button first


def test_switch_to_french(page: Any, screenshot: Shot) -> None:
    page.goto("/explore")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    page.wait_for_url(re.compile(r"lang=fr"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Explorer les partenariats et les accords"
    page.get_by_role("link", name="Valider un projet").click()  # the cookie keeps French
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_label("Collez le projet").is_visible()
    screenshot(page, "validate-french")


def test_corridors_and_network(page: Any, screenshot: Shot) -> None:
    page.goto("/explore/corridors")
    assert page.locator("table.matrix tbody tr").count() > 3
    screenshot(page, "corridors")
    page.goto("/explore/network")  # the old server-drawn page leads to the interactive network
    assert page.url.endswith("/network")
    page.locator("#graph-search").wait_for()
    _no_csp_violations(page)
    screenshot(page, "network")
