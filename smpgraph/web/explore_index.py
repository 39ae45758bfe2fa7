"""The entries of the explore page, read from the store with two SPARQL queries and labelled in one language.

The first query lists every partnership (typed with one of :data:`smpgraph.domain.PARTNERSHIP_CLASSES`, so
no inference is needed) with its title (its branches are not joined: joining them is ten times slower), its kind and its
year: a skills mobility partnership, a pathway or a cooperation framework by its class; a bilateral labour
agreement by its instrument (``smp:BilateralLabourMigrationAgreement``, as the BLA dataset import writes it,
unless it is also of one of those kinds), whose date gives the year; otherwise the start date. The second
query gathers the facet values in one ``UNION`` without joining the partnership type (a join that is a
hundred times slower); rows of other subjects are
dropped. Occupations come with every broader ISCO group through ``skos:broader*`` (``skos:broader`` itself
is not transitive, and the store may hold no inferred ``skos:broaderTransitive``). Provisions are the
codebook items the BLA dataset codes present, keyed by their variable (``credentials``), from
``data/mappings/bla-provisions.tsv``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from rdflib import Literal

from smpgraph.bla.provisions import ProvisionMapping, read_provision_table
from smpgraph.domain import PARTNERSHIP, PARTNERSHIP_CLASSES, PARTNERSHIP_KINDS
from smpgraph.i18n import translate
from smpgraph.namespaces import SMP
from smpgraph.store.base import GraphStore, SelectResult
from smpgraph.web.facets import Entry, Facet, decade_of
from smpgraph.web.terms import fetch_labels, pick_label

__all__ = ["BLA_KIND", "KINDS", "ExploreIndex", "build_explore_index", "occupation_depth"]

#: the kind of a bilateral labour agreement: the class of its instrument
BLA_KIND: Final = str(SMP.BilateralLabourMigrationAgreement)
#: every kind, in the order relevance sorts them (richer records first)
KINDS: Final[tuple[str, ...]] = (*(str(kind) for kind in PARTNERSHIP_KINDS), str(PARTNERSHIP), BLA_KIND)
#: which kind wins when several apply: an agreement's instrument wins over the plain partnership class, a
#: skills mobility partnership or a pathway over an instrument it has (it keeps its partnership page)
_PRECEDENCE: Final[tuple[str, ...]] = (str(PARTNERSHIP), BLA_KIND, *reversed(KINDS[: len(PARTNERSHIP_KINDS)]))
_ISCO: Final = "http://data.europa.eu/esco/isco/C"
_YEAR: Final = re.compile(r"^-?(\d{4})")
_ENTRY_QUERY: Final = """
PREFIX smp: <https://w3id.org/smpgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?p ?class ?label ?kind ?date ?number WHERE {
  { VALUES ?class { CLASSES } ?p a ?class }
  UNION { ?p rdfs:label ?label }
  UNION { VALUES ?kind { KINDS } ?p a ?kind }
  UNION { ?p smp:hasInstrument ?instrument . ?instrument a smp:BilateralLabourMigrationAgreement .
          BIND(smp:BilateralLabourMigrationAgreement AS ?kind) OPTIONAL { ?instrument dcterms:date ?date }
          OPTIONAL { ?instrument dcterms:identifier ?number } }
  UNION { ?p smp:startDate ?date }
}
""".replace("CLASSES", " ".join(f"<{c}>" for c in PARTNERSHIP_CLASSES)).replace(
    "KINDS", " ".join(f"<{c}>" for c in PARTNERSHIP_KINDS)
)
_FACET_QUERY: Final = """
PREFIX smp: <https://w3id.org/smpgraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?p ?facet ?value WHERE {
  { ?p smp:originCountry|(smp:hasCorridor|smp:hasMobilityScheme)/smp:originCountry ?value .
    BIND("origin" AS ?facet) }
  UNION { ?p smp:hasMembership ?m . ?m org:role smp:OriginStateRole ; org:member ?value . ?value a smp:Country .
          BIND("origin" AS ?facet) }
  UNION { ?p smp:destinationCountry|(smp:hasCorridor|smp:hasMobilityScheme)/smp:destinationCountry ?value .
          BIND("destination" AS ?facet) }
  UNION { ?p smp:hasMembership ?m . ?m org:role smp:DestinationStateRole ; org:member ?value .
          ?value a smp:Country . BIND("destination" AS ?facet) }
  UNION { ?p smp:hasMembership/org:member ?value . ?value a smp:Country . BIND("country" AS ?facet) }
  UNION { ?p smp:hasInstrument/smp:party ?value . BIND("country" AS ?facet) }
  UNION { ?p smp:coversOccupation|smp:hasTraining/smp:targetsOccupation ?occupation .
          ?occupation skos:broader* ?value . BIND("occupation" AS ?facet) }
  UNION { ?p smp:sector ?value . FILTER(lang(?value) = "" || langMatches(lang(?value), "en"))
          BIND("sector" AS ?facet) }
  UNION { ?p smp:hasMembership ?m . ?m org:role smp:FunderRole ; org:member ?value . BIND("funder" AS ?facet) }
  UNION { ?p smp:status ?value . BIND("status" AS ?facet) }
  UNION { ?p smp:alignedWithSDG|smp:alignedWithGCMObjective ?value . BIND("objective" AS ?facet) }
  UNION { ?assessment smp:assessedAgreement ?p ; smp:codedPresent true ; smp:codebookItem ?value .
          BIND("provision" AS ?facet) }
}
"""


@dataclass(frozen=True)
class ExploreIndex:
    """Every entry of the explore page and the labels of the facet values, in one language.

    Attributes:
        entries: the partnerships and agreements, in IRI order.
        labels: facet value -> label in the language (IRIs, provision variables, decades).
        provisions: the codebook items, in codebook order (for the provision facet's order).
    """

    entries: tuple[Entry, ...]
    labels: dict[str, str]
    provisions: tuple[ProvisionMapping, ...]


def occupation_depth(iri: str) -> int:
    """How deep an ISCO group is (0 for a major group), from its code; 0 for other IRIs.

    Examples:
        >>> occupation_depth("http://data.europa.eu/esco/isco/C2221")
        3
    """
    code = iri.removeprefix(_ISCO) if iri.startswith(_ISCO) else ""
    return max(0, len(code) - 1)


def _year(text: str) -> int | None:
    match = _YEAR.match(text)
    return int(match.group(1)) if match else None


def _select(store: GraphStore, query: str) -> list[tuple[object, ...]]:
    result = store.query(query, max_rows=0)
    assert isinstance(result, SelectResult)
    return [tuple(row) for row in result.rows]


def build_explore_index(store: GraphStore, lang: str) -> ExploreIndex:
    """Read every partnership and agreement with its facet values, labelled in ``lang``.

    Args:
        store: the store (reasoned or not).
        lang: the page's language.

    Returns:
        The index.
    """
    partnerships: set[str] = set()
    labels: dict[str, list[Literal]] = {}
    kinds: dict[str, str] = {}
    years: dict[str, int] = {}
    numbers: dict[str, str] = {}
    for partnership, typed, label, kind, date, number in _select(store, _ENTRY_QUERY):
        iri = str(partnership)
        if number is not None:
            numbers[iri] = str(number)
        if typed is not None:
            partnerships.add(iri)
        if isinstance(label, Literal):
            labels.setdefault(iri, []).append(label)
        if kind is not None and _PRECEDENCE.index(str(kind)) >= _PRECEDENCE.index(kinds.get(iri, _PRECEDENCE[0])):
            kinds[iri] = str(kind)
        year = _year(str(date)) if date is not None else None
        if year is not None:
            years[iri] = min(year, years.get(iri, year))
    titles = {iri: labels.get(iri, []) for iri in partnerships}
    provisions = read_provision_table()
    variables = {row.item: row.variable for row in provisions}
    found: dict[str, dict[str, set[str]]] = {iri: {} for iri in titles}
    for partnership, facet, value in _select(store, _FACET_QUERY):
        slot = found.get(str(partnership))
        if slot is None:
            continue
        text = variables.get(str(value), str(value)) if str(facet) == "provision" else str(value)
        slot.setdefault(str(facet), set()).add(text)
    named = _distinct({iri: pick_label(titles[iri], lang) or iri.rsplit("/", 1)[-1] for iri in titles}, numbers, lang)
    entries = tuple(_entry(iri, named[iri], kinds, years.get(iri), found[iri]) for iri in sorted(titles))
    return ExploreIndex(entries, _labels(store, entries, provisions, lang), provisions)


def _distinct(titles: dict[str, str], numbers: dict[str, str], lang: str) -> dict[str, str]:
    """Titles that several agreements share (same parties and year) get the dataset's agreement number."""
    shared = {title for title, n in Counter(titles.values()).items() if n > 1}
    return {
        iri: f"{title} {translate('explore.number', lang, number=numbers[iri])}"
        if title in shared and iri in numbers
        else title
        for iri, title in titles.items()
    }


def _entry(iri: str, title: str, kinds: dict[str, str], year: int | None, found: dict[str, set[str]]) -> Entry:
    kind = kinds.get(iri, str(PARTNERSHIP))
    origins, destinations = frozenset(found.get("origin", ())), frozenset(found.get("destination", ()))
    values = {facet: frozenset(found.get(facet.value, ())) for facet in Facet}
    values[Facet.KIND] = frozenset({kind})
    values[Facet.COUNTRY] = values[Facet.COUNTRY] | origins | destinations
    values[Facet.DECADE] = frozenset({decade_of(year)}) if year is not None else frozenset()
    return Entry(iri, title, kind, KINDS.index(kind), year, values, origins, destinations)


def _labels(
    store: GraphStore, entries: Iterable[Entry], provisions: tuple[ProvisionMapping, ...], lang: str
) -> dict[str, str]:
    textual = (Facet.SECTOR, Facet.PROVISION, Facet.DECADE)
    iris = {
        value for entry in entries for facet, values in entry.values.items() if facet not in textual for value in values
    }
    iris |= set(KINDS)  # every kind is offered, those without entries too
    labels = fetch_labels(store, iris, lang)
    for iri in iris:
        if iri.startswith(_ISCO) and iri in labels:
            labels[iri] = f"{iri.removeprefix(_ISCO)} {labels[iri]}"
    labels.update({row.variable: f"{row.item} {row.label}" for row in provisions})
    decades = {value for entry in entries for value in entry.values.get(Facet.DECADE, ())}
    labels.update({decade: translate("explore.decade", lang, decade=decade) for decade in decades})
    return labels
