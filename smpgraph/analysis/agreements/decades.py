"""Agreements signed per decade (para. 7): the first table of the agreement analysis."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from smpgraph.analysis.agreements.network import NETWORK_SOURCES, Agreement, AgreementNetwork
from smpgraph.analysis.results import Finding, Findings, JsonValue

__all__ = ["DecadeCount", "agreements_per_decade", "decade_name"]


def decade_name(decade: int | None) -> str:
    """``1990s`` for 1990; ``all years`` for None."""
    return "all years" if decade is None else f"{decade}s"


@dataclass(frozen=True, slots=True)
class DecadeCount(Finding):
    """Agreements signed in one decade (para. 7).

    Attributes:
        decade: the first year of the decade.
        agreements: agreements signed in it.
        coded: of which coded on the best-practice items.
        countries: countries party to at least one of them.
        pairs: country pairs linked by at least one of them.
    """

    decade: int
    agreements: int
    coded: int
    countries: int
    pairs: int

    def subject(self) -> str:
        """``1990s``."""
        return decade_name(self.decade)

    def summary(self) -> str:
        """Counts."""
        return (
            f"{self.agreements} agreements ({self.coded} coded) between {self.countries} countries, {self.pairs} pairs"
        )

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "decade": self.decade,
            "agreements": self.agreements,
            "coded": self.coded,
            "countries": self.countries,
            "pairs": self.pairs,
        }


def agreements_per_decade(network: AgreementNetwork) -> Findings[DecadeCount]:
    """Agreements signed per decade, oldest first; agreements of unknown year are left out (see the notes).

    Args:
        network: the agreement network.

    Returns:
        One row per decade with at least one agreement.
    """
    by_decade: dict[int, list[Agreement]] = defaultdict(list)
    unknown = 0
    for agreement in network.agreements.values():
        if agreement.decade is None:
            unknown += 1
        else:
            by_decade[agreement.decade].append(agreement)
    items = tuple(
        DecadeCount(
            decade,
            len(found),
            sum(a.coded for a in found),
            len({p for a in found for p in a.parties}),
            len({a.pair for a in found if a.pair is not None}),
        )
        for decade, found in sorted(by_decade.items())
    )
    notes = (f"{unknown} agreement(s) of unknown year left out",) if unknown else ()
    return Findings("agreements_per_decade", "Agreements per decade", NETWORK_SOURCES, items, notes=notes)
