"""Conversions between Oxigraph terms and rdflib terms.

``xsd:string`` literals become plain rdflib literals (``Literal("x")``), the form rdflib itself
produces when parsing, so that comparisons with ``Literal("x")`` hold (docs/design/engine-pitfalls.md #1).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Final

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from smpgraph.store.model import Term

#: an RDF term of the engine in a result row or a triple (RDF-star triple terms aside)
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal

XSD_STRING: Final = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_rdflib(term: object) -> Term:
    """An Oxigraph term as an rdflib term.

    Raises:
        TypeError: for RDF-star triple terms, which rdflib results cannot hold.
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=_datatype(datatype), normalize=False)  # the lexical form, as stored
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unsupported term {term!r}")


#: datatype IRI -> its URIRef; a literal's datatype is one of a few IRIs, so each URIRef is made once
_DATATYPES: dict[str, URIRef] = {}
_MAX_DATATYPES: Final = 1024


def _datatype(iri: str) -> URIRef:
    node = _DATATYPES.get(iri)
    if node is None:
        node = URIRef(iri)
        if len(_DATATYPES) < _MAX_DATATYPES:
            _DATATYPES[iri] = node
    return node


#: engine term -> rdflib term, shared by every query of the process: the same IRIs and literals come back
#: query after query, and an rdflib term costs microseconds to build (URIRef checks its IRI, Literal
#: parses its value). Terms are immutable, so sharing them is safe; the cache is emptied when full.
_CACHE: dict[object, Term | None] = {}
_CACHE_SIZE: Final = 65_536


def cached_to_rdflib(term: object) -> Term | None:
    """:func:`to_rdflib` through the process-wide cache; ``None`` (an unbound variable) stays ``None``."""
    value = _CACHE.get(term, _MISSING)
    if value is _MISSING:
        value = None if term is None else to_rdflib(term)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[term] = value
    return value  # type: ignore[return-value]


_MISSING: Final = object()


def rows_to_rdflib(rows: Iterable[Sequence[object]]) -> tuple[tuple[Term | None, ...], ...]:
    """SELECT rows of Oxigraph terms (``None`` where unbound) as rows of rdflib terms.

    Each distinct term is converted once (:func:`cached_to_rdflib`): result rows repeat the same IRIs
    and literals, and so do queries.
    """
    get = _CACHE.get

    def convert(term: object) -> Term | None:
        value = get(term, _MISSING)
        if value is _MISSING:
            return cached_to_rdflib(term)
        return value  # type: ignore[return-value]

    return tuple(tuple(map(convert, row)) for row in rows)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as an Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def triples_to_graph(triples: Iterable[ox.Triple], graph: Graph | None = None) -> Graph:
    """Oxigraph triples into an rdflib Graph (a new one unless given)."""
    result = graph if graph is not None else Graph()
    get = _CACHE.get

    def convert(term: object) -> Term:
        value = get(term, _MISSING)
        if value is _MISSING:
            value = cached_to_rdflib(term)
        return value  # type: ignore[return-value]

    store, context = result.store, result  # Graph.add only asserts the term types, which are known here
    add = store.add
    for triple in triples:
        add((convert(triple.subject), convert(triple.predicate), convert(triple.object)), context, quoted=False)
    return result


def graph_to_triples(graph: Graph) -> Iterator[ox.Triple]:
    """An rdflib Graph as Oxigraph triples."""
    for s, p, o in graph:
        subject, predicate = to_oxigraph(s), to_oxigraph(p)
        if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
            raise TypeError(f"not an RDF triple: {s!r} {p!r} {o!r}")
        yield ox.Triple(subject, predicate, to_oxigraph(o))


def iri(value: str) -> ox.NamedNode:
    """An Oxigraph IRI, with the engine's own check of the IRI syntax (ValueError when invalid)."""
    return ox.NamedNode(value)
