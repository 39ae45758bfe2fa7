"""The one documented table from the BLA codebook's items to our provisions, components and prerequisites.

The table is ``data/mappings/bla-provisions.tsv``: one row per coded item of the coding codebook, numbered
(1) to (20c) as in the codebook, with the variable name, the codebook label, the ``smp:Provision`` subclass
an agreement that provides the item gets a provision node of (if any), the component, principle or
prerequisite concepts the item is evidence of, and a description of the choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from rdflib import URIRef

from smpgraph.bla.tables import read_tsv
from smpgraph.errors import InputError
from smpgraph.namespaces import SMP
from smpgraph.resources import resource_dir

__all__ = [
    "PROVISION_COLUMNS",
    "ProvisionMapping",
    "default_provision_table_path",
    "read_provision_table",
]

#: the columns of ``bla-provisions.tsv``, in order
PROVISION_COLUMNS: Final = ("item", "variable", "label", "provision_class", "concepts", "description")


@dataclass(frozen=True, slots=True)
class ProvisionMapping:
    """One coded item of the codebook and what it means in our ontology.

    Attributes:
        item: the codebook number, with its parentheses (``"(18)"``).
        variable: the column of ``bla-coding.csv`` (``"credentials"``).
        label: the codebook label.
        provision_class: the ``smp:Provision`` subclass of the provision node, or ``None``.
        concepts: component, principle or prerequisite concepts.
        description: why, in a sentence.
    """

    item: str
    variable: str
    label: str
    provision_class: URIRef | None
    concepts: tuple[URIRef, ...]
    description: str

    @property
    def terms(self) -> tuple[URIRef, ...]:
        """Every term an assessment of this item names with ``smp:assessedProvision`` (concepts, then class)."""
        return self.concepts + ((self.provision_class,) if self.provision_class is not None else ())


def default_provision_table_path() -> Path:
    """Where the committed table lives (``data/mappings/bla-provisions.tsv``)."""
    return resource_dir("data") / "mappings" / "bla-provisions.tsv"


def _smp_term(text: str, where: str) -> URIRef:
    if not text.startswith("smp:") or len(text) <= len("smp:"):
        raise InputError(f"{where}: {text!r} is not an smp: term")
    return SMP[text.removeprefix("smp:")]


def read_provision_table(path: Path | None = None) -> tuple[ProvisionMapping, ...]:
    """Read the mapping table.

    Args:
        path: the TSV file (default: the committed ``data/mappings/bla-provisions.tsv``).

    Returns:
        The rows, in codebook order.

    Raises:
        ResourceNotFoundError: the file does not exist.
        InputError: a column is missing, a term is not an ``smp:`` term, or a variable is listed twice.
    """
    path = path or default_provision_table_path()
    rows: list[ProvisionMapping] = []
    for where, record in read_tsv(path, PROVISION_COLUMNS):
        if not record["item"] or not record["variable"]:
            raise InputError(f"{where}: every row needs an item and a variable")
        provision = record["provision_class"].strip()
        rows.append(
            ProvisionMapping(
                item=record["item"],
                variable=record["variable"],
                label=record["label"],
                provision_class=_smp_term(provision, where) if provision else None,
                concepts=tuple(_smp_term(term, where) for term in record["concepts"].split()),
                description=record["description"],
            )
        )
    variables = [row.variable for row in rows]
    duplicated = sorted({v for v in variables if variables.count(v) > 1})
    if duplicated:
        raise InputError(f"{path}: variable(s) listed more than once: {', '.join(duplicated)}")
    return tuple(rows)
