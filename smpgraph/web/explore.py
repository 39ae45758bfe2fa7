"""Explore the partnerships: faceted search, the corridor matrix and the cooperation network.

The facet rows come from one SPARQL query that needs no inference (subclasses are followed with
``rdfs:subClassOf*``, stakeholders through ``smp:hasMembership/org:member``), so the page works on a
store whose reasoning is stale; rows are kept for the partnerships of the title query only (joining the
type in the facet query is a hundred times slower). The index, the graph views and the network drawing
are cached per app and rebuilt when the store's size changes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TypeVar, cast

from flask import Response, current_app, render_template, request, url_for
from rdflib import Literal

from smpgraph.analysis.views import GraphViews, fetch_rows, views_from_rows
from smpgraph.errors import AnalysisError, BackendUnavailableError
from smpgraph.namespaces import SMP
from smpgraph.server.context import current_store
from smpgraph.store.base import GraphStore, SelectResult
from smpgraph.web.blueprint import bp, current_language
from smpgraph.web.facets import Facet, FacetIndex, build_index, search
from smpgraph.web.terms import TermView, fetch_labels, href_for, pick_label

__all__ = ["PAGE_SIZE", "Corridors", "corridor_matrix", "facet_index"]

#: partnerships listed per page
PAGE_SIZE: Final = 50
_CACHE_KEY: Final = "smpgraph.web.cache"
_FACET_QUERY: Final = """
PREFIX smp: <https://w3id.org/smpgraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?p ?facet ?value WHERE {
  {
    ?p smp:originCountry|smp:destinationCountry ?value . BIND("country" AS ?facet)
  } UNION {
    ?p (smp:hasCorridor|smp:hasMobilityScheme)/(smp:originCountry|smp:destinationCountry) ?value .
    BIND("country" AS ?facet)
  } UNION {
    ?p smp:hasMembership/org:member ?value . ?value a smp:Country . BIND("country" AS ?facet)
  } UNION {
    ?p smp:coversOccupation|smp:hasTraining/smp:targetsOccupation ?value . BIND("occupation" AS ?facet)
  } UNION {
    ?p smp:sector ?value . FILTER(lang(?value) = "" || langMatches(lang(?value), "en"))
    BIND("sector" AS ?facet)
  } UNION {
    ?p smp:alignedWithSDG|smp:alignedWithGCMObjective ?value . BIND("objective" AS ?facet)
  } UNION {
    ?p smp:status ?value . BIND("status" AS ?facet)
  } UNION {
    ?p a ?value .
    FILTER(?value IN (smp:SkillsMobilityPartnership, smp:LabourMobilityPathway, smp:ComplementaryPathway,
                      smp:CooperationFramework))
    BIND("kind" AS ?facet)
  }
}
"""
_TITLE_QUERY: Final = """
PREFIX smp: <https://w3id.org/smpgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?p ?label WHERE { ?p a/rdfs:subClassOf* smp:Partnership . OPTIONAL { ?p rdfs:label ?label } }
"""

T = TypeVar("T")


def _cached(name: str, build: Callable[[GraphStore], T]) -> T:
    """A value derived from the store, cached on the app until the store's size changes."""
    store = current_store()
    cache = cast("dict[str, tuple[int, object]]", current_app.extensions.setdefault(_CACHE_KEY, {}))
    size = len(store)
    hit = cache.get(name)
    if hit is not None and hit[0] == size:
        return cast("T", hit[1])
    value = build(store)
    cache[name] = (size, value)
    return value


def facet_index(store: GraphStore, lang: str) -> FacetIndex:
    """The search index of every partnership of the store, labelled in ``lang``."""
    candidates: dict[str, list[Literal]] = {}
    titles_result = store.query(_TITLE_QUERY)
    assert isinstance(titles_result, SelectResult)
    for partnership, label in titles_result.rows:
        entry = candidates.setdefault(str(partnership), [])
        if isinstance(label, Literal):
            entry.append(label)
    titles = {iri: pick_label(labels, lang) or iri.rsplit("/", 1)[-1] for iri, labels in candidates.items()}
    result = store.query(_FACET_QUERY)
    assert isinstance(result, SelectResult)
    rows = [(str(p), Facet(str(facet)), str(value)) for p, facet, value in result.rows]
    typed = {p for p, facet, _ in rows if facet is Facet.KIND}
    rows += [(p, Facet.KIND, str(SMP.Partnership)) for p in titles if p not in typed]
    iris = {value for _, facet, value in rows if facet not in (Facet.SECTOR,)}
    return build_index(titles, rows, fetch_labels(store, iris, lang))


