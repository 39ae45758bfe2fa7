"""The domain facts of ``smpgraph.domain`` agree with the ontology and with the SPARQL files that repeat them."""

from __future__ import annotations

import re

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from smpgraph.analysis.views import ViewRows, views_from_rows
from smpgraph.domain import DEFAULT_LANGUAGE, LANGUAGES, PARTNERSHIP, PARTNERSHIP_CLASSES, PARTNERSHIP_KINDS
from smpgraph.namespaces import SMP
from smpgraph.ontology import load_ontology_graph
from smpgraph.resources import query_text
from smpgraph.validation.shapes import ontology_context, superclasses

_VALUES = re.compile(r"VALUES\s+\?\w+\s*\{([^}]*)\}")


def _partnership_values(name: str) -> list[set[str]]:
    """The ``VALUES`` sets of a query that name ``smp:Partnership``, as full IRIs."""
    found = []
    for body in _VALUES.findall(query_text(name)):
        terms = {str(SMP) + term.removeprefix("smp:") for term in body.split()}
        if str(PARTNERSHIP) in terms:
            found.append(terms)
    return found


@pytest.mark.parametrize("name", ["analysis/partnerships.rq", "analysis/memberships.rq"])
def test_analysis_queries_list_exactly_the_partnership_classes(name: str) -> None:
    values = _partnership_values(name)
    assert values, f"{name} no longer lists the partnership classes in a VALUES clause"
    assert all(terms == {str(c) for c in PARTNERSHIP_CLASSES} for terms in values)


def test_partnership_classes_are_those_of_the_ontology() -> None:
    in_ontology = {
        cls
        for cls in set(ontology_context().subjects())
        if isinstance(cls, URIRef) and PARTNERSHIP in superclasses([cls])
    }
    assert in_ontology == set(PARTNERSHIP_CLASSES)
    assert PARTNERSHIP_CLASSES[0] == PARTNERSHIP and set(PARTNERSHIP_KINDS) == in_ontology - {PARTNERSHIP}


@pytest.mark.parametrize("kind", PARTNERSHIP_KINDS)
def test_the_analysis_gives_a_partnership_its_most_specific_class(kind: URIRef) -> None:
    typed, untyped = "https://w3id.org/smpgraph/id/partnership/a", "https://w3id.org/smpgraph/id/partnership/b"
    rows = ViewRows(
        partnerships=[
            {"partnership": URIRef(typed), "type": kind},  # rdflib terms, as a store returns them
            {"partnership": URIRef(typed), "type": PARTNERSHIP},
            {"partnership": URIRef(untyped)},
        ]
    )
    views = views_from_rows(rows)
    assert views.partnerships[typed].type == str(kind)
    assert views.partnerships[untyped].type == str(PARTNERSHIP)


def test_the_partnership_classes_are_labelled_in_every_supported_language() -> None:
    graph = load_ontology_graph()
    for cls in PARTNERSHIP_CLASSES:
        labels = {o.language for o in graph.objects(cls, RDFS.label) if isinstance(o, Literal)}
        assert labels == set(LANGUAGES), cls
    assert DEFAULT_LANGUAGE == LANGUAGES[0] == "en"
