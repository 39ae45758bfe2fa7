"""The examples in docstrings are tests: every module's doctests run here (pytest's own ``--doctest-modules``
cannot be scoped to the package alone, and over ``tests/`` it would import the test modules twice)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import smpgraph


def _modules_with_examples() -> list[str]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    names = []
    for info in pkgutil.walk_packages(smpgraph.__path__, "smpgraph."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        if any(test.examples for test in finder.find(module)):
            names.append(info.name)
    return sorted(names)


MODULES = _modules_with_examples()


def test_the_package_has_doctests() -> None:
    assert len(MODULES) >= 10


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name} (the failing examples are printed above)"
