"""The server and the web workbench depend on each other in one place only, and on nothing private.

The import graph is read from the source (every ``import``, at module level or inside a function): a
module of :mod:`smpgraph.web` may use :mod:`smpgraph.server.context` (and the server's errors and content
negotiation) but never the app factory; the app factory (:mod:`smpgraph.server`) is the one module of
the server that imports the web package; and nothing in either imports a private name of another module.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent.parent / "smpgraph"
#: the modules where no private name of another module may be imported
NO_PRIVATE_IMPORTS = ("smpgraph.server", "smpgraph.web", "smpgraph.validation.render", "smpgraph.i18n")


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
    package = (
        module if (PACKAGE.parent / module.replace(".", "/") / "__init__.py").exists() else module.rpartition(".")[0]
    )
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
    return {name: {target for target, _ in _imports(name) if _within(target, *prefixes)} for name in nodes}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of ``graph`` (its modules in order), or None."""
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
    graph = _graph("smpgraph.server", "smpgraph.web")
    assert "smpgraph.server.context" in graph["smpgraph.web.validate"]
    assert "smpgraph.web" in graph["smpgraph.server"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_server_and_web_import_each_other_without_a_cycle() -> None:
    assert _cycle(_graph("smpgraph.server", "smpgraph.web")) is None


def test_only_the_app_factory_knows_the_web_package() -> None:
    graph = _graph("smpgraph.server", "smpgraph.web")
    server_to_web = {
        name
        for name, targets in graph.items()
        if name.startswith("smpgraph.server") and any(_within(target, "smpgraph.web") for target in targets)
    }
    assert server_to_web == {"smpgraph.server"}
    web_to_factory = {
        name for name, targets in graph.items() if _within(name, "smpgraph.web") and "smpgraph.server" in targets
    }
    assert web_to_factory == set()


def test_no_private_name_crosses_a_module() -> None:
    crossing = [
        f"{module} imports {name} from {target}"
        for module in _modules()
        if _within(module, *NO_PRIVATE_IMPORTS)
        for target, name in _imports(module)
        if name is not None and name.startswith("_") and not name.startswith("__") and target.startswith("smpgraph")
    ]
    assert crossing == []
