"""Progress on stderr: a bar on a terminal, one plain line per step otherwise (logs, CI, pipes)."""

from __future__ import annotations

import sys
from typing import TextIO

import click

from smpgraph.progress import Step


class StepPrinter:
    """A :data:`smpgraph.progress.ProgressCallback` that prints each step it is given."""

    def __init__(self, label: str, *, stream: TextIO | None = None) -> None:
        self._label = label
        self._stream = stream or sys.stderr
        self._terminal = self._stream.isatty()
        self._drawn = False

    def __call__(self, step: Step) -> None:
        if self._terminal:
            width = 24
            filled = round(width * step.fraction)
            bar = "#" * filled + "-" * (width - filled)
            text = f"\r{self._label} [{bar}] {step.done}/{step.total} {step.what}"
            click.echo(text[:200].ljust(100), file=self._stream, nl=False)
            self._drawn = True
        else:
            click.echo(f"{self._label}: {step.done + 1}/{step.total} {step.what}", file=self._stream)

    def close(self) -> None:
        """End the bar's line (nothing to do for plain lines)."""
        if self._drawn:
            click.echo("", file=self._stream)
            self._drawn = False
