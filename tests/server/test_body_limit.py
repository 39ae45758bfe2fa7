"""Every body over SMPGRAPH_MAX_REQUEST_BYTES gets smpgraph's JSON 413, refused before it is read."""

from __future__ import annotations

import json
import socket

import requests

from tests.server.conftest import LiveServer


def _raw(live: LiveServer, head: bytes, body_part: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send a request's head and the start of its body on a socket; read the answer without sending the rest."""
    host, port = live.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head + body_part)
        data = b""
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head_text, _, body = data.partition(b"\r\n\r\n")
    lines = head_text.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def _length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


def _is_json_413(status: int, headers: dict[str, str], body: bytes, limit: int) -> bool:
    detail = json.loads(body)
    return (
        status == 413
        and headers["content-type"].startswith("application/json")
        and detail["error"] in ("request entity too large", "content too large")
        and str(limit) in detail["detail"]
        and headers.get("x-content-type-options") == "nosniff"
    )


def test_an_announced_body_over_the_limit_is_refused_by_its_length(tight_server):
    limit = tight_server.settings.max_request_bytes
    head = (
        f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        f"Content-Length: {1024**3}\r\n\r\n"  # a gigabyte announced, a few bytes sent: answered at once
    ).encode()
    status, headers, body = _raw(tight_server, head, b"SELECT")
    assert _is_json_413(status, headers, body, limit)


def test_a_chunked_body_is_refused_once_past_the_limit(tight_server):
    limit = tight_server.settings.max_request_bytes
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"#" * 1024
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(limit // len(chunk) + 2))
    status, headers, body = _raw(tight_server, head, chunks)
    assert _is_json_413(status, headers, body, limit)


def test_a_client_that_sends_its_whole_body_first_still_reads_the_413(tight_server):
    limit = tight_server.settings.max_request_bytes
    response = requests.post(
        tight_server.url + "/data?default",
        data=b"<urn:a> <urn:b> <urn:c> .\n" * (8_000_000 // 26),  # far past the limit, and past socket buffers
        headers={**tight_server.auth, "Content-Type": "application/n-triples"},
        timeout=30,
    )
    assert response.status_code == 413
    assert str(limit) in response.json()["detail"]


def test_a_body_at_the_limit_is_read(tight_server):
    limit = tight_server.settings.max_request_bytes
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    body = (query + " " * (limit - len(query))).encode()
    assert len(body) == limit
    response = requests.post(
        tight_server.sparql, data=body, headers={"Content-Type": "application/sparql-query"}, timeout=30
    )
    assert response.status_code == 200, response.text
