"""An RDF/XML export of the merged ontology opens in rdflib and in owlready2 (an OWL tool)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import OWL

from tests.ontology._support import copy_graph


@pytest.fixture(scope="module")
def rdfxml_file(full_ontology: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    graph = copy_graph(full_ontology)
    graph.remove((None, OWL.imports, None))  # merged already; an OWL tool must not fetch anything
    path = tmp_path_factory.mktemp("export") / "smpgraph.owl"
    graph.serialize(path, format="xml")
    return path


def test_rdfxml_export_parses_in_rdflib(rdfxml_file: Path, full_ontology: Graph):
    reparsed = Graph().parse(rdfxml_file, format="xml")
    expected = copy_graph(full_ontology)
    expected.remove((None, OWL.imports, None))
    assert isomorphic(reparsed, expected)


@pytest.mark.filterwarnings("ignore")
def test_rdfxml_export_opens_in_owlready2(rdfxml_file: Path):
    owlready2 = pytest.importorskip("owlready2")
    world = owlready2.World()
    ontology = world.get_ontology(rdfxml_file.as_uri()).load()
    names = {entity.name for entity in world.classes()}
    assert {"SkillsMobilityPartnership", "Stakeholder", "RecognitionArrangement"} <= names
    partnership = world["https://w3id.org/smpgraph/ontology#SkillsMobilityPartnership"]
    assert world["https://w3id.org/smpgraph/ontology#Partnership"] in partnership.is_a
    properties = {prop.name for prop in world.object_properties()}
    assert {"hasInstrument", "hasStakeholder"} <= properties
    assert ontology is not None
