"""Topic coverage over the bundled data counts the partnerships and the bilateral labour agreements apart
(never "0 of 1234 partnerships" with the agreements of the BLA dataset mixed in). The expected totals are
counted in the source files' text, not by the analysis queries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from smpgraph.analysis.coverage import AGREEMENTS, PARTNERSHIPS, topic_coverage
from smpgraph.analysis.views import GraphViews, fetch_rows, views_from_rows
from smpgraph.bundle import load_bundled
from smpgraph.config import Settings
from smpgraph.store import open_store

REPO = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def bundled_views() -> Iterator[GraphViews]:
    store = open_store(Settings(backend="memory", reasoner="none"))
    load_bundled(store, reason=False)
    yield views_from_rows(fetch_rows(store))
    store.close()


def test_partnerships_and_agreements_are_counted_apart(bundled_views: GraphViews) -> None:
    agreements = len(
        re.findall(r"\ba smp:BilateralLabourMigrationAgreement\b", (REPO / "data/bla/bla.ttl").read_text())
    )
    files = [*(REPO / "data" / "examples").glob("*.ttl"), *(REPO / "data" / "partnerships").glob("*.ttl")]
    kinds = r"SkillsMobilityPartnership|LabourMobilityPathway|ComplementaryPathway|CooperationFramework"
    partnerships = len(re.findall(rf"\ba smp:(?:{kinds})\b", "".join(path.read_text() for path in files)))
    topics = topic_coverage(bundled_views)
    totals = {(t.group, t.total) for t in topics}
    assert totals == {(PARTNERSHIPS, partnerships), (AGREEMENTS, agreements)}
    assert agreements > 1000 and 0 < partnerships < 100
    training = [t for t in topics if t.topic == "training"]
    assert [t.group for t in training] == [PARTNERSHIPS, AGREEMENTS]
    assert training[0].summary().endswith(f"of {partnerships} partnerships ({training[0].share:.0%})")
    assert training[1].subject() == "training (bilateral labour agreements)"
    assert training[1].row()["group"] == AGREEMENTS
