"""The summary pages (issue 17, items 1-3 and 5): partnerships, bilateral labour agreements and sources.

Through Flask's test client over the bundled graph: what each page says in words, in the page's language,
with per-fact sources; the ILO checklist of an agreement; distinct agreement titles; titled sources.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html import unescape
from pathlib import Path
from urllib.parse import quote

from flask.testing import FlaskClient
from rdflib import Literal, URIRef

from smpgraph.resources import query_text
from smpgraph.store import GraphStore
from smpgraph.web.agreement import Peer, distinguish, title_of
from smpgraph.web.facts import labels_for, select
from smpgraph.web.formats import country_name, format_amount, format_share

HTML = {"Accept": "text/html"}
THAMM = "/id/partnership/thamm"
GIZ_PAGE = "https://www.giz.de/en/worldwide/92649.html"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_partnership_summary_in_french(client: FlaskClient) -> None:
    response = client.get(f"{THAMM}?lang=fr", headers=HTML)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = _text(html)
    assert "THAMM : vers une approche globale" in text
    origin = _text(_section(html, "side-origin"))
    assert "ANAPEC" in origin and "État d'origine" in origin
    destination = _text(_section(html, "side-destination"))
    assert "GIZ" in destination and "Maître d'œuvre" in destination
    third = _text(_section(html, "side-third"))
    assert "Organisation internationale pour les migrations" in third and "ANAPEC" not in third
    corridors = _text(_section(html, "corridors-heading"))
    for corridor in ("Maroc → Allemagne", "Égypte → Allemagne", "Tunisie → Belgique", "Maroc → Tunisie"):
        assert corridor in corridors
    assert "25\u202f000\u202f000\xa0€" in html  # formatted for French, not "25000000"
    assert "25000000" not in _text(html.split('class="as-data"')[0])


def test_partnership_readiness_is_computed_live(client: FlaskClient) -> None:
    html = client.get(f"{THAMM}?lang=en", headers=HTML).get_data(as_text=True)
    table = _section(html, "readiness-heading")
    rows = re.findall(r'<tr class="level-([a-z-]+)">\s*<th scope="row">([^<]+)</th>', table)
    kinds = re.findall(r"<td>(component|prerequisite|principle)</td>", table)
    assert kinds.count("component") == 5 and kinds.count("prerequisite") == 9
    levels = dict((name, level) for level, name in rows)
    assert levels["Training"] == "complete"  # THAMM has a training programme node
    assert "not-recorded" in levels.values()  # open world: its sources are silent on some concepts
    assert "absent" not in levels.values()


def test_every_fact_has_a_source_marker_and_sources_link_out(client: FlaskClient) -> None:
    html = client.get(f"{THAMM}?lang=en", headers=HTML).get_data(as_text=True)
    visible = html.split('class="as-data"')[0]
    facts = re.findall(r'<li class="fact">(.*?)</li>', visible, flags=re.S)
    parties = re.findall(r"<ul class=\"parties\">(.*?)</ul>", visible, flags=re.S)
    corridors = re.findall(r"<li><span class=\"corridor\">(.*?)</li>", visible, flags=re.S)
    assert facts and parties and len(corridors) == 7
    for fact in facts + corridors + [li for block in parties for li in block.split("<li>")[1:]]:
        assert 'class="cite-mark"' in fact, fact
    outs = re.findall(r'<a class="link-out" href="([^"]+)"', visible)
    assert GIZ_PAGE in outs
    assert all(href.startswith("https://") for href in outs)
    marker = re.search(r'class="cite-mark" href="([^"]+)"', visible)
    assert marker is not None and marker.group(1).startswith("/resource?iri=https")


def test_show_as_data_keeps_types_iris_and_rdf_links(client: FlaskClient) -> None:
    html = client.get(THAMM, headers=HTML).get_data(as_text=True)
    before, _, data = html.partition('<details class="as-data">')
    assert data, "no 'show as data' section"
    assert "id:partnership/thamm/membership/1" not in before
    assert "id:partnership/thamm/membership/1" in data
    assert "?format=ttl" in data and "?format=jsonld" in data


def test_every_example_partnership_has_a_summary(client: FlaskClient, web_store: GraphStore) -> None:
    rows = select(
        web_store,
        "SELECT DISTINCT ?p WHERE { ?p a ?c . VALUES ?c { <https://w3id.org/smpgraph/ontology#SkillsMobilityPartnership>"
        " <https://w3id.org/smpgraph/ontology#LabourMobilityPathway> } }",
    ).rows
    assert len(rows) >= 12
    for (iri,) in rows:
        path = "/id/" + str(iri).removeprefix("https://w3id.org/smpgraph/id/")
        html = client.get(path + "?lang=es", headers=HTML).get_data(as_text=True)
        assert 'id="parties-heading"' in html and 'id="readiness-heading"' in html, path


def test_agreement_page_in_spanish_shows_the_checklist(client: FlaskClient) -> None:
    html = client.get("/id/bla/79?lang=es", headers=HTML).get_data(as_text=True)
    text = _text(html)
    assert re.search(r"<h1>Canadá – Filipinas \(2008\)", html)
    assert "Memorandum of Understanding Between the Department of Labour" in text  # the dataset's title
    rows = re.findall(r'<tr class="check check-([a-z-]+)"><td class="mono">([^<]+)</td>', html)
    assert len(rows) == 34
    status = dict((item, level) for level, item in rows)
    assert status["(18)"] == "provided" and status["(15)"] == "not-provided"  # as coded in bla.ttl
    assert "Reconocimiento de competencias y cualificaciones" in text
    assert "Interlocutores sociales y sociedad civil" in text  # a topic of several items
    assert "prevista" in text and "no prevista" in text


def test_uncoded_agreement_says_not_coded(client: FlaskClient) -> None:
    html = client.get("/id/bla/1293?lang=en", headers=HTML).get_data(as_text=True)
    assert html.count('class="check check-not-coded"') == 34
    assert "does not code" in html


def test_agreements_sharing_parties_and_year_have_distinct_titles(client: FlaskClient, web_store: GraphStore) -> None:
    groups: dict[tuple[frozenset[str], str], dict[str, Peer]] = defaultdict(dict)
    parties: dict[str, set[str]] = defaultdict(set)
    facts: dict[str, tuple[str, str, object]] = {}
    for agreement, party, year, number, signed in select(web_store, query_text("web/agreement-all.rq")).rows:
        parties[str(agreement)].add(str(party))
        date = signed.toPython() if isinstance(signed, Literal) else None
        facts[str(agreement)] = (str(year)[:4] if year is not None else "", str(number), date)
    assert len(facts) == 1222
    for agreement, (year, number, date) in facts.items():
        groups[(frozenset(parties[agreement]), year)][agreement] = Peer(agreement, number, date)  # type: ignore[arg-type]
    labels = labels_for(web_store, {p for found in parties.values() for p in found}, "en")
    titles = []
    for (members, year), peers in groups.items():
        suffixes = distinguish(list(peers.values()), "en")
        names = sorted(labels.get(m, m) for m in members)
        titles += [title_of(names, year, suffixes[iri], "en") for iri in peers]
    assert len(titles) == len(set(titles)) == 1222
    shared = [peers for peers in groups.values() if len(peers) > 1]
    assert shared, "the dataset has agreements that share parties and year"
    for peers in shared[:5]:
        pages = {
            re.search(
                r"<h1>(.*?)</h1>", client.get("/id/" + iri.split("/id/")[1], headers=HTML).get_data(as_text=True)
            ).group(1)  # type: ignore[union-attr]
            for iri in peers
        }
        assert len(pages) == len(peers), pages


def test_canada_philippines_2008_titles_differ(client: FlaskClient, web_store: GraphStore) -> None:
    rows = select(
        web_store, query_text("web/agreement-peers.rq").replace("{agreement}", "<https://w3id.org/smpgraph/id/bla/79>")
    ).rows
    assert len(rows) == 3
    titles = {
        re.search(
            r"<h1>(.*?)</h1>", client.get("/id/" + str(iri).split("/id/")[1], headers=HTML).get_data(as_text=True)
        ).group(1)  # type: ignore[union-attr]
        for iri, _, _ in rows
    }
    assert len(titles) == 3 and all(t.startswith("Canada – Philippines (2008), ") for t in titles), titles


def test_source_page_shows_link_out_and_citing_facts(client: FlaskClient) -> None:
    html = client.get(f"/resource?iri={quote(GIZ_PAGE, safe='')}&lang=en", headers=HTML).get_data(as_text=True)
    assert f'<a class="link-out" href="{GIZ_PAGE}"' in html
    text = _text(html)
    assert "Facts that cite it (6)" in text
    assert 'href="/id/partnership/thamm"' in html
    assert 'href="/id/partnership/thamm/membership/6"' in html


def test_dataset_source_page_caps_the_facts(client: FlaskClient) -> None:
    url = "https://www.law.uchicago.edu/bilateral-labor-agreements-dataset"
    html = client.get(f"/resource?iri={quote(url, safe='')}", headers=HTML).get_data(as_text=True)
    assert html.count('<li class="fact">') == 100
    assert "Only the first 100 are listed" in html


def test_javascript_iri_is_never_a_link_out(client: FlaskClient) -> None:
    from smpgraph.web.facts import external_href

    assert external_href("javascript:alert(1)") is None
    assert external_href("https://example.org/a b") is None


def _sources(store: GraphStore) -> dict[str, str | None]:
    rows = select(
        store,
        "SELECT DISTINCT ?s WHERE { ?x <http://www.w3.org/ns/prov#wasDerivedFrom>|<http://purl.org/dc/terms/source> ?s "
        "FILTER (isIRI(?s)) FILTER NOT EXISTS { ?x a <http://www.w3.org/ns/shacl#NodeShape> } "
        "FILTER NOT EXISTS { ?x a <http://www.w3.org/ns/shacl#PropertyShape> } }",
    ).rows
    iris = {str(row[0]) for row in rows if isinstance(row[0], URIRef)}
    titles = {
        str(s): str(t)
        for s, t in select(
            store,
            "SELECT ?s ?t WHERE { ?s <http://purl.org/dc/terms/title>|"
            "<http://www.w3.org/2000/01/rdf-schema#label> ?t }",
        ).rows
        if str(s) in iris
    }
    return {iri: titles.get(iri) for iri in sorted(iris)}


def test_every_source_in_the_bundled_data_has_a_title(web_store: GraphStore) -> None:
    untitled = sorted(iri for iri, title in _sources(web_store).items() if not title)
    assert not untitled, f"{len(untitled)} sources have no title:\n" + "\n".join(untitled)


def test_formats_follow_the_language() -> None:
    assert format_amount(25000000.0, "EUR", "fr") == "25\u202f000\u202f000\xa0€"
    assert format_amount(25000000.0, "EUR", "es") == "25.000.000\xa0€"
    assert format_share(0.18, "es") == "18\xa0%"
    assert country_name("http://publications.europa.eu/resource/authority/country/DEU", "fr") == "Allemagne"
    assert country_name("http://publications.europa.eu/resource/authority/country/MAR", "es") == "Marruecos"
    assert country_name("http://example.org/country/MAR", "fr") is None


def test_a_fact_page_is_titled_by_its_kind_and_partnership(client: FlaskClient) -> None:
    html = client.get("/id/partnership/thamm/corridor/2?lang=en", headers=HTML).get_data(as_text=True)
    title = re.search(r"<h1>(.*?)</h1>", html)
    assert title is not None and title.group(1).startswith("Corridor · THAMM")


HOSTILE_SOURCES = b"""
@prefix smp: <https://w3id.org/smpgraph/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@base <https://w3id.org/smpgraph/id/> .
<partnership/evil> a smp:SkillsMobilityPartnership ; rdfs:label "<script>alert(1)</script>"@en ;
    dcterms:source <javascript:alert(1)> , <https://example.org/page> ;
    smp:hasCorridor <partnership/evil/corridor/1> .
