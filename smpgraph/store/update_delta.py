"""The asserted change of a SPARQL update, computed before it is applied (for incremental reasoning).

The update is the store's rewrite of the user's request (:func:`smpgraph.store.sparql_text.rewrite_update`:
data without ``GRAPH`` goes to the default graph's stand-in, every ``DELETE``/``INSERT ... WHERE`` has a
``WITH`` and its dataset, ``DEFAULT``, ``ALL`` and ``NAMED`` are graph names), so each operation names its
graphs. Operations are simulated in order over :class:`~smpgraph.store.deltas.Pending`, with the engine
doing every part that needs SPARQL semantics:

* ``INSERT DATA`` / ``DELETE DATA``: the quads are read by the engine (an ``INSERT DATA`` into a scratch
  store), then inserted or deleted;
* ``DELETE``/``INSERT ... WHERE`` and ``DELETE WHERE``: the ``WHERE`` runs as a ``SELECT`` over the same
  dataset, and the engine instantiates each template from those solutions (``INSERT { template } WHERE
  { VALUES ... }`` into a scratch store), so that unbound variables and ill-formed triples are dropped as
  the update itself drops them. The ``SELECT`` reads the store as it is, so such an operation must come
  before any other change in the request;
* ``CLEAR``, ``DROP`` and ``CREATE`` of a named graph.

Anything else raises :class:`~smpgraph.store.deltas.DeltaUnavailable` (the write takes the full path):
``ADD``/``COPY``/``MOVE``, a ``WHERE`` operation after another change, a solution or template with a blank
node, an operation the engine would refuse (``DROP`` of a missing graph without ``SILENT``; the engine
then reports the error itself), and changes above the limit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

import pyoxigraph as ox

from smpgraph.errors import UpdateNotAllowedError
from smpgraph.namespaces import PREFIXES
from smpgraph.store.deltas import DeltaUnavailable, Pending, QuadDelta
from smpgraph.store.protection import PROTECTED_GRAPHS, refusal
from smpgraph.store.sparql_text import Token, operations, tokenize

_DATA: Final = frozenset({"INSERT", "DELETE"})


def update_delta(engine: Callable[[], ox.Store], rewritten: str, *, limit: int) -> QuadDelta:
    """The change the (rewritten) update ``rewritten`` makes to ``engine()`` (the function returning the engine).

    Raises:
        DeltaUnavailable: the change cannot be computed exactly here (see the module docstring).
        UpdateNotAllowedError: a template whose graph is a variable would write a protected graph.
    """
    tokens = tokenize(rewritten)
    pending = Pending(engine, limit)
    prologue: list[str] = []
    for start, end in operations(tokens):
        op = tokens[start:end]
        index = 0
        while index < len(op) and op[index].keyword in ("PREFIX", "BASE"):
            width = 3 if op[index].keyword == "PREFIX" else 2
            prologue.append(" ".join(token.text for token in op[index : index + width]))
            index += width
        if index < len(op):
            _operation(pending, rewritten, op[index:], "\n".join(prologue))
    return pending.delta()


def _operation(pending: Pending, text: str, op: list[Token], prologue: str) -> None:
    keyword = op[0].keyword
    if keyword in _DATA and len(op) > 2 and op[1].keyword == "DATA":
        quads = _scratch_quads(prologue, f"INSERT DATA {_block(text, op, 2)[0]}")
        for quad in quads:
            if keyword == "INSERT":
                pending.insert(quad)
            else:
                pending.delete(quad)
    elif keyword == "WITH":
        _modify(pending, text, op, prologue)
    elif keyword in ("CLEAR", "DROP", "CREATE"):
        _graph_operation(pending, op, prologue)
    else:
        raise DeltaUnavailable(f"{keyword or op[0].text} is not computed in advance")


def _graph_operation(pending: Pending, op: list[Token], prologue: str) -> None:
    keyword = op[0].keyword
    silent = len(op) > 1 and op[1].keyword == "SILENT"
    rest = op[2:] if silent else op[1:]
    if len(rest) != 2 or rest[0].keyword != "GRAPH":
        raise DeltaUnavailable(f"this form of {keyword} is not computed in advance")
    graph = _resolve(prologue, rest[1].text)
    exists = pending.exists(graph)
    if exists == (keyword == "CREATE") and not silent:
        raise DeltaUnavailable(f"{keyword} of <{graph.value}> fails in the engine")
    if keyword == "CREATE":
        pending.create(graph)
    elif exists and keyword == "DROP":
        pending.drop(graph)
    elif exists:
        pending.clear(graph)


def _modify(pending: Pending, text: str, op: list[Token], prologue: str) -> None:
    """``WITH <g> [DELETE {...}] [INSERT {...}] [USING [NAMED] <g>]... WHERE {...}`` (as rewritten)."""
    if pending.changed:
        raise DeltaUnavailable("a DELETE/INSERT ... WHERE after another change in the same request")
    if len(op) < 2:
        raise DeltaUnavailable("an incomplete WITH")
    with_graph = op[1].text
    index = 2
    templates: dict[str, str] = {}
    while index < len(op) and op[index].keyword in _DATA and op[index].keyword not in templates:
        kind = str(op[index].keyword)
        templates[kind], index = _block(text, op, index + 1)
    using: list[str] = []
    while index < len(op) and op[index].keyword == "USING":
        named = index + 1 < len(op) and op[index + 1].keyword == "NAMED"
        width = 3 if named else 2
        using.append(("FROM NAMED " if named else "FROM ") + op[index + width - 1].text)
        index += width
    if index >= len(op) or op[index].keyword != "WHERE":
        raise DeltaUnavailable("a DELETE/INSERT without WHERE")
    where, index = _block(text, op, index + 1)
    if index != len(op):
        raise DeltaUnavailable("tokens after the WHERE block")
    query = f"{prologue}\nSELECT * {' '.join(using)} WHERE {where}"
    default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = (
        None if using else [_resolve(prologue, with_graph)]
    )
    solutions = pending.engine().query(query, prefixes=PREFIXES, default_graph=default)
    assert isinstance(solutions, ox.QuerySolutions)
    values = _values(solutions, pending.limit)
    deleted = _instances(prologue, with_graph, templates.get("DELETE"), values)
    inserted = _instances(prologue, with_graph, templates.get("INSERT"), values)
    for quad in deleted:
        pending.delete(quad)
    for quad in inserted:
        pending.insert(quad)


def _values(solutions: ox.QuerySolutions, limit: int) -> str:
    """The solutions as a ``VALUES`` block (DeltaUnavailable for a blank node or more than ``limit`` rows)."""
    variables = list(solutions.variables)
    rows: list[str] = []
    for solution in solutions:
        cells = []
        for variable in variables:
            term = solution[variable]
            if term is None:
                cells.append("UNDEF")
            elif type(term) in (ox.NamedNode, ox.Literal):
                cells.append(str(term))
            else:
                raise DeltaUnavailable("a solution of the WHERE binds a blank node")
        rows.append(f"({' '.join(cells)})")
        if len(rows) > limit:
            raise DeltaUnavailable(f"the WHERE has more than {limit} solutions")
    names = " ".join(str(variable) for variable in variables)
    return f"VALUES ({names}) {{\n" + "\n".join(rows) + "\n}"


def _instances(prologue: str, with_graph: str, template: str | None, values: str) -> list[ox.Quad]:
    """The quads of ``template`` instantiated by the engine from the solutions in ``values``."""
    if template is None:
        return []
    quads = _scratch_quads(prologue, f"WITH {with_graph} INSERT {template} WHERE {{ {values} }}")
    for quad in quads:
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in PROTECTED_GRAPHS:
            raise UpdateNotAllowedError(refusal(quad.graph_name.value))
    return quads


def _scratch_quads(prologue: str, update: str) -> list[ox.Quad]:
    """The quads an update writes into an empty store (the engine's own reading of data and templates)."""
    scratch = ox.Store()
    try:
        scratch.update(f"{prologue}\n{update}", prefixes=PREFIXES)
    except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
        raise DeltaUnavailable(f"the engine cannot run the operation alone: {exc}") from None
    return list(scratch)


def _resolve(prologue: str, term: str) -> ox.NamedNode:
    """A graph IRI as written in the update (``<iri>``, a prefixed name, a relative IRI) as the engine reads it."""
    if term.startswith("<") and term.endswith(">"):
        try:
            node = ox.NamedNode(term[1:-1])
        except ValueError:
            pass
        else:
            if ":" in node.value:
                return node
    try:
        result = ox.Store().query(f"{prologue}\nSELECT ?g WHERE {{ BIND({term} AS ?g) }}", prefixes=PREFIXES)
    except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
        raise DeltaUnavailable(f"cannot read the graph name {term}: {exc}") from None
    assert isinstance(result, ox.QuerySolutions)
    for solution in result:
        graph = solution[0]
        if isinstance(graph, ox.NamedNode):
            return graph
    raise DeltaUnavailable(f"the graph name {term} is not an IRI")


def _block(text: str, op: Sequence[Token], open_index: int) -> tuple[str, int]:
    """The ``{...}`` block opening at ``op[open_index]`` as text, and the index of the token after it."""
    if open_index >= len(op) or op[open_index].text != "{":
        raise DeltaUnavailable("expected a '{' block")
    depth = 0
    for index in range(open_index, len(op)):
        depth += {"{": 1, "}": -1}.get(op[index].text, 0)
        if depth == 0:
            return text[op[open_index].start : op[index].start + 1], index + 1
    raise DeltaUnavailable("unbalanced braces")
