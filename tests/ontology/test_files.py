"""Every Turtle file parses; every module has its header; every owl:imports resolves through the catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF

from smpgraph.errors import ResourceNotFoundError
from smpgraph.namespaces import ONTOLOGY_IRI, VANN
from smpgraph.ontology import catalog_map, load_ontology_graph, ontology_files, read_catalog, resolve_import
from smpgraph.ontology.catalog import CATALOG_FILE

MODULES = ("core", "partnership", "actors", "skills", "mobility", "governance")
TTL_FILES = sorted(Path(__file__).resolve().parents[2].joinpath("ontology").rglob("*.ttl"))
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")


def test_ontology_folder_has_all_turtle_files():
    names = {path.name for path in TTL_FILES}
    assert {"smp.ttl", *(f"{module}.ttl" for module in MODULES)} <= names
    assert {"org.ttl", "skos.ttl", "prov.ttl", "dcterms.ttl"} <= names


@pytest.mark.parametrize("path", TTL_FILES, ids=lambda path: path.name)
def test_turtle_file_parses(path: Path):
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0
    assert len(list(graph.subjects(RDF.type, OWL.Ontology))) == 1


@pytest.mark.parametrize("module", MODULES)
def test_module_header(module: str, ontology_folder: Path):
    graph = Graph().parse(ontology_folder / f"{module}.ttl", format="turtle")
    iri = URIRef(f"{ONTOLOGY_IRI}/{module}")
    assert (iri, RDF.type, OWL.Ontology) in graph
    assert graph.value(iri, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/0.1.0/{module}")
    assert graph.value(iri, OWL.versionInfo) == Literal("0.1.0")
    assert graph.value(iri, DCTERMS.license) == CC_BY
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.created, DCTERMS.modified, DCTERMS.creator):
        assert graph.value(iri, predicate) is not None, predicate
    assert str(graph.value(iri, VANN.preferredNamespacePrefix)) == "smp"
    assert str(graph.value(iri, VANN.preferredNamespaceUri)) == "https://w3id.org/smpgraph/ontology#"


def test_smp_ttl_only_imports_the_modules(ontology_folder: Path):
    graph = Graph().parse(ontology_folder / "smp.ttl", format="turtle")
    root = URIRef(ONTOLOGY_IRI)
    imports = {str(iri) for iri in graph.objects(root, OWL.imports)}
    assert imports == {f"{ONTOLOGY_IRI}/{module}" for module in MODULES}
    declared = {s for s in graph.subjects() if s != root}
    assert declared == set(), "smp.ttl must declare no terms"
    assert graph.value(root, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/0.1.0")


def test_every_import_resolves_through_the_catalog(ontology_folder: Path):
    mapping = catalog_map()
    for path in TTL_FILES:
        graph = Graph().parse(path, format="turtle")
        for imported in graph.objects(None, OWL.imports):
            assert str(imported) in mapping, f"{path.name} imports {imported}, not in {CATALOG_FILE}"
            assert mapping[str(imported)].is_file()


def test_catalog_maps_every_file_and_only_local_files(ontology_folder: Path):
    entries = read_catalog()
    mapped = {entry.path for entry in entries}
    assert mapped == {path.resolve() for path in TTL_FILES}
    for entry in entries:
        assert entry.path.is_relative_to(ontology_folder.resolve())
        graph = Graph().parse(entry.path, format="turtle")
        ontologies = {str(iri) for iri in graph.subjects(RDF.type, OWL.Ontology)}
        versions = {str(v) for v in graph.objects(None, OWL.versionIRI)}
        assert entry.iri in ontologies | versions, f"{entry.path.name} does not declare {entry.iri}"


@pytest.mark.parametrize("path", [p for p in TTL_FILES if p.parent.name == "imports"], ids=lambda path: path.name)
def test_vendored_subset_names_its_specification(path: Path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Vendored subset of ")
    graph = Graph().parse(path, format="turtle")
    ontology = next(iter(graph.subjects(RDF.type, OWL.Ontology)))
    source = graph.value(ontology, DCTERMS.source)
    assert isinstance(source, URIRef) and str(source).startswith(("http://", "https://"))


def test_ontology_files_walk_the_import_closure():
    own = ontology_files(include_imports=False)
    everything = ontology_files(include_imports=True)
    assert own[0].name == "smp.ttl"
    assert {p.name for p in own} == {"smp.ttl", *(f"{m}.ttl" for m in MODULES)}
    assert set(own) < set(everything)
    assert all(p.parent.name == "imports" for p in set(everything) - set(own))


def test_load_ontology_graph_with_and_without_imports(full_ontology: Graph, own_ontology: Graph):
    org_collab = URIRef("http://www.w3.org/ns/org#OrganizationalCollaboration")
    assert (org_collab, RDF.type, OWL.Class) in full_ontology
    assert (org_collab, RDF.type, OWL.Class) not in own_ontology
    assert len(own_ontology) < len(full_ontology)


def test_resolve_import_refuses_unmapped_iri():
    with pytest.raises(ResourceNotFoundError):
        resolve_import("http://example.org/not-vendored")


def test_catalog_with_unmapped_import_fails(tmp_path: Path, ontology_folder: Path):
    (tmp_path / "smp.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"<{ONTOLOGY_IRI}> a owl:Ontology ; owl:imports <http://example.org/remote> .\n",
        encoding="utf-8",
    )
    catalog = tmp_path / CATALOG_FILE
    catalog.write_text(
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
        f'<uri name="{ONTOLOGY_IRI}" uri="smp.ttl"/></catalog>',
        encoding="utf-8",
    )
    with pytest.raises(ResourceNotFoundError, match=r"example\.org/remote"):
        load_ontology_graph(catalog=catalog)
