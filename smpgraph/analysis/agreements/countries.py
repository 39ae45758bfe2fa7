"""The countries of the agreement network: how connected each is, and their Louvain communities (para. 7)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx

from smpgraph.analysis.agreements.network import NETWORK_SOURCES, AgreementNetwork
from smpgraph.analysis.betweenness import betweenness
from smpgraph.analysis.results import Finding, Findings, JsonValue
from smpgraph.domain import DEFAULT_SEED

__all__ = ["ConnectedCountry", "CountryCommunity", "connected_countries", "country_communities"]


@dataclass(frozen=True, slots=True)
class ConnectedCountry(Finding):
    """A country's place in the agreement network (para. 7).

    Attributes:
        partners: countries it has an agreement with (degree).
        agreements: agreements it is party to (weighted degree).
        betweenness: exact betweenness on distance = 1 / agreements of the pair.
    """

    country: str
    label: str
    partners: int
    agreements: int
    betweenness: float
    first_year: int | None
    last_year: int | None

    def subject(self) -> str:
        """The country IRI."""
        return self.country

    def summary(self) -> str:
        """Counts, betweenness and years."""
        years = f", {self.first_year}-{self.last_year}" if self.first_year is not None else ""
        return f"{self.agreements} agreements with {self.partners} countries, betweenness {self.betweenness:.3f}{years}"

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "country": self.country,
            "label": self.label,
            "partners": self.partners,
            "agreements": self.agreements,
            "betweenness": self.betweenness,
            "first_year": self.first_year,
            "last_year": self.last_year,
        }


def connected_countries(network: AgreementNetwork) -> Findings[ConnectedCountry]:
    """Every country, most agreements first (then most partners, then highest betweenness, then IRI).

    Args:
        network: the agreement network.

    Returns:
        One row per country.
    """
    graph = network.simple
    scores = betweenness(graph, weight="distance") if graph.number_of_nodes() else {}
    years: dict[str, list[int]] = defaultdict(list)
    for agreement in network.agreements.values():
        for party in agreement.parties:
            if agreement.year is not None:
                years[party].append(agreement.year)
    rows = []
    for country in graph:
        known = years.get(country)
        rows.append(
            ConnectedCountry(
                country,
                network.label(country),
                graph.degree(country),
                int(graph.degree(country, weight="weight")),
                round(scores.get(country, 0.0), 6),
                min(known) if known else None,
                max(known) if known else None,
            )
        )
    rows.sort(key=lambda c: (-c.agreements, -c.partners, -c.betweenness, c.country))
    notes = ("betweenness exact (our Brandes implementation, ADR 0008), distance = 1 / agreements of the pair",)
    return Findings("connected_countries", "Most connected countries", NETWORK_SOURCES, tuple(rows), notes=notes)


@dataclass(frozen=True, slots=True)
class CountryCommunity(Finding):
    """A Louvain community of countries (weight = agreements between them).

    Attributes:
        internal: agreements between its members.
        external: agreements of its members with countries outside it.
    """

    community: int
    size: int
    countries: tuple[str, ...]
    labels: tuple[str, ...]
    internal: int
    external: int

    def subject(self) -> str:
        """``community N``."""
        return f"community {self.community}"

    def summary(self) -> str:
        """Size, agreements inside and out, and the first members by label."""
        names = ", ".join(self.labels[:6]) + (", …" if self.size > 6 else "")
        return f"{self.size} countries, {self.internal} agreements inside, {self.external} outside: {names}"

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "community": self.community,
            "size": self.size,
            "countries": list(self.countries),
            "labels": list(self.labels),
            "internal": self.internal,
            "external": self.external,
        }


def country_communities(network: AgreementNetwork, *, seed: int = DEFAULT_SEED) -> Findings[CountryCommunity]:
    """Louvain communities of countries, largest first (members ordered by agreements, then IRI).

    Args:
        network: the agreement network.
        seed: the Louvain seed.

    Returns:
        Every community, singletons included.
    """
    graph = network.simple
    parts = nx.community.louvain_communities(graph, weight="weight", seed=seed) if graph.number_of_nodes() else []

    def strength(country: str) -> float:
        return float(graph.degree(country, weight="weight"))

    ordered = sorted((sorted(p, key=lambda c: (-strength(c), c)) for p in parts), key=lambda p: (-len(p), sorted(p)[0]))
    index = {c: i for i, part in enumerate(ordered) for c in part}
    internal: Counter[int] = Counter()
    external: Counter[int] = Counter()
    for a, b, weight in graph.edges(data="weight"):
        if index[a] == index[b]:
            internal[index[a]] += weight
        else:
            external[index[a]] += weight
            external[index[b]] += weight
    items = tuple(
        CountryCommunity(i, len(part), tuple(part), tuple(network.label(c) for c in part), internal[i], external[i])
        for i, part in enumerate(ordered)
    )
    notes = (f"Louvain, seed={seed}, weight = agreements of the pair",)
    return Findings("country_communities", "Communities of countries (Louvain)", NETWORK_SOURCES, items, notes=notes)
