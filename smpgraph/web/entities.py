"""A page for every resource of the graph, and our IRIs dereferenced with content negotiation.

``/id/{path}`` serves ``https://w3id.org/smpgraph/id/{path}``: browsers get the HTML page, RDF clients the
resource's concise bounded description as Turtle, JSON-LD, N-Triples or RDF/XML (``Accept``, or
``?format=ttl|jsonld|nt|rdf``), and 404 when no triple mentions the IRI. Other IRIs (ESCO occupations, the
EU's countries, SDGs) have the same page at ``/resource?iri=``. Partnerships list their stakeholders with
their roles; countries, stakeholders and occupations list the partnerships they take part in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Final, cast

from flask import Response, redirect, render_template, request
from rdflib import Literal, URIRef
from rdflib.term import Node

from smpgraph.domain import PARTNERSHIP_KINDS
from smpgraph.errors import ResourceNotFoundError
from smpgraph.namespaces import ID, IOM_PAPER, SMP, bind_prefixes
from smpgraph.server.context import current_store
from smpgraph.server.errors import ProtocolError
from smpgraph.server.negotiation import choose_media_type, content_type
from smpgraph.store.base import AskResult, GraphStore, ResultFormat, SelectResult
from smpgraph.web.blueprint import bp, current_language
from smpgraph.web.partnership import most_specific
from smpgraph.web.summary import page_kind, summary_html
from smpgraph.web.terms import PAPER_PATH, TermView, fetch_labels, href_for, pick_label, sparql_iri, term_view

__all__ = ["ResourcePage", "resource_page"]

_HTML: Final = "text/html"
_RDF: Final = {
    ResultFormat.TURTLE.media_type: ResultFormat.TURTLE,
    ResultFormat.JSONLD.media_type: ResultFormat.JSONLD,
    ResultFormat.NTRIPLES.media_type: ResultFormat.NTRIPLES,
    ResultFormat.RDFXML.media_type: ResultFormat.RDFXML,
}
_BY_SUFFIX: Final = {fmt.suffix: fmt for fmt in _RDF.values()}
_RDFLIB: Final = {
    ResultFormat.TURTLE: "turtle",
    ResultFormat.JSONLD: "json-ld",
    ResultFormat.NTRIPLES: "nt",
    ResultFormat.RDFXML: "xml",
}
_OFFERS: Final = (_HTML, *_RDF)
_MAX_VALUES: Final = 500
_MAX_PARTNERSHIPS: Final = 300
_DESCRIPTIONS: Final = (
    "http://purl.org/dc/terms/description",
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://www.w3.org/2000/01/rdf-schema#comment",
)
_TITLES: Final = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
)
_TYPE: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: whether ``?p`` is a bilateral labour agreement (as in ``queries/web/kind.rq``: its instrument is one, and
#: it is not a partnership of one of the kinds, such as a skills mobility partnership, which keeps its page)
_IS_AGREEMENT: Final = (
    "EXISTS { ?p smp:hasInstrument/a smp:BilateralLabourMigrationAgreement } && NOT EXISTS { ?p a ?kind . "
    f"VALUES ?kind {{ {' '.join(f'<{kind}>' for kind in PARTNERSHIP_KINDS)} }} }}"
)
_PROV: Final = "http://www.w3.org/ns/prov#"


@dataclass(frozen=True, slots=True)
class ResourcePage:
    """What the page of one resource shows.

    Attributes:
        iri: the resource.
        title: its label in the page's language (else its IRI).
        description: its description or definition, if any.
        types: its classes.
        properties: (property, values) of its own triples, in a stable order.
        stakeholders: for a partnership: (stakeholder, roles).
        partnerships: for anything else: the partnerships it takes part in (capped), and how many in all.
        partnership_total: how many partnerships in all.
        agreements: the bilateral labour agreements among them, listed apart (capped): a partnership whose
            instrument is a ``smp:BilateralLabourMigrationAgreement`` and which is not a skills mobility
            partnership or a pathway (the rule of its summary page, :mod:`smpgraph.web.summary`).
        agreement_total: how many agreements in all.
        rdf_links: (label, href) of its RDF representations (for our own IRIs).
    """

    iri: str
    title: str
    description: str | None
    types: tuple[TermView, ...]
    properties: tuple[tuple[TermView, tuple[TermView, ...]], ...]
    stakeholders: tuple[tuple[TermView, tuple[TermView, ...]], ...]
    partnerships: tuple[TermView, ...]
    partnership_total: int
    agreements: tuple[TermView, ...]
    agreement_total: int
    rdf_links: tuple[tuple[str, str], ...]


def _natural(term: object) -> tuple[object, ...]:
    """Sort key that puts ``.../membership/2`` before ``.../membership/10``."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(term)))


