"""Reader of the W3C SPARQL test manifests (test-manifest, test-query and test-update vocabularies).

The suites are copied unchanged under tests/conformance/sparql10 and sparql11 (W3C test suite licence,
tests/conformance/LICENSE.md). ``load_suite`` follows ``mf:include`` and returns every test of the
manifests as a :class:`W3CTest`: what to run, over which data, and what must come out.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDFS

ROOT = Path(__file__).resolve().parent
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")

#: the three evaluation manifests the conformance tests run, and the results-format one
MANIFESTS = {
    "sparql10": ROOT / "sparql10" / "manifest-evaluation.ttl",
    "sparql11-query": ROOT / "sparql11" / "manifest-sparql11-query.ttl",
    "sparql11-update": ROOT / "sparql11" / "manifest-sparql11-update.ttl",
    "sparql11-results": ROOT / "sparql11" / "manifest-sparql11-results.ttl",
}


class TestKind(enum.Enum):
    """What a test checks."""

    QUERY_EVALUATION = "QueryEvaluationTest"
    CSV_RESULT_FORMAT = "CSVResultFormatTest"
    UPDATE_EVALUATION = "UpdateEvaluationTest"
    POSITIVE_QUERY_SYNTAX = "PositiveSyntaxTest"
    NEGATIVE_QUERY_SYNTAX = "NegativeSyntaxTest"
    POSITIVE_UPDATE_SYNTAX = "PositiveUpdateSyntaxTest"
    NEGATIVE_UPDATE_SYNTAX = "NegativeUpdateSyntaxTest"

    @property
    def is_update(self) -> bool:
        return self in (TestKind.UPDATE_EVALUATION, TestKind.POSITIVE_UPDATE_SYNTAX, TestKind.NEGATIVE_UPDATE_SYNTAX)

    @property
    def is_syntax(self) -> bool:
        return self not in (TestKind.QUERY_EVALUATION, TestKind.CSV_RESULT_FORMAT, TestKind.UPDATE_EVALUATION)


_KINDS = {
    **{MF[kind.value]: kind for kind in TestKind},
    **{MF[kind.value + "11"]: kind for kind in TestKind},
}


@dataclass(frozen=True, slots=True)
class GraphData:
    """One graph of a test's dataset: the file and the graph's name (``None``: the default graph)."""

    path: Path
    name: str | None


@dataclass(frozen=True, slots=True)
class W3CTest:
    """One manifest entry.

    Attributes:
        iri: the test's IRI (the manifest's file IRI and the entry's fragment).
        suite: the folder it comes from, e.g. ``sparql11/add``.
        name: its ``mf:name``.
        kind: what it checks.
        request: the query or update file.
        data: the dataset before the request (default graph and named graphs).
        result: the expected result file of a query.
        result_data: the expected dataset after an update.
        lax_cardinality: duplicates may be dropped (``mf:LaxCardinality``, for REDUCED).
    """

    iri: str
    suite: str
    name: str
    kind: TestKind
    request: Path
    data: tuple[GraphData, ...] = ()
    result: Path | None = None
    result_data: tuple[GraphData, ...] = ()
    lax_cardinality: bool = False

    @property
    def named_graphs(self) -> tuple[GraphData, ...]:
        return tuple(graph for graph in self.data if graph.name is not None)

    def read_request(self) -> str:
        return self.request.read_text(encoding="utf-8")


def file_path(iri: object) -> Path:
    """The local file of a ``file:`` IRI."""
    return Path(unquote(urlparse(str(iri)).path))


def _graph_data(graph: Graph, node: object, data: URIRef, graph_data: URIRef) -> tuple[GraphData, ...]:
    out = [GraphData(file_path(file), None) for file in graph.objects(node, data)]
    for item in graph.objects(node, graph_data):
        if isinstance(item, URIRef):  # qt:graphData <file>: the graph is named by the file's IRI
            out.append(GraphData(file_path(item), str(item)))
        else:  # ut:graphData [ ut:graph <file> ; rdfs:label "name" ]
            label = graph.value(item, RDFS.label)
            out.append(GraphData(file_path(graph.value(item, UT.graph)), str(label)))
    return tuple(out)


def _entries(manifest: Path) -> list[W3CTest]:
    graph = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
    tests: list[W3CTest] = []
    suite = manifest.parent.relative_to(ROOT).as_posix()
    for doc in graph.subjects(RDF.type, MF.Manifest):
        for head in graph.objects(doc, MF.include):
            for included in Collection(graph, head):
                tests += _entries(file_path(included))
        for head in graph.objects(doc, MF.entries):
            for entry in Collection(graph, head):
                test = _entry(graph, entry, suite)
                if test is not None:
                    tests.append(test)
    return tests


def _entry(graph: Graph, entry: object, suite: str) -> W3CTest | None:
    kind = next((_KINDS[t] for t in graph.objects(entry, RDF.type) if t in _KINDS), None)
    if kind is None:
        raise ValueError(f"{entry}: unknown test type {list(graph.objects(entry, RDF.type))}")
    if (entry, DAWGT.approval, DAWGT.Withdrawn) in graph:
        return None
    action = graph.value(entry, MF.action)
    result = graph.value(entry, MF.result)
    common = {"iri": str(entry), "suite": suite, "name": str(graph.value(entry, MF.name)), "kind": kind}
    if kind.is_syntax:
        request = file_path(action)
        if request.suffix == ".ru":  # a few update syntax tests are typed as query syntax tests
            kind = {
                TestKind.POSITIVE_QUERY_SYNTAX: TestKind.POSITIVE_UPDATE_SYNTAX,
                TestKind.NEGATIVE_QUERY_SYNTAX: TestKind.NEGATIVE_UPDATE_SYNTAX,
            }.get(kind, kind)
        return W3CTest(**{**common, "kind": kind}, request=request)
    if kind is TestKind.UPDATE_EVALUATION:
        return W3CTest(
            **common,
            request=file_path(graph.value(action, UT.request)),
            data=_graph_data(graph, action, UT.data, UT.graphData),
            result_data=_graph_data(graph, result, UT.data, UT.graphData),
        )
    return W3CTest(
        **common,
        request=file_path(graph.value(action, QT.query)),
        data=_graph_data(graph, action, QT.data, QT.graphData),
        result=file_path(result) if result is not None else None,
        lax_cardinality=(entry, MF.resultCardinality, MF.LaxCardinality) in graph,
    )


def load_suite(name: str) -> list[W3CTest]:
    """Every test of one of :data:`MANIFESTS`, in manifest order."""
    return _entries(MANIFESTS[name])


def load_all() -> list[W3CTest]:
    """Every test of every manifest of :data:`MANIFESTS`, each once."""
    seen: set[str] = set()
    tests: list[W3CTest] = []
    for name in MANIFESTS:
        for test in load_suite(name):
            if test.iri not in seen:
                seen.add(test.iri)
                tests.append(test)
    return tests
