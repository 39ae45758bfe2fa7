"""NetworkX views of the partnership network, pulled from the knowledge graph with a few SPARQL SELECTs.

The queries live in ``smpgraph/queries/analysis/*.rq``; :func:`fetch_rows` runs them and
:func:`views_from_rows` (pure: rows in, graphs out) builds four views keyed by IRI, every node with
``label`` and ``type`` attributes (STYLE B10; issue 6, item 1):

- ``bipartite``: stakeholder -- partnership (``nx.Graph``; node attribute ``bipartite`` 0/1);
- ``cooperation``: stakeholder -- stakeholder, weighted by the number of shared partnerships, with
  ``distance = 1 / weight`` for path measures (a simple ``nx.Graph``);
- ``corridors``: origin country -> destination country (``nx.DiGraph``) with partnerships, occupations
  and participant counts where known;
- ``recognition``: country of the qualification -> recognising country (``nx.DiGraph``) with the
  arrangements, decisions and outcomes.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Final

import networkx as nx
from rdflib import Literal

from smpgraph.analysis.model import (
    PARTNERSHIP_CLASSES,
    CostShare,
    ParticipantCount,
    PartnershipFacts,
    Recognition,
    Stakeholder,
    Training,
    categories_of,
    local_name,
)
from smpgraph.analysis.rows import QUERY_NAMES as QUERY_NAMES
from smpgraph.analysis.rows import Row as Row
from smpgraph.analysis.rows import ViewRows as ViewRows
from smpgraph.analysis.rows import _b, _f, _s
from smpgraph.analysis.rows import fetch_rows as fetch_rows
from smpgraph.errors import AnalysisError
from smpgraph.namespaces import COUNTRY, ID, SMP

__all__ = ["QUERY_NAMES", "GraphViews", "Row", "ViewRows", "fetch_rows", "views_from_rows"]

logger = logging.getLogger(__name__)


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


_COUNTRY_CLASS: Final = str(SMP.Country)
_COUNTRY_PREFIXES: Final = (str(COUNTRY), str(ID) + "country/")
_ORIGIN_ROLE: Final = str(SMP.OriginStateRole)
_DESTINATION_ROLE: Final = str(SMP.DestinationStateRole)
_ALL_SEXES: Final = str(SMP.AllSexes)


def _is_country(iri: str, types: Iterable[str]) -> bool:
    return iri.startswith(_COUNTRY_PREFIXES) or _COUNTRY_CLASS in types


def _specific(types: Iterable[str], order: Sequence[str]) -> str:
    """The last of ``order`` present in ``types`` (the order lists general before specific)."""
    present = set(types)
    best = [t for t in order if t in present]
    return best[-1] if best else (sorted(present)[0] if present else order[0])


_RECOGNITION_ORDER: Final = (str(SMP.RecognitionArrangement),)


def views_from_rows(rows: ViewRows) -> GraphViews:
    """Build the graph views from query rows (pure; tests feed hand-made rows).

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
        ...     partnerships=[{"partnership": p, "type": PARTNERSHIP_CLASSES[1]}],
        ...     memberships=[{"partnership": p, "member": a}, {"partnership": p, "member": b}],
        ... )
        >>> views = views_from_rows(rows)
        >>> views.bipartite.number_of_nodes(), views.cooperation[a][b]["weight"]
        (3, 1)
    """
    labels: dict[str, str] = {}
    for row in rows.labels:
        node, label = _s(row.get("node")), row.get("label")
        if node is None or label is None:
            continue
        english = isinstance(label, Literal) and label.language is not None
        if node not in labels or english:
            labels[node] = str(label)

    types_of: dict[str, set[str]] = defaultdict(set)
    origins: dict[str, set[str]] = defaultdict(set)
    destinations: dict[str, set[str]] = defaultdict(set)
    for row in rows.partnerships:
        iri = _s(row.get("partnership"))
        if iri is None:
            continue
        types_of[iri].add(_s(row.get("type")) or PARTNERSHIP_CLASSES[0])
        if (origin := _s(row.get("origin"))) is not None:
            origins[iri].add(origin)
        if (destination := _s(row.get("destination"))) is not None:
            destinations[iri].add(destination)
    if not types_of:
        raise AnalysisError("no partnership in the data (nothing typed smp:Partnership or a subclass of it)")

    member_types: dict[str, set[str]] = defaultdict(set)
    for row in rows.member_types:
        member, mtype = _s(row.get("member")), _s(row.get("type"))
        if member is not None and mtype is not None:
            member_types[member].add(mtype)

    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows.memberships:
        iri, member, role = _s(row.get("partnership")), _s(row.get("member")), _s(row.get("role"))
        if iri not in types_of or member is None:
            continue
        if _is_country(member, member_types.get(member, ())):
            if role == _ORIGIN_ROLE:
                origins[iri].add(member)
            elif role == _DESTINATION_ROLE:
                destinations[iri].add(member)
            continue
        member_roles = roles[iri][member]
        if role is not None:
            member_roles.add(role)

    facts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    fees: dict[str, bool | None] = {}
    for row in rows.facts:
        iri, fact, value = _s(row.get("partnership")), _s(row.get("fact")), row.get("value")
        if iri is None or fact is None or value is None:
            continue
        if fact == "fees":
            fees[iri] = _b(value)
        else:
            facts[iri][fact].add(str(value))

    trainings: dict[str, list[Training]] = defaultdict(list)
    for row in rows.trainings:
        iri, training = _s(row.get("partnership")), _s(row.get("training"))
        if iri is not None and training is not None:
            trainings[iri].append(
                Training(training, _s(row.get("location")), _s(row.get("country")), _s(row.get("track")))
            )
    corridors: dict[str, set[tuple[str, str]]] = defaultdict(set)
    quotas: dict[tuple[str, str], float] = defaultdict(float)
    for row in rows.corridors:
        iri, origin, destination = _s(row.get("partnership")), _s(row.get("origin")), _s(row.get("destination"))
        if iri is None:
            continue
        origin = origin or next(iter(sorted(origins.get(iri, ()))), None)
        destination = destination or next(iter(sorted(destinations.get(iri, ()))), None)
        if origin is not None and destination is not None and origin != destination:
            corridors[iri].add((origin, destination))
            quotas[(origin, destination)] += _f(row.get("quota")) or 0.0
    counts: dict[str, list[ParticipantCount]] = defaultdict(list)
    for row in rows.counts:
        if (iri := _s(row.get("partnership"))) is not None:
            counts[iri].append(
                ParticipantCount(
                    _s(row.get("node")) or "",
                    _f(row.get("count")),
                    _s(row.get("countType")),
                    _s(row.get("sex")),
                    _f(row.get("share")),
                )
            )
    costs: dict[str, list[CostShare]] = defaultdict(list)
    for row in rows.costs:
        if (iri := _s(row.get("partnership"))) is not None:
            costs[iri].append(
                CostShare(
                    _s(row.get("node")) or "",
                    _s(row.get("payer")),
                    _s(row.get("payerRole")),
                    _s(row.get("costItem")),
                    _f(row.get("share")),
                    _f(row.get("amount")),
                    _s(row.get("currency")),
                )
            )

    partnerships: dict[str, PartnershipFacts] = {}
    for iri in sorted(types_of):
        partnerships[iri] = PartnershipFacts(
            iri=iri,
            label=labels.get(iri) or local_name(iri),
            type=_specific(types_of[iri], PARTNERSHIP_CLASSES),
            origins=frozenset(origins.get(iri, ())),
            destinations=frozenset(destinations.get(iri, ())),
            members=frozenset(roles.get(iri, {})),
            roles={m: frozenset(r) for m, r in roles.get(iri, {}).items()},
            trainings=tuple(sorted(set(trainings.get(iri, ())), key=lambda t: t.iri)),
            occupations=frozenset(facts[iri]["occupation"]),
            provisions=frozenset(facts[iri]["provision"]),
            assessed=frozenset(facts[iri]["assessed"]),
            stages=frozenset(facts[iri]["stage"]),
            corridors=frozenset(corridors.get(iri, ())),
            counts=tuple(sorted(set(counts.get(iri, ())), key=lambda c: c.iri)),
            costs=tuple(sorted(set(costs.get(iri, ())), key=lambda c: c.iri)),
            sex_disaggregated_indicators=frozenset(facts[iri]["indicator"]),
            fees_charged_to_workers=fees.get(iri),
            arrangements=frozenset(facts[iri]["arrangement"]),
        )

    stakeholders: dict[str, Stakeholder] = {}
    for facts_ in partnerships.values():
        for member in facts_.members:
            if member not in stakeholders:
                mtypes = frozenset(member_types.get(member, ()))
                stakeholders[member] = Stakeholder(member, labels.get(member) or local_name(member), mtypes)
    all_roles: dict[str, set[str]] = defaultdict(set)
    for facts_ in partnerships.values():
        for member, played in facts_.roles.items():
            all_roles[member].update(played)
    stakeholders = {
        iri: Stakeholder(s.iri, s.label, s.types, categories_of(s.types, all_roles[iri]))
        for iri, s in sorted(stakeholders.items())
    }

    recognitions = _recognitions(rows.recognition, partnerships)
    views = GraphViews(
        partnerships=partnerships,
        stakeholders=stakeholders,
        recognitions=recognitions,
        bipartite=nx.Graph(name="stakeholder-partnership"),
        cooperation=nx.Graph(name="stakeholder cooperation"),
        corridors=nx.DiGraph(name="country corridors"),
        recognition=nx.DiGraph(name="recognition"),
        labels=labels,
    )
    _build_bipartite(views)
    _build_cooperation(views)
    _build_corridors(views, quotas)
    _build_recognition(views)
    return views


def _recognitions(rows: Sequence[Row], partnerships: Mapping[str, PartnershipFacts]) -> tuple[Recognition, ...]:
    """Group arrangement and decision rows into records; fill missing countries from their context."""
    carried: dict[str, set[str]] = defaultdict(set)
    for facts_ in partnerships.values():
        for arrangement in facts_.arrangements:
            carried[arrangement].add(facts_.iri)
    grouped: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        if (node := _s(row.get("node"))) is None:
            continue
        for key in ("kind", "type", "arrangement", "source", "target", "occupation", "outcome"):
            if (value := _s(row.get(key))) is not None:
                grouped[node][key].add(value)
    for arrangement in carried:  # an arrangement a partnership carries, even when its class is not given
        grouped[arrangement]["kind"].add("arrangement")

    def one(values: set[str]) -> str | None:
        return sorted(values)[0] if values else None

    records: list[Recognition] = []
    for node, values in sorted(grouped.items()):
        kind = one(values["kind"]) or "arrangement"
        parent = one(values["arrangement"])
        parent_values = grouped.get(parent, {}) if parent else {}
        occupations = values["occupation"] or set(parent_values.get("occupation", ()))
        source = one(values["source"]) or one(set(parent_values.get("source", ())))
        target = one(values["target"]) or one(set(parent_values.get("target", ())))
        owners = carried.get(node, set()) | (carried.get(parent, set()) if parent else set())
        rtype = _specific(values["type"], _RECOGNITION_ORDER) if values["type"] else str(SMP.RecognitionArrangement)
        if kind == "decision":
            rtype = str(SMP.RecognitionDecision)
        pairs: set[tuple[str | None, str | None]] = {(source, target)}
        if source is None or target is None:
            flows = {flow for owner in owners for flow in partnerships[owner].flows}
            fitting: set[tuple[str | None, str | None]] = {
                (o, d) for o, d in flows if source in (None, o) and target in (None, d)
            }
            pairs = fitting or pairs
        for src, dst in sorted(pairs, key=lambda p: (p[0] or "", p[1] or "")):
            records.append(
                Recognition(
                    iri=node,
                    kind=kind,
                    type=rtype,
                    source=src,
                    target=dst,
                    occupations=frozenset(occupations),
                    outcome=one(values["outcome"]),
                    arrangement=parent,
                    partnerships=frozenset(owners),
                )
            )
    return tuple(records)


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