def _select(store: GraphStore, sparql: str) -> SelectResult:
    result = store.query(sparql)
    assert isinstance(result, SelectResult)
    return result


def _exists(store: GraphStore, iri: str) -> bool:
    node = sparql_iri(iri)
    result = store.query(f"ASK {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }}")
    return isinstance(result, AskResult) and result.value


def resource_page(store: GraphStore, iri: str, lang: str, *, with_related: bool = True) -> ResourcePage:
    """Gather the page of ``iri`` (``with_related=False``: without the partnerships it takes part in).

    Raises:
        InputError: ``iri`` is not a valid IRI.
    """
    node = sparql_iri(iri)
    own = _select(store, f"SELECT ?p ?o WHERE {{ {node} ?p ?o }} LIMIT {_MAX_VALUES}")
    by_property: dict[str, list[Node]] = defaultdict(list)
    for predicate, obj in own.rows:
        if obj is not None:
            by_property[str(predicate)].append(obj)
    members = _select(
        store,
        "PREFIX org: <http://www.w3.org/ns/org#> PREFIX smp: <https://w3id.org/smpgraph/ontology#> "
        f"SELECT ?member ?role WHERE {{ {node} smp:hasMembership ?m . ?m org:member ?member . "
        "OPTIONAL { ?m org:role ?role } }",
    )
    related = (
        SelectResult(variables=("p", "agreement"), rows=())
        if not with_related
        else _select(
            store,
            "PREFIX org: <http://www.w3.org/ns/org#> PREFIX smp: <https://w3id.org/smpgraph/ontology#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            # what involves the node first, then the class check: six times quicker than the other way round
            "SELECT DISTINCT ?p ?agreement WHERE { { SELECT DISTINCT ?p WHERE { "
            f"{{ ?p smp:hasMembership/org:member {node} }} UNION {{ ?p smp:originCountry|smp:destinationCountry|"
            f"smp:coversOccupation|smp:alignedWithSDG|smp:alignedWithGCMObjective|smp:status {node} }} UNION "
            f"{{ ?p smp:hasTraining/smp:targetsOccupation {node} }} UNION "
            f"{{ ?p (smp:hasCorridor|smp:hasMobilityScheme)/(smp:originCountry|smp:destinationCountry) {node} }} }} }} "
            "FILTER EXISTS { ?p a/rdfs:subClassOf* smp:Partnership } "
            f"BIND ({_IS_AGREEMENT} AS ?agreement) }}",
        )
    )
    flagged = {str(row[0]): row[1] == Literal(True) for row in related.rows}
    agreement_iris = sorted(p for p, agreement in flagged.items() if agreement)
    partnership_iris = sorted(p for p, agreement in flagged.items() if not agreement)
    iris = {iri, *by_property}
    iris |= {str(o) for values in by_property.values() for o in values if isinstance(o, URIRef)}
    iris |= {str(term) for row in members.rows for term in row if isinstance(term, URIRef)}
    iris |= set(partnership_iris[:_MAX_PARTNERSHIPS]) | set(agreement_iris[:_MAX_PARTNERSHIPS])
    labels = fetch_labels(store, iris, lang)
    title = labels.get(iri) or _fact_title(store, node, by_property.get(_TYPE, []), labels, lang) or iri
    descriptions = [o for p in _DESCRIPTIONS for o in by_property.get(p, []) if isinstance(o, Literal)]
    types = tuple(term_view(o, labels) for o in by_property.get(_TYPE, []))
    skipped = {_TYPE, *_DESCRIPTIONS[:1], *_TITLES}
    properties = tuple(
        (
            term_view(URIRef(p), labels),
            tuple(term_view(o, labels) for o in sorted(values, key=_natural)),
        )
        for p, values in sorted(by_property.items(), key=lambda item: labels.get(item[0], item[0]).lower())
        if p not in skipped
    )
    roles: dict[str, list[TermView]] = defaultdict(list)
    for member, role in members.rows:
        views = roles[str(member)]
        if role is not None:
            views.append(term_view(role, labels))
    stakeholders = tuple(
        (term_view(URIRef(member), labels), tuple(found))
        for member, found in sorted(roles.items(), key=lambda item: labels.get(item[0], item[0]).lower())
    )

    def listed(iris: list[str]) -> tuple[TermView, ...]:
        views = (term_view(URIRef(p), labels) for p in iris[:_MAX_PARTNERSHIPS])
        return tuple(sorted(views, key=lambda view: view.text.lower()))

    rdf_links: tuple[tuple[str, str], ...] = ()
    if iri.startswith(str(ID)):
        base = href_for(iri).partition("#")[0]
        rdf_links = tuple((name, f"{base}?format={fmt.suffix}") for name, fmt in _LINK_NAMES)
    return ResourcePage(
        iri=iri,
        title=title,
        description=pick_label(descriptions, lang),
        types=types,
        properties=properties,
        stakeholders=stakeholders,
        partnerships=listed(partnership_iris),
        partnership_total=len(partnership_iris),
        agreements=listed(agreement_iris),
        agreement_total=len(agreement_iris),
        rdf_links=rdf_links,
    )


