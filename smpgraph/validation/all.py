"""Validate every partnership in the knowledge graph (``smpgraph validate --all``; issue 4, items 4 and 7).

Two engines give the same results (``tests/validation/test_engine_equivalence.py``):

- ``sparql`` (the default): the shapes compiled to SPARQL (:mod:`smpgraph.validation.compiled`) run once
  each over the whole store; results are attached to agreements by IRI (``{agreement}/...``), readiness
  and reports are built as for pyshacl.
- ``pyshacl`` (the reference): per batch of agreements, as described below.

pyshacl never runs over the whole store (239 s at 1M triples, docs/design/engine-pitfalls.md, scale limits, and it must
never read an Oxigraph-backed graph). Instead one SELECT per batch of agreements extracts, for each
agreement, its own triples, those of its fact nodes (``id:partnership/{slug}/...``, blank nodes and its
instrument) and those of the things they point to (members, countries, providers, occupations), tagged
with the agreement. Each batch is validated in memory with the agreement and its fact nodes as focus
nodes, and the results are split per agreement.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import IdentifiedNode, Node

from smpgraph.domain import DEFAULT_LANGUAGE, LANGUAGES, PARTNERSHIP, PARTNERSHIP_CLASSES
from smpgraph.errors import InputError, SmpGraphError
from smpgraph.store.base import SelectResult
from smpgraph.validation.compiled import owner_of, run_compiled
from smpgraph.validation.context import add_reference_context
from smpgraph.validation.engine import PreparedQueryGraph, build_report, run_shapes
from smpgraph.validation.readiness import ASSESSMENT_QUERY, CodedItem, coded_items_from_rows
from smpgraph.validation.report import ValidationReport, ValidationResult, World
from smpgraph.validation.shapes import load_catalog, ontology_context, ontology_slice, superclasses
from smpgraph.validation.world import decide_world

if TYPE_CHECKING:
    from smpgraph.store.base import GraphStore

__all__ = ["DEFAULT_BATCH_SIZE", "ENGINES", "extraction_query", "list_agreements", "validate_agreement", "validate_all"]

logger = logging.getLogger(__name__)

#: agreements validated together in one pyshacl run (amortises query parsing and shape set-up)
DEFAULT_BATCH_SIZE: Final = 50
#: the engines of :func:`validate_all`; the first is the default
ENGINES: Final = ("sparql", "pyshacl")

_META_QUERY: Final = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX smp: <https://w3id.org/smpgraph/ontology#>
SELECT DISTINCT ?agreement ?p ?o WHERE {{
  VALUES ?class {{ {classes} }}
  ?agreement a ?class .
  VALUES ?p {{ rdf:type dcterms:title rdfs:label smp:status dcterms:source prov:wasDerivedFrom }}
  ?agreement ?p ?o .
  FILTER (isIRI(?agreement))
}}"""

_LIST_QUERY: Final = """SELECT DISTINCT ?agreement WHERE {{
  VALUES ?class {{ {classes} }}
  ?agreement a ?class .
  FILTER (isIRI(?agreement))
}} ORDER BY ?agreement"""

