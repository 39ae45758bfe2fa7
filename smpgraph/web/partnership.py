"""The summary page of a partnership: what it is, who takes part on which side, and what it provides.

Read live from the graph (``smpgraph/queries/web/``): the partnership's own statements (title, status,
dates, scope, countries, sectors, funding) under its ``dcterms:source``, and its fact nodes, each with the
pages it was read on (docs/decisions/0004-provenance.md). Members are placed on a side (origin, destination,
third party): a State role says it, else the member's jurisdiction among the partnership's countries of
origin or destination, else a third party (international organisations, or a State on neither side).
The readiness table is the validation of the stored partnership, computed when the page is asked for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from rdflib import URIRef
from rdflib.term import Node

from smpgraph.resources import query_text
from smpgraph.store.base import GraphStore
from smpgraph.validation.report import ReadinessItem
from smpgraph.validation.shapes import superclasses
from smpgraph.web.facts import (
    DCT,
    RDFS,
    SMP_NS,
    SOURCE_PREDICATES,
    Field,
    SourceBook,
    SourceRef,
    best_literal,
    labels_for,
    select,
    sentence,
    term_text,
)
from smpgraph.web.formats import COUNTRY_BASE, format_amount
from smpgraph.web.terms import TermView, href_for, sparql_iri

__all__ = ["Fact", "PartnershipSummary", "Party", "Section", "fact_view", "gather_partnership", "most_specific"]

_ORG: Final = "http://www.w3.org/ns/org#"
_TYPE: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_HIDDEN: Final = frozenset(
    {_TYPE, f"{RDFS}label", f"{RDFS}comment", f"{SMP_NS}certainty", f"{_ORG}organization", *SOURCE_PREDICATES}
)
#: the sections of the page, in order: (link property, message key of the heading)
SECTIONS: Final = (
    ("hasTraining", "partnership.training"),
    ("hasQualification", "partnership.qualifications"),
    ("hasRecognitionArrangement", "partnership.recognition"),
    ("hasMobilityScheme", "partnership.mobility"),
    ("hasProvision", "partnership.provisions"),
    ("hasDataSharing", "partnership.data"),
    ("hasInstrument", "partnership.instruments"),
)
_SPECIAL: Final = frozenset({"hasMembership", "hasCorridor", "hasParticipantCount", "hasCostShare"})
_SIDES: Final = ("origin", "destination", "third")
_STATE_SIDE: Final = {f"{SMP_NS}OriginStateRole": "origin", f"{SMP_NS}DestinationStateRole": "destination"}
_OVERVIEW: Final = (
    "status",
    "startDate",
    "endDate",
    "scope",
    "originCountry",
    "destinationCountry",
    "sector",
    "coversOccupation",
    "alignedWithSDG",
    "alignedWithGCMObjective",
)


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact node in words.

    Attributes:
        iri: the node.
        href: its page on this server.
        kind: the label of its class.
        title: its own label, if any.
        comment: its comment in the page's language, if any.
        fields: its other statements.
        sources: the markers of its sources.
        uncertain: True when it is marked ``smp:Uncertain``.
    """

    iri: str
    href: str
    kind: str
    title: str | None
    comment: str | None
    fields: tuple[Field, ...]
    sources: tuple[SourceRef, ...]
    uncertain: bool


