"""The shape every analysis result shares: typed findings, each table citing the paragraphs it serves.

A :class:`Findings` is an immutable, iterable table of one kind of :class:`Finding`. It converts to a
JSON-ready dict (``to_dict``) and to a pandas DataFrame (``to_frame``; pandas is the optional
``dataframes`` extra and is imported only there).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

from smpgraph.errors import BackendUnavailableError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Finding", "Findings", "JsonValue"]

#: a value ``json.dumps`` writes as is
JsonValue: TypeAlias = str | int | float | bool | list["JsonValue"] | dict[str, "JsonValue"] | None


class Finding:
    """One row of an analysis result: something about one subject (a partnership, a corridor ...)."""

    __slots__ = ()

    def row(self) -> dict[str, JsonValue]:
        """The finding as a flat, JSON-ready dict (lists for sets, IRIs as strings)."""
        raise NotImplementedError

    def subject(self) -> str:
        """The IRI (or IRIs, joined) the finding is about."""
        raise NotImplementedError

    def summary(self) -> str:
        """One line for people: what is missing or unbalanced."""
        raise NotImplementedError


F = TypeVar("F", bound=Finding)


@dataclass(frozen=True, slots=True)
class Findings(Generic[F]):
    """A table of findings of one kind.

    Attributes:
        name: a short machine name (``missing_stakeholders``), used as a key in reports.
        title: a heading for people.
        sources: the paragraph IRIs of the IOM paper the analysis serves.
        items: the findings, in a stable order.
        approximate: True when a sampled measure produced them.
        notes: caveats (how a measure was computed, what the data lacks).
    """

    name: str
    title: str
    sources: tuple[str, ...]
    items: tuple[F, ...]
    approximate: bool = False
    notes: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[F]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def rows(self) -> list[dict[str, JsonValue]]:
        """Every finding as a flat dict."""
        return [item.row() for item in self.items]

    def to_dict(self) -> dict[str, JsonValue]:
        """A JSON-ready dict: title, sources, count, approximate, notes and the rows."""
        return {
            "title": self.title,
            "sources": list(self.sources),
            "count": len(self.items),
            "approximate": self.approximate,
            "notes": list(self.notes),
            "items": list(self.rows()),
        }

    def to_frame(self) -> pd.DataFrame:
        """The findings as a pandas DataFrame (one row each; list cells joined with ``"; "``).

        Raises:
            BackendUnavailableError: pandas is not installed (``pip install 'smpgraph[dataframes]'``).
        """
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - pandas is in the dev group
            raise BackendUnavailableError("install 'smpgraph[dataframes]' to get DataFrames") from exc
        rows = [{key: _cell(value) for key, value in row.items()} for row in self.rows()]
        columns = list(rows[0]) if rows else list(self._columns())
        frame = pd.DataFrame(rows, columns=columns)
        frame.attrs["sources"] = list(self.sources)
        frame.attrs["approximate"] = self.approximate
        return frame

    def _columns(self) -> tuple[str, ...]:
        return ("subject", "summary")


def _cell(value: JsonValue) -> Any:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value
