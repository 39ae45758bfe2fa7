"""Browser tests of the query page (charts, permalinks, completion, error position) and of the draft builder
of the validation page, in Debian's headless Chromium. Every request a page makes is checked: one that
leaves the machine (any host but the loopback) is refused and fails the test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from click.testing import CliRunner

from smpgraph.cli import cli
from smpgraph.cli.commands import register
from tests.web.test_browser import Shot

pytestmark = pytest.mark.browser

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


class Guard:
    """Routes every request of a browser context; remembers and aborts those that would leave the machine."""

    def __init__(self) -> None:
        self.outside: list[str] = []

    def __call__(self, route: Any) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if host in LOOPBACK:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()


@pytest.fixture
def guarded(chromium: Any, live_url: str) -> Iterator[tuple[Any, Guard]]:
    """A fresh browser context (English) whose requests may only go to this machine."""
    guard = Guard()
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", base_url=live_url)
    context.route("**/*", guard)
    yield context, guard
    context.close()
    assert guard.outside == [], f"requests left the machine: {guard.outside}"


def _page(context: Any) -> Any:
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.console_errors = errors
    tab.set_default_timeout(15_000)
    return tab


def _timing(page: Any, name: str) -> None:
    """Print the page's navigation timing (for the test output; not an assertion)."""
    loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    print(f"{name}: loaded in {loaded:.0f} ms")


def test_an_aggregate_query_as_a_bar_chart_and_its_permalink(guarded: tuple[Any, Guard], screenshot: Shot) -> None:
    context, _ = guarded
    page = _page(context)
    page.goto("/query?example=cq-08")  # organisations by number of partnerships: a label and a COUNT
    page.get_by_role("button", name="Run query").click()
    page.wait_for_url(re.compile(r"query="))
    rows = page.locator(".results-table tbody tr").count()
    assert rows > 1
    page.get_by_label("Bar chart").check()
    bars = page.locator("#chart svg.chart-bar g.bar")
    assert bars.count() == rows
    widths = [float(width) for width in bars.locator("rect").evaluate_all("rs => rs.map(r => r.getAttribute('width'))")]
    counts = [float(text) for text in page.locator(".results-table tbody tr td:nth-child(2)").all_inner_texts()]
    assert widths.index(max(widths)) == counts.index(max(counts)) and max(widths) > min(widths) > 0
    assert "view=bar" in page.url
    permalink = page.locator("#permalink").get_attribute("href")
    assert "view=bar" in permalink and "lang=en" in permalink and "query=" in permalink
    assert not [text for text in page.console_errors if "Content Security Policy" in text], page.console_errors
    screenshot(page, "query-bar-chart")
    page.get_by_label("Pie chart").check()
    assert page.locator("#chart svg.chart-pie g.slice").count() == rows
    page.get_by_label("Line chart").check()
    assert page.locator("#chart svg.chart-line path.line-path").count() == 1
    restored = _page(context)
    restored.goto(permalink)
    restored.locator("#chart svg.chart-bar g.bar").first.wait_for()
    assert restored.get_by_label("Bar chart").is_checked()
    assert restored.locator("#chart svg.chart-bar g.bar").count() == rows
    _timing(restored, "query page with a bar chart")
    screenshot(restored, "query-bar-chart-permalink")


