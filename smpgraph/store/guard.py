"""A nesting guard: refuse SPARQL nested deeper than the engine can take without crashing.

The engine's parser and its evaluator recurse on the native stack; past a few thousand levels they
overflow it and the process dies (SIGSEGV), whatever thread runs them. Measured on an 8 MiB stack
(docs/decisions/0012-contained-query-engine.md): the parser dies at ~700 nested ``FILTER(EXISTS {``,
~940 nested function calls, ~2,200 nested groups, ~3,400 nested ``[`` and ~4,600 nested parentheses;
the evaluator at ~6,500 ``UNION``/``OPTIONAL`` or ~6,800 ``+`` chained at one level (a left-deep tree).

Two measures are taken before the engine sees a query or an update, and each has a limit far below
those thresholds:

* **depth**: brackets ``(``, ``[``, ``{`` open at once, plus runs of ``!`` (each one a level of the
  parser): at most :data:`MAX_DEPTH`;
* **tree depth**: an upper bound of the depth of the algebra tree: along any chain of open brackets,
  one per bracket plus one per binary operator, ``UNION``, ``OPTIONAL``, ``MINUS``, ``FILTER`` or
  nested group at each level: at most :data:`MAX_TREE_DEPTH`.

The lexer skips strings (the four quote forms, with escapes), IRIs and comments, so brackets inside
them are not counted. A ``<`` that follows an operand inside parentheses may be the less-than operator
rather than the start of an IRI (the engine decides by context): it is then read as an operator, and
the brackets inside an IRI are counted as far as they could nest. The guard is the first line only:
on an on-disk store the engine parses every request in a worker process first, which a crash the
guard did not foresee kills alone (ADR 0012).
"""

from __future__ import annotations

import re
from typing import Final

import pyoxigraph as ox

from smpgraph.errors import NestingTooDeepError, QueryError
from smpgraph.namespaces import PREFIXES

MAX_DEPTH: Final = 128
"""Brackets (and ``!``) open at once; the engine's parser has died at ~700 levels of the costliest kind."""
MAX_TREE_DEPTH: Final = 1024
"""Depth of the algebra tree (operators chained at each level included); the evaluator has died at ~6,500."""

_STRING: Final = (
    r"'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*"'
)
_IRI: Final = r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>'
_PLAIN_IRI: Final = r'<(?:[^<>"{}|^`\\\x00-\x20()\[\]!]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>'
_OPERAND: Final = (
    r"[?$][\w\u00B7-\uFFFF]*|@[A-Za-z]+(?:-[A-Za-z0-9]+)*"
    r"|[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?"
)
_CHAINING: Final = r"(?i:UNION|OPTIONAL|MINUS|FILTER)(?![\w\-.:\u00B7-\uFFFF])"
_WORD: Final = r"""[A-Za-z_\u00C0-\uFFFF][\w\-.\u00B7-\uFFFF]*(?::[^\s{}();,\[\]<>"'\#]*)?|:[^\s{}();,\[\]<>"'\#]*"""
_TAIL: Final = r"""
  | (?P<open>[({\[])
  | (?P<close>[)}\]])
  | (?P<bang>!(?!=))
  | (?P<op>\|\||&&|!=|<=|>=|[=<>+\-*/|])
  | (?P<other>.)
"""
#: inside parentheses (expressions): one token at a time, to tell operands from operators
_FINE: Final = re.compile(
    rf"""
    (?P<string>{_STRING})
  | (?P<iri>{_IRI})
  | (?P<skip>\s+|\#[^\n\r]*)
  | (?P<chain>{_CHAINING})
  | (?P<operand>{_OPERAND})
  | (?P<word>{_WORD})
    {_TAIL}""",
    re.VERBOSE | re.DOTALL,
)
#: elsewhere (groups, data, the prologue): a run of terms that cannot nest is skipped in one match
_COARSE: Final = re.compile(
    rf"""
    (?P<skip>(?:\s+|\#[^\n\r]*|{_STRING}|{_PLAIN_IRI}|(?!{_CHAINING})(?:{_WORD})|{_OPERAND}|[.;,]|\^\^)++)
  | (?P<iri>{_IRI})
  | (?P<chain>{_CHAINING})
    {_TAIL}""",
    re.VERBOSE | re.DOTALL,
)
_CHAINING_WORDS: Final = ("UNION", "OPTIONAL", "MINUS", "FILTER")
_OPERATOR_CHARS: Final = "+-*/|&=<>"
_BRACKET_CHARS: Final = "([{!"
_PAIRS: Final = {"(": ")", "[": "]", "{": "}"}


def check_nesting(text: str, *, what: str = "query") -> None:
    """Refuse ``text`` if it is nested deeper than the engine can safely take.

    Raises:
        NestingTooDeepError: the depth or the tree depth is over its limit; the message names both.
    """
    if _surely_shallow(text):
        return
    _Measure(text, what).run()


def nesting_depth(text: str) -> tuple[int, int]:
    """The (depth, tree depth) of ``text`` as the guard measures them (without limits)."""
    measure = _Measure(text, "query", limits=False)
    measure.run()
    return measure.max_depth, measure.max_tree


def _surely_shallow(text: str) -> bool:
    """True when simple character counts already bound both measures below their limits."""
    if len(text) < MAX_DEPTH:
        return True
    openers = sum(text.count(char) for char in _BRACKET_CHARS)
    if openers >= MAX_DEPTH:
        return False
    upper = text.upper()
    chained = sum(text.count(char) for char in _OPERATOR_CHARS) + sum(upper.count(word) for word in _CHAINING_WORDS)
    return openers + chained < MAX_TREE_DEPTH