@dataclass(frozen=True, slots=True)
class Party:
    """A member of the partnership, with its roles in words and its side."""

    member: TermView
    roles: tuple[str, ...]
    funder: bool
    side: str
    comment: str | None
    funds: tuple[TermView, ...]
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True, slots=True)
class Section:
    """A heading (message key) and its facts."""

    key: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class PartnershipSummary:
    """What the summary page of a partnership shows (see the module's docstring)."""

    iri: str
    title: str
    kind: str
    description: str | None
    overview: tuple[Field, ...]
    funding: str | None
    sources: tuple[SourceRef, ...]
    parties: dict[str, tuple[Party, ...]]
    corridors: tuple[tuple[str, tuple[SourceRef, ...]], ...]
    counts: tuple[Fact, ...]
    costs: tuple[Fact, ...]
    sections: tuple[Section, ...]
    readiness: tuple[ReadinessItem, ...]
    book: SourceBook


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def fact_view(
    iri: str,
    triples: Mapping[str, list[Node]],
    labels: Mapping[str, str],
    lang: str,
    book: SourceBook | None,
    *,
    brief: bool = False,
) -> Fact:
    """A fact node in words: its kind (class), label, other statements, comment and sources.

    Args:
        iri: the node.
        triples: its statements (property -> values).
        labels: labels of the IRIs involved.
        lang: the page's language.
        book: the page's sources (None: no markers).
        brief: True to leave out the statements (a partnership citing a source for its own statements).
    """
    types = most_specific(triples.get(_TYPE, []))
    kind = next((labels[t] for t in types if t in labels and t.startswith(SMP_NS)), None)
    kind = kind or next((labels[t] for t in types if t in labels), _local(types[0]) if types else "")
    fields = tuple(
        Field(sentence(labels.get(p, _local(p))), tuple(term_text(v, labels, lang, predicate=p) for v in values))
        for p, values in sorted(triples.items(), key=lambda item: labels.get(item[0], item[0]).lower())
        if p not in _HIDDEN and not brief
    )
    return Fact(
        iri=iri,
        href=href_for(iri),
        kind=kind,
        title=best_literal(triples.get(f"{RDFS}label", []), lang),
        comment=best_literal(triples.get(f"{RDFS}comment", []), lang),
        fields=fields,
        sources=book.cite(v for p in SOURCE_PREDICATES for v in triples.get(p, [])) if book is not None else (),
        uncertain=f"{SMP_NS}Uncertain" in {str(v) for v in triples.get(f"{SMP_NS}certainty", [])},
    )


def most_specific(types: Iterable[Node]) -> list[str]:
    """The classes of ``types`` that no other of them is a subclass of (the closure adds the superclasses)."""
    given = {t for t in types if isinstance(t, URIRef)}
    broader = {s for t in given for s in superclasses([t]) if s != t}
    return sorted(str(t) for t in given if t not in broader)


