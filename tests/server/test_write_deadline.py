"""Writes over HTTP are reasoned with the write and bounded by the write deadline (issue 15).

A reasoning store with a vanishing write deadline: every write runs past it and is refused with 503, and
nothing of it is visible afterwards; with the deadline off, the same writes answer 204/201 and their
inferences are visible to the next query.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from smpgraph.config import Settings
from smpgraph.store import ResultFormat, open_store
from tests.server.conftest import TOKEN, LiveServer, serve

ORG = "http://www.w3.org/ns/org#"
EX = "https://example.org/"
SCHEMA = f"""
@prefix org: <{ORG}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
org:member owl:inverseOf org:hasMembership . org:Membership a owl:Class .
org:member rdfs:domain org:Membership .
""".encode()
UPDATE = f"INSERT DATA {{ <{EX}m> <{ORG}member> <{EX}a> }}"
INFERRED = f"ASK {{ <{EX}a> <{ORG}hasMembership> <{EX}m> }}"


def _server(write_timeout_s: float) -> Iterator[LiveServer]:
    settings = Settings(backend="memory", update_token=TOKEN, write_timeout_s=write_timeout_s)
    store = open_store(settings)
    store.load(SCHEMA, format=ResultFormat.TURTLE, name="schema.ttl", timeout_s=0)
    with serve(settings, store) as live:
        yield live


@pytest.fixture
def hasty_server() -> Iterator[LiveServer]:
    yield from _server(1e-9)


@pytest.fixture
def patient_server() -> Iterator[LiveServer]:
    yield from _server(0)


def _ask(live: LiveServer, query: str) -> bool:
    accept = {"Accept": "application/sparql-results+json"}
    answer = requests.get(live.sparql, params={"query": query}, headers=accept, timeout=30)
    assert answer.status_code == 200
    return bool(answer.json()["boolean"])


def test_a_write_past_the_deadline_answers_503_and_changes_nothing(hasty_server: LiveServer) -> None:
    headers = {**hasty_server.auth, "Content-Type": "application/sparql-update"}
    refused = requests.post(hasty_server.sparql, data=UPDATE.encode(), headers=headers, timeout=30)
    assert refused.status_code == 503
    assert "deadline" in refused.text
    assert not _ask(hasty_server, f"ASK {{ <{EX}m> ?p ?o }}")
    put = requests.put(
        hasty_server.url + "/data",
        params={"graph": EX + "g"},
        data=f"<{EX}n> <{ORG}member> <{EX}b> .".encode(),
        headers={**hasty_server.auth, "Content-Type": "application/n-triples"},
        timeout=30,
    )
    assert put.status_code == 503
    assert not _ask(hasty_server, f"ASK {{ <{EX}n> ?p ?o }}")


def test_a_write_is_reasoned_before_it_is_acknowledged(patient_server: LiveServer) -> None:
    headers = {**patient_server.auth, "Content-Type": "application/sparql-update"}
    done = requests.post(patient_server.sparql, data=UPDATE.encode(), headers=headers, timeout=30)
    assert done.status_code == 204
    assert _ask(patient_server, INFERRED)  # the inverse, inferred with the write
    assert _ask(patient_server, f"ASK {{ <{EX}m> a <{ORG}Membership> }}")
    undone = requests.post(
        patient_server.sparql, data=UPDATE.replace("INSERT", "DELETE").encode(), headers=headers, timeout=30
    )
    assert undone.status_code == 204
    assert not _ask(patient_server, INFERRED)
