"""The typed validation report: results, readiness per component and prerequisite, grouping per agreement.

Issue 4, items 3 and 5. A report is a value: it never holds the draft, only what the shapes found about it.
Readiness follows the scale of IOM's Migration Governance Indicators (absent, partial, complete): a concept
is absent when one of its presence shapes fails, complete when none of its shapes reports anything, and
partial otherwise. A real agreement described from sources is an open world (:class:`World`): what the
sources do not mention is *not recorded*, never absent (docs/decisions/0007-validation-semantics.md).
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import SH
from rdflib.term import IdentifiedNode, Node

__all__ = [
    "AgreementReport",
    "ConceptKind",
    "FindingCategory",
    "Readiness",
    "ReadinessItem",
    "Severity",
    "ValidationReport",
    "ValidationResult",
    "World",
    "WorldBasis",
]

_PARAGRAPH = re.compile(r"#para-(\d+)$")


class Severity(enum.IntEnum):
    """How serious a finding is; ordered, so thresholds compare naturally."""

    INFO = 1
    WARNING = 2
    VIOLATION = 3

    @property
    def iri(self) -> URIRef:
        """The SHACL severity IRI (``sh:Info``, ``sh:Warning``, ``sh:Violation``)."""
        return SH[self.name.capitalize()]

    @property
    def label(self) -> str:
        """The lower-case name, as used on the command line and in JSON."""
        return self.name.lower()

    @classmethod
    def from_iri(cls, iri: Node | None) -> Severity:
        """The severity of a SHACL severity IRI; anything unknown counts as a violation (SHACL's default)."""
        for member in cls:
            if iri == member.iri:
                return member
        return cls.VIOLATION

    @classmethod
    def from_label(cls, label: str) -> Severity:
        """The severity named ``violation``, ``warning`` or ``info`` (case-insensitive).

        Raises:
            ValueError: the name is none of these.
        """
        try:
            return cls[label.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {label!r}; choose from info, warning, violation") from None


class Readiness(enum.Enum):
    """Readiness of one component or prerequisite, on the MGI scale (absent, partial, complete).

    ``NOT_ASSESSED`` is not a level of the scale: it marks a concept that nothing assessed, e.g. one that no
    codebook item of a coded bilateral labour agreement maps to. ``NOT_RECORDED`` is not one either: a real
    agreement described from sources whose sources do not mention the concept. Neither is ever absent.
    """

    ABSENT = "absent"
    PARTIAL = "partial"
    COMPLETE = "complete"
    NOT_ASSESSED = "not-assessed"
    NOT_RECORDED = "not-recorded"

    @property
    def provides(self) -> bool:
        """True for partial and complete: the agreement provides the concept at least in part."""
        return self in (Readiness.PARTIAL, Readiness.COMPLETE)


class ConceptKind(enum.Enum):
    """What an assessed concept is in the IOM paper."""

    COMPONENT = "component"
    PREREQUISITE = "prerequisite"
    PRINCIPLE = "principle"


class FindingCategory(enum.Enum):
    """What a finding is about: the agreement's policy, or the quality of its description."""

    POLICY = "policy"  # the agreement lacks or gets wrong something the IOM paper asks for
    DATA_QUALITY = "data-quality"  # a fact of the description is incomplete or of the wrong kind

    @classmethod
    def from_name(cls, name: str) -> FindingCategory:
        """The category called ``policy`` or ``data-quality``.

        Raises:
            ValueError: no category has that name.
        """
        for member in cls:
            if member.value == name:
                return member
        raise ValueError(f"unknown finding category {name!r}; choose from policy, data-quality")


class World(enum.Enum):
    """How silence is read when an agreement is validated.

    ``CLOSED``: a draft. What it does not say, it lacks: a missing component is a gap (absent).
    ``OPEN``: a real agreement described from sources. What the sources do not mention is not recorded,
    reported at Info, never absent and never a Violation; absence needs a source that says so.
    """

    CLOSED = "closed"
    OPEN = "open"


class WorldBasis(enum.Enum):
    """Why an agreement is validated in its world."""

    DRAFT_STATUS = "draft-status"  # closed: its status is smp:Draft
    NO_SOURCES = "no-sources"  # closed: it cites no source for itself
    SOURCES = "sources"  # open: it cites the sources it is described from and is not a draft
    CHOSEN = "chosen"  # the caller chose the world


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """One finding about one node of a draft.

    Attributes:
        focus_node: the node the finding is about (a partnership, a training programme, ...).
        path: the property concerned (the first step of a longer path), or None for a node-level rule.
        severity: how serious it is.
        message: what to add or fix, in the report's language.
        source_shape: the shape that found it.
        source: the paragraph of the IOM paper the shape implements (its ``dcterms:source``).
        value: the offending or missing value, where the shape names one.
        concept: the component or prerequisite the shape assesses (``smp:assesses``).
        agreement: the partnership the focus node belongs to, when known.
        category: policy gap or data-quality finding (by the shapes file: ``shapes/data-quality.ttl``).
        absence: True when the finding is that something is not stated (``sh:minCount``, ``sh:hasValue``
            or a SPARQL constraint with ``smp:reportsAbsence true``), False when a stated value is wrong.
        not_recorded: True when it is an absence in an open world: the sources do not say it (Info).
        evidence: the sources of the facts the finding rests on, for findings about stated facts of a real
            agreement (``prov:wasDerivedFrom`` and ``dcterms:source`` of its focus node and value).
    """

    focus_node: IdentifiedNode
    path: URIRef | None
    severity: Severity
    message: str
    source_shape: IdentifiedNode
    source: URIRef | None
    value: Node | None = None
    concept: URIRef | None = None
    agreement: IdentifiedNode | None = None
    category: FindingCategory = FindingCategory.POLICY
    absence: bool = False
    not_recorded: bool = False
    evidence: tuple[URIRef, ...] = ()

    @property
    def paragraph(self) -> int | None:
        """The paragraph number of the IOM paper, when the source is one of its paragraphs."""
        match = _PARAGRAPH.search(str(self.source)) if self.source is not None else None
        return int(match.group(1)) if match else None


@dataclass(frozen=True, slots=True)
class ReadinessItem:
    """The readiness of one agreement on one component or prerequisite.

    Attributes:
        concept: the concept IRI (e.g. ``smp:Training``).
        label: its name in the report's language.
        kind: component, prerequisite or principle.
        readiness: absent, partial or complete (or not assessed, not recorded).
        findings: how many results its shapes reported for this agreement.
        source: the paragraph of the IOM paper that defines it, when known.
    """

    concept: URIRef
    label: str
    kind: ConceptKind
    readiness: Readiness
    findings: int = 0
    source: URIRef | None = None


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """What validation found about one partnership.

    Attributes:
        agreement: the partnership's IRI (or blank node).
        label: its title, when the draft gives one.
        full_smp: True when it is typed a Skills Mobility Partnership (else a pathway or another partnership).
        results: the findings about it and about the nodes it describes.
        readiness: one item per component and prerequisite that applies to its kind.
        origin: where it came from (a file name), when known.
        coded: True when its readiness comes (in part) from coded provisions (``smp:ProvisionAssessment``,
            e.g. the BLA dataset) rather than from the shapes alone.
        world: closed (a draft) or open (a real agreement described from sources).
        world_basis: why it is validated in that world.
        sources: the sources it cites for itself (``dcterms:source``, ``prov:wasDerivedFrom``).
    """

    agreement: IdentifiedNode
    label: str | None
    full_smp: bool
    results: tuple[ValidationResult, ...]
    readiness: tuple[ReadinessItem, ...]
    origin: str | None = None
    coded: bool = False
    world: World = World.CLOSED
    world_basis: WorldBasis = WorldBasis.NO_SOURCES
    sources: tuple[URIRef, ...] = ()

    def passes(self, fail_on: Severity = Severity.VIOLATION) -> bool:
        """True when no finding about this agreement reaches ``fail_on``."""
        return all(result.severity < fail_on for result in self.results)


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of validating one or more drafts (or stored agreements).

    Attributes:
        results: every finding, sorted by agreement, severity (worst first), concept and shape.
        agreements: one report per partnership validated.
        lang: the language of the messages and labels (``en``, ``fr`` or ``es``).
    """

    results: tuple[ValidationResult, ...]
    agreements: tuple[AgreementReport, ...] = ()
    lang: str = "en"

    @property
    def conforms(self) -> bool:
        """The SHACL meaning: no results of any severity."""
        return not self.results

    def passes(self, fail_on: Severity = Severity.VIOLATION) -> bool:
        """True when no result reaches ``fail_on`` (ROBOT's ``--fail-on``)."""
        return all(result.severity < fail_on for result in self.results)

    def count(self, severity: Severity) -> int:
        """How many results have exactly this severity."""
        return sum(1 for result in self.results if result.severity == severity)

    def by_agreement(self) -> dict[IdentifiedNode, AgreementReport]:
        """The agreement reports keyed by the agreement's node."""
        return {item.agreement: item for item in self.agreements}

    def for_concept(self, concept: URIRef) -> tuple[ValidationResult, ...]:
        """The results of the shapes that assess ``concept``."""
        return tuple(result for result in self.results if result.concept == concept)

    def only(self, categories: Iterable[FindingCategory]) -> ValidationReport:
        """The same report with only the findings of these categories (readiness is kept as assessed).

        Args:
            categories: the categories to keep (e.g. only the policy gaps).

        Returns:
            A new report; ``self`` when every category is kept.
        """
        wanted = frozenset(categories)
        if wanted >= set(FindingCategory):
            return self
        return ValidationReport(
            results=tuple(result for result in self.results if result.category in wanted),
            agreements=tuple(
                dataclasses.replace(item, results=tuple(r for r in item.results if r.category in wanted))
                for item in self.agreements
            ),
            lang=self.lang,
        )

    @classmethod
    def merge(cls, reports: Iterable[ValidationReport], *, lang: str | None = None) -> ValidationReport:
        """One report holding the results and agreements of several (e.g. one per file).

        Args:
            reports: the reports to merge, in order.
            lang: the language of the merged report (default: that of the first report, else ``en``).

        Returns:
            The merged report.
        """
        items = list(reports)
        merged_lang = lang or (items[0].lang if items else "en")
        return cls(
            results=tuple(result for report in items for result in report.results),
            agreements=tuple(agreement for report in items for agreement in report.agreements),
            lang=merged_lang,
        )