def _fact_title(store: GraphStore, node: str, types: list[Node], labels: dict[str, str], lang: str) -> str | None:
    """A title for an unlabelled fact node (docs/decisions/0004-provenance.md): its kind and its partnership."""
    owner = _select(
        store,
        f"SELECT ?owner WHERE {{ ?owner ?link {node} "
        'FILTER (STRSTARTS(STR(?link), "https://w3id.org/smpgraph/ontology#has")) } LIMIT 1',
    ).rows
    if not owner or not isinstance(owner[0][0], URIRef):
        return None
    found = fetch_labels(store, {str(owner[0][0]), *(str(t) for t in types)}, lang)
    ranked = sorted(most_specific(types), key=lambda t: (not t.startswith(str(SMP)), t.startswith(_PROV), t))
    kinds = [found[t] for t in ranked if t in found]
    partnership = found.get(str(owner[0][0]), str(owner[0][0]))
    return f"{kinds[0]} · {partnership}" if kinds else partnership


_LINK_NAMES: Final = (
    ("Turtle", ResultFormat.TURTLE),
    ("JSON-LD", ResultFormat.JSONLD),
    ("N-Triples", ResultFormat.NTRIPLES),
)


def _not_found(iri: str) -> Response:
    body = render_template("web/not_found.html", iri=iri)
    return Response(body, status=404, mimetype=_HTML)


def _serve(iri: str) -> Response:
    """The resource in the representation the client asked for."""
    store = current_store()
    suffix = request.args.get("format")
    if suffix is not None:
        fmt = _BY_SUFFIX.get(suffix)
        if fmt is None:
            raise ProtocolError(f"format must be one of {', '.join(_BY_SUFFIX)}, not {suffix!r}")
        media = fmt.media_type
    else:
        media = choose_media_type(request.headers.get("Accept"), _OFFERS)
    exists = _exists(store, iri)
    if media == _HTML:
        if not exists:
            return _not_found(iri)
        lang = current_language()
        kind = page_kind(store, iri)
        page = resource_page(store, iri, lang, with_related=kind is None)
        body = summary_html(store, iri, lang, kind, page) if kind else render_template("web/resource.html", page=page)
        response = Response(body, mimetype=_HTML)
    else:
        if not exists:
            raise ResourceNotFoundError(f"no triple mentions <{iri}>")
        fmt = _RDF[media]
        graph = bind_prefixes(store.describe([iri]))
        response = Response(graph.serialize(format=_RDFLIB[fmt], encoding="utf-8"), content_type=content_type(fmt))
    response.headers.add("Vary", "Accept")
    return response


@bp.get("/id/<path:path>")
def dereference(path: str) -> Response:
    """``https://w3id.org/smpgraph/id/{path}``, negotiated; the IOM paper itself opens its page."""
    iri = f"{ID}{path}"
    if (
        iri == str(IOM_PAPER).rstrip("#")
        and request.args.get("format") is None
        and choose_media_type(request.headers.get("Accept"), _OFFERS) == _HTML
    ):
        return cast("Response", redirect(PAPER_PATH, code=303))
    return _serve(iri)


@bp.get("/resource")
def external_resource() -> Response:
    """The page (or RDF) of any IRI: ``?iri=``; our own IRIs redirect to ``/id/...``."""
    iri = request.args.get("iri", "").strip()
    if not iri:
        raise ProtocolError("name the resource with ?iri=")
    sparql_iri(iri)
    if iri.startswith(str(ID)) and "#" not in iri:
        return cast("Response", redirect(href_for(iri), code=303))
    return _serve(iri)
