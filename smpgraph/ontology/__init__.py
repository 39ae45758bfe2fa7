"""The smpgraph OWL ontology: its files, its catalog and its reference documentation.

The Turtle files live in ``ontology/`` (found through :mod:`smpgraph.resources`); the XML catalog
``ontology/catalog-v001.xml`` maps every imported ontology IRI to a local file, so loading never
touches the network.
"""

from __future__ import annotations

from smpgraph.ontology.catalog import (
    CatalogEntry,
    catalog_map,
    load_ontology_graph,
    ontology_dir,
    ontology_files,
    read_catalog,
    resolve_import,
)

__all__ = [
    "CatalogEntry",
    "catalog_map",
    "load_ontology_graph",
    "ontology_dir",
    "ontology_files",
    "read_catalog",
    "resolve_import",
]
