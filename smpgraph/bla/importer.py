"""Convert the Bilateral Labor Agreements Dataset (Chilton and Woda, CC0) to RDF in our ontology (issue 9).

Input: a folder with ``bla-formation.csv`` (1,222 agreements) and ``bla-coding.csv`` (570 of them coded on
the ILO's best-practice topics). Output, per agreement ``id:bla/{treatyID}``:

- the partnership, typed ``smp:Partnership`` (scope ``smp:Bilateral``), with its instrument
  ``id:bla/{treatyID}/instrument`` typed ``smp:BilateralLabourMigrationAgreement``: title (coding file),
  year signed (``dcterms:date`` as ``xsd:gYear``; 9999 means unknown and gives no year, only a comment),
  ``smp:dateSigned``/``smp:dateRatified`` when the dataset's M/D/YYYY text is one valid date, the languages
  copies exist in (``dcterms:language`` as ``xsd:language``), the two parties (``smp:party``) and the
  dataset the agreement first appeared in (``dcterms:source``);
- two memberships, one per country, in the role ``smp:StatePartyRole``: the dataset records the two States
  as parties but does not say which side is the origin and which the destination (countryA and countryB
  are in no fixed order), so no direction is inferred;
- for the 570 coded agreements only, one ``smp:ProvisionAssessment`` per coded item
  (``id:bla/{treatyID}/assessment/{variable}``) with ``smp:codedPresent`` true or false, and, for an item
  coded present, the provision node of its mapped class (``smp:hasProvision``), a joint committee
  (``smp:hasCoordinationBody``) for item (5), and ``smp:recruitmentFeesChargedToWorkers false`` for item
  (6a). The 652 agreements without coding get no assessment: not coded is not absent.

Every node cites the dataset (``prov:wasDerivedFrom``, ``smp:certainty smp:Verified``). Country names map
through ``data/mappings/bla-countries.tsv``, coded items through ``data/mappings/bla-provisions.tsv``.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Final

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, VOID, XSD

from smpgraph.bla.countries import CountryTable, read_country_table
from smpgraph.bla.provisions import ProvisionMapping, read_provision_table
from smpgraph.bla.turtle import to_turtle
from smpgraph.domain import UNKNOWN_YEAR
from smpgraph.errors import InputError, ResourceNotFoundError
from smpgraph.namespaces import ID, SMP

__all__ = [
    "BLA",
    "CC0",
    "CODING_FILE",
    "DATASET",
    "DATAVERSE",
    "FORMATION_FILE",
    "LANGUAGE_COLUMNS",
    "SOURCE",
    "Agreement",
    "BlaImport",
    "import_bla",
    "parse_date",
    "read_agreements",
]

#: base of the agreements' IRIs
BLA: Final = URIRef(f"{ID}bla/")
#: the web page of the dataset every fact cites
SOURCE: Final = URIRef("https://www.law.uchicago.edu/bilateral-labor-agreements-dataset")
#: the dataset's home on Harvard Dataverse, cited next to it
DATAVERSE: Final = URIRef("https://dataverse.harvard.edu/dataverse/BLA")
#: the smpgraph subset the import makes up (described in data/void.ttl)
DATASET: Final = URIRef(f"{ID}dataset/bla")
CC0: Final = URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
FORMATION_FILE: Final = "bla-formation.csv"
CODING_FILE: Final = "bla-coding.csv"
#: the copy_* columns of the formation file and the ISO 639-1 code of each language
LANGUAGE_COLUMNS: Final = (
    ("copy_english", "en"),
    ("copy_french", "fr"),
    ("copy_german", "de"),
    ("copy_spanish", "es"),
    ("copy_arabic", "ar"),
    ("copy_polish", "pl"),
    ("copy_russian", "ru"),
    ("copy_portugese", "pt"),
)
FORMATION_COLUMNS: Final = (
    "treatyID",
    "countryA",
    "countryB",
    "codeA",
    "codeB",
    "year",
    "datesigned",
    "ratified",
    "dataset_original",
    *(column for column, _ in LANGUAGE_COLUMNS),
)
CODING_COLUMNS: Final = ("treatyID", "countryA", "countryB", "codeA", "codeB", "year", "agreement_title")
#: earliest and latest plausible dates of signature or ratification (the data starts in 1927)
_DATE_RANGE: Final = (datetime.date(1900, 1, 1), datetime.date(2030, 12, 31))
_DATE: Final = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_SLUG: Final = re.compile(r"[^a-z0-9]+")
_UNKNOWN_YEAR_COMMENT: Final = Literal(f"Year of signature unknown ({UNKNOWN_YEAR} in the dataset).", lang="en")
_ORIGINAL_COMMENT: Final = Literal(
    "A dataset the agreement appeared in before the Bilateral Labor Agreements Dataset, as the dataset names it.",
    lang="en",
)


@dataclass(frozen=True, slots=True)
class Agreement:
    """One row of the formation file, with its coding if it has one.

    Attributes:
        treaty_id: the dataset's treatyID.
        country_a: (name, COW code) of the first country as listed.
        country_b: (name, COW code) of the second.
        year: the year signed, ``None`` when the dataset says 9999.
        date_signed: the text of ``datesigned`` (stripped; empty when missing).
        ratified: the text of ``ratified``.
        original_dataset: the dataset the agreement previously appeared in (empty when missing).
        languages: ISO 639-1 codes of the languages copies exist in.
        title: the title (coded agreements only).
        coding: variable -> 0/1 for each mapped item (empty for agreements that are not coded).
    """

    treaty_id: int
    country_a: tuple[str, int]
    country_b: tuple[str, int]
    year: int | None
    date_signed: str
    ratified: str
    original_dataset: str
    languages: tuple[str, ...]
    title: str = ""
    coding: Mapping[str, bool] = field(default_factory=dict)

    @property
    def coded(self) -> bool:
        """True for the agreements of the coding file."""
        return bool(self.coding)


Triple = tuple[URIRef, URIRef, "URIRef | Literal"]


@dataclass
class BlaImport:
    """The result of an import: the triples and their counts.

    Attributes:
        triples: the RDF, as a list of triples (``graph`` gives them as an rdflib Graph).
        agreements: number of agreements (partnerships).
        coded: number of agreements with assessments.
        assessments: number of ``smp:ProvisionAssessment`` nodes.
        present: number of assessments coded present.
        provisions: number of provision nodes.
        dropped_dates: (treatyID, column, text) of dates that were not one valid date and were left out.
    """

    triples: list[Triple] = field(default_factory=list)
    agreements: int = 0
    coded: int = 0
    assessments: int = 0
    present: int = 0
    provisions: int = 0
    dropped_dates: list[tuple[int, str, str]] = field(default_factory=list)

    @cached_property
    def graph(self) -> Graph:
        """The triples as an rdflib Graph (built on first use)."""
        graph = Graph()
        for triple in self.triples:
            graph.add(triple)
        return graph

    def turtle(self, header: Sequence[str] = ()) -> str:
        """The triples as sorted Turtle (see :func:`smpgraph.bla.turtle.to_turtle`)."""
        return to_turtle(self.triples, header)

    def summary(self) -> str:
        """One line of counts."""
        return (
            f"{self.agreements} agreements, {self.coded} coded, {self.assessments} assessments "
            f"({self.present} coded present), {self.provisions} provisions, {len(set(self.triples))} triples"
        )


def parse_date(text: str) -> datetime.date | None:
    """The date of a ``M/D/YYYY`` text, or ``None`` when it is empty, not one date, or implausible.

    Examples:
        >>> parse_date(" 5/19/1947")
        datetime.date(1947, 5, 19)
        >>> parse_date("5/29/2007 or sooner") is None, parse_date("5/2/2997") is None
        (True, True)
    """
    match = _DATE.match(text.strip())
    if match is None:
        return None
    month, day, year = (int(part) for part in match.groups())
    try:
        value = datetime.date(year, month, day)
    except ValueError:
        return None
    return value if _DATE_RANGE[0] <= value <= _DATE_RANGE[1] else None


def _rows(path: Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    if not path.is_file():
        raise ResourceNotFoundError(f"{path}: no such file")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in required if column not in (reader.fieldnames or [])]
            if missing:
                raise InputError(f"{path}: not a BLA dataset file: missing column(s) {', '.join(missing)}")
            for number, record in enumerate(reader, start=2):
                if None in record or any(value is None for value in record.values()):
                    raise InputError(f"{path}:{number}: the row does not have as many fields as the header")
                yield number, record
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text: {exc.reason}") from None
    except csv.Error as exc:
        raise InputError(f"{path}: malformed CSV: {exc}") from None


def _integer(value: str, where: str, column: str) -> int:
    try:
        number = float(value)
    except ValueError:
        raise InputError(f"{where}: {column} {value!r} is not a number") from None
    if not number.is_integer():
        raise InputError(f"{where}: {column} {value!r} is not a whole number")
    return int(number)


def _flag(value: str, where: str, column: str) -> bool | None:
    """0/1 (also 0.0/1.0); ``None`` for an empty cell."""
    if not value.strip():
        return None
    number = _integer(value, where, column)
    if number not in (0, 1):
        raise InputError(f"{where}: {column} must be 0 or 1, not {value!r}")
    return number == 1


def _title(text: str) -> str:
    """The title without surrounding space and the extra double quotes some rows carry."""
    title = " ".join(text.split())
    while len(title) >= 2 and title.startswith('"') and title.endswith('"'):
        title = title[1:-1].strip()
    return title


def read_agreements(directory: Path, provisions: Sequence[ProvisionMapping]) -> list[Agreement]:
    """Read both CSV files of the dataset.

    Args:
        directory: the folder holding ``bla-formation.csv`` and ``bla-coding.csv``.
        provisions: the coded items to read from the coding file.

    Returns:
        The agreements in treatyID order, with their coding where they have one.

    Raises:
        ResourceNotFoundError: a file is missing.
        InputError: a file is malformed (missing column, bad number, flag not 0/1, duplicate or unknown
            treatyID, coding that disagrees with the formation file on the countries or the year).
    """
    formation = directory / FORMATION_FILE
    agreements: dict[int, Agreement] = {}
    for number, row in _rows(formation, FORMATION_COLUMNS):
        where = f"{formation}:{number}"
        treaty_id = _integer(row["treatyID"], where, "treatyID")
        if treaty_id in agreements:
            raise InputError(f"{where}: treatyID {treaty_id} appears twice")
        year = _integer(row["year"], where, "year")
        languages = tuple(code for column, code in LANGUAGE_COLUMNS if _flag(row[column], where, column))
        agreements[treaty_id] = Agreement(
            treaty_id=treaty_id,
            country_a=(row["countryA"].strip(), _integer(row["codeA"], where, "codeA")),
            country_b=(row["countryB"].strip(), _integer(row["codeB"], where, "codeB")),
            year=None if year == UNKNOWN_YEAR else year,
            date_signed=row["datesigned"].strip(),
            ratified=row["ratified"].strip(),
            original_dataset=row["dataset_original"].strip(),
            languages=languages,
        )
    coding = directory / CODING_FILE
    required = (*CODING_COLUMNS, *(p.variable for p in provisions))
    seen: set[int] = set()
    for number, row in _rows(coding, required):
        where = f"{coding}:{number}"
        treaty_id = _integer(row["treatyID"], where, "treatyID")
        base = agreements.get(treaty_id)
        if base is None:
            raise InputError(f"{where}: treatyID {treaty_id} is not in {FORMATION_FILE}")
        if treaty_id in seen:
            raise InputError(f"{where}: treatyID {treaty_id} is coded twice")
        seen.add(treaty_id)
        if (row["countryA"].strip(), row["countryB"].strip()) != (base.country_a[0], base.country_b[0]):
            raise InputError(f"{where}: the countries of treatyID {treaty_id} differ from {FORMATION_FILE}")
        values: dict[str, bool] = {}
        for item in provisions:
            flag = _flag(row[item.variable], where, item.variable)
            if flag is None:
                raise InputError(f"{where}: {item.variable} is empty")
            values[item.variable] = flag
        agreements[treaty_id] = Agreement(
            treaty_id=base.treaty_id,
            country_a=base.country_a,
            country_b=base.country_b,
            year=base.year,
            date_signed=base.date_signed,
            ratified=base.ratified,
            original_dataset=base.original_dataset,
            languages=base.languages,
            title=_title(row["agreement_title"]),
            coding=values,
        )
    return [agreements[key] for key in sorted(agreements)]


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


class _Builder:
    """Adds the triples of each agreement to one graph."""

    def __init__(self, countries: CountryTable, provisions: Sequence[ProvisionMapping]) -> None:
        self.countries = countries
        self.provisions = provisions
        self.result = BlaImport()
        self.triples = self.result.triples
        self._seen: set[Triple] = set()

    def add_triple(self, triple: Triple) -> None:
        if triple not in self._seen:
            self._seen.add(triple)
            self.triples.append(triple)

    def cite(self, node: URIRef) -> None:
        self.add_triple((node, PROV.wasDerivedFrom, SOURCE))
        self.add_triple((node, PROV.wasDerivedFrom, DATAVERSE))
        self.add_triple((node, SMP.certainty, SMP.Verified))

    def add(self, agreement: Agreement) -> None:
        g = self
        partnership = URIRef(f"{BLA}{agreement.treaty_id}")
        instrument = URIRef(f"{partnership}/instrument")
        a = self.countries.resolve(*agreement.country_a, agreement.year)
        b = self.countries.resolve(*agreement.country_b, agreement.year)
        when = "year unknown" if agreement.year is None else str(agreement.year)
        names = f"{agreement.country_a[0]} – {agreement.country_b[0]}"
        self.result.agreements += 1

        g.add_triple((partnership, RDF.type, SMP.Partnership))
        g.add_triple((partnership, RDFS.label, Literal(f"Bilateral labour agreement {names} ({when})", lang="en")))
        g.add_triple((partnership, SMP.scope, SMP.Bilateral))
        g.add_triple((partnership, SMP.hasInstrument, instrument))
        g.add_triple((partnership, DCTERMS.source, SOURCE))
        g.add_triple((partnership, DCTERMS.source, DATAVERSE))
        self.cite(partnership)

        g.add_triple((instrument, RDF.type, SMP.BilateralLabourMigrationAgreement))
        g.add_triple((instrument, DCTERMS.identifier, Literal(str(agreement.treaty_id))))
        g.add_triple((instrument, SMP.scope, SMP.Bilateral))
        g.add_triple((instrument, SMP.party, a.iri))
        g.add_triple((instrument, SMP.party, b.iri))
        if agreement.title:
            g.add_triple((instrument, DCTERMS.title, Literal(agreement.title)))
        else:
            g.add_triple((instrument, RDFS.label, Literal(f"Agreement {names} ({when})", lang="en")))
        if agreement.year is None:
            g.add_triple((instrument, RDFS.comment, _UNKNOWN_YEAR_COMMENT))
        else:
            g.add_triple((instrument, DCTERMS.date, Literal(f"{agreement.year:04d}", datatype=XSD.gYear)))
        for text, predicate, column in (
            (agreement.date_signed, SMP.dateSigned, "datesigned"),
            (agreement.ratified, SMP.dateRatified, "ratified"),
        ):
            if not text:
                continue
            value = parse_date(text)
            if value is None:
                self.result.dropped_dates.append((agreement.treaty_id, column, text))
                note = f"The dataset's {column} is {text!r}, not one valid date; it is left out."
                g.add_triple((instrument, RDFS.comment, Literal(note, lang="en")))
            else:
                g.add_triple((instrument, predicate, Literal(value.isoformat(), datatype=XSD.date)))
        for code in agreement.languages:
            g.add_triple((instrument, DCTERMS.language, Literal(code, datatype=XSD.language)))
        if agreement.original_dataset:
            original = URIRef(f"{BLA}original-dataset/{_slug(agreement.original_dataset)}")
            g.add_triple((instrument, DCTERMS.source, original))
            g.add_triple((original, RDF.type, PROV.Entity))
            g.add_triple((original, RDFS.label, Literal(agreement.original_dataset)))
            g.add_triple((original, RDFS.comment, _ORIGINAL_COMMENT))
        self.cite(instrument)

        for position, mapping in enumerate((a, b), start=1):
            membership = URIRef(f"{partnership}/membership/{position}")
            g.add_triple((partnership, SMP.hasMembership, membership))
            g.add_triple((membership, RDF.type, ORG.Membership))
            g.add_triple((membership, ORG.organization, partnership))
            g.add_triple((membership, ORG.member, mapping.iri))
            g.add_triple((membership, ORG.role, SMP.StatePartyRole))
            self.cite(membership)

        if agreement.coded:
            self.result.coded += 1
            for item in self.provisions:
                self.add_assessment(partnership, item, agreement.coding[item.variable])

    def add_assessment(self, partnership: URIRef, item: ProvisionMapping, present: bool) -> None:
        g = self
        assessment = URIRef(f"{partnership}/assessment/{item.variable}")
        g.add_triple((assessment, RDF.type, SMP.ProvisionAssessment))
        g.add_triple((assessment, SMP.assessedAgreement, partnership))
        for term in item.terms:
            g.add_triple((assessment, SMP.assessedProvision, term))
        g.add_triple((assessment, SMP.codebookItem, Literal(item.item)))
        g.add_triple((assessment, SMP.codedPresent, Literal(present)))
        self.cite(assessment)
        self.result.assessments += 1
        if not present:
            return
        self.result.present += 1
        if item.provision_class is not None:
            provision = URIRef(f"{partnership}/provision/{item.variable}")
            g.add_triple((partnership, SMP.hasProvision, provision))
            g.add_triple((provision, RDF.type, item.provision_class))
            g.add_triple((provision, DCTERMS.description, Literal(f"{item.item} {item.label}", lang="en")))
            self.cite(provision)
            self.result.provisions += 1
        if item.variable == "joint_commit":
            committee = URIRef(f"{partnership}/joint-committee/1")
            g.add_triple((partnership, SMP.hasCoordinationBody, committee))
            g.add_triple((committee, RDF.type, SMP.JointCommittee))
            g.add_triple((committee, RDFS.label, Literal("Joint committee established by the agreement", lang="en")))
            self.cite(committee)
        if item.variable == "recruit_cost_mig":
            g.add_triple((partnership, SMP.recruitmentFeesChargedToWorkers, Literal(False)))

    def describe_dataset(self) -> None:
        g = self
        r = self.result
        g.add_triple((DATASET, DCTERMS.license, CC0))
        g.add_triple((DATASET, DCTERMS.source, SOURCE))
        g.add_triple((DATASET, DCTERMS.source, DATAVERSE))
        g.add_triple((DATASET, PROV.wasDerivedFrom, SOURCE))
        g.add_triple((DATASET, PROV.wasDerivedFrom, DATAVERSE))
        g.add_triple((DATASET, VOID.entities, Literal(r.agreements)))
        g.add_triple((DATASET, VOID.uriSpace, Literal(str(BLA))))
        g.add_triple((DATASET, VOID.exampleResource, URIRef(f"{BLA}1")))
        counts = (
            f"Imported by smpgraph.bla: {r.agreements} agreements (partnerships with their instruments), "
            f"{r.coded} of them coded, with {r.assessments} provision assessments ({r.present} coded present, "
            f"{r.assessments - r.present} coded absent) and {r.provisions} provision nodes. "
            f"The {r.agreements - r.coded} agreements that are not coded have no assessment."
        )
        g.add_triple((DATASET, RDFS.comment, Literal(counts, lang="en")))


def import_bla(
    directory: Path,
    *,
    countries: CountryTable | None = None,
    provisions: Sequence[ProvisionMapping] | None = None,
) -> BlaImport:
    """Convert the BLA dataset in ``directory`` to RDF.

    Args:
        directory: the folder with ``bla-formation.csv`` and ``bla-coding.csv``.
        countries: the country mapping (default: the committed ``data/mappings/bla-countries.tsv``).
        provisions: the item mapping (default: the committed ``data/mappings/bla-provisions.tsv``).

    Returns:
        The graph and its counts.

    Raises:
        ResourceNotFoundError: the folder or a file is missing.
        InputError: a file is malformed, or a country name does not map (every unmapped name is named).

    Examples:
        >>> from smpgraph.resources import resource_dir
        >>> result = import_bla(resource_dir("data") / "sources" / "bla")
        >>> result.agreements, result.coded
        (1222, 570)
    """
    if not directory.is_dir():
        raise ResourceNotFoundError(f"{directory}: no such folder")
    items = tuple(provisions) if provisions is not None else read_provision_table()
    table = countries or read_country_table()
    agreements = read_agreements(directory, items)
    table.check(
        party
        for agreement in agreements
        for party in (
            (*agreement.country_a, agreement.year),
            (*agreement.country_b, agreement.year),
        )
    )
    builder = _Builder(table, items)
    for agreement in agreements:
        builder.add(agreement)
    builder.describe_dataset()
    return builder.result
