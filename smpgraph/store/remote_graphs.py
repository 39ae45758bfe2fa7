"""Whole-graph reads and writes on a remote engine, with or without a Graph Store Protocol endpoint.

The metadata graph is one of them (:class:`RemoteMetadata`).

Reads never trust one answer to be complete: engines cap results silently (Virtuoso's
``ResultSetMaxRows`` also cuts GSP GET and CONSTRUCT short, without saying so), so a read is checked
against ``COUNT(*)`` of the graph and, when short, read again in ordered pages no larger than the cap.
Writes replace a graph with one GSP PUT; without GSP, the triples go to a staging graph in
``INSERT DATA`` chunks of at most 1000 triples (Virtuoso fails above about 1500) and one update moves
the staging graph over the target, so that readers see the old graph or the new one, never a part.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Final

import pyoxigraph as ox

from smpgraph.errors import ResourceNotFoundError, SmpGraphError
from smpgraph.store.metadata import META_GRAPH, Metadata
from smpgraph.store.remote_client import SparqlClient
from smpgraph.store.terms import triples_to_graph

CHUNK_TRIPLES: Final = 1000
STAGING_PREFIX: Final = f"{str(META_GRAPH).rsplit('/', 1)[0]}/staging/"
_PAGE_DEFAULT: Final = 100_000


class GraphIO:
    """Reads and writes whole graphs through a :class:`SparqlClient`."""

    def __init__(self, client: SparqlClient, count: Callable[[str], int], server_max_rows: int = 0) -> None:
        """Use ``client``; ``count(graph)`` gives a graph's size; ``server_max_rows`` is the engine's cap."""
        self.client = client
        self.count = count
        self.page = min(server_max_rows, _PAGE_DEFAULT) if server_max_rows else _PAGE_DEFAULT

    def read(self, graph: str, *, missing_ok: bool = False) -> list[ox.Triple]:
        """Every triple of ``graph``, complete even where the engine caps its answers.

        Raises:
            ResourceNotFoundError: the graph does not exist and ``missing_ok`` is false.
        """
        if self.client.gsp_url:
            triples = self.client.gsp_get(graph)
            if triples is None:
                if missing_ok:
                    return []
                raise ResourceNotFoundError(f"no graph <{graph}> in the store")
        else:
            triples, _ = self.client.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        if not triples:
            return triples
        expected = self.count(graph)
        unique = list(dict.fromkeys(triples))
        if len(unique) >= expected:
            return unique
        return self._read_paged(graph, expected)

    def _read_paged(self, graph: str, expected: int) -> list[ox.Triple]:
        """Read ``graph`` in ordered SELECT pages of at most the engine's row cap."""
        seen: dict[ox.Triple, None] = {}
        offset = 0
        # Virtuoso refuses ORDER BY past 10000 rows (SR353); its unordered pages follow the index order,
        # and the count check below catches any page that moved
        order = "" if self.client.engine == "virtuoso" else "ORDER BY ?s ?p ?o "
        while offset < expected:
            result = self.client.select(
                f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} {order}LIMIT {self.page} OFFSET {offset}"
            )
            if not result.rows:
                break
            for s, p, o in result.rows:
                if isinstance(s, ox.NamedNode | ox.BlankNode) and isinstance(p, ox.NamedNode) and o is not None:
                    seen[ox.Triple(s, p, o)] = None
            offset += len(result.rows)
        if len(seen) < expected:
            raise SmpGraphError(
                f"the engine returned {len(seen)} of the {expected} triples of <{graph}>; raise its row cap "
                "(Virtuoso: ResultSetMaxRows) or configure SMPGRAPH_SPARQL_SERVER_MAX_ROWS"
            )
        return list(seen)

    def replace(self, graph: str, body: bytes) -> None:
        """Replace ``graph`` with the N-Triples ``body`` (one GSP PUT, or staging graph + MOVE)."""
        if self.client.gsp_url:
            self.client.gsp_write("PUT", graph, body)
            return
        lines = [line for line in body.decode("utf-8").splitlines() if line.strip()]
        if not lines:
            self.client.update(f"DROP SILENT GRAPH <{graph}>")
            return
        staging = f"{STAGING_PREFIX}{uuid.uuid4().hex}"
        try:
            self._insert(staging, lines)
            self.client.update(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>")
        except BaseException:
            self.client.update(f"DROP SILENT GRAPH <{staging}>")
            raise

    def add(self, graph: str, body: bytes) -> None:
        """Add the N-Triples ``body`` to ``graph`` (GSP POST, or INSERT DATA chunks)."""
        if self.client.gsp_url:
            self.client.gsp_write("POST", graph, body)
            return
        self._insert(graph, [line for line in body.decode("utf-8").splitlines() if line.strip()])

    def drop(self, graph: str) -> None:
        """Remove ``graph`` (silently when it does not exist)."""
        if self.client.gsp_url:
            self.client.gsp_delete(graph)
        else:
            self.client.update(f"DROP SILENT GRAPH <{graph}>")

    def _insert(self, graph: str, lines: list[str]) -> None:
        for start in range(0, len(lines), CHUNK_TRIPLES):
            chunk = "\n".join(lines[start : start + CHUNK_TRIPLES])
            self.client.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{chunk}\n}} }}")


class RemoteMetadata(Metadata):
    """The metadata graph, kept on the engine as the named graph ``graph/meta``."""

    def __init__(self, io: GraphIO) -> None:
        """Read the metadata graph from the engine (empty if it has none)."""
        super().__init__(None)
        self._io = io
        self.reload()

    def reload(self) -> None:
        """Read the metadata graph again (another process may have written)."""
        triples = self._io.read(str(META_GRAPH), missing_ok=True)
        self.sources = {}
        self._read(triples_to_graph(triples))

    def save(self) -> None:
        """Replace the metadata graph on the engine."""
        data = self.as_graph().serialize(format="nt", encoding="utf-8")
        self._io.replace(str(META_GRAPH), data)
