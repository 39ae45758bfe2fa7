"""The nesting guard (docs/decisions/0012-contained-query-engine.md): deep input is refused before the engine sees it.

Inputs at the limits are run by the engine in a subprocess, so that a limit set too high kills that
process, never the test runner.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smpgraph.config import Settings
from smpgraph.errors import NestingTooDeepError, QueryError
from smpgraph.store import open_store
from smpgraph.store.guard import MAX_DEPTH, MAX_TREE_DEPTH, check_nesting, nesting_depth

REPO = Path(__file__).resolve().parents[2]
P = "<http://example.org/p>"

#: each construct at nesting ``n``: one level of the guard's depth (or tree depth) per step
DEEP: dict[str, Callable[[int], str]] = {
    "groups": lambda n: "SELECT * " + "{" * n + " ?s ?p ?o " + "}" * n,
    "parentheses": lambda n: "SELECT * { BIND(" + "(" * (n - 2) + "1" + ")" * (n - 2) + " AS ?x) }",
    "functions": lambda n: "SELECT * { BIND(" + "STR(" * (n - 2) + "1" + ")" * (n - 2) + " AS ?x) }",
    "negations": lambda n: "SELECT * { FILTER(" + "!" * (n - 2) + "true) }",
    "paths": lambda n: "SELECT * { ?s " + "(" * (n - 1) + P + ")" * (n - 1) + " ?o }",
    "sub-queries": lambda n: "SELECT * WHERE " + "{ SELECT * WHERE " * (n - 1) + "{ ?s ?p ?o }" + " }" * (n - 1),
    "collections": lambda n: f"SELECT * {{ ?s {P} " + "(" * (n - 1) + "1" + ")" * (n - 1) + " }",
    "blank nodes": lambda n: f"SELECT * {{ ?s {P} " + f"[ {P} " * (n - 1) + "1" + " ]" * (n - 1) + " }",
    "exists": lambda n: "ASK { FILTER(" + "EXISTS { FILTER(" * ((n - 2) // 2) + "true" + ") }" * ((n - 2) // 2) + ") }",
    "update groups": lambda n: "DELETE { ?s ?p ?o } WHERE " + "{" * n + " ?s ?p ?o " + "}" * n,
    "update data": lambda n: f"INSERT DATA {{ <http://example.org/s> {P} " + "(" * (n - 1) + "1" + ")" * (n - 1) + " }",
}
#: constructs that chain at one level (the engine builds a left-deep tree of them)
WIDE: dict[str, Callable[[int], str]] = {
    "plus": lambda n: "SELECT * { BIND(" + "+".join(["1"] * n) + " AS ?x) }",
    "and": lambda n: "SELECT * { FILTER(" + "&&".join(["true"] * n) + ") }",
    "union": lambda n: "SELECT * { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }",
    "optional": lambda n: "SELECT * { ?s ?p ?o " + " ".join(["OPTIONAL { ?s ?p ?o }"] * n) + " }",
    "filters": lambda n: "SELECT * { ?s ?p ?o " + " ".join(["FILTER(true)"] * n) + " }",
    "joins": lambda n: "SELECT * { " + " ".join(["{ ?s ?p ?o }"] * n) + " }",
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_each_nesting_construct_counts_one_level_per_step(name: str) -> None:
    for n in (10, 50, 100):
        depth, _ = nesting_depth(DEEP[name](n))
        assert n - 2 <= depth <= n + 2, (name, n, depth)


@pytest.mark.parametrize("name", sorted(WIDE))
def test_chains_at_one_level_count_in_the_tree_depth(name: str) -> None:
    depth, tree = nesting_depth(WIDE[name](300))
    assert depth <= 4
    assert tree >= 300


@pytest.mark.parametrize("name", sorted(DEEP))
def test_too_deep_input_is_refused_naming_its_depth_and_the_limit(name: str) -> None:
    text = DEEP[name](MAX_DEPTH + 40)
    with pytest.raises(NestingTooDeepError) as caught:
        check_nesting(text, what="update" if name.startswith("update") else "query")
    message = str(caught.value)
    assert f"{MAX_DEPTH + 1} levels deep" in message
    assert f"the limit is {MAX_DEPTH}" in message
    assert isinstance(caught.value, QueryError)  # HTTP 400, exit 2


def test_too_long_chains_are_refused() -> None:
    with pytest.raises(NestingTooDeepError, match=f"the limit is {MAX_TREE_DEPTH}"):
        check_nesting(WIDE["union"](MAX_TREE_DEPTH))
    check_nesting(WIDE["plus"](MAX_TREE_DEPTH // 2))


@pytest.mark.parametrize(
    "hidden",
    [
        '"' + "{(" * 400 + '"',
        "'" + "[(" * 400 + "'",
        '"""' + "{\n(" * 400 + '"""',
        "'''" + "[\n{" * 400 + "'''",
        '"' + '\\"{' * 400 + '"',  # escaped quotes do not end the string
        "'''" + "''{" * 400 + "'''",  # nor do fewer than three quotes
        "<http://example.org/" + "a(b)" * 400 + ">",  # balanced brackets in an IRI
        "# " + "{{((" * 400 + "\n",
    ],
)
def test_brackets_in_strings_iris_and_comments_do_not_count(hidden: str) -> None:
    text = f"SELECT * {{ ?s ?p {hidden} }}" if not hidden.startswith("#") else f"SELECT * {{ {hidden} ?s ?p ?o }}"
    depth, _ = nesting_depth(text)
    assert depth <= 3
    check_nesting(text)


def test_a_less_than_after_an_operand_may_be_an_operator_and_its_brackets_count() -> None:
    # the engine reads ``?a<((...))>?b`` as comparisons, parsing the parentheses: so must the guard
    deep = "(" * (MAX_DEPTH + 5) + "1" + ")" * (MAX_DEPTH + 5)
    with pytest.raises(NestingTooDeepError):
        check_nesting(f"SELECT * {{ FILTER(?a<{deep}>?b) }}")
    # and an IRI after an operator is an IRI
    assert nesting_depth("SELECT * { FILTER(?a = <http://example.org/a#b>) }")[0] == 2


def test_every_query_and_update_smpgraph_ships_passes_with_room_to_spare() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(REPO.glob("smpgraph/queries/**/*.rq"))]
    texts += [path.read_text(encoding="utf-8") for path in sorted(REPO.glob("tests/**/*.rq"))]
    assert len(texts) > 20
    for text in texts:
        depth, tree = nesting_depth(text)
        assert depth <= MAX_DEPTH // 4 and tree <= MAX_TREE_DEPTH // 4, text[:80]


_ENGINE_RUN = """
import json, sys
import pyoxigraph as ox
store = ox.Store()
for text, evaluate in json.loads(sys.stdin.read()):
    run = store.update if text.lstrip().startswith(("DELETE", "INSERT")) else store.query
    if evaluate:
        result = run(text)
        if result is not None and not isinstance(result, ox.QueryBoolean):
            for _ in result:
                pass
        continue
    try:  # parsed to the end, where a stray token stops the engine before it evaluates anything
        run(text + " @@@")
    except SyntaxError as exc:
        if int(str(exc).split(":")[1].split()[0]) <= len(text):
            print("stopped early:", exc, text[:60], file=sys.stderr)
            sys.exit(1)
