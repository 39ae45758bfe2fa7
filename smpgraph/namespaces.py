"""Namespaces and the one place where prefixes are bound.

The IRIs are decisions recorded in ``docs/decisions/0001-graph-naming.md``.
"""

from __future__ import annotations

from typing import Final

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

SMP: Final = Namespace("https://w3id.org/smpgraph/ontology#")
SMPSH: Final = Namespace("https://w3id.org/smpgraph/shapes#")
ID: Final = Namespace("https://w3id.org/smpgraph/id/")
GRAPH: Final = Namespace("https://w3id.org/smpgraph/id/graph/")
SOURCE: Final = Namespace("https://w3id.org/smpgraph/id/source/")
IOM_PAPER: Final = Namespace("https://w3id.org/smpgraph/id/source/iom-smp-prerequisites#")
ONTOLOGY_IRI: Final = "https://w3id.org/smpgraph/ontology"
ESCO: Final = Namespace("http://data.europa.eu/esco/model#")
ISCO: Final = Namespace("http://data.europa.eu/esco/isco/C")
ELM: Final = Namespace("http://data.europa.eu/snb/model/elm/")
EQF: Final = Namespace("http://data.europa.eu/snb/eqf/")
ISCEDF: Final = Namespace("http://data.europa.eu/snb/isced-f/")
COUNTRY: Final = Namespace("http://publications.europa.eu/resource/authority/country/")
SDG: Final = Namespace("http://metadata.un.org/sdg/")
WD: Final = Namespace("http://www.wikidata.org/entity/")
VANN: Final = Namespace("http://purl.org/vocab/vann/")

#: prefix -> namespace, in the order they are bound and offered to SPARQL users
PREFIXES: Final[dict[str, str]] = {
    "smp": str(SMP),
    "smpsh": str(SMPSH),
    "id": str(ID),
    "org": str(ORG),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "foaf": str(FOAF),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "sh": str(SH),
    "esco": str(ESCO),
    "isco": str(ISCO),
    "elm": str(ELM),
    "eqf": str(EQF),
    "iscedf": str(ISCEDF),
    "country": str(COUNTRY),
    "sdg": str(SDG),
    "wd": str(WD),
    "vann": str(VANN),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind smpgraph's prefixes on ``graph`` and return it.

    Args:
        graph: any rdflib graph.

    Returns:
        The same graph, for chaining.
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
