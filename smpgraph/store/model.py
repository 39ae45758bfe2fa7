"""The values the store hands out, whatever the backend: query forms and formats, results, reports, states.

Results carry rdflib terms so that analysts get the objects they know (``URIRef``, ``Literal``,
``Graph``); ``xsd:string`` literals come back as plain literals, as rdflib writes them, so that
``Literal("x") == row[0]`` holds whatever the engine (see docs/decisions/0003-store-interface.md).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef

if TYPE_CHECKING:
    from rdflib.term import Node

#: an RDF term in a result row: an IRI, a blank node, a literal, or None where a variable is unbound
Term = URIRef | BNode | Literal


class QueryForm(enum.Enum):
    """The four SPARQL query forms."""

    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"


class ResultFormat(enum.Enum):
    """Serialisations of query results and graphs, with their media type and file suffix."""

    JSON = ("application/sparql-results+json", "srj")
    XML = ("application/sparql-results+xml", "srx")
    CSV = ("text/csv", "csv")
    TSV = ("text/tab-separated-values", "tsv")
    TURTLE = ("text/turtle", "ttl")
    NTRIPLES = ("application/n-triples", "nt")
    NQUADS = ("application/n-quads", "nq")
    TRIG = ("application/trig", "trig")
    JSONLD = ("application/ld+json", "jsonld")
    RDFXML = ("application/rdf+xml", "rdf")

    @property
    def media_type(self) -> str:
        """The IANA media type."""
        return self.value[0]

    @property
    def suffix(self) -> str:
        """The usual file suffix, without the dot."""
        return self.value[1]

    @property
    def is_tabular(self) -> bool:
        """True for the SPARQL results formats (SELECT and ASK)."""
        return self in _TABULAR

    @property
    def is_quads(self) -> bool:
        """True for the dataset formats that carry graph names."""
        return self in (ResultFormat.NQUADS, ResultFormat.TRIG)


_TABULAR = frozenset({ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV, ResultFormat.TSV})


@dataclass(frozen=True, slots=True)
class SelectResult:
    """The rows of a SELECT query.

    Attributes:
        variables: the projected variable names, without ``?``.
        rows: one tuple per solution, aligned with ``variables``; ``None`` where unbound.
        truncated: True when the row cap cut the result short.
    """

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    truncated: bool = False

    def __iter__(self) -> Iterator[tuple[Term | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict[str, Term]]:
        """The rows as dictionaries, leaving unbound variables out."""
        return [
            {name: value for name, value in zip(self.variables, row, strict=True) if value is not None}
            for row in self.rows
        ]

    def column(self, name: str) -> list[Term | None]:
        """The values of one variable, in row order."""
        index = self.variables.index(name)
        return [row[index] for row in self.rows]


@dataclass(frozen=True, slots=True)
class AskResult:
    """The answer of an ASK query."""

    value: bool

    def __bool__(self) -> bool:
        return self.value


@dataclass(frozen=True, slots=True)
class GraphResult:
    """The triples of a CONSTRUCT or DESCRIBE query, as an rdflib graph."""

    graph: Graph
    truncated: bool = False

    def __len__(self) -> int:
        return len(self.graph)


QueryResult = SelectResult | AskResult | GraphResult


@dataclass(frozen=True, slots=True)
class SerializedResult:
    """A query result serialised by the engine itself (the fast path of the HTTP endpoint)."""

    form: QueryForm
    format: ResultFormat
    body: bytes
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What one load did.

    Attributes:
        source: the file path or name loaded.
        graph: the named graph it went to (for TriG/N-Quads the graphs it carried, in ``graphs``).
        triples: how many triples (quads) were written.
        checksum: ``sha256:…`` of the bytes read.
        replaced: True when an earlier version of this source was replaced.
        unchanged: True when the source had the same checksum as the stored one and was skipped.
        seconds: wall-clock duration.
        graphs: every graph written.
    """

    source: str
    graph: URIRef
    triples: int
    checksum: str
    replaced: bool = False
    unchanged: bool = False
    seconds: float = 0.0
    graphs: tuple[URIRef, ...] = ()


@dataclass(frozen=True, slots=True)
class GraphInfo:
    """Provenance of one named graph, from the metadata graph."""

    graph: URIRef
    triples: int
    source: str | None = None
    checksum: str | None = None
    loaded_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ReasoningState:
    """Whether the inferred graph reflects the current asserted data."""

    fresh: bool
    inferred_triples: int
    computed_at: datetime | None = None
    engine: str | None = None
    asserted_fingerprint: str | None = None


@dataclass(frozen=True, slots=True)
class StoreInfo:
    """What ``smpgraph info`` reports."""

    backend: str
    location: str
    graphs: tuple[GraphInfo, ...]
    total_triples: int
    reasoning: ReasoningState
    extras: dict[str, str] = field(default_factory=dict)


def literal_to_python(term: Node | None) -> object:
    """A result term as a Python value (str for IRIs, the literal's value, None when unbound)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        return term.toPython()
    return str(term)