print("all ran")
"""

#: chains the engine evaluates quickly at the limit (others, such as 500 joins, are slow: deadlines stop them)
_EVALUATED: tuple[str, ...] = ("plus", "and", "union", "filters")


def test_the_deepest_input_the_guard_accepts_runs_in_the_engine() -> None:
    """At the limits every construct parses, and chains evaluate (in a subprocess: were a limit too high,
    only that process would die)."""
    accepted: list[tuple[str, bool]] = []
    for build in DEEP.values():
        n = MAX_DEPTH
        while True:
            try:
                check_nesting(build(n))
                break
            except NestingTooDeepError:
                n -= 1
        assert nesting_depth(build(n))[0] >= MAX_DEPTH - 3
        accepted.append((build(n), False))
    for name, build in WIDE.items():
        text = build(MAX_TREE_DEPTH // 2 - 2)
        check_nesting(text)
        accepted.append((text, name in _EVALUATED))
    done = subprocess.run(
        [sys.executable, "-c", _ENGINE_RUN], input=json.dumps(accepted), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-500:])
    assert done.stdout.strip() == "all ran"


def test_the_store_refuses_deep_queries_and_updates_before_the_engine() -> None:
    store = open_store(Settings(backend="memory", reasoner="none"))
    try:
        with pytest.raises(NestingTooDeepError, match="query is nested"):
            store.query(DEEP["groups"](2500))
        with pytest.raises(NestingTooDeepError, match="query is nested"):
            store.query_serialized(DEEP["negations"](10_000))
        with pytest.raises(NestingTooDeepError, match="update is nested"):
            store.update(DEEP["update groups"](2500))
        assert len(store) == 0
    finally:
        store.close()


@st.composite
def nested(draw: st.DrawFn, depth: int = 0) -> tuple[str, int]:
    """A random query fragment and its true bracket depth."""
    kind = draw(st.sampled_from(["group", "paren", "call", "bang", "leaf", "string", "iri"]))
    if depth > 60 or kind == "leaf":
        return draw(st.sampled_from(["?s ?p ?o", "1", "?x", "true"])), 0
    if kind == "string":
        return draw(st.sampled_from(['"{(["', "'])}'", '"""{\n("""', "'''\\'[{'''"])), 0
    if kind == "iri":
        return "<http://example.org/x#y(z)>", 0
    inner, inner_depth = draw(nested(depth + 1))
    wrap = {"group": ("{ ", " }"), "paren": ("(", ")"), "call": ("STR(", ")"), "bang": ("!", "")}[kind]
    return wrap[0] + inner + wrap[1], inner_depth + 1


@given(st.lists(nested(), min_size=1, max_size=6))
@settings(max_examples=200, deadline=None)
def test_the_guard_never_undercounts_random_nesting(parts: list[tuple[str, int]]) -> None:
    text = "SELECT * { " + " . ".join(part for part, _ in parts) + " }"
    depth, _ = nesting_depth(text)
    assert depth >= max(level for _, level in parts)
