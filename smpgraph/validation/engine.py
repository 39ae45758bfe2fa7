"""Validate a draft agreement against the IOM components and prerequisites (issue 4, item 2).

The data graph pyshacl sees is built in memory for each call: the draft, the concise bounded description
(CBD) of every stored IRI the draft mentions (from the store and from the bundled reference data), and the
precomputed slice of the ontology closure. The draft's subjects are the focus nodes, so the neighbours
pulled in as context never become targets (docs/design/engine-pitfalls.md #11), and the cost does not grow
with the knowledge graph. pyshacl never reads an Oxigraph-backed graph (docs/design/engine-pitfalls.md #1, #2).

A draft is never stored and never logged: only counts and durations are logged.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import IdentifiedNode, Node

from smpgraph.domain import DEFAULT_LANGUAGE, LANGUAGES, PARTNERSHIP, PARTNERSHIP_CLASSES
from smpgraph.errors import DraftError, InputError, ShapesGraphError
from smpgraph.namespaces import SMP
from smpgraph.validation.context import add_draft_context, mentioned_iris
from smpgraph.validation.readiness import (
    CodedItem,
    assess_readiness,
    coded_absent,
    coded_items_in_graph,
    coded_readiness,
)
from smpgraph.validation.report import (
    AgreementReport,
    FindingCategory,
    Severity,
    ValidationReport,
    ValidationResult,
    World,
)
from smpgraph.validation.shapes import ShapesCatalog, load_catalog
from smpgraph.validation.shapes import superclasses as _superclasses
from smpgraph.validation.world import apply_world, decide_world

if TYPE_CHECKING:
    from smpgraph.store.base import GraphStore

__all__ = ["DraftLike", "run_shapes", "validate"]

logger = logging.getLogger(__name__)

#: where blank nodes of a draft are given IRIs for the time of one validation (pyshacl's focus-node
#: filter only keeps IRIs); results map them back to the draft's blank nodes
_SKOLEM: Final = "urn:smpgraph:draft-node:"
#: the constraint components whose results mean that something is not stated
_ABSENCE_COMPONENTS: Final = frozenset({SH.MinCountConstraintComponent, SH.HasValueConstraintComponent})
#: pyshacl's own logger would print focus nodes (draft content) at debug level; it gets a detached sink
_PYSHACL_SINK: Final = logging.Logger("smpgraph.validation.pyshacl-sink", logging.CRITICAL + 1)  # noqa: LOG001 - detached on purpose


class PreparedQueryGraph(Graph):
    """An rdflib graph that parses each SPARQL text once per process (pyshacl passes text every time).

    Parsing dominates the cost of the small SHACL-SPARQL queries (docs/design/engine-pitfalls.md #8).
    """

    def query(self, query_object: str | Query, *args: Any, **kwargs: Any) -> Result:
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@functools.lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


class DraftLike(Protocol):
    """What :func:`validate` needs from a loaded draft (``smpgraph.drafts.Draft``)."""

    @property
    def graph(self) -> Graph:
        """The draft's triples."""
        ...


def validate(
    draft: DraftLike | Graph,
    *,
    store: GraphStore | None = None,
    lang: str = DEFAULT_LANGUAGE,
    origin: str | None = None,
    world: World | None = None,
) -> ValidationReport:
    """Validate one draft agreement (or several in one graph) against the shapes.

    Args:
        draft: a loaded draft (``smpgraph.drafts.load_draft``) or an rdflib graph holding one.
        store: the knowledge graph the draft may reference (countries, occupations, stakeholders); the
            CBD of each IRI the draft mentions is taken from it. ``None`` validates with the bundled
            reference data only.
        lang: the language of messages and labels: ``en``, ``fr`` or ``es``.
        origin: where the draft came from (a file name), copied into each agreement report.

    Returns:
        The typed report; a draft that does not conform is a result, never an exception.

    Raises:
        InputError: ``lang`` is not supported.
        DraftError: the draft holds no partnership.
        ShapesGraphError: smpgraph's own shapes are broken.
    """
    if lang not in LANGUAGES:
        raise InputError(f"unsupported language {lang!r}; choose from {', '.join(LANGUAGES)}")
    started = time.perf_counter()
    graph = draft if isinstance(draft, Graph) else draft.graph
    catalog = load_catalog()
    agreements = find_agreements(graph)
    if not agreements:
        raise DraftError(f"{origin or 'draft'}: no agreement found (nothing typed smp:Partnership or a subclass)")
    skolem, unskolem = _skolem_maps(graph)
    data = PreparedQueryGraph()
    for subject, predicate, obj in graph:
        data.add((skolem.get(subject, subject), predicate, skolem.get(obj, obj)))
    mentioned = mentioned_iris(graph)
    add_draft_context(data, mentioned, store)
    focus = sorted({skolem.get(s, s) for s in graph.subjects() if isinstance(s, IdentifiedNode)})
    results = run_shapes(
        data, [f for f in focus if isinstance(f, URIRef)], catalog=catalog, lang=lang, unskolem=unskolem
    )
    report = build_report(graph, agreements, results, catalog=catalog, lang=lang, origin=origin, world=world)
    logger.info(
        "validated %d agreement(s): %d triples in context, %d result(s) in %.3f s",
        len(agreements), len(data), len(results), time.perf_counter() - started,
    )  # fmt: skip
    return report


def find_agreements(graph: Graph) -> list[IdentifiedNode]:
    """The partnerships of a graph: subjects typed ``smp:Partnership`` or one of its subclasses."""
    found: set[IdentifiedNode] = set()
    for subject, cls in graph.subject_objects(RDF.type):
        if isinstance(subject, IdentifiedNode) and (cls in PARTNERSHIP_CLASSES or PARTNERSHIP in _superclasses([cls])):
            found.add(subject)
    return sorted(found)


def _skolem_maps(graph: Graph) -> tuple[dict[Node, URIRef], dict[Node, IdentifiedNode]]:
    bnodes = {node for triple in graph for node in (triple[0], triple[2]) if isinstance(node, BNode)}
    skolem: dict[Node, URIRef] = {node: URIRef(f"{_SKOLEM}{node}") for node in bnodes}
    unskolem: dict[Node, IdentifiedNode] = {iri: node for node, iri in skolem.items() if isinstance(node, BNode)}
    return skolem, unskolem


def run_shapes(
    data: Graph,
    focus: Sequence[URIRef],
    *,
    catalog: ShapesCatalog | None = None,
    lang: str = DEFAULT_LANGUAGE,
    unskolem: Mapping[Node, IdentifiedNode] | None = None,
) -> list[ValidationResult]:
    """Run pyshacl over an in-memory data graph for the given focus nodes and type its results.

    Args:
        data: the data graph (it is validated in place and not modified).
        focus: the focus nodes; an empty list validates nothing.
        catalog: the shapes (default: the cached catalogue).
        lang: the language of the messages.
        unskolem: skolem IRIs to map back to the draft's blank nodes.

    Returns:
        The results, without agreement (see :func:`build_report`).

    Raises:
        ShapesGraphError: pyshacl rejected the shapes.
    """
    from pyshacl import Validator
    from pyshacl.errors import ReportableRuntimeError
    from pyshacl.graph_abstraction import DataGraph

    if not focus:
        return []
    catalog = catalog or load_catalog()
    options = {
        "inference": "none",
        "advanced": False,  # no SHACL-AF rules or functions; gathering them cost time on every run
        "inplace": True,
        "focus_nodes": list(focus),
        "logger": _PYSHACL_SINK,
    }
    try:
        validator = Validator(DataGraph.from_rdflib(data), shacl_graph=catalog.graph, options=options)
        _, report_graph, _ = validator.run()  # type: ignore[no-untyped-call]
    except ReportableRuntimeError as exc:
        raise ShapesGraphError(f"pyshacl rejected the shapes: {exc.message}") from exc
    return _type_results(report_graph, catalog, lang, unskolem or {})


def _type_results(
    report: Graph, catalog: ShapesCatalog, lang: str, unskolem: Mapping[Node, IdentifiedNode]
) -> list[ValidationResult]:
    results: list[ValidationResult] = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(node, SH.focusNode)
        shape_node = report.value(node, SH.sourceShape)
        if not isinstance(focus, IdentifiedNode) or not isinstance(shape_node, IdentifiedNode):
            continue
        shape = catalog.shapes.get(shape_node) if isinstance(shape_node, URIRef) else None
        path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        if shape is not None:
            message, source, concept, path_iri = shape.message(lang), shape.source, shape.concept, shape.path
        else:  # a shape without a name: the meta-shapes forbid it, but report it rather than drop it
            message = str(report.value(node, SH.resultMessage) or "")
            source, concept, path_iri = None, None, path if isinstance(path, URIRef) else None
        if value == focus:  # pyshacl reports the focus node as the value of node-level SPARQL constraints
            value = None
        component = report.value(node, SH.sourceConstraintComponent)
        absence = component in _ABSENCE_COMPONENTS or (
            component == SH.SPARQLConstraintComponent and shape is not None and shape.sparql_absence
        )
        results.append(
            ValidationResult(
                focus_node=unskolem.get(focus, focus),
                path=path_iri,
                severity=Severity.from_iri(report.value(node, SH.resultSeverity)),
                message=message,
                source_shape=shape_node,
                source=source,
                value=unskolem.get(value, value) if value is not None else None,
                concept=concept,
                category=shape.category if shape is not None else FindingCategory.POLICY,
                absence=absence,
            )
        )
    return results


def build_report(
    graph: Graph,
    agreements: Sequence[IdentifiedNode],
    results: Iterable[ValidationResult],
    *,
    catalog: ShapesCatalog,
    lang: str,
    origin: str | None = None,
    owners: Mapping[Node, IdentifiedNode] | None = None,
    coded: Mapping[IdentifiedNode, set[CodedItem]] | None = None,
    world: World | None = None,
) -> ValidationReport:
    """Attach each result to its agreement, read it in the agreement's world, assess readiness, assemble.

    A focus node belongs to the agreement it is reachable from in ``graph`` (without crossing into
    another agreement); when that is ambiguous or impossible, to the only agreement if there is one.

    Args:
        graph: at least the agreements' types and titles (and, without ``owners``, the links to their nodes).
        agreements: the agreements, in report order.
        results: the typed results.
        catalog: the shapes.
        lang: the language of labels.
        origin: copied into each agreement report.
        owners: the agreement of each focus node, when the caller already knows it (the compiled engine).
        coded: the coded provisions per agreement (default: the ``smp:ProvisionAssessment`` nodes in ``graph``).
        world: the world of every agreement, or None to decide per agreement from ``graph`` (its status and
            the sources it cites; the evidence of open-world findings is read from ``graph`` too).

    Returns:
        The report.
    """
    owner = _owners(graph, agreements) if owners is None else owners
    coded = coded_items_in_graph(graph) if coded is None else coded
    single = agreements[0] if len(agreements) == 1 else None
    worlds = {agreement: decide_world(graph, agreement, world) for agreement in agreements}
    absent = {agreement: coded_absent(items) for agreement, items in coded.items()}
    attached = []
    for result in results:
        agreement = owner.get(result.focus_node, single)
        placed = dataclasses.replace(result, agreement=agreement)
        if agreement is not None and agreement in worlds:
            placed = apply_world(
                placed, worlds[agreement][0], graph, catalog, lang, coded_absent=absent.get(agreement, frozenset())
            )
        attached.append(placed)
    attached.sort(key=_sort_key)
    grouped: dict[IdentifiedNode, list[ValidationResult]] = {}
    for result in attached:
        if result.agreement is not None:
            grouped.setdefault(result.agreement, []).append(result)
    reports = []
    for agreement in agreements:
        own = tuple(grouped.get(agreement, ()))
        classes = _superclasses(graph.objects(agreement, RDF.type))
        title = _title(graph, agreement)
        items = coded.get(agreement)
        own_world, basis, sources = worlds[agreement]
        reports.append(
            AgreementReport(
                agreement=agreement,
                label=title,
                full_smp=SMP.SkillsMobilityPartnership in classes,
                results=own,
                readiness=assess_readiness(
                    own, catalog, classes, lang=lang, coded=coded_readiness(items) if items else None
                ),
                origin=origin,
                coded=bool(items),
                world=own_world,
                world_basis=basis,
                sources=sources,
            )
        )
    return ValidationReport(results=tuple(attached), agreements=tuple(reports), lang=lang)


def _title(graph: Graph, agreement: IdentifiedNode) -> str | None:
    """The agreement's ``dcterms:title``, else its ``rdfs:label`` (the smallest, so the choice is stable)."""
    for predicate in (DCTERMS.title, RDFS.label):
        values = sorted(str(value) for value in graph.objects(agreement, predicate))
        if values:
            return values[0]
    return None


def _owners(graph: Graph, agreements: Sequence[IdentifiedNode]) -> dict[Node, IdentifiedNode]:
    owner: dict[Node, IdentifiedNode] = {}
    contested: set[Node] = set()
    stops: set[Node] = set(agreements)
    for agreement in agreements:
        seen: set[Node] = {agreement}
        todo: list[Node] = [agreement]
        while todo:
            current = todo.pop()
            for predicate, obj in graph.predicate_objects(current):
                if predicate != RDF.type and obj not in seen and obj not in stops and (obj, None, None) in graph:
                    seen.add(obj)
                    todo.append(obj)
        for node in seen:
            if node in owner and owner[node] != agreement:
                contested.add(node)
            owner.setdefault(node, agreement)
    for node in contested:
        del owner[node]
    return owner


def _sort_key(result: ValidationResult) -> tuple[str, int, str, str, str, str]:
    return (
        str(result.agreement or ""),
        -int(result.severity),
        str(result.concept or ""),
        str(result.source_shape),
        str(result.focus_node),
        str(result.value or ""),
    )
