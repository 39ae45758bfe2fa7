"""The server's advertisement in its data dir: ``server.json`` says where ``smpgraph serve`` answers.

``smpgraph serve`` holds the on-disk store's lock, so no other process can open it (RocksDB allows one
writer, and a read-only open beside a live writer is not safe). It writes ``server.json`` into the data dir
when it starts serving (atomically: a temporary file renamed into place) and removes it when it stops
cleanly. A command-line process that finds the store locked reads the file and, if the server is live,
reads through its SPARQL endpoint (the ``sparql`` backend). The file holds the URL, the pid and the store
generation at start, whether writes are enabled, and a local read key (no row cap for the queries that carry
it); never the write token. See docs/decisions/0019-cli-beside-server.md.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Final

__all__ = [
    "ADVERT_FILE",
    "LOCAL_KEY_HEADER",
    "ServerAdvert",
    "live_advert",
    "read_advert",
    "remove_advert",
    "write_advert",
]

#: the advertisement's file name inside the data dir
ADVERT_FILE: Final = "server.json"
#: the request header that carries the advert's local read key: such a query has no row cap (ADR 0019)
LOCAL_KEY_HEADER: Final = "SMPGraph-Local-Key"
#: how long a liveness probe of the advertised URL may take
PROBE_TIMEOUT_S: Final = 3.0


@dataclass(frozen=True, slots=True)
class ServerAdvert:
    """What a running ``smpgraph serve`` says about itself.

    Attributes:
        url: the base URL, ending in ``/`` (SPARQL at ``sparql``, Graph Store at ``data``).
        pid: the server's process id.
        generation: the store's write generation when the server started.
        writable: whether the server accepts writes (an update token is set; the token itself is not here).
        read_key: a random key made at each start: a query that carries it (header ``SMPGraph-Local-Key``) has
            no row cap, so that a command reads what it would read from the store itself. It grants no write,
            and nothing that reading the data dir (the store's own files) does not already give.
    """

    url: str
    pid: int
    generation: int
    writable: bool
    read_key: str = ""

    @property
    def sparql_url(self) -> str:
        """The SPARQL 1.1 Protocol endpoint."""
        return f"{self.url}sparql"

    @property
    def gsp_url(self) -> str:
        """The Graph Store Protocol endpoint."""
        return f"{self.url}data"

    def to_json(self) -> str:
        """The file's text."""
        fields = {
            "url": self.url,
            "pid": self.pid,
            "generation": self.generation,
            "writable": self.writable,
            "read_key": self.read_key,
        }
        return json.dumps(fields, indent=2) + "\n"


def write_advert(data_dir: Path, advert: ServerAdvert) -> Path:
    """Write ``server.json`` into ``data_dir`` atomically (a reader sees the old file, none, or the new one)."""
    target = data_dir / ADVERT_FILE
    partial = data_dir / f".{ADVERT_FILE}.{os.getpid()}.tmp"
    partial.write_text(advert.to_json(), encoding="utf-8")
    partial.replace(target)
    return target


def remove_advert(data_dir: Path, pid: int) -> None:
    """Remove ``server.json`` if it is the advertisement of process ``pid`` (never another server's)."""
    current = read_advert(data_dir)
    if current is not None and current.pid == pid:
        (data_dir / ADVERT_FILE).unlink(missing_ok=True)


def read_advert(data_dir: Path) -> ServerAdvert | None:
    """The advertisement in ``data_dir``, or None if there is none or it cannot be read."""
    try:
        raw = json.loads((data_dir / ADVERT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict):
        return None
    url, pid, generation, writable = raw.get("url"), raw.get("pid"), raw.get("generation", 0), raw.get("writable")
    key = raw.get("read_key", "")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")) or not isinstance(pid, int):
        return None
    return ServerAdvert(
        url if url.endswith("/") else f"{url}/",
        pid,
        generation if isinstance(generation, int) else 0,
        bool(writable),
        key if isinstance(key, str) else "",
    )


def live_advert(data_dir: Path) -> tuple[ServerAdvert | None, str]:
    """The advertisement of a live server on ``data_dir``, or None with why there is none.

    Live means: the process exists and the URL answers ``/healthz`` (any HTTP status: a busy server is live).
    """
    advert = read_advert(data_dir)
    if advert is None:
        return None, f"no server advertises itself in {data_dir / ADVERT_FILE}"
    if not _pid_alive(advert.pid):
        return None, f"{data_dir / ADVERT_FILE} is stale: process {advert.pid} is gone"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the server is local: no proxy
    try:
        with opener.open(f"{advert.url}healthz", timeout=PROBE_TIMEOUT_S):
            pass
    except urllib.error.HTTPError:
        pass  # it answered
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, f"{data_dir / ADVERT_FILE} is stale: {advert.url} does not answer ({reason})"
    return advert, ""


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill would end the process there: the /healthz probe decides alone
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    except OSError:
        return False
    return True
