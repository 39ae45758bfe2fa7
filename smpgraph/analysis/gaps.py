"""Gaps in how partnerships are built: who is missing, who benefits, who pays, what is covered.

Each function takes the :class:`~smpgraph.analysis.views.GraphViews` and returns a
:class:`~smpgraph.analysis.results.Findings` table that cites the paragraphs of the IOM paper it
serves (issue 6, item 2). Recognition gaps (para. 27) are in :mod:`smpgraph.analysis.recognition`.

- :func:`missing_stakeholders`: no employer body, trade union, training provider, certification body,
  or migrant or diaspora organisation (paras. 8-9, 11, 24);
- :func:`one_sided_schemes`: mobility without training, or without benefit at origin (paras. 3, 12, 26);
- :func:`cost_imbalances`: costs carried by one side, or by the workers (para. 30);

Coverage of gender and of return and reintegration (paras. 22, 28) is in :mod:`smpgraph.analysis.coverage`.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass
from typing import Final

from smpgraph.analysis.model import (
    REQUIRED_CATEGORIES,
    PartnershipFacts,
    StakeholderCategory,
    categories_of,
    paragraph,
)
from smpgraph.analysis.results import Finding, Findings, JsonValue
from smpgraph.analysis.views import GraphViews
from smpgraph.errors import AnalysisError
from smpgraph.namespaces import SMP

__all__ = [
    "COST_SOURCES",
    "ONE_SIDED_SOURCES",
    "STAKEHOLDER_SOURCES",
    "CostImbalance",
    "CostImbalanceKind",
    "CostSide",
    "MissingStakeholders",
    "OneSidedReason",
    "OneSidedScheme",
    "categories_in",
    "cost_imbalances",
    "missing_stakeholders",
    "one_sided_schemes",
    "partnerships_of",
]

STAKEHOLDER_SOURCES: Final = tuple(paragraph(n) for n in (8, 9, 11, 24))
ONE_SIDED_SOURCES: Final = tuple(paragraph(n) for n in (3, 12, 26))
COST_SOURCES: Final = (paragraph(30),)


def partnerships_of(views: GraphViews) -> list[PartnershipFacts]:
    """The partnerships of the views, in IRI order.

    Raises:
        AnalysisError: there is none.
    """
    if not views.partnerships:
        raise AnalysisError("no partnership to analyse")
    return list(views.partnerships.values())


def categories_in(views: GraphViews, facts: PartnershipFacts) -> frozenset[StakeholderCategory]:
    """The stakeholder categories present in one partnership (classes, and roles played in it)."""
    found: set[StakeholderCategory] = set()
    for member in facts.members:
        stakeholder = views.stakeholders.get(member)
        types = stakeholder.types if stakeholder else frozenset()
        found |= categories_of(types, facts.roles.get(member, frozenset()))
    return frozenset(found)


# -- Missing stakeholder categories ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MissingStakeholders(Finding):
    """A partnership without one or more kinds of partner the IOM paper names (paras. 8-9, 11, 24)."""

    partnership: str
    label: str
    missing: tuple[StakeholderCategory, ...]
    present: tuple[StakeholderCategory, ...]

    def subject(self) -> str:
        """The partnership IRI."""
        return self.partnership

    def summary(self) -> str:
        """What is missing."""
        return "no " + ", no ".join(c.value for c in self.missing)

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "partnership": self.partnership,
            "label": self.label,
            "missing": [c.value for c in self.missing],
            "present": [c.value for c in self.present],
        }


def missing_stakeholders(views: GraphViews) -> Findings[MissingStakeholders]:
    """Partnerships that lack an employer body, a trade union, a training provider, a certification
    body, or a migrant or diaspora organisation.

    Args:
        views: the graph views.

    Returns:
        One finding per partnership with a missing category, in IRI order.

    Raises:
        AnalysisError: there is no partnership.
    """
    items = []
    for facts in partnerships_of(views):
        present = categories_in(views, facts)
        missing = tuple(c for c in REQUIRED_CATEGORIES if c not in present)
        if missing:
            shown = tuple(c for c in StakeholderCategory if c in present)
            items.append(MissingStakeholders(facts.iri, facts.label, missing, shown))
    return Findings(
        "missing_stakeholders", "Partnerships missing stakeholder categories", STAKEHOLDER_SOURCES, tuple(items)
    )


# -- One-sided schemes --------------------------------------------------------------------------


class OneSidedReason(enum.Enum):
    """Why a scheme looks one-sided (para. 3)."""

    MOBILITY_WITHOUT_TRAINING = "mobility without training"
    NO_BENEFIT_AT_ORIGIN = "no recorded benefit at origin"


@dataclass(frozen=True, slots=True)
class OneSidedScheme(Finding):
    """A partnership that moves workers without training them, or without benefit at origin (paras. 3, 12, 26).

    Attributes:
        training_at_origin: whether it trains in the country of origin (context: training at origin is
            an investment there, but not a benefit if every trainee leaves, para. 12).
    """

    partnership: str
    label: str
    reasons: tuple[OneSidedReason, ...]
    training_at_origin: bool

    def subject(self) -> str:
        """The partnership IRI."""
        return self.partnership

    def summary(self) -> str:
        """The reasons."""
        return "; ".join(r.value for r in self.reasons)

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "partnership": self.partnership,
            "label": self.label,
            "reasons": [r.value for r in self.reasons],
            "training_at_origin": self.training_at_origin,
        }


def _trains_at_origin(facts: PartnershipFacts) -> bool:
    return any(
        t.location == str(SMP.AtOrigin)
        or (t.country is not None and t.country in facts.origins)
        or t.track == str(SMP.HomeTrack)
        for t in facts.trainings
    )


def _benefit_at_origin(facts: PartnershipFacts) -> bool:
    """Home-track training, people trained who stayed, or local employment measures (paras. 4, 12, 26)."""
    if any(t.track == str(SMP.HomeTrack) for t in facts.trainings):
        return True
    if any(c.count_type == str(SMP.StayedAtOrigin) and (c.count or c.share or 0) > 0 for c in facts.counts):
        return True
    return facts.covers(str(SMP.LocalEmploymentMeasure), str(SMP.LocalDevelopmentJobCreation))


def one_sided_schemes(views: GraphViews) -> Findings[OneSidedScheme]:
    """Partnerships with mobility but no training, or no benefit recorded at origin.

    Benefit at origin is a home-track training, a count of trained people who stayed at origin, or a
    local employment measure (coded or assessed).

    Args:
        views: the graph views.

    Returns:
        One finding per one-sided partnership.

    Raises:
        AnalysisError: there is no partnership.
    """
    items = []
    for facts in partnerships_of(views):
        if not facts.has_mobility:
            continue
        reasons = []
        if not facts.trainings and not facts.covers(str(SMP.Training)):
            reasons.append(OneSidedReason.MOBILITY_WITHOUT_TRAINING)
        if not _benefit_at_origin(facts):
            reasons.append(OneSidedReason.NO_BENEFIT_AT_ORIGIN)
        if reasons:
            items.append(OneSidedScheme(facts.iri, facts.label, tuple(reasons), _trains_at_origin(facts)))
    return Findings("one_sided_schemes", "One-sided schemes", ONE_SIDED_SOURCES, tuple(items))


# -- Cost-sharing imbalance ---------------------------------------------------------------------


class CostSide(enum.Enum):
    """Who carries a cost."""

    ORIGIN = "origin"
    DESTINATION = "destination"
    EMPLOYERS = "employers"
    WORKERS = "workers"
    FUNDERS = "funders"
    UNKNOWN = "unknown"


class CostImbalanceKind(enum.Enum):
    """How costs are unbalanced (para. 30)."""

    ON_WORKERS = "costs fall on the workers"
    ON_ONE_SIDE = "costs fall on one side"


_ROLE_SIDE: Final = {
    str(SMP.OriginStateRole): CostSide.ORIGIN,
    str(SMP.DestinationStateRole): CostSide.DESTINATION,
    str(SMP.EmployerRole): CostSide.EMPLOYERS,
    str(SMP.EmployerRepresentativeRole): CostSide.EMPLOYERS,
    str(SMP.FunderRole): CostSide.FUNDERS,
}


@dataclass(frozen=True, slots=True)
class CostImbalance(Finding):
    """A partnership whose costs fall on the workers or on one side (para. 30).

    Attributes:
        shares: side -> fraction of the known costs (by share, else amount, else count of cost items).
        dominant: the side carrying the largest fraction.
        basis: ``"share"``, ``"amount"`` or ``"items"`` (how the fractions were computed).
    """

    partnership: str
    label: str
    kinds: tuple[CostImbalanceKind, ...]
    shares: tuple[tuple[CostSide, float], ...]
    dominant: CostSide
    basis: str

    def subject(self) -> str:
        """The partnership IRI."""
        return self.partnership

    def summary(self) -> str:
        """The kinds and the split."""
        split = ", ".join(f"{side.value} {share:.0%}" for side, share in self.shares)
        return f"{'; '.join(k.value for k in self.kinds)} ({split})"

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "partnership": self.partnership,
            "label": self.label,
            "kinds": [k.value for k in self.kinds],
            "shares": {side.value: round(share, 4) for side, share in self.shares},
            "dominant": self.dominant.value,
            "basis": self.basis,
        }


def _side(views: GraphViews, facts: PartnershipFacts, payer: str | None, role: str | None) -> CostSide:
    if payer == str(SMP.MigrantWorkers):
        return CostSide.WORKERS
    if payer in facts.origins:
        return CostSide.ORIGIN
    if payer in facts.destinations:
        return CostSide.DESTINATION
    for candidate in (role, *sorted(facts.roles.get(payer or "", ()))):
        if candidate in _ROLE_SIDE:
            return _ROLE_SIDE[candidate]
    stakeholder = views.stakeholders.get(payer or "")
    if stakeholder and StakeholderCategory.EMPLOYER_BODY in stakeholder.categories:
        return CostSide.EMPLOYERS
    return CostSide.UNKNOWN


def cost_imbalances(views: GraphViews, *, dominant_share: float = 0.8) -> Findings[CostImbalance]:
    """Partnerships whose costs fall on the workers, or mostly on one side.

    Args:
        views: the graph views.
        dominant_share: the fraction of known costs from which one side is said to carry them.

    Returns:
        One finding per unbalanced partnership; partnerships without cost data are left out (see
        :func:`topic_coverage`).

    Raises:
        AnalysisError: there is no partnership, or ``dominant_share`` is not in (0.5, 1].
    """
    if not 0.5 < dominant_share <= 1.0:
        raise AnalysisError(f"dominant_share must be in (0.5, 1], not {dominant_share}")
    items = []
    for facts in partnerships_of(views):
        if not facts.costs and not facts.fees_charged_to_workers:
            continue
        if facts.costs and all(c.share is not None for c in facts.costs):
            basis, weights = "share", [c.share or 0.0 for c in facts.costs]
        elif (
            facts.costs
            and all(c.amount is not None for c in facts.costs)
            and len({c.currency for c in facts.costs}) == 1
        ):
            basis, weights = "amount", [c.amount or 0.0 for c in facts.costs]
        else:
            basis, weights = "items", [1.0 for _ in facts.costs]
        totals: dict[CostSide, float] = defaultdict(float)
        for cost, weight in zip(facts.costs, weights, strict=True):
            totals[_side(views, facts, cost.payer, cost.payer_role)] += weight
        if basis == "share" and sum(weights) < 1.0:  # the rest of the costs is not attributed in the data
            totals[CostSide.UNKNOWN] += 1.0 - sum(weights)
        grand = sum(totals.values())
        shares = (
            tuple(sorted(((s, w / grand) for s, w in totals.items()), key=lambda p: (-p[1], p[0].value)))
            if grand
            else ()
        )
        kinds = []
        if facts.fees_charged_to_workers or totals.get(CostSide.WORKERS, 0.0) > 0:
            kinds.append(CostImbalanceKind.ON_WORKERS)
        if shares and shares[0][1] >= dominant_share and shares[0][0] is not CostSide.UNKNOWN:
            kinds.append(CostImbalanceKind.ON_ONE_SIDE)
        if kinds:
            dominant = shares[0][0] if shares else CostSide.WORKERS
            items.append(CostImbalance(facts.iri, facts.label, tuple(kinds), shares, dominant, basis))
    return Findings("cost_imbalances", "Cost-sharing imbalance", COST_SOURCES, tuple(items))
