"""A small SPARQL lexer: the query form, refused operations, and the dataset rules for updates.

It is not a parser (the engine parses); it only splits a request into tokens so that keywords are
never confused with the insides of IRIs, strings, comments, variables or prefixed names.
See docs/decisions/0001-graph-naming.md for why updates are rewritten.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from smpgraph.errors import ForbiddenOperationError, QueryError
from smpgraph.store.model import QueryForm

_TOKEN: Final = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<word>[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\-.\u00B7-\uFFFF]*(?::[^\s{}();,.\[\]]*)?|:[^\s{}();,\[\]]*)
  | (?P<punct>[{}();,.\[\]])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_FORMS: Final = {form.value: form for form in QueryForm}


@dataclass(frozen=True, slots=True)
class Token:
    """One lexical token: its kind, its text and its offset in the request."""

    kind: str
    text: str
    start: int

    @property
    def keyword(self) -> str | None:
        """The upper-cased word if this is a bare keyword (no colon), else None."""
        if self.kind == "word" and ":" not in self.text:
            return self.text.upper()
        return None


def tokenize(text: str) -> list[Token]:
    """Split a SPARQL request into tokens, dropping white space and comments."""
    return list(iter_tokens(text))


def iter_tokens(text: str) -> Iterator[Token]:
    """The tokens of :func:`tokenize`, one at a time (for scans that stop early)."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            yield Token(kind, match.group(), match.start())


def query_form(sparql: str) -> QueryForm:
    """The form of a query (SELECT, ASK, CONSTRUCT or DESCRIBE).

    Raises:
        QueryError: the text has none of the four keywords (or is an update).
    """
    for token in iter_tokens(sparql):  # the form comes right after the prologue: no need to read on
        keyword = token.keyword
        if keyword in _FORMS:
            return _FORMS[keyword]
        if keyword in _UPDATE_KEYWORDS:
            raise QueryError(f"this is an update ({keyword}), not a query; send it as an update")
    raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE found")


_UPDATE_KEYWORDS: Final = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


def refuse_remote_access(sparql: str, *, allow_service: bool = False) -> None:
    """Refuse ``SERVICE`` (unless allowed) and ``LOAD``: the server fetches nothing it was not told to.

    Cheap on the query path: a request whose text does not contain either word (in any case) cannot
    use them, since SPARQL keywords have no escapes; only the others are tokenised, and their verdicts
    are cached per text.

    Raises:
        ForbiddenOperationError: the request asks the engine to fetch a remote or local resource.
    """
    upper = sparql.upper()  # the same folding as Token.keyword
    if "LOAD" not in upper and ("SERVICE" not in upper or allow_service):
        return
    refusal = _remote_access_refusal(sparql, allow_service)
    if refusal is not None:
        raise ForbiddenOperationError(refusal)


@functools.lru_cache(maxsize=512)
def _remote_access_refusal(sparql: str, allow_service: bool) -> str | None:
    """Why ``sparql`` is refused, or None; see :func:`refuse_remote_access`."""
    for token in tokenize(sparql):
        keyword = token.keyword
        if keyword == "SERVICE" and not allow_service:
            return (
                f"SERVICE is disabled on this store (offset {token.start}); federated queries to other "
                "endpoints are refused unless the operator sets SMPGRAPH_ALLOW_SERVICE=true"
            )
        if keyword == "LOAD":
            return (
                f"LOAD is disabled (offset {token.start}): the store never fetches remote or local files; "
                "use `smpgraph load FILE` or the Graph Store Protocol"
            )
    return None