def test_partnerships_per_origin_country_on_the_map_and_its_permalink(
    guarded: tuple[Any, Guard], screenshot: Shot
) -> None:
    from tests.web.test_tools_pages import PER_ORIGIN

    context, _ = guarded
    page = _page(context)
    page.goto("/query?" + urlencode({"query": PER_ORIGIN, "lang": "en"}))
    rows = page.locator(".results-table tbody tr").count()
    assert rows > 1
    page.get_by_label("Map", exact=True).check()
    page.locator("#chart[data-map=ready]").wait_for()
    shaded = page.locator("#chart svg.chart-map path.country.shaded")
    codes = set(shaded.evaluate_all("ps => ps.map(p => p.getAttribute('data-code'))"))
    outline = set(page.locator("#chart svg.chart-map path.country").evaluate_all("ps => ps.map(p => p.dataset.code)"))
    data = json.loads(page.locator("#chart-data").text_content())
    result, labels = data["countries"]["origin"], data["labels"]["origin"]
    assert len(result) == rows and {"MAR", "PHL", "IDN"} <= codes
    assert codes == set(result) & outline  # every country of the result the outline has, and no other
    missing = page.locator("#chart p.map-missing").inner_text()
    assert all(label in missing for code, label in zip(result, labels, strict=True) if code not in outline)
    cells = page.locator(".results-table tbody tr")
    counts = dict(
        zip(
            cells.locator("td:nth-child(1)").all_inner_texts(),
            cells.locator("td:nth-child(2)").all_inner_texts(),
            strict=True,
        )
    )
    morocco = page.locator('#chart path.shaded[data-code="MAR"]').first
    assert morocco.locator("title").text_content() == f"Morocco: {counts['Morocco']}"  # the label and the value
    legend = page.locator("#chart svg.map-legend rect").evaluate_all("rs => rs.map(r => r.getAttribute('fill'))")
    assert len(legend) >= 3  # at least two shades, then "not in the result"
    painted = shaded.evaluate_all("ps => ps.map(p => [Number(p.dataset.value), p.getAttribute('fill')])")
    steps = [legend.index(fill) for _, fill in sorted(painted)]
    assert steps == sorted(steps) and steps[0] < steps[-1] < len(legend) - 1  # more partnerships, darker
    assert page.locator("#chart path.country:not(.shaded)").first.get_attribute("fill") == legend[-1]
    assert "view=map" in page.url
    permalink = page.locator("#permalink").get_attribute("href")
    assert "view=map" in permalink
    assert not page.console_errors, page.console_errors
    screenshot(page, "query-map")
    restored = _page(context)
    restored.goto(permalink)
    restored.locator("#chart[data-map=ready]").wait_for()
    assert restored.get_by_label("Map", exact=True).is_checked()
    assert restored.locator('#chart path.shaded[data-code="MAR"]').count() >= 1
    _timing(restored, "query page with a map")


def test_completion_and_the_error_position(guarded: tuple[Any, Guard], screenshot: Shot) -> None:
    context, _ = guarded
    page = _page(context)
    page.goto("/query")
    page.locator(".CodeMirror").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type("SELECT ?t WHERE { ?t a smp:TrainingPro")
    hints = page.locator(".CodeMirror-hints li")
    hints.filter(has_text=re.compile(r"^smp:TrainingProgramme ")).wait_for()
    training = hints.filter(has_text=re.compile(r"^smp:TrainingProgramme ")).inner_text()
    assert "Training programme" in training.split("\u2014", 1)[1]  # its label
    hints.filter(has_text=re.compile(r"^smp:TrainingProgramme ")).click()
    text = page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert text.startswith("PREFIX smp: <https://w3id.org/smpgraph/ontology#>\n")  # the prefix was declared
    assert "?t a smp:TrainingProgramme" in text
    page.keyboard.type(" . FILTER(?t = ) }")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#query-error")
    mark = page.locator(".cm-error-mark")
    mark.wait_for()
    assert re.search(r"\(line 2, column \d+\)", page.locator("#query-error").inner_text())
    assert page.locator(".CodeMirror-code > div").nth(1).locator(".cm-error-mark").count() == 1
    screenshot(page, "query-error-position")


def test_a_browser_gets_help_at_the_sparql_endpoint(guarded: tuple[Any, Guard]) -> None:
    context, _ = guarded
    page = _page(context)
    page.goto("/sparql")
    assert page.locator("h1").inner_text() == "The SPARQL endpoint"
    page.get_by_role("link", name="Open the query page").click()
    page.wait_for_url(re.compile(r"/query$"))


def _wait_checked(page: Any) -> None:
    page.locator("#builder-live[data-state=done]").wait_for()  # every change sets it pending at once


def _live(page: Any) -> tuple[list[str], set[tuple[str, str]]]:
    absent = page.locator("#builder-live .live-absent li:not(.none)").all_inner_texts()
    items = page.locator("#builder-live .live-findings li[data-severity]")
    findings = {(item.get_attribute("data-severity"), item.get_attribute("data-message")) for item in items.all()}
    return absent, findings


