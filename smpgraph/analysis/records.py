"""From the rows of the analysis queries to the typed records of :mod:`smpgraph.analysis.model`.

One reader per query (``smpgraph/queries/analysis/<name>.rq``, a field of
:class:`~smpgraph.analysis.rows.ViewRows`), each pure: rows in, plain mappings keyed by IRI out. Then
:func:`partnership_facts`, :func:`stakeholders_of` and :func:`read_recognitions` put them together.
:func:`smpgraph.analysis.views.views_from_rows` calls them in order and builds the graphs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

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
from smpgraph.analysis.rows import Row, bool_or_none, float_or_none, text_or_none
from smpgraph.namespaces import COUNTRY, ID, SMP

__all__ = [
    "Corridors",
    "Facts",
    "Memberships",
    "PartnershipTypes",
    "partnership_facts",
    "read_corridors",
    "read_costs",
    "read_counts",
    "read_facts",
    "read_labels",
    "read_member_types",
    "read_memberships",
    "read_partnerships",
    "read_recognitions",
    "read_trainings",
    "stakeholders_of",
    "union_by_key",
]

#: IRI -> set of IRIs or values
Sets = dict[str, set[str]]

_COUNTRY_CLASS: Final = str(SMP.Country)
_COUNTRY_PREFIXES: Final = (str(COUNTRY), str(ID) + "country/")
_ORIGIN_ROLE: Final = str(SMP.OriginStateRole)
_DESTINATION_ROLE: Final = str(SMP.DestinationStateRole)
_RECOGNITION_ORDER: Final = (str(SMP.RecognitionArrangement),)


def _is_country(iri: str, types: Iterable[str]) -> bool:
    return iri.startswith(_COUNTRY_PREFIXES) or _COUNTRY_CLASS in types


def _specific(types: Iterable[str], order: Sequence[str]) -> str:
    """The last of ``order`` present in ``types`` (the order lists general before specific)."""
    present = set(types)
    best = [t for t in order if t in present]
    return best[-1] if best else (sorted(present)[0] if present else order[0])


def union_by_key(first: Mapping[str, set[str]], second: Mapping[str, set[str]]) -> Sets:
    """Key -> the union of its sets in ``first`` and ``second``.

    Examples:
        >>> union_by_key({"p": {"a"}}, {"p": {"b"}, "q": {"c"}}) == {"p": {"a", "b"}, "q": {"c"}}
        True
    """
    return {key: first.get(key, set()) | second.get(key, set()) for key in first.keys() | second.keys()}


def read_labels(rows: Sequence[Row]) -> dict[str, str]:
    """IRI -> label (``labels.rq``); a label with a language tag wins over one without."""
    labels: dict[str, str] = {}
    for row in rows:
        node, label = text_or_none(row.get("node")), row.get("label")
        if node is None or label is None:
            continue
        tagged = isinstance(label, Literal) and label.language is not None
        if node not in labels or tagged:
            labels[node] = str(label)
    return labels


@dataclass(frozen=True, slots=True)
class PartnershipTypes:
    """What ``partnerships.rq`` says: the classes of every partnership and its stated countries."""

    types: Sets
    origins: Sets
    destinations: Sets


def read_partnerships(rows: Sequence[Row]) -> PartnershipTypes:
    """The partnerships (``partnerships.rq``); a row without a class counts as ``smp:Partnership``."""
    types: Sets = defaultdict(set)
    origins: Sets = defaultdict(set)
    destinations: Sets = defaultdict(set)
    for row in rows:
        iri = text_or_none(row.get("partnership"))
        if iri is None:
            continue
        types[iri].add(text_or_none(row.get("type")) or PARTNERSHIP_CLASSES[0])
        if (origin := text_or_none(row.get("origin"))) is not None:
            origins[iri].add(origin)
        if (destination := text_or_none(row.get("destination"))) is not None:
            destinations[iri].add(destination)
    return PartnershipTypes(types, origins, destinations)


def read_member_types(rows: Sequence[Row]) -> Sets:
    """Member IRI -> its classes (``member_types.rq``)."""
    member_types: Sets = defaultdict(set)
    for row in rows:
        member, mtype = text_or_none(row.get("member")), text_or_none(row.get("type"))
        if member is not None and mtype is not None:
            member_types[member].add(mtype)
    return member_types


@dataclass(frozen=True, slots=True)
class Memberships:
    """What ``memberships.rq`` says: stakeholders and their roles, and the States in origin or destination roles.

    Attributes:
        roles: partnership -> member -> roles it plays there (countries excluded).
        origins: partnership -> countries in an origin-State role.
        destinations: partnership -> countries in a destination-State role.
    """

    roles: dict[str, dict[str, set[str]]]
    origins: Sets
    destinations: Sets


def read_memberships(
    rows: Sequence[Row], partnerships: Iterable[str], member_types: Mapping[str, set[str]]
) -> Memberships:
    """The members of the known ``partnerships``; a country is a State party, not a stakeholder."""
    known = set(partnerships)
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    origins: Sets = defaultdict(set)
    destinations: Sets = defaultdict(set)
    for row in rows:
        iri = text_or_none(row.get("partnership"))
        member = text_or_none(row.get("member"))
        role = text_or_none(row.get("role"))
        if iri not in known or member is None:
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
    return Memberships(roles, origins, destinations)


@dataclass(frozen=True, slots=True)
class Facts:
    """What ``facts.rq`` says: partnership -> kind of fact -> values, and the stated recruitment fees."""

    values: dict[str, Sets]
    fees: dict[str, bool | None]

    def of(self, iri: str, fact: str) -> frozenset[str]:
        """The values of one kind of fact about a partnership."""
        return frozenset(self.values.get(iri, {}).get(fact, ()))


def read_facts(rows: Sequence[Row]) -> Facts:
    """Occupations, provisions, assessed items, stages, indicators, arrangements and fees (``facts.rq``)."""
    values: dict[str, Sets] = defaultdict(lambda: defaultdict(set))
    fees: dict[str, bool | None] = {}
    for row in rows:
        iri, fact, value = text_or_none(row.get("partnership")), text_or_none(row.get("fact")), row.get("value")
        if iri is None or fact is None or value is None:
            continue
        if fact == "fees":
            fees[iri] = bool_or_none(value)
        else:
            values[iri][fact].add(str(value))
    return Facts(values, fees)


def read_trainings(rows: Sequence[Row]) -> dict[str, list[Training]]:
    """Partnership -> its training programmes (``trainings.rq``)."""
    trainings: dict[str, list[Training]] = defaultdict(list)
    for row in rows:
        iri, training = text_or_none(row.get("partnership")), text_or_none(row.get("training"))
        if iri is not None and training is not None:
            trainings[iri].append(
                Training(
                    training,
                    text_or_none(row.get("location")),
                    text_or_none(row.get("country")),
                    text_or_none(row.get("track")),
                )
            )
    return trainings


@dataclass(frozen=True, slots=True)
class Corridors:
    """What ``corridors.rq`` says: partnership -> (origin, destination) pairs, and the quota of each pair."""

    pairs: dict[str, set[tuple[str, str]]]
    quotas: dict[tuple[str, str], float]


def read_corridors(
    rows: Sequence[Row], origins: Mapping[str, set[str]], destinations: Mapping[str, set[str]]
) -> Corridors:
    """The corridors and mobility schemes; a missing end is taken from the partnership's own countries."""
    pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    quotas: dict[tuple[str, str], float] = defaultdict(float)
    for row in rows:
        iri = text_or_none(row.get("partnership"))
        origin = text_or_none(row.get("origin"))
        destination = text_or_none(row.get("destination"))
        if iri is None:
            continue
        origin = origin or next(iter(sorted(origins.get(iri, ()))), None)
        destination = destination or next(iter(sorted(destinations.get(iri, ()))), None)
        if origin is not None and destination is not None and origin != destination:
            pairs[iri].add((origin, destination))
            quotas[(origin, destination)] += float_or_none(row.get("quota")) or 0.0
    return Corridors(pairs, quotas)


