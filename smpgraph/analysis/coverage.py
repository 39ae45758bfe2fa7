"""Coverage of gender (para. 22) and of return and reintegration (para. 28), and coverage by topic.

- :func:`coverage`: per partnership, whether it addresses gender and return and reintegration, with
  the evidence (a provision, a coded assessment, a female participant count, a sex-disaggregated
  indicator, a return stage);
- :func:`topic_coverage`: the share of partnerships covering each topic (for the coverage bars).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from smpgraph.analysis.gaps import COST_SOURCES, STAKEHOLDER_SOURCES, categories_in, partnerships_of
from smpgraph.analysis.model import REQUIRED_CATEGORIES, PartnershipFacts, StakeholderCategory, local_name, paragraph
from smpgraph.analysis.results import Finding, Findings, JsonValue
from smpgraph.analysis.views import GraphViews
from smpgraph.namespaces import SMP

__all__ = ["COVERAGE_SOURCES", "Coverage", "TopicCoverage", "coverage", "topic_coverage"]

COVERAGE_SOURCES: Final = (paragraph(22), paragraph(28))


# -- Coverage -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Coverage(Finding):
    """Whether a partnership addresses gender (para. 22) and return and reintegration (para. 28).

    Attributes:
        gender_evidence: what shows it (provision, assessment, female count, sex-disaggregated indicator).
        return_evidence: what shows it (provision, assessment, return stage).
    """

    partnership: str
    label: str
    gender: bool
    return_reintegration: bool
    gender_evidence: tuple[str, ...]
    return_evidence: tuple[str, ...]

    def subject(self) -> str:
        """The partnership IRI."""
        return self.partnership

    def summary(self) -> str:
        """What is not covered."""
        gaps = [
            name
            for name, ok in (("gender", self.gender), ("return and reintegration", self.return_reintegration))
            if not ok
        ]
        return "no " + " and no ".join(gaps) if gaps else "covered"

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "partnership": self.partnership,
            "label": self.label,
            "gender": self.gender,
            "return_reintegration": self.return_reintegration,
            "gender_evidence": list(self.gender_evidence),
            "return_evidence": list(self.return_evidence),
        }


def _gender_evidence(facts: PartnershipFacts) -> tuple[str, ...]:
    found = [local_name(t) for t in (str(SMP.GenderProvision), str(SMP.GenderConsideration)) if facts.covers(t)]
    if any(c.sex == str(SMP.Female) for c in facts.counts):
        found.append("female participant count")
    if facts.sex_disaggregated_indicators:
        found.append("sex-disaggregated indicator")
    return tuple(found)


def _return_evidence(facts: PartnershipFacts) -> tuple[str, ...]:
    terms = (str(SMP.ReturnAndReintegration), str(SMP.ReturnStage))
    return tuple(local_name(t) for t in terms if facts.covers(t))


def coverage(views: GraphViews) -> Findings[Coverage]:
    """Gender and return-and-reintegration coverage of every partnership.

    Args:
        views: the graph views.

    Returns:
        One row per partnership (covered or not), in IRI order.

    Raises:
        AnalysisError: there is no partnership.
    """
    items = []
    for facts in partnerships_of(views):
        gender, back = _gender_evidence(facts), _return_evidence(facts)
        items.append(Coverage(facts.iri, facts.label, bool(gender), bool(back), gender, back))
    return Findings("coverage", "Gender and return-and-reintegration coverage", COVERAGE_SOURCES, tuple(items))


#: the group of the partnerships proper (skills mobility partnerships, pathways, other partnerships)
PARTNERSHIPS: Final = "partnerships"
#: the group of the bilateral labour agreements of the BLA dataset, always counted apart
AGREEMENTS: Final = "bilateral labour agreements"


@dataclass(frozen=True, slots=True)
class TopicCoverage(Finding):
    """How many partnerships, or how many bilateral labour agreements (``group``), cover one topic."""

    topic: str
    covered: int
    total: int
    sources: tuple[str, ...]
    group: str = PARTNERSHIPS

    @property
    def share(self) -> float:
        """covered / total."""
        return self.covered / self.total if self.total else 0.0

    def subject(self) -> str:
        """The topic, and the group when it is the agreements."""
        return self.topic if self.group == PARTNERSHIPS else f"{self.topic} ({self.group})"

    def summary(self) -> str:
        """covered of total, naming the group."""
        return f"{self.covered} of {self.total} {self.group} ({self.share:.0%})"

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "topic": self.topic,
            "group": self.group,
            "covered": self.covered,
            "total": self.total,
            "share": round(self.share, 4),
            "sources": list(self.sources),
        }


def topic_coverage(views: GraphViews) -> Findings[TopicCoverage]:
    """The share of partnerships covering each topic: stakeholder categories, training, recognition,
    cost data, gender, return and reintegration; the bilateral labour agreements are counted apart.

    Args:
        views: the graph views.

    Returns:
        One row per topic.

    Raises:
        AnalysisError: there is no partnership.
    """
    partnerships = partnerships_of(views)
    present = {f.iri: categories_in(views, f) for f in partnerships}
    recognising = {iri for r in views.recognitions for iri in r.partnerships}

    def has(category: StakeholderCategory) -> Callable[[PartnershipFacts], bool]:
        return lambda f: category in present[f.iri]

    topics: list[tuple[str, tuple[str, ...], Callable[[PartnershipFacts], bool]]] = [
        (category.value, STAKEHOLDER_SOURCES, has(category)) for category in REQUIRED_CATEGORIES
    ]
    topics += [
        ("training", (paragraph(7),), lambda f: bool(f.trainings)),
        ("recognition arrangement", (paragraph(27),), lambda f: bool(f.arrangements) or f.iri in recognising),
        ("cost sharing recorded", COST_SOURCES, lambda f: bool(f.costs)),
        ("gender", (paragraph(22),), lambda f: bool(_gender_evidence(f))),
        ("return and reintegration", (paragraph(28),), lambda f: bool(_return_evidence(f))),
    ]
    groups = [
        (PARTNERSHIPS, [f for f in partnerships if not f.is_agreement]),
        (AGREEMENTS, [f for f in partnerships if f.is_agreement]),
    ]
    items = tuple(
        TopicCoverage(name, sum(1 for f in members if test(f)), len(members), sources, group)
        for group, members in groups
        if members
        for name, sources, test in topics
    )
    return Findings("topic_coverage", "Coverage by topic", STAKEHOLDER_SOURCES + COST_SOURCES + COVERAGE_SOURCES, items)
