"""The reviewed table from UN DESA country-or-area names to our country IRIs (``data/mappings/undesa-countries.tsv``).

A row maps one UN name to an ISO 3166-1 country or territory (``kind`` ``country``), or marks it as an
``aggregate``: a UN area or region without an ISO code (the Channel Islands; "Caribbean" and other regions
that appear as destinations only). Aggregates keep their figures in the graph, under an area IRI of ours,
and are never counted as countries. Comment lines (``#``) before the header say where the table comes from.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final

from rdflib import URIRef

from smpgraph.errors import InputError, ResourceNotFoundError
from smpgraph.namespaces import ID
from smpgraph.resources import resource_dir
from smpgraph.store.naming import slug

__all__ = [
    "AREA",
    "AREA_COLUMNS",
    "AreaKind",
    "AreaMapping",
    "AreaTable",
    "UnmappedAreaError",
    "default_area_table_path",
    "read_area_table",
]

#: the columns of ``undesa-countries.tsv``, in order
AREA_COLUMNS: Final = ("name", "kind", "alpha2", "alpha3", "iri", "origin", "destination", "note")
#: base of the IRIs of UN areas and regions that are not countries
AREA: Final = f"{ID}undesa/area/"


class UnmappedAreaError(InputError):
    """A UN country-or-area name that the mapping table does not list."""


class AreaKind(StrEnum):
    """What a UN name stands for."""

    COUNTRY = "country"
    AGGREGATE = "aggregate"


@dataclass(frozen=True, slots=True)
class AreaMapping:
    """One row of the table.

    Attributes:
        name: the UN name, as in the table's header or ``Dest`` column.
        kind: a country (ISO 3166-1) or an aggregate (UN area or region).
        alpha2: ISO 3166-1 alpha-2 code (empty for an aggregate).
        alpha3: ISO 3166-1 alpha-3 code (empty for an aggregate).
        iri: our country IRI, or ``id:undesa/area/{slug}`` for an aggregate.
        note: why the row maps as it does.
    """

    name: str
    kind: AreaKind
    alpha2: str
    alpha3: str
    iri: URIRef
    note: str

    @property
    def code(self) -> str:
        """The short code used in observation IRIs: the alpha-3 code, or the aggregate's slug."""
        return self.alpha3 or slug(self.name)

    @property
    def is_country(self) -> bool:
        """True for an ISO 3166-1 country or territory."""
        return self.kind is AreaKind.COUNTRY


@dataclass(frozen=True)
class AreaTable:
    """The table, looked up by UN name."""

    rows: tuple[AreaMapping, ...]

    def __post_init__(self) -> None:
        names = [row.name for row in self.rows]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise InputError(f"undesa-countries.tsv lists {', '.join(map(repr, twice))} more than once")

    def get(self, name: str) -> AreaMapping | None:
        """The row of ``name``, or None."""
        return self._by_name().get(name)

    def _by_name(self) -> dict[str, AreaMapping]:
        return {row.name: row for row in self.rows}

    def check(self, names: Iterable[str]) -> None:
        """Raise one error naming every name the table does not list.

        Raises:
            UnmappedAreaError: at least one name is not listed.
        """
        known = self._by_name()
        missing = sorted({name for name in names if name not in known})
        if missing:
            raise UnmappedAreaError(
                f"{len(missing)} UN name(s) not listed in data/mappings/undesa-countries.tsv: "
                + ", ".join(map(repr, missing))
            )


def default_area_table_path() -> Path:
    """Where the committed table lives (``data/mappings/undesa-countries.tsv``)."""
    return resource_dir("data") / "mappings" / "undesa-countries.tsv"


def read_area_table(path: Path | None = None) -> AreaTable:
    """Read the table (comment lines starting with ``#`` before the header are skipped).

    Raises:
        ResourceNotFoundError: the file does not exist.
        InputError: a column is missing, or a row is malformed (unknown kind, a country without IRI or
            alpha-3 code, an aggregate with one).
    """
    path = path or default_area_table_path()
    if not path.is_file():
        raise ResourceNotFoundError(f"{path}: no such file")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and lines[skipped].startswith("#"):
        skipped += 1
    reader = csv.DictReader(io.StringIO("".join(lines[skipped:])), delimiter="\t")
    missing = [column for column in AREA_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    rows = []
    for number, record in enumerate(reader, start=skipped + 2):
        where = f"{path.name}:{number}"
        try:
            kind = AreaKind(record["kind"])
        except ValueError:
            raise InputError(f"{where}: kind {record['kind']!r} is neither 'country' nor 'aggregate'") from None
        name = record["name"]
        if kind is AreaKind.COUNTRY and not (record["iri"] and record["alpha3"]):
            raise InputError(f"{where}: the country {name!r} needs an IRI and an alpha-3 code")
        if kind is AreaKind.AGGREGATE and (record["iri"] or record["alpha3"]):
            raise InputError(f"{where}: the aggregate {name!r} must have no IRI and no ISO code")
        iri = URIRef(record["iri"]) if kind is AreaKind.COUNTRY else URIRef(AREA + slug(name))
        rows.append(AreaMapping(name, kind, record["alpha2"], record["alpha3"], iri, record["note"]))
    return AreaTable(tuple(rows))
