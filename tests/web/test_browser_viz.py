"""The corridor map, the interactive networks and the report pages in headless Chromium (issue 18, items 1-3).

Every request the page makes is checked: one to any host but the loopback fails the test (the map's
outline, the network library and the data are all served by us). Navigation timing is printed, not
asserted (run with ``-s`` to see it). Each test saves a screenshot under ``tests/artifacts/screenshots/``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.web.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

Shot = Callable[[Any, str], Path]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
MOROCCO = "http://publications.europa.eu/resource/authority/country/MAR"
ROOT = Path(__file__).resolve().parents[2]


def _largest_corridor(year: int) -> tuple[str, str, int]:
    """The largest migrant stock between two countries in ``year``, from the UN CSV and the reviewed name table."""
    table = ROOT / "data" / "mappings" / "undesa-countries.tsv"
    lines = [line for line in table.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    code = {row["name"]: row["alpha3"] for row in csv.DictReader(lines, delimiter="\t")}
    best = (0, "", "")
    source = ROOT / "data" / "sources" / "undesa" / "migrant-stock-origin-destination-2019.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if int(row.pop("Year")) != year or not code[destination := row.pop("Dest")]:
                continue
            for origin, cell in row.items():
                if code[origin] and origin != destination and cell.isdigit():
                    best = max(best, (int(cell), code[origin], code[destination]))
    return best[1], best[2], best[0]


@pytest.fixture
def offline(page: Any) -> Iterator[Any]:
    """The page, with every request to a host other than the loopback refused and recorded."""
    refused: list[str] = []

    def check(route: Any) -> None:
        url = route.request.url
        scheme = urlsplit(url).scheme
        if scheme in ("data", "blob", "about") or urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    page.route("**/*", check)
    yield page
    assert refused == [], f"requests left the machine: {refused}"
    assert not [text for text in page.console_errors if "Content Security Policy" in text], page.console_errors


def _timing(page: Any, name: str, ready: str) -> None:
    """Print the navigation timing of the page and when it was drawn (milliseconds since navigation start)."""
    page.wait_for_selector(ready)
    timing = page.evaluate(
        "(() => { const n = performance.getEntriesByType('navigation')[0];"
        " return {dom: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd),"
        " drawn: Math.round(performance.now()), bytes: n.transferSize}; })()"
    )
    print(
        f"\n[timing] {name}: DOMContentLoaded {timing['dom']} ms, load {timing['load']} ms,"
        f" drawn by {timing['drawn']} ms"
    )


def _viewport_shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _inside(page: Any, selector: str) -> tuple[float, float]:
    """A point of the page where ``selector`` is the topmost element (what a person clicks on)."""
    point = page.evaluate(
        """(selector) => {
            const target = document.querySelector(selector);
            const box = target.getBoundingClientRect();
            for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
                const x = box.left + box.width * i / 12, y = box.top + box.height * j / 12;
                if (document.elementFromPoint(x, y) === target) return [x, y];
            }
            return null;
        }""",
        selector,
    )
    assert point is not None, f"{selector} is covered everywhere"
    return point[0], point[1]


def test_map_click_on_morocco_opens_its_partnerships(offline: Any, screenshot: Shot) -> None:
    page = offline
    page.goto("/map")
    _timing(page, "map, first visit", "#corridor-map[data-ready=true]")
    page.reload()
    _timing(page, "map, data cached", "#corridor-map[data-ready=true]")
    morocco = "#corridor-map path[data-code=MAR]"
    assert "active" in page.locator(morocco).get_attribute("class")
    assert page.locator("#corridor-map path.corridor").count() >= 30  # the SMP corridors of the bundled data
    page.wait_for_selector("#corridor-map[data-readiness=true]", timeout=120_000)  # validation of every agreement
    colours = set(
        page.locator("#corridor-map path.corridor").evaluate_all("els => els.map(e => e.getAttribute('stroke'))")
    )
    assert colours - {"#4a4a4a"}, "no corridor was coloured by readiness"
    assert page.locator("#map-table tbody tr").count() > 10
    page.get_by_label("Bilateral labour agreements").check()
    every_decade = page.locator("#corridor-map line.pair").count()
    assert every_decade > 100
    page.get_by_label("Decade").select_option("1950")
    assert 0 < page.locator("#corridor-map line.pair").count() < every_decade
    page.get_by_label("Decade").select_option("")
    page.get_by_label("Partnerships (SMPs and pathways)").check()
    screenshot(page, "map")
    page.mouse.click(*_inside(page, morocco))
    page.wait_for_url(re.compile(r"/explore\?country="))
    assert MOROCCO in page.url.replace("%3A", ":").replace("%2F", "/")
    heading = page.locator("#matches-heading").inner_text()
    shown, total = (int(n) for n in re.findall(r"\d+", heading)[:2])
    assert 0 < shown < total
    screenshot(page, "map-morocco-explore")


def test_map_corridor_lists_its_partnerships(offline: Any) -> None:
    page = offline
    page.goto("/map")
    page.wait_for_selector("#corridor-map[data-readiness=true]", timeout=120_000)  # corridors redrawn in colour
    corridor = page.locator("#corridor-map path[data-corridor='MAR>DEU']")
    corridor.focus()
    page.keyboard.press("Enter")
    details = page.locator("#map-details")
    assert details.is_visible()
    assert details.get_by_role("link", name=re.compile(r"^Germany - Morocco .*\(readiness \d+%\)$")).count() == 1


def test_map_stock_layer_draws_the_largest_corridors_of_a_year(offline: Any, screenshot: Shot) -> None:
    page = offline
    page.goto("/map")
    page.wait_for_selector("#corridor-map[data-ready=true]")
    assert page.locator("#corridor-map path.stock").count() == 0  # the layer is off until asked for
    smp_corridors = page.locator("#corridor-map path.corridor").count()
    page.get_by_label("Migrant stocks (UN DESA 2019 edition)").check()
    page.get_by_label("Year").select_option("2019")
    origin, destination, persons = _largest_corridor(2019)
    countries = page.evaluate("(url) => fetch(url).then(r => r.json())", "/api/v1/map?lang=en")["countries"]
    corridor = page.locator(f"#corridor-map path.stock[data-stock='{origin}>{destination}']")
    title = corridor.locator("title").text_content()
    expected = f"{countries[origin]['label']} → {countries[destination]['label']}: {persons:,} migrants (2019)"
    assert title.startswith(expected + "; "), title
    drawn = page.locator("#corridor-map path.stock")
    assert 100 < drawn.count() <= 250  # the largest corridors of 2019 whose two countries the outline has
    widths = [float(w) for w in drawn.evaluate_all("els => els.map(e => e.getAttribute('stroke-width'))")]
    assert float(corridor.get_attribute("stroke-width")) == max(widths) > min(widths)  # width grows with the stock
    assert page.locator("#corridor-map path.corridor").count() == smp_corridors  # the partnerships stay drawn
    assert page.locator("#map-stock-table tbody tr").count() == 250
    first = page.locator("#map-stock-table tbody tr").first.locator("td")
    assert first.nth(2).inner_text() == f"{persons:,}"
    assert "International Migrant Stock 2019" in page.locator("#map-stock-source").inner_text()
    assert "250 largest corridors" in page.locator("#map-stock-legend").inner_text()
    page.get_by_label("Shade countries by").select_option("immigrants")
    assert "Migrants living there (2019)" in page.locator("#map-legend").inner_text()
    assert "migrants living here" in page.locator(f"#corridor-map path[data-code={destination}] title").text_content()
    screenshot(page, "map-stocks")
    page.get_by_label("Year").select_option("1990")
    old_origin, old_destination, old_persons = _largest_corridor(1990)
    old = page.locator(f"#corridor-map path.stock[data-stock='{old_origin}>{old_destination}'] title").text_content()
    assert f": {old_persons:,} migrants (1990)" in old
    corridor.dispatch_event("click")  # a partnership arrow may lie on top of it
    assert page.locator("#map-details").get_by_text(f"2019: {persons:,}").count() == 1
    page.get_by_label("Migrant stocks (UN DESA 2019 edition)").uncheck()
    assert page.locator("#corridor-map path.stock").count() == 0 and page.locator("#map-stock-section").is_hidden()


def test_network_finds_the_neighbours_of_anapec(offline: Any, screenshot: Shot) -> None:
    page = offline
    page.goto("/network")
    _timing(page, "network, first visit", "#graph[data-ready=true]")
    page.reload()
    _timing(page, "network, data cached", "#graph[data-ready=true]")
    assert page.locator("#graph canvas").count() > 0
    page.get_by_label("Find a stakeholder or country").fill("ANAPEC")
    page.get_by_role("button", name="Find", exact=True).click()
    neighbours = page.locator("#graph-neighbours a")
    neighbours.first.wait_for()
    names = neighbours.all_inner_texts()
    assert any(name.startswith("GIZ") or "GIZ" in name for name in names), names
    assert "Morocco" in names  # the country ANAPEC works for is a node too
    assert page.locator("#graph-details h2").inner_text().startswith("Neighbours of ANAPEC")
    screenshot(page, "network-anapec")
    everything = page.locator("#graph-status").inner_text()
    page.get_by_label("Partnership", exact=True).select_option("https://w3id.org/smpgraph/id/partnership/thamm")
    page.wait_for_function("t => document.getElementById('graph-status').textContent !== t", arg=everything)
    shown, total = (
        int(re.match(r"\d+", text).group()) for text in (page.locator("#graph-status").inner_text(), everything)
    )
    assert 3 < shown < total
    page.locator("#graph-neighbours a", has_text="Morocco").click()
    page.wait_for_url(re.compile(r"/resource\?iri="))


def test_agreement_network_and_reports(offline: Any, screenshot: Shot) -> None:
    page = offline
    page.goto("/network/agreements")
    _timing(page, "agreement network", "#graph[data-ready=true]")
    page.get_by_label("Find a stakeholder or country").fill("Philippines")
    page.get_by_role("button", name="Find", exact=True).click()
    assert page.locator("#graph-neighbours a").count() > 5
    screenshot(page, "network-agreements")
    page.goto("/gaps")
    table = page.locator("#table-brokers")
    table.locator("thead button", has_text="degree").click()
    degrees = [int(v) for v in table.locator("tbody tr td:nth-child(4)").all_inner_texts()]
    assert degrees == sorted(degrees) and len(degrees) > 3
    assert page.locator("figure[data-chart=brokers] svg rect").count() == len(degrees)
    assert page.locator("#brokers ~ p a[href^='/source/iom-smp-prerequisites#para-']").count() >= 1
    _viewport_shot(page, "gaps")  # the whole page is long: its first screen
    page.goto("/gaps/agreements")
    assert page.locator("figure[data-chart=agreements_per_decade] svg rect").count() >= 5
    assert page.locator("figure[data-chart=provision_coverage] svg polyline").count() >= 2
    page.locator("#provision_coverage").scroll_into_view_if_needed()
    _viewport_shot(page, "gaps-agreements")
