"""The shapes compiled to SPARQL, run on the store (``smpgraph validate --all``; issue 4, item 7).

pyshacl stays the reference and the engine for drafts. For every agreement in the knowledge graph at once,
each constraint of each shape becomes one SELECT that returns the violations ``(?this, ?value)`` over the
store's union dataset, run by the store's engine (Oxigraph), so the work is a few dozen set-at-a-time
queries instead of one pyshacl run per batch. The rules of the translation (ADR 0007):

- a target ``sh:targetClass C`` is ``?this rdf:type ?t`` with ``?t`` bound by ``VALUES`` to ``C`` and its
  subclasses in the packaged ontology closure (as pyshacl sees it, whatever ontology the store holds);
- every ``rdf:type/rdfs:subClassOf*`` (in a path or in a SHACL-SPARQL text) becomes ``rdf:type ?t`` joined
  with ``VALUES`` over the same closure;
- ``sh:minCount 1`` and ``sh:hasValue`` are ``MINUS``; other counts are ``GROUP BY ... HAVING``;
  ``sh:class`` is ``MINUS`` over the closure; ``sh:in`` is ``sameTerm``; ``sh:datatype`` compares
  ``datatype()``; ranges use ``COALESCE(?value >= m, false)`` so that incomparable values fail, as in SHACL;
- a SHACL-SPARQL ``sh:select`` gets the target as a sub-SELECT at the start of its outer group (the
  pre-binding of ``$this``), and each ``FILTER NOT EXISTS { ... }`` of that outer group that mentions
  ``$this`` is rewritten as ``MINUS { ... }``: the target binds ``$this`` before it, and no inner filter
  reads an outer-only variable, so both forms remove the same rows (MINUS ran 100x faster on Oxigraph,
  docs/design/engine-pitfalls.md #6). Nested ``NOT EXISTS`` are kept.

A constraint the compiler does not know raises :class:`ShapesGraphError`; ``tests/validation`` proves the
two engines give the same results over the examples, the drafts, the BLA data and a synthetic set.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import IdentifiedNode, Node

from smpgraph.errors import ShapesGraphError, SmpGraphError
from smpgraph.store.base import SelectResult
from smpgraph.validation.report import ValidationResult
from smpgraph.validation.shapes import (
    ShapeInfo,
    ShapesCatalog,
    load_catalog,
    ontology_context,
    subclass_pairs,
    subclasses_of,
)

if TYPE_CHECKING:
    from smpgraph.store.base import GraphStore

__all__ = ["CompiledRule", "compile_shapes", "owner_of", "run_compiled"]

logger = logging.getLogger(__name__)

PREFIXES: Final = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX smp: <https://w3id.org/smpgraph/ontology#>
"""

#: the constraint parameters the compiler understands (anything else in a shape is refused)
_HANDLED: Final = frozenset(
    {
        SH.targetClass, SH.path, SH.severity, SH.message, SH.sparql, SH.minCount, SH.maxCount, SH["class"],
        SH.hasValue, SH.datatype, SH["in"], SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive,
        SH.name, SH.description, SH.order, SH.group,
    }
)  # fmt: skip
_SUBCLASS_STAR: Final = re.compile(
    r"(?P<subject>[?$]\w+)\s+(?P<prefix>(?:[\w-]*:[\w-]+/)*)rdf:type/rdfs:subClassOf\*\s+(?P<object>[?$]\w+|[\w-]*:[\w-]+)"
)
_NOT_EXISTS: Final = re.compile(r"FILTER\s+NOT\s+EXISTS\s*\{")
#: the constraints whose violations mean that something is not stated (as pyshacl's components)
_ABSENCE_CONSTRAINTS: Final = frozenset({"minCount", "hasValue"})


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """One constraint of one shape as a SELECT over the store.

    Attributes:
        shape: the shape.
        constraint: what it checks (``minCount``, ``class``, ``sparql``...), for logs and tests.
        query: the SELECT; it projects ``?this`` and, where the constraint names one, ``?value``.
    """

    shape: URIRef
    constraint: str
    query: str


