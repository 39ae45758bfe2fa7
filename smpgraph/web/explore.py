"""Explore the partnerships and agreements: faceted search, the corridor matrix and the cooperation network.

The explore page searches the index of :mod:`smpgraph.web.explore_index` (two SPARQL queries, no
inference needed) with the pure functions of :mod:`smpgraph.web.facets`. The filters are the query
parameters of a GET form, so a URL shares a search. The index, the graph views and the network drawing
are cached per app (the index per language) and rebuilt when the store's size changes.
"""

from __future__ import annotations

import enum
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TypeVar, cast
from urllib.parse import urlencode

from flask import Response, current_app, render_template, request, url_for

from smpgraph.analysis.views import GraphViews, fetch_rows, views_from_rows
from smpgraph.domain import PARTNERSHIP
from smpgraph.errors import AnalysisError, BackendUnavailableError, InputError
from smpgraph.server.context import current_store
from smpgraph.store.base import GraphStore
from smpgraph.web.blueprint import bp, current_language
from smpgraph.web.explore_index import KINDS, ExploreIndex, build_explore_index, occupation_depth
from smpgraph.web.facets import Facet, FacetCount, Selection, Side, Sort, search
from smpgraph.web.terms import TermView, fetch_labels, href_for

__all__ = ["PAGE_SIZE", "Corridors", "Match", "corridor_matrix", "explore_index", "read_selection"]


class Match(enum.Enum):
    """Whether an entry needs any or all of the selected provisions (``match=``)."""

    ANY = "any"
    ALL = "all"


E = TypeVar("E", bound=enum.Enum)

#: entries listed per page
PAGE_SIZE: Final = 50
_CACHE_KEY: Final = "smpgraph.web.cache"
#: facets shown as one drop-down list (long lists; one keyboard stop each)
_SELECTS: Final = (Facet.COUNTRY, Facet.OCCUPATION)
#: facets open by default (the short ones the three tasks start from)
_OPEN: Final = (Facet.KIND, Facet.COUNTRY, Facet.DECADE, Facet.PROVISION)

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


def explore_index(lang: str) -> ExploreIndex:
    """The explore index of the current store in ``lang`` (cached until the store changes)."""
    return _cached(f"explore.{lang}", lambda store: build_explore_index(store, lang))


def _choice(name: str, kind: type[E], default: E) -> E:
    text = request.args.get(name, "").strip()
    if not text:
        return default
    try:
        return kind(text)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in kind)
        raise InputError(f"{name}={text!r} is not one of: {allowed}") from None


def _year_arg(name: str) -> int | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 4:
        raise InputError(f"{name}={text!r} is not a year (four digits)")
    return int(text)


def read_selection() -> Selection:
    """The selection of the request's query parameters.

    Raises:
        InputError: a year, side, sort order or provision mode that is not one of those offered.
    """
    values = {facet: [v for v in request.args.getlist(facet.value) if v] for facet in Facet}
    return Selection(
        values={facet: chosen for facet, chosen in values.items() if chosen},
        side=_choice("side", Side, Side.ANY),
        all_provisions=_choice("match", Match, Match.ANY) is Match.ALL,
        year_from=_year_arg("from"),
        year_to=_year_arg("to"),
        text=request.args.get("q", "").strip(),
        sort=_choice("sort", Sort, Sort.RELEVANCE),
    )


def _ordered(facet: Facet, counts: tuple[FacetCount, ...], index: ExploreIndex) -> list[FacetCount]:
    if facet is Facet.OCCUPATION:
        return sorted(counts, key=lambda c: c.value)
    if facet is Facet.DECADE:
        return sorted(counts, key=lambda c: c.value, reverse=True)
    if facet is Facet.PROVISION:
        order = {row.variable: n for n, row in enumerate(index.provisions)}
        return sorted(counts, key=lambda c: order.get(c.value, len(order)))
    if facet is Facet.COUNTRY:
        return sorted(counts, key=lambda c: c.label.lower())
    return list(counts)


@bp.get("/explore")
def explore_page() -> str:
    """Faceted search of partnerships and agreements; every filter is a query parameter (shareable URL).

    Facets (repeatable): ``kind``, ``country`` (with ``side=any|origin|destination``), ``decade``,
    ``provision`` (with ``match=any|all``), ``occupation``, ``sector``, ``funder``, ``status``, ``objective``;
    ``from`` and ``to`` (years), ``q`` (words of the title), ``sort=relevance|year|year-asc|title``, ``page``.
    """
    lang = current_language()
    index = explore_index(lang)
    selection = read_selection()
    result = search(index.entries, selection, index.labels)
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    pages = max(1, -(-len(result.matches) // PAGE_SIZE))
    page = min(page, pages)
    kinds = dict.fromkeys(KINDS, 0) | Counter(entry.kind for entry in result.matches)
    listed = [
        (
            TermView(text=entry.title, href=href_for(entry.iri), title=entry.iri, is_iri=True),
            index.labels.get(entry.kind, entry.kind),
            entry.year,
            sorted(index.labels.get(c, c) for c in entry.values.get(Facet.COUNTRY, ())),
        )
        for entry in result.matches[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    ]
    params = [(name, value) for name, value in request.args.items(multi=True) if name != "page"]

    def page_url(number: int) -> str:
        return url_for("web.explore_page") + "?" + urlencode([*params, ("page", str(number))])

    return render_template(
        "web/explore.html",
        result=result,
        facets=[(facet, _ordered(facet, result.facets[facet], index)) for facet in Facet],
        selects=_SELECTS,
        open_facets=_OPEN,
        depth=occupation_depth,
        kinds=[(kind, index.labels.get(kind, kind), n) for kind, n in kinds.items() if n or kind != str(PARTNERSHIP)],
        listed=listed,
        selection=selection,
        sides=list(Side),
        sorts=list(Sort),
        page=page,
        pages=pages,
        page_size=PAGE_SIZE,
        page_url=page_url,
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
