"""Coverage of each provision over time: per decade, the share of coded agreements that provide it.

The shares are taken over *coded* agreements only (coded present / coded): an agreement without coding
counts in neither part, because not coded is not coded absent.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Final

from smpgraph.analysis.agreements.decades import decade_name
from smpgraph.analysis.agreements.network import AgreementNetwork
from smpgraph.analysis.model import local_name, paragraph
from smpgraph.analysis.results import Finding, Findings, JsonValue

__all__ = ["ProvisionCoverage", "provision_coverage"]

_CAMEL: Final = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _term_label(network: AgreementNetwork, key: str) -> str:
    if key.startswith("("):
        return f"{key} {network.labels[key]}" if key in network.labels else f"item {key}"
    return network.labels.get(key) or _CAMEL.sub(" ", local_name(key)).lower()


@dataclass(frozen=True, slots=True)
class ProvisionCoverage(Finding):
    """How many coded agreements of a decade provide one thing (coded present / coded).

    Attributes:
        kind: ``"term"`` (a term of our ontology, key an IRI) or ``"item"`` (a codebook item, key ``"(18)"``).
        key: the term IRI or codebook item.
        label: a readable name.
        decade: the first year of the decade; None for all agreements, unknown years included.
        coded: coded agreements assessed on it.
        present: of which coded present.
    """

    kind: str
    key: str
    label: str
    decade: int | None
    coded: int
    present: int

    @property
    def share(self) -> float:
        """``present / coded`` (0 when nothing is coded)."""
        return self.present / self.coded if self.coded else 0.0

    def subject(self) -> str:
        """The term or item, and the decade."""
        return f"{self.key} {decade_name(self.decade)}"

    def summary(self) -> str:
        """Share and counts."""
        return f"{decade_name(self.decade)}: {100 * self.share:.0f}% ({self.present}/{self.coded} coded agreements)"

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "kind": self.kind,
            "key": self.key,
            "label": self.label,
            "decade": self.decade,
            "coded": self.coded,
            "present": self.present,
            "share": round(self.share, 6),
        }


def provision_coverage(network: AgreementNetwork) -> Findings[ProvisionCoverage]:
    """Per term and per codebook item, the share of coded agreements that provide it, per decade and overall.

    Counts agreements, not assessments: an agreement provides a term when any item naming the term is
    coded present. Only coded agreements count (the 570 of the dataset); the row with ``decade`` None
    covers them all, unknown years included, and equals ``smpgraph.bla.shares.provision_shares``.

    Args:
        network: the agreement network.

    Returns:
        Terms (in IRI order) then items (in codebook order), each overall first and then oldest decade first.
    """
    coded: Counter[tuple[str, str, int | None]] = Counter()
    present: Counter[tuple[str, str, int | None]] = Counter()
    for agreement in network.agreements.values():
        for kind, flags in (("term", agreement.terms), ("item", agreement.items)):
            for key, flag in flags.items():
                for decade in {None, agreement.decade}:
                    coded[(kind, key, decade)] += 1
                    present[(kind, key, decade)] += flag

    def order(key: tuple[str, str, int | None]) -> tuple[int, tuple[int, str], int]:
        kind, name, decade = key
        digits = "".join(ch for ch in name if ch.isdigit()) if kind == "item" else ""
        return (0 if kind == "term" else 1, (int(digits) if digits else 0, name), -1 if decade is None else decade)

    items = tuple(
        ProvisionCoverage(kind, name, _term_label(network, name), decade, coded[key], present[key])
        for key in sorted(coded, key=order)
        for kind, name, decade in [key]
    )
    n_coded = sum(a.coded for a in network.agreements.values())
    notes = (f"over the {n_coded} coded agreements; agreements not coded count in neither part of the share",)
    return Findings(
        "provision_coverage",
        "Coverage of each provision over time (coded present / coded)",
        (paragraph(7), paragraph(22), paragraph(24), paragraph(27), paragraph(28), paragraph(30)),
        items,
        notes=notes,
    )
