"""What every figure shares: matplotlib imported lazily, the file-name check and the save.

matplotlib (the optional ``plots`` extra) is imported on first use, with the non-interactive Agg backend,
so importing a module of figures needs nothing and opens no window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from smpgraph.errors import BackendUnavailableError, UnsupportedFormatError

__all__ = ["FIGURE_SUFFIXES", "check_path", "pyplot", "save"]

#: the file extensions figures are written with
FIGURE_SUFFIXES: Final = (".png", ".svg")


def pyplot() -> Any:
    """``matplotlib.pyplot`` on the non-interactive Agg backend, imported on first use."""
    try:
        import matplotlib
    except ImportError as exc:  # pragma: no cover - matplotlib is in the dev group
        raise BackendUnavailableError("install 'smpgraph[plots]' to draw figures") from exc
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def check_path(path: Path) -> None:
    """Refuse a file name that is not ``.png`` or ``.svg``; create its folder."""
    if path.suffix.lower() not in FIGURE_SUFFIXES:
        raise UnsupportedFormatError(f"{path}: figures are written as .png or .svg")
    path.parent.mkdir(parents=True, exist_ok=True)


def save(fig: Any, path: Path) -> Path:
    """Lay out, write and close a figure; return its path."""
    fig.tight_layout()
    fig.savefig(path, dpi=150)
    pyplot().close(fig)
    return path
