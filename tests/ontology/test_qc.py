"""ROBOT-style QC: each smpgraph/queries/qc/*.rq must return no row over the merged ontology, and each
check must catch the fault it is written for (deliberately broken fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from tests.ontology._support import QC_DIR, copy_graph

QC_FILES = sorted(QC_DIR.glob("*.rq"))

BROKEN_PREFIXES = """
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix iom: <https://w3id.org/smpgraph/id/source/iom-smp-prerequisites#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix smp: <https://w3id.org/smpgraph/ontology#> .
"""
GOOD_BLOCK = """
    rdfs:label "Broken"@en , "Cassé"@fr , "Roto"@es ;
    skos:definition "A test term."@en , "Un terme de test."@fr , "Un término de prueba."@es ;
    rdfs:isDefinedBy <https://w3id.org/smpgraph/ontology> ;
    dcterms:source iom:para-4 ;
"""


def run(query_file: Path, graph: Graph) -> list[tuple[str, str, str]]:
    rows = graph.query(query_file.read_text(encoding="utf-8"))
    return [tuple(str(term) for term in row) for row in rows]  # type: ignore[misc]


def with_fixture(base: Graph, turtle: str) -> Graph:
    graph = copy_graph(base)
    graph.parse(data=BROKEN_PREFIXES + turtle, format="turtle")
    return graph


def test_qc_queries_exist():
    names = {path.stem for path in QC_FILES}
    assert {
        "missing-label",
        "missing-definition",
        "missing-defined-by",
        "missing-source",
        "undeclared-term",
        "undeclared-builtin",
    } <= names


@pytest.mark.parametrize("query_file", QC_FILES, ids=lambda path: path.stem)
def test_qc_query_finds_nothing(query_file: Path, full_ontology: Graph):
    text = query_file.read_text(encoding="utf-8")
    assert text.startswith("# QC ")
    assert "?entity ?property ?value" in text
    assert run(query_file, full_ontology) == []


@pytest.mark.slow
def test_misspelt_rdfs_term_is_caught(full_ontology: Graph):
    graph = with_fixture(full_ontology, "smp:Broken a owl:Class ; rdfs:subClasOf smp:Partnership ;" + GOOD_BLOCK + ".")
    rows = run(QC_DIR / "undeclared-builtin.rq", graph)
    assert (
        "http://www.w3.org/2000/01/rdf-schema#subClasOf",
        "http://www.w3.org/2000/01/rdf-schema#subClasOf",
        "https://w3id.org/smpgraph/ontology#Broken",
    ) in rows


@pytest.mark.slow
def test_misspelt_owl_type_is_caught(full_ontology: Graph):
    graph = with_fixture(full_ontology, "smp:broken a owl:ObjectPropery ;" + GOOD_BLOCK + ".")
    entities = {row[0] for row in run(QC_DIR / "undeclared-builtin.rq", graph)}
    assert entities == {"http://www.w3.org/2002/07/owl#ObjectPropery"}


@pytest.mark.parametrize(
    "typo",
    ["smp:Partnershp", "org:OrganisationalCollaboration", "skos:broaderr", "prov:wasDerivedFom"],
)
@pytest.mark.slow
def test_misspelt_vocabulary_term_is_caught(full_ontology: Graph, typo: str):
    graph = with_fixture(full_ontology, f"smp:Broken a owl:Class ; rdfs:seeAlso {typo} ;" + GOOD_BLOCK + ".")
    entities = {row[0] for row in run(QC_DIR / "undeclared-term.rq", graph)}
    prefix, local = typo.split(":")
    namespace = dict(graph.namespaces())[prefix]
    assert entities == {f"{namespace}{local}"}


@pytest.mark.slow
def test_missing_french_label_is_caught(full_ontology: Graph):
    graph = with_fixture(
        full_ontology,
        'smp:Broken a owl:Class ; rdfs:label "Broken"@en , "Roto"@es ; skos:definition "A."@en , "U."@fr , "U."@es ;'
        " rdfs:isDefinedBy <https://w3id.org/smpgraph/ontology> ; dcterms:source iom:para-4 .",
    )
    assert run(QC_DIR / "missing-label.rq", graph) == [
        ("https://w3id.org/smpgraph/ontology#Broken", "http://www.w3.org/2000/01/rdf-schema#label", "fr")
    ]


@pytest.mark.slow
def test_missing_spanish_definition_is_caught(full_ontology: Graph):
    graph = with_fixture(
        full_ontology,
        'smp:Broken a owl:Class ; rdfs:label "B"@en , "B"@fr , "B"@es ; skos:definition "A."@en , "U."@fr ;'
        " rdfs:isDefinedBy <https://w3id.org/smpgraph/ontology> ; dcterms:source iom:para-4 .",
    )
    rows = run(QC_DIR / "missing-definition.rq", graph)
    assert [row[2] for row in rows] == ["es"]


@pytest.mark.slow
def test_missing_defined_by_and_source_are_caught(full_ontology: Graph):
    graph = with_fixture(
        full_ontology,
        'smp:Broken a owl:Class ; rdfs:label "B"@en , "B"@fr , "B"@es ; skos:definition "A."@en , "U."@fr , "U."@es .',
    )
    assert len(run(QC_DIR / "missing-defined-by.rq", graph)) == 1
    assert len(run(QC_DIR / "missing-source.rq", graph)) == 1


@pytest.mark.parametrize("paragraph", ["para-0", "para-32", "para-x"])
@pytest.mark.slow
def test_nonexistent_paragraph_is_caught(full_ontology: Graph, paragraph: str):
    graph = with_fixture(full_ontology, f"smp:Broken a owl:Class ; dcterms:source iom:{paragraph} ;" + GOOD_BLOCK + ".")
    rows = run(QC_DIR / "invalid-source-paragraph.rq", graph)
    assert [row[2].rsplit("#", 1)[1] for row in rows] == [paragraph]


@pytest.mark.slow
def test_concept_outside_any_scheme_is_caught(full_ontology: Graph):
    graph = with_fixture(full_ontology, "smp:Broken a skos:Concept , smp:Sex ;" + GOOD_BLOCK + ".")
    assert [row[0] for row in run(QC_DIR / "concept-not-in-scheme.rq", graph)] == [
        "https://w3id.org/smpgraph/ontology#Broken"
    ]


@pytest.mark.slow
def test_two_english_definitions_are_caught(full_ontology: Graph):
    graph = with_fixture(full_ontology, 'smp:Broken a owl:Class ; skos:definition "Another."@en ;' + GOOD_BLOCK + ".")
    assert ("https://w3id.org/smpgraph/ontology#Broken", "http://www.w3.org/2004/02/skos/core#definition", "en") in run(
        QC_DIR / "duplicate-definition.rq", graph
    )
