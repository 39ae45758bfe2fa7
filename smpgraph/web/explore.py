"""Explore the partnerships and agreements: faceted search, the corridor matrix and the cooperation network.

The explore page searches the index of :mod:`smpgraph.web.explore_index` (two SPARQL queries, no
inference needed) with the pure functions of :mod:`smpgraph.web.facets`. The filters are the query
parameters of a GET form, so a URL shares a search. The index (per language) and the graph views are
cached per data version (:func:`smpgraph.server.visual.cached_payload`, shared with the map and the
networks). The old server-drawn network redirects to the interactive one (``/network``).
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass
from typing import Final, TypeVar
from urllib.parse import urlencode

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from smpgraph.analysis.views import GraphViews
from smpgraph.domain import PARTNERSHIP
from smpgraph.errors import InputError
from smpgraph.server.context import current_store
from smpgraph.server.visual import cached_payload, shared_views
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
#: facets shown as one drop-down list (long lists; one keyboard stop each)
_SELECTS: Final = (Facet.COUNTRY, Facet.OCCUPATION)
#: facets open by default (the short ones the three tasks start from)
_OPEN: Final = (Facet.KIND, Facet.COUNTRY, Facet.DECADE, Facet.PROVISION)


def explore_index(lang: str) -> ExploreIndex:
    """The explore index of the current store in ``lang``, cached per data version (``cached_payload``)."""
    return cached_payload(f"explore.{lang}", lambda store: build_explore_index(store, lang))


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


@bp.get("/explore/corridors")
def corridors_page() -> str:
    """Origin x destination matrix of the partnerships' corridors, as a table."""
    views = shared_views()
    iris = {n for edge in views.corridors.edges() for n in edge}
    iris |= {p for *_, data in views.corridors.edges(data=True) for p in data["partnerships"]}
    matrix = corridor_matrix(views, fetch_labels(current_store(), iris, current_language()))
    return render_template("web/corridors.html", matrix=matrix)


@bp.get("/explore/network")
def network_page() -> Response:
    """The old server-drawn cooperation network: superseded by the interactive ``/network``, so a redirect."""
    query = urlencode(list(request.args.items(multi=True)))
    return redirect(url_for("web.cooperation_network_page") + (f"?{query}" if query else ""), code=301)
