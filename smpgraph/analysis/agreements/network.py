"""The country network of bilateral labour agreements: query rows in, typed agreements and graphs out.

:func:`fetch_agreement_rows` is the only function of :mod:`smpgraph.analysis.agreements` that talks to a
store (three SPARQL SELECTs, ``smpgraph/queries/analysis/bla_*.rq``); :func:`network_from_rows` is pure, so
tests feed it hand-made rows. Countries are nodes and agreements are edges, one per agreement with its year.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

import networkx as nx
from rdflib import Literal

from smpgraph.analysis.model import local_name, paragraph
from smpgraph.analysis.rows import Row, select_rows, text_or_none
from smpgraph.domain import UNKNOWN_YEAR
from smpgraph.errors import AnalysisError

if TYPE_CHECKING:
    from smpgraph.store.base import GraphStore

__all__ = [
    "AGREEMENT_QUERIES",
    "NETWORK_SOURCES",
    "Agreement",
    "AgreementNetwork",
    "AgreementRows",
    "codebook_labels",
    "fetch_agreement_rows",
    "network_from_rows",
]

logger = logging.getLogger(__name__)

#: the ``.rq`` files under ``smpgraph/queries/analysis/``, one per field of :class:`AgreementRows`
AGREEMENT_QUERIES: Final = {"agreements": "bla_agreements", "assessments": "bla_assessments", "labels": "bla_labels"}
#: formalised State cooperation: what a bilateral agreement is (para. 7)
NETWORK_SOURCES: Final = (paragraph(7),)


@dataclass(frozen=True, slots=True)
class AgreementRows:
    """The solutions of the three agreement queries (same variable names as the ``.rq`` files)."""

    agreements: Sequence[Row] = ()
    assessments: Sequence[Row] = ()
    labels: Sequence[Row] = ()


def fetch_agreement_rows(store: GraphStore) -> AgreementRows:
    """Run the agreement queries against a store.

    Args:
        store: any :class:`~smpgraph.store.base.GraphStore`.

    Returns:
        The rows of every query.

    Raises:
        AnalysisError: a query did not return SELECT rows, or its rows were cut short.
    """
    return AgreementRows(**{field_name: select_rows(store, name) for field_name, name in AGREEMENT_QUERIES.items()})


@dataclass(frozen=True, slots=True)
class Agreement:
    """One agreement between two States, with its coding.

    Attributes:
        iri: the agreement (an ``smp:Partnership`` with a BLMA instrument).
        year: year signed (None when unknown).
        title: the instrument's title, when known.
        parties: the State parties, sorted (two for a bilateral agreement).
        items: codebook item -> coded present; empty when the agreement is not coded.
        terms: term of our ontology -> coded present on at least one item naming it.
    """

    iri: str
    year: int | None
    title: str | None
    parties: tuple[str, ...]
    items: Mapping[str, bool] = field(default_factory=dict)
    terms: Mapping[str, bool] = field(default_factory=dict)

    @property
    def coded(self) -> bool:
        """True when the agreement has been coded (coded absent is not "not coded")."""
        return bool(self.items)

    @property
    def decade(self) -> int | None:
        """The first year of its decade (1990 for 1994), None when the year is unknown."""
        return None if self.year is None else self.year // 10 * 10

    @property
    def pair(self) -> tuple[str, str] | None:
        """The two parties, sorted; None unless there are exactly two."""
        return (self.parties[0], self.parties[1]) if len(self.parties) == 2 else None


@dataclass(frozen=True)
class AgreementNetwork:
    """Countries linked by agreements.

    Attributes:
        agreements: every agreement by IRI.
        graph: ``nx.MultiGraph``: one edge per agreement, keyed by its IRI, with ``year``, ``decade``,
            ``title`` and ``coded``; nodes carry ``label`` and ``type`` ("country").
        simple: ``nx.Graph`` of the same countries: ``weight`` = agreements of the pair, ``distance`` =
            1 / weight, ``first_year`` and ``last_year`` (for path measures and communities).
        labels: IRI -> label (countries and terms).
    """

    agreements: Mapping[str, Agreement]
    graph: nx.MultiGraph
    simple: nx.Graph
    labels: Mapping[str, str] = field(default_factory=dict)

    def label(self, iri: str) -> str:
        """The label of an IRI, or its last segment."""
        return self.labels.get(iri) or local_name(iri)

    def pairs(self) -> dict[tuple[str, str], list[Agreement]]:
        """The agreements of each country pair (pairs sorted), in IRI order."""
        grouped: dict[tuple[str, str], list[Agreement]] = defaultdict(list)
        for agreement in self.agreements.values():
            if agreement.pair is not None:
                grouped[agreement.pair].append(agreement)
        return dict(grouped)


def _year(value: object) -> int | None:
    raw = str(value).strip() if value is not None else ""
    digits = raw[:5] if raw.startswith("-") else raw[:4]
    try:
        year = int(digits)
    except ValueError:
        return None
    return None if year == UNKNOWN_YEAR else year


def codebook_labels() -> dict[str, str]:
    """Codebook item -> its label, from the committed mapping table (empty when it cannot be read)."""
    from smpgraph.bla.provisions import read_provision_table
    from smpgraph.errors import SmpGraphError

    try:
        return {mapping.item: mapping.label for mapping in read_provision_table()}
    except (OSError, SmpGraphError) as exc:  # pragma: no cover - the table ships with smpgraph
        logger.warning("codebook labels unavailable: %s", exc)
        return {}


def network_from_rows(rows: AgreementRows, *, item_labels: Mapping[str, str] | None = None) -> AgreementNetwork:
    """Build the country network from query rows (pure).

    Args:
        rows: the solutions of the agreement queries.
        item_labels: codebook item -> label (see :func:`codebook_labels`).

    Returns:
        The network.

    Raises:
        AnalysisError: there is no agreement in the rows.
    """
    labels: dict[str, str] = dict(item_labels or {})
    for row in rows.labels:
        node, label = text_or_none(row.get("node")), row.get("label")
        if node is None or label is None:
            continue
        if node not in labels or (isinstance(label, Literal) and label.language is not None):
            labels[node] = str(label)

    years: dict[str, int | None] = {}
    titles: dict[str, str] = {}
    parties: dict[str, set[str]] = defaultdict(set)
    for row in rows.agreements:
        if (iri := text_or_none(row.get("agreement"))) is None:
            continue
        years.setdefault(iri, None)
        if (year := _year(row.get("year"))) is not None:
            previous = years[iri]
            years[iri] = year if previous is None else min(previous, year)
        if (title := text_or_none(row.get("title"))) is not None:
            titles[iri] = title
        if (party := text_or_none(row.get("party"))) is not None:
            parties[iri].add(party)
    if not years:
        raise AnalysisError("no bilateral labour agreement in the data (import it with 'smpgraph import bla')")

    items: dict[str, dict[str, bool]] = defaultdict(dict)
    terms: dict[str, dict[str, bool]] = defaultdict(dict)
    for row in rows.assessments:
        iri, codes = text_or_none(row.get("agreement")), text_or_none(row.get("codes"))
        if iri not in years or codes is None:
            continue
        for code in codes.split():
            kind, _, rest = code.partition("=")
            key, _, flag = rest.rpartition("=")
            target = items if kind == "item" else terms if kind == "term" else None
            if target is None or not key or flag not in ("0", "1"):
                raise AnalysisError(f"analysis/bla_assessments.rq: cannot read {code!r} of {iri}")
            target[iri][key] = target[iri].get(key, False) or flag == "1"

    agreements = {
        iri: Agreement(iri, years[iri], titles.get(iri), tuple(sorted(parties[iri])), items[iri], terms[iri])
        for iri in sorted(years)
    }
    graph = nx.MultiGraph(name="bilateral labour agreements")
    simple = nx.Graph(name="country pairs with agreements")
    for country in sorted({p for a in agreements.values() for p in a.parties}):
        label = labels.get(country) or local_name(country)
        graph.add_node(country, label=label, type="country")
        simple.add_node(country, label=label, type="country")
    for agreement in agreements.values():
        if agreement.pair is None:
            continue
        a, b = agreement.pair
        graph.add_edge(
            a,
            b,
            key=agreement.iri,
            year=agreement.year if agreement.year is not None else "",
            decade=agreement.decade if agreement.decade is not None else "",
            title=agreement.title or "",
            coded=agreement.coded,
        )
        if simple.has_edge(a, b):
            data = simple[a][b]
            data["weight"] += 1
        else:
            simple.add_edge(a, b, weight=1, first_year=None, last_year=None)
            data = simple[a][b]
        data["distance"] = 1.0 / data["weight"]
        if agreement.year is not None:
            data["first_year"] = min(agreement.year, data["first_year"] or agreement.year)
            data["last_year"] = max(agreement.year, data["last_year"] or agreement.year)
    for _, _, data in simple.edges(data=True):  # GraphML has no None
        data["first_year"] = data["first_year"] or ""
        data["last_year"] = data["last_year"] or ""
    return AgreementNetwork(agreements, graph, simple, labels)
