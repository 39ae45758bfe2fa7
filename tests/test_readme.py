"""The README's Python example runs as written (from the repository root)."""

from __future__ import annotations

import os
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_readme_python_example_runs(capsys) -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert blocks, "the README has a Python example"
    cwd = Path.cwd()
    os.chdir(REPO)
    try:
        for block in blocks:
            exec(compile(block, "README.md", "exec"), {})  # the README's own example
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "palim" in out.lower()  # the labels of PALIM were printed
    assert "False" in out  # the draft without gender provisions does not conform
