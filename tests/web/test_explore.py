"""The explore page against the bundled data: each facet, combinations, sorting, the URL state and the home
page's counts. Every expected value is computed here from the source files (rdflib over ``data/examples``,
``data/partnerships`` and ``data/bla/bla.ttl``, ISCO codes by prefix), never copied from the page under test."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import unescape as html_unescape
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from rdflib import DCTERMS, RDFS, Graph, URIRef

REPO = Path(__file__).resolve().parent.parent.parent
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
SMP = "https://w3id.org/smpgraph/ontology#"
ID = "https://w3id.org/smpgraph/id/"
ISCO = "http://data.europa.eu/esco/isco/C"
PREFIXES = f"""PREFIX smp: <{SMP}> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX country: <{COUNTRY}>
"""
#: the partnership classes (a pathway or an SMP; the dataset's agreements are plain partnerships)
PARTNERSHIPS = "smp:Partnership, smp:SkillsMobilityPartnership, smp:LabourMobilityPathway"
#: an agreement: a partnership whose instrument is a bilateral labour migration agreement, unless it is a
#: partnership of one of the kinds (some of data/partnerships have such an instrument)
BLA = (
    "?p smp:hasInstrument ?i . ?i a smp:BilateralLabourMigrationAgreement . FILTER NOT EXISTS { ?p a ?k . "
    "FILTER (?k IN (smp:SkillsMobilityPartnership, smp:LabourMobilityPathway, smp:ComplementaryPathway, "
    "smp:CooperationFramework)) }"
)


@pytest.fixture(scope="module")
def source() -> Graph:
    """The partnership and agreement files, parsed by rdflib (independent of the store and its queries)."""
    graph = Graph()
    folders = ("examples", "partnerships")
    for path in [
        *sorted(p for f in folders for p in (REPO / "data" / f).glob("*.ttl")),
        REPO / "data" / "bla" / "bla.ttl",
    ]:
        graph.parse(path)
    return graph


def ask(graph: Graph, where: str) -> set[str]:
    """The distinct partnerships ``?p`` of a graph pattern."""
    query = f"{PREFIXES} SELECT DISTINCT ?p WHERE {{ {{ {where} }} ?p a ?class . FILTER(?class IN ({PARTNERSHIPS})) }}"
    return {str(row[0]) for row in graph.query(query)}


def page(client: FlaskClient, params: Iterable[tuple[str, str]]) -> str:
    response = client.get("/explore", query_string=list(params))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def shown(html: str) -> tuple[int, int]:
    match = re.search(r'id="matches-heading"[^>]*>(\d+) of (\d+) partnerships and agreements<', html)
    assert match, "no result count"
    return int(match.group(1)), int(match.group(2))


def listed(html: str) -> set[str]:
    """The IRIs of the results on the page (``title`` of each result link)."""
    return set(re.findall(r'<span class="match-title"><a href="[^"]*" title="([^"]+)"', html))


def facet_count(html: str, facet: str, value: str) -> int:
    """The count shown next to one value of a facet (check box or option)."""
    escaped = re.escape(value)
    box = re.search(
        rf'name="{facet}" value="{escaped}"(?: checked)?>\s*<label[^>]*>[^<]*<span class="count">\((\d+)\)', html
    )
    option = re.search(rf'<option value="{escaped}"(?: selected)?(?: lang="en")?>[^<]*\((\d+)\)</option>', html)
    found = box or option
    assert found, f"{facet}={value} not offered"
    return int(found.group(1))


def test_kinds_keep_partnerships_and_agreements_apart(client: FlaskClient, source: Graph) -> None:
    agreements = ask(source, BLA)
    smps = ask(source, "?p a smp:SkillsMobilityPartnership")
    pathways = ask(source, "?p a smp:LabourMobilityPathway")
    html = page(client, [])
    assert facet_count(html, "kind", f"{SMP}BilateralLabourMigrationAgreement") == len(agreements) > 1000
    assert facet_count(html, "kind", f"{SMP}SkillsMobilityPartnership") == len(smps) > 0
    assert facet_count(html, "kind", f"{SMP}LabourMobilityPathway") == len(pathways) > 0
    only = page(client, [("kind", f"{SMP}SkillsMobilityPartnership"), ("kind", f"{SMP}LabourMobilityPathway")])
    assert shown(only)[0] == len(smps | pathways) and listed(only) == smps | pathways
    assert "Bilateral labour agreement" not in only


def test_country_any_side_origin_and_destination(client: FlaskClient, source: Graph) -> None:
    morocco = f"{COUNTRY}MAR"
    origin = ask(
        source,
        "{ ?p smp:originCountry country:MAR } UNION { ?p (smp:hasCorridor|smp:hasMobilityScheme)/smp:originCountry "
        "country:MAR } UNION { ?p smp:hasMembership [ org:role smp:OriginStateRole ; org:member country:MAR ] }",
    )
    destination = ask(
        source,
        "{ ?p smp:destinationCountry country:MAR } UNION { ?p (smp:hasCorridor|smp:hasMobilityScheme)/"
        "smp:destinationCountry country:MAR }",
    )
    parties = ask(
        source, "{ ?p smp:hasMembership/org:member country:MAR } UNION { ?p smp:hasInstrument/smp:party country:MAR }"
    )
    html = page(client, [("country", morocco), ("side", "origin")])
    assert listed(html) == origin and shown(html)[0] == len(origin) > 0
    assert not any("/bla/" in iri for iri in origin)  # the dataset records parties, not sides
    assert listed(page(client, [("country", morocco), ("side", "destination")])) == destination
    anywhere = page(client, [("country", morocco)])
    assert shown(anywhere)[0] == len(origin | destination | parties)
    assert re.search(rf'<option value="{re.escape(morocco)}" selected>', anywhere)


def test_philippines_recognition_of_qualifications(client: FlaskClient, source: Graph) -> None:
    expected = ask(
        source,
        '?p smp:hasMembership/org:member country:PHL . ?a smp:assessedAgreement ?p ; smp:codebookItem "(18)" ; '
        "smp:codedPresent true",
    )
    html = page(client, [("country", f"{COUNTRY}PHL"), ("provision", "credentials")])
    assert shown(html)[0] == len(expected) == 12
    assert listed(html) == expected
    assert facet_count(html, "provision", "credentials") == 12


def test_provisions_any_and_all(client: FlaskClient, source: Graph) -> None:
    def coded(item: str) -> set[str]:
        return ask(source, f'?a smp:assessedAgreement ?p ; smp:codebookItem "{item}" ; smp:codedPresent true')

    credentials, social = coded("(18)"), coded("(15)")
    chosen = [("provision", "credentials"), ("provision", "social_security")]
    assert shown(page(client, chosen))[0] == len(credentials | social)
    both = page(client, [*chosen, ("match", "all")])
    assert shown(both)[0] == len(credentials & social) > 0
    assert 'id="match-all" name="match" value="all" checked' in both
    # in all-of mode a value's count is what adding it would leave
    assert facet_count(both, "provision", "perm_resid") == len(credentials & social & coded("(20c)"))


def test_years_and_decades(client: FlaskClient, source: Graph) -> None:
    rows = source.query(
        f"{PREFIXES} SELECT ?p ?d WHERE {{ {{ {BLA} ?i dcterms:date ?d }} UNION {{ ?p smp:startDate ?d }} }}"
    )
    years: dict[str, int] = {}
    for p, d in rows:  # the earliest date a partnership has, as the explore page takes it
        years[str(p)] = min(int(str(d)[:4]), years.get(str(p), 9999))
    nineties = {p for p, year in years.items() if 1990 <= year <= 1999}
    html = page(client, [("decade", "1990")])
    assert shown(html)[0] == len(nineties) > 50
    assert facet_count(page(client, []), "decade", "1990") == len(nineties)
    ranged = page(client, [("from", "2015"), ("to", "2020")])
    assert shown(ranged)[0] == sum(1 for year in years.values() if 2015 <= year <= 2020)
    recent = page(client, [("from", "2019")])
    wanted = {p for p, year in years.items() if year >= 2019}
    assert shown(recent)[0] == len(wanted)
    assert listed(recent) <= wanted and len(listed(recent)) == min(len(wanted), 50)  # the first page


def test_occupation_groups_find_narrower_occupations(client: FlaskClient, source: Graph) -> None:
    rows = source.query(
        f"{PREFIXES} SELECT ?p ?o WHERE {{ ?p smp:coversOccupation|smp:hasTraining/smp:targetsOccupation ?o }}"
    )
    professionals = {str(p) for p, occupation in rows if str(occupation).removeprefix(ISCO).startswith("2")}
    html = page(client, [("occupation", f"{ISCO}2")])
    assert listed(html) == professionals and len(professionals) > 0
    assert facet_count(page(client, []), "occupation", f"{ISCO}2") == len(professionals)


def test_sector_funder_and_status(client: FlaskClient, source: Graph) -> None:
    construction = ask(source, '?p smp:sector "construction"@en')
    assert listed(page(client, [("sector", "construction")])) == construction and construction
    bmz = f"{ID}org/bmz"
    funded = ask(source, f"?p smp:hasMembership [ org:role smp:FunderRole ; org:member <{bmz}> ]")
    html = page(client, [("funder", bmz)])
    assert listed(html) == funded and funded
    ended = ask(source, "?p smp:status smp:Ended")
    assert listed(page(client, [("status", f"{SMP}Ended")])) == ended and ended


def test_a_combination_of_facets(client: FlaskClient, source: Graph) -> None:
    expected = ask(
        source,
        f'{BLA} ?i dcterms:date ?d . FILTER(STR(?d) >= "2000" && STR(?d) < "2010") '
        '?i smp:party country:PHL . ?a smp:assessedAgreement ?p ; smp:codebookItem "(8)" ; smp:codedPresent true',
    )
    html = page(
        client,
        [
            ("kind", f"{SMP}BilateralLabourMigrationAgreement"),
            ("decade", "2000"),
            ("country", f"{COUNTRY}PHL"),
            ("provision", "migrant_info"),
        ],
    )
    assert listed(html) == expected and expected


def test_sorting(client: FlaskClient) -> None:
    kind = ("kind", f"{SMP}BilateralLabourMigrationAgreement")
    newest = page(client, [kind, ("sort", "year"), ("country", f"{COUNTRY}PHL")])
    years = [int(y) for y in re.findall(r'<span class="match-meta">[^<·]*· (\d{4})', newest)]
    assert len(years) > 5 and years == sorted(years, reverse=True)
    oldest = page(client, [kind, ("sort", "year-asc"), ("country", f"{COUNTRY}PHL")])
    ascending = [int(y) for y in re.findall(r'<span class="match-meta">[^<·]*· (\d{4})', oldest)]
    assert len(ascending) > 5 and ascending == sorted(ascending) and ascending[0] < years[-1]
    titled = page(client, [("sort", "title"), ("kind", f"{SMP}SkillsMobilityPartnership")])
    titles = re.findall(r'<span class="match-title"><a [^>]*>([^<]+)</a>', titled)
    assert titles == sorted(titles, key=str.lower) and len(titles) > 1
    relevant = page(client, [("country", f"{COUNTRY}MAR")])
    first = re.search(r'<span class="match-title"><a href="([^"]+)"', relevant)
    assert first and "/bla/" not in first.group(1)  # partnerships, the richer records, come first


def test_form_state_is_in_the_url_and_the_button_comes_first(client: FlaskClient) -> None:
    html = page(client, [("q", "agreement"), ("sort", "title"), ("status", f"{SMP}Ended")])
    assert re.search(r'<form class="facets" method="get"', html)
    assert 'value="agreement"' in html and '<option value="title" selected>' in html
    assert html.index('type="submit"') < html.index('id="facet-kind"')
    assert html.index('class="skip-results"') < html.index('<form class="facets"')
    assert re.search(r'<details class="facet" id="facet-status" open data-chosen>', html)
    assert re.search(r'<details class="facet" id="facet-funder">', html)  # folded until chosen


@pytest.mark.parametrize(
    "params", [{"from": "abc"}, {"to": "20200"}, {"sort": "best"}, {"side": "left"}, {"match": "most"}]
)
def test_bad_parameters_are_400(client: FlaskClient, params: dict[str, str]) -> None:
    response = client.get("/explore", query_string=params, headers={"Accept": "text/html"})
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)


def test_home_counts_partnerships_and_agreements_apart(client: FlaskClient, source: Graph) -> None:
    agreements = ask(source, BLA)
    everything = ask(source, "")
    html = client.get("/").get_data(as_text=True)
    assert (
        f"holds {len(everything - agreements)} partnerships and {len(agreements)} bilateral labour agreements" in html
    )


def test_french_labels_of_our_concepts(client: FlaskClient) -> None:
    html = page(client, [("lang", "fr")])
    assert "Accord bilatéral sur la migration de main-d&#39;œuvre" in html  # the ontology's own label
    assert "partenariats et accords sur" in html
    assert "aucun intitulé CITP-08 français ou espagnol sourcé" in html


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_our_concepts_are_labelled_in_the_language(client: FlaskClient, lang: str) -> None:
    ontology = Graph()
    for path in sorted((REPO / "ontology").glob("*.ttl")):
        ontology.parse(path)
    html = page(client, [("lang", lang)])
    ours = set(re.findall(rf'name="(?:kind|status)" value="({re.escape(SMP)}[A-Za-z]+)"', html))
    assert len(ours) >= 4  # three kinds and at least one status
    for iri in ours:
        wanted = {str(o) for o in ontology.objects(URIRef(iri), RDFS.label) if getattr(o, "language", None) == lang}
        assert wanted, f"{iri} has no {lang} label in the ontology"
        shown_label = re.search(rf'value="{re.escape(iri)}"[^>]*>\s*<label[^>]*>([^<]+?) <span', html)
        assert shown_label and html_unescape(shown_label.group(1)) in wanted


def test_agreements_that_share_a_title_are_told_apart(client: FlaskClient, source: Graph) -> None:
    html = page(client, [("country", f"{COUNTRY}PHL"), ("provision", "credentials")])
    labels = [str(source.value(URIRef(iri), RDFS.label)) for iri in listed(html)]
    assert len(set(labels)) < len(labels)  # the data has agreements with the same parties and year
    titles = re.findall(r'<span class="match-title"><a [^>]*>([^<]+)</a>', html)
    assert len(set(titles)) == len(titles) == len(labels)
    number = str(source.value(URIRef(f"{ID}bla/79/instrument"), DCTERMS.identifier))
    assert f"(BLA dataset no. {number})" in html
