"""The W3C SPARQL 1.0 and 1.1 query, update and results-format tests, through smpgraph's API and over HTTP.

Every test a plain pyoxigraph Store passes must pass through smpgraph too (the ones it fails are listed
in pyoxigraph-failures.tsv, kept current by ``test_baseline_is_current``, and explained in
docs/decisions/0013-sparql-conformance.md). Tests that ``LOAD`` a document are refused by policy
(ADR 0009) and reported as skipped. How a test's dataset is given to smpgraph: tests/conformance/runners.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smpgraph.config import Settings
from smpgraph.store import open_store
from tests.conformance.baseline import plain_failures, read_baseline
from tests.conformance.manifest import MANIFESTS, W3CTest, load_all, load_suite
from tests.conformance.runners import ApiRunner, HttpRunner, RefusedError, Runner
from tests.server.conftest import TOKEN, serve

TESTS = load_all()
BASELINE = read_baseline()
#: how many tests each manifest lists (a manifest read wrongly would lose some silently)
EXPECTED_COUNTS = {"sparql10": 283, "sparql11-query": 328, "sparql11-update": 157, "sparql11-results": 10}


def _run(runner: Runner, test: W3CTest) -> None:
    if test.iri in BASELINE:
        pytest.skip("a plain pyoxigraph Store fails it too (pyoxigraph-failures.tsv)")
    try:
        problem = runner.check(test)
    except RefusedError as exc:
        refusal = str(exc)
    else:
        refusal = None
    if refusal is not None:
        assert "LOAD" in refusal, f"{test.iri} refused: {refusal}"
        pytest.skip("LOAD is refused by policy (ADR 0009)")
    assert problem is None, f"{test.iri} ({test.name}): {problem}"


def test_every_manifest_entry_is_read() -> None:
    assert {name: len(load_suite(name)) for name in MANIFESTS} == EXPECTED_COUNTS
    assert len({test.iri for test in TESTS}) == len(TESTS)
    assert all(test.request.is_file() for test in TESTS)
    assert all(test.result is None or test.result.is_file() for test in TESTS)


def test_baseline_is_current() -> None:
    """pyoxigraph-failures.tsv lists exactly the tests a plain pyoxigraph Store fails (else: run the script)."""
    assert set(plain_failures()) == set(BASELINE), "run scripts/sparql_baseline.py and review the difference"


@pytest.mark.parametrize("test", TESTS, ids=[test.iri.split("/tests/", 1)[1] for test in TESTS])
def test_api(test: W3CTest) -> None:
    _run(ApiRunner(), test)


@pytest.fixture(scope="module")
def http_runner() -> Iterator[HttpRunner]:
    settings = Settings(backend="memory", update_token=TOKEN, reasoner="none", query_timeout_s=30, max_rows=0)
    with serve(settings, open_store(settings)) as live:
        runner = HttpRunner(live.url, live.store, TOKEN)
        yield runner
        runner.close()


@pytest.mark.parametrize("test", TESTS, ids=[test.iri.split("/tests/", 1)[1] for test in TESTS])
@pytest.mark.slow
def test_http(http_runner: HttpRunner, test: W3CTest) -> None:
    _run(http_runner, test)
