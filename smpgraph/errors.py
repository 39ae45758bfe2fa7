"""The one error hierarchy of smpgraph.

Every error smpgraph raises on purpose derives from :class:`SmpGraphError`. Each leaf also derives
from the matching built-in (``ValueError``, ``FileNotFoundError``, ...), so callers may catch either.
The command line turns these into exit codes and the HTTP server into statuses (see ``exit_code``
and ``http_status``); nowhere else are they translated.
"""

from __future__ import annotations


class SmpGraphError(Exception):
    """Base class for every error smpgraph raises on purpose."""

    #: exit code of the command line for this error (2: bad input or usage, 3: internal)
    exit_code: int = 3
    #: HTTP status of the server for this error
    http_status: int = 500


class InputError(SmpGraphError, ValueError):
    """Input that smpgraph cannot use: the caller can fix it."""

    exit_code = 2
    http_status = 400


class ResourceNotFoundError(SmpGraphError, FileNotFoundError):
    """A file, graph or resource that does not exist."""

    exit_code = 2
    http_status = 404


class RdfSyntaxError(InputError):
    """RDF that does not parse; names the source, the line and the problem."""

    def __init__(self, source: str, detail: str, *, line: int | None = None, column: int | None = None) -> None:
        where = source if line is None else f"{source}:{line}" + ("" if column is None else f":{column}")
        super().__init__(f"{where}: {detail}")
        self.source = source
        self.detail = detail
        self.line = line
        self.column = column


class UnsupportedFormatError(InputError):
    """A format name or file extension smpgraph does not read or write."""


class QueryError(InputError):
    """A SPARQL query or update that is malformed or not allowed."""


class NestingTooDeepError(QueryError):
    """A query or update nested deeper than the engine can parse safely (its parser would overflow its stack)."""


class ForbiddenOperationError(QueryError):
    """A query or update that asks for something refused by policy (SERVICE, LOAD of remote IRIs)."""

    http_status = 403


class QueryTimeoutError(SmpGraphError, TimeoutError):
    """A query that ran past its deadline; the caller gets this at the deadline."""

    exit_code = 3
    http_status = 503


class StoreBusyError(SmpGraphError):
    """Too many heavy queries run at once, or another process holds the store for writing."""

    exit_code = 3
    http_status = 503


class QueryAbortedError(SmpGraphError):
    """The process running a query ended before it answered: an engine crash on this query, or its memory cap.

    The request fails alone: the query ran in a worker process, which is replaced (ADR 0012).
    """

    exit_code = 2
    http_status = 503


class QueryMemoryError(QueryAbortedError):
    """A query that needed more memory than ``SMPGRAPH_QUERY_MEMORY_MB``; it was stopped."""


class StoreLockedError(StoreBusyError):
    """Another process (for example a running server) holds the store's write lock."""

    exit_code = 2


class UpdateNotAllowedError(SmpGraphError, PermissionError):
    """A write to a store or endpoint that is read-only."""

    exit_code = 2
    http_status = 403


class DraftError(InputError):
    """A draft agreement (YAML, JSON-LD or Turtle) that cannot be read: unknown key, unknown code, no agreement."""


class ShapesGraphError(SmpGraphError):
    """Our own shapes are malformed (a bug in smpgraph, not in the user's input)."""


class ReasoningError(SmpGraphError):
    """The OWL RL closure could not be computed, or it is inconsistent."""


class AnalysisError(SmpGraphError, ValueError):
    """The preconditions of an analysis are not met (for example an empty graph)."""

    exit_code = 2
    http_status = 400


class NoStockDataError(AnalysisError):
    """The store holds no migrant stock (the stock analyses and the map's layer have nothing to read)."""


class BackendUnavailableError(SmpGraphError, ImportError):
    """A store backend that is not installed or cannot be reached."""
