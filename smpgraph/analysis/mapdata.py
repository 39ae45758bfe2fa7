"""The corridor map's data: partnerships and agreements per country and decade, and the corridors between them.

:func:`map_payload` is pure: the gap analysis's views (skills mobility partnerships, pathways and other
partnerships with their corridors), the agreement network (bilateral labour agreements between two States)
and the partnerships' start years (``analysis/partnership_years.rq``) in, one JSON-ready dict out. Countries
are keyed by the last segment of their IRI (the ISO alpha-3 code, ``XK`` for Kosovo), which is how the map
joins them to the world outline. Counting is left to the page, so switching between partnerships,
agreements or both and between decades needs no request.

Migrant stocks (``graph/stocks``, UN DESA International Migrant Stock 2019, ADR 0018) are a layer of the
map (:func:`stock_layer`): the 45k observations are too many to ship, so ``stocks`` holds the largest
corridors between two countries of each year (:data:`MAP_TOP` per year, ranked as every stock table is), their
stock in every year and whether a partnership or an agreement covers them, and each country's immigrant and
emigrant stock per year for shading. UN areas and regions (the mapping's aggregates) are never countries here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from smpgraph.analysis.model import local_name
from smpgraph.analysis.results import JsonValue
from smpgraph.analysis.rows import Row, text_or_none
from smpgraph.analysis.stocks.data import is_country
from smpgraph.analysis.stocks.ranking import ranked_corridors

if TYPE_CHECKING:
    from collections.abc import Callable

    from smpgraph.analysis.agreements import AgreementNetwork
    from smpgraph.analysis.stocks.data import Cooperation, StockData
    from smpgraph.analysis.views import GraphViews

__all__ = ["MAP_TOP", "country_code", "map_payload", "partnership_years", "stock_layer"]

#: stock corridors sent per year: the largest between two countries (360 corridors, 38 kB, for the four years)
MAP_TOP: Final = 250


def country_code(iri: str) -> str:
    """The code a country IRI ends with (``MAR`` for ``.../country/MAR``)."""
    return local_name(iri)


def partnership_years(rows: Sequence[Row]) -> dict[str, int]:
    """Partnership -> the year it started, from the rows of ``analysis/partnership_years.rq``."""
    years: dict[str, int] = {}
    for row in rows:
        iri, year = text_or_none(row.get("partnership")), text_or_none(row.get("year"))
        if iri is not None and year is not None and year.lstrip("-").isdigit():
            years[iri] = int(year)
    return years


def _decade(year: int | None) -> int | None:
    return None if year is None else year // 10 * 10


def map_payload(
    views: GraphViews,
    network: AgreementNetwork | None,
    years: Mapping[str, int],
    labels: Mapping[str, str] | None = None,
    *,
    stocks: StockData | None = None,
    cooperation: Cooperation | None = None,
    top: int = MAP_TOP,
) -> dict[str, JsonValue]:
    """What the corridor map draws.

    Args:
        views: the gap analysis's views (partnerships, their countries and corridors).
        network: the agreement network, or None when the store holds no bilateral labour agreement.
        years: partnership -> start year (see :func:`partnership_years`).
        labels: IRI -> label in the page's language (else the views', network's and stocks' labels).
        stocks: the migrant stocks, or None when the store holds none.
        cooperation: partnerships and agreements by corridor (marks the stock corridors they cover).
        top: stock corridors kept per year.

    Returns:
        ``countries`` (code -> ``{iri, label}``), ``partnerships`` (every partnership that is not a
        bilateral labour agreement: ``id``, ``label``, ``kind``, ``decade``, ``countries``, ``corridors``),
        ``corridors`` (origin -> destination with the partnerships on it), ``pairs`` (two States with
        agreements, by decade: ``{a, b, agreements, decades}``), ``decades`` and ``stocks`` (see
        :func:`stock_layer`; its lists are empty when the store holds no migrant stock).
    """
    names = dict(labels or {})
    # the BLAs of the dataset; a partnership of a named kind resting on such an agreement stays a partnership
    agreements = {iri for iri, facts in views.partnerships.items() if facts.is_agreement}
    countries: dict[str, dict[str, JsonValue]] = {}

    def country(iri: str) -> str:
        code = country_code(iri)
        if code not in countries:
            label = names.get(iri) or (network.label(iri) if network is not None and iri in network.simple else "")
            label = label or (stocks.labels.get(iri, "") if stocks is not None else "")
            countries[code] = {"iri": iri, "label": label or views.label(iri)}
        return code

    decades: set[int] = set()
    partnerships: list[JsonValue] = []
    for facts in sorted(views.partnerships.values(), key=lambda f: f.iri):
        if facts.iri in agreements:
            continue
        decade = _decade(years.get(facts.iri))
        if decade is not None:
            decades.add(decade)
        flows = sorted(facts.flows)
        partnerships.append(
            {
                "id": facts.iri,
                "label": names.get(facts.iri) or facts.label,
                "kind": local_name(facts.type),
                "decade": decade,
                "countries": list[JsonValue](sorted({country(c) for c in (*facts.origins, *facts.destinations)})),
                "corridors": [[country(o), country(d)] for o, d in flows],
            }
        )
    corridors: list[JsonValue] = []
    for origin, destination, data in sorted(views.corridors.edges(data=True), key=lambda e: (e[0], e[1])):
        members = [p for p in data["partnerships"] if p not in agreements]
        if members:
            corridors.append({"origin": country(origin), "destination": country(destination), "partnerships": members})
    pairs: list[JsonValue] = []
    if network is not None:
        by_pair: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for agreement in network.agreements.values():
            if agreement.pair is None:
                continue
            decade = agreement.decade
            if decade is not None:
                decades.add(decade)
            by_pair[agreement.pair]["" if decade is None else str(decade)] += 1
        for (a, b), counts in sorted(by_pair.items()):
            pairs.append(
                {"a": country(a), "b": country(b), "agreements": sum(counts.values()), "decades": dict(counts)}
            )
    layer = stock_layer(stocks, cooperation, country, top=top)
    return {
        "countries": dict(sorted(countries.items())),
        "partnerships": partnerships,
        "corridors": corridors,
        "pairs": pairs,
        "decades": list[JsonValue](sorted(decades)),
        "stocks": layer,
    }


def stock_layer(
    data: StockData | None,
    cooperation: Cooperation | None,
    code: Callable[[str], str] = country_code,
    *,
    top: int = MAP_TOP,
) -> dict[str, JsonValue]:
    """The migrant stock layer of the map (pure).

    Args:
        data: the stocks, or None (then every list is empty).
        cooperation: partnerships and agreements by corridor, or None (then no corridor counts as covered).
        code: country IRI -> the map's key (:func:`country_code`; :func:`map_payload` passes one that also
            records the country's label).
        top: corridors kept per year.

    Returns:
        ``years`` (ascending), ``top``, ``corridors``: the union over the years of each year's ``top`` largest
        corridors between two countries (:func:`~smpgraph.analysis.stocks.ranked_corridors`), each
        ``{origin, destination, stock, partnerships, agreements}`` with ``stock`` the persons in each of
        ``years`` (0 where the UN gives none) and the partnerships on the corridor and the agreements
        between its two countries (any year; an agreement has no direction); ``countries``: code ->
        ``{immigrants, emigrants}``, persons per year living in the country and born in it (every
        observation, UN areas at the other end included), for countries only.
    """
    if data is None:
        return {"years": [], "top": top, "corridors": [], "countries": {}}
    years = data.years
    kept: set[tuple[str, str]] = set()
    for year in years:
        kept.update(ranked_corridors(data, year)[:top])
    last = years[-1]
    corridors: list[JsonValue] = []
    for corridor in sorted(kept, key=lambda c: (-data.stock(c, last), c)):
        corridors.append(
            {
                "origin": code(corridor[0]),
                "destination": code(corridor[1]),
                "stock": [data.stock(corridor, year) for year in years],
                "partnerships": len(cooperation.smps(corridor)) if cooperation is not None else 0,
                "agreements": len(cooperation.blas(corridor)) if cooperation is not None else 0,
            }
        )
    index = {year: i for i, year in enumerate(years)}
    totals: dict[str, dict[str, list[int]]] = {}

    def add(iri: str, side: str, by_year: Mapping[int, int]) -> None:
        if not is_country(iri):
            return
        found = totals.setdefault(iri, {"immigrants": [0] * len(years), "emigrants": [0] * len(years)})
        for year, persons in by_year.items():
            found[side][index[year]] += persons

    for (origin, destination), by_year in data.stocks.items():
        if origin != destination:
            add(destination, "immigrants", by_year)
            add(origin, "emigrants", by_year)
    countries: dict[str, JsonValue] = {
        code(iri): {"immigrants": list[JsonValue](t["immigrants"]), "emigrants": list[JsonValue](t["emigrants"])}
        for iri, t in sorted(totals.items())
    }
    return {"years": list[JsonValue](years), "top": top, "corridors": corridors, "countries": countries}