_EXTRACT_QUERY: Final = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX smp: <https://w3id.org/smpgraph/ontology#>
SELECT ?agreement ?s ?p ?o WHERE {{
  VALUES ?agreement {{ {agreements} }}
  {{
    ?agreement ?p ?o . BIND (?agreement AS ?s)
  }} UNION {{
    ?agreement ?link ?s . ?s ?p ?o .
    FILTER (?link != rdf:type)
  }} UNION {{
    ?agreement ?link ?fact . ?fact ?link2 ?s . ?s ?p ?o .
    FILTER (?link != rdf:type && ?link2 != rdf:type && !isLiteral(?s))
    FILTER (isBlank(?fact) || ?link = smp:hasInstrument || STRSTARTS(STR(?fact), CONCAT(STR(?agreement), "/")))
  }}
}}"""


#: the sources of the nodes a finding rests on (its evidence in an open world)
_SOURCES_QUERY: Final = """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?node ?p ?source WHERE {{
  VALUES ?node {{ {nodes} }}
  VALUES ?p {{ dcterms:source prov:wasDerivedFrom }}
  ?node ?p ?source .
}}"""


def extraction_query(agreements: Sequence[URIRef]) -> str:
    """The SELECT that extracts the validation subgraph of each agreement, tagged with it."""
    return _EXTRACT_QUERY.format(agreements=" ".join(a.n3() for a in agreements))


def validate_all(
    store: GraphStore,
    *,
    lang: str = DEFAULT_LANGUAGE,
    batch_size: int = DEFAULT_BATCH_SIZE,
    engine: str = "sparql",
    world: World | None = None,
) -> dict[IdentifiedNode, ValidationReport]:
    """Validate every partnership of the knowledge graph.

    Args:
        store: the knowledge graph.
        lang: the language of messages and labels.
        batch_size: how many agreements share one extraction query and one pyshacl run (pyshacl engine).
        engine: ``sparql`` (compiled shapes on the store; the default) or ``pyshacl`` (the reference).
        world: the world of every agreement, or None (the default) to decide per agreement: a stored
            agreement that cites its sources and is not a draft is read in the open world.

    Returns:
        One report per agreement, in IRI order.

    Raises:
        InputError: ``lang`` or ``engine`` is not supported, or ``batch_size`` is not positive.
    """
    if lang not in LANGUAGES:
        raise InputError(f"unsupported language {lang!r}; choose from {', '.join(LANGUAGES)}")
    if engine not in ENGINES:
        raise InputError(f"unsupported engine {engine!r}; choose from {', '.join(ENGINES)}")
    if batch_size < 1:
        raise InputError("batch_size must be at least 1")
    started = time.perf_counter()
    agreements = list_agreements(store)
    coded = coded_items_from_rows(_select(store, ASSESSMENT_QUERY).rows)
    reports: dict[IdentifiedNode, ValidationReport] = {}
    if engine == "sparql":
        reports = _validate_compiled(store, agreements, lang, coded, world)
    else:
        for start in range(0, len(agreements), batch_size):
            batch = agreements[start : start + batch_size]
            reports.update(_validate_batch(store, batch, lang, coded, world))
    logger.info("validated %d agreements (%s) in %.1f s", len(agreements), engine, time.perf_counter() - started)
    return reports


def validate_agreement(
    store: GraphStore, agreement: URIRef, *, lang: str = DEFAULT_LANGUAGE, world: World | None = None
) -> ValidationReport:
    """Validate one partnership of the knowledge graph with the reference engine (pyshacl), on its own.

    The HTTP API's ``/api/v1/agreements/validation``; the caller checks that ``agreement`` is in the store.
    """
    return _validate_batch(store, [agreement], lang, world=world)[agreement]


def _select(store: GraphStore, query: str) -> SelectResult:
    result = store.query(query, max_rows=0)
    if not isinstance(result, SelectResult):
        raise SmpGraphError("the store answered a SELECT with something else")
    return result


def _validate_compiled(
    store: GraphStore,
    agreements: Sequence[URIRef],
    lang: str,
    coded: Mapping[IdentifiedNode, set[CodedItem]],
    world: World | None = None,
) -> dict[IdentifiedNode, ValidationReport]:
    catalog = load_catalog()
    known: frozenset[Node] = frozenset(agreements)
    results = run_compiled(store, catalog=catalog, lang=lang)
    owners: dict[Node, IdentifiedNode] = {}
    kept: list[ValidationResult] = []
    for result in results:
        owner = owner_of(result.focus_node, known)
        if owner is not None:  # as in the pyshacl path, only agreements and their fact nodes are focus nodes
            owners[result.focus_node] = owner
            kept.append(result)
    meta = Graph()
    classes = " ".join(c.n3() for c in _partnership_classes())
    for agreement, predicate, obj in _select(store, _META_QUERY.format(classes=classes)).rows:
        if isinstance(agreement, URIRef) and isinstance(predicate, URIRef) and obj is not None:
            meta.add((agreement, predicate, obj))
    _add_evidence(store, meta, [r for r in kept if decide_world(meta, owners[r.focus_node], world)[0] is World.OPEN])
    report = build_report(
        meta, list(agreements), kept, catalog=catalog, lang=lang, owners=owners, coded=coded, world=world
    )
    return {
        item.agreement: ValidationReport(results=item.results, agreements=(item,), lang=lang)
        for item in report.agreements
    }


def _add_evidence(store: GraphStore, graph: Graph, results: Sequence[ValidationResult]) -> None:
    """Add to ``graph`` the sources of the nodes that the stated-fact findings of open-world agreements rest on."""
    nodes = sorted({n for r in results if not r.absence for n in (r.focus_node, r.value) if isinstance(n, URIRef)})
    for start in range(0, len(nodes), 500):
        values = " ".join(node.n3() for node in nodes[start : start + 500])
        for node, predicate, source in _select(store, _SOURCES_QUERY.format(nodes=values)).rows:
            if isinstance(node, URIRef) and isinstance(predicate, URIRef) and isinstance(source, URIRef):
                graph.add((node, predicate, source))


def list_agreements(store: GraphStore) -> list[URIRef]:
    """The IRIs of every partnership in the store (typed ``smp:Partnership`` or a subclass)."""
    classes = _partnership_classes()
    result = store.query(_LIST_QUERY.format(classes=" ".join(c.n3() for c in classes)), max_rows=0)
    if not isinstance(result, SelectResult):
        raise SmpGraphError("the store answered a SELECT with something else")
    return [row[0] for row in result.rows if isinstance(row[0], URIRef)]


def _partnership_classes() -> list[URIRef]:
    known = set(PARTNERSHIP_CLASSES)
    for cls in set(ontology_context().subjects()):
        if isinstance(cls, URIRef) and PARTNERSHIP in superclasses([cls]):
            known.add(cls)
    return sorted(known)


def _validate_batch(
    store: GraphStore,
    batch: Sequence[URIRef],
    lang: str,
    coded: Mapping[IdentifiedNode, set[CodedItem]] | None = None,
    world: World | None = None,
) -> dict[IdentifiedNode, ValidationReport]:
    """Validate one batch with pyshacl (the reference engine; also used by the HTTP API for one agreement).

    ``coded`` defaults to the coded provisions of the batch's agreements, read from the store.
    """
    if coded is None:
        wanted = " ".join(agreement.n3() for agreement in batch)
        query = ASSESSMENT_QUERY.replace("WHERE {", f"WHERE {{\n  VALUES ?agreement {{ {wanted} }}", 1)
        coded = coded_items_from_rows(_select(store, query).rows)
    result = store.query(extraction_query(batch), max_rows=0)
    if not isinstance(result, SelectResult):
        raise SmpGraphError("the store answered a SELECT with something else")
    own: dict[Node, Graph] = {agreement: Graph() for agreement in batch}
    data = PreparedQueryGraph()
    focus: set[URIRef] = set()
    for agreement, subject, predicate, obj in result.rows:
        if agreement is None or isinstance(subject, Literal | None) or not isinstance(predicate, URIRef) or obj is None:
            continue
        data.add((subject, predicate, obj))
        own[agreement].add((subject, predicate, obj))
        if isinstance(subject, URIRef) and (subject == agreement or str(subject).startswith(f"{agreement}/")):
            focus.add(subject)
    described = set(data.subjects())
    add_reference_context(data, {o for o in data.objects() if isinstance(o, URIRef) and o not in described})
    for triple in ontology_slice(data):
        data.add(triple)
    catalog = load_catalog()
    results = run_shapes(data, sorted(focus), catalog=catalog, lang=lang)
    merged = Graph()
    for graph in own.values():
        for triple in graph:
            if triple[0] in focus or triple[1] == RDF.type:
                merged.add(triple)
    report = build_report(merged, list(batch), results, catalog=catalog, lang=lang, coded=coded, world=world)
    return {
        item.agreement: ValidationReport(results=item.results, agreements=(item,), lang=lang)
        for item in report.agreements
    }
