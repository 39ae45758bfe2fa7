"""The graphs only smpgraph writes (inferred, metadata): which graphs an update writes, and the refusal.

The graphs an update writes are read from a real parse of it: rdflib's SPARQL Update parser and algebra
for the operations, and the engine's own parser (pyoxigraph, on a scratch store) for the quads of
``INSERT DATA`` / ``DELETE DATA`` blocks, which rdflib reads far too slowly (about 40 kB/s: seconds for
a block of a thousand triples). The lexer of :mod:`smpgraph.store.sparql_text` only finds where those
blocks start and end, so that rdflib reads the update without their insides.

An update is refused (:class:`~smpgraph.errors.UpdateNotAllowedError`, HTTP 403, exit 2), before
anything is written, when it names a protected graph as a target: ``INSERT``/``DELETE`` (``DATA``,
``WHERE``, templates with ``GRAPH <g>`` or ``WITH <g>``), ``CLEAR``/``DROP``/``CREATE``/``LOAD INTO``,
the target of ``ADD``/``COPY``/``MOVE`` and the source of ``MOVE`` (which empties it). Reading a
protected graph (``USING``, ``GRAPH`` in a ``WHERE``, the source of ``ADD``/``COPY``) is allowed.
``CLEAR``/``DROP`` ``ALL`` and ``NAMED`` act on the user's graphs only (the store rewrites them).
A template whose graph is a variable is checked while the update runs: see :func:`variable_graph_guard`.
See docs/decisions/0009-http-auth-and-limits.md (amendment).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

import pyoxigraph as ox
from rdflib.plugins.sparql.algebra import translateUpdate
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.term import URIRef, Variable

from smpgraph.errors import QueryError, UpdateNotAllowedError
from smpgraph.namespaces import PREFIXES
from smpgraph.store.metadata import DEFAULT_GRAPH, INFERRED_GRAPH, META_GRAPH
from smpgraph.store.sparql_text import Token, operations, tokenize

#: the graphs smpgraph alone writes
PROTECTED_GRAPHS: Final = (str(INFERRED_GRAPH), str(META_GRAPH))

_DATA_KEYWORDS: Final = ("INSERT", "DELETE")


@dataclass(frozen=True, slots=True)
class UpdateTargets:
    """The graphs one update request writes.

    Attributes:
        graphs: the graphs named as targets (the store's default graph as ``graph/default``).
        variable: some template writes to ``GRAPH ?var``: which graphs, only the data can tell.
        every_graph: some operation is ``CLEAR``/``DROP`` ``ALL`` or ``NAMED``.
    """

    graphs: frozenset[str]
    variable: bool = False
    every_graph: bool = False


def check_update(sparql: str) -> UpdateTargets:
    """The graphs ``sparql`` writes; refuse it if it names a protected graph as a target.

    Raises:
        UpdateNotAllowedError: it writes the inferred or the metadata graph (the graph is named).
        QueryError: it cannot be parsed.
    """
    targets = update_targets(sparql)
    for graph in PROTECTED_GRAPHS:
        if graph in targets.graphs:
            raise UpdateNotAllowedError(refusal(graph))
    return targets


def refusal(graph: str) -> str:
    """Why a write to the protected ``graph`` is refused."""
    what = "the inferred graph" if graph == str(INFERRED_GRAPH) else "the metadata graph"
    return (
        f"<{graph}> is {what}, which smpgraph maintains itself: updates may read it but not write, clear, "
        "drop or move it; nothing was changed"
    )


def update_targets(sparql: str) -> UpdateTargets:
    """The graphs ``sparql`` writes, from a parse of it (see the module documentation).

    Raises:
        QueryError: rdflib cannot parse it (or the engine cannot parse one of its data blocks).
    """
    tokens = tokenize(sparql)
    spans = operations(tokens)
    data_ops: dict[int, tuple[int, int]] = {}  # operation index -> token indexes of its data block's braces
    pieces: list[str] = []
    position = 0
    for number, (start, end) in enumerate(spans):
        block = _data_block(tokens, start, end)
        if block is not None:
            data_ops[number] = block
            pieces.append(sparql[position : tokens[block[0]].start + 1])
            position = tokens[block[1]].start
    pieces.append(sparql[position:])
    if len(data_ops) == len(spans) and all(data_ops[n][1] == end - 1 for n, (_, end) in enumerate(spans)):
        # only data blocks (each operation ends with its block): the engine reads them all, rdflib is not needed
        return UpdateTargets(frozenset().union(*(_data_graphs(sparql, tokens, block) for block in data_ops.values())))
    algebra = _parse("".join(pieces)) if data_ops else None
    if (
        algebra is None
        or len(algebra) != len(spans)
        or any(algebra[number].name not in ("InsertData", "DeleteData") for number in data_ops)
    ):
        data_ops = {}  # the lexer and the parser disagree on the operations: let the parser read it all
        algebra = _parse(sparql)
    graphs: set[str] = set()
    variable = every = False
    for number, op in enumerate(algebra):
        if number in data_ops:
            graphs |= _data_graphs(sparql, tokens, data_ops[number])
            continue
        written, is_variable, is_every = _op_targets(op)
        graphs |= written
        variable = variable or is_variable
        every = every or is_every
    return UpdateTargets(frozenset(graphs), variable, every)


def _data_block(tokens: list[Token], start: int, end: int) -> tuple[int, int] | None:
    """The braces of the ``INSERT DATA`` / ``DELETE DATA`` block of an operation, if it is one."""
    first = next((index for index in range(start, end) if tokens[index].keyword not in (None, "PREFIX", "BASE")), None)
    if first is None or first + 2 >= end or tokens[first].keyword not in _DATA_KEYWORDS:
        return None
    if tokens[first + 1].keyword != "DATA" or tokens[first + 2].text != "{":
        return None
    depth = 0
    for close in range(first + 2, end):
        depth += {"{": 1, "}": -1}.get(tokens[close].text, 0)
        if depth == 0:
            return first + 2, close
    return None


#: smpgraph's prefixes, which updates may use undeclared, declared first (the update's own come after them:
#: rdflib's ``initNs`` would replace the prefixes an update declares in its first operation for the others)
_PROLOGUE: Final = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def _parse(text: str) -> list[Any]:
    try:
        return list(translateUpdate(parseUpdate(_PROLOGUE + text)).algebra)
    except Exception as exc:  # rdflib's parser and algebra raise many kinds of errors
        raise QueryError(f"smpgraph could not read which graphs this update writes: {exc}") from None


def _data_graphs(sparql: str, tokens: list[Token], block: tuple[int, int]) -> set[str]:
    """The graphs of one data block, read by the engine: its quads, inserted into a scratch store."""
    prologue = []
    for index in range(block[0]):
        if tokens[index].keyword == "BASE":
            prologue.append(f"BASE {tokens[index + 1].text}")
        elif tokens[index].keyword == "PREFIX":
            prologue.append(f"PREFIX {tokens[index + 1].text} {tokens[index + 2].text}")
    text = "\n".join(prologue) + "\nINSERT DATA " + sparql[tokens[block[0]].start : tokens[block[1]].start + 1]
    scratch = ox.Store()
    try:
        scratch.update(text, prefixes=PREFIXES)
    except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    in_default = next(iter(scratch.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
    graphs = {str(DEFAULT_GRAPH)} if in_default else set()
    return graphs | {graph.value for graph in scratch.named_graphs() if isinstance(graph, ox.NamedNode)}


def _graph_ref(ref: object) -> str | None:
    """A graph reference of the algebra as an IRI (``DEFAULT`` as ``graph/default``); None for ALL/NAMED."""
    if ref == "DEFAULT" or ref is None:
        return str(DEFAULT_GRAPH)
    if isinstance(ref, URIRef):
        return str(ref)
    return None


def _field(node: Any, name: str) -> Any:
    """A field of rdflib's algebra node, or None (its ``get`` does not answer None for a missing one)."""
    return node[name] if name in node else None  # noqa: SIM401


def _template(clause: Any, default: str) -> tuple[set[str], bool]:
    """Graphs written by an INSERT or DELETE template, and whether one is a variable."""
    graphs: set[str] = set()
    variable = False
    if clause is None:
        return graphs, variable
    if _field(clause, "triples"):
        graphs.add(default)
    for name in _field(clause, "quads") or {}:
        if isinstance(name, Variable):
            variable = True
        else:
            graphs.add(str(name))
    return graphs, variable


def _op_targets(op: Any) -> tuple[set[str], bool, bool]:
    """(graphs written, writes a variable graph, is ALL/NAMED) of one operation of rdflib's algebra."""
    name = op.name
    if name in ("InsertData", "DeleteData", "DeleteWhere"):
        return (*_template(op, str(DEFAULT_GRAPH)), False)
    if name == "Modify":
        default = str(_field(op, "withClause") or DEFAULT_GRAPH)
        deleted, variable_deleted = _template(_field(op, "delete"), default)
        inserted, variable_inserted = _template(_field(op, "insert"), default)
        return deleted | inserted, variable_deleted or variable_inserted, False
    if name in ("Clear", "Drop", "Create", "Load"):
        graph = _graph_ref(_field(op, "graphiri"))
        return ({graph} if graph else set()), False, graph is None
    if name in ("Add", "Copy", "Move"):
        source, target = (_graph_ref(ref) for ref in op.graph)
        written = {target} | ({source} if name == "Move" else set())
        return {graph for graph in written if graph is not None}, False, False
    raise QueryError(f"unknown update operation {name}")


def user_graphs(graphs: Iterable[str]) -> list[str]:
    """The graphs among ``graphs`` that users may write (the protected ones left out), sorted."""
    return sorted(set(graphs) - set(PROTECTED_GRAPHS))


@dataclass(frozen=True, slots=True)
class Guard:
    """Operations around an update that make the engine refuse it if it changed a protected graph.

    ``before`` copies each protected graph into a snapshot; ``after`` marks a flag graph when a protected
    graph differs from its snapshot, then creates the flag graph, which fails (and so rolls the whole
    request back, as the engine runs a request as one transaction) when it was marked. Engines that do
    not (Virtuoso) get no guard: the remote store refuses such updates there.
    """

    before: str
    after: str
    flags: dict[str, str]

    def wrap(self, update: str) -> str:
        return f"{self.before} ;\n{update} ;\n{self.after}"

    def refused_graph(self, message: str) -> str | None:
        """The protected graph whose flag the engine's error names, if any."""
        return next((graph for graph, flag in self.flags.items() if f"<{flag}>" in message), None)


def variable_graph_guard(snapshots: dict[str, str], counts: dict[str, int]) -> Guard:
    """The guard for an update with ``GRAPH ?var`` templates.

    Args:
        snapshots: protected graph -> where its snapshot goes (``DEFAULT``: the engine's own default graph,
            or the IRI of a staging graph); the snapshot must be out of every update's reach.
        counts: protected graph -> its number of triples, for a graph checked by its size only (the
            metadata graph of the embedded store, which lives outside the engine and must stay empty there).
    """
    token = uuid.uuid4().hex
    flags = {graph: f"urn:smpgraph:refused:{token}:{index}" for index, graph in enumerate(PROTECTED_GRAPHS)}
    before, marks, creates, cleanup = [], [], [], []
    for graph in PROTECTED_GRAPHS:
        flag = flags[graph]
        mark = f"INSERT {{ GRAPH <{flag}> {{ <{flag}> <{flag}> <{flag}> }} }} WHERE "
        if graph in snapshots:
            snapshot = snapshots[graph]
            target = "DEFAULT" if snapshot == "DEFAULT" else f"GRAPH <{snapshot}>"
            pattern = "{ ?s ?p ?o }" if snapshot == "DEFAULT" else f"{{ GRAPH <{snapshot}> {{ ?s ?p ?o }} }}"
            before.append(f"DROP SILENT {target} ;\nCOPY SILENT GRAPH <{graph}> TO {target}")
            marks.append(
                mark + f"{{ {{ GRAPH <{graph}> {{ ?s ?p ?o }} FILTER NOT EXISTS {pattern} }} UNION "
                f"{{ {pattern} FILTER NOT EXISTS {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} }} }}"
            )
            cleanup.append(f"DROP SILENT {target}")
        else:
            marks.append(
                mark + f"{{ {{ SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} }} "
                f"FILTER(?n != {counts.get(graph, 0)}) }}"
            )
        creates.append(f"CREATE GRAPH <{flag}>")
        cleanup.append(f"DROP SILENT GRAPH <{flag}>")
    after = " ;\n".join([*marks, *creates, *cleanup])
    return Guard(" ;\n".join(before) or "CLEAR SILENT GRAPH <urn:smpgraph:nothing>", after, flags)