def read_counts(rows: Sequence[Row]) -> dict[str, list[ParticipantCount]]:
    """Partnership -> its participant counts (``counts.rq``)."""
    counts: dict[str, list[ParticipantCount]] = defaultdict(list)
    for row in rows:
        if (iri := text_or_none(row.get("partnership"))) is not None:
            counts[iri].append(
                ParticipantCount(
                    text_or_none(row.get("node")) or "",
                    float_or_none(row.get("count")),
                    text_or_none(row.get("countType")),
                    text_or_none(row.get("sex")),
                    float_or_none(row.get("share")),
                )
            )
    return counts


def read_costs(rows: Sequence[Row]) -> dict[str, list[CostShare]]:
    """Partnership -> its cost shares (``costs.rq``)."""
    costs: dict[str, list[CostShare]] = defaultdict(list)
    for row in rows:
        if (iri := text_or_none(row.get("partnership"))) is not None:
            costs[iri].append(
                CostShare(
                    text_or_none(row.get("node")) or "",
                    text_or_none(row.get("payer")),
                    text_or_none(row.get("payerRole")),
                    text_or_none(row.get("costItem")),
                    float_or_none(row.get("share")),
                    float_or_none(row.get("amount")),
                    text_or_none(row.get("currency")),
                )
            )
    return costs