<partnership/evil/corridor/1> a smp:Corridor ; prov:wasDerivedFrom <javascript:alert(2)> .
<https://example.org/page> dcterms:title "<img src=x onerror=alert(3)>"@en .
"""


def test_hostile_sources_are_inert() -> None:
    from smpgraph.config import Settings
    from smpgraph.server import create_app
    from smpgraph.store import ResultFormat, open_store

    settings = Settings(backend="memory", reasoner="none")
    store = open_store(settings)
    try:
        store.load(HOSTILE_SOURCES, format=ResultFormat.TURTLE, name="evil.ttl", reason=False)
        client = create_app(settings, store=store).test_client()
        for url in ("/id/partnership/evil", f"/resource?iri={quote('https://example.org/page', safe='')}"):
            response = client.get(url, headers=HTML)
            html = response.get_data(as_text=True)
            assert response.status_code == 200, url
            assert "<script>alert" not in html and "<img src=x" not in html
            assert 'href="javascript:' not in html
        page = client.get("/id/partnership/evil", headers=HTML).get_data(as_text=True)
        assert '<a class="link-out" href="https://example.org/page"' in page
    finally:
        store.close()


def test_dataset_source_names_its_title_and_authors(client: FlaskClient) -> None:
    url = "https://www.law.uchicago.edu/bilateral-labor-agreements-dataset"
    html = client.get(f"/resource?iri={quote(url, safe='')}&lang=en", headers=HTML).get_data(as_text=True)
    assert "<h1>Bilateral Labor Agreements Dataset</h1>" in html
    assert "Adam Chilton" in html and "Bartek Woda" in html
    assert f'<a class="link-out" href="{url}"' in html


def _levels(html: str) -> dict[str, str]:
    table = _section(html, "readiness-heading")
    rows = re.findall(r'<tr class="level-([a-z-]+)">\s*<th scope="row">([^<]+)</th>', table)
    return {unescape(name): level for level, name in rows}


def test_readiness_tables_match_the_reference_validation(client: FlaskClient, web_store: GraphStore) -> None:
    """The pages read one cached validation of every partnership (compiled shapes); pyshacl on each agrees."""
    from smpgraph.validation.all import validate_agreement

    for slug in ("thamm", "palim", "triple-win"):
        html = client.get(f"/id/partnership/{slug}?lang=en", headers=HTML).get_data(as_text=True)
        report = validate_agreement(web_store, URIRef(f"https://w3id.org/smpgraph/id/partnership/{slug}"))
        items = [item for agreement in report.agreements for item in agreement.readiness]
        expected = {item.label: item.readiness.value for item in items}
        assert len(expected) >= 14 and _levels(html) == expected, slug


def test_readiness_follows_a_write() -> None:
    """The cached readiness is filed under the data version: a partnership loaded later gets its table."""
    from smpgraph.config import Settings
    from smpgraph.server import create_app
    from smpgraph.store import ResultFormat, open_store

    settings = Settings(backend="memory", reasoner="none")
    store = open_store(settings)
    data = Path(__file__).resolve().parents[2] / "data" / "examples"
    for name in ("organisations.ttl", "palim.ttl"):
        store.load(data / name, format=ResultFormat.TURTLE, graph=f"urn:test:{name}", reason=False)
    client = create_app(settings, store=store).test_client()
    palim = _levels(client.get("/id/partnership/palim?lang=en", headers=HTML).get_data(as_text=True))
    assert palim["Training"] == "complete"
    store.load(data / "thamm.ttl", format=ResultFormat.TURTLE, graph="urn:test:thamm.ttl", reason=False)
    thamm = _levels(client.get(f"{THAMM}?lang=en", headers=HTML).get_data(as_text=True))
    assert thamm["Training"] == "complete" and len(thamm) >= 14
    assert _levels(client.get("/id/partnership/palim?lang=en", headers=HTML).get_data(as_text=True)) == palim
    store.close()
