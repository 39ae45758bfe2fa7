"""Expected and actual results of the W3C SPARQL tests, and their comparison.

Every RDF term is compared in its N-Triples form (``<iri>``, ``"lexical"^^<datatype>``, ``"text"@lang``,
``_:label``), so that two literals are equal only when their lexical forms are. Blank nodes are equal
up to a renaming: two results match when one bijection of their blank-node labels maps one onto the
other (the same bijection for the whole result, as the SPARQL test suite requires). Solutions are
compared as multisets, or as sequences when the query orders them; graphs as sets of triples.

Files read: SPARQL results in XML (``.srx``), JSON (``.srj``) and TSV (``.tsv``), read by pyoxigraph's
results parser; result sets written in RDF with the DAWG result-set vocabulary (``rs:``) and plain RDF
graphs (Turtle, N-Triples, RDF/XML), read by pyoxigraph's RDF parser; CSV (``.csv``), compared as text
rows, since CSV keeps no term types.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

#: a row of terms in N-Triples form, None where unbound
Row = tuple[str | None, ...]

_RESULT_FORMATS = {
    ".srx": ox.QueryResultsFormat.XML,
    ".srj": ox.QueryResultsFormat.JSON,
    ".tsv": ox.QueryResultsFormat.TSV,
}
_RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML}


@dataclass(frozen=True, slots=True)
class Solutions:
    """The solutions of a SELECT query: variable names and rows aligned with them."""

    variables: tuple[str, ...]
    rows: tuple[Row, ...]

    def aligned(self, variables: Sequence[str]) -> list[Row]:
        """The rows with their columns in the order of ``variables`` (None for a variable not projected)."""
        index = {name: position for position, name in enumerate(self.variables)}
        return [tuple(row[index[name]] if name in index else None for name in variables) for row in self.rows]


@dataclass(frozen=True, slots=True)
class Boolean:
    """The answer of an ASK query."""

    value: bool


@dataclass(frozen=True, slots=True)
class Triples:
    """The triples of a graph (a CONSTRUCT result, or one graph of a dataset)."""

    triples: frozenset[tuple[str, str, str]]


Outcome = Solutions | Boolean | Triples


def term_key(term: object) -> str | None:
    """A pyoxigraph term (or None) in N-Triples form."""
    return None if term is None else str(term)


def solutions_of(results: ox.QuerySolutions | ox.QueryBoolean) -> Solutions | Boolean:
    """A pyoxigraph result as an outcome."""
    if isinstance(results, ox.QueryBoolean):
        return Boolean(bool(results))
    variables = tuple(variable.value for variable in results.variables)
    rows = tuple(tuple(term_key(solution[index]) for index in range(len(variables))) for solution in results)
    return Solutions(variables, rows)


def triples_of(triples: Iterable[ox.Triple | ox.Quad]) -> Triples:
    """Triples (or the triples of quads) as an outcome."""
    return Triples(frozenset((str(t.subject), str(t.predicate), str(t.object)) for t in triples))


def read_graph(path: Path) -> Triples:
    """An RDF file as a graph; relative IRIs resolve against the file's own IRI."""
    return triples_of(ox.parse(path=str(path), format=_RDF_FORMATS[path.suffix], base_iri=path.as_uri()))


def read_expected(path: Path) -> Outcome:
    """The expected result of a query test."""
    if path.suffix in _RESULT_FORMATS:
        return solutions_of(ox.parse_query_results(path=str(path), format=_RESULT_FORMATS[path.suffix]))
    graph = read_graph(path)
    result_sets = [s for s, p, o in graph.triples if p == RDF_TYPE and o == f"<{RS}ResultSet>"]
    return _result_set(graph, result_sets[0]) if result_sets else graph


def _result_set(graph: Triples, node: str) -> Solutions | Boolean:
    """A result set written with the DAWG result-set vocabulary; rows in ``rs:index`` order if given."""
    by_subject: dict[str, list[tuple[str, str]]] = {}
    for s, p, o in graph.triples:
        by_subject.setdefault(s, []).append((p, o))

    def values(subject: str, predicate: str) -> list[str]:
        return [o for p, o in by_subject.get(subject, []) if p == f"<{RS}{predicate}>"]

    boolean = values(node, "boolean")
    if boolean:
        return Boolean(ox_literal_value(boolean[0]) == "true")
    variables = tuple(sorted(ox_literal_value(v) for v in values(node, "resultVariable")))
    rows: list[tuple[int, Row]] = []
    for solution in values(node, "solution"):
        bound: dict[str, str] = {}
        for binding in values(solution, "binding"):
            bound[ox_literal_value(values(binding, "variable")[0])] = values(binding, "value")[0]
        index = values(solution, "index")
        rows.append((int(ox_literal_value(index[0])) if index else 0, tuple(bound.get(v) for v in variables)))
    rows.sort(key=lambda pair: pair[0])
    return Solutions(variables, tuple(row for _, row in rows))


def ox_literal_value(term: str) -> str:
    """The lexical form of a literal in N-Triples form (no escapes in the values the vocabulary uses)."""
    return term[1 : term.rindex('"')]


# -- comparison -------------------------------------------------------------------------------------