def test_build_a_draft_without_training_and_download_it(
    guarded: tuple[Any, Guard], screenshot: Shot, tmp_path: Path
) -> None:
    context, _ = guarded
    page = _page(context)
    page.goto("/validate")
    builder = page.locator("#builder")
    builder.locator("[data-section=training]").wait_for()
    _timing(page, "validation page with the draft builder")
    builder.get_by_role("button", name="complete draft (YAML)").click()
    _wait_checked(page)
    absent, complete = _live(page)
    assert absent == []
    training = builder.locator("[data-section=training]")
    assert training.locator(".builder-entry").count() == 3
    while training.locator(".builder-remove").count():
        training.locator(".builder-remove").first.click()
    _wait_checked(page)
    absent, without = _live(page)
    assert absent == ["Training"]
    added = without - complete
    assert len(added) == 1 and next(iter(added))[0] == "violation"
    assert "training" in next(iter(added))[1].lower()
    assert complete - without <= {item for item in complete if "training" in item[1].lower()}
    screenshot(page, "builder-without-training")
    with page.expect_download() as download:
        builder.get_by_role("button", name="Download the draft (YAML)").click()
    path = tmp_path / "draft.yaml"
    download.value.save_as(path)
    assert download.value.suggested_filename == "draft.yaml"
    assert "training:" not in path.read_text(encoding="utf-8")
    register(cli)  # the commands attach when the script starts
    result = CliRunner().invoke(
        cli, ["--backend", "memory", "--data-dir", str(tmp_path / "store"), "validate", "--format", "json", str(path)]
    )
    assert result.exit_code in (0, 1), result.output  # read and validated (1: it does not conform)
    report = json.loads(result.output)
    assert {(item["severity"], item["message"]) for item in report["results"]} == without
    readiness = report["agreements"][0]["readiness"]
    assert [entry["label"] for entry in readiness if entry["readiness"] == "absent"] == ["Training"]
    assert not [text for text in page.console_errors if "Content Security Policy" in text], page.console_errors


def test_fill_the_form_with_pickers_and_read_the_report(guarded: tuple[Any, Guard], screenshot: Shot) -> None:
    context, _ = guarded
    page = _page(context)
    page.goto("/validate?lang=fr")
    general = page.locator("[data-section=general]")
    general.wait_for()
    general.locator("[data-key=title] input").fill("Projet d'essai")
    general.locator("[data-key=origin] select").select_option("MA")
    general.locator("[data-key=destination] select").select_option("BE")
    general.locator("[data-key=status] select").select_option("draft")
    _wait_checked(page)
    absent, findings = _live(page)
    assert "Formation" in absent and findings
    assert "non-conformité" in page.locator("#builder-live .live-summary").inner_text()
    hint = page.locator("#builder-live .live-findings .yaml-hint").first.inner_text()
    assert hint.startswith("Clé YAML à ajouter") and "`" not in hint
    training = page.locator("[data-section=training]")
    training.get_by_role("button", name=re.compile("^Ajouter")).click()
    entry = training.locator(".builder-entry").first
    own = entry.locator(":scope > .builder-object")
    own.locator(":scope > [data-key=location] select").select_option("origin")
    own.locator(":scope > [data-key=country] select").select_option("MA")
    own.locator(":scope > [data-key=qualification] [data-key=eqfLevel] select").select_option("4")
    own.locator(":scope > [data-key=occupation] textarea").fill("7411")
    _wait_checked(page)
    absent, _ = _live(page)
    assert "Formation" not in absent
    page.locator("#builder-use").click()
    page.wait_for_selector(".report")
    assert page.evaluate("document.activeElement.id") == "report-heading"  # the report took the focus
    title = page.locator("[data-section=general] [data-key=title] input")
    title.wait_for()
    assert title.input_value() == "Projet d'essai"  # the form shows the draft again
    text = page.locator(".report").inner_text()
    assert re.search(r"\bVIOLATION\b", text) is None
    assert re.search(r"\b\d+ info\b", text) is None
    assert page.locator(".report .stamp").inner_text().startswith("Rapport du ")
    hint = page.locator(".finding .yaml-hint").first
    assert hint.inner_text().startswith("Clé YAML à ajouter")
    quote = page.locator(".finding details.quote").first
    quote.locator("summary").click()
    number = re.search(r"(\d+)$", quote.locator("blockquote").get_attribute("cite") or "")
    assert number is not None and len(quote.locator("blockquote").inner_text()) > 40
    screenshot(page, "builder-report-french")
    page.emulate_media(media="print")
    assert page.locator(".report .stamp").is_visible()
    assert not page.locator("#builder").is_visible()
