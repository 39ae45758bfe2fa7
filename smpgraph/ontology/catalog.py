"""Read the ontology's XML catalog and load the ontology files, never over the network.

``ontology/catalog-v001.xml`` is the Protégé catalog that maps every ontology IRI smpgraph imports (its
own modules and the vendored subsets of ORG, SKOS, PROV, DCTERMS, FOAF, ESCO, ELM, schema.org and VANN)
to a local file. Protégé reads it to open ``smp.ttl``; this module reads the same file, so the two can
never disagree about what the ontology is.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from rdflib import Graph
from rdflib.namespace import OWL

from smpgraph.errors import RdfSyntaxError, ResourceNotFoundError
from smpgraph.namespaces import ONTOLOGY_IRI, bind_prefixes
from smpgraph.resources import resource_dir

#: file name of the XML catalog inside ``ontology/``
CATALOG_FILE: Final = "catalog-v001.xml"
#: namespace of OASIS XML catalogs, as written by Protégé
CATALOG_NS: Final = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
#: prefix of the IRIs of smpgraph's own ontology and modules
OWN_PREFIX: Final = ONTOLOGY_IRI


@dataclass(frozen=True)
class CatalogEntry:
    """One ``<uri>`` line of the catalog: an ontology IRI and the local file it maps to.

    Attributes:
        iri: the ontology IRI (or version IRI) as used in ``owl:imports``.
        path: the absolute path of the local Turtle file.
    """

    iri: str
    path: Path

    @property
    def vendored(self) -> bool:
        """Whether the file is a vendored subset of an external vocabulary (under ``imports/``)."""
        return not self.iri.startswith(OWN_PREFIX)


def ontology_dir() -> Path:
    """The folder holding the ontology modules and the catalog."""
    return resource_dir("ontology")


def read_catalog(catalog: Path | None = None) -> list[CatalogEntry]:
    """Read the XML catalog.

    Args:
        catalog: the catalog file; defaults to ``ontology/catalog-v001.xml`` of this installation.

    Returns:
        Its entries, in file order.

    Raises:
        ResourceNotFoundError: the catalog, or a file it names, does not exist.
        RdfSyntaxError: the catalog is not well-formed XML.
    """
    path = catalog if catalog is not None else ontology_dir() / CATALOG_FILE
    if not path.is_file():
        raise ResourceNotFoundError(f"ontology catalog not found at {path}")
    try:
        root = ET.parse(path).getroot()  # noqa: S314 - bundled file
    except ET.ParseError as error:
        raise RdfSyntaxError(str(path), f"malformed XML catalog: {error}") from error
    entries: list[CatalogEntry] = []
    for element in root.iter(f"{{{CATALOG_NS}}}uri"):
        name, uri = element.get("name"), element.get("uri")
        if not name or not uri:
            raise RdfSyntaxError(str(path), "a <uri> element lacks its name or uri attribute")
        target = (path.parent / uri).resolve()
        if not target.is_file():
            raise ResourceNotFoundError(f"catalog maps {name} to {target}, which does not exist")
        entries.append(CatalogEntry(iri=name, path=target))
    return entries


def catalog_map(catalog: Path | None = None) -> dict[str, Path]:
    """The catalog as a mapping from ontology IRI to local file (see :func:`read_catalog`)."""
    return {entry.iri: entry.path for entry in read_catalog(catalog)}


def resolve_import(iri: str, catalog: Path | None = None) -> Path:
    """The local file of one imported ontology IRI.

    Args:
        iri: an IRI that appears as the object of ``owl:imports``.
        catalog: the catalog file; defaults to the bundled one.

    Returns:
        The path of the local file.

    Raises:
        ResourceNotFoundError: the catalog has no entry for ``iri`` (it would have to be fetched).
    """
    mapping = catalog_map(catalog)
    if iri not in mapping:
        raise ResourceNotFoundError(f"owl:imports {iri} is not mapped in the ontology catalog")
    return mapping[iri]


def _parse(path: Path, graph: Graph) -> None:
    try:
        graph.parse(path, format="turtle")
    except Exception as error:  # rdflib raises several unrelated types for bad Turtle
        raise RdfSyntaxError(str(path), str(error)) from error


def ontology_files(include_imports: bool = True, catalog: Path | None = None) -> list[Path]:
    """The Turtle files of the ontology, found by following ``owl:imports`` through the catalog.

    Starts at ``https://w3id.org/smpgraph/ontology`` (``smp.ttl``) and walks the import closure,
    breadth first, resolving every import through the catalog; nothing is fetched.

    Args:
        include_imports: also return the vendored subsets of external vocabularies.
        catalog: the catalog file; defaults to the bundled one.

    Returns:
        The files, each once, in the order they are reached.

    Raises:
        ResourceNotFoundError: an ``owl:imports`` is not mapped in the catalog.
        RdfSyntaxError: a file does not parse.
    """
    mapping = catalog_map(catalog)
    if ONTOLOGY_IRI not in mapping:
        raise ResourceNotFoundError(f"the catalog does not map {ONTOLOGY_IRI}")
    queue = [ONTOLOGY_IRI]
    seen_files: list[Path] = []
    seen_iris: set[str] = set()
    while queue:
        iri = queue.pop(0)
        if iri in seen_iris:
            continue
        seen_iris.add(iri)
        if iri not in mapping:
            raise ResourceNotFoundError(f"owl:imports {iri} is not mapped in the ontology catalog")
        path = mapping[iri]
        if not include_imports and not iri.startswith(OWN_PREFIX):
            continue
        if path in seen_files:
            continue
        seen_files.append(path)
        graph = Graph()
        _parse(path, graph)
        for imported in graph.objects(None, OWL.imports):
            queue.append(str(imported))
    return seen_files


def load_ontology_graph(include_imports: bool = True, catalog: Path | None = None) -> Graph:
    """The whole ontology as one rdflib graph, with smpgraph's prefixes bound.

    Args:
        include_imports: also load the vendored subsets of ORG, SKOS, PROV and the other imports.
        catalog: the catalog file; defaults to the bundled one.

    Returns:
        A new graph holding every triple of every file of the import closure.

    Raises:
        ResourceNotFoundError: an import is not mapped in the catalog.
        RdfSyntaxError: a file does not parse.
    """
    graph = bind_prefixes(Graph())
    for path in ontology_files(include_imports=include_imports, catalog=catalog):
        _parse(path, graph)
    return graph