def partnership_facts(
    types: Mapping[str, set[str]],
    *,
    labels: Mapping[str, str],
    origins: Mapping[str, set[str]],
    destinations: Mapping[str, set[str]],
    members: Memberships,
    facts: Facts,
    trainings: Mapping[str, Sequence[Training]],
    corridors: Corridors,
    counts: Mapping[str, Sequence[ParticipantCount]],
    costs: Mapping[str, Sequence[CostShare]],
) -> dict[str, PartnershipFacts]:
    """One record per partnership of ``types`` (IRI -> its classes), in IRI order, from what every reader found."""
    records: dict[str, PartnershipFacts] = {}
    for iri in sorted(types):
        roles = members.roles.get(iri, {})
        records[iri] = PartnershipFacts(
            iri=iri,
            label=labels.get(iri) or local_name(iri),
            type=_specific(types[iri], PARTNERSHIP_CLASSES),
            origins=frozenset(origins.get(iri, ())),
            destinations=frozenset(destinations.get(iri, ())),
            members=frozenset(roles),
            roles={m: frozenset(r) for m, r in roles.items()},
            trainings=tuple(sorted(set(trainings.get(iri, ())), key=lambda t: t.iri)),
            occupations=facts.of(iri, "occupation"),
            provisions=facts.of(iri, "provision"),
            assessed=facts.of(iri, "assessed"),
            stages=facts.of(iri, "stage"),
            corridors=frozenset(corridors.pairs.get(iri, ())),
            counts=tuple(sorted(set(counts.get(iri, ())), key=lambda c: c.iri)),
            costs=tuple(sorted(set(costs.get(iri, ())), key=lambda c: c.iri)),
            sex_disaggregated_indicators=facts.of(iri, "indicator"),
            fees_charged_to_workers=facts.fees.get(iri),
            arrangements=facts.of(iri, "arrangement"),
            instruments=facts.of(iri, "instrument"),
        )
    return records


def stakeholders_of(
    partnerships: Mapping[str, PartnershipFacts], member_types: Mapping[str, set[str]], labels: Mapping[str, str]
) -> dict[str, Stakeholder]:
    """Every member of a partnership, in IRI order, with its categories over all the roles it plays."""
    types: dict[str, frozenset[str]] = {}
    roles: Sets = defaultdict(set)
    for facts in partnerships.values():
        for member in facts.members:
            types.setdefault(member, frozenset(member_types.get(member, ())))
        for member, played in facts.roles.items():
            roles[member].update(played)
    return {
        iri: Stakeholder(iri, labels.get(iri) or local_name(iri), types[iri], categories_of(types[iri], roles[iri]))
        for iri in sorted(types)
    }


def read_recognitions(rows: Sequence[Row], partnerships: Mapping[str, PartnershipFacts]) -> tuple[Recognition, ...]:
    """Group arrangement and decision rows (``recognition.rq``) into records; fill missing countries from context."""
    carried: Sets = defaultdict(set)
    for facts in partnerships.values():
        for arrangement in facts.arrangements:
            carried[arrangement].add(facts.iri)
    grouped: dict[str, Sets] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        if (node := text_or_none(row.get("node"))) is None:
            continue
        for key in ("kind", "type", "arrangement", "source", "target", "occupation", "outcome"):
            if (value := text_or_none(row.get(key))) is not None:
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
