"""Helpers shared by the ontology QC tests (graph copies, OWL RL closure and its errors)."""

from __future__ import annotations

from pathlib import Path

import owlrl
from rdflib import Graph

QC_DIR = Path(__file__).resolve().parents[2] / "smpgraph" / "queries" / "qc"
#: namespace owlrl uses for the inconsistencies it finds
OWLRL_ERROR_NS = "http://www.daml.org/2002/03/agents/agent-ont#"


def copy_graph(graph: Graph) -> Graph:
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    for triple in graph:
        copy.add(triple)
    return copy


def owlrl_closure(graph: Graph) -> Graph:
    closed = copy_graph(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    return closed


def owlrl_errors(closed: Graph) -> list[str]:
    return sorted(str(o) for s, p, o in closed if str(p) == OWLRL_ERROR_NS + "error")
