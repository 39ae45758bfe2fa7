"""Generate ``docs/ontology-reference.md``, the reference of the ontology's classes, properties and concepts.

The page is generated from the Turtle files (never edited by hand) and a drift test regenerates it and
compares. Run ``python -m smpgraph.ontology.docs`` to rewrite it after changing the ontology.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from smpgraph.namespaces import IOM_PAPER, PREFIXES, SMP
from smpgraph.ontology.catalog import load_ontology_graph
from smpgraph.resources import resource_root

#: where the generated page lives in a source checkout
REFERENCE_PATH: Final = Path("docs") / "ontology-reference.md"
HEADER: Final = (
    "<!-- GENERATED FILE: do not edit. Regenerate with `python -m smpgraph.ontology.docs` "
    "(source: ontology/*.ttl). -->\n"
)
_SECTIONS: Final = (
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Annotation properties", OWL.AnnotationProperty),
    ("Concept schemes", SKOS.ConceptScheme),
    ("Concepts", SKOS.Concept),
    ("Named individuals", OWL.NamedIndividual),
)


def _curie(node: Node) -> str:
    text = str(node)
    for prefix, namespace in PREFIXES.items():
        if prefix != "id" and text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"


def _english(graph: Graph, subject: URIRef, predicate: URIRef) -> str:
    for value in graph.objects(subject, predicate):
        if isinstance(value, Literal) and value.language == "en":
            return str(value).replace("|", "\\|")
    return ""


def _list(nodes: Iterable[Node]) -> str:
    names = sorted(_curie(node) for node in nodes if isinstance(node, URIRef))
    return ", ".join(f"`{name}`" for name in names) or "-"


def _sources(graph: Graph, subject: URIRef) -> str:
    paragraphs: list[int] = []
    others: list[str] = []
    for source in graph.objects(subject, DCTERMS.source):
        text = str(source)
        if text.startswith(str(IOM_PAPER) + "para-"):
            paragraphs.append(int(text.rsplit("-", 1)[1]))
        else:
            others.append(f"<{text}>")
    cited = [f"para {number}" for number in sorted(paragraphs)] + sorted(others)
    return ", ".join(cited) or "-"


def _members(graph: Graph, rdf_type: URIRef) -> list[URIRef]:
    return sorted(
        subject
        for subject in set(graph.subjects(RDF.type, rdf_type))
        if isinstance(subject, URIRef) and str(subject).startswith(str(SMP))
    )


def render_reference(graph: Graph | None = None) -> str:
    """Render the Markdown reference of the smp: terms.

    Args:
        graph: the ontology; defaults to :func:`load_ontology_graph` without imports.

    Returns:
        The page, starting with a header that marks it as generated.
    """
    ontology = graph if graph is not None else load_ontology_graph(include_imports=False)
    lines = [
        HEADER,
        "# smpgraph ontology reference\n",
        "Every term of `smp:` <https://w3id.org/smpgraph/ontology#>, with its English label and definition, its",
        "axioms and the paragraphs of the IOM paper it comes from (`id:source/iom-smp-prerequisites#para-N`).",
        "French and Spanish labels and definitions are in the Turtle files.\n",
    ]
    for title, rdf_type in _SECTIONS:
        members = _members(ontology, rdf_type)
        if not members:
            continue
        lines.append(f"## {title} ({len(members)})\n")
        if rdf_type == OWL.Class:
            lines.append("| term | label | definition | subclass of | sources |")
            lines.append("|---|---|---|---|---|")
        elif rdf_type == SKOS.Concept:
            lines.append("| term | label | definition | type | scheme | sources |")
            lines.append("|---|---|---|---|---|---|")
        elif rdf_type in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
            lines.append("| term | label | definition | domain | range | sources |")
            lines.append("|---|---|---|---|---|---|")
        else:
            lines.append("| term | label | definition | type | sources |")
            lines.append("|---|---|---|---|---|")
        for term in members:
            label = _english(ontology, term, RDFS.label)
            definition = _english(ontology, term, SKOS.definition)
            sources = _sources(ontology, term)
            head = f"| `{_curie(term)}` | {label} | {definition} |"
            if rdf_type == OWL.Class:
                lines.append(f"{head} {_list(ontology.objects(term, RDFS.subClassOf))} | {sources} |")
            elif rdf_type == SKOS.Concept:
                types = [t for t in ontology.objects(term, RDF.type) if t != SKOS.Concept]
                schemes = ontology.objects(term, SKOS.inScheme)
                lines.append(f"{head} {_list(types)} | {_list(schemes)} | {sources} |")
            elif rdf_type in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
                domain = _list(ontology.objects(term, RDFS.domain))
                range_ = _list(ontology.objects(term, RDFS.range))
                lines.append(f"{head} {domain} | {range_} | {sources} |")
            else:
                types = [t for t in ontology.objects(term, RDF.type) if t != rdf_type]
                lines.append(f"{head} {_list(types)} | {sources} |")
        lines.append("")
    return "\n".join(lines)


def write_reference(path: Path | None = None) -> Path:
    """Write the reference page.

    Args:
        path: the target file; defaults to ``docs/ontology-reference.md`` of the source checkout.

    Returns:
        The path written.
    """
    target = path if path is not None else resource_root() / REFERENCE_PATH
    target.write_text(render_reference(), encoding="utf-8")
    return target


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(f"wrote {write_reference()}\n")
