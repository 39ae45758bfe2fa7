"""The corridor map's data: partnerships and agreements per country and decade, and the corridors between them.

:func:`map_payload` is pure: the gap analysis's views (skills mobility partnerships, pathways and other
partnerships with their corridors), the agreement network (bilateral labour agreements between two States)
and the partnerships' start years (``analysis/partnership_years.rq``) in, one JSON-ready dict out. Countries
are keyed by the last segment of their IRI (the ISO alpha-3 code, ``XK`` for Kosovo), which is how the map
joins them to the world outline. Counting is left to the page, so switching between partnerships,
agreements or both and between decades needs no request.

Migrant stocks (issue 16) are not in the graph yet: ``stocks`` is always an empty list here; when a named
graph of corridor stock observations arrives, a ``stocks`` reader fills it with
``{"origin", "destination", "year", "value"}`` rows and the page draws them as a layer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from smpgraph.analysis.model import local_name
from smpgraph.analysis.results import JsonValue
from smpgraph.analysis.rows import Row, text_or_none

if TYPE_CHECKING:
    from smpgraph.analysis.agreements import AgreementNetwork
    from smpgraph.analysis.views import GraphViews

__all__ = ["country_code", "map_payload", "partnership_years"]


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
) -> dict[str, JsonValue]:
    """What the corridor map draws.

    Args:
        views: the gap analysis's views (partnerships, their countries and corridors).
        network: the agreement network, or None when the store holds no bilateral labour agreement.
        years: partnership -> start year (see :func:`partnership_years`).
        labels: IRI -> label in the page's language (else the views' and network's labels).

    Returns:
        ``countries`` (code -> ``{iri, label}``), ``partnerships`` (every partnership that is not a
        bilateral labour agreement: ``id``, ``label``, ``kind``, ``decade``, ``countries``, ``corridors``),
        ``corridors`` (origin -> destination with the partnerships on it), ``pairs`` (two States with
        agreements, by decade: ``{a, b, agreements, decades}``), ``decades`` and ``stocks`` (empty, see
        the module's note).
    """
    names = dict(labels or {})
    # the BLAs of the dataset; a partnership of a named kind resting on such an agreement stays a partnership
    agreements = {iri for iri, facts in views.partnerships.items() if facts.is_agreement}
    countries: dict[str, dict[str, JsonValue]] = {}

    def country(iri: str) -> str:
        code = country_code(iri)
        if code not in countries:
            label = names.get(iri) or (network.label(iri) if network is not None and iri in network.simple else "")
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
    return {
        "countries": dict(sorted(countries.items())),
        "partnerships": partnerships,
        "corridors": corridors,
        "pairs": pairs,
        "decades": list[JsonValue](sorted(decades)),
        "stocks": [],
    }
