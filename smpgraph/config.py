"""Settings: one frozen dataclass, read from flags over ``SMPGRAPH_*`` variables over defaults.

This is the only module that reads ``os.environ``. See docs/decisions/0002-settings.md for the names.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal, get_args, get_origin, get_type_hints

from smpgraph.errors import InputError

Backend = Literal["oxigraph", "memory", "sparql"]
ReasonerName = Literal["reasonable", "owlrl", "none"]
SparqlAuth = Literal["auto", "basic", "digest"]
QueryIsolation = Literal["process", "thread"]

ENV_PREFIX: Final = "SMPGRAPH_"
DEFAULT_TIMEOUT_S: Final = 30.0
DEFAULT_MAX_ROWS: Final = 10_000
DEFAULT_QUERY_MEMORY_MB: Final = 1024
#: the smallest memory cap of a query worker: its interpreter, engine and an open store take ~100 MB
MIN_QUERY_MEMORY_MB: Final = 256
MAX_QUERY_MEMORY_MB: Final = 1 << 20


def default_data_dir() -> Path:
    """The user's data directory for smpgraph (platformdirs), e.g. ``~/.local/share/smpgraph``."""
    import platformdirs

    return Path(platformdirs.user_data_dir("smpgraph", appauthor=False))


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting of smpgraph, with its ``SMPGRAPH_<NAME>`` environment variable.

    Attributes:
        backend: ``oxigraph`` (embedded, on disk), ``memory`` (embedded, in memory) or ``sparql`` (remote).
        data_dir: where the embedded store keeps its files (``None``: the user's data dir).
        update_token: the bearer token that allows writes over HTTP; ``None`` makes the endpoint read-only.
        query_timeout_s: the deadline of one query (and of one validation or analysis over HTTP); 0 means
            none: work then runs on the caller's thread, which saves a thread hand-off per query (~20% of
            a small query over HTTP) but leaves a runaway query unbounded (see docs/decisions/0003).
        write_timeout_s: the deadline of one write with its reasoning (update, Graph Store write, load); a
            write past it is rolled back and refused. 0 means none. ``smpgraph load`` has none.
        max_rows: the row cap of SELECT results (and triples of CONSTRUCT results); 0 means none.
        max_concurrent_queries: how many queries may run at once; more wait, then get a "busy" error.
            With process isolation one more worker runs short queries only (ADR 0012).
        query_isolation: ``process`` (default): queries on an on-disk store run in worker processes that
            are killed at the deadline or the memory cap, so no query can crash, starve or exhaust the
            caller; ``thread``: in the caller's process (faster for many tiny queries from Python, but a
            query past its deadline runs on, see docs/decisions/0012-contained-query-engine.md). The
            ``memory`` backend always runs queries in the caller's process.
        query_memory_mb: the memory cap (resident set, MB) of one query worker process; a query that
            needs more is stopped (0: no cap; otherwise at least 256).
        max_request_bytes: the largest HTTP request body accepted.
        reasoner: the OWL RL engine (``reasonable``, the reference ``owlrl``, or ``none``).
        allow_service: allow SPARQL ``SERVICE`` to remote endpoints (off: the server fetches nothing).
        host, port, threads: where and how ``smpgraph serve`` listens.
        sparql_query_url, sparql_update_url, sparql_gsp_url, sparql_user, sparql_password, sparql_token:
            the remote engine of the ``sparql`` backend.
        sparql_auth: how the user and password are sent: ``basic`` (with every request), ``digest``, or
            ``auto`` (only when the engine asks, in the scheme it names; see docs/decisions/0006-remote-store.md).
        sparql_server_max_rows: the engine's own row cap (e.g. Virtuoso's ``ResultSetMaxRows``) if known;
            a result of exactly that many rows is then reported as truncated (0: unknown).
    """

    backend: Backend = "oxigraph"
    data_dir: Path | None = None
    update_token: str | None = dataclasses.field(default=None, repr=False)
    query_timeout_s: float = DEFAULT_TIMEOUT_S
    write_timeout_s: float = DEFAULT_TIMEOUT_S
    max_rows: int = DEFAULT_MAX_ROWS
    max_concurrent_queries: int = 4
    query_isolation: QueryIsolation = "process"
    query_memory_mb: int = DEFAULT_QUERY_MEMORY_MB
    max_request_bytes: int = 16 * 1024 * 1024
    reasoner: ReasonerName = "reasonable"
    allow_service: bool = False
    host: str = "127.0.0.1"
    port: int = 8000
    threads: int = 8
    sparql_query_url: str | None = None
    sparql_update_url: str | None = None
    sparql_gsp_url: str | None = None
    sparql_user: str | None = None
    sparql_password: str | None = dataclasses.field(default=None, repr=False)
    sparql_token: str | None = dataclasses.field(default=None, repr=False)
    sparql_auth: SparqlAuth = "auto"
    sparql_server_max_rows: int = 0

    def __post_init__(self) -> None:
        """Refuse limits outside their range (a negative deadline or cap, no query slot).

        Raises:
            InputError: a limit is out of range; the message names its environment variable.
        """
        for name, low in _LOWER_BOUNDS.items():
            value = getattr(self, name)
            if value < low:
                raise InputError(f"{ENV_PREFIX}{name.upper()}: {value!r} is below its minimum {low}")
        if self.query_memory_mb and not MIN_QUERY_MEMORY_MB <= self.query_memory_mb <= MAX_QUERY_MEMORY_MB:
            raise InputError(
                f"{ENV_PREFIX}QUERY_MEMORY_MB: {self.query_memory_mb!r} is outside "
                f"{MIN_QUERY_MEMORY_MB}-{MAX_QUERY_MEMORY_MB} (0: no cap)"
            )
        if not 0 <= self.port <= 65535:
            raise InputError(f"{ENV_PREFIX}PORT: {self.port!r} is not a port (0-65535)")
        if self.update_token is not None and (
            not self.update_token.strip() or self.update_token.strip() != self.update_token
        ):
            # never echoed: the message says what is wrong with the token, not what it is
            raise InputError(
                f"{ENV_PREFIX}UPDATE_TOKEN is empty, blank or has spaces around it: no request could match it; "
                "set a real token (e.g. secrets.token_urlsafe(32)) or unset it for a read-only endpoint"
            )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from ``SMPGRAPH_*`` variables, then apply explicit ``overrides`` (flags).

        Overrides whose value is ``None`` are ignored, so unset command-line flags fall through.

        Raises:
            InputError: a variable or override has a value of the wrong type or outside its choices.
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        hints = get_type_hints(cls)
        for field in dataclasses.fields(cls):
            raw = env.get(ENV_PREFIX + field.name.upper())
            if raw is not None and (raw != "" or field.name == "update_token"):  # an empty token is refused
                values[field.name] = _coerce(field.name, hints[field.name], raw, f"{ENV_PREFIX}{field.name.upper()}")
        for name, value in overrides.items():
            if name not in hints:
                raise InputError(f"unknown setting {name!r}")
            if value is not None:
                values[name] = _coerce(name, hints[name], value, f"--{name.replace('_', '-')}")
        return cls(**values)

    def resolved_data_dir(self) -> Path:
        """The data directory, defaulting to the user's data dir."""
        return self.data_dir if self.data_dir is not None else default_data_dir()


