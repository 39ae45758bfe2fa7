"""NetworkX views of the partnership network, pulled from the knowledge graph with a few SPARQL SELECTs.

The queries live in ``smpgraph/queries/analysis/*.rq``; :func:`fetch_rows` runs them and
:func:`views_from_rows` (pure: rows in, graphs out) builds four views keyed by IRI, every node with
``label`` and ``type`` attributes (docs/design/conventions.md#analysis; issue 6, item 1):

- ``bipartite``: stakeholder -- partnership (``nx.Graph``; node attribute ``bipartite`` 0/1);
- ``cooperation``: stakeholder -- stakeholder, weighted by the number of shared partnerships, with
  ``distance = 1 / weight`` for path measures (a simple ``nx.Graph``);
- ``corridors``: origin country -> destination country (``nx.DiGraph``) with partnerships, occupations
  and participant counts where known;
- ``recognition``: country of the qualification -> recognising country (``nx.DiGraph``) with the
  arrangements, decisions and outcomes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Final

import networkx as nx

from smpgraph.analysis.model import PartnershipFacts, Recognition, Stakeholder, local_name
from smpgraph.analysis.records import (
    partnership_facts,
    read_corridors,
    read_costs,
    read_counts,
    read_facts,
    read_labels,
    read_member_types,
    read_memberships,
    read_partnerships,
    read_recognitions,
    read_trainings,
    stakeholders_of,
    union_by_key,
)
from smpgraph.analysis.rows import QUERY_NAMES as QUERY_NAMES
from smpgraph.analysis.rows import Row as Row
from smpgraph.analysis.rows import ViewRows as ViewRows
from smpgraph.analysis.rows import fetch_rows as fetch_rows
from smpgraph.errors import AnalysisError
from smpgraph.namespaces import SMP

__all__ = ["QUERY_NAMES", "GraphViews", "Row", "ViewRows", "fetch_rows", "views_from_rows"]

_ALL_SEXES: Final = str(SMP.AllSexes)


@dataclass(frozen=True)
class GraphViews:
    """The four graph views and the typed records they were built from."""

    partnerships: Mapping[str, PartnershipFacts]
    stakeholders: Mapping[str, Stakeholder]
    recognitions: tuple[Recognition, ...]
    bipartite: nx.Graph
    cooperation: nx.Graph
    corridors: nx.DiGraph
    recognition: nx.DiGraph
    labels: Mapping[str, str] = field(default_factory=dict)

    def label(self, iri: str) -> str:
        """The label of an IRI, or its last segment."""
        return self.labels.get(iri) or local_name(iri)


def views_from_rows(rows: ViewRows) -> GraphViews:
    """Build the graph views from query rows (pure; tests feed hand-made rows).

    Each query's rows are read by their own function of :mod:`smpgraph.analysis.records`; the records are
    then put together and the four graphs built from them.

    Args:
        rows: the solutions of the analysis queries.

    Returns:
        The views and the records behind them.

    Raises:
        AnalysisError: there is no partnership in the rows.

    Examples:
        >>> p = "https://w3id.org/smpgraph/id/partnership/toy"
        >>> a, b = "https://w3id.org/smpgraph/id/org/a", "https://w3id.org/smpgraph/id/org/b"
        >>> rows = ViewRows(
        ...     partnerships=[{"partnership": p, "type": str(SMP.SkillsMobilityPartnership)}],
        ...     memberships=[{"partnership": p, "member": a}, {"partnership": p, "member": b}],
        ... )
        >>> views = views_from_rows(rows)
        >>> views.bipartite.number_of_nodes(), views.cooperation[a][b]["weight"]
        (3, 1)
    """
    labels = read_labels(rows.labels)
    found = read_partnerships(rows.partnerships)
    if not found.types:
        raise AnalysisError("no partnership in the data (nothing typed smp:Partnership or a subclass of it)")
    member_types = read_member_types(rows.member_types)
    members = read_memberships(rows.memberships, found.types, member_types)
    origins = union_by_key(found.origins, members.origins)
    destinations = union_by_key(found.destinations, members.destinations)
    corridors = read_corridors(rows.corridors, origins, destinations)
    partnerships = partnership_facts(
        found.types,
        labels=labels,
        origins=origins,
        destinations=destinations,
        members=members,
        facts=read_facts(rows.facts),
        trainings=read_trainings(rows.trainings),
        corridors=corridors,
        counts=read_counts(rows.counts),
        costs=read_costs(rows.costs),
    )
    views = GraphViews(
        partnerships=partnerships,
        stakeholders=stakeholders_of(partnerships, member_types, labels),
        recognitions=read_recognitions(rows.recognition, partnerships),
        bipartite=nx.Graph(name="stakeholder-partnership"),
        cooperation=nx.Graph(name="stakeholder cooperation"),
        corridors=nx.DiGraph(name="country corridors"),
        recognition=nx.DiGraph(name="recognition"),
        labels=labels,
    )
    _build_bipartite(views)
    _build_cooperation(views)
    _build_corridors(views, corridors.quotas)
    _build_recognition(views)
    return views


def _country_node(graph: nx.Graph, iri: str, views: GraphViews) -> None:
    if iri not in graph:
        graph.add_node(iri, label=views.label(iri), type="country")


def _build_bipartite(views: GraphViews) -> None:
    graph = views.bipartite
    for facts_ in views.partnerships.values():
        graph.add_node(facts_.iri, label=facts_.label, type="partnership", kind=local_name(facts_.type), bipartite=0)
    for s in views.stakeholders.values():
        graph.add_node(
            s.iri,
            label=s.label,
            type="stakeholder",
            kind=", ".join(sorted(local_name(t) for t in s.types)),
            categories=", ".join(sorted(c.value for c in s.categories)),
            bipartite=1,
        )
    for facts_ in views.partnerships.values():
        for member, member_roles in facts_.roles.items():
            graph.add_edge(facts_.iri, member, roles=", ".join(sorted(local_name(r) for r in member_roles)))


def _build_cooperation(views: GraphViews) -> None:
    """Project the bipartite graph onto stakeholders directly from member lists (faster than nx.bipartite)."""
    graph = views.cooperation
    for s in views.stakeholders.values():
        graph.add_node(
            s.iri, label=s.label, type="stakeholder", categories=", ".join(sorted(c.value for c in s.categories))
        )
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for facts_ in views.partnerships.values():
        for a, b in combinations(sorted(facts_.members), 2):
            weights[(a, b)] += 1
    graph.add_edges_from((a, b, {"weight": w, "distance": 1.0 / w}) for (a, b), w in weights.items())


def _build_corridors(views: GraphViews, quotas: Mapping[tuple[str, str], float]) -> None:
    graph = views.corridors
    known = {str(SMP.Migrated): "migrated", str(SMP.Placed): "placed", str(SMP.Trained): "trained"}
    for facts_ in views.partnerships.values():
        flows = sorted(facts_.flows)
        for origin, destination in flows:
            _country_node(graph, origin, views)
            _country_node(graph, destination, views)
            if not graph.has_edge(origin, destination):
                graph.add_edge(origin, destination, partnerships=(), occupations=frozenset(), n_partnerships=0)
            data = graph[origin][destination]
            data["partnerships"] = (*data["partnerships"], facts_.iri)
            data["n_partnerships"] = len(data["partnerships"])
            data["occupations"] = data["occupations"] | facts_.occupations
            if quotas.get((origin, destination)):
                data["quota"] = quotas[(origin, destination)]
            if len(flows) != 1:  # a number of a multi-corridor scheme cannot be put on one corridor
                continue
            for count in facts_.counts:
                name = known.get(count.count_type or "")
                if name and count.count is not None and count.sex in (None, _ALL_SEXES):
                    data[name] = data.get(name, 0.0) + count.count


def _build_recognition(views: GraphViews) -> None:
    graph = views.recognition
    for record in views.recognitions:
        if record.source is None or record.target is None or record.source == record.target:
            continue
        _country_node(graph, record.source, views)
        _country_node(graph, record.target, views)
        if not graph.has_edge(record.source, record.target):
            graph.add_edge(record.source, record.target, records=(), recognised=False, outcomes=frozenset())
        data = graph[record.source][record.target]
        data["records"] = (*data["records"], record)
        data["recognised"] = data["recognised"] or record.recognises
        if record.outcome is not None:
            data["outcomes"] = data["outcomes"] | {record.outcome}
