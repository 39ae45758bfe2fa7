"""Query-text helpers of the remote store: prefixes the engine does not know, and the row-cap ``LIMIT``.

Both work on the tokens of :mod:`smpgraph.store.sparql_text`, so that keywords inside strings, IRIs
and comments are never touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import pyoxigraph as ox

from smpgraph.namespaces import PREFIXES
from smpgraph.store.sparql_text import Token, tokenize

#: where blank nodes are skolemised to (RDF 1.1 Concepts 3.5)
GENID: Final = "https://w3id.org/smpgraph/id/.well-known/genid/"


def with_prefixes(sparql: str, tokens: list[Token] | None = None) -> str:
    """``sparql`` with ``PREFIX`` declarations for the smpgraph prefixes it uses but does not declare.

    The embedded store passes the same prefixes to the engine; a remote engine must read them in the text.
    """
    tokens = tokenize(sparql) if tokens is None else tokens
    declared: set[str] = set()
    used: set[str] = set()
    for index, token in enumerate(tokens):
        if token.keyword == "PREFIX" and index + 1 < len(tokens):
            declared.add(tokens[index + 1].text.split(":", 1)[0])
        elif token.kind == "word" and ":" in token.text and not token.text.startswith("_:"):
            used.add(token.text.split(":", 1)[0])
    missing = sorted(prefix for prefix in used - declared if prefix in PREFIXES)
    if not missing:
        return sparql
    return "".join(f"PREFIX {prefix}: <{PREFIXES[prefix]}>\n" for prefix in missing) + sparql


def has_dataset_clause(tokens: list[Token]) -> bool:
    """True when the query names its own dataset (``FROM`` / ``FROM NAMED``)."""
    return any(token.keyword == "FROM" for token in tokens)


def has_top_level(tokens: list[Token], keyword: str) -> bool:
    """True when ``keyword`` occurs outside every brace and parenthesis (a solution modifier)."""
    depth = 0
    for token in tokens:
        if token.text in ("{", "("):
            depth += 1
        elif token.text in ("}", ")"):
            depth -= 1
        elif depth == 0 and token.keyword == keyword:
            return True
    return False


def with_limit(sparql: str, limit: int, tokens: list[Token] | None = None) -> tuple[str, bool]:
    """Add ``LIMIT limit`` to a query that has no top-level ``LIMIT``; returns the text and whether it did.

    The clause goes before a trailing top-level ``VALUES`` block (which follows the solution modifiers).
    """
    tokens = tokenize(sparql) if tokens is None else tokens
    depth = 0
    values_at: int | None = None
    for token in tokens:
        if token.text in ("{", "("):
            depth += 1
        elif token.text in ("}", ")"):
            depth -= 1
        elif depth == 0 and token.keyword == "LIMIT":
            return sparql, False
        elif depth == 0 and token.keyword == "VALUES":
            values_at = token.start
    if values_at is not None:
        return f"{sparql[:values_at]}\nLIMIT {limit}\n{sparql[values_at:]}", True
    return f"{sparql}\nLIMIT {limit}", True


def skolemise(triples: Iterable[ox.Triple], load_id: str) -> list[ox.Triple]:
    """Replace blank nodes by IRIs under ``.well-known/genid/{load_id}-``: engines differ on blank nodes."""
    mapping: dict[str, ox.NamedNode] = {}

    def skolem(node: ox.BlankNode) -> ox.NamedNode:
        iri = mapping.get(node.value)
        if iri is None:
            iri = mapping[node.value] = ox.NamedNode(f"{GENID}{load_id}-{node.value}")
        return iri

    out: list[ox.Triple] = []
    for triple in triples:
        subject, obj = triple.subject, triple.object
        if isinstance(subject, ox.BlankNode) or isinstance(obj, ox.BlankNode):
            if isinstance(subject, ox.BlankNode):
                subject = skolem(subject)
            if isinstance(obj, ox.BlankNode):
                obj = skolem(obj)
            out.append(ox.Triple(subject, triple.predicate, obj))
        else:
            out.append(triple)
    return out


def ntriples(triples: Iterable[ox.Triple]) -> bytes:
    """Triples as N-Triples bytes."""
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