def compare(expected: Outcome, actual: Outcome, *, ordered: bool = False, lax: bool = False) -> str | None:
    """None when ``actual`` matches ``expected``; otherwise what differs."""
    if type(expected) is not type(actual):
        return f"expected a {type(expected).__name__}, got a {type(actual).__name__}"
    if isinstance(expected, Boolean):
        return None if expected == actual else f"expected {expected.value}, got {actual.value}"  # type: ignore[union-attr]
    if isinstance(expected, Triples):
        assert isinstance(actual, Triples)
        if isomorphic(list(expected.triples), list(actual.triples), ordered=False):
            return None
        return _difference(sorted(expected.triples), sorted(actual.triples))
    assert isinstance(actual, Solutions)
    if set(expected.variables) != set(actual.variables):
        return f"expected variables {sorted(expected.variables)}, got {sorted(actual.variables)}"
    variables = sorted(expected.variables)
    want, got = expected.aligned(variables), actual.aligned(variables)
    if lax:
        want, got = sorted(set(want), key=repr), sorted(set(got), key=repr)
    if isomorphic(want, got, ordered=ordered):
        return None
    order = "in this order " if ordered else ""
    return f"variables {variables} {order}" + _difference(want, got)


def compare_csv(expected: str, actual: str) -> str | None:
    """None when two CSV results hold the same columns and rows (blank nodes up to renaming)."""
    want, got = list(csv.reader(io.StringIO(expected))), list(csv.reader(io.StringIO(actual)))
    if not want or not got or sorted(want[0]) != sorted(got[0]):
        return f"expected header {want[:1]}, got {got[:1]}"
    columns = [got[0].index(name) for name in want[0]]  # SELECT * has no prescribed column order
    rows_want = [tuple(row) for row in want[1:]]
    rows_got = [tuple(row[index] for index in columns) for row in got[1:]]
    if isomorphic(rows_want, rows_got, ordered=False):
        return None
    return _difference(rows_want, rows_got)


def _difference(want: Sequence[Sequence[str | None]], got: Sequence[Sequence[str | None]]) -> str:
    missing = Counter(map(tuple, want)) - Counter(map(tuple, got))
    extra = Counter(map(tuple, got)) - Counter(map(tuple, want))
    return (
        f"expected {len(want)} rows, got {len(got)}; "
        f"missing {sorted(missing.elements(), key=repr)[:5]}, unexpected {sorted(extra.elements(), key=repr)[:5]}"
    )


def _is_blank(term: str | None) -> bool:
    return term is not None and term.startswith("_:")


def _has_blank(row: Sequence[str | None]) -> bool:
    return any(_is_blank(term) for term in row)


def _unify(
    want: Sequence[str | None], got: Sequence[str | None], forward: dict[str, str], back: dict[str, str]
) -> list[str] | None:
    """Extend the blank-node bijection so that ``want`` maps onto ``got``; the labels added, or None."""
    added: list[str] = []
    for a, b in zip(want, got, strict=True):
        if _is_blank(a) and _is_blank(b):
            assert a is not None and b is not None
            if a in forward:
                if forward[a] != b:
                    break
            elif b in back:
                break
            else:
                forward[a] = b
                back[b] = a
                added.append(a)
        elif a != b:
            break
    else:
        return added
    for label in added:
        del back[forward.pop(label)]
    return None


def isomorphic(want: Sequence[Sequence[str | None]], got: Sequence[Sequence[str | None]], *, ordered: bool) -> bool:
    """True when one blank-node bijection maps the rows of ``want`` onto those of ``got``.

    Rows without blank nodes are compared as multisets (or position by position when ``ordered``);
    the others by a backtracking search for the bijection.
    """
    if len(want) != len(got):
        return False
    forward: dict[str, str] = {}
    back: dict[str, str] = {}
    if ordered:
        return all(_unify(a, b, forward, back) is not None for a, b in zip(want, got, strict=True))
    ground_want = Counter(tuple(row) for row in want if not _has_blank(row))
    ground_got = Counter(tuple(row) for row in got if not _has_blank(row))
    if ground_want != ground_got:
        return False
    blank_want = sorted((tuple(row) for row in want if _has_blank(row)), key=lambda row: -sum(map(_is_blank, row)))
    blank_got = [tuple(row) for row in got if _has_blank(row)]
    return _search(blank_want, blank_got, [False] * len(blank_got), forward, back)


def _shape(row: Sequence[str | None]) -> tuple[str | None, ...]:
    return tuple("_:" if _is_blank(term) else term for term in row)


def _search(
    want: list[tuple[str | None, ...]],
    got: list[tuple[str | None, ...]],
    used: list[bool],
    forward: dict[str, str],
    back: dict[str, str],
) -> bool:
    if not want:
        return True
    first, rest = want[0], want[1:]
    shape = _shape(first)
    for index, candidate in enumerate(got):
        if used[index] or _shape(candidate) != shape:
            continue
        added = _unify(first, candidate, forward, back)
        if added is None:
            continue
        used[index] = True
        if _search(rest, got, used, forward, back):
            return True
        used[index] = False
        for label in added:
            del back[forward.pop(label)]
    return False
