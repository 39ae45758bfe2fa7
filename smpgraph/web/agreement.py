"""The page of a bilateral labour agreement of the dataset: parties, year, title, and what it provides.

The Bilateral Labor Agreements Dataset (``data/bla/bla.ttl``) codes 570 of its 1,222 agreements on the 34
best-practice provisions of the ILO (items (1) to (20c) of its codebook, ``data/mappings/bla-provisions.tsv``).
The page shows them as a checklist grouped by topic (the number of the item: (7a) to (7e) are one topic):
provided (coded 1), not provided (coded 0) or not coded (the agreement is not coded, or not on that item).

Several agreements share parties and year (three Canada - Philippines agreements of 2008): their titles
add what tells them apart, the date of signature when no other of them was signed that day, else the
dataset's number.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from rdflib import Literal, URIRef
from rdflib.term import Node

from smpgraph.bla.provisions import ProvisionMapping, read_provision_table
from smpgraph.domain import UNKNOWN_YEAR
from smpgraph.i18n import translate
from smpgraph.resources import query_text
from smpgraph.store.base import GraphStore
from smpgraph.web.facts import DCT, SMP_NS, SourceBook, SourceRef, labels_for, select, sentence, term_text
from smpgraph.web.formats import format_literal
from smpgraph.web.terms import TermView, sparql_iri

__all__ = ["AgreementPage", "Peer", "ProvisionCheck", "Topic", "distinguish", "gather_agreement", "title_of"]

_NUMBER: Final = re.compile(r"^\((\d+)")
#: the topics of the codebook that group several items; the others are named by their one item
_TOPICS: Final = frozenset({6, 7, 10, 11, 13, 20})


@dataclass(frozen=True, slots=True)
class Peer:
    """An agreement among those that share parties and year: its IRI, dataset number and date of signature."""

    iri: str
    number: str
    signed: datetime.date | None


@dataclass(frozen=True, slots=True)
class ProvisionCheck:
    """One provision of the checklist: codebook item, label, and ``provided``/``not-provided``/``not-coded``."""

    item: str
    label: str
    codebook_label: str
    status: str


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic of the codebook and its provisions."""

    title: str
    checks: tuple[ProvisionCheck, ...]


@dataclass(frozen=True, slots=True)
class AgreementPage:
    """What the page of a bilateral labour agreement shows."""

    iri: str
    title: str
    parties: tuple[TermView, ...]
    year: str | None
    full_title: str | None
    fields: tuple[tuple[str, str], ...]
    coded: bool
    provided: int
    total: int
    topics: tuple[Topic, ...]
    sources: tuple[SourceRef, ...]
    book: SourceBook


def distinguish(peers: Sequence[Peer], lang: str) -> dict[str, str]:
    """What each of several agreements with the same parties and year adds to its title ("" when alone).

    Examples:
        >>> a = Peer("a", "79", datetime.date(2008, 1, 29))
        >>> b = Peer("b", "80", datetime.date(2008, 1, 29))
        >>> distinguish([a, b], "en")
        {'a': 'no. 79', 'b': 'no. 80'}
        >>> distinguish([a, Peer("c", "81", None)], "fr")
        {'a': 'signé le 29 janvier 2008', 'c': 'n° 81'}
    """
    if len(peers) < 2:
        return {peer.iri: "" for peer in peers}
    days: dict[datetime.date, int] = defaultdict(int)
    for peer in peers:
        if peer.signed is not None:
            days[peer.signed] += 1
    found: dict[str, str] = {}
    for peer in peers:
        if peer.signed is not None and days[peer.signed] == 1:
            date = format_literal(Literal(peer.signed.isoformat(), datatype=_XSD_DATE), lang)
            found[peer.iri] = translate("agreement.signed", lang, date=date)
        else:
            found[peer.iri] = translate("agreement.number", lang, n=peer.number)
    return found


_XSD_DATE: Final = URIRef("http://www.w3.org/2001/XMLSchema#date")


def title_of(parties: Iterable[str], year: str | None, suffix: str, lang: str) -> str:
    """The title of an agreement's page: its parties and year, and what tells it apart from its peers."""
    base = translate(
        "agreement.title", lang, parties=" – ".join(parties), year=year or translate("agreement.no-year", lang)
    )
    return f"{base}, {suffix}" if suffix else base


def _year(values: Iterable[Node]) -> str | None:
    for value in values:
        text = str(value)[:4]
        if text.isdigit() and int(text) != UNKNOWN_YEAR:
            return text
    return None


