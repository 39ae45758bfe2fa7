"""Who is cut off, who brokers, and where education and employers never meet (paras. 11, 24).

Measures on the stakeholder cooperation graph (``views.cooperation``: weight = shared partnerships,
distance = 1 / weight):

- :func:`weak_ties`: isolated stakeholders (no co-member in any partnership) and weakly tied ones
  (linked to the rest through a single partnership);
- :func:`brokers`: betweenness centrality on distances (our Brandes implementation, equal to networkx),
  exact up to :data:`EXACT_NODE_LIMIT` nodes, else sampled from ``k`` = :data:`DEFAULT_SAMPLE_K` sources
  with a fixed seed and flagged approximate (k and the seed are in the table's notes);
- :func:`structural_holes`: the lowest Burt constraints, exactly, computed only for the stakeholders whose
  lower bound (the direct term) could place them in the list (:func:`lowest_constraint`);
- :func:`communities`: Louvain communities (fixed seed) with their education providers and employer
  bodies, and :func:`missing_bridges`: communities whose education providers have no tie to any
  employer body, or the reverse.

Burt's constraint itself is computed in :mod:`smpgraph.analysis.constraint` (re-exported here), as
betweenness is in :mod:`smpgraph.analysis.betweenness`.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Final

import networkx as nx

from smpgraph.analysis.betweenness import betweenness
from smpgraph.analysis.constraint import burt_constraint as burt_constraint
from smpgraph.analysis.constraint import lowest_constraint as lowest_constraint
from smpgraph.analysis.model import StakeholderCategory, paragraph
from smpgraph.analysis.results import Finding, Findings, JsonValue
from smpgraph.analysis.views import GraphViews
from smpgraph.domain import DEFAULT_SEED
from smpgraph.errors import AnalysisError

__all__ = [
    "DEFAULT_SAMPLE_K",
    "EXACT_NODE_LIMIT",
    "Broker",
    "Community",
    "StructuralHole",
    "TieStrength",
    "WeakTie",
    "brokers",
    "burt_constraint",
    "communities",
    "lowest_constraint",
    "missing_bridges",
    "structural_holes",
    "weak_ties",
]

#: betweenness is exact up to this many stakeholders when ``exact`` is None
EXACT_NODE_LIMIT: Final = 3000
#: sources sampled for approximate betweenness
DEFAULT_SAMPLE_K: Final = 256
NETWORK_SOURCES: Final = (paragraph(11), paragraph(24))
_EDU, _EMP = StakeholderCategory.TRAINING_PROVIDER, StakeholderCategory.EMPLOYER_BODY


def _graph(views: GraphViews) -> nx.Graph:
    if views.cooperation.number_of_nodes() == 0:
        raise AnalysisError("no stakeholder in the data: the cooperation graph is empty")
    return views.cooperation


def _categories(views: GraphViews, iri: str) -> frozenset[StakeholderCategory]:
    stakeholder = views.stakeholders.get(iri)
    return stakeholder.categories if stakeholder else frozenset()


class TieStrength(enum.Enum):
    """How a stakeholder is tied to the rest."""

    ISOLATED = "isolated"
    WEAK = "weakly tied"


@dataclass(frozen=True, slots=True)
class WeakTie(Finding):
    """A stakeholder with no co-member, or tied to others through one partnership only (paras. 11, 24)."""

    stakeholder: str
    label: str
    strength: TieStrength
    partnerships: int
    ties: int

    def subject(self) -> str:
        """The stakeholder IRI."""
        return self.stakeholder

    def summary(self) -> str:
        """Isolated, or weakly tied with its number of ties."""
        if self.strength is TieStrength.ISOLATED:
            return f"isolated (in {self.partnerships} partnership(s), no co-member)"
        return f"weakly tied: {self.ties} tie(s), all through one partnership"

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "stakeholder": self.stakeholder,
            "label": self.label,
            "strength": self.strength.value,
            "partnerships": self.partnerships,
            "ties": self.ties,
        }


def weak_ties(views: GraphViews) -> Findings[WeakTie]:
    """Isolated and weakly tied stakeholders.

    Args:
        views: the graph views.

    Returns:
        Isolated stakeholders first, then weakly tied ones, each group in IRI order.

    Raises:
        AnalysisError: there is no stakeholder.
    """
    graph = _graph(views)
    isolated, weak = [], []
    for iri in sorted(graph):
        partnerships = views.bipartite.degree(iri) if iri in views.bipartite else 0
        ties = graph.degree(iri)
        label = views.label(iri)
        if ties == 0:
            isolated.append(WeakTie(iri, label, TieStrength.ISOLATED, partnerships, 0))
        elif partnerships == 1:
            weak.append(WeakTie(iri, label, TieStrength.WEAK, partnerships, ties))
    return Findings("weak_ties", "Isolated and weakly tied stakeholders", NETWORK_SOURCES, tuple(isolated + weak))


@dataclass(frozen=True, slots=True)
class Broker(Finding):
    """A stakeholder on many shortest paths between others (betweenness on 1/weight distances)."""

    stakeholder: str
    label: str
    betweenness: float
    degree: int
    categories: tuple[StakeholderCategory, ...]

    def subject(self) -> str:
        """The stakeholder IRI."""
        return self.stakeholder

    def summary(self) -> str:
        """Its betweenness."""
        return f"betweenness {self.betweenness:.4f}, {self.degree} ties"

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "stakeholder": self.stakeholder,
            "label": self.label,
            "betweenness": self.betweenness,
            "degree": self.degree,
            "categories": [c.value for c in self.categories],
        }


def brokers(
    views: GraphViews, *, exact: bool | None = None, seed: int = DEFAULT_SEED, k: int = DEFAULT_SAMPLE_K, top: int = 20
) -> Findings[Broker]:
    """The stakeholders with the highest betweenness.

    Args:
        views: the graph views.
        exact: True: exact; False: sampled; None: exact up to :data:`EXACT_NODE_LIMIT` nodes.
        seed: the seed of the source sample.
        k: sources sampled when not exact (capped at the number of nodes).
        top: how many brokers to list (those with betweenness 0 are never listed).

    Returns:
        The brokers, highest first; ``approximate`` says whether sampling was used.

    Raises:
        AnalysisError: there is no stakeholder, or ``k`` is below 1.
    """
    graph = _graph(views)
    if k < 1:
        raise AnalysisError(f"k must be at least 1, not {k}")
    n = graph.number_of_nodes()
    use_exact = n <= EXACT_NODE_LIMIT if exact is None else exact
    sample = None if use_exact or k >= n else k
    scores: Mapping[Hashable, float] = betweenness(graph, weight="distance", k=sample, seed=seed)
    ranked = sorted(((s, iri) for iri, s in scores.items() if s > 0), key=lambda p: (-p[0], p[1]))[:top]
    items = tuple(
        Broker(
            iri,
            views.label(iri),
            round(score, 6),
            graph.degree(iri),
            tuple(c for c in StakeholderCategory if c in _categories(views, iri)),
        )
        for score, iri in ranked
        if isinstance(iri, str)
    )
    notes = (f"betweenness sampled from k={sample} sources, seed={seed}",) if sample else ("exact betweenness",)
    return Findings(
        "brokers", "Brokers (betweenness)", NETWORK_SOURCES, items, approximate=sample is not None, notes=notes
    )


@dataclass(frozen=True, slots=True)
class StructuralHole(Finding):
    """A stakeholder that spans structural holes: low Burt constraint with several ties."""

    stakeholder: str
    label: str
    constraint: float
    degree: int

    def subject(self) -> str:
        """The stakeholder IRI."""
        return self.stakeholder

    def summary(self) -> str:
        """Its constraint."""
        return f"constraint {self.constraint:.3f} over {self.degree} ties"

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "stakeholder": self.stakeholder,
            "label": self.label,
            "constraint": self.constraint,
            "degree": self.degree,
        }


def structural_holes(views: GraphViews, *, top: int = 20, min_degree: int = 2) -> Findings[StructuralHole]:
    """The least constrained stakeholders (Burt), who bridge otherwise unconnected partners.

    Args:
        views: the graph views.
        top: how many to list.
        min_degree: the fewest ties a stakeholder needs to be listed (one tie spans no hole).

    Returns:
        The stakeholders with the lowest constraint, lowest first.

    Raises:
        AnalysisError: there is no stakeholder.
    """
    graph = _graph(views)
    ranked, computed = lowest_constraint(graph, top=top, min_degree=min_degree)
    items = tuple(
        StructuralHole(iri, views.label(iri), round(c, 6), graph.degree(iri))
        for c, iri in ranked
        if isinstance(iri, str)
    )
    notes = (
        f"exact Burt constraint; computed for {computed} of {graph.number_of_nodes()} stakeholders, the rest "
        "bounded out by their direct term (ADR 0008)",
    )
    return Findings("structural_holes", "Structural holes (Burt's constraint)", NETWORK_SOURCES, items, notes=notes)


@dataclass(frozen=True, slots=True)
class Community(Finding):
    """A Louvain community and the education-employer ties of its members (paras. 11, 24).

    Attributes:
        education_providers: members that are training providers.
        employer_bodies: members that are employer bodies.
        internal_bridges: education-employer ties inside the community.
        external_bridges: education-employer ties to other communities.
        missing_bridge: why the community lacks an education-employer bridge (None when it has one,
            or has neither kind of member).
    """

    community: int
    size: int
    members: tuple[str, ...]
    education_providers: tuple[str, ...]
    employer_bodies: tuple[str, ...]
    internal_bridges: int
    external_bridges: int
    missing_bridge: str | None

    def subject(self) -> str:
        """``community N``."""
        return f"community {self.community}"

    def summary(self) -> str:
        """Size, education and employer members, and the bridge status."""
        status = self.missing_bridge or f"{self.internal_bridges} internal, {self.external_bridges} external bridges"
        return (
            f"{self.size} members, {len(self.education_providers)} education, "
            f"{len(self.employer_bodies)} employer: {status}"
        )

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "community": self.community,
            "size": self.size,
            "members": list(self.members),
            "education_providers": list(self.education_providers),
            "employer_bodies": list(self.employer_bodies),
            "internal_bridges": self.internal_bridges,
            "external_bridges": self.external_bridges,
            "missing_bridge": self.missing_bridge,
        }


def communities(views: GraphViews, *, seed: int = DEFAULT_SEED, min_size: int = 2) -> Findings[Community]:
    """Louvain communities of the cooperation graph with their education-employer bridges.

    Args:
        views: the graph views.
        seed: the Louvain seed (results are reproducible for a given seed and graph).
        min_size: the smallest community listed (isolated stakeholders form communities of one).

    Returns:
        The communities, largest first.

    Raises:
        AnalysisError: there is no stakeholder.
    """
    graph = _graph(views)
    parts = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    ordered = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    index = {iri: i for i, part in enumerate(ordered) for iri in part}
    internal: dict[int, int] = defaultdict(int)
    external: dict[int, int] = defaultdict(int)
    for a, b in graph.edges():
        ca, cb = _categories(views, a), _categories(views, b)
        if (_EDU in ca and _EMP in cb) or (_EMP in ca and _EDU in cb):
            if index[a] == index[b]:
                internal[index[a]] += 1
            else:
                external[index[a]] += 1
                external[index[b]] += 1
    items = []
    for i, part in enumerate(ordered):
        if len(part) < min_size:
            continue
        edu = tuple(m for m in part if _EDU in _categories(views, m))
        emp = tuple(m for m in part if _EMP in _categories(views, m))
        missing = None
        if not internal[i] and not external[i]:
            if edu and not emp:
                missing = "education providers with no tie to any employer body"
            elif emp and not edu:
                missing = "employer bodies with no tie to any education provider"
            elif edu and emp:
                missing = "education providers and employer bodies never share a partnership"
        items.append(Community(i, len(part), tuple(part), edu, emp, internal[i], external[i], missing))
    notes = (f"Louvain, seed={seed}, weight=shared partnerships; communities below {min_size} members left out",)
    return Findings("communities", "Communities (Louvain)", NETWORK_SOURCES, tuple(items), notes=notes)


def missing_bridges(found: Findings[Community]) -> Findings[Community]:
    """The communities that lack an education-employer bridge.

    Args:
        found: the result of :func:`communities`.

    Returns:
        The communities whose ``missing_bridge`` is set.
    """
    items = tuple(c for c in found if c.missing_bridge is not None)
    return Findings("missing_bridges", "Missing education-employer bridges", found.sources, items, notes=found.notes)