def rewrite_update(
    sparql: str,
    *,
    default_graph: str,
    union_graphs: Sequence[str],
    using_graphs: Sequence[str] | None = None,
    using_named_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    user_graphs: Sequence[str] | None = None,
) -> str:
    """Make an update see the same dataset as queries.

    The store's logical default graph is the named graph ``default_graph``: templates and data
    without ``GRAPH`` go there, and ``DEFAULT`` names it. The ``WHERE`` of a DELETE/INSERT is
    evaluated over ``union_graphs`` (``USING`` each of them) unless the update names its own
    dataset (``USING``/``WITH``: then the request's own choice holds) or the protocol gave
    ``using-graph-uri``/``using-named-graph-uri`` (then those are the dataset).

    Args:
        sparql: the update request.
        default_graph: IRI of the graph that stands for the store's default graph.
        union_graphs: IRIs of every graph of the query dataset.
        using_graphs: the protocol's ``using-graph-uri`` values, if any.
        using_named_graphs: the protocol's ``using-named-graph-uri`` values, if any.
        named_graphs: IRIs of the graphs ``GRAPH`` may see in a ``WHERE`` (default: ``union_graphs``).
        user_graphs: the graphs ``CLEAR``/``DROP`` ``ALL`` act on (``NAMED``: all but ``default_graph``);
            without it, they are left to the engine.

    Returns:
        The rewritten update.

    Raises:
        QueryError: the protocol names a dataset and the update does too (SPARQL 1.1 Protocol 2.2.3).
    """
    tokens = tokenize(sparql)
    protocol_dataset = bool(using_graphs) or bool(using_named_graphs)
    out: list[str] = []
    position = 0

    def emit_until(offset: int) -> None:
        nonlocal position
        out.append(sparql[position:offset])
        position = offset

    default_iri = f"<{default_graph}>"
    for start, end in _operations(tokens):
        op = tokens[start:end]
        keywords = [token.keyword for token in op]
        first = next((k for k in keywords if k not in (None, "PREFIX", "BASE")), None)
        body_start = _body_start(op)
        if first in ("INSERT", "DELETE") and body_start is not None:
            head = op[body_start]
            nxt = op[body_start + 1] if body_start + 1 < len(op) else None
            if nxt is not None and nxt.keyword == "DATA":
                position = _wrap_data_block(sparql, op, body_start + 2, default_iri, out, position)
                continue
            if head.keyword == "DELETE" and nxt is not None and nxt.keyword == "WHERE":
                # DELETE WHERE { P }  ==  WITH <default> DELETE { P } USING ... WHERE { P }
                block_end = _matching_brace(op, body_start + 2)
                pattern = sparql[op[body_start + 2].start : op[block_end].start + 1]
                emit_until(head.start)
                using = _using_clause(union_graphs, using_graphs, using_named_graphs, named_graphs)
                out.append(f"WITH {default_iri} DELETE {pattern} {using} WHERE {pattern}")
                position = op[block_end].start + 1
                continue
        if first in ("INSERT", "DELETE", "WITH"):
            has_with = "WITH" in keywords
            has_using = "USING" in keywords
            if protocol_dataset and (has_with or has_using):
                raise QueryError(
                    "the request names its dataset with using-graph-uri/using-named-graph-uri and the update "
                    "also has USING or WITH; give only one"
                )
            where_index = _top_level_where(op)
            insert_at = op[body_start].start if body_start is not None else op[0].start
            if not has_with:
                emit_until(insert_at)
                out.append(f"WITH {default_iri} ")
            if where_index is not None and not has_using and (not has_with or protocol_dataset):
                emit_until(op[where_index].start)
                out.append(_using_clause(union_graphs, using_graphs, using_named_graphs, named_graphs) + " ")
            continue
        if first in ("CLEAR", "DROP") and user_graphs is not None and ({"ALL", "NAMED"} & set(keywords)):
            verb = next(token for token in op if token.keyword == first)
            emit_until(verb.start)
            every = "ALL" in keywords
            graphs = [graph for graph in user_graphs if every or graph != default_graph]
            out.append(
                " ;\n".join(f"{first} SILENT GRAPH <{graph}>" for graph in graphs)
                or "CLEAR SILENT GRAPH <urn:smpgraph:nothing>"
            )
            position = op[-1].start + len(op[-1].text)
            continue
        for token in op:
            if token.keyword == "DEFAULT":
                emit_until(token.start)
                previous = op[op.index(token) - 1].keyword if op.index(token) > 0 else None
                graph_ref = first in ("CLEAR", "DROP", "CREATE") or previous in ("CLEAR", "DROP", "SILENT")
                # the default graph always exists: clearing or dropping it never fails for want of it
                silent = "" if previous == "SILENT" or first not in ("CLEAR", "DROP") else "SILENT "
                out.append(f"{silent}GRAPH {default_iri}" if graph_ref else default_iri)
                position = token.start + len(token.text)
    out.append(sparql[position:])
    return "".join(out)


