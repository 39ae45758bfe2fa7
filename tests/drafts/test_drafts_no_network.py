"""JSON-LD drafts never fetch a context: remote contexts are refused before rdflib sees them."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from smpgraph.drafts import CONTEXT_URL, load_draft
from smpgraph.errors import DraftError

BAD = Path(__file__).resolve().parent / "bad"


@pytest.fixture
def network_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record (and refuse) every attempt to open a connection or fetch a JSON-LD source."""
    calls: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        calls.append(repr(args[:2]))
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr("rdflib.plugins.shared.jsonld.util.source_to_json", refuse)
    monkeypatch.setattr("rdflib.plugins.shared.jsonld.context.source_to_json", refuse)
    return calls


def test_remote_context_is_refused_without_network_access(network_calls: list[str]) -> None:
    with pytest.raises(DraftError, match=r"remote JSON-LD @context 'http://example\.org/contexts/smp\.jsonld'"):
        load_draft(BAD / "remote-context.jsonld")
    assert network_calls == []


@pytest.mark.parametrize(
    "context",
    [
        '"https://example.org/ctx.jsonld"',
        '["https://w3id.org/smpgraph/context/smpgraph.jsonld", "http://example.org/more.jsonld"]',
        '{"@import": "http://example.org/base.jsonld"}',
        '{"p": {"@id": "http://example.org/p", "@context": "http://example.org/scoped.jsonld"}}',
    ],
)
def test_every_kind_of_remote_context_is_refused(network_calls: list[str], context: str) -> None:
    text = f'{{"@context": {context}, "@id": "http://example.org/a", "@type": "{CONTEXT_URL}"}}'
    with pytest.raises(DraftError, match=r"remote JSON-LD @context|@import"):
        load_draft(text)
    assert network_calls == []


def test_the_smpgraph_context_url_is_served_from_the_bundled_file(network_calls: list[str]) -> None:
    draft = load_draft(
        f'{{"@context": "{CONTEXT_URL}", "id": "partnership/t", "partnership": "skillsMobilityPartnership",'
        ' "origin": "MA"}'
    )
    assert [str(iri) for iri in draft.agreements] == ["https://w3id.org/smpgraph/id/partnership/t"]
    assert network_calls == []


def test_yaml_draft_never_touches_the_network(network_calls: list[str]) -> None:
    load_draft(Path(__file__).resolve().parents[2] / "data" / "drafts" / "complete.yaml")
    assert network_calls == []