def _date(value: Node | None) -> datetime.date | None:
    python = value.toPython() if isinstance(value, Literal) else None
    return python if isinstance(python, datetime.date) else None


def gather_agreement(store: GraphStore, iri: str, lang: str) -> AgreementPage:
    """Read the page of the bilateral labour agreement ``iri`` in ``lang``."""
    node = sparql_iri(iri)
    members: dict[str, Node] = {}
    instrument: dict[str, list[Node]] = defaultdict(list)
    for membership, party, predicate, obj in select(
        store, query_text("web/agreement.rq").replace("{agreement}", node)
    ).rows:
        if membership is not None and party is not None:
            members[str(membership)] = party
        elif predicate is not None and obj is not None:
            instrument[str(predicate)].append(obj)
    parties_iris = [members[m] for m in sorted(members, key=_natural)]
    coding = {
        str(item): bool(present.toPython())
        for item, present in select(store, query_text("web/agreement-coding.rq").replace("{agreement}", node)).rows
        if isinstance(present, Literal)
    }
    peers = [
        Peer(str(other), str(number), _date(signed))
        for other, number, signed in select(
            store, query_text("web/agreement-peers.rq").replace("{agreement}", node)
        ).rows
    ]
    wanted = {str(p) for p in parties_iris} | {str(o) for v in instrument.values() for o in v if isinstance(o, URIRef)}
    labels = labels_for(store, wanted | set(instrument), lang)
    parties = tuple(term_text(p, labels, lang) for p in parties_iris)
    year = _year(instrument.get(f"{DCT}date", []))
    suffix = distinguish(peers, lang).get(iri, "") if len(peers) > 1 else ""
    full_title = next((str(v) for v in instrument.get(f"{DCT}title", []) + instrument.get(_LABEL, [])), None)
    fields: list[tuple[str, str]] = []
    for name in ("dateSigned", "dateRatified"):
        for value in instrument.get(f"{SMP_NS}{name}", []):
            if isinstance(value, Literal):
                fields.append((sentence(labels.get(f"{SMP_NS}{name}", name)), format_literal(value, lang)))
    for value in instrument.get(f"{DCT}identifier", []):
        fields.append((translate("agreement.dataset-number", lang), str(value)))
    book = SourceBook(labels_for(store, _sources(store, node), lang))
    sources = book.cite(_sources(store, node))
    return AgreementPage(
        iri=iri,
        title=title_of((p.text for p in parties), year, suffix, lang),
        parties=parties,
        year=year,
        full_title=full_title,
        fields=tuple(fields),
        coded=bool(coding),
        provided=sum(coding.values()),
        total=len(_provisions()),
        topics=_topics(coding, lang),
        sources=sources,
        book=book,
    )


_LABEL: Final = "http://www.w3.org/2000/01/rdf-schema#label"


def _sources(store: GraphStore, node: str) -> list[URIRef]:
    query = (
        "SELECT DISTINCT ?s WHERE { { " + node + " <http://purl.org/dc/terms/source>|"
        "<http://www.w3.org/ns/prov#wasDerivedFrom> ?s } UNION { " + node + " <" + SMP_NS + "hasInstrument> ?i . "
        "?i <http://purl.org/dc/terms/source>|<http://www.w3.org/ns/prov#wasDerivedFrom> ?s } }"
    )
    return [row[0] for row in select(store, query).rows if isinstance(row[0], URIRef)]


@functools.lru_cache(maxsize=1)
def _provisions() -> tuple[ProvisionMapping, ...]:
    return read_provision_table()


def _topics(coding: dict[str, bool], lang: str) -> tuple[Topic, ...]:
    grouped: dict[int, list[ProvisionCheck]] = defaultdict(list)
    for entry in _provisions():
        match = _NUMBER.match(entry.item)
        number = int(match.group(1)) if match else 0
        present = coding.get(entry.item)
        status = "not-coded" if present is None else "provided" if present else "not-provided"
        label = translate(f"bla.item.{entry.variable}", lang)
        grouped[number].append(ProvisionCheck(entry.item, label, entry.label, status))
    return tuple(
        Topic(translate(f"bla.topic.{number}", lang) if number in _TOPICS else checks[0].label, tuple(checks))
        for number, checks in sorted(grouped.items())
    )


def _natural(text: str) -> tuple[object, ...]:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))
