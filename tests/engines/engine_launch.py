"""Start and stop the external SPARQL engines of the integration tests (and of benchmarks/bench_engines.py).

Nothing is installed here: an engine whose binary is missing raises :class:`EngineMissingError` with the reason.
Both engines listen on 127.0.0.1 only, on free ports, with their data in a private temporary folder, and
are stopped by PID. Virtuoso is set up as docs/deployment.md shows:
new dba password, an update user with ``SPARQL_UPDATE``, and the Basic-auth endpoint ``/sparql-basic``.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
OXIGRAPH_BIN = REPO / ".venv" / "bin" / "oxigraph"


class EngineMissingError(RuntimeError):
    """The engine's binary is not installed here."""


@dataclass
class Engine:
    """A running engine: its endpoints, credentials and process."""

    name: str
    process: subprocess.Popen[bytes]
    folder: Path
    query_url: str
    update_url: str
    gsp_url: str | None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    auth: str = "auto"
    extra: dict[str, str] = field(default_factory=dict)

    def settings_overrides(self) -> dict[str, object]:
        """The ``Settings`` fields that point smpgraph at this engine."""
        return {
            "backend": "sparql",
            "sparql_query_url": self.query_url,
            "sparql_update_url": self.update_url,
            "sparql_gsp_url": self.gsp_url,
            "sparql_user": self.user,
            "sparql_password": self.password,
            "sparql_auth": self.auth,
        }

    def stop(self) -> None:
        """Stop the engine by its PID and remove its folder."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"engine exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"engine not ready after {timeout_s} s: {log.read_text(errors='replace')[-2000:]}")


def start_oxigraph(*, timeout_s: int | None = None) -> Engine:
    """Start ``oxigraph serve`` (the server binary of the PyPI ``oxigraph`` wheel) on a free loopback port.

    Raises:
        EngineMissingError: the binary is not installed.
    """
    binary = OXIGRAPH_BIN if OXIGRAPH_BIN.exists() else shutil.which("oxigraph")
    if binary is None:
        raise EngineMissingError("the oxigraph server binary is not installed (dev dependency `oxigraph`)")
    folder = Path(tempfile.mkdtemp(prefix="smpgraph-oxigraph-"))
    port = free_port()
    args = [str(binary), "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"]
    if timeout_s is not None:
        args += ["--timeout-s", str(timeout_s)]
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(f"{base}/query", process, log, 30)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Engine("oxigraph-server", process, folder, f"{base}/query", f"{base}/update", f"{base}/store")


_VIRTUOSO_INI = """[Database]
DatabaseFile       = {d}/db/virtuoso.db
ErrorLogFile       = {d}/db/virtuoso.log
LockFile           = {d}/db/virtuoso.lck
TransactionFile    = {d}/db/virtuoso.trx
xa_persistent_file = {d}/db/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase
[TempDatabase]
DatabaseFile       = {d}/db/virtuoso-temp.db
TransactionFile    = {d}/db/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0
[Parameters]
ServerPort         = 127.0.0.1:{sql}
DisableUnixSocket  = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode           = 2
DirsAllowed        = ., {d}/load
NumberOfBuffers    = {buffers}
MaxDirtyBuffers    = {dirty}
MaxQueryMem        = 1G
[HTTPServer]
ServerPort         = 127.0.0.1:{http}
MaxClientConnections = 10
ServerThreads      = 10
EnabledDavVSP      = 0
Charset            = UTF-8
[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 60
"""


def _vsql(sql_port: int, password: str, statements: str) -> None:
    """Run SQL statements (one a line) through isql-vt; raise on ``*** Error`` (isql-vt exits 0 anyway)."""
    result = subprocess.run(
        ["isql-vt", f"127.0.0.1:{sql_port}", "dba", password, "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF"],
        input=statements.encode(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    output = (result.stdout + result.stderr).decode(errors="replace")
    if "*** Error" in output or result.returncode != 0:
        raise RuntimeError(f"isql-vt failed: {output.replace(password, '***')[:2000]}")


def start_virtuoso(*, max_rows: int = 1_000_000, buffers: int = 170_000) -> Engine:
    """Start Virtuoso 7 (Debian ``virtuoso-opensource``) on free loopback ports with a private database.

    The dba password is changed at once; ``kgwriter`` gets ``SPARQL_UPDATE``; ``/sparql-basic`` is the
    Basic-auth endpoint, ``/sparql-auth`` the digest one, ``/sparql-graph-crud-auth`` the digest GSP.

    Raises:
        EngineMissingError: ``virtuoso-t`` or ``isql-vt`` is not installed.
    """
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        raise EngineMissingError("virtuoso-t/isql-vt are not installed (run .ci/install-engines as root)")
    folder = Path(tempfile.mkdtemp(prefix="smpgraph-virtuoso-"))
    (folder / "db").mkdir()
    (folder / "load").mkdir()
    http_port, sql_port = free_port(), free_port()
    while sql_port == http_port:
        sql_port = free_port()
    (folder / "virtuoso.ini").write_text(
        _VIRTUOSO_INI.format(
            d=folder, sql=sql_port, http=http_port, max_rows=max_rows, buffers=buffers, dirty=buffers * 3 // 4
        )
    )
    log = folder / "stdout.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["virtuoso-t", "-f", "-c", str(folder / "virtuoso.ini")],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=folder,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{http_port}"
    dba_password = secrets.token_hex(12)
    user, password = "kgwriter", secrets.token_hex(12)
    try:
        _wait_ready(f"{base}/sparql", process, log, 120)
        _vsql(sql_port, "dba", f"USER_PASSWORD_SET('dba', '{dba_password}');\n")
        _vsql(
            sql_port,
            dba_password,
            f"DB.DBA.USER_CREATE('{user}', '{password}');\n"
            f'GRANT SPARQL_UPDATE TO "{user}";\n'
            "DB.DBA.VHOST_DEFINE(lpath=>'/sparql-basic', ppath=>'/!sparql/', is_dav=>1, vsp_user=>'dba', "
            "sec=>'basic', auth_fn=>'DB.DBA.HP_AUTH_SPARQL_USER', realm=>'SPARQL', opts=>vector('noinherit', 1));\n",
        )
    except BaseException:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Engine(
        "virtuoso",
        process,
        folder,
        f"{base}/sparql",
        f"{base}/sparql-basic",
        f"{base}/sparql-graph-crud-auth",
        user=user,
        password=password,
        auth="auto",
        extra={"digest_update_url": f"{base}/sparql-auth", "sql_port": str(sql_port), "dba_password": dba_password},
    )
