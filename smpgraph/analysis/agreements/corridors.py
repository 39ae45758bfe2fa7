"""Country pairs whose coded agreements never provide recognition (item (18)) or training (item (17))."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from smpgraph.analysis.agreements.network import AgreementNetwork
from smpgraph.analysis.model import paragraph
from smpgraph.analysis.results import Finding, Findings, JsonValue

__all__ = ["RECOGNITION_ITEM", "TRAINING_ITEM", "UncoveredCorridor", "uncovered_corridors"]

#: codebook item "Recognition of Skills and Qualifications"
RECOGNITION_ITEM: Final = "(18)"
#: codebook item "Human Resource Development and Skills Improvement"
TRAINING_ITEM: Final = "(17)"


@dataclass(frozen=True, slots=True)
class UncoveredCorridor(Finding):
    """A country pair whose coded agreements never provide a codebook item (paras. 4, 7, 27).

    Attributes:
        item: the codebook item, ``"(18)"`` recognition or ``"(17)"`` training.
        agreements: agreements of the pair.
        coded: of which coded (all coded absent on the item).
        uncoded: of which not coded (they may provide it: the data does not say).
    """

    country_a: str
    country_b: str
    label_a: str
    label_b: str
    item: str
    agreements: int
    coded: int
    first_year: int | None
    last_year: int | None

    @property
    def uncoded(self) -> int:
        """Agreements of the pair that are not coded."""
        return self.agreements - self.coded

    def subject(self) -> str:
        """``A -- B``."""
        return f"{self.country_a} -- {self.country_b}"

    def summary(self) -> str:
        """Counts and years."""
        years = f", {self.first_year}-{self.last_year}" if self.first_year is not None else ""
        more = f" ({self.uncoded} not coded)" if self.uncoded else ""
        return f"{self.coded} coded agreement(s) without item {self.item}{more}{years}"

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "country_a": self.country_a,
            "country_b": self.country_b,
            "label": f"{self.label_a} – {self.label_b}",
            "item": self.item,
            "agreements": self.agreements,
            "coded": self.coded,
            "uncoded": self.uncoded,
            "first_year": self.first_year,
            "last_year": self.last_year,
        }


_ITEM_TOPICS: Final = {
    RECOGNITION_ITEM: ("corridors_without_recognition", "recognition of skills and qualifications", (7, 27)),
    TRAINING_ITEM: ("corridors_without_training", "human resource development and skills", (4, 7)),
}


def uncovered_corridors(network: AgreementNetwork, item: str = RECOGNITION_ITEM) -> Findings[UncoveredCorridor]:
    """Country pairs with agreements, at least one coded, none coded present on ``item``.

    Pairs whose agreements are all uncoded are left out (not coded is not coded absent) and counted in
    the notes.

    Args:
        network: the agreement network.
        item: a codebook item; ``"(18)"`` (recognition) and ``"(17)"`` (training) have their own names.

    Returns:
        The pairs, most coded agreements first, then by IRI.
    """
    name, topic, paragraphs = _ITEM_TOPICS.get(item, (f"corridors_without_{item.strip('()')}", f"item {item}", (7,)))
    items = []
    uncoded_pairs = 0
    for (a, b), found in network.pairs().items():
        coded = [x for x in found if x.coded and item in x.items]
        if not coded:
            uncoded_pairs += 1
            continue
        if any(x.items[item] for x in coded):
            continue
        known = [x.year for x in found if x.year is not None]
        items.append(
            UncoveredCorridor(
                a,
                b,
                network.label(a),
                network.label(b),
                item,
                len(found),
                len(coded),
                min(known) if known else None,
                max(known) if known else None,
            )
        )
    items.sort(key=lambda c: (-c.coded, -c.agreements, c.country_a, c.country_b))
    notes = (f"{uncoded_pairs} pair(s) with agreements, none coded, left out (their provisions are unknown)",)
    return Findings(
        name,
        f"Country pairs with agreements but no {topic} (item {item})",
        tuple(paragraph(n) for n in paragraphs),
        tuple(items),
        notes=notes,
    )
