"""The world's bilateral labour agreements as a network of countries over time (issue 9, item 4).

Countries are nodes and agreements are edges (one per agreement, with its year): the data of
``data/bla/bla.ttl`` (Chilton and Woda, CC0), read with three SPARQL SELECTs
(``smpgraph/queries/analysis/bla_*.rq``). :func:`fetch_agreement_rows` is the only function that talks
to a store; :func:`network_from_rows` and :func:`report_from_network` are pure, so tests feed them
hand-made rows. The report (:class:`AgreementReport`) holds typed tables, each citing the paragraphs of
the IOM paper it serves (definitions in ``docs/decisions/0008-gap-analysis-definitions.md``):

- :func:`agreements_per_decade`: agreements signed per decade (year unknown: left out, and counted in a note);
- :func:`provision_coverage`: per decade, the share of *coded* agreements coded present on each term of our
  ontology and each codebook item (coded present / coded; an agreement without coding counts in neither);
- :func:`connected_countries`: partners (degree), agreements (weighted degree) and betweenness (exact,
  distance = 1 / agreements) of every country;
- :func:`uncovered_corridors`: country pairs with at least one coded agreement, none of which provides
  recognition of skills and qualifications (item (18)), or human resource development (item (17));
- :func:`country_communities`: Louvain communities of countries (weight = agreements, fixed seed).

Examples:
    >>> from smpgraph.namespaces import COUNTRY
    >>> a, b = str(COUNTRY.MAR), str(COUNTRY.ESP)
    >>> rows = AgreementRows(agreements=[
    ...     {"agreement": "urn:x:1", "year": "2001", "party": a},
    ...     {"agreement": "urn:x:1", "year": "2001", "party": b},
    ... ])
    >>> network = network_from_rows(rows)
    >>> network.graph.number_of_edges(), network.simple[a][b]["weight"]
    (1, 1)
    >>> [(d.decade, d.agreements) for d in agreements_per_decade(network)]
    [(2000, 1)]
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

import networkx as nx
from rdflib import Literal

from smpgraph.analysis.betweenness import betweenness
from smpgraph.analysis.model import local_name, paragraph
from smpgraph.analysis.results import Finding, Findings, JsonValue
from smpgraph.analysis.rows import Row, _s, select_rows
from smpgraph.errors import AnalysisError

if TYPE_CHECKING:
    import pandas as pd

    from smpgraph.store.base import GraphStore

__all__ = [
    "AGREEMENT_QUERIES",
    "RECOGNITION_ITEM",
    "TRAINING_ITEM",
    "Agreement",
    "AgreementNetwork",
    "AgreementReport",
    "AgreementRows",
    "ConnectedCountry",
    "CountryCommunity",
    "DecadeCount",
    "ProvisionCoverage",
    "UncoveredCorridor",
    "agreement_report",
    "agreements_payload",
    "agreements_per_decade",
    "codebook_labels",
    "connected_countries",
    "country_communities",
    "fetch_agreement_rows",
    "network_from_rows",
    "provision_coverage",
    "report_from_network",
    "uncovered_corridors",
]

logger = logging.getLogger(__name__)

#: the ``.rq`` files under ``smpgraph/queries/analysis/``, one per field of :class:`AgreementRows`
AGREEMENT_QUERIES: Final = {"agreements": "bla_agreements", "assessments": "bla_assessments", "labels": "bla_labels"}
#: codebook item "Recognition of Skills and Qualifications"
RECOGNITION_ITEM: Final = "(18)"
#: codebook item "Human Resource Development and Skills Improvement"
TRAINING_ITEM: Final = "(17)"
#: formalised State cooperation: what a bilateral agreement is (para. 7)
NETWORK_SOURCES: Final = (paragraph(7),)
_CAMEL: Final = re.compile(r"(?<=[a-z])(?=[A-Z])")


# -- rows and network ---------------------------------------------------------------------------------


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
    return None if year == 9999 else year


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
        node, label = _s(row.get("node")), row.get("label")
        if node is None or label is None:
            continue
        if node not in labels or (isinstance(label, Literal) and label.language is not None):
            labels[node] = str(label)

    years: dict[str, int | None] = {}
    titles: dict[str, str] = {}
    parties: dict[str, set[str]] = defaultdict(set)
    for row in rows.agreements:
        if (iri := _s(row.get("agreement"))) is None:
            continue
        years.setdefault(iri, None)
        if (year := _year(row.get("year"))) is not None:
            previous = years[iri]
            years[iri] = year if previous is None else min(previous, year)
        if (title := _s(row.get("title"))) is not None:
            titles[iri] = title
        if (party := _s(row.get("party"))) is not None:
            parties[iri].add(party)
    if not years:
        raise AnalysisError("no bilateral labour agreement in the data (import it with 'smpgraph import bla')")

    items: dict[str, dict[str, bool]] = defaultdict(dict)
    terms: dict[str, dict[str, bool]] = defaultdict(dict)
    for row in rows.assessments:
        iri, codes = _s(row.get("agreement")), _s(row.get("codes"))
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


# -- findings -----------------------------------------------------------------------------------------


def _decade_name(decade: int | None) -> str:
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
        return _decade_name(self.decade)

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
        return f"{self.key} {_decade_name(self.decade)}"

    def summary(self) -> str:
        """Share and counts."""
        return f"{_decade_name(self.decade)}: {100 * self.share:.0f}% ({self.present}/{self.coded} coded agreements)"

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


@dataclass(frozen=True, slots=True)
class ConnectedCountry(Finding):
    """A country's place in the agreement network (para. 7).

    Attributes:
        partners: countries it has an agreement with (degree).
        agreements: agreements it is party to (weighted degree).
        betweenness: exact betweenness on distance = 1 / agreements of the pair.
    """

    country: str
    label: str
    partners: int
    agreements: int
    betweenness: float
    first_year: int | None
    last_year: int | None

    def subject(self) -> str:
        """The country IRI."""
        return self.country

    def summary(self) -> str:
        """Counts, betweenness and years."""
        years = f", {self.first_year}-{self.last_year}" if self.first_year is not None else ""
        return f"{self.agreements} agreements with {self.partners} countries, betweenness {self.betweenness:.3f}{years}"

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "country": self.country,
            "label": self.label,
            "partners": self.partners,
            "agreements": self.agreements,
            "betweenness": self.betweenness,
            "first_year": self.first_year,
            "last_year": self.last_year,
        }


def connected_countries(network: AgreementNetwork) -> Findings[ConnectedCountry]:
    """Every country, most agreements first (then most partners, then highest betweenness, then IRI).

    Args:
        network: the agreement network.

    Returns:
        One row per country.
    """
    graph = network.simple
    scores = betweenness(graph, weight="distance") if graph.number_of_nodes() else {}
    years: dict[str, list[int]] = defaultdict(list)
    for agreement in network.agreements.values():
        for party in agreement.parties:
            if agreement.year is not None:
                years[party].append(agreement.year)
    rows = []
    for country in graph:
        known = years.get(country)
        rows.append(
            ConnectedCountry(
                country,
                network.label(country),
                graph.degree(country),
                int(graph.degree(country, weight="weight")),
                round(scores.get(country, 0.0), 6),
                min(known) if known else None,
                max(known) if known else None,
            )
        )
    rows.sort(key=lambda c: (-c.agreements, -c.partners, -c.betweenness, c.country))
    notes = ("betweenness exact (our Brandes implementation, ADR 0008), distance = 1 / agreements of the pair",)
    return Findings("connected_countries", "Most connected countries", NETWORK_SOURCES, tuple(rows), notes=notes)


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


@dataclass(frozen=True, slots=True)
class CountryCommunity(Finding):
    """A Louvain community of countries (weight = agreements between them).

    Attributes:
        internal: agreements between its members.
        external: agreements of its members with countries outside it.
    """

    community: int
    size: int
    countries: tuple[str, ...]
    labels: tuple[str, ...]
    internal: int
    external: int

    def subject(self) -> str:
        """``community N``."""
        return f"community {self.community}"

    def summary(self) -> str:
        """Size, agreements inside and out, and the first members by label."""
        names = ", ".join(self.labels[:6]) + (", …" if self.size > 6 else "")
        return f"{self.size} countries, {self.internal} agreements inside, {self.external} outside: {names}"

    def row(self) -> dict[str, JsonValue]:
        """A flat dict."""
        return {
            "community": self.community,
            "size": self.size,
            "countries": list(self.countries),
            "labels": list(self.labels),
            "internal": self.internal,
            "external": self.external,
        }


def country_communities(network: AgreementNetwork, *, seed: int = 42) -> Findings[CountryCommunity]:
    """Louvain communities of countries, largest first (members ordered by agreements, then IRI).

    Args:
        network: the agreement network.
        seed: the Louvain seed.

    Returns:
        Every community, singletons included.
    """
    graph = network.simple
    parts = nx.community.louvain_communities(graph, weight="weight", seed=seed) if graph.number_of_nodes() else []

    def strength(country: str) -> float:
        return float(graph.degree(country, weight="weight"))

    ordered = sorted((sorted(p, key=lambda c: (-strength(c), c)) for p in parts), key=lambda p: (-len(p), sorted(p)[0]))
    index = {c: i for i, part in enumerate(ordered) for c in part}
    internal: Counter[int] = Counter()
    external: Counter[int] = Counter()
    for a, b, weight in graph.edges(data="weight"):
        if index[a] == index[b]:
            internal[index[a]] += weight
        else:
            external[index[a]] += weight
            external[index[b]] += weight
    items = tuple(
        CountryCommunity(i, len(part), tuple(part), tuple(network.label(c) for c in part), internal[i], external[i])
        for i, part in enumerate(ordered)
    )
    notes = (f"Louvain, seed={seed}, weight = agreements of the pair",)
    return Findings("country_communities", "Communities of countries (Louvain)", NETWORK_SOURCES, items, notes=notes)


# -- report -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementReport:
    """The analysis of the bilateral labour agreement network (issue 9, item 4).

    Attributes:
        network: the network the tables were computed from (for export and plots).
        seconds: how long each step took, by name.
    """

    network: AgreementNetwork
    agreements_per_decade: Findings[DecadeCount]
    provision_coverage: Findings[ProvisionCoverage]
    connected_countries: Findings[ConnectedCountry]
    corridors_without_recognition: Findings[UncoveredCorridor]
    corridors_without_training: Findings[UncoveredCorridor]
    country_communities: Findings[CountryCommunity]
    seed: int = 42
    seconds: tuple[tuple[str, float], ...] = ()

    @property
    def approximate(self) -> bool:
        """True when a sampled measure was used (never for this report: every measure is exact)."""
        return any(section.approximate for section in self.sections())

    def sections(self) -> Iterator[Findings[Any]]:
        """Every table, in report order."""
        yield from (
            self.agreements_per_decade,
            self.provision_coverage,
            self.connected_countries,
            self.corridors_without_recognition,
            self.corridors_without_training,
            self.country_communities,
        )

    def summary(self) -> dict[str, JsonValue]:
        """Counts of the network and of every table."""
        agreements = self.network.agreements.values()
        return {
            "agreements": len(self.network.agreements),
            "coded": sum(a.coded for a in agreements),
            "unknown_year": sum(a.year is None for a in agreements),
            "countries": self.network.simple.number_of_nodes(),
            "pairs": self.network.simple.number_of_edges(),
            **{section.name: len(section) for section in self.sections()},
        }

    def to_dict(self) -> dict[str, JsonValue]:
        """A JSON-ready dict: summary, parameters, timings and every table."""
        return {
            "summary": self.summary(),
            "parameters": {"seed": self.seed, "approximate": self.approximate},
            "seconds": {name: round(s, 3) for name, s in self.seconds},
            "sections": {section.name: section.to_dict() for section in self.sections()},
        }

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table as a pandas DataFrame, by name (needs pandas)."""
        return {section.name: section.to_frame() for section in self.sections()}


