"""Reading the committed mapping tables (tab-separated, one header line) with row-level error positions."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from smpgraph.errors import InputError, ResourceNotFoundError


def read_tsv(path: Path, columns: Sequence[str]) -> Iterator[tuple[str, dict[str, str]]]:
    """Yield ``(file:line, row)`` for each row of a TSV file that has at least ``columns``.

    Raises:
        ResourceNotFoundError: the file does not exist.
        InputError: a column is missing.
    """
    if not path.is_file():
        raise ResourceNotFoundError(f"{path}: no such file")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        missing = [column for column in columns if column not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
        for number, record in enumerate(reader, start=2):
            yield f"{path.name}:{number}", record
