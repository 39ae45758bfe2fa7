"""Deterministic, readable Turtle for the generated BLA data (``data/bla/bla.ttl``).

rdflib's serialiser orders subjects arbitrarily from run to run and cannot write relative IRIs, so the
committed file would churn. This writer sorts subjects in natural order (``bla/2`` before ``bla/10``),
predicates in a fixed order, objects by their text, writes IRIs under ``https://w3id.org/smpgraph/id/``
relative to an ``@base`` (the dataset's pages through short prefixes), and starts with a ``# GENERATED`` header.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Final

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, VOID, XSD
from rdflib.term import Node

from smpgraph.namespaces import COUNTRY, ID, SMP

__all__ = ["BASE", "PREFIXES", "to_turtle"]

BASE: Final = str(ID)
#: the prefixes the file declares (only those used are written)
PREFIXES: Final = {
    "cw": "https://www.law.uchicago.edu/bilateral-labor-agreements-",
    "country": str(COUNTRY),
    "dv": "https://dataverse.harvard.edu/dataverse/",
    "dcterms": str(DCTERMS),
    "org": str(ORG),
    "prov": str(PROV),
    "rdfs": str(RDFS),
    "smp": str(SMP),
    "void": str(VOID),
    "xsd": str(XSD),
}
_PREDICATE_ORDER: Final = (
    RDF.type,
    RDFS.label,
    DCTERMS.identifier,
    DCTERMS.title,
    DCTERMS.description,
    RDFS.comment,
    SMP.scope,
    SMP.hasInstrument,
    SMP.party,
    DCTERMS.date,
    SMP.dateSigned,
    SMP.dateRatified,
    DCTERMS.language,
    ORG.organization,
    ORG.member,
    SMP.hasMembership,
    SMP.hasProvision,
    SMP.hasCoordinationBody,
    SMP.recruitmentFeesChargedToWorkers,
    SMP.assessedAgreement,
    SMP.assessedProvision,
    SMP.codebookItem,
    SMP.codedPresent,
    DCTERMS.license,
    DCTERMS.source,
    PROV.wasDerivedFrom,
    SMP.certainty,
)
#: nodes whose statements fit in this many characters are written on one line
ONE_LINE: Final = 400
_LOCAL: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_PIECES: Final = re.compile(r"(\d+)")


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in _PIECES.split(text) if part)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _term(term: Node, used: set[str]) -> str:
    if isinstance(term, URIRef):
        iri = str(term)
        if term == RDF.type:
            return "a"
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and _LOCAL.match(iri[len(namespace) :]):
                used.add(prefix)
                return f"{prefix}:{iri[len(namespace) :]}"
        if iri.startswith(BASE):
            return f"<{iri[len(BASE) :]}>"
        return f"<{iri}>"
    if isinstance(term, Literal):
        if term.datatype == XSD.boolean:
            return "true" if term.toPython() else "false"
        if term.datatype == XSD.integer:
            return str(term)
        text = f'"{_escape(str(term))}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^{_term(term.datatype, used)}"
        return text
    raise TypeError(f"unexpected term in the BLA graph: {term!r}")


def to_turtle(triples: Iterable[tuple[Node, Node, Node]], header: Sequence[str]) -> str:
    """The triples as sorted Turtle.

    A node whose statements fit on one line of at most :data:`ONE_LINE` characters is written on one line
    (the thousands of assessments, memberships and provisions); the others one statement per line.

    Args:
        triples: triples of IRIs and literals (no blank nodes).
        header: comment lines written first (without the leading ``#``).

    Returns:
        The Turtle text, ending with a newline.

    Raises:
        TypeError: a triple holds a blank node.
    """
    order: dict[Node, int] = {predicate: index for index, predicate in enumerate(_PREDICATE_ORDER)}
    used: set[str] = set()
    cache: dict[Node, str] = {}

    def render(term: Node) -> str:
        text = cache.get(term)
        if text is None:
            text = cache[term] = _term(term, used)
        return text

    nodes: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
    for subject, predicate, obj in triples:
        if not isinstance(subject, URIRef):
            raise TypeError(f"the BLA graph must not hold blank nodes: {subject!r}")
        nodes[subject][predicate].add(obj)
    blocks: list[str] = []
    for subject in sorted(nodes, key=lambda s: _natural(str(s))):
        statements = nodes[subject]
        parts = []
        for predicate in sorted(statements, key=lambda p: (order.get(p, len(order)), str(p))):
            objects = sorted((render(o) for o in statements[predicate]), key=_natural)
            parts.append(f"{render(predicate)} {', '.join(objects)}")
        line = f"{render(subject)} " + "; ".join(parts) + " .\n"
        if len(line) <= ONE_LINE:
            blocks.append(line)
        else:
            blocks.append(f"{render(subject)}\n    " + " ;\n    ".join(parts) + " .\n\n")
    head = [f"# {line}" if line else "#" for line in header]
    prefixes = [f"@base <{BASE}> ."] + [f"@prefix {p}: <{PREFIXES[p]}> ." for p in sorted(used)]
    return "\n".join(head) + "\n\n" + "\n".join(prefixes) + "\n\n" + "".join(blocks)
