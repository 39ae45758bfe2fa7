"""Every term named in the vocabulary contract (docs/design/vocabulary.md) exists in the ontology."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "design" / "vocabulary.md"
NAMESPACES = {
    "smp": "https://w3id.org/smpgraph/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
TERM = re.compile(r"\b(smp|org|prov|skos):([A-Za-z][A-Za-z0-9]*)")


def contract_terms() -> list[str]:
    text = CONTRACT.read_text(encoding="utf-8")
    names = {f"{prefix}:{local}" for span in re.findall(r"`([^`]*)`", text) for prefix, local in TERM.findall(span)}
    return sorted(names)


def test_contract_names_many_terms():
    terms = contract_terms()
    assert len([t for t in terms if t.startswith("smp:")]) > 200
    assert "smp:SkillsMobilityPartnership" in terms


@pytest.mark.parametrize("curie", contract_terms())
def test_contract_term_is_declared(curie: str, full_ontology: Graph):
    prefix, local = curie.split(":")
    assert (URIRef(NAMESPACES[prefix] + local), RDF.type, None) in full_ontology, f"{curie} is not declared"
