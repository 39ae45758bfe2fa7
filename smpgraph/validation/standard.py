"""Check a draft against the ILO standard (``smpgraph validate DRAFT --standard ilo``; issue 19, item 7).

For each of the 34 provisions (:mod:`smpgraph.validation.ilo`): whether the draft provides it, the YAML keys
that state it, and how common it is among the coded real agreements of the knowledge graph, overall and in
the draft's peer groups (:mod:`smpgraph.validation.peers`); then the five real agreements most similar to
the draft by provisions. A draft is never stored nor logged: only counts are.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS
from rdflib.term import IdentifiedNode

from smpgraph.errors import DraftError, InputError
from smpgraph.namespaces import SMP
from smpgraph.validation.engine import DraftLike, find_agreements
from smpgraph.validation.ilo import IloProvision, ilo_provisions, profile
from smpgraph.validation.peers import CodedIndex, PeerGroup, Similar, coded_index, most_similar, peer_groups
from smpgraph.validation.shapes import LANGUAGES

if TYPE_CHECKING:
    from smpgraph.store.base import GraphStore

__all__ = ["IloFinding", "IloReport", "check_ilo"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IloFinding:
    """One provision of the ILO standard for one draft.

    Attributes:
        provision: the provision (item, label, YAML keys).
        provided: True when the draft provides it.
        shares: per peer group, ``(provide, total)``: the coded agreements that provide it, of how many.
    """

    provision: IloProvision
    provided: bool
    shares: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class IloReport:
    """The ILO standard checked on one agreement of a draft.

    Attributes:
        agreement: the draft's agreement.
        label: its title, when it has one.
        lang: the language of the report.
        groups: the peer groups the shares are computed over (all, destination, origin, region, decade).
        findings: one per provision, in the codebook's order.
        similar: the coded agreements most similar to the draft (up to five).
        origin: where the draft came from (a file name), when known.
    """

    agreement: IdentifiedNode
    label: str | None
    lang: str
    groups: tuple[PeerGroup, ...]
    findings: tuple[IloFinding, ...]
    similar: tuple[Similar, ...]
    origin: str | None = None

    @property
    def provided(self) -> int:
        """How many provisions the draft provides."""
        return sum(1 for finding in self.findings if finding.provided)


def _year(graph: Graph, agreement: IdentifiedNode) -> int | None:
    """The year of the draft: its start date, else the signature date of its instrument."""
    candidates = [*graph.objects(agreement, SMP.startDate)]
    for instrument in graph.objects(agreement, SMP.hasInstrument):
        candidates += [*graph.objects(instrument, SMP.dateSigned)]
    years = sorted(int(str(c)[:4]) for c in candidates if isinstance(c, Literal) and str(c)[:4].isdigit())
    return years[0] if years else None


def check_ilo(
    draft: DraftLike | Graph,
    *,
    store: GraphStore | None = None,
    lang: str = "en",
    origin: str | None = None,
    index: CodedIndex | None = None,
) -> list[IloReport]:
    """Check each agreement of a draft against the ILO standard.

    Args:
        draft: a loaded draft or an rdflib graph holding one.
        store: the knowledge graph whose coded agreements give the shares and the similar agreements
            (``None``: no shares, no similar agreements).
        lang: the language of the report.
        origin: where the draft came from, copied into each report.
        index: the coded agreements to compare with (default: those of ``store``).

    Returns:
        One report per agreement of the draft.

    Raises:
        InputError: ``lang`` is not supported.
        DraftError: the draft holds no partnership.
    """
    if lang not in LANGUAGES:
        raise InputError(f"unsupported language {lang!r}; choose from {', '.join(LANGUAGES)}")
    started = time.perf_counter()
    graph = draft if isinstance(draft, Graph) else draft.graph
    agreements = find_agreements(graph)
    if not agreements:
        raise DraftError(f"{origin or 'draft'}: no agreement found (nothing typed smp:Partnership or a subclass)")
    data = graph  # the profile reads the class hierarchy from the cached ontology closure, not from the graph
    if index is None:
        index = coded_index(store) if store is not None else CodedIndex(())
    provisions = ilo_provisions()
    reports = []
    for agreement in agreements:
        own = profile(data, agreement)
        groups = peer_groups(index, origins=own.origins, destinations=own.destinations, year=_year(graph, agreement))
        provided = {p.item for p in provisions if p.provided_by(own)}
        findings = tuple(
            IloFinding(p, p.item in provided, tuple(group.share(p.item) for group in groups)) for p in provisions
        )
        title = min((str(t) for t in graph.objects(agreement, DCTERMS.title)), default=None)
        reports.append(
            IloReport(agreement, title, lang, groups, findings, most_similar(index, provided), origin=origin)
        )
    logger.info(
        "checked %d agreement(s) against the ILO standard (%d coded agreements) in %.3f s",
        len(reports), len(index.agreements), time.perf_counter() - started,
    )  # fmt: skip
    return reports