def _coerce(name: str, hint: Any, raw: object, where: str) -> Any:
    """Turn a raw value (a string from the environment, or a flag value) into the field's type."""
    members = (hint, *get_args(hint))
    if get_origin(hint) is Literal:
        choices = tuple(str(choice) for choice in get_args(hint))
        if str(raw) not in choices:
            raise InputError(f"{where}: {raw!r} is not one of {', '.join(choices)}")
        return str(raw)
    base = next((member for member in members if member in (bool, int, float, Path)), str)
    text = str(raw)
    try:
        if base is bool:
            if isinstance(raw, bool) or text.lower() in _BOOLEANS:
                return raw if isinstance(raw, bool) else _BOOLEANS[text.lower()]
            raise ValueError(text)
        if base is int:
            return int(text)
        if base is float:
            return float(text)
        if base is Path:
            return Path(text).expanduser()
    except ValueError:
        raise InputError(f"{where}: {raw!r} is not a valid {base.__name__} for {name}") from None
    return text


_LOWER_BOUNDS: Final = {
    "query_timeout_s": 0,
    "write_timeout_s": 0,
    "max_rows": 0,
    "max_concurrent_queries": 1,
    "query_memory_mb": 0,
    "max_request_bytes": 1,
    "threads": 1,
    "sparql_server_max_rows": 0,
}

_BOOLEANS: Final = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}
