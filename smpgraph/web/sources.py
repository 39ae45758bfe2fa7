"""The page of a source: what it is (title, publisher, date), the link out, and the facts that cite it.

A source is any resource that a node cites with ``prov:wasDerivedFrom`` or ``dcterms:source`` (the web pages
the example partnerships were read on, the Bilateral Labor Agreements Dataset), or one described as a
``dcterms:BibliographicResource``. The link out is the source's own address when it is a
web page (``http``/``https``), else its ``foaf:page`` or ``rdfs:seeAlso``. A source without a title is a
data defect: ``tests/web/test_summaries.py`` lists the sources of the bundled data that lack one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Final

from rdflib import Literal, URIRef
from rdflib.term import Node

from smpgraph.resources import query_text
from smpgraph.store.base import GraphStore
from smpgraph.web.facts import DCT, RDFS, best_literal, external_href, labels_for, select, term_text
from smpgraph.web.formats import format_literal
from smpgraph.web.partnership import Fact, fact_view
from smpgraph.web.terms import TermView, href_for, sparql_iri

__all__ = ["CitingGroup", "SourcePage", "gather_source"]

#: how many citing facts the page lists (the dataset's source is cited by tens of thousands)
MAX_FACTS: Final = 100
_TITLES: Final = (f"{DCT}title", f"{RDFS}label", "http://www.w3.org/2004/02/skos/core#prefLabel")
_DATES: Final = (f"{DCT}date", f"{DCT}issued", f"{DCT}created", f"{DCT}modified")
_PAGES: Final = ("http://xmlns.com/foaf/0.1/page", f"{RDFS}seeAlso", "http://www.w3.org/ns/dcat#landingPage")


@dataclass(frozen=True, slots=True)
class CitingGroup:
    """The facts of one partnership (or of none) that cite the source."""

    partnership: TermView | None
    facts: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class SourcePage:
    """What the page of a source shows.

    Attributes:
        iri: the source.
        title: its title in the page's language, or None when the data gives none (a defect).
        publisher: who published it, if known.
        creators: who wrote it, if known.
        date: when, if known, formatted for the language.
        description: its description, if any.
        out: the address to link out to, if any.
        groups: the facts that cite it, by partnership.
        total: how many nodes cite it in all.
        shown: how many of them the page lists.
    """

    iri: str
    title: str | None
    publisher: tuple[TermView, ...]
    creators: tuple[TermView, ...]
    date: str | None
    description: str | None
    out: str | None
    groups: tuple[CitingGroup, ...]
    total: int
    shown: int


def gather_source(store: GraphStore, iri: str, lang: str) -> SourcePage:
    """Read the page of the source ``iri`` in ``lang``."""
    node = sparql_iri(iri)
    own: dict[str, list[Node]] = defaultdict(list)
    for predicate, obj in select(store, query_text("web/own.rq").replace("{node}", node)).rows:
        if obj is not None:
            own[str(predicate)].append(obj)
    count = select(store, query_text("web/source-count.rq").replace("{source}", node)).rows
    total = int(count[0][0].toPython()) if count and isinstance(count[0][0], Literal) else 0
    query = query_text("web/source-facts.rq").replace("{source}", node).replace("{limit}", str(MAX_FACTS))
    owners: dict[str, str | None] = {
        str(fact): (str(owner) if owner is not None else None) for fact, owner in select(store, query).rows
    }
    triples: dict[str, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
    if owners:
        values = " ".join(sparql_iri(fact) for fact in owners)
        for fact_term, predicate, obj in select(
            store, query_text("web/fact-triples.rq").replace("{nodes}", values)
        ).rows:
            if obj is not None:
                triples[str(fact_term)][str(predicate)].append(obj)
    iris = {iri, *own, *(str(o) for v in own.values() for o in v if isinstance(o, URIRef))}
    iris |= {owner for owner in owners.values() if owner}
    for found in triples.values():
        iris |= set(found) | {str(o) for v in found.values() for o in v if isinstance(o, URIRef)}
    labels = labels_for(store, iris, lang)
    grouped: dict[str | None, list[Fact]] = defaultdict(list)
    for fact, owner in owners.items():
        own_statements = not owner and f"{DCT}source" in triples[fact]
        grouped[owner or (fact if own_statements else None)].append(
            fact_view(fact, triples[fact], labels, lang, None, brief=own_statements)
        )
    groups = tuple(
        CitingGroup(
            TermView(text=labels.get(owner, owner), href=href_for(owner), title=owner, is_iri=True) if owner else None,
            tuple(facts),
        )
        for owner, facts in sorted(grouped.items(), key=lambda item: (item[0] is None, labels.get(item[0] or "", "")))
    )
    title = best_literal([v for p in _TITLES for v in own.get(p, [])], lang)
    dates = [v for p in _DATES for v in own.get(p, []) if isinstance(v, Literal)]
    pages = [str(v) for p in _PAGES for v in own.get(p, []) if isinstance(v, URIRef)]
    out = external_href(iri) or next((href for href in map(external_href, pages) if href), None)
    return SourcePage(
        iri=iri,
        title=title,
        publisher=tuple(term_text(v, labels, lang) for v in own.get(f"{DCT}publisher", [])),
        creators=tuple(term_text(v, labels, lang) for v in own.get(f"{DCT}creator", [])),
        date=format_literal(dates[0], lang) if dates else None,
        description=best_literal(own.get(f"{DCT}description", []) + own.get(f"{RDFS}comment", []), lang),
        out=out,
        groups=groups,
        total=total,
        shown=len(owners),
    )
