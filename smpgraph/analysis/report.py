"""The full cooperation-gap report: every analysis of issue 6 over one store, as one typed object.

:func:`gap_report` pulls the views from a store and runs every analysis; :func:`report_from_views`
does the same from views already built (pure). ``GapReport.to_dict()`` is what ``smpgraph gaps
--format json`` prints and what ``GET /api/v1/gaps`` will serve (:func:`gaps_payload`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from smpgraph.analysis.centrality import (
    Broker,
    Community,
    StructuralHole,
    WeakTie,
    brokers,
    communities,
    missing_bridges,
    structural_holes,
    weak_ties,
)
from smpgraph.analysis.coverage import Coverage, TopicCoverage, coverage, topic_coverage
from smpgraph.analysis.gaps import (
    CostImbalance,
    MissingStakeholders,
    OneSidedScheme,
    cost_imbalances,
    missing_stakeholders,
    one_sided_schemes,
)
from smpgraph.analysis.recognition import (
    RecognitionAsymmetry,
    RecognitionChain,
    UnrecognisedCorridor,
    recognition_asymmetries,
    recognition_chains,
    unrecognised_corridors,
)
from smpgraph.analysis.results import Findings, JsonValue
from smpgraph.analysis.views import GraphViews, fetch_rows, views_from_rows
from smpgraph.domain import DEFAULT_SEED

if TYPE_CHECKING:
    from smpgraph.store.base import GraphStore

__all__ = ["GapReport", "gap_report", "gaps_payload", "report_from_views"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GapReport:
    """Every gap analysis of the partnership network.

    Attributes:
        views: the graph views the analyses read (for export and plots).
        seconds: how long each step took, by name.
    """

    views: GraphViews
    missing_stakeholders: Findings[MissingStakeholders]
    unrecognised_corridors: Findings[UnrecognisedCorridor]
    one_sided_schemes: Findings[OneSidedScheme]
    recognition_asymmetries: Findings[RecognitionAsymmetry]
    recognition_chains: Findings[RecognitionChain]
    cost_imbalances: Findings[CostImbalance]
    coverage: Findings[Coverage]
    topic_coverage: Findings[TopicCoverage]
    weak_ties: Findings[WeakTie]
    brokers: Findings[Broker]
    structural_holes: Findings[StructuralHole]
    communities: Findings[Community]
    missing_bridges: Findings[Community]
    seed: int
    seconds: tuple[tuple[str, float], ...] = ()

    @property
    def approximate(self) -> bool:
        """True when a sampled measure was used."""
        return any(section.approximate for section in self.sections())

    def sections(self) -> Iterator[Findings[Any]]:
        """Every findings table, in report order."""
        yield from (
            self.missing_stakeholders,
            self.unrecognised_corridors,
            self.one_sided_schemes,
            self.recognition_asymmetries,
            self.recognition_chains,
            self.cost_imbalances,
            self.coverage,
            self.topic_coverage,
            self.weak_ties,
            self.brokers,
            self.structural_holes,
            self.communities,
            self.missing_bridges,
        )

    def summary(self) -> dict[str, JsonValue]:
        """Counts of the network and of every section."""
        return {
            "partnerships": len(self.views.partnerships),
            "stakeholders": len(self.views.stakeholders),
            "cooperation_ties": self.views.cooperation.number_of_edges(),
            "corridors": self.views.corridors.number_of_edges(),
            "recognition_links": self.views.recognition.number_of_edges(),
            **{section.name: len(section) for section in self.sections()},
        }

    def to_dict(self) -> dict[str, JsonValue]:
        """A JSON-ready dict: summary, parameters and every section (``Findings.to_dict``)."""
        return {
            "summary": self.summary(),
            "parameters": {"seed": self.seed, "approximate": self.approximate},
            "seconds": {name: round(s, 3) for name, s in self.seconds},
            "sections": {section.name: section.to_dict() for section in self.sections()},
        }


def report_from_views(views: GraphViews, *, exact: bool | None = None, seed: int = DEFAULT_SEED) -> GapReport:
    """Run every analysis on views already built.

    Args:
        views: the graph views.
        exact: betweenness mode (see :func:`smpgraph.analysis.centrality.brokers`).
        seed: the seed of sampled betweenness and of Louvain.

    Returns:
        The report.

    Raises:
        AnalysisError: the views hold no partnership or no stakeholder.
    """
    timings: list[tuple[str, float]] = []

    def timed(name: str, start: float) -> None:
        timings.append((name, time.perf_counter() - start))
        logger.info("%s: %.2f s", name, timings[-1][1])

    t = time.perf_counter()
    parts: dict[str, Findings[Any]] = {
        "missing_stakeholders": missing_stakeholders(views),
        "unrecognised_corridors": unrecognised_corridors(views),
        "one_sided_schemes": one_sided_schemes(views),
        "recognition_asymmetries": recognition_asymmetries(views),
        "recognition_chains": recognition_chains(views),
        "cost_imbalances": cost_imbalances(views),
        "coverage": coverage(views),
        "topic_coverage": topic_coverage(views),
        "weak_ties": weak_ties(views),
    }
    timed("gaps", t)
    t = time.perf_counter()
    parts["brokers"] = brokers(views, exact=exact, seed=seed)
    timed("betweenness", t)
    t = time.perf_counter()
    parts["structural_holes"] = structural_holes(views)
    timed("constraint", t)
    t = time.perf_counter()
    parts["communities"] = communities(views, seed=seed)
    parts["missing_bridges"] = missing_bridges(parts["communities"])
    timed("louvain", t)
    return GapReport(views=views, seed=seed, seconds=tuple(timings), **parts)


def gap_report(store: GraphStore, *, exact: bool | None = None, seed: int = DEFAULT_SEED) -> GapReport:
    """Pull the views from a store and run every analysis.

    Args:
        store: any :class:`~smpgraph.store.base.GraphStore`.
        exact: betweenness mode: True exact, False sampled, None exact on small graphs.
        seed: the seed of sampled betweenness and of Louvain.

    Returns:
        The report.

    Raises:
        AnalysisError: the store holds no partnership or no stakeholder, or a query result was cut short.
    """
    t = time.perf_counter()
    views = views_from_rows(fetch_rows(store))
    pulled = time.perf_counter() - t
    logger.info("views: %.2f s", pulled)
    report = report_from_views(views, exact=exact, seed=seed)
    return replace(report, seconds=(("views", pulled), *report.seconds))


def gaps_payload(store: GraphStore, *, exact: bool | None = None, seed: int = DEFAULT_SEED) -> dict[str, JsonValue]:
    """The JSON body of ``GET /api/v1/gaps``.

    :meth:`GapReport.to_dict` of :func:`gap_report` (keys ``summary``, ``parameters``, ``seconds``,
    ``sections``), plus ``agreements``: the bilateral labour agreement network report
    (:meth:`smpgraph.analysis.agreements.AgreementNetworkReport.to_dict`), or None when the store holds no
    agreement; and ``stocks``: where migration runs without cooperation
    (:meth:`smpgraph.analysis.stocks.StockReport.to_dict`, reusing the views and the agreement network), or
    None when the store holds no migrant stock. About 1.2 s on the bundled data without the stocks (0.5 s
    gaps, 0.7 s agreements), about 2 s more with them.
    """
    from smpgraph.analysis.agreements import agreement_report
    from smpgraph.analysis.stocks import stocks_payload
    from smpgraph.errors import AnalysisError

    report = gap_report(store, exact=exact, seed=seed)
    payload = report.to_dict()
    network = None
    try:
        agreements = agreement_report(store, seed=seed)
    except AnalysisError as exc:
        if "no bilateral labour agreement" not in str(exc):
            raise
        payload["agreements"] = None
    else:
        payload["agreements"] = agreements.to_dict()
        network = agreements.network
    payload["stocks"] = stocks_payload(store, views=report.views, network=network)
    return payload
