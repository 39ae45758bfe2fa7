"""Fixtures of the ontology QC tests: the ontology graph (with and without imports) and its OWL RL closure."""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
from rdflib import Graph

from smpgraph.ontology import load_ontology_graph, ontology_dir

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


@pytest.fixture(scope="session")
def ontology_folder() -> Path:
    return ontology_dir()


@pytest.fixture(scope="session")
def full_ontology() -> Graph:
    """Ontology plus vendored imports, merged (read-only: copy before changing)."""
    return load_ontology_graph(include_imports=True)


@pytest.fixture(scope="session")
def own_ontology() -> Graph:
    """Only smpgraph's own modules (read-only)."""
    return load_ontology_graph(include_imports=False)


@pytest.fixture(scope="session")
def closed_ontology(full_ontology: Graph) -> Graph:
    """The OWL RL closure of ontology plus vendored imports (read-only)."""
    return owlrl_closure(full_ontology)
