"""The two networks as JSON for an interactive drawing: nodes with a layout, edges, and the analyses as overlays.

:func:`cooperation_network` turns a :class:`~smpgraph.analysis.report.GapReport` into stakeholders (coloured
by category, with their roles and partnerships) linked when they share a partnership, plus the countries
they work for (``smp:jurisdiction``, ``analysis/jurisdictions.rq``); the brokers and the Louvain
communities of the report are node attributes, so a page can overlay them. :func:`agreement_network` does
the same for the country network of bilateral labour agreements. Both are pure (a report in, a dict out)
and lay the nodes out once (NetworkX spring layout, fixed seed), so the browser draws without simulating.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Final

import networkx as nx

from smpgraph.analysis.model import StakeholderCategory, local_name
from smpgraph.analysis.results import JsonValue
from smpgraph.analysis.rows import Row, text_or_none
from smpgraph.domain import DEFAULT_SEED

if TYPE_CHECKING:
    from smpgraph.analysis.agreements import AgreementNetworkReport
    from smpgraph.analysis.report import GapReport

__all__ = ["LAYOUT_SIZE", "NETWORK_VIEWS", "agreement_network", "cooperation_network", "layout"]

#: the views a caller can ask for
NETWORK_VIEWS: Final = ("cooperation", "agreements")
#: positions are scaled to [-LAYOUT_SIZE, LAYOUT_SIZE] on both axes
LAYOUT_SIZE: Final = 1000.0


def layout(
    graph: nx.Graph, *, seed: int = DEFAULT_SEED, weight: str | None = "weight"
) -> dict[str, tuple[float, float]]:
    """Spring positions of every node, scaled to the layout square and rounded (deterministic for a seed).

    Examples:
        >>> positions = layout(nx.path_graph(["a", "b", "c"]))
        >>> sorted(positions), all(abs(x) <= LAYOUT_SIZE for x, _ in positions.values())
        (['a', 'b', 'c'], True)
    """
    if graph.number_of_nodes() == 0:
        return {}
    k = 2.0 / max(graph.number_of_nodes(), 1) ** 0.5
    raw = nx.spring_layout(graph, seed=seed, weight=weight, k=k, iterations=80)
    return {str(n): (round(float(x) * LAYOUT_SIZE, 1), round(float(y) * LAYOUT_SIZE, 1)) for n, (x, y) in raw.items()}


def _texts(values: Iterable[str]) -> list[JsonValue]:
    return list(values)


def jurisdictions(rows: Sequence[Row]) -> dict[str, set[str]]:
    """Stakeholder -> the countries it works for, from the rows of ``analysis/jurisdictions.rq``."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        stakeholder, country = text_or_none(row.get("stakeholder")), text_or_none(row.get("country"))
        if stakeholder is not None and country is not None:
            found[stakeholder].add(country)
    return dict(found)


