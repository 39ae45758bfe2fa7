"""A thin SPARQL 1.1 Protocol and Graph Store Protocol client over ``requests`` (used by RemoteStore).

Rules learnt from real engines (docs/decisions/0006-remote-store.md; tests/engines runs them on Virtuoso and Oxigraph):

- one explicit ``Accept`` per query form: ``application/sparql-results+json`` for SELECT and ASK,
  ``application/n-triples`` for CONSTRUCT, DESCRIBE and GSP GET (Virtuoso's Turtle writer loses precision);
- answers are read by :mod:`smpgraph.store.remote_answers` (literal typing normalised there);
- credentials are sent as the configured scheme (Basic, Digest, bearer token) or, with ``auto``, only
  when the engine asks and in the scheme it names; they never appear in a repr, a log line or an error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Final
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from smpgraph.errors import (
    BackendUnavailableError,
    QueryError,
    QueryTimeoutError,
    SmpGraphError,
    UpdateNotAllowedError,
)
from smpgraph.store.remote_answers import (
    N_TRIPLES,
    SelectRows,
    ask_answer,
    engine_capped,
    parse_triples,
    select_rows,
)

logger = logging.getLogger(__name__)

JSON_RESULTS: Final = "application/sparql-results+json"
_BIG_BODY: Final = 1_000_000
_UPLOAD_TIMEOUT_S: Final = 3600.0
_CONNECT_TIMEOUT_S: Final = 10.0
#: extra seconds the client waits beyond the deadline, so that the engine's own deadline speaks first
_GRACE_S: Final = 1.0
_TIMEOUT_MARKERS: Final = ("S1T00", "S1TAT", "estimated execution time", "timeout", "timed out")
_PRIME_BYTES: Final = 64 * 1024


def redact_url(url: str) -> str:
    """The URL without user information (``user:password@``) and without its query string."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


