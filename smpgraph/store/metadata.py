"""The metadata graph: provenance of each load and the state of reasoning.

It is kept outside the query dataset (docs/decisions/0001-graph-naming.md): in memory for an
in-memory store, and in ``metadata.ttl`` in the data directory for a store on disk, written
atomically (temporary file, fsync, rename) by the process that holds the store's write lock.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePath, PureWindowsPath
from typing import Final

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, VOID, XSD

from smpgraph.errors import InputError
from smpgraph.namespaces import GRAPH, SMP, bind_prefixes
from smpgraph.store.model import GraphInfo, LoadReport, ReasoningState

META_GRAPH: Final = URIRef(GRAPH["meta"])
INFERRED_GRAPH: Final = URIRef(GRAPH["inferred"])
DEFAULT_GRAPH: Final = URIRef(GRAPH["default"])
STORE_NODE: Final = URIRef(GRAPH["store"])


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """The provenance of one loaded source."""

    source: str
    checksum: str
    graphs: tuple[URIRef, ...]
    triples: int
    loaded_at: datetime


class Metadata:
    """The metadata graph of one store, with atomic persistence when it has a file."""

    def __init__(self, path: Path | None) -> None:
        """Read the metadata from ``path`` if it exists (``None``: in memory only)."""
        self.path = path
        self.sources: dict[str, SourceRecord] = {}
        self.generation = 0
        self.reasoning = ReasoningState(fresh=True, inferred_triples=0)
        self.reasoned_generation = 0
        self._sources_turtle: tuple[tuple[tuple[str, SourceRecord], ...], str] | None = None
        if path is not None and path.exists():
            self._read(Graph().parse(path, format="turtle"))

    # -- what callers ask ------------------------------------------------------------------------

    def record_for_source(self, source: str) -> SourceRecord | None:
        """The last load of ``source``, if any."""
        return self.sources.get(source)

    def sources_of_graph(self, graph: URIRef) -> list[SourceRecord]:
        """The loads that wrote into ``graph``."""
        return [record for record in self.sources.values() if graph in record.graphs]

    def graph_info(self, graph: URIRef, triples: int) -> GraphInfo:
        """Provenance of one graph (the latest load that wrote it)."""
        records = sorted(self.sources_of_graph(graph), key=lambda record: record.loaded_at)
        if not records:
            return GraphInfo(graph=graph, triples=triples)
        last = records[-1]
        return GraphInfo(
            graph=graph, triples=triples, source=last.source, checksum=last.checksum, loaded_at=last.loaded_at
        )

    def refuse_shared(self, source: str, graphs: Iterable[str]) -> None:
        """Refuse to replace a load of ``source`` whose ``graphs`` also hold another source.

        Raises:
            InputError: one of the graphs holds another source.
        """
        for graph in sorted(graphs):
            others = [r.source for r in self.sources_of_graph(URIRef(graph)) if r.source != source]
            if others:
                raise InputError(
                    f"{source}: cannot replace graph <{graph}>, which also holds {others[0]}; "
                    "load each file into its own graph, or drop the graph and load them all again"
                )

    @property
    def fresh(self) -> bool:
        """True when the inferred graph was computed after the last write to asserted data."""
        return self.reasoned_generation == self.generation

    # -- what writers do -------------------------------------------------------------------------

    def touch(self) -> None:
        """Note a write to asserted data (the inferred graph is now stale)."""
        self.generation += 1
        self.reasoning = replace(self.reasoning, fresh=False)
        self.save()

    def touch_reasoned(self, inferred_triples: int, engine: str) -> None:
        """Note a write whose inferences were written with it: the generation moves, the inferred graph stays
        up to date (one save instead of :meth:`touch` and :meth:`record_reasoning`)."""
        self.generation += 1
        self.record_reasoning(inferred_triples, engine)

    def unchanged_load(
        self, source: str, checksum: str, target: URIRef, *, is_empty: Callable[[str], bool]
    ) -> LoadReport | None:
        """The report of a load to skip, the stored checksum of ``source`` being ``checksum``; else None.

        A load whose graphs were all emptied since (``is_empty`` of each) is not skipped: loading it again
        restores what an update removed.
        """
        earlier = self.sources.get(source)
        if earlier is None or earlier.checksum != checksum:
            return None
        if earlier.triples and all(is_empty(str(graph)) for graph in earlier.graphs):
            return None
        return LoadReport(
            source=source, graph=target, triples=earlier.triples, checksum=checksum, unchanged=True,
            graphs=earlier.graphs,
        )  # fmt: skip

    def record_load(self, source: str, checksum: str, graphs: Iterable[str], triples: int) -> SourceRecord:
        """Note a load now (replacing the record of an earlier load of the same source); its record."""
        record = SourceRecord(
            source=source,
            checksum=checksum,
            graphs=tuple(URIRef(g) for g in sorted(graphs)),
            triples=triples,
            loaded_at=_now(),
        )
        self.sources[source] = record
        self.touch()
        return record

    def forget_graph(self, graph: URIRef) -> None:
        """Forget the loads of a graph that was dropped."""
        for key in [key for key, record in self.sources.items() if graph in record.graphs]:
            remaining = tuple(g for g in self.sources[key].graphs if g != graph)
            if remaining:
                self.sources[key] = replace(self.sources[key], graphs=remaining)
            else:
                del self.sources[key]

    def record_reasoning(self, inferred_triples: int, engine: str) -> None:
        """Note that the inferred graph now reflects the asserted data."""
        self.reasoned_generation = self.generation
        self.reasoning = ReasoningState(
            fresh=True, inferred_triples=inferred_triples, computed_at=_now(), engine=engine
        )
        self.save()

    # -- RDF form and persistence ----------------------------------------------------------------

    def as_graph(self) -> Graph:
        """The metadata as an RDF graph (PROV and VoID terms)."""
        graph = self._sources_graph()
        graph += self._state_graph()
        return graph

    def _state_graph(self) -> Graph:
        """The state of the store and of its inferred graph (changed by every write)."""
        graph = Graph(identifier=META_GRAPH)
        graph.add((STORE_NODE, SMP.generation, Literal(self.generation)))
        graph.add((STORE_NODE, SMP.reasonedGeneration, Literal(self.reasoned_generation)))
        graph.add((INFERRED_GRAPH, VOID.triples, Literal(self.reasoning.inferred_triples)))
        if self.reasoning.computed_at is not None:
            graph.add(
                (INFERRED_GRAPH, PROV.generatedAtTime, Literal(self.reasoning.computed_at, datatype=XSD.dateTime))
            )
        if self.reasoning.engine is not None:
            graph.add((INFERRED_GRAPH, SMP.reasoner, Literal(self.reasoning.engine)))
        return graph

    def _sources_graph(self) -> Graph:
        """The provenance of each load (changed by loads and drops only)."""
        graph = bind_prefixes(Graph(identifier=META_GRAPH))
        for index, record in enumerate(sorted(self.sources.values(), key=lambda r: r.source)):
            node = URIRef(f"{GRAPH}meta/load/{index}")
            graph.add((node, RDF.type, PROV.Activity))
            graph.add((node, DCTERMS.source, Literal(record.source)))
            graph.add((node, SMP.checksum, Literal(record.checksum)))
            graph.add((node, VOID.triples, Literal(record.triples)))
            graph.add((node, PROV.endedAtTime, Literal(record.loaded_at, datatype=XSD.dateTime)))
            for target in record.graphs:
                graph.add((node, PROV.generated, target))
                graph.add((target, RDF.type, PROV.Entity))
        return graph

    def public_graph(self) -> Graph:
        """The metadata graph as served to anyone who may read: no path of the server's file system.

        A source loaded from a local file is named by its file name alone (the folders it sits in say
        where the server keeps its data, which readers of the endpoint have no need to know).
        """
        graph = self.as_graph()
        for node, source in list(graph.subject_objects(DCTERMS.source)):
            text = str(source)
            if PurePath(text).is_absolute() or PureWindowsPath(text).drive:
                graph.set((node, DCTERMS.source, Literal(PureWindowsPath(text).name)))
        return graph

    def _read(self, graph: Graph) -> None:
        self.generation = _int(graph.value(STORE_NODE, SMP.generation))
        self.reasoned_generation = _int(graph.value(STORE_NODE, SMP.reasonedGeneration))
        computed = graph.value(INFERRED_GRAPH, PROV.generatedAtTime)
        engine = graph.value(INFERRED_GRAPH, SMP.reasoner)
        self.reasoning = ReasoningState(
            fresh=self.fresh,
            inferred_triples=_int(graph.value(INFERRED_GRAPH, VOID.triples)),
            computed_at=computed.toPython() if isinstance(computed, Literal) else None,
            engine=str(engine) if engine is not None else None,
        )
        for node in graph.subjects(RDF.type, PROV.Activity):
            source = str(graph.value(node, DCTERMS.source))
            loaded = graph.value(node, PROV.endedAtTime)
            self.sources[source] = SourceRecord(
                source=source,
                checksum=str(graph.value(node, SMP.checksum)),
                graphs=tuple(sorted(URIRef(str(g)) for g in graph.objects(node, PROV.generated))),
                triples=_int(graph.value(node, VOID.triples)),
                loaded_at=loaded.toPython() if isinstance(loaded, Literal) else _now(),
            )

    def save(self) -> None:
        """Write the metadata file atomically (nothing to do in memory).

        The Turtle of the load records is kept between saves (it changes with loads and drops only); the
        few triples of the state, which every write changes, follow it as N-Triples lines (also Turtle).
        """
        if self.path is None:
            return
        key = tuple(sorted(self.sources.items()))
        if self._sources_turtle is None or self._sources_turtle[0] != key:
            self._sources_turtle = (key, self._sources_graph().serialize(format="turtle"))
        data = (self._sources_turtle[1] + "\n" + self._state_graph().serialize(format="nt")).encode()
        fd, tmp = tempfile.mkstemp(prefix=".metadata-", suffix=".ttl", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            Path(tmp).replace(self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _int(node: object) -> int:
    return int(str(node)) if isinstance(node, Literal) else 0


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
