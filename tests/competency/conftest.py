"""The dataset the competency questions run on, built through the product's own store API.

The ontology, the reference code lists and the example partnerships (not the bilateral labour agreements,
which have their own questions in ``bla/``), loaded into an in-memory smpgraph store and reasoned by it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smpgraph.bundle import bundled_files
from smpgraph.config import Settings
from smpgraph.store import GraphStore, open_store

PARTS = ("smpgraph:ontology/", "smpgraph:data/reference/", "smpgraph:data/examples/")


@pytest.fixture(scope="module")
def reasoned_store() -> Iterator[GraphStore]:
    """Ontology + reference data + examples, loaded and reasoned by smpgraph (module scope, read-only)."""
    store = open_store(Settings(backend="memory"))
    for item in bundled_files():
        if item.name.startswith(PARTS):
            store.load(item.path, graph=str(item.graph), name=item.name, reason=False)
    store.reason()
    yield store
    store.close()
