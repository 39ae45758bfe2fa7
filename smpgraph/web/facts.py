"""Facts as a reader sees them: one node per fact (docs/decisions/0004-provenance.md), in words, with sources.

The summary pages (partnerships, bilateral labour agreements, sources) read their facts with SPARQL and
turn each term into text: labels in the page's language, countries named from ISO 3166, numbers, amounts,
shares and dates formatted for the language (:mod:`smpgraph.web.formats`). Every fact keeps the sources it
cites, numbered once per page, so that a small marker next to the fact leads to the source's page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

from rdflib import Literal, URIRef
from rdflib.term import Node

from smpgraph.store.base import GraphStore, SelectResult
from smpgraph.web.formats import COUNTRY_BASE, country_name, format_literal, format_share
from smpgraph.web.terms import TermView, fetch_labels, href_for, pick_label

__all__ = [
    "DCT",
    "PROV",
    "RDFS",
    "SMP_NS",
    "SOURCE_PREDICATES",
    "Field",
    "SourceBook",
    "SourceRef",
    "best_literal",
    "external_href",
    "labels_for",
    "select",
    "sentence",
    "term_text",
]

SMP_NS: Final = "https://w3id.org/smpgraph/ontology#"
DCT: Final = "http://purl.org/dc/terms/"
PROV: Final = "http://www.w3.org/ns/prov#"
RDFS: Final = "http://www.w3.org/2000/01/rdf-schema#"
_WEB: Final = re.compile(r"^https?://[^\s<>\"']+$")
#: predicates whose objects are the sources of a node
SOURCE_PREDICATES: Final = (f"{PROV}wasDerivedFrom", f"{DCT}source")
_SHARES: Final = frozenset({f"{SMP_NS}share"})


def select(store: GraphStore, sparql: str) -> SelectResult:
    """Run a SELECT of the pages (no row cap)."""
    result = store.query(sparql, max_rows=0)
    assert isinstance(result, SelectResult)
    return result


def external_href(iri: str) -> str | None:
    """The address to link out to, for an ``http(s)`` IRI only (never ``javascript:`` or the like).

    Examples:
        >>> external_href("https://www.giz.de/en/worldwide/92649.html")
        'https://www.giz.de/en/worldwide/92649.html'
        >>> external_href("javascript:alert(1)") is None
        True
    """
    return iri if _WEB.match(iri) else None


def labels_for(store: GraphStore, iris: Iterable[str], lang: str) -> dict[str, str]:
    """Labels of IRIs in ``lang``; a country the graph does not name in ``lang`` is named from ISO 3166."""
    wanted = set(iris)
    labels = fetch_labels(store, wanted, lang)
    for iri in wanted:
        if iri.startswith(COUNTRY_BASE):
            named = country_name(iri, lang)
            if named and (lang != "en" or iri not in labels):
                labels[iri] = named
    return labels


def term_text(term: Node, labels: Mapping[str, str], lang: str, *, predicate: str = "") -> TermView:
    """A term in words: IRIs by their label (linked), literals formatted for ``lang``."""
    if isinstance(term, URIRef):
        iri = str(term)
        local = re.split(r"[#/]", iri)[-1] or iri
        return TermView(text=labels.get(iri) or local, href=href_for(iri), title=iri, is_iri=True)
    if isinstance(term, Literal):
        if predicate in _SHARES:
            return TermView(text=format_share(term, lang))
        if isinstance(term.value, bool):
            return TermView(text=str(term).lower())
        return TermView(text=format_literal(term, lang), lang=term.language)
    return TermView(text=str(term))


def sentence(label: str) -> str:
    """A label as the start of a line: its first letter in capitals, the rest as it is.

    Examples:
        >>> sentence("date de début")
        'Date de début'
    """
    return label[:1].upper() + label[1:]


def best_literal(values: Iterable[Node], lang: str) -> str | None:
    """The literal of ``values`` in ``lang`` (else English, else any)."""
    return pick_label([v for v in values if isinstance(v, Literal)], lang)


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A source as a fact's marker shows it.

    Attributes:
        number: its number on the page (1, 2, ...).
        iri: the source's IRI.
        title: its title, else its address.
        href: its page on this server (title, publisher, the facts that cite it, the link out).
        out: the address to link out to, when it is a web page.
    """

    number: int
    iri: str
    title: str
    href: str
    out: str | None


@dataclass(slots=True)
class SourceBook:
    """The sources of one page, numbered in the order the page first cites them."""

    titles: Mapping[str, str]
    refs: dict[str, SourceRef] = field(default_factory=dict)

    def cite(self, sources: Iterable[Node]) -> tuple[SourceRef, ...]:
        """The markers of ``sources`` (numbered on first use)."""
        found: list[SourceRef] = []
        for source in sorted({str(s) for s in sources if isinstance(s, URIRef)}):
            ref = self.refs.get(source)
            if ref is None:
                ref = SourceRef(
                    number=len(self.refs) + 1,
                    iri=source,
                    title=self.titles.get(source) or source,
                    href=href_for(source),
                    out=external_href(source),
                )
                self.refs[source] = ref
            found.append(ref)
        return tuple(sorted(found, key=lambda ref: ref.number))

    @property
    def all(self) -> tuple[SourceRef, ...]:
        """Every source the page cites, by number."""
        return tuple(sorted(self.refs.values(), key=lambda ref: ref.number))


@dataclass(frozen=True, slots=True)
class Field:
    """One statement of a fact in words: a property and its values.

    Attributes:
        name: the property's label.
        values: the values, in words.
    """

    name: str
    values: tuple[TermView, ...]
