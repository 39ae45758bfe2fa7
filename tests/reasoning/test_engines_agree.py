"""reasonable (completed with prp-spo2) infers exactly what owlrl infers on our ontology and data.

This test is why ``ReasoningEngine.REASONABLE`` may be the default (issue 2, item 3). Both sides are
filtered by :func:`smpgraph.reasoning.filter_inferences`: reflexive ``owl:sameAs``, literal subjects,
axiomatic/datatype residue, schema (TBox) entailments and the reasoner's own blank nodes are ignored
(see ``smpgraph/reasoning/closure.py`` for each and why). Input: every ``ontology/**/*.ttl`` (the vendored
imports included), ``data/reference/*.ttl`` and ``data/examples/*.ttl``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph

from smpgraph.config import Settings
from smpgraph.namespaces import bind_prefixes
from smpgraph.reasoning import ReasoningEngine, compute_inferences, ntriples_lines
from smpgraph.store import ResultFormat, open_store
from smpgraph.store.metadata import INFERRED_GRAPH

ROOT = Path(__file__).resolve().parents[2]


def _input_files() -> list[Path]:
    ontology = sorted((ROOT / "ontology").rglob("*.ttl"))
    data = sorted((ROOT / "data" / "reference").glob("*.ttl")) + sorted((ROOT / "data" / "examples").glob("*.ttl"))
    return ontology + data if ontology else []


@pytest.fixture(scope="module")
def ontology_and_data() -> Graph:
    files = _input_files()
    if not files:
        pytest.skip("ontology/ holds no .ttl yet: nothing to compare the engines on")
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    return graph


def _show(triples: set[tuple[object, ...]], limit: int = 25) -> str:
    manager = bind_prefixes(Graph()).namespace_manager
    lines = sorted(" ".join(term.n3(manager) for term in triple) for triple in triples)  # type: ignore[attr-defined]
    return "\n  ".join(lines[:limit]) + (f"\n  ... and {len(lines) - limit} more" if len(lines) > limit else "")


@pytest.fixture(scope="module")
def owlrl_reference(ontology_and_data: Graph) -> set[tuple[object, ...]]:
    """owlrl's filtered inferences: the reference (about a minute)."""
    return set(compute_inferences(ontology_and_data, engine=ReasoningEngine.OWLRL).graph)


def _store_inferred_lines(reasoner: str) -> set[str]:
    """The inferred graph that ``store.reason()`` materialises over the same files, as N-Triples lines."""
    store = open_store(Settings(backend="memory", reasoner=reasoner))
    try:
        for path in _input_files():
            store.load(path.read_bytes(), format=ResultFormat.TURTLE, name=str(path), reason=False)
        store.reason()
        data = store.graph_bytes(str(INFERRED_GRAPH), ResultFormat.NTRIPLES)
    finally:
        store.close()
    return set(data.decode("utf-8").splitlines())


def _without_blank_nodes(triples: set[tuple[object, ...]]) -> set[tuple[object, ...]]:
    return {t for t in triples if not any(isinstance(term, BNode) for term in t)}


def test_store_fast_path_equals_compute_inferences(ontology_and_data: Graph) -> None:
    """store.reason() (N-Triples string space, SPARQL-seeded chains) == compute_inferences(REASONABLE)."""
    reasonable = set(compute_inferences(ontology_and_data, engine=ReasoningEngine.REASONABLE).graph)
    expected = set(ntriples_lines(_without_blank_nodes(reasonable)))  # type: ignore[arg-type]
    materialised = _store_inferred_lines("reasonable")
    assert materialised == expected, (
        f"only in the store: {sorted(materialised - expected)[:10]}; "
        f"only computed: {sorted(expected - materialised)[:10]}"
    )
    assert expected


@pytest.mark.slow  # owlrl needs about a minute on the ~13k triples of ontology + reference data
def test_store_fast_path_equals_owlrl(owlrl_reference: set[tuple[object, ...]]) -> None:
    """The store's inferred graph with reasonable equals owlrl's reference (blank-node triples aside)."""
    expected = set(ntriples_lines(_without_blank_nodes(owlrl_reference)))  # type: ignore[arg-type]
    materialised = _store_inferred_lines("reasonable")
    assert materialised == expected, (
        f"only in the store: {sorted(materialised - expected)[:10]}; only owlrl: {sorted(expected - materialised)[:10]}"
    )


@pytest.mark.slow  # owlrl needs about a minute on the ~13k triples of ontology + reference data
def test_engines_agree_on_ontology_and_examples(
    ontology_and_data: Graph, owlrl_reference: set[tuple[object, ...]]
) -> None:
    reference = owlrl_reference
    fast = set(compute_inferences(ontology_and_data, engine=ReasoningEngine.REASONABLE).graph)
    only_owlrl, only_reasonable = reference - fast, fast - reference
    assert not only_owlrl, f"reasonable misses {len(only_owlrl)}:\n  {_show(only_owlrl)}"
    assert not only_reasonable, f"owlrl misses {len(only_reasonable)}:\n  {_show(only_reasonable)}"
    assert reference, "the examples should entail something"
