"""Content negotiation: an ``Accept`` header with q-values against the formats a response can take.

The rules are RFC 9110 section 12.5.1: each media range has a quality (``q``, default 1); an offer gets
the quality of the most specific range that matches it (``type/subtype`` over ``type/*`` over ``*/*``);
``q=0`` means "not acceptable". Among offers of equal quality the server's order of preference wins.
A few common generic types are accepted as aliases (``application/json`` for SPARQL JSON results or
JSON-LD, ``application/xml`` for SPARQL XML results or RDF/XML, ``text/plain`` for N-Triples).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from smpgraph.errors import SmpGraphError
from smpgraph.store.base import QueryForm, ResultFormat


class NotAcceptableError(SmpGraphError):
    """No representation the client accepts can be produced (HTTP 406)."""

    exit_code = 2
    http_status = 406


#: formats of SELECT and ASK results, in the server's order of preference
TABULAR_OFFERS: Final = (ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV, ResultFormat.TSV)
#: formats of graphs (CONSTRUCT, DESCRIBE, Graph Store GET, service description), in order of preference
GRAPH_OFFERS: Final = (ResultFormat.TURTLE, ResultFormat.NTRIPLES, ResultFormat.JSONLD, ResultFormat.RDFXML)

_ALIASES: Final[dict[ResultFormat, tuple[str, ...]]] = {
    ResultFormat.JSON: ("application/json",),
    ResultFormat.XML: ("application/xml", "text/xml"),
    ResultFormat.TURTLE: ("application/x-turtle",),
    ResultFormat.NTRIPLES: ("text/plain",),
    ResultFormat.JSONLD: ("application/json",),
    ResultFormat.RDFXML: ("application/xml", "text/xml"),
}


@dataclass(frozen=True, slots=True)
class MediaRange:
    """One element of an ``Accept`` header."""

    type: str
    subtype: str
    quality: float

    def specificity(self, media_type: str) -> int:
        """How specifically this range matches ``media_type`` (-1: no match, 0 ``*/*``, 1 ``t/*``, 2 exact)."""
        main, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != main:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


@lru_cache(maxsize=256)
def parse_accept(header: str) -> tuple[MediaRange, ...]:
    """Parse an ``Accept`` header; malformed elements are skipped, a malformed ``q`` counts as 1.

    Examples:
        >>> [(r.type, r.subtype, r.quality) for r in parse_accept("text/turtle;q=0.5, */*;q=0.1")]
        [('text', 'turtle', 0.5), ('*', '*', 0.1)]
    """
    ranges: list[MediaRange] = []
    for element in header.split(","):
        parts = [part.strip() for part in element.split(";")]
        media = parts[0].lower()
        if media == "*":  # seen in the wild, means */*
            media = "*/*"
        main, slash, sub = media.partition("/")
        if not slash or not main or not sub or (main == "*" and sub != "*"):
            continue
        quality = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(1.0, max(0.0, float(value.strip())))
                except ValueError:
                    quality = 1.0
        ranges.append(MediaRange(main, sub, quality))
    return tuple(ranges)


def _quality(ranges: Sequence[MediaRange], media_types: Sequence[str]) -> float:
    best_specificity = -1
    quality = 0.0
    for media_type in media_types:
        for media_range in ranges:
            specificity = media_range.specificity(media_type)
            if specificity > best_specificity or (specificity == best_specificity and media_range.quality > quality):
                best_specificity, quality = specificity, media_range.quality
    return quality if best_specificity >= 0 else 0.0


@lru_cache(maxsize=512)
def _choose(header: str, offers: tuple[ResultFormat, ...]) -> ResultFormat | None:
    ranges = parse_accept(header)
    if not ranges:
        return offers[0]
    best: ResultFormat | None = None
    best_quality = 0.0
    for offer in offers:
        exact = _quality(ranges, (offer.media_type,))
        alias = _quality(ranges, _ALIASES.get(offer, ()))
        quality = max(exact, alias * 0.999)  # the exact type wins ties against an alias
        if quality > best_quality:
            best, best_quality = offer, quality
    return best


def choose_format(accept: str | None, offers: Sequence[ResultFormat]) -> ResultFormat:
    """The format to answer in, given the ``Accept`` header and the offers in order of preference.

    Raises:
        NotAcceptableError: the client accepts none of the offers.

    Examples:
        >>> choose_format("text/csv;q=0.9, application/sparql-results+xml", TABULAR_OFFERS).name
        'XML'
        >>> choose_format(None, GRAPH_OFFERS).name
        'TURTLE'
    """
    offers = tuple(offers)
    chosen = offers[0] if not accept or not accept.strip() else _choose(accept.strip(), offers)
    if chosen is None:
        raise NotAcceptableError(
            f"none of the accepted media types ({accept}) can be produced here; available: "
            + ", ".join(offer.media_type for offer in offers)
        )
    return chosen


def offers_for(form: QueryForm) -> tuple[ResultFormat, ...]:
    """The formats a result of ``form`` can be written in."""
    return TABULAR_OFFERS if form in (QueryForm.SELECT, QueryForm.ASK) else GRAPH_OFFERS


def content_type(fmt: ResultFormat) -> str:
    """The ``Content-Type`` of a response in ``fmt`` (UTF-8 named for the text formats)."""
    return _CONTENT_TYPES[fmt]


_CONTENT_TYPES: Final = {
    fmt: fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith("text/") else "") for fmt in ResultFormat
}


@lru_cache(maxsize=256)
def _choose_media_type(header: str, offers: tuple[str, ...]) -> str | None:
    ranges = parse_accept(header)
    if not ranges:
        return offers[0]
    best: str | None = None
    best_quality = 0.0
    for offer in offers:
        quality = _quality(ranges, (offer,))
        if quality > best_quality:
            best, best_quality = offer, quality
    return best


def choose_media_type(accept: str | None, offers: Sequence[str]) -> str:
    """Like :func:`choose_format`, for responses that are not RDF or SPARQL results (reports, HTML).

    Raises:
        NotAcceptableError: the client accepts none of the offers.

    Examples:
        >>> choose_media_type("text/html, */*;q=0.1", ("application/json", "text/html"))
        'text/html'
    """
    offers = tuple(offers)
    chosen = offers[0] if not accept or not accept.strip() else _choose_media_type(accept.strip(), offers)
    if chosen is None:
        raise NotAcceptableError(
            f"none of the accepted media types ({accept}) can be produced here; available: {', '.join(offers)}"
        )
    return chosen
