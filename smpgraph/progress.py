"""Progress of long work (loading files, reasoning), reported to whoever asks for it.

The library only calls a :class:`ProgressCallback` it was given; the command line turns the steps into a bar
on a terminal and plain lines otherwise (``smpgraph.cli._progress``). Nothing is printed by default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a longer piece of work: ``done`` of ``total`` steps finished, ``what`` starts now.

    >>> Step("loading ontology/core.ttl", done=0, total=3).fraction
    0.0
    """

    what: str
    done: int
    total: int

    @property
    def fraction(self) -> float:
        """The share of the work finished, 0.0 to 1.0."""
        return self.done / self.total if self.total else 1.0


ProgressCallback = Callable[[Step], None]
