"""What both backends read the same way: graphs, information and exports (the base of ``BaseStore``).

Each backend lists its graphs, counts them and reads a graph's triples or every quad; this class turns
those into :meth:`get_graph`, :meth:`graph_bytes`, :meth:`info` and :meth:`export`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from smpgraph.namespaces import PREFIXES
from smpgraph.store.export import export_dataset, export_triples
from smpgraph.store.formats import oxigraph_rdf_format
from smpgraph.store.metadata import INFERRED_GRAPH, Metadata
from smpgraph.store.model import GraphInfo, ReasoningState, ResultFormat, StoreInfo
from smpgraph.store.naming import graph_iri
from smpgraph.store.results import write_triples
from smpgraph.store.terms import triples_to_graph


class GraphReads(ABC):
    """Graphs, information and exports, built on four primitives each backend implements."""

    backend: str
    metadata: Metadata

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the store lives."""

    @abstractmethod
    def _graph_triples(self, graph: str | None) -> Iterable[ox.Triple]:
        """The triples of one graph (``None``: the default graph); ResourceNotFoundError when it is absent."""

    @abstractmethod
    def _dataset_quads(self) -> list[ox.Quad]:
        """Every quad of the dataset (asserted and inferred graphs, no metadata)."""

    @abstractmethod
    def _graph_counts(self) -> dict[str, int]:
        """Triples per named graph."""

    @abstractmethod
    def graph_names(self) -> list[URIRef]:
        """The named graphs of the store (without the metadata graph)."""

    def get_graph(self, graph: str | None) -> Graph:
        """One graph as an rdflib Graph (``None``: the store's default graph).

        Raises:
            ResourceNotFoundError: the named graph does not exist.
        """
        return triples_to_graph(self._graph_triples(graph), Graph(identifier=URIRef(graph_iri(graph))))

    def graph_bytes(self, graph: str | None, fmt: ResultFormat) -> bytes:
        """One graph serialised (the Graph Store Protocol's GET).

        Raises:
            ResourceNotFoundError: the named graph does not exist.
            UnsupportedFormatError: ``fmt`` is not an RDF graph format.
        """
        return write_triples(list(self._graph_triples(graph)), fmt, PREFIXES)

    def _info_extras(self) -> dict[str, str]:
        return {}

    def info(self) -> StoreInfo:
        """Graphs with counts and provenance, and the reasoning state."""
        counts = self._graph_counts()
        graphs = tuple(self.metadata.graph_info(name, counts.get(str(name), 0)) for name in self.graph_names())
        state = self.metadata.reasoning
        return StoreInfo(
            backend=self.backend,
            location=self.location,
            graphs=graphs,
            total_triples=sum(counts.values()),
            reasoning=ReasoningState(
                fresh=self.metadata.fresh,
                inferred_triples=counts.get(str(INFERRED_GRAPH), 0),
                computed_at=state.computed_at,
                engine=state.engine,
            ),
            extras=self._info_extras(),
        )

    def graph_infos(self) -> list[GraphInfo]:
        """Provenance of every graph."""
        return list(self.info().graphs)

    def export(self, out: Path, result_format: ResultFormat, *, graph: str | None = None) -> int:
        """Write one graph (or, with ``graph=None``, the whole dataset without metadata) to ``out``.

        A dataset needs a quad format (N-Quads, TriG); a triple format writes the union of all graphs.

        Raises:
            UnsupportedFormatError: a results format was asked for.
            ResourceNotFoundError: the graph does not exist.
        """
        oxigraph_rdf_format(result_format)  # a results format is refused before anything is read
        if graph is not None:
            return export_triples(out, list(self._graph_triples(graph)), result_format)
        return export_dataset(out, self._dataset_quads(), result_format)
