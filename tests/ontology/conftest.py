"""Fixtures of the ontology QC tests: the ontology graph (with and without imports) and its OWL RL closure."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from smpgraph.ontology import load_ontology_graph, ontology_dir
from tests.ontology._support import owlrl_closure


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