def gather_partnership(
    store: GraphStore, iri: str, lang: str, readiness: tuple[ReadinessItem, ...]
) -> PartnershipSummary:
    """Read the summary of the partnership ``iri`` in ``lang`` (``readiness`` from its validation)."""
    node = sparql_iri(iri)
    own: dict[str, list[Node]] = defaultdict(list)
    for predicate, obj in select(store, query_text("web/own.rq").replace("{node}", node)).rows:
        if obj is not None:
            own[str(predicate)].append(obj)
    facts: dict[str, tuple[str, dict[str, list[Node]]]] = {}
    for link_term, fact_term, predicate, obj in select(
        store, query_text("web/partnership-facts.rq").replace("{partnership}", node)
    ).rows:
        if fact_term is None or obj is None:
            continue
        entry = facts.setdefault(str(fact_term), (_local(str(link_term)), defaultdict(list)))
        entry[1][str(predicate)].append(obj)
    jurisdictions: dict[str, set[str]] = defaultdict(set)
    members = select(store, query_text("web/partnership-members.rq").replace("{partnership}", node))
    for member, jurisdiction in members.rows:
        if jurisdiction is not None:
            jurisdictions[str(member)].add(str(jurisdiction))
    iris = {iri, *own, *(str(o) for values in own.values() for o in values if isinstance(o, URIRef))}
    for _, triples in facts.values():
        iris |= set(triples) | {str(o) for values in triples.values() for o in values if isinstance(o, URIRef)}
    labels = labels_for(store, iris, lang)
    book = SourceBook(labels)
    sources = book.cite(own.get(f"{DCT}source", []))
    overview = tuple(
        Field(
            sentence(labels.get(f"{SMP_NS}{name}", name)),
            tuple(term_text(v, labels, lang) for v in own[f"{SMP_NS}{name}"]),
        )
        for name in _OVERVIEW
        if own.get(f"{SMP_NS}{name}")
    )
    amount = own.get(f"{SMP_NS}fundingAmount")
    currency = own.get(f"{SMP_NS}currency")
    funding = format_amount(amount[0], str(currency[0]) if currency else None, lang) if amount else None
    origins = {str(o) for o in own.get(f"{SMP_NS}originCountry", [])}
    destinations = {str(o) for o in own.get(f"{SMP_NS}destinationCountry", [])}
    parties: dict[str, list[Party]] = {side: [] for side in _SIDES}
    corridors: list[tuple[str, tuple[SourceRef, ...]]] = []
    by_link: dict[str, list[Fact]] = defaultdict(list)
    for fact_iri in sorted(facts, key=_natural):
        link, triples = facts[fact_iri]
        if link == "hasMembership":
            parties_entry = _party(triples, labels, jurisdictions, origins, destinations, lang, book)
            if parties_entry is not None:
                parties[parties_entry.side].append(parties_entry)
        elif link == "hasCorridor":
            ends = [triples.get(f"{SMP_NS}{end}", []) for end in ("originCountry", "destinationCountry")]
            text = " → ".join(", ".join(term_text(v, labels, lang).text for v in values) or "?" for values in ends)
            corridors.append((text, book.cite(v for p in SOURCE_PREDICATES for v in triples.get(p, []))))
        else:
            by_link[link].append(fact_view(fact_iri, triples, labels, lang, book))
    known = {link for link, _ in SECTIONS} | _SPECIAL
    sections = [Section(key, tuple(by_link[link])) for link, key in SECTIONS if by_link.get(link)]
    others = tuple(fact for link, found in sorted(by_link.items()) if link not in known for fact in found)
    if others:
        sections.append(Section("partnership.other", others))
    kind = next((labels[t] for t in most_specific(own.get(_TYPE, [])) if t.startswith(SMP_NS) and t in labels), "")
    return PartnershipSummary(
        iri=iri,
        title=labels.get(iri) or iri,
        kind=kind,
        description=best_literal(own.get(f"{DCT}description", []), lang),
        overview=overview,
        funding=funding,
        sources=sources,
        parties={side: tuple(sorted(found, key=lambda p: p.member.text.lower())) for side, found in parties.items()},
        corridors=tuple(corridors),
        counts=tuple(by_link.get("hasParticipantCount", [])),
        costs=tuple(by_link.get("hasCostShare", [])),
        sections=tuple(sections),
        readiness=readiness,
        book=book,
    )


def _party(
    triples: dict[str, list[Node]],
    labels: dict[str, str],
    jurisdictions: dict[str, set[str]],
    origins: set[str],
    destinations: set[str],
    lang: str,
    book: SourceBook,
) -> Party | None:
    members = triples.get(f"{_ORG}member", [])
    if not members:
        return None
    member = str(members[0])
    roles = sorted(str(r) for r in triples.get(f"{_ORG}role", []))
    side = next((_STATE_SIDE[r] for r in roles if r in _STATE_SIDE), None)
    if side is None:
        where = jurisdictions.get(member, set()) | ({member} if member.startswith(COUNTRY_BASE) else set())
        side = "origin" if where & origins else "destination" if where & destinations else "third"
    view = term_text(members[0], labels, lang)
    return Party(
        member=view,
        roles=tuple(labels.get(r, _local(r)) for r in roles),
        funder=f"{SMP_NS}FunderRole" in roles,
        side=side,
        comment=best_literal(triples.get(f"{RDFS}comment", []), lang),
        funds=tuple(term_text(f, labels, lang) for f in triples.get(f"{SMP_NS}fundedThrough", [])),
        sources=book.cite(v for p in SOURCE_PREDICATES for v in triples.get(p, [])),
    )


def _natural(text: str) -> tuple[object, ...]:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))
