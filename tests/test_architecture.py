"""The house rules of ARCHITECTURE.md, read from the source: which package may import which, no import cycles,
the server and the web workbench meet in one place, no private name crosses a module, modules stay small.

Every ``import`` counts: at module level, inside functions and under ``TYPE_CHECKING`` alike.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Final

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "smpgraph"

#: package -> the packages it may import (ARCHITECTURE.md, "The map"); ``smpgraph`` is the root module
ALLOWED: Final[dict[str, frozenset[str]]] = {
    name: frozenset(targets)
    for name, targets in {
        # foundation
        "errors": (),
        "namespaces": ("errors",),
        "config": ("errors",),
        "resources": ("errors",),
        "progress": (),
        "domain": ("namespaces",),
        "i18n": ("domain",),
        "sources": ("errors", "resources"),
        # engines
        "reasoning": ("errors", "namespaces", "resources"),
        "store": ("config", "errors", "namespaces", "reasoning", "progress"),
        "ontology": ("errors", "namespaces", "resources"),
        # the domain's logic
        "drafts": ("domain", "errors", "namespaces", "resources"),
        "bla": ("domain", "errors", "namespaces", "resources", "store"),
        "stocks": ("errors", "namespaces", "resources", "store"),
        "validation": ("bla", "domain", "drafts", "errors", "i18n", "namespaces", "reasoning", "resources", "store"),
        "analysis": ("bla", "domain", "errors", "namespaces", "resources", "stocks", "store"),
        "bundle": ("namespaces", "progress", "resources", "store"),
        # the edges
        "server": (
            "smpgraph", "analysis", "bla", "bundle", "config", "domain", "drafts", "errors", "i18n", "namespaces",
            "store", "validation", "web",
        ),
        "web": (
            "analysis", "bla", "domain", "drafts", "errors", "i18n", "namespaces", "resources", "server", "sources",
            "store", "validation",
        ),
        "cli": (
            "smpgraph", "analysis", "bla", "bundle", "config", "domain", "drafts", "errors", "namespaces", "progress",
            "server", "stocks", "store", "validation",
        ),
        "__main__": ("cli",),
        "smpgraph": ("config", "errors", "store"),
    }.items()
}  # fmt: skip
#: the one module of the server that may import the web package: the app factory
APP_FACTORY: Final = "smpgraph.server"
#: modules over the 400-line guide that are still to be split; do not add to this list
STILL_TO_SPLIT: Final = frozenset(
    {"bla/importer.py", "validation/compiled.py", "drafts/schema.py", "validation/shapes.py", "reasoning/closure.py"}
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, ast.Module]:
    return {_module_name(path): ast.parse(path.read_text(encoding="utf-8")) for path in PACKAGE.rglob("*.py")}


def _imports(module: str) -> Iterator[tuple[str, str | None]]:
    """``(imported module, imported name or None)`` for every import of ``module``."""
    modules = _modules()
    is_package = (PACKAGE.parent / module.replace(".", "/") / "__init__.py").exists()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(modules[module]):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield (submodule, None) if submodule in modules else (base, alias.name)


def _within(module: str, *prefixes: str) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


def _graph(*prefixes: str) -> dict[str, set[str]]:
    nodes = [name for name in _modules() if _within(name, *prefixes)]
    return {
        name: {target for target, _ in _imports(name) if _within(target, *prefixes) and target != name}
        for name in nodes
    }


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "smpgraph"


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` (its nodes in order), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_the_reader_sees_real_imports() -> None:
    graph = _graph("smpgraph")
    assert "smpgraph.server.context" in graph["smpgraph.web.validate"]
    assert "smpgraph.web" in graph["smpgraph.server"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_every_package_is_in_the_map() -> None:
    assert {_package(name) for name in _modules()} <= set(ALLOWED)


def test_packages_import_only_what_the_map_allows() -> None:
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in _graph("smpgraph").items()
        for target in targets
        if _package(target) != _package(module) and _package(target) not in ALLOWED[_package(module)]
    )
    assert wrong == [], "update ARCHITECTURE.md and ALLOWED only if the new dependency is right"


def test_packages_form_no_cycle_but_the_app_factory() -> None:
    edges: dict[str, set[str]] = {}
    for module, targets in _graph("smpgraph").items():
        for target in targets:
            if _package(module) != _package(target) and not (module == APP_FACTORY and _within(target, "smpgraph.web")):
                edges.setdefault(_package(module), set()).add(_package(target))
    edges.get("smpgraph", set()).discard("cli")  # the root module is the package itself
    assert _cycle(edges) is None, " -> ".join(_cycle(edges) or [])


def test_no_module_cycle_anywhere() -> None:
    graph = _graph("smpgraph")
    # the app factory imports the web package, whose modules import the server's context: not a cycle of
    # modules, as no module of the web imports the factory (checked below)
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_only_the_app_factory_knows_the_web_package() -> None:
    graph = _graph("smpgraph.server", "smpgraph.web")
    server_to_web = {
        name
        for name, targets in graph.items()
        if name.startswith("smpgraph.server") and any(_within(target, "smpgraph.web") for target in targets)
    }
    assert server_to_web == {APP_FACTORY}
    assert not {name for name, targets in graph.items() if _within(name, "smpgraph.web") and APP_FACTORY in targets}


def test_reasoning_never_imports_the_store() -> None:
    """The store calls smpgraph.reasoning (materialise); the other way round would be a cycle."""
    reasoning = _graph("smpgraph")
    assert not {
        t
        for name, ts in reasoning.items()
        if _within(name, "smpgraph.reasoning")
        for t in ts
        if _within(t, "smpgraph.store")
    }


def test_no_private_name_crosses_a_module() -> None:
    crossing = sorted(
        f"{module} imports {name} from {target}"
        for module in _modules()
        for target, name in _imports(module)
        if name is not None and name.startswith("_") and not name.startswith("__") and target.startswith("smpgraph")
    )
    assert crossing == []


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    relative = path.relative_to(PACKAGE).as_posix()
    if relative in STILL_TO_SPLIT:
        assert lines < 520, f"{relative}: split it rather than let it grow"
    else:
        assert lines < 400, f"{relative} has {lines} lines: split it by concern (one concept per module)"


def test_the_still_to_split_list_is_true() -> None:
    for relative in STILL_TO_SPLIT:
        assert len((PACKAGE / relative).read_text(encoding="utf-8").splitlines()) >= 400, f"{relative}: drop it"