@bp.get("/explore")
def explore_page() -> str:
    """Faceted search: ``?country=&occupation=&sector=&objective=&status=&kind=`` (repeatable), ``q``, ``page``."""
    lang = current_language()
    index = _cached(f"facets.{lang}", lambda store: facet_index(store, lang))
    selection = {facet: request.args.getlist(facet.value) for facet in Facet}
    text = request.args.get("q", "").strip()
    result = search(index, selection, text=text)
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    pages = max(1, -(-len(result.matches) // PAGE_SIZE))
    page = min(page, pages)
    shown = result.matches[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    listed = [
        (
            TermView(text=index.titles[iri], href=href_for(iri), title=iri, is_iri=True),
            [index.labels.get(value, value) for value in sorted(index.values[iri].get(Facet.COUNTRY, ()))],
            [index.labels.get(value, value) for value in sorted(index.values[iri].get(Facet.KIND, ()))],
        )
        for iri in shown
    ]
    params = [(name, value) for name, value in request.args.items(multi=True) if name != "page"]

    def page_url(number: int) -> str:
        from urllib.parse import urlencode

        return url_for("web.explore_page") + "?" + urlencode([*params, ("page", str(number))])

    return render_template(
        "web/explore.html",
        result=result,
        facets=list(Facet),
        listed=listed,
        text=text,
        page=page,
        pages=pages,
        page_url=page_url,
        selected=any(selection.values()) or bool(text),
    )


@dataclass(frozen=True, slots=True)
class Corridors:
    """The origin x destination matrix: row and column countries, and the partnerships in each cell."""

    origins: tuple[TermView, ...]
    destinations: tuple[TermView, ...]
    cells: tuple[tuple[tuple[TermView, ...], ...], ...]


def corridor_matrix(views: GraphViews, labels: dict[str, str]) -> Corridors:
    """The corridor view as a matrix, countries sorted by label."""
    graph = views.corridors

    def name(iri: str) -> str:
        return labels.get(iri) or views.label(iri)

    origins = sorted({a for a, _ in graph.edges()}, key=name)
    destinations = sorted({b for _, b in graph.edges()}, key=name)
    cells = tuple(
        tuple(
            tuple(
                TermView(text=name(p), href=href_for(p), title=p, is_iri=True)
                for p in (graph[o][d]["partnerships"] if graph.has_edge(o, d) else ())
            )
            for d in destinations
        )
        for o in origins
    )

    def view(iri: str) -> TermView:
        return TermView(text=name(iri), href=href_for(iri), title=iri, is_iri=True)

    return Corridors(tuple(view(o) for o in origins), tuple(view(d) for d in destinations), cells)


def _views() -> GraphViews:
    return _cached("views", lambda store: views_from_rows(fetch_rows(store)))


@bp.get("/explore/corridors")
def corridors_page() -> str:
    """Origin x destination matrix of the partnerships' corridors, as a table."""
    views = _views()
    iris = {n for edge in views.corridors.edges() for n in edge}
    iris |= {p for *_, data in views.corridors.edges(data=True) for p in data["partnerships"]}
    matrix = corridor_matrix(views, fetch_labels(current_store(), iris, current_language()))
    return render_template("web/corridors.html", matrix=matrix)


def _network_svg(store: GraphStore) -> bytes | None:
    from smpgraph.analysis.plots import plot_network

    views = views_from_rows(fetch_rows(store))
    with tempfile.TemporaryDirectory(prefix="smpgraph-web-") as folder:
        path = Path(folder) / "network.svg"
        try:
            plot_network(views, path)
        except (AnalysisError, BackendUnavailableError):
            return None
        return path.read_bytes()


@bp.get("/explore/network")
def network_page() -> str:
    """The cooperation network drawn as SVG, with the best-connected stakeholders as a table."""
    views = _views()
    graph = views.cooperation
    ranked = sorted(graph, key=lambda n: (-graph.degree(n), views.label(n)))[:25]
    labels = fetch_labels(current_store(), ranked, current_language())
    rows = [
        (TermView(text=labels.get(n) or views.label(n), href=href_for(n), title=n, is_iri=True), graph.degree(n))
        for n in ranked
    ]
    available = _cached("network.svg", _network_svg) is not None
    return render_template("web/network.html", rows=rows, available=available, nodes=graph.number_of_nodes())


@bp.get("/explore/network.svg")
def network_svg() -> Response:
    """The drawing of the cooperation network (server-rendered by matplotlib)."""
    from smpgraph.errors import ResourceNotFoundError

    svg = _cached("network.svg", _network_svg)
    if svg is None:
        raise ResourceNotFoundError("the network drawing is unavailable (no stakeholders, or matplotlib missing)")
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
