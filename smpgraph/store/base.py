"""What a store is: :class:`GraphStore`, which every backend implements, and :class:`SupportsBackup`.

The values a store hands out (results, reports, states) are defined in :mod:`smpgraph.store.model` and
re-exported here. Implementations: ``OxigraphStore`` (embedded, :mod:`smpgraph.store.oxigraph`) and
``RemoteStore`` (any SPARQL 1.1 engine, :mod:`smpgraph.store.remote`); both build on
:class:`smpgraph.store.common.BaseStore`. See docs/decisions/0003-store-interface.md and 0011-store-layout.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol, Self, runtime_checkable

from rdflib import Graph, URIRef

from smpgraph.store.metadata import Metadata
from smpgraph.store.model import AskResult as AskResult
from smpgraph.store.model import GraphInfo as GraphInfo
from smpgraph.store.model import GraphResult as GraphResult
from smpgraph.store.model import LoadReport as LoadReport
from smpgraph.store.model import QueryForm as QueryForm
from smpgraph.store.model import QueryResult as QueryResult
from smpgraph.store.model import ReasoningState as ReasoningState
from smpgraph.store.model import ResultFormat as ResultFormat
from smpgraph.store.model import SelectResult as SelectResult
from smpgraph.store.model import SerializedResult as SerializedResult
from smpgraph.store.model import StoreInfo as StoreInfo
from smpgraph.store.model import Term as Term
from smpgraph.store.model import literal_to_python as literal_to_python


@runtime_checkable
class GraphStore(Protocol):
    """What every store backend offers, and all that callers may rely on."""

    @property
    def backend(self) -> str:
        """The backend's name: ``oxigraph`` (on disk or in memory) or ``sparql``."""
        ...

    @property
    def location(self) -> str:
        """Where the store lives: ``memory``, its folder, or its query endpoint (without credentials)."""
        ...

    @property
    def metadata(self) -> Metadata:
        """The metadata graph: provenance of each load and the state of reasoning."""
        ...

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout_s: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query over the union dataset (or the graphs named)."""
        ...

    def query_serialized(
        self,
        sparql: str,
        result_format: ResultFormat | None = None,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout_s: float | None = None,
        max_rows: int | None = None,
    ) -> SerializedResult:
        """Run a query and let the engine serialise the result."""
        ...

    def update(
        self,
        sparql: str,
        *,
        using_graphs: Sequence[str] | None = None,
        using_named_graphs: Sequence[str] | None = None,
        reason: bool = True,
        timeout_s: float | None = None,
    ) -> None:
        """Run a SPARQL update over the same dataset as queries; then bring the inferred graph up to date.

        ``timeout_s`` bounds the write with its reasoning (default: the ``write_timeout_s`` setting; 0: none);
        a write past it is refused and changes nothing (embedded store; see docs/decisions/0014).
        """
        ...

    def load(
        self,
        source: Path | str | bytes,
        *,
        graph: str | None = None,
        format: ResultFormat | None = None,
        name: str | None = None,
        reason: bool = True,
        skip_unchanged: bool = False,
        timeout_s: float | None = None,
    ) -> LoadReport:
        """Load one RDF source into its graph, atomically replacing an earlier load of the same source."""
        ...

    def load_many(self, sources: Iterable[Path], *, graph: str | None = None, reason: bool = True) -> list[LoadReport]:
        """Load several files (reasoning once at the end)."""
        ...

    def graph_names(self) -> list[URIRef]:
        """The named graphs of the store (without the metadata graph)."""
        ...

    def has_graph(self, graph: str | None) -> bool:
        """True when the graph exists (the default graph always exists)."""
        ...

    def get_graph(self, graph: str | None) -> Graph:
        """One graph as an rdflib Graph; ``None`` for the store's own default graph."""
        ...

    def graph_bytes(self, graph: str | None, fmt: ResultFormat) -> bytes:
        """One graph serialised in an RDF graph format (the Graph Store Protocol's GET)."""
        ...

    def put_graph(
        self,
        graph: str | None,
        data: Graph,
        *,
        replace: bool = True,
        reason: bool = True,
        timeout_s: float | None = None,
    ) -> bool:
        """Replace (or add to) one graph; returns True when the graph existed before."""
        ...

    def drop_graph(self, graph: str | None, *, reason: bool = True, timeout_s: float | None = None) -> bool:
        """Remove one graph; returns True when it existed."""
        ...

    def describe(self, iris: Iterable[str]) -> Graph:
        """The concise bounded description of each IRI over the union dataset."""
        ...

    def reason(self) -> ReasoningState:
        """Recompute the inferred graph."""
        ...

    def prepare_writes(self) -> None:
        """Get ready for writes (the embedded store compiles its incremental rules) rather than at the first."""
        ...

    def info(self) -> StoreInfo:
        """Graphs, counts, provenance and reasoning state."""
        ...

    def export(self, out: Path, result_format: ResultFormat, *, graph: str | None = None) -> int:
        """Write one graph or the whole dataset to a file; returns the number of triples or quads."""
        ...

    def __len__(self) -> int:
        """Number of quads in the store (all graphs, metadata excluded)."""
        ...

    def close(self) -> None:
        """Release the store (its lock, its files, its connections)."""
        ...

    def __enter__(self) -> Self:
        """The store itself; leaving the ``with`` block closes it."""
        ...

    def __exit__(self, *exc: object) -> None:
        """Close the store."""
        ...


@runtime_checkable
class SupportsBackup(Protocol):
    """A store that copies itself into a folder (the embedded store; a remote engine has its own tools)."""

    def backup(self, target: Path) -> Path:
        """Copy the whole store into the new folder ``target``; returns ``target``."""
        ...