def report_from_network(network: AgreementNetwork, *, seed: int = 42) -> AgreementReport:
    """Compute every table from a network (pure).

    Args:
        network: the agreement network.
        seed: the Louvain seed.

    Returns:
        The report.
    """
    timings: list[tuple[str, float]] = []
    t = time.perf_counter()
    decades = agreements_per_decade(network)
    coverage = provision_coverage(network)
    no_recognition = uncovered_corridors(network, RECOGNITION_ITEM)
    no_training = uncovered_corridors(network, TRAINING_ITEM)
    timings.append(("tables", time.perf_counter() - t))
    t = time.perf_counter()
    connected = connected_countries(network)
    timings.append(("betweenness", time.perf_counter() - t))
    t = time.perf_counter()
    found = country_communities(network, seed=seed)
    timings.append(("louvain", time.perf_counter() - t))
    return AgreementReport(
        network, decades, coverage, connected, no_recognition, no_training, found, seed, tuple(timings)
    )


def agreement_report(store: GraphStore, *, seed: int = 42) -> AgreementReport:
    """Pull the agreement network from a store and compute every table.

    Args:
        store: any :class:`~smpgraph.store.base.GraphStore` holding the imported BLA data.
        seed: the Louvain seed.

    Returns:
        The report.

    Raises:
        AnalysisError: the store holds no bilateral labour agreement, or a query result was cut short.
    """
    t = time.perf_counter()
    network = network_from_rows(fetch_agreement_rows(store), item_labels=codebook_labels())
    pulled = time.perf_counter() - t
    report = report_from_network(network, seed=seed)
    logger.info("agreement network: %.2f s to pull, %d agreements", pulled, len(network.agreements))
    return AgreementReport(
        network,
        report.agreements_per_decade,
        report.provision_coverage,
        report.connected_countries,
        report.corridors_without_recognition,
        report.corridors_without_training,
        report.country_communities,
        seed,
        (("network", pulled), *report.seconds),
    )


def agreements_payload(store: GraphStore, *, seed: int = 42) -> dict[str, JsonValue] | None:
    """:meth:`AgreementReport.to_dict` of the store, or None when it holds no agreement."""
    try:
        return agreement_report(store, seed=seed).to_dict()
    except AnalysisError as exc:
        if "no bilateral labour agreement" in str(exc):
            return None
        raise
