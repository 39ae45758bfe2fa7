"""The reviewed table from the BLA dataset's country names and COW codes to our country IRIs.

The table is ``data/mappings/bla-countries.tsv`` (committed, reviewed by hand; see its ``note`` column for
every decision on historical states). A row maps one (name, Correlates of War code) pair, optionally for a
range of years: COW code 365 is the USSR up to 1991 and Russia from 1992, and the authors call both
"Russia".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from rdflib import URIRef

from smpgraph.bla.tables import read_tsv
from smpgraph.errors import InputError
from smpgraph.resources import resource_dir

__all__ = [
    "COUNTRY_COLUMNS",
    "CountryMapping",
    "CountryTable",
    "UnmappedCountryError",
    "default_country_table_path",
    "read_country_table",
]

#: the columns of ``bla-countries.tsv``, in order
COUNTRY_COLUMNS: Final = ("name", "cow_code", "from_year", "to_year", "alpha2", "alpha3", "alpha4", "iri", "note")


class UnmappedCountryError(InputError):
    """A country name (with its COW code and year) that the mapping table does not map."""


@dataclass(frozen=True, slots=True)
class CountryMapping:
    """One row of the mapping table.

    Attributes:
        name: the country name as the dataset's authors wrote it.
        cow_code: its Correlates of War code in the dataset.
        from_year: first year of signature the row applies to (``None``: no lower bound).
        to_year: last year of signature the row applies to (``None``: no upper bound).
        alpha2: ISO 3166-1 alpha-2 code (empty for historical states).
        alpha3: ISO 3166-1 alpha-3 code, or the ISO 3166-3 alpha-3 of a historical state.
        alpha4: ISO 3166-3 alpha-4 code of a historical state (empty otherwise).
        iri: our country IRI.
        note: why the row maps as it does.
    """

    name: str
    cow_code: int
    from_year: int | None
    to_year: int | None
    alpha2: str
    alpha3: str
    alpha4: str
    iri: URIRef
    note: str

    def applies_to(self, year: int | None) -> bool:
        """True when the row covers agreements signed in ``year`` (``None``: year unknown)."""
        if year is None:
            return self.from_year is None and self.to_year is None
        return (self.from_year is None or year >= self.from_year) and (self.to_year is None or year <= self.to_year)


@dataclass(frozen=True)
class CountryTable:
    """The mapping table, looked up by (name, COW code, year)."""

    rows: tuple[CountryMapping, ...]

    def candidates(self, name: str, cow_code: int) -> list[CountryMapping]:
        """The rows for one name and code, whatever the year."""
        return [row for row in self.rows if row.name == name and row.cow_code == cow_code]

    def resolve(self, name: str, cow_code: int, year: int | None) -> CountryMapping:
        """The row for a party of an agreement signed in ``year``.

        Raises:
            UnmappedCountryError: no row, or more than one row, applies.
        """
        found = [row for row in self.candidates(name, cow_code) if row.applies_to(year)]
        if len(found) != 1:
            when = "an unknown year" if year is None else str(year)
            problem = "is not mapped" if not found else "is mapped more than once"
            raise UnmappedCountryError(
                f"country {name!r} (COW {cow_code}) in {when} {problem} in data/mappings/bla-countries.tsv"
            )
        return found[0]

    def check(self, parties: Iterable[tuple[str, int, int | None]]) -> None:
        """Resolve every (name, code, year); raise one error that names every party that does not map.

        Raises:
            UnmappedCountryError: at least one party does not map.
        """
        problems: set[str] = set()
        for name, cow_code, year in parties:
            try:
                self.resolve(name, cow_code, year)
            except UnmappedCountryError:
                problems.add(f"{name!r} (COW {cow_code}, {'year unknown' if year is None else year})")
        if problems:
            listed = ", ".join(sorted(problems))
            raise UnmappedCountryError(
                f"{len(problems)} country name(s) not mapped in data/mappings/bla-countries.tsv: {listed}"
            )


def default_country_table_path() -> Path:
    """Where the committed table lives (``data/mappings/bla-countries.tsv``)."""
    return resource_dir("data") / "mappings" / "bla-countries.tsv"


def _year(text: str, where: str) -> int | None:
    if not text.strip():
        return None
    try:
        return int(text)
    except ValueError:
        raise InputError(f"{where}: year {text!r} is not an integer") from None


def read_country_table(path: Path | None = None) -> CountryTable:
    """Read the mapping table.

    Args:
        path: the TSV file (default: the committed ``data/mappings/bla-countries.tsv``).

    Returns:
        The table.

    Raises:
        ResourceNotFoundError: the file does not exist.
        InputError: a column is missing, or a row is malformed (no IRI, a code or year that is not a number).
    """
    path = path or default_country_table_path()
    rows: list[CountryMapping] = []
    for where, record in read_tsv(path, COUNTRY_COLUMNS):
        if not record["iri"] or not record["name"]:
            raise InputError(f"{where}: every row needs a name and an IRI")
        try:
            cow_code = int(record["cow_code"])
        except ValueError:
            raise InputError(f"{where}: COW code {record['cow_code']!r} is not an integer") from None
        rows.append(
            CountryMapping(
                name=record["name"],
                cow_code=cow_code,
                from_year=_year(record["from_year"], where),
                to_year=_year(record["to_year"], where),
                alpha2=record["alpha2"],
                alpha3=record["alpha3"],
                alpha4=record["alpha4"],
                iri=URIRef(record["iri"]),
                note=record["note"],
            )
        )
    return CountryTable(tuple(rows))
