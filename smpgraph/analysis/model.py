"""Typed records of the partnership network that the analyses read, and how stakeholders are classified.

The stakeholder categories are those the IOM paper names as partners of an SMP (paras. 8, 9) and
those the gap analysis asks about (paras. 11, 24). A stakeholder falls into a category through its
class (``smp:TradeUnion``) or through the role it plays in a partnership (``smp:WorkerRepresentativeRole``),
so a category is per partnership for roles and global for classes.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

from smpgraph import domain
from smpgraph.namespaces import IOM_PAPER, SMP

_KINDS: Final = frozenset(str(kind) for kind in domain.PARTNERSHIP_KINDS)

__all__ = [
    "PARTNERSHIP_CLASSES",
    "REQUIRED_CATEGORIES",
    "CostShare",
    "ParticipantCount",
    "PartnershipFacts",
    "Recognition",
    "Stakeholder",
    "StakeholderCategory",
    "Training",
    "categories_of",
    "local_name",
    "paragraph",
]


def paragraph(number: int) -> str:
    """The IRI of one paragraph of the IOM paper.

    Examples:
        >>> paragraph(27)
        'https://w3id.org/smpgraph/id/source/iom-smp-prerequisites#para-27'
    """
    return str(IOM_PAPER[f"para-{number}"])


def local_name(iri: str) -> str:
    """The last segment of an IRI, for display when no label is known.

    Examples:
        >>> local_name("https://w3id.org/smpgraph/ontology#TradeUnion")
        'TradeUnion'
        >>> local_name("http://publications.europa.eu/resource/authority/country/MAR")
        'MAR'
    """
    for separator in ("#", "/"):
        head, _, tail = iri.rstrip("/").rpartition(separator)
        if head and tail:
            return tail
    return iri


class StakeholderCategory(enum.Enum):
    """Kinds of partner an SMP needs (paras. 8, 9, 11, 24); the value is the display name."""

    EMPLOYER_BODY = "employer body"
    TRADE_UNION = "trade union"
    TRAINING_PROVIDER = "training provider"
    CERTIFICATION_BODY = "certification body"
    MIGRANT_OR_DIASPORA = "migrant or diaspora organisation"
    GOVERNMENT = "government"
    OTHER = "other"


#: the categories whose absence from a partnership is a gap (paras. 8-9, 11, 24)
REQUIRED_CATEGORIES: Final = (
    StakeholderCategory.EMPLOYER_BODY,
    StakeholderCategory.TRADE_UNION,
    StakeholderCategory.TRAINING_PROVIDER,
    StakeholderCategory.CERTIFICATION_BODY,
    StakeholderCategory.MIGRANT_OR_DIASPORA,
)

#: :data:`smpgraph.domain.PARTNERSHIP_CLASSES` as the plain strings the analysis rows hold, general first
PARTNERSHIP_CLASSES: Final = tuple(str(cls) for cls in domain.PARTNERSHIP_CLASSES)

_C = StakeholderCategory
_CLASS_CATEGORY: Final[Mapping[str, StakeholderCategory]] = {
    str(SMP[name]): category
    for names, category in (
        (("Employer", "EmployerOrganization", "ChamberOfCommerce"), _C.EMPLOYER_BODY),
        (("TradeUnion",), _C.TRADE_UNION),
        (
            ("EducationProvider", "TVETCentre", "University", "LanguageSchool", "EmployerTrainingProvider"),
            _C.TRAINING_PROVIDER,
        ),
        (
            ("CertificationBody", "StateCertificationBody", "RecognitionAuthority", "ProfessionalBody"),
            _C.CERTIFICATION_BODY,
        ),
        (("MigrantAssociation", "DiasporaOrganization"), _C.MIGRANT_OR_DIASPORA),
        (("GovernmentBody", "Ministry", "PublicEmploymentService", "MigrationAgency", "LocalAuthority"), _C.GOVERNMENT),
    )
    for name in names
}
_ROLE_CATEGORY: Final[Mapping[str, StakeholderCategory]] = {
    str(SMP[name]): category
    for name, category in (
        ("EmployerRole", _C.EMPLOYER_BODY),
        ("EmployerRepresentativeRole", _C.EMPLOYER_BODY),
        ("WorkerRepresentativeRole", _C.TRADE_UNION),
        ("TrainingProviderRole", _C.TRAINING_PROVIDER),
        ("CertificationRole", _C.CERTIFICATION_BODY),
        ("RecognitionAuthorityRole", _C.CERTIFICATION_BODY),
        ("MigrantRepresentativeRole", _C.MIGRANT_OR_DIASPORA),
        ("DiasporaRole", _C.MIGRANT_OR_DIASPORA),
        ("MigrationAuthorityRole", _C.GOVERNMENT),
        ("LocalAuthorityRole", _C.GOVERNMENT),
    )
}


def categories_of(types: Iterable[str], roles: Iterable[str] = ()) -> frozenset[StakeholderCategory]:
    """The categories a stakeholder falls into through its classes and its roles.

    Args:
        types: class IRIs of the stakeholder.
        roles: role IRIs it plays (in one partnership).

    Returns:
        The categories; ``{OTHER}`` when none applies.

    Examples:
        >>> sorted(c.name for c in categories_of([str(SMP.TradeUnion)], [str(SMP.CertificationRole)]))
        ['CERTIFICATION_BODY', 'TRADE_UNION']
        >>> categories_of([str(SMP.NonGovernmentalOrganization)])
        frozenset({<StakeholderCategory.OTHER: 'other'>})
    """
    found = {_CLASS_CATEGORY[t] for t in types if t in _CLASS_CATEGORY}
    found |= {_ROLE_CATEGORY[r] for r in roles if r in _ROLE_CATEGORY}
    return frozenset(found) if found else frozenset({StakeholderCategory.OTHER})


@dataclass(frozen=True, slots=True)
class Stakeholder:
    """An organisation that takes part in at least one partnership."""

    iri: str
    label: str
    types: frozenset[str] = frozenset()
    categories: frozenset[StakeholderCategory] = frozenset({StakeholderCategory.OTHER})


@dataclass(frozen=True, slots=True)
class Training:
    """A training programme of a partnership: where, and on which track (paras. 4, 6)."""

    iri: str
    location: str | None = None
    country: str | None = None
    track: str | None = None


@dataclass(frozen=True, slots=True)
class ParticipantCount:
    """One reported number of participants (para. 25)."""

    iri: str
    count: float | None = None
    count_type: str | None = None
    sex: str | None = None
    share: float | None = None


@dataclass(frozen=True, slots=True)
class CostShare:
    """Who pays which cost, and how much of it (para. 30)."""

    iri: str
    payer: str | None = None
    payer_role: str | None = None
    cost_item: str | None = None
    share: float | None = None
    amount: float | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class Recognition:
    """A recognition arrangement or decision linking a qualification's country to the recognising one (para. 27).

    Attributes:
        iri: the arrangement or decision.
        kind: ``"arrangement"`` or ``"decision"``.
        type: its most specific class.
        source: the country whose qualification is recognised.
        target: the country that recognises it.
        occupations: ISCO groups it is for (empty: not restricted).
        outcome: the outcome of a decision (``smp:FullRecognition`` ...); None for arrangements.
        arrangement: for a decision, the arrangement it was taken under.
        partnerships: the partnerships that carry it.
    """

    iri: str
    kind: str
    type: str
    source: str | None
    target: str | None
    occupations: frozenset[str] = frozenset()
    outcome: str | None = None
    arrangement: str | None = None
    partnerships: frozenset[str] = frozenset()

    @property
    def recognises(self) -> bool:
        """True unless this is a decision refusing recognition or an arrangement saying none is needed."""
        if self.outcome == str(SMP.NoRecognition):
            return False
        return self.type != str(SMP.NoRecognitionRequired)


@dataclass(frozen=True, slots=True)
class PartnershipFacts:
    """What the analyses know about one partnership.

    Attributes:
        iri: the partnership.
        label: its label (or the IRI's last segment).
        type: its most specific partnership class.
        origins: countries of origin (from ``smp:originCountry`` or origin-State memberships).
        destinations: countries of destination.
        members: stakeholder IRIs taking part (countries excluded).
        roles: member IRI -> role IRIs in this partnership.
        trainings: its training programmes.
        occupations: ISCO groups it covers or trains for.
        provisions: classes of its provisions.
        assessed: provisions or prerequisites coded present for it (BLA assessments).
        stages: migration-cycle stages it covers.
        corridors: (origin, destination) pairs of its corridors and mobility schemes.
        counts: participant counts.
        costs: cost shares.
        sex_disaggregated_indicators: sex-disaggregated indicators of its monitoring plan.
        fees_charged_to_workers: the stated value of ``smp:recruitmentFeesChargedToWorkers``.
        arrangements: recognition arrangements it carries.
        instruments: classes of the instruments it rests on.
    """

    iri: str
    label: str
    type: str
    origins: frozenset[str] = frozenset()
    destinations: frozenset[str] = frozenset()
    members: frozenset[str] = frozenset()
    roles: Mapping[str, frozenset[str]] = field(default_factory=dict)
    trainings: tuple[Training, ...] = ()
    occupations: frozenset[str] = frozenset()
    provisions: frozenset[str] = frozenset()
    assessed: frozenset[str] = frozenset()
    stages: frozenset[str] = frozenset()
    corridors: frozenset[tuple[str, str]] = frozenset()
    counts: tuple[ParticipantCount, ...] = ()
    costs: tuple[CostShare, ...] = ()
    sex_disaggregated_indicators: frozenset[str] = frozenset()
    fees_charged_to_workers: bool | None = None
    arrangements: frozenset[str] = frozenset()
    instruments: frozenset[str] = frozenset()

    @property
    def is_agreement(self) -> bool:
        """True for a bilateral labour agreement (an import of the BLA dataset), counted apart from partnerships.

        A partnership of a named kind (an SMP, a pathway, ...) that rests on such an agreement stays a partnership.
        """
        if self.type in _KINDS:
            return False
        return str(SMP.BilateralLabourMigrationAgreement) in self.instruments

    @property
    def flows(self) -> frozenset[tuple[str, str]]:
        """Every origin -> destination pair it moves people along: its corridors, else its countries."""
        if self.corridors:
            return self.corridors
        return frozenset((o, d) for o in self.origins for d in self.destinations if o != d)

    @property
    def has_mobility(self) -> bool:
        """True when it moves people somewhere (a corridor, a scheme, or origin and destination countries)."""
        migrated = {str(SMP.Migrated), str(SMP.Placed)}
        return bool(self.flows) or any(c.count_type in migrated and (c.count or 0) > 0 for c in self.counts)

    def covers(self, *terms: str) -> bool:
        """True when any of ``terms`` is among its provisions, assessed items or stages."""
        return any(t in self.provisions or t in self.assessed or t in self.stages for t in terms)