def cooperation_network(
    report: GapReport, countries_of: Mapping[str, set[str]], labels: Mapping[str, str] | None = None
) -> dict[str, JsonValue]:
    """The cooperation network with the gap analysis's brokers and communities.

    Args:
        report: the gap report (its views and its ``brokers`` and ``communities`` tables).
        countries_of: stakeholder -> countries it works for (see :func:`jurisdictions`).
        labels: IRI -> label in the page's language (else the views' labels).

    Returns:
        ``{"view", "nodes", "edges", "partnerships", "communities"}``; a node has ``id``, ``label``, ``kind``
        (stakeholder or country), ``category``, ``categories``, ``roles``, ``partnerships``, ``degree``,
        ``x``, ``y``, ``broker`` (betweenness when it is a listed broker) and ``community``.
    """
    views = report.views
    names = dict(labels or {})

    def name(iri: str) -> str:
        return names.get(iri) or views.label(iri)

    graph = nx.Graph()
    graph.add_nodes_from(views.cooperation.nodes)
    graph.add_edges_from(views.cooperation.edges(data=True))
    partnerships_of: dict[str, set[str]] = defaultdict(set)
    roles_of: dict[str, set[str]] = defaultdict(set)
    for facts in views.partnerships.values():
        for member in facts.members:
            partnerships_of[member].add(facts.iri)
        for member, roles in facts.roles.items():
            roles_of[member] |= {local_name(role) for role in roles}
    for stakeholder in views.cooperation.nodes:
        for country in sorted(countries_of.get(stakeholder, ())):
            if country not in views.cooperation:
                graph.add_edge(stakeholder, country, weight=1, kind="jurisdiction")
    brokers = {b.stakeholder: b.betweenness for b in report.brokers}
    community = {member: c.community for c in report.communities for member in c.members}
    positions = layout(graph)
    nodes: list[JsonValue] = []
    for iri in sorted(graph.nodes, key=str):
        stakeholder = views.stakeholders.get(iri)
        x, y = positions[iri]
        categories = [c.value for c in StakeholderCategory if stakeholder and c in stakeholder.categories]
        nodes.append(
            {
                "id": iri,
                "label": name(iri),
                "kind": "stakeholder" if iri in views.cooperation else "country",
                "category": categories[0] if categories else "country",
                "categories": _texts(categories),
                "roles": _texts(sorted(roles_of.get(iri, ()))),
                "partnerships": _texts(sorted(partnerships_of.get(iri, ()))),
                "degree": graph.degree(iri),
                "x": x,
                "y": y,
                "broker": brokers.get(iri),
                "community": community.get(iri),
            }
        )
    edges: list[JsonValue] = []
    shared = _shared_partnerships(views.partnerships.values())
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        pair = (a, b) if a < b else (b, a)
        edges.append(
            {
                "source": a,
                "target": b,
                "weight": data.get("weight", 1),
                "kind": data.get("kind", "cooperation"),
                "partnerships": _texts(sorted(shared.get(pair, ()))),
            }
        )
    listed = sorted((p for p in views.partnerships.values() if p.members), key=lambda p: name(p.iri).lower())
    return {
        "view": "cooperation",
        "nodes": nodes,
        "edges": edges,
        "partnerships": [{"id": p.iri, "label": name(p.iri)} for p in listed],
        "communities": [{"community": c.community, "size": c.size} for c in report.communities],
    }


def _shared_partnerships(partnerships: Iterable[object]) -> dict[tuple[str, str], set[str]]:
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for facts in partnerships:
        members = sorted(getattr(facts, "members", ()))
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                shared[(a, b)].add(str(getattr(facts, "iri", "")))
    return shared


def agreement_network(report: AgreementNetworkReport, labels: Mapping[str, str] | None = None) -> dict[str, JsonValue]:
    """The country network of bilateral labour agreements with its brokers (betweenness) and communities.

    Args:
        report: the agreement network report.
        labels: IRI -> label in the page's language (else the network's labels).

    Returns:
        The same shape as :func:`cooperation_network`; every node is a country (``partners``,
        ``agreements``), every edge a country pair (``weight`` = agreements, ``first_year``, ``last_year``).
    """
    network = report.network
    names = dict(labels or {})
    simple = network.simple
    connected = {c.country: c for c in report.connected_countries}
    community = {country: item.community for item in report.country_communities for country in item.countries}
    positions = layout(simple)
    nodes: list[JsonValue] = []
    for iri in sorted(simple.nodes, key=str):
        x, y = positions[iri]
        country = connected.get(iri)
        nodes.append(
            {
                "id": iri,
                "label": names.get(iri) or network.label(iri),
                "kind": "country",
                "category": "country",
                "categories": [],
                "roles": [],
                "partnerships": [],
                "degree": simple.degree(iri),
                "agreements": country.agreements if country else 0,
                "x": x,
                "y": y,
                "broker": country.betweenness if country and country.betweenness > 0 else None,
                "community": community.get(iri),
            }
        )
    edges: list[JsonValue] = [
        {
            "source": a,
            "target": b,
            "weight": data["weight"],
            "kind": "agreements",
            "first_year": data["first_year"] or None,
            "last_year": data["last_year"] or None,
            "partnerships": [],
        }
        for a, b, data in sorted(simple.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))
    ]
    return {
        "view": "agreements",
        "nodes": nodes,
        "edges": edges,
        "partnerships": [],
        "communities": [{"community": c.community, "size": c.size} for c in report.country_communities],
    }
