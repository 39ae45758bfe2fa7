"""The report of the agreement network: every table, computed from a network or pulled from a store."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smpgraph.analysis.agreements.corridors import (
    RECOGNITION_ITEM,
    TRAINING_ITEM,
    UncoveredCorridor,
    uncovered_corridors,
)
from smpgraph.analysis.agreements.countries import (
    ConnectedCountry,
    CountryCommunity,
    connected_countries,
    country_communities,
)
from smpgraph.analysis.agreements.decades import DecadeCount, agreements_per_decade
from smpgraph.analysis.agreements.network import (
    AgreementNetwork,
    codebook_labels,
    fetch_agreement_rows,
    network_from_rows,
)
from smpgraph.analysis.agreements.provisions import ProvisionCoverage, provision_coverage
from smpgraph.analysis.results import Findings, JsonValue
from smpgraph.domain import DEFAULT_SEED
from smpgraph.errors import AnalysisError

if TYPE_CHECKING:
    import pandas as pd

    from smpgraph.store.base import GraphStore

__all__ = ["AgreementNetworkReport", "agreement_report", "agreements_payload", "report_from_network"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AgreementNetworkReport:
    """The analysis of the bilateral labour agreement network (issue 9, item 4).

    Attributes:
        network: the network the tables were computed from (for export and plots).
        seconds: how long each step took, by name.
    """

    network: AgreementNetwork
    agreements_per_decade: Findings[DecadeCount]
    provision_coverage: Findings[ProvisionCoverage]
    connected_countries: Findings[ConnectedCountry]
    corridors_without_recognition: Findings[UncoveredCorridor]
    corridors_without_training: Findings[UncoveredCorridor]
    country_communities: Findings[CountryCommunity]
    seed: int = DEFAULT_SEED
    seconds: tuple[tuple[str, float], ...] = ()

    @property
    def approximate(self) -> bool:
        """True when a sampled measure was used (never for this report: every measure is exact)."""
        return any(section.approximate for section in self.sections())

    def sections(self) -> Iterator[Findings[Any]]:
        """Every table, in report order."""
        yield from (
            self.agreements_per_decade,
            self.provision_coverage,
            self.connected_countries,
            self.corridors_without_recognition,
            self.corridors_without_training,
            self.country_communities,
        )

    def summary(self) -> dict[str, JsonValue]:
        """Counts of the network and of every table."""
        agreements = self.network.agreements.values()
        return {
            "agreements": len(self.network.agreements),
            "coded": sum(a.coded for a in agreements),
            "unknown_year": sum(a.year is None for a in agreements),
            "countries": self.network.simple.number_of_nodes(),
            "pairs": self.network.simple.number_of_edges(),
            **{section.name: len(section) for section in self.sections()},
        }

    def to_dict(self) -> dict[str, JsonValue]:
        """A JSON-ready dict: summary, parameters, timings and every table."""
        return {
            "summary": self.summary(),
            "parameters": {"seed": self.seed, "approximate": self.approximate},
            "seconds": {name: round(s, 3) for name, s in self.seconds},
            "sections": {section.name: section.to_dict() for section in self.sections()},
        }

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table as a pandas DataFrame, by name (needs pandas)."""
        return {section.name: section.to_frame() for section in self.sections()}


def report_from_network(network: AgreementNetwork, *, seed: int = DEFAULT_SEED) -> AgreementNetworkReport:
    """Compute every table from a network (pure).

    Args:
        network: the agreement network.
        seed: the Louvain seed.

    Returns:
        The report.
    """
    timings: list[tuple[str, float]] = []
    t = time.perf_counter()
    decades = agreements_per_decade(network)
    coverage = provision_coverage(network)
    no_recognition = uncovered_corridors(network, RECOGNITION_ITEM)
    no_training = uncovered_corridors(network, TRAINING_ITEM)
    timings.append(("tables", time.perf_counter() - t))
    t = time.perf_counter()
    connected = connected_countries(network)
    timings.append(("betweenness", time.perf_counter() - t))
    t = time.perf_counter()
    found = country_communities(network, seed=seed)
    timings.append(("louvain", time.perf_counter() - t))
    return AgreementNetworkReport(
        network, decades, coverage, connected, no_recognition, no_training, found, seed, tuple(timings)
    )


def agreement_report(store: GraphStore, *, seed: int = DEFAULT_SEED) -> AgreementNetworkReport:
    """Pull the agreement network from a store and compute every table.

    Args:
        store: any :class:`~smpgraph.store.base.GraphStore` holding the imported BLA data.
        seed: the Louvain seed.

    Returns:
        The report.

    Raises:
        AnalysisError: the store holds no bilateral labour agreement, or a query result was cut short.
    """
    t = time.perf_counter()
    network = network_from_rows(fetch_agreement_rows(store), item_labels=codebook_labels())
    pulled = time.perf_counter() - t
    report = report_from_network(network, seed=seed)
    logger.info("agreement network: %.2f s to pull, %d agreements", pulled, len(network.agreements))
    return dataclasses.replace(report, seconds=(("network", pulled), *report.seconds))


def agreements_payload(store: GraphStore, *, seed: int = DEFAULT_SEED) -> dict[str, JsonValue] | None:
    """:meth:`AgreementNetworkReport.to_dict` of the store, or None when it holds no agreement."""
    try:
        return agreement_report(store, seed=seed).to_dict()
    except AnalysisError as exc:
        if "no bilateral labour agreement" in str(exc):
            return None
        raise
