"""A country's or a stakeholder's page lists its partnerships and its bilateral labour agreements apart (issue 17).

The expected lists are computed here with rdflib from the source files (the ontology, ``data/examples``,
``data/partnerships`` and ``data/bla/bla.ttl``), never read from the page under test. An agreement is a
partnership whose instrument is a ``smp:BilateralLabourMigrationAgreement`` and which is not a skills
mobility partnership, a pathway or a cooperation framework (those with such an instrument are still partnerships).
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from rdflib import Graph

REPO = Path(__file__).resolve().parent.parent.parent
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
HTML = {"Accept": "text/html"}
_QUERY = """PREFIX smp: <https://w3id.org/smpgraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?p WHERE {
  ?p a/rdfs:subClassOf* smp:Partnership .
  { ?p smp:hasMembership/org:member ?x } UNION { ?p smp:originCountry|smp:destinationCountry ?x }
  UNION { ?p (smp:hasCorridor|smp:hasMobilityScheme)/(smp:originCountry|smp:destinationCountry) ?x }
}"""


@pytest.fixture(scope="module")
def source() -> Graph:
    graph = Graph()
    files = [
        *sorted((REPO / "ontology").glob("*.ttl")),
        *sorted((REPO / "data" / "examples").glob("*.ttl")),
        *sorted((REPO / "data" / "partnerships").glob("*.ttl")),
        REPO / "data" / "bla" / "bla.ttl",
    ]
    for path in files:
        graph.parse(path)
    return graph


def _expected(graph: Graph, iri: str) -> tuple[set[str], set[str]]:
    """(partnerships, agreements) that involve ``iri`` as a member or a country, from the files."""
    from rdflib import URIRef

    smp = "https://w3id.org/smpgraph/ontology#"
    found = {str(row[0]) for row in graph.query(_QUERY, initBindings={"x": URIRef(iri)})}
    agreements = set()
    for p in found:
        instruments = graph.objects(URIRef(p), URIRef(smp + "hasInstrument"))
        bla = any((i, None, URIRef(smp + "BilateralLabourMigrationAgreement")) in graph for i in instruments)
        classes = {str(c) for c in graph.objects(URIRef(p), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"))}
        kinds = ("SkillsMobilityPartnership", "LabourMobilityPathway", "ComplementaryPathway", "CooperationFramework")
        if bla and not classes & {smp + kind for kind in kinds}:
            agreements.add(p)
    return found - agreements, agreements


def _section(html: str, heading: str) -> str:
    start = html.index(f'id="{heading}"')
    return html[start : html.index("</section>", start)]


def _listed(section: str) -> set[str]:
    return {unescape(t) for t in re.findall(r'<a href="[^"]*" title="([^"]+)"', section)}


@pytest.mark.parametrize("code", ["MAR", "PHL", "DEU"])
def test_country_lists_partnerships_and_agreements_apart(client: FlaskClient, source: Graph, code: str) -> None:
    partnerships, agreements = _expected(source, COUNTRY + code)
    assert partnerships and agreements and not partnerships & agreements
    html = client.get(f"/resource?iri={quote(COUNTRY + code)}", headers=HTML).get_data(as_text=True)
    own = _section(html, "partnerships-heading")
    assert f"Partnerships ({len(partnerships)})" in own
    assert _listed(own) == partnerships
    theirs = _section(html, "agreements-heading")
    assert f"Bilateral labour agreements ({len(agreements)})" in theirs
    assert _listed(theirs) == agreements or len(_listed(theirs)) == 300 < len(agreements)
    assert _listed(theirs) <= agreements


def test_lists_are_translated(client: FlaskClient, source: Graph) -> None:
    partnerships, agreements = _expected(source, COUNTRY + "MAR")
    html = client.get(f"/resource?iri={quote(COUNTRY + 'MAR')}&lang=fr", headers=HTML).get_data(as_text=True)
    assert f"Partenariats ({len(partnerships)})" in html
    assert f"Accords bilatéraux de main-d'œuvre ({len(agreements)})" in unescape(html)