class SparqlClient:
    """Speaks the SPARQL 1.1 Protocol and the Graph Store Protocol to one engine."""

    def __init__(
        self,
        *,
        query_url: str,
        update_url: str | None,
        gsp_url: str | None,
        user: str | None = None,
        password: str | None = None,
        token: str | None = None,
        auth: str = "auto",
    ) -> None:
        """Prepare a keep-alive session (nothing is sent yet).

        Args:
            query_url: the SPARQL query endpoint.
            update_url: the SPARQL update endpoint (``None``: updates are refused).
            gsp_url: the Graph Store Protocol endpoint (``None``: graphs are written by updates).
            user: user name for Basic or Digest authentication.
            password: its password.
            token: a bearer token (used instead of user and password).
            auth: ``basic``, ``digest`` or ``auto`` (send credentials when challenged, in the scheme named).
        """
        self.query_url = query_url
        self.update_url = update_url
        self.gsp_url = gsp_url
        self._user = user
        self._secrets = tuple(s for s in (password, token) if s)
        self._session = requests.Session()
        self._session.trust_env = False  # no proxies or .netrc credentials picked up behind our back
        self._token = token
        self._auth: AuthBase | None = None
        self._auth_mode = auth
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"
        elif user is not None and password is not None:
            if auth == "basic":
                self._auth = HTTPBasicAuth(user, password)
            elif auth == "digest":
                self._auth = HTTPDigestAuth(user, password)
        self._password = password
        self.server: str = ""

    def __repr__(self) -> str:
        return f"SparqlClient(query_url={redact_url(self.query_url)!r}, user={self._user!r}, auth={self._auth_mode!r})"

    @property
    def engine(self) -> str:
        """``virtuoso``, ``oxigraph``, ``smpgraph`` or ``generic``, from the ``Server`` header of the last answer."""
        server = self.server.lower()
        if server.startswith("smpgraph"):  # `smpgraph serve` (waitress says its ident)
            return "smpgraph"
        if "virtuoso" in server:
            return "virtuoso"
        if "oxigraph" in server:
            return "oxigraph"
        return "generic"

    def close(self) -> None:
        """Close the keep-alive connections."""
        self._session.close()

    def send_secret_header(self, name: str, value: str) -> None:
        """Send the header ``name: value`` with every request; ``value`` is a secret (scrubbed like the password)."""
        self._session.headers[name] = value
        self._secrets = (*self._secrets, value)

    # -- transport ---------------------------------------------------------------------------------

    def scrub(self, text: str) -> str:
        """``text`` with every secret replaced by ``***``."""
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def _request(
        self,
        method: str,
        url: str,
        *,
        params: Sequence[tuple[str, str]] = (),
        data: bytes | Sequence[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        timeout_s: float | None = None,
        what: str = "request",
    ) -> requests.Response:
        """Send one request, answering an authentication challenge once (``auto``); map failures to errors.

        Raises:
            QueryTimeoutError: no answer within ``timeout_s`` (plus a short grace).
            BackendUnavailableError: the engine cannot be reached.
        """
        read_timeout = None if timeout_s is None else timeout_s + _GRACE_S
        started = time.perf_counter()
        for attempt in range(2):
            try:
                response = self._session.request(
                    method,
                    url,
                    params=list(params),
                    data=data,
                    headers=headers,
                    auth=self._auth,
                    # urllib3 keeps the connect timeout while the body is sent: a big Graph Store upload
                    # that the engine reads slowly (1.1M triples: ~100 s on the Oxigraph server) needs more
                    timeout=(
                        _UPLOAD_TIMEOUT_S if isinstance(data, bytes) and len(data) > _BIG_BODY else _CONNECT_TIMEOUT_S,
                        read_timeout,
                    ),
                )
            except requests.Timeout:
                raise QueryTimeoutError(
                    f"the {what} ran past its deadline of {timeout_s:g} s at {redact_url(url)}"
                ) from None
            except requests.RequestException as exc:
                raise BackendUnavailableError(
                    f"cannot reach the SPARQL engine at {redact_url(url)}: {type(exc).__name__}"
                ) from None
            self.server = response.headers.get("Server", self.server)
            if response.status_code == 401 and attempt == 0 and self._choose_auth(response):
                continue
            break
        logger.debug(
            "%s %s -> %s in %.3f s", method, redact_url(url), response.status_code, time.perf_counter() - started
        )
        return response

    def _choose_auth(self, response: requests.Response) -> bool:
        """On a first 401 in ``auto`` mode, pick the scheme the engine names; True to send again."""
        if self._auth is not None or self._token or self._user is None or self._password is None:
            return False
        challenge = response.headers.get("WWW-Authenticate", "").lower()
        if challenge.startswith("digest") or ", digest" in challenge:
            self._auth = HTTPDigestAuth(self._user, self._password)
        else:
            self._auth = HTTPBasicAuth(self._user, self._password)
        return True

    def _prime(self, url: str) -> None:
        """Establish the authentication scheme (and a Digest nonce) with a small request before a big body."""
        if self._token or self._user is None:
            return
        if isinstance(self._auth, HTTPDigestAuth) and getattr(self._auth._thread_local, "last_nonce", None):
            return
        if isinstance(self._auth, HTTPBasicAuth):
            return
        self._request("GET", url, params=[("graph", "urn:smpgraph:auth-probe")], headers={"Accept": N_TRIPLES})

    def _fail(self, response: requests.Response, what: str) -> SmpGraphError:
        """The error for a failed answer: refused credentials, a deadline, or the engine's own message."""
        status = response.status_code
        where = redact_url(response.url or "")
        if status in (401, 403):
            return UpdateNotAllowedError(
                f"the SPARQL engine at {where} refused the {what} (HTTP {status}): check SMPGRAPH_SPARQL_USER, "
                "SMPGRAPH_SPARQL_PASSWORD or SMPGRAPH_SPARQL_TOKEN and the account's rights"
            )
        detail = self.scrub(" ".join(response.text.split()))[:400]
        if status in (503, 504) or any(marker.lower() in detail.lower() for marker in _TIMEOUT_MARKERS):
            return QueryTimeoutError(f"the {what} ran past the engine's deadline at {where}: {detail}")
        if status == 400 or (status == 500 and ("SP0" in detail or "37000" in detail or "22023" in detail)):
            return QueryError(f"the engine at {where} rejected the {what} (HTTP {status}): {detail}")
        if status == 500 and "SR186" in detail:
            return UpdateNotAllowedError(f"the engine at {where} refused the {what}: the account lacks SPARQL_UPDATE")
        return SmpGraphError(f"the engine at {where} failed on the {what} (HTTP {status}): {detail}")

    # -- SPARQL Protocol ---------------------------------------------------------------------------

    def _query(
        self,
        sparql: str,
        accept: str,
        *,
        default_graphs: Sequence[str],
        named_graphs: Sequence[str],
        timeout_s: float | None,
    ) -> requests.Response:
        form: list[tuple[str, str]] = [("query", sparql)]
        form += [("default-graph-uri", iri) for iri in default_graphs]
        form += [("named-graph-uri", iri) for iri in named_graphs]
        if timeout_s is not None and self.engine == "virtuoso":
            form.append(("timeout", str(max(1, int(timeout_s * 1000)))))  # Virtuoso's own deadline, in ms
        response = self._request(
            "POST", self.query_url, data=form, headers={"Accept": accept}, timeout_s=timeout_s, what="query"
        )
        if response.status_code != 200:
            raise self._fail(response, "query")
        if response.headers.get("X-SQL-State", "").upper().startswith("S1T"):
            raise QueryTimeoutError(
                f"the query ran past the engine's deadline at {redact_url(self.query_url)} (partial result refused)"
            )
        return response

    def select(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        timeout_s: float | None = None,
    ) -> SelectRows:
        """Run a SELECT; rows of engine terms (``None`` where unbound)."""
        response = self._query(
            sparql, JSON_RESULTS, default_graphs=default_graphs, named_graphs=named_graphs, timeout_s=timeout_s
        )
        return select_rows(response)

    def ask(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        timeout_s: float | None = None,
    ) -> bool:
        """Run an ASK."""
        response = self._query(
            sparql, JSON_RESULTS, default_graphs=default_graphs, named_graphs=named_graphs, timeout_s=timeout_s
        )
        return ask_answer(response)

    def construct(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        timeout_s: float | None = None,
    ) -> tuple[list[ox.Triple], bool]:
        """Run a CONSTRUCT or DESCRIBE; its triples, and whether the engine said it capped them."""
        response = self._query(
            sparql, N_TRIPLES, default_graphs=default_graphs, named_graphs=named_graphs, timeout_s=timeout_s
        )
        return parse_triples(response), engine_capped(response)

    def update(self, sparql: str, *, timeout_s: float | None = None) -> None:
        """Run an update.

        Raises:
            UpdateNotAllowedError: no update endpoint, or the engine refused the credentials.
        """
        if not self.update_url:
            raise UpdateNotAllowedError("no SPARQL update endpoint is configured (SMPGRAPH_SPARQL_UPDATE_URL)")
        response = self._request("POST", self.update_url, data=[("update", sparql)], timeout_s=timeout_s, what="update")
        if response.status_code not in (200, 201, 204):
            raise self._fail(response, "update")

    # -- Graph Store Protocol ----------------------------------------------------------------------

    def gsp_get(self, graph: str, *, timeout_s: float | None = None) -> list[ox.Triple] | None:
        """The triples of one graph (``None`` when the engine has no such graph)."""
        assert self.gsp_url is not None
        response = self._request(
            "GET",
            self.gsp_url,
            params=[("graph", graph)],
            headers={"Accept": N_TRIPLES},
            timeout_s=timeout_s,
            what="graph read",
        )
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise self._fail(response, "graph read")
        return parse_triples(response)

    def gsp_write(self, method: str, graph: str, body: bytes, *, timeout_s: float | None = None) -> None:
        """PUT (replace) or POST (add) N-Triples into one graph."""
        assert self.gsp_url is not None
        if len(body) > _PRIME_BYTES:
            self._prime(self.gsp_url)
        response = self._request(
            method,
            self.gsp_url,
            params=[("graph", graph)],
            data=body,
            headers={"Content-Type": N_TRIPLES},
            timeout_s=timeout_s,
            what="graph write",
        )
        if response.status_code not in (200, 201, 204):
            raise self._fail(response, "graph write")

    def gsp_delete(self, graph: str) -> bool:
        """Delete one graph; True when it existed."""
        assert self.gsp_url is not None
        response = self._request("DELETE", self.gsp_url, params=[("graph", graph)], what="graph delete")
        if response.status_code == 404:
            return False
        if response.status_code not in (200, 204):
            raise self._fail(response, "graph delete")
        return True