def _using_clause(
    union_graphs: Sequence[str],
    using_graphs: Sequence[str] | None,
    using_named_graphs: Sequence[str] | None,
    named_graphs: Sequence[str] | None = None,
) -> str:
    if using_graphs or using_named_graphs:
        parts = [f"USING <{iri}>" for iri in using_graphs or ()]
        parts += [f"USING NAMED <{iri}>" for iri in using_named_graphs or ()]
        return " ".join(parts)
    parts = [f"USING <{iri}>" for iri in union_graphs]
    parts += [f"USING NAMED <{iri}>" for iri in (union_graphs if named_graphs is None else named_graphs)]
    return " ".join(parts)


def operations(tokens: list[Token]) -> list[tuple[int, int]]:
    """(start, end) token ranges of the operations of an update, split at top-level ``;``."""
    return _operations(tokens)


def _operations(tokens: list[Token]) -> list[tuple[int, int]]:
    """(start, end) token ranges of the operations of an update, split at top-level ``;``."""
    ranges: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for index, token in enumerate(tokens):
        if token.text in ("{", "(", "["):
            depth += 1
        elif token.text in ("}", ")", "]"):
            depth -= 1
        elif token.text == ";" and depth == 0:
            ranges.append((start, index))
            start = index + 1
    ranges.append((start, len(tokens)))
    return [(s, e) for s, e in ranges if s < e]


def _body_start(op: list[Token]) -> int | None:
    """Index of the INSERT/DELETE keyword that starts the operation proper (after WITH <g>)."""
    for index, token in enumerate(op):
        if token.keyword in ("INSERT", "DELETE"):
            return index
    return None


def _top_level_where(op: list[Token]) -> int | None:
    depth = 0
    for index, token in enumerate(op):
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif depth == 0 and token.keyword == "WHERE":
            return index
    return None


def _matching_brace(op: list[Token], open_index: int) -> int:
    if open_index >= len(op) or op[open_index].text != "{":
        raise QueryError("malformed update: expected '{'")
    depth = 0
    for index in range(open_index, len(op)):
        if op[index].text == "{":
            depth += 1
        elif op[index].text == "}":
            depth -= 1
            if depth == 0:
                return index
    raise QueryError("malformed update: unbalanced braces")


def _wrap_data_block(
    sparql: str, op: list[Token], open_index: int, default_iri: str, out: list[str], position: int
) -> int:
    """Put the triples of an INSERT DATA / DELETE DATA block that are outside GRAPH into the default graph."""
    close_index = _matching_brace(op, open_index)
    out.append(sparql[position : op[open_index].start + 1])
    index = open_index + 1
    pending_start: int | None = None

    def flush(upto: int) -> None:
        nonlocal pending_start
        if pending_start is not None:
            text = sparql[pending_start:upto].strip()
            if text and text != ".":
                out.append(f" GRAPH {default_iri} {{ {text} }} ")
            pending_start = None

    while index < close_index:
        token = op[index]
        if token.keyword == "GRAPH":
            flush(token.start)
            inner_open = index + 2
            inner_close = _matching_brace(op, inner_open)
            out.append(" " + sparql[token.start : op[inner_close].start + 1] + " ")
            index = inner_close + 1
            if index < close_index and op[index].text == ".":
                index += 1
            continue
        if pending_start is None:
            pending_start = token.start
        index += 1
    flush(op[close_index].start)
    out.append("}")
    return op[close_index].start + 1
