"""The OWL 2 RL rules of our ontology, compiled into lookup tables for incremental reasoning.

:mod:`smpgraph.reasoning.incremental` applies the rules of the `OWL 2 RL/RDF rule set
<https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules>`_ that the ontology
uses to the data, one triple at a time. The schema (TBox) is read once and closed here, so that a data triple
needs no schema triple at run time:

* ``cax-sco``, ``cax-eqc1/2``, ``cls-uni``: each class's superclasses, through ``rdfs:subClassOf``,
  ``owl:equivalentClass`` (both ways) and ``owl:unionOf`` (a member is a subclass of the union), closed;
* ``prp-spo1``, ``prp-eqp1/2``: each property's superproperties, closed the same way;
* ``prp-dom``, ``prp-rng``: each property's domain and range classes, over its superproperties and with
  their superclasses;
* ``prp-inv1/2``, ``prp-symp``, ``prp-trp``, ``prp-spo2``: the inverse pairs, the symmetric and transitive
  properties, and the property chains.

The equality rules (``eq-sym``, ``eq-trans``, ``eq-rep-s/p/o``) need no table. Consistency-only axioms
(``owl:disjointWith`` ...) infer nothing. :attr:`RuleTables.unsupported` lists what this compilation cannot
maintain (a construct it does not compile, blank nodes in the data, ``owl:sameAs`` on a schema term, ...);
then every write needs a full recompute. The terms, and the tests of what is data and what the store keeps,
are in :mod:`smpgraph.reasoning.incremental_vocab`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Final

import pyoxigraph as ox

from smpgraph.reasoning.closure import SCHEMA_NAMESPACES
from smpgraph.reasoning.incremental_index import Term, TripleIndex
from smpgraph.reasoning.incremental_vocab import (
    CHAIN,
    DATA_SCHEMA_PREDICATES,
    DOMAIN,
    EQUIVALENT_CLASS,
    EQUIVALENT_PROPERTY,
    FIRST,
    INERT_SCHEMA_CLASSES,
    INVERSE_OF,
    NIL,
    NOTHING_IRI,
    OWL_NS,
    RANGE,
    REST,
    SAME_AS,
    SUB_CLASS_OF,
    SUB_PROPERTY_OF,
    SYMMETRIC,
    TRANSITIVE,
    TYPE,
    UNION_OF,
    is_named,
)

#: predicates of the OWL 2 RL constructs this compilation does not maintain incrementally
_UNSUPPORTED_PREDICATES: Final = tuple(
    ox.NamedNode(OWL_NS + name)
    for name in (
        "intersectionOf",
        "oneOf",
        "complementOf",
        "onProperty",
        "hasValue",
        "someValuesFrom",
        "allValuesFrom",
        "hasKey",
        "maxCardinality",
        "maxQualifiedCardinality",
        "cardinality",
        "minCardinality",
        "disjointUnionOf",
        "hasSelf",
    )
)
_UNSUPPORTED_TYPES: Final = tuple(
    ox.NamedNode(OWL_NS + name) for name in ("FunctionalProperty", "InverseFunctionalProperty")
)
#: schema triples that may hold a blank node (RDF lists and the axioms that point at them)
_LIST_PREDICATES: Final = frozenset({FIRST, REST, CHAIN, UNION_OF})


@dataclass(frozen=True, slots=True)
class Chain:
    """``implied owl:propertyChainAxiom (steps...)`` (rule ``prp-spo2``)."""

    implied: ox.NamedNode
    steps: tuple[ox.NamedNode, ...]


@dataclass(frozen=True, slots=True)
class RuleTables:
    """The compiled schema: every map is closed, and a key maps to other terms only (never to itself).

    Attributes:
        class_supers: class -> its superclasses (``cax-sco``, ``cax-eqc``, ``cls-uni``).
        class_subs: class -> its subclasses (the inverse of ``class_supers``).
        property_supers: property -> its superproperties (``prp-spo1``, ``prp-eqp``).
        property_subs: property -> its subproperties.
        domain_types: property -> the classes its subjects get (``prp-dom``, closed).
        range_types: property -> the classes its objects get (``prp-rng``, closed).
        domain_properties: class -> the properties whose subjects get it.
        range_properties: class -> the properties whose objects get it.
        inverses: property -> its inverse properties (``prp-inv1/2``).
        symmetric: the symmetric properties (``prp-symp``).
        transitive: the transitive properties (``prp-trp``).
        chains_by_step: property -> (chain, position) pairs where it is a step (``prp-spo2``).
        chains_by_implied: property -> the chains that imply it.
        schema_terms: every IRI a schema triple mentions (``owl:sameAs`` on one changes the schema).
        unsupported: why incremental reasoning cannot be used (empty when it can).
    """

    class_supers: Mapping[Term, frozenset[Term]]
    class_subs: Mapping[Term, frozenset[Term]]
    property_supers: Mapping[Term, frozenset[ox.NamedNode]]
    property_subs: Mapping[Term, frozenset[ox.NamedNode]]
    domain_types: Mapping[Term, frozenset[Term]]
    range_types: Mapping[Term, frozenset[Term]]
    domain_properties: Mapping[Term, frozenset[ox.NamedNode]]
    range_properties: Mapping[Term, frozenset[ox.NamedNode]]
    inverses: Mapping[Term, frozenset[ox.NamedNode]]
    symmetric: frozenset[Term]
    transitive: frozenset[Term]
    chains_by_step: Mapping[Term, tuple[tuple[Chain, int], ...]]
    chains_by_implied: Mapping[Term, tuple[Chain, ...]]
    schema_terms: frozenset[Term]
    unsupported: tuple[str, ...]


def _closure(edges: Mapping[Term, set[Term]]) -> dict[Term, frozenset[Term]]:
    """Each node's reachable nodes, itself excluded."""
    closed: dict[Term, frozenset[Term]] = {}
    for start in edges:
        seen: set[Term] = set()
        stack = list(edges[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
        seen.discard(start)
        if seen:
            closed[start] = frozenset(seen)
    return closed


def _inverted(mapping: Mapping[Term, Iterable[Term]]) -> dict[Term, frozenset[Term]]:
    inverse: dict[Term, set[Term]] = defaultdict(set)
    for key, values in mapping.items():
        for value in values:
            inverse[value].add(key)
    return {key: frozenset(values) for key, values in inverse.items()}


def _list_members(index: TripleIndex, head: Term) -> list[Term] | None:
    """The members of an RDF list, or None when it is malformed."""
    members: list[Term] = []
    node, seen = head, set()
    while node != NIL:
        if node in seen or type(node) is ox.Literal:
            return None
        seen.add(node)
        firsts, rests = list(index.objects(node, FIRST)), list(index.objects(node, REST))
        if len(firsts) != 1 or len(rests) != 1:
            return None
        members.append(firsts[0])
        node = rests[0]
    return members


def _pairs(index: TripleIndex, predicate: ox.NamedNode) -> list[tuple[Term, Term]]:
    return [(s, o) for s, _, o in index.triples(None, predicate, None)]


def _property_map(values: Mapping[Term, Iterable[Term]]) -> dict[Term, frozenset[ox.NamedNode]]:
    return {key: frozenset(v for v in vals if isinstance(v, ox.NamedNode)) for key, vals in values.items()}


def compile_rules(index: TripleIndex) -> RuleTables:
    """Read the schema from the asserted triples of ``index`` and close it into :class:`RuleTables`.

    Args:
        index: the store (asserted and inferred triples; only schema triples and a few checks are read).

    Returns:
        The tables; check :attr:`RuleTables.unsupported` before using them.
    """
    unsupported: list[str] = []
    schema_terms: set[Term] = set()

    def read(predicate: ox.NamedNode) -> list[tuple[Term, Term]]:
        pairs = _pairs(index, predicate)
        for pair in pairs:
            schema_terms.update(term for term in pair if type(term) is ox.NamedNode)
        return pairs

    class_edges: dict[Term, set[Term]] = defaultdict(set)
    for sub, sup in read(SUB_CLASS_OF):
        class_edges[sub].add(sup)
    for one, other in read(EQUIVALENT_CLASS):
        class_edges[one].add(other)
        class_edges[other].add(one)
    for union, head in read(UNION_OF):
        members = _list_members(index, head)
        if members is None:
            unsupported.append(f"the owl:unionOf of {union} is not a well-formed list")
            continue
        for member in members:
            class_edges[member].add(union)
            schema_terms.add(member)
    property_edges: dict[Term, set[Term]] = defaultdict(set)
    for sub, sup in read(SUB_PROPERTY_OF):
        property_edges[sub].add(sup)
    for one, other in read(EQUIVALENT_PROPERTY):
        property_edges[one].add(other)
        property_edges[other].add(one)
    class_supers, property_supers = _closure(class_edges), _closure(property_edges)

    def with_supers(classes: Iterable[Term]) -> set[Term]:
        return {closed for cls in classes for closed in (cls, *class_supers.get(cls, ()))}

    direct: dict[str, dict[Term, set[Term]]] = {"domain": defaultdict(set), "range": defaultdict(set)}
    for name, predicate in (("domain", DOMAIN), ("range", RANGE)):
        for prop, cls in read(predicate):
            direct[name][prop].add(cls)
    closed_types: dict[str, dict[Term, frozenset[Term]]] = {}
    for name, classes in direct.items():
        table: dict[Term, frozenset[Term]] = {}
        for prop in {*classes, *(p for p in property_supers if any(s in classes for s in property_supers[p]))}:
            gathered = with_supers(c for q in (prop, *property_supers.get(prop, ())) for c in classes.get(q, ()))
            if gathered:
                table[prop] = frozenset(gathered)
        closed_types[name] = table
    inverses: dict[Term, set[Term]] = defaultdict(set)
    for one, other in read(INVERSE_OF):
        inverses[one].add(other)
        inverses[other].add(one)
    symmetric = frozenset(index.subjects(TYPE, SYMMETRIC))
    transitive = frozenset(index.subjects(TYPE, TRANSITIVE))
    schema_terms.update(symmetric | transitive)
    chains: list[Chain] = []
    for implied, head in read(CHAIN):
        steps = _list_members(index, head)
        if steps is None or type(implied) is not ox.NamedNode or any(type(s) is not ox.NamedNode for s in steps):
            unsupported.append(f"the property chain of {implied} is not a list of properties")
            continue
        schema_terms.update(steps)
        if len(steps) >= 2:  # as closure.py: a one-step chain is a subproperty, reasoned already
            chains.append(Chain(implied, tuple(s for s in steps if type(s) is ox.NamedNode)))

    unsupported.extend(_unsupported_constructs(index))
    tables = RuleTables(
        class_supers=class_supers,
        class_subs=_inverted(class_supers),
        property_supers=_property_map(property_supers),
        property_subs=_property_map(_inverted(property_supers)),
        domain_types=closed_types["domain"],
        range_types=closed_types["range"],
        domain_properties=_property_map(_inverted(closed_types["domain"])),
        range_properties=_property_map(_inverted(closed_types["range"])),
        inverses=_property_map(inverses),
        symmetric=symmetric,
        transitive=transitive,
        chains_by_step=_chains_by_step(chains),
        chains_by_implied=_chains_by_implied(chains),
        schema_terms=frozenset(schema_terms),
        unsupported=(),
    )
    unsupported.extend(_unsupported_tables(tables))
    unsupported.extend(_unsupported_data(index, tables))
    return replace(tables, unsupported=tuple(unsupported)) if unsupported else tables


def _chains_by_step(chains: list[Chain]) -> dict[Term, tuple[tuple[Chain, int], ...]]:
    by_step: dict[Term, list[tuple[Chain, int]]] = defaultdict(list)
    for chain in chains:
        for position, step in enumerate(chain.steps):
            by_step[step].append((chain, position))
    return {step: tuple(found) for step, found in by_step.items()}


def _chains_by_implied(chains: list[Chain]) -> dict[Term, tuple[Chain, ...]]:
    by_implied: dict[Term, list[Chain]] = defaultdict(list)
    for chain in chains:
        by_implied[chain.implied].append(chain)
    return {implied: tuple(found) for implied, found in by_implied.items()}


def _unsupported_constructs(index: TripleIndex) -> list[str]:
    found = [f"the schema uses {p.value}" for p in _UNSUPPORTED_PREDICATES if any(index.triples(None, p, None))]
    found.extend(f"the schema declares a {t.value}" for t in _UNSUPPORTED_TYPES if any(index.subjects(TYPE, t)))
    return found


def _schema_namespace(term: Term) -> bool:
    return type(term) is ox.NamedNode and term.value.startswith(SCHEMA_NAMESPACES)


def _unsupported_tables(tables: RuleTables) -> list[str]:
    """Schema shapes whose inferences the store would not keep but the rules would need as premises."""
    found: list[str] = []
    keyed: dict[str, Iterable[Term]] = {
        "has superproperties": tables.property_supers,
        "has a domain": tables.domain_types,
        "has a range": tables.range_types,
        "has an inverse": tables.inverses,
        "is symmetric": tables.symmetric,
        "is transitive": tables.transitive,
        "takes part in a property chain": [*tables.chains_by_step, *tables.chains_by_implied],
    }
    for what, properties in keyed.items():
        found.extend(f"the schema property {p.value} {what}" for p in properties if _schema_namespace(p))
    for cls in tables.class_supers:
        if _schema_namespace(cls) and any(not _schema_namespace(sup) for sup in tables.class_supers[cls]):
            found.append(f"the schema class {cls.value} has superclasses")
    for table in (tables.class_supers, tables.domain_types, tables.range_types):
        for classes in table.values():
            found.extend(
                f"the schema infers membership of {c.value}"
                for c in classes
                if _schema_namespace(c) and c not in INERT_SCHEMA_CLASSES and c.value != NOTHING_IRI
            )
    for prop, supers in tables.property_supers.items():
        found.extend(
            f"{prop} is a subproperty of the schema predicate {sup.value}"
            for sup in supers
            if _schema_namespace(sup) and sup not in DATA_SCHEMA_PREDICATES
        )
    return sorted(set(found))


def _unsupported_data(index: TripleIndex, tables: RuleTables) -> list[str]:
    """Data the incremental rules cannot see whole: blank nodes, and owl:sameAs that touches the schema."""
    found: list[str] = []
    blank = sorted(p.value for p in index.blank_node_predicates() if p not in _LIST_PREDICATES)
    if blank:
        found.append(f"the data has blank nodes (with {blank[0]})")
    for subject, _, obj in index.triples(None, SAME_AS, None):
        for term in (subject, obj):
            if not is_named(term) or term in tables.schema_terms:
                found.append(f"owl:sameAs on {term}, which is not an individual's IRI")
                break
    return found