class _Fresh:
    """Fresh variable names for one query."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, stem: str) -> str:
        self.count += 1
        return f"?_{stem}{self.count}"


def _values(variable: str, terms: Sequence[Node]) -> str:
    return f"VALUES {variable} {{ {' '.join(sorted(term.n3() for term in terms))} }}"


@functools.lru_cache(maxsize=1)
def _individual_types() -> tuple[tuple[Node, Node], ...]:
    """``(individual, class)`` of the ontology context for its classes (e.g. ``smp:FunderRole``, a role)."""
    classes = {cls for pair in subclass_pairs() for cls in pair}
    return tuple(sorted((s, o) for s, o in ontology_context().subject_objects(RDF.type) if o in classes))


def _type_of(node: str, typed: str, classes: frozenset[Node] | None = None) -> str:
    """``node rdf:type typed`` read from the store and from the packaged ontology (its individuals' types).

    Args:
        node: the subject (a variable or a term).
        typed: the variable for its class.
        classes: the classes ``typed`` is restricted to afterwards, when known: only the individuals of
            those classes are listed (none, for most classes, so the pattern stays a plain triple).
    """
    pairs = [(a, b) for a, b in _individual_types() if classes is None or b in classes]
    if not pairs:
        return f"{node} rdf:type {typed} ."
    rows = " ".join(f"({a.n3()} {b.n3()})" for a, b in pairs)
    return f"{{ {node} rdf:type {typed} }} UNION {{ VALUES ({node} {typed}) {{ {rows} }} }}"


def _pairs(sub: str, sup: str, allowed: frozenset[URIRef] | None = None) -> str:
    """The closure as ``VALUES (sub sup)``; only the superclasses in ``allowed`` when the group filters on them."""
    rows = " ".join(f"({a.n3()} {b.n3()})" for a, b in subclass_pairs() if allowed is None or b in allowed)
    return f"VALUES ({sub} {sup}) {{ {rows} }}"


def _target(shape: ShapeInfo) -> str:
    classes: set[Node] = set()
    for cls in shape.target_classes:
        classes |= subclasses_of(cls)
    if not classes:
        raise ShapesGraphError(f"{shape.iri}: only sh:targetClass targets can be compiled")
    typed = f"?this rdf:type ?_target . {_values('?_target', list(classes))}"
    return f"{{ SELECT DISTINCT ?this WHERE {{ {typed} FILTER (isIRI(?this)) }} }}"


def _path_text(graph: Graph, path: Node) -> str:
    """A SHACL path as a SPARQL property path."""
    if isinstance(path, URIRef):
        return path.n3()
    if graph.value(path, RDF.first) is not None:
        return "/".join(_path_text(graph, step) for step in Collection(graph, path))
    for predicate, operator in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({_path_text(graph, inner)}){operator}"
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^({_path_text(graph, inverse)})"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(graph, step) for step in Collection(graph, alternatives)) + ")"
    raise ShapesGraphError(f"cannot compile the path {path!r}")


def _path_pattern(graph: Graph, path: Node, subject: str, obj: str, fresh: _Fresh) -> str:
    """``subject PATH obj`` as a group pattern; a path ending ``rdf:type/rdfs:subClassOf*`` uses the closure."""
    steps = list(Collection(graph, path)) if not isinstance(path, URIRef) and graph.value(path, RDF.first) else []
    if len(steps) >= 2 and steps[-2] == RDF.type and graph.value(steps[-1], SH.zeroOrMorePath) == RDFS.subClassOf:
        typed, node = fresh("type"), fresh("node")
        head = f"{subject} {'/'.join(_path_text(graph, step) for step in steps[:-2])} {node} . " if steps[:-2] else ""
        if obj.startswith("?"):
            return f"{head}{_type_of(node if head else subject, typed)} {_pairs(typed, obj)}"
        classes = subclasses_of(URIRef(obj[1:-1]))
        return f"{head}{_type_of(node if head else subject, typed, classes)} {_values(typed, list(classes))}"
    return f"{subject} {_path_text(graph, path)} {obj}"


def _compile_property(graph: Graph, shape: ShapeInfo) -> Iterator[CompiledRule]:
    node = shape.iri
    path = graph.value(node, SH.path)
    if path is None:
        return
    target = _target(shape)

    def rule(constraint: str, body: str, *, value: bool = True, tail: str = "") -> CompiledRule:
        head = "SELECT DISTINCT ?this ?value" if value else "SELECT DISTINCT ?this"
        return CompiledRule(node, constraint, f"{PREFIXES}{head} WHERE {{\n  {target}\n  {body}\n}}{tail}")

    fresh = _Fresh()
    for count in graph.objects(node, SH.minCount):
        n = int(count)  # type: ignore[call-overload]
        if n == 1:
            yield rule("minCount", f"MINUS {{ {_path_pattern(graph, path, '?this', '?_v', fresh)} }}", value=False)
        elif n > 1:
            pattern = _path_pattern(graph, path, "?this", "?_v", fresh)
            yield CompiledRule(
                node,
                "minCount",
                f"{PREFIXES}SELECT ?this WHERE {{\n  {target}\n  OPTIONAL {{ {pattern} }}\n}} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_v) < {n})",
            )
    for count in graph.objects(node, SH.maxCount):
        pattern = _path_pattern(graph, path, "?this", "?_v", fresh)
        yield CompiledRule(
            node,
            "maxCount",
            f"{PREFIXES}SELECT ?this WHERE {{\n  {target}\n  {pattern}\n}} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_v) > {int(count)})",  # type: ignore[call-overload]
        )
    for expected in graph.objects(node, SH.hasValue):
        yield rule("hasValue", f"MINUS {{ {_path_pattern(graph, path, '?this', expected.n3(), fresh)} }}", value=False)
    values = _path_pattern(graph, path, "?this", "?value", fresh)
    for cls in graph.objects(node, SH["class"]):
        typed = fresh("class")
        classes = subclasses_of(cls)
        check = f"{_type_of('?value', typed, classes)} {_values(typed, list(classes))}"
        yield rule("class", f"{values}\n  MINUS {{ {check} }}")
    for datatype in graph.objects(node, SH.datatype):
        test = f"!isLiteral(?value) || datatype(?value) != {datatype.n3()}"
        yield rule("datatype", f"{values}\n  FILTER ({test})")
    for members in graph.objects(node, SH["in"]):
        allowed = " || ".join(f"sameTerm(?value, {term.n3()})" for term in Collection(graph, members)) or "false"
        yield rule("in", f"{values}\n  FILTER (!({allowed}))")
    for predicate, operator in (
        (SH.minInclusive, ">="), (SH.maxInclusive, "<="), (SH.minExclusive, ">"), (SH.maxExclusive, "<"),
    ):  # fmt: skip
        for bound in graph.objects(node, predicate):
            name = str(predicate).rsplit("#", 1)[1]
            yield rule(name, f"{values}\n  FILTER (!COALESCE(?value {operator} {bound.n3()}, false))")


def compile_select(select: str, target: str) -> str:
    """A SHACL-SPARQL ``sh:select`` as a query over the store (see the module docstring)."""
    fresh = _Fresh()

    def closure(match: re.Match[str]) -> str:
        typed, node = fresh("sc"), fresh("node")
        obj = match["object"]
        prefix = match["prefix"].rstrip("/")
        subject = match["subject"]
        if obj.startswith(("?", "$")):
            allowed = _filtered_in_group(match.string, match.end(), obj)
            classes = None if allowed is None else frozenset().union(*(subclasses_of(c) for c in allowed))
            typing = _type_of(node if prefix else subject, typed, classes)
            table = _pairs(typed, obj, allowed)
        else:
            classes = subclasses_of(_expand(*obj.split(":", 1)))
            typing = _type_of(node if prefix else subject, typed, classes)
            table = _values(typed, list(classes))
        head = f"{subject} {prefix} {node} . {typing} " if prefix else f"{typing} "
        return head + table

    text = _SUBCLASS_STAR.sub(closure, select.strip())
    where = re.search(r"\bWHERE\s*\{", text, flags=re.IGNORECASE)
    if where is None:
        raise ShapesGraphError("a SHACL-SPARQL select without WHERE { cannot be compiled")
    body_start = where.end()
    body_end = _matching_brace(text, body_start - 1)
    body = _wrap_unions(_minus_at_top(text[body_start:body_end]))
    return f"{PREFIXES}{text[:body_start]}\n  {target}\n{body}{text[body_end:]}"


_IN_FILTER: Final = re.compile(r"FILTER\s*\(\s*(?P<var>[?$]\w+)\s+IN\s*\((?P<terms>[^()]*)\)\s*\)")


def _filtered_in_group(text: str, start: int, variable: str) -> frozenset[URIRef] | None:
    """The constants of a ``FILTER (variable IN (...))`` in the rest of the group that starts before ``start``.

    A filter constrains its whole group, so the closure joined in that group may be cut to those classes.
    Returns None when the group has no such filter on ``variable``.
    """
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return None
            depth -= 1
        elif depth == 0 and text.startswith("FILTER", index):
            match = _IN_FILTER.match(text, index)
            if match is not None and match["var"][1:] == variable[1:]:
                terms = [term.strip() for term in match["terms"].split(",")]
                return frozenset(_expand(*term.split(":", 1)) for term in terms)
        index += 1
    return None


def _expand(prefix: str, local: str) -> URIRef:
    for line in PREFIXES.splitlines():
        name, _, rest = line.removeprefix("PREFIX ").partition(": ")
        if name == prefix:
            return URIRef(rest.strip("<>") + local)
    raise ShapesGraphError(f"unknown prefix {prefix!r} in a SHACL-SPARQL select")


def _matching_brace(text: str, opening: int) -> int:
    """The index of the ``}`` closing the ``{`` at ``opening`` (no braces occur in our string literals)."""
    depth = 0
    quote: str | None = None
    for index in range(opening, len(text)):
        char = text[index]
        if quote:
            if char == quote and text[index - 1] != "\\":
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
    raise ShapesGraphError("unbalanced braces in a SHACL-SPARQL select")


_UNION_NEXT: Final = re.compile(r"\s*UNION\s*\{")


def _wrap_unions(text: str) -> str:
    """Wrap each ``{...} UNION {...}`` chain in ``{ SELECT * WHERE { ... } }``.

    Standard SPARQL evaluates a group bottom-up, so the sub-SELECT has the same solutions; Oxigraph 0.5
    re-evaluates a UNION for every row of what it is joined with, and evaluates a sub-SELECT once and
    hash-joins it (1.7 s against 0.02 s for the destination-jurisdiction union at 2k partnerships).
    """
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char != "{":
            out.append(char)
            index += 1
            continue
        close = _matching_brace(text, index)
        chain_end = close
        parts = [_wrap_unions(text[index + 1 : close])]
        while (following := _UNION_NEXT.match(text, chain_end + 1)) is not None:
            opening = following.end() - 1
            chain_end = _matching_brace(text, opening)
            parts.append(_wrap_unions(text[opening + 1 : chain_end]))
        if len(parts) == 1:
            out.append("{" + parts[0] + "}")
        else:
            chain = " UNION ".join("{" + part + "}" for part in parts)
            out.append("{ SELECT * WHERE { " + chain + " } }")
        index = chain_end + 1
    return "".join(out)


def _minus_at_top(body: str) -> str:
    """Rewrite each top-level ``FILTER NOT EXISTS { ... $this ... }`` of a group body as ``MINUS { ... }``."""
    out: list[str] = []
    index = 0
    depth = 0
    while index < len(body):
        match = _NOT_EXISTS.match(body, index) if depth == 0 else None
        if match is not None:
            close = _matching_brace(body, match.end() - 1)
            block = body[match.end() - 1 : close + 1]
            keyword = "MINUS " if re.search(r"[?$]this\b", block) else "FILTER NOT EXISTS "
            out.append(keyword + block)
            index = close + 1
            continue
        char = body[index]
        depth += char == "{"
        depth -= char == "}"
        out.append(char)
        index += 1
    return "".join(out)


def _compile_sparql(graph: Graph, shape: ShapeInfo) -> Iterator[CompiledRule]:
    for constraint in graph.objects(shape.iri, SH.sparql):
        if graph.value(constraint, SH.deactivated) == Literal(True):
            continue
        select = graph.value(constraint, SH.select)
        if select is None:
            raise ShapesGraphError(f"{shape.iri}: only sh:select SPARQL constraints can be compiled")
        yield CompiledRule(shape.iri, "sparql", compile_select(str(select), _target(shape)))


def compile_shapes(catalog: ShapesCatalog | None = None) -> tuple[CompiledRule, ...]:
    """Compile every shape of the catalogue (once per process for each catalogue).

    Raises:
        ShapesGraphError: a shape uses a target, path or constraint the compiler does not know.
    """
    catalog = catalog or load_catalog()
    cached = _COMPILED.get(id(catalog.graph))
    if cached is None or cached[0] is not catalog.graph:
        cached = _COMPILED[id(catalog.graph)] = (catalog.graph, _compile(catalog))
    return cached[1]


_COMPILED: dict[int, tuple[Graph, tuple[CompiledRule, ...]]] = {}


def _compile(catalog: ShapesCatalog) -> tuple[CompiledRule, ...]:
    graph = catalog.graph
    rules: list[CompiledRule] = []
    for iri in sorted(catalog.shapes):
        shape = catalog.shapes[iri]
        unknown = {p for p in graph.predicates(iri, None) if str(p).startswith(str(SH)) and p not in _HANDLED}
        if unknown - {SH.targetClass}:
            raise ShapesGraphError(f"{iri}: cannot compile {', '.join(sorted(str(p) for p in unknown))}")
        if graph.value(iri, SH.deactivated) == Literal(True):
            continue
        rules.extend(_compile_property(graph, shape))
        rules.extend(_compile_sparql(graph, shape))
    logger.debug("compiled %d shapes into %d queries", len(catalog.shapes), len(rules))
    return tuple(rules)


def owner_of(node: Node, agreements: frozenset[Node]) -> IdentifiedNode | None:
    """The agreement a focus node belongs to: itself, else the longest agreement IRI it extends with ``/``.

    This is what the pyshacl path takes as an agreement's fact nodes (``{agreement}/...``).
    """
    if node in agreements:
        return node  # type: ignore[return-value]
    if not isinstance(node, URIRef):
        return None
    text = str(node)
    while "/" in text:
        text = text.rsplit("/", 1)[0]
        candidate = URIRef(text)
        if candidate in agreements:
            return candidate
    return None


#: the deadline of one compiled query: ``--all`` is a batch job, not an interactive query
QUERY_TIMEOUT_S: Final = 600.0


def run_compiled(
    store: GraphStore,
    *,
    catalog: ShapesCatalog | None = None,
    lang: str = "en",
    timeout_s: float = QUERY_TIMEOUT_S,
) -> list[ValidationResult]:
    """Run every compiled rule over the store and type the violations (agreement not yet attached).

    Args:
        store: the knowledge graph.
        catalog: the shapes (default: the cached catalogue).
        lang: the language of the messages.
        timeout_s: the deadline of each query.

    Returns:
        One result per violating (focus node, value) of each constraint.
    """
    catalog = catalog or load_catalog()
    results: list[ValidationResult] = []
    for rule in compile_shapes(catalog):
        answer = store.query(rule.query, max_rows=0, timeout_s=timeout_s)
        if not isinstance(answer, SelectResult):
            raise SmpGraphError("the store answered a SELECT with something else")
        shape = catalog.shapes[rule.shape]
        this = answer.variables.index("this")
        at = answer.variables.index("value") if "value" in answer.variables else None
        for row in answer.rows:
            focus = row[this]
            if not isinstance(focus, IdentifiedNode):
                continue
            value = row[at] if at is not None else None
            if value == focus:  # as pyshacl reports node-level SPARQL results (see engine._type_results)
                value = None
            results.append(
                ValidationResult(
                    focus_node=focus,
                    path=shape.path,
                    severity=shape.severity,
                    message=shape.message(lang),
                    source_shape=shape.iri,
                    source=shape.source,
                    value=value,
                    concept=shape.concept,
                    category=shape.category,
                    absence=rule.constraint in _ABSENCE_CONSTRAINTS
                    or (rule.constraint == "sparql" and shape.sparql_absence),
                )
            )
    return results
