"""The meta-shapes (shapes/meta/shapes-conventions.ttl) run over our shapes, as CI does
(docs/design/conventions.md#shapes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate as shacl_validate
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[2]
META = ROOT / "shapes" / "meta" / "shapes-conventions.ttl"
SHAPE_FILES = sorted((ROOT / "shapes").glob("*.ttl"))


def _meta_results(data: Graph) -> list[tuple[str, str]]:
    _, report, _ = shacl_validate(data, shacl_graph=Graph().parse(META), inference="none", advanced=True)
    from rdflib.namespace import RDF, SH

    return sorted(
        (str(report.value(node, SH.focusNode)), str(report.value(node, SH.sourceShape)))
        for node in report.subjects(RDF.type, SH.ValidationResult)
    )


@pytest.mark.parametrize("shapes_file", SHAPE_FILES, ids=lambda path: path.name)
def test_shapes_follow_the_conventions(shapes_file: Path) -> None:
    assert _meta_results(Graph().parse(shapes_file)) == []


def test_meta_shapes_catch_a_shape_without_messages_or_source() -> None:
    bad = Graph().parse(
        format="turtle",
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix smp: <https://w3id.org/smpgraph/ontology#> .
        @prefix smpsh: <https://w3id.org/smpgraph/shapes#> .
        smpsh:Bad a sh:NodeShape ; sh:targetClass smp:Partnership ; sh:severity sh:Violation ;
            sh:message "English only"@en ; smp:assesses smp:Training .
        """,
    )
    shapes = {shape.rsplit("#", 1)[1] for _, shape in _meta_results(bad)}
    assert shapes == {"Shape-messages", "Shape-comment", "Shape-paragraph"}


def test_meta_shapes_reject_blank_node_shapes() -> None:
    bad = Graph().parse(
        format="turtle",
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix smp: <https://w3id.org/smpgraph/ontology#> .
        [] a sh:PropertyShape ; sh:targetClass smp:Partnership ; sh:path smp:status ; sh:minCount 1 .
        """,
    )
    shapes = {shape.rsplit("#", 1)[1] for _, shape in _meta_results(bad)}
    assert "Shape-iri" in shapes