class _Frame:
    """One open bracket: its kind, the levels it adds, and what is chained inside it."""

    __slots__ = ("chained", "child_tree", "close", "groups", "weight")

    def __init__(self, close: str, weight: int) -> None:
        self.close = close
        self.weight = weight  # 1, plus the ``!`` that precede the bracket
        self.chained = 0  # operators and chaining keywords at this level
        self.groups = 0  # nested ``{`` groups directly inside (a join chain)
        self.child_tree = 0  # the deepest tree of a closed bracket inside


class _Measure:
    """One pass over the tokens; stops at the first limit passed (unless ``limits`` is off)."""

    def __init__(self, text: str, what: str, *, limits: bool = True) -> None:
        self.text = text
        self.what = what
        self.limits = limits
        self.stack: list[_Frame] = [_Frame("", 0)]
        self.depth = 0  # levels open now
        self.path = 0  # the tree depth along the open brackets, so far
        self.max_depth = 0
        self.max_tree = 0

    def run(self) -> None:
        text, pos, bangs = self.text, 0, 0
        operand_before = False
        while pos < len(text):
            in_parentheses = self.stack[-1].close == ")"
            lexer = _FINE if in_parentheses else _COARSE
            match = lexer.match(text, pos)
            assert match is not None  # ``other`` matches any character
            kind = match.lastgroup
            if kind == "iri" and operand_before and in_parentheses:
                match = lexer.match(text, pos, pos + 1)  # may be the less-than operator: read ``<`` alone
                assert match is not None
                kind = match.lastgroup
            pos = match.end()
            if kind == "skip":
                continue
            if kind == "bang":
                bangs += 1
                self._reach(self.depth + bangs, self.path + bangs, match.start())
                continue
            if kind == "open":
                self._open(_PAIRS[match.group()], 1 + bangs, match.start())
            elif kind == "close":
                self._close()
            elif kind in ("op", "chain"):
                self.stack[-1].chained += 1
                self.path += 1
                self._reach(self.depth, self.path, match.start())
            elif kind == "iri":
                self._inside_iri(match.group(), match.start(), bangs)
            if kind not in ("word", "iri"):  # ``!`` before a function's name holds while its arguments are read
                bangs = 0
            operand_before = kind in ("string", "iri", "operand", "word", "close")
        while len(self.stack) > 1:  # brackets left open: the engine refuses the text, but measure it all
            self._close()
        root = self.stack[0]
        self._reach(0, root.weight + root.chained + root.groups + root.child_tree, len(text))

    def _open(self, close: str, weight: int, offset: int) -> None:
        top = self.stack[-1]
        if close == "}" and top.close == "}":
            top.groups += 1
            self.path += 1
        self.stack.append(_Frame(close, weight))
        self.depth += weight
        self.path += weight
        self._reach(self.depth, self.path, offset)

    def _close(self) -> None:
        if len(self.stack) == 1:
            return  # a closer without an opener: the engine stops there
        frame = self.stack.pop()
        self.depth -= frame.weight
        self.path -= frame.weight + frame.chained + frame.groups
        parent = self.stack[-1]
        tree = frame.weight + frame.chained + frame.groups + frame.child_tree
        parent.child_tree = max(parent.child_tree, tree)
        self._reach(self.depth, tree + self.path, len(self.text))

    def _inside_iri(self, token: str, offset: int, bangs: int) -> None:
        """Brackets inside an IRI: were it an operator after all, they could nest (closers never lower us)."""
        level = peak = 0
        for char in token:
            if char in "([{!":
                level += 1
                peak = max(peak, level)
            elif char in ")]}" and level:
                level -= 1
        if peak:
            self._reach(self.depth + bangs + peak, self.path + bangs + peak, offset)
        if level:  # openers left over: count them as open from here on
            self.stack[-1].weight += level
            self.depth += level
            self.path += level

    def _reach(self, depth: int, tree: int, offset: int) -> None:
        self.max_depth = max(self.max_depth, depth)
        self.max_tree = max(self.max_tree, tree)
        if not self.limits:
            return
        if depth > MAX_DEPTH:
            raise NestingTooDeepError(
                f"the {self.what} is nested {depth} levels deep at offset {offset} (brackets and '!' open at "
                f"once); the limit is {MAX_DEPTH}, far below the depth that crashes the engine's parser: "
                "flatten it (fewer nested groups, parentheses or function calls)"
            )
        if tree > MAX_TREE_DEPTH:
            raise NestingTooDeepError(
                f"the {self.what} makes an expression or pattern tree {tree} levels deep at offset {offset} "
                f"(operators, UNION, OPTIONAL, MINUS, FILTER and groups chained at each level count); the limit "
                f"is {MAX_TREE_DEPTH}: split it into several queries or use VALUES or IN (...) for long lists"
            )


def check_update_syntax(sparql: str) -> None:
    """Parse an update (on an empty scratch store), reporting the user's own positions.

    Raises:
        QueryError: the update does not parse.
    """
    try:
        ox.Store().update(sparql, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except (OSError, ValueError, RuntimeError):
        pass  # not a syntax error: e.g. DROP GRAPH of a graph the empty check store lacks
