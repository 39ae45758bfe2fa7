"""Rule ``prp-spo2`` of OWL 2 RL (property chains), which reasonable 0.4.4 does not implement.

``p owl:propertyChainAxiom (p1 ... pn)`` with ``x0 p1 x1 ... x(n-1) pn xn`` entails ``x0 p xn``
(`OWL 2 Profiles, table 5 <https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules>`_).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import Graph
from rdflib.collection import Collection
from rdflib.namespace import OWL
from rdflib.term import Node


@dataclass(frozen=True, slots=True)
class ChainAxiom:
    """``implied owl:propertyChainAxiom (steps...)``."""

    implied: Node
    steps: tuple[Node, ...]


def read_chain_axioms(graph: Graph) -> list[ChainAxiom]:
    """Read every well-formed ``owl:propertyChainAxiom`` of ``graph``.

    Args:
        graph: the ontology (and data).

    Returns:
        One axiom per chain of at least two properties; malformed lists are skipped.
    """
    axioms: list[ChainAxiom] = []
    for implied, _, head in graph.triples((None, OWL.propertyChainAxiom, None)):
        steps = tuple(Collection(graph, head))
        if len(steps) >= 2:  # a one-step chain is a sub-property, reasoned already
            axioms.append(ChainAxiom(implied=implied, steps=steps))
    return axioms


def apply_chains(
    axioms: Iterable[ChainAxiom], closure: Iterable[tuple[Node, Node, Node]]
) -> Iterator[tuple[Node, Node, Node]]:
    """Apply ``prp-spo2`` once to ``closure``.

    Args:
        axioms: the chain axioms.
        closure: the triples to match against (a closure under the other rules).

    Yields:
        ``(x0, implied, xn)`` for every chain found; duplicates and known triples may occur.
    """
    axioms = list(axioms)
    if not axioms:
        return
    wanted = {step for axiom in axioms for step in axiom.steps}
    edges: dict[Node, dict[Node, set[Node]]] = {step: defaultdict(set) for step in wanted}
    for subject, predicate, obj in closure:
        if predicate in edges:
            edges[predicate][subject].add(obj)
    for axiom in axioms:
        first = edges[axiom.steps[0]]
        for start, frontier in first.items():
            reached = set(frontier)
            for step in axiom.steps[1:]:
                step_edges = edges[step]
                reached = {target for node in reached for target in step_edges.get(node, ())}
                if not reached:
                    break
            for end in reached:
                yield start, axiom.implied, end
